"""The subword recipes end to end on five steps (pretraining included): the folder holds the
tokenizer, and the card's figures, the natural set's included, are recomputed from the saved files.
Slow tier: building the byte-pair encoding and the card takes 15-20 s per recipe on one core."""

from __future__ import annotations

import pytest

from models import zoo
from models.train.cards import sample_metrics
from models.train.loop import train_model
from models.train.natural_eval import natural_metrics
from tests.cards import assert_card_recomputed

pytestmark = pytest.mark.slow

RUNNING_TEXT = ["Kezdetben teremtette Isten a mennyet és a földet.", "Válassza a Formátum menü Cellák parancsát."] * 20


@pytest.mark.parametrize("name", ["sentiment_hu", "ner_hu"])
def test_a_few_steps_write_a_model_whose_card_is_recomputed(tmp_path, monkeypatch, name) -> None:
    handed: dict = {}  # the tokenizer that training built, as it was handed to zoo.save
    save = zoo.save

    def recording_save(folder, model, tokenizer, *args, **kwargs) -> None:
        handed["tokenizer"] = tokenizer
        save(folder, model, tokenizer, *args, **kwargs)

    monkeypatch.setattr(zoo, "save", recording_save)
    reloaded = train_model(name, steps=5, out_dir=tmp_path, progress=False, running_text=RUNNING_TEXT)
    assert {p.name for p in (tmp_path / name).iterdir()} >= {
        "config.json",
        "vocab.json",
        "tokenizer.json",  # subword models keep their byte-pair encoding on disk
        "weights.safetensors",
        "card.json",
        "card.md",
        "heldout.json",
    }
    for example in reloaded.meta["examples"]:
        assert reloaded.tokenizer.encode(example) == handed["tokenizer"].encode(example), example
    card = reloaded.card
    assert card["training"]["steps"] == 5 and card["training"]["pretraining"]["steps"] == 5
    assert_card_recomputed(card["sample"]["metrics"], sample_metrics(reloaded, reloaded.heldout()), tol=1e-6)
    natural = natural_metrics(reloaded, name)
    assert natural and natural.keys() <= card["natural"].keys()  # every word-level card reports the natural set
    assert_card_recomputed({k: v for k, v in card["natural"].items() if k != "negation_unit_r"}, natural, tol=1e-4)
