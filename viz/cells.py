"""What a cell diagram shows at every step, computed once in NumPy from a Trace.

The explorer and the compare page draw the LSTM, GRU and RNN cells by hand in the browser; the
browser looks values up and draws, it computes nothing. The numbers a diagram needs beyond the
trace's own arrays are built here: the state before each step, and the GRU's two terms of
h_t = (1 − z_t) ⊙ n_t + z_t ⊙ h_{t−1} (what it keeps and what it writes), as PyTorch's nn.GRU
defines them.
"""

from __future__ import annotations

import numpy as np

from models.probe.names import GATES, STATES, views


def gru_terms(z: np.ndarray, n: np.ndarray, h_prev: np.ndarray) -> dict[str, np.ndarray]:
    """The two terms of the GRU's new state, (T, units) each: "zh" = z_t ⊙ h_{t−1} (kept) and
    "zn" = (1 − z_t) ⊙ n_t (written); their sum is h_t."""
    z = np.asarray(z, dtype=np.float32)
    return {"zh": z * np.asarray(h_prev, dtype=np.float32), "zn": (1 - z) * np.asarray(n, dtype=np.float32)}


def diagram_arrays(trace, layer: int = 0, direction: int = 0) -> dict[str, np.ndarray]:
    """Every array one layer and direction's cell diagram and equations read, (T, units) each.

    The kind's gates and states, the gates' pre-activations (the RNN's: "h_pre", the sum inside
    tanh), each state before the step ("h_prev", "c_prev": the initial state at the first step
    read), and for a GRU the terms of `gru_terms`.
    """
    kind = trace.layers[layer].kind
    out = {name: trace.get(name, layer, direction) for name in views(kind)}
    pre = [f"{gate}_pre" for gate in GATES[kind]] + (["h_pre"] if kind == "rnn" else [])
    out |= {name: trace.get(name, layer, direction) for name in pre}
    out |= {f"{state}_prev": trace.previous(state, layer, direction) for state in STATES[kind]}
    if kind == "gru":
        out |= gru_terms(out["z"], out["n"], out["h_prev"])
    return {name: np.asarray(array, dtype=np.float32) for name, array in out.items()}
