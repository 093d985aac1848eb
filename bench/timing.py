"""Wall-clock timing shared by the benchmark scripts: medians and p90, in milliseconds."""

from __future__ import annotations

import time
from collections.abc import Callable


def milliseconds(fn: Callable[[], object], repeats: int) -> list[float]:
    """`repeats` timings of `fn()` after one warm-up call (first-call allocations, kernel selection)."""
    fn()
    out = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        out.append((time.perf_counter() - start) * 1000)
    return out


def interleaved(fns: list[Callable[[], object]], repeats: int) -> list[list[float]]:
    """`repeats` timings of each of `fns`, called in turn (a, b, a, b, ...) after one warm-up call
    each: on a shared machine whose speed drifts, a ratio of two medians taken one block after the
    other measures the drift as much as the code."""
    for fn in fns:
        fn()
    out: list[list[float]] = [[] for _ in fns]
    for _ in range(repeats):
        for fn, times in zip(fns, out, strict=True):
            start = time.perf_counter()
            fn()
            times.append((time.perf_counter() - start) * 1000)
    return out


def p90(values: list[float]) -> float:
    return sorted(values)[int(0.9 * (len(values) - 1))]
