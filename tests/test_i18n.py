"""The catalogue: every string in both languages, with the same placeholders, and the display names."""

from __future__ import annotations

import string

import pytest

from models.zoo import catalog
from viz.i18n import (
    CATALOGUE,
    LANGUAGES,
    hungarian_articles,
    label_name,
    latent_name,
    model_description,
    model_title,
    number,
    tr,
)

pytestmark = pytest.mark.fast


def _placeholders(text: str) -> set[str]:
    return {field for _, field, _, _ in string.Formatter().parse(text) if field is not None}


def test_every_catalogue_key_has_english_and_hungarian() -> None:
    missing = [key for key, entry in CATALOGUE.items() if any(not entry.get(lang, "").strip() for lang in LANGUAGES)]
    assert not missing, missing
    assert set(LANGUAGES) == {"en", "hu"}


def test_both_languages_fill_the_same_placeholders() -> None:
    differ = [key for key, entry in CATALOGUE.items() if _placeholders(entry["en"]) != _placeholders(entry["hu"])]
    assert not differ, differ


def test_every_zoo_model_label_and_latent_has_a_hungarian_name() -> None:
    for name in catalog.ZOO_NAMES:
        meta = catalog.meta(name)
        assert model_title(name, meta, "hu") != model_title(name, meta, "en"), name
        assert model_description(name, meta, "hu") != model_description(name, meta, "en"), name
        assert " / " not in model_title(name, meta, "en"), name  # one language at a time
        for latent in catalog.card(name).get("latent_units", {}):
            assert latent_name(latent, "hu") != latent, (name, latent)
    assert [label_name(n, "hu") for n in ("negative", "neutral", "positive")] == ["negatív", "semleges", "pozitív"]
    assert [label_name(n, "en") for n in ("negatív", "pozitív")] == ["negative", "positive"]
    assert label_name("motif", "hu") == "motívum" and label_name("PER", "hu") == "SZEM"
    assert latent_name("in_string", "hu") == "sztringben" and latent_name("gap", "en") == "gap"


def test_names_the_catalogue_does_not_know_are_shown_as_they_are() -> None:
    assert label_name("my own class", "hu") == "my own class"
    assert latent_name("mine", "hu") == "mine"
    meta = {"title": "Saját", "description": "Leírás"}
    assert model_title("upload:Saját (abc)", meta, "hu") == "Saját"
    assert model_description("upload:Saját (abc)", meta, "en") == "Leírás"


def test_numbers_and_formatting() -> None:
    assert number(9000, "en") == "9,000" and number(9000, "hu") == "9\u202f000"
    assert tr("url_not_one_of", "hu", name="lang", raw="de", allowed="en, hu", default="hu").startswith("?lang=de nem")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a(z) 106. egység", "a 106. egység"),
        ("a(z) 5. lépéstől", "az 5. lépéstől"),  # ötödik
        ("a(z) 1. lépésben", "az 1. lépésben"),  # első
        ("a(z) 12. lépésben", "a 12. lépésben"),  # tizenkettedik
        ("mind a(z) 1 234 tokenen", "mind az 1 234 tokenen"),  # ezerkétszáz...
        ("mind a(z) 15 000 tokenen", "mind a 15 000 tokenen"),  # tizenötezer
        ("A(z) negatív valószínűsége", "A negatív valószínűsége"),
        ("a(z) „unalmas” szót", "az „unalmas” szót"),
    ],
)
def test_hungarian_article_follows_the_value_said_after_it(text: str, expected: str) -> None:
    assert hungarian_articles(text) == expected


def test_a_formatted_hungarian_string_has_no_either_or_article() -> None:
    text = tr("iv_from_step", "hu", step=5)
    assert text == "az 5. lépéstől" and "a(z)" not in text
    assert tr("iv_from_step", "en", step=5) == "from step 5 on"
