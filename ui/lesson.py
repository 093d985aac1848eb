"""The guided lesson: the lecture's story, step by step, each step a live model.

`?lesson=N` opens step N, `&lang=hu|en` the language (the router's selector; Hungarian unless asked), `&projector=1` the projector view.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from models.probe.analysis import input_gradient_norms, unit_story
from models.probe.generate import sample
from models.zoo import catalog
from ui.explorer_view import PROJECTOR_CSS, projector_bar, show_explorer
from ui.lesson_interventions import forget_step, negation_step
from ui.lesson_translate import translation_step
from ui.shared import choice_param, current_lang, int_param, language_notes, load_model, show_notes
from viz.gradients import gradient_figure
from viz.i18n import label_name, tr
from viz.theme import DEFAULT, PROJECTOR

STEPS = 11
PARTS = ["forget", "input", "cell", "output"]
RECALL_INPUT = "3" + "abcdefgh" * 12  # the key, then 96 distractors
NEGATION_EXAMPLE = "A film egyáltalán nem volt unalmas."
ONE_HOT = pd.DataFrame(np.eye(3, dtype=int), index=["Macska", "Kutya", "Teknős"], columns=["Macska", "Kutya", "Teknős"])
EMBEDDING = pd.DataFrame(
    [
        [-1, 1, -0.95, 0.97, 0.0],
        [0.01, 0.02, 0.93, 0.95, -0.01],
        [0.03, 0.02, 0.7, 0.68, 0.03],
        [0.04, 0.01, 0.02, 0.01, 0.96],
    ],
    index=["Nem", "Előkelő", "Kor", "Étel"],
    columns=["Férfi", "Nő", "Király", "Királynő", "Alma"],
)


@st.cache_data(max_entries=4, show_spinner=False)
def relative_gradients(text: str, target: int) -> dict[str, np.ndarray]:
    """|∂L/∂x_t| of the recall RNN, GRU and LSTM on `text`, relative to the last input's: three
    backward passes, computed once per text rather than on every widget change."""
    norms = {}
    for cell in ("rnn", "gru", "lstm"):
        model = load_model(f"recall_{cell}")
        grads = input_gradient_norms(model, model.tokenizer.encode(text), target=target)
        norms[cell.upper()] = grads / max(float(grads[-1]), 1e-30)
    return norms


@st.cache_data(max_entries=256, show_spinner=False)
def sampled(name: str, prompt: str, length: int, temperature: float, seed: int) -> str:
    """Seeded sampling depends on these inputs only, so a rerun for another widget reuses the text."""
    return sample(load_model(name), prompt, length, temperature, seed)


lang = current_lang()  # the router's selector, shared by every page
url_notes: list[str] = language_notes()  # URL values that were clamped or replaced: said on the page
if "lesson_step" not in st.session_state:
    st.session_state.lesson_step = int_param("lesson", 1, 1, STEPS, url_notes)
    st.session_state.lesson_projector = choice_param("projector", ["0", "1"], "0", url_notes) == "1"
    st.session_state.lesson_palette = choice_param("palette", ["default", "alt"], "default", url_notes) == "alt"


def _step_of(value: object) -> int:
    """The step the selector holds: its number or, after a language switch, the old label it hands back ("4. …")."""
    return int(str(value).split(".", 1)[0])


if isinstance(st.session_state.lesson_step, str):  # before the selector is drawn again
    st.session_state.lesson_step = _step_of(st.session_state.lesson_step)


def _go(delta: int) -> None:
    st.session_state.lesson_step = min(max(_step_of(st.session_state.lesson_step) + delta, 1), STEPS)


with st.sidebar:
    st.toggle(tr("projector", lang), key="lesson_projector")
    st.toggle(tr("palette_alt", lang), key="lesson_palette")
    st.selectbox(
        tr("lesson_step", lang), range(1, STEPS + 1), key="lesson_step", format_func=lambda n: tr(f"lesson_{n}", lang)
    )

step = st.session_state.lesson_step
projector = st.session_state.lesson_projector
if projector:  # no sidebar: the way out, the other language, and the step buttons below stay
    st.html(PROJECTOR_CSS)
    projector_bar(lang, "lesson_projector")
palette = "alt" if st.session_state.lesson_palette else "default"
st.query_params.update(lesson=str(step), projector="1" if projector else "0", palette=palette)

st.title(tr(f"lesson_{step}", lang))
show_notes(url_notes)
left, right = st.columns(2)
left.button(tr("lesson_prev", lang), key="lesson_prev", on_click=_go, args=(-1,), disabled=step == 1)
right.button(tr("lesson_next", lang), key="lesson_next", on_click=_go, args=(1,), disabled=step == STEPS)
view = {"lang": lang, "projector": projector, "palette": palette, "key": f"lesson-view-{step}", "own_screen": True}  # below the step's text

if step == 1:
    st.markdown(tr("lesson_1_text", lang))
    a, b = st.columns(2)
    a.subheader(tr("lesson_onehot", lang))
    a.table(ONE_HOT)
    b.subheader(tr("lesson_embedding", lang))
    b.table(EMBEDDING.map(lambda v: f"{v:g}"))  # the numbers as the slides print them
    model = load_model("sentiment_hu")
    text = "Ez egy rossz film volt."
    tokens = model.tokenizer.tokenize(text)
    st.subheader(tr("lesson_sequence", lang))
    st.table(
        pd.DataFrame({"x_t": tokens, "id": model.tokenizer.encode_tokens(tokens)}, index=range(1, len(tokens) + 1)).T
    )
elif step == 2:
    st.markdown(tr("lesson_2_text", lang))
    show_explorer("recall_rnn", RECALL_INPUT[:25], **view)
elif step == 3:
    st.markdown(tr("lesson_3_text", lang))
    norms = relative_gradients(RECALL_INPUT, target=2)
    theme = PROJECTOR if projector else DEFAULT
    figure = gradient_figure(
        norms, tr("lesson_grad_title", lang), tr("lesson_grad_x", lang), tr("lesson_grad_y", lang), theme=theme
    )
    st.plotly_chart(figure, key="lesson_gradients", config={"displaylogo": False}, theme=None)
elif step == 4:
    st.markdown(tr("lesson_4_text", lang))
    part = st.radio(tr("lesson_part", lang), PARTS, key="lesson_part", horizontal=True,
                    format_func=lambda p: tr(f"part_{p}", lang).split(":")[0])  # fmt: skip
    st.info(tr(f"part_{part}", lang))
    show_explorer("sentiment_hu", "Ez egy rossz film volt.", step=2, highlight=part, **view)
elif step == 5:
    card = catalog.card("sentiment_hu")
    unit = card["latent_units"]["negated"]
    model = load_model("sentiment_hu")
    story = unit_story(model, NEGATION_EXAMPLE, unit, "nem")  # the sentence states what the chart shows
    verdict = label_name(model.label_names[story.pop("verdict")], lang)
    story["state"] = tr(f"lesson_5_state_{story['state']}", lang)
    r_natural = card.get("natural", {}).get("negation_unit_r", float("nan"))
    st.markdown(tr("lesson_5_text", lang, r=unit["r"], r_natural=r_natural, verdict=verdict, **story))
    at = model.tokenizer.tokenize(NEGATION_EXAMPLE).index(story["marker"])
    show_explorer("sentiment_hu", NEGATION_EXAMPLE, step=at, unit=unit["unit"], **view)
elif step == 6:
    st.markdown(tr("lesson_6_text", lang))
    direction = st.radio(tr("direction", lang), [0, 1], key="lesson_direction", horizontal=True,
                         format_func=lambda d: tr("forward" if d == 0 else "backward", lang))  # fmt: skip
    show_explorer("ner_hu", "Tegnap Józsi letörölte a termelési adatbázist.", step=1, direction=direction, **view)
elif step == 7:
    bracket = catalog.card("code_chars")["latent_units"]["bracket_depth"]
    st.markdown(tr("lesson_7_text", lang, unit=bracket["unit"], state=bracket["state"].upper(), r=bracket["r"]))
    layer = st.radio(tr("layer", lang), [0, 1], index=bracket["layer"], key="lesson_layer", horizontal=True)
    show_explorer("code_chars", "print(len([1, (2, 3)]))\n", layer=layer, unit=bracket["unit"], step=12, **view)
elif step == 8:
    st.markdown(tr("lesson_8_text", lang))
    a, b, c = st.columns(3)
    temperature = a.slider(tr("temperature", lang), 0.2, 2.0, 0.8, 0.1, key="lesson_temperature")
    prompt = b.text_input(tr("prompt", lang), "Kezdetben ", key="lesson_prompt", max_chars=200)
    seed = c.number_input(tr("seed", lang), 0, 999, 0, key="lesson_seed")
    written = sampled("bible_chars", prompt or " ", 120, float(temperature), int(seed))
    st.code(written, language=None, wrap_lines=True)
    show_explorer("bible_chars", written, step=len(prompt), **view)
elif step == 9:
    negation_step(lang, projector)
elif step == 10:
    forget_step(lang, RECALL_INPUT)
    show_explorer("recall_lstm", RECALL_INPUT[:25], **view)
else:
    translation_step(lang, projector)
