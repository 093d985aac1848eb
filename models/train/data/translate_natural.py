"""The hand-written German–Hungarian pairs (models/train/data/natural/validation/translate_de_hu.tsv).

Written apart from the grammar in `translate_de_hu.py`, in a freer style; never trained on: the
generated splits drop any pair whose German text is also here.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

PATH = Path(__file__).parent / "natural" / "validation" / "translate_de_hu.tsv"


def tokens(text: str) -> list[str]:
    """Words and punctuation marks; the first word in lower case unless it is a name or a noun,
    which the caller's vocabulary decides (see models.nets.seq2seq.WordVocab.encode)."""
    return re.findall(r"\w+|[^\w\s]", text)


@cache
def pairs() -> list[tuple[str, str]]:
    """(German, Hungarian) display texts, in file order."""
    if not PATH.exists():
        return []
    rows = []
    for line in PATH.read_text(encoding="utf-8").splitlines()[1:]:
        if line.strip():
            de, hu = line.split("\t")[:2]
            rows.append((de.strip(), hu.strip()))
    return rows


def natural_keys() -> frozenset[str]:
    """Lower-cased German word sequences of the natural set, punctuation dropped."""
    return frozenset(" ".join(w.lower() for w in tokens(de) if w not in ".?!,") for de, _ in pairs())
