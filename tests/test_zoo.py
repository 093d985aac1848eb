"""Every shipped model loads from its files, reproduces its card, and does what the lecture says it
should on the lecture's own examples. Every figure read from a card is recomputed here from the
shipped weights and compared with the card; the targets are asserted on the recomputed values.
The test-split figures and baselines, slower to recompute, are in test_zoo_splits.py."""

from __future__ import annotations

import functools
import json

import numpy as np
import pytest

from models import zoo
from models.probe import trace
from models.probe.analysis import latent_units, unit_r
from models.train.cards import _by_gap, mark_taught, sample_metrics
from models.train.natural_eval import natural_metrics, negation_sample, word_tags
from models.train.recipes import RECIPES
from models.zoo import catalog
from tests.cards import assert_card_recomputed

pytestmark = pytest.mark.fast

SHIPPED = catalog.available()
NATURAL_TARGETS = {  # the issue's targets on the natural validation sets
    "sentiment_hu": {"accuracy": 0.90, "accuracy_negated": 0.85},
    "ner_hu": {"person_f1": 0.90},
    "sentiment_en": {"accuracy_positive_vs_negative": 0.85},
    "code_chars": {"card_in_string_unit_r": 0.8},  # |r| of the card's string cell on third-party code
}
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
    assert card["training"]["seconds"] <= 90 * 60  # one sitting on 2 shared CPU cores, pretraining included
    assert card["splits"]["train"] > 0 and card["splits"]["test"] > 0
    assert (loaded.path / "card.md").read_text(encoding="utf-8").startswith("# ")
    config = json.loads((loaded.path / "config.json").read_text(encoding="utf-8"))
    assert {"model", "tokenizer", "meta"} <= set(config)


def test_model_reproduces_its_card_on_the_shipped_sample(loaded: zoo.LoadedModel) -> None:
    got = sample_metrics(loaded, loaded.heldout())
    for key, value in loaded.card["sample"]["metrics"].items():
        assert got[key] == pytest.approx(value, abs=1e-5), key


@functools.cache
def recomputed_units(name: str) -> dict[str, dict]:
    """The card's latent units, found again on the shipped held-out sample."""
    model = zoo.load(name)
    return mark_taught(latent_units(model, model.heldout()), model.card["training"])


def test_latent_units_are_recomputed_not_read(loaded: zoo.LoadedModel) -> None:
    units = recomputed_units(loaded.name)
    assert units.keys() == loaded.card.get("latent_units", {}).keys()
    assert_card_recomputed(loaded.card.get("latent_units", {}), units, tol=1e-4)


def test_lecture_examples_are_traced_exactly(loaded: zoo.LoadedModel) -> None:
    for example in loaded.meta["examples"]:
        ids = loaded.tokenizer.encode(example)
        tr = trace(loaded.model, ids, tokens=loaded.tokenizer.tokenize(example))
        assert tr.max_abs_error <= 1e-5
        assert tr.logits.shape == (len(ids), loaded.config.num_labels)


def _verdict(name: str, text: str) -> np.ndarray:
    model = zoo.load(name)
    return trace(model.model, model.tokenizer.encode(text)).logits.argmax(axis=1)


@functools.cache
def recomputed_natural(name: str) -> dict:
    """The card's natural-set figures, computed again from the shipped weights."""
    return natural_metrics(zoo.load(name))


@pytest.mark.parametrize("name", SHIPPED)
def test_natural_set_figures_are_recomputed_not_read(name: str) -> None:
    """The card's natural-set figures, recomputed from the shipped weights and the natural text."""
    loaded = zoo.load(name)
    got = recomputed_natural(name)
    stated = loaded.card.get("natural", {})
    assert bool(got) == bool(stated)  # a card reports the natural set exactly where there is one
    assert_card_recomputed({k: v for k, v in stated.items() if k != "negation_unit_r"}, got, tol=1e-4)
    assert got.get("unknown_token_share", 0.0) <= 0.02
    for key, target in NATURAL_TARGETS.get(name, {}).items():
        assert abs(got[key]) >= target, key


def test_the_register_judge_tells_bible_from_modern_text() -> None:
    """bible_chars' modern-prompt share is only as good as its judge: read on held-out text of each register."""
    judge = recomputed_natural("bible_chars")["modern_prompts"]["judge_held_out"]
    assert judge["bible_called_modern"] <= 0.05 and judge["modern_called_modern"] >= 0.95


def test_bible_chars_meets_its_bits_per_character_targets() -> None:
    """The issue's targets, recomputed from the weights: <= 2.0 bits per character on the held-out
    Bible books, <= 2.4 on held-out modern prose (the card says the same: checked above)."""
    from models.train import evaluate
    from models.train.data.bible_chars import TEST_BOOKS, book_text

    loaded = zoo.load("bible_chars")
    bible = "".join(book_text(n) for n in sorted(TEST_BOOKS))
    assert evaluate.lm_bits_per_char(loaded.model, loaded.tokenizer.encode(bible)) <= 2.0
    prose = recomputed_natural("bible_chars").get("prose")
    assert prose is None or prose["bits_per_char"] <= 2.4


def test_ner_tags_the_lecture_sentence_and_names_whatever_their_suffix() -> None:
    ner = zoo.load("ner_hu")
    assert word_tags(ner, "Tegnap Józsi letörölte a termelési adatbázist.") == [0, 1, 0, 0, 0, 0]
    for text, truth in ner.meta["truth"].items():  # every person found (a place may still pass for one)
        got = word_tags(ner, text)
        assert [g == 1 for g, t in zip(got, truth, strict=True) if t == 1] == [True] * truth.count(1), text


@pytest.mark.parametrize(
    ("text", "label"),
    [("Ez egy rossz film volt.", 0), ("Milyen szép időnk van ma!", 1), ("A film egyáltalán nem volt unalmas.", 1),
     ("Ez nem egy jó film volt.", 0), ("Nem tetszett a film.", 0), ("Jó.", 1), ("Rossz.", 0),
     ("A koncert jó volt, de a könyv rossz.", 0), ("Sosem csalódtam ebben az étteremben.", 1)],
)  # fmt: skip
def test_hungarian_sentiment_reads_the_lecture_and_the_issue_examples(text: str, label: int) -> None:
    assert _verdict("sentiment_hu", text)[-1] == label


@pytest.mark.parametrize(
    ("text", "label"),
    [("I was never disappointed by this band.", 2), ("This movie was not bad at all.", 2),
     ("The hotel was clean and quiet, and the breakfast was delicious.", 2), ("I love this phone, but the battery is terrible.", 0)],
)  # fmt: skip
def test_english_sentiment_reads_negation_and_contrast(text: str, label: int) -> None:
    assert _verdict("sentiment_en", text)[-1] == label


def test_a_unit_carries_negation_on_generated_and_natural_sentences() -> None:
    model = zoo.load("sentiment_hu")
    unit = recomputed_units("sentiment_hu")["negated"]  # the card's unit: test_latent_units_are_recomputed_not_read
    assert abs(unit["r"]) >= 0.5
    natural_r = unit_r(model, negation_sample(model), unit, "negated")
    assert natural_r == pytest.approx(model.card["natural"]["negation_unit_r"], abs=1e-4)
    assert abs(natural_r) >= 0.4


def test_dna_motif_found_in_the_lecture_sequence_and_not_in_a_mutant() -> None:
    verdicts = _verdict("dna_motif", "AGCCCTGTACTAG")
    assert verdicts[-1] == 1
    assert verdicts[:7].tolist() == [0] * 7  # no verdict before the motif CCCTGT is complete
    assert _verdict("dna_motif", "AGCCCAGTACTAG")[-1] == 0


def test_lstm_carries_the_key_further_than_the_vanilla_rnn() -> None:
    far = {}
    for cell in ("rnn", "lstm"):
        model = zoo.load(f"recall_{cell}")
        by_gap = _by_gap(model, RECIPES[model.name].load())["accuracy_by_gap"]  # on the whole test split
        assert_card_recomputed(model.card["metrics"]["accuracy_by_gap"], by_gap, tol=1e-5)
        far[cell] = by_gap["75-99"]
    assert far["lstm"] > far["rnn"] + 0.3


def test_code_model_has_a_cell_tracking_strings_or_brackets() -> None:
    units = recomputed_units("code_chars")  # the card's: test_latent_units_are_recomputed_not_read
    assert max(abs(units["in_string"]["r"]), abs(units["bracket_depth"]["r"])) >= 0.5


def test_rnn_gradient_fades_faster_than_the_lstms() -> None:
    from models.probe.analysis import input_gradient_norms

    text = "3" + "abcdefgh" * 12
    relative = {}
    for cell in ("rnn", "lstm"):
        model = zoo.load(f"recall_{cell}")
        grads = input_gradient_norms(model, model.tokenizer.encode(text), target=2)
        relative[cell] = grads[0] / grads[-1]  # the key's gradient, relative to the last input's
    assert relative["rnn"] < relative["lstm"] / 100
