"""Held-out metrics and their baselines, shared by the training run (which writes the card) and the
tests (which reproduce the card's numbers from the shipped sample)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import torch

from models.nets.sequence import SequenceModel

LM_WINDOW = 256  # characters per evaluation window of the language models


def pad_batch(sequences: Sequence[Sequence[int]]) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad with <pad>=0: ids (B, T) and lengths (B,)."""
    lengths = torch.tensor([len(s) for s in sequences], dtype=torch.long)
    ids = torch.zeros(len(sequences), int(lengths.max()), dtype=torch.long)
    for row, seq in enumerate(sequences):
        ids[row, : len(seq)] = torch.tensor(seq, dtype=torch.long)
    return ids, lengths


@torch.no_grad()
def _batched_logits(model: SequenceModel, sequences: Sequence[Sequence[int]], batch_size: int):
    """(indices, logits (B, T, C), lengths) for length-sorted, packed batches of `sequences`."""
    model.eval()
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        ids, lengths = pad_batch([sequences[i] for i in idx])
        yield idx, model(ids, lengths), lengths


def per_step_predictions(
    model: SequenceModel, sequences: Sequence[Sequence[int]], batch_size: int = 256
) -> list[np.ndarray]:
    """Predicted label at every step of every sequence (length-sorted batches, packed)."""
    out: list[np.ndarray] = [np.empty(0)] * len(sequences)
    for idx, logits, lengths in _batched_logits(model, sequences, batch_size):
        pred = logits.argmax(-1).numpy()  # (B, T)
        for row, i in enumerate(idx):
            out[i] = pred[row, : lengths[row]]
    return out


def final_probabilities(model: SequenceModel, sequences: Sequence[Sequence[int]], batch_size: int = 256) -> np.ndarray:
    """Class probabilities after the last token of every sequence, (N, C)."""
    out = np.zeros((len(sequences), model.config.num_labels), dtype=np.float32)
    for idx, logits, lengths in _batched_logits(model, sequences, batch_size):
        out[idx] = torch.softmax(logits[torch.arange(len(idx)), lengths - 1], dim=-1).numpy()
    return out


def classify_accuracy(model: SequenceModel, sequences: Sequence[Sequence[int]], labels: Sequence[int]) -> float:
    """Accuracy of the verdict after the last token (many-to-one)."""
    preds = per_step_predictions(model, sequences)
    return float(np.mean([p[-1] == y for p, y in zip(preds, labels, strict=True)]))


def entity_spans(tags: Sequence[int]) -> set[tuple[int, int, int]]:
    """Maximal runs of one non-zero tag: (start, end, tag)."""
    spans, start = set(), None
    for i, tag in enumerate([*tags, 0]):
        if start is not None and tag != tags[start]:
            spans.add((start, i, tags[start]))
            start = None
        if start is None and tag != 0 and i < len(tags):
            start = i
    return spans


def tag_metrics(
    model: SequenceModel, sequences: Sequence[Sequence[int]], tags: Sequence[Sequence[int]]
) -> dict[str, float]:
    """Token accuracy and entity-level F1 (exact span and type)."""
    preds = per_step_predictions(model, sequences)
    return tag_scores([list(p) for p in preds], tags)


def tag_scores(preds: Sequence[Sequence[int]], tags: Sequence[Sequence[int]]) -> dict[str, float]:
    correct = sum(int(a == b) for p, t in zip(preds, tags, strict=True) for a, b in zip(p, t, strict=True))
    total = sum(len(t) for t in tags)
    tp = fp = fn = 0
    for p, t in zip(preds, tags, strict=True):
        predicted, true = entity_spans(list(p)), entity_spans(list(t))
        tp += len(predicted & true)
        fp += len(predicted - true)
        fn += len(true - predicted)
    f1 = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    return {"token_accuracy": correct / total, "entity_f1": f1}


@torch.no_grad()
def lm_bits_per_char(model: SequenceModel, ids: Sequence[int], window: int = LM_WINDOW) -> float:
    """Cross-entropy of next-token prediction in bits, over non-overlapping windows from a zero state."""
    model.eval()
    data = torch.tensor(list(ids), dtype=torch.long)
    count = (len(data) - 1) // window
    if count == 0:
        raise ValueError(f"need more than {window} tokens to evaluate a language model")
    x = data[: count * window].view(count, window)
    y = data[1 : count * window + 1].view(count, window)
    logits = model(x)
    nll = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), y.reshape(-1))
    return float(nll) / math.log(2)


def majority_accuracy(train_labels: Sequence[int], test_labels: Sequence[int]) -> float:
    majority = Counter(train_labels).most_common(1)[0][0]
    return float(np.mean([y == majority for y in test_labels]))


def unigram_bits_per_char(train_ids: Sequence[int], test_ids: Sequence[int], vocab_size: int) -> float:
    """Entropy of the test text under add-one smoothed training character frequencies."""
    counts = np.bincount(np.asarray(train_ids), minlength=vocab_size).astype(np.float64) + 1.0
    logp = np.log2(counts / counts.sum())
    return float(-logp[np.asarray(test_ids)].mean())
