"""An LSTM layer's own gates and cell states, read from the fused kernel's workspace.

On the CPU, nn.LSTM in float32 runs oneDNN's LSTM, one layer and direction per call
(`aten::mkldnn_rnn_layer`, what `torch._VF.lstm` calls). Asked to keep what a backward pass would
need (`train=True`, with grad mode on), the same call also returns its workspace, and the workspace
holds every step's gates after σ and tanh and every C_t. Reading them spares the probe two batched
products, the activations and the scan over time that rebuild them (the trace at T = 200 went from
about 1.6x a plain forward to about 1.3x); the pre-activations, which the kernel never stores, are
left to be computed when first read (`capture._deferred_pre`).

The layout is oneDNN's (3.x, float32, a batch of one), found by reading workspaces of known LSTMs:
the gates first, (T, 4H) with a padded row stride `good_ld(4H)`; then, each region starting on a
4 KiB page, the layer states (2, T + 1, good_ld(max(in, H))), the iteration states (T, good_ld(H)),
and C as (2, T + 1, H), where row (1, t + 1) is C_t for t < T - 1 (the last, C_{T-1}, is the
kernel's c_n). Nothing here trusts that layout: the caller checks what was read against the
kernel's outputs (o ⊙ tanh(C_t) against h_t, f ⊙ C_{t-1} + i ⊙ g against C_t, the final C against
c_n) and rebuilds the gates with products when anything disagrees.
"""

from __future__ import annotations

import numpy as np
import torch
from torch import nn

PAGE = 1024  # floats in the 4 KiB page each workspace region starts on
LIMIT_BYTES = 64 << 20  # a longer input's workspace would be larger: the probe rebuilds its gates with products instead
FIRST_STEPS = 2  # a one-step call (a decoder writing one token) costs more kept than rebuilt with the rest once joined
LIMIT_STEPS = 1000  # the training-mode pass rounds differently from nn.LSTM's inference pass, and over thousands of
# steps of cells that never forget the two drift apart (measured on such an LSTM: h differs by 1e-7 at 200 steps,
# 7e-7 at 1,000, 8e-6 at 2,000, 1e-3 at 6,000); longer inputs take the products, whose h is the inference pass's own
MODE_LSTM = 2  # the kernel's cell kind (0 RNN relu, 1 RNN tanh, 2 LSTM, 3 GRU)


def good_ld(size: int) -> int:
    """oneDNN's padded row length: a multiple of 16 floats, plus 16 more when it is a multiple of 256."""
    ld = -(-size // 16) * 16
    return ld + 16 if ld % 256 == 0 else ld


def _pages(floats: int) -> int:
    return -(-floats // PAGE) * PAGE


def cell_offset(length: int, inputs: int, hidden: int) -> int:
    """Where the C region starts in the workspace (floats)."""
    gates = _pages(length * good_ld(4 * hidden))
    layer_states = _pages(2 * (length + 1) * good_ld(max(inputs, hidden)))
    iteration_states = _pages(length * good_ld(hidden))
    return gates + layer_states + iteration_states


def readable(module: nn.LSTM, x: torch.Tensor) -> bool:
    """True when `module` runs on x (T, in) through oneDNN and the workspace stays under LIMIT_BYTES."""
    weight = module.weight_ih_l0
    return (
        hasattr(torch.ops.aten, "mkldnn_rnn_layer")
        and torch.backends.mkldnn.is_available()
        and torch.backends.mkldnn.enabled
        and module.bias
        and not module.proj_size
        and FIRST_STEPS <= x.shape[0] <= LIMIT_STEPS
        and x.dtype == weight.dtype == torch.float32
        and x.device.type == weight.device.type == "cpu"
        and 8 * cell_offset(x.shape[0], max(x.shape[1], module.hidden_size * 2), module.hidden_size) <= LIMIT_BYTES
    )


def run_direction(
    weights: dict[str, torch.Tensor | None],
    x: torch.Tensor,
    h0: torch.Tensor,
    c0: torch.Tensor,
    reverse: bool,
    gates: np.ndarray,
    cells: np.ndarray,
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor] | None:
    """One direction of one layer through the kernel, keeping its workspace: returns (h (T, H), h_n, c_n)
    and fills `gates` (T, 4H) and `cells` (T, H) in reading order; None when the workspace is not
    laid out as expected (too small for it), and `gates` and `cells` are then not filled."""
    length, hidden = x.shape[0], h0.shape[-1]
    flat = [weights[name].detach() for name in ("weight_ih", "weight_hh", "bias_ih", "bias_hh")]
    with torch.enable_grad():  # the kernel keeps a workspace only when grad mode is on; no weight asks for grad here
        y, h_n, c_n, workspace = torch.ops.aten.mkldnn_rnn_layer(
            x[:, None],
            *flat,
            h0[None, None],
            c0[None, None],
            reverse,
            [],
            MODE_LSTM,
            hidden,
            1,
            True,
            False,
            False,
            True,
        )
    if workspace is None or not workspace.is_contiguous() or workspace.numel() % 4:
        return None
    floats = workspace.view(torch.float32)
    stride = good_ld(4 * hidden)
    start = cell_offset(length, x.shape[1], hidden) + (length + 2) * hidden  # row (1, 1): C_0
    if floats.numel() < max(start + (length - 1) * hidden, (length - 1) * stride + 4 * hidden):
        return None
    torch.from_numpy(gates).copy_(floats.as_strided((length, 4 * hidden), (stride, 1)))
    kept = torch.from_numpy(cells)
    kept[: length - 1] = floats[start : start + (length - 1) * hidden].view(length - 1, hidden)
    kept[length - 1] = c_n.reshape(hidden)
    return y[:, 0], h_n.reshape(hidden), c_n.reshape(hidden)
