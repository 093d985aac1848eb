"""Figures as pure functions: NumPy arrays and plain dicts in, Plotly figures out.

No Streamlit and no torch here, so every figure can be built and tested on its own, and the
colours, fonts and sizes live in one place (`viz.theme`).
"""
