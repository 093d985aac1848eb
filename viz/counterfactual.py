"""Figures of an intervention: the original run beside the edited one, and where the change spread.

Pure functions of NumPy arrays (the two traces' arrays, taken by the caller), so each figure is
tested without a browser. Tokens go along time as numbered ticks (a repeated token stays its own
column), units along the other axis, and every colour has a colour bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
import plotly.graph_objects as go

from viz.theme import DEFAULT, Theme, layout

ORIGINAL_DASH, EDITED_DASH = "solid", "dash"
CLASS_COLOURS = ["#c0392b", "#7f8c8d", "#1e8449", "#1f5fbf", "#8e44ad", "#d35400", "#16a085", "#2c3e50"]


@dataclass
class CounterfactualView:
    """What the intervention panel shows, built once (ui/intervention.py) for the page and for the
    offline file (viz/export_html.py): plain text, never Markdown; the figures in the page's order."""

    headline: str  # the verdict line: changed or not, the tags changed, or bits per character
    edits: list[str]  # each edit in words
    prediction: go.Figure | None = None  # both runs' probability lines, tag rows, or next-character lines
    deltas: list[go.Figure] = field(default_factory=list)  # ΔC and Δh (Δh alone for a GRU or an RNN)
    spread: go.Figure | None = None  # mean |Δh| per layer and direction
    table: list[dict[str, str]] | None = None  # a language model's top-5 next characters, original and edited
    table_title: str = ""

    @property
    def figures(self) -> list[go.Figure]:
        """Every figure, in the page's order."""
        return [f for f in (self.prediction, *self.deltas, self.spread) if f is not None]


def _margin(theme: Theme) -> dict:
    """Room for tick labels and axis titles at the theme's font size (Plotly does not make it itself)."""
    return {"l": 4 * theme.font_size, "r": 20, "t": 3 * theme.title_size, "b": 2 * theme.font_size}


def _time_axis(tokens: Sequence[str], theme: Theme) -> dict:
    shown = [t.replace("\n", "⏎").replace(" ", "␣") if t.strip() == "" or "\n" in t else t for t in tokens]
    every = max(1, len(tokens) // 40)  # at most about 40 labels, so they stay readable
    ticks = list(range(0, len(tokens), every))
    return {
        "tickmode": "array",
        "tickvals": ticks,
        "ticktext": [shown[i] for i in ticks],
        "tickfont": {"size": theme.font_size},
        "range": [-0.5, len(tokens) - 0.5],
    }


def prediction_lines(
    original: np.ndarray,
    edited: np.ndarray,
    tokens: Sequence[str],
    label_names: Sequence[str],
    names: tuple[str, str],
    title: str,
    y_title: str,
    theme: Theme = DEFAULT,
) -> go.Figure:
    """A classifier's probability of each label after every prefix: original solid, edited dashed."""
    fig = go.Figure()
    x = np.arange(len(tokens))
    for k, label in enumerate(label_names):
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)]
        for probs, name, dash in ((original, names[0], ORIGINAL_DASH), (edited, names[1], EDITED_DASH)):
            fig.add_trace(go.Scatter(x=x, y=probs[:, k], mode="lines+markers", name=f"{label} ({name})",
                                     line={"color": colour, "dash": dash, "width": 3}, marker={"size": 7}))  # fmt: skip
    fig.update_layout(**layout(theme, margin=_margin(theme), title={"text": title}, height=380,
                               legend={"orientation": "h", "y": -0.25, "font": {"size": theme.font_size}}))  # fmt: skip
    fig.update_xaxes(**_time_axis(tokens, theme))
    fig.update_yaxes(range=[-0.02, 1.02], title={"text": y_title, "font": {"size": theme.font_size}}, tickfont={"size": theme.font_size})
    return fig


def tag_rows(
    original: Sequence[int],
    edited: Sequence[int],
    tokens: Sequence[str],
    label_names: Sequence[str],
    names: tuple[str, str],
    title: str,
    theme: Theme = DEFAULT,
) -> go.Figure:
    """A tagger's tag per token in two rows, original above edited; a changed tag is outlined."""
    z = np.array([list(original), list(edited)], dtype=float)
    n = max(len(label_names), 2)
    scale = [[i / (n - 1), CLASS_COLOURS[i % len(CLASS_COLOURS)]] for i in range(n)]
    text = [[label_names[int(v)] for v in row] for row in z]
    fig = go.Figure(go.Heatmap(z=z, x=np.arange(len(tokens)), y=[0, 1], zmin=0, zmax=n - 1, colorscale=scale,
                               text=text, texttemplate="%{text}", textfont={"size": theme.font_size},
                               showscale=False, xgap=2, ygap=2))  # fmt: skip
    changed = [t for t in range(len(tokens)) if original[t] != edited[t]]
    fig.update_layout(**layout(theme, margin=_margin(theme), title={"text": title}, height=260),
                      shapes=[{"type": "rect", "x0": t - 0.5, "x1": t + 0.5, "y0": 0.5, "y1": 1.5,
                               "line": {"color": "black", "width": 4}} for t in changed])  # fmt: skip
    fig.update_xaxes(**_time_axis(tokens, theme))
    fig.update_yaxes(tickmode="array", tickvals=[0, 1], ticktext=list(names), autorange="reversed",
                     tickfont={"size": theme.font_size})  # fmt: skip
    return fig


def next_token_lines(
    original: np.ndarray,
    edited: np.ndarray,
    tokens: Sequence[str],
    names: tuple[str, str],
    title: str,
    y_title: str,
    theme: Theme = DEFAULT,
) -> go.Figure:
    """A language model: the probability it gave the token that actually came next, before and after.

    original, edited: (T-1,) probabilities of token t+1 after reading tokens 0..t.
    """
    x = np.arange(len(original))
    fig = go.Figure()
    for probs, name, dash, colour in ((original, names[0], ORIGINAL_DASH, theme.baseline_colour),
                                      (edited, names[1], EDITED_DASH, theme.model_colour)):  # fmt: skip
        fig.add_trace(go.Scatter(x=x, y=probs, mode="lines+markers", name=name,
                                 line={"color": colour, "dash": dash, "width": 3}))  # fmt: skip
    fig.update_layout(**layout(theme, margin=_margin(theme), title={"text": title}, height=360,
                               legend={"orientation": "h", "y": -0.25, "font": {"size": theme.font_size}}))  # fmt: skip
    fig.update_xaxes(**_time_axis(tokens[1:], theme))
    fig.update_yaxes(range=[-0.02, 1.02], title={"text": y_title, "font": {"size": theme.font_size}}, tickfont={"size": theme.font_size})
    return fig


def difference_heatmap(
    delta: np.ndarray,
    tokens: Sequence[str],
    title: str,
    colour_title: str,
    unit_title: str,
    edited_units: Sequence[int] = (),
    theme: Theme = DEFAULT,
) -> go.Figure:
    """edited - original for one state, units x time, on a diverging scale centred on 0."""
    limit = float(np.abs(delta).max()) or 1.0
    units = delta.shape[1]
    fig = go.Figure(go.Heatmap(z=delta.T, x=np.arange(len(tokens)), y=np.arange(units), zmin=-limit, zmax=limit,
                               zmid=0.0, colorscale=theme.state_scale,
                               colorbar={"title": {"text": colour_title, "font": {"size": theme.font_size}}, "tickfont": {"size": theme.font_size}},
                               hovertemplate="t=%{x}<br>unit %{y}<br>Δ=%{z:.3f}<extra></extra>"))  # fmt: skip
    marks = [{"type": "line", "x0": -0.5, "x1": len(tokens) - 0.5, "y0": u, "y1": u,
              "line": {"color": "black", "width": 1, "dash": "dot"}} for u in edited_units]  # fmt: skip
    fig.update_layout(**layout(theme, margin=_margin(theme), title={"text": title},
                               height=min(720, 200 + 2 * units)), shapes=marks)  # fmt: skip
    fig.update_xaxes(**_time_axis(tokens, theme))
    fig.update_yaxes(title={"text": unit_title, "font": {"size": theme.font_size}}, tickfont={"size": theme.font_size}, autorange="reversed")
    return fig


def spread_heatmap(
    rows: dict[str, np.ndarray],
    tokens: Sequence[str],
    title: str,
    colour_title: str,
    theme: Theme = DEFAULT,
) -> go.Figure:
    """Mean |Δh| over units for every layer and direction (rows) and step: where the change went."""
    names = list(rows)
    z = np.stack([rows[n] for n in names]) if names else np.zeros((0, len(tokens)))
    fig = go.Figure(go.Heatmap(z=z, x=np.arange(len(tokens)), y=names, zmin=0.0, colorscale="Greys",
                               colorbar={"title": {"text": colour_title, "font": {"size": theme.font_size}}, "tickfont": {"size": theme.font_size}},
                               xgap=1, ygap=3))  # fmt: skip
    fig.update_layout(**layout(theme, margin=_margin(theme), title={"text": title},
                               height=160 + 60 * len(names)))  # fmt: skip
    fig.update_xaxes(**_time_axis(tokens, theme))
    fig.update_yaxes(tickfont={"size": theme.font_size}, autorange="reversed")
    return fig
