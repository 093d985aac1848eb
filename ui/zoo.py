"""The zoo: every shipped model with its task, lecture example and held-out metrics.

Reads only the JSON cards, so it opens without importing torch.
"""

import streamlit as st

from models.zoo import catalog
from ui.shared import current_lang, language_notes, show_notes
from viz.cards import metric_comparison, natural_summary
from viz.i18n import model_description, model_title, number, tr

lang = current_lang()
st.title(tr("zoo_title", lang))
st.caption(tr("zoo_intro", lang))
show_notes(language_notes())

names = catalog.available()
if not names:
    st.warning(tr("zoo_empty", lang))
    st.stop()

for name in names:
    card, meta = catalog.card(name), catalog.meta(name)
    with st.container(border=True, key=f"zoo-{name}"):
        st.subheader(model_title(name, meta, lang))
        st.write(model_description(name, meta, lang))
        arch = card.get("architecture", {})
        if arch:
            shape = tr("zoo_architecture", lang, cell=arch["cell"].upper(), layers=arch["num_layers"],
                       hidden=arch["hidden_size"], parameters=number(arch["parameters"], lang),
                       bidirectional=tr("zoo_bidirectional", lang) if arch["bidirectional"] else "")  # fmt: skip
            st.markdown(f"`{name}` · {shape}")
        summary = natural_summary(card, lang)
        if summary:
            st.markdown(f"**{summary}**")
        for example in meta.get("examples", [])[:2]:
            st.code(example, language=None)
        if card:  # full width under the text: in a side column at 1024 px its labels and values were cut off
            st.plotly_chart(metric_comparison(card, lang=lang), key=f"metric-{name}", config={"displaylogo": False})
        with st.expander(tr("zoo_card", lang)):
            st.markdown(catalog.card_markdown(name))

for name in catalog.translation_available():  # the encoder–decoders: a folder format of their own
    card = catalog.card(name)
    with st.container(border=True, key=f"zoo-{name}"):
        st.subheader(tr(f"model_{name}", lang))
        st.write(tr("model_translate_about", lang))
        arch = card.get("architecture", {})
        if arch:
            shape = tr("zoo_architecture", lang, cell="LSTM", layers=arch["num_layers"], hidden=arch["hidden_size"],
                       parameters=number(arch["parameters"], lang), bidirectional="")  # fmt: skip
            st.markdown(f"`{name}` · {shape}")
        if card.get("natural"):
            baseline = card["metrics"]["baselines_natural"]["word_by_word"]["chrf"]
            st.markdown("**" + tr("tl_scores", lang, sentences=card["natural"]["sentences"],
                                  chrf=card["natural"]["chrf"], exact=card["natural"]["exact_match"],
                                  baseline=baseline) + "**")  # fmt: skip
        st.code("Willst du mit mir tanzen?", language=None)
        if card.get("metrics"):
            st.plotly_chart(metric_comparison(card, lang=lang), key=f"metric-{name}", config={"displaylogo": False})
        with st.expander(tr("zoo_card", lang)):
            st.markdown(catalog.card_markdown(name))
