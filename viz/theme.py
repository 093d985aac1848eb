"""Colours, fonts and sizes for every figure: projector mode changes this one place."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    font_family: str = "Inter, 'DejaVu Sans', Arial, sans-serif"
    font_size: int = 15
    title_size: int = 18
    gate_scale: str = "Viridis"  # sequential, for values in [0, 1]
    state_scale: str = "RdBu_r"  # diverging, centred on 0, for C̃, C and h
    model_colour: str = "#1f5fbf"
    baseline_colour: str = "#9aa5b1"
    background: str = "white"


DEFAULT = Theme()
PROJECTOR = Theme(font_size=24, title_size=30)


def layout(theme: Theme = DEFAULT, **overrides) -> dict:
    """Common Plotly layout keywords for a theme."""
    base = {
        "font": {"family": theme.font_family, "size": theme.font_size},
        "title": {"font": {"size": theme.title_size}},
        "paper_bgcolor": theme.background,
        "plot_bgcolor": theme.background,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    }
    base.update(overrides)
    return base
