"""LSTM Lens: watch a trained LSTM read a sentence and see every gate open and close.

Entry point and router. Pages live in ui/ and stay thin: read widgets, call cached compute,
call viz, show the figure.
"""

import streamlit as st

st.set_page_config(page_title="LSTM Lens", page_icon=":material/biotech:", layout="wide")

navigation = st.navigation(
    [
        st.Page("ui/explorer.py", title="Explorer", url_path="explorer", default=True),
        st.Page("ui/lesson.py", title="Lesson (óra)", url_path="lesson"),
        st.Page("ui/analyse.py", title="Analyse a file", url_path="analyse"),
        st.Page("ui/your_model.py", title="Your model", url_path="your-model"),
        st.Page("ui/zoo.py", title="Model zoo", url_path="zoo"),
    ]
)
navigation.run()
