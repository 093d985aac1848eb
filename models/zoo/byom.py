"""Bring your own model: the two-file upload format, a helper that writes it, and a safe loader.

Format: `config.json` ({"model": ModelConfig fields, "tokenizer": {...}, "vocab": [...], "meta":
{...}}) and the weights as `weights.safetensors` (or a `.pt` state dict, read only with
`torch.load(weights_only=True)`). Nothing uploaded is ever unpickled into code.

An upload is checked in the order that keeps a hostile one cheap: the config's types and sizes,
then the parameter count it implies (from the config alone, nothing allocated), then the weight
file's own header (safetensors: the 8-byte length and the JSON header with every tensor's dtype
and shape; .pt: the zip directory), and only then are tensors read and the model built. Word
tokenizers use one of the named patterns below: a user's regular expression never runs here (a
pattern like `(a|aa)+$` can hold the server for minutes).
"""

from __future__ import annotations

import io
import json
import math
import zipfile
from pathlib import Path

import torch
from safetensors.torch import load as load_safetensors
from safetensors.torch import save_file
from torch import nn

from models.nets.sequence import ModelConfig, SequenceModel
from models.nets.tokenize import PAD, TWEET_PATTERN, UNK, WORD_PATTERN, WORDS_ONLY_PATTERN, Tokenizer
from models.zoo import LoadedModel, ModelFileError, check_shapes, load_state_checked
from models.zoo.safe_json import loads

MAX_CONFIG_BYTES = 20_000_000
MAX_WEIGHTS_BYTES = 50 * 1024 * 1024  # the app's upload limit (.streamlit/config.toml: maxUploadSize = 50)
MAX_PARAMETERS = 10_000_000  # 40 MB as float32 in memory; the zoo's largest model has under 1 M
MAX_HEADER_BYTES = 1_000_000  # a safetensors header for a few dozen tensors is a few KB
LIMITS = {"vocab_size": 500_000, "num_labels": 500_000, "embedding_dim": 4096, "hidden_size": 4096, "num_layers": 8}
MAX_TITLE_CHARS, MAX_DESCRIPTION_CHARS, MAX_EXAMPLE_CHARS, MAX_EXAMPLES, MAX_LABEL_CHARS = 200, 1000, 2000, 5, 200
# Word tokenizers: a name from this table (or the pattern it stands for, as models.zoo writes it).
NAMED_PATTERNS = {"words": WORD_PATTERN, "words_only": WORDS_ONLY_PATTERN, "tweets": TWEET_PATTERN}
GATES = {"lstm": 4, "gru": 3, "rnn": 1}  # rows of weight_ih per unit: PyTorch's i, f, g, o / r, z, n / h
FLOAT_DTYPES = {"F16": 2, "BF16": 2, "F32": 4, "F64": 8}  # safetensors dtype -> bytes per value


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
    description: str = "An uploaded model.",
    examples: list[str] | None = None,
) -> Path:
    """Write your own embedding -> nn.LSTM/GRU/RNN -> linear head as an uploadable model.

    `vocab[i]` is the token of embedding row i; it must start with "<pad>", "<unk>". The
    recurrent layer may be batch_first or not: the weights are the same. The written files are
    read back through `load_upload`, so an export that succeeds is one the app accepts.
    """
    cell = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}.get(type(rnn))
    if cell is None:
        raise ModelFileError(f"the recurrent layer must be nn.LSTM, nn.GRU or nn.RNN, not {type(rnn).__name__}")
    if getattr(rnn, "proj_size", 0) or not rnn.bias:
        raise ModelFileError("export supports recurrent layers with biases and without proj_size")
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
    spec = tokenizer_spec(tokenizer or {"kind": "word"})
    spec["pattern"] = next(name for name, pattern in NAMED_PATTERNS.items() if pattern == spec["pattern"])
    state = {f"embedding.{k}": v for k, v in embedding.state_dict().items()}
    state |= {f"rnn.{k}": v for k, v in rnn.state_dict().items()}
    state |= {f"head.{k}": v for k, v in head.state_dict().items()}
    folder.mkdir(parents=True, exist_ok=True)
    payload = {
        "model": config.to_dict(),
        "tokenizer": spec,
        "vocab": list(vocab),
        "meta": {"title": title, "description": description, "examples": examples or []},
    }
    config_path, weights_path = folder / "config.json", folder / "weights.safetensors"
    config_path.write_text(json.dumps(payload, ensure_ascii=False, indent=1), encoding="utf-8")
    save_file({k: v.detach().float().contiguous() for k, v in state.items()}, str(weights_path))
    load_upload(config_path.read_bytes(), weights_path.read_bytes(), weights_path.name)
    return folder


def load_upload(config_bytes: bytes, weights_bytes: bytes, weights_name: str) -> LoadedModel:
    """Validate and rebuild an uploaded model; every problem is a ModelFileError with its reason.

    Nothing is allocated for the model until its size is known to be within MAX_PARAMETERS and
    the weight file's header agrees with the config. `meta["notes"]` lists what was cut.
    """
    config = read_config(config_bytes)
    model_config = _model_config(config["model"])
    shapes = expected_shapes(model_config)
    parameters = sum(math.prod(shape) for shape in shapes.values())
    if parameters > MAX_PARAMETERS:
        raise ModelFileError(
            f"This config declares a model of {parameters:,} parameters; uploads are limited to "
            f"{MAX_PARAMETERS:,} parameters ({4 * MAX_PARAMETERS // 1_000_000} MB as float32)."
        )
    vocab = _vocabulary(config.get("vocab"), model_config.vocab_size)
    tokenizer = Tokenizer.from_dict(tokenizer_spec(config.get("tokenizer")), vocab)
    meta, notes = _meta(config.get("meta"))
    state = _read_weights(weights_bytes, weights_name, shapes)
    model = SequenceModel(model_config)
    load_state_checked(model, state)
    model.eval()
    meta |= {"notes": notes, "parameters": parameters}
    return LoadedModel(name="upload", model=model, tokenizer=tokenizer, config=model_config, meta=meta)


def read_config(data: bytes) -> dict:
    """config.json as a dict with a "model" object, or a ModelFileError saying why not."""
    if len(data) > MAX_CONFIG_BYTES:
        raise ModelFileError(f"config.json is {len(data):,} bytes; the limit is {MAX_CONFIG_BYTES:,}.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise ModelFileError(f"config.json is not valid UTF-8 JSON: {err}") from err
    config = loads(text, "config.json", ModelFileError)
    if not isinstance(config, dict) or not isinstance(config.get("model"), dict):
        raise ModelFileError('config.json needs a "model" object (see the README: Bring your own model).')
    return config


def expected_shapes(config: ModelConfig) -> dict[str, tuple[int, ...]]:
    """The state dict of `SequenceModel(config)`, name -> shape, computed without allocating it."""
    hidden, directions = config.hidden_size, 2 if config.bidirectional else 1
    rows = GATES[config.cell] * hidden
    shapes: dict[str, tuple[int, ...]] = {"embedding.weight": (config.vocab_size, config.embedding_dim)}
    for layer in range(config.num_layers):
        width = config.embedding_dim if layer == 0 else hidden * directions
        for suffix in ("", "_reverse")[:directions]:
            shapes[f"rnn.weight_ih_l{layer}{suffix}"] = (rows, width)
            shapes[f"rnn.weight_hh_l{layer}{suffix}"] = (rows, hidden)
            shapes[f"rnn.bias_ih_l{layer}{suffix}"] = (rows,)
            shapes[f"rnn.bias_hh_l{layer}{suffix}"] = (rows,)
    shapes["head.weight"] = (config.num_labels, hidden * directions)
    shapes["head.bias"] = (config.num_labels,)
    return shapes


def tokenizer_spec(raw: object) -> dict:
    """A tokenizer spec with a named pattern resolved; anything else is refused with the names."""
    if raw is None:
        raw = {"kind": "word"}
    if not isinstance(raw, dict):
        raise ModelFileError('"tokenizer" must be an object such as {"kind": "word", "pattern": "words"}.')
    unknown = sorted(set(raw) - {"kind", "pattern", "lowercase", "tweets"})
    if unknown:
        raise ModelFileError(f"tokenizer has unknown field(s): {', '.join(unknown)}.")
    if raw.get("kind") not in ("word", "char") or not isinstance(raw.get("kind"), str):
        raise ModelFileError('"tokenizer.kind" must be "word" or "char".')
    pattern = raw.get("pattern", "words")
    if isinstance(pattern, str) and pattern in NAMED_PATTERNS:
        pattern = NAMED_PATTERNS[pattern]
    if not isinstance(pattern, str) or pattern not in NAMED_PATTERNS.values():
        raise ModelFileError(
            f"tokenizer.pattern must name one of the built-in tokenizers: {', '.join(NAMED_PATTERNS)}. "
            "Custom regular expressions are not run on this server."
        )
    for key in ("lowercase", "tweets"):
        if not isinstance(raw.get(key, False), bool):
            raise ModelFileError(f"tokenizer.{key} must be true or false, not {_shown(raw[key])}.")
    return {
        "kind": raw["kind"],
        "pattern": pattern,
        "lowercase": raw.get("lowercase", False),
        "tweets": raw.get("tweets", False),
    }


def _shown(value: object) -> str:
    """A config value as JSON, short, for a message."""
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _model_config(raw: dict) -> ModelConfig:
    """Strict types (JSON true is not 1, "yes" is not true), sizes within LIMITS."""
    unknown = sorted(set(raw) - set(ModelConfig.__dataclass_fields__))
    if unknown:
        raise ModelFileError(f"model has unknown field(s): {', '.join(unknown)}.")
    for key, limit in LIMITS.items():
        if key not in raw and key == "num_layers":
            continue
        value = raw.get(key)
        if type(value) is not int:  # bool is an int subclass: `true` must not pass as 1
            raise ModelFileError(f"model.{key} must be a whole number, not {_shown(value)}.")
        if not 1 <= value <= limit:
            raise ModelFileError(f"model.{key} must be between 1 and {limit:,}.")
    if not isinstance(raw.get("bidirectional", False), bool):
        raise ModelFileError(f"model.bidirectional must be true or false, not {_shown(raw['bidirectional'])}.")
    for key, allowed in (("task", ("classify", "tag", "lm")), ("cell", ("lstm", "gru", "rnn"))):
        value = raw.get(key, allowed[0])
        if not isinstance(value, str) or value not in allowed:
            raise ModelFileError(f"model.{key} must be {' or '.join(map(repr, allowed))}, not {_shown(value)}.")
    dropout = raw.get("dropout", 0.0)
    if type(dropout) not in (int, float):
        raise ModelFileError(f"model.dropout must be a number, not {_shown(dropout)}.")
    labels = raw.get("label_names", [])
    if not isinstance(labels, list) or not all(isinstance(x, str) for x in labels):
        raise ModelFileError("model.label_names must be a list of strings.")
    if labels and len(labels) != raw["num_labels"]:
        raise ModelFileError(f"model.label_names has {len(labels)} names but num_labels is {raw['num_labels']}.")
    if any(len(x) > MAX_LABEL_CHARS for x in labels):
        raise ModelFileError(f"model.label_names: a name is longer than {MAX_LABEL_CHARS} characters.")
    if raw.get("task") == "lm" and raw["num_labels"] != raw["vocab_size"]:
        raise ModelFileError('A language model ("lm") predicts the next token: num_labels must equal vocab_size.')
    return ModelConfig.from_dict({**raw, "dropout": 0.0})


def _vocabulary(vocab: object, size: int) -> list[str]:
    if not isinstance(vocab, list) or not all(isinstance(t, str) for t in vocab):
        raise ModelFileError('config.json needs "vocab": a list of token strings.')
    if vocab[:2] != [PAD, UNK]:
        raise ModelFileError(f'"vocab" must start with "{PAD}", "{UNK}".')
    if len(vocab) != size:
        raise ModelFileError(f'"vocab" has {len(vocab)} tokens but model.vocab_size is {size}.')
    first: dict[str, int] = {}
    for index, token in enumerate(vocab):
        if token in first:
            raise ModelFileError(f'"vocab" lists {_shown(token)} twice (ids {first[token]} and {index}).')
        first[token] = index
    return vocab


def _meta(raw: object) -> tuple[dict, list[str]]:
    """Title, description and examples as plain strings within their limits; notes say what was cut."""
    raw = raw if isinstance(raw, dict) else {}
    notes: list[str] = []

    def text(key: str, default: str, limit: int) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            raise ModelFileError(f"meta.{key} must be a string, not {_shown(value)}.")
        if len(value) > limit:
            notes.append(f"meta.{key} was cut to {limit:,} characters.")
        return value[:limit]

    examples = raw.get("examples", [])
    if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
        raise ModelFileError("meta.examples must be a list of strings.")
    if len(examples) > MAX_EXAMPLES:
        notes.append(f"Only the first {MAX_EXAMPLES} of {len(examples)} examples are kept.")
    if any(len(e) > MAX_EXAMPLE_CHARS for e in examples[:MAX_EXAMPLES]):
        notes.append(f"Examples longer than {MAX_EXAMPLE_CHARS:,} characters were cut.")
    meta = {
        "title": text("title", "Uploaded model", MAX_TITLE_CHARS),
        "description": text("description", "An uploaded model.", MAX_DESCRIPTION_CHARS),
        "examples": [e[:MAX_EXAMPLE_CHARS] for e in examples[:MAX_EXAMPLES]],
        "language": text("language", "", 20),
        "latent": [],
    }
    return meta, notes


def _read_weights(data: bytes, name: str, shapes: dict[str, tuple[int, ...]]) -> dict[str, torch.Tensor]:
    """Tensors whose names and shapes match `shapes`, checked from the file's header before reading."""
    if len(data) > MAX_WEIGHTS_BYTES:
        raise ModelFileError(f"The weights file is {len(data):,} bytes; the limit is {MAX_WEIGHTS_BYTES:,}.")
    name = name.lower()
    if name.endswith(".safetensors"):
        check_shapes(safetensors_header(data), shapes)
        try:
            return load_safetensors(data)
        except Exception as err:  # safetensors' own error types; parsing it runs no code
            raise ModelFileError(f"The weights are not a readable safetensors file: {err}") from err
    if name.endswith((".pt", ".pth")):
        _check_zip_size(data)
        try:
            state = torch.load(io.BytesIO(data), map_location="cpu", weights_only=True)
        except Exception as err:  # weights_only refuses anything but tensors and plain containers
            raise ModelFileError(f"The .pt file is not a plain state dict of tensors: {err}") from err
        if not isinstance(state, dict) or not all(
            isinstance(k, str) and isinstance(v, torch.Tensor) for k, v in state.items()
        ):
            raise ModelFileError("The .pt file must hold a state dict: names mapped to tensors.")
        check_shapes({k: tuple(v.shape) for k, v in state.items()}, shapes)
        return state
    raise ModelFileError("Weights must be a .safetensors file or a .pt state dict.")


def safetensors_header(data: bytes) -> dict[str, tuple[int, ...]]:
    """Tensor name -> shape from a safetensors header, refusing anything but consistent float tensors.

    Layout: an 8-byte little-endian header length N, N bytes of JSON ({name: {"dtype", "shape",
    "data_offsets": [start, end]}, "__metadata__": {...}}), then the tensor bytes.
    """
    if len(data) < 8:
        raise ModelFileError("The weights are not a readable safetensors file: it is shorter than its 8-byte header.")
    size = int.from_bytes(data[:8], "little")
    if size > MAX_HEADER_BYTES or 8 + size > len(data):
        raise ModelFileError(
            f"The weights are not a readable safetensors file: its header claims {size:,} bytes "
            f"(the file has {len(data):,}; a header may have at most {MAX_HEADER_BYTES:,})."
        )
    try:
        text = data[8 : 8 + size].decode("utf-8")
    except UnicodeDecodeError as err:
        raise ModelFileError("The weights are not a readable safetensors file: its header is not UTF-8.") from err
    header = loads(text, "The safetensors header", ModelFileError)
    if not isinstance(header, dict):
        raise ModelFileError("The weights are not a readable safetensors file: its header is not an object.")
    body = len(data) - 8 - size
    shapes: dict[str, tuple[int, ...]] = {}
    for name, entry in header.items():
        if name == "__metadata__":
            continue
        if not isinstance(entry, dict):
            raise ModelFileError(f"Tensor {_shown(name)} has no dtype, shape and offsets in the header.")
        dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
        if dtype not in FLOAT_DTYPES:
            raise ModelFileError(
                f"Tensor {_shown(name)} is {_shown(dtype)}, expected floating point (F16, BF16, F32, F64)."
            )
        if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
            raise ModelFileError(f"Tensor {_shown(name)} has no valid shape in the header.")
        if not isinstance(offsets, list) or len(offsets) != 2 or not all(type(n) is int for n in offsets):
            raise ModelFileError(f"Tensor {_shown(name)} has no valid data offsets in the header.")
        if (
            not 0 <= offsets[0] <= offsets[1] <= body
            or offsets[1] - offsets[0] != math.prod(shape) * FLOAT_DTYPES[dtype]
        ):
            raise ModelFileError(f"Tensor {_shown(name)}'s data offsets do not match its shape and the file's size.")
        shapes[name] = tuple(shape)
    return shapes


def _check_zip_size(data: bytes) -> None:
    """A .pt file is a zip; its directory gives the unpacked size before anything is unpacked."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ModelFileError("The .pt file is not a plain state dict of tensors saved by torch.save.") from err
    if unpacked > MAX_WEIGHTS_BYTES:
        raise ModelFileError(f"The .pt file unpacks to {unpacked:,} bytes; the limit is {MAX_WEIGHTS_BYTES:,}.")
