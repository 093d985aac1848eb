"""Views across a whole upload: where each unit fires (RNNVis) and LSTMVis-style pattern search.

The hidden states of one layer and direction are collected for every token of every sentence
with packed, length-sorted batches through the model's own recurrent weights, one layer at a
time. They are kept as float16 (T_total, units) with per-sentence offsets.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn

from models.nets.tokenize import UNK_ID
from models.probe import layers_of
from models.train.evaluate import pad_batch
from models.zoo import LoadedModel

MAX_SENTENCES = 5_000  # sentences whose states are kept for the corpus views
CONTEXT = 5  # tokens shown on each side of a match


@dataclass
class States:
    values: np.ndarray  # (total tokens, units) float16: h of the chosen layer and direction
    offsets: np.ndarray  # (sentences + 1,) int64: sentence s is values[offsets[s]:offsets[s+1]]
    tokens: list[list[str]]  # surface tokens per sentence
    layer: int
    direction: int

    def sentence_of(self, position: int) -> int:
        return int(np.searchsorted(self.offsets, position, side="right") - 1)

    def to_npz(self) -> bytes:
        buffer = io.BytesIO()
        np.savez_compressed(
            buffer,
            h=self.values.astype(np.float32),
            offsets=self.offsets,
            tokens=np.asarray([tok for sent in self.tokens for tok in sent], dtype=str),
        )
        return buffer.getvalue()


def collect(loaded: LoadedModel, texts: list[str], layer: int, direction: int, batch_size: int = 256) -> States:
    """h of `layer` / `direction` at every token of the first MAX_SENTENCES texts."""
    texts = texts[:MAX_SENTENCES]
    rnn = loaded.model.rnn
    stack = [layers_of(rnn, k, k + 1) for k in range(layer + 1)]
    out_size = getattr(rnn, "proj_size", 0) or rnn.hidden_size
    tokens = [loaded.tokenizer.tokenize(t) or ["<unk>"] for t in texts]
    encoded = [loaded.tokenizer.encode_tokens(tok) if tok != ["<unk>"] else [UNK_ID] for tok in tokens]
    order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
    per_sentence: list[np.ndarray] = [np.empty(0)] * len(texts)
    with torch.no_grad():
        for start in range(0, len(order), batch_size):
            idx = order[start : start + batch_size]
            ids, lengths = pad_batch([encoded[i] for i in idx])
            x = nn.utils.rnn.pack_padded_sequence(
                loaded.model.embedding(ids), lengths, batch_first=True, enforce_sorted=False
            )
            for module in stack:
                x, _ = module(x)
            out, _ = nn.utils.rnn.pad_packed_sequence(x, batch_first=True)  # (B, T, D*out)
            out = out[:, :, direction * out_size : (direction + 1) * out_size].numpy()
            for row, i in enumerate(idx):
                per_sentence[i] = out[row, : lengths[row]].astype(np.float16)
    lengths_all = np.array([len(v) for v in per_sentence], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths_all)])
    return States(np.concatenate(per_sentence), offsets, tokens, layer, direction)


def _context(states: States, sentence: int, start: int, stop: int) -> str:
    """'… left [span] right …' with the span bracketed, tokens joined as the model reads them."""
    tokens = states.tokens[sentence]
    joiner = "" if all(len(t) == 1 for t in tokens) else " "
    left = tokens[max(0, start - CONTEXT) : start]
    right = tokens[stop : stop + CONTEXT]
    text = joiner.join(left) + joiner + "[" + joiner.join(tokens[start:stop]) + "]" + joiner + joiner.join(right)
    return ("… " if start > CONTEXT else "") + text.strip() + (" …" if stop + CONTEXT < len(tokens) else "")


def top_contexts(states: States, unit: int, k: int = 10) -> list[dict]:
    """The k tokens where `unit` is most active across the corpus, each in its context."""
    column = states.values[:, unit].astype(np.float32)
    best = np.argsort(-column, kind="stable")[:k]
    rows = []
    for position in best:
        s = states.sentence_of(int(position))
        t = int(position - states.offsets[s])
        rows.append({"value": round(float(column[position]), 4), "token": states.tokens[s][t], "sentence": s + 1,
                     "context": _context(states, s, t, t + 1)})  # fmt: skip
    return rows


def units_on(states: States, sentence: int, start: int, stop: int, threshold: float) -> list[int]:
    """Units whose h exceeds `threshold` at every step of tokens [start, stop) of a sentence."""
    span = states.values[states.offsets[sentence] + start : states.offsets[sentence] + stop].astype(np.float32)
    if len(span) == 0:
        return []
    return [int(u) for u in np.nonzero((span > threshold).all(axis=0))[0]]


def pattern_search(states: States, units: list[int], length: int, threshold: float, limit: int = 50) -> list[dict]:
    """Spans of `length` tokens, inside one sentence, where every unit in `units` is on throughout."""
    if not units or length < 1:
        return []
    on = (states.values[:, units].astype(np.float32) > threshold).all(axis=1)  # (total,)
    counts = np.concatenate([[0], np.cumsum(on)])
    starts = np.arange(len(on) - length + 1)
    full = counts[starts + length] - counts[starts] == length
    sentence_of = np.searchsorted(states.offsets, np.arange(len(on)), side="right") - 1
    inside = sentence_of[starts] == sentence_of[starts + length - 1]
    matches = starts[full & inside][:limit]
    rows = []
    for position in matches:
        s = int(sentence_of[position])
        t = int(position - states.offsets[s])
        rows.append({"sentence": s + 1, "start": t + 1, "context": _context(states, s, t, t + length)})
    return rows
