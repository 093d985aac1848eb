"""Analyse many sentences at once: batched by length, with progress and cancellation.

One packed forward pass per batch of similar lengths gives each sentence's verdict; the probe
is not needed here (the explorer traces one sentence when a row is opened).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import torch

from models.nets.tokenize import UNK_ID
from models.probe.analysis import word_tags
from models.train.evaluate import pad_batch
from models.zoo import LoadedModel

BATCH_SIZE = 256


@dataclass
class Result:
    sentence: str
    prediction: str  # label name (classify), tags (tag), or the most likely next token (lm)
    confidence: float  # probability of the prediction (tag: mean over tokens; lm: mean prob. of the actual next token)
    label: str | None  # as given in the file
    correct: bool | None  # prediction == label, when a label was given
    length: int  # tokens
    unknown_share: float  # share of tokens read as <unk>


def analyse(
    loaded: LoadedModel,
    texts: Sequence[str],
    labels: Sequence[str] | None = None,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] | None = None,
    batch_size: int = BATCH_SIZE,
) -> list[Result]:
    """Results in input order; stops early (returning what is done) when `should_stop()` is true."""
    encoded = [ids or [UNK_ID] for ids in loaded.tokenizer.encode_many(list(texts))]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    results: dict[int, Result] = {}
    names = loaded.label_names
    model = loaded.model
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            if should_stop is not None and should_stop():
                break
            idx = order[start : start + batch_size]
            ids, lengths = pad_batch([encoded[i] for i in idx])
            probs = torch.softmax(model(ids, lengths), dim=-1).numpy()  # (B, T, C)
            for row, i in enumerate(idx):
                n = int(lengths[row])
                results[i] = _result(loaded, texts[i], encoded[i], probs[row, :n], names, labels[i] if labels else None)
            if progress is not None:
                progress(min(start + batch_size, len(order)), len(order))
    return [results[i] for i in sorted(results)]


def _result(
    loaded: LoadedModel, text: str, ids: list[int], probs: np.ndarray, names: list[str], label: str | None
) -> Result:
    task = loaded.config.task
    if task == "classify":
        best = int(probs[-1].argmax())
        prediction, confidence = (names[best] if names else str(best)), float(probs[-1, best])
    elif task == "tag":  # one tag per word, read at its first piece, as the lecture counts
        best = word_tags(loaded, text, probs.argmax(axis=1))
        prediction = " ".join(names[b] if names else str(b) for b in best)
        confidence = float(probs.max(axis=1).mean())
    else:
        prediction = loaded.tokenizer.vocab[int(probs[-1].argmax())]
        actual = probs[np.arange(len(ids) - 1), ids[1:]] if len(ids) > 1 else np.array([np.nan])
        confidence = float(np.mean(actual))
    correct = None
    if label and task == "tag":  # tags may be written as indices, as in the lecture: [0, 1, 0, 0, 0, 0]
        digits = re.findall(r"\d+", label)
        if digits and all(int(d) < len(names) for d in digits):
            label = " ".join(names[int(d)] for d in digits)
        correct = prediction.split() == label.split()
    elif label:
        correct = _same_label(prediction, label, names)
    return Result(
        sentence=text,
        prediction=prediction,
        confidence=round(confidence, 6),
        label=label or None,
        correct=correct,
        length=len(ids),
        unknown_share=round(sum(i == UNK_ID for i in ids) / len(ids), 4),
    )


def _same_label(prediction: str, label: str, names: list[str]) -> bool:
    """A label may be written as the class name (any case) or as its index."""
    label = label.strip()
    if label.isdigit() and names and int(label) < len(names):
        label = names[int(label)]
    return prediction.casefold() == label.casefold()


def label_index(label: str, names: Sequence[str]) -> int | None:
    """A label written as a class name (any case) or as its index, as the class index; None if neither."""
    label = label.strip()
    if label.isdigit() and int(label) < len(names):
        return int(label)
    folded = [n.casefold() for n in names]
    return folded.index(label.casefold()) if label.casefold() in folded else None


def accuracy(results: Sequence[Result]) -> float | None:
    judged = [r.correct for r in results if r.correct is not None]
    return float(np.mean(judged)) if judged else None
