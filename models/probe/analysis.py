"""Units against ground truth: which unit's state follows a latent variable (negation scope,
inside-a-string, bracket depth, ...) across a held-out sample. Written into the model cards and
reused by the app to sort units."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from models.probe import Trace, trace
from models.probe.names import saturating
from models.zoo import LoadedModel

MAX_EXAMPLES = 200  # examples traced per card; enough for a stable correlation, quick to run


def pearson_columns(values: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Pearson r of every column of values (N, U) with target (N,); 0 where either is constant."""
    v = values - values.mean(axis=0)
    t = target - target.mean()
    denom = np.sqrt((v * v).sum(axis=0) * (t * t).sum())
    with np.errstate(invalid="ignore", divide="ignore"):
        r = (v * t[:, None]).sum(axis=0) / denom
    return np.nan_to_num(r)


def _per_token_latents(
    loaded: LoadedModel, sample: dict, max_chars: int = 3000
) -> tuple[list[Trace], dict[str, np.ndarray]]:
    tok = loaded.tokenizer
    if "text" in sample:  # a language model: one long text, latent per character
        text = sample["text"][:max_chars]
        latent = {k: np.asarray(v[: len(text)], dtype=np.float64) for k, v in sample.get("latent", {}).items()}
        return [trace(loaded.model, tok.encode(text))], latent
    traces: list[Trace] = []
    collected: dict[str, list[float]] = {}
    for text, lat in zip(sample.get("texts", [])[:MAX_EXAMPLES], sample.get("latent", [])[:MAX_EXAMPLES], strict=False):
        ids = tok.encode(text)
        per_token = {k: v for k, v in lat.items() if isinstance(v, list) and len(v) == len(ids)}
        if not per_token:
            continue
        traces.append(trace(loaded.model, ids))
        for k, v in per_token.items():
            collected.setdefault(k, []).extend(v)
    return traces, {k: np.asarray(v, dtype=np.float64) for k, v in collected.items()}


def unit_r(loaded: LoadedModel, sample: dict, unit: dict, name: str, max_chars: int = 3000) -> float:
    """Pearson r of one named unit (as `latent_units` names it) with latent `name` over a sample."""
    traces, latents = _per_token_latents(loaded, sample, max_chars)
    values = np.concatenate([tr.get(unit["state"], unit["layer"], unit["direction"])[:, unit["unit"]] for tr in traces])
    return round(float(pearson_columns(values[:, None].astype(np.float64), latents[name])[0]), 4)


def latent_units(
    loaded: LoadedModel, sample: dict, max_chars: int = 3000, skip: Sequence[dict] = ()
) -> dict[str, dict]:
    """For each per-token latent variable: the (state, layer, direction, unit) with the largest |r|.

    `skip`: units (layer, direction, unit; both states) left out, e.g. one taught its latent, so
    that what the network found by itself is reported apart from what it was taught.
    """
    traces, latents = _per_token_latents(loaded, sample, max_chars)
    if not traces or not latents:
        return {}
    first = traces[0]
    states = ("c", "h") if first.layers[0].kind == "lstm" else ("h",)
    best: dict[str, dict] = {}
    for layer, info in enumerate(first.layers):
        for direction in range(info.directions):
            for state in states:
                values = np.concatenate([tr.get(state, layer, direction) for tr in traces]).astype(np.float64)
                for name, target in latents.items():
                    if target.std() == 0:
                        continue
                    r = pearson_columns(values, target)
                    for left_out in skip:
                        if (left_out["layer"], left_out["direction"]) == (layer, direction):
                            r[left_out["unit"]] = 0.0
                    unit = int(np.abs(r).argmax())
                    if name not in best or abs(r[unit]) > abs(best[name]["r"]):
                        best[name] = {
                            "state": state,
                            "layer": layer,
                            "direction": direction,
                            "unit": unit,
                            "r": round(float(r[unit]), 4),
                        }
    return best


def latents_for(loaded: LoadedModel, text: str) -> tuple[dict[str, list[float]], object]:
    """Per-token latent variables and the true label for `text`, where they are known.

    Code: computed from Python's tokenizer for any text. Negation scope: from the rule in
    `sentiment_hu.negation_scope`, for any text. The lecture examples: their truth is in the
    model's config. Generated data: looked up in the shipped held-out sample.
    """
    tokens = loaded.tokenizer.tokenize(text)
    if "in_string" in loaded.meta.get("latent", []):
        from models.train.data.code_chars import latent

        return {k: [float(x) for x in v] for k, v in latent(text).items()}, None
    latents: dict[str, list[float]] = {}
    truth = _lecture_truth(loaded, text)
    if "negated" in loaded.meta.get("latent", []):
        latents = negation_latents(loaded, text)
    sample = loaded.heldout()
    texts = sample.get("texts", [])
    if text in texts:
        k = texts.index(text)
        per_token = {
            name: [float(x) for x in values]
            for name, values in sample["latent"][k].items()
            if isinstance(values, list) and len(values) == len(tokens)
        }
        return {**latents, **per_token}, sample["labels"][k] if truth is None else truth
    return latents, truth


def negation_latents(loaded: LoadedModel, text: str) -> dict[str, list[float]]:
    """Negation scope and clause index per token of `text`, from the rule in `negation_scope`."""
    from models.train.data import Example
    from models.train.data.sentiment_hu import negation_scope, words_with_spans

    negated, clause = negation_scope(text)
    words = Example(text, 0, {"negated": negated, "clause": clause}, spans=[(s, e) for _, s, e in words_with_spans(text)])
    return {k: [float(x) for x in v] for k, v in words.aligned(loaded.tokenizer.offsets(text)).latent.items()}


def _lecture_truth(loaded: LoadedModel, text: str) -> object:
    """The true label (classify) or per-token tags (tag) of a lecture example, from the config."""
    truth = loaded.meta.get("truth", {}).get(text)
    if truth is None or not isinstance(truth, list):
        return truth
    return word_tags_to_tokens(loaded, text, truth)


def words_of(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of `text`, punctuation aside, as the lecture counts them."""
    from models.train.data.sentiment_hu import words_with_spans

    return [(s, e) for w, s, e in words_with_spans(text) if w[0].isalnum()]


def word_tags(loaded: LoadedModel, text: str, predictions: np.ndarray | None = None) -> list[int]:
    """One tag per word (punctuation aside), read at the word's first token: the lecture's view
    of "Tegnap Józsi letörölte a termelési adatbázist." as [0, 1, 0, 0, 0, 0]."""
    from models.train import evaluate

    pieces = loaded.tokenizer.tokenize_with_offsets(text)
    if predictions is None:
        ids = loaded.tokenizer.encode_tokens([p for p, _, _ in pieces])
        predictions = evaluate.per_step_predictions(loaded.model, [ids])[0]
    tags = []
    for start, end in words_of(text):
        first = next((k for k, (_, s, _) in enumerate(pieces) if start <= s < end), None)
        tags.append(int(predictions[first]) if first is not None else 0)
    return tags


def word_tags_to_tokens(loaded: LoadedModel, text: str, tags: list[int]) -> list[int] | None:
    """Tags given per word spread over the word's pieces (None if the counts differ)."""
    from models.train.data import Example

    words = words_of(text)
    if len(words) != len(tags):
        return None
    return Example(text, list(tags), spans=words).aligned(loaded.tokenizer.offsets(text)).label


def sample_traces(loaded: LoadedModel, limit: int = 100) -> list[Trace]:
    """Traces of the model's shipped held-out sample (a language model: its first 3000 characters)."""
    sample = loaded.heldout()
    tok = loaded.tokenizer
    texts = [sample["text"][:3000]] if "text" in sample else sample.get("texts", [])[:limit]
    return [trace(loaded.model, ids) for ids in (tok.encode(t) for t in texts) if ids]


def saturation(traces: list[Trace], layer: int, direction: int, low: float = 0.1, high: float = 0.9) -> dict[str, dict]:
    """Per gate and unit: the fraction of steps below `low` and above `high` (Karpathy et al. 2015)."""
    if not traces:
        return {}
    out = {}
    for gate in saturating(traces[0].layers[layer].kind):
        values = np.concatenate([tr.get(gate, layer, direction) for tr in traces])  # (steps, units)
        out[gate] = {
            "lo": (values < low).mean(axis=0).round(4).tolist(),
            "hi": (values > high).mean(axis=0).round(4).tolist(),
        }
    return out


def unit_orders(values: np.ndarray, latents: dict[str, np.ndarray] | None = None) -> dict[str, np.ndarray]:
    """Orders of the units (most first) of one state's values (T, U), for sorting heatmap rows.

    "index": as numbered; "variance": by variance over the sentence; "latent:NAME": by |Pearson r|
    with a per-token latent variable (T,); "activity": one order per step (T, U), by |value| at
    that step. Ties keep index order.
    """
    values = np.asarray(values, dtype=np.float64)
    length, units = values.shape
    orders = {
        "index": np.arange(units),
        "activity": np.argsort(-np.abs(values), axis=1, kind="stable"),
        "variance": np.argsort(-values.var(axis=0), kind="stable"),
    }
    for name, target in (latents or {}).items():
        target = np.asarray(target, dtype=np.float64)
        if target.shape == (length,):
            orders[f"latent:{name}"] = np.argsort(-np.abs(pearson_columns(values, target)), kind="stable")
    return orders


def value_ranges(arrays: dict[str, np.ndarray]) -> dict[str, float]:
    """The symmetric colour range of each gate or state: 1 for gates, C̃ and h; max |C| for C."""
    return {name: _largest(values) if name == "c" else 1.0 for name, values in arrays.items()}


def _largest(values: np.ndarray) -> float:
    return max(float(np.abs(values).max()) if values.size else 0.0, 1e-6)


def cell_moves(f: np.ndarray, i: np.ndarray, g: np.ndarray, c_prev: np.ndarray) -> dict[str, np.ndarray]:
    """What the LSTM cell forgot, (1 - f_t) C_{t-1}, and wrote, i_t C̃_t, at every step (T, U)."""
    return {"forgotten": (1.0 - f) * c_prev, "written": i * g}


def moved_range(moves: dict[str, np.ndarray]) -> float:
    """One colour range for what was forgotten and what was written, so the two compare."""
    return max(_largest(v) for v in moves.values())


def input_gradient_norms(loaded: LoadedModel, ids: list[int], target: int | None = None) -> np.ndarray:
    """|∂ loss / ∂ x_t| for every input embedding x_t, loss = cross-entropy of the final verdict.

    The vanishing-gradient picture (Distill's "Memorization in RNNs", RNNbow): how much the last
    step's loss can still say about each earlier input. `target` defaults to the predicted class.
    """
    import torch

    model = loaded.model
    x = model.embedding(torch.tensor([ids])).detach().requires_grad_(True)  # (1, T, E)
    out, _ = model.rnn(x)
    logits = model.head(out)[0, -1]  # (C,)
    label = int(logits.argmax()) if target is None else target
    loss = torch.nn.functional.cross_entropy(logits[None], torch.tensor([label]))
    (grad,) = torch.autograd.grad(loss, x)
    return grad[0].norm(dim=1).numpy()  # (T,)


def unit_story(loaded: LoadedModel, text: str, unit: dict, marker: str) -> dict | None:
    """What one unit's state (the card's C or h) does on `text` around the first token equal to `marker`
    (the lesson says this in words, so its sentence always matches the chart beside it)."""
    pieces = loaded.tokenizer.tokenize(text)
    lowered = [p.lower() for p in pieces]
    if marker not in lowered:
        return None
    at = lowered.index(marker)
    tr = trace(loaded.model, loaded.tokenizer.encode_tokens(pieces))
    state = unit.get("state", "c")  # the state the card found following the latent best: C or h
    cell = tr.get(state, unit["layer"], unit["direction"])[:, unit["unit"]]
    words = [k for k, p in enumerate(pieces) if p[:1].isalnum()]
    last = words[-1] if words else len(pieces) - 1
    return {
        "unit": unit["unit"],
        "state": state,
        "marker": pieces[at],
        "before": float(cell[at - 1]) if at else 0.0,
        "at": float(cell[at]),
        "last_token": pieces[last],
        "last": float(cell[last]),
        "verdict": int(tr.logits[-1].argmax()),
    }
