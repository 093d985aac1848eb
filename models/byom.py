"""Bring your own model: the two-file upload format, a helper that writes it, and a safe loader.

Format: `config.json` ({"model": ModelConfig fields, "tokenizer": {...}, "vocab": [...], "meta":
{...}}) and the weights as `weights.safetensors` (or a `.pt` state dict, read only with
`torch.load(weights_only=True)`). Nothing uploaded is ever unpickled into code.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save_file
from torch import nn

from models.net import ModelConfig, SequenceModel
from models.tokenize import PAD, UNK, Tokenizer
from models.zoo import LoadedModel, ModelFileError, load_state_checked

MAX_CONFIG_BYTES = 20_000_000
LIMITS = {"vocab_size": 500_000, "num_labels": 500_000, "embedding_dim": 4096, "hidden_size": 4096, "num_layers": 8}


def export(
    folder: Path,
    embedding: nn.Embedding,
    rnn: nn.RNNBase,
    head: nn.Linear,
    vocab: list[str],
    *,
    task: str,
    label_names: list[str] | None = None,
    tokenizer: dict | None = None,
    title: str = "My model",
    examples: list[str] | None = None,
) -> Path:
    """Write your own embedding -> LSTM/GRU/RNN (batch_first) -> linear head as an uploadable model.

    `vocab[i]` is the token of embedding row i; it must start with "<pad>", "<unk>".
    """
    cell = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}.get(type(rnn))
    if cell is None:
        raise ModelFileError(f"the recurrent layer must be nn.LSTM, nn.GRU or nn.RNN, not {type(rnn).__name__}")
    if getattr(rnn, "proj_size", 0) or not rnn.batch_first or not rnn.bias:
        raise ModelFileError("export supports batch_first recurrent layers with biases and without proj_size")
    config = ModelConfig(
        vocab_size=embedding.num_embeddings,
        num_labels=head.out_features,
        task=task,
        cell=cell,
        embedding_dim=embedding.embedding_dim,
        hidden_size=rnn.hidden_size,
        num_layers=rnn.num_layers,
        bidirectional=rnn.bidirectional,
        label_names=list(label_names or []),
    )
    model = SequenceModel(config)
    state = {f"embedding.{k}": v for k, v in embedding.state_dict().items()}
    state |= {f"rnn.{k}": v for k, v in rnn.state_dict().items()}
    state |= {f"head.{k}": v for k, v in head.state_dict().items()}
    load_state_checked(model, state)
    spec = tokenizer or {"kind": "word", "lowercase": False}
    Tokenizer.from_dict(spec, vocab)  # validates the vocabulary's first two tokens
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": config.to_dict(),
        "tokenizer": spec,
        "vocab": list(vocab),
        "meta": {"title": title, "description": "An uploaded model.", "examples": examples or [], "latent": []},
    }
    (folder / "config.json").write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    save_file({k: v.detach().contiguous() for k, v in model.state_dict().items()}, str(folder / "weights.safetensors"))
    return folder


def load_upload(config_bytes: bytes, weights_bytes: bytes, weights_name: str) -> LoadedModel:
    """Validate and rebuild an uploaded model; every problem is a ModelFileError with its reason."""
    if len(config_bytes) > MAX_CONFIG_BYTES:
        raise ModelFileError("config.json is too large.")
    try:
        config = json.loads(config_bytes.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        raise ModelFileError(f"config.json is not valid UTF-8 JSON: {err}") from err
    if not isinstance(config, dict) or not isinstance(config.get("model"), dict):
        raise ModelFileError('config.json needs a "model" object (see the README: Bring your own model).')
    model_config = _model_config(config["model"])
    vocab = config.get("vocab")
    if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab):
        raise ModelFileError('config.json needs "vocab": a list of token strings.')
    if vocab[:2] != [PAD, UNK]:
        raise ModelFileError(f'"vocab" must start with "{PAD}", "{UNK}".')
    if len(vocab) != model_config.vocab_size:
        raise ModelFileError(f'"vocab" has {len(vocab)} tokens but model.vocab_size is {model_config.vocab_size}.')
    spec = config.get("tokenizer") or {"kind": "word"}
    if not isinstance(spec, dict) or spec.get("kind") not in ("word", "char"):
        raise ModelFileError('"tokenizer.kind" must be "word" or "char".')
    try:
        tokenizer = Tokenizer.from_dict(spec, vocab)
    except Exception as err:  # a bad regular expression, for one
        raise ModelFileError(f"The tokenizer settings are not usable: {err}") from err
    model = SequenceModel(model_config)
    load_state_checked(model, _read_weights(weights_bytes, weights_name))
    model.eval()
    meta = config.get("meta") if isinstance(config.get("meta"), dict) else {}
    meta = {
        "title": str(meta.get("title", "Uploaded model"))[:200],
        "description": str(meta.get("description", "An uploaded model."))[:1000],
        "examples": [str(e)[:2000] for e in meta.get("examples", []) if isinstance(e, str)][:5],
        "latent": [],
        "language": str(meta.get("language", "")),
    }
    return LoadedModel(name="upload", model=model, tokenizer=tokenizer, config=model_config, meta=meta)


def _model_config(raw: dict) -> ModelConfig:
    for key in ("vocab_size", "num_labels", "hidden_size", "embedding_dim"):
        if not isinstance(raw.get(key), int) or isinstance(raw.get(key), bool) or raw[key] < 1:
            raise ModelFileError(f"model.{key} must be a positive whole number.")
    for key, limit in LIMITS.items():
        if key in raw and (not isinstance(raw[key], int) or not 1 <= raw[key] <= limit):
            raise ModelFileError(f"model.{key} must be between 1 and {limit:,}.")
    if raw.get("task", "classify") not in ("classify", "tag", "lm"):
        raise ModelFileError('model.task must be "classify", "tag" or "lm".')
    if raw.get("cell", "lstm") not in ("lstm", "gru", "rnn"):
        raise ModelFileError('model.cell must be "lstm", "gru" or "rnn".')
    labels = raw.get("label_names", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ModelFileError("model.label_names must be a list of strings.")
    if labels and len(labels) != raw["num_labels"]:
        raise ModelFileError(f"model.label_names has {len(labels)} names but num_labels is {raw['num_labels']}.")
    return ModelConfig.from_dict({**raw, "dropout": 0.0})


def _read_weights(data: bytes, name: str) -> dict[str, torch.Tensor]:
    if name.endswith(".safetensors"):
        try:
            return load_safetensors(data)
        except Exception as err:  # safetensors' own error types; parsing it runs no code
            raise ModelFileError(f"The weights are not a readable safetensors file: {err}") from err
    if name.endswith((".pt", ".pth")):
        try:
            state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
        except Exception as err:  # weights_only refuses anything but tensors and plain containers
            raise ModelFileError(f"The .pt file is not a plain state dict of tensors: {err}") from err
        if not isinstance(state, dict) or not all(isinstance(v, torch.Tensor) for v in state.values()):
            raise ModelFileError("The .pt file must hold a state dict: names mapped to tensors.")
        return state
    raise ModelFileError("Weights must be a .safetensors file or a .pt state dict.")
