"""Interventions on the pages (AppTest): the explorer panel, the lesson's steps 9-10, the Analyse section."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from models import zoo
from tests.browser import REPO
from tests.negation import flip_edits, units_text

pytestmark = pytest.mark.page

FLIP = flip_edits()  # lesson step 9's units, found on the shipped model: the verdict flips


def _explorer(lang: str = "en", **params) -> AppTest:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update({"model": "sentiment_hu", "text": "Nem tetszett a film.", "lang": lang, **params})
    return at.run()


@pytest.mark.parametrize("lang,phrase", [("en", "The verdict changed"), ("hu", "Megváltozott a döntés")])
def test_edits_in_the_url_give_the_counterfactual(lang, phrase) -> None:
    at = _explorer(lang, edits=FLIP)
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert phrase in shown
    charts = at.get("plotly_chart")
    assert len(charts) == 4  # both prediction lines, ΔC, Δh, the spread over layers
    assert at.query_params["edits"] == FLIP


def test_the_form_adds_an_edit_that_the_url_keeps() -> None:
    at = _explorer()
    assert not at.exception and not at.get("plotly_chart")
    form_units = [t for t in at.text_input if t.label == "Units"][0]
    form_units.set_value("17-18")
    at.button[[b.label for b in at.button].index("Add the edit")].click().run()
    assert not at.exception
    assert at.query_params["edits"] == "c:0:0:17+18:0:0:from"
    assert len(at.get("plotly_chart")) == 4
    at.button(key="iv_clear").click().run()
    assert "edits" not in at.query_params and not at.get("plotly_chart")


@pytest.mark.parametrize("bad", ["c:0:0:999:0:0:from", "q:0:0:1:0:0:at", "nonsense", "c:0:0:1:nan:0:at"])
def test_bad_edits_in_the_url_get_a_message(bad) -> None:
    at = _explorer(edits=bad)
    assert not at.exception
    assert at.warning and not at.get("plotly_chart")


@pytest.mark.parametrize("lang", ["en", "hu"])
@pytest.mark.parametrize("step,needle", [(9, units_text()), (10, "f = 0")])
def test_lesson_intervention_steps(lang, step, needle) -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.switch_page("ui/lesson.py")
    at.query_params.update({"lesson": str(step), "lang": lang})
    at.run()
    assert not at.exception
    assert any(needle in m.value.replace("\\", "") for m in at.markdown)


def test_analyse_switches_units_off_and_ranks_units() -> None:
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=180)
    at.switch_page("ui/analyse.py")
    data = 'text,label\nNem tetszett a film.,negatív\nNagyon jó volt a koncert.,pozitív\n"Rossz, unalmas könyv.",negatív\n'
    at.session_state["analyse_upload"] = {"file_id": "f1", "name": "s.csv", "data": data.encode(), "digest": "d1"}
    at.query_params["lang"] = "en"
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    at.selectbox(key="analyse_model").set_value("sentiment_hu").run()
    at.selectbox(key="analyse_label_column").set_value("label").run()
    at.button(key="analyse_run").click().run()
    at.text_input(key="ablate_units").set_value(units_text()).run()
    at.button(key="ablate_run").click().run()
    assert not at.exception
    shown = " ".join(m.value for m in at.markdown).replace("\\", "")
    assert "verdicts flip" in shown
    at.button(key="importance_run").click().run()
    assert not at.exception
    assert at.metric[-1].value == "100.0%"  # accuracy with every unit on
    table = at.dataframe[-1].value
    assert len(table) == zoo.load("sentiment_hu").config.hidden_size  # one row per unit of the layer
    assert table["accuracy_drop"].is_monotonic_decreasing
    at.number_input(key="importance_k").set_value(3).run()
    at.button(key="importance_top").click().run()
    assert not at.exception
    top = ", ".join(str(u) for u in table["unit"].head(3))
    assert at.text_input(key="ablate_units").value == top
    assert f"With unit(s) {top} off" in " ".join(m.value for m in at.markdown).replace("\\", "")


@pytest.mark.parametrize("name", ["ner_hu", "code_chars", "recall_gru", "recall_rnn", "dna_motif"])
def test_every_kind_of_model_shows_its_counterfactual(name) -> None:
    from models.zoo import catalog

    text = catalog.meta(name)["examples"][0]
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=120)
    at.query_params.update({"model": name, "text": text, "lang": "en", "edits": "h:0:0:0+1+2:0:0:from"})
    at.run()
    assert not at.exception and not at.error
    charts = at.get("plotly_chart")
    assert len(charts) >= 3  # the prediction (tags, next characters or verdict), Δh, the spread
    if name == "code_chars":  # a language model: its top 5 next characters, before and after
        assert at.table and len(at.table[0].value) == 5
