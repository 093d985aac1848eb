"""Cached compute shared by the pages: models (one copy per process) and traces (per text).

Also the few rules every page follows with user input: URL values are clamped or refused with a
note, user text is shown as plain text (`plain`), and what a session keeps (its uploaded models,
its analysis) lives in `st.session_state` only, so it is freed with the session.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Sequence

import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx

from models import zoo
from models.probe import Trace, trace
from models.probe.analysis import latents_for, sample_traces, saturation
from models.zoo import catalog
from viz.i18n import LANGUAGES, tr

MAX_EXPLORER_TOKENS = 500  # heatmaps and the page payload stay light up to here
MAX_TEXT_CHARS = 5000


@st.cache_resource(max_entries=16)
def load_model(name: str) -> zoo.LoadedModel:
    """Shared by every session: never mutate it."""
    return zoo.load(name)


MARKDOWN_SPECIAL = re.compile(r"([!-/:-@\[-`{-~])")  # every ASCII punctuation mark
AUTOLINK_START = re.compile(r"(?<=:)(?=//)|(?<=www)(?=\.)|(?<=@)", re.IGNORECASE)  # http://, www., a@b
WORD_JOINER = "\u2060"  # invisible, and not part of any URL pattern


def plain(text: object) -> str:
    """User text for st.markdown-based elements (st.error, st.caption, ...), shown literally.

    Every ASCII punctuation mark is backslash-escaped (CommonMark's own escape), so no link,
    image, HTML, emphasis, Streamlit directive (`:red[...]`) or `$`-math survives; runs of
    whitespace become one space (no code blocks, no line-start syntax). GFM's autolinks (`http://`,
    `www.`, `a@b.c`) are found in the text after escapes are undone, so an invisible word joiner
    is put inside each of those starts.
    """
    text = AUTOLINK_START.sub(WORD_JOINER, " ".join(str(text).split()))
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def show_notes(notes: Sequence[str]) -> None:
    """Say what happened to the input (clamped, cut, skipped, replaced): one warning per note."""
    for note in notes:
        st.warning(plain(note))


def _shown_param(value: str) -> str:
    return value if len(value) <= 40 else value[:37] + "..."


def int_param(
    name: str, default: int, low: int | None = None, high: int | None = None, notes: list[str] | None = None
) -> int:
    """A whole number from the URL, clamped to [low, high]; the default when missing or not a number.

    Whatever was changed is added to `notes` (in the page's language), for the page to show.
    """
    raw = st.query_params.get(name)
    if raw is None:
        return default
    lang = current_lang()
    try:
        value = int(raw)
    except ValueError:  # also "9" * 5000: more digits than int() reads
        if notes is not None:
            notes.append(tr("url_not_whole", lang, name=name, raw=_shown_param(raw), default=default))
        return default
    clamped = value if low is None else max(value, low)
    clamped = clamped if high is None else min(clamped, high)
    if clamped != value and notes is not None:
        bounds = tr("url_bounds", lang, low=low if low is not None else "…", high=high if high is not None else "…")
        notes.append(tr("url_outside", lang, name=name, raw=_shown_param(raw), bounds=bounds, clamped=clamped))
    return clamped


def choice_param(name: str, allowed: Sequence[str], default: str, notes: list[str], lang: str | None = None) -> str:
    """One of `allowed` from the URL; anything else gives the default and a note naming the choices."""
    raw = st.query_params.get(name)
    if raw is None or raw in allowed:
        return default if raw is None else raw
    notes.append(tr("url_not_one_of", lang or current_lang(), name=name, raw=_shown_param(raw),
                    allowed=", ".join(allowed), default=default))  # fmt: skip
    return default


# ---- the language: one choice for every page, kept in the session and in the URL (?lang=hu) ----
LANG_KEY = "lang"


def current_lang() -> str:
    """The language this session chose (the sidebar's selector), English until one is chosen."""
    return st.session_state.get(LANG_KEY) or "en"


def language_from_request() -> str | None:
    """Before the router draws the navigation: the session's language, else a valid ?lang=, else None."""
    chosen = st.session_state.get(LANG_KEY) or st.query_params.get("lang")
    return chosen if chosen in LANGUAGES else None


def language_selector(default: str) -> str:
    """The one language selector, in the sidebar of every page; called by the router on every run.

    The first run of a session takes ?lang= (or `default`); then the selector's value is kept in the
    session, so a page switch (which empties the URL's query) keeps it, and it is written back to the
    URL on every run, so a copied link opens in the same language.
    """
    if LANG_KEY not in st.session_state:
        notes: list[str] = []
        st.session_state[LANG_KEY] = choice_param("lang", list(LANGUAGES), default, notes, lang=default)
        st.session_state.language_notes = notes
    with st.sidebar:
        st.radio(tr("language_selector", current_lang()), list(LANGUAGES), format_func=LANGUAGES.get, key=LANG_KEY,
                 horizontal=True)  # fmt: skip
    lang = current_lang()
    if st.query_params.get("lang") != lang:
        st.query_params["lang"] = lang
    return lang


def language_notes() -> list[str]:
    """What was wrong with ?lang= on the first run (said once, by the page that opened)."""
    return st.session_state.pop("language_notes", None) or []


def keep_widget(key: str, default: object = None, options: Sequence | None = None) -> None:
    """Let a widget's value outlive a visit to another page (Streamlit drops the state of widgets
    that a run does not draw): call before drawing it; the value is mirrored under `kept.<key>`.

    A kept value that is no longer among `options` is dropped; with none kept, `default` is set.
    """
    shadow = f"kept.{key}"
    if key in st.session_state:
        st.session_state[shadow] = st.session_state[key]
    elif shadow in st.session_state:
        st.session_state[key] = st.session_state[shadow]
    elif default is not None:
        st.session_state[key] = default
    if options is not None and key in st.session_state and st.session_state[key] not in options:
        del st.session_state[key]
        st.session_state.pop(shadow, None)


def _trace_text(model: zoo.LoadedModel, text: str) -> Trace:
    tokens = model.tokenizer.tokenize(text)
    return trace(model.model, model.tokenizer.encode_tokens(tokens), tokens=tokens)


@st.cache_resource(max_entries=128, show_spinner=False)
def traced(name: str, text: str) -> Trace:
    """One Trace per model and text, shared by every session and never modified: kept as it is
    (cache_data would pickle it, and so compute every deferred pre-activation of every layer when
    a view reads one layer and direction's)."""
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


def warm_sample(name: str) -> None:
    """Start tracing a zoo model's held-out sample in a thread, beside the user's own trace: a
    model's first view needs both, and torch can run the two on both cores at once. The cache's
    lock makes `sample_saturation` wait for this run rather than start a second one."""
    thread = threading.Thread(target=_sample_traces, args=(name,), daemon=True)
    add_script_run_ctx(thread)
    thread.start()


# ---- uploaded models: kept in this session only, never in a shared cache ----
UPLOAD_PREFIX = "upload:"
MAX_USER_MODELS = 3  # per session: each may hold up to models.zoo.byom.MAX_PARAMETERS float32 values


def user_models() -> dict[str, zoo.LoadedModel]:
    return st.session_state.setdefault("user_models", {})


def remove_user_model(name: str) -> None:
    """Forget an uploaded model and every choice or result that points at it."""
    user_models().pop(name, None)
    for key in ("explorer_model", "kept.explorer_model", "analyse_model", "kept.analyse_model"):
        if st.session_state.get(key) == name:
            del st.session_state[key]
    results = st.session_state.get("analyse_results")
    if results and results[0][0] == name:
        st.session_state.analyse_results = None
        st.session_state.corpus_states = None


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
