"""How fast the translation models decode: a 20-token German sentence with beam search of width 5
(target ≤ 200 ms), greedy, and the whole traced run the translation page computes.

    python -m bench.translate_speed
"""

from __future__ import annotations

import statistics

import torch

from bench.timing import milliseconds
from models.nets.seq2seq import beam_search, greedy, load
from models.probe.translation import translate_run

SENTENCE = "Warum wollen meine Eltern und die Kinder am Wochenende mit meinem Freund im Garten in Budapest keinen Kuchen essen?"
REPEATS = 20


def timed(fn) -> float:
    """Median milliseconds of REPEATS calls, after one warm-up call."""
    return statistics.median(milliseconds(fn, REPEATS))


def main() -> None:
    torch.set_num_threads(1)
    for name in ("translate_de_hu", "translate_de_hu_attention"):
        t = load(name)
        ids, _, _ = t.source.encode(SENTENCE)
        assert len(ids) == 20, len(ids)
        text = SENTENCE
        beam = timed(lambda: beam_search(t.model, ids, beam_size=5))  # noqa: B023
        fast = timed(lambda: greedy(t.model, ids))  # noqa: B023
        page = timed(lambda: translate_run(t, text, "beam", 5))  # noqa: B023
        print(f"{name}: 20 tokens, beam 5 {beam:.1f} ms (target ≤ 200 ms), greedy {fast:.1f} ms, "
              f"page run with traces (beam 5) {page:.1f} ms; 1 thread, median of {REPEATS}")  # fmt: skip


if __name__ == "__main__":
    main()
