"""Interventions end to end in headless Chromium: set an edit, see the counterfactual, reload the URL."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser import REPO, chromium, streamlit_server, wait_for_app
from tests.negation import negation_units, units_text

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "tests" / "artifacts"


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


def test_set_an_edit_see_the_counterfactual_and_reload_it(app_url) -> None:
    with chromium(1400, 1000) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(f"{app_url}/?model=sentiment_hu&text={quote('Nem tetszett a film.')}&lang=en")
        wait_for_app(page)
        page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
        page.get_by_text("Switch units off: intervene").click()
        units = page.locator("[data-testid='stTextInput'] input[aria-label='Units']").first
        units.fill(units_text())
        page.get_by_role("button", name="Add the edit").click()
        page.wait_for_selector("text=The verdict changed", timeout=60_000)
        plus = "+".join(str(u) for u in negation_units())
        assert f"edits=c%3A0%3A0%3A{plus.replace('+', '%2B')}" in page.url or f"edits=c:0:0:{plus}" in page.url
        # the two prediction lines, ΔC, Δh and the spread: four Plotly charts under the view
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 4", timeout=30_000)
        page.screenshot(path=str(ARTIFACTS / "intervention-en.png"), full_page=True)

        url = page.url
        page.goto(url)  # a reload, or a link sent to a colleague, brings the edit back
        wait_for_app(page)
        page.wait_for_selector("text=The verdict changed", timeout=60_000)
        assert page.locator("[data-testid='stException']").count() == 0
        assert not errors


def test_lesson_step_9_in_projector_mode(app_url) -> None:
    with chromium(1024, 768) as page:
        page.goto(f"{app_url}/lesson?lesson=9&lang=hu&projector=1")
        wait_for_app(page)
        page.wait_for_selector("text=Ha egy egység felvillan", timeout=60_000)
        page.wait_for_function("() => document.querySelectorAll('.js-plotly-plot').length >= 2", timeout=30_000)
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "lesson-9-projector-hu.png"), full_page=True)
