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


def widen(model: SequenceModel, hidden_size: int, seed: int = 0, noise: float = 0.03) -> SequenceModel:
    """A copy of `model` with `hidden_size` units per layer and direction that computes (nearly) the
    same logits: each new unit is a copy of a randomly chosen old one, and whatever reads a unit that
    now has n copies reads each with 1/n of the old weight (Net2WiderNet, Chen et al. 2016). `noise`
    (relative to each row's spread) on the copies' incoming weights lets them grow apart; 0 keeps
    the logits exactly.

    Why copies, not fresh units read by nothing: in a trained model fresh units add noise, and the
    optimiser silenced them (i and o biases driven negative, mean |h| 0.0006 after 2,300 steps of
    bible_chars) instead of using the room.
    """
    old = model.config
    if hidden_size < old.hidden_size:
        raise ValueError(f"cannot widen {old.hidden_size} units to {hidden_size}")
    config = ModelConfig.from_dict({**old.to_dict(), "hidden_size": hidden_size})
    generator = torch.Generator().manual_seed(seed)
    wide = SequenceModel(config)
    h, w = old.hidden_size, hidden_size
    source = torch.cat([torch.arange(h), torch.randint(0, h, (w - h,), generator=generator)])  # old unit of each unit
    share = 1.0 / torch.bincount(source, minlength=h).float()[source]  # what a reader keeps of each copy
    dirs = 2 if old.bidirectional else 1
    gates = {"lstm": 4, "gru": 3, "rnn": 1}[old.cell]
    rows = torch.cat([source + k * h for k in range(gates)])  # the old row of every wide gate row
    units = torch.cat([source + d * h for d in range(dirs)])  # the old unit of every wide layer output
    unit_share = share.repeat(dirs)
    copies = torch.cat([torch.arange(h, w) + k * w for k in range(gates)])  # the new units' gate rows
    state = {"embedding.weight": model.embedding.weight.detach().clone()}
    with torch.no_grad():
        for name, value in model.state_dict().items():
            if name.startswith("rnn.bias"):
                state[name] = value[rows].clone()
            elif name.startswith("rnn.weight_hh"):
                state[name] = value[rows][:, source] * share
            elif name.startswith("rnn.weight_ih"):  # the first layer reads the embedding, the others the layer below
                first = re.fullmatch(r"rnn\.weight_ih_l0(_reverse)?", name) is not None
                state[name] = value[rows].clone() if first else value[rows][:, units] * unit_share
            if name.startswith("rnn.weight") and noise > 0 and w > h:
                spread = state[name][copies].std(dim=1, keepdim=True)
                state[name][copies] += noise * spread * torch.randn(state[name][copies].shape, generator=generator)
        state["head.weight"] = model.head.weight.detach()[:, units] * unit_share
        state["head.bias"] = model.head.bias.detach().clone()
    wide.load_state_dict(state)
    wide.train(model.training)
    return wide
