"""Corpus stores: the stored states are the probe's, the statistics NumPy's, a resumed run the same
store as an uninterrupted one, and bad files get a clear message."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest

from models import zoo
from models.corpus import store as corpus_store
from models.corpus.store import QUANTILES, StoreError, finalize, index
from models.corpus.store_read import CorpusStore
from models.corpus.stream import iter_sentences, open_source
from models.corpus.upload import UploadError
from models.probe import trace

pytestmark = pytest.mark.fast

VALIDATION = Path("models/train/data/natural/validation/sentiment_hu_val.tsv")
HU = [line.split("\t")[2].strip() for line in VALIDATION.read_text(encoding="utf-8").splitlines()[1:61]]
CODE = ["def f(x):\n", "    return x + 1", "print('hi')  # hello", "x = [1, 2, (3)]", "if a:\n    b()"]


@pytest.fixture(scope="module")
def sentiment_hu():
    return zoo.load("sentiment_hu")


def _corpus(tmp_path, texts, name="corpus.txt"):
    path = tmp_path / name
    path.write_text("\n".join(t.replace("\n", " ") for t in texts) + "\n", encoding="utf-8")
    return path


def _zarr(folder):
    return corpus_store._zarr().open_group(str(folder / "states.zarr"), mode="r")


@pytest.mark.parametrize(("name", "layer", "direction", "gates"),
                         [("sentiment_hu", 0, 0, True), ("ner_hu", 0, 1, True), ("code_chars", 1, 0, False),
                          ("recall_gru", 0, 0, False)])  # fmt: skip
def test_store_values_are_the_probes(tmp_path, monkeypatch, name, layer, direction, gates) -> None:
    monkeypatch.setattr(corpus_store, "PART_SENTENCES", 7)
    monkeypatch.setattr(corpus_store, "CHUNK_TOKENS", 32)  # whole chunks written directly, the rest through Zarr
    monkeypatch.setattr(corpus_store, "BATCH_SIZE", 3)
    monkeypatch.setattr(corpus_store, "STATS_ARRAYS", ())  # statistics have their own test
    loaded = zoo.load(name)
    texts = CODE if name in ("code_chars", "recall_gru") else HU[:20]
    if name == "recall_gru":
        texts = ["3abcabc", "1xyz", "7" * 30]
    folder = tmp_path / "store"
    manifest = index(_corpus(tmp_path, texts), loaded, folder, layer, direction, gates=gates)
    assert manifest["finished"] and manifest["sentences"] == len(texts)
    group = _zarr(folder)
    offsets = group["offsets"][:]
    stored = open_source(tmp_path / "corpus.txt")
    for s, text in enumerate(iter_sentences(stored)):
        tr = trace(loaded.model, loaded.tokenizer.encode(text))
        assert list(group["token_ids"][offsets[s] : offsets[s + 1]]) == loaded.tokenizer.encode(text)
        for array in manifest["arrays"]:
            got = group[array][offsets[s] : offsets[s + 1]].astype(np.float32)
            np.testing.assert_allclose(got, tr.get(array, layer, direction), atol=2e-3, rtol=1e-3)  # float16


def test_statistics_equal_numpy(tmp_path, sentiment_hu) -> None:
    folder = tmp_path / "store"
    index(_corpus(tmp_path, HU), sentiment_hu, folder, latent_sentences=40)
    group = _zarr(folder)
    table = pq.read_table(folder / "units.parquet").to_pylist()
    units = sentiment_hu.config.hidden_size
    assert {(r["state"], r["unit"]) for r in table} == {(a, u) for a in ("h", "c") for u in range(units)}
    sentences = pq.read_table(folder / "sentences").to_pandas().sort_values("sentence")
    negated = sentences["latent_negated"].iloc[:40]
    assert negated.notna().sum() > 30  # latents_for knows the negation scope of any Hungarian sentence
    target = np.concatenate([v for v in negated if v is not None])
    where = np.zeros(int(sentences["start"].iloc[39] + sentences["length"].iloc[39]), dtype=bool)
    for start, length, v in zip(sentences["start"][:40], sentences["length"][:40], negated, strict=True):
        where[start : start + length] = v is not None
    for row in table[::17]:
        column = group[row["state"]][:, row["unit"]]
        values = column.astype(np.float64)
        assert row["count"] == len(values)
        assert row["mean"] == pytest.approx(values.mean(), abs=1e-9)
        assert row["std"] == pytest.approx(values.std(), abs=1e-9)
        assert row["min"] == values.min() and row["max"] == values.max()
        assert row["quantiles"] == list(np.quantile(values, QUANTILES, method="inverted_cdf"))
        counts, edges = np.histogram(values, bins=np.asarray(row["hist_edges"]))
        assert row["hist_counts"] == counts.tolist() and len(counts) == corpus_store.BINS
        assert row["top_values"] == sorted(values, reverse=True)[: corpus_store.TOP_K]
        assert [values[p] for p in row["top_positions"]] == row["top_values"]
        assert row["r_negated"] == pytest.approx(np.corrcoef(values[: len(where)][where], target)[0, 1], abs=1e-9)
        if row["state"] == "h":
            on = values > 0.3
            assert row["on_mask"] == np.packbits(on).tobytes() and row["on_share"] == pytest.approx(on.mean())
        else:
            assert row["on_mask"] is None


def test_resume_after_interruption_gives_the_same_store(tmp_path, monkeypatch, sentiment_hu) -> None:
    monkeypatch.setattr(corpus_store, "PART_SENTENCES", 9)
    monkeypatch.setattr(corpus_store, "CHUNK_TOKENS", 64)  # parts end inside chunks: partial chunks are rewritten
    corpus = _corpus(tmp_path, HU)
    whole = tmp_path / "whole"
    index(corpus, sentiment_hu, whole, latent_sentences=20)

    def crash_after(parts):
        calls = []

        def progress(state):
            calls.append(state)
            if len(calls) == parts:
                raise KeyboardInterrupt  # the process dies mid-run: nothing is flushed

        return progress

    resumed = tmp_path / "resumed"
    with pytest.raises(KeyboardInterrupt):
        index(corpus, sentiment_hu, resumed, latent_sentences=20, progress=crash_after(3))
    manifest = json.loads((resumed / "manifest.json").read_text())
    assert not manifest["finished"] and 0 < len(manifest["parts"]) < 3  # only parts whose tokens are on disk
    cancelled = index(corpus, sentiment_hu, resumed, latent_sentences=20, progress=lambda s: s["sentences"] < 40)
    assert not cancelled["finished"]  # a clean cancel: the callback returned False
    assert json.loads((resumed / "progress.json").read_text())["state"] == "cancelled"
    done = index(corpus, sentiment_hu, resumed, latent_sentences=20)
    assert done["finished"] and done["sentences"] == len(HU)
    a, b = _zarr(whole), _zarr(resumed)
    for name in ("h", "c", "token_ids", "offsets"):
        np.testing.assert_array_equal(a[name][:], b[name][:])
    assert pq.read_table(whole / "units.parquet").equals(pq.read_table(resumed / "units.parquet"))
    assert (
        pq.read_table(whole / "sentences")
        .sort_by("sentence")
        .equals(pq.read_table(resumed / "sentences").sort_by("sentence"))
    )
    finalize(resumed)  # finalize is repeatable
    assert pq.read_table(whole / "units.parquet").equals(pq.read_table(resumed / "units.parquet"))


def test_other_settings_in_the_same_folder_are_refused(tmp_path, sentiment_hu) -> None:
    corpus = _corpus(tmp_path, HU[:10])
    index(corpus, sentiment_hu, tmp_path / "s", latent_sentences=0)
    with pytest.raises(StoreError, match="other settings"):
        index(corpus, sentiment_hu, tmp_path / "s", direction=0, threshold=0.5, latent_sentences=0)
    assert index(corpus, sentiment_hu, tmp_path / "s", overwrite=True, threshold=0.5, latent_sentences=0)["finished"]


def test_reader_dashboard_and_pattern_search(tmp_path, sentiment_hu) -> None:
    folder = tmp_path / "store"
    index(_corpus(tmp_path, HU), sentiment_hu, folder, latent_sentences=0)
    store = CorpusStore(folder)
    h = store.group["h"][:].astype(np.float32)
    unit = int(np.argmax(h.max(axis=0)))
    top = store.contexts(unit, k=5)
    assert top[0].value == pytest.approx(h[:, unit].max(), abs=1e-3)
    assert top[0].values[top[0].position] == pytest.approx(top[0].value)
    assert top[0].text == HU[top[0].sentence]
    units = store.units_on(0, 0, 2)
    assert units == [u for u in range(h.shape[1]) if (h[0:2, u] > 0.3).all()]
    count, rows = store.pattern_search(units[:3], 2, limit=1000)
    on = (h[:, units[:3]] > 0.3).all(axis=1)
    expected = [
        p for p in range(len(on) - 1) if on[p] and on[p + 1] and store.sentence_of(p) == store.sentence_of(p + 1)
    ]
    assert count == len(expected) and [(r["sentence"], r["start"]) for r in rows] == [
        (store.sentence_of(p) + 1, p - store.offsets[store.sentence_of(p)] + 1) for p in expected
    ]


@pytest.mark.parametrize(
    ("content", "options", "message"),
    [
        (b"", {}, "empty"),
        (b"  \n\n", {}, "empty"),
        ("Árvíztűrő tükörfúrógép\n".encode("cp1250") * 3, {"encoding": "utf-8"}, "not valid utf-8"),
        (b"ok line\n" + b"x" * (2 << 20) + b"\n", {}, "longer than 1 MB"),
        (b"\x00\x01\x02binary" * 100, {}, "binary"),
        (b'{"text": "a"}\n{"text": \n', {"name": "c.jsonl"}, "Line 2 is not valid JSON"),
        (b"a,b\n1,2\n", {"name": "c.csv", "column": "text"}, "no column 'text'"),
        (b'text\n"unterminated' + b"y" * (2 << 20), {"name": "c.csv"}, "longer than 1 MB"),
    ],
)
def test_bad_input_gets_a_clear_error(tmp_path, sentiment_hu, content, options, message) -> None:
    path = tmp_path / options.pop("name", "c.txt")
    path.write_bytes(content)
    with pytest.raises(UploadError, match=message):
        source = open_source(path, **options)
        index(source, sentiment_hu, tmp_path / "store")


def test_formats_and_a_late_bad_line(tmp_path, sentiment_hu) -> None:
    texts = HU[:5]
    (tmp_path / "c.tsv").write_text("label\ttext\n" + "".join(f"pos\t{t}\n" for t in texts), encoding="cp1250")
    (tmp_path / "c.jsonl").write_text(
        "".join(json.dumps({"text": t}) + "\n" for t in texts) + "null\n", encoding="utf-16"
    )
    import pyarrow as pa

    pq.write_table(pa.table({"id": list(range(5)), "text": texts}), tmp_path / "c.parquet")
    for name in ("c.tsv", "c.jsonl", "c.parquet"):
        assert list(iter_sentences(open_source(tmp_path / name))) == texts, name
    late = tmp_path / "late.txt"
    late.write_bytes(b"plain ascii line\n" * 70_000 + "hibás sor\n".encode("cp1250"))
    with pytest.raises(UploadError, match="Line 70001 is not valid utf-8"):
        list(iter_sentences(open_source(late)))


def test_running_statistics_equal_the_column_statistics(tmp_path) -> None:
    """Gathered part by part (parts of 1 to 50 tokens, so mask bytes straddle parts; many ties, so
    top-k ties are broken by position across parts) the rows equal `column_stats` of whole columns."""
    rng = np.random.default_rng(0)
    units, tokens = 5, 400
    values = {
        "h": np.round(rng.normal(0.2, 0.5, (units, tokens)) * 4) / 4,  # few distinct values: ties everywhere
        "c": rng.normal(0, 2, (units, tokens)),
    }
    values = {k: v.astype(np.float16) for k, v in values.items()}
    values["h"][1] = 0.5  # a constant unit
    lengths = rng.integers(1, 8, 200)
    lengths = lengths[np.cumsum(lengths) <= tokens]
    lengths[-1] += tokens - lengths.sum()
    running = corpus_store.RunningStats(tmp_path, ["h", "c"], units, 0.3, latent_sentences=30)
    sizes = itertools.cycle((1, 3, 5, 7, 2))  # sentences per part
    start = sentence = 0
    while sentence < len(lengths):
        own = lengths[sentence : sentence + next(sizes)]
        count = int(own.sum())
        arrays = {k: np.ascontiguousarray(v[:, start : start + count]) for k, v in values.items()}
        running.add(corpus_store.Part(sentence, ["x"] * len(own), np.zeros(count, np.int32), own, arrays))
        start, sentence = start + count, sentence + len(own)
    assert running.tokens == tokens
    lead = int(lengths[:30].sum())
    where = rng.random(lead) < 0.7
    latents = {"depth": (where, rng.normal(size=int(where.sum())))}
    for name in ("h", "c"):
        for unit in range(units):
            expected = corpus_store.column_stats(values[name][unit], 0.3 if name == "h" else None, latents)
            assert running.row(name, unit, latents) == expected, (name, unit)
    running.close()
    assert not (tmp_path / "_stats").exists()
