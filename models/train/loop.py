"""The training loop: language-model pretraining on running text, then the task, one-cycle LR,
the best weights kept by the validation split; writes the model folder and its card."""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

import numpy as np
import torch
from torch import nn
from tqdm import tqdm

from models import zoo
from models.nets.sequence import ModelConfig, SequenceModel, widen
from models.nets.tokenize import Tokenizer
from models.train import evaluate
from models.train.cards import heldout_sample, write_card
from models.train.data import Example, Splits
from models.train.recipes import RECIPES, Recipe, TaughtUnit
from models.zoo.catalog import ZOO_DIR

SELECTIONS = 15  # times during fine-tuning the validation split is read to keep the best weights


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
    widened_from = model.config.hidden_size if model.config.hidden_size < config.hidden_size else None
    if widened_from:  # the recipe grew since the saved sitting: go on from its function with more units
        model = widen(model, config.hidden_size, seed)
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
        loss = _loss(model, task, next(batches), recipe.taught)
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
    sample = heldout_sample(splits, task, tokenizer)
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
        + (f" --steps {steps}" if steps is not None else "")
        + (f" --minutes {minutes:g}" if minutes is not None else ""),
    }
    if recipe.model["task"] == "lm":
        training["window"] = recipe.seq_len
    if recipe.taught:
        training["taught_unit"] = taught_unit(recipe, config)
    if widened_from:
        training["widened_from"] = {"hidden_size": widened_from, "how": "Net2WiderNet: each new unit a copy of an old one, readers split between the copies"}
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


def taught_unit(recipe: Recipe, config: ModelConfig) -> dict:
    """The card's record of a unit taught by an auxiliary loss (named as `latent_units` names units)."""
    taught = recipe.taught
    return {
        "latent": taught.latent,
        "state": "h",
        "layer": config.num_layers - 1,
        "direction": 0,
        "unit": taught.unit,
        "loss_weight": taught.weight,
    }


def _make_batches(recipe: Recipe, splits: Splits, tokenizer: Tokenizer, rng: np.random.Generator):
    task = recipe.model["task"]
    if task == "lm":
        data = np.asarray(tokenizer.encode(splits.train[0]), dtype=np.int64)
        taught = np.asarray(recipe.taught.labels(), dtype=np.float32) if recipe.taught else None
        if taught is not None and len(taught) != len(data):
            raise ValueError(f"{len(taught)} labels for the taught unit, {len(data)} tokens of training text")

        last = len(data) - recipe.seq_len - 1
        newline = tokenizer.encode("\n")
        lines = np.flatnonzero(data[:last] == newline[0]) + 1 if recipe.line_starts and len(newline) == 1 else []
        from_lines = int(round(recipe.batch_size * recipe.line_starts)) if len(lines) else 0

        def windows():
            while True:
                starts = rng.integers(0, last, size=recipe.batch_size)
                if from_lines:  # some windows begin at a line start (the character after a newline)
                    starts[:from_lines] = rng.choice(lines, size=from_lines)
                chunk = torch.from_numpy(np.stack([data[s : s + recipe.seq_len + 1] for s in starts]))
                if taught is None:
                    yield chunk
                else:  # the latent of each input character, read after the unit has seen it
                    yield chunk, torch.from_numpy(np.stack([taught[s : s + recipe.seq_len] for s in starts]))

        return windows()
    encoded = [tokenizer.encode(e.text) for e in splits.train]
    labels = [e.label for e in splits.train]
    return _batches_supervised(rng, encoded, labels, recipe.batch_size, recipe.unk_dropout)


def _loss(model: SequenceModel, task: str, batch, taught: TaughtUnit | None = None) -> torch.Tensor:
    if task == "lm":
        chunk, latent = batch if taught else (batch, None)
        features = model.features(chunk[:, :-1])  # (B, T, H)
        logits = model.head(features)  # (B, T, V)
        loss = nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), chunk[:, 1:].reshape(-1))
        if taught:  # h lies in (-1, 1): x5 lets the unit say "yes" with 99% confidence at h near 1
            loss = loss + taught.weight * nn.functional.binary_cross_entropy_with_logits(
                5.0 * features[:, :, taught.unit], latent
            )
        return loss
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


