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


NATURAL_HEADLINES = {  # the figure each kind of natural set is judged by, and how to say it
    "accuracy": "accuracy {v:.3f}",
    "accuracy_negated": "negated sentences {v:.3f}",
    "accuracy_positive_vs_negative": "positive vs negative {v:.3f}",
    "person_f1": "person F1 {v:.3f}",
    "entity_f1": "all entities F1 {v:.3f}",
    "bits_per_char": "{v:.3f} bits per character",
    "card_in_string_unit_r": "the card's string unit r = {v:+.2f}",
    "unknown_token_share": "unknown tokens {v:.1%}",
}


def natural_summary(card: dict) -> str | None:
    """One line on the card's natural set (text written apart from the training data), or None."""
    natural = card.get("natural")
    if not natural:
        return None
    parts = [fmt.format(v=natural[key]) for key, fmt in NATURAL_HEADLINES.items() if key in natural]
    best = natural.get("best_in_string_unit")
    if best:
        parts.append(f"best string unit r = {best['r']:+.2f}")
    size = natural.get("sentences") or natural.get("characters")
    unit = "sentences" if "sentences" in natural else "characters"
    return f"Natural text ({size:,} {unit}, never trained on): " + ", ".join(parts)
