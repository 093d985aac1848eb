"""What the zoo holds, read from its JSON files alone: no torch import, so pages that only list
models open at once (importing torch costs about 2 s)."""

from __future__ import annotations

import json
from pathlib import Path

ZOO_DIR = Path(__file__).resolve().parent  # the trained models are folders beside this package's code

# Display order; the training recipes live in models/train/recipes.py under the same names.
ZOO_NAMES = [
    "sentiment_en",
    "sentiment_hu",
    "ner_hu",
    "code_chars",
    "bible_chars",
    "dna_motif",
    "recall_rnn",
    "recall_gru",
    "recall_lstm",
]


def available() -> list[str]:
    """Zoo models that are trained and present on disk, in display order."""
    return [n for n in ZOO_NAMES if (ZOO_DIR / n / "weights.safetensors").exists()]


def read_json(name: str, file: str) -> dict:
    path = ZOO_DIR / name / file
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def card(name: str) -> dict:
    return read_json(name, "card.json")


def card_markdown(name: str) -> str:
    path = ZOO_DIR / name / "card.md"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def meta(name: str) -> dict:
    return read_json(name, "config.json").get("meta", {})


# Translation (encoder–decoder) models: a folder format of their own (models/nets/seq2seq.py), listed
# apart so that every page and test that loads ZOO_NAMES through models.zoo keeps working.
TRANSLATION_NAMES = ["translate_de_hu", "translate_de_hu_attention"]


def translation_available() -> list[str]:
    """Translation models that are trained and present on disk, in display order."""
    return [n for n in TRANSLATION_NAMES if (ZOO_DIR / n / "weights.safetensors").exists()]
