"""The probe: literal gate values, exactness against PyTorch's own cells, hooks, bad input."""

from __future__ import annotations

import itertools
import pickle
import warnings

import numpy as np
import pytest
import torch
from torch import nn

from models.probe import MAX_TOKENS, ProbeError, ProbeMismatchError, Trace, trace

pytestmark = pytest.mark.fast


class Wrapper(nn.Module):
    """Embedding -> one recurrent module -> per-step head; handles batch_first either way."""

    def __init__(self, rnn: nn.RNNBase, vocab: int = 30, embed: int | None = None) -> None:
        super().__init__()
        self.embedding = nn.Embedding(vocab, embed or rnn.input_size)
        self.rnn = rnn
        directions = 2 if rnn.bidirectional else 1
        out = getattr(rnn, "proj_size", 0) or rnn.hidden_size
        self.head = nn.Linear(out * directions, 3)
        self.initial = None

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embedding(ids)  # (1, T, E)
        if not self.rnn.batch_first:
            x = x.transpose(0, 1)
        out, _ = self.rnn(x, self.initial) if self.initial is not None else self.rnn(x)
        if not self.rnn.batch_first:
            out = out.transpose(0, 1)
        return self.head(out)


def hand_weighted_lstm() -> Wrapper:
    """One unit, one input: x = +1 for token 1 and -1 for token 2; weights chosen to be written down."""
    lstm = nn.LSTM(1, 1, batch_first=True)
    model = Wrapper(lstm, vocab=3)
    with torch.no_grad():
        model.embedding.weight.copy_(torch.tensor([[0.0], [1.0], [-1.0]]))
        lstm.weight_ih_l0.copy_(torch.tensor([[1.0], [2.0], [3.0], [4.0]]))  # i, f, g, o
        lstm.weight_hh_l0.copy_(torch.tensor([[0.5], [-1.0], [1.0], [0.25]]))
        lstm.bias_ih_l0.copy_(torch.tensor([0.1, 0.0, -0.2, 0.0]))
        lstm.bias_hh_l0.zero_()
    return model.eval()


def test_hand_weighted_gates_match_literals() -> None:
    tr = trace(hand_weighted_lstm(), [1, 2])
    expected = {  # worked out by hand from the equations on the slides, h_t = o_t * tanh(C_t)
        "i": [0.75026, 0.356707],
        "f": [0.880797, 0.067823],
        "g": [0.992632, -0.988568],
        "o": [0.982014, 0.020942],
        "c": [0.744732, -0.302119],
        "h": [0.620628, -0.006141],
    }
    for name, values in expected.items():
        np.testing.assert_allclose(tr.get(name)[:, 0], values, atol=2e-6, err_msg=name)
    np.testing.assert_allclose(tr.get("f_pre")[:, 0], [2.0, -2.0 - 0.620628], atol=2e-6)
    np.testing.assert_allclose(tr.previous("c")[:, 0], [0.0, 0.744732], atol=2e-6)


def _reference(kind: str, rnn: nn.RNNBase, layer: int, direction: int, x: torch.Tensor, h0, c0):
    """Step the matching nn.*Cell over the sequence: an independent per-step reference."""
    suffix = "_reverse" if direction else ""
    hidden = rnn.hidden_size
    if kind == "lstm":
        cell = nn.LSTMCell(x.shape[1], hidden, bias=rnn.bias)
    elif kind == "gru":
        cell = nn.GRUCell(x.shape[1], hidden, bias=rnn.bias)
    else:
        cell = nn.RNNCell(x.shape[1], hidden, bias=rnn.bias, nonlinearity=rnn.nonlinearity)
    with torch.no_grad():
        cell.weight_ih.copy_(getattr(rnn, f"weight_ih_l{layer}{suffix}"))
        cell.weight_hh.copy_(getattr(rnn, f"weight_hh_l{layer}{suffix}"))
        if rnn.bias:
            cell.bias_ih.copy_(getattr(rnn, f"bias_ih_l{layer}{suffix}"))
            cell.bias_hh.copy_(getattr(rnn, f"bias_hh_l{layer}{suffix}"))
    order = range(len(x) - 1, -1, -1) if direction else range(len(x))
    hs, cs = {}, {}
    h, c = h0[None], (c0[None] if c0 is not None else None)
    with torch.no_grad():
        for t in order:
            if kind == "lstm":
                h, c = cell(x[t][None], (h, c))
                cs[t] = c[0]
            else:
                h = cell(x[t][None], h)
            hs[t] = h[0]
    stack = lambda d: torch.stack([d[t] for t in range(len(x))]).numpy()  # noqa: E731
    return stack(hs), (stack(cs) if kind == "lstm" else None)


CONFIGS = [
    # kind, layers, bidirectional, batch_first, hidden, bias, initial state given
    *itertools.product(["lstm"], [1, 2, 3], [False, True], [True, False], [5], [True], [False]),
    ("lstm", 2, True, True, 17, False, True),
    ("lstm", 1, False, False, 33, True, True),
    ("gru", 2, True, True, 7, True, False),
    ("gru", 1, False, False, 9, False, True),
    ("rnn", 2, True, False, 6, True, True),
    ("rnn", 1, False, True, 8, True, False),
]


@pytest.mark.parametrize(("kind", "layers", "bidirectional", "batch_first", "hidden", "bias", "given"), CONFIGS)
def test_exact_against_pytorch_cells(kind, layers, bidirectional, batch_first, hidden, bias, given) -> None:
    torch.manual_seed(layers * 100 + hidden)
    cls = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}[kind]
    rnn = cls(4, hidden, num_layers=layers, bidirectional=bidirectional, batch_first=batch_first, bias=bias)
    model = Wrapper(rnn).eval()
    directions = 2 if bidirectional else 1
    if given:
        h0 = torch.randn(layers * directions, 1, hidden)
        model.initial = (h0, torch.randn_like(h0)) if kind == "lstm" else h0
    ids = torch.randint(0, 30, (23,))
    tr = trace(model, ids)
    assert tr.max_abs_error <= 1e-5
    assert len(tr.layers) == layers
    with torch.no_grad():
        logits = model(ids[None])[0].numpy()
    np.testing.assert_allclose(tr.logits, logits, atol=1e-6)
    for layer in range(layers):
        for d in range(directions):
            x = torch.from_numpy(tr.get("x", layer, d))
            c0 = torch.from_numpy(tr.get("c0", layer, d)) if kind == "lstm" else None
            ref_h, ref_c = _reference(kind, rnn, layer, d, x, torch.from_numpy(tr.get("h0", layer, d)), c0)
            np.testing.assert_allclose(tr.get("h", layer, d), ref_h, atol=1e-5)
            if kind == "lstm":
                np.testing.assert_allclose(tr.get("c", layer, d), ref_c, atol=1e-5)
                assert tr.get("i", layer, d).shape == (23, hidden)
                assert tr.get("i", layer, d).dtype == np.float32
    if given and kind == "lstm":
        np.testing.assert_allclose(tr.get("h0", 0, 0), model.initial[0][0, 0].numpy())


def test_reverse_direction_row_t_is_state_after_reading_from_the_end() -> None:
    torch.manual_seed(1)
    model = Wrapper(nn.LSTM(4, 6, bidirectional=True, batch_first=True)).eval()
    ids = torch.randint(0, 30, (9,))
    tr = trace(model, ids)
    with torch.no_grad():
        out, _ = model.rnn(model.embedding(ids[None]))
    np.testing.assert_allclose(tr.get("h", 0, 1), out[0, :, 6:].numpy(), atol=1e-6)
    # Row 0 of the reverse direction has read the whole sentence; row T-1 only the last token.
    np.testing.assert_allclose(tr.previous("h", 0, 1)[-1], np.zeros(6))


def test_projection_is_supported() -> None:
    torch.manual_seed(2)
    model = Wrapper(nn.LSTM(4, 10, num_layers=2, proj_size=3, bidirectional=True, batch_first=True)).eval()
    tr = trace(model, torch.randint(0, 30, (15,)))
    assert tr.get("h", 1, 1).shape == (15, 3)
    assert tr.get("c", 1, 1).shape == (15, 10)
    assert tr.layers[1].input_size == 6


def test_several_lstms_count_layers_in_running_order() -> None:
    class Two(nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.embedding = nn.Embedding(30, 4)
            self.second = nn.GRU(8, 5, batch_first=True)  # defined first, runs second
            self.first = nn.LSTM(4, 8, num_layers=2, batch_first=True)

        def forward(self, ids):
            out, _ = self.first(self.embedding(ids))
            out, _ = self.second(out)
            return out

    tr = trace(Two().eval(), list(range(12)))
    assert [(info.module, info.kind, info.module_layer) for info in tr.layers] == [
        ("first", "lstm", 0),
        ("first", "lstm", 1),
        ("second", "gru", 0),
    ]
    assert tr.get("z", layer=2).shape == (12, 5)
    assert "first.l1.fwd.f" in tr.names()
    np.testing.assert_array_equal(tr["first.l1.fwd.f"], tr.get("f", 1, 0))
    with pytest.raises(KeyError, match="no array named"):
        tr["first.l9.fwd.f"]
    with pytest.raises(ProbeError, match="not recorded"):
        tr.get("f", layer=2)


def _hooks_left(model: nn.Module) -> int:
    return sum(
        len(m._forward_hooks) + len(m._forward_pre_hooks) + len(m._forward_hooks_with_kwargs) for m in model.modules()
    )


def test_no_hook_left_after_success_or_error() -> None:
    model = hand_weighted_lstm()
    trace(model, [1, 2, 1])
    assert _hooks_left(model) == 0

    class Failing(Wrapper):
        def forward(self, ids):
            super().forward(ids)
            raise RuntimeError("boom after the LSTM ran")

    failing = Failing(nn.LSTM(4, 4, batch_first=True))
    with pytest.raises(RuntimeError, match="boom"):
        trace(failing, [1, 2, 3])
    assert _hooks_left(failing) == 0


def test_mismatch_with_the_module_output_is_refused() -> None:
    class Tampered(nn.LSTM):
        def forward(self, x, hx=None):
            out, state = super().forward(x, hx)
            return out + 0.01, state

    model = Wrapper(Tampered(4, 4, batch_first=True)).eval()
    with pytest.raises(ProbeMismatchError, match="max abs difference"):
        trace(model, [1, 2, 3])
    assert _hooks_left(model) == 0


def test_model_that_edits_the_recurrent_output_in_place_is_traced() -> None:
    """The probe checks against the kernel's output as the kernel wrote it, whatever the model
    does to it afterwards (it used to compare with the edited tensor and refuse a correct trace)."""

    class Doubling(Wrapper):
        def forward(self, ids):
            out, _ = self.rnn(self.embedding(ids))
            out.mul_(2.0)
            return self.head(out)

    torch.manual_seed(3)
    model = Doubling(nn.LSTM(4, 6, num_layers=2, batch_first=True)).eval()
    ids = [1, 4, 2, 9]
    found = trace(model, ids)
    with torch.no_grad():
        kernel, _ = model.rnn(model.embedding(torch.tensor([ids])))
        np.testing.assert_allclose(found.logits, model(torch.tensor([ids]))[0].numpy(), atol=1e-6)
    # the probe's pass keeps the kernel's workspace (training mode), which may round the last bit differently
    np.testing.assert_allclose(found.get("h", 1, 0), kernel[0].numpy(), atol=1e-6)
    assert found.max_abs_error <= 1e-5


@pytest.mark.parametrize(
    ("ids", "message"),
    [
        ([], "empty"),
        (np.zeros((2, 3), dtype=np.int64), "shape"),
        ([0.5, 1.5], "integers"),
        ([1, -3], "non-negative"),
        ([1, 2, 99], "outside the vocabulary"),
        (np.ones(MAX_TOKENS + 1, dtype=np.int64), "at most"),
    ],
)
def test_bad_input_gets_a_clear_error(ids, message) -> None:
    with pytest.raises(ProbeError, match=message):
        trace(hand_weighted_lstm(), ids)


def test_model_without_recurrent_layer_is_refused() -> None:
    with pytest.raises(ProbeError, match="no nn.LSTM"):
        trace(nn.Sequential(nn.Embedding(5, 3), nn.Linear(3, 2)), [1, 2])


def test_training_mode_is_restored_and_dropout_is_off() -> None:
    torch.manual_seed(3)
    model = Wrapper(nn.LSTM(4, 8, num_layers=2, dropout=0.5, batch_first=True))
    model.train()
    first, second = trace(model, [1, 2, 3, 4]), trace(model, [1, 2, 3, 4])
    np.testing.assert_array_equal(first.get("h", 1), second.get("h", 1))
    assert model.training


def test_trace_pickles_and_accepts_batched_ids() -> None:
    tr = trace(hand_weighted_lstm(), torch.tensor([[1, 2, 2]]), tokens=["a", "b", "b"])
    copy: Trace = pickle.loads(pickle.dumps(tr))
    np.testing.assert_array_equal(copy.get("c"), tr.get("c"))
    assert copy.tokens == ["a", "b", "b"]
    assert copy.length == 3
    np.testing.assert_allclose(copy.probs.sum(axis=1), 1.0, atol=1e-6)


def test_long_input_with_cells_that_never_forget_stays_exact() -> None:
    """Thousands of steps with f ≈ 1: float32 drift is re-anchored on the kernel's own state."""
    torch.manual_seed(4)
    lstm = nn.LSTM(4, 16, num_layers=2, bidirectional=True, batch_first=True)
    with torch.no_grad():
        for name, bias in lstm.named_parameters():
            if name.startswith("bias_hh"):
                bias[16:32] = 9.0  # forget gate open: C_t keeps almost everything it had
    model = Wrapper(lstm).eval()
    tr = trace(model, torch.randint(0, 30, (6000,)))
    assert tr.max_abs_error <= 1e-5
    assert np.abs(tr.get("c", 1, 0)).max() > 50  # the cells really did pile up
    with torch.no_grad():
        out, (h_n, c_n) = lstm(model.embedding(torch.as_tensor(tr.token_ids)[None]))
    np.testing.assert_allclose(tr.get("c", 1, 0)[-1], c_n[2, 0].numpy(), rtol=1e-5)
    np.testing.assert_allclose(tr.get("h", 1, 1), out[0, :, 16:].numpy(), atol=1e-6)


def test_concurrent_traces_on_one_shared_model_stay_separate() -> None:
    """A served model is shared by every session: hooks must not mix up threads."""
    import threading

    torch.manual_seed(5)
    model = Wrapper(nn.LSTM(4, 8, num_layers=2, batch_first=True)).eval()
    inputs = [torch.randint(0, 30, (20 + k,)) for k in range(8)]
    expected = [trace(model, ids).get("c", 1) for ids in inputs]
    results: dict[int, np.ndarray] = {}
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for _ in range(20):
                results[k] = trace(model, inputs[k]).get("c", 1)
                with torch.no_grad():
                    model(inputs[k][None])  # a plain forward from another session, mid-trace
        except BaseException as err:  # noqa: BLE001 - collected and re-raised below
            errors.append(err)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors[0]
    for k in range(8):
        np.testing.assert_array_equal(results[k], expected[k])
    assert _hooks_left(model) == 0


def test_changed_weights_are_not_served_from_the_probe_cache() -> None:
    """The probe keeps each LSTM's weights stacked for its products; an in-place update or a
    replaced parameter must be seen at the next trace."""
    torch.manual_seed(6)
    model = Wrapper(nn.LSTM(4, 8, num_layers=2, bidirectional=True, batch_first=True)).eval()
    ids = [1, 5, 2, 7, 3]
    first = trace(model, ids)
    with torch.no_grad():
        model.rnn.weight_hh_l1.mul_(0.5)  # in place: same tensor, new version
    halved = trace(model, ids)
    model.rnn.weight_ih_l0_reverse = nn.Parameter(torch.randn_like(model.rnn.weight_ih_l0_reverse))
    replaced = trace(model, ids)
    fresh = Wrapper(nn.LSTM(4, 8, num_layers=2, bidirectional=True, batch_first=True)).eval()
    fresh.load_state_dict(model.state_dict())
    np.testing.assert_allclose(replaced.get("f", 0, 1), trace(fresh, ids).get("f", 0, 1), atol=1e-6)
    assert np.abs(halved.get("f_pre", 1, 0) - first.get("f_pre", 1, 0)).max() > 1e-3
    assert np.abs(replaced.get("i", 0, 1) - halved.get("i", 0, 1)).max() > 1e-3
    assert max(first.max_abs_error, halved.max_abs_error, replaced.max_abs_error) <= 1e-5


def _stacked_lstm(bidirectional: bool = True) -> Wrapper:
    torch.manual_seed(11)
    return Wrapper(nn.LSTM(5, 12, num_layers=2, bidirectional=bidirectional, batch_first=True)).eval()


def _by_products(model: nn.Module, ids) -> Trace:
    """The trace with oneDNN off: nn.LSTM runs PyTorch's own kernel, so the probe rebuilds every gate with products."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # flags() warns about TF32 on Intel GPUs
        with torch.backends.mkldnn.flags(enabled=False):
            return trace(model, ids)


@pytest.mark.parametrize("bidirectional", [False, True])
def test_the_kernels_own_gates_agree_with_the_rebuilt_ones(bidirectional) -> None:
    """Read from the kernel's workspace (pre-activations deferred) or rebuilt with products: the same trace."""
    from models.probe.record import Deferred

    model, ids = _stacked_lstm(bidirectional), [3, 7, 1, 12, 5, 9, 2]
    read, rebuilt = trace(model, ids), _by_products(model, ids)
    assert any(isinstance(v, Deferred) for v in read.arrays.values())  # the workspace was read
    assert not any(isinstance(v, Deferred) for v in rebuilt.arrays.values())
    assert read.names() == rebuilt.names()
    for name in rebuilt.names():  # "_pre" ones are computed here, on first read, and checked against the gates
        np.testing.assert_allclose(read[name], rebuilt[name], atol=1e-6, err_msg=name)
    assert read.max_abs_error <= 1e-5


def test_a_workspace_laid_out_otherwise_falls_back_to_the_products(monkeypatch) -> None:
    """The layout is checked, not trusted: C read from the wrong place fails the check and the probe
    rebuilds every gate with products instead (a oneDNN with another layout gives a correct trace)."""
    from models.probe import workspace
    from models.probe.record import Deferred

    model, ids = _stacked_lstm(), [3, 7, 1, 12, 5, 9, 2]
    expected = trace(model, ids)
    shifted = workspace.cell_offset
    monkeypatch.setattr(workspace, "cell_offset", lambda *args: shifted(*args) + 12)  # one row off
    found = trace(model, ids)
    assert not any(isinstance(v, Deferred) for v in found.arrays.values())
    for name in expected.names():
        np.testing.assert_allclose(found[name], expected[name], atol=1e-6, err_msg=name)


def test_deferred_pre_activations_are_those_of_the_weights_the_trace_ran_with() -> None:
    """A model changed after its trace (trained on, reloaded) does not change the trace's pre-activations,
    and a pickled trace (Streamlit's cache) carries them as arrays."""
    model, ids = _stacked_lstm(), [4, 2, 8, 1]
    expected = _by_products(model, ids)
    found = trace(model, ids)
    with torch.no_grad():
        model.rnn.weight_hh_l1_reverse.mul_(3.0)
        model.rnn.bias_ih_l0.add_(1.0)
    copied = pickle.loads(pickle.dumps(found))
    for point in ("rnn.l1.bwd.f_pre", "rnn.l0.fwd.i_pre", "rnn.l1.fwd.o_pre"):
        np.testing.assert_allclose(found[point], expected[point], atol=1e-6)
        np.testing.assert_allclose(copied[point], expected[point], atol=1e-6)
    assert not any(type(v).__name__ == "Deferred" for v in copied.arrays.values())


def test_one_deferred_array_read_by_many_threads_is_computed_once() -> None:
    """A served trace is shared by every session: its pre-activations are computed once, for all."""
    import threading

    found = trace(_stacked_lstm(), [4, 2, 8, 1, 9])
    calls, results = [], []
    deferred = found.arrays[(1, 1, "g_pre")]
    compute = deferred._compute

    def counted():
        calls.append(1)
        return compute()

    deferred._compute = counted
    threads = [threading.Thread(target=lambda: results.append(found.get("g_pre", 1, 1))) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and len(results) == 8
    assert all(np.array_equal(r, results[0]) for r in results)
