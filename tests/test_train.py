"""Training end to end on a tiny budget: a few steps write a complete, loadable model folder."""

from __future__ import annotations

import numpy as np
import pytest

from models import zoo
from models.probe import trace
from models.train import main, train_model

RUNNING_TEXT = ["Kezdetben teremtette Isten a mennyet és a földet.", "Válassza a Formátum menü Cellák parancsát."] * 20


@pytest.mark.parametrize("name", ["sentiment_hu", "ner_hu"])
def test_a_few_steps_write_a_loadable_model(tmp_path, name) -> None:
    model = train_model(name, steps=5, out_dir=tmp_path, progress=False, running_text=RUNNING_TEXT)
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
    assert reloaded.card["training"]["pretraining"]["steps"] == 5
    assert (tmp_path / name / "tokenizer.json").exists()  # subword models keep their tokenizer on disk
    assert "natural" in reloaded.card  # every card reports the natural validation set


def test_pretraining_lowers_the_language_model_loss() -> None:
    """The bidirectional case too: each direction predicts a token it has not read."""
    import numpy as np
    import torch

    from models.net import ModelConfig, SequenceModel
    from models.tokenize import Tokenizer
    from models.train import pretrain

    tok = Tokenizer.build(RUNNING_TEXT, kind="subword", max_size=120)
    torch.manual_seed(0)
    model = SequenceModel(ModelConfig(vocab_size=len(tok.vocab), num_labels=2, hidden_size=16, bidirectional=True))
    short = pretrain(model, tok, RUNNING_TEXT, 2, np.random.default_rng(0), batch_size=8, seq_len=12, progress=False)
    longer = pretrain(model, tok, RUNNING_TEXT, 150, np.random.default_rng(0), batch_size=8, seq_len=12, progress=False)
    assert longer["final_loss_nats"] < short["final_loss_nats"] * 0.6


def test_unknown_name_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["no_such_model"])
