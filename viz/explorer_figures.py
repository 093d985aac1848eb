"""The explorer's Plotly figures, built in Python from NumPy: units × time heatmaps, the prediction
after each prefix, gate saturation and the layer stack.

Pure functions (no Streamlit, no torch): arrays and words in, Plotly figure dicts out (what
plotly.js reads; the tests check each one is a valid `go.Figure`). Dicts rather than `go.Figure`
objects because plotly.py's validation costs ~0.5 s for the explorer's nine figures, and a new
sentence has 1 s. Arrays travel as Plotly's base64 typed arrays. Tokens go along time as numbered
ticks ("3 nem"), so a repeated token keeps its own column; units are numbered; every colour has a
colour bar with the quantity's range. The browser steps the figures by replacing the whole
`shapes` array (`step_shapes` here is their one definition; explorer's figures.js builds the same).
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from models.probe.names import BOUNDED, LABELS
from viz.theme import DEFAULT, Theme, layout

CLASS_COLOURS = ["#b2182b", "#2166ac", "#1b7837", "#e08214", "#762a83", "#35978f", "#8c510a", "#4d4d4d"]


def shown(token: str) -> str:
    """A token as a tick shows it: a later subword piece without "##", space and newline visible."""
    if len(token) > 2 and token.startswith("##"):
        return token[2:]
    return {"\n": "↵", " ": "·", "\t": "⇥"}.get(token, token)


def time_labels(tokens: Sequence[str]) -> list[str]:
    """One category per step, numbered from 1: "1 A", "2 film", ..., unique even for repeated tokens."""
    return [f"{t + 1} {shown(tok)}" for t, tok in enumerate(tokens)]


def typed(values: np.ndarray) -> dict:
    """A float32 array as plotly.js reads it without parsing (the format plotly.py writes)."""
    array = np.ascontiguousarray(values, dtype="<f4")
    spec = {"dtype": "f4", "bdata": base64.b64encode(array.tobytes()).decode("ascii")}
    if array.ndim > 1:
        spec["shape"] = ", ".join(str(n) for n in array.shape)
    return spec


def colorscale(stops: Sequence[str]) -> list[list]:
    """Evenly spaced colour stops as the [position, colour] pairs plotly.js reads."""
    return [[k / (len(stops) - 1), colour] for k, colour in enumerate(stops)]


def _axis(size: int, **more) -> dict:
    return {"tickfont": {"size": size}, "title": {"font": {"size": size}}, "automargin": True, **more}


def _colorbar(theme: Theme, size: int, ticks: list[float] | None = None) -> dict:
    bar = {"thickness": max(10, size // 2 + 4), "tickfont": {"size": size}, "len": 1.0, "outlinewidth": 0}
    if ticks is not None:
        bar |= {"tickvals": ticks, "ticktext": [f"{v:.2g}" for v in ticks]}
    return bar


def _domains(count: int, spacing: float) -> list[list[float]]:
    """Side-by-side panels: each panel's share of the width, as make_subplots would lay them out."""
    width = (1.0 - spacing * (count - 1)) / count
    return [[k * (width + spacing), k * (width + spacing) + width] for k in range(count)]


def _panel_titles(titles: Sequence[str], domains: list[list[float]], size: int) -> list[dict]:
    return [{"text": text, "x": (a + b) / 2, "y": 1.0, "xref": "paper", "yref": "paper", "xanchor": "center",
             "yanchor": "bottom", "showarrow": False, "font": {"size": size}} for text, (a, b) in zip(titles, domains, strict=True)]  # fmt: skip


def step_shapes(step: int, length: int, row: int | None = None, rows: int = 0, theme: Theme = DEFAULT,
                axis: str = "") -> list[dict]:  # fmt: skip
    """The current step's column (outlined) and, where given, the chosen unit's row (a line)."""
    shapes = [{"type": "rect", "xref": f"x{axis}", "yref": f"y{axis} domain", "x0": step - 0.5, "x1": step + 0.5,
               "y0": 0, "y1": 1, "line": {"color": theme.highlight, "width": 3}}]  # fmt: skip
    if row is not None and 0 <= row < rows:
        shapes.append({"type": "line", "xref": f"x{axis}", "yref": f"y{axis}", "x0": -0.5, "x1": length - 0.5,
                       "y0": row, "y1": row, "line": {"color": theme.highlight, "width": 2, "dash": "dot"}})  # fmt: skip
    return shapes


def heatmap(
    values: np.ndarray,
    name: str,
    tokens: Sequence[str],
    *,
    value_range: float = 1.0,
    step: int = 0,
    unit: int = 0,
    unit_word: str = "unit",
    theme: Theme = DEFAULT,
) -> dict:
    """One gate or state, units × time (values: (T, units)); rows in unit order, unit 0 on top.

    Gates are bounded to [0, 1] on the sequential scale; C̃, C and h sit on the diverging scale,
    centred on 0, from -value_range to +value_range. Six of these stand side by side, so their
    ticks use the theme's small size (20 px in projector mode) and few labels.
    """
    length, units = values.shape
    bounded = name in BOUNDED
    low, high = (0.0, 1.0) if bounded else (-value_range, value_range)
    label = LABELS.get(name, name)
    size = theme.small_size
    trace = {
        "type": "heatmap",
        "z": typed(values),
        "transpose": True,  # z is (T, units): the trace's own array, sent once
        "x": time_labels(tokens),
        "y": [str(u) for u in range(units)],
        "zmin": low,
        "zmax": high,
        "colorscale": colorscale(theme.gate_scale if bounded else theme.state_scale),
        "colorbar": _colorbar(theme, size, [low, (low + high) / 2, high]),
        "hovertemplate": f"%{{x}}<br>{unit_word} %{{y}}<br>{label} = %{{z:.3f}}<extra></extra>",
    }
    frame = layout(theme, margin={"l": 8, "r": 8, "t": theme.title_size + 12, "b": 8}, height=theme.figure_height,
                   title={"text": label, "font": {"size": theme.title_size}, "x": 0.01, "y": 0.99, "yanchor": "top"})  # fmt: skip
    frame["xaxis"] = _axis(size, type="category", showgrid=False, nticks=5 if theme.projector else 8)
    if theme.projector:
        frame["xaxis"]["tickangle"] = 0
    frame["yaxis"] = _axis(
        size, type="category", autorange="reversed", showgrid=False, nticks=3 if theme.projector else 6
    )
    if not theme.projector:
        frame["yaxis"]["title"]["text"] = unit_word
    frame["shapes"] = step_shapes(step, length, unit, units, theme)
    return {"data": [trace], "layout": frame}


def prediction_chart(
    probs: np.ndarray,
    tokens: Sequence[str],
    label_names: Sequence[str],
    *,
    step: int = 0,
    title: str = "",
    y_title: str = "P",
    theme: Theme = DEFAULT,
) -> dict:
    """The probability of each label after every prefix (probs: (T, C)), one line per label.

    A language model passes one column, the probability it gave the token that came next.
    """
    length = probs.shape[0]
    x = time_labels(tokens)[:length]
    data = []
    for k, label in enumerate(label_names):
        colour = CLASS_COLOURS[k % len(CLASS_COLOURS)] if len(label_names) > 1 else theme.model_colour
        data.append({"type": "scatter", "x": x, "y": typed(probs[:, k]), "mode": "lines+markers", "name": label,
                     "line": {"color": colour, "width": 3}, "marker": {"size": 6},
                     "hovertemplate": f"%{{x}}<br>{label}: %{{y:.3f}}<extra></extra>"})  # fmt: skip
    frame = layout(theme, height=theme.figure_height + 40, margin={"l": 8, "r": 8, "t": 2 * theme.title_size, "b": 8},
                   title={"text": title, "font": {"size": theme.title_size}, "x": 0.01},
                   legend={"orientation": "h", "y": 1.02, "x": 1, "xanchor": "right", "yanchor": "bottom",
                           "font": {"size": theme.font_size}})  # fmt: skip
    frame["xaxis"] = _axis(theme.font_size, type="category", nticks=8 if theme.projector else 16)
    if theme.projector:
        frame["xaxis"]["tickangle"] = 0
    frame["yaxis"] = _axis(theme.font_size, range=[-0.02, 1.02])
    frame["yaxis"]["title"]["text"] = y_title
    frame["shapes"] = step_shapes(min(step, length - 1), length, theme=theme)
    return {"data": data, "layout": frame}


def saturation_chart(
    sentence: dict[str, dict[str, Sequence[float]]],
    sample: dict[str, dict[str, Sequence[float]]] | None = None,
    *,
    unit: int = 0,
    names: tuple[str, str] = ("this sentence", "held-out sample"),
    axis_titles: tuple[str, str] = ("< 0.1", "> 0.9"),
    unit_word: str = "unit",
    theme: Theme = DEFAULT,
) -> dict:
    """Per gate: every unit at (share of steps the gate is below 0.1, share above 0.9).

    Karpathy et al. (2015): a unit in the top-left corner is a switch that is usually open, in
    the bottom-right one that is usually shut. Two sources, this sentence (shown) and the held-out
    sample (hidden until chosen); `meta` names each trace's source.
    """
    gates = list(sentence)
    domains = _domains(max(len(gates), 1), 0.08)
    data, frame = (
        [],
        layout(theme, height=theme.figure_height + 40, margin={"l": 8, "r": 8, "t": 2 * theme.title_size, "b": 8}),
    )
    for k, gate in enumerate(gates):
        axis = "" if k == 0 else str(k + 1)
        for source, values, visible in (("sentence", sentence, True), ("sample", sample or {}, False)):
            if gate not in values:
                continue
            units = len(values[gate]["lo"])
            data.append({"type": "scatter", "x": list(values[gate]["lo"]), "y": list(values[gate]["hi"]),
                         "xaxis": f"x{axis}", "yaxis": f"y{axis}", "customdata": list(range(units)), "mode": "markers",
                         "name": names[source == "sample"], "meta": source, "visible": visible, "showlegend": False,
                         "marker": {"color": theme.model_colour, "size": 7, "opacity": 0.55},
                         "hovertemplate": f"{unit_word} %{{customdata}}<br>{axis_titles[0]}: %{{x:.2f}}<br>{axis_titles[1]}: %{{y:.2f}}<extra></extra>"})  # fmt: skip
        x_axis = _axis(theme.font_size, range=[-0.05, 1.05], domain=domains[k], anchor=f"y{axis}")
        y_axis = _axis(theme.font_size, range=[-0.05, 1.05], anchor=f"x{axis}")
        if k == len(gates) // 2:  # one x title under the middle panel: three would overlap
            x_axis["title"]["text"] = axis_titles[0]
        if k == 0:
            y_axis["title"]["text"] = axis_titles[1]
        frame[f"xaxis{axis}"], frame[f"yaxis{axis}"] = x_axis, y_axis
    frame["annotations"] = _panel_titles([LABELS.get(g, g) for g in gates], domains, theme.title_size)
    frame["shapes"] = saturation_shapes(sentence, unit, theme)
    return {"data": data, "layout": frame}


def saturation_shapes(data: dict[str, dict[str, Sequence[float]]], unit: int, theme: Theme = DEFAULT) -> list[dict]:
    """A ring around the chosen unit in every gate's panel."""
    shapes = []
    for k, gate in enumerate(data):
        x, y = data[gate]["lo"][unit], data[gate]["hi"][unit]
        axis = "" if k == 0 else str(k + 1)
        shapes.append({"type": "circle", "xref": f"x{axis}", "yref": f"y{axis}", "x0": x - 0.05, "x1": x + 0.05,
                       "y0": y - 0.05, "y1": y + 0.05, "line": {"color": theme.highlight, "width": 3}})  # fmt: skip
    return shapes


def layer_stack(
    hidden: Sequence[tuple[str, np.ndarray]],
    tokens: Sequence[str],
    *,
    step: int = 0,
    unit_word: str = "unit",
    theme: Theme = DEFAULT,
) -> dict:
    """h_t of every layer and direction side by side ((title, (T, units)) each), on one h scale."""
    domains = _domains(len(hidden), 0.06)
    size = theme.small_size
    data, shapes = [], []
    frame = layout(theme, height=theme.figure_height, margin={"l": 8, "r": 8, "t": 2 * theme.title_size, "b": 8})
    for k, (_, values) in enumerate(hidden):
        length, units = values.shape
        axis = "" if k == 0 else str(k + 1)
        data.append({"type": "heatmap", "z": typed(values), "transpose": True, "x": time_labels(tokens),
                     "y": [str(u) for u in range(units)], "xaxis": f"x{axis}", "yaxis": f"y{axis}", "zmin": -1.0,
                     "zmax": 1.0, "colorscale": colorscale(theme.state_scale), "showscale": k == len(hidden) - 1,
                     "colorbar": _colorbar(theme, size, [-1.0, 0.0, 1.0]),
                     "hovertemplate": f"%{{x}}<br>{unit_word} %{{y}}<br>h_t = %{{z:.3f}}<extra></extra>"})  # fmt: skip
        frame[f"xaxis{axis}"] = _axis(
            size, type="category", showgrid=False, domain=domains[k], anchor=f"y{axis}", nticks=8
        )
        frame[f"yaxis{axis}"] = _axis(
            size, type="category", autorange="reversed", showgrid=False, anchor=f"x{axis}", nticks=6
        )
        shapes += step_shapes(step, length, theme=theme, axis=axis)
    frame["annotations"] = _panel_titles([title for title, _ in hidden], domains, theme.title_size)
    frame["shapes"] = shapes
    return {"data": data, "layout": frame}
