"""In real headless Chromium: no page asks any host but the app's own, and the language carries
across pages in the URL (issue 10, items 6 and 8). On the way, every page is kept as a screenshot
in tests/artifacts/: at 1400×1000 in both languages, and the pages a teacher projects at 1024×768
in projector mode."""

from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from tests.browser import REPO, chromium, streamlit_server, wait_for_app
from viz.i18n import tr

ARTIFACTS = REPO / "tests" / "artifacts"
PAGES = ["?model=dna_motif", "lesson", "compare", "translate", "analyse", "your-model", "zoo"]
PROJECTED = ["?model=sentiment_hu", "lesson", "compare"]  # the pages with a projector mode
pytestmark = pytest.mark.browser


def test_no_request_leaves_the_machine() -> None:
    """Every page, in both languages: each request (fonts, icons, scripts, images) goes to the app."""
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url, chromium(1400, 1000) as page:
        own = urlparse(url).netloc
        elsewhere: list[str] = []
        page.on("request", lambda r: elsewhere.append(r.url) if urlparse(r.url).scheme in ("http", "https", "ws", "wss") and urlparse(r.url).netloc != own else None)  # fmt: skip
        shown = [(path, lang, "") for lang in ("hu", "en") for path in PAGES]
        shown += [(path, lang, "projector=1&") for lang in ("hu", "en") for path in PROJECTED]
        for path, lang, extra in shown:
            if extra:
                page.set_viewport_size({"width": 1024, "height": 768})
            page.goto(f"{url}/{path}{'&' if '?' in path else '?'}{extra}lang={lang}")
            page.wait_for_selector("h1", timeout=90_000)  # the first load imports torch
            wait_for_app(page, 60_000)
            name = path.split("?")[0] or "explorer"
            if name == "translate":  # its Plotly charts come after the page has settled
                page.wait_for_selector(".js-plotly-plot", timeout=30_000)
            if name == "explorer":  # the first load's rerun in Hungarian can settle before the explorer is drawn
                page.wait_for_selector("[data-testid='lx-readout']", timeout=60_000)
            page.wait_for_timeout(1500)  # late fetches: favicon, fonts, chart assets
            size = "projector-1024x768" if extra else "1400x1000"
            page.screenshot(path=str(ARTIFACTS / f"page-{name}-{lang}-{size}.png"), full_page=False)
            assert "Traceback" not in page.inner_text("body"), (path, lang)
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
