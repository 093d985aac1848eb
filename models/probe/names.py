"""One schema for the gates and states of a recurrent cell: their names, their order on screen
(the order the lecture writes the equations in) and which of them are bounded to [0, 1].

Pure Python, no torch: the analysis, the figures, the CSV export and the browser (which receives
`schema(kind)`) all read it from here. The probe keeps PyTorch's storage order (i, f, g, o) for
the weights; everything a person sees uses this one.
"""

from __future__ import annotations

GATES: dict[str, tuple[str, ...]] = {"lstm": ("f", "i", "g", "o"), "gru": ("r", "z", "n"), "rnn": ()}
STATES: dict[str, tuple[str, ...]] = {"lstm": ("c", "h"), "gru": ("h",), "rnn": ("h",)}
BOUNDED = frozenset({"f", "i", "o", "r", "z"})  # sigmoid outputs, in [0, 1]; the rest are in [-1, 1] or unbounded (C)
LABELS = {"f": "f_t", "i": "i_t", "g": "C̃_t", "o": "o_t", "c": "C_t", "h": "h_t", "r": "r_t", "z": "z_t", "n": "n_t"}


def views(kind: str) -> tuple[str, ...]:
    """Gates then states, the rows of the heatmaps and the CSV columns."""
    return GATES[kind] + STATES[kind]


def saturating(kind: str) -> tuple[str, ...]:
    """The gates whose saturation (share of steps below 0.1 and above 0.9) means something."""
    return tuple(g for g in GATES[kind] if g in BOUNDED)


def schema(kind: str) -> dict:
    """What the browser needs to know about a cell kind."""
    return {
        "gates": list(GATES[kind]),
        "states": list(STATES[kind]),
        "bounded": [g for g in GATES[kind] if g in BOUNDED],
        "saturating": list(saturating(kind)),
        "labels": LABELS,
    }
