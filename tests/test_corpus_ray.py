"""The indexing job on Ray Data (Ray's local mode) writes the same store as the plain local loop."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
import torch

from models import zoo
from models.corpus import store as corpus_store
from models.corpus.store import index

pytestmark = pytest.mark.slow  # Ray's local start-up takes tens of seconds on two cores

VALIDATION = Path("models/train/data/natural/validation/sentiment_hu_val.tsv")
HU = [line.split("\t")[2].strip() for line in VALIDATION.read_text(encoding="utf-8").splitlines()[1:]]


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    yield
    ray.shutdown()


def test_ray_store_equals_local_store(tmp_path, monkeypatch, ray_local) -> None:
    monkeypatch.setattr(corpus_store, "PART_SENTENCES", 40)  # several parts, so several Ray batches and actors
    monkeypatch.setattr(corpus_store, "CHUNK_TOKENS", 256)
    monkeypatch.delenv("RAY_ADDRESS", raising=False)
    corpus = tmp_path / "hu.txt"
    corpus.write_text("\n".join(HU) + "\n", encoding="utf-8")
    loaded = zoo.load("sentiment_hu")
    threads = torch.get_num_threads()
    torch.set_num_threads(1)  # as Ray's workers (OMP_NUM_THREADS=1): a product split over 2 threads rounds differently
    try:
        local = index(corpus, loaded, tmp_path / "local", gates=True, latent_sentences=60)
    finally:
        torch.set_num_threads(threads)
    remote = index(corpus, loaded, tmp_path / "ray", gates=True, latent_sentences=60, engine="ray", workers=2)
    assert remote["finished"] and remote["sentences"] == local["sentences"] == len(HU)
    assert not (tmp_path / "ray" / "_staging").exists()
    group = {
        name: corpus_store._zarr().open_group(str(tmp_path / name / "states.zarr"), mode="r")
        for name in ("local", "ray")
    }
    for array in ("h", "c", "i", "f", "g", "o", "token_ids", "offsets"):
        np.testing.assert_array_equal(group["local"][array][:], group["ray"][array][:])
    assert pq.read_table(tmp_path / "local" / "units.parquet").equals(pq.read_table(tmp_path / "ray" / "units.parquet"))
    assert (
        pq.read_table(tmp_path / "local" / "sentences")
        .sort_by("sentence")
        .equals(pq.read_table(tmp_path / "ray" / "sentences").sort_by("sentence"))
    )
