"""Bring your own model: upload a config and weights, validated once, kept in this session.

An upload is validated once per file pair (keyed by its hash), not on every rerun; a session
keeps at most MAX_USER_MODELS models, each with a Remove button. Everything the uploader wrote
(title, description, messages naming its tensors) is shown as plain text.
"""

from __future__ import annotations

import hashlib

import streamlit as st

from models.zoo import ModelFileError
from models.zoo.byom import MAX_PARAMETERS, MAX_WEIGHTS_BYTES, load_upload
from ui.shared import (
    MAX_USER_MODELS,
    UPLOAD_PREFIX,
    current_lang,
    language_notes,
    plain,
    remove_user_model,
    show_notes,
    user_models,
)
from viz.i18n import number, tr

lang = current_lang()
st.title(tr("byom_title", lang))
st.markdown(tr("byom_intro", lang))
st.caption(tr("byom_limits", lang, parameters=number(MAX_PARAMETERS, lang), megabytes=MAX_WEIGHTS_BYTES // 2**20,
              models=MAX_USER_MODELS))  # fmt: skip
show_notes(language_notes())


def _remove(name: str) -> None:
    remove_user_model(name)
    st.session_state.byom_generation = st.session_state.get("byom_generation", 0) + 1  # empty the uploaders


generation = st.session_state.get("byom_generation", 0)
left, right = st.columns(2)
config_file = left.file_uploader(tr("byom_config", lang), type=["json"], key=f"byom_config_{generation}")
weights_file = right.file_uploader(
    tr("byom_weights", lang), type=["safetensors", "pt", "pth"], key=f"byom_weights_{generation}"
)

if config_file is None or weights_file is None:
    st.info(tr("byom_need_both", lang))
else:
    files = (config_file.file_id, weights_file.file_id)
    checked = st.session_state.get("byom_checked")
    if checked is None or checked["files"] != files:  # a new pair: hash, and validate unless seen
        config_bytes, weights_bytes = config_file.getvalue(), weights_file.getvalue()
        digest = hashlib.sha256(config_bytes + b"\0" + weights_bytes).hexdigest()[:12]
        known = next((n for n in user_models() if n.endswith(f"({digest})")), None)
        checked = {"files": files, "name": known, "error": None}
        if known is None and len(user_models()) >= MAX_USER_MODELS:
            checked["error"] = tr("byom_full", lang, limit=MAX_USER_MODELS)
        elif known is None:
            try:
                loaded = load_upload(config_bytes, weights_bytes, weights_file.name)
            except ModelFileError as err:
                checked["error"] = tr("byom_bad", lang, error=err)
            else:
                loaded.name = checked["name"] = f"{UPLOAD_PREFIX}{loaded.meta['title']} ({digest})"
                user_models()[loaded.name] = loaded
        st.session_state.byom_checked = checked
    if checked["error"]:
        st.error(plain(checked["error"]))
    elif checked["name"] in user_models():
        loaded = user_models()[checked["name"]]
        cfg = loaded.config
        bidirectional = tr("bidirectional", lang) if cfg.bidirectional else ""
        st.success(
            plain(
                tr("byom_loaded", lang, title=loaded.meta["title"], cell=cfg.cell.upper(), layers=cfg.num_layers,
                   hidden=cfg.hidden_size, bidirectional=bidirectional, vocab=number(cfg.vocab_size, lang),
                   task=tr(f"task_{cfg.task}", lang), parameters=number(loaded.meta["parameters"], lang))
            )
        )  # fmt: skip
        st.text(loaded.meta["description"])
        show_notes(loaded.meta["notes"])
        if st.button(tr("byom_open", lang), key="byom_open", type="primary"):
            example = (loaded.meta.get("examples") or [""])[0] or " ".join(loaded.tokenizer.vocab[2:7])
            st.session_state.explorer_request = {"model": loaded.name, "text": example}
            st.switch_page("ui/explorer.py", query_params={"step": "1"})

if user_models():
    st.subheader(tr("byom_session", lang, count=len(user_models()), limit=MAX_USER_MODELS))
    for number, name in enumerate(list(user_models())):
        left, right = st.columns([5, 1])
        left.text(name.removeprefix(UPLOAD_PREFIX))
        right.button(tr("remove", lang), key=f"byom_remove_{number}", on_click=_remove, args=(name,))
