"""Natural sentences written for this project: training files here, validation files in validation/.

The two were written by different authors, apart. The validation files are never trained on:
`read_labelled` and `read_entities` drop any training sentence that also appears (ignoring case,
accents and spacing) in a validation file, so an accidental overlap cannot leak.
"""

from __future__ import annotations

import random
import re
import unicodedata
from collections.abc import Callable
from functools import cache
from pathlib import Path

HERE = Path(__file__).parent
VALIDATION = HERE / "validation"
ENTITY_RE = re.compile(r"\[([^\[\]|]+)\|(PER|LOC|ORG)\]")
ENTITY_TYPES = ["PER", "LOC", "ORG"]


def _key(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    return " ".join("".join(c for c in text if c.isalnum() or c.isspace()).split())


@cache
def _validation_keys() -> frozenset[str]:
    keys = set()
    for path in VALIDATION.glob("*_val.*"):
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.split("\t")[-1]
            keys.add(_key(ENTITY_RE.sub(r"\1", text)))
    return frozenset(keys)


def _path(name: str) -> Path:
    return VALIDATION / name if "_val." in name else HERE / name


def read_labelled(name: str, labels: list[str]) -> list[tuple[str, int, int]]:
    """(text, label index, negated) from a `label<TAB>negated<TAB>text` file.

    `labels` are the model's label names; "neg" / "pos" map to the first and last.
    """
    rows = []
    is_training = "_val." not in name
    for line in _path(name).read_text(encoding="utf-8").splitlines()[1:]:
        if not line.strip():
            continue
        label, negated, text = line.split("\t")
        if is_training and _key(text) in _validation_keys():
            continue
        rows.append((text, 0 if label == "neg" else len(labels) - 1, int(negated)))
    return rows


def read_entities(name: str) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """(plain text, [(start, end, type)]) from lines marked `[Péternek|PER] ...`."""
    out = []
    is_training = "_val." not in name
    for line in _path(name).read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        text, spans, cursor = "", [], 0
        for match in ENTITY_RE.finditer(line):
            text += line[cursor : match.start()]
            start = len(text)
            text += match.group(1)
            spans.append((start, len(text), match.group(2)))
            cursor = match.end()
        text += line[cursor:]
        if is_training and _key(text) in _validation_keys():
            continue
        out.append((text, spans))
    return out


def training_files(stem: str) -> int:
    return len(list(HERE.glob(f"{stem}*")))


def _read_all(pattern: str, read: Callable[[str], list[tuple]], last: str | None = None) -> list[tuple]:
    """Rows of every training file matching `pattern` (several authors), each sentence once; with
    `last`, only the files up to that one in name order (those a model was trained on)."""
    seen, rows = set(), []
    for path in sorted(HERE.glob(pattern)):
        if last is not None and path.name > last:
            continue
        for row in read(path.name):
            if _key(row[0]) not in seen:
                seen.add(_key(row[0]))
                rows.append(row)
    return rows


def read_all_labelled(stem: str, labels: list[str], last: str | None = None) -> list[tuple[str, int, int]]:
    """Every training file `stem*.tsv` (up to `last`), each sentence once."""
    return _read_all(f"{stem}*.tsv", lambda name: read_labelled(name, labels), last)


def read_all_entities(stem: str, last: str | None = None) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """Every training file `stem*.txt` (up to `last`), each sentence once."""
    return _read_all(f"{stem}*.txt", read_entities, last)


def split_off(items: list, share: float, seed: int) -> tuple[list, list]:
    """A seeded split: (the rest, `share` of the items) — the second part is a test split."""
    order = list(range(len(items)))
    random.Random(seed).shuffle(order)
    cut = int(round(len(items) * share))
    held = set(order[:cut])
    return [x for i, x in enumerate(items) if i not in held], [x for i, x in enumerate(items) if i in held]
