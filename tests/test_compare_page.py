"""The compare page under AppTest, in English and Hungarian: the recall RNN, GRU and LSTM on the user's
own input, and every kind of bad input answered with a message, never a traceback."""

from __future__ import annotations

import json

import pytest
from streamlit.testing.v1 import AppTest

from models.zoo import catalog
from tests.browser import REPO
from viz.i18n import model_title, number, tr

pytestmark = pytest.mark.page


def _page(lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page("ui/compare.py")
    at.query_params.update({"lang": lang, **params})
    return at.run()


def _payload(at: AppTest) -> dict | None:
    found = [c for c in at.get("bidi_component") if "compare" in c.proto.component_name]  # not the router's preload
    return json.loads(found[0].proto.json) if found else None


def _said(at: AppTest) -> str:
    return " ".join(e.value for kind in (at.info, at.warning, at.error) for e in kind).replace("\\", "")


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_the_three_recall_models_read_the_typed_input_together(lang) -> None:
    at = _page(lang)
    assert not at.exception
    assert at.title[0].value == tr("compare_title", lang)
    assert at.multiselect(key="compare_models").value == ["recall_rnn", "recall_gru", "recall_lstm"]
    at.text_input(key="compare_text").set_value("7abcdefgh").run()
    assert not at.exception and not _said(at)
    data = _payload(at)
    assert [m["kind"] for m in data["models"]] == ["rnn", "gru", "lstm"]
    assert data["tokens"] == list("7abcdefgh") and data["step"] == 0 and data["lang"] == lang
    assert data["text"]["wordReset"] == tr("wordReset", lang)
    assert all(m["prediction"]["truth"] == 6 for m in data["models"])  # the key 7 is class 6
    assert at.query_params["text"] in ("7abcdefgh", ["7abcdefgh"])
    captions = " ".join(c.value for c in at.caption)
    assert tr("compare_truth_note", lang, label="7") in captions


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_bad_input_gets_a_message(lang) -> None:
    at = _page(lang)
    at.text_input(key="compare_text").set_value("").run()
    assert not at.exception and tr("compare_empty", lang) in _said(at) and _payload(at) is None
    at.text_input(key="compare_text").set_value("5abXy z").run()
    assert not at.exception and _payload(at) is not None  # read, with <unk> said
    said = _said(at)
    assert tr("compare_unknown", lang, count=4, total=7, symbols="“X”, “y”, “␣”, “z”", known="1 2 3 4 5 6 7 8 a b c d e f g h") in said
    at.text_input(key="compare_text").set_value("5" + "a" * 600).run()
    assert not at.exception and _payload(at) is None
    assert tr("compare_too_long", lang, limit=500, count=601) in _said(at)
    at.multiselect(key="compare_models").set_value(["recall_rnn"]).run()
    assert not at.exception and tr("compare_need_two", lang) in _said(at)


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_models_that_read_differently_are_refused_and_links_are_checked(lang) -> None:
    at = _page(lang, models="recall_rnn,dna_motif")
    assert not at.exception and _payload(at) is None
    titles = {n: model_title(n, catalog.meta(n), lang) for n in ("recall_rnn", "dna_motif")}
    assert tr("compare_tokenizers_differ", lang, first=titles["recall_rnn"], others=titles["dna_motif"]) in _said(at)
    at = _page(lang, models="recall_gru,recall_lstm,nope", text="2" + "b" * 6000, step="4")
    assert not at.exception
    said = _said(at)
    assert " ".join(tr("text_cut", lang, count=number(6001, lang), limit=number(5000, lang)).split()) in said
    assert "nope" in said
    assert tr("compare_too_long", lang, limit=500, count=number(5000, lang)) in said


def test_a_shared_link_opens_at_its_step_in_projector_mode() -> None:
    at = _page("hu", models="recall_rnn,recall_lstm", text="3abcabc", step="5", projector="1")
    assert not at.exception
    data = _payload(at)
    assert data["step"] == 4 and data["projector"] and [m["name"] for m in data["models"]] == ["recall_rnn", "recall_lstm"]
