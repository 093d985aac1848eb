"""The explorer's payload: one layer and direction of a Trace, packed for the page.

The browser keeps this payload and redraws only what a step changes, so a step costs no
round trip to Python. Arrays travel as base64 float32 (row-major, shape (T, units)): NumPy
bytes encode 10-25x faster than Python lists and decode in the browser without parsing. What the
page shows is computed here (orders, ranges, saturation) or built here (the Plotly figures); the
browser only draws.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence

import numpy as np

from models.probe import analysis
from models.probe.names import GATES, STATES, schema, views
from viz import explorer_figures as figures
from viz.cells import gru_terms
from viz.theme import DEFAULT, Theme, for_browser

TOP_K = 5  # next-token candidates shown for language models


def encode(array: np.ndarray, dtype: str = "<f4") -> str:
    """Little-endian, row-major, base64 (float32 unless told: orders travel as uint16)."""
    return base64.b64encode(np.ascontiguousarray(array, dtype=dtype).tobytes()).decode("ascii")


def decode(text: str, shape: tuple[int, ...], dtype: str = "<f4") -> np.ndarray:
    """The inverse of `encode` (tests use it to read back what the page was sent)."""
    return np.frombuffer(base64.b64decode(text), dtype=dtype).reshape(shape)


def payload(
    trace,
    layer: int,
    direction: int,
    *,
    task: str,
    label_names: Sequence[str],
    vocab: Sequence[str] | None = None,
    true_labels: Sequence[int] | None = None,
    latents: dict[str, Sequence[float]] | None = None,
    step: int = 0,
    unit: int = 0,
    lang: str = "en",
    trace_id: str = "",
    theme: Theme = DEFAULT,
    words: dict[str, str] | None = None,
    sample_saturation: dict | None = None,
) -> dict:
    """Everything the explorer draws for one (layer, direction) of `trace` (a models.probe.Trace).

    The browser computes nothing: unit orders, colour ranges, what the cell forgot and wrote, and
    gate saturation come from NumPy here, and the heatmaps, the prediction, the saturation and the
    layer stack come as Plotly figures. A heatmap's z is the array already in `arrays` (it says
    {"ref": name}), so no array travels twice.
    """
    words = {**ENGLISH_WORDS, **(words or {})}
    info = trace.layers[layer]
    kind = info.kind
    length = trace.length
    step = int(min(max(step, 0), length - 1))
    unit = int(min(max(unit, 0), info.hidden_size - 1))
    values = {name: trace.get(name, layer, direction) for name in views(kind)}
    pre = [f"{g}_pre" for g in GATES[kind]] + (["h_pre"] if kind == "rnn" else [])
    arrays = {**values, **{name: trace.get(name, layer, direction) for name in pre}}
    ranges = analysis.value_ranges(values)
    if kind == "lstm":
        moves = analysis.cell_moves(values["f"], values["i"], values["g"], trace.previous("c", layer, direction))
        arrays |= moves
        ranges["moved"] = analysis.moved_range(moves)
    if kind == "gru":  # the two terms of h_t the GRU diagram shows
        arrays |= gru_terms(values["z"], values["n"], trace.previous("h", layer, direction))
    memory = values["c" if kind == "lstm" else "h"]  # units are ranked by their memory
    kept_latents = {k: np.asarray(v, dtype=np.float64) for k, v in (latents or {}).items() if len(v) == length}
    orders = analysis.unit_orders(memory, kept_latents)
    tokens = list(trace.tokens) if trace.tokens is not None else [str(i) for i in trace.token_ids]
    saturation = {"sentence": analysis.saturation([trace], layer, direction), "sample": sample_saturation or {}}
    return {
        "id": trace_id or f"{layer}-{direction}-{length}",
        "kind": kind,
        "schema": schema(kind),
        "theme": for_browser(theme),
        "task": task,
        "lang": lang,
        "tokens": tokens,
        "T": length,
        "units": info.hidden_size,
        "outputSize": info.output_size,
        "layer": layer,
        "direction": direction,
        "layers": len(trace.layers),
        "directions": info.directions,
        "arrays": {name: encode(a) for name, a in arrays.items()},
        "initial": {
            f"{s}0": trace.get(f"{s}0", layer, direction).astype(float).round(6).tolist() for s in STATES[kind]
        },
        "ranges": ranges,
        "orders": {
            "activity": encode(orders.pop("activity"), "<u2"),  # (T, units): one order per step
            **{key: order.tolist() for key, order in orders.items() if key != "index"},
        },
        "saturation": saturation,
        "predictions": _predictions(trace, task, label_names, vocab),
        "figures": _figures(
            trace,
            layer,
            direction,
            values,
            ranges,
            task,
            label_names,
            saturation,
            tokens,
            step=step,
            unit=unit,
            theme=theme,
            words=words,
        ),  # fmt: skip
        "trueLabels": list(true_labels) if true_labels is not None else None,
        "latents": sorted(kept_latents),
        "step": step,
        "unit": unit,
    }


ENGLISH_WORDS = {"unit": "unit", "left": "< 0.1", "right": "> 0.9", "satSentence": "this sentence",
                 "satSample": "held-out sample", "layerWord": "layer", "predAxis": "P", "nextAxis": "P(next token)"}  # fmt: skip


def _figures(trace, layer, direction, values, ranges, task, label_names, saturation, tokens, *, step, unit, theme, words) -> dict:  # fmt: skip
    """The Plotly figures, as dicts; the heatmaps' z refer to the payload's arrays."""
    heat = {}
    for name, array in values.items():
        fig = figures.heatmap(array, name, tokens, value_range=ranges[name], step=step, unit=unit,
                                              unit_word=words["unit"], theme=theme)  # fmt: skip
        fig["data"][0]["z"] = {"ref": name}
        heat[name] = fig
    pred = None
    if trace.probs is not None:
        probs = trace.probs
        if task == "lm":  # the probability given to the token that came next
            following = np.asarray(trace.token_ids)[1:]
            column = probs[np.arange(len(following)), following][:, None] if len(following) else np.zeros((0, 1))
            pred = figures.prediction_chart(
                column, tokens, [words["nextAxis"]], step=step, y_title=words["nextAxis"], theme=theme
            )
        else:
            labels = list(label_names) or [str(i) for i in range(probs.shape[1])]
            pred = figures.prediction_chart(probs, tokens, labels, step=step, y_title=words["predAxis"], theme=theme)
        pred = pred if pred["data"] and probs.shape[0] else None
    sat = None
    if saturation["sentence"]:
        sat = figures.saturation_chart(saturation["sentence"], saturation["sample"], unit=unit,
                                                       names=(words["satSentence"], words["satSample"]),
                                                       axis_titles=(words["left"], words["right"]),
                                                       unit_word=words["unit"], theme=theme)  # fmt: skip
    stack = None
    if sum(info.directions for info in trace.layers) > 1:
        hidden = [(f"{words['layerWord']} {lay} {'→' if d == 0 else '←'} · h_t", trace.get("h", lay, d))
                  for lay, info in enumerate(trace.layers) for d in range(info.directions)]  # fmt: skip
        stack = figures.layer_stack(hidden, tokens, step=step, unit_word=words["unit"], theme=theme)
    return {"heat": heat, "pred": pred, "sat": sat, "stack": stack}


def _predictions(trace, task: str, label_names: Sequence[str], vocab: Sequence[str] | None) -> dict | None:
    probs = trace.probs
    if probs is None:
        return None
    if task == "lm":
        top = np.argsort(-probs, axis=1)[:, :TOP_K]  # (T, K)
        names = vocab or [str(i) for i in range(probs.shape[1])]
        return {
            "kind": "lm",
            "top": [[names[j] for j in row] for row in top],
            "topProbs": np.take_along_axis(probs, top, axis=1).round(4).tolist(),
        }
    labels = list(label_names) or [str(i) for i in range(probs.shape[1])]
    return {"kind": task, "labels": labels, "probs": encode(probs), "classes": probs.shape[1]}
