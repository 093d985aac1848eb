"""Translation figures: NumPy in, Plotly out (no Streamlit, no torch).

The encoder's and the decoder's gates and states as units × words heatmaps, the attention of every
written word over the source words, and the five most likely next words.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.theme import DEFAULT, Theme, layout

DENSE_WORDS = 12  # more source words than this: upright, smaller labels and no values in the cells
GATES = ("i", "f", "o")  # values in [0, 1]: the sequential scale; the rest (g, c, h) diverge around 0


def _scale(stops: tuple[str, ...]) -> list[list]:
    return [[k / (len(stops) - 1), colour] for k, colour in enumerate(stops)]


def shown(word: str) -> str:
    """A word as a label: <s>, </s> and <unk> as ⟨s⟩, ⟨/s⟩, ⟨unk⟩ (Plotly reads "<s>" as markup)."""
    return word.replace("<", "⟨").replace(">", "⟩")


def _labels(words: list[str]) -> list[str]:
    """Axis labels that stay distinct when a word repeats: "1 ich", "2 tanze", ..."""
    return [f"{k + 1} {shown(w)}" for k, w in enumerate(words)]


def state_heatmap(values: np.ndarray, words: list[str], name: str, title: str, step: int | None = None,
                  theme: Theme = DEFAULT) -> go.Figure:  # fmt: skip
    """Units × words heatmap of one gate or state (values (T, H)); the column of `step` outlined."""
    gate = name in GATES
    z = np.asarray(values, dtype=np.float32).T  # (H, T)
    limit = 1.0 if gate else max(float(np.abs(z).max()), 1e-6)
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=_labels(words),
            y=list(range(z.shape[0])),
            colorscale=_scale(theme.gate_scale if gate else theme.state_scale),
            zmin=0.0 if gate else -limit,
            zmax=1.0 if gate else limit,
            hovertemplate=f"%{{x}}<br>unit %{{y}}<br>{name} = %{{z:.3f}}<extra></extra>",
        )
    )
    if step is not None and 0 <= step < z.shape[1]:
        fig.add_shape(type="rect", x0=step - 0.5, x1=step + 0.5, y0=-0.5, y1=z.shape[0] - 0.5,
                      xref="x", yref="y", line={"color": theme.highlight, "width": 3})  # fmt: skip
    fig.update_layout(**layout(theme, title={"text": title}), height=theme.figure_height + 60,
                      xaxis={"type": "category", "tickangle": -30}, yaxis={"title": "unit"})  # fmt: skip
    return fig


def attention_heatmap(weights: np.ndarray, source: list[str], written: list[str], upto: int, title: str,
                      theme: Theme = DEFAULT) -> go.Figure:  # fmt: skip
    """Target × source attention, rows for the words written so far (steps 0..upto), the last outlined.

    Long sentences keep readable labels: past DENSE_WORDS source words the labels stand upright and
    shrink to fit a column, and the cells lose their printed values (the colour and hover keep them).
    """
    z = np.asarray(weights, dtype=np.float32)[: upto + 1]  # (steps so far, S)
    dense = z.shape[1] > DENSE_WORDS
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=_labels(source),
            y=_labels(written[: upto + 1]),
            colorscale=_scale(theme.gate_scale),
            zmin=0.0,
            zmax=1.0,
            text=None if dense else np.vectorize(lambda v: f"{v:.2f}")(z),  # a dense map prints none
            texttemplate="" if dense else "%{text}",
            textfont={"size": theme.small_size},
            hovertemplate="%{y} ← %{x}: %{z:.3f}<extra></extra>",
        )
    )
    fig.add_shape(type="rect", x0=-0.5, x1=z.shape[1] - 0.5, y0=upto - 0.5, y1=upto + 0.5,
                  line={"color": theme.highlight, "width": 3})  # fmt: skip
    rows = len(written)
    tick = theme.small_size if dense or rows > DENSE_WORDS else theme.font_size
    fig.update_layout(**layout(theme, title={"text": title, "x": 0.01, "xanchor": "left"}),  # clear of the modebar
                      height=max(260, 140 + (tick + 14) * rows),
                      xaxis={"type": "category", "tickangle": -90 if dense else -30, "tickfont": {"size": tick},
                             "automargin": True},
                      yaxis={"type": "category", "autorange": "reversed", "tickfont": {"size": tick}, "automargin": True})  # fmt: skip
    return fig


def top_words(top: list[tuple[str, float]], chosen: str, title: str, theme: Theme = DEFAULT) -> go.Figure:
    """The five most likely next words as horizontal bars; the word written is in the highlight colour."""
    words = [shown(w) for w, _ in top]
    probs = [p for _, p in top]
    colours = [theme.highlight if w == shown(chosen) else theme.model_colour for w in words]
    fig = go.Figure(go.Bar(x=probs, y=words, orientation="h", marker_color=colours,
                           text=[f"{p:.2f}" for p in probs], textposition="auto",
                           hovertemplate="%{y}: %{x:.3f}<extra></extra>"))  # fmt: skip
    fig.update_layout(**layout(theme, title={"text": title}), height=80 + 38 * len(words),
                      xaxis={"range": [0, 1]}, yaxis={"autorange": "reversed", "type": "category"},
                      showlegend=False)  # fmt: skip
    return fig


def cell_equations(run_arrays: dict[str, np.ndarray], step: int, unit: int) -> dict[str, float]:
    """The numbers of the LSTM equations for one unit at one step (C_{t-1} from the step before)."""
    c_prev = run_arrays["c0"][unit] if step == 0 else run_arrays["c"][step - 1, unit]
    h_prev = run_arrays["h0"][unit] if step == 0 else run_arrays["h"][step - 1, unit]
    values = {name: float(run_arrays[name][step, unit]) for name in ("f", "i", "g", "o", "c", "h")}
    return {**values, "c_prev": float(c_prev), "h_prev": float(h_prev)}
