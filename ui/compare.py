"""Compare: several models (the recall RNN, GRU and LSTM by default) read the user's own input, stepped together.

The page reads the widgets and the URL, traces the input with every model (cached), and hands the
pure payload (viz/compare_data.py) to a browser component that steps every panel with one control.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import streamlit as st

from models.probe import ProbeError
from models.train.data.recall import key_of
from ui.explorer_view import EXPLORER_PROJECTOR_CSS, PROJECTOR_CSS, projector_bar
from ui.shared import (
    MAX_EXPLORER_TOKENS,
    MAX_TEXT_CHARS,
    choice_param,
    current_lang,
    get_model,
    ground_truth,
    int_param,
    language_notes,
    model_meta,
    model_names,
    plain,
    show_notes,
    trace_text,
)
from viz.compare_data import MAX_MODELS, Compared, CompareError, check_tokenizers, compare_payload
from viz.explorer_data import ENGLISH_WORDS
from viz.i18n import RECALL_MODELS, explorer_strings, label_name, model_title, number, tr
from viz.theme import theme_for

ASSETS = Path(__file__).resolve().parent.parent / "viz" / "explorer"
SCRIPTS = ["draw.js", "cell.js", "gru.js", "rnn.js", "keys.js", "compare.js"]  # joined into one module

# The typed input stays readable on the projector too (the token strip shows it large as well).
INPUT_PROJECTOR_CSS = "<style>[data-testid='stTextInput'] input { font-size: 1.4rem !important; }</style>"

lang = current_lang()


@st.cache_resource
def _component():
    return st.components.v2.component(
        "lstm_lens_compare",
        html=(ASSETS / "compare.html").read_text(encoding="utf-8"),
        css="\n".join((ASSETS / name).read_text(encoding="utf-8") for name in ("explorer.css", "compare.css")),
        js="\n".join((ASSETS / name).read_text(encoding="utf-8") for name in SCRIPTS),
        isolate_styles=False,
    )


def _title(name: str) -> str:
    return model_title(name, model_meta(name), lang)


def _symbol(token: str) -> str:
    return "“␣”" if token == " " else "“↵”" if token == "\n" else f"“{token}”"


names = model_names()
params = st.query_params
notes: list[str] = language_notes()
if "compare_models" not in st.session_state:  # first run of this session: the URL decides
    wanted = [n for n in (params.get("models") or "").split(",") if n]
    chosen = [n for n in wanted if n in names][:MAX_MODELS]
    for n in wanted:
        if n not in names:
            notes.append(tr("link_unknown_model", lang, wanted=n, opened=", ".join(chosen) or "—"))
    st.session_state.compare_models = chosen or [n for n in RECALL_MODELS if n in names]
    text_param = params.get("text")
    first = st.session_state.compare_models[0] if st.session_state.compare_models else None
    example = model_meta(first).get("examples", [""])[0] if first else ""
    text = example if text_param is None else text_param
    if len(text) > MAX_TEXT_CHARS:
        notes.append(tr("text_cut", lang, count=number(len(text), lang), limit=number(MAX_TEXT_CHARS, lang)))
    st.session_state.compare_text = text[:MAX_TEXT_CHARS]
    st.session_state.compare_projector = choice_param("projector", ["0", "1"], "0", notes) == "1"
    st.session_state.compare_palette = choice_param("palette", ["default", "alt"], "default", notes) == "alt"
st.session_state.compare_models = [n for n in st.session_state.compare_models if n in names]  # an upload removed

with st.sidebar:
    st.toggle(tr("projector", lang), key="compare_projector")
    st.toggle(tr("palette_alt", lang), key="compare_palette")
projector = st.session_state.compare_projector
if projector:
    st.html(PROJECTOR_CSS + EXPLORER_PROJECTOR_CSS + INPUT_PROJECTOR_CSS)
    projector_bar(lang, "compare_projector")
st.title(tr("compare_title", lang))
st.caption(tr("compare_intro", lang))
text_column, models_column = st.columns([3, 2]) if not projector else (st.container(), None)
text = text_column.text_input(tr("compare_text", lang), key="compare_text", max_chars=MAX_TEXT_CHARS,
                              help=tr("compare_text_help", lang),
                              label_visibility="collapsed" if projector else "visible")  # fmt: skip
if models_column is not None:
    models_column.multiselect(tr("compare_models", lang), names, key="compare_models", format_func=_title,
                              max_selections=MAX_MODELS)  # fmt: skip
chosen = list(st.session_state.compare_models)
shared = {"models": ",".join(chosen), "text": text, "lang": lang, "projector": "1" if projector else "0"}
same_input = params.get("models", shared["models"]) == shared["models"] and params.get("text") == text
step = int_param("step", 1, 1, None, notes) - 1 if same_input else 0  # a new input opens at step 1
for key, value in shared.items():
    if params.get(key) != value:
        params[key] = value
show_notes(notes)

loaded = {name: get_model(name) for name in chosen}
try:
    check_tokenizers(chosen, [_title(n) for n in chosen], [m.tokenizer for m in loaded.values()], lang)
except CompareError as err:
    st.info(plain(str(err)))
    st.stop()
if not text.strip():
    st.info(tr("compare_empty", lang))
    st.stop()
tokenizer = loaded[chosen[0]].tokenizer
tokens = tokenizer.tokenize(text)
if not tokens:
    st.info(tr("compare_empty", lang))
    st.stop()
if len(tokens) > MAX_EXPLORER_TOKENS:
    st.error(tr("compare_too_long", lang, limit=number(MAX_EXPLORER_TOKENS, lang), count=number(len(tokens), lang)))
    st.stop()
unknown = [tok for tok in tokens if not tokenizer.is_known(tok)]
if unknown:
    vocab = tokenizer.vocab[2:]  # past <pad> and <unk>
    known = " ".join(sorted(vocab)) if len(vocab) <= 60 else "…"
    symbols = ", ".join(_symbol(tok) for tok in list(dict.fromkeys(unknown))[:10])  # each once, the first ten
    st.warning(plain(tr("compare_unknown", lang, count=len(unknown), total=len(tokens), symbols=symbols, known=known)))

traces = {}
for name in chosen:
    try:
        traces[name] = trace_text(name, text)
    except ProbeError as err:
        st.error(plain(tr("compare_failed", lang, model=_title(name), error=str(err))))
        st.stop()
truth = key_of(text) if all(n in RECALL_MODELS for n in chosen) else None
if truth is None and not chosen[0].startswith("upload:"):
    found = ground_truth(chosen[0], text)[1]
    truth = found if isinstance(found, int) else None
labels = loaded[chosen[0]].label_names
if truth is not None and truth < len(labels) and not projector:
    st.caption(tr("compare_truth_note", lang, label=label_name(labels[truth], lang)))
models = [
    Compared(name, _title(name), loaded[name].tokenizer, traces[name], loaded[name].config.task,
             [label_name(n, lang) for n in loaded[name].label_names])  # fmt: skip
    for name in chosen
]
palette = "alt" if st.session_state.compare_palette else "default"
view = "\0".join([*chosen, text, lang, str(projector), palette])
try:
    data = compare_payload(models, truth=truth, step=step, lang=lang, theme=theme_for(projector, palette),
                           trace_id=hashlib.sha1(view.encode()).hexdigest()[:16],
                           words={**ENGLISH_WORDS, **explorer_strings(lang)})  # fmt: skip
except CompareError as err:
    st.info(plain(str(err)))
    st.stop()
_component()(key="compare", data=data)
if not projector:
    error = max(t.max_abs_error for t in traces.values())
    st.caption(tr("compare_keys_help", lang) + " " + tr("compare_exactness", lang, error=error))
