"""The explorer's payload and the i18n catalogue, without Streamlit."""

from __future__ import annotations

import numpy as np
import pytest

from models import zoo
from models.probe import trace
from models.probe.analysis import word_tags
from models.probe.export import to_csv, to_npz
from viz.explorer_data import decode, payload
from viz.i18n import BROWSER_KEYS, CATALOGUE, LANGUAGES, explorer_strings

pytestmark = pytest.mark.fast


@pytest.fixture(scope="module")
def ner():
    model = zoo.load("ner_hu")
    text = "Tegnap Józsi letörölte a termelési adatbázist."
    tokens = model.tokenizer.tokenize(text)
    return model, trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)


def test_payload_arrays_are_the_trace_bit_for_bit(ner) -> None:
    model, tr = ner
    data = payload(tr, 0, 1, task="tag", label_names=model.label_names, step=99, unit=-5)
    length = len(tr.tokens)
    assert data["T"] == length and data["directions"] == 2 and data["direction"] == 1
    for name in ("f", "i", "g", "o", "c", "h", "f_pre"):
        np.testing.assert_array_equal(decode(data["arrays"][name], (length, data["units"])), tr.get(name, 0, 1))
    assert data["step"] == length - 1 and data["unit"] == 0  # clamped into range
    probs = decode(data["predictions"]["probs"], (length, 4))
    assert word_tags(model, "Tegnap Józsi letörölte a termelési adatbázist.", probs.argmax(axis=1)) == [0, 1, 0, 0, 0, 0]


def test_language_model_payload_has_top_k() -> None:
    model = zoo.load("bible_chars")
    text = "Kezdetben"
    tr = trace(model.model, model.tokenizer.encode(text), tokens=list(text))
    data = payload(tr, 0, 0, task="lm", label_names=[], vocab=model.tokenizer.vocab)
    assert len(data["predictions"]["top"]) == len(text)
    assert len(data["predictions"]["top"][0]) == 5
    first = data["predictions"]["topProbs"][0]
    assert first == sorted(first, reverse=True)


def test_every_string_has_both_languages() -> None:
    for key, entry in CATALOGUE.items():
        assert set(entry) == set(LANGUAGES), key
        assert all(entry[lang].strip() for lang in LANGUAGES), key
    assert set(BROWSER_KEYS) <= set(CATALOGUE)
    assert explorer_strings("hu")["unit"] == "Egység"


def test_exports_round_trip(ner, tmp_path) -> None:
    model, tr = ner
    path = tmp_path / "trace.npz"
    path.write_bytes(to_npz(tr))
    with np.load(path) as data:
        np.testing.assert_array_equal(data["rnn.l0.bwd.c"], tr.get("c", 0, 1))  # one name: NPZ key = trace[...]
        assert set(tr.names()) <= set(data.files)
        np.testing.assert_array_equal(tr["rnn.l0.bwd.c"], tr.get("c", 0, 1))
        assert data["tokens"].tolist() == tr.tokens
    csv_text = to_csv(tr, 0, 0, ["f", "h"], model.label_names)
    lines = csv_text.strip().splitlines()
    assert len(lines) == len(tr.tokens) + 1
    assert lines[0].startswith("t,token,p_O,p_PER,p_LOC,p_ORG,f_0")
    assert lines[2].startswith(f"2,{tr.tokens[1]},")


def test_csv_keeps_formulas_out() -> None:
    model = zoo.load("sentiment_en")
    tokens = ["=cmd", "hello"]
    tr = trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)
    assert "\n1,'=cmd," in to_csv(tr, 0, 0, ["h"])
