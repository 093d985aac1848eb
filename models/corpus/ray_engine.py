"""The indexing job on Ray Data: the same parts, computed by actors that hold the model.

`python -m models.corpus index ... --engine ray` (or with RAY_ADDRESS set) stages the corpus,
as the local job reads it, into Parquet files of one part each beside the store, then runs
`ray.data.read_parquet(...).map_batches(PartIndexer, batch_size=PART_SENTENCES, concurrency=n)`:
each actor loads the model once and turns a part into exactly the `Part` the local loop computes
(`LayerRunner.part`). The driver takes the parts back in corpus order and writes the same store
(models.corpus.store.Writer), so a Ray run and a local run give equal stores. With RAY_ADDRESS the
actors run on that cluster; the store folder (and the staging beside it) must then be on storage
every node reads, and the repository on every node (`ray job submit --working-dir .`).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

import numpy as np

from models.corpus.store import LayerRunner, Part
from models.zoo import LoadedModel

REPO = Path(__file__).resolve().parents[2]
STAGING = "_staging"  # beside the store's files; removed when the run ends


class PartIndexer:
    """A Ray actor: one model, one layer and direction, a part per call."""

    def __init__(self, model: str, layer: int, direction: int, gates: bool, latent_sentences: int) -> None:
        import torch

        from models import zoo

        torch.set_num_threads(1)  # one core per actor: Ray schedules the cores
        self.runner = LayerRunner(zoo.load(model), layer, direction, gates)
        self.latent_sentences = latent_sentences

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
        first = int(batch["sentence"][0])
        part = self.runner.part(first, [str(t) for t in batch["text"]], self.latent_sentences)
        row = {"first": np.array([first]), "texts": np.array([json.dumps(part.texts, ensure_ascii=False)], dtype=object),
               "ids": np.array([part.ids.tobytes()], dtype=object),
               "lengths": np.array([part.lengths.tobytes()], dtype=object),
               "latents": np.array([json.dumps(part.latents)], dtype=object)}  # fmt: skip
        for name, values in part.arrays.items():
            row[f"array_{name}"] = np.array([values.tobytes()], dtype=object)
        return row


def _part_of(row: dict, units: int) -> Part:
    arrays = {
        key.removeprefix("array_"): np.frombuffer(value, dtype=np.float16).reshape(units, -1)
        for key, value in row.items()
        if key.startswith("array_")
    }
    return Part(int(row["first"]), json.loads(row["texts"]), np.frombuffer(row["ids"], dtype=np.int32),
                np.frombuffer(row["lengths"], dtype=np.int64), arrays, json.loads(row["latents"]))  # fmt: skip


def _stage(chunks: Iterable[tuple[int, list[str]]], folder: Path) -> int:
    """One Parquet file per part (sentence number, text); returns how many parts."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    count = 0
    for first, texts in chunks:
        table = pa.table({"sentence": np.arange(first, first + len(texts), dtype=np.int64), "text": texts})
        pq.write_table(table, folder / f"part-{count:06d}.parquet")
        count += 1
    return count


def _init_ray(workers: int | None) -> int:
    """Start Ray (or join RAY_ADDRESS); the number of actors: `workers`, else every CPU but one, which
    is left to Ray Data's read tasks (actors holding every CPU would starve them: the run would hang)."""
    import ray

    actors = workers or max(1, (os.cpu_count() or 2) - 1)
    if not ray.is_initialized():
        address = os.environ.get("RAY_ADDRESS")
        if address:
            ray.init(address=address, log_to_driver=False)
        else:  # Ray's local mode on this machine, without the dashboard
            paths = os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")]))
            ray.init(num_cpus=actors + 1, include_dashboard=False, log_to_driver=False,
                     runtime_env={"env_vars": {"OMP_NUM_THREADS": "1", "PYTHONPATH": paths}})  # fmt: skip
    if workers:
        return workers
    return max(1, int(ray.cluster_resources().get("CPU", 2)) - 1)


def ray_parts(
    chunks: Iterable[tuple[int, list[str]]],
    loaded: LoadedModel,
    layer: int,
    direction: int,
    gates: bool,
    latent_sentences: int,
    workers: int | None = None,
    staging: Path | None = None,
) -> Iterator[Part]:
    """The parts of `chunks`, computed by Ray actors, in corpus order."""
    import ray.data

    from models.corpus.store import PART_SENTENCES

    folder = staging or Path(os.environ.get("TMPDIR", "/tmp")) / f"lstm-lens-{STAGING}-{os.getpid()}"
    parts = _stage(chunks, folder)
    if parts == 0:
        return
    try:
        actors = _init_ray(workers)
        context = ray.data.DataContext.get_current()
        context.execution_options.preserve_order = True  # parts come back in corpus order
        context.enable_progress_bars = False
        model = str(loaded.path or loaded.name)
        dataset = ray.data.read_parquet(
            str(folder), file_extensions=["parquet"], override_num_blocks=parts
        ).map_batches(
            PartIndexer,
            batch_size=PART_SENTENCES,
            batch_format="numpy",
            concurrency=actors,
            num_cpus=1,
            fn_constructor_kwargs={
                "model": model,
                "layer": layer,
                "direction": direction,
                "gates": gates,
                "latent_sentences": latent_sentences,
            },  # fmt: skip
        )
        units = loaded.model.rnn.hidden_size
        for row in dataset.iter_rows():
            yield _part_of(row, units)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
