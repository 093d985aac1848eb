"""The vanishing-gradient figure: gradient size against distance, one line per architecture."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from viz.theme import DEFAULT, Theme, layout

COLOURS = {"RNN": "#d55e00", "GRU": "#009e73", "LSTM": "#0072b2"}  # Okabe-Ito: colour-blind safe


def gradient_figure(
    norms: dict[str, np.ndarray], title: str, x_title: str, y_title: str, theme: Theme = DEFAULT
) -> go.Figure:
    """norms: architecture -> |∂L/∂x_t| for t = 1..T (log scale, the last step at the right)."""
    fig = go.Figure()
    for name, values in norms.items():
        steps = np.arange(1, len(values) + 1)
        fig.add_trace(
            go.Scatter(
                x=steps,
                y=np.maximum(values, 1e-12),
                mode="lines",
                name=name,
                line={"width": 4, "color": COLOURS.get(name)},
                hovertemplate=f"{name}: t=%{{x}}, %{{y:.2e}}<extra></extra>",
            )
        )
    fig.update_layout(
        **layout(theme, title={"text": title}),
        height=420,
        yaxis={"type": "log", "title": y_title, "exponentformat": "power"},
        xaxis={"title": x_title},
        legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom"},
    )
    return fig
