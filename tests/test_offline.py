"""In real headless Chromium: no page asks any host but the app's own, and the language carries
across pages in the URL (issue 10, items 6 and 8). Screenshots go to tests/artifacts/."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import REPO, chromium, streamlit_server, wait_for_app
from viz.i18n import tr

ARTIFACTS = REPO / "tests" / "artifacts"
PAGES = ["?model=dna_motif", "lesson", "analyse", "your-model", "zoo"]
pytestmark = pytest.mark.browser


def test_no_request_leaves_the_machine() -> None:
    """Every page, in both languages: each request (fonts, icons, scripts, images) goes to the app."""
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url, chromium(1400, 1000) as page:
        own = urlparse(url).netloc
        elsewhere: list[str] = []
        page.on("request", lambda r: elsewhere.append(r.url) if urlparse(r.url).scheme in ("http", "https", "ws", "wss") and urlparse(r.url).netloc != own else None)  # fmt: skip
        for lang in ("hu", "en"):
            for path in PAGES:
                page.goto(f"{url}/{path}{'&' if '?' in path else '?'}lang={lang}")
                page.wait_for_selector("h1", timeout=90_000)  # the first load imports torch
                wait_for_app(page, 60_000)
                page.wait_for_timeout(1500)  # late fetches: favicon, fonts, chart assets
                page.screenshot(
                    path=str(ARTIFACTS / f"offline-{path.split('?')[0] or 'explorer'}-{lang}.png"), full_page=False
                )
        assert not elsewhere, sorted(set(elsewhere))


def test_the_language_carries_across_pages_in_the_url() -> None:
    with streamlit_server() as url, chromium(1400, 1000) as page:
        page.goto(f"{url}/?model=dna_motif&lang=hu")
        page.wait_for_selector(f"text={tr('explorer_title', 'hu')}", timeout=90_000)
        wait_for_app(page, 60_000)
        nav = page.get_by_test_id("stSidebarNav")
        for key in ("page_zoo", "page_analyse", "page_your_model", "page_lesson", "page_explorer"):
            nav.get_by_text(tr(key, "hu"), exact=True).click()
            page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'hu'", timeout=30_000)
            page.wait_for_selector("h1", timeout=60_000)
            wait_for_app(page, 60_000)
            assert parse_qs(urlparse(page.url).query).get("lang") == ["hu"], (key, page.url)
            assert page.get_by_test_id("stSidebarNav").get_by_text(tr("page_explorer", "hu"), exact=True).count() == 1
        page.get_by_test_id("stSidebar").get_by_text("English", exact=True).click()
        page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'en'", timeout=30_000)
        wait_for_app(page, 60_000)
        nav.get_by_text(tr("page_zoo", "en"), exact=True).click()
        page.wait_for_selector("text=LSTM Lens: the model zoo", timeout=30_000)
        assert parse_qs(urlparse(page.url).query).get("lang") == ["en"]
