"""Analyse a file of sentences with a zoo model: a table of verdicts that opens in the explorer.

The upload, the choices and the results live in st.session_state (the file uploader itself is
emptied when the user visits another page), so Analyse -> Explorer -> Analyse comes back to the
same table; "Remove" forgets them. A session keeps one file and its latest analysis.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict

import pandas as pd
import streamlit as st

from models.corpus.batch import accuracy, analyse
from models.corpus.upload import DELIMITERS, ENCODINGS, UploadError, read_table, sentences
from models.corpus.views import MAX_SENTENCES as MAX_STATES
from models.corpus.views import collect, pattern_search, top_contexts, units_on
from models.probe.export import records_to_csv
from ui.analyse_ablation import show_ablation
from ui.analyse_store import show_stores
from ui.shared import (
    current_lang,
    get_model,
    keep_widget,
    language_notes,
    model_arch,
    model_meta,
    model_names,
    plain,
    show_notes,
)
from viz.i18n import CATALOGUE, label_name, model_title, number, tr

lang = current_lang()
st.title(tr("analyse_title", lang))
st.caption(tr("analyse_intro", lang))
show_notes(language_notes())


def _delimiter(delimiter: str) -> str:
    return tr(f"delimiter_{DELIMITERS[delimiter]}", lang)


def _headers(columns) -> dict:
    """Column titles in the page's language (the data, and the CSV, keep their own names)."""
    return {c: tr(f"column_{c}", lang) for c in columns if f"column_{c}" in CATALOGUE}


def _labels_shown(prediction: str, labels: list[str]) -> str:
    """A class name, or a tagger's tags (space-separated), in the page's language; a next token as it is."""
    parts = str(prediction).split(" ")
    return " ".join(label_name(p, lang) for p in parts) if labels and set(parts) <= set(labels) else prediction


KEPT = ("analyse_upload", "analyse_read", "analyse_results", "corpus_states", "analyse_running")


def _forget_upload(new_uploader: bool = True) -> None:
    """Remove: the file, its decoding and every result; with a fresh (empty) uploader."""
    for key in KEPT:
        st.session_state[key] = None
    if new_uploader:
        st.session_state.analyse_generation = st.session_state.get("analyse_generation", 0) + 1


def _uploader_changed() -> None:
    """The user cleared the uploader, or is replacing its file (cleared first, then the new one)."""
    if st.session_state.get(f"analyse_file_{st.session_state.get('analyse_generation', 0)}") is None:
        _forget_upload(new_uploader=False)  # a page switch clears the uploader without this callback


names = model_names()
keep_widget("analyse_model", options=names)
model_name = st.selectbox(tr("model", lang), names, key="analyse_model",
                          format_func=lambda n: model_title(n, model_meta(n), lang))  # fmt: skip
generation = st.session_state.get("analyse_generation", 0)
upload = st.file_uploader(
    tr("analyse_file_label", lang),
    type=["txt", "csv", "tsv", "jsonl"],
    key=f"analyse_file_{generation}",
    on_change=_uploader_changed,
)
kept = st.session_state.get("analyse_upload")
if upload is not None and (kept is None or kept["file_id"] != upload.file_id):
    data = upload.getvalue()
    kept = {"file_id": upload.file_id, "name": upload.name, "data": data, "digest": hashlib.sha1(data).hexdigest()}
    for key in KEPT:
        st.session_state[key] = None
    st.session_state.analyse_upload = kept
    for key in ("analyse_encoding", "analyse_delimiter"):  # a new file: detect again
        st.session_state.pop(key, None)
        st.session_state.pop(f"kept.{key}", None)
show_stores(model_name, kept, lang)  # big corpora: stores indexed in the background, and their dashboards
if kept is None:
    st.info(tr("analyse_begin", lang))
    st.stop()

left, right = st.columns([5, 1])
left.text(tr("analyse_file", lang, name=kept["name"], size=number(len(kept["data"]), lang)))
right.button(tr("remove", lang), key="analyse_remove", on_click=_forget_upload)

delimited = kept["name"].lower().endswith((".csv", ".tsv"))
columns = st.columns(2 if delimited else 1)
keep_widget("analyse_encoding", options=["detected"] + ENCODINGS)
choice = columns[0].selectbox(tr("encoding", lang), ["detected"] + ENCODINGS, key="analyse_encoding",
                              format_func=lambda e: tr("detected", lang) if e == "detected" else e)  # fmt: skip
delimiter = "detected"
if delimited:
    keep_widget("analyse_delimiter", options=["detected", *DELIMITERS])
    delimiter = columns[1].selectbox(tr("delimiter", lang), ["detected", *DELIMITERS], key="analyse_delimiter",
                                     format_func=lambda d: _delimiter(d) if d in DELIMITERS else tr("detected", lang))  # fmt: skip
read_key = (kept["digest"], choice, delimiter)  # decode a file once, not on every rerun (filtering, selecting rows)
if (st.session_state.get("analyse_read") or (None,))[0] != read_key:
    try:
        outcome: object = read_table(
            kept["name"],
            kept["data"],
            None if choice == "detected" else choice,
            None if delimiter == "detected" else delimiter,
        )
    except UploadError as err:
        outcome = str(err)  # kept too: a refused file is not re-read on every rerun
    st.session_state.analyse_read = (read_key, outcome)
table = st.session_state.analyse_read[1]
if isinstance(table, str):
    st.error(plain(table))
    st.stop()
summary = tr("analyse_summary", lang, encoding=table.encoding, detected=table.detected)
if table.delimiter is not None:
    summary += tr("analyse_summary_delimiter", lang, delimiter=_delimiter(table.delimiter),
                  detected=_delimiter(table.detected_delimiter))  # fmt: skip
st.caption(plain(f"{summary} · {tr('analyse_rows', lang, rows=number(len(table.rows), lang))}"))

left, right = st.columns(2)
keep_widget("analyse_text_column", options=table.columns)
text_column = left.selectbox(tr("text_column", lang), table.columns, key="analyse_text_column")
label_options = ["(none)"] + [c for c in table.columns if c != text_column]
keep_widget("analyse_label_column", options=label_options)
label_column = right.selectbox(tr("label_column", lang), label_options, key="analyse_label_column",
                               format_func=lambda c: tr("no_column", lang) if c == "(none)" else c)  # fmt: skip
try:
    chosen = sentences(table, text_column, None if label_column == "(none)" else label_column)
except UploadError as err:
    st.error(plain(err))
    st.stop()
show_notes(chosen.notes)

run_key = (model_name, kept["digest"], table.encoding, table.delimiter, text_column, label_column)
if st.button(tr("analyse_run", lang, count=number(len(chosen.texts), lang)), key="analyse_run", type="primary"):
    st.session_state.analyse_results = None
    st.session_state.analyse_running = run_key
    bar = st.progress(0.0, text=tr("analysing", lang))
    cancel = st.empty()
    cancel.button(tr("cancel", lang), key="analyse_cancel")  # a click reruns the page, which stops this run

    def report(done: int, total: int) -> None:
        bar.progress(
            done / total, text=tr("analysing_progress", lang, done=number(done, lang), total=number(total, lang))
        )

    results = analyse(get_model(model_name), chosen.texts, chosen.labels, progress=report)
    st.session_state.analyse_results = (run_key, results)
    st.session_state.analyse_running = None
    bar.empty()
    cancel.empty()
elif st.session_state.get("analyse_running"):
    st.session_state.analyse_running = None
    st.info(tr("analyse_cancelled", lang))

stored = st.session_state.get("analyse_results")
if not stored or stored[0] != run_key:
    st.stop()
results = stored[1]
frame = pd.DataFrame([asdict(r) for r in results])
score = accuracy(results)
if score is None:
    frame = frame.drop(columns=["label", "correct"])
if score is not None:
    st.metric(tr("analyse_accuracy", lang), f"{score:.1%}")

keep_widget("analyse_filter")
query = st.text_input(tr("analyse_filter", lang), key="analyse_filter")
model_labels = get_model(model_name).label_names
shown = frame.assign(prediction=frame["prediction"].map(lambda p: _labels_shown(p, model_labels)))
if query:
    shown = shown[shown["sentence"].str.contains(query, case=False, regex=False)]
keep_widget("analyse_wrong")
if score is not None and st.toggle(tr("analyse_wrong", lang), key="analyse_wrong"):
    shown = shown[shown["correct"] == False]  # noqa: E712 - pandas needs ==
selection = st.dataframe(
    shown,
    key="analyse_table",
    on_select="rerun",
    selection_mode="single-row",
    hide_index=True,
    column_config=_headers(shown.columns)
    | {"confidence": st.column_config.ProgressColumn(tr("column_confidence", lang), min_value=0.0, max_value=1.0)},
)
rows = selection.selection.rows if selection else []
if rows:
    sentence = shown.iloc[rows[0]]["sentence"]
    if st.button(tr("analyse_open", lang), key="analyse_open", type="primary"):
        st.session_state.explorer_request = {"model": model_name, "text": sentence}
        st.switch_page("ui/explorer.py", query_params={"model": model_name, "text": sentence, "step": "1"})


st.download_button(tr("analyse_csv", lang), data=lambda: records_to_csv(frame.to_dict("records")), file_name="lstm-lens-results.csv", mime="text/csv",
                   key="analyse_csv", on_click="ignore")  # fmt: skip

st.header(tr("corpus_title", lang))
st.caption(tr("corpus_intro", lang, limit=number(MAX_STATES, lang)))
arch = model_arch(model_name)
c1, c2, c3 = st.columns(3)
keep_widget("corpus_layer", options=range(arch.get("num_layers", 1)))
keep_widget("corpus_direction", options=range(2 if arch.get("bidirectional") else 1))
keep_widget("corpus_threshold", default=0.3)
keep_widget("corpus_unit")
layer = c1.selectbox(tr("layer", lang), range(arch.get("num_layers", 1)), key="corpus_layer")
direction = c2.selectbox(tr("direction", lang), range(2 if arch.get("bidirectional") else 1), key="corpus_direction",
                         format_func=lambda d: tr("forward" if d == 0 else "backward", lang))  # fmt: skip
threshold = c3.slider(tr("corpus_threshold", lang), -1.0, 1.0, step=0.05, key="corpus_threshold")
states_key = (run_key, layer, direction)
if (st.session_state.get("corpus_states") or (None,))[0] != states_key:
    with st.spinner(tr("corpus_collecting", lang)):
        st.session_state.corpus_states = (states_key, collect(get_model(model_name), chosen.texts, layer, direction))
states = st.session_state.corpus_states[1]
units = states.values.shape[1]

if st.session_state.get("corpus_unit", 0) >= units:
    del st.session_state["corpus_unit"]
unit = st.number_input(tr("unit", lang), 0, units - 1, key="corpus_unit")
st.subheader(tr("corpus_top", lang, unit=unit))
top = pd.DataFrame(top_contexts(states, int(unit)))
st.dataframe(top, hide_index=True, key="corpus_top", column_config=_headers(top.columns))

st.subheader(tr("pattern_title", lang))
sentence_number = st.number_input(tr("pattern_sentence", lang), 1, len(states.tokens), 1, key="pattern_sentence")
tokens = states.tokens[sentence_number - 1]
span = st.select_slider(
    tr("pattern_span", lang), options=list(range(1, len(tokens) + 1)), value=(1, min(2, len(tokens))), key="pattern_span",
    format_func=lambda t: f"{t}: {tokens[t - 1]}",
) if len(tokens) > 1 else (1, 1)  # fmt: skip
on = units_on(states, sentence_number - 1, span[0] - 1, span[1], threshold)
st.write(tr("pattern_on", lang, count=len(on), units=", ".join(map(str, on[:40])) + (" …" if len(on) > 40 else "")))
matches = pattern_search(states, on, span[1] - span[0] + 1, threshold)
matches = pd.DataFrame(matches)
st.dataframe(matches, hide_index=True, key="pattern_matches", column_config=_headers(matches.columns))
st.download_button(
    tr("corpus_npz", lang, layer=layer),
    data=states.to_npz,
    file_name=f"lstm-lens-{model_name}-L{layer}-D{direction}-h.npz",
    mime="application/octet-stream",
    key="corpus_npz",
    on_click="ignore",
)

show_ablation(model_name, chosen.texts, chosen.labels, run_key, layer, direction, lang)
