"""The translation page in headless Chromium: type the lecture's sentence, see its translation;
screenshots at 1400×1000 (English) and 1024×768 (Hungarian) in tests/artifacts/."""

from __future__ import annotations

import pytest

from models.zoo import catalog
from tests.browser import REPO, chromium, streamlit_server, wait_for_app
from viz.i18n import tr

ARTIFACTS = REPO / "tests" / "artifacts"
pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(len(catalog.translation_available()) < 2, reason="the translation models are not trained"),
]


def test_type_the_lecture_sentence_and_read_the_translation() -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url, chromium(1400, 1000) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{url}/translate?lang=en&text=Ich%20lese%20ein%20Buch.")
        wait_for_app(page)
        page.wait_for_selector(f"h1:has-text('{tr('tl_title', 'en')}')")
        page.wait_for_selector("h2:has-text('Olvasok egy könyvet.')", timeout=30_000)
        box = page.get_by_role("textbox", name=tr("tl_source", "en"), exact=True)
        box.fill("Willst du mit mir tanzen?")
        box.press("Enter")
        page.wait_for_selector("h2:has-text('Szeretnél velem táncolni?')", timeout=30_000)
        wait_for_app(page)
        page.wait_for_selector(".js-plotly-plot")
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "translate-en-1400x1000.png"))
        page.set_viewport_size({"width": 1400, "height": 3300})  # Streamlit scrolls inside its own box
        page.wait_for_timeout(1500)
        page.screenshot(path=str(ARTIFACTS / "translate-en-whole-page.png"))
        page.set_viewport_size({"width": 1024, "height": 768})
        page.goto(f"{url}/translate?lang=hu")
        wait_for_app(page)
        page.wait_for_selector(f"h1:has-text('{tr('tl_title', 'hu')}')")
        page.wait_for_selector("h2:has-text('Szeretnél velem táncolni?')", timeout=30_000)
        page.wait_for_selector(".js-plotly-plot")
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "translate-hu-1024x768.png"))
        assert not errors, errors
