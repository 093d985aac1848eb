"""The Trace: what the probe captured for one sequence, as NumPy arrays (no torch here).

`viz/`, the exports and the app type against it without importing PyTorch. The probe
(`models.probe`) builds it; interventions (`models.probe.intervene`) return one of the same shape.
Each array has one name, the hook-point name `<module>.l<layer>.<fwd|bwd>.<array>`, e.g.
`rnn.l0.fwd.f`: `trace["rnn.l0.fwd.f"]` equals `trace.get("f", 0, 0)` and is the NPZ key.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from models.probe.names import GATES, STATES  # noqa: F401  (the one schema of gate and state names)

DIRECTION_NAMES = ("fwd", "bwd")


class ProbeError(ValueError):
    """Bad input or an unsupported model, with a message meant for the user."""


_RESOLVING = threading.Lock()  # a served Trace is shared by every session: compute a deferred array once


class Deferred:
    """Arrays computed when first read, several names from one computation: an LSTM's
    pre-activations, which the kernel never stores and which take two products per layer and
    direction, when a view of one layer needs only its own. `Trace.get` resolves them."""

    def __init__(self, compute: Callable[[], dict[str, np.ndarray]]) -> None:
        self._compute: Callable[[], dict[str, np.ndarray]] | None = compute
        self._values: dict[str, np.ndarray] = {}

    def value(self, name: str) -> np.ndarray:
        with _RESOLVING:
            if self._compute is not None:
                self._values = self._compute()
                self._compute = None
        return self._values[name]


@dataclass
class LayerInfo:
    kind: str  # "lstm", "gru" or "rnn"
    module: str  # module path inside the model, e.g. "rnn"
    module_layer: int  # layer index inside that module
    directions: int  # 1, or 2 when bidirectional
    input_size: int  # size of x_t fed to this layer
    hidden_size: int  # units (size of c_t and of the gates)
    output_size: int  # size of h_t: proj_size when the LSTM projects, else hidden_size
    nonlinearity: str = "tanh"  # nn.RNN only: "tanh" or "relu"

    def point(self, direction: int, name: str) -> str:
        """Hook-point style name, e.g. 'rnn.l0.fwd.f'."""
        return f"{self.module}.l{self.module_layer}.{DIRECTION_NAMES[direction]}.{name}"


@dataclass
class Trace:
    """Everything the probe captured for one sequence of T tokens. All arrays are NumPy float32.

    For each layer L (counted over all recurrent modules in the order they run) and direction D:
      - gates, shape (T, hidden): LSTM "i", "f", "g" (the candidate C̃), "o"; GRU "r", "z", "n"
      - their pre-activations "<gate>_pre", shape (T, hidden), the value inside σ or tanh (an
        LSTM's are computed on first read; `arrays` may hold a `Deferred` there, `get` never does)
      - "c", shape (T, hidden) (LSTM only), and "h", shape (T, output_size)
      - "x", shape (T, input_size): the layer's input x_t
      - "c0" (LSTM), "h0": shape (hidden,) / (output_size,): the initial state
    Row t is aligned with input token t as in nn.LSTM's own output, so for the reverse direction
    row t is the state after reading tokens T-1 down to t. The probe computes the reverse direction
    in reading order and hands its arrays over as reversed views (negative strides, no copy):
    NumPy reads them as any array; `torch.from_numpy` needs `np.ascontiguousarray` first.

    Model outputs: `logits` (T, C) and `probs` (T, C) when the model returns a (1, T, C) tensor
    (a prediction after every prefix); `final_logits` (C,) when it returns (1, C).
    """

    token_ids: np.ndarray  # (T,) int64
    tokens: list[str] | None  # display strings, one per token, if the caller gave them
    layers: list[LayerInfo]
    arrays: dict[tuple[int, int, str], np.ndarray] = field(repr=False)
    logits: np.ndarray | None = None  # (T, C)
    final_logits: np.ndarray | None = None  # (C,)
    max_abs_error: float = 0.0  # worst disagreement with the fused kernel's h and c

    @property
    def length(self) -> int:
        return int(self.token_ids.shape[0])

    @property
    def probs(self) -> np.ndarray | None:
        """Softmax of `logits`, (T, C)."""
        if self.logits is None:
            return None
        z = self.logits - self.logits.max(axis=1, keepdims=True)
        e = np.exp(z)
        return (e / e.sum(axis=1, keepdims=True)).astype(np.float32)

    def get(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """The (T, hidden) float32 array of `name` ("i", "f", "g", "o", "c", "h"; GRU "r", "z", "n", "h")."""
        if not 0 <= layer < len(self.layers):
            raise ProbeError(f"layer {layer} does not exist: this model has {len(self.layers)} recurrent layer(s)")
        info = self.layers[layer]
        if not 0 <= direction < info.directions:
            raise ProbeError(f"direction {direction} does not exist: layer {layer} has {info.directions} direction(s)")
        key = (layer, direction, name)
        if key not in self.arrays:
            names = sorted({n for (lay, d, n) in self.arrays if lay == layer and d == direction})
            raise ProbeError(f"'{name}' is not recorded for a {info.kind.upper()} layer; available: {', '.join(names)}")
        return self._value(key)

    def _value(self, key: tuple[int, int, str]) -> np.ndarray:
        value = self.arrays[key]
        if isinstance(value, Deferred):
            value = self.arrays[key] = value.value(key[2])
        return value

    def previous(self, name: str, layer: int = 0, direction: int = 0) -> np.ndarray:
        """State before each step, (T, size): row t is c_{t-1} or h_{t-1} in reading order."""
        states = self.get(name, layer, direction)
        initial = self.get(f"{name}0", layer, direction)[None, :]
        if direction == 0:
            return np.concatenate([initial, states[:-1]], axis=0)
        return np.concatenate([states[1:], initial], axis=0)

    def __getitem__(self, point: str) -> np.ndarray:
        """The array named `point`, e.g. trace["rnn.l0.fwd.f"] (see `names()`)."""
        for layer, d, name in self.arrays:
            if self.layers[layer].point(d, name) == point:
                return self._value((layer, d, name))
        raise KeyError(f"no array named {point!r}; this trace has e.g. {', '.join(self.names()[:4])}")

    def names(self) -> list[str]:
        """Every recorded array as a hook-point name, e.g. 'rnn.l0.fwd.f'."""
        return [self.layers[lay].point(d, n) for (lay, d, n) in self.arrays]

    def __getstate__(self) -> dict:
        """A pickled (cached, copied) Trace carries its arrays, not the way to compute them."""
        return {**self.__dict__, "arrays": {key: self._value(key) for key in self.arrays}}
