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
    # the title on the first line, the legend on the next, the axes' labels given the room they need
    top = round(1.6 * theme.title_size + 1.8 * theme.font_size)
    fig.update_layout(
        **layout(theme, title={"text": title, "y": 1.0, "yanchor": "top",
                               "yref": "container", "pad": {"t": 6}}, margin={"l": 10, "r": 10, "t": top, "b": 10}),  # fmt: skip
        height=420 + (top - 50),
        yaxis={"type": "log", "title": y_title, "exponentformat": "power", "automargin": True},
        xaxis={"title": x_title, "automargin": True},
        legend={"orientation": "h", "y": 1.0, "x": 1, "xanchor": "right", "yanchor": "bottom"},
    )
    return fig
