"""plotly.js for the browser: the installed plotly package's own file, served by this app.

Light on purpose (no torch): the router imports it to start the browser's download before any
page computes.
"""

from __future__ import annotations

from pathlib import Path

import plotly
import streamlit as st

from viz.export_html import script_module

PLOTLY_DIR = Path(plotly.__file__).resolve().parent / "package_data"  # plotly.min.js of the installed package


@st.cache_resource
def _preload_component():
    return st.components.v2.component("lstm_lens_plotly_preload", js=script_module(["plotly_loader.js", "preload.js"]))


def preload_plotly() -> None:
    """Start loading plotly.js in the browser as the app opens, before any page has computed its
    figures: the router calls this on every run (in the sidebar, where it takes no room)."""
    with st.sidebar:
        _preload_component()(key="lx_plotly_preload", data={"url": plotly_js_url()})


@st.cache_resource
def plotly_js_url() -> str:
    """Where the browser loads plotly.js: the installed plotly package's own file, served by this
    server (a files-only component, Streamlit's documented way to serve a folder), cached by the
    browser after the first visit. Never a CDN, never inlined into a message."""
    files = st.components.v1.declare_component("plotly_js", path=str(PLOTLY_DIR))
    return f"component/{files.name}/plotly.min.js"
