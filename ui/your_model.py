"""Bring your own model: upload a config and weights, validated before use, kept in this session."""

from __future__ import annotations

import hashlib

import streamlit as st

from models.byom import load_upload
from models.zoo import ModelFileError, parameter_count
from ui.shared import UPLOAD_PREFIX, user_models

st.title("Bring your own model")
st.markdown(
    "Upload a **config.json** and the weights as **.safetensors** (or a **.pt** state dict, read with "
    "`weights_only=True`). `models.byom.export(...)` writes both from your own embedding → LSTM/GRU/RNN → "
    "linear head; the README describes the format. Nothing you upload can run code, and your model is "
    "visible only in your own session."
)
left, right = st.columns(2)
config_file = left.file_uploader("config.json", type=["json"], key="byom_config")
weights_file = right.file_uploader("Weights", type=["safetensors", "pt", "pth"], key="byom_weights")

if config_file is None or weights_file is None:
    st.info("Upload both files to check the model.")
else:
    config_bytes, weights_bytes = config_file.getvalue(), weights_file.getvalue()
    try:
        loaded = load_upload(config_bytes, weights_bytes, weights_file.name.lower())
    except ModelFileError as err:
        st.error(f"This model cannot be used: {err}")
    else:
        digest = hashlib.sha1(config_bytes + weights_bytes).hexdigest()[:8]
        name = f"{UPLOAD_PREFIX}{loaded.meta['title']} ({digest})"
        loaded.name = name
        user_models()[name] = loaded
        cfg = loaded.config
        st.success(
            f"Loaded **{loaded.meta['title']}**: {cfg.cell.upper()}, {cfg.num_layers} layer(s) × {cfg.hidden_size} units"
            f"{', bidirectional' if cfg.bidirectional else ''}, vocabulary {cfg.vocab_size:,}, task {cfg.task}, "
            f"{parameter_count(loaded.model):,} parameters."
        )
        if st.button("Open it in the explorer", key="byom_open", type="primary"):
            example = (loaded.meta.get("examples") or [""])[0] or " ".join(loaded.tokenizer.vocab[2:7])
            st.session_state.explorer_request = {"model": name, "text": example}
            st.switch_page("ui/explorer.py", query_params={"step": "1"})

if user_models():
    st.caption("Models uploaded in this session: " + ", ".join(n.removeprefix(UPLOAD_PREFIX) for n in user_models()))
