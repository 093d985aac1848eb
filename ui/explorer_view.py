"""The stepping view, mounted by the explorer page and by every step of the lesson."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

import streamlit as st

from models.probe import ProbeError, Trace
from models.probe.analysis import word_tags_to_tokens, words_of
from ui.plotly_js import plotly_js_url
from ui.shared import (
    LANG_KEY,
    MAX_EXPLORER_TOKENS,
    UPLOAD_PREFIX,
    get_model,
    ground_truth,
    model_meta,
    sample_saturation,
    trace_text,
    warm_sample,
)
from viz.counterfactual import CounterfactualView
from viz.explorer_data import payload
from viz.export_html import component_sources, explorer_html
from viz.i18n import LANGUAGES, explorer_strings, label_name, latent_name, model_title, tr
from viz.theme import theme_for

# The explorer's scripts, one per panel, joined in this order into one module (the last exports it).
SCRIPTS = ["draw.js", "cell.js", "gru.js", "rnn.js", "bars.js", "plotly_loader.js", "figures.js", "prediction.js", "keys.js", "projector.js", "explorer.js"]
PROJECTOR_CSS = """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"],
[data-testid="stToolbar"] { display: none !important; }
[data-testid="stMainBlockContainer"] { max-width: 100% !important; padding: 0.5rem 1rem !important; }
h1 { font-size: 2.4rem !important; }
[data-testid="stCaptionContainer"], [data-testid="stDownloadButton"] { display: none !important; }
[data-testid="stMarkdownContainer"] p, [data-testid="stMarkdownContainer"] li { font-size: 1.45rem !important; line-height: 1.45; }
[data-testid="stWidgetLabel"] p, .stRadio label p, .stButton button p { font-size: 1.3rem !important; }
[data-testid="stTable"] { font-size: 1.3rem !important; }
</style>"""
# The explorer fits one screen at 1024×768: a shorter title leaves the room to the chosen panel.
EXPLORER_PROJECTOR_CSS = """<style>
h1 { font-size: 1.75rem !important; padding: 0.1rem 0 0.3rem !important; }
[data-testid="stMainBlockContainer"] { padding-top: 0.25rem !important; padding-bottom: 0 !important; }
</style>"""


def projector_bar(lang: str, toggle_key: str) -> None:
    """Projector mode hides the sidebar; this small row keeps the way out and the other language."""
    other = next(code for code in LANGUAGES if code != lang)
    leave, switch, _ = st.columns([3, 1, 4], vertical_alignment="center")
    leave.button(tr("projector_exit", lang), key=f"{toggle_key}_exit", on_click=_set_state, args=(toggle_key, False))
    switch.button(LANGUAGES[other], key=f"{toggle_key}_language", on_click=_set_state, args=(LANG_KEY, other))


def _set_state(key: str, value: object) -> None:
    st.session_state[key] = value  # in a callback: before the widget holding `key` is drawn again


@st.cache_resource
def _component():
    return st.components.v2.component("lstm_lens_explorer", **component_sources(SCRIPTS), isolate_styles=False)


def show_explorer(
    model_name: str,
    text: str,
    *,
    layer: int = 0,
    direction: int = 0,
    lang: str = "en",
    step: int = 0,
    unit: int = 0,
    projector: bool = False,
    palette: str = "default",
    highlight: str | None = None,
    expected: int | list[int] | None = None,
    key: str = "explorer",
    counterfactual: Callable[[], CounterfactualView | None] | None = None,
    own_screen: bool = False,
) -> Trace | None:
    """Trace `text` and mount the view; bad input gets a message (and None), never a traceback.

    `expected`: the user's own truth, a label or one tag per word, shown beside the verdict.
    Under the view, a button saves it as one offline HTML file (viz/export_html.py), built only when
    clicked; `counterfactual`, asked then, gives the intervention the file carries too.
    `own_screen`: in projector mode, size the view to a screen of its own (strip, controls and
    panel), for a page with text above it; by default it fills what is left of the first screen.
    """
    if not text.strip():
        st.info(tr("empty_text", lang))
        return None
    loaded = get_model(model_name)
    tokens = loaded.tokenizer.tokenize(text)
    if not tokens:
        st.info(tr("empty_text", lang))
        return None
    if len(tokens) > MAX_EXPLORER_TOKENS:
        st.error(tr("too_long", lang, limit=MAX_EXPLORER_TOKENS, count=len(tokens)))
        return None
    unknown = [not loaded.tokenizer.is_known(tok) for tok in tokens]
    if any(unknown):
        st.warning(tr("unknown_tokens", lang, count=sum(unknown), total=len(tokens)))
    uploaded = model_name.startswith(UPLOAD_PREFIX)
    if not uploaded:
        warm_sample(model_name)  # the sample's saturation, traced beside this sentence
    try:
        traced = trace_text(model_name, text)
    except ProbeError as err:
        st.error(tr("trace_failed", lang, error=str(err)))
        return None
    if step >= traced.length or unit >= traced.layers[layer].hidden_size:  # e.g. a link made for a longer text
        st.warning(tr("out_of_range", lang, step=step + 1, tokens=traced.length, unit=unit,
                      units=traced.layers[layer].hidden_size))  # fmt: skip
    latents, truth = ({}, None) if uploaded else ground_truth(model_name, text)
    if isinstance(expected, list):  # tags per word, spread over each word's pieces
        truth = word_tags_to_tokens(loaded, text, expected)
        if truth is None:
            st.warning(tr("expected_tags_count", lang, words=len(words_of(text)), tags=len(expected)))
    elif expected is not None:
        truth = expected
    view = f"{model_name}\0{text}\0{layer}\0{direction}\0{lang}\0{projector}\0{palette}\0{highlight}"
    strings = explorer_strings(lang)
    data = payload(
        traced,
        layer,
        direction,
        task=loaded.config.task,
        label_names=[label_name(n, lang) for n in loaded.label_names],  # shown as they are sent
        vocab=loaded.tokenizer.vocab,
        true_labels=truth if isinstance(truth, list) else None,
        latents={latent_name(k, lang): v for k, v in latents.items()},
        step=step,
        unit=unit,
        lang=lang,
        trace_id=hashlib.sha1(view.encode()).hexdigest()[:16],
        theme=theme_for(projector, palette),
        words=strings,
        sample_saturation={} if uploaded else sample_saturation(model_name, layer, direction),
    )
    data |= {
        "text": strings,
        "projector": projector,
        "ownScreen": own_screen,
        "highlight": highlight,
        "unknown": unknown,
        "trueLabel": truth if isinstance(truth, int) else None,
        "plotly": plotly_js_url(),
    }
    # Sent as JSON bytes: Streamlit scans a dict payload for data frames, which imports pandas and
    # pyarrow (half a second on a fresh server) for a payload that never holds one.
    _component()(key=key, data=json.dumps(data, separators=(",", ":")).encode("utf-8"))
    title = model_title(model_name, model_meta(model_name), lang)
    st.download_button(
        tr("export_html", lang),
        data=lambda: explorer_html(data, lang, scripts=SCRIPTS, title=title, text=text,
                                   counterfactual=counterfactual() if counterfactual else None).encode("utf-8"),  # fmt: skip
        file_name=f"lstm-lens-{model_name.replace(':', '_')}-L{layer}-D{direction}.html",
        mime="text/html",
        key=f"{key}_offline_html",
        help=tr("export_help", lang),
        on_click="ignore",
    )
    return traced
