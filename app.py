"""LSTM Lens: watch a trained LSTM read a sentence and see every gate open and close.

Entry point and router. Pages live in ui/ and stay thin: read widgets, call cached compute,
call viz, show the figure. The router also draws the one language selector every page shares.
"""

import streamlit as st

from ui.plotly_js import preload_plotly
from viz.i18n import tr

# An emoji favicon is drawn in the browser (a data: URL); a ":material/...:" icon is fetched from Google.
st.set_page_config(page_title="LSTM Lens", page_icon="🔬", layout="wide")
# First, before torch is imported (about 1 s): the browser fetches and parses plotly.js (4.8 MB,
# about 1 s) while this script imports and computes, rather than after.
preload_plotly()

from ui.shared import language_from_request, language_selector  # noqa: E402 (after the preload: imports torch)

PAGES = [  # (file, catalogue key of the title, URL path)
    ("ui/explorer.py", "page_explorer", "explorer"),
    ("ui/lesson.py", "page_lesson", "lesson"),
    ("ui/compare.py", "page_compare", "compare"),
    ("ui/translate.py", "page_translate", "translate"),
    ("ui/analyse.py", "page_analyse", "analyse"),
    ("ui/your_model.py", "page_your_model", "your-model"),
    ("ui/zoo.py", "page_zoo", "zoo"),
]
known = language_from_request()
navigation = st.navigation(
    [
        st.Page(file, title=tr(title, known or "en"), url_path=path, default=path == "explorer")
        for file, title, path in PAGES
    ]
)
# The lecture is Hungarian: a lesson link without ?lang= opens in Hungarian, every other page in English.
lang = language_selector(default="hu" if navigation.url_path == "lesson" else "en")
if known is None and lang != "en":  # only on a session's first run: the navigation is drawn again in Hungarian
    st.rerun()
navigation.run()
