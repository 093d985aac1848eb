"""Corpus views: collected states equal the probe's, top contexts, and pattern search."""

from __future__ import annotations

import numpy as np
import pytest

from models import zoo
from models.corpus.views import collect, pattern_search, top_contexts, units_on
from models.probe import trace

pytestmark = pytest.mark.fast

TEXTS = [
    "Tegnap Józsi letörölte a termelési adatbázist.",
    "Anna tegnap Budapesten dolgozott.",
    "Józsi a Richter munkatársa.",
]


@pytest.mark.parametrize(("name", "layer", "direction"), [("ner_hu", 0, 1), ("code_chars", 1, 0), ("recall_gru", 0, 0)])
def test_collected_states_are_the_probes(name, layer, direction) -> None:
    model = zoo.load(name)
    texts = TEXTS if name == "ner_hu" else ["def f(x):\n    return x", "3abcabc", "print('hi')"]
    states = collect(model, texts, layer, direction, batch_size=2)
    assert states.offsets[-1] == len(states.values)
    for s, text in enumerate(texts):
        expected = trace(model.model, model.tokenizer.encode(text)).get("h", layer, direction)
        got = states.values[states.offsets[s] : states.offsets[s + 1]].astype(np.float32)
        np.testing.assert_allclose(got, expected, atol=1e-3)  # float16 storage


def test_top_contexts_and_pattern_search_find_what_is_there() -> None:
    model = zoo.load("ner_hu")
    states = collect(model, TEXTS * 3, layer=0, direction=0)
    column = states.values[:, 7].astype(np.float32)
    rows = top_contexts(states, unit=7, k=3)
    assert rows[0]["value"] == pytest.approx(float(column.max()), abs=1e-3)
    assert "[" in rows[0]["context"] and "]" in rows[0]["context"]
    units = units_on(states, sentence=0, start=1, stop=2, threshold=0.3)  # "Józsi"
    assert units
    found = pattern_search(states, units, length=1, threshold=0.3)
    assert any(r["sentence"] == 1 and r["start"] == 2 for r in found)
    assert all(r["sentence"] in range(1, 10) for r in found)
    assert pattern_search(states, [], 1, 0.3) == []


def test_activations_download_round_trips(tmp_path) -> None:
    model = zoo.load("sentiment_hu")
    states = collect(model, ["Ez egy rossz film volt.", "Nem volt jó."], 0, 0)
    path = tmp_path / "h.npz"
    path.write_bytes(states.to_npz())
    first, second = (model.tokenizer.tokenize(t) for t in ["Ez egy rossz film volt.", "Nem volt jó."])
    with np.load(path) as data:
        assert data["h"].shape == (len(first) + len(second), model.config.hidden_size)
        assert data["offsets"].tolist() == [0, len(first), len(first) + len(second)]
        assert data["tokens"].tolist()[:2] == first[:2]
