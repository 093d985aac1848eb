"""Figures of a corpus store's unit dashboard: pure functions of the numbers the store keeps.

No Streamlit, no torch: the histogram and the latent bars are Plotly figures, a context is an
HTML string of escaped tokens coloured by the unit's value (the token the context is about boxed).
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from viz.theme import DEFAULT, Theme, layout


def histogram(edges: Sequence[float], counts: Sequence[int], quantiles: dict[str, float], title: str, x_title: str,
              y_title: str, theme: Theme = DEFAULT) -> go.Figure:  # fmt: skip
    """Token counts per bin over the whole corpus (log scale), with the quartiles and the median marked."""
    edges = np.asarray(edges, dtype=float)
    centres, widths = (edges[:-1] + edges[1:]) / 2, np.diff(edges)
    fig = go.Figure(go.Bar(x=centres, y=list(counts), width=widths, marker={"color": theme.model_colour},
                           hovertemplate="%{x:.3f}: %{y:,}<extra></extra>"))  # fmt: skip
    for name, value in quantiles.items():
        fig.add_vline(x=value, line={"color": theme.highlight if name == "50%" else theme.baseline_colour, "dash": "dot"},
                      annotation_text=name, annotation_position="top")  # fmt: skip
    fig.update_layout(**layout(theme, title={"text": title}, height=320,
                               bargap=0.02, margin={"l": 10, "r": 10, "t": 70, "b": 10}))  # fmt: skip
    fig.update_xaxes(title={"text": x_title})
    fig.update_yaxes(type="log", title={"text": y_title})
    return fig


def latent_bars(correlations: dict[str, float], title: str, theme: Theme = DEFAULT) -> go.Figure:
    """Pearson r of the unit with each latent variable, on a fixed -1..1 axis."""
    names = list(correlations)
    values = [correlations[n] for n in names]
    colours = [theme.state_scale[-2] if v >= 0 else theme.state_scale[1] for v in values]
    fig = go.Figure(go.Bar(x=values, y=names, orientation="h", marker={"color": colours},
                           text=[f"{v:+.2f}" for v in values], textposition="outside"))  # fmt: skip
    fig.update_layout(**layout(theme, title={"text": title},
                               height=120 + 40 * len(names)))  # fmt: skip
    fig.update_xaxes(range=[-1.1, 1.1], zeroline=True)
    return fig


def _colour(value: float, scale: Sequence[str], limit: float) -> str:
    position = (np.clip(value / limit, -1, 1) + 1) / 2 if limit > 0 else 0.5
    return scale[int(round(position * (len(scale) - 1)))]


def context_html(tokens: Sequence[str], values: Sequence[float], position: int, window: int = 12,
                 theme: Theme = DEFAULT) -> str:  # fmt: skip
    """The tokens around `position`, each on a background of the unit's value (diverging, 0 white),
    the token at `position` boxed; every token HTML-escaped."""
    start, stop = max(0, position - window), min(len(tokens), position + window + 1)
    limit = max((abs(v) for v in values[start:stop]), default=1.0) or 1.0
    spans = []
    for t in range(start, stop):
        colour = _colour(values[t], theme.state_scale, limit)
        dark = abs(values[t]) / limit > 0.6
        border = f"2px solid {theme.highlight}" if t == position else "2px solid transparent"
        spans.append(f'<span title="{values[t]:+.3f}" style="background:{colour};color:{"white" if dark else "black"};'
                     f'border:{border};padding:1px 3px;margin:1px;border-radius:3px;white-space:pre">'
                     f"{html.escape(tokens[t])}</span>")  # fmt: skip
    lead = "… " if start > 0 else ""
    tail = " …" if stop < len(tokens) else ""
    return f'<div style="line-height:2;font-family:{html.escape(theme.font_family)}">{lead}{"".join(spans)}{tail}</div>'
