"""Corpus stores on the Analyse page (AppTest): index a file in the background, browse the store,
open a context in the explorer, search a pattern, download the statistics."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from models import zoo
from models.corpus.store import index

pytestmark = pytest.mark.page

REPO = Path(__file__).resolve().parent.parent
VALIDATION = REPO / "models/train/data/natural/validation/sentiment_hu_val.tsv"
HU = [line.split("\t")[2].strip() for line in VALIDATION.read_text(encoding="utf-8").splitlines()[1:81]]


def _page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page("ui/analyse.py")
    at.query_params["lang"] = lang
    return at.run()


def _text(at: AppTest) -> str:
    return " ".join(str(m.value) for m in [*at.markdown, *at.caption, *at.subheader]).replace("\\", "")


def test_a_store_opens_in_a_dashboard_and_in_the_explorer(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LSTM_LENS_STORES", str(tmp_path))
    corpus = tmp_path / "_uploads" / "hu.txt"
    corpus.parent.mkdir()
    corpus.write_text("\n".join(HU) + "\n", encoding="utf-8")
    index(corpus, zoo.load("sentiment_hu"), tmp_path / "sentiment_hu-L0-D0-hu", latent_sentences=80)
    at = _page()
    assert not at.exception, at.exception
    assert at.info[0].value == "Upload a file to begin."  # the page above the section is unchanged
    assert "80 sentences" in at.selectbox(key="store_choice").format_func(at.selectbox(key="store_choice").value)
    at.number_input(key="store_unit").set_value(94).run()
    assert not at.exception
    specs = " ".join(chart.proto.spec for chart in at.get("plotly_chart"))
    assert "h of unit 94 over all" in specs and "Correlation with latent variables" in specs  # histogram, r
    shown = _text(at)
    assert "Where h of unit 94 is highest" in shown
    assert len(at.dataframe[0].value) == 10
    assert "<span" in " ".join(m.value for m in at.markdown)  # contexts coloured, the token boxed
    at.radio(key="store_state").set_value("c").run()
    assert not at.exception and "Where c of unit 94 is highest" in _text(at)
    at.number_input(key="store_pattern_sentence").set_value(2).run()
    assert "matching spans" in _text(at)
    at.selectbox(key="store_context_pick").set_value(1).run()
    picked = at.dataframe[0].value.iloc[1]
    at.button(key="store_context_open").click().run()
    assert not at.exception
    assert at.session_state["explorer_text"] == HU[picked["sentence"] - 1]
    assert at.query_params["unit"] in ("94", ["94"])  # the explorer opens at the unit


def test_indexing_runs_in_the_background_and_is_listed(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("LSTM_LENS_STORES", str(tmp_path))
    corpus = tmp_path / "corpus.csv"
    corpus.write_text("id;mondat\n" + "".join(f"{k};{t}\n" for k, t in enumerate(HU[:30])), encoding="cp1250")
    at = _page("hu")
    at.selectbox(key="analyse_model").set_value("sentiment_hu").run()
    at.radio(key="store_source").set_value("path").run()
    at.text_input(key="store_path").set_value(str(tmp_path / "missing.txt")).run()
    at.button(key="store_start").click().run()
    assert any("Nincs .txt" in w.value for w in at.warning)
    at.text_input(key="store_path").set_value(str(corpus)).run()
    at.button(key="store_start").click().run()
    assert not at.exception
    deadline = time.time() + 240
    while time.time() < deadline:
        at.run()
        if "store_choice" in [box.key for box in at.selectbox]:
            break
        time.sleep(2)
    assert not at.exception
    label = at.selectbox(key="store_choice").format_func(at.selectbox(key="store_choice").value)
    assert "30 mondat" in label and "corpus.csv" in label
    assert at.get("download_button")
