"""LSTM Lens: watch a trained LSTM read a sentence and see every gate open and close.

Entry point and router. Pages live in pages/ and stay thin: read widgets, call cached compute,
call viz, show the figure.
"""

import streamlit as st

st.set_page_config(page_title="LSTM Lens", page_icon="🔬", layout="wide")

navigation = st.navigation([st.Page("pages/zoo.py", title="Model zoo", icon="🧠", url_path="zoo", default=True)])
navigation.run()
