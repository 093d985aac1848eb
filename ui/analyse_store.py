"""The Analyse page's corpus stores: index a big corpus in the background, then browse the store.

Indexing runs `python -m models.corpus index ...` in a child process (the page stays
responsive; the job goes on if the tab closes), writing progress.json that this section reads.
Cancel leaves a store that Resume continues. A finished store opens in a unit dashboard
(histogram, top contexts with the token boxed, r with latents, each context opens in the explorer)
and LSTMVis-style pattern search over every token, read from the store, never recomputed.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import streamlit as st

from models.corpus.store import LATENT_SENTENCES, QUANTILES, StoreError
from models.corpus.store_read import CorpusStore, context_text, list_stores, stores_root
from models.corpus.stream import FORMATS
from models.probe.export import records_to_csv
from models.zoo.catalog import ZOO_DIR
from ui.shared import model_arch, plain
from viz.i18n import latent_name, number, tr
from viz.store_figures import context_html, histogram, latent_bars

REPO = Path(__file__).resolve().parent.parent
SHOWN_QUANTILES = {f"{q:.0%}": QUANTILES.index(q) for q in (0.05, 0.25, 0.5, 0.75, 0.95)}  # label -> index
FRESH_SECONDS = 120  # a "running" progress.json written this recently belongs to a live job (maybe the CLI's)
JOBS = "store_jobs"  # session_state: store folder -> Popen of its indexing process


def _start_job(corpus: Path, model: str, layer: int, direction: int, gates: bool, folder: Path) -> None:
    logs = stores_root() / "_logs"
    logs.mkdir(parents=True, exist_ok=True)
    command = [sys.executable, "-m", "models.corpus", "index", str(corpus), "--model", model,
               "--layer", str(layer), "--direction", str(direction), "--out", str(folder)] + (["--gates"] if gates else [])  # fmt: skip
    env = {**os.environ, "OMP_NUM_THREADS": os.environ.get("OMP_NUM_THREADS", "1")}
    with open(logs / f"{folder.name}.log", "w", encoding="utf-8") as log:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    st.session_state.setdefault(JOBS, {})[str(folder)] = {"process": process, "command": command}


def _log_tail(folder: Path) -> str:
    path = stores_root() / "_logs" / f"{folder.name}.log"
    return path.read_text(encoding="utf-8", errors="replace")[-600:] if path.exists() else ""


def _source_of_upload(upload: dict) -> Path:
    """The uploaded file, saved once under the stores folder (the job reads it from disk)."""
    name = Path(upload["name"])
    path = stores_root() / "_uploads" / f"{name.stem[:40]}-{upload['digest'][:10]}{name.suffix.lower()}"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(upload["data"])
    return path


def _store_folder(corpus: Path, model: str, layer: int, direction: int) -> Path:
    stat = corpus.stat()
    digest = hashlib.sha1(f"{corpus.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:8]
    return stores_root() / f"{model}-L{layer}-D{direction}-{corpus.stem[:30]}-{digest}"


def _index_form(model_name: str, upload: dict | None, lang: str) -> None:
    st.subheader(tr("store_index_title", lang))
    if not (ZOO_DIR / model_name).is_dir():
        st.caption(tr("store_zoo_only", lang))
        return
    options = (["upload"] if upload else []) + ["path"]
    where = st.radio(tr("store_source", lang), options, horizontal=True, key="store_source",
                     format_func=lambda o: tr("store_source_upload", lang, name=upload["name"]) if o == "upload" else tr("store_source_path", lang))  # fmt: skip
    typed = ""
    if where == "path":
        typed = st.text_input(tr("store_path", lang), key="store_path", help=tr("store_path_help", lang))
    arch = model_arch(model_name)
    c1, c2, c3 = st.columns(3)
    layer = c1.selectbox(tr("layer", lang), range(arch.get("num_layers", 1)), key="store_layer")
    direction = c2.selectbox(tr("direction", lang), range(2 if arch.get("bidirectional") else 1), key="store_direction",
                             format_func=lambda d: tr("forward" if d == 0 else "backward", lang))  # fmt: skip
    gates = c3.checkbox(tr("store_gates", lang), key="store_gates", disabled=arch.get("cell", "lstm") != "lstm")
    if not st.button(tr("store_start", lang), key="store_start", type="primary"):
        return
    corpus = _source_of_upload(upload) if where == "upload" else Path(typed.strip()).expanduser()
    if not corpus.is_file() or corpus.suffix.lower().lstrip(".") not in FORMATS:
        st.warning(tr("store_bad_path", lang, path=plain(typed[:200])))
        return
    folder = _store_folder(corpus, model_name, layer, direction)
    _start_job(corpus, model_name, layer, direction, gates, folder)
    st.toast(tr("store_started", lang))


def _jobs(lang: str) -> None:
    """Stores being written or left unfinished: progress, Cancel, Resume."""
    stores = {str(s["folder"]): s for s in list_stores() if not s["manifest"].get("finished")}
    jobs = st.session_state.get(JOBS, {})
    for folder in jobs:
        stores.setdefault(folder, {"folder": Path(folder), "manifest": {}, "progress": {}})
    for key, entry in sorted(stores.items()):
        folder = entry["folder"]
        job = jobs.get(key)
        progress = entry["progress"]
        written = folder / "progress.json"
        fresh = written.exists() and time.time() - written.stat().st_mtime < FRESH_SECONDS
        running = job["process"].poll() is None if job is not None else progress.get("state") == "running" and fresh
        done, total = progress.get("sentences", 0), progress.get("total") or 0
        left, right = st.columns([4, 1])
        label = tr("store_progress", lang, name=folder.name, done=number(done, lang),
                   tokens=number(progress.get("tokens", 0), lang), seconds=progress.get("seconds", 0))  # fmt: skip
        if running:
            left.progress(min(done / total, 1.0) if total else 0.0, text=plain(label))
            if right.button(tr("cancel", lang), key=f"store_cancel_{folder.name}"):
                folder.mkdir(parents=True, exist_ok=True)
                (folder / "cancel").touch()
        else:
            state = progress.get("state", "failed" if job else "cancelled")
            if state == "running":
                state = "stopped"  # no process writes it any more: the app or the job was stopped
            left.caption(plain(f"{label} · {tr(f'store_state_{state}', lang)}"))
            if job is not None and job["process"].returncode not in (0, 3, None):
                left.code(_log_tail(folder) or tr("store_no_log", lang))
            if entry["manifest"] and right.button(tr("store_resume", lang), key=f"store_resume_{folder.name}"):
                m = entry["manifest"]
                (folder / "cancel").unlink(missing_ok=True)
                _start_job(Path(m["source"]["path"]), m["model"], m["layer"], m["direction"],
                           any(g in m["arrays"] for g in "ifgo"), folder)  # fmt: skip
                st.rerun()


def _open_store(folder: str) -> CorpusStore:
    """One open store per session (its DuckDB connection is not shared between sessions)."""
    kept = st.session_state.get("store_open")
    if kept is None or kept[0] != folder:
        kept = (folder, CorpusStore(folder))
        st.session_state.store_open = kept
    return kept[1]


def _open_in_explorer(store: CorpusStore, sentence: int, step: int, unit: int) -> None:
    m = store.manifest
    text = store.texts([sentence]).get(sentence, "")
    st.session_state.explorer_request = {"model": m["model"], "text": text}
    st.switch_page("ui/explorer.py", query_params={"model": m["model"], "text": text, "step": str(step), "unit": str(unit),
                                                   "layer": str(m["layer"]), "direction": str(m["direction"])})  # fmt: skip


def _open_picker(
    store: CorpusStore, labels: list[str], targets: list[tuple[int, int, int]], key: str, lang: str
) -> None:
    """A choice among `labels` and a button that opens its (sentence, step, unit) in the explorer."""
    if not labels:
        return
    left, right = st.columns([4, 1])
    pick = left.selectbox(tr("store_pick", lang), range(len(labels)), key=f"{key}_pick", format_func=labels.__getitem__)
    if right.button(tr("analyse_open", lang), key=f"{key}_open"):
        _open_in_explorer(store, *targets[pick])


def _dashboard(store: CorpusStore, lang: str) -> None:
    m = store.manifest
    c1, c2 = st.columns(2)
    if st.session_state.get("store_unit", 0) >= store.units:
        del st.session_state["store_unit"]
    unit = int(c1.number_input(tr("unit", lang), 0, store.units - 1, key="store_unit"))
    states = [s for s in ("h", "c") if s in m["arrays"]]
    state = c2.radio(tr("store_state", lang), states, horizontal=True, key="store_state")
    row = store.unit(unit, state)
    cols = st.columns(5)
    for col, (name, value) in zip(cols, [("mean", row["mean"]), ("std", row["std"]), ("min", row["min"]),
                                         ("max", row["max"]), ("on_share", row.get("on_share"))], strict=True):  # fmt: skip
        col.metric(tr(f"store_stat_{name}", lang, threshold=store.threshold), "—" if value is None else f"{value:.3f}")
    quantiles = {label: row["quantiles"][k] for label, k in SHOWN_QUANTILES.items()}
    st.plotly_chart(histogram(row["hist_edges"], row["hist_counts"], quantiles,
                              tr("store_histogram", lang, state=state, unit=unit, tokens=number(store.tokens, lang)),
                              state, tr("store_tokens_axis", lang)), key="store_histogram")  # fmt: skip
    correlations = {latent_name(n, lang): row[f"r_{n}"] for n in store.latents if row.get(f"r_{n}") is not None}
    if correlations:
        st.plotly_chart(latent_bars(correlations, tr("store_latents", lang, count=number(min(m["latent_sentences"], store.sentences), lang))),
                        key="store_latent_bars")  # fmt: skip
    else:
        st.caption(tr("store_no_latents", lang))

    st.subheader(tr("store_top", lang, unit=unit, state=state))
    contexts = store.contexts(unit, state, k=10)
    for ctx in contexts[:5]:
        st.markdown(f"**{ctx.value:+.3f}** · {tr('store_sentence', lang, n=number(ctx.sentence + 1, lang))}")
        st.markdown(context_html(ctx.tokens, ctx.values, ctx.position), unsafe_allow_html=True)
    table = pd.DataFrame([{"value": round(c.value, 4), "sentence": c.sentence + 1, "token": c.tokens[c.position],
                           "context": context_text(c.tokens, c.position, c.position + 1)} for c in contexts])  # fmt: skip
    st.dataframe(table, hide_index=True, key="store_contexts")
    targets = [(c.sentence, c.position + 1, unit) for c in contexts]
    _open_picker(store, [f"{c.value:+.3f} · {t}" for c, t in zip(contexts, table.get("context", []), strict=False)],
                 targets, "store_context", lang)  # fmt: skip
    st.download_button(tr("store_contexts_csv", lang), data=records_to_csv(table.to_dict("records")),
                       file_name=f"lstm-lens-{store.folder.name}-{state}{unit}-contexts.csv", mime="text/csv",
                       key="store_contexts_csv", on_click="ignore")  # fmt: skip


def _pattern_search(store: CorpusStore, lang: str) -> None:
    st.subheader(tr("pattern_title", lang))
    st.caption(tr("store_pattern_intro", lang, threshold=store.threshold, tokens=number(store.tokens, lang)))
    sentence = (
        int(st.number_input(tr("pattern_sentence", lang), 1, store.sentences, 1, key="store_pattern_sentence")) - 1
    )
    tokens = store.sentence_tokens(sentence)
    span = st.select_slider(tr("pattern_span", lang), options=list(range(1, len(tokens) + 1)), value=(1, min(2, len(tokens))),
                            key="store_pattern_span", format_func=lambda t: f"{t}: {tokens[t - 1]}") if len(tokens) > 1 else (1, 1)  # fmt: skip
    on = store.units_on(sentence, span[0] - 1, span[1])
    st.write(tr("pattern_on", lang, count=len(on), units=", ".join(map(str, on[:40])) + (" …" if len(on) > 40 else "")))
    count, matches = store.pattern_search(on, span[1] - span[0] + 1)
    st.write(tr("store_matches", lang, count=number(count, lang), shown=len(matches)))
    frame = pd.DataFrame(matches, columns=["sentence", "start", "context"])
    st.dataframe(frame, hide_index=True, key="store_matches")
    targets = [(m["sentence"] - 1, m["start"], on[0]) for m in matches]
    _open_picker(store, [f"{m['sentence']}: {m['context']}" for m in matches], targets, "store_match", lang)


def _describe(entry: dict, lang: str) -> str:
    m = entry["manifest"]
    return tr("store_label", lang, model=m["model"], layer=m["layer"], direction=m["direction"],
              file=Path(m["source"]["path"]).name, sentences=number(m["sentences"], lang),
              tokens=number(m["tokens"], lang), created=m.get("created", ""))  # fmt: skip


def show_stores(model_name: str, upload: dict | None, lang: str) -> None:
    """The whole section, inside an expander so the page above it stays as it was."""
    with st.expander(tr("store_title", lang), expanded=bool(st.session_state.get("store_expanded"))):
        st.caption(tr("store_intro", lang, root=plain(stores_root()), latents=number(LATENT_SENTENCES, lang)))
        _index_form(model_name, upload, lang)
        _jobs(lang)
        finished = [s for s in list_stores() if s["manifest"].get("finished")]
        st.subheader(tr("store_browse", lang))
        if not finished:
            st.caption(tr("store_none", lang))
            return
        labels = {str(s["folder"]): _describe(s, lang) for s in finished}
        folder = st.selectbox(tr("store_choose", lang), list(labels), key="store_choice", format_func=labels.get)
        try:
            store = _open_store(folder)
        except (StoreError, OSError) as err:
            st.warning(plain(err))
            return
        _dashboard(store, lang)
        _pattern_search(store, lang)
        st.download_button(tr("store_stats_download", lang), data=store.statistics_parquet,
                           file_name=f"lstm-lens-{store.folder.name}-units.parquet", mime="application/octet-stream",
                           key="store_stats_download", on_click="ignore")  # fmt: skip
