"""Model-card figures: how a zoo model compares with its stated baseline."""

from __future__ import annotations

import plotly.graph_objects as go

from viz.i18n import CATALOGUE, number, tr
from viz.theme import DEFAULT, Theme, layout

LOWER_IS_BETTER = {"bits_per_char"}


def _shown(prefix: str, name: str, lang: str) -> str:
    """A metric or baseline name in `lang`; one the catalogue lacks with its underscores as spaces."""
    key = f"{prefix}_{name}"
    return tr(key, lang) if key in CATALOGUE else name.replace("_", " ")


def metric_comparison(card: dict, theme: Theme = DEFAULT, lang: str = "en") -> go.Figure:
    """Horizontal bars: the model and each baseline on the card's first test metric."""
    test = card["metrics"]["test"]
    metric = next(iter(test))
    names = [tr("this_model", lang), *(_shown("baseline", b, lang) for b in card["metrics"]["baselines"])]
    values = [test[metric], *(b.get(metric, 0.0) for b in card["metrics"]["baselines"].values())]
    colours = [theme.model_colour] + [theme.baseline_colour] * (len(names) - 1)
    fig = go.Figure(
        go.Bar(
            x=values,
            y=names,
            orientation="h",
            marker_color=colours,
            text=[f"{v:.3f}" for v in values],
            textposition="auto",
            cliponaxis=False,  # a value written beside its bar stays whole
            hovertemplate="%{y}: %{x:.4f}<extra></extra>",
        )
    )
    better = tr("lower_is_better" if metric in LOWER_IS_BETTER else "higher_is_better", lang)
    title = tr("metric_title", lang, metric=_shown("metric", metric, lang), better=better)
    fig.update_layout(
        **layout(theme, title={"text": title}),
        height=90 + 45 * len(names),
        yaxis={"autorange": "reversed", "automargin": True},  # long baseline names push the bars right, not off
        xaxis={"rangemode": "tozero"},
        showlegend=False,
    )
    return fig


NATURAL_HEADLINES = [  # the figures each kind of natural set is judged by; the catalogue says them ("natural_<key>")
    "accuracy",
    "accuracy_negated",
    "accuracy_positive_vs_negative",
    "person_f1",
    "entity_f1",
    "bits_per_char",
    "card_in_string_unit_r",
    "unknown_token_share",
]
OTHER_WRITERS_HEADLINES = NATURAL_HEADLINES[:5]  # the other writers' sets: accuracies and F1s, not the token share


def natural_summary(card: dict, lang: str = "en") -> str | None:
    """One line on the card's natural set (text written apart from the training data), or None."""
    natural = card.get("natural")
    if not natural:
        return None
    parts = [tr(f"natural_{key}", lang, v=natural[key]) for key in NATURAL_HEADLINES if key in natural]
    if "prose" in natural:
        parts.append(tr("natural_prose", lang, v=natural["prose"]["bits_per_char"]))
    if "modern_prompts" in natural:
        parts.append(tr("natural_modern_prompts", lang, v=natural["modern_prompts"]["modern_share"]))
    best = natural.get("best_in_string_unit")
    if best:
        parts.append(tr("natural_best_string_unit", lang, v=best["r"]))
    found = natural.get("best_found_in_string_unit")
    if found:
        parts.append(tr("natural_best_found_string_unit", lang, v=found["r"]))
    size = natural.get("sentences") or natural.get("characters")
    unit = tr("natural_sentences" if "sentences" in natural else "natural_characters", lang)
    line = tr("natural_line", lang, size=number(size, lang), unit=unit, parts=", ".join(parts))
    others = natural.get("other_writers", {})
    if others:
        sets = [", ".join(tr(f"natural_{key}", lang, v=figures[key]) for key in OTHER_WRITERS_HEADLINES if key in figures)
                + f" ({number(figures['sentences'], lang)})" for figures in others.values()]  # fmt: skip
        line += ". " + tr("natural_other_writers", lang, sets="; ".join(sets))
    return line
