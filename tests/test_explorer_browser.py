"""The explorer's Plotly front end in real headless Chromium: axes and colour bars, a step that
moves only the shapes, a heatmap click that selects the unit in every view, the projector mode on
one 1024×768 screen with no text under 20 px, and the keys after a click on a widget.

Screenshots (1400×1000 and projector 1024×768, Hungarian and English) go to tests/artifacts/.
"""

from __future__ import annotations

from urllib.parse import quote

import pytest

from tests.browser import (
    REPO,
    TEXT_SIZES_JS,
    VERTICAL_SCROLLERS_JS,
    chromium,
    open_explorer,
    show_heatmaps,
    streamlit_server,
    wait_for_app,
)
from tests.browser import readout as _readout

ARTIFACTS = REPO / "tests" / "artifacts"
NEGATION = quote("A film egyáltalán nem volt unalmas.")
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


def _open(page, url: str) -> None:
    open_explorer(page, url, plotted=True)


def _shapes(page, selector: str) -> list[dict]:
    return page.evaluate(f'() => document.querySelector("{selector}").layout.shapes.map(s => ({{...s}}))')


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_heatmaps_have_axes_and_colour_bars_and_a_step_moves_only_shapes(app_url, lang) -> None:
    with chromium(1400, 1000) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        _open(page, f"{app_url}/?model=sentiment_hu&text={NEGATION}&lang={lang}&step=4&unit=94")
        heat = page.locator(".lx-heat")
        assert heat.count() == 6
        show_heatmaps(page)
        assert page.locator(".lx-heat .colorbar").count() == 6  # a colour bar on every heatmap
        ticks = page.locator(".lx-heat[data-name='c'] .xtick text").all_text_contents()
        assert "4 nem" in ticks and all(t.split(" ", 1)[0].isdigit() for t in ticks)  # numbered tokens along time
        assert page.locator(".lx-heat[data-name='c'] .ytick text").count() >= 3  # unit numbers
        assert page.locator(".lx-heat[data-name='c'] .colorbar .cbaxis text").count() >= 3
        assert _shapes(page, ".lx-heat[data-name='f']")[0]["x0"] == 2.5
        page.evaluate("() => { document.querySelector(\".lx-heat[data-name='f'] image\").dataset.kept = '1'; }")
        page.locator("h1").first.click()
        page.keyboard.press("ArrowRight")
        assert _readout(page) == "5 / 7"
        # a view is stepped when it is in sight or comes near: scroll as a person would, then read
        for selector in (".lx-heatmaps", "[data-testid='lx-pred-chart']"):
            page.locator(selector).scroll_into_view_if_needed()
            page.wait_for_function(
                f'() => {{ const plots = [...document.querySelectorAll("{selector} .js-plotly-plot, {selector}.js-plotly-plot")];'
                " return plots.length > 0 && plots.every((plot) => plot.layout.shapes[0].x0 === 3.5); }",
                timeout=5_000,
            )
        for name in ("f", "i", "g", "o", "c", "h"):
            assert _shapes(page, f".lx-heat[data-name='{name}']")[0]["x0"] == 3.5, name
        assert _shapes(page, "[data-testid='lx-pred-chart']")[0]["x0"] == 3.5
        # the heatmap's picture was not redrawn: the step replaced the shapes, nothing else
        assert page.locator(".lx-heat[data-name='f'] image[data-kept='1']").count() == 1
        page.screenshot(path=str(ARTIFACTS / f"explorer-1400x1000-{lang}-prediction.png"))
        page.locator(".lx-heatmaps").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"explorer-1400x1000-{lang}-heatmaps.png"))
        page.locator("h1").first.scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / f"explorer-1400x1000-{lang}.png"))
        assert not errors


def test_a_heatmap_click_selects_the_unit_in_every_view(app_url) -> None:
    with chromium(1400, 1000) as page:
        _open(page, f"{app_url}/?model=dna_motif&lang=en")
        show_heatmaps(page)
        area = page.locator(".lx-heat[data-name='i'] .nsewdrag").first
        area.scroll_into_view_if_needed()
        box = area.bounding_box()
        area.click(position={"x": box["width"] * (4.5 / 13), "y": box["height"] * (7.5 / 32)})
        root = page.get_by_test_id("lx-root")
        assert (root.get_attribute("data-step"), root.get_attribute("data-unit")) == ("5", "7")
        assert page.locator(".lx-unit-title").inner_text().startswith("Unit 7 · t = 5")
        for name in ("f", "i", "g", "o", "c", "h"):  # the unit's row, marked in every heatmap
            assert _shapes(page, f".lx-heat[data-name='{name}']")[1]["y0"] == 7, name
        sat = page.locator("[data-testid='lx-sat']")
        assert sat.get_attribute("data-unit") == "7"  # the saturation chart follows the selection
        sat.scroll_into_view_if_needed()
        ring_at_unit_7 = (
            "() => { const plot = document.querySelector(\"[data-testid='lx-sat']\");"
            " if (!plot.layout) return false;"  # drawn once it comes into sight
            " const ring = plot.layout.shapes[0], dots = plot.data[0];"  # the f_t panel, this sentence
            " return Math.abs(ring.x0 + 0.05 - dots.x[7]) < 1e-9 && Math.abs(ring.y0 + 0.05 - dots.y[7]) < 1e-9; }"
        )
        page.wait_for_function(ring_at_unit_7, timeout=5_000)  # the ring moved to unit 7's dot
        page.wait_for_function("() => new URL(location.href).searchParams.get('unit') === '7'", timeout=5_000)


@pytest.mark.parametrize("lang", ["hu", "en"])
def test_projector_is_one_screen_with_large_text_in_every_view(app_url, lang) -> None:
    with chromium(1024, 768) as page:
        _open(page, f"{app_url}/?model=sentiment_hu&text={NEGATION}&lang={lang}&projector=1&step=4&unit=94")
        root = page.get_by_test_id("lx-root")
        shown = []
        for k in range(4):  # the cell with its equations first, then heatmaps, bars, prediction
            panel = root.get_attribute("data-panel")
            shown.append(panel)
            page.wait_for_timeout(300)
            assert page.evaluate(VERTICAL_SCROLLERS_JS) == [], panel
            small = [t for t in page.evaluate(TEXT_SIZES_JS) if t["size"] < 20]
            assert small == [], (panel, small[:8])
            assert page.get_by_test_id("lx-readout").is_visible() and page.get_by_test_id("lx-tokens").is_visible()
            assert page.get_by_test_id("lx-slider").bounding_box()["width"] >= 150  # a slider, not just its thumb
            page.screenshot(path=str(ARTIFACTS / f"projector-1024x768-{lang}-{panel}.png"))
            if k % 2:
                page.keyboard.press("v")
            else:
                page.get_by_test_id("lx-next-view").click()
        assert shown == ["cell", "heat", "bars", "pred"]
        assert root.get_attribute("data-panel") == "cell"  # and round again
        page.keyboard.press("PageDown")
        assert _readout(page) == "5 / 7"
        page.keyboard.press("PageUp")
        assert _readout(page) == "4 / 7"


def test_keys_step_after_a_click_on_a_pill_or_a_dropdown(app_url) -> None:
    with chromium(1400, 1000) as page:
        _open(page, f"{app_url}/?model=sentiment_hu&lang=en")
        page.get_by_test_id("stSidebar").get_by_text("Nem tetszett a film.", exact=True).click()  # an example pill
        page.wait_for_function(
            "() => document.querySelector(\"[data-testid='lx-readout']\").innerText === '1 / 5'", timeout=30_000
        )
        wait_for_app(page)
        page.keyboard.press("ArrowRight")  # no click on the page background first
        assert _readout(page) == "2 / 5"
        page.keyboard.press("PageDown")  # a presenter's clicker
        assert _readout(page) == "3 / 5"
        expected = page.get_by_test_id("stSidebar").get_by_test_id("stSelectbox").nth(1)  # the expected label
        expected.locator("input").click()
        expected.locator("input").fill("negative")  # chosen by typing: the explorer's own <select>s have options too
        page.keyboard.press("Enter")
        wait_for_app(page)
        page.keyboard.press("ArrowLeft")
        assert _readout(page) == "2 / 5"
        page.get_by_test_id("lx-sort").select_option("variance")  # the explorer's own dropdown
        page.keyboard.press("End")
        assert _readout(page) == "5 / 5"
        text_area = page.get_by_test_id("stTextArea").locator("textarea")
        text_area.click()
        page.keyboard.press("ArrowLeft")  # typing keeps its keys
        assert _readout(page) == "5 / 5"


def test_the_lessons_projector_mode_keeps_exit_language_and_step(app_url) -> None:
    with chromium(1024, 768) as page:
        page.goto(f"{app_url}/lesson?lesson=4&lang=hu&projector=1")
        wait_for_app(page)
        page.wait_for_selector("h1:has-text('4.')", timeout=60_000)
        page.get_by_test_id("stSidebar").wait_for(state="hidden", timeout=10_000)  # projector mode: no sidebar
        page.get_by_role("button", name="English").click()  # the other language, without the sidebar
        page.wait_for_function("() => new URLSearchParams(location.search).get('lang') === 'en'", timeout=30_000)
        wait_for_app(page)
        page.get_by_role("button", name="Next step").click()
        page.wait_for_selector("h1:has-text('5.')", timeout=60_000)
        wait_for_app(page)
        page.screenshot(path=str(ARTIFACTS / "lesson-projector-controls-1024x768-en.png"))
        page.get_by_role("button", name="Leave projector mode").click()
        page.get_by_test_id("stSidebar").wait_for(state="visible")


def test_the_lessons_explorer_in_projector_mode_is_one_screen_of_its_own(app_url) -> None:
    """Below a step's text, the view (strip, controls, cell diagram and equations) fits one screen
    once scrolled to, and the diagram is not squeezed to a line."""
    with chromium(1024, 768) as page:
        page.goto(f"{app_url}/lesson?lesson=8&lang=en&projector=1")
        wait_for_app(page)
        root = page.get_by_test_id("lx-root")
        root.wait_for(timeout=60_000)
        page.wait_for_timeout(500)
        box = page.evaluate(
            "() => { const r = document.querySelector(\"[data-testid='lx-root']\").getBoundingClientRect();"
            " const c = document.querySelector('svg.lx-cell').getBoundingClientRect();"
            " return {root: r.height, cell: c.height}; }"
        )
        assert box["cell"] >= 200, box
        assert box["root"] <= 768, box
