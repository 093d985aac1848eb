"""Interventions against an independent step-by-step reference (NumPy, float64, written from the
equations in PyTorch's documentation, not from models/probe/intervene.py)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from models.nets.sequence import ModelConfig, SequenceModel
from models.probe import ProbeError, trace
from models.probe.intervene import (
    Edit,
    ablate_batch,
    ablation_flips,
    edits_from_text,
    edits_to_text,
    intervene,
    patch_edit,
    unit_importance,
)

pytestmark = pytest.mark.fast


def _model(cell: str, layers: int, bidirectional: bool, seed: int = 0, scale: float = 3.0) -> SequenceModel:
    torch.manual_seed(seed)
    config = ModelConfig(vocab_size=30, num_labels=3, task="classify", cell=cell, embedding_dim=6,
                         hidden_size=8, num_layers=layers, bidirectional=bidirectional)  # fmt: skip
    model = SequenceModel(config).eval()
    with torch.no_grad():  # larger weights than the default init, so edits visibly propagate
        for p in model.rnn.parameters():
            p.mul_(scale)
    return model


def _sig(v):
    return 1.0 / (1.0 + np.exp(-v))


def _reference(model: SequenceModel, ids: list[int], edits: list[Edit]) -> tuple[dict, np.ndarray]:
    """{(layer, direction): {"c": (T, H), "h": (T, H), gates...}} and the logits (T, C), in float64."""
    rnn, kind = model.rnn, model.config.cell
    dirs = 2 if rnn.bidirectional else 1
    x = model.embedding.weight.detach().double().numpy()[ids]
    T = len(ids)
    result = {}
    for layer in range(rnn.num_layers):
        outs = []
        for d in range(dirs):
            sfx = "_reverse" if d else ""
            w = {n: getattr(rnn, f"{n}_l{layer}{sfx}").detach().double().numpy()
                 for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")}  # fmt: skip
            H = rnn.hidden_size
            h, c = np.zeros(H), np.zeros(H)
            rec = {k: np.zeros((T, H)) for k in ("h", "c", "i", "f", "g", "o", "r", "z", "n")}
            order = range(T - 1, -1, -1) if d else range(T)
            mine = [e for e in edits if e.layer == layer and e.direction == d]

            def edit(name, value, t, mine=mine, d=d):
                value = value.copy()
                for e in mine:
                    on = (t == e.step) if e.scope == "at" else (t >= e.step if d == 0 else t <= e.step)
                    if e.target == name and on:
                        vals = e.value if isinstance(e.value, tuple) else [e.value] * len(e.units)
                        value[list(e.units)] = vals
                return value

            for t in order:
                a = w["weight_ih"] @ x[t] + w["bias_ih"]
                b = w["weight_hh"] @ h + w["bias_hh"]
                if kind == "lstm":
                    i = edit("i", _sig(a[:H] + b[:H]), t)
                    f = edit("f", _sig(a[H : 2 * H] + b[H : 2 * H]), t)
                    g = edit("g", np.tanh(a[2 * H : 3 * H] + b[2 * H : 3 * H]), t)
                    o = edit("o", _sig(a[3 * H :] + b[3 * H :]), t)
                    c = edit("c", f * c + i * g, t)
                    h = edit("h", o * np.tanh(c), t)
                    rec["i"][t], rec["f"][t], rec["g"][t], rec["o"][t], rec["c"][t] = i, f, g, o, c
                elif kind == "gru":
                    r = edit("r", _sig(a[:H] + b[:H]), t)
                    z = edit("z", _sig(a[H : 2 * H] + b[H : 2 * H]), t)
                    n = edit("n", np.tanh(a[2 * H :] + r * b[2 * H :]), t)
                    h = edit("h", (1 - z) * n + z * h, t)
                    rec["r"][t], rec["z"][t], rec["n"][t] = r, z, n
                else:
                    h = edit("h", np.tanh(a + b), t)
                rec["h"][t] = h
            result[(layer, d)] = rec
            outs.append(rec["h"])
        x = np.concatenate(outs, axis=1)
    head_w = model.head.weight.detach().double().numpy()
    head_b = model.head.bias.detach().double().numpy()
    return result, x @ head_w.T + head_b


CASES = [(cell, layers, bi) for cell in ("lstm", "gru", "rnn") for layers, bi in ((1, False), (2, True))]
IDS = [3, 7, 1, 12, 5, 9, 2, 4]


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_no_edit_equals_trace_and_reference(cell, layers, bi):
    model = _model(cell, layers, bi, scale=1.0)  # PyTorch's own init: 3x weights triple a rounding step per layer
    original = trace(model, IDS)
    # an edit that changes nothing numerically still takes the stepping path
    top = layers - 1
    same = Edit("h", (0,), float(original.get("h", 0, 0)[2, 0]), step=2, layer=0)
    cf = intervene(model, IDS, [same], original=original)
    for name in original.names():
        assert np.abs(cf[name] - original[name]).max() <= 1e-6, name
    assert np.abs(cf.logits - original.logits).max() <= 1e-6
    ref, logits = _reference(model, IDS, [])
    assert np.abs(original.get("h", top, 0) - ref[(top, 0)]["h"]).max() < 1e-5
    assert np.abs(original.logits - logits).max() < 1e-5


def _edits(cell: str, layers: int, bi: bool) -> list[list[Edit]]:
    gate = {"lstm": "f", "gru": "z", "rnn": None}[cell]
    out = [[Edit("h", (1, 4), 0.0, step=3, scope="from")], [Edit("h", (2,), 1.5, step=5)]]
    if cell == "lstm":
        out += [[Edit("c", (0, 5), 0.0, step=2, scope="from")], [Edit("f", (3,), 1.0, step=1, scope="from")],
                [Edit("i", (0, 1, 2), 0.0, step=0, scope="from"), Edit("o", (7,), 0.0, step=4)]]  # fmt: skip
    elif gate:
        out += [[Edit(gate, (3,), 1.0, step=1, scope="from")], [Edit("r", (0,), 0.0, step=2)]]
    if bi:  # backward direction: "from step t on" means t, t-1, ..., 0; and the layer above changes
        out += [[Edit("h", (5,), 0.0, step=4, direction=1, scope="from")],
                [Edit("h", (2, 3), (0.5, -0.5), step=6, layer=1, direction=1)]]  # fmt: skip
    return out


@pytest.mark.parametrize("cell,layers,bi", CASES)
def test_edits_match_reference(cell, layers, bi):
    model = _model(cell, layers, bi)
    for edits in _edits(cell, layers, bi):
        cf = intervene(model, IDS, edits)
        ref, logits = _reference(model, IDS, edits)
        for (layer, d), rec in ref.items():
            names = {"lstm": ("h", "c", "i", "f", "g", "o"), "gru": ("h", "r", "z", "n"), "rnn": ("h",)}[cell]
            for name in names:
                got = cf.get(name, layer, d)
                assert np.abs(got - rec[name]).max() < 1e-5, (edits, layer, d, name)
        assert np.abs(cf.logits - logits).max() < 1e-5
        assert np.abs(cf.logits - trace(model, IDS).logits).max() > 1e-4, edits  # the edit did something


def test_backward_edit_changes_earlier_steps_only_in_its_direction():
    model = _model("lstm", 2, True)
    original = trace(model, IDS)
    cf = intervene(model, IDS, [Edit("c", (1,), 0.0, step=4, direction=1, scope="at")], original=original)
    delta_bwd = np.abs(cf.get("c", 0, 1) - original.get("c", 0, 1)).max(axis=1)
    assert delta_bwd[5:].max() < 1e-6 and delta_bwd[4] > 1e-3 and delta_bwd[:4].max() > 1e-3
    assert np.abs(cf.get("h", 0, 0) - original.get("h", 0, 0)).max() == 0.0  # the forward direction is untouched
    assert np.abs(cf.get("h", 1, 0) - original.get("h", 1, 0)).max() > 0  # the layer above sees it


def test_patching_puts_sentence_b_state_into_a():
    model = _model("lstm", 1, False)
    b_ids = [9, 9, 8, 2, 2]
    source = trace(model, b_ids)
    edit = patch_edit(source, "c", (2, 6), source_step=3, step=1)
    cf = intervene(model, IDS, [edit])
    assert np.allclose(cf.get("c")[1, [2, 6]], source.get("c")[3, [2, 6]])


def test_edit_text_round_trip_and_bad_input():
    edits = [Edit("c", (13, 14), 0.0, 5, 0, 0, "from"), Edit("h", (2,), (0.25,), 1, 1, 1, "at")]
    again = edits_from_text(edits_to_text(edits))
    assert [e.to_text() for e in again] == [e.to_text() for e in edits]
    model = _model("lstm", 1, False)
    for bad in ["c:0:0:99:0:1:at", "q:0:0:1:0:1:at", "c:0:0:1:0:50:at", "c:0:1:1:0:1:at", "c:0:0:1:nan:1:at",
                "c:0:0:1:0:1:sometimes", "c:0:0:x:0:1:at", "c:0:0"]:  # fmt: skip
        with pytest.raises(ProbeError):
            intervene(model, IDS, edits_from_text(bad))
    with pytest.raises(ProbeError):
        edits_from_text(";".join(["c:0:0:1:0:1:at"] * 40))


@pytest.mark.parametrize("cell,layers,bi", [("lstm", 2, True), ("gru", 1, False)])
def test_ablate_batch_equals_one_sentence_at_a_time(cell, layers, bi):
    model = _model(cell, layers, bi)
    sentences = [IDS, [4, 4, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]
    units = (1, 3)
    finals = ablate_batch(model, sentences, layer=layers - 1, direction=0, units=units)
    for seq, got in zip(sentences, finals, strict=True):
        state = ("c", "h") if cell == "lstm" else ("h",)
        edits = [Edit(s, units, 0.0, 0, layers - 1, 0, "from") for s in state]
        want = intervene(model, seq, edits).logits[-1]
        assert np.abs(got - want).max() < 1e-5


def test_unit_importance_and_flips_agree_with_single_ablations():
    model = _model("lstm", 1, False, seed=3)
    rng = np.random.default_rng(0)
    seqs = [rng.integers(2, 30, size=rng.integers(2, 12)).tolist() for _ in range(40)]
    base = np.array([trace(model, s).logits[-1].argmax() for s in seqs])
    labels = [int(b) if i % 3 else int((b + 1) % 3) for i, b in enumerate(base)]  # some right, some wrong
    calls = []
    table = unit_importance(model, seqs, labels, units=[0, 5], batch_size=16, progress=lambda d, t: calls.append(d))
    assert table["baseline"] == pytest.approx(np.mean(base == np.array(labels)))
    for row in table["units"]:
        got = np.array([intervene(model, s, [Edit("c", (row["unit"],), 0.0, 0, scope="from"),
                                             Edit("h", (row["unit"],), 0.0, 0, scope="from")]).logits[-1].argmax()
                        for s in seqs])  # fmt: skip
        assert row["accuracy"] == pytest.approx(np.mean(got == np.array(labels)))
    assert calls == sorted(calls) and calls[-1] == 3 * 3  # 3 batches x (baseline + 2 units)
    cancelled = unit_importance(model, seqs, labels, units=[0, 5], batch_size=16, progress=lambda d, t: d < 7)
    assert cancelled["cancelled"] and cancelled["sentences"] == 32  # two whole batches of three
    flips = ablation_flips(model, seqs, 0, 0, units=(0, 5))
    assert sorted(flips["ranked"]) == list(range(len(seqs)))
    assert all(flips["before"][i] != flips["after"][i] for i in flips["flipped"])


def test_other_threads_keep_the_plain_model_during_an_intervention():
    import threading

    model = _model("lstm", 2, True)
    ids = torch.tensor([IDS])
    with torch.no_grad():
        plain = model(ids)
    edit = [Edit("h", (0, 1, 2, 3), 0.0, 0, scope="from")]
    errors: list[float] = []

    def plain_calls():
        for _ in range(30):
            with torch.no_grad():
                errors.append(float((model(ids) - plain).abs().max()))

    def interventions():
        for _ in range(30):
            intervene(model, IDS, edit)

    threads = [threading.Thread(target=f) for f in (plain_calls, interventions, interventions)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert max(errors) == 0.0
    assert "forward" not in model.rnn.__dict__  # the override is gone afterwards


def test_counterfactual_figures_show_both_runs_with_axes():
    from models.probe.intervene import next_token_probability, spread, verdict_change
    from viz.counterfactual import difference_heatmap, prediction_lines, spread_heatmap, tag_rows
    from viz.theme import PROJECTOR

    model = _model("lstm", 2, True)
    tokens = [f"w{i}" for i in IDS[:-1]] + ["w3"]  # a repeated token keeps its own column
    original = trace(model, IDS, tokens)
    edited = intervene(model, IDS, [Edit("h", (0, 1, 2), 0.0, 2, scope="from")], original=original)
    fig = prediction_lines(original.probs, edited.probs, tokens, ["a", "b", "c"], ("before", "after"), "t", "p")
    assert len(fig.data) == 6 and {d.line.dash for d in fig.data} == {"solid", "dash"}
    assert list(fig.layout.xaxis.ticktext) == tokens and fig.layout.xaxis.tickvals[-1] == len(tokens) - 1
    big = prediction_lines(original.probs, edited.probs, tokens, ["a", "b", "c"], ("x", "y"), "t", "p", PROJECTOR)
    assert min(big.layout.legend.font.size, big.layout.yaxis.title.font.size, big.layout.xaxis.tickfont.size) >= 20
    delta = edited.get("c", 0, 0) - original.get("c", 0, 0)
    heat = difference_heatmap(delta, tokens, "t", "ΔC", "unit", edited_units=(0, 1, 2), theme=PROJECTOR)
    assert heat.data[0].zmid == 0 and heat.data[0].z.shape == (8, len(tokens)) and len(heat.layout.shapes) == 3
    assert heat.layout.font.size >= 20 and heat.data[0].colorbar.title.text == "ΔC"
    rows = spread(original, edited)
    assert rows[(0, 0)][:2].max() == 0 and rows[(0, 0)][2] > 0 and rows[(1, 1)][:2].max() > 0  # bwd layer above
    fig = spread_heatmap({f"L{k[0]} {k[1]}": v for k, v in rows.items()}, tokens, "t", "|Δh|")
    assert fig.data[0].z.shape == (4, len(tokens))
    tags = verdict_change(original, edited, "tag")
    assert len(tags["before"]) == len(tokens)
    assert tag_rows(tags["before"], tags["after"], tokens, ["a", "b", "c"], ("x", "y"), "t").data[0].z.shape == (2, 8)
    verdict = verdict_change(original, edited, "classify")
    assert verdict["before"] == int(original.probs[-1].argmax()) and 0 <= verdict["p_after"] <= 1
    torch.manual_seed(1)
    lm = SequenceModel(ModelConfig(vocab_size=30, num_labels=30, task="lm", embedding_dim=6, hidden_size=8)).eval()
    lm_trace = trace(lm, IDS)
    want = [lm_trace.probs[t, IDS[t + 1]] for t in range(len(IDS) - 1)]
    assert np.allclose(next_token_probability(lm_trace), want)
    bits = verdict_change(lm_trace, intervene(lm, IDS, [Edit("c", (0, 1, 2, 3), 0.0, 0, scope="from")]), "lm")
    assert bits["bits_before"] == pytest.approx(-np.log2(want).mean(), rel=1e-5) and bits["changed"] != 0


def test_smallest_flip_finds_units_that_really_flip_the_verdict():
    from models.probe.intervene import smallest_flip

    model = _model("lstm", 1, False, seed=5)
    found = [smallest_flip(model, seq, max_units=8) for seq in ([1, 2, 3], IDS, [9, 8, 7, 6])]
    assert any(f["flipped"] for f in found)
    for seq, f in zip(([1, 2, 3], IDS, [9, 8, 7, 6]), found, strict=True):
        edits = [Edit(s, tuple(f["units"]), 0.0, 0, scope="from") for s in ("c", "h")]
        after = intervene(model, seq, edits).probs[-1]
        assert int(after.argmax()) == f["after"] and after[f["verdict"]] == pytest.approx(f["path"][-1], abs=1e-5)
        assert (int(after.argmax()) != f["verdict"]) == f["flipped"]


@pytest.mark.parametrize("cell,layers,bi,direction", [("lstm", 2, True, 0), ("lstm", 2, True, 1), ("gru", 1, False, 0),
                                                      ("rnn", 2, False, 0)])  # fmt: skip
def test_grouped_ablation_equals_one_group_at_a_time(cell, layers, bi, direction):
    from models.probe.intervene import Ablator

    model = _model(cell, layers, bi, seed=2)
    sentences = [IDS, [4, 4, 2], [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]]
    ablator = Ablator(model, sentences, layer=0, direction=direction)
    groups = [(0,), (3, 5), (7,), ()]
    together = ablator.run_groups(groups)
    for k, group in enumerate(groups):
        alone = ablator.run(group)
        for row, seq in enumerate(sentences):
            assert torch.allclose(together[k, row, : len(seq)], alone[row, : len(seq)], atol=1e-5)
