"""The lesson's intervention steps: switch the negation units off; clamp the recall LSTM's forget gate.

Every sentence of the text is filled in from what the models compute here, never typed in.
"""

from __future__ import annotations

import streamlit as st

from models.probe import trace
from models.probe.intervene import Edit, intervene, smallest_flip
from ui.shared import load_model
from viz.counterfactual import difference_heatmap, prediction_lines
from viz.i18n import decimal, label_name, tr
from viz.theme import DEFAULT, PROJECTOR

NEGATED = "Nem tetszett a film."  # the lecture's kind of sentence: one "nem" turns the verdict
DOUBLE = "A film egyáltalán nem volt unalmas."  # negation of a negative word: spread over many units
MAX_UNITS = 16
RECALL_MODEL = "recall_lstm"


@st.cache_data(max_entries=4, show_spinner=False)
def negation_flip(text: str) -> dict:
    model = load_model("sentiment_hu")
    return smallest_flip(model.model, model.tokenizer.encode(text), max_units=MAX_UNITS)


@st.cache_data(max_entries=8, show_spinner=False)
def forget_clamps(text: str) -> dict:
    """The recall LSTM's answer as trained, with f = 1 and with f = 0 for every unit from step 2 on."""
    model = load_model(RECALL_MODEL)
    ids = model.tokenizer.encode(text)
    every = tuple(range(model.config.hidden_size))
    runs = {"plain": trace(model.model, ids)}
    for value in (1.0, 0.0):
        runs[f"f={value:g}"] = intervene(model.model, ids, [Edit("f", every, value, 1, scope="from")], original=runs["plain"])
    return {name: tr_.probs[-1] for name, tr_ in runs.items()}


def negation_step(lang: str, projector: bool) -> None:
    """Step: the units that carry "nem", switched off, and the verdict that turns."""
    model = load_model("sentiment_hu")
    found = negation_flip(NEGATED)
    labels = [label_name(n, lang) for n in model.label_names]
    units = ", ".join(str(u) for u in found["units"])
    key = "lesson_9_flipped" if found["flipped"] else "lesson_9_kept"
    st.markdown(tr(key, lang, text=NEGATED, count=len(found["units"]), units=units, before=labels[found["verdict"]],
                   p=decimal(found['p'], lang, 3), after=labels[found["after"]], p_after=decimal(found['path'][-1], lang, 3)))  # fmt: skip
    ids = model.tokenizer.encode(NEGATED)
    tokens = model.tokenizer.tokenize(NEGATED)
    edits = [Edit(s, tuple(found["units"]), 0.0, 0, scope="from") for s in ("c", "h")]
    original = trace(model.model, ids, tokens)
    edited = intervene(model.model, ids, edits, tokens=tokens, original=original)
    theme = PROJECTOR if projector else DEFAULT
    names = (tr("iv_original", lang), tr("iv_edited", lang))
    st.plotly_chart(prediction_lines(original.probs, edited.probs, tokens, labels, names, tr("iv_pred_title", lang),
                                     tr("iv_probability", lang), theme), key="lesson_9_pred", theme=None)  # fmt: skip
    delta = edited.get("c") - original.get("c")
    st.plotly_chart(difference_heatmap(delta, tokens, tr("iv_delta_title", lang, state="C"), "ΔC",
                                       tr("iv_unit_axis", lang), found["units"], theme), key="lesson_9_delta", theme=None)  # fmt: skip
    other = negation_flip(DOUBLE)
    key = "lesson_9_double_flipped" if other["flipped"] else "lesson_9_double_kept"
    st.markdown(tr(key, lang, text=DOUBLE, count=len(other["units"]), before=labels[other["verdict"]],
                   p=decimal(other['p'], lang, 3), p_after=decimal(other['path'][-1], lang, 3)))  # fmt: skip


def forget_step(lang: str, text: str) -> None:
    """Step: the recall LSTM with its forget gate clamped open (f = 1) and shut (f = 0)."""
    model = load_model(RECALL_MODEL)
    runs = forget_clamps(text)
    labels = model.label_names
    truth = int(runs["plain"].argmax())
    answer = {name: labels[int(p.argmax())] for name, p in runs.items()}
    p_key = {name: decimal(p[truth], lang, 3) for name, p in runs.items()}  # the probability of the key
    st.markdown(tr("lesson_10_text", lang, symbol=text[0], distractors=len(text) - 1,
                   plain=answer["plain"], p_plain=p_key["plain"], kept=answer["f=1"], p_kept=p_key["f=1"],
                   lost=answer["f=0"], p_lost=p_key["f=0"]))  # fmt: skip
