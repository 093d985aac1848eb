"""Bring your own model: the export helper round-trips, and hostile uploads are refused by name.

Tables per class of the hostile-input review (issue 8): sizes checked before anything is
allocated, no user regular expression, unreadable JSON, loose types, the export helper.
"""

from __future__ import annotations

import io
import json
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest
import torch
from safetensors.torch import load, save

from models.nets.sequence import ModelConfig, SequenceModel
from models.nets.tokenize import WORD_PATTERN
from models.probe import trace
from models.zoo import ModelFileError, byom
from models.zoo.byom import MAX_PARAMETERS, NAMED_PATTERNS, expected_shapes, export, load_upload

pytestmark = pytest.mark.fast

VOCAB = ["<pad>", "<unk>", "jó", "rossz", "nem", "film"]


@pytest.fixture
def exported(tmp_path):
    torch.manual_seed(0)
    embedding, lstm, head = (
        torch.nn.Embedding(6, 5),
        torch.nn.LSTM(5, 7, num_layers=2, batch_first=True),
        torch.nn.Linear(7, 2),
    )
    folder = export(tmp_path / "mine", embedding, lstm, head, VOCAB, task="classify", label_names=["neg", "pos"],
                    tokenizer={"kind": "word", "lowercase": True}, title="Mine", examples=["nem jó film"])  # fmt: skip
    return folder, (embedding, lstm, head)


def _files(folder):
    return (folder / "config.json").read_bytes(), (folder / "weights.safetensors").read_bytes()


def test_exported_model_loads_and_computes_like_the_original(exported) -> None:
    folder, (embedding, lstm, head) = exported
    loaded = load_upload(*_files(folder), "weights.safetensors")
    ids = loaded.tokenizer.encode("Nem jó film")
    assert ids == [4, 2, 5]
    with torch.no_grad():
        expected = head(lstm(embedding(torch.tensor([ids])))[0])[0].numpy()
    np.testing.assert_allclose(trace(loaded.model, ids).logits, expected, atol=1e-6)
    assert loaded.meta["title"] == "Mine" and loaded.label_names == ["neg", "pos"]


def test_pt_state_dict_is_read_with_weights_only(exported, tmp_path) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    path = tmp_path / "w.pt"
    torch.save(load(weights), path)
    assert load_upload(config, path.read_bytes(), "w.pt").config.num_layers == 2


def test_a_pickle_that_runs_code_is_refused(exported, tmp_path) -> None:
    folder, _ = exported
    config, _ = _files(folder)
    marker = tmp_path / "pwned"

    class Evil:
        def __reduce__(self):
            return (open, (str(marker), "w"))

    path = tmp_path / "evil.pt"
    torch.save({"embedding.weight": Evil()}, path)
    with pytest.raises(ModelFileError, match="not a plain state dict"):
        load_upload(config, path.read_bytes(), "evil.pt")
    assert not marker.exists()


def _edit(config: bytes, change) -> bytes:
    data = json.loads(config)
    change(data)
    return json.dumps(data).encode()


@pytest.mark.parametrize(
    ("change_config", "change_weights", "message"),
    [
        (None, lambda s: s.__setitem__("head.weight", torch.zeros(3, 7)), r"'head.weight' has shape \(3, 7\)"),
        (None, lambda s: s.__setitem__("rnn.weight_ih_l9", s.pop("rnn.weight_ih_l1")), "lack tensor"),
        (None, lambda s: s["head.bias"].fill_(float("inf")), "NaN or Inf"),
        (lambda c: c["model"].__setitem__("hidden_size", 8), None, r"Tensor 'rnn\.\w+' has shape"),
        (lambda c: c.__setitem__("vocab", ["a", "b"]), None, "must start with"),
        (lambda c: c["model"].__setitem__("num_layers", 99), None, "between 1 and 8"),
        (lambda c: c["model"].__setitem__("task", "rm -rf"), None, "model.task"),
        (lambda c: c["tokenizer"].__setitem__("pattern", "(("), None, "must name one of the built-in tokenizers"),
        (lambda c: c.pop("model"), None, 'needs a "model"'),
    ],
)
def test_bad_uploads_are_named(exported, change_config, change_weights, message) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    if change_config:
        config = _edit(config, change_config)
    if change_weights:
        state = load(weights)
        change_weights(state)
        weights = save(state)
    with pytest.raises(ModelFileError, match=message):
        load_upload(config, weights, "weights.safetensors")


@pytest.mark.parametrize(
    ("config", "weights", "name", "message"),
    [
        (b"\xff\xfe garbage", b"", "w.safetensors", "not valid UTF-8 JSON"),
        (b"[]", b"", "w.safetensors", 'needs a "model"'),
        (None, b"not safetensors at all", "w.safetensors", "not a readable safetensors"),
        (None, b"PK\x03\x04", "w.zip", "must be a .safetensors"),
    ],
)
def test_malformed_files_are_named(exported, config, weights, name, message) -> None:
    folder, _ = exported
    with pytest.raises(ModelFileError, match=message):
        load_upload(config or _files(folder)[0], weights, name)


def _rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def _never_built(*args, **kwargs):
    raise AssertionError("SequenceModel was built for an upload that should have been refused first")


HUGE = {
    "num_labels": 250_000,
    "hidden_size": 4096,
    "embedding_dim": 4096,
    "label_names": [],
}  # the 900-byte config


# ---- 1. size before allocation: the config and the weights' header are read, nothing is built ----
@pytest.mark.parametrize(
    ("change_config", "weights", "message"),
    [
        (lambda c: c["model"].update(HUGE), None, f"limited to {MAX_PARAMETERS:,} parameters"),
        (lambda c: c["model"].update(vocab_size=500_000, embedding_dim=4096), None, "parameters; uploads are limited"),
        (None, (1 << 40).to_bytes(8, "little") + b"{}", "header claims 1,099,511,627,776 bytes"),
        (None, b"\x05", "shorter than its 8-byte header"),
        (None, "header-int", 'is "I64", expected floating point'),
        (None, "header-shape", r"'head.weight' has shape \(2000, 7\)"),
        (None, "header-offsets", "data offsets do not match"),
        (None, "header-deep", "nested too deeply"),
    ],
)
def test_size_and_header_are_checked_before_anything_is_built(exported, monkeypatch, change_config, weights, message):
    folder, _ = exported
    config, good = _files(folder)
    if change_config:
        config = _edit(config, change_config)
    if isinstance(weights, str):
        weights = _hostile_header(good, weights)
    monkeypatch.setattr(byom, "SequenceModel", _never_built)
    monkeypatch.setattr(byom, "load_safetensors", _never_built)  # the tensors are not even read
    before = _rss_mb()
    with pytest.raises(ModelFileError, match=message):
        load_upload(config, weights if weights is not None else good, "weights.safetensors")
    assert _rss_mb() - before < 50  # MB: the 1e9-parameter head was never allocated


def _hostile_header(weights: bytes, kind: str) -> bytes:
    """The exported file with its JSON header edited (tensor bytes unchanged)."""
    size = int.from_bytes(weights[:8], "little")
    header, body = json.loads(weights[8 : 8 + size]), weights[8 + size :]
    if kind == "header-int":
        header["head.bias"]["dtype"] = "I64"
    elif kind == "header-shape":  # a 2000 x 7 head declared in a file that holds 2 x 7
        header["head.weight"] |= {"shape": [2000, 7], "data_offsets": [len(body), len(body) + 2000 * 7 * 4]}
        body += bytes(2000 * 7 * 4)
    elif kind == "header-offsets":
        header["head.bias"]["data_offsets"] = [0, 10**12]
    else:
        text = "[" * 100_000 + "]" * 100_000
        encoded = text.encode()
        return len(encoded).to_bytes(8, "little") + encoded + body
    encoded = json.dumps(header).encode()
    return len(encoded).to_bytes(8, "little") + encoded + body


def test_weight_files_above_the_byte_cap_are_refused_unread(exported, monkeypatch, tmp_path) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    monkeypatch.setattr(byom, "MAX_WEIGHTS_BYTES", 1000)
    monkeypatch.setattr(byom, "SequenceModel", _never_built)
    with pytest.raises(ModelFileError, match="the limit is 1,000"):
        load_upload(config, weights + b"x" * 1000, "weights.safetensors")
    path = tmp_path / "w.pt"
    torch.save({"embedding.weight": torch.zeros(300)}, path)
    buffer = io.BytesIO()  # a deflated zip: small on disk, large unpacked
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("archive/data/0", bytes(100_000))
    with pytest.raises(ModelFileError, match="unpacks to 100,000 bytes"):
        load_upload(config, buffer.getvalue(), "w.pt")


@pytest.mark.parametrize(
    "config",
    [
        ModelConfig(vocab_size=9, num_labels=3, embedding_dim=4, hidden_size=5),
        ModelConfig(vocab_size=9, num_labels=9, task="lm", cell="gru", embedding_dim=4, hidden_size=5, num_layers=3),
        ModelConfig(
            vocab_size=9,
            num_labels=2,
            task="tag",
            cell="rnn",
            embedding_dim=6,
            hidden_size=3,
            num_layers=2,
            bidirectional=True,
        ),  # fmt: skip
    ],
)
def test_expected_shapes_are_the_models_state_dict(config) -> None:
    model = SequenceModel(config)
    assert expected_shapes(config) == {k: tuple(v.shape) for k, v in model.state_dict().items()}
    assert sum(np.prod(s) for s in expected_shapes(config).values()) == sum(p.numel() for p in model.parameters())


# ---- 2. tokenizers: named patterns only; a user's regular expression never runs ----
@pytest.mark.parametrize(
    ("pattern", "message"),
    [
        ("(a|aa)+$", "must name one of the built-in tokenizers: words, words_only, tweets"),
        ("(x+x+)+y", "Custom regular expressions are not run"),
        (["words"], "must name one of"),
        (None, "must name one of"),
    ],
)
def test_a_users_regular_expression_is_refused_at_once(exported, pattern, message) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    config = _edit(config, lambda c: (c["tokenizer"].__setitem__("pattern", pattern),
                                      c["meta"].__setitem__("examples", ["a" * 40])))  # fmt: skip
    start = time.perf_counter()
    with pytest.raises(ModelFileError, match=message):
        load_upload(config, weights, "weights.safetensors")
    assert time.perf_counter() - start < 1.0


@pytest.mark.parametrize(("pattern", "tokens"), [("words", ["nem", "jó", "."]), ("words_only", ["nem", "jó"]),
                                                 (WORD_PATTERN, ["nem", "jó", "."])])  # fmt: skip
def test_named_patterns_are_accepted(exported, pattern, tokens) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    config = _edit(config, lambda c: c["tokenizer"].__setitem__("pattern", pattern))
    loaded = load_upload(config, weights, "weights.safetensors")
    assert loaded.tokenizer.tokenize("Nem jó.") == tokens
    assert loaded.tokenizer.pattern in NAMED_PATTERNS.values()


# ---- 3. JSON that json.loads cannot read: every failure is a message ----
@pytest.mark.parametrize(
    ("config", "message"),
    [
        (b'{"model": ' + b"[" * 100_000 + b"]" * 100_000 + b"}", "nested too deeply"),
        (b'{"model": {"vocab_size": ' + b"9" * 5000 + b"}}", "holds a value that cannot be read"),
        (b'{"model": {', "not valid JSON"),
        (b"\xff\xfe garbage", "not valid UTF-8 JSON"),
    ],
)
def test_unreadable_json_gets_a_message(exported, config, message) -> None:
    folder, _ = exported
    with pytest.raises(ModelFileError, match=message):
        load_upload(config, _files(folder)[1], "weights.safetensors")


# ---- 10. loose types: JSON true is not 1, "yes" is not true, a token is listed once ----
@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda c: c["model"].__setitem__("num_layers", True), "model.num_layers must be a whole number, not true"),
        (
            lambda c: c["model"].__setitem__("bidirectional", "yes"),
            'model.bidirectional must be true or false, not "yes"',
        ),
        (lambda c: c["model"].__setitem__("hidden_size", 7.0), "model.hidden_size must be a whole number, not 7.0"),
        (lambda c: c["model"].__setitem__("vocab_size", "6"), 'model.vocab_size must be a whole number, not "6"'),
        (lambda c: c["model"].__setitem__("cell", ["lstm"]), "model.cell must be"),
        (lambda c: c["model"].__setitem__("dropout", "0.1"), "model.dropout must be a number"),
        (lambda c: c["model"].__setitem__("layers", 2), "unknown field"),
        (lambda c: c["model"].update(task="lm"), "num_labels must equal vocab_size"),
        (lambda c: c["vocab"].__setitem__(5, "jó"), 'lists "jó" twice \\(ids 2 and 5\\)'),
        (lambda c: c["tokenizer"].__setitem__("lowercase", "yes"), "tokenizer.lowercase must be true or false"),
        (lambda c: c["tokenizer"].__setitem__("kind", "bpe"), "tokenizer.kind"),
        (lambda c: c["meta"].__setitem__("title", {"a": 1}), "meta.title must be a string"),
        (lambda c: c["meta"].__setitem__("examples", [1, 2]), "meta.examples must be a list of strings"),
    ],
)
def test_loose_types_are_refused(exported, change, message) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    with pytest.raises(ModelFileError, match=message):
        load_upload(_edit(config, change), weights, "weights.safetensors")


def test_long_meta_is_cut_and_said(exported) -> None:
    folder, _ = exported
    config, weights = _files(folder)
    config = _edit(config, lambda c: c["meta"].update(title="T" * 500, examples=["nem jó"] * 7))
    loaded = load_upload(config, weights, "weights.safetensors")
    assert len(loaded.meta["title"]) == byom.MAX_TITLE_CHARS and len(loaded.meta["examples"]) == byom.MAX_EXAMPLES
    assert any("title was cut" in n for n in loaded.meta["notes"])
    assert any("first 5 of 7 examples" in n for n in loaded.meta["notes"])


# ---- 11. the export helper takes ordinary modules ----
@pytest.mark.parametrize("batch_first", [False, True])
def test_export_takes_an_ordinary_lstm(tmp_path, batch_first) -> None:
    torch.manual_seed(2)
    embedding, lstm, head = (
        torch.nn.Embedding(6, 8),
        torch.nn.LSTM(8, 16, batch_first=batch_first),
        torch.nn.Linear(16, 2),
    )
    folder = export(tmp_path / "plain", embedding, lstm, head, VOCAB, task="classify")
    loaded = load_upload(*_files(folder), "weights.safetensors")
    ids = [4, 2, 5]
    with torch.no_grad():
        x = embedding(torch.tensor([ids]))  # (1, T, E)
        out = lstm(x)[0] if batch_first else lstm(x.transpose(0, 1))[0].transpose(0, 1)
        expected = head(out)[0].numpy()
    np.testing.assert_allclose(trace(loaded.model, ids).logits, expected, atol=1e-6)
    assert json.loads((folder / "config.json").read_text())["tokenizer"]["pattern"] == "words"


def test_export_refuses_what_the_app_would_refuse(tmp_path) -> None:
    with pytest.raises(ModelFileError, match="must name one of"):
        export(tmp_path / "x", torch.nn.Embedding(6, 4), torch.nn.LSTM(4, 3), torch.nn.Linear(3, 2), VOCAB,
               task="classify", tokenizer={"kind": "word", "pattern": r"\S+"})  # fmt: skip
    with pytest.raises(ModelFileError, match="lists"):
        export(tmp_path / "y", torch.nn.Embedding(6, 4), torch.nn.LSTM(4, 3), torch.nn.Linear(3, 2),
               VOCAB[:5] + ["jó"], task="classify")  # fmt: skip
