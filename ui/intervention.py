"""The explorer's intervention panel: switch units or gates off, see the counterfactual beside the original.

Edits live in the session and in the URL (`?edits=c:0:0:13:0:2:from;...`), so a link or a reload
brings them back. Every number comes from `models.probe.intervene`; this page only reads widgets.
"""

from __future__ import annotations

import re

import numpy as np
import streamlit as st

from models.probe import ProbeError, Trace
from models.probe.analysis import sample_traces
from models.probe.export import to_npz
from models.probe.intervene import (
    Edit,
    check_edits,
    edits_from_text,
    intervene,
    next_token_probability,
    patch_edit,
    spread,
    top_next,
    unit_means,
    verdict_change,
)
from models.probe.names import STATES
from ui.shared import UPLOAD_PREFIX, get_model, load_model, plain, trace_text
from viz.counterfactual import (
    CounterfactualView,
    difference_heatmap,
    next_token_lines,
    prediction_lines,
    spread_heatmap,
    tag_rows,
)
from viz.i18n import decimal, label_name, tr
from viz.theme import DEFAULT, PROJECTOR

MAX_EDITS = 16
KEY = "iv_edits"  # the edits, as their URL text, in this session


def _presets(kind: str) -> list[tuple[str, str, float | None]]:
    """(key, target, fixed value or None for 'choose a value') in the order the menu shows them."""
    states = [("iv_set_c", "c", None), ("iv_set_h", "h", None)] if kind == "lstm" else [("iv_set_h", "h", None)]
    gates = {
        "lstm": [("iv_f1", "f", 1.0), ("iv_f0", "f", 0.0), ("iv_i0", "i", 0.0), ("iv_o0", "o", 0.0)],
        "gru": [("iv_z1", "z", 1.0), ("iv_z0", "z", 0.0), ("iv_r0", "r", 0.0)],
        "rnn": [],
    }[kind]
    return states + gates


@st.cache_data(max_entries=64, show_spinner=False)
def _means(name: str, target: str, layer: int, direction: int) -> np.ndarray:
    """Each unit's mean over the model's shipped held-out sample: the 'mean' ablation value."""
    return unit_means(sample_traces(load_model(name)), target, layer, direction)


def parse_units(typed: str, size: int) -> tuple[int, ...] | None:
    """'13, 14 20-22' -> (13, 14, 20, 21, 22); None if anything is not a unit of this layer."""
    units: list[int] = []
    for part in re.split(r"[,\s;]+", typed.strip()):
        if not part:
            continue
        match = re.fullmatch(r"(\d{1,5})(?:-(\d{1,5}))?", part)
        if not match:
            return None
        low, high = int(match.group(1)), int(match.group(2) or match.group(1))
        if high < low or high >= size or high - low > size:
            return None
        units += range(low, high + 1)
    return tuple(dict.fromkeys(units)) or None


def _stored() -> list[str]:
    """The edits of this session; on the first run, those in the URL."""
    if KEY not in st.session_state:
        typed = st.query_params.get("edits", "")
        try:
            st.session_state[KEY] = [e.to_text() for e in edits_from_text(typed, MAX_EDITS)] if typed else []
        except ProbeError as err:
            st.session_state[KEY] = []
            st.session_state["iv_url_error"] = str(err)
    return st.session_state[KEY]


def _save(edits: list[str]) -> None:
    st.session_state[KEY] = edits[:MAX_EDITS]
    if edits:
        st.query_params["edits"] = ";".join(edits[:MAX_EDITS])
    else:
        st.query_params.pop("edits", None)


def visible_token(token: str) -> str:
    """A token as text in a table: spaces and line breaks made visible."""
    return {" ": "␣", "\n": "⏎", "\t": "⇥"}.get(token, token)


def describe(edit: Edit, lang: str) -> str:
    """One edit in words, e.g. 'C of unit 13 = 0 from step 3 on (layer 1, forward)'."""
    units = ", ".join(str(u) for u in edit.units)
    value = (f"{edit.value:g}" if not isinstance(edit.value, tuple | list)
             else tr("iv_patched_values", lang))  # fmt: skip
    scope = tr("iv_from_step" if edit.scope == "from" else "iv_at_step", lang, step=edit.step + 1)
    where = tr("iv_where", lang, layer=edit.layer + 1, direction=tr("forward" if edit.direction == 0 else "backward", lang))
    return tr("iv_edit_line", lang, target=edit.target if edit.target != "c" else "C", units=units, value=value,
              scope=scope, where=where)  # fmt: skip


def show_interventions(
    model_name: str, traced: Trace, layer: int, direction: int, lang: str, projector: bool
) -> CounterfactualView | None:
    """The panel under the explorer: the edit form, the list of edits, and the counterfactual (returned, if any)."""
    loaded = get_model(model_name)
    info = traced.layers[layer]
    stored = _stored()
    if "iv_url_error" in st.session_state:
        st.warning(tr("iv_url_bad", lang, error=plain(st.session_state.pop("iv_url_error"))))
    with st.expander(tr("iv_title", lang), expanded=bool(stored)):
        st.markdown(tr("iv_intro", lang))
        _edit_form(model_name, loaded, traced, layer, direction, info, lang, stored)
        _patch_form(model_name, traced, layer, direction, info, lang, stored)
    edits, problems = [], []
    for text in stored:
        edit = Edit.from_text(text)
        try:
            check_edits([edit], traced.layers, traced.length)
            edits.append(edit)
        except ProbeError as err:
            problems.append(f"{describe(edit, lang)}: {err}")
    for problem in problems:
        st.warning(tr("iv_skipped", lang, problem=plain(problem)))
    if not stored:
        return None
    st.subheader(tr("iv_result", lang))
    for k, text in enumerate(stored):
        left, right = st.columns([6, 1])
        left.markdown(f"{k + 1}. " + plain(describe(Edit.from_text(text), lang)))
        if right.button(tr("iv_remove", lang), key=f"iv_remove_{k}_{text}"):
            _save([t for t in stored if t != text])
            st.rerun()
    if st.button(tr("iv_clear", lang), key="iv_clear"):
        _save([])
        st.rerun()
    if not edits:
        return None
    try:
        edited = intervene(loaded.model, traced.token_ids, edits, tokens=traced.tokens, original=traced)
    except ProbeError as err:
        st.error(tr("iv_failed", lang, error=plain(str(err))))
        return None
    return _show_result(model_name, loaded, traced, edited, edits, layer, direction, lang, projector)


def _url_int(name: str) -> int | None:
    value = st.query_params.get(name, "")
    return int(value) if value.isdigit() and len(value) < 7 else None


def _edit_form(model_name, loaded, traced, layer, direction, info, lang, stored) -> None:
    presets = _presets(info.kind)
    card_units = loaded.card.get("latent_units", {}) if not model_name.startswith(UPLOAD_PREFIX) else {}
    suggested = next((str(u["unit"]) for u in card_units.values()
                      if u.get("layer") == layer and u.get("direction") == direction), "0")  # fmt: skip
    shown_unit, shown_step = _url_int("unit"), _url_int("step")  # the unit and step the view shows (its URL)
    if shown_unit is not None and shown_unit < info.hidden_size:
        suggested = str(shown_unit)
    first_step = shown_step if shown_step is not None and 1 <= shown_step <= traced.length else 1
    with st.form(f"iv_form_{model_name}"):
        cols = st.columns([2, 3, 2])
        typed_units = cols[0].text_input(tr("iv_units", lang), value=suggested, help=tr("iv_units_help", lang))
        choice = cols[1].selectbox(tr("iv_what", lang), range(len(presets)), format_func=lambda k: tr(presets[k][0], lang))
        value_mode = cols[2].radio(tr("iv_value", lang), ["zero", "typed", "mean"], horizontal=True,
                                   format_func=lambda m: tr(f"iv_value_{m}", lang))  # fmt: skip
        cols = st.columns([2, 2, 3])
        typed_value = cols[0].number_input(tr("iv_typed_value", lang), value=0.0, step=0.1, format="%.3f")
        step = cols[1].number_input(tr("iv_step", lang), min_value=1, max_value=traced.length, value=first_step, step=1)
        scope = cols[2].radio(tr("iv_scope", lang), ["from", "at"], horizontal=True,
                              format_func=lambda s: tr(f"iv_scope_{s}", lang))  # fmt: skip
        added = st.form_submit_button(tr("iv_add", lang), type="primary")
    if not added:
        return
    key, target, fixed = presets[choice]
    size = info.output_size if target == "h" else info.hidden_size
    units = parse_units(typed_units, size)
    if units is None:
        st.error(tr("iv_units_bad", lang, top=size - 1, typed=plain(typed_units[:60])))
        return
    if len(stored) >= MAX_EDITS:
        st.error(tr("iv_too_many", lang, limit=MAX_EDITS))
        return
    edit = Edit(target, units, 0.0, int(step) - 1, layer, direction, scope)
    if fixed is not None:
        edit = Edit(target, units, fixed, int(step) - 1, layer, direction, scope)
    elif value_mode == "typed":
        edit = Edit(target, units, float(np.clip(typed_value, -1e3, 1e3)), int(step) - 1, layer, direction, scope)
    elif value_mode == "mean":
        if model_name.startswith(UPLOAD_PREFIX) or not loaded.heldout():
            st.error(tr("iv_no_sample", lang))
            return
        means = _means(model_name, target, layer, direction)
        edit = Edit(target, units, tuple(round(float(means[u]), 4) for u in units), int(step) - 1, layer, direction, scope)
    _save([*stored, edit.to_text()])
    st.rerun()


def _patch_form(model_name, traced, layer, direction, info, lang, stored) -> None:
    with st.form(f"iv_patch_{model_name}"):
        st.markdown("**" + tr("iv_patch_title", lang) + "**")
        cols = st.columns([4, 2, 2, 2, 2])
        other = cols[0].text_input(tr("iv_patch_text", lang), max_chars=500)
        source_step = cols[1].number_input(tr("iv_patch_from", lang), min_value=1, value=1, step=1)
        step = cols[2].number_input(tr("iv_patch_to", lang), min_value=1, max_value=traced.length, value=1, step=1)
        target = cols[3].selectbox(tr("iv_patch_state", lang), list(STATES[info.kind]),
                                   format_func=lambda s: "C" if s == "c" else "h")  # fmt: skip
        typed_units = cols[4].text_input(tr("iv_units", lang), value="0")
        patched = st.form_submit_button(tr("iv_patch", lang))
    if not patched:
        return
    size = info.output_size if target == "h" else info.hidden_size
    units = parse_units(typed_units, size)
    if units is None:
        st.error(tr("iv_units_bad", lang, top=size - 1, typed=plain(typed_units[:60])))
        return
    if not other.strip():
        st.error(tr("empty_text", lang))
        return
    try:
        source = trace_text(model_name, other)
    except ProbeError as err:
        st.error(tr("trace_failed", lang, error=plain(str(err))))
        return
    if source_step > source.length:
        st.error(tr("iv_patch_short", lang, step=int(source_step), tokens=source.length))
        return
    edit = patch_edit(source, target, units, int(source_step) - 1, int(step) - 1, layer, direction)
    _save([*stored, edit.to_text()])
    st.rerun()


def counterfactual_view(loaded, traced: Trace, edited: Trace, edits: list[Edit], layer: int, direction: int,
                        lang: str, projector: bool = False, top_step: int | None = None) -> CounterfactualView:  # fmt: skip
    """What the panel shows of an edited run, built once for the page and for the offline file.

    top_step: for a language model, the step (0-based) whose top-5 next characters are tabled.
    """
    theme = PROJECTOR if projector else DEFAULT
    tokens = traced.tokens or [str(i) for i in traced.token_ids]
    names = (tr("iv_original", lang), tr("iv_edited", lang))
    task = loaded.config.task
    labels = [label_name(n, lang) for n in loaded.label_names]
    change = verdict_change(traced, edited, task)
    view = CounterfactualView(headline="", edits=[describe(edit, lang) for edit in edits])
    if task == "classify" and change:
        key = "iv_verdict_changed" if change["changed"] else "iv_verdict_same"
        view.headline = tr(key, lang, before=labels[change["before"]], after=labels[change["after"]],
                           p_before=decimal(change["p_before"], lang, 2), p_after=decimal(change["p_after"], lang, 2))  # fmt: skip
        view.prediction = prediction_lines(traced.probs, edited.probs, tokens, labels, names, tr("iv_pred_title", lang),
                                           tr("iv_probability", lang), theme)  # fmt: skip
    elif task == "tag" and change:
        view.headline = tr("iv_tags_changed", lang, count=change["changed"], total=len(tokens))
        view.prediction = tag_rows(change["before"], change["after"], tokens, labels, names, tr("iv_tags_title", lang), theme)
    elif task == "lm" and change:
        view.headline = tr("iv_bits", lang, before=decimal(change["bits_before"], lang, 2), after=decimal(change["bits_after"], lang, 2))
        view.prediction = next_token_lines(next_token_probability(traced), next_token_probability(edited), tokens, names,
                                           tr("iv_next_title", lang), tr("iv_probability", lang), theme)  # fmt: skip
        at = top_step if top_step is not None else _most_moved(traced, edited)
        vocab = loaded.tokenizer.vocab
        view.table = [{names[0]: f"{visible_token(a)} {pa:.3f}", names[1]: f"{visible_token(b)} {pb:.3f}"}
                      for (a, pa), (b, pb) in zip(top_next(traced, at, vocab), top_next(edited, at, vocab), strict=True)]  # fmt: skip
        view.table_title = f"{tr('iv_top_step', lang)}: {at + 1}"
    here = [u for e in edits if e.layer == layer and e.direction == direction for u in e.units]
    for state in STATES[traced.layers[layer].kind]:
        delta = edited.get(state, layer, direction) - traced.get(state, layer, direction)
        shown = "C" if state == "c" else "h"
        view.deltas.append(difference_heatmap(delta, tokens, tr("iv_delta_title", lang, state=shown), f"Δ{shown}",
                                              tr("iv_unit_axis", lang), here, theme))  # fmt: skip
    rows = {
        f"{tr('layer', lang)} {lay + 1} {'→' if d == 0 else '←'}": values
        for (lay, d), values in spread(traced, edited).items()
    }
    view.spread = spread_heatmap(rows, tokens, tr("iv_spread_title", lang), "|Δh|", theme)
    return view


def _most_moved(traced: Trace, edited: Trace) -> int:
    """The step (0-based) where the next character's probability moved most: the table's first step."""
    moved = np.abs(next_token_probability(edited) - next_token_probability(traced))
    return int(moved.argmax()) if len(moved) else 0


def _show_result(model_name, loaded, traced, edited, edits, layer, direction, lang, projector) -> CounterfactualView:
    """Show the counterfactual; return what was shown (the offline file carries it too)."""
    top = st.container()  # the verdict line and the prediction, above a language model's step input
    at = None
    if loaded.config.task == "lm":
        at = st.number_input(tr("iv_top_step", lang), 1, traced.length, _most_moved(traced, edited) + 1, key="iv_top_step") - 1
    view = counterfactual_view(loaded, traced, edited, edits, layer, direction, lang, projector, at)
    if view.prediction is not None:
        top.markdown("### " + plain(view.headline))
        top.plotly_chart(view.prediction, key={"classify": "iv_pred", "tag": "iv_tags"}.get(loaded.config.task, "iv_next"), theme=None)
    if view.table:
        st.table(view.table)
    states = STATES[traced.layers[layer].kind]
    for column, state, figure in zip(st.columns(len(states)), states, view.deltas, strict=True):
        column.plotly_chart(figure, key=f"iv_delta_{state}", theme=None)
    st.plotly_chart(view.spread, key="iv_spread", theme=None)
    st.download_button(tr("iv_download", lang), data=lambda: to_npz(edited), file_name=f"{model_name.replace(':', '_')}-edited.npz",
                       mime="application/octet-stream", key="iv_download", on_click="ignore")  # fmt: skip
    return view
