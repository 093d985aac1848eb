"""The offline file in real headless Chromium, opened by file:// with every other request aborted (and
failing the test): it steps by keys and buttons with the payload's own numbers, and carries the
intervention. Also end to end: the app's button hands over the same kind of file. Screenshots go
to tests/artifacts/."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import numpy as np
import pytest

from tests.browser import REPO, chromium, readout, show_heatmaps, streamlit_server, wait_for_app
from tests.export_views import CODE_118, html_of, view
from tests.negation import flip_edits
from viz.explorer_data import decode
from viz.i18n import tr

pytestmark = pytest.mark.browser
ARTIFACTS = REPO / "tests" / "artifacts"
FLIP = flip_edits()  # lesson step 9's units, found on the shipped model: the verdict flips


def open_offline(page, path: Path, elsewhere: list[str], errors: list[str]) -> None:
    """Open the file with the network cut: any request that is not for a file is aborted and noted."""

    def route(r) -> None:
        if r.request.url.startswith("file://"):
            r.continue_()
        else:
            elsewhere.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("request", lambda r: None if r.url.startswith(("file://", "data:", "blob:")) else elsewhere.append(r.url))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(path.as_uri())
    page.wait_for_selector("body[data-offline='ready']", timeout=30_000)
    page.wait_for_selector("[data-testid='lx-root'][data-plotted='1']", timeout=30_000)


def shown_values(page) -> dict:
    """What the view shows at its step: the equations' f and C, the cell's C_t, the verdict, the heatmap's marker."""
    show_heatmaps(page, "[data-testid='lx-heat-f']")  # out of sight, figures are drawn and stepped as they come near
    page.wait_for_timeout(300)
    return page.evaluate("""() => ({
      f: Number(document.querySelector(".lx-equations [data-name='f']").dataset.value),
      c: Number(document.querySelector(".lx-equations [data-name='c']").dataset.value),
      cell: Number(document.querySelector("svg.lx-cell text.lx-value[data-name='c']").dataset.value),
      verdict: Number(document.querySelector("[data-testid='lx-pred-readout']").dataset.value),
      marker: document.querySelector("[data-testid='lx-heat-f']").layout.shapes[0].x0,
      current: document.querySelector(".lx-token.lx-current").dataset.t,
      bars: document.querySelectorAll("[data-testid='lx-bars'] canvas").length,
    })""")


def expected_values(data: dict, t: int) -> dict:
    shape, u = (data["T"], data["units"]), data["unit"]
    probs = decode(data["predictions"]["probs"], (data["T"], data["predictions"]["classes"]))
    return {
        "f": float(decode(data["arrays"]["f"], shape)[t, u]),
        "c": float(decode(data["arrays"]["c"], shape)[t, u]),
        "verdict": float(probs[t].max()),
        "marker": t - 0.5,
        "current": str(t),
    }


def test_the_file_steps_like_the_app_with_the_network_cut(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    saved = view("sentiment_hu", "A film egyáltalán nem volt unalmas.", "hu", step=0, unit=94)
    path = tmp_path / "lstm-lens-sentiment_hu.html"
    path.write_text(html_of(saved), encoding="utf-8")
    data = saved["data"]
    elsewhere: list[str] = []
    errors: list[str] = []
    with chromium(1400, 1000) as page:
        open_offline(page, path, elsewhere, errors)
        assert readout(page) == f"1 / {data['T']}"
        assert page.get_by_text(tr("explorer_title", "hu")).count() == 1
        page.screenshot(path=str(ARTIFACTS / "export-offline-hu.png"))
        for keys, t in ((["ArrowRight"], 1), (["PageDown", "PageDown"], 3), (["PageUp"], 2), (["End"], data["T"] - 1)):
            page.mouse.click(5, 5)  # the page, not a control, has the focus
            for key in keys:
                page.keyboard.press(key)
            page.wait_for_function(f"() => document.querySelector('[data-testid=lx-root]').dataset.step === '{t + 1}'")
            assert readout(page) == f"{t + 1} / {data['T']}"
            shown, expected = shown_values(page), expected_values(data, t)
            assert shown.pop("bars") >= 4
            assert shown.pop("cell") == pytest.approx(expected["c"], abs=1e-6)  # the diagram's C_t
            assert shown.pop("current") == expected.pop("current")
            assert shown == pytest.approx(expected, abs=1e-6), t
        page.evaluate("window.scrollTo(0, 0)")
        page.get_by_test_id("lx-first").click()
        page.get_by_test_id("lx-next").click()
        assert readout(page) == f"2 / {data['T']}"
    assert not elsewhere, elsewhere
    assert not errors, errors


def test_the_file_carries_the_intervention(tmp_path) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    saved = view("sentiment_hu", "Nem tetszett a film.", "en", edits=FLIP)
    path = tmp_path / "lstm-lens-sentiment_hu-edited.html"
    path.write_text(html_of(saved), encoding="utf-8")
    elsewhere: list[str] = []
    errors: list[str] = []
    with chromium(1400, 1000) as page:
        open_offline(page, path, elsewhere, errors)
        headline = page.get_by_test_id("lx-cf-headline")
        assert headline.inner_text().startswith("The verdict changed")
        figures = len(saved["counterfactual"].figures)
        page.wait_for_function(f"() => document.querySelectorAll('.lx-cf-figure.js-plotly-plot').length === {figures}")
        titles = page.evaluate("() => [...document.querySelectorAll('.lx-cf-figure')].map((d) => d.layout.title.text)")
        assert titles[1:3] == ["Change in C: edited − original", "Change in h: edited − original"]
        delta_c = page.evaluate("() => document.querySelector('[data-testid=lx-cf-figure-1]').data[0].z")
        assert delta_c is not None
        page.keyboard.press("ArrowRight")  # the view above still steps
        assert readout(page).startswith("2 / ")
        for y in range(0, 4000, 600):  # bring every lazily drawn figure into sight, as a reader scrolling would
            page.evaluate(f"window.scrollTo(0, {y})")
            page.wait_for_timeout(150)
        page.get_by_test_id("lx-counterfactual").scroll_into_view_if_needed()
        page.screenshot(path=str(ARTIFACTS / "export-offline-counterfactual-en.png"))
        page.screenshot(path=str(ARTIFACTS / "export-offline-counterfactual-en-full.png"), full_page=True)
    assert not elsewhere, elsewhere
    assert not errors, errors


def test_the_apps_button_hands_over_the_file_with_the_edit(tmp_path) -> None:
    """End to end: the explorer with an edit in its URL, the button clicked, the download opened offline."""
    with streamlit_server() as url, chromium(1400, 1000) as page:
        page.goto(f"{url}/?model=sentiment_hu&text={quote('Nem tetszett a film.')}&lang=hu&edits={quote(FLIP)}")
        wait_for_app(page, 90_000)
        page.wait_for_selector("text=Megváltozott a döntés", timeout=90_000)
        with page.expect_download(timeout=60_000) as download:
            page.get_by_role("button", name=tr("export_html", "hu")).click()
        path = tmp_path / download.value.suggested_filename
        download.value.save_as(path)
    assert path.suffix == ".html" and path.stat().st_size > 4_000_000
    elsewhere: list[str] = []
    errors: list[str] = []
    with chromium(1400, 1000) as page:
        open_offline(page, path, elsewhere, errors)
        assert page.get_by_test_id("lx-cf-headline").inner_text().startswith("Megváltozott a döntés")
        assert page.locator(".lx-cf-figure").count() == 4
        assert np.isfinite(float(page.locator("[data-testid='lx-pred-readout']").get_attribute("data-value")))
    assert not elsewhere, elsewhere
    assert not errors, errors


@pytest.mark.parametrize(
    "name,text,lang",
    [("code_chars", CODE_118, "en"), ("ner_hu", "Tegnap Józsi letörölte a termelési adatbázist.", "hu"), ("recall_gru", "3abcdefgh", "en"), ("recall_rnn", "3abcdefgh", "hu")],
)
def test_every_kind_of_model_steps_offline(tmp_path, name, text, lang) -> None:
    """A language model (top 5), a bidirectional tagger, a GRU and a plain RNN: each file opens and steps."""
    saved = view(name, text, lang)
    path = tmp_path / f"{name}.html"
    path.write_text(html_of(saved), encoding="utf-8")
    elsewhere: list[str] = []
    errors: list[str] = []
    with chromium(1400, 1000) as page:
        open_offline(page, path, elsewhere, errors)
        page.keyboard.press("ArrowRight")
        assert readout(page) == f"2 / {saved['data']['T']}"
        if name == "code_chars":
            assert page.get_by_test_id("lx-topk").locator("[data-value]").count() == 5
            page.screenshot(path=str(ARTIFACTS / "export-offline-code_chars-en.png"))
    assert not elsewhere, elsewhere
    assert not errors, errors
