"""The offline-export button on the pages (AppTest): under the explorer and under a lesson step's view,
labelled in the chosen language."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from tests.browser import REPO
from viz.i18n import tr

pytestmark = pytest.mark.page


def _labels(at: AppTest) -> list[str]:
    return [button.proto.label for button in at.get("download_button")]


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_the_explorer_offers_this_view_as_offline_html(lang) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update({"model": "sentiment_hu", "text": "Nem tetszett a film.", "lang": lang,
                            "edits": "c:0:0:99+121+17+71:0:0:from"})  # fmt: skip
    at.run()
    assert not at.exception
    assert tr("export_html", lang) in _labels(at)
    other = "en" if lang == "hu" else "hu"
    assert tr("export_html", other) not in _labels(at)
    button = next(b for b in at.get("download_button") if b.proto.label == tr("export_html", lang))
    assert button.proto.help == tr("export_help", lang)


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_a_lesson_step_with_the_explorer_offers_it_too(lang) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.switch_page("ui/lesson.py")
    at.query_params.update({"lesson": "5", "lang": lang})
    at.run()
    assert not at.exception
    assert tr("export_html", lang) in _labels(at)
