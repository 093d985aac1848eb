"""Figures as pure functions: built from plain data, checked without Streamlit."""

from __future__ import annotations

import numpy as np
import pytest

from models.zoo import catalog
from viz.cards import metric_comparison
from viz.gradients import gradient_figure
from viz.theme import PROJECTOR, layout
from viz.translate import top_words

pytestmark = pytest.mark.fast


def test_metric_comparison_shows_the_model_and_its_baselines() -> None:
    card = catalog.card("sentiment_hu")
    fig = metric_comparison(card)
    bar = fig.data[0]
    assert list(bar.y) == ["this model", "majority class", "lexicon ignoring negation"]
    assert bar.x[0] == card["metrics"]["test"]["accuracy"]
    assert "higher is better" in fig.layout.title.text
    assert "lower is better" in metric_comparison(catalog.card("code_chars")).layout.title.text


def test_gradient_figure_is_log_scaled_and_readable_on_a_projector() -> None:
    norms = {"RNN": np.array([0.0, 1e-6, 1.0]), "LSTM": np.array([0.1, 0.5, 1.0])}
    fig = gradient_figure(norms, "title", "t", "size", theme=PROJECTOR)
    assert fig.layout.yaxis.type == "log"
    assert [trace.name for trace in fig.data] == ["RNN", "LSTM"]
    assert min(fig.data[0].y) > 0  # zeros are clipped so the log axis can draw them
    assert fig.layout.font.size >= 24
    assert fig.layout.title.font.size >= 30  # the lesson passes theme=None: Streamlit's theme would shrink these
    assert fig.layout.xaxis.automargin and fig.layout.yaxis.automargin  # 24 px tick labels need their room
    assert fig.layout.margin.t >= 1.6 * 30 + 1.8 * 24 - 1  # a line for the title, one for the legend


def test_natural_summary_says_what_the_card_measured() -> None:
    from viz.cards import natural_summary

    assert natural_summary({"metrics": {}}) is None
    line = natural_summary({"natural": {"sentences": 205, "accuracy": 0.8927, "accuracy_negated": 0.8654,
                                        "unknown_token_share": 0.0}})  # fmt: skip
    assert line == "Natural text (205 sentences, never trained on): accuracy 0.893, negated sentences 0.865, unknown tokens 0.0%"
    others = {"a_b_val": {"sentences": 193, "accuracy": 0.9067, "accuracy_negated": 0.8776}}
    line = natural_summary({"natural": {"sentences": 205, "accuracy": 0.9, "other_writers": others}}, "hu")
    assert line.endswith("Más szerzők mondatai, akik nem látták a tanítóadatot: pontosság 0.907, tagadó mondatok 0.878 (193)")
    code = natural_summary({"natural": {"characters": 9504, "bits_per_char": 2.35,
                                        "best_in_string_unit": {"r": 0.64}, "card_in_string_unit_r": 0.42}})  # fmt: skip
    assert "9,504 characters" in code and "best string unit r = +0.64" in code
    taught = natural_summary({"natural": {"characters": 9504, "best_in_string_unit": {"r": 0.98},
                                          "best_found_in_string_unit": {"r": -0.79}}}, "hu")  # fmt: skip
    assert "a nem tanított egységek közül a legjobb sztringegység r = -0.79" in taught
    prose = natural_summary({"natural": {"characters": 9000, "bits_per_char": 2.4, "prose": {"bits_per_char": 1.85},
                                         "modern_prompts": {"modern_share": 0.825}}})  # fmt: skip
    assert "1.850 bits per character on held-out modern prose, 82% of modern prompts continued in modern Hungarian" in prose


def test_a_figures_own_title_keeps_the_themes_title_size() -> None:
    """A title given as text or as a dict is merged with the theme's (it used to replace it, so titles
    drew at the body size unless each figure repeated the size)."""
    assert layout(PROJECTOR, title={"text": "a", "x": 0})["title"] == {"font": {"size": 30}, "text": "a", "x": 0}
    assert layout(PROJECTOR, title="a")["title"]["font"]["size"] == 30
    assert top_words([("a", 0.5)], "a", "t", theme=PROJECTOR).layout.title.font.size == PROJECTOR.title_size
