"""Cached translation compute shared by the translation page and the lesson step."""

from __future__ import annotations

import streamlit as st

from models.nets.seq2seq import Translator
from models.nets.seq2seq import load as load_seq2seq
from models.probe.translation import TranslationRun, translate_run


@st.cache_resource(max_entries=4)
def translator(name: str) -> Translator:
    """Shared by every session: never mutate it."""
    return load_seq2seq(name)


@st.cache_data(max_entries=64, show_spinner=False)
def run(name: str, text: str, mode: str, beam_size: int, reference: str) -> TranslationRun:
    """One translation with its traces, computed once per input."""
    return translate_run(translator(name), text, mode, beam_size, reference)
