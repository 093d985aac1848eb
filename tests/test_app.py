"""Pages under streamlit.testing.v1.AppTest: they run without an exception and show the zoo."""

from __future__ import annotations

from streamlit.testing.v1 import AppTest

from models import catalog
from tests.browser import REPO


def test_zoo_page_lists_every_shipped_model() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    at.switch_page("ui/zoo.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("LSTM Lens")
    shown = "\n".join(m.value for m in at.markdown)
    for name in catalog.available():
        assert f"`{name}`" in shown, name
    assert len(at.expander) == len(catalog.available())


def _explorer(**params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_explorer_opens_with_the_models_lecture_example() -> None:
    at = _explorer(model="ner_hu")
    assert not at.exception
    assert at.text_area(key="explorer_text").value == "Tegnap Józsi letörölte a termelési adatbázist."
    assert at.query_params["model"] == "ner_hu"
    assert len(at.get("download_button")) == 2


def test_explorer_switching_model_loads_its_example() -> None:
    at = _explorer(model="ner_hu")
    at.selectbox(key="explorer_model").set_value("sentiment_hu").run()
    assert not at.exception
    assert at.text_area(key="explorer_text").value == "Ez egy rossz film volt."


def test_explorer_bad_text_gets_a_message_not_a_traceback() -> None:
    at = _explorer(model="sentiment_hu")
    at.text_area(key="explorer_text").set_value("   ").run()
    assert not at.exception and at.info
    at.text_area(key="explorer_text").set_value("zzz qqq <img src=x onerror=alert(1)>").run()
    assert not at.exception
    assert "unknown to this model" in at.warning[0].value
    at.text_area(key="explorer_text").set_value("jó " * 600).run()
    assert not at.exception
    assert "at most 500 tokens" in at.error[0].value


def test_explorer_in_hungarian() -> None:
    at = _explorer(model="dna_motif", lang="hu")
    assert not at.exception
    assert at.title[0].value.startswith("Felfedező")


def test_analyse_page_asks_for_a_file() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    at.switch_page("ui/analyse.py").run()
    assert not at.exception
    assert at.info[0].value == "Upload a file to begin."
    assert at.selectbox(key="analyse_model").value == "sentiment_en"


def test_every_lesson_step_runs_in_both_languages() -> None:
    for lang in ("hu", "en"):
        for step in range(1, 9):
            at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
            at.switch_page("ui/lesson.py")
            at.query_params["lesson"] = str(step)
            at.query_params["lang"] = lang
            at.run()
            assert not at.exception, (lang, step)
            assert at.title[0].value.startswith(f"{step}."), (lang, step)
