"""The lesson's backward passes and sampling run once per input, not on every widget change."""

from __future__ import annotations

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

import models.probe.analysis
import models.probe.generate
from tests.browser import REPO

pytestmark = pytest.mark.page


def _counting(monkeypatch, module, name: str) -> list:
    calls: list = []
    real = getattr(module, name)

    def counted(*args, **kwargs):
        calls.append(args[1:])
        return real(*args, **kwargs)

    monkeypatch.setattr(module, name, counted)  # the page imports it afresh on every run
    return calls


def _lesson(step: int) -> AppTest:
    st.cache_data.clear()
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60)
    at.switch_page("ui/lesson.py")
    at.query_params["lesson"] = str(step)
    return at.run()


def test_gradients_are_computed_once_for_the_lesson_text(monkeypatch) -> None:
    calls = _counting(monkeypatch, models.probe.analysis, "input_gradient_norms")
    at = _lesson(3)
    at.toggle(key="lesson_palette").set_value(True).run()  # a rerun that changes nothing the gradients read
    assert not at.exception
    assert len(calls) == 3  # RNN, GRU and LSTM, once each


def test_sampling_reruns_only_when_its_inputs_change(monkeypatch) -> None:
    calls = _counting(monkeypatch, models.probe.generate, "sample")
    at = _lesson(8)
    at.toggle(key="lesson_projector").set_value(True).run()
    assert not at.exception and len(calls) == 1
    at.slider(key="lesson_temperature").set_value(1.2).run()
    assert not at.exception and len(calls) == 2
    at.slider(key="lesson_temperature").set_value(0.8).run()  # back to a text already written
    assert len(calls) == 2
