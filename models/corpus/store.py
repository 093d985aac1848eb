"""Corpus stores: one layer's states for every token of a corpus of any size, and per-unit statistics.

`index` streams a corpus (models.corpus.stream) through a zoo model in parts of PART_SENTENCES
sentences; each part is tokenized, sorted by length and run in batches (the layers below packed
through `layers_of`, the chosen layer stepped with its own weights so that C and the gates come
with h; `LayerRunner`), and written in corpus order. The store is a folder:

    manifest.json        model, layer, direction, source, parameters, finished parts, totals
    progress.json        state (running, finished, cancelled, failed), sentences and tokens done
    vocab.json           the model's tokens (a store is readable without the model)
    states.zarr/         h, c (LSTM), i f g o on request: (tokens, units) float16, Blosc-compressed,
                         chunks of (CHUNK_TOKENS, 1): one unit over all tokens is one column of chunks;
                         token_ids (tokens,) int32; offsets (sentences + 1,) int64 (after finalize)
    sentences/part-NNNNN.parquet   sentence number, text, first token, length, per-token latents
    units.parquet        one row per (state, unit): count, mean, std, min, max, quantiles, histogram,
                         top-k positions and values, r with each latent, share on, bit-packed on-mask

Resumable: the manifest lists the parts whose tokens are durably written (token chunks are
written whole, the remainder kept until the next part fills it); a rerun with the same arguments
goes on from the first unfinished part. The statistics are gathered while the parts are written
(`RunningStats`: value counts, top-k, on-mask bits) and `finalize` turns them into units.parquet;
after a resume it reads each unit column back instead (the same rows), so memory stays bounded
whatever the corpus size. The next part is computed in a thread while one is written (`ahead`).
`python -m models.corpus index ...` runs it from the command line (`--engine ray` on Ray
Data: models.corpus.ray_engine).
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import shutil
import sys
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

import numpy as np
import torch
from torch import nn

from models.corpus.stream import Source, iter_sentences, open_source
from models.corpus.upload import UploadError
from models.nets.tokenize import UNK_ID
from models.probe import layers_of
from models.train.evaluate import pad_batch
from models.zoo import LoadedModel

VERSION = 1
PART_SENTENCES = 4096  # sentences per part: the unit of work, of resuming and of a Ray batch
BATCH_SIZE = 256  # sentences per forward batch inside a part
BATCH_TOKENS = 16_384  # at most this many padded tokens per batch (a few long lines cannot blow up memory)
CHUNK_TOKENS = 1 << 18  # Zarr chunk length along tokens (512 KiB of float16 per unit), written whole
TOKEN_ID_CHUNK = 1 << 16  # token ids are read a sentence at a time
QUANTILES = (0.001, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 0.999)
BINS = 40
TOP_K = 20
THRESHOLD = 0.3  # h above this is "on" in the stored masks (LSTMVis' default range)
LATENT_SENTENCES = 2_000  # latents (models.probe.analysis.latents_for) are computed for the first N sentences
STATS_ARRAYS = ("h", "c")  # arrays with a row per unit in units.parquet
GATES = ("i", "f", "g", "o")

Progress = Callable[[dict], object]  # called after every part; returning False cancels


class StoreError(ValueError):
    """A store that cannot be written or read as asked, with a message meant for the user."""


@dataclass
class Part:
    """One part's results in corpus order: token ids, sentence lengths and (tokens, units) float16 arrays."""

    first_sentence: int
    texts: list[str]
    ids: np.ndarray  # (tokens,) int32
    lengths: np.ndarray  # (sentences,) int64
    arrays: dict[str, np.ndarray]  # name -> (units, tokens) float16: a unit's values are contiguous, as on disk
    latents: dict[str, list] = field(default_factory=dict)  # name -> per sentence: list of floats or None


# ---------------------------------------------------------------------------------------------
# Computing one part


def batches(lengths: np.ndarray) -> Iterator[np.ndarray]:
    """Indices of length-sorted batches: at most BATCH_SIZE sentences and BATCH_TOKENS padded tokens each."""
    order = np.argsort(lengths, kind="stable")
    start = 0
    while start < len(order):
        longest = max(int(lengths[order[min(start + BATCH_SIZE, len(order)) - 1]]), 1)
        size = max(1, min(BATCH_SIZE, BATCH_TOKENS // longest, len(order) - start))
        while size > 1 and int(lengths[order[start + size - 1]]) * size > BATCH_TOKENS:
            size //= 2
        yield order[start : start + size]
        start += size


class LayerRunner:
    """The chosen layer of a zoo model over length-sorted batches. The layers below run packed through
    `layers_of` (the fused kernel); a chosen LSTM layer is stepped with its own weights, so that C and
    the gates come with h, and the first batch of every part checks that h against the kernel's. A
    GRU or RNN layer stores h only, straight from the kernel."""

    def __init__(self, loaded: LoadedModel, layer: int, direction: int, gates: bool = False) -> None:
        rnn = loaded.model.rnn
        if layer >= rnn.num_layers or direction >= (2 if rnn.bidirectional else 1):
            raise StoreError(f"{loaded.name} has {rnn.num_layers} layer(s), {1 + rnn.bidirectional} direction(s).")
        if getattr(rnn, "proj_size", 0):
            raise StoreError("Models with projected LSTM states (proj_size) cannot be indexed yet.")
        self.loaded, self.layer, self.direction = loaded, layer, direction
        self.kind = {nn.LSTM: "lstm", nn.GRU: "gru", nn.RNN: "rnn"}[type(rnn)]
        if gates and self.kind != "lstm":
            raise StoreError("Gates are stored for LSTM models only.")
        self.below = layers_of(rnn, 0, layer)
        self.top = layers_of(rnn, layer, layer + 1)
        self.hidden = rnn.hidden_size
        self.table = None  # layer 0 of an LSTM: its input term for every vocabulary entry (V, 4H)
        if self.kind == "lstm":
            suffix = "_reverse" if direction else ""
            w_ih = getattr(self.top, f"weight_ih_l0{suffix}").detach()
            w_hh = getattr(self.top, f"weight_hh_l0{suffix}").detach()
            b_ih = getattr(self.top, f"bias_ih_l0{suffix}", None)
            bias = torch.zeros(w_ih.shape[0]) if b_ih is None else (b_ih + getattr(self.top, f"bias_hh_l0{suffix}")).detach()
            # The rows of i, f and o halved (exact in floating point): one tanh of a step's (n, 4H) then
            # gives tanh(x/2) for them, and σ(x) = (1 + tanh(x/2)) / 2, beside g = tanh(x) in its own rows.
            scale = torch.ones(w_ih.shape[0], 1)
            scale[: 2 * self.hidden], scale[3 * self.hidden :] = 0.5, 0.5
            self.w_ih, self.bias, self.w_hh_t = w_ih * scale, bias * scale[:, 0], (w_hh * scale).T.contiguous()
            if self.below is None:
                self.table = nn.functional.linear(loaded.model.embedding.weight.detach(), self.w_ih, self.bias)
        self.names = ["h"] + (["c"] if self.kind == "lstm" else []) + (list(GATES) if gates else [])

    def _input(self, ids: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        """The chosen layer's input (B, T, in): the embedding, or the packed output of the layers below."""
        x = self.loaded.model.embedding(ids)  # (B, T, E)
        if self.below is None:
            return x
        pack = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.below(pack)
        return nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=ids.shape[1])[0]

    def _kernel_h(self, x: torch.Tensor, lengths: torch.Tensor) -> torch.Tensor:
        pack = nn.utils.rnn.pack_padded_sequence(x, lengths, batch_first=True, enforce_sorted=False)
        out, _ = self.top(pack)
        out = nn.utils.rnn.pad_packed_sequence(out, batch_first=True, total_length=x.shape[1])[0]  # (B, T, D*H)
        return out[:, :, self.direction * self.hidden : (self.direction + 1) * self.hidden]

    @torch.no_grad()
    def batch(self, ids: torch.Tensor, lengths: torch.Tensor, check: bool = False) -> dict[str, torch.Tensor]:
        """name -> (T, B, units) float32, time-major, for a padded batch whose rows are sorted by length,
        longest first; values past a row's length mean nothing (`part` keeps each row's own tokens).

        An LSTM layer is stepped here with its own weights: the input term of every step at once (a
        table lookup for layer 0), then per step the recurrent product, one tanh for all four gates,
        C and h, on the rows still reading (the first ones, as the rows are sorted). That is the
        kernel's own work, once, with C and the gates kept. Each part's first batch also runs the
        fused kernel and checks the stepped h against it on every row's own tokens."""
        steps, hidden, rows = ids.shape[1], self.hidden, ids.shape[0]
        x = self._input(ids, lengths)
        if self.kind != "lstm":
            return {"h": self._kernel_h(x, lengths).transpose(0, 1)}
        reverse = None
        if self.direction == 1:  # in reading order: flip each row within its length, step forwards, flip back
            t = torch.arange(steps)[None, :]
            reverse = torch.where(t < lengths[:, None], lengths[:, None] - 1 - t, t)  # (B, T)
        if self.table is not None:
            read = ids if reverse is None else ids.gather(1, reverse)
            z = nn.functional.embedding(read.T, self.table)  # (T, B, 4H)
        else:
            read = x if reverse is None else x.gather(1, reverse[:, :, None].expand_as(x))
            z = nn.functional.linear(read.transpose(0, 1), self.w_ih, self.bias)  # (T, B, 4H)
        keep_gates = any(g in self.names for g in GATES)
        out = {n: torch.zeros(steps, rows, hidden) for n in (["h", "c"] + (list(GATES) if keep_gates else []))}
        reading = (lengths[None, :] > torch.arange(steps)[:, None]).sum(1).tolist()  # rows still reading at t
        h_prev, c_prev = torch.zeros(rows, hidden), torch.zeros(rows, hidden)
        for t, n in enumerate(reading):
            squashed = torch.tanh(z[t, :n].addmm_(h_prev[:n], self.w_hh_t))  # (n, 4H): i, f, g, o
            act = squashed.mul(0.5).add_(0.5)  # σ for i, f and o (their rows were halved)
            i, f, o = act[:, :hidden], act[:, hidden : 2 * hidden], act[:, 3 * hidden :]
            g = squashed[:, 2 * hidden : 3 * hidden]
            c_prev = torch.addcmul(i * g, f, c_prev[:n], out=out["c"][t, :n])
            h_prev = torch.mul(o, torch.tanh(c_prev), out=out["h"][t, :n])
            if keep_gates:
                for name, value in zip("ifgo", (i, f, g, o), strict=True):
                    out[name][t, :n] = value
        found = {k: out[k] for k in self.names}
        if reverse is not None:  # back in the text's order
            back = reverse.T[:, :, None].expand(steps, rows, hidden)
            found = {k: v.gather(0, back) for k, v in found.items()}
        if check:
            valid = torch.arange(steps)[:, None] < lengths[None, :]  # (T, B)
            gap = float((found["h"] - self._kernel_h(x, lengths).transpose(0, 1))[valid].abs().max())
            if gap > 1e-4:
                raise StoreError(f"The stepped layer does not reproduce the kernel's h (max difference {gap:.2e}).")
        return found

    def part(self, first_sentence: int, texts: list[str], latent_sentences: int = LATENT_SENTENCES) -> Part:
        encoded = [ids or [UNK_ID] for ids in self.loaded.tokenizer.encode_many(texts)]
        lengths = np.array([len(e) for e in encoded], dtype=np.int64)
        starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
        total = int(lengths.sum())
        arrays = {n: torch.empty((total, self.hidden), dtype=torch.float16) for n in self.names}
        for number, idx in enumerate(batches(lengths)):
            idx = idx[::-1]  # longest first: the rows still reading at step t are the first ones
            ids, lens = pad_batch([encoded[k] for k in idx])
            valid = torch.arange(ids.shape[1])[:, None] < lens[None, :]  # (T, B), time-major like the states
            step, row = valid.nonzero(as_tuple=True)  # each valid token, step by step
            target = torch.from_numpy(starts[idx])[row] + step  # its place in the part, in corpus order
            for name, values in self.batch(ids, lens, check=number == 0).items():
                if name in arrays:
                    arrays[name][target] = values.to(torch.float16)[valid]
        flat = np.fromiter((i for e in encoded for i in e), dtype=np.int32, count=total)
        latents = self._latents(first_sentence, texts, lengths, latent_sentences)
        # torch transposes in cache blocks; each token-major array is let go once its copy exists, so a
        # part holds one state twice at a time, not all of them (the indexing's peak memory)
        by_unit = {k: arrays.pop(k).t().contiguous().numpy() for k in list(arrays)}
        return Part(first_sentence, texts, flat, lengths, by_unit, latents)

    def _latents(self, first: int, texts: list[str], lengths: np.ndarray, limit: int) -> dict[str, list]:
        """Per-token latents (models.probe.analysis.latents_for) of the sentences numbered below `limit`."""
        names = list(self.loaded.meta.get("latent", []))
        if not names or first >= limit:
            return {}
        from models.probe.analysis import latents_for

        out: dict[str, list] = {n: [None] * len(texts) for n in names}
        for k, text in enumerate(texts[: limit - first]):
            found, _ = latents_for(self.loaded, text)
            for name, values in found.items():
                if name in out and len(values) == lengths[k]:
                    out[name][k] = [float(v) for v in values]
        return out


# ---------------------------------------------------------------------------------------------
# Writing


def _zarr():
    import zarr

    zarr.config.set({"threading.max_workers": 1, "async.concurrency": 4})
    return zarr


def _compressor():
    from zarr.codecs import BloscCodec

    return BloscCodec(cname="lz4", clevel=1, shuffle="bitshuffle", typesize=2)  # activations hardly compress (~8 %)


def _numcodecs_blosc(array):
    """numcodecs' Blosc with the settings of the array's Blosc codec (the one Zarr's codec calls)."""
    from numcodecs import Blosc

    codecs = array.metadata.to_dict()["codecs"]
    names = [c["name"] for c in codecs]
    if names != ["bytes", "blosc"] or codecs[0]["configuration"]["endian"] != "little":
        raise StoreError(f"Unexpected codecs {names} in the store.")
    config = codecs[1]["configuration"]
    shuffle = {"noshuffle": Blosc.NOSHUFFLE, "shuffle": Blosc.SHUFFLE, "bitshuffle": Blosc.BITSHUFFLE}[
        config["shuffle"]
    ]
    return Blosc(cname=config["cname"], clevel=config["clevel"], shuffle=shuffle, blocksize=config["blocksize"])


class Writer:
    """Appends parts' tokens to the Zarr arrays in whole chunks (the remainder waits for the next part)."""

    def __init__(self, folder: Path, names: list[str], units: int, start_token: int, create: bool) -> None:
        zarr = _zarr()
        self.folder = folder
        path = folder / "states.zarr"
        if create:
            group = zarr.open_group(str(path), mode="w")
            for name in names:
                group.create_array(name, shape=(0, units), chunks=(CHUNK_TOKENS, 1), dtype="float16",
                                   compressors=_compressor(), fill_value=0)  # fmt: skip
            group.create_array("token_ids", shape=(0,), chunks=(TOKEN_ID_CHUNK,), dtype="int32", fill_value=0)
        else:
            group = zarr.open_group(str(path), mode="r+")
        self.arrays = {name: group[name] for name in names}
        self.blosc = _numcodecs_blosc(self.arrays["h"])
        self.token_ids = group["token_ids"]
        self.group = group
        self.start = start_token  # tokens before this are on disk
        self.pending: list[Part] = []

    def append(self, part: Part) -> None:
        self.pending.append(part)
        self.flush(final=False)

    def flush(self, final: bool) -> None:
        """Write the pending tokens up to the last whole chunk (all of them when `final`)."""
        count = sum(len(p.ids) for p in self.pending)
        end = self.start + count
        upto = end if final else end // CHUNK_TOKENS * CHUNK_TOKENS
        if upto <= self.start:
            return
        n = upto - self.start
        ids = np.concatenate([p.ids for p in self.pending])
        self._resize(upto)
        self.token_ids[self.start : upto] = ids[:n]
        whole = self.start % CHUNK_TOKENS == 0 and n % CHUNK_TOKENS == 0 and sys.byteorder == "little"
        rest: dict[str, np.ndarray] = {}
        for name, array in self.arrays.items():
            blocks = [p.arrays[name] for p in self.pending]  # (units, tokens) each
            if whole:
                self._write_whole_chunks(name, blocks)
            else:  # a chunk partly on disk already (resume, cancel, the end): Zarr reads, merges, writes
                array[self.start : upto] = np.concatenate(blocks, axis=1)[:, :n].T  # a unit's column is contiguous
            rest[name] = _joined(_pieces(blocks, n, count)) if n < count else blocks[0][:, :0]
        leftover = Part(0, [], ids[n:], np.zeros(0, np.int64), rest)
        self.pending = [leftover] if len(leftover.ids) else []
        self.start = upto

    def _write_whole_chunks(self, name: str, blocks: list[np.ndarray]) -> None:
        """Whole chunks encoded here, with the array's own codecs (little-endian bytes, then Blosc with
        the same settings) and stored under the keys Zarr's local store uses (c/<row>/<unit>): the same
        chunks Zarr writes, without its per-chunk overhead, which was most of the writing time. Each
        unit's chunk is taken from the parts as they are (one copy of CHUNK_TOKENS values where a chunk
        spans two parts), not from a copy of all pending tokens."""
        codec = self.blosc
        root = self.folder / "states.zarr" / name / "c"
        total = sum(b.shape[1] for b in blocks)
        for row in range(total // CHUNK_TOKENS):
            folder = root / str(self.start // CHUNK_TOKENS + row)
            folder.mkdir(parents=True, exist_ok=True)
            pieces = _pieces(blocks, row * CHUNK_TOKENS, (row + 1) * CHUNK_TOKENS)
            for unit in range(blocks[0].shape[0]):
                column = _joined([piece[unit] for piece in pieces])
                (folder / str(unit)).write_bytes(codec.encode(np.ascontiguousarray(column)))

    def _resize(self, size: int) -> None:
        for array in [*self.arrays.values(), self.token_ids]:
            if array.shape[0] < size:
                array.resize((size, *array.shape[1:]))

    def truncate(self, size: int) -> None:
        for array in [*self.arrays.values(), self.token_ids]:
            array.resize((size, *array.shape[1:]))


def _pieces(blocks: list[np.ndarray], start: int, stop: int) -> list[np.ndarray]:
    """Tokens start..stop of blocks laid end to end along their last axis, as views of the blocks."""
    out, offset = [], 0
    for block in blocks:
        size = block.shape[-1]
        if offset < stop and offset + size > start:
            out.append(block[..., max(start - offset, 0) : min(stop - offset, size)])
        offset += size
    return out


def _joined(pieces: list[np.ndarray]) -> np.ndarray:
    return pieces[0] if len(pieces) == 1 else np.concatenate(pieces, axis=-1)


def _write_sentences(folder: Path, number: int, part: Part, first_token: int) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    starts = first_token + np.concatenate([[0], np.cumsum(part.lengths)[:-1]])
    columns = {
        "sentence": pa.array(np.arange(part.first_sentence, part.first_sentence + len(part.texts), dtype=np.int64)),
        "text": pa.array(part.texts, type=pa.string()),
        "start": pa.array(starts.astype(np.int64)),
        "length": pa.array(part.lengths.astype(np.int32)),
    }
    for name, values in part.latents.items():
        columns[f"latent_{name}"] = pa.array(values, type=pa.list_(pa.float32()))
    target = folder / "sentences" / f"part-{number:05d}.parquet"
    pq.write_table(pa.table(columns), str(target) + ".tmp", compression="zstd")
    os.replace(str(target) + ".tmp", target)


def _save_json(path: Path, data: dict) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


def read_manifest(folder: str | Path) -> dict:
    path = Path(folder) / "manifest.json"
    if not path.exists():
        raise StoreError(f"'{folder}' is not a corpus store (manifest.json is missing).")
    return json.loads(path.read_text(encoding="utf-8"))


def _identity(source: Source) -> dict:
    stat = source.path.stat()
    return {**source.describe(), "bytes": stat.st_size, "mtime": int(stat.st_mtime)}


def _parts(sentences: Iterator[str], first: int) -> Iterator[tuple[int, list[str]]]:
    while batch := list(islice(sentences, PART_SENTENCES)):
        yield first, batch
        first += len(batch)


def estimate_sentences(source: Source) -> int | None:
    """Rows in the file, counted fast (newlines, or Parquet's metadata); None when unknown."""
    if source.format == "parquet":
        import pyarrow.parquet as pq

        return pq.ParquetFile(source.path).metadata.num_rows
    if source.encoding and source.encoding.startswith("utf-16"):
        return None
    lines = 0
    with open(source.path, "rb") as handle:
        while block := handle.read(1 << 24):
            lines += block.count(b"\n")
    return lines + 1 - (source.format in ("csv", "tsv"))


def index(
    source: Source | str | Path,
    loaded: LoadedModel,
    out: str | Path,
    layer: int = 0,
    direction: int = 0,
    gates: bool = False,
    progress: Progress | None = None,
    engine: str = "local",
    threshold: float = THRESHOLD,
    latent_sentences: int = LATENT_SENTENCES,
    overwrite: bool = False,
    workers: int | None = None,
) -> dict:
    """Index `source` into the store at `out` (resuming one left unfinished); returns the manifest.

    `progress(state)` is called after every part with sentences, tokens, elapsed seconds and an
    estimated total; returning False stops cleanly (the store resumes later). `engine` is "local"
    (a batched PyTorch loop in this process) or "ray" (Ray Data actors, models.corpus.ray_engine).
    """
    source = source if isinstance(source, Source) else open_source(source)
    folder = Path(out)
    runner = LayerRunner(loaded, layer, direction, gates)
    settings = {"version": VERSION, "model": loaded.name, "layer": layer, "direction": direction,
                "kind": runner.kind, "arrays": runner.names, "units": runner.hidden, "threshold": threshold,
                "latent_sentences": latent_sentences, "part_sentences": PART_SENTENCES,
                "chunk_tokens": CHUNK_TOKENS, "source": _identity(source)}  # fmt: skip
    manifest = _start(folder, settings, overwrite)
    save_vocab(folder, loaded)
    if manifest.get("finished"):
        return manifest
    done = manifest["parts"]
    first_sentence = done[-1]["first_sentence"] + done[-1]["sentences"] if done else 0
    first_token = done[-1]["first_token"] + done[-1]["tokens"] if done else 0
    for stale in (folder / "sentences").glob("part-*.parquet"):
        if int(stale.stem[5:]) >= len(done):
            stale.unlink()
    writer = Writer(folder, runner.names, runner.hidden, first_token, create=not (folder / "states.zarr").exists())
    running = None
    if first_token == 0:  # a resumed run reads the columns back in `finalize` instead
        running = RunningStats(folder, [a for a in STATS_ARRAYS if a in runner.names], runner.hidden, threshold,
                               latent_sentences)  # fmt: skip
    total = estimate_sentences(source)
    started = time.perf_counter()
    elapsed_before = manifest.get("seconds", 0.0)
    sentences = iter_sentences(source)
    for _ in islice(sentences, first_sentence):  # resume: skip what is done (read, not computed)
        pass
    chunks = _parts(sentences, first_sentence)
    if engine == "ray":
        from models.corpus.ray_engine import ray_parts

        parts: Iterable[Part] = ray_parts(chunks, loaded, layer, direction, gates, latent_sentences, workers,
                                          staging=folder / "_staging")  # fmt: skip
    else:
        tasks = (functools.partial(runner.part, first, texts, latent_sentences) for first, texts in chunks)
        parts = ahead(tasks, workers or 1)
    state = "finished"
    token = first_token
    timing = manifest.setdefault("timing", {"reading and computing": 0.0, "writing": 0.0, "statistics": 0.0})
    mark = time.perf_counter()
    for part in parts:
        timing["reading and computing"] += time.perf_counter() - mark
        mark = time.perf_counter()
        writer.append(part)
        _write_sentences(folder, len(done), part, token)
        timing["writing"] += time.perf_counter() - mark
        mark = time.perf_counter()
        if running is not None:
            running.add(part)
        timing["statistics"] += time.perf_counter() - mark
        done.append({"first_sentence": part.first_sentence, "sentences": len(part.texts), "first_token": token,
                     "tokens": int(len(part.ids))})  # fmt: skip
        token += int(len(part.ids))
        manifest["seconds"] = elapsed_before + time.perf_counter() - started
        manifest["durable_tokens"] = writer.start
        _save_manifest(folder, manifest, writer.start)
        report = {"state": "running", "sentences": part.first_sentence + len(part.texts), "tokens": token,
                  "total": total, "seconds": round(manifest["seconds"], 1)}  # fmt: skip
        _save_json(folder / "progress.json", report)
        if progress is not None and progress(report) is False:
            state = "cancelled"
            break
        mark = time.perf_counter()
    if state == "cancelled":
        if running is not None:
            running.close()
        if hasattr(parts, "close"):
            parts.close()
        writer.flush(final=True)
        _save_manifest(folder, manifest, writer.start)
        _save_json(folder / "progress.json", {**report, "state": "cancelled"})
        return manifest
    writer.flush(final=True)
    writer.truncate(token)
    manifest.update(sentences=first_sentence_after(done), tokens=token, skipped=source.counts["skipped"],
                    cut=source.counts["cut"], durable_tokens=token)  # fmt: skip
    _save_manifest(folder, manifest, token)
    if not done:
        raise StoreError("The corpus has no sentences.")
    mark = time.perf_counter()
    finalize(folder, running)
    timing["statistics"] += time.perf_counter() - mark
    manifest["seconds"] = elapsed_before + time.perf_counter() - started
    manifest["finished"] = True
    _save_json(folder / "manifest.json", manifest)
    _save_json(folder / "progress.json", {"state": "finished", "sentences": manifest["sentences"], "tokens": token,
                                          "total": manifest["sentences"], "seconds": round(manifest["seconds"], 1)})  # fmt: skip
    return manifest


def ahead(tasks: Iterable[Callable[[], Part]], workers: int = 1) -> Iterator[Part]:
    """The tasks' parts, in order, each computed in one of `workers` threads while the ones before
    it are written: reading, tokenizing and the forward of the next parts overlap the writing and
    statistics of this one (PyTorch, NumPy, Blosc and file writes release the GIL). At most `workers`
    parts are computed ahead; an error comes out where its part would have; closing (or leaving)
    the loop cancels the parts not started, and those being computed are dropped when done."""
    pool = ThreadPoolExecutor(workers, thread_name_prefix="corpus-store-compute")
    pending: deque[Future] = deque()
    try:
        for task in tasks:
            pending.append(pool.submit(task))
            if len(pending) > workers:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()
    finally:
        pool.shutdown(wait=False, cancel_futures=True)


def first_sentence_after(parts: list[dict]) -> int:
    return parts[-1]["first_sentence"] + parts[-1]["sentences"] if parts else 0


def _save_manifest(folder: Path, manifest: dict, durable: int) -> None:
    """Only parts whose tokens are all on disk count as finished."""
    saved = dict(manifest)
    saved["parts"] = [p for p in manifest["parts"] if p["first_token"] + p["tokens"] <= durable]
    _save_json(folder / "manifest.json", saved)


def _start(folder: Path, settings: dict, overwrite: bool) -> dict:
    """A fresh store, or the manifest of the unfinished (or finished) store made with the same settings."""
    if folder.exists() and overwrite:
        shutil.rmtree(folder)
    if (folder / "manifest.json").exists():
        manifest = read_manifest(folder)
        same = {k: manifest.get(k) for k in settings} == settings
        if not same:
            raise StoreError(f"'{folder}' holds a store made with other settings or another file; "
                             "choose another folder or overwrite it.")  # fmt: skip
        return manifest
    if folder.exists() and any(folder.iterdir()):
        raise StoreError(f"'{folder}' exists and is not a corpus store; choose an empty folder.")
    (folder / "sentences").mkdir(parents=True, exist_ok=True)
    manifest = {**settings, "parts": [], "finished": False, "created": time.strftime("%Y-%m-%d %H:%M:%S")}
    _save_json(folder / "manifest.json", manifest)
    return manifest


def save_vocab(folder: Path, loaded: LoadedModel) -> None:
    (folder / "vocab.json").write_text(json.dumps(loaded.tokenizer.vocab, ensure_ascii=False), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Statistics


def order_keys(values: np.ndarray) -> np.ndarray:
    """float16 values as uint16 keys in the same order (negatives flipped, positives above them):
    comparing and counting keys is integer work, exact, and much faster than float16 arithmetic."""
    bits = values.view(np.uint16)
    return bits ^ ((bits >> 15) * np.uint16(0x7FFF) | np.uint16(0x8000))


@functools.cache
def _key_values() -> np.ndarray:
    """The float16 value of every key (NaN where the pattern is not a number), ascending."""
    keys = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    bits = np.where(keys & 0x8000, keys ^ 0x8000, ~keys).astype(np.uint16)
    return bits.view(np.float16).astype(np.float64)


def column_stats(
    column: np.ndarray, threshold: float | None, latents: dict[str, tuple[np.ndarray, np.ndarray]]
) -> dict:
    """Statistics of one unit's float16 column: exact, from a count of every float16 value.

    Quantiles are NumPy's "inverted_cdf" (a value that occurs); the histogram has BINS equal bins
    from min to max; top-k are the largest values (ties by position); r is Pearson's over the
    tokens where a latent is known; the mask has a bit per token, h > threshold (np.packbits).
    `RunningStats` computes the same rows part by part while a store is written.
    """
    keys = order_keys(column)
    counts = np.bincount(keys, minlength=1 << 16)
    row = counted_stats(counts)
    n = row["count"]
    kth = np.searchsorted(np.cumsum(counts), max(n - TOP_K, 0) + 1, side="left")
    candidates = np.flatnonzero(keys >= kth)  # kth: the key of the k-th largest value
    best = candidates[np.argsort(-keys[candidates].astype(np.int32), kind="stable")[:TOP_K]]
    row["top_positions"] = best.astype(np.int64).tolist()
    row["top_values"] = _key_values()[keys[best]].astype(np.float32).tolist()
    for name, (where, target) in latents.items():
        row[f"r_{name}"] = _pearson(column[: len(where)][where].astype(np.float64), target)
    if threshold is not None:
        on = _keys_above(keys, threshold)
        row["on_share"] = int(on.sum()) / n
        row["on_mask"] = np.packbits(on).tobytes()
    return row


def counted_stats(counts: np.ndarray) -> dict:
    """count, mean, std, min, max, quantiles and histogram from the count of every key (65,536)."""
    values = _key_values()
    if counts[~np.isfinite(values)].any():
        raise StoreError("The model produced a state that is not a finite number.")
    n = int(counts.sum())
    cumulative = np.cumsum(counts)
    present = np.flatnonzero(counts)
    low, high = float(values[present[0]]), float(values[present[-1]])
    weights, seen = counts[present].astype(np.float64), values[present]
    mean = float((weights * seen).sum() / n)
    std = float(np.sqrt(max((weights * (seen - mean) ** 2).sum() / n, 0.0)))
    quantiles = [float(values[np.searchsorted(cumulative, max(np.ceil(q * n), 1), side="left")]) for q in QUANTILES]
    edges = np.linspace(low, high, BINS + 1) if high > low else np.array([low - 0.5, low + 0.5])
    hist, _ = np.histogram(seen, bins=edges, weights=weights)
    return {"count": n, "mean": mean, "std": std, "min": low, "max": high, "quantiles": quantiles,
            "hist_edges": edges.tolist(), "hist_counts": hist.astype(np.int64).tolist()}  # fmt: skip


@functools.cache
def _key_bits() -> np.ndarray:
    """The float16 bit pattern of every key: the inverse of `order_keys`."""
    keys = np.arange(1 << 16, dtype=np.uint32).astype(np.uint16)
    return np.where(keys & 0x8000, keys ^ 0x8000, ~keys).astype(np.uint16)


class RunningStats:
    """The rows of units.parquet gathered part by part as a store is written, so that `finalize`
    need not read every column back: exactly what `column_stats` computes from a whole column.

    Per array and unit: a count of each of float16's 65,536 bit patterns (quantiles, histogram,
    mean, spread and share on follow exactly from the counts), the top-k so far (key, position),
    the values over the tokens of the first `latent_sentences` sentences (for r), and for h the
    on-mask, bit-packed and appended to a file per unit under `_stats/` (the masks of a large
    corpus do not fit in memory). Memory: 512 KiB of counts per unit and array.
    """

    def __init__(self, folder: Path, names: list[str], units: int, threshold: float | None, latent_sentences: int) -> None:
        self.folder = folder / "_stats"
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder.mkdir(parents=True)
        self.names, self.units, self.threshold = names, units, threshold
        self.latent_sentences = latent_sentences
        self.counts = {n: np.zeros((units, 1 << 16), dtype=np.int64) for n in names}  # by bit pattern
        self.top = {n: [(np.zeros(0, np.uint16), np.zeros(0, np.int64))] * units for n in names}
        self.floor = {n: np.full(units, -1, dtype=np.int32) for n in names}  # k-th best key, -1 until k seen
        self.lead: dict[str, list[np.ndarray]] = {n: [] for n in names}
        self.carry = np.zeros((units, 0), dtype=bool)  # mask bits short of a whole byte
        masked = threshold is not None and "h" in names
        self.masks = [open(self.folder / f"mask-{u}.bin", "wb") for u in range(units)] if masked else []  # noqa: SIM115
        self.tokens = 0
        self.sentences = 0

    def add(self, part: Part) -> None:
        lead = min(len(part.lengths), max(self.latent_sentences - self.sentences, 0))
        lead_tokens = int(part.lengths[:lead].sum())
        for name in self.names:
            block = part.arrays[name]  # (units, tokens) float16
            counts = self.counts[name]
            for unit, bits in enumerate(block.view(np.uint16)):
                counts[unit] += np.bincount(bits, minlength=1 << 16)
            keys = order_keys(block)
            above = keys > self.floor[name][:, None]
            for unit in np.flatnonzero(above.any(axis=1)):
                positions = np.flatnonzero(above[unit])
                self._merge(name, unit, keys[unit, positions], positions + self.tokens)
            if lead_tokens:
                self.lead[name].append(block[:, :lead_tokens].copy())
            if name == "h" and self.masks:
                bits = np.concatenate([self.carry, _keys_above(keys, self.threshold)], axis=1)
                whole = bits.shape[1] // 8 * 8
                for unit, packed in enumerate(np.packbits(bits[:, :whole], axis=1)):
                    self.masks[unit].write(packed.tobytes())
                self.carry = bits[:, whole:]
        self.tokens += len(part.ids)
        self.sentences += len(part.lengths)

    def _merge(self, name: str, unit: int, keys: np.ndarray, positions: np.ndarray) -> None:
        """Keep the TOP_K largest keys, ties by position: the kept ones come before any new one."""
        kept_keys, kept_positions = self.top[name][unit]
        keys, positions = np.concatenate([kept_keys, keys]), np.concatenate([kept_positions, positions])
        if len(keys) > TOP_K:
            keep = keys >= np.partition(keys, len(keys) - TOP_K)[len(keys) - TOP_K]
            keys, positions = keys[keep], positions[keep]
        order = np.argsort(-keys.astype(np.int32), kind="stable")[:TOP_K]
        self.top[name][unit] = keys[order], positions[order]
        if len(order) == TOP_K:
            self.floor[name][unit] = keys[order][-1]

    def row(self, name: str, unit: int, latents: dict[str, tuple[np.ndarray, np.ndarray]]) -> dict:
        """`column_stats` of the unit's whole column, from what was gathered."""
        counts = self.counts[name][unit][_key_bits()]  # by key
        row = counted_stats(counts)
        keys, positions = self.top[name][unit]
        row["top_positions"] = positions.tolist()
        row["top_values"] = _key_values()[keys].astype(np.float32).tolist()
        if latents:
            lead = np.concatenate([block[unit] for block in self.lead[name]])
            for latent, (where, target) in latents.items():
                row[f"r_{latent}"] = _pearson(lead[: len(where)][where].astype(np.float64), target)
        if name == "h" and self.masks:
            self.masks[unit].close()
            mask = (self.folder / f"mask-{unit}.bin").read_bytes() + np.packbits(self.carry[unit]).tobytes()
            on = int(counts[_first_key_above(self.threshold) :].sum())
            row["on_share"] = on / row["count"]
            row["on_mask"] = mask
        return row

    def close(self) -> None:
        for handle in self.masks:
            handle.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _first_key_above(threshold: float) -> int:
    """The key of the smallest float16 value above `threshold`."""
    values = _key_values()
    finite = np.flatnonzero(np.isfinite(values))
    return int(finite[np.searchsorted(values[finite], threshold, side="right")])


def _keys_above(keys: np.ndarray, threshold: float) -> np.ndarray:
    return keys >= _first_key_above(threshold)


def above(values: np.ndarray, threshold: float) -> np.ndarray:
    """values > threshold for float16 values, compared exactly (float16(0.3) is 0.30005, above 0.3)."""
    return _keys_above(order_keys(values), threshold)


def _pearson(x: np.ndarray, y: np.ndarray) -> float | None:
    if len(x) < 2 or x.std() == 0 or y.std() == 0:
        return None
    return float(np.corrcoef(x, y)[0, 1])


def _sentence_table(folder: Path, columns: str = "*"):
    import duckdb

    return duckdb.sql(
        f"SELECT {columns} FROM read_parquet('{folder / 'sentences' / '*.parquet'}', union_by_name = true) ORDER BY sentence"
    )


def _latent_vectors(folder: Path, names: list[str], tokens: int) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """name -> (mask over the leading tokens where it is known, its values there)."""
    out = {}
    for name in names:
        rows = _sentence_table(folder, f"start, length, latent_{name} AS v").filter("v IS NOT NULL").fetchall()
        if not rows:
            continue
        end = max(s + n for s, n, _ in rows)
        where = np.zeros(min(end, tokens), dtype=bool)
        target = np.empty(len(where))
        for start, length, values in rows:
            where[start : start + length] = True
            target[start : start + length] = values
        out[name] = (where, target[where])
    return out


def _units_schema(latents: list[str]):
    import pyarrow as pa

    floats, ints = pa.list_(pa.float64()), pa.list_(pa.int64())
    fields = [("state", pa.string()), ("unit", pa.int32()), ("count", pa.int64()), ("mean", pa.float64()),
              ("std", pa.float64()), ("min", pa.float64()), ("max", pa.float64()), ("quantiles", floats),
              ("hist_edges", floats), ("hist_counts", ints), ("top_positions", ints), ("top_values", floats)]  # fmt: skip
    fields += [(f"r_{name}", pa.float64()) for name in latents]
    fields += [("on_share", pa.float64()), ("on_mask", pa.large_binary())]
    return pa.schema(fields)


def finalize(folder: str | Path, running: RunningStats | None = None) -> None:
    """offsets and units.parquet. The rows come from `running` when it saw every token of the store
    (an uninterrupted run); else one unit column at a time is read back (each column one read of
    its chunks), so memory stays bounded whatever the corpus size."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    folder = Path(folder)
    manifest = read_manifest(folder)
    zarr = _zarr()
    group = zarr.open_group(str(folder / "states.zarr"), mode="r+")
    lengths = np.asarray(_sentence_table(folder, "length").fetchnumpy()["length"], dtype=np.int64)
    offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    if "offsets" in group:
        del group["offsets"]
    group.create_array("offsets", data=offsets, chunks=(1 << 20,))
    present = [c for c in _sentence_table(folder).columns if c.startswith("latent_")]
    latents = _latent_vectors(folder, [c.removeprefix("latent_") for c in present], int(offsets[-1]))
    schema = _units_schema(list(latents))
    if running is not None and running.tokens != int(offsets[-1]):
        running.close()
        running = None
    try:
        with pq.ParquetWriter(str(folder / "units.parquet.tmp"), schema, compression="zstd") as out:
            for name in [a for a in STATS_ARRAYS if a in manifest["arrays"]]:
                threshold = manifest["threshold"] if name == "h" else None
                for unit in range(manifest["units"]):  # one row group per unit: a reader fetches one mask alone
                    if running is not None:
                        stats = running.row(name, unit, latents)
                    else:
                        stats = column_stats(group[name][:, unit], threshold, latents)
                    row = {"state": name, "unit": unit, "on_share": None, "on_mask": None, **stats}
                    out.write_table(pa.Table.from_pylist([row], schema=schema))
    finally:
        if running is not None:
            running.close()
    shutil.rmtree(folder / "_stats", ignore_errors=True)
    os.replace(folder / "units.parquet.tmp", folder / "units.parquet")


# ---------------------------------------------------------------------------------------------
# Command line


def _cancel_file(folder: Path) -> Path:
    return folder / "cancel"


def run_cli(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m models.corpus", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("index", help="index a corpus into a store (resumes an unfinished one)")
    p.add_argument("corpus", help=".txt, .csv, .tsv, .jsonl or .parquet")
    p.add_argument("--model", required=True, help="a zoo model name or a model folder")
    p.add_argument("--layer", type=int, default=0)
    p.add_argument("--direction", type=int, default=0, help="0 forward, 1 backward")
    p.add_argument("--out", required=True, help="the store folder")
    p.add_argument("--column", help="text column (csv, tsv, jsonl, parquet)")
    p.add_argument("--encoding", help="override the detected encoding")
    p.add_argument("--gates", action="store_true", help="also store i, f, g, o")
    p.add_argument("--threshold", type=float, default=THRESHOLD, help="h above this is 'on' in the masks")
    p.add_argument("--latent-sentences", type=int, default=LATENT_SENTENCES)
    p.add_argument("--engine", choices=["local", "ray"], default="ray" if os.environ.get("RAY_ADDRESS") else "local")
    p.add_argument("--workers", type=int, help="compute threads (local; default: one per CPU) or Ray actors "
                   "(default: one per CPU Ray sees)")
    p.add_argument("--overwrite", action="store_true")
    args = parser.parse_args(argv)

    from models import zoo

    folder = Path(args.out)
    _cancel_file(folder).unlink(missing_ok=True)

    def report(state: dict) -> bool:
        total = f" of ~{state['total']:,}" if state.get("total") else ""
        print(
            f"{state['sentences']:,}{total} sentences, {state['tokens']:,} tokens, {state['seconds']:.0f} s", flush=True
        )
        return not _cancel_file(folder).exists()

    if args.engine == "local":  # one torch thread per compute thread: OpenMP teams in two threads stall each other
        torch.set_num_threads(1)
    try:
        source = open_source(args.corpus, column=args.column, encoding=args.encoding)
        loaded = zoo.load(args.model)
        manifest = index(source, loaded, folder, args.layer, args.direction, args.gates, report, args.engine,
                         args.threshold, args.latent_sentences, args.overwrite,
                         args.workers or (os.cpu_count() if args.engine == "local" else None))  # fmt: skip
    except (UploadError, StoreError, ValueError) as err:
        if folder.is_dir() and (folder / "manifest.json").exists():
            _save_json(folder / "progress.json", {"state": "failed", "message": str(err)})
        print(f"error: {err}", file=sys.stderr)
        return 2
    if not manifest.get("finished"):
        print("cancelled; run the same command again to resume", flush=True)
        return 3
    print(
        f"done: {manifest['sentences']:,} sentences, {manifest['tokens']:,} tokens in {manifest['seconds']:.1f} s -> {folder}"
    )
    return 0

