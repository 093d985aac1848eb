"""Training end to end on a tiny budget: a few steps write a complete, loadable model folder."""

from __future__ import annotations

import numpy as np
import pytest

from models import zoo
from models.probe import trace
from models.train import main, train_model


@pytest.mark.parametrize("name", ["sentiment_hu", "ner_hu"])
def test_a_few_steps_write_a_loadable_model(tmp_path, name) -> None:
    model = train_model(name, steps=5, out_dir=tmp_path, progress=False)
    reloaded = zoo.load(tmp_path / name)
    assert {p.name for p in (tmp_path / name).iterdir()} >= {
        "config.json",
        "vocab.json",
        "weights.safetensors",
        "card.json",
        "card.md",
        "heldout.json",
    }
    ids = reloaded.tokenizer.encode(reloaded.meta["examples"][0])
    np.testing.assert_array_equal(trace(model.model, ids).logits, trace(reloaded.model, ids).logits)
    assert reloaded.card["training"]["steps"] == 5


def test_unknown_name_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["no_such_model"])
