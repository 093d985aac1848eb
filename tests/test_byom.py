"""Bring your own model: the export helper round-trips, and hostile uploads are refused by name."""

from __future__ import annotations

import json

import numpy as np
import pytest
import torch
from safetensors.torch import load, save

from models.byom import export, load_upload
from models.probe import trace
from models.zoo import ModelFileError

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
        (lambda c: c["tokenizer"].__setitem__("pattern", "(("), None, "not usable"),
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
