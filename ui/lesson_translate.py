"""The lesson's last step: translation, the encoder's final state as a bottleneck, and attention."""

from __future__ import annotations

import streamlit as st

from models.zoo import catalog
from ui.shared import plain
from viz.i18n import tr
from viz.theme import DEFAULT, PROJECTOR
from viz.translate import attention_heatmap

LONG_EXAMPLE = (  # 23 tokens: the model without attention swaps the two objects, the one with attention does not
    "Ich will mit euch in Szeged schwimmen und wir können das Buch lesen und wir können mit dem Hund ein Spiel spielen."
)
LONG_REFERENCE = (
    "Szeretnék veletek úszni Szegeden, és tudjuk olvasni a könyvet, és tudunk a kutyával játszani egy játékot."
)


def translation_step(lang: str, projector: bool) -> None:
    from ui.translate_compute import run

    st.markdown(tr("lesson_11_text", lang))
    names = catalog.translation_available()
    if not names:
        st.warning(tr("tl_missing", lang))
        return
    text = st.text_input(tr("lesson_11_long", lang), LONG_EXAMPLE, key="lesson_translate_text", max_chars=300)
    if not text.strip():
        st.info(tr("tl_empty", lang))
        return
    results = {name: run(name, text, "greedy", 5, "") for name in names}
    if text == LONG_EXAMPLE:
        st.markdown(f"**{plain(tr('lesson_11_reference', lang))}** → {plain(LONG_REFERENCE)}")
    for name, result in results.items():
        mark = (" ✓" if result.output == LONG_REFERENCE else " ✗") if text == LONG_EXAMPLE else ""
        st.markdown(f"**{plain(tr(f'tl_model_{name}', lang))}** → {plain(result.output)}{mark}")
    unknown = [w for w, flag in zip(results[names[-1]].source_words, results[names[-1]].unknown, strict=True) if flag]
    if unknown:
        st.warning(plain(tr("tl_unknown", lang, words=", ".join(unknown))))
    attended = results.get("translate_de_hu_attention")
    if attended is not None and attended.attention is not None:
        figure = attention_heatmap(attended.attention, attended.source_words, attended.written,
                                   len(attended.written) - 1, tr("tl_attention", lang),
                                   theme=PROJECTOR if projector else DEFAULT)  # fmt: skip
        st.plotly_chart(figure, key="lesson_translate_attention", config={"displaylogo": False}, theme=None)
    bottleneck = catalog.card("translate_de_hu").get("bottleneck")
    if bottleneck:
        st.caption(tr("tl_bottleneck", lang, words=bottleneck["source_words"],
                      plain=bottleneck["exact_match_no_attention"], attention=bottleneck["exact_match_attention"]))  # fmt: skip
    st.page_link("ui/translate.py", label=tr("lesson_11_open", lang))
