"""Every shipped model loads from its files, reproduces its card, beats its baseline, and does
what the lecture says it should on the lecture's own examples."""

from __future__ import annotations

import json

import numpy as np
import pytest

from models import catalog, zoo
from models.probe import trace
from models.train import RECIPES, sample_metrics

SHIPPED = catalog.available()
LOWER_IS_BETTER = {"bits_per_char"}
CARD_KEYS = {"name", "title", "task", "data", "splits", "architecture", "metrics", "sample", "training"}


def test_all_recipes_are_shipped() -> None:
    assert SHIPPED == catalog.ZOO_NAMES
    assert set(RECIPES) == set(catalog.ZOO_NAMES)


@pytest.fixture(scope="module", params=SHIPPED)
def loaded(request) -> zoo.LoadedModel:
    return zoo.load(request.param)


def test_card_is_complete(loaded: zoo.LoadedModel) -> None:
    card = loaded.card
    assert set(card) >= CARD_KEYS
    assert card["training"]["seconds"] <= 15 * 60
    assert card["splits"]["train"] > 0 and card["splits"]["test"] > 0
    assert (loaded.path / "card.md").read_text(encoding="utf-8").startswith("# ")
    config = json.loads((loaded.path / "config.json").read_text(encoding="utf-8"))
    assert {"model", "tokenizer", "meta"} <= set(config)


def test_model_reproduces_its_card_on_the_shipped_sample(loaded: zoo.LoadedModel) -> None:
    got = sample_metrics(loaded, loaded.heldout())
    for key, value in loaded.card["sample"]["metrics"].items():
        assert got[key] == pytest.approx(value, abs=1e-5), key


def test_model_beats_every_baseline(loaded: zoo.LoadedModel) -> None:
    test = loaded.card["metrics"]["test"]
    metric = next(iter(test))
    for name, baseline in loaded.card["metrics"]["baselines"].items():
        if metric in LOWER_IS_BETTER:
            assert test[metric] < baseline[metric], name
        else:
            assert test[metric] > baseline[metric], name


def test_lecture_examples_are_traced_exactly(loaded: zoo.LoadedModel) -> None:
    for example in loaded.meta["examples"]:
        ids = loaded.tokenizer.encode(example)
        tr = trace(loaded.model, ids, tokens=loaded.tokenizer.tokenize(example))
        assert tr.max_abs_error <= 1e-5
        assert tr.logits.shape == (len(ids), loaded.config.num_labels)


def _verdict(name: str, text: str) -> np.ndarray:
    model = zoo.load(name)
    return trace(model.model, model.tokenizer.encode(text)).logits.argmax(axis=1)


def test_ner_tags_the_lecture_sentence() -> None:
    assert _verdict("ner_hu", "Tegnap Józsi letörölte a termelési adatbázist.").tolist() == [0, 1, 0, 0, 0, 0]


def test_hungarian_sentiment_reads_the_lecture_examples_and_negation() -> None:
    assert _verdict("sentiment_hu", "Ez egy rossz film volt.")[-1] == 0
    assert _verdict("sentiment_hu", "Milyen szép időnk van ma!")[-1] == 1
    assert _verdict("sentiment_hu", "A film egyáltalán nem volt unalmas.")[-1] == 1
    assert _verdict("sentiment_hu", "Ez nem egy jó film volt.")[-1] == 0


def test_a_unit_carries_negation() -> None:
    unit = zoo.load("sentiment_hu").card["latent_units"]["negated"]
    assert abs(unit["r"]) >= 0.6


def test_dna_motif_found_in_the_lecture_sequence_and_not_in_a_mutant() -> None:
    verdicts = _verdict("dna_motif", "AGCCCTGTACTAG")
    assert verdicts[-1] == 1
    assert verdicts[:7].tolist() == [0] * 7  # no verdict before the motif CCCTGT is complete
    assert _verdict("dna_motif", "AGCCCAGTACTAG")[-1] == 0


def test_lstm_carries_the_key_further_than_the_vanilla_rnn() -> None:
    far = {cell: zoo.load(f"recall_{cell}").card["metrics"]["accuracy_by_gap"]["75-99"] for cell in ("rnn", "lstm")}
    assert far["lstm"] > far["rnn"] + 0.3


def test_code_model_has_a_cell_tracking_strings_or_brackets() -> None:
    units = zoo.load("code_chars").card["latent_units"]
    assert max(abs(units["in_string"]["r"]), abs(units["bracket_depth"]["r"])) >= 0.5


def test_rnn_gradient_fades_faster_than_the_lstms() -> None:
    from models.analysis import input_gradient_norms

    text = "3" + "abcdefgh" * 12
    relative = {}
    for cell in ("rnn", "lstm"):
        model = zoo.load(f"recall_{cell}")
        grads = input_gradient_norms(model, model.tokenizer.encode(text), target=2)
        relative[cell] = grads[0] / grads[-1]  # the key's gradient, relative to the last input's
    assert relative["rnn"] < relative["lstm"] / 100
