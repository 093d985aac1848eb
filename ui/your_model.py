"""Bring your own model: upload a config and weights, validated once, kept in this session.

An upload is validated once per file pair (keyed by its hash), not on every rerun; a session
keeps at most MAX_USER_MODELS models, each with a Remove button. Everything the uploader wrote
(title, description, messages naming its tensors) is shown as plain text.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from models.byom import MAX_PARAMETERS, MAX_WEIGHTS_BYTES, load_upload
from models.zoo import ModelFileError
from ui.shared import MAX_USER_MODELS, UPLOAD_PREFIX, plain, remove_user_model, show_notes, user_models

st.title("Bring your own model")
st.markdown(
    "Upload a **config.json** and the weights as **.safetensors** (or a **.pt** state dict, read with "
    "`weights_only=True`). `models.byom.export(...)` writes both from your own embedding → LSTM/GRU/RNN → "
    "linear head; the README describes the format. Nothing you upload can run code, and your model is "
    "visible only in your own session."
)
st.caption(
    f"Limits: {MAX_PARAMETERS:,} parameters, weights up to {MAX_WEIGHTS_BYTES // 2**20} MB, "
    f"{MAX_USER_MODELS} models per session; word tokenizers use a named pattern (words, words_only, tweets)."
)


def _remove(name: str) -> None:
    remove_user_model(name)
    st.session_state.byom_generation = st.session_state.get("byom_generation", 0) + 1  # empty the uploaders


generation = st.session_state.get("byom_generation", 0)
left, right = st.columns(2)
config_file = left.file_uploader("config.json", type=["json"], key=f"byom_config_{generation}")
weights_file = right.file_uploader("Weights", type=["safetensors", "pt", "pth"], key=f"byom_weights_{generation}")

if config_file is None or weights_file is None:
    st.info("Upload both files to check the model.")
else:
    files = (config_file.file_id, weights_file.file_id)
    checked = st.session_state.get("byom_checked")
    if checked is None or checked["files"] != files:  # a new pair: hash, and validate unless seen
        config_bytes, weights_bytes = config_file.getvalue(), weights_file.getvalue()
        digest = hashlib.sha256(config_bytes + b"\0" + weights_bytes).hexdigest()[:12]
        known = next((n for n in user_models() if n.endswith(f"({digest})")), None)
        checked = {"files": files, "name": known, "error": None}
        if known is None and len(user_models()) >= MAX_USER_MODELS:
            checked["error"] = (
                f"This session already holds {MAX_USER_MODELS} uploaded models, the most it keeps. "
                "Remove one below, then upload again."
            )
        elif known is None:
            try:
                loaded = load_upload(config_bytes, weights_bytes, weights_file.name)
            except ModelFileError as err:
                checked["error"] = f"This model cannot be used: {err}"
            else:
                loaded.name = checked["name"] = f"{UPLOAD_PREFIX}{loaded.meta['title']} ({digest})"
                user_models()[loaded.name] = loaded
        st.session_state.byom_checked = checked
    if checked["error"]:
        st.error(plain(checked["error"]))
    elif checked["name"] in user_models():
        loaded = user_models()[checked["name"]]
        cfg = loaded.config
        st.success(
            plain(
                f"Loaded {loaded.meta['title']}: {cfg.cell.upper()}, {cfg.num_layers} layer(s) × {cfg.hidden_size} "
                f"units{', bidirectional' if cfg.bidirectional else ''}, vocabulary {cfg.vocab_size:,}, task "
                f"{cfg.task}, {loaded.meta['parameters']:,} parameters."
            )
        )
        st.text(loaded.meta["description"])
        show_notes(loaded.meta["notes"])
        if st.button("Open it in the explorer", key="byom_open", type="primary"):
            example = (loaded.meta.get("examples") or [""])[0] or " ".join(loaded.tokenizer.vocab[2:7])
            st.session_state.explorer_request = {"model": loaded.name, "text": example}
            st.switch_page("ui/explorer.py", query_params={"step": "1"})

if user_models():
    st.subheader(f"Models in this session ({len(user_models())} of {MAX_USER_MODELS})")
    for number, name in enumerate(list(user_models())):
        left, right = st.columns([5, 1])
        left.text(name.removeprefix(UPLOAD_PREFIX))
        right.button("Remove", key=f"byom_remove_{number}", on_click=_remove, args=(name,))
