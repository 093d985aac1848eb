"""Streamlit pages: thin layers over models/ (compute) and viz/ (figures)."""
