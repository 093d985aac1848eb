"""The translation page and the lesson's translation step under AppTest, in English and Hungarian."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models.zoo import catalog
from tests.browser import REPO
from viz.i18n import tr

pytestmark = [
    pytest.mark.page,
    pytest.mark.skipif(len(catalog.translation_available()) < 2, reason="the translation models are not trained"),
]


def _page(lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page("ui/translate.py")
    at.query_params.update({"lang": lang, **params})
    return at.run()


def _shown(at: AppTest) -> str:
    return " ".join(m.value for m in at.markdown).replace("\\", "")


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_the_lecture_sentence_by_default(lang: str) -> None:
    at = _page(lang)
    assert not at.exception
    assert at.title[0].value == tr("tl_title", lang)
    assert "Szeretnél velem táncolni?" in _shown(at)
    assert len(at.get("plotly_chart")) == 4  # encoder, top 5, attention, decoder
    assert at.slider(key="tl_step").value == 5  # szeretnél velem táncolni ? </s>
    at.slider(key="tl_step").set_value(2).run()
    assert not at.exception
    assert "velem" in _shown(at)


def test_without_attention_the_page_says_so() -> None:
    at = _page()
    at.radio(key="tl_model").set_value("translate_de_hu").run()
    assert not at.exception
    assert "Szeretnél velem táncolni?" in _shown(at)
    assert any(tr("tl_no_attention", "en") in i.value for i in at.info)
    assert len(at.get("plotly_chart")) == 3


def test_beam_search_shows_the_beams_and_teacher_forcing_feeds_the_reference() -> None:
    at = _page()
    at.radio(key="tl_mode").set_value("beam").run()
    assert not at.exception
    assert "Szeretnél velem táncolni?" in _shown(at)
    assert len(at.dataframe) == 1 and len(at.dataframe[0].value) >= 5
    at.radio(key="tl_mode").set_value("forced").run()
    assert not at.exception
    assert at.text_input(key="tl_reference").value == "Szeretnél velem táncolni?"
    at.text_input(key="tl_reference").set_value("Szeretnél velem úszni?").run()
    assert not at.exception and "Szeretnél velem úszni?" in _shown(at)


def test_unknown_words_are_flagged_and_the_url_keeps_the_text() -> None:
    at = _page("hu", text="Willst du mit Zsófi tanzen?")
    assert not at.exception
    assert any("Zsófi" in w.value for w in at.warning)
    at.text_input(key="tl_text").set_value("Ich lese heute ein Buch im Park.").run()
    assert not at.exception
    assert at.query_params["text"] == "Ich lese heute ein Buch im Park."
    at.text_input(key="tl_text").set_value("").run()
    assert not at.exception and any(tr("tl_empty", "hu") in i.value for i in at.info)


@pytest.mark.parametrize("lang", ["en", "hu"])
def test_the_lesson_step_compares_the_two_models(lang: str) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page("ui/lesson.py")
    at.query_params.update({"lesson": "11", "lang": lang})
    at.run()
    assert not at.exception
    assert at.title[0].value == tr("lesson_11", lang)
    shown = _shown(at)
    assert tr("tl_model_translate_de_hu", lang) in shown and tr("tl_model_translate_de_hu_attention", lang) in shown
    assert len(at.get("plotly_chart")) == 1
    assert "✗" in shown and "✓" in shown  # the long example: without attention wrong, with attention right
