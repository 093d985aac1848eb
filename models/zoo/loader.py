"""The zoo on disk: one folder per model, holding everything needed to rebuild it.

    models/zoo/NAME/
        config.json          model config, tokenizer spec, lecture example, data description
        vocab.json           token list, index = id
        tokenizer.json       subword models: the trained byte-pair encoding (Hugging Face tokenizers)
        weights.safetensors  the state dict (safetensors: loading it cannot execute code)
        card.json, card.md   written by the training run: data, splits, metrics vs baseline
        heldout.json         a fixed held-out sample that reproduces the card's sample metric

Nothing about a model lives only in code: `load(name)` rebuilds it from these files alone.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from models.nets.sequence import ModelConfig, SequenceModel
from models.nets.tokenize import SUBWORD_FILE, Tokenizer, subword_json
from models.zoo.catalog import ZOO_DIR


class ModelFileError(ValueError):
    """A model folder or upload that cannot be used, with a message fit for the user."""


@dataclass
class LoadedModel:
    name: str
    model: SequenceModel  # in eval mode; shared between sessions, never mutate
    tokenizer: Tokenizer
    config: ModelConfig
    meta: dict = field(default_factory=dict)  # title, description, example, language, latent names
    card: dict = field(default_factory=dict)
    path: Path | None = None

    @property
    def label_names(self) -> list[str]:
        return self.config.label_names

    def heldout(self) -> dict:
        """The fixed held-out sample stored beside the model (empty if none shipped)."""
        if self.path is None or not (self.path / "heldout.json").exists():
            return {}
        return json.loads((self.path / "heldout.json").read_text(encoding="utf-8"))


def save(
    folder: Path,
    model: SequenceModel,
    tokenizer: Tokenizer,
    meta: dict,
    card: dict | None = None,
    heldout: dict | None = None,
) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    config = {"model": model.config.to_dict(), "tokenizer": tokenizer.to_dict(), "meta": meta}
    _write_json(folder / "config.json", config)
    _write_json(folder / "vocab.json", tokenizer.vocab)
    if tokenizer.subword is not None:
        (folder / SUBWORD_FILE).write_text(tokenizer.subword, encoding="utf-8")
    state = {k: v.detach().contiguous() for k, v in model.state_dict().items()}
    save_file(state, str(folder / "weights.safetensors"))
    if card is not None:
        _write_json(folder / "card.json", card)
    if heldout is not None:
        _write_json(folder / "heldout.json", heldout, indent=None)


def _write_json(path: Path, data: object, indent: int | None = 1) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=indent) + "\n", encoding="utf-8")


def load(name_or_path: str | Path) -> LoadedModel:
    """Rebuild a zoo model (by name) or a model folder (by path), validating the weights."""
    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = ZOO_DIR / str(name_or_path)
    if not (folder / "config.json").exists():
        raise ModelFileError(f"No model found at '{name_or_path}' (config.json is missing).")
    try:
        config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
        vocab = json.loads((folder / "vocab.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as err:
        raise ModelFileError(f"The model's config or vocabulary is not valid JSON: {err}") from err
    model_config = ModelConfig.from_dict(config["model"])
    try:
        tokenizer = Tokenizer.from_dict(config["tokenizer"], vocab, subword_json(config["tokenizer"], folder))
    except Exception as err:  # tokenizers raises its own exception type; none of them runs code
        raise ModelFileError(f"The model's tokenizer cannot be read: {err}") from err
    if len(vocab) != model_config.vocab_size:
        raise ModelFileError(
            f"vocab.json has {len(vocab)} tokens but the config says vocab_size={model_config.vocab_size}."
        )
    model = SequenceModel(model_config)
    try:
        state = load_file(str(folder / "weights.safetensors"))
    except Exception as err:  # safetensors raises its own error types; none of them runs code
        raise ModelFileError(f"weights.safetensors is not a readable safetensors file: {err}") from err
    load_state_checked(model, state)
    model.eval()
    card = {}
    if (folder / "card.json").exists():
        card = json.loads((folder / "card.json").read_text(encoding="utf-8"))
    return LoadedModel(
        name=folder.name,
        model=model,
        tokenizer=tokenizer,
        config=model_config,
        meta=config.get("meta", {}),
        card=card,
        path=folder,
    )


def check_shapes(found: dict[str, tuple[int, ...]], expected: dict[str, tuple[int, ...]]) -> None:
    """Every expected tensor present with its shape, and nothing else; the message names the culprit.

    Shapes, not tensors: an upload's file header is checked with this before its tensors are read.
    """
    missing = sorted(set(expected) - set(found))
    unexpected = sorted(set(found) - set(expected))
    if missing:
        raise ModelFileError(f"The weights lack tensor(s): {', '.join(missing)}.")
    if unexpected:
        raise ModelFileError(f"The weights have unexpected tensor(s): {', '.join(map(repr, unexpected[:10]))}.")
    for key, shape in expected.items():  # in the model's order: embedding, recurrent layers, head
        if found[key] != shape:
            raise ModelFileError(f"Tensor '{key}' has shape {found[key]}, expected {shape}.")


def load_state_checked(model: torch.nn.Module, state: dict[str, torch.Tensor]) -> None:
    """Load a state dict only if every tensor has the expected name, shape and finite values."""
    expected = {k: tuple(v.shape) for k, v in model.state_dict().items()}
    check_shapes({k: tuple(v.shape) for k, v in state.items()}, expected)
    for key, tensor in state.items():
        if not tensor.is_floating_point():
            raise ModelFileError(f"Tensor '{key}' is {tensor.dtype}, expected floating point.")
        if not bool(torch.isfinite(tensor).all()):
            raise ModelFileError(f"Tensor '{key}' contains NaN or Inf values.")
    model.load_state_dict({k: v.to(torch.float32) for k, v in state.items()})


def parameter_count(model: torch.nn.Module) -> int:
    return sum(math.prod(p.shape) for p in model.parameters())
