"""Translation: the encoder reads a German sentence, the decoder writes Hungarian, step by step.

Thin: widgets, then the cached run (models/probe/translation.py computes everything once), then the
figures of viz/translate.py. `?text=...` opens a sentence.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.probe import ProbeError
from models.probe.translation import MODES, STATE_NAMES
from models.zoo import catalog
from ui.shared import current_lang, language_notes, plain, show_notes
from ui.translate_compute import run, translator
from viz.i18n import tr
from viz.theme import DEFAULT
from viz.translate import attention_heatmap, cell_equations, state_heatmap, top_words

LECTURE_SOURCE = "Willst du mit mir tanzen?"
MAX_CHARS = 300


lang = current_lang()
st.title(tr("tl_title", lang))
st.caption(tr("tl_intro", lang))
show_notes(language_notes())
names = catalog.translation_available()
if not names:
    st.warning(tr("tl_missing", lang))
    st.stop()

left, right = st.columns([3, 2])
with left:
    text = st.text_input(tr("tl_source", lang), st.query_params.get("text", LECTURE_SOURCE)[:MAX_CHARS],
                         key="tl_text", max_chars=MAX_CHARS)  # fmt: skip
    name = st.radio(tr("tl_model", lang), names, index=len(names) - 1, key="tl_model", horizontal=True,
                    format_func=lambda n: tr(f"tl_model_{n}", lang))  # fmt: skip
with right:
    mode = st.radio(tr("tl_mode", lang), MODES, key="tl_mode", format_func=lambda m: tr(f"tl_mode_{m}", lang))
    beam_size = st.slider(tr("tl_beam_size", lang), 2, 8, 5, key="tl_beam") if mode == "beam" else 5
    reference = ""
    if mode == "forced":
        model_meta = translator(name).meta
        default_reference = model_meta.get("references", {}).get(text.strip(), "")
        reference = st.text_input(tr("tl_reference", lang), default_reference, key="tl_reference", max_chars=MAX_CHARS)

if not text.strip():
    st.info(tr("tl_empty", lang))
    st.stop()
if mode == "forced" and not reference.strip():
    st.info(tr("tl_reference_needed", lang))
    st.stop()
st.query_params.update(text=text)
try:
    result = run(name, text, mode, beam_size, reference)
except ProbeError as err:
    st.error(plain(tr("tl_failed", lang, error=err)))
    st.stop()

label = tr("tl_forced_output" if mode == "forced" else "tl_output", lang)
st.markdown(f"#### {plain(label)}")
st.markdown(f"## {plain(result.output)}")
unknown = [w for w, flag in zip(result.source_words, result.unknown, strict=True) if flag]
if unknown:
    st.warning(plain(tr("tl_unknown", lang, words=", ".join(unknown))))
if result.reference_unknown:
    st.warning(plain(tr("tl_reference_unknown", lang, words=", ".join(result.reference_unknown))))
card = translator(name).card
if card.get("natural"):
    natural = card["natural"]
    baseline = card["metrics"]["baselines_natural"]["word_by_word"]["chrf"]
    st.caption(tr("tl_scores", lang, sentences=natural["sentences"], chrf=natural["chrf"],
                  exact=natural["exact_match"], baseline=baseline))  # fmt: skip

theme = DEFAULT
state_label = lambda n: tr(f"tl_name_{n}", lang)  # noqa: E731

st.subheader(tr("tl_encoder", lang))
source_words = [f"{w} (<unk>)" if flag else w for w, flag in zip(result.source_words, result.unknown, strict=True)]
encoder_state = st.radio(tr("tl_state", lang), STATE_NAMES, index=4, key="tl_encoder_state", horizontal=True,
                         format_func=state_label)  # fmt: skip
st.plotly_chart(
    state_heatmap(result.encoder[encoder_state], source_words, encoder_state,
                  tr("tl_encoder_heat", lang, name=state_label(encoder_state)), step=len(source_words) - 1,
                  theme=theme),  # fmt: skip
    key="tl_encoder_heatmap",
    config={"displaylogo": False},
)
st.caption(tr("tl_handover", lang, word=result.source_words[-1]))

st.subheader(tr("tl_decoder", lang))
steps = len(result.written)
step = st.slider(tr("tl_step", lang), 1, steps, steps, key="tl_step") if steps > 1 else 1
t = step - 1
st.markdown(plain(tr("tl_step_caption", lang, step=step, steps=steps, fed=result.fed[t], written=result.written[t])))
if mode == "forced" and result.top[t][0][0] != result.written[t]:
    st.caption(tr("tl_forced_caption", lang, written=result.written[t], choice=result.top[t][0][0]))
a, b = st.columns([2, 3])
with a:
    st.plotly_chart(top_words(result.top[t], result.written[t], tr("tl_top", lang, step=step), theme=theme),
                    key="tl_top", config={"displaylogo": False})  # fmt: skip
with b:
    if result.attention is not None:
        st.plotly_chart(attention_heatmap(result.attention, source_words, result.written, t,
                                          tr("tl_attention", lang), theme=theme),
                        key="tl_attention", config={"displaylogo": False})  # fmt: skip
    else:
        st.info(tr("tl_no_attention", lang))

decoder_state = st.radio(tr("tl_state", lang), STATE_NAMES, index=4, key="tl_decoder_state", horizontal=True,
                         format_func=state_label)  # fmt: skip
st.plotly_chart(
    state_heatmap(result.decoder[decoder_state], result.fed, decoder_state,
                  tr("tl_decoder_heat", lang, name=state_label(decoder_state)), step=t, theme=theme),  # fmt: skip
    key="tl_decoder_heatmap",
    config={"displaylogo": False},
)
units = result.decoder["c"].shape[1]
strongest = int(abs(result.decoder["c"][t]).argmax())
unit = st.number_input(tr("tl_unit", lang), 0, units - 1, strongest, key="tl_unit")
v = cell_equations(result.decoder, t, int(unit))
st.markdown(tr("tl_equations", lang, step=step, unit=int(unit)))
st.latex(
    rf"f_t = {v['f']:.2f},\; i_t = {v['i']:.2f},\; \tilde C_t = {v['g']:.2f},\; o_t = {v['o']:.2f}"
    rf"\\ C_t = f_t \odot C_{{t-1}} + i_t \odot \tilde C_t = {v['f']:.2f} \cdot ({v['c_prev']:.2f})"
    rf" + {v['i']:.2f} \cdot ({v['g']:.2f}) = {v['c']:.2f}"
    rf"\\ h_t = o_t \odot \tanh(C_t) = {v['o']:.2f} \cdot \tanh({v['c']:.2f}) = {v['h']:.2f}"
)

if result.beams:
    st.subheader(tr("tl_beams", lang, width=beam_size))
    rows = [
        {tr("tl_beam_step", lang): k + 1, tr("tl_beam_rank", lang): r + 1, tr("tl_beam_text", lang): hyp,
         tr("tl_beam_score", lang): round(score, 3)}  # fmt: skip
        for k, live in enumerate(result.beams)
        for r, (hyp, score) in enumerate(live)
    ]
    st.dataframe(pd.DataFrame(rows), hide_index=True, key="tl_beam_table")

bottleneck = card.get("bottleneck")
if bottleneck:
    st.caption(tr("tl_bottleneck", lang, words=bottleneck["source_words"], plain=bottleneck["exact_match_no_attention"],
                  attention=bottleneck["exact_match_attention"]))  # fmt: skip
st.caption(tr("exactness", lang, error=result.max_abs_error))
