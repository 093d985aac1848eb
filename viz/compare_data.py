"""The compare page's payload: several models' traces of one input, stepped together.

Models compared must read the input the same way (one tokenizer), so step t is the same token in
every panel. Each model brings its top layer's forward direction (the one its prediction reads)
as `viz.cells.diagram_arrays`, and its prediction after every prefix, decided here: the browser
looks values up by step and unit, and draws.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from models.probe import analysis
from models.probe.names import STATES, schema
from viz.cells import diagram_arrays
from viz.explorer_data import encode
from viz.i18n import tr
from viz.theme import DEFAULT, Theme, for_browser

MAX_MODELS = 4
TOP_K = 3  # next-token candidates shown for language models


class CompareError(ValueError):
    """Models that cannot be compared on one input, with a message meant for the user."""


@dataclass
class Compared:
    """One model of the comparison: its zoo name, title as shown, tokenizer and trace of the input."""

    name: str
    title: str
    tokenizer: object  # models.nets.tokenize.Tokenizer: equal tokenizers read every text alike
    trace: object  # models.probe.record.Trace of the input
    task: str = "classify"  # "classify", "tag" or "lm"
    label_names: Sequence[str] = ()


def check_tokenizers(names: Sequence[str], titles: Sequence[str], tokenizers: Sequence, lang: str = "en") -> None:
    """Raise CompareError (in `lang`) unless every model reads text with the same tokenizer."""
    if len(names) < 2:
        raise CompareError(tr("compare_need_two", lang))
    if len(names) > MAX_MODELS:
        raise CompareError(tr("compare_too_many", lang, limit=MAX_MODELS))
    odd = [title for title, tok in zip(titles, tokenizers, strict=True) if tok != tokenizers[0]]
    if odd:
        raise CompareError(tr("compare_tokenizers_differ", lang, first=titles[0], others=", ".join(odd)))


def default_unit(trace, layer: int) -> int:
    """The unit a panel opens on: the one whose memory (C for an LSTM, else h) varies most."""
    kind = trace.layers[layer].kind
    memory = trace.get("c" if kind == "lstm" else "h", layer, 0)
    return int(analysis.unit_orders(memory)["variance"][0])


def compare_payload(
    models: Sequence[Compared],
    *,
    truth: int | None = None,
    step: int = 0,
    lang: str = "en",
    trace_id: str = "",
    theme: Theme = DEFAULT,
    words: dict[str, str] | None = None,
) -> dict:
    """Everything the compare view draws: one token strip and step, one panel per model.

    Refuses (CompareError, in `lang`) models with different tokenizers or traces of different
    tokens. `truth`: the true class of the input where it is known (the recall key), marked beside
    every prediction.
    """
    check_tokenizers([m.name for m in models], [m.title for m in models], [m.tokenizer for m in models], lang)
    first = models[0].trace
    for m in models[1:]:
        if list(m.trace.token_ids) != list(first.token_ids):
            raise CompareError(tr("compare_steps_differ", lang, first=models[0].title, other=m.title))
    length = first.length
    tokens = list(first.tokens) if first.tokens is not None else [str(i) for i in first.token_ids]
    is_known = getattr(models[0].tokenizer, "is_known", None)
    unknown = [not is_known(tok) for tok in tokens] if is_known else [False] * length
    return {
        "id": trace_id or f"compare-{length}-{'-'.join(m.name for m in models)}",
        "lang": lang,
        "tokens": tokens,
        "unknown": unknown,
        "T": length,
        "step": int(min(max(step, 0), length - 1)),
        "theme": for_browser(theme),
        "projector": theme.projector,
        "text": words or {},
        "models": [_panel(m, truth) for m in models],
    }


def _panel(m: Compared, truth: int | None) -> dict:
    trace = m.trace
    layer = len(trace.layers) - 1  # the layer the prediction reads
    info = trace.layers[layer]
    arrays = diagram_arrays(trace, layer, 0)
    return {
        "name": m.name,
        "title": m.title,
        "kind": info.kind,
        "layer": layer,
        "layers": len(trace.layers),
        "units": info.hidden_size,
        "outputSize": info.output_size,
        "unit": default_unit(trace, layer),
        "schema": schema(info.kind),
        "states": list(STATES[info.kind]),
        "arrays": {name: encode(a) for name, a in arrays.items()},
        "widths": {name: int(a.shape[1]) for name, a in arrays.items()},
        "prediction": _prediction(trace, m.task, m.label_names, m.tokenizer, truth),
    }


def _prediction(trace, task: str, label_names: Sequence[str], tokenizer, truth: int | None) -> dict | None:
    """The model's answer after every prefix: the best class (or next token), its probability,
    all class probabilities (up to 12 classes, for the bars), and whether it is right."""
    probs = trace.probs
    if probs is None:
        return None
    probs = np.asarray(probs, dtype=np.float64)
    if task == "lm":
        names = list(getattr(tokenizer, "vocab", None) or [str(i) for i in range(probs.shape[1])])
        top = np.argsort(-probs, axis=1, kind="stable")[:, :TOP_K]
        return {
            "kind": "lm",
            "top": [[names[j] for j in row] for row in top],
            "topProbs": np.take_along_axis(probs, top, axis=1).round(4).tolist(),
        }
    labels = list(label_names) or [str(i) for i in range(probs.shape[1])]
    best = probs.argmax(axis=1)
    return {
        "kind": task,
        "labels": labels,
        "best": best.tolist(),
        "bestProb": probs[np.arange(len(best)), best].round(4).tolist(),
        "probs": probs.round(4).tolist() if probs.shape[1] <= 12 else None,
        "truth": truth,
        "right": (best == truth).tolist() if truth is not None and task == "classify" else None,
    }
