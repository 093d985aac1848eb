"""Interventions: switch a unit or a gate off, rerun the model exactly, and return what changed.

`intervene(model, token_ids, edits)` reruns `model(ids)` with the given edits applied inside its
recurrent layers and returns the counterfactual as a `Trace` (same shapes, same names as
`models.probe.trace`). An edit sets a state (C or h) or clamps a gate of chosen units, at one step
or from a step on:

    from models.probe.intervene import Edit, intervene
    cf = intervene(loaded.model, ids, [Edit("c", units=(13,), value=0.0, step=2, scope="from")])

How it stays exact: each recurrent module's forward is replaced, for this thread and this call only,
by a rerun with the edits. Layers below the first edit are the original computation (the fused kernel, rebuilt by
the probe); the edited layer and direction are stepped one token at a time with the module's own
weights, the edits applied between the equations; everything above reruns on the edited input.
With no edits the result equals `trace` (the tests check ≤ 1e-6, and check edits against an
independent step-by-step reference for LSTM, GRU and RNN, stacked and bidirectional).

`ablate_batch` runs the same stepping over a padded batch of sentences for corpus-scale ablation
(the Analyse page's importance table).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

import numpy as np
import torch
from torch import nn

from models.probe import GATES, STATES, LayerInfo, ProbeError, Trace
from models.probe import capture as probe

SCOPES = ("at", "from")
GROUP = 16  # units switched off side by side in one batched pass of the importance table


@dataclass(frozen=True)
class Edit:
    """Set `target` of `units` to `value` at token position `step` ("at") or from it on ("from").

    target: "c" or "h" (a state), or a gate of the layer's kind: LSTM "i", "f", "g", "o"; GRU "r",
    "z", "n". value: one number for every unit, or one per unit (patching from another sentence).
    "From step t on" follows the direction's reading order: for the backward direction it means
    positions t, t-1, ..., 0.
    """

    target: str
    units: tuple[int, ...]
    value: float | tuple[float, ...] = 0.0
    step: int = 0
    layer: int = 0
    direction: int = 0
    scope: str = "at"

    def active(self, t: int) -> bool:
        if self.scope == "at":
            return t == self.step
        return t >= self.step if self.direction == 0 else t <= self.step

    def values(self) -> torch.Tensor:
        value = self.value if isinstance(self.value, tuple | list) else (self.value,) * len(self.units)
        return torch.tensor(value, dtype=torch.float32)

    def to_text(self) -> str:
        """Compact form for a URL: target:layer:direction:unit+unit:value:step:scope."""
        value = "+".join(f"{v:g}" for v in self.value) if isinstance(self.value, tuple | list) else f"{self.value:g}"
        units = "+".join(str(u) for u in self.units)
        return f"{self.target}:{self.layer}:{self.direction}:{units}:{value}:{self.step}:{self.scope}"

    @staticmethod
    def from_text(text: str) -> Edit:
        """The inverse of `to_text`; a ProbeError with a readable message on anything malformed."""
        parts = text.split(":")
        if len(parts) != 7:
            raise ProbeError(f"an edit has 7 fields target:layer:direction:units:value:step:scope, got '{text[:80]}'")
        target, layer, direction, units, value, step, scope = parts
        try:
            unit_list = tuple(int(u) for u in units.split("+"))
            values = tuple(float(v) for v in value.split("+"))
            edit = Edit(target, unit_list, values[0] if len(values) == 1 else values, int(step), int(layer), int(direction), scope)
        except ValueError as err:
            raise ProbeError(f"could not read the edit '{text[:80]}': {err}") from err
        if any(not np.isfinite(v) for v in values):
            raise ProbeError(f"an edit's value must be a finite number, got '{value[:40]}'")
        return edit


def edits_to_text(edits: Sequence[Edit]) -> str:
    return ";".join(e.to_text() for e in edits)


def edits_from_text(text: str, limit: int = 16) -> list[Edit]:
    parts = [p for p in text.split(";") if p.strip()]
    if len(parts) > limit:
        raise ProbeError(f"at most {limit} edits at once, got {len(parts)}")
    return [Edit.from_text(p.strip()) for p in parts]


def check_edits(edits: Sequence[Edit], layers: Sequence[LayerInfo], length: int) -> None:
    """A ProbeError, in words a user can act on, for an edit that does not fit the model or the text."""
    for e in edits:
        if not 0 <= e.layer < len(layers):
            raise ProbeError(f"layer {e.layer} does not exist: the model has {len(layers)} recurrent layer(s)")
        info = layers[e.layer]
        if not 0 <= e.direction < info.directions:
            raise ProbeError(f"direction {e.direction} does not exist in layer {e.layer}")
        allowed = STATES[info.kind] + GATES[info.kind]
        if e.target not in allowed:
            raise ProbeError(f"'{e.target}' cannot be edited in a {info.kind.upper()} layer; choose from {', '.join(allowed)}")
        size = info.output_size if e.target == "h" else info.hidden_size
        if not e.units or any(not 0 <= u < size for u in e.units):
            raise ProbeError(f"units must be between 0 and {size - 1}, got {list(e.units)[:8]}")
        if len(set(e.units)) != len(e.units):
            raise ProbeError("each unit may appear once in an edit")
        if isinstance(e.value, tuple | list) and len(e.value) != len(e.units):
            raise ProbeError(f"{len(e.value)} values for {len(e.units)} units")
        if not 0 <= e.step < length:
            raise ProbeError(f"step {e.step + 1} is outside the text's {length} tokens")
        if e.scope not in SCOPES:
            raise ProbeError(f"scope must be 'at' or 'from', got '{e.scope}'")


# --- one direction of one layer, stepped with edits ------------------------------------------


def step_direction(
    kind: str,
    weights: dict[str, torch.Tensor | None],
    x: torch.Tensor,
    h0: torch.Tensor,
    c0: torch.Tensor | None,
    edits: Sequence[Edit],
    reverse: bool,
    nonlinearity: str = "tanh",
) -> dict[str, torch.Tensor]:
    """Step one direction of one layer over x (B, T, in) with `edits` applied; arrays (B, T, size).

    The input projection W_ih·x_t + b_ih is one batched product; each step adds W_hh·h_{t-1} + b_hh
    and applies the equations of nn.LSTM / nn.GRU / nn.RNN in PyTorch's gate order.
    """
    batch, length, _ = x.shape
    gi = nn.functional.linear(x, weights["weight_ih"], weights["bias_ih"])  # (B, T, G*H)
    w_hh, b_hh, w_hr = weights["weight_hh"], weights["bias_hh"], weights.get("weight_hr")
    names = {"lstm": ("i", "f", "g", "o", "i_pre", "f_pre", "g_pre", "o_pre", "c", "h"),
             "gru": ("r", "z", "n", "r_pre", "z_pre", "n_pre", "h"),
             "rnn": ("h_pre", "h")}[kind]  # fmt: skip
    hidden = w_hh.shape[0] // {"lstm": 4, "gru": 3, "rnn": 1}[kind]
    out = {n: torch.empty(batch, length, h0.shape[1] if n == "h" else hidden) for n in names}
    by_target: dict[str, list[Edit]] = {}
    for e in edits:
        by_target.setdefault(e.target, []).append(e)
    h, c = h0.clone(), None if c0 is None else c0.clone()

    def apply(name: str, value: torch.Tensor, t: int) -> torch.Tensor:
        for e in by_target.get(name, ()):
            if e.active(t):
                value = value.clone()
                value[:, list(e.units)] = e.values()
        return value

    for t in range(length - 1, -1, -1) if reverse else range(length):
        gh = nn.functional.linear(h, w_hh, b_hh)  # (B, G*H)
        if kind == "lstm":
            i_pre, f_pre, g_pre, o_pre = (gi[:, t] + gh).chunk(4, dim=1)
            i = apply("i", torch.sigmoid(i_pre), t)
            f = apply("f", torch.sigmoid(f_pre), t)
            g = apply("g", torch.tanh(g_pre), t)
            o = apply("o", torch.sigmoid(o_pre), t)
            c_new = apply("c", f * c + i * g, t)
            h_new = o * torch.tanh(c_new)
            if w_hr is not None:
                h_new = h_new @ w_hr.T
            h_new = apply("h", h_new, t)
            row = {"i": i, "f": f, "g": g, "o": o, "i_pre": i_pre, "f_pre": f_pre, "g_pre": g_pre, "o_pre": o_pre}
        elif kind == "gru":
            ir, iz, in_ = gi[:, t].chunk(3, dim=1)
            hr, hz, hn = gh.chunk(3, dim=1)
            r_pre, z_pre = ir + hr, iz + hz
            r = apply("r", torch.sigmoid(r_pre), t)
            z = apply("z", torch.sigmoid(z_pre), t)
            n_pre = in_ + r * hn
            n = apply("n", torch.tanh(n_pre), t)
            h_new = apply("h", (1 - z) * n + z * h, t)
            row = {"r": r, "z": z, "n": n, "r_pre": r_pre, "z_pre": z_pre, "n_pre": n_pre}
        else:
            pre = gi[:, t] + gh
            h_new = apply("h", torch.tanh(pre) if nonlinearity == "tanh" else torch.relu(pre), t)
            row = {"h_pre": pre}
        h = h_new
        if kind == "lstm":
            c = c_new
            out["c"][:, t] = c
        out["h"][:, t] = h
        for name, value in row.items():
            out[name][:, t] = value
    return out


# --- the whole model, one sentence -----------------------------------------------------------


def intervene(
    model: nn.Module,
    token_ids,
    edits: Sequence[Edit],
    tokens: Sequence[str] | None = None,
    original: Trace | None = None,
) -> Trace:
    """The counterfactual trace of `model` on `token_ids` with `edits` applied (see the module doc).

    `original`: the unedited trace if the caller has it (saves one pass); computed otherwise.
    """
    original = original if original is not None else probe.trace(model, token_ids, tokens)
    ids = torch.as_tensor(original.token_ids)
    edits = list(edits)
    check_edits(edits, original.layers, original.length)
    if not edits:
        return original
    arrays: dict[tuple[int, int, str], np.ndarray] = {}
    calls: list[probe._Call] = []
    offset = [0]

    def edited_forward(module: nn.RNNBase, inp, hx=None):
        first = offset[0]
        offset[0] += module.num_layers
        own = [e for e in edits if first <= e.layer < first + module.num_layers]
        if own and not probe.is_stock(module):
            raise ProbeError(f"{type(module).__name__} has a forward of its own: interventions need a plain nn.LSTM, nn.GRU or nn.RNN")
        if not own:  # untouched module: it runs itself, and the probe rebuilds it as `trace` does
            output, final, call = probe.recorded_run(module, inp, hx)
            calls.append(call)
            return output, final
        return _edited_module(module, inp, hx, own, first, original, arrays)

    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), probe.overridden(model, edited_forward):
            output = model(ids[None, :])
            layers: list[LayerInfo] = []
            rebuilt: dict[tuple[int, int, str], np.ndarray] = {}
            for call in calls:
                probe._reconstruct(call, layers, rebuilt)
    finally:
        if was_training:
            model.train()
    # modules rebuilt by the probe were numbered from 0 in call order; put them at their place
    _merge_rebuilt(original.layers, arrays, rebuilt)
    logits, final_logits = probe._predictions(output, len(ids))
    return Trace(
        token_ids=original.token_ids,
        tokens=original.tokens,
        layers=original.layers,
        arrays=arrays,
        logits=logits,
        final_logits=final_logits,
        max_abs_error=0.0,
    )


def _merge_rebuilt(layers: list[LayerInfo], arrays: dict, rebuilt: dict) -> None:
    """Move the probe's arrays of unedited modules to their global layer numbers."""
    missing = [i for i in range(len(layers)) if not any(k[0] == i for k in arrays)]
    got = sorted({k[0] for k in rebuilt})
    if len(missing) != len(got):
        raise probe.ProbeMismatchError("the rerun called its recurrent modules differently from the original")
    for target, source in zip(missing, got, strict=True):
        for (lay, d, name), value in rebuilt.items():
            if lay == source:
                arrays[(target, d, name)] = value


def _edited_module(
    module: nn.RNNBase, inp, hx, edits: list[Edit], offset: int, original: Trace, arrays: dict
) -> tuple[torch.Tensor, object]:
    """Rerun one recurrent module with edits; fill `arrays`; return (output, final) as the module would.

    Per layer and direction, the cheapest exact route: the original arrays where neither input nor
    edits changed; the fused kernel and the probe's batched rebuild where only the input changed;
    step by step only where an edit sits (and there only from the first edited step on).
    """
    kind = probe._kind(module)
    directions = 2 if module.bidirectional else 1
    x = inp if module.batch_first else inp.transpose(0, 1)  # (1, T, in)
    first = min(e.layer for e in edits) - offset
    finals_h, finals_c = [], []
    layer_input = x[0]
    for layer in range(module.num_layers):
        index = offset + layer
        info = original.layers[index]
        initial = [_initial(original, index, d, kind) for d in range(directions)]
        kernel = None
        if layer > first:  # the input changed: the fused kernel gives every h of this layer at once
            h0_all = torch.stack([h0 for h0, _ in initial])
            c0_all = torch.stack([c0 for _, c0 in initial]) if kind == "lstm" else None
            kernel = probe.run_layer(module, kind, layer, layer_input, h0_all, c0_all)[0]
        outs = []
        for d in range(directions):
            mine = [e for e in edits if e.layer == index and e.direction == d]
            if mine:
                found = _stepped(module, kind, layer, d, layer_input, mine, initial[d], original if layer == first else None, index)
            elif layer <= first:  # input and weights unchanged: the original computation
                found = {name: torch.from_numpy(np.ascontiguousarray(original.get(name, index, d))) for name in _names(kind)}
            else:
                found = _rebuilt(module, kind, layer, d, layer_input, kernel, initial[d], info)
            for name, value in found.items():
                arrays[(index, d, name)] = value.numpy()
            h, last = found["h"], -1 if d == 0 else 0
            finals_h.append(h[last])
            if kind == "lstm":
                finals_c.append(found["c"][last])
            outs.append(h)
        layer_input = torch.cat(outs, dim=1)  # (T, D*out)
    output = layer_input[None] if module.batch_first else layer_input[:, None]
    h_n = torch.stack(finals_h)[:, None]  # (L*D, 1, out)
    final = (h_n, torch.stack(finals_c)[:, None]) if kind == "lstm" else h_n
    return output, final


def _initial(original: Trace, index: int, d: int, kind: str) -> tuple[torch.Tensor, torch.Tensor | None]:
    h0 = torch.from_numpy(original.get("h0", index, d))
    return h0, torch.from_numpy(original.get("c0", index, d)) if kind == "lstm" else None


def _stepped(module, kind, layer, d, layer_input, edits, initial, original, index) -> dict[str, torch.Tensor]:
    """Step one direction with its edits. With `original` (the input is unchanged) the steps before
    the first edit are copied and stepping starts there, from the original state."""
    weights = probe._layer_weights(module, layer, d)
    length = layer_input.shape[0]
    h0, c0 = initial
    start = (min(e.step for e in edits) if d == 0 else max(e.step for e in edits)) if original is not None else None
    x, shift = layer_input, 0
    if start is not None and d == 0 and start > 0:
        h0, c0 = _at(original, "h", index, d, start - 1), _at(original, "c", index, d, start - 1) if kind == "lstm" else None
        x, shift = layer_input[start:], start
    elif start is not None and d == 1 and start < length - 1:
        h0, c0 = _at(original, "h", index, d, start + 1), _at(original, "c", index, d, start + 1) if kind == "lstm" else None
        x = layer_input[: start + 1]
    moved = [replace(e, step=e.step - shift) for e in edits]
    nonlinearity = getattr(module, "nonlinearity", "tanh")
    stepped = step_direction(kind, weights, x[None], h0[None], None if c0 is None else c0[None], moved, bool(d), nonlinearity)
    found = {name: value[0] for name, value in stepped.items()}
    if x.shape[0] < length:  # the untouched part of the sequence, from the original
        for name in list(found):
            whole = torch.from_numpy(original.get(name, index, d).copy())
            if d == 0:
                whole[start:] = found[name]
            else:
                whole[: start + 1] = found[name]
            found[name] = whole
    found.update({"x": layer_input, "h0": initial[0]})
    if kind == "lstm":
        found["c0"] = initial[1]
    return found


def _at(original: Trace, name: str, index: int, d: int, t: int) -> torch.Tensor:
    return torch.from_numpy(original.get(name, index, d)[t].copy())


def _rebuilt(module, kind, layer, d, layer_input, kernel, initial, info) -> dict[str, torch.Tensor]:
    """A direction whose input changed but which has no edit: h from the fused kernel, gates and C
    rebuilt in one batch by the probe's own code."""
    out_size = getattr(module, "proj_size", 0) or module.hidden_size
    h = kernel[:, d * out_size : (d + 1) * out_size]
    h0, c0 = initial
    h_prev = torch.cat([h0[None], h[:-1]]) if d == 0 else torch.cat([h[1:], h0[None]])
    found = probe._gates(kind, probe._layer_weights(module, layer, d), layer_input, h_prev, info)
    found.pop("rebuilt", None)
    found.update({"x": layer_input, "h": h, "h0": h0})
    if kind == "lstm":
        found["c0"] = c0
        probe._cell_states([(d, found)])
    return found


def _names(kind: str) -> tuple[str, ...]:
    pre = tuple(f"{g}_pre" for g in GATES[kind]) or ("h_pre",)
    return GATES[kind] + pre + (("c", "h", "c0", "h0", "x") if kind == "lstm" else ("h", "h0", "x"))


# --- conveniences ----------------------------------------------------------------------------


def patch_edit(source: Trace, target: str, units: Sequence[int], source_step: int, step: int, layer: int = 0,
               direction: int = 0) -> Edit:  # fmt: skip
    """Patching: an edit that puts units' `target` state at `source_step` of sentence B (`source`) into step `step`."""
    values = source.get(target, layer, direction)[source_step, list(units)]
    return Edit(target, tuple(units), tuple(float(v) for v in values), step, layer, direction, "at")


def unit_means(traces: Sequence[Trace], target: str, layer: int = 0, direction: int = 0) -> np.ndarray:
    """Each unit's mean of `target` over every token of `traces` (a held-out sample): the 'mean' ablation value."""
    return np.concatenate([tr.get(target, layer, direction) for tr in traces]).mean(axis=0)


# --- many sentences: ablation over a corpus ---------------------------------------------------


def _packed(module: nn.RNNBase | None, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
    if module is None:
        return x
    packed = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
    out, _ = module(packed)
    return nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])[0]


class Ablator:
    """Switch units of one layer and direction off (C and h = 0 at every step) over a batch of sentences.

    What does not depend on the units is computed once: the layers below, the edited layer's other
    direction, its input projection. Each `run(units)` steps only the edited direction and reruns
    the layers above with the fused kernel. Needs a model with `embedding`, `rnn` and `head`
    (`models.nets.sequence.SequenceModel`: the zoo's and uploaded models).
    """

    def __init__(self, model: nn.Module, sequences: Sequence[Sequence[int]], layer: int, direction: int) -> None:
        if not all(hasattr(model, a) for a in ("embedding", "rnn", "head")):
            raise ProbeError("corpus ablation needs a model with embedding, rnn and head (a SequenceModel)")
        rnn = model.rnn
        if not 0 <= layer < rnn.num_layers or not 0 <= direction < (2 if rnn.bidirectional else 1):
            raise ProbeError(f"layer {layer} / direction {direction} does not exist in this model")
        self.model, self.layer, self.direction = model, layer, direction
        self.kind = probe._kind(rnn)
        self.lengths = torch.tensor([len(s) for s in sequences])
        if int(self.lengths.min()) < 1:
            raise ProbeError("every sentence needs at least one token")
        ids = torch.zeros(len(sequences), int(self.lengths.max()), dtype=torch.long)
        for row, seq in enumerate(sequences):
            ids[row, : len(seq)] = torch.as_tensor(list(seq))
        with torch.no_grad():
            x = model.embedding(ids)
            self.inp = _packed(probe.layers_of(rnn, 0, layer), x, self.lengths)  # (B, T, in) of the edited layer
            self.base = _packed(probe.layers_of(rnn, layer, layer + 1), self.inp, self.lengths)  # (B, T, D*out)
            self.upper = probe.layers_of(rnn, layer + 1, rnn.num_layers)
            self.weights = probe._layer_weights(rnn, layer, direction)
            self.projected = nn.functional.linear(self.inp, self.weights["weight_ih"], self.weights["bias_ih"])
        self.out_size = getattr(rnn, "proj_size", 0) or rnn.hidden_size
        self.nonlinearity = getattr(rnn, "nonlinearity", "tanh")
        self.mask = (torch.arange(ids.shape[1])[None, :] < self.lengths[:, None])[..., None]  # (B, T, 1)

    def run(self, units: Sequence[int]) -> torch.Tensor:
        """Logits (B, T, C) with `units` switched off; positions past a sentence's end are padding."""
        if not units:  # nothing off: the fused kernel's own pass
            with torch.no_grad():
                return self.model.head(_packed(self.upper, self.base, self.lengths))
        return self.run_groups([tuple(units)])[0]

    def final(self, units: Sequence[int]) -> np.ndarray:
        """Logits after each sentence's last token, (B, C): a classifier's verdicts."""
        logits = self.run(units)
        return logits[torch.arange(len(self.lengths)), self.lengths - 1].numpy()

    def run_groups(self, groups: Sequence[Sequence[int]]) -> torch.Tensor:
        """Logits (K, B, T, C): each of K unit groups switched off, all K in one batched pass.

        The same computation as `run` for each group (C and h of the group's units = 0 at every
        step), but the K copies of the batch step together, so the per-step cost is one larger
        product instead of K small ones: what makes a 256-unit importance table affordable.
        """
        k = len(groups)
        batch, length = self.inp.shape[:2]
        hidden = self.weights["weight_hh"].shape[1]
        keep_c = torch.ones(k, hidden)
        keep_h = torch.ones(k, self.out_size)
        for row, units in enumerate(groups):
            keep_c[row, [u for u in units if u < hidden]] = 0.0
            keep_h[row, [u for u in units if u < self.out_size]] = 0.0
        keep_c = keep_c.repeat_interleave(batch, dim=0)  # (K*B, H), group-major rows
        keep_h = keep_h.repeat_interleave(batch, dim=0)
        live = self.mask[..., 0].repeat(k, 1)  # (K*B, T)
        w_hh, b_hh, w_hr = self.weights["weight_hh"], self.weights["bias_hh"], self.weights.get("weight_hr")
        h = torch.zeros(k * batch, self.out_size)
        c = torch.zeros(k * batch, hidden)
        hs = torch.zeros(k * batch, length, self.out_size)
        with torch.no_grad():
            for t in range(length - 1, -1, -1) if self.direction == 1 else range(length):
                recurrent = nn.functional.linear(h, w_hh, b_hh)  # (K*B, G*H)
                pre = (recurrent.view(k, batch, -1) + self.projected[:, t]).view(k * batch, -1)  # no K copies of x
                if self.kind == "lstm":
                    act = torch.sigmoid(pre)
                    i, f, _, o = act.chunk(4, dim=1)
                    g = torch.tanh(pre[:, 2 * hidden : 3 * hidden])
                    c_new = (f * c + i * g) * keep_c
                    h_new = o * torch.tanh(c_new)
                    if w_hr is not None:
                        h_new = h_new @ w_hr.T
                elif self.kind == "gru":
                    ir, iz, in_ = self.projected[:, t].repeat(k, 1).chunk(3, dim=1)
                    hr, hz, hn = recurrent.chunk(3, dim=1)
                    r, z = torch.sigmoid(ir + hr), torch.sigmoid(iz + hz)
                    h_new = (1 - z) * torch.tanh(in_ + r * hn) + z * h
                else:
                    h_new = torch.tanh(pre) if self.nonlinearity == "tanh" else torch.relu(pre)
                h_new = h_new * keep_h
                on = live[:, t : t + 1]
                h = torch.where(on, h_new, h)
                if self.kind == "lstm":
                    c = torch.where(on, c_new, c)
                hs[:, t] = h
            out = self.base.repeat(k, 1, 1)
            cols = slice(self.direction * self.out_size, (self.direction + 1) * self.out_size)
            out[:, :, cols] = hs * self.mask.repeat(k, 1, 1)
            logits = self.model.head(_packed(self.upper, out, self.lengths.repeat(k)))
        return logits.view(k, batch, length, -1)


def ablate_batch(
    model: nn.Module, sequences: Sequence[Sequence[int]], layer: int, direction: int, units: Sequence[int]
) -> np.ndarray:
    """Final logits (N, C) of each sentence with `units` switched off (see `Ablator`)."""
    return Ablator(model, sequences, layer, direction).final(units)


def _batches(sequences: Sequence[Sequence[int]], batch_size: int) -> list[list[int]]:
    """Indices in batches of similar length, so little is spent on padding."""
    order = sorted(range(len(sequences)), key=lambda i: len(sequences[i]))
    return [order[i : i + batch_size] for i in range(0, len(order), batch_size)]


def _correct(logits: torch.Tensor, lengths: torch.Tensor, labels: list, task: str) -> np.ndarray:
    """Per sentence: 1/0 (classify, final verdict) or the share of tokens tagged right (tag)."""
    if task == "classify":
        final = logits[torch.arange(len(lengths)), lengths - 1].argmax(dim=1).numpy()
        return (final == np.asarray(labels)).astype(np.float64)
    tags = logits.argmax(dim=2).numpy()
    return np.array([np.mean(tags[row, : len(y)] == np.asarray(y)) for row, y in enumerate(labels)])


def unit_importance(
    model: nn.Module,
    sequences: Sequence[Sequence[int]],
    labels: Sequence,
    layer: int = 0,
    direction: int = 0,
    units: Sequence[int] | None = None,
    batch_size: int = 250,
    progress=None,
) -> dict:
    """Accuracy when each unit of one layer and direction is switched off, over labelled sentences.

    labels: one label per sentence (a classifier) or one tag per token (a tagger). `progress(done,
    total)` is called after every unit of every batch; returning False cancels: the table then
    covers the batches of sentences finished so far ("sentences" says how many, "cancelled": True).
    """
    task = "classify" if all(isinstance(y, int | np.integer) for y in labels) else "tag"
    units = list(range(model.rnn.hidden_size)) if units is None else list(units)
    batches = _batches(sequences, batch_size)
    total, done = len(batches) * (len(units) + 1), 0
    base = np.zeros(len(sequences))
    scores = np.zeros((len(units), len(sequences)))
    used: list[int] = []
    cancelled = False
    for batch in batches:
        ablator = Ablator(model, [sequences[i] for i in batch], layer, direction)
        batch_labels = [labels[i] for i in batch]
        base[batch] = _correct(ablator.run(()), ablator.lengths, batch_labels, task)
        done += 1
        for start in range(0, len(units), GROUP):
            chunk = units[start : start + GROUP]
            logits = ablator.run_groups([(u,) for u in chunk])  # (K, B, T, C)
            for j in range(len(chunk)):
                scores[start + j, batch] = _correct(logits[j], ablator.lengths, batch_labels, task)
            done += len(chunk)
            if progress is not None and progress(done, total) is False:
                cancelled = True
                break
        if cancelled:
            break
        used += batch
    baseline = float(base[used].mean()) if used else float("nan")
    rows = []
    for k, unit in enumerate(units):
        accuracy = float(scores[k, used].mean()) if used else float("nan")
        changed = int((scores[k, used] != base[used]).sum())
        rows.append({"unit": unit, "accuracy": accuracy, "accuracy_drop": baseline - accuracy, "changed": changed})
    return {"baseline": baseline, "units": rows, "sentences": len(used), "cancelled": cancelled}


def ablation_flips(
    model: nn.Module,
    sequences: Sequence[Sequence[int]],
    layer: int,
    direction: int,
    units: Sequence[int],
    batch_size: int = 500,
) -> dict:
    """A classifier's verdicts with `units` switched off: accuracy is the caller's; here the
    per-sentence verdict and probability before and after, ranked by how far the probability of
    the original verdict fell."""
    before = np.zeros((len(sequences), model.head.out_features))
    after = np.zeros_like(before)
    for batch in _batches(sequences, batch_size):
        ablator = Ablator(model, [sequences[i] for i in batch], layer, direction)
        before[batch] = torch.softmax(torch.from_numpy(ablator.final(())), dim=1).numpy()
        after[batch] = torch.softmax(torch.from_numpy(ablator.final(tuple(units))), dim=1).numpy()
    verdict, new = before.argmax(axis=1), after.argmax(axis=1)
    fall = before[np.arange(len(verdict)), verdict] - after[np.arange(len(verdict)), verdict]
    order = np.argsort(-fall, kind="stable")
    return {
        "before": verdict,
        "after": new,
        "p_before": before,
        "p_after": after,
        "ranked": [int(i) for i in order],
        "flipped": [int(i) for i in order if verdict[i] != new[i]],
    }


# --- what changed -----------------------------------------------------------------------------


def spread(original: Trace, edited: Trace) -> dict[tuple[int, int], np.ndarray]:
    """Mean |Δh| over units, per step, for every layer and direction: (T,) each."""
    return {
        (layer, d): np.abs(edited.get("h", layer, d) - original.get("h", layer, d)).mean(axis=1)
        for layer, info in enumerate(original.layers)
        for d in range(info.directions)
    }


def next_token_probability(tr: Trace) -> np.ndarray:
    """A language model's probability for the token that actually came next, (T-1,)."""
    probs = tr.probs
    if probs is None or tr.length < 2:
        return np.zeros(0, dtype=np.float32)
    return probs[np.arange(tr.length - 1), tr.token_ids[1:]]


def top_next(tr: Trace, step: int, vocab: Sequence[str], k: int = 5) -> list[tuple[str, float]]:
    """A language model's k likeliest next tokens after reading tokens 0..step, with probabilities."""
    probs = tr.probs[step]
    order = np.argsort(-probs, kind="stable")[:k]
    return [(vocab[i] if i < len(vocab) else str(i), float(probs[i])) for i in order]


def verdict_change(original: Trace, edited: Trace, task: str) -> dict:
    """The model's answer before and after: the final label (classify), the tag per token (tag),
    or the bits per character over the text (lm)."""
    if original.probs is None or edited.probs is None:
        return {}
    if task == "classify":
        before, after = int(original.probs[-1].argmax()), int(edited.probs[-1].argmax())
        return {"before": before, "after": after, "changed": before != after,
                "p_before": float(original.probs[-1, before]), "p_after": float(edited.probs[-1, before])}  # fmt: skip
    if task == "tag":
        before, after = original.probs.argmax(axis=1), edited.probs.argmax(axis=1)
        return {"before": before.tolist(), "after": after.tolist(), "changed": int((before != after).sum())}
    bits = [float(-np.log2(np.clip(next_token_probability(t), 1e-12, 1)).mean()) if t.length > 1 else 0.0
            for t in (original, edited)]  # fmt: skip
    return {"bits_before": bits[0], "bits_after": bits[1], "changed": bits[1] - bits[0]}


def smallest_flip(model: nn.Module, ids: Sequence[int], layer: int = 0, direction: int = 0, max_units: int = 16) -> dict:
    """A small set of units whose switching off flips a classifier's verdict on one sentence.

    Greedy: each round switches off, beside the units already chosen, every other unit in turn
    (all of them in one batched pass) and keeps the one that lowers the verdict's probability most,
    until the verdict flips or `max_units` are off. A model that spreads negation over many units
    needs a unit only in the company of others, which a ranking of units switched off alone misses.
    Returns the units in the order chosen, the verdict's probability after each, and whether it
    flipped (it may not, within `max_units`).
    """
    ablator = Ablator(model, [list(ids)], layer, direction)
    last = len(ids) - 1
    base = torch.softmax(torch.from_numpy(ablator.final(()))[0], dim=0).numpy()
    verdict = int(base.argmax())
    chosen: list[int] = []
    path: list[float] = []
    after = verdict
    for _ in range(max_units):
        rest = [u for u in range(model.rnn.hidden_size) if u not in chosen]
        probs = torch.softmax(ablator.run_groups([(*chosen, u) for u in rest])[:, 0, last], dim=-1).numpy()  # (K, C)
        best = int(probs[:, verdict].argmin())
        chosen.append(rest[best])
        path.append(float(probs[best, verdict]))
        after = int(probs[best].argmax())
        if after != verdict:
            break
    return {"verdict": verdict, "p": float(base[verdict]), "units": chosen, "path": path, "flipped": after != verdict,
            "after": after}  # fmt: skip
