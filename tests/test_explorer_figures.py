"""The explorer's figures and numbers, built in Python and checked without a browser: axes, colour
bars, ranges, step shapes, unit orders, saturation and the payload that carries them."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go
import pytest

from models import zoo
from models.probe import trace
from models.probe.analysis import cell_moves, moved_range, saturation, unit_orders, value_ranges
from models.probe.names import GATES, LABELS, STATES, saturating, schema, views
from viz import explorer_figures as figures
from viz.explorer_data import decode, payload
from viz.theme import CIVIDIS, PROJECTOR, RDBU_R, VIRIDIS, theme_for

pytestmark = pytest.mark.fast
TOKENS = ["a", "nem", "b", "nem", "c"]  # a repeated token keeps its own column


def _valid(fig: dict) -> dict:
    """The dict, after plotly.py has accepted it as a figure (it raises on any unknown property)."""
    go.Figure(fig)
    return fig


@pytest.fixture(scope="module")
def negation():
    model = zoo.load("sentiment_hu")
    text = "A film egyáltalán nem volt unalmas."
    tokens = model.tokenizer.tokenize(text)
    return model, trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)


def test_one_schema_for_names_and_order() -> None:
    assert GATES["lstm"] == ("f", "i", "g", "o") and STATES["lstm"] == ("c", "h")
    assert views("gru") == ("r", "z", "n", "h") and views("rnn") == ("h",)
    assert saturating("lstm") == ("f", "i", "o") and saturating("gru") == ("r", "z")
    sent = schema("lstm")
    assert sent["gates"] == ["f", "i", "g", "o"] and sent["bounded"] == ["f", "i", "o"] and sent["labels"]["g"] == "C̃_t"


def test_heatmap_has_numbered_tokens_units_and_a_colour_bar() -> None:
    values = np.linspace(-2, 2, 5 * 4, dtype=np.float32).reshape(5, 4)
    fig = _valid(figures.heatmap(values, "c", TOKENS, value_range=2.0, step=3, unit=2, unit_word="unit"))
    trace_ = fig["data"][0]
    assert trace_["type"] == "heatmap" and trace_["transpose"] is True
    assert trace_["x"] == ["1 a", "2 nem", "3 b", "4 nem", "5 c"]  # the two "nem" are two columns
    assert trace_["y"] == ["0", "1", "2", "3"]
    assert (trace_["zmin"], trace_["zmax"]) == (-2.0, 2.0)
    assert trace_["colorscale"][0][1] == RDBU_R[0] and trace_["colorbar"]["tickvals"] == [-2.0, 0.0, 2.0]
    np.testing.assert_array_equal(decode(trace_["z"]["bdata"], (5, 4)), values)
    assert fig["layout"]["xaxis"]["type"] == "category" and fig["layout"]["yaxis"]["type"] == "category"
    assert fig["layout"]["yaxis"]["autorange"] == "reversed" and fig["layout"]["yaxis"]["title"]["text"] == "unit"
    column, row = fig["layout"]["shapes"]
    assert (column["x0"], column["x1"], column["yref"]) == (2.5, 3.5, "y domain")
    assert (row["y0"], row["y1"], row["x0"], row["x1"]) == (2, 2, -0.5, 4.5)


def test_a_gate_heatmap_is_bounded_to_zero_one_on_the_sequential_scale() -> None:
    fig = _valid(figures.heatmap(np.full((5, 3), 0.5, np.float32), "f", TOKENS, value_range=9.0))
    trace_ = fig["data"][0]
    assert (trace_["zmin"], trace_["zmax"]) == (0.0, 1.0)
    assert trace_["colorscale"][0][1] == VIRIDIS[0] and fig["layout"]["title"]["text"] == LABELS["f"]


def test_projector_ticks_are_at_least_20_px() -> None:
    theme = theme_for(projector=True, palette="alt")
    fig = _valid(figures.heatmap(np.zeros((5, 3), np.float32), "i", TOKENS, theme=theme))
    assert fig["layout"]["xaxis"]["tickfont"]["size"] >= 20 and fig["layout"]["yaxis"]["tickfont"]["size"] >= 20
    assert fig["data"][0]["colorbar"]["tickfont"]["size"] >= 20 and fig["layout"]["title"]["font"]["size"] >= 20
    assert fig["data"][0]["colorscale"][0][1] == CIVIDIS[0]
    pred = _valid(figures.prediction_chart(np.full((5, 2), 0.5), TOKENS, ["neg", "pos"], theme=PROJECTOR))
    assert pred["layout"]["xaxis"]["tickfont"]["size"] >= 20 and pred["layout"]["legend"]["font"]["size"] >= 20


def test_prediction_chart_has_a_line_per_label_and_the_step_marked() -> None:
    probs = np.array([[0.2, 0.8], [0.6, 0.4], [0.5, 0.5], [0.9, 0.1], [0.3, 0.7]])
    fig = _valid(figures.prediction_chart(probs, TOKENS, ["neg", "pos"], step=1, y_title="P"))
    assert [t["name"] for t in fig["data"]] == ["neg", "pos"]
    assert fig["data"][0]["x"] == figures.time_labels(TOKENS)
    np.testing.assert_allclose(decode(fig["data"][1]["y"]["bdata"], (5,)), probs[:, 1], rtol=1e-6)
    assert fig["layout"]["yaxis"]["range"] == [-0.02, 1.02] and fig["layout"]["yaxis"]["title"]["text"] == "P"
    assert [(s["x0"], s["x1"]) for s in fig["layout"]["shapes"]] == [(0.5, 1.5)]


def test_saturation_chart_panels_sources_and_the_chosen_unit() -> None:
    sentence = {"f": {"lo": [0.0, 0.5], "hi": [1.0, 0.25]}, "i": {"lo": [0.1, 0.2], "hi": [0.3, 0.4]}}
    sample = {"f": {"lo": [0.9, 0.9], "hi": [0.0, 0.0]}, "i": {"lo": [0.0, 0.0], "hi": [0.9, 0.9]}}
    fig = _valid(figures.saturation_chart(sentence, sample, unit=1))
    assert [(t["meta"], t["visible"]) for t in fig["data"]] == [("sentence", True), ("sample", False)] * 2
    assert [a["text"] for a in fig["layout"]["annotations"]] == ["f_t", "i_t"]
    ring_f, ring_i = fig["layout"]["shapes"]
    assert (ring_f["xref"], ring_f["x0"] + 0.05, ring_f["y0"] + 0.05) == ("x", 0.5, 0.25)
    assert (ring_i["xref"], ring_i["yref"]) == ("x2", "y2")


def test_layer_stack_one_heatmap_per_layer_and_direction() -> None:
    hidden = [("layer 0 →", np.zeros((5, 3), np.float32)), ("layer 0 ←", np.ones((5, 3), np.float32))]
    fig = _valid(figures.layer_stack(hidden, TOKENS, step=4))
    assert [t["type"] for t in fig["data"]] == ["heatmap", "heatmap"]
    assert [t["showscale"] for t in fig["data"]] == [False, True]  # one colour bar: one h scale
    assert [(s["xref"], s["x0"]) for s in fig["layout"]["shapes"]] == [("x", 3.5), ("x2", 3.5)]


def test_unit_orders_match_their_definitions() -> None:
    rng = np.random.default_rng(0)
    values = rng.normal(size=(7, 5))
    target = rng.normal(size=7)
    orders = unit_orders(values, {"scope": target, "wrong_length": np.zeros(3)})
    assert set(orders) == {"index", "activity", "variance", "latent:scope"}
    for t in range(7):
        assert list(orders["activity"][t]) == sorted(range(5), key=lambda u: -abs(values[t, u]))
    assert list(orders["variance"]) == sorted(range(5), key=lambda u: -values[:, u].var())
    r = [abs(np.corrcoef(values[:, u], target)[0, 1]) for u in range(5)]
    assert list(orders["latent:scope"]) == sorted(range(5), key=lambda u: -r[u])


def test_ranges_moves_and_saturation(negation) -> None:
    _, tr = negation
    ranges = value_ranges({name: tr.get(name) for name in views("lstm")})
    assert ranges["f"] == ranges["g"] == ranges["h"] == 1.0
    assert ranges["c"] == pytest.approx(float(np.abs(tr.get("c")).max()))
    moves = cell_moves(tr.get("f"), tr.get("i"), tr.get("g"), tr.previous("c"))
    np.testing.assert_allclose(moves["written"] + tr.get("f") * tr.previous("c"), tr.get("c"), atol=1e-5)
    assert moved_range(moves) == pytest.approx(max(float(np.abs(m).max()) for m in moves.values()))
    sat = saturation([tr], 0, 0)
    assert sorted(sat) == ["f", "i", "o"]
    np.testing.assert_allclose(sat["f"]["lo"], (tr.get("f") < 0.1).mean(axis=0), atol=1e-4)


def test_payload_carries_numbers_and_figures_not_code(negation) -> None:
    model, tr = negation
    length, units = tr.length, tr.layers[0].hidden_size
    scope = [0.0, 0.0, 0.0, 1.0, 1.0, 1.0, 0.0][:length]
    data = payload(tr, 0, 0, task="classify", label_names=model.label_names, latents={"negated": scope}, step=3,
                   unit=94, theme=theme_for(False, "alt"), words={"unit": "Egység"}, sample_saturation={"f": {"lo": [0] * units, "hi": [1] * units}})  # fmt: skip
    assert data["schema"]["gates"] == ["f", "i", "g", "o"] and data["theme"]["sequential"] == list(CIVIDIS)
    activity = decode(data["orders"]["activity"], (length, units), "<u2")
    assert list(activity[3]) == list(unit_orders(tr.get("c"))["activity"][3])
    assert data["orders"]["latent:negated"] == list(
        unit_orders(tr.get("c"), {"negated": np.array(scope)})["latent:negated"]
    )
    assert "index" not in data["orders"] and data["latents"] == ["negated"]
    assert data["ranges"]["c"] == pytest.approx(float(np.abs(tr.get("c")).max()))
    np.testing.assert_allclose(decode(data["arrays"]["written"], (length, units)), tr.get("i") * tr.get("g"), rtol=1e-6)
    assert data["saturation"]["sample"]["f"]["hi"][0] == 1
    for figure in [*data["figures"]["heat"].values(), data["figures"]["pred"], data["figures"]["sat"]]:
        _valid({**figure, "data": [{k: v for k, v in t.items() if k != "z"} for t in figure["data"]]})
    heat = data["figures"]["heat"]
    assert list(heat) == ["f", "i", "g", "o", "c", "h"]
    assert heat["c"]["data"][0]["z"] == {"ref": "c"}  # the array travels once, in `arrays`
    assert heat["c"]["data"][0]["hovertemplate"].startswith("%{x}<br>Egység")
    assert heat["f"]["layout"]["shapes"][0]["x0"] == 2.5 and heat["f"]["layout"]["shapes"][1]["y0"] == 94
    assert [t["name"] for t in data["figures"]["pred"]["data"]] == list(model.label_names)
    assert data["figures"]["sat"]["layout"]["shapes"][0]["type"] == "circle"
    assert data["figures"]["stack"] is None  # one layer, one direction


def test_language_model_payload_charts_the_next_token(negation) -> None:
    model = zoo.load("code_chars")
    text = "x = (1)\n"
    tr = trace(model.model, model.tokenizer.encode(text), tokens=list(text))
    data = payload(tr, 1, 0, task="lm", label_names=[], vocab=model.tokenizer.vocab)
    pred = data["figures"]["pred"]["data"][0]
    ids = model.tokenizer.encode(text)
    expected = tr.probs[np.arange(len(text) - 1), ids[1:]]
    np.testing.assert_allclose(decode(pred["y"]["bdata"], (len(text) - 1,)), expected, rtol=1e-5)
    stack = _valid(data["figures"]["stack"])
    assert len(stack["data"]) == 2 and len(stack["layout"]["shapes"]) == 2
