"""The probe: every gate and state of every recurrent layer of a model, for one token sequence.

`trace(model, token_ids)` runs `model(ids)` once. For that call, and in this thread only, each
nn.LSTM / nn.GRU / nn.RNN module runs its layers one at a time through the same fused kernel
(`torch._VF`, what nn.LSTM itself calls), so every layer's h_t is known without a second pass.

An LSTM on the CPU in float32 (oneDNN), up to 1,000 steps, runs each layer and direction through
that kernel asking it to keep its workspace, and the probe reads the kernel's own gates and C_t
from it (`workspace`); the pre-activations, which the kernel never stores, are computed when first
read (`Deferred`: a view of one layer and direction pays for its own products only) and checked
against the kernel's gates then. The training-mode pass rounds as the inference pass does to
about 1e-7 over a few hundred steps (not bit for bit; longer inputs take the path below).

Otherwise the kernel hides the gates, and the probe rebuilds them from the module's own weights
in PyTorch's layout:

- the gates of all steps come from one batched product W_ih·x_t + W_hh·h_{t-1} + b, since
  h_{t-1} is known for every t; only the cell state c_t needs a scan, c_t = f_t c_{t-1} + i_t g_t;
- the result is checked: o_t ⊙ tanh(c_t) must reproduce the kernel's h_t at every step and the
  final c must match the module's c_n, else `ProbeMismatchError` (gates read from the workspace
  are checked the same way, and C_t against f_t c_{t-1} + i_t g_t; a workspace that fails is
  dropped and the gates rebuilt).

A module that the model calls again and again with the state it returned last time (a decoder
that writes one token per call, T calls of one step each) is one layer with T rows, not T layers:
consecutive calls whose initial state is exactly the previous call's final state are joined
before the gates are rebuilt, and checked as one sequence. `trace_run` traces any such use of a
model (say, greedy decoding), not only `model(ids)`.

The override lives only for the one call and is removed in `finally`; other threads using the
same (shared) model meanwhile run its plain forward. Inputs the layer-by-layer path cannot take
(a packed sequence, a batch of several) go through the module's own forward, and are refused.
"""

from __future__ import annotations

import contextlib
import functools
import threading
import weakref
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from models.probe import workspace
from models.probe.record import DIRECTION_NAMES, GATES, STATES, Deferred, LayerInfo, ProbeError, Trace  # noqa: F401  (re-exported)

MAX_TOKENS = 10_000  # the longest sequence the probe accepts
TOLERANCE = 1e-5  # max abs difference allowed between the probe and the fused kernel (float32)
ANCHOR_EVERY = 32  # steps between re-anchorings of C_t on the kernel, when long inputs need it

class ProbeMismatchError(RuntimeError):
    """The probe's reconstruction disagrees with the module's own output."""


@dataclass
class _Call:
    name: str
    module: nn.RNNBase
    input: torch.Tensor
    hx: object
    output: torch.Tensor
    final: object  # h_n, or (h_n, c_n)
    layer_outputs: list[torch.Tensor] | None = None  # (T, D*out) per layer, when the probe ran the layers
    kernel: KernelGates | None = None  # an LSTM's gates and C as the kernel computed them


@dataclass
class KernelGates:
    """Every layer's and direction's gates after σ / tanh (L, D, T, 4H) and C (L, D, T, H), in
    reading order (row s of the reverse direction is time T-1-s), read from the kernel's workspace."""

    gates: np.ndarray
    cells: np.ndarray


_OVERRIDE_LOCK = threading.Lock()


@contextlib.contextmanager
def overridden(model: nn.Module, forward) -> Iterator[None]:
    """Every recurrent module of `model` calls `forward(module, input, hx)` instead of its own
    forward, for this thread only: a served model is shared by every session, so other threads
    (and other probes or interventions running at the same time) keep their own behaviour."""
    ident = threading.get_ident()
    modules = [m for m in model.modules() if isinstance(m, nn.RNNBase)]
    with _OVERRIDE_LOCK:
        for module in modules:
            table = module.__dict__.get("_lens_overrides")
            if table is None:
                table = module.__dict__["_lens_overrides"] = {}
                module.__dict__["forward"] = _dispatcher(module, table)
            table[ident] = forward
    try:
        yield
    finally:
        with _OVERRIDE_LOCK:
            for module in modules:
                table = module.__dict__["_lens_overrides"]
                table.pop(ident, None)
                if not table:
                    del module.__dict__["forward"], module.__dict__["_lens_overrides"]


def is_stock(module: nn.RNNBase) -> bool:
    """True when the module computes exactly what nn.LSTM / nn.GRU / nn.RNN compute (no forward of its own)."""
    return type(module).forward in (nn.LSTM.forward, nn.GRU.forward, nn.RNN.forward)


def _dispatcher(module: nn.RNNBase, table: dict):
    def forward(*args, **kwargs):
        override = table.get(threading.get_ident())
        if override is None:
            return type(module).forward(module, *args, **kwargs)
        inp = args[0] if args else kwargs.get("input")
        hx = args[1] if len(args) > 1 else kwargs.get("hx")
        return override(module, inp, hx)

    return forward


@contextlib.contextmanager
def _capture(model: nn.Module) -> Iterator[list[_Call]]:
    """Record every recurrent module call of this thread, each run one layer at a time."""
    calls: list[_Call] = []
    names = {id(m): name or "rnn" for name, m in model.named_modules() if isinstance(m, nn.RNNBase)}

    def layered(module: nn.RNNBase, inp, hx):
        if not is_stock(module) or isinstance(inp, nn.utils.rnn.PackedSequence) or (
            inp.dim() == 3 and inp.shape[0 if module.batch_first else 1] != 1
        ):
            output = type(module).forward(module, inp, hx)  # the probe refuses these in _reconstruct, with a message
            calls.append(_Call(names[id(module)], module, _detach(inp), _detach(hx), *_detach(output)))
            return output
        output, final, call = recorded_run(module, inp, hx, names[id(module)])
        calls.append(call)
        return output, final

    with overridden(model, layered):
        yield calls


def recorded_run(module: nn.RNNBase, inp: torch.Tensor, hx, name: str = "") -> tuple[torch.Tensor, object, _Call]:
    """`run_layers` for the model, and the call as the probe records it. The model may edit what
    it gets in place, so it gets a copy of the top output and the record keeps the kernel's own."""
    output, final, per_layer, kernel = run_layers(module, inp, hx)
    call = _Call(name, module, _detach(inp), _detach(hx), output, _detach(final), per_layer, kernel)
    return output.clone(), final, call


def _detach(value):
    if isinstance(value, torch.Tensor):
        return value.detach().cpu().clone()
    if isinstance(value, tuple | list):
        return type(value)(_detach(v) for v in value)
    return value


def _as_ids(token_ids) -> torch.Tensor:
    if isinstance(token_ids, torch.Tensor):
        ids = token_ids.detach().cpu()
    else:
        try:
            ids = torch.as_tensor(np.asarray(token_ids))
        except (TypeError, ValueError) as err:
            raise ProbeError(f"token ids must be a sequence of integers: {err}") from err
    if ids.dim() == 2 and ids.shape[0] == 1:
        ids = ids[0]
    if ids.dim() != 1:
        raise ProbeError(f"token ids must have shape (T,) or (1, T), got {tuple(ids.shape)}")
    if ids.numel() == 0:
        raise ProbeError("the sequence is empty: give at least one token")
    if ids.is_floating_point() or ids.dtype == torch.bool:
        raise ProbeError(f"token ids must be integers, got {ids.dtype}")
    if ids.numel() > MAX_TOKENS:
        raise ProbeError(f"the sequence has {ids.numel():,} tokens; the probe accepts at most {MAX_TOKENS:,}")
    if int(ids.min()) < 0:
        raise ProbeError(f"token ids must be non-negative, got {int(ids.min())}")
    return ids.long()


def trace(model: nn.Module, token_ids, tokens: Sequence[str] | None = None) -> Trace:
    """Run `model(ids)` (ids a LongTensor (1, T)) and return every gate and state of its recurrent layers."""
    ids = _as_ids(token_ids)
    if not any(isinstance(m, nn.RNNBase) for m in model.modules()):
        raise ProbeError("this model has no nn.LSTM, nn.GRU or nn.RNN layer to probe")
    for name, module in model.named_modules():
        if isinstance(module, nn.Embedding) and int(ids.max()) >= module.num_embeddings:
            bad = int((ids >= module.num_embeddings).nonzero()[0])
            raise ProbeError(
                f"token id {int(ids[bad])} at position {bad} is outside the vocabulary of '{name}' "
                f"(size {module.num_embeddings}); map unknown tokens to <unk> first"
            )
    if tokens is not None and len(tokens) != ids.numel():
        raise ProbeError(f"got {len(tokens)} token strings for {ids.numel()} token ids")

    output, layers, arrays, worst = _record(model, lambda: model(ids[None, :]))
    logits, final_logits = _predictions(output, ids.numel())
    return Trace(
        token_ids=ids.numpy().astype(np.int64),
        tokens=list(tokens) if tokens is not None else None,
        layers=layers,
        arrays=arrays,
        logits=logits,
        final_logits=final_logits,
        max_abs_error=worst,
    )


def trace_run(
    model: nn.Module,
    run: Callable[[], object],
    token_ids,
    tokens: Sequence[str] | None = None,
    module: str | None = None,
) -> tuple[Trace, object]:
    """Trace whatever `run()` does with `model`'s recurrent modules; returns (Trace, run's result).

    For models not called as `model(ids)`, e.g. an encoder–decoder whose decoder is called once
    per written token. `module` keeps only the layers of that module (by its path, "decoder");
    `token_ids` (T,) label the rows (the decoder's inputs), so they must number as many as its steps.
    """
    ids = _as_ids(token_ids)
    result, layers, arrays, worst = _record(model, run)
    if module is not None:
        keep = [i for i, info in enumerate(layers) if info.module == module]
        if not keep:
            raise ProbeError(f"the run never called a recurrent module named '{module}'")
        arrays = {(keep.index(lay), d, n): v for (lay, d, n), v in arrays.items() if lay in keep}
        layers = [layers[i] for i in keep]
    steps = {v.shape[0] for (_, _, n), v in arrays.items() if n == "h"}
    if steps != {ids.numel()}:
        raise ProbeError(f"got {ids.numel()} token ids for a run of {sorted(steps)} step(s)")
    if tokens is not None and len(tokens) != ids.numel():
        raise ProbeError(f"got {len(tokens)} token strings for {ids.numel()} token ids")
    found = Trace(ids.numpy().astype(np.int64), list(tokens) if tokens is not None else None, layers, arrays,
                  max_abs_error=worst)  # fmt: skip
    return found, result


def _record(model: nn.Module, run: Callable[[], object]) -> tuple[object, list[LayerInfo], dict, float]:
    """Run `run()` under the capture; (its result, layers, arrays, worst error) with step calls joined."""
    was_training = model.training
    if was_training:
        model.eval()  # dropout off: the trace must be the model's deterministic computation
    try:
        with torch.no_grad(), _capture(model) as calls:
            output = run()
        if not calls:
            raise ProbeError("the model's forward pass never called its recurrent layer(s)")
        layers: list[LayerInfo] = []
        arrays: dict[tuple[int, int, str], np.ndarray] = {}
        worst = 0.0
        with torch.no_grad():
            for call in join_steps(calls):
                worst = max(worst, _reconstruct(call, layers, arrays))
    finally:
        if was_training:
            model.train()
    return output, layers, arrays, worst


def join_steps(calls: list[_Call]) -> list[_Call]:
    """Join each call that continues an earlier call of the same module (one sequence, one
    direction, run layer by layer, its initial state exactly the other's final state) into it:
    a decoder called once per token becomes one call over all its steps. Others stay apart."""
    joined: list[_Call] = []
    last: dict[int, int] = {}  # id(module) -> index in `joined` of its latest call
    for call in calls:
        index = last.get(id(call.module))
        if index is not None and _continues(joined[index], call):
            joined[index] = _join(joined[index], call)
        else:
            joined.append(call)
            last[id(call.module)] = len(joined) - 1
    return joined


def _continues(before: _Call, after: _Call) -> bool:
    if before.layer_outputs is None or after.layer_outputs is None or before.module.bidirectional:
        return False
    if after.hx is None or before.final is None:
        return False
    pairs = zip(after.hx, before.final, strict=True) if isinstance(after.hx, tuple) else [(after.hx, before.final)]
    return all(a.shape == b.shape and torch.equal(a, b) for a, b in pairs)


def _join(before: _Call, after: _Call) -> _Call:
    def cat(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
        dim = 1 if a.dim() == 3 and before.module.batch_first else 0  # the time axis
        return torch.cat([a, b], dim=dim)

    layer_outputs = [torch.cat([a, b]) for a, b in zip(before.layer_outputs, after.layer_outputs, strict=True)]
    kernel = None
    if before.kernel is not None and after.kernel is not None:  # one direction: reading order is time order
        kernel = KernelGates(*(np.concatenate([a, b], axis=2) for a, b in
                               ((before.kernel.gates, after.kernel.gates), (before.kernel.cells, after.kernel.cells))))  # fmt: skip
    return _Call(before.name, before.module, cat(before.input, after.input), before.hx,
                 cat(before.output, after.output), after.final, layer_outputs, kernel)  # fmt: skip


def _predictions(output, length: int) -> tuple[np.ndarray | None, np.ndarray | None]:
    if isinstance(output, tuple | list):
        output = next((o for o in output if isinstance(o, torch.Tensor)), None)
    if not isinstance(output, torch.Tensor) or not output.is_floating_point():
        return None, None
    out = output.detach().float().cpu()
    if out.dim() == 3 and out.shape[0] == 1 and out.shape[1] == length:
        return out[0].numpy(), None
    if out.dim() == 2 and out.shape[0] == 1:
        return None, out[0].numpy()
    return None, None


def _kind(module: nn.RNNBase) -> str:
    if isinstance(module, nn.LSTM):
        return "lstm"
    if isinstance(module, nn.GRU):
        return "gru"
    return "rnn"


def _sequence(x: torch.Tensor, call: _Call) -> torch.Tensor:
    """A module input or output as (T, features) for the one sequence of a batch of one."""
    if isinstance(x, nn.utils.rnn.PackedSequence):
        raise ProbeError("the probe needs a plain tensor input, not a PackedSequence; call the model without lengths")
    if x.dim() == 2:
        return x
    batch_dim = 0 if call.module.batch_first else 1
    if x.shape[batch_dim] != 1:
        raise ProbeError(
            f"the recurrent layer '{call.name}' received a batch of {x.shape[batch_dim]}; the probe traces one sequence"
        )
    return x.select(batch_dim, 0)


def _initial(
    call: _Call, kind: str, rows: int, out_size: int, hidden: int, dtype
) -> tuple[torch.Tensor, torch.Tensor | None]:
    """Initial h (rows, out_size) and c (rows, hidden), zeros when the model gave none."""
    hx = call.hx
    if hx is None:
        h0 = torch.zeros(rows, out_size, dtype=dtype)
        return h0, torch.zeros(rows, hidden, dtype=dtype) if kind == "lstm" else None
    h0, c0 = hx if kind == "lstm" else (hx, None)
    h0 = h0.reshape(rows, -1).to(dtype)
    c0 = c0.reshape(rows, -1).to(dtype) if c0 is not None else None
    return h0, c0


_WARMED = threading.local()


def _warm_up_tanh() -> None:
    """Run one large torch.tanh in this thread before the probe relies on one.

    With torch 2.13 on this 2-core machine, the first multi-threaded torch.tanh of a process was
    off by up to 4e-5 on part of its output in about one process in seven (measured: 6 of 40 fresh
    processes; later calls exact to 3e-8); the exactness check then failed a correct trace. A
    throw-away call first removed it (0 of 40). Per thread, as each thread has its own OpenMP team.
    """
    if not getattr(_WARMED, "done", False):
        torch.tanh(torch.linspace(-3.0, 3.0, 1 << 17))
        _WARMED.done = True


def _reconstruct(call: _Call, layers: list[LayerInfo], arrays: dict) -> float:
    """Gates and states of every layer and direction of one module call; returns the max error."""
    _warm_up_tanh()
    if isinstance(call.module, nn.LSTM):
        return _reconstruct_lstm(call, layers, arrays)
    module = call.module
    kind = _kind(module)
    directions = 2 if module.bidirectional else 1
    hidden = module.hidden_size
    x = _sequence(call.input, call)  # (T, in)
    rows = module.num_layers * directions
    h0_all, _ = _initial(call, kind, rows, hidden, hidden, x.dtype)
    top = _sequence(call.output, call)  # (T, D*out): the top layer's h, straight from the kernel
    h_n = call.final.reshape(rows, -1)
    layer_input = x
    worst = 0.0
    for layer in range(module.num_layers):
        own = slice(layer * directions, (layer + 1) * directions)
        layer_output = _layer_output(call, layer, layer_input, h0_all[own], None, top)
        layers.append(_layer_info(call, layer, layer_input.shape[1]))
        for d in range(directions):
            row = layer * directions + d
            h = layer_output[:, d * hidden : (d + 1) * hidden]  # (T, H)
            h0 = h0_all[row]
            h_prev = torch.cat([h0[None], h[:-1]]) if d == 0 else torch.cat([h[1:], h0[None]])  # (T, H)
            found = _gates(kind, _layer_weights(module, layer, d), layer_input, h_prev, layers[-1])
            rebuilt = found.pop("rebuilt")
            last = -1 if d == 0 else 0  # the reverse direction ends at t = 0
            error = max(float((rebuilt - h).abs().max()), float((h[last] - h_n[row]).abs().max()))
            _check(call, layers[-1], d, error)
            worst = max(worst, error)
            found.update({"x": layer_input, "h": h, "h0": h0})
            for name, value in found.items():
                arrays[(len(layers) - 1, d, name)] = _float32(value)
        layer_input = layer_output
    return worst


def _reconstruct_lstm(call: _Call, layers: list[LayerInfo], arrays: dict) -> float:
    """`_reconstruct` for an nn.LSTM, with few and large operations (a short input's cost is their number).

    Everything runs in reading order: row s of the reverse direction is time T-1-s (its input is
    fed reversed), so every layer and direction steps forward together and nothing is reordered
    afterwards; the Trace gets the reverse direction as reversed NumPy views. Per
    layer one batched product gives both directions' input terms and another adds their
    recurrent terms, into one array for every layer; one sigmoid and one tanh give every gate of
    every layer; C_t's scan steps every layer and direction at once; the check compares
    o ⊙ tanh(C) with the kernel's h, which the recurrent products already read (`states`).
    """
    module = call.module
    directions = 2 if module.bidirectional else 1
    hidden = module.hidden_size
    out_size = module.proj_size or hidden
    x = _sequence(call.input, call)  # (T, in)
    length, num_layers = x.shape[0], module.num_layers
    rows = num_layers * directions
    h0_all, c0_all = _initial(call, "lstm", rows, out_size, hidden, x.dtype)
    top = _sequence(call.output, call)
    h_n = call.final[0].reshape(rows, -1).numpy()  # (L*D, out)
    c_n = call.final[1].reshape(rows, -1).numpy()  # (L*D, H)

    first = len(layers)
    kernel = call.kernel
    pre = None if kernel else torch.empty((num_layers, directions, length, 4 * hidden), dtype=x.dtype)
    # the kernel's h in reading order: row 0 the initial state, row s + 1 the state after step s
    states = torch.empty((num_layers, directions, length + 1, out_size), dtype=x.dtype)
    inputs, outputs, read = [], [], []
    layer_input = x
    for layer in range(num_layers):
        own = slice(layer * directions, (layer + 1) * directions)
        layer_output = _layer_output(call, layer, layer_input, h0_all[own], c0_all[own], top)  # (T, D*out)
        layers.append(_layer_info(call, layer, layer_input.shape[1]))
        w_ih, bias, w_hh = _gate_weights(module, layer)  # (D, in, 4H), (D, 1, 4H) or None, (D, out, 4H)
        out = layer_output.numpy()
        _read_states(states[layer].numpy(), out, h0_all[own].numpy())
        if kernel is not None:  # the products wait until a pre-activation is read
            read.append((w_ih, bias, w_hh))
        else:
            if directions == 1:
                inp = layer_input[None]
            else:  # the reverse direction reads its input backwards (one batched product is the faster)
                inp = torch.empty((2, length, layer_input.shape[1]), dtype=x.dtype)
                inp[0] = layer_input
                inp.numpy()[1] = layer_input.numpy()[::-1]
            if bias is None:
                torch.bmm(inp, w_ih, out=pre[layer])
            else:
                torch.baddbmm(bias, inp, w_ih, out=pre[layer])
            pre[layer].baddbmm_(states[layer, :, :length], w_hh)
        inputs.append(layer_input)
        outputs.append(out)
        layer_input = layer_output
    if kernel is not None:
        act = torch.from_numpy(kernel.gates)
        cells = kernel.cells.transpose(2, 0, 1, 3)  # (T, L, D, H), as the scan below makes it
    else:
        act = torch.sigmoid(pre)  # (L, D, T, 4H): σ(i), σ(f), -, σ(o)
        candidate = slice(2 * hidden, 3 * hidden)
        torch.tanh(pre[..., candidate], out=act[..., candidate])  # and tanh(g)
    i, f = act[..., :hidden], act[..., hidden : 2 * hidden]
    g, o = act[..., 2 * hidden : 3 * hidden], act[..., 3 * hidden :]

    if kernel is None:  # C_t = f_t ⊙ C_{t-1} + i_t ⊙ g_t, every layer and direction at once, step by step (T, L, D, H)
        forget = f.permute(2, 0, 1, 3).contiguous()
        written = torch.empty_like(forget)
        torch.mul(i.permute(2, 0, 1, 3), g.permute(2, 0, 1, 3), out=written)
        cells = np.empty_like(written.numpy())
        state = c0_all.numpy().reshape(num_layers, directions, hidden)
        for forget_t, written_t, cell in zip(forget.numpy(), written.numpy(), cells, strict=True):
            np.multiply(forget_t, state, out=cell)
            np.add(cell, written_t, out=cell)
            state = cell
    errors = None if module.proj_size else _lstm_errors(o, cells, states, h_n, c_n)
    if kernel is not None:
        errors = [max(e, r) for e, r in zip(errors, _recurrence_errors(act, kernel.cells, c0_all), strict=True)]
        if max(errors) > TOLERANCE:  # not what the kernel computed (its workspace laid out otherwise): rebuild
            del layers[first:]
            return _reconstruct_lstm(replace(call, kernel=None), layers, arrays)
    act, pre = act.numpy(), None if pre is None else pre.numpy()

    found: list[dict[str, np.ndarray]] = []  # one per layer and direction, row = layer * D + d
    for row in range(rows):
        layer, d = divmod(row, directions)
        order = slice(None) if d == 0 else slice(None, None, -1)  # back to time order: a view
        own = slice(d * out_size, (d + 1) * out_size)
        gates = {"c": cells[order, layer, d], "h": outputs[layer][:, own], "x": inputs[layer].numpy(),
                 "h0": h0_all[row].numpy(), "c0": c0_all[row].numpy()}  # fmt: skip
        later = None
        if kernel is not None:
            w_ih, bias, w_hh = read[layer]
            later = Deferred(functools.partial(_pre_activations, inputs[layer], states[layer, d, :length], w_ih[d],
                                               None if bias is None else bias[d], w_hh[d], act[layer, d], d == 1))  # fmt: skip
        for k, gate in enumerate(("i", "f", "g", "o")):  # PyTorch's layout of the 4H rows
            columns = slice(k * hidden, (k + 1) * hidden)
            gates[gate] = act[layer, d, order, columns]
            gates[f"{gate}_pre"] = later if later is not None else pre[layer, d, order, columns]
        found.append(gates)
    if errors is None:  # a projection: h is o ⊙ tanh(C) projected, checked one layer and direction at a time
        errors = [_lstm_error(module, row, directions, gates, h_n[row], c_n[row]) for row, gates in enumerate(found)]
    if max(errors) > TOLERANCE:
        # Long inputs: float32 rounding in our scan and in the kernel drifts apart over thousands
        # of steps in cells that hardly forget. Re-anchor C_t on the kernel's own state every
        # ANCHOR_EVERY steps and check again.
        for row, gates in enumerate(found):
            layer, d = divmod(row, directions)
            gates["c"] = _anchored_cells(module, layer, d, inputs[layer], (h0_all[row], c0_all[row]), gates)
        errors = [_lstm_error(module, row, directions, gates, h_n[row], c_n[row]) for row, gates in enumerate(found)]
    for row, (gates, error) in enumerate(zip(found, errors, strict=True)):
        layer, d = divmod(row, directions)
        _check(call, layers[first + layer], d, error)
        for name, value in gates.items():
            arrays[(first + layer, d, name)] = value if isinstance(value, Deferred) else _float32(value)
    return max(errors)


def _recurrence_errors(act: torch.Tensor, cells: np.ndarray, c0: torch.Tensor) -> list[float]:
    """Per layer and direction, the worst |f ⊙ C_{t-1} + i ⊙ g - C_t| (relative above 1), all of
    (L, D, T, ·) in reading order: the kernel's gates must give its own C."""
    num_layers, directions, length, hidden = cells.shape
    c = torch.from_numpy(cells)
    i, f, g = act[..., :hidden], act[..., hidden : 2 * hidden], act[..., 2 * hidden : 3 * hidden]
    rebuilt = torch.empty_like(c)
    torch.mul(f[:, :, 0], c0.reshape(num_layers, directions, hidden), out=rebuilt[:, :, 0])
    torch.mul(f[:, :, 1:], c[:, :, :-1], out=rebuilt[:, :, 1:])
    rebuilt.addcmul_(i, g).sub_(c).abs_()
    worst = rebuilt.amax(dim=(2, 3))
    if float(worst.max()) > TOLERANCE:  # absolute is enough below; relative to |C| above 1
        worst = rebuilt.div_(c.abs().clamp_(min=1.0)).amax(dim=(2, 3))
    return worst.reshape(-1).tolist()


def _pre_activations(
    x: torch.Tensor, h_prev: torch.Tensor, w_ih: torch.Tensor, bias: torch.Tensor | None, w_hh: torch.Tensor,
    act: np.ndarray, reverse: bool,
) -> dict[str, np.ndarray]:
    """One layer and direction's pre-activations W_ih·x_t + W_hh·h_{t-1} + b (all steps, reading
    order, one product each), checked against the kernel's gates: σ or tanh of them must give `act`.
    x (T, in) in time order; h_prev (T, out) and act (T, 4H) in reading order."""
    x = x.flip(0) if reverse else x
    pre = torch.matmul(x, w_ih) if bias is None else torch.addmm(bias, x, w_ih)  # (T, 4H)
    pre.addmm_(h_prev, w_hh)
    hidden = pre.shape[1] // 4
    candidate = slice(2 * hidden, 3 * hidden)
    again = torch.sigmoid(pre)
    torch.tanh(pre[:, candidate], out=again[:, candidate])
    error = float(again.sub_(torch.from_numpy(act)).abs_().max())
    if error > TOLERANCE:
        raise ProbeMismatchError(f"pre-activations disagree with the kernel's gates: max abs difference {error:.2e} > {TOLERANCE}")
    values = pre.numpy()[::-1] if reverse else pre.numpy()  # back to time order: a view
    return {f"{gate}_pre": values[:, k * hidden : (k + 1) * hidden] for k, gate in enumerate("ifgo")}  # PyTorch's order


def _read_states(states: np.ndarray, out: np.ndarray, h0: np.ndarray) -> None:
    """Fill one layer's `states` (D, T+1, out) from its output (T, D*out) and initial h (D, out):
    row 0 is h0, row s + 1 the state after reading step s (the reverse direction reads T-1 .. 0).
    Rows :T are each step's h_{t-1} for the recurrent products, rows 1: the kernel's h to check."""
    length, directions = out.shape[0], h0.shape[0]
    h = out.reshape(length, directions, -1)
    states[:, 0] = h0
    states[0, 1:] = h[:, 0]
    if directions == 2:
        states[1, 1:] = h[::-1, 1]


def _lstm_errors(o: torch.Tensor, cells: np.ndarray, states: torch.Tensor, h_n: np.ndarray, c_n: np.ndarray) -> list[float]:  # fmt: skip
    """`_lstm_error` of every layer and direction at once (no projection), in reading order:
    o (L, D, T, H), C (T, L, D, H), the kernel's states (L, D, T+1, H), final h and c (L*D, H)."""
    num_layers, directions, _, hidden = o.shape
    rows = num_layers * directions
    rebuilt = torch.tanh(torch.from_numpy(cells).permute(1, 2, 0, 3)).mul_(o).sub_(states[:, :, 1:])  # (L, D, T, H)
    low, high = torch.aminmax(rebuilt)  # the worst step of all; per layer and direction only when it fails
    worst = max(-float(low), float(high))
    steps = rebuilt.abs_().amax(dim=(2, 3)).reshape(rows).tolist() if worst > TOLERANCE else [worst] * rows
    last_h = states[:, :, -1].reshape(rows, hidden).numpy()  # the last step read: t = T-1, or 0 in reverse
    last_c = cells[-1].reshape(rows, hidden)
    final = _final_error(last_h, h_n, last_c, c_n)
    return [max(step, float(error)) for step, error in zip(steps, final, strict=True)]


def _final_error(h_last: np.ndarray, h_n: np.ndarray, c_last: np.ndarray, c_n: np.ndarray) -> np.ndarray:
    """Final h against the kernel's h_n (absolute) and final C against c_n, relative to its size
    above 1: a float32 cell state of 500 is only resolved to 3e-5, so an absolute 1e-5 would ask
    more than the kernel itself can hold. One value per row of (rows, size) arrays, or one for (size,)."""
    return np.maximum(
        np.abs(h_last - h_n).max(axis=-1),
        (np.abs(c_last - c_n) / np.maximum(np.abs(c_n), 1.0)).max(axis=-1),
    )


def _lstm_error(module: nn.LSTM, row: int, directions: int, gates: dict, h_n: np.ndarray, c_n: np.ndarray) -> float:
    """Worst difference from the kernel for one layer and direction: h_t at every step (absolute),
    final h and c (`_final_error`)."""
    rebuilt = gates["o"] * torch.tanh(torch.from_numpy(np.ascontiguousarray(gates["c"]))).numpy()  # (T, H)
    if module.proj_size:
        layer, d = divmod(row, directions)
        rebuilt = rebuilt @ _layer_weights(module, layer, d)["weight_hr"].detach().numpy().T  # (T, proj)
    last = -1 if row % directions == 0 else 0  # the reverse direction ends at t = 0
    h, c = gates["h"], gates["c"]
    return max(float(np.abs(rebuilt - h).max()), float(_final_error(h[last], h_n, c[last], c_n)))


def _float32(value) -> np.ndarray:
    array = value.detach().numpy() if isinstance(value, torch.Tensor) else value
    return array if array.dtype == np.float32 else array.astype(np.float32)


def _layer_output(call: _Call, layer: int, layer_input, h0, c0, top) -> torch.Tensor:
    """(T, D*out) of one layer: recorded as the probe ran the layers, else the kernel's top output,
    else (a module with a forward of its own) the layer rerun through the fused kernel."""
    if call.layer_outputs is not None:
        return call.layer_outputs[layer]
    if layer == call.module.num_layers - 1:
        return top
    return run_layer(call.module, _kind(call.module), layer, layer_input, h0, c0)[0]


def _layer_info(call: _Call, layer: int, input_size: int) -> LayerInfo:
    module = call.module
    return LayerInfo(
        kind=_kind(module),
        module=call.name,
        module_layer=layer,
        directions=2 if module.bidirectional else 1,
        input_size=input_size,
        hidden_size=module.hidden_size,
        output_size=getattr(module, "proj_size", 0) or module.hidden_size,
        nonlinearity=getattr(module, "nonlinearity", "tanh"),
    )


def _check(call: _Call, info: LayerInfo, direction: int, error: float) -> None:
    if error > TOLERANCE:
        raise ProbeMismatchError(
            f"probe disagrees with {call.name} layer {info.module_layer} direction {direction}: "
            f"max abs difference {error:.2e} > {TOLERANCE}"
        )


_GATE_WEIGHTS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # module -> {layer: (parameters seen, weights)}


def _gate_weights(module: nn.LSTM, layer: int) -> tuple[torch.Tensor, torch.Tensor | None, torch.Tensor]:
    """One layer's weights laid out for `_reconstruct_lstm`'s products, every direction together:
    W_ih^T (D, in, 4H), b_ih + b_hh (D, 1, 4H) or None, W_hh^T (D, out, 4H).

    Built once per module and layer and reused while its parameters stay the same tensors at the
    same version (any in-place update, an optimizer step or load_state_dict, bumps the version).
    """
    directions = 2 if module.bidirectional else 1
    per_layer = [_layer_weights(module, layer, d) for d in range(directions)]
    tensors = [w for weights in per_layer for w in weights.values() if w is not None]
    cache = _GATE_WEIGHTS.setdefault(module, {})
    found = cache.get(layer)
    seen = found[0] if found is not None else []
    if len(seen) == len(tensors) and all(r() is w and v == w._version for (r, v), w in zip(seen, tensors, strict=True)):
        return found[1]
    with torch.no_grad():
        w_ih = torch.stack([w["weight_ih"].T for w in per_layer])
        bias = None
        if module.bias:
            bias = torch.stack([w["bias_ih"] + w["bias_hh"] for w in per_layer])[:, None]
        w_hh = torch.stack([w["weight_hh"].T for w in per_layer])
    cache[layer] = ([(weakref.ref(w), w._version) for w in tensors], (w_ih, bias, w_hh))
    return w_ih, bias, w_hh


def _anchored_cells(module: nn.LSTM, layer: int, direction: int, x: torch.Tensor, state, gates: dict) -> np.ndarray:
    """C_t (T, H) from the scan, reset every ANCHOR_EVERY steps to the kernel's own C (run in chunks)."""
    length = x.shape[0]
    forget, written = gates["f"], gates["i"] * gates["g"]
    flat = [w for w in _layer_weights(module, layer, direction).values() if w is not None]
    h, c = state[0][None, None], state[1][None, None]  # (1, 1, size)
    anchors: dict[int, np.ndarray] = {}
    for start in range(0, length, ANCHOR_EVERY):
        stop = min(start + ANCHOR_EVERY, length)
        # the reverse direction reads the chunks from the end, each one backwards
        lo, hi = (start, stop) if direction == 0 else (length - stop, length - start)
        chunk = x[lo:hi] if direction == 0 else x[lo:hi].flip(0)
        _, h, c = torch._VF.lstm(chunk[None], (h, c), flat, module.bias, 1, 0.0, False, False, True)
        anchors[hi - 1 if direction == 0 else lo] = c[0, 0].numpy()
    value = state[1].numpy().copy()
    cells = np.empty_like(written)
    for t in range(length) if direction == 0 else range(length - 1, -1, -1):
        value = forget[t] * value + written[t]
        if t in anchors:
            value = anchors[t].copy()
        cells[t] = value
    return cells


def _layer_weights(module: nn.RNNBase, layer: int, direction: int) -> dict[str, torch.Tensor | None]:
    suffix = "_reverse" if direction else ""
    own = module._parameters  # a plain dict: nn.Module.__getattr__ is slow, and a trace asks about 50 times

    def get(name: str) -> torch.Tensor | None:
        key = f"{name}_l{layer}{suffix}"
        found = own.get(key)
        return found if found is not None else getattr(module, key, None)  # e.g. a parametrized weight

    return {n: get(n) for n in ("weight_ih", "weight_hh", "bias_ih", "bias_hh", "weight_hr")}


def run_layer(module, kind, layer, layer_input, h0, c0) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor | None]:
    """Layer `layer` of a stacked module through the same fused kernel nn.LSTM uses.

    layer_input (T, in), h0 (D, out), c0 (D, hidden) -> output (T, D*out), h_n (D, out), c_n or None.
    """
    directions = 2 if module.bidirectional else 1
    flat = []
    for d in range(directions):
        w = _layer_weights(module, layer, d)
        flat += [w["weight_ih"], w["weight_hh"]]
        if module.bias:
            flat += [w["bias_ih"], w["bias_hh"]]
        if w["weight_hr"] is not None:
            flat.append(w["weight_hr"])
    inp = layer_input[None]  # (1, T, in), batch_first
    if kind == "lstm":
        out, h_n, c_n = torch._VF.lstm(
            inp, (h0[:, None], c0[:, None]), flat, module.bias, 1, 0.0, False, module.bidirectional, True
        )
        return out[0], h_n[:, 0], c_n[:, 0]
    if kind == "gru":
        out, h_n = torch._VF.gru(inp, h0[:, None], flat, module.bias, 1, 0.0, False, module.bidirectional, True)
    else:
        fn = torch._VF.rnn_tanh if module.nonlinearity == "tanh" else torch._VF.rnn_relu
        out, h_n = fn(inp, h0[:, None], flat, module.bias, 1, 0.0, False, module.bidirectional, True)
    return out[0], h_n[:, 0], None


def run_layers(
    module: nn.RNNBase, inp: torch.Tensor, hx
) -> tuple[torch.Tensor, object, list[torch.Tensor], KernelGates | None]:
    """What `module(inp, hx)` returns for one sequence, computed one layer at a time, plus each
    layer's output (T, D*out) and, for an LSTM the workspace can be read from, the kernel's own
    gates and C (`KernelGates`). In eval mode this is the module's own computation: the same
    kernel, layer after layer."""
    kind = _kind(module)
    directions = 2 if module.bidirectional else 1
    hidden = module.hidden_size
    out_size = getattr(module, "proj_size", 0) or hidden
    unbatched = inp.dim() == 2
    x = inp if unbatched else (inp[0] if module.batch_first else inp[:, 0])  # (T, in)
    rows = module.num_layers * directions
    call = _Call("", module, inp, hx, inp, None)
    h0_all, c0_all = _initial(call, kind, rows, out_size, hidden, x.dtype)
    kernel = None
    if kind == "lstm" and workspace.readable(module, x):
        shape = (module.num_layers, directions, x.shape[0])
        kernel = KernelGates(np.empty((*shape, 4 * hidden), np.float32), np.empty((*shape, hidden), np.float32))
    outputs, h_n, c_n = [], [], []
    layer_input = x
    for layer in range(module.num_layers):
        own = slice(layer * directions, (layer + 1) * directions)
        c0 = None if c0_all is None else c0_all[own]
        kept = None if kernel is None else _kept_layer(module, layer, layer_input, h0_all[own], c0, kernel)
        if kept is None:
            kernel = None
        out, h_last, c_last = kept or run_layer(module, kind, layer, layer_input, h0_all[own], c0)
        outputs.append(out)
        h_n.append(h_last)
        if c_last is not None:
            c_n.append(c_last)
        layer_input = out
    top = outputs[-1] if unbatched else (outputs[-1][None] if module.batch_first else outputs[-1][:, None])
    h_final = torch.cat(h_n) if unbatched else torch.cat(h_n)[:, None]
    if kind == "lstm":
        c_final = torch.cat(c_n) if unbatched else torch.cat(c_n)[:, None]
        return top, (h_final, c_final), outputs, kernel
    return top, h_final, outputs, kernel


def _kept_layer(module: nn.LSTM, layer: int, layer_input, h0, c0, kernel: KernelGates) -> tuple | None:
    """`run_layer` of an LSTM layer with the kernel's gates and C kept in `kernel`, or None."""
    outs, h_n, c_n = [], [], []
    for d in range(h0.shape[0]):
        ran = workspace.run_direction(_layer_weights(module, layer, d), layer_input, h0[d], c0[d], bool(d),
                                      kernel.gates[layer, d], kernel.cells[layer, d])  # fmt: skip
        if ran is None:
            return None
        outs.append(ran[0])
        h_n.append(ran[1])
        c_n.append(ran[2])
    return torch.cat(outs, dim=1), torch.stack(h_n), torch.stack(c_n)


def layers_of(rnn: nn.RNNBase, start: int, stop: int) -> nn.RNNBase | None:
    """Layers start..stop-1 of a stacked module as a module of their own (a copy of the weights),
    for packed batches: the corpus views and corpus ablation run one part of a stack this way."""
    if stop <= start:
        return None
    directions = 2 if rnn.bidirectional else 1
    out_size = (getattr(rnn, "proj_size", 0) or rnn.hidden_size) * directions
    kwargs = {"num_layers": stop - start, "bias": rnn.bias, "batch_first": True, "bidirectional": rnn.bidirectional}
    if isinstance(rnn, nn.LSTM) and rnn.proj_size:
        kwargs["proj_size"] = rnn.proj_size
    if type(rnn) is nn.RNN:
        kwargs["nonlinearity"] = rnn.nonlinearity
    part = type(rnn)(rnn.input_size if start == 0 else out_size, rnn.hidden_size, **kwargs)
    state = {}
    for name, value in rnn.state_dict().items():
        base, _, rest = name.rpartition("_l")
        digits = rest.split("_")[0]
        if start <= int(digits) < stop:
            state[f"{base}_l{int(digits) - start}{rest[len(digits):]}"] = value
    part.load_state_dict(state)
    return part.eval()


def _affine(w: torch.Tensor, b: torch.Tensor | None, v: torch.Tensor) -> torch.Tensor:
    return nn.functional.linear(v, w, b)  # one fused addmm for all T steps


def _bias_sum(weights: dict) -> torch.Tensor | None:
    b_ih, b_hh = weights["bias_ih"], weights["bias_hh"]
    return None if b_ih is None else b_ih + b_hh


def _gates(kind: str, weights: dict, x: torch.Tensor, h_prev: torch.Tensor, info: LayerInfo) -> dict[str, torch.Tensor]:
    """All steps' gates at once from the known h_{t-1}. GRU and RNN also rebuild h ("rebuilt")."""
    if kind == "lstm":  # one product and two activations for all four gates of all steps
        bias = _bias_sum(weights)
        pre = _affine(weights["weight_ih"], bias, x)  # (T, 4H)
        pre.addmm_(h_prev, weights["weight_hh"].T)
        act = torch.sigmoid(pre)
        i_pre, f_pre, g_pre, o_pre = pre.chunk(4, dim=1)  # PyTorch's order: i, f, g, o
        i, f, _, o = act.chunk(4, dim=1)
        return {"i": i, "f": f, "g": torch.tanh(g_pre), "o": o,
                "i_pre": i_pre, "f_pre": f_pre, "g_pre": g_pre, "o_pre": o_pre}  # fmt: skip
    gi = _affine(weights["weight_ih"], weights["bias_ih"], x)  # (T, G*H)
    gh = _affine(weights["weight_hh"], weights["bias_hh"], h_prev)  # (T, G*H)
    if kind == "gru":
        ir, iz, in_ = gi.chunk(3, dim=1)
        hr, hz, hn = gh.chunk(3, dim=1)
        r_pre, z_pre = ir + hr, iz + hz
        r, z = torch.sigmoid(r_pre), torch.sigmoid(z_pre)
        n_pre = in_ + r * hn
        n = torch.tanh(n_pre)
        rebuilt = (1 - z) * n + z * h_prev
        return {"r": r, "z": z, "n": n, "r_pre": r_pre, "z_pre": z_pre, "n_pre": n_pre, "rebuilt": rebuilt}
    pre = gi + gh
    rebuilt = torch.tanh(pre) if info.nonlinearity == "tanh" else torch.relu(pre)
    return {"h_pre": pre, "rebuilt": rebuilt}


def _cell_states(items: list[tuple[int, dict[str, torch.Tensor]]]) -> None:
    """c_t = f_t ⊙ c_{t-1} + i_t ⊙ g_t for every layer and direction in one scan over time.

    Reverse directions are flipped so that all of them step forward together; adds "c" to each.
    """
    flip = lambda t, d: t.flip(0) if d else t  # noqa: E731
    forget = torch.stack([flip(a["f"], d) for d, a in items], dim=1).numpy()  # (T, K, H)
    written = torch.stack([flip(a["i"] * a["g"], d) for d, a in items], dim=1).numpy()  # (T, K, H)
    state = torch.stack([a["c0"] for _, a in items]).numpy().copy()  # (K, H)
    cells = np.empty_like(written)
    for t in range(len(cells)):
        np.multiply(forget[t], state, out=state)
        np.add(state, written[t], out=state)
        cells[t] = state
    for k, (d, arrays) in enumerate(items):
        arrays["c"] = flip(torch.from_numpy(cells[:, k]), d)
