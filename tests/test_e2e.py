"""End to end in real headless Chromium against `streamlit run`: what a person sees and does.

Screenshots go to tests/artifacts/ for a human to look at.
"""

from __future__ import annotations

from urllib.parse import quote

import numpy as np
import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from models import zoo
from models.probe import trace
from models.zoo import catalog
from tests.browser import REPO, chromium, show_heatmaps, streamlit_server, strip_tokens, wait_for_app
from tests.browser import open_explorer as _open
from tests.browser import readout as _readout
from viz.i18n import tr

ARTIFACTS = REPO / "tests" / "artifacts"
pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app_url():
    ARTIFACTS.mkdir(exist_ok=True)
    with streamlit_server() as url:
        yield url


@pytest.fixture(scope="module")
def browser_page():
    with chromium(1500, 1300) as page:
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.errors = errors
        yield page


def _drawn(page, name: str) -> float:
    """The value the cell diagram (or equation block) shows for `name`, at full precision."""
    return float(page.locator(f"[data-testid='lx-equations'] [data-name='{name}']").first.get_attribute("data-value"))


def test_zoo_opens_in_the_browser(app_url, browser_page) -> None:
    page = browser_page
    page.goto(f"{app_url}/zoo")
    wait_for_app(page)
    page.wait_for_selector("text=LSTM Lens: the model zoo")
    for name in catalog.available():
        page.wait_for_selector(f"code:text-is('{name}')")
    page.wait_for_selector(".js-plotly-plot")
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "zoo.png"))
    page.get_by_text("Model card").first.click()
    page.wait_for_selector("text=Held-out metrics (test split)")
    assert not page.errors


@pytest.mark.parametrize("name", catalog.available())
def test_explorer_steps_through_the_lecture_example(app_url, browser_page, name) -> None:
    page = browser_page
    model = zoo.load(name)
    text = model.meta["examples"][0]
    tokens = model.tokenizer.tokenize(text)
    expected = trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)
    length = len(tokens)
    _open(page, f"{app_url}/?model={name}")
    page.wait_for_function(f"() => document.querySelector(\"[data-testid='lx-readout']\").innerText === '1 / {length}'")
    assert page.locator("[data-testid='lx-tokens'] .lx-token").count() == length

    for step in range(1, length):  # to the end with the Next button
        page.get_by_test_id("lx-next").click()
        assert _readout(page) == f"{step + 1} / {length}"
    page.get_by_test_id("lx-next").click()
    assert _readout(page) == f"{length} / {length}"  # stays at the end

    page.locator("h1").first.click()  # focus off the text box, as a person would
    page.keyboard.press("Home")
    assert _readout(page) == f"1 / {length}"
    for _ in range(1, length):  # and to the end again with the keyboard
        page.keyboard.press("ArrowRight")
    assert _readout(page) == f"{length} / {length}"
    page.keyboard.press("ArrowLeft")
    t = max(length - 2, 0)
    assert _readout(page) == f"{t + 1} / {length}"

    names = ["f", "i", "g", "o", "c", "h"] if expected.layers[0].kind == "lstm" else ["h"]
    for gate in names:
        assert _drawn(page, gate) == pytest.approx(float(expected.get(gate)[t, 0]), abs=1e-6), gate
    if expected.layers[0].kind == "lstm":
        shown = float(page.locator("svg[data-testid='lx-cell'] text[data-name='f']").get_attribute("data-value"))
        assert shown == pytest.approx(float(expected.get("f")[t, 0]), abs=1e-6)
    page.screenshot(path=str(ARTIFACTS / f"explorer-{name}.png"))
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.errors


def test_a_shared_link_opens_the_same_view(app_url, browser_page) -> None:
    page = browser_page
    text = "A film egyáltalán nem volt unalmas."
    length = len(strip_tokens("sentiment_hu", text))
    _open(page, f"{app_url}/?model=sentiment_hu&text={quote(text)}&step=4&unit=3&lang=hu")
    page.wait_for_function(f"() => document.querySelector(\"[data-testid='lx-readout']\").innerText === '4 / {length}'")
    assert page.locator("[data-testid='lx-root']").get_attribute("data-unit") == "3"
    assert page.locator("text=Felfedező").count() >= 1
    page.get_by_test_id("lx-next").click()
    page.wait_for_function("() => new URL(location.href).searchParams.get('step') === '5'", timeout=10_000)
    assert "unit=3" in page.url


def test_clicking_a_token_and_a_heatmap_cell(app_url, browser_page) -> None:
    page = browser_page
    _open(page, f"{app_url}/?model=dna_motif")
    page.locator("[data-testid='lx-tokens'] .lx-token").nth(7).click()
    assert _readout(page) == "8 / 13"
    page.wait_for_selector("[data-testid='lx-root'][data-plotted='1']", timeout=30_000)
    show_heatmaps(page)
    area = page.locator(".lx-heat[data-name='c'] .nsewdrag").first  # the heatmap's plot area (Plotly)
    box = area.bounding_box()
    area.click(position={"x": box["width"] * (2.5 / 13), "y": box["height"] * (5.5 / 32)})
    assert _readout(page) == "3 / 13"
    assert page.locator("[data-testid='lx-root']").get_attribute("data-unit") == "5"


def test_html_in_user_text_is_shown_as_text(app_url, browser_page) -> None:
    page = browser_page
    hostile = "<img src=x onerror=alert(1)> jó"
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    _open(page, f"{app_url}/?model=sentiment_hu&text={quote(hostile)}")
    assert page.locator("[data-testid='lx-tokens'] img").count() == 0
    assert page.locator("[data-testid='lx-tokens'] .lx-token").first.inner_text() == "<"
    assert not dialogs
    np.testing.assert_equal(page.locator("img[src='x']").count(), 0)


def test_trace_downloads_as_csv_and_npz(app_url, browser_page, tmp_path) -> None:
    page = browser_page
    _open(page, f"{app_url}/?model=ner_hu")
    with page.expect_download() as info:
        page.get_by_role("button", name="Trace of this layer as CSV").click()
    lines = info.value.path().read_text(encoding="utf-8").strip().splitlines()
    assert lines[0].startswith("t,token,p_O,p_PER")
    ner = zoo.load("ner_hu")
    tokens = ner.tokenizer.tokenize("Tegnap Józsi letörölte a termelési adatbázist.")
    assert lines[2].startswith(f"2,{tokens[1]},")
    with page.expect_download() as info:
        page.get_by_role("button", name="Whole trace as NPZ").click()
    with np.load(info.value.path()) as data:
        assert data["rnn.l0.bwd.h"].shape == (len(tokens), ner.config.hidden_size)
    with page.expect_download() as info:
        page.locator("button[data-png='cell']").click()
    assert info.value.suggested_filename.endswith(".png")
    assert info.value.path().read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def _upload(page, name: str, data: bytes) -> None:
    """Upload `data` as `name`; once more if the uploader does not list it (a rerun that was still
    replacing the widget can drop a file set on the old one; seen once on a loaded machine)."""
    for attempt in range(2):
        page.locator("[data-testid='stFileUploaderDropzoneInput']").set_input_files(
            files=[{"name": name, "mimeType": "text/plain", "buffer": data}]
        )
        wait_for_app(page)
        try:
            listed = page.get_by_test_id("stFileChipName").filter(has_text=name)
            listed.or_(page.get_by_text(f"File: {name}")).first.wait_for(timeout=20_000)
            return
        except PlaywrightTimeoutError:
            if attempt:
                raise


def _pick_model(page, title: str) -> None:
    page.get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=title).click()
    wait_for_app(page)


def test_analyse_a_latin2_file_and_open_a_row_in_the_explorer(app_url, browser_page) -> None:
    page = browser_page
    lines = [
        "Ez egy rossz film volt.",
        "Milyen szép időnk van ma!",
        "Őszintén: nem volt jó.",
        "<img src=x onerror=alert(1)>",
    ]
    page.goto(f"{app_url}/analyse")
    wait_for_app(page)
    _pick_model(page, tr("model_sentiment_hu", "en"))
    _upload(page, "mondatok.txt", "\n".join(lines).encode("iso-8859-2"))
    page.wait_for_selector("text=4 rows")
    page.get_by_role("button", name="Analyse 4 sentences").click()
    grid = page.get_by_test_id("stDataFrame").first
    grid.wait_for(timeout=30_000)
    wait_for_app(page)
    page.screenshot(path=str(ARTIFACTS / "analyse-latin2.png"))
    with page.expect_download() as info:
        page.get_by_role("button", name="Results as CSV").click()
    text = info.value.path().read_text(encoding="utf-8")
    assert "Őszintén: nem volt jó." in text and "negatív" in text  # őű survived the Latin-2 round trip
    box = grid.bounding_box()
    page.mouse.click(box["x"] + 16, box["y"] + 35 + 17 + 35 * 2)  # the third row's selection box
    page.get_by_role("button", name="Open this sentence in the explorer").click()
    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
    shown = strip_tokens("sentiment_hu", "Őszintén: nem volt jó.")  # as written, pieces joined to their word
    page.wait_for_function(f"() => document.querySelector(\"[data-testid='lx-readout']\").innerText === '1 / {len(shown)}'")
    tokens = page.locator("[data-testid='lx-tokens'] .lx-token").all_inner_texts()
    assert tokens == shown
    assert not page.errors


def _selectbox(page, label: str):
    """A selectbox found by its label, not its position (pages gain widgets)."""
    return page.get_by_test_id("stSelectbox").filter(has=page.get_by_text(label, exact=True)).first


def test_analyse_a_csv_with_labels_and_hostile_files(app_url, browser_page) -> None:
    page = browser_page
    page.goto(f"{app_url}/analyse")
    wait_for_app(page)
    _pick_model(page, tr("model_dna_motif", "en"))
    _upload(page, "dna.csv", b"sequence,label\nAGCCCTGTACTAG,motif\nAGCCCAGTACTAG,no motif\nTTTTCCCTGTTT,1\n")
    _selectbox(page, tr("label_column", "en")).click(timeout=90_000)
    page.get_by_role("option", name="label").click()
    wait_for_app(page)
    page.get_by_role("button", name="Analyse 3 sentences").click()
    page.wait_for_selector("text=Accuracy against the label column")
    assert page.get_by_test_id("stMetricValue").inner_text() == "100.0%"
    for name, data, message in [
        ("empty.txt", b"", "The file is empty."),
        ("binary.txt", bytes(range(256)) * 40, "This looks like a binary file"),
        ("ragged.csv", b"a,b\n1,2\n3\n", "Row 3 has 1 fields"),
    ]:
        _upload(page, name, data)
        page.wait_for_selector(f"text={message}")
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.errors


def test_corpus_views_and_pattern_search(app_url, browser_page) -> None:
    page = browser_page
    lines = [
        "Tegnap Józsi letörölte a termelési adatbázist.",
        "Anna tegnap Budapesten dolgozott.",
        "Reggel Kati Szegedre utazott.",
    ]
    page.goto(f"{app_url}/analyse")
    wait_for_app(page)
    _pick_model(page, tr("model_ner_hu", "en"))
    _upload(page, "ner.txt", "\n".join(lines).encode("utf-8"))
    page.get_by_role("button", name="Analyse 3 sentences").click()
    page.wait_for_selector("text=Pattern search", timeout=30_000)
    wait_for_app(page)
    top = page.get_by_test_id("stDataFrame").nth(1)
    top.wait_for(state="visible", timeout=30_000)  # the top-contexts table, drawn after the results
    assert page.locator("text=unit(s) on across the span").count() == 1
    page.screenshot(path=str(ARTIFACTS / "analyse-corpus.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("button", name="Hidden states of layer 0 as NPZ").click()
    with np.load(info.value.path()) as data:
        ner = zoo.load("ner_hu")
        assert data["h"].shape == (sum(len(ner.tokenizer.tokenize(t)) for t in lines), ner.config.hidden_size)
    assert not page.errors


def test_upload_an_exported_model_and_step_through_it(app_url, browser_page, tmp_path) -> None:
    import torch

    from models.zoo.byom import export

    torch.manual_seed(1)
    vocab = ["<pad>", "<unk>", "nem", "jó", "film", "volt"]
    folder = export(tmp_path / "mine", torch.nn.Embedding(6, 4), torch.nn.LSTM(4, 5, batch_first=True),
                    torch.nn.Linear(5, 2), vocab, task="classify", label_names=["neg", "pos"],
                    tokenizer={"kind": "word", "lowercase": True}, title="Saját modell", examples=["nem jó film volt"])  # fmt: skip
    page = browser_page
    page.goto(f"{app_url}/your-model")
    wait_for_app(page)
    inputs = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    inputs.nth(1).set_input_files(files=[{"name": "weights.pt", "mimeType": "application/octet-stream",
                                          "buffer": b"\x80\x04\x95 not a state dict"}])  # fmt: skip
    inputs.nth(0).set_input_files(str(folder / "config.json"))
    page.wait_for_selector("text=This model cannot be used", timeout=20_000)
    inputs.nth(1).set_input_files(str(folder / "weights.safetensors"))
    page.wait_for_selector("text=Loaded Saját modell", timeout=20_000)
    page.get_by_role("button", name="Open it in the explorer").click()
    page.wait_for_function(
        "() => document.querySelector(\"[data-testid='lx-readout']\")?.innerText === '1 / 4'", timeout=30_000
    )
    page.locator("h1").first.click()
    page.keyboard.press("End")
    assert _readout(page) == "4 / 4"
    assert page.locator("[data-testid='stException']").count() == 0
    page.screenshot(path=str(ARTIFACTS / "explorer-uploaded-model.png"))
    assert not page.errors


def test_more_hostile_text_in_an_upload(app_url, browser_page) -> None:
    page = browser_page
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    lines = ["x" * 1_048_576, "😀🚀 \x07\x1b[31m jó", "<img src=x onerror=alert(1)>", "qqq zzz"]
    page.goto(f"{app_url}/analyse")
    wait_for_app(page)
    _upload(page, "hostile.txt", "\n".join(lines).encode("utf-8"))
    page.wait_for_selector("text=were cut to that length")
    page.wait_for_selector("text=Control characters were removed")
    page.get_by_role("button", name="Analyse 4 sentences").click()
    page.get_by_test_id("stDataFrame").first.wait_for(timeout=30_000)
    wait_for_app(page)
    assert page.locator("img[src='x']").count() == 0
    assert not dialogs
    assert page.locator("[data-testid='stException']").count() == 0
    assert not page.errors


def _upload_model(page, app_url: str, folder) -> None:
    """On the Your model page: config.json, then the weights."""
    page.goto(f"{app_url}/your-model")
    wait_for_app(page)
    inputs = page.locator("[data-testid='stFileUploaderDropzoneInput']")
    for k, name in enumerate(("config.json", "weights.safetensors")):  # one at a time: each upload reruns the page
        for attempt in range(2):  # a rerun still replacing the widget can drop a file set on the old one
            inputs.nth(k).set_input_files(str(folder / name))
            wait_for_app(page)
            try:
                page.get_by_test_id("stFileChipName").filter(has_text=name).first.wait_for(timeout=20_000)
                break
            except PlaywrightTimeoutError:
                if attempt:
                    raise


def test_one_sessions_upload_is_not_visible_in_another(app_url, browser_page, tmp_path) -> None:
    import torch

    from models.zoo.byom import export

    folder = export(tmp_path / "private", torch.nn.Embedding(4, 3), torch.nn.LSTM(3, 2, batch_first=True),
                    torch.nn.Linear(2, 2), ["<pad>", "<unk>", "a", "b"], task="classify", title="Private model")  # fmt: skip
    browser = browser_page.context.browser
    contexts = [browser.new_context(), browser.new_context()]  # two people, two sessions
    first, second = (c.new_page() for c in contexts)
    try:
        _upload_model(first, app_url, folder)
        first.wait_for_selector("text=Loaded Private model", timeout=45_000)  # a loaded CI machine took over 20 s
        second.goto(f"{app_url}/analyse")
        second.wait_for_selector("text=Analyse uploaded sentences")
        wait_for_app(second)
        second.locator("[data-testid='stSelectbox']:visible").first.click()  # on a loaded machine a rerun may still hide the old one
        options = second.get_by_role("option").all_inner_texts()
        assert options and not any("Private model" in o for o in options)
        first.get_by_test_id("stSidebarNav").get_by_text("Analyse a file").click()  # same session
        first.wait_for_selector("text=Analyse uploaded sentences")
        wait_for_app(first)
        first.locator("[data-testid='stSelectbox']:visible").first.click()
        assert any("Private model" in o for o in first.get_by_role("option").all_inner_texts())
    finally:
        for context in contexts:
            context.close()


def test_projector_mode_at_1024x768(app_url, browser_page) -> None:
    page = browser_page
    page.set_viewport_size({"width": 1024, "height": 768})
    try:
        text = quote("Ez egy rossz film volt.")
        _open(page, f"{app_url}/?model=sentiment_hu&text={text}&projector=1&palette=alt&lang=hu&step=2")
        page.wait_for_function("() => document.querySelector(\"[data-testid='lx-readout']\").innerText === '2 / 6'")
        page.get_by_test_id("stSidebar").wait_for(state="hidden", timeout=10_000)  # the style may land after the view
        size = page.evaluate("getComputedStyle(document.querySelector(\"[data-testid='lx-readout']\")).fontSize")
        assert float(size.removesuffix("px")) >= 36
        page.locator("h1").first.click()
        page.keyboard.press("PageDown")
        assert _readout(page) == "3 / 6"
        page.keyboard.press("PageUp")
        page.keyboard.press("PageUp")
        assert _readout(page) == "1 / 6"
        page.screenshot(path=str(ARTIFACTS / "projector-1024x768.png"))
        page.get_by_role("button", name="Kilépés a kivetítő módból").click()
        page.get_by_test_id("stSidebar").wait_for(state="visible")
    finally:
        page.set_viewport_size({"width": 1500, "height": 1300})


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (1920, 1080)])
def test_every_lesson_step_in_both_languages(app_url, browser_page, width, height) -> None:
    page = browser_page
    page.set_viewport_size({"width": width, "height": height})
    try:
        for lang in ("hu", "en"):
            for step in range(1, 9):
                page.goto(f"{app_url}/lesson?lesson={step}&lang={lang}&projector={'1' if width == 1024 else '0'}")
                wait_for_app(page)
                page.wait_for_selector(f"h1:has-text('{step}.')")
                if step == 1:
                    page.wait_for_selector("[data-testid='stTable'] >> text=Királynő")
                    page.wait_for_selector("[data-testid='stTable'] >> text=rossz")
                    page.get_by_role("button", name=tr("lesson_next", lang)).wait_for()
                if step in (2, 4, 5, 6, 7, 8):
                    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
                if step == 3:
                    page.wait_for_selector(".js-plotly-plot")
                assert page.locator("[data-testid='stException']").count() == 0, (lang, step)
                page.screenshot(path=str(ARTIFACTS / f"lesson-{step}-{lang}-{width}x{height}.png"))
        if width == 1024:
            assert not page.get_by_test_id("stSidebar").is_visible()  # projector mode
    finally:
        page.set_viewport_size({"width": 1500, "height": 1300})
    assert not page.errors


# ---- issue 8: hostile and careless input in the running app ----
def _hostile_model_files(tmp_path, title: str = "Hostile"):
    import torch

    from models.zoo.byom import export

    folder = export(tmp_path / "base", torch.nn.Embedding(4, 3), torch.nn.LSTM(3, 2), torch.nn.Linear(2, 2),
                    ["<pad>", "<unk>", "a", "b"], task="classify", title=title, description=title,
                    examples=["[link](http://evil.example/) a"])  # fmt: skip
    return folder


def test_a_hostile_upload_does_not_stall_another_session(app_url, browser_page, tmp_path) -> None:
    import json
    import time

    folder = _hostile_model_files(tmp_path)
    config = json.loads((folder / "config.json").read_text())
    hostile = {
        "huge.json": {**config, "model": {**config["model"], "num_labels": 250_000, "hidden_size": 4096,
                                          "embedding_dim": 4096, "label_names": []}},  # fmt: skip
        "regex.json": {**config, "tokenizer": {"kind": "word", "pattern": "(a|aa)+$"}, "meta": {"examples": ["a" * 40]}},
        "types.json": {**config, "model": {**config["model"], "num_layers": True, "bidirectional": "yes"}},
    }
    messages = {"huge.json": "uploads are limited to 10,000,000 parameters", "regex.json": "built-in tokenizers",
                "types.json": "model.num_layers must be a whole number"}  # fmt: skip
    browser = browser_page.context.browser
    contexts = [browser.new_context(), browser.new_context()]
    student, attacker = (c.new_page() for c in contexts)
    try:
        _open(student, f"{app_url}/?model=sentiment_hu&text={quote('A film egyáltalán nem volt unalmas.')}")
        attacker.goto(f"{app_url}/your-model")
        wait_for_app(attacker)
        inputs = attacker.locator("[data-testid='stFileUploaderDropzoneInput']")
        inputs.nth(1).set_input_files(str(folder / "weights.safetensors"))
        wait_for_app(attacker)
        for name, payload in hostile.items():
            inputs.nth(0).set_input_files(files=[{"name": "config.json", "mimeType": "application/json",
                                                  "buffer": json.dumps(payload).encode()}])  # fmt: skip
            student.bring_to_front()  # while the upload is being processed: the other session steps and answers
            for _ in range(3):
                before = _readout(student)
                start = time.perf_counter()
                student.keyboard.press("ArrowRight" if before != "7 / 7" else "Home")
                student.wait_for_function(
                    f"() => document.querySelector(\"[data-testid='lx-readout']\").innerText !== '{before}'",
                    timeout=1000,
                )
                assert time.perf_counter() - start < 1.0
                start = time.perf_counter()
                assert student.request.get(f"{app_url}/_stcore/health", timeout=1000).ok
                assert time.perf_counter() - start < 1.0
            attacker.bring_to_front()
            attacker.wait_for_selector(f"text={messages[name]}", timeout=10_000)
        start = time.perf_counter()  # and a full round trip: a new sentence traced and drawn
        student.bring_to_front()
        student.get_by_test_id("stTextArea").locator("textarea").fill("Ez egy rossz film volt.")
        student.keyboard.press("Control+Enter")
        student.wait_for_function(
            "() => document.querySelector(\"[data-testid='lx-readout']\")?.innerText === '1 / 6'", timeout=5_000
        )
        round_trip = time.perf_counter() - start
        assert round_trip < 2.0, round_trip
        assert attacker.locator("[data-testid='stException']").count() == 0
    finally:
        for context in contexts:
            context.close()


def test_an_uploaded_models_text_is_plain_everywhere(app_url, browser_page, tmp_path) -> None:
    title = "[click me](http://evil.example/) ![x](http://evil.example/x.png) <b>bold</b>"
    folder = _hostile_model_files(tmp_path, title)
    page = browser_page
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url) if "evil.example" in r.url else None)
    _upload_model(page, app_url, folder)
    page.wait_for_selector("text=Loaded [click me](http:", timeout=90_000)
    page.get_by_role("button", name="Open it in the explorer").click()
    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
    wait_for_app(page)
    caption = page.locator("[data-testid='stCaptionContainer'] >> text=[click me](http:").first
    assert caption.inner_text().replace("\u2060", "") == title  # the joiner inside http:// is invisible
    page.screenshot(path=str(ARTIFACTS / "explorer-hostile-title.png"))
    found = page.locator("a[href*='evil.example'], img[src*='evil.example'], b:text('bold')")
    assert found.count() == 0, [found.nth(k).evaluate('e => e.parentElement.outerHTML.slice(0, 300)') for k in range(found.count())]
    assert not requests


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("model=sentiment_hu&layer=-1", "?layer=-1 is outside 0 to 0; 0 is used."),
        ("model=ner_hu&direction=-1", "?direction=-1 is outside 0 to 1; 0 is used."),
        ("model=nope", "There is no model 'nope' in the zoo"),
    ],
)
def test_bad_url_values_get_a_message_not_an_error_page(app_url, browser_page, query, message) -> None:
    page = browser_page
    page.goto(f"{app_url}/?{query}")
    wait_for_app(page)
    page.wait_for_selector(f"[data-testid='stAlert'] >> text={message}", timeout=30_000)
    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
    assert page.locator("[data-testid='stException']").count() == 0


def test_analyse_keeps_an_excel_csv_across_a_visit_to_the_explorer(app_url, browser_page) -> None:
    page = browser_page
    excel = "szöveg;címke\n\"Jó, sőt kiváló film\";pozitív\nRossz, unalmas film.;negatív\n"
    mixed = b"Ez egy rossz film volt.\n" + "Őszintén: nem volt jó.\n".encode("cp1250") + "Szép!\n".encode()
    page.goto(f"{app_url}/analyse")
    wait_for_app(page)
    _pick_model(page, tr("model_sentiment_hu", "en"))
    _upload(page, "mixed.txt", mixed)
    page.wait_for_selector("text=1 line(s) were not valid UTF-8 and were read as cp1250.", timeout=90_000)
    _upload(page, "excel.csv", excel.encode("cp1250"))
    page.wait_for_selector("text=delimiter: semicolon (detected: semicolon)")
    _selectbox(page, tr("label_column", "en")).click()
    page.get_by_role("option", name="címke").click()
    wait_for_app(page)
    page.get_by_role("button", name="Analyse 2 sentences").click()
    page.wait_for_selector("text=Accuracy against the label column")
    accuracy = page.get_by_test_id("stMetricValue").inner_text()
    page.get_by_test_id("stSidebarNav").get_by_text("Explorer").click()
    page.wait_for_selector("[data-testid='lx-readout']", timeout=30_000)
    page.get_by_test_id("stSidebarNav").get_by_text("Analyse a file").click()
    page.wait_for_selector("text=Accuracy against the label column", timeout=30_000)
    assert page.get_by_test_id("stMetricValue").inner_text() == accuracy  # kept, not analysed again
    page.wait_for_selector("text=File: excel.csv")
    page.screenshot(path=str(ARTIFACTS / "analyse-kept.png"))
    page.get_by_role("button", name="Remove").click()
    page.wait_for_selector("text=Upload a file to begin.")
    assert page.locator("[data-testid='stException']").count() == 0
