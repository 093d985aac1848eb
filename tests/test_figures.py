"""Figures as pure functions: built from plain data, checked without Streamlit."""

from __future__ import annotations

import numpy as np

from models import catalog
from viz.cards import metric_comparison
from viz.gradients import gradient_figure
from viz.theme import PROJECTOR


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
