"""Pages under streamlit.testing.v1.AppTest: they run without an exception and show the zoo."""

from __future__ import annotations

import re

import pytest
from streamlit.testing.v1 import AppTest

from models.zoo import catalog
from tests.browser import REPO

pytestmark = pytest.mark.page


def test_zoo_page_lists_every_shipped_model() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=30)
    at.switch_page("ui/zoo.py").run()
    assert not at.exception
    assert at.title[0].value.startswith("LSTM Lens")
    shown = "\n".join(m.value for m in at.markdown)
    for name in catalog.available():
        assert f"`{name}`" in shown, name
    for name in catalog.translation_available():
        assert f"`{name}`" in shown, name
    assert len(at.expander) == len(catalog.available()) + len(catalog.translation_available())


def _explorer(**params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def test_explorer_opens_on_the_model_of_the_classs_language() -> None:
    at = _explorer(lang="hu")
    assert not at.exception
    assert at.selectbox(key="explorer_model").value == "sentiment_hu"
    assert at.text_area(key="explorer_text").value == "Ez egy rossz film volt."
    at = _explorer(lang="en")
    assert at.selectbox(key="explorer_model").value == "sentiment_en"


def test_explorer_opens_with_the_models_lecture_example() -> None:
    at = _explorer(model="ner_hu")
    assert not at.exception
    assert at.text_area(key="explorer_text").value == "Tegnap Józsi letörölte a termelési adatbázist."
    assert at.query_params["model"] == "ner_hu"
    assert len(at.get("download_button")) == 3  # this view as offline HTML, the CSV, the NPZ


def test_explorer_switching_model_loads_its_example() -> None:
    at = _explorer(model="ner_hu")
    at.selectbox(key="explorer_model").set_value("sentiment_hu").run()
    assert not at.exception
    assert at.text_area(key="explorer_text").value == "Ez egy rossz film volt."


def test_explorer_bad_text_gets_a_message_not_a_traceback() -> None:
    at = _explorer(model="sentiment_hu")
    at.text_area(key="explorer_text").set_value("   ").run()
    assert not at.exception and at.info
    at.text_area(key="explorer_text").set_value("☃ ✈ <img src=x onerror=alert(1)>").run()
    assert not at.exception
    assert "unknown to this model" in at.warning[0].value
    at.text_area(key="explorer_text").set_value("jó " * 600).run()
    assert not at.exception
    assert "at most 500 tokens" in at.error[0].value


def test_explorer_takes_the_users_expected_label_and_tags() -> None:
    at = _explorer(model="sentiment_hu")
    at.selectbox(key="explorer_expected_sentiment_hu").set_value(1).run()
    assert not at.exception
    at = _explorer(model="ner_hu")
    at.text_input(key="explorer_expected_tags_ner_hu").set_value("0 1 0 0 0 0").run()
    assert not at.exception and not at.warning
    at.text_input(key="explorer_expected_tags_ner_hu").set_value("0 1").run()
    assert "6 words" in at.warning[0].value
    at.text_input(key="explorer_expected_tags_ner_hu").set_value("0 x 9").run()
    assert not at.exception
    assert "whole numbers from 0 to 3" in at.warning[0].value


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


# ---- issue 8, class 3 and 6: every URL value is clamped or refused with a message, never an error page ----
@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"model": "sentiment_hu", "layer": "-1"}, "?layer=-1 is outside 0 to 0; 0 is used."),
        ({"model": "ner_hu", "direction": "-1"}, "?direction=-1 is outside 0 to 1; 0 is used."),
        ({"model": "ner_hu", "direction": "7"}, "?direction=7 is outside 0 to 1; 1 is used."),
        ({"model": "sentiment_hu", "layer": "9" * 5000}, "is not a whole number; 0 is used."),
        ({"model": "sentiment_hu", "lang": "xx"}, "?lang=xx is not one of en, hu; en is used."),
        ({"model": "sentiment_hu", "palette": "neon"}, "?palette=neon is not one of default, alt"),
        ({"model": "sentiment_hu", "projector": "yes"}, "?projector=yes is not one of 0, 1"),
        ({"model": "nope"}, "There is no model 'nope' in the zoo; sentiment_en opened instead."),
        ({"model": "upload:Private (0123abcd)"}, "exist only in the session that uploaded them, so sentiment_en"),
        ({"model": "sentiment_hu", "text": "jó " * 3000}, "The text has 9,000 characters; only the first 5,000"),
    ],
)
def test_explorer_url_values_are_clamped_or_refused_with_a_message(params, message) -> None:
    at = _explorer(**params)
    assert not at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(message in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"step": "-4", "unit": "-2"}, "?step=-4 is outside 1 to …; 1 is used."),
        ({"step": "99", "unit": "3"}, "Step 99 and unit 3 were asked for; this text has 6 steps"),
        ({"step": "2", "unit": "100000"}, "this text has 6 steps and the layer"),
        ({"step": "two"}, "?step=two is not a whole number"),
    ],
)
def test_explorer_step_and_unit_from_the_url(params, message) -> None:
    at = _explorer(model="sentiment_hu", text="Ez egy rossz film volt.", **params)
    assert not at.exception
    warnings = [w.value.replace("\\", "") for w in at.warning]
    assert any(message in w for w in warnings), warnings


@pytest.mark.parametrize(
    ("params", "message", "title"),
    [
        ({"lesson": "0", "lang": "en"}, "?lesson=0 is outside 1 to 11; 1 is used.", "1."),
        ({"lesson": "-1", "lang": "en"}, "?lesson=-1 is outside 1 to 11; 1 is used.", "1."),
        ({"lesson": "99", "lang": "en"}, "?lesson=99 is outside 1 to 11; 11 is used.", "11."),
        ({"lesson": "x", "lang": "de"}, "?lang=de nem ezek egyike: en, hu; helyette: hu.", "1."),  # said in Magyar
        ({"lesson": "0"}, "?lesson=0 kívül esik a megengedett tartományon (1–11); helyette: 1.", "1."),
    ],
)
def test_lesson_url_values_are_clamped_with_a_message(params, message, title) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("ui/lesson.py")
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert any(message in w.value.replace("\\", "") for w in at.warning)
    assert at.title[0].value.startswith(title)


# ---- issue 8, class 7: the upload, choices and results survive a visit to another page ----
def test_analyse_keeps_upload_choices_and_results_across_pages() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("ui/analyse.py")
    data = "szöveg;címke\n\"Jó, szép film\";pozitív\nRossz, unalmas film;negatív\n".encode("cp1250")
    at.session_state["analyse_upload"] = {"file_id": "f1", "name": "excel.csv", "data": data, "digest": "d1"}
    at.run()
    assert not at.exception
    caption = " ".join(c.value for c in at.caption).replace("\\", "")
    assert "Encoding: cp1250" in caption and "delimiter: semicolon (detected: semicolon)" in caption
    at.selectbox(key="analyse_model").set_value("sentiment_hu").run()
    at.selectbox(key="analyse_label_column").set_value("címke").run()
    at.button(key="analyse_run").click().run()
    assert not at.exception
    assert at.metric[0].value == "100.0%"
    at.text_input(key="analyse_filter").set_value("film").run()

    at.switch_page("ui/explorer.py").run()
    assert not at.exception
    at.switch_page("ui/analyse.py").run()
    assert not at.exception
    assert at.selectbox(key="analyse_model").value == "sentiment_hu"
    assert at.selectbox(key="analyse_label_column").value == "címke"
    assert at.text_input(key="analyse_filter").value == "film"
    assert at.metric[0].value == "100.0%"  # the results, without analysing again
    assert any("excel.csv" in t.value for t in at.text)

    at.selectbox(key="analyse_delimiter").set_value(",").run()  # the override is obeyed and explained
    assert "delimiter is comma" in at.error[0].value.replace("\\", "")
    at.button(key="analyse_remove").click().run()
    assert not at.exception
    assert at.info[0].value == "Upload a file to begin."


# ---- issue 8, classes 1 and 8: an uploaded model's text is plain; a session keeps at most a few ----
HOSTILE_TITLE = "[click me](http://evil.example/) ![x](http://evil.example/x.png) :red[**bold**] $x^2$ <b>b</b>"


def _uploaded(tmp_path, title: str = HOSTILE_TITLE):
    import torch

    from models.zoo.byom import export, load_upload

    folder = export(tmp_path / "m", torch.nn.Embedding(4, 3), torch.nn.LSTM(3, 2), torch.nn.Linear(2, 2),
                    ["<pad>", "<unk>", "a", "b"], task="classify", title=title, description=title,
                    examples=["[x](http://evil.example/) a"])  # fmt: skip
    return load_upload((folder / "config.json").read_bytes(), (folder / "weights.safetensors").read_bytes(), "w.safetensors")


def test_an_uploaded_models_title_and_description_are_plain_text(tmp_path) -> None:
    from ui.shared import plain

    loaded = _uploaded(tmp_path)
    loaded.name = "upload:hostile (0123)"
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.session_state["user_models"] = {loaded.name: loaded}
    at.session_state["explorer_request"] = {"model": loaded.name, "text": "a b"}
    at.run()
    assert not at.exception
    assert at.caption[0].value == plain(HOSTILE_TITLE)
    assert "](" not in at.caption[0].value.replace("\\]\\(", "")
    assert [p.options for p in at.get("button_group")]  # the example pills exist; their labels go through plain


def test_plain_escapes_every_markdown_construct() -> None:
    from ui.shared import plain

    escaped = plain(HOSTILE_TITLE + "\n\n    code\n# heading &amp; `tick`")
    assert "](http" not in escaped and "![" not in escaped and ":red[" not in escaped and "<b>" not in escaped
    assert "\n" not in escaped and "\\&amp\\;" in escaped and "\\`" in escaped and "\\$" in escaped
    assert "http\\:\u2060\\/\\/evil" in escaped  # GFM autolinks need "http://" unbroken
    shown = escaped.replace("\\", "").replace("\u2060", "")
    assert shown == " ".join((HOSTILE_TITLE + "\n\n    code\n# heading &amp; `tick`").split())


# ---- issue 10, item 6: every page in Hungarian, one language for the whole session ----
SHOWN_TYPES = ("title", "header", "subheader", "caption", "markdown", "info", "warning", "error", "success", "text",
               "button", "selectbox", "radio", "toggle", "text_area", "text_input", "number_input", "expander",
               "metric", "slider", "select_slider")  # fmt: skip


def _shown_text(at: AppTest) -> str:
    """Every label, option and text the page drew (main area and sidebar), less the zoo's model cards:
    card.md is written in English by the training run, and its expander says so."""
    cards = {catalog.card_markdown(name).strip() for name in catalog.available() + catalog.translation_available()}
    parts: list[str] = []
    for kind in SHOWN_TYPES:
        for element in at.get(kind):
            for attribute in ("label", "options") if hasattr(element, "options") else ("value", "label"):
                try:
                    value = getattr(element, attribute)
                except Exception:  # noqa: BLE001 - not every element has every attribute
                    continue
                if isinstance(value, str) and value.strip() not in cards:
                    parts.append(value)
                elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                    parts.extend(value)
    return "\n".join(parts).replace("\\", "")


def _page_in_hungarian(page: str, **state) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["lang"] = "hu"
    at.query_params["model"] = "dna_motif"  # the first run opens the explorer: a small model
    at.run()  # before switch_page, which finds a page by its url_path only after a run ("your-model")
    for key, value in state.items():
        at.session_state[key] = value
    return at.switch_page(page).run()


CSV_UPLOAD = {"file_id": "f1", "name": "excel.csv", "digest": "d1",
              "data": "szöveg;címke\n\"Jó, szép film\";pozitív\nRossz, unalmas film;negatív\n".encode("cp1250")}  # fmt: skip


@pytest.mark.parametrize(
    ("page", "state", "hungarian", "english"),
    [
        ("ui/explorer.py", {}, ["Felfedező: így olvas az LSTM", "Modell", "Réteg", "Érzelemelemzés (angol, sok-az-egyhez)"],
         ["Explorer", "Model", "Layer", "Sentiment", "Projector mode"]),
        ("ui/lesson.py", {}, ["1. Szavak vektorként", "Következő lépés →"], ["Words as vectors", "Next step"]),
        ("ui/analyse.py", {}, ["Feltöltött mondatok elemzése", "A kezdéshez tölts fel egy fájlt."],
         ["Analyse uploaded", "Upload a file to begin.", "Model", "Sentiment"]),
        ("ui/analyse.py", {"analyse_upload": CSV_UPLOAD}, ["Kódolás: cp1250", "pontosvessző", "A szöveg oszlopa", "(nincs)"],
         ["Encoding", "semicolon", "Text column", "(none)", "rows"]),
        ("ui/your_model.py", {}, ["Hozd a saját modelled", "A modell ellenőrzéséhez töltsd fel mindkét fájlt."],
         ["Bring your own model", "Upload both files", "Limits"]),
        ("ui/zoo.py", {}, ["LSTM Lens: a modelltár", "Érzelemelemzés tagadással (magyar)", "réteg × ",
                           "Természetes szöveg", "Modellkártya"],
         ["the model zoo", "layer(s)", "parameters", "Natural text", "never trained"]),
    ],
)  # fmt: skip
def test_every_page_in_hungarian(page, state, hungarian, english) -> None:
    at = _page_in_hungarian(page, **state)
    assert not at.exception
    shown = _shown_text(at)
    for text in hungarian:
        assert text in shown, text
    for text in english:  # a whole word or phrase: "Model" may be inside "Modell"
        assert not re.search(rf"(?<!\w){re.escape(text)}(?!\w)", shown), text
    assert at.session_state["lang"] == "hu" and at.query_params["lang"] == "hu"


def test_hungarian_label_and_latent_names_reach_the_explorer() -> None:
    at = _explorer(model="sentiment_en", lang="hu")
    assert not at.exception
    assert at.selectbox(key="explorer_expected_sentiment_en").options[1:] == ["negatív", "semleges", "pozitív"]
    at = _explorer(model="dna_motif", lang="hu")
    assert at.selectbox(key="explorer_expected_dna_motif").options[1:] == ["nincs motívum", "motívum"]
    at = _explorer(model="sentiment_hu", lang="en")
    assert at.selectbox(key="explorer_expected_sentiment_hu").options[1:] == ["negative", "positive"]
    at = _explorer(model="ner_hu", lang="hu")
    assert "1 = SZEM" in at.text_input(key="explorer_expected_tags_ner_hu").label


def test_the_language_is_one_choice_kept_across_pages() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.query_params["model"] = "dna_motif"
    at.run()
    assert at.title[0].value.startswith("Explorer") and at.query_params["lang"] == "en"
    at.radio(key="lang").set_value("hu").run()
    assert at.title[0].value.startswith("Felfedező") and at.query_params["lang"] == "hu"
    for page, title in [("ui/zoo.py", "LSTM Lens: a modelltár"), ("ui/lesson.py", "1. Szavak"),
                        ("ui/analyse.py", "Feltöltött"), ("ui/explorer.py", "Felfedező")]:  # fmt: skip
        at.switch_page(page).run()
        assert not at.exception, page
        assert at.title[0].value.startswith(title), page
        assert at.query_params["lang"] == "hu", page
    assert [r.label for r in at.radio].count("Nyelv / Language") == 1  # one language selector, the router's


def test_a_lesson_link_without_a_language_opens_in_hungarian() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("ui/lesson.py").run()
    assert not at.exception
    assert at.session_state["lang"] == "hu" and at.query_params["lang"] == "hu"
    assert at.button(key="lesson_next").label == "Következő lépés →"
