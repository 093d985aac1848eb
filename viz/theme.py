"""Colours, fonts and sizes for every figure: projector mode and the second palette change this one
place, and the explorer's browser code receives `for_browser(...)` instead of typing its own."""

from __future__ import annotations

from dataclasses import dataclass, replace

# Sequential (values in [0, 1]: the gates) and diverging (centred on 0: C̃, C, h) colour stops.
VIRIDIS = ("#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725")
RDBU_R = ("#053061", "#2166ac", "#4393c3", "#92c5de", "#d1e5f0", "#f7f7f7", "#fddbc7", "#f4a582", "#d6604d", "#b2182b", "#67001f")  # fmt: skip
# The second palette: cividis and purple-orange, readable with red-green colour blindness and in greyscale.
CIVIDIS = ("#00224e", "#123570", "#3b496c", "#575d6d", "#707173", "#8a8779", "#a69d75", "#c4b56c", "#e4cf5b", "#fee838")
PUOR_R = ("#2d004b", "#542788", "#8073ac", "#b2abd2", "#d8daeb", "#f7f7f7", "#fee0b6", "#fdb863", "#e08214", "#b35806", "#7f3b08")  # fmt: skip
PALETTES = {"default": (VIRIDIS, RDBU_R), "alt": (CIVIDIS, PUOR_R)}


@dataclass(frozen=True)
class Theme:
    font_family: str = "Inter, 'DejaVu Sans', Arial, sans-serif"
    font_size: int = 15
    title_size: int = 18
    gate_scale: tuple[str, ...] = VIRIDIS  # sequential, for values in [0, 1]
    state_scale: tuple[str, ...] = RDBU_R  # diverging, centred on 0, for C̃, C and h
    model_colour: str = "#1f5fbf"
    baseline_colour: str = "#9aa5b1"
    highlight: str = "#ff2d55"  # the current step and the chosen unit, in every view
    background: str = "white"
    figure_height: int = 250  # one heatmap of the explorer
    small_size: int = 13  # ticks of the explorer's small multiples (six heatmaps side by side)
    projector: bool = False


DEFAULT = Theme()
PROJECTOR = Theme(font_size=24, title_size=30, figure_height=300, small_size=20, projector=True)


def theme_for(projector: bool = False, palette: str = "default") -> Theme:
    """The theme of a view: projector sizes or not, the default or the second palette."""
    gates, states = PALETTES.get(palette, PALETTES["default"])
    return replace(PROJECTOR if projector else DEFAULT, gate_scale=gates, state_scale=states)


def layout(theme: Theme = DEFAULT, **overrides) -> dict:
    """Common Plotly layout keywords for a theme."""
    base = {
        "font": {"family": theme.font_family, "size": theme.font_size},
        "title": {"font": {"size": theme.title_size}},
        "paper_bgcolor": theme.background,
        "plot_bgcolor": theme.background,
        "margin": {"l": 10, "r": 10, "t": 50, "b": 10},
    }
    title = overrides.pop("title", None)  # merged, so a figure's title keeps the theme's title size
    if title is not None:
        base["title"] = {**base["title"], **(title if isinstance(title, dict) else {"text": title})}
    base.update(overrides)
    return base


def for_browser(theme: Theme) -> dict:
    """What the explorer's hand-drawn panels (bars, cell diagram, coloured text) draw with."""
    return {
        "sequential": list(theme.gate_scale),
        "diverging": list(theme.state_scale),
        "highlight": theme.highlight,
        "model": theme.model_colour,
        "fontFamily": theme.font_family,
        "fontSize": theme.font_size,
        "titleSize": theme.title_size,
        "projector": theme.projector,
    }
