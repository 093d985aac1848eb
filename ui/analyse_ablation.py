"""The Analyse page's interventions: switch units off over the whole file, and a unit importance table.

Classifiers only (a verdict per sentence to compare). Results are kept in the session per file,
model, layer and direction; each flipped sentence opens in the explorer with the same edits.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from models.corpus.batch import label_index
from models.probe.intervene import Edit, ablation_flips, edits_to_text, unit_importance
from models.probe.names import STATES
from ui.intervention import parse_units
from ui.shared import get_model, plain
from viz.i18n import label_name, number, tr

MAX_ABLATION_SENTENCES = 2_000  # sentences one importance table covers (each unit reruns all of them)
KEY = "analyse_ablation"


def show_ablation(model_name: str, texts: list[str], labels: list[str] | None, run_key: tuple, layer: int,
                  direction: int, lang: str) -> None:  # fmt: skip
    loaded = get_model(model_name)
    st.header(tr("ablate_title", lang))
    if loaded.config.task != "classify":
        st.info(tr("ablate_classify_only", lang))
        return
    st.caption(tr("ablate_intro", lang, limit=number(MAX_ABLATION_SENTENCES, lang)))
    names = loaded.label_names
    pairs = [(t, ids) for t, ids in zip(texts, loaded.tokenizer.encode_many(texts), strict=True) if ids]
    pairs = pairs[:MAX_ABLATION_SENTENCES]
    sentences, seqs = [t for t, _ in pairs], [ids for _, ids in pairs]
    key = (run_key, layer, direction)
    kept = st.session_state.get(KEY) or {}
    if kept.get("key") != key:
        kept = {"key": key}
        st.session_state[KEY] = kept
    size = loaded.config.hidden_size
    if "pending_units" in kept:  # chosen from the importance table on the previous run
        st.session_state["ablate_units"] = kept.pop("pending_units")
    st.session_state.setdefault("ablate_units", "0")
    typed = st.text_input(tr("iv_units", lang), key="ablate_units", help=tr("iv_units_help", lang))
    if st.button(tr("ablate_run", lang, count=number(len(seqs), lang)), key="ablate_run"):
        units = parse_units(typed, size)
        if units is None:
            st.error(tr("iv_units_bad", lang, top=size - 1, typed=plain(typed[:60])))
        else:
            with st.spinner(tr("ablate_running", lang)):
                kept.update(typed=typed, units=units, flips=ablation_flips(loaded.model, seqs, layer, direction, units))
    if "flips" in kept:
        _show_flips(model_name, kept, sentences, labels, names, layer, direction, lang)

    st.subheader(tr("importance_title", lang))
    truth = [label_index(y, names) for y in (labels or [])[: len(sentences)]] if labels else []
    judged = [k for k, y in enumerate(truth) if y is not None]
    if not judged:
        st.info(tr("importance_needs_labels", lang))
        return
    if st.button(tr("importance_run", lang, units=size, count=number(len(judged), lang)), key="importance_run"):
        bar = st.progress(0.0, text=tr("importance_progress", lang, done=0, total=size))
        st.button(tr("cancel", lang), key="importance_cancel")  # a click reruns the page, which stops this run

        def report(done: int, total: int) -> bool:
            bar.progress(done / total, text=tr("importance_progress", lang, done=number(done, lang), total=number(total, lang)))
            return True

        kept["importance"] = unit_importance(loaded.model, [seqs[k] for k in judged], [truth[k] for k in judged], layer,
                                             direction, progress=report)  # fmt: skip
        bar.empty()
    if "importance" in kept:
        table = kept["importance"]
        st.metric(tr("importance_baseline", lang), f"{table['baseline']:.1%}")
        frame = pd.DataFrame(table["units"]).sort_values("accuracy_drop", ascending=False)
        st.dataframe(frame, hide_index=True, key="importance_table", column_config={
            "unit": tr("unit", lang), "accuracy": st.column_config.NumberColumn(tr("importance_accuracy", lang), format="%.3f"),
            "accuracy_drop": st.column_config.NumberColumn(tr("importance_drop", lang), format="%+.3f"),
            "changed": tr("importance_changed", lang)})  # fmt: skip
        top_k = int(st.number_input(tr("importance_top_k", lang), 1, size, min(5, size), key="importance_k"))
        if st.button(tr("importance_ablate_top", lang, k=top_k), key="importance_top"):
            top = tuple(int(u) for u in frame["unit"].head(top_k))
            typed = ", ".join(map(str, top))
            with st.spinner(tr("ablate_running", lang)):
                kept.update(typed=typed, units=top, flips=ablation_flips(loaded.model, seqs, layer, direction, top))
            kept["pending_units"] = typed
            st.rerun()
        st.download_button(tr("importance_csv", lang), frame.to_csv(index=False), file_name=f"unit-importance-L{layer}-D{direction}.csv",
                           mime="text/csv", key="importance_csv")  # fmt: skip


def _show_flips(model_name, kept, sentences, labels, names, layer, direction, lang) -> None:
    flips = kept["flips"]
    units = kept["units"]
    truth = [label_index(y, names) for y in labels[: len(sentences)]] if labels else None
    count = len(flips["flipped"])
    st.markdown(tr("ablate_flipped", lang, count=number(count, lang), total=number(len(sentences), lang),
                   units=", ".join(map(str, units))))  # fmt: skip
    if truth is not None:
        judged = [k for k, y in enumerate(truth) if y is not None]
        if judged:
            before = sum(flips["before"][k] == truth[k] for k in judged) / len(judged)
            after = sum(flips["after"][k] == truth[k] for k in judged) / len(judged)
            st.metric(tr("ablate_accuracy", lang), f"{after:.1%}", delta=f"{(after - before) * 100:+.1f} pp")
    rows = []
    for k in flips["ranked"][:200]:
        v, a = int(flips["before"][k]), int(flips["after"][k])
        rows.append({"sentence": sentences[k], "before": label_name(names[v], lang), "p_before": float(flips["p_before"][k][v]),
                     "after": label_name(names[a], lang), "p_after_same": float(flips["p_after"][k][v]), "flipped": v != a})  # fmt: skip
    frame = pd.DataFrame(rows)
    selection = st.dataframe(frame, hide_index=True, key="ablate_table", on_select="rerun", selection_mode="single-row",
                             column_config={"sentence": tr("column_sentence", lang), "before": tr("ablate_before", lang),
                                            "p_before": st.column_config.NumberColumn(tr("ablate_p_before", lang), format="%.3f"),
                                            "after": tr("ablate_after", lang),
                                            "p_after_same": st.column_config.NumberColumn(tr("ablate_p_after", lang), format="%.3f"),
                                            "flipped": tr("ablate_flip", lang)})  # fmt: skip
    chosen = selection.selection.rows if selection else []
    if chosen and st.button(tr("analyse_open", lang), key="ablate_open", type="primary"):
        sentence = frame.iloc[chosen[0]]["sentence"]
        loaded = get_model(model_name)
        length = len(loaded.tokenizer.tokenize(sentence))
        step = 0 if direction == 0 else max(length - 1, 0)
        states = STATES[loaded.config.cell]
        edits = edits_to_text([Edit(s, tuple(units), 0.0, step, layer, direction, "from") for s in states])
        st.session_state.explorer_request = {"model": model_name, "text": sentence}
        st.session_state["iv_edits"] = edits.split(";")
        st.switch_page("ui/explorer.py", query_params={"model": model_name, "text": sentence, "step": "1", "edits": edits})
