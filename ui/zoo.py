"""The zoo: every shipped model with its task, lecture example and held-out metrics.

Reads only the JSON cards, so it opens without importing torch.
"""

import streamlit as st

from models import catalog
from viz.cards import metric_comparison, natural_summary

st.title("LSTM Lens: the model zoo")
st.caption(
    "Trained LSTMs (and, for comparison, a GRU and a vanilla RNN) for the tasks of the lecture "
    "*Visszacsatolásos neurális hálózatok*. Each was trained on this machine's CPU by "
    "`python -m models.train NAME` and ships with its card."
)

names = catalog.available()
if not names:
    st.warning("No trained models found in models/zoo. Train them with `python -m models.train all`.")
    st.stop()

for name in names:
    card, meta = catalog.card(name), catalog.meta(name)
    with st.container(border=True, key=f"zoo-{name}"):
        left, right = st.columns([3, 2])
        with left:
            st.subheader(meta.get("title", name))
            st.write(meta.get("description", ""))
            arch = card.get("architecture", {})
            if arch:
                st.markdown(
                    f"`{name}` · {arch['cell'].upper()} · {arch['num_layers']} layer(s) × {arch['hidden_size']} units"
                    f"{' · bidirectional' if arch['bidirectional'] else ''} · {arch['parameters']:,} parameters"
                )
            summary = natural_summary(card)
            if summary:
                st.markdown(f"**{summary}**")
            for example in meta.get("examples", [])[:2]:
                st.code(example, language=None)
        with right:
            if card:
                st.plotly_chart(metric_comparison(card), key=f"metric-{name}", config={"displaylogo": False})
        with st.expander("Model card"):
            st.markdown(catalog.card_markdown(name))
