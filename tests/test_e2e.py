"""End to end in real headless Chromium against `streamlit run`: what a person sees.

Screenshots go to tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

import pytest

from models import catalog
from tests.browser import REPO, chromium, streamlit_server, wait_for_app

ARTIFACTS = REPO / "tests" / "artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    with streamlit_server() as url:
        yield url


def test_zoo_opens_in_the_browser(app_url) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    with chromium() as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(app_url)
        wait_for_app(page)
        page.wait_for_selector("text=LSTM Lens: the model zoo")
        for name in catalog.available():
            page.wait_for_selector(f"code:text-is('{name}')")
        page.wait_for_selector(".js-plotly-plot")
        assert page.locator("[data-testid='stException']").count() == 0
        page.screenshot(path=str(ARTIFACTS / "zoo.png"))
        page.get_by_text("Model card").first.click()
        page.wait_for_selector("text=Held-out metrics (test split)")
        page.screenshot(path=str(ARTIFACTS / "zoo-card.png"))
        assert not errors
