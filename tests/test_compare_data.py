"""The compare page's payload (viz/compare_data.py) and the diagrams' arrays (viz/cells.py), without Streamlit:
every value equals the traces', the steps line up, and models that read text differently are refused."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from torch import nn

from models import zoo
from models.probe import trace
from models.train.data.recall import key_of
from viz.cells import diagram_arrays
from viz.compare_data import Compared, CompareError, check_tokenizers, compare_payload
from viz.explorer_data import decode
from viz.i18n import tr

pytestmark = pytest.mark.fast
RECALL = ("recall_rnn", "recall_gru", "recall_lstm")
TEXT = "5abcdefghabcxdefgh"  # "x" is unknown to the recall models


@pytest.fixture(scope="module")
def recall() -> list[Compared]:
    out = []
    for name in RECALL:
        m = zoo.load(name)
        tokens = m.tokenizer.tokenize(TEXT)
        traced = trace(m.model, m.tokenizer.encode_tokens(tokens), tokens=tokens)
        out.append(Compared(name, name.upper(), m.tokenizer, traced, m.config.task, m.label_names))
    return out


def _array(panel: dict, name: str, length: int) -> np.ndarray:
    return decode(panel["arrays"][name], (length, panel["widths"][name]))


def test_every_value_is_the_trace_and_the_steps_line_up(recall) -> None:
    data = compare_payload(recall, truth=key_of(TEXT), step=3, lang="hu")
    length = len(TEXT)
    assert data["T"] == length and data["tokens"] == list(TEXT) and data["step"] == 3
    assert data["unknown"] == [ch == "x" for ch in TEXT]
    assert [p["kind"] for p in data["models"]] == ["rnn", "gru", "lstm"]
    for panel, compared in zip(data["models"], recall, strict=True):
        tr_ = compared.trace
        for name in {"rnn": ("h", "h_pre"), "gru": ("r", "z", "n", "h", "n_pre"), "lstm": ("f", "i", "g", "o", "c", "h")}[panel["kind"]]:
            np.testing.assert_array_equal(_array(panel, name, length), tr_.get(name, 0, 0))
        np.testing.assert_array_equal(_array(panel, "h_prev", length), tr_.previous("h", 0, 0))
        np.testing.assert_array_equal(_array(panel, "h_prev", length)[0], tr_.get("h0", 0, 0))
        pred = panel["prediction"]
        assert pred["best"] == tr_.probs.argmax(axis=1).tolist()  # one answer per step, aligned with the tokens
        assert np.allclose(pred["bestProb"], tr_.probs.max(axis=1), atol=1e-4)
        assert pred["truth"] == 4 and pred["right"] == [b == 4 for b in pred["best"]]
        assert 0 <= panel["unit"] < panel["units"]


def test_the_gru_terms_add_up_to_h_as_nn_gru_computes_it(recall) -> None:
    gru = recall[1].trace
    arrays = diagram_arrays(gru)
    z, n, h_prev = gru.get("z"), gru.get("n"), gru.previous("h")
    np.testing.assert_allclose(arrays["zh"], z * h_prev, atol=1e-7)
    np.testing.assert_allclose(arrays["zn"], (1 - z) * n, atol=1e-7)
    np.testing.assert_allclose(arrays["zh"] + arrays["zn"], gru.get("h"), atol=1e-5)
    model = zoo.load("recall_gru").model
    ids = torch.tensor([zoo.load("recall_gru").tokenizer.encode(TEXT)])
    rnn = next(m for m in model.modules() if isinstance(m, nn.GRU))
    with torch.no_grad():
        emb = next(m for m in model.modules() if isinstance(m, nn.Embedding))(ids)
        out, _ = rnn(emb)
    np.testing.assert_allclose(arrays["zh"] + arrays["zn"], out[0].numpy(), atol=1e-5)  # nn.GRU's own output


def test_the_rnn_sum_inside_tanh_gives_nn_rnn_output(recall) -> None:
    arrays = diagram_arrays(recall[0].trace)
    m = zoo.load("recall_rnn")
    ids = torch.tensor([m.tokenizer.encode(TEXT)])
    rnn = next(mod for mod in m.model.modules() if isinstance(mod, nn.RNN))
    with torch.no_grad():
        out, _ = rnn(next(mod for mod in m.model.modules() if isinstance(mod, nn.Embedding))(ids))
    np.testing.assert_allclose(np.tanh(arrays["h_pre"]), out[0].numpy(), atol=1e-5)
    np.testing.assert_allclose(arrays["h"], out[0].numpy(), atol=1e-5)


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_models_with_different_tokenizers_are_refused_with_a_message(recall, lang) -> None:
    other = zoo.load("dna_motif")
    tokens = other.tokenizer.tokenize("ACGT")
    dna = Compared("dna_motif", "DNA", other.tokenizer, trace(other.model, other.tokenizer.encode_tokens(tokens), tokens=tokens))
    with pytest.raises(CompareError) as err:
        compare_payload([recall[0], dna], lang=lang)
    assert str(err.value) == tr("compare_tokenizers_differ", lang, first="RECALL_RNN", others="DNA")
    with pytest.raises(CompareError, match=tr("compare_need_two", lang)):
        check_tokenizers(["recall_rnn"], ["RNN"], [recall[0].tokenizer], lang)
    with pytest.raises(CompareError):
        check_tokenizers(["a"] * 5, ["A"] * 5, [recall[0].tokenizer] * 5, lang)


def test_traces_of_different_inputs_are_refused(recall) -> None:
    m = zoo.load("recall_gru")
    shorter = trace(m.model, m.tokenizer.encode("5abc"), tokens=list("5abc"))
    with pytest.raises(CompareError, match="RECALL_RNN"):
        compare_payload([recall[0], Compared("recall_gru", "GRU", m.tokenizer, shorter)])


def test_the_step_is_clamped_and_the_recall_key_is_the_first_digit(recall) -> None:
    assert compare_payload(recall, step=999)["step"] == len(TEXT) - 1
    assert compare_payload(recall, step=-3)["step"] == 0
    assert key_of("3abc") == 2 and key_of("abc") is None and key_of("") is None and key_of("9a") is None
