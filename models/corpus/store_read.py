"""Reading corpus stores (models.corpus.store): unit dashboards and pattern search without recomputing.

A dashboard is one row of units.parquet (DuckDB reads that row group alone) plus, for each top
context, the tokens of one sentence and the unit's values there (one or two Zarr chunks). Pattern
search ANDs the units' bit-packed on-masks and keeps the spans that stay inside one sentence.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from models.corpus.store import StoreError, _zarr, above, read_manifest

CONTEXT = 6  # tokens shown on each side of a top context or match


def stores_root() -> Path:
    """Where the app keeps its stores: $LSTM_LENS_STORES, else ~/.lstm-lens/stores."""
    return Path(os.environ.get("LSTM_LENS_STORES") or Path.home() / ".lstm-lens" / "stores")


def list_stores(root: Path | None = None) -> list[dict]:
    """Every store under `root` (newest first): folder, manifest and progress."""
    root = root or stores_root()
    found = []
    for manifest_path in sorted(root.glob("*/manifest.json")):
        folder = manifest_path.parent
        try:
            manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
            progress_path = folder / "progress.json"
            progress = json.loads(progress_path.read_text(encoding="utf-8")) if progress_path.exists() else {}
        except (OSError, json.JSONDecodeError):
            continue  # being written this instant; listed on the next look
        found.append({"folder": folder, "manifest": manifest, "progress": progress})
    return sorted(found, key=lambda s: s["manifest"].get("created", ""), reverse=True)


@dataclass
class Context:
    sentence: int  # 0-based sentence number in the corpus
    position: int  # token index inside the sentence
    value: float
    tokens: list[str]
    values: list[float]  # the unit's value at every token of the sentence
    text: str


class CorpusStore:
    """A finished store, opened read-only."""

    def __init__(self, folder: str | Path) -> None:
        self.folder = Path(folder)
        self.manifest = read_manifest(self.folder)
        if not self.manifest.get("finished"):
            raise StoreError(f"The store '{self.folder.name}' is not finished; resume its indexing first.")
        self.group = _zarr().open_group(str(self.folder / "states.zarr"), mode="r")
        self.offsets = self.group["offsets"][:]
        self.vocab = json.loads((self.folder / "vocab.json").read_text(encoding="utf-8"))
        self.units_path = str(self.folder / "units.parquet")
        self._db = None

    @property
    def db(self):
        import duckdb

        if self._db is None:
            self._db = duckdb.connect()
        return self._db

    @property
    def sentences(self) -> int:
        return len(self.offsets) - 1

    @property
    def tokens(self) -> int:
        return int(self.offsets[-1])

    @property
    def units(self) -> int:
        return int(self.manifest["units"])

    @property
    def threshold(self) -> float:
        return float(self.manifest["threshold"])

    @cached_property
    def latents(self) -> list[str]:
        columns = self.db.execute("SELECT name FROM parquet_schema(?)", [self.units_path]).fetchall()
        return [c[0].removeprefix("r_") for c in columns if c[0].startswith("r_")]

    def unit(self, unit: int, array: str = "h") -> dict:
        """The statistics row of one unit (without its mask)."""
        cursor = self.db.execute(
            "SELECT * EXCLUDE (on_mask) FROM read_parquet(?) WHERE state = ? AND unit = ?",
            [self.units_path, array, unit],
        )
        names = [d[0] for d in cursor.description]
        row = cursor.fetchone()
        if row is None:
            raise StoreError(f"The store has no statistics for {array} of unit {unit}.")
        return dict(zip(names, row, strict=True))

    def texts(self, sentences: list[int]) -> dict[int, str]:
        """The text of each sentence, read from its part's Parquet file (part k holds sentences
        k * part_sentences onwards), so a lookup opens one small file, not the whole table."""
        import pyarrow.parquet as pq

        per = int(self.manifest["part_sentences"])
        found: dict[int, str] = {}
        for part in sorted({int(s) // per for s in sentences}):
            table = pq.read_table(self.folder / "sentences" / f"part-{part:05d}.parquet", columns=["sentence", "text"])
            first = table["sentence"][0].as_py()
            for s in sentences:
                if int(s) // per == part and 0 <= int(s) - first < table.num_rows:
                    found[int(s)] = table["text"][int(s) - first].as_py()
        return found

    def statistics_parquet(self) -> bytes:
        """units.parquet without the masks (small enough to download whatever the corpus size)."""
        import tempfile

        with tempfile.TemporaryDirectory() as tmp:
            target = Path(tmp) / "units.parquet"
            self.db.execute(
                f"COPY (SELECT * EXCLUDE (on_mask) FROM read_parquet('{self.units_path}')) TO '{target}' (FORMAT parquet)"
            )
            return target.read_bytes()

    def sentence_of(self, position: int) -> int:
        return int(np.searchsorted(self.offsets, position, side="right") - 1)

    def sentence_tokens(self, sentence: int) -> list[str]:
        ids = self.group["token_ids"][self.offsets[sentence] : self.offsets[sentence + 1]]
        return [self.vocab[i] if 0 <= i < len(self.vocab) else "<unk>" for i in ids]

    def values(self, sentence: int, unit: int, array: str = "h") -> np.ndarray:
        return self.group[array][self.offsets[sentence] : self.offsets[sentence + 1], unit].astype(np.float32)

    def contexts(self, unit: int, array: str = "h", k: int = 10) -> list[Context]:
        """The k tokens where the unit is highest, each with its whole sentence and the unit's values there."""
        row = self.unit(unit, array)
        positions = row["top_positions"][:k]
        sentences = [self.sentence_of(p) for p in positions]
        texts = self.texts(sentences)
        return [
            Context(
                s,
                int(p - self.offsets[s]),
                float(v),
                self.sentence_tokens(s),
                self.values(s, unit, array).tolist(),
                texts.get(s, ""),
            )  # fmt: skip
            for p, s, v in zip(positions, sentences, row["top_values"], strict=False)
        ]

    def units_on(self, sentence: int, start: int, stop: int) -> list[int]:
        """Units whose h is above the store's threshold at every token start..stop-1 of a sentence."""
        begin = int(self.offsets[sentence])
        span = self.group["h"][begin + start : begin + stop, :]
        if len(span) == 0:
            return []
        return [int(u) for u in np.flatnonzero(above(span, self.threshold).all(axis=0))]

    def mask(self, units: list[int]) -> np.ndarray:
        """(tokens,) bool: every unit in `units` on."""
        rows = self.db.execute(
            "SELECT on_mask FROM read_parquet(?) WHERE state = 'h' AND unit IN (SELECT unnest(?))",
            [self.units_path, [int(u) for u in units]],
        ).fetchall()
        if len(rows) != len(set(units)):
            raise StoreError("Some of these units are not in the store.")
        packed = np.frombuffer(rows[0][0], dtype=np.uint8).copy()
        for (other,) in rows[1:]:
            packed &= np.frombuffer(other, dtype=np.uint8)
        return np.unpackbits(packed, count=self.tokens).view(bool)

    @cached_property
    def _boundaries(self) -> np.ndarray:
        starts = np.zeros(self.tokens + 1, dtype=bool)
        starts[self.offsets] = True
        return starts

    def pattern_search(self, units: list[int], length: int, limit: int = 50) -> tuple[int, list[dict]]:
        """(number of matches, the first `limit`): spans of `length` tokens inside one sentence where
        every unit in `units` is on (h above the store's threshold) throughout."""
        if not units or length < 1 or length > self.tokens:
            return 0, []
        on = self.mask(units)
        n = self.tokens - length + 1
        full = on[:n].copy()
        for k in range(1, length):
            full &= on[k : k + n]
            full &= ~self._boundaries[k : k + n]  # a sentence starts inside the span
        hits = np.flatnonzero(full)
        first = hits[:limit]
        sentences = [self.sentence_of(int(p)) for p in first]
        texts = self.texts(sentences)
        rows = []
        for p, s in zip(first, sentences, strict=True):
            t = int(p - self.offsets[s])
            tokens = self.sentence_tokens(s)
            rows.append({"sentence": s + 1, "start": t + 1, "context": context_text(tokens, t, t + length),
                         "text": texts.get(s, "")})  # fmt: skip
        return len(hits), rows


def joined(tokens: list[str]) -> str:
    """Tokens as the model reads them: characters run together, words and pieces spaced."""
    return ("" if all(len(t) == 1 for t in tokens) else " ").join(tokens)


def context_text(tokens: list[str], start: int, stop: int) -> str:
    """'… left [span] right …' with the span bracketed."""
    left, span, right = tokens[max(0, start - CONTEXT) : start], tokens[start:stop], tokens[stop : stop + CONTEXT]
    sep = "" if all(len(t) == 1 for t in tokens) else " "
    text = f"{joined(left)}{sep}[{joined(span)}]{sep}{joined(right)}".strip()
    return ("… " if start > CONTEXT else "") + text + (" …" if stop + CONTEXT < len(tokens) else "")
