"""The probe on a recurrent module called once per step (a decoder): one layer with T rows, exact."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from models.probe import ProbeError, trace, trace_run

pytestmark = pytest.mark.fast

CELLS = {"lstm": nn.LSTM, "gru": nn.GRU, "rnn": nn.RNN}


class Stepwise(nn.Module):
    """Embedding -> one recurrent module called once per token, the returned state fed back."""

    def __init__(self, kind: str, layers: int, batch_first: bool, chained: bool = True) -> None:
        super().__init__()
        self.embedding = nn.Embedding(20, 5)
        self.rnn = CELLS[kind](5, 7, num_layers=layers, batch_first=batch_first)
        self.head = nn.Linear(7, 4)
        self.chained = chained
        self.whole = False  # True: one call over the whole sequence (the reference)
        self.chunk = 1  # tokens per call

    def forward(self, ids: torch.Tensor) -> torch.Tensor:
        x = self.embedding(ids)  # (1, T, E)
        if not self.rnn.batch_first:
            x = x.transpose(0, 1)
        time_dim = 1 if self.rnn.batch_first else 0
        if self.whole:
            out, _ = self.rnn(x)
        else:
            state, outs = None, []
            length = x.shape[time_dim]
            for t in range(0, length, self.chunk):
                step = x.narrow(time_dim, t, min(self.chunk, length - t))
                out, new = self.rnn(step, state) if state is not None else self.rnn(step)
                state = new if self.chained else None
                outs.append(out)
            out = torch.cat(outs, dim=time_dim)
        if not self.rnn.batch_first:
            out = out.transpose(0, 1)
        return self.head(out)


@pytest.mark.parametrize("kind", sorted(CELLS))
@pytest.mark.parametrize("layers", [1, 2])
@pytest.mark.parametrize("batch_first", [True, False])
def test_a_module_called_once_per_step_is_one_layer_with_t_rows(kind: str, layers: int, batch_first: bool) -> None:
    torch.manual_seed(layers + 3 * batch_first)
    model = Stepwise(kind, layers, batch_first).eval()
    ids = torch.randint(0, 20, (9,))
    stepped = trace(model, ids)
    model.whole = True
    whole = trace(model, ids)
    assert len(stepped.layers) == layers == len(whole.layers)
    assert stepped.max_abs_error <= 1e-5
    for layer in range(layers):
        for name in {n for (lay, _, n) in whole.arrays if lay == layer}:
            got, want = stepped.get(name, layer), whole.get(name, layer)
            assert got.shape == want.shape, name
            np.testing.assert_allclose(got, want, atol=1e-5, err_msg=f"{kind} layer {layer} {name}")
    np.testing.assert_allclose(stepped.logits, whole.logits, atol=1e-5)


@pytest.mark.parametrize("layers", [1, 2])
def test_chunks_read_from_the_kernels_workspace_join_like_steps(layers: int) -> None:
    """Calls of several steps each keep the kernel's own gates (one-step calls are rebuilt): joined,
    they are the same layer as one call over the whole sequence."""
    from models.probe.record import Deferred

    torch.manual_seed(7 + layers)
    model = Stepwise("lstm", layers, True).eval()
    model.chunk = 3
    ids = torch.randint(0, 20, (11,))  # chunks of 3, 3, 3 and 2 steps
    chunked = trace(model, ids)
    model.whole = True
    whole = trace(model, ids)
    assert len(chunked.layers) == layers
    assert isinstance(chunked.arrays[(0, 0, "f_pre")], Deferred)
    for layer in range(layers):
        for name in {n for (lay, _, n) in whole.arrays if lay == layer}:
            np.testing.assert_allclose(chunked.get(name, layer), whole.get(name, layer), atol=1e-5, err_msg=f"{layer} {name}")


def test_calls_that_do_not_continue_each_other_stay_separate_layers() -> None:
    torch.manual_seed(0)
    model = Stepwise("lstm", 1, True, chained=False).eval()
    found = trace(model, torch.arange(4))
    assert len(found.layers) == 4  # each call starts from zeros: four one-step sequences, as before
    assert all(found.get("h", layer).shape == (1, 7) for layer in range(4))


class TinySeq2Seq(nn.Module):
    """An encoder and a decoder LSTM; the decoder starts from the encoder's final h and C."""

    def __init__(self) -> None:
        super().__init__()
        self.src = nn.Embedding(10, 4)
        self.tgt = nn.Embedding(10, 4)
        self.encoder = nn.LSTM(4, 6, batch_first=True)
        self.decoder = nn.LSTM(4, 6, batch_first=True)

    def decode(self, src: torch.Tensor, tgt: torch.Tensor, stepwise: bool) -> torch.Tensor:
        _, state = self.encoder(self.src(src[None]))
        if not stepwise:
            return self.decoder(self.tgt(tgt[None]), state)[0]
        outs = []
        for t in range(len(tgt)):
            out, state = self.decoder(self.tgt(tgt[t : t + 1][None]), state)
            outs.append(out)
        return torch.cat(outs, dim=1)


def test_trace_run_keeps_the_decoder_of_an_encoder_decoder() -> None:
    torch.manual_seed(1)
    model = TinySeq2Seq().eval()
    src, tgt = torch.tensor([1, 2, 3, 4, 5]), torch.tensor([2, 7, 7, 3, 9, 1, 0])
    stepped, out = trace_run(model, lambda: model.decode(src, tgt, True), tgt, module="decoder")
    whole, _ = trace_run(model, lambda: model.decode(src, tgt, False), tgt, module="decoder")
    encoder, _ = trace_run(model, lambda: model.decode(src, tgt, True), src, module="encoder")
    assert out.shape == (1, 7, 6)
    assert len(stepped.layers) == 1 and stepped.layers[0].module == "decoder"
    assert stepped.get("c").shape == (7, 6) and encoder.get("c").shape == (5, 6)
    for name in ("i", "f", "g", "o", "c", "h"):
        np.testing.assert_allclose(stepped.get(name), whole.get(name), atol=1e-6)
    # the decoder starts from the encoder's final h and C
    np.testing.assert_allclose(stepped.get("c0"), encoder.get("c")[-1], atol=1e-6)
    np.testing.assert_allclose(stepped.get("h0"), encoder.get("h")[-1], atol=1e-6)
    with pytest.raises(ProbeError, match="step"):
        trace_run(model, lambda: model.decode(src, tgt, True), tgt[:3], module="decoder")
    with pytest.raises(ProbeError, match="named"):
        trace_run(model, lambda: model.decode(src, tgt, True), tgt, module="nothing")
    assert not any("_lens_overrides" in m.__dict__ for m in model.modules())
