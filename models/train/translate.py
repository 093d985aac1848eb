"""Train and evaluate the two translation models of the zoo, alike, and write their cards.

    python -m models.train.translate translate_de_hu            # no attention: h, C are the bottleneck
    python -m models.train.translate translate_de_hu_attention  # Luong attention
    python -m models.train.translate --cards                    # re-evaluate both, compare, write the cards

Same data, seed, sizes, steps and optimiser for both; only `attention` differs.
"""

from __future__ import annotations

import argparse
import json
import random
import time

import numpy as np
import torch
from torch import nn

from models.nets.seq2seq import (
    BOS_ID,
    EOS_ID,
    PAD_ID,
    Seq2Seq,
    Seq2SeqConfig,
    WordVocab,
    detokenize,
    load,
    save,
)
from models.train.data import translate_de_hu as grammar
from models.train.data.translate_natural import pairs as natural_pairs
from models.train.data.translate_natural import tokens as natural_tokens
from models.zoo.catalog import ZOO_DIR

NAMES = {"translate_de_hu": False, "translate_de_hu_attention": True}
TITLES = {
    "translate_de_hu": "Fordítás német → magyar, figyelem nélkül / German → Hungarian, no attention",
    "translate_de_hu_attention": "Fordítás német → magyar, figyelemmel / German → Hungarian, with attention",
}
TRAIN = {"pairs": 60_000, "steps": 5000, "batch_size": 64, "learning_rate": 0.002, "seed": 0}
LENGTH_BUCKETS = [(3, 5), (6, 8), (9, 11), (12, 15), (16, 20), (21, 25), (26, 40)]  # German tokens
LONG_TEST = 600  # extra generated pairs of LONG_FROM+ source tokens, for the bottleneck comparison
LONG_FROM = 21


def batches(pairs, source: WordVocab, target: WordVocab, size: int, rng: random.Random):
    """Endless random batches: src (B, S), lengths (B,), tgt_in (B, T) from <s>, tgt_out (B, T) to </s>."""
    encoded = [(source.ids(p.de), target.ids(p.hu)) for p in pairs]
    while True:
        chunk = rng.sample(encoded, size)
        s_len = torch.tensor([len(s) for s, _ in chunk])
        src = torch.full((size, int(s_len.max())), PAD_ID)
        t_max = max(len(t) for _, t in chunk) + 1
        tgt_in = torch.full((size, t_max), PAD_ID)
        tgt_out = torch.full((size, t_max), PAD_ID)
        for row, (s, t) in enumerate(chunk):
            src[row, : len(s)] = torch.tensor(s)
            tgt_in[row, : len(t) + 1] = torch.tensor([BOS_ID, *t])
            tgt_out[row, : len(t) + 1] = torch.tensor([*t, EOS_ID])
        yield src, s_len, tgt_in, tgt_out


@torch.no_grad()
def translate_batch(model: Seq2Seq, sources: list[list[int]], max_len: int = 60, batch_size: int = 256) -> list[list[int]]:
    """Greedy outputs (token ids without </s>) for many sources, in padded batches."""
    model.eval()
    results: list[list[int]] = [[] for _ in sources]
    order = sorted(range(len(sources)), key=lambda i: len(sources[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        lengths = torch.tensor([max(1, len(sources[i])) for i in idx])
        src = torch.full((len(idx), int(lengths.max())), PAD_ID)
        for row, i in enumerate(idx):
            src[row, : len(sources[i])] = torch.tensor(sources[i], dtype=torch.long)
        enc, state = model.encode(src, lengths)
        mask = torch.arange(src.shape[1])[None, :] < lengths[:, None]
        prev = torch.full((len(idx),), BOS_ID)
        out = torch.zeros(len(idx), max_len, dtype=torch.long)
        for t in range(max_len):
            logp, state, _ = model.step(prev, state, enc, mask)
            prev = logp.argmax(-1)
            out[:, t] = prev
        for row, i in enumerate(idx):
            seq = out[row].tolist()
            results[i] = seq[: seq.index(EOS_ID)] if EOS_ID in seq else seq
    return results


def scores(hypotheses: list[str], references: list[str]) -> dict:
    """chrF (sacrebleu, corpus level) and exact match of display texts."""
    import sacrebleu

    chrf = sacrebleu.corpus_chrf(hypotheses, [references]).score
    exact = float(np.mean([h == r for h, r in zip(hypotheses, references, strict=True)]))
    return {"chrf": round(chrf, 2), "exact_match": round(exact, 4), "sentences": len(references)}


def evaluate(translator, pairs_de: list[str], refs: list[str]) -> tuple[dict, list[str]]:
    sources = [translator.source.encode(de)[0] for de in pairs_de]
    outs = translate_batch(translator.model, sources)
    hyps = [detokenize(translator.target.words(o)) for o in outs]
    result = scores(hyps, refs)
    known = [w for de in pairs_de for w in translator.source.encode(de)[2]]
    result["unknown_word_share"] = round(float(np.mean(known)), 4)
    return result, hyps


def baseline(pairs_de: list[str], refs: list[str]) -> dict:
    hyps = [detokenize(grammar.word_by_word(natural_tokens(de))) for de in pairs_de]
    return scores(hyps, refs)


def test_sets() -> dict[str, tuple[list[str], list[str], list[int]]]:
    """German texts, Hungarian references and source lengths: the generated test split, long
    generated sentences, and the hand-written natural set."""
    data = grammar.splits(train=TRAIN["pairs"], seed=TRAIN["seed"])
    test = data["test"]
    rng = random.Random(12345)
    seen = {" ".join(p.de) for split in data.values() for p in split}
    long: list[grammar.Pair] = []
    while len(long) < LONG_TEST:
        p = grammar.generate(rng)
        if len(p.de) >= LONG_FROM and " ".join(p.de) not in seen:
            seen.add(" ".join(p.de))
            long.append(p)
    natural = natural_pairs()
    return {
        "test": ([p.de_text for p in test], [p.hu_text for p in test], [len(p.de) for p in test]),
        "long": ([p.de_text for p in long], [p.hu_text for p in long], [len(p.de) for p in long]),
        "natural": ([d for d, _ in natural], [h for _, h in natural], [len(natural_tokens(d)) for d, _ in natural]),
    }


def train(name: str) -> None:
    torch.manual_seed(TRAIN["seed"])
    rng = random.Random(TRAIN["seed"])
    data = grammar.splits(train=TRAIN["pairs"], seed=TRAIN["seed"])
    source = WordVocab.build([p.de for p in data["train"]])
    target = WordVocab.build([p.hu for p in data["train"]])
    config = Seq2SeqConfig(len(source), len(target), attention=NAMES[name])
    model = Seq2Seq(config)
    optimiser = torch.optim.Adam(model.parameters(), lr=TRAIN["learning_rate"])
    schedule = torch.optim.lr_scheduler.OneCycleLR(optimiser, TRAIN["learning_rate"], total_steps=TRAIN["steps"])
    loss_fn = nn.CrossEntropyLoss(ignore_index=PAD_ID)
    stream = batches(data["train"], source, target, TRAIN["batch_size"], rng)
    start = time.time()
    model.train()
    for step in range(1, TRAIN["steps"] + 1):
        src, lengths, tgt_in, tgt_out = next(stream)
        logits = model(src, tgt_in, lengths)
        loss = loss_fn(logits.reshape(-1, logits.shape[-1]), tgt_out.reshape(-1))
        optimiser.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimiser.step()
        schedule.step()
        if step % 250 == 0:
            print(f"{name} step {step} loss {loss.item():.4f} {time.time() - start:.0f}s", flush=True)
    seconds = time.time() - start
    model.eval()
    meta = {
        "title": TITLES[name],
        "task": "translate",
        "source_language": "de",
        "target_language": "hu",
        "examples": [grammar.lecture_pair().de_text, "Ich lese heute ein Buch im Park.",
                     "Warum tanzt du nicht mit mir?"],  # fmt: skip
        "references": {grammar.lecture_pair().de_text: grammar.lecture_pair().hu_text},
    }
    training = {**TRAIN, "seconds": round(seconds, 1), "torch": torch.__version__, "threads": torch.get_num_threads(),
                "command": f"python -m models.train.translate {name}",
                "splits": {k: len(v) for k, v in data.items()}}  # fmt: skip
    save(ZOO_DIR / name, model, source, target, meta, {"training": training})
    print(f"{name}: trained in {seconds:.0f}s")


def write_cards() -> None:
    """Evaluate both models on every set, find the length where the one without attention falls
    behind, and write card.json and card.md for both."""
    sets = test_sets()
    results = {}
    for name in NAMES:
        translator = load(name)
        lecture = translator.translate(grammar.lecture_pair().de_text)
        per_set, per_length = {}, {}
        for set_name, (de, hu, lengths) in sets.items():
            per_set[set_name], hyps = evaluate(translator, de, hu)
            if set_name != "natural":
                for lo, hi in LENGTH_BUCKETS:
                    rows = [i for i, n in enumerate(lengths) if lo <= n <= hi]
                    if rows:
                        key = f"{lo}-{hi}"
                        bucket = per_length.setdefault(key, {"hyp": [], "ref": []})
                        bucket["hyp"] += [hyps[i] for i in rows]
                        bucket["ref"] += [hu[i] for i in rows]
        by_length = {k: scores(v["hyp"], v["ref"]) for k, v in per_length.items()}
        results[name] = {"sets": per_set, "by_length": by_length, "lecture": lecture, "translator": translator}
    base = {k: baseline(de, hu) for k, (de, hu, _) in sets.items()}
    behind = None
    plain, attention = results["translate_de_hu"]["by_length"], results["translate_de_hu_attention"]["by_length"]
    for lo, hi in LENGTH_BUCKETS:
        key = f"{lo}-{hi}"
        if key in plain and attention[key]["exact_match"] - plain[key]["exact_match"] >= 0.05:
            behind = {"source_words": lo, "bucket": key, "exact_match_no_attention": plain[key]["exact_match"],
                      "exact_match_attention": attention[key]["exact_match"]}  # fmt: skip
            break
    for name, r in results.items():
        translator = r["translator"]
        card_path = ZOO_DIR / name / "card.json"
        old = json.loads(card_path.read_text(encoding="utf-8"))
        params = sum(p.numel() for p in translator.model.parameters())
        cfg = translator.model.config
        card = {
            "name": name,
            "title": translator.meta["title"],
            "task": "translate",
            "data": {
                "source": "generated by models/train/data/translate_de_hu.py (a German–Hungarian phrase grammar written "
                "for this project: pronouns, modal and full verbs, objects, places, times, questions, negation; "
                "Hungarian conjugation with definite / indefinite agreement and cases)",
                "natural": "models/train/data/natural/validation/translate_de_hu.tsv (hand-written pairs, never trained on)",
            },
            "splits": {**old["training"]["splits"], "long": LONG_TEST, "natural": len(sets["natural"][0]),
                       "unit": "sentence pairs"},  # fmt: skip
            "architecture": {
                "cell": "lstm", "num_layers": 1, "bidirectional": False, "hidden_size": cfg.hidden_size,
                "embedding_dim": cfg.embedding_dim, "attention": "luong-general" if cfg.attention else None,
                "source_vocab": cfg.src_vocab, "target_vocab": cfg.tgt_vocab, "parameters": params,
            },  # fmt: skip
            "metrics": {
                "test": {"chrf": r["sets"]["test"]["chrf"], "exact_match": r["sets"]["test"]["exact_match"]},
                "long": r["sets"]["long"],
                "by_source_length": r["by_length"],
                "baselines": {"word_by_word": {"chrf": base["test"]["chrf"], "exact_match": base["test"]["exact_match"]}},
                "baselines_natural": {"word_by_word": base["natural"]},
            },
            "natural": {**r["sets"]["natural"], "sentences": len(sets["natural"][0])},
            "lecture": {"source": grammar.lecture_pair().de_text, "output": r["lecture"],
                        "reference": grammar.lecture_pair().hu_text},  # fmt: skip
            "bottleneck": behind,
            "training": old["training"],
        }
        card_path.write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        (ZOO_DIR / name / "card.md").write_text(card_markdown(card), encoding="utf-8")
        print(json.dumps({k: card[k] for k in ("metrics", "natural", "lecture", "bottleneck")}, ensure_ascii=False))


def card_markdown(card: dict) -> str:
    m, n, a, t = card["metrics"], card["natural"], card["architecture"], card["training"]
    bn, bnn = m["baselines"]["word_by_word"], m["baselines_natural"]["word_by_word"]
    lines = [
        f"# {card['title']}",
        "",
        "- **Task:** translate German → Hungarian (encoder–decoder; the decoder starts from the encoder's final h and C"
        + (", with Luong attention over the encoder states)" if a["attention"] else ", nothing else)"),
        f"- **Data:** {card['data']['source']}",
        f"- **Splits (sentence pairs):** train {card['splits']['train']:,}, validation {card['splits']['val']:,}, "
        f"test {card['splits']['test']:,}, long ({LONG_FROM}+ German tokens) {card['splits']['long']:,}, "
        f"hand-written {card['splits']['natural']:,}",
        f"- **Architecture:** LSTM encoder and decoder, 1 layer, hidden {a['hidden_size']}, embedding "
        f"{a['embedding_dim']}, vocabularies {a['source_vocab']} (German) / {a['target_vocab']} (Hungarian), "
        f"{a['parameters']:,} parameters",
        f"- **The lecture's sentence:** {card['lecture']['source']} → **{card['lecture']['output']}** "
        f"(reference: {card['lecture']['reference']})",
        "",
        "## Held-out metrics (greedy decoding)",
        "",
        "| set | model chrF | model exact match | word-by-word chrF | word-by-word exact |",
        "|---|---|---|---|---|",
        f"| generated test split | **{m['test']['chrf']:.1f}** | **{m['test']['exact_match']:.3f}** | "
        f"{bn['chrf']:.1f} | {bn['exact_match']:.3f} |",
        f"| hand-written pairs, never trained on ({n['sentences']}) | **{n['chrf']:.1f}** | **{n['exact_match']:.3f}** | "
        f"{bnn['chrf']:.1f} | {bnn['exact_match']:.3f} |",
        "",
        f"Unknown German words in the hand-written set: {n['unknown_word_share']:.1%}.",
        "",
        "## By source length (generated test split and the long set)",
        "",
        "| German tokens (words and marks) | chrF | exact match | sentences |",
        "|---|---|---|---|",
        *[f"| {k} | {v['chrf']:.1f} | {v['exact_match']:.3f} | {v['sentences']} |" for k, v in m["by_source_length"].items()],
        "",
    ]
    bottleneck = card["bottleneck"]
    if bottleneck:
        lines.append(
            f"The model without attention falls behind from {bottleneck['source_words']} German tokens on "
            f"(bucket {bottleneck['bucket']}: exact match {bottleneck['exact_match_no_attention']:.3f} without "
            f"attention, {bottleneck['exact_match_attention']:.3f} with), 5 points or more."
        )
    else:
        lines.append("The two models stay within 5 points of exact match at every source length measured.")
    lines += [
        "",
        "## Training",
        "",
        f"`{t['command']}`: {t['steps']} steps, batch {t['batch_size']}, Adam (one-cycle) lr {t['learning_rate']}, "
        f"seed {t['seed']}, {t['seconds']:.0f} s on {t['threads']} CPU thread(s), torch {t['torch']}. "
        "Cards: `python -m models.train.translate --cards`.",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("name", nargs="?", choices=sorted(NAMES))
    parser.add_argument("--cards", action="store_true", help="evaluate both models and write their cards")
    parser.add_argument("--steps", type=int, default=None, help="override the step count (quick checks)")
    args = parser.parse_args()
    if args.steps:
        TRAIN["steps"] = args.steps
    if args.name:
        train(args.name)
    if args.cards:
        write_cards()


if __name__ == "__main__":
    main()
