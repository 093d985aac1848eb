"""Explorer: step a trained model through a sentence, token by token.

The page reads widgets and the URL, traces the text (cached), and hands one layer and direction
of the trace to the browser component, which does all stepping in place.
"""

from __future__ import annotations

import streamlit as st

from models.probe.export import to_csv, to_npz
from models.probe.names import views
from ui.explorer_view import EXPLORER_PROJECTOR_CSS, PROJECTOR_CSS, projector_bar, show_explorer
from ui.intervention import show_interventions
from ui.shared import (
    MAX_TEXT_CHARS,
    UPLOAD_PREFIX,
    choice_param,
    current_lang,
    get_model,
    int_param,
    language_notes,
    model_arch,
    model_meta,
    model_names,
    plain,
    show_notes,
)
from viz.i18n import label_name, model_description, model_title, number, tr

lang = current_lang()  # the router's selector, shared by every page


def _cut(text: str, notes: list[str]) -> str:
    """The text box holds MAX_TEXT_CHARS; a longer text is cut, and the cut is said."""
    if len(text) > MAX_TEXT_CHARS:
        notes.append(tr("text_cut", lang, count=number(len(text), lang), limit=number(MAX_TEXT_CHARS, lang)))
    return text[:MAX_TEXT_CHARS]


def _unknown_model(wanted: str, opened: str) -> str:
    key = "link_upload" if wanted.startswith(UPLOAD_PREFIX) else "link_unknown_model"
    return tr(key, lang, wanted=wanted, opened=opened)


names = model_names()
params = st.query_params
notes: list[str] = language_notes()  # what the page changed in the request: shown, never silent
request = st.session_state.pop("explorer_request", None)  # a row opened from another page
if request:
    if request.get("model") in names:
        st.session_state.explorer_model = request["model"]
        st.session_state.explorer_text = _cut(request["text"], notes)
        st.session_state.pop("explorer_layer", None)
        st.session_state.pop("explorer_direction", None)
    else:
        notes.append(tr("request_gone", lang, model=request.get("model")))
if "explorer_model" not in st.session_state:  # first run of this session: the URL decides
    wanted = params.get("model")
    # a class opens on the first model of its own language (a Hungarian one on the lecture's sentiment model)
    opened = next((n for n in names if model_meta(n).get("language") == lang), names[0])
    st.session_state.explorer_model = wanted if wanted in names else opened
    if wanted is not None and wanted not in names:
        notes.append(_unknown_model(wanted, opened))
    first_example = model_meta(st.session_state.explorer_model).get("examples", [""])[0]
    text_param = params.get("text")
    st.session_state.explorer_text = first_example if text_param is None else _cut(text_param, notes)
elif st.session_state.explorer_model not in names:  # an uploaded model removed on its own page
    notes.append(tr("model_removed", lang, model=st.session_state.explorer_model, opened=names[0]))
    st.session_state.explorer_model = names[0]
    st.session_state.explorer_text = model_meta(names[0]).get("examples", [""])[0]


def _expected_input(model_name: str, arch: dict, lang: str, notes: list[str]) -> int | list[int] | None:
    """What the user says the answer is: a label (classify) or one tag per word (tag)."""
    labels = arch.get("label_names") or []
    if arch.get("task") == "classify" and labels:
        choice = st.selectbox(tr("expected", lang), [None, *range(len(labels))], key=f"explorer_expected_{model_name}",
                              format_func=lambda k: "—" if k is None else plain(label_name(labels[k], lang)))  # fmt: skip
        return choice
    if arch.get("task") == "tag" and labels:
        shown = ", ".join(f"{k} = {label_name(n, lang)}" for k, n in enumerate(labels))
        typed = st.text_input(tr("expected_tags", lang, labels=shown),
                              key=f"explorer_expected_tags_{model_name}", max_chars=400)  # fmt: skip
        if not typed.strip():
            return None
        try:
            tags = [int(t) for t in typed.replace(",", " ").split()]
        except ValueError:
            notes.append(tr("expected_tags_bad", lang, count=len(labels) - 1))
            return None
        if any(not 0 <= t < len(labels) for t in tags):
            notes.append(tr("expected_tags_bad", lang, count=len(labels) - 1))
            return None
        return tags
    return None


def _model_changed() -> None:
    st.session_state.explorer_text = model_meta(st.session_state.explorer_model).get("examples", [""])[0]
    st.session_state.pop("explorer_layer", None)
    st.session_state.pop("explorer_direction", None)


if "explorer_projector" not in st.session_state:
    st.session_state.explorer_projector = choice_param("projector", ["0", "1"], "0", notes) == "1"
    st.session_state.explorer_palette = choice_param("palette", ["default", "alt"], "default", notes) == "alt"

with st.sidebar:
    st.toggle(tr("projector", lang), key="explorer_projector")
    st.toggle(tr("palette_alt", lang), key="explorer_palette")
    model_name = st.selectbox(
        tr("model", lang),
        names,
        key="explorer_model",
        format_func=lambda n: model_title(n, model_meta(n), lang),
        on_change=_model_changed,
    )
    meta = model_meta(model_name)
    examples = meta.get("examples", [])
    if examples:  # pills render Markdown in their options: an uploaded model's examples are escaped
        picked = st.pills(tr("example", lang), examples, key=f"explorer_example_{model_name}",
                          selection_mode="single", format_func=plain)  # fmt: skip
        if picked and picked != st.session_state.get(f"explorer_last_pick_{model_name}"):
            st.session_state[f"explorer_last_pick_{model_name}"] = picked
            st.session_state.explorer_text = picked
    text = st.text_area(tr("text", lang), key="explorer_text", max_chars=MAX_TEXT_CHARS, height=110)
    arch = model_arch(model_name)
    expected = _expected_input(model_name, arch, lang, notes)
    layers = arch.get("num_layers", 1)
    layer = st.selectbox(tr("layer", lang), range(layers), key="explorer_layer",
                         index=int_param("layer", 0, 0, layers - 1, notes))  # fmt: skip
    directions = 2 if arch.get("bidirectional") else 1
    direction = st.selectbox(
        tr("direction", lang),
        range(directions),
        key="explorer_direction",
        index=int_param("direction", 0, 0, directions - 1, notes),
        format_func=lambda d: tr("forward" if d == 0 else "backward", lang),
    )

projector = st.session_state.explorer_projector
if projector:  # the whole screen for the lesson: no sidebar, no header, no developer detail
    st.html(PROJECTOR_CSS + EXPLORER_PROJECTOR_CSS)
    projector_bar(lang, "explorer_projector")
st.title(tr("explorer_title", lang))
st.caption(plain(model_description(model_name, meta, lang)))  # an uploaded model's description is the user's text

same_sentence = st.query_params.get("model") == model_name and st.query_params.get("text") == text
step = int_param("step", 1, 1, None, notes) - 1 if same_sentence else 0  # a new sentence opens at step 1
unit = int_param("unit", 0, 0, None, notes) if st.query_params.get("model") == model_name else 0
show_notes(notes)
shown: dict = {}  # the intervention shown below, for the offline file (asked for when its button is clicked)
tr_ = show_explorer(
    model_name,
    text,
    layer=layer,
    direction=direction,
    lang=lang,
    step=step,
    unit=unit,
    projector=projector,
    palette="alt" if st.session_state.explorer_palette else "default",
    expected=expected,
    counterfactual=lambda: shown.get("counterfactual"),
)
if tr_ is None:
    st.stop()
loaded = get_model(model_name)
shared = {"model": model_name, "text": text, "layer": str(layer), "direction": str(direction), "lang": lang}
shared |= {"projector": "1" if projector else "0", "palette": "alt" if st.session_state.explorer_palette else "default"}
# The browser keeps step and unit in the URL itself; the page keeps the rest there.
for key, value in shared.items():
    if st.query_params.get(key) != value:
        st.query_params[key] = value

if projector:
    st.stop()
st.caption(tr("keys_help", lang) + " " + tr("exactness", lang, error=tr_.max_abs_error))
kind = tr_.layers[layer].kind
names_for_csv = list(views(kind))
left, right = st.columns(2)
left.download_button(
    tr("download_csv", lang),
    data=lambda: to_csv(tr_, layer, direction, names_for_csv, loaded.label_names),  # built only when clicked
    file_name=f"lstm-lens-{model_name}-L{layer}-D{direction}.csv",
    mime="text/csv",
    key="explorer_csv",
    on_click="ignore",
)
right.download_button(
    tr("download_npz", lang),
    data=lambda: to_npz(tr_),
    file_name=f"lstm-lens-{model_name}.npz",
    mime="application/octet-stream",
    key="explorer_npz",
    on_click="ignore",
)
shown["counterfactual"] = show_interventions(model_name, tr_, layer, direction, lang, projector)
