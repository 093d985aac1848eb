"""Training end to end on a tiny budget: 200 steps of the DNA recipe must lower the loss, save
the weights it trained (not its initialisation), and write a card whose figures are recomputed here
from the saved files. The subword recipes, slower to set up, are in test_train_subword.py."""

from __future__ import annotations

import copy

import numpy as np
import pytest
import torch

from models import zoo
from models.nets.sequence import SequenceModel
from models.probe import trace
from models.probe.analysis import latent_units, unit_r
from models.train import evaluate, loop
from models.train.__main__ import main
from models.train.cards import sample_metrics
from models.train.loop import train_model
from models.train.recipes import RECIPES, Recipe, TaughtUnit
from tests.cards import assert_card_recomputed

pytestmark = pytest.mark.fast

RECIPE = "dna_motif"  # char tokenizer, 32 units: the quickest recipe to learn something
STEPS = 200  # about 8 s on one core; the test loss falls from ln 2 = 0.69 to about 0.38
RUNNING_TEXT = ["Kezdetben teremtette Isten a mennyet és a földet.", "Válassza a Formátum menü Cellák parancsát."] * 20


@pytest.fixture(scope="module")
def trained(tmp_path_factory) -> tuple[zoo.LoadedModel, dict]:
    """The recipe trained into a temp folder and reloaded, beside the model's weights as first built
    (`initial`) and the in-memory model that was handed to `zoo.save` (`saved_model`)."""
    seen: dict = {}
    build, save = loop.SequenceModel, zoo.save

    def recording_build(config) -> SequenceModel:
        model = build(config)
        seen["initial"] = copy.deepcopy(model.state_dict())
        return model

    def recording_save(folder, model, *args, **kwargs) -> None:
        seen["saved_model"] = copy.deepcopy(model)
        save(folder, model, *args, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(loop, "SequenceModel", recording_build)
        patch.setattr(zoo, "save", recording_save)
        loaded = train_model(RECIPE, steps=STEPS, out_dir=tmp_path_factory.mktemp("zoo"), progress=False)
    return loaded, seen


@pytest.fixture(scope="module")
def test_split(trained) -> tuple[list[list[int]], list[int]]:
    loaded, _ = trained
    test = RECIPES[RECIPE].load().test
    return [loaded.tokenizer.encode(e.text) for e in test], [e.label for e in test]


def _final_loss(model: SequenceModel, seqs: list[list[int]], labels: list[int]) -> float:
    """Mean cross-entropy (nats) of the verdict after the last token."""
    probs = evaluate.final_probabilities(model, seqs)
    return float(-np.mean(np.log(np.maximum(probs[np.arange(len(labels)), labels], 1e-12))))


def test_training_lowers_the_loss_on_the_test_split(trained, test_split) -> None:
    loaded, seen = trained
    initial = SequenceModel(loaded.config)
    initial.load_state_dict(seen["initial"])
    before, after = _final_loss(initial, *test_split), _final_loss(loaded.model, *test_split)
    assert after < 0.8 * before, (before, after)


def test_the_saved_weights_are_the_trained_ones(trained) -> None:
    loaded, seen = trained
    saved = loaded.model.state_dict()
    moved = {k: float((saved[k] - seen["initial"][k]).abs().max()) for k in saved}
    assert all(change > 1e-3 for change in moved.values()), moved  # every tensor was trained
    for example in loaded.meta["examples"]:  # the files give back the model as it was in memory
        ids = loaded.tokenizer.encode(example)
        np.testing.assert_array_equal(trace(seen["saved_model"], ids).logits, trace(loaded.model, ids).logits)


def test_the_cards_figures_are_recomputed_from_the_saved_weights(trained, test_split) -> None:
    loaded, _ = trained
    card = loaded.card
    assert card["metrics"]["test"]["accuracy"] == pytest.approx(
        evaluate.classify_accuracy(loaded.model, *test_split), abs=1e-6
    )
    assert_card_recomputed(card["sample"]["metrics"], sample_metrics(loaded, loaded.heldout()), tol=1e-6)
    units = latent_units(loaded, loaded.heldout())
    assert units.keys() == card["latent_units"].keys()
    assert_card_recomputed(card["latent_units"], units, tol=1e-4)
    assert card["training"]["steps"] == STEPS
    assert {p.name for p in loaded.path.iterdir()} >= {
        "config.json",
        "vocab.json",
        "weights.safetensors",
        "card.json",
        "card.md",
        "heldout.json",
    }


def test_pretraining_lowers_the_language_model_loss() -> None:
    """The bidirectional case too: each direction predicts a token it has not read."""
    from models.nets.sequence import ModelConfig
    from models.nets.tokenize import Tokenizer
    from models.train.loop import pretrain

    tok = Tokenizer.build(RUNNING_TEXT, kind="subword", max_size=120)
    torch.manual_seed(0)
    model = SequenceModel(ModelConfig(vocab_size=len(tok.vocab), num_labels=2, hidden_size=16, bidirectional=True))
    short = pretrain(model, tok, RUNNING_TEXT, 2, np.random.default_rng(0), batch_size=8, seq_len=12, progress=False)
    longer = pretrain(model, tok, RUNNING_TEXT, 150, np.random.default_rng(0), batch_size=8, seq_len=12, progress=False)
    assert longer["final_loss_nats"] < short["final_loss_nats"] * 0.6


def test_unknown_name_is_refused() -> None:
    with pytest.raises(SystemExit):
        main(["no_such_model"])


def test_the_clock_budget_ends_the_run_annealed(tmp_path) -> None:
    """`minutes` stops the main phase on time, whatever the step count, and the card says how far it got."""
    loaded = train_model(RECIPE, steps=1_000_000, out_dir=tmp_path, progress=False, minutes=0.05)
    steps = loaded.card["training"]["steps"]
    assert 0 < steps < 1_000_000
    assert "--steps 1000000 --minutes 0.05" in loaded.card["training"]["command"]  # the command that reproduces it


def test_the_clock_schedule_is_one_cycle() -> None:
    """The same curve as torch's OneCycleLR (cosine), driven by the share of the run done."""
    assert loop.one_cycle_lr(0.0, 2e-3) == pytest.approx(2e-3 / 25)
    assert loop.one_cycle_lr(0.1, 2e-3) == pytest.approx(2e-3)
    assert loop.one_cycle_lr(1.0, 2e-3) == pytest.approx(2e-3 / 25e4)
    assert loop.one_cycle_lr(0.55, 2e-3) == pytest.approx((2e-3 + 2e-3 / 25e4) / 2)


def _tiny_code(seed: int, lines: int) -> str:
    """Short Python lines, a third with a string literal: enough for a tiny LM to meet strings."""
    rng = np.random.default_rng(seed)
    words = ["alpha", "beta", "gamma", "x", "total", "name"]
    out = ["def f():\n"]
    for _ in range(lines):
        a, b = rng.choice(words, 2)
        out.append(f'    {a} = "{b} {a}"\n' if rng.random() < 0.35 else f"    {a} = {b} + {int(rng.integers(9))}\n")
    return "".join(out)


def _taught_recipe(taught: bool) -> Recipe:
    from models.train.data import Splits, code_chars

    train = _tiny_code(0, 600)
    return Recipe(
        load=lambda: Splits(train=[train], val=[_tiny_code(1, 60)], test=[_tiny_code(2, 80)], source="generated (test)"),
        tokenizer={"kind": "char", "min_count": 1},
        model={"task": "lm", "embedding_dim": 8, "hidden_size": 12, "num_layers": 2},
        labels=[],
        meta={"title": "t", "description": "t", "language": "code", "examples": ['x = "a"\n'], "latent": ["in_string"]},
        steps=120,
        lr=1e-2,
        batch_size=16,
        seq_len=48,
        taught=TaughtUnit("in_string", unit=3, weight=1.0, labels=lambda: code_chars.latent(train)["in_string"])
        if taught
        else None,
    )


def test_a_taught_unit_tracks_its_latent_and_the_card_says_it_was_taught(tmp_path) -> None:
    """The auxiliary loss makes h of unit 3 follow "inside a string" on code it never saw (r 0.89); the same
    run without it leaves that unit near 0 (-0.07); the card names the unit as taught."""
    from models.train.data import code_chars

    text = _tiny_code(7, 80)
    sample = {"text": text, "latent": {"in_string": code_chars.latent(text)["in_string"]}}
    unit = {"state": "h", "layer": 1, "direction": 0, "unit": 3}
    r = {}
    with pytest.MonkeyPatch.context() as patch:
        for taught in (True, False):
            name = "taught" if taught else "untaught"
            patch.setitem(RECIPES, name, _taught_recipe(taught))
            loaded = train_model(name, steps=120, out_dir=tmp_path, progress=False)
            r[taught] = unit_r(loaded, sample, unit, "in_string")
            if taught:
                assert loaded.card["training"]["taught_unit"] == {**unit, "latent": "in_string", "loss_weight": 1.0}
                named = loaded.card["latent_units"]["in_string"]
                assert bool(named.get("taught")) == (named["unit"] == 3 and named["layer"] == 1 and named["state"] == "h")
                assert "taught" in (loaded.path / "card.md").read_text(encoding="utf-8")
            else:
                assert "taught_unit" not in loaded.card["training"]
    assert r[True] >= 0.8 and abs(r[False]) < 0.5, r


def test_taught_labels_must_cover_the_training_text() -> None:
    recipe = _taught_recipe(True)
    recipe.taught = TaughtUnit("in_string", unit=0, weight=1.0, labels=lambda: [0, 1])
    from models.nets.tokenize import Tokenizer

    splits = recipe.load()
    tok = Tokenizer.build(splits.train, **recipe.tokenizer)
    with pytest.raises(ValueError, match="labels for the taught unit"):
        loop._make_batches(recipe, splits, tok, np.random.default_rng(0))


def test_line_start_windows_begin_after_a_newline() -> None:
    """`line_starts` of a language model's windows begin where a line does (a zero state at a line
    start, as the lesson's generation reads a prompt); the rest begin anywhere."""
    from dataclasses import replace

    from models.nets.tokenize import Tokenizer
    from models.train.data import Splits

    text = "".join(f"line {k} has {'x' * (k % 7)} words\n" for k in range(300))
    tok = Tokenizer.build([text], kind="char")
    recipe = replace(RECIPES["bible_chars"], taught=None, batch_size=40, seq_len=12, line_starts=0.25)
    splits = Splits(train=[text], val=[], test=[], source="")
    batches = loop._make_batches(recipe, splits, tok, np.random.default_rng(0))
    data = np.asarray(tok.encode(text))
    newline = tok.encode("\n")[0]
    after_newline = []
    for _ in range(5):
        for row in next(batches).numpy():
            starts = [s for s in np.flatnonzero(data[: len(data) - len(row) + 1] == row[0]) if (data[s : s + len(row)] == row).all()]
            after_newline.append(any(s == 0 or data[s - 1] == newline for s in starts))
    chosen = np.asarray(after_newline).reshape(5, 40)
    assert chosen[:, :10].all()  # 25% of 40 windows, the first ten of each batch
    assert chosen[:, 10:].mean() < 0.3  # about one character in 26 follows a newline


@pytest.mark.parametrize("cell", ["lstm", "gru", "rnn"])
@pytest.mark.parametrize(("layers", "bidirectional"), [(1, False), (2, True)])
def test_widening_keeps_the_models_logits_with_live_new_units(cell, layers, bidirectional) -> None:
    """Without noise the wide model computes exactly what the trained one did, and every new unit
    follows the old unit it copies (it is alive, not silent); with the default noise the logits move
    a little and the copies start to differ."""
    from models.nets.sequence import ModelConfig, widen

    torch.manual_seed(0)
    config = ModelConfig(vocab_size=30, num_labels=5, cell=cell, hidden_size=8, num_layers=layers, bidirectional=bidirectional)
    model = SequenceModel(config).eval()
    ids = torch.randint(2, 30, (3, 11))
    exact = widen(model, 13, noise=0.0).eval()
    assert exact.config.hidden_size == 13 and model.config.hidden_size == 8
    assert torch.allclose(exact(ids), model(ids), atol=1e-5)
    with torch.no_grad():
        h = exact.features(ids)[..., :13]  # the top layer's forward direction
    copied = [j for j in range(8, 13) if any(torch.allclose(h[..., j], h[..., u], atol=1e-6) for u in range(8))]
    assert copied == list(range(8, 13)) and h[..., 8:].abs().mean() > 0.01
    noisy = widen(model, 13).eval()
    assert torch.allclose(noisy(ids), model(ids), atol=0.05) and not torch.equal(noisy(ids), model(ids))
    with pytest.raises(ValueError):
        widen(model, 4)


def test_a_resumed_run_grows_the_saved_model_to_the_recipes_size(tmp_path) -> None:
    """A recipe whose hidden size grew since the saved sitting goes on from the saved function, wider,
    and the card says so."""
    train_model(RECIPE, steps=5, out_dir=tmp_path, progress=False)
    grown = copy.deepcopy(RECIPES[RECIPE])
    grown.model = {**grown.model, "hidden_size": grown.model["hidden_size"] + 16}
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(RECIPES, RECIPE, grown)
        loaded = train_model(RECIPE, steps=5, out_dir=tmp_path, progress=False, resume=True)
    assert loaded.model.config.hidden_size == RECIPES[RECIPE].model["hidden_size"] + 16
    assert loaded.card["training"]["widened_from"]["hidden_size"] == RECIPES[RECIPE].model["hidden_size"]
    assert loaded.card["architecture"]["hidden_size"] == loaded.model.config.hidden_size
