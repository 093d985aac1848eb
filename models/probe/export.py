"""A Trace as downloadable files: CSV for spreadsheets (one layer and direction, one row per
token) and NPZ for NumPy (every array of every layer and direction)."""

from __future__ import annotations

import csv
import io

import numpy as np

from models.probe.record import Trace


def to_npz(trace: Trace) -> bytes:
    """Keys are the arrays' names, as `trace[...]` takes them ('rnn.l0.fwd.f', (T, hidden)), plus
    'token_ids', 'tokens' and 'logits' when present."""
    arrays: dict[str, np.ndarray] = {name: trace[name] for name in trace.names()}
    arrays["token_ids"] = trace.token_ids
    if trace.tokens is not None:
        arrays["tokens"] = np.asarray(trace.tokens, dtype=str)
    if trace.logits is not None:
        arrays["logits"] = trace.logits
    buffer = io.BytesIO()
    np.savez_compressed(buffer, **arrays)
    return buffer.getvalue()


def to_csv(trace: Trace, layer: int, direction: int, names: list[str], label_names: list[str] | None = None) -> str:
    """One row per token: t, token, the prediction (if any), then name_unit columns."""
    columns = {name: trace.get(name, layer, direction) for name in names}
    probs = trace.probs
    header = ["t", "token"]
    if probs is not None:
        labels = label_names if label_names and len(label_names) == probs.shape[1] else None
        header += [f"p_{labels[c] if labels else c}" for c in range(probs.shape[1])] if probs.shape[1] <= 20 else []
    for name, values in columns.items():
        header += [f"{name}_{u}" for u in range(values.shape[1])]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    tokens = trace.tokens or [str(i) for i in trace.token_ids]
    for t in range(trace.length):
        row: list[object] = [t + 1, _cell_text(tokens[t])]
        if probs is not None and probs.shape[1] <= 20:
            row += [f"{p:.6g}" for p in probs[t]]
        for values in columns.values():
            row += [f"{v:.6g}" for v in values[t]]
        writer.writerow(row)
    return out.getvalue()


def _cell_text(text: str) -> str:
    """Keep spreadsheets from reading user text as a formula (CSV injection)."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def records_to_csv(records: list[dict]) -> str:
    """Rows of a results table as CSV, user text kept from being read as formulas."""
    out = io.StringIO()
    if not records:
        return ""
    writer = csv.DictWriter(out, fieldnames=list(records[0]))
    writer.writeheader()
    for record in records:
        writer.writerow({k: _cell_text(v) if isinstance(v, str) else v for k, v in record.items()})
    return out.getvalue()
