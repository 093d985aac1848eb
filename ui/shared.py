"""Cached compute shared by the pages: models (one copy per process) and traces (per text)."""

from __future__ import annotations

import streamlit as st

from models import catalog, zoo
from models.analysis import latents_for, sample_traces, saturation
from models.probe import Trace, trace

MAX_EXPLORER_TOKENS = 500  # heatmaps and the page payload stay light up to here
MAX_TEXT_CHARS = 5000


@st.cache_resource(max_entries=16)
def load_model(name: str) -> zoo.LoadedModel:
    """Shared by every session: never mutate it."""
    return zoo.load(name)


def int_param(name: str, default: int, low: int | None = None, high: int | None = None) -> int:
    """A whole number from the URL, clamped; the default when it is missing or not a number."""
    try:
        value = int(st.query_params.get(name, default))
    except (TypeError, ValueError):
        return default
    value = value if low is None else max(value, low)
    return value if high is None else min(value, high)


def _trace_text(model: zoo.LoadedModel, text: str) -> Trace:
    tokens = model.tokenizer.tokenize(text)
    return trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)


@st.cache_data(max_entries=128, show_spinner=False)
def traced(name: str, text: str) -> Trace:
    return _trace_text(load_model(name), text)


@st.cache_data(max_entries=128, show_spinner=False)
def ground_truth(name: str, text: str) -> tuple[dict, object]:
    """Latent variables per token and the true label(s), where the model's data defines them."""
    model = load_model(name)
    return latents_for(model, text)


@st.cache_data(max_entries=64, show_spinner=False)
def sample_saturation(name: str, layer: int, direction: int) -> dict:
    """Gate saturation over the model's held-out sample, for one layer and direction."""
    return saturation(_sample_traces(name), layer, direction)


@st.cache_resource(max_entries=16)
def _sample_traces(name: str) -> list:
    return sample_traces(load_model(name))


# ---- uploaded models: kept in this session only, never in a shared cache ----
UPLOAD_PREFIX = "upload:"


def user_models() -> dict[str, zoo.LoadedModel]:
    return st.session_state.setdefault("user_models", {})


def model_names() -> list[str]:
    """Zoo models, then this session's uploaded models."""
    return catalog.available() + list(user_models())


def get_model(name: str) -> zoo.LoadedModel:
    return user_models()[name] if name.startswith(UPLOAD_PREFIX) else load_model(name)


def model_meta(name: str) -> dict:
    return get_model(name).meta if name.startswith(UPLOAD_PREFIX) else catalog.meta(name)


def model_arch(name: str) -> dict:
    if name.startswith(UPLOAD_PREFIX):
        return get_model(name).config.to_dict()
    return catalog.card(name).get("architecture", {})


def trace_text(name: str, text: str) -> Trace:
    """Zoo models use the shared trace cache; uploads are traced in this session only."""
    return _trace_text(get_model(name), text) if name.startswith(UPLOAD_PREFIX) else traced(name, text)
