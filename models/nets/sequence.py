"""The one sequence model the zoo uses: embedding -> LSTM/GRU/RNN -> a linear head at every step.

Every task (many-to-one sentiment, many-to-many tagging, next-character language models) shares
this shape, so the probe, the app and the tests see one kind of model. The head runs on every
step, so a classifier also yields its verdict after every prefix.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Literal

import torch
from torch import nn

CellKind = Literal["lstm", "gru", "rnn"]
Task = Literal["classify", "tag", "lm"]


@dataclass
class ModelConfig:
    vocab_size: int  # number of token ids, <pad>=0 and <unk>=1 included
    num_labels: int  # classes (classify, tag) or vocabulary size (lm)
    task: Task = "classify"  # classify: label at the last step; tag: a label per step; lm: next token
    cell: CellKind = "lstm"  # which recurrent layer
    embedding_dim: int = 32  # size of the token embedding fed to the first layer
    hidden_size: int = 64  # units per layer and direction
    num_layers: int = 1  # stacked recurrent layers
    bidirectional: bool = False  # a second, right-to-left direction (taggers only)
    dropout: float = 0.0  # between stacked layers, training only
    label_names: list[str] = field(default_factory=list)  # display names of the labels

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> ModelConfig:
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        return cls(**known)


class SequenceModel(nn.Module):
    """Embedding, one recurrent module, and a per-step linear head.

    `model(ids)` with ids of shape (B, T) returns logits of shape (B, T, num_labels).
    """

    def __init__(self, config: ModelConfig) -> None:
        super().__init__()
        self.config = config
        self.embedding = nn.Embedding(config.vocab_size, config.embedding_dim, padding_idx=0)
        rnn_cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[config.cell]
        self.rnn = rnn_cls(
            config.embedding_dim,
            config.hidden_size,
            num_layers=config.num_layers,
            bidirectional=config.bidirectional,
            dropout=config.dropout if config.num_layers > 1 else 0.0,
            batch_first=True,
        )
        directions = 2 if config.bidirectional else 1
        self.head = nn.Linear(config.hidden_size * directions, config.num_labels)

    def forward(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """Logits (B, T, num_labels). `lengths` packs padded batches (training only)."""
        return self.head(self.features(ids, lengths))

    def features(self, ids: torch.Tensor, lengths: torch.Tensor | None = None) -> torch.Tensor:
        """The top layer's h at every step (B, T, D*H): what the head reads, and what a taught
        unit's auxiliary loss reads in training."""
        x = self.embedding(ids)  # (B, T, E)
        if lengths is None:
            out, _ = self.rnn(x)  # (B, T, D*H)
            return out
        packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
        out, _ = self.rnn(packed)
        out, _ = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])
        return out


def widen(model: SequenceModel, hidden_size: int, seed: int = 0) -> SequenceModel:
    """A copy of `model` with `hidden_size` units per layer and direction that computes the same
    logits: the old units keep their weights, the new ones read everything but nothing reads them
    yet (their outgoing weights are zero), so training goes on from the trained function with more
    room (Net2Net-style widening; the new units start like PyTorch's own initialisation).

    Why: a small machine trains a model in sittings; when a sitting shows the model is out of
    capacity, the trained weights are not thrown away.
    """
    old = model.config
    if hidden_size < old.hidden_size:
        raise ValueError(f"cannot widen {old.hidden_size} units to {hidden_size}")
    config = ModelConfig.from_dict({**old.to_dict(), "hidden_size": hidden_size})
    torch.manual_seed(seed)
    wide = SequenceModel(config)
    h, w = old.hidden_size, hidden_size
    dirs = 2 if old.bidirectional else 1
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[old.cell]
    rows = torch.cat([torch.arange(h) + k * w for k in range(gates)])  # old gate rows in the wide matrix
    units = torch.cat([torch.arange(h) + d * w for d in range(dirs)])  # old units in a layer's wide output
    old_state, state = model.state_dict(), wide.state_dict()
    with torch.no_grad():
        state["embedding.weight"].copy_(old_state["embedding.weight"])
        for name, value in old_state.items():
            if not name.startswith("rnn."):
                continue
            new = state[name]
            if name.startswith("rnn.bias"):
                new[rows] = value
            elif name.startswith("rnn.weight_hh"):
                new[rows] = 0.0  # old units read no new unit
                new[rows[:, None], torch.arange(h)] = value
            else:  # weight_ih: the first layer reads the embedding, the others the layer below
                first = re.fullmatch(r"rnn\.weight_ih_l0(_reverse)?", name) is not None
                cols = torch.arange(value.shape[1]) if first else units
                new[rows] = 0.0
                new[rows[:, None], cols] = value
        state["head.weight"].zero_()
        state["head.weight"][:, units] = old_state["head.weight"]
        state["head.bias"].copy_(old_state["head.bias"])
    wide.load_state_dict(state)
    wide.train(model.training)
    return wide
