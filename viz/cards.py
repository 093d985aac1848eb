"""Model-card figures: how a zoo model compares with its stated baseline."""

from __future__ import annotations

import plotly.graph_objects as go

from viz.theme import DEFAULT, Theme, layout

LOWER_IS_BETTER = {"bits_per_char"}


def metric_comparison(card: dict, theme: Theme = DEFAULT) -> go.Figure:
    """Horizontal bars: the model and each baseline on the card's first test metric."""
    test = card["metrics"]["test"]
    metric = next(iter(test))
    names = ["this model", *card["metrics"]["baselines"]]
    values = [test[metric], *(b.get(metric, 0.0) for b in card["metrics"]["baselines"].values())]
    colours = [theme.model_colour] + [theme.baseline_colour] * (len(names) - 1)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=[n.replace("_", " ") for n in names],
            orientation="h",
            marker_color=colours,
            text=[f"{v:.3f}" for v in values],
            textposition="auto",
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
        )
    )
    better = "lower is better" if metric in LOWER_IS_BETTER else "higher is better"
    fig.update_layout(
        **layout(theme, title={"text": f"{metric.replace('_', ' ')} on the test split ({better})"}),
        height=90 + 45 * len(names),
        yaxis={"autorange": "reversed"},
        xaxis={"rangemode": "tozero"},
        showlegend=False,
    )
    return fig
