"""Hungarian sentiment: natural sentences written for this project, plus a generator for breadth.

Three sources (the card lists each with its size):
- `natural/sentiment_hu_train.tsv`: sentences written for this project the way people write
  reviews, chat and school talk, labelled by hand;
- augmentation with known labels: pairs of those sentences joined by a contrast word ("..., de
  ...": the clause after it decides), and the generator below, which draws on `hu_lexicon`
  (about a hundred adjectives of each polarity, verbs whose negation moves the preverb: "nem jött
  be", double negation: "semmi gond nem volt") with negation inserted or removed, intensifiers,
  openers and chat habits (missing accents, emoticons);
- pretraining as a language model on running text (see `models/train/data/hu_text.py`).

Latent ground truth per word: `negated` is 1 from a negator to the end of its clause, `clause`
counts clauses (the one after "de" decides). `negation_scope` computes the same for any text,
so the natural validation set gets it too.
"""

from __future__ import annotations

import random
import re
import unicodedata

from models.train.data import Example, Splits
from models.train.data import hu_lexicon as lex
from models.train.data.natural import read_all_labelled, split_off, training_files

LABELS = ["negatív", "pozitív"]
LECTURE_EXAMPLES = [("Ez egy rossz film volt.", 0), ("Milyen szép időnk van ma!", 1)]
NEGATORS = {"nem", "sem", "sosem", "soha", "semmi", "semmit", "senki", "senkinek", "nincs", "nincsenek",
            "ne", "dehogy", "se", "nélkül", "sehol", "semmilyen", "egyáltalán"}  # fmt: skip
CLAUSE_BREAKS = {",", ".", "!", "?", ";", ":", "de", "viszont", "azonban", "ám", "pedig", "és", "mert", "hogy"}
WORD_RE = re.compile(r"\w+|[^\w\s]")


def words_with_spans(text: str) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in WORD_RE.finditer(text)]


def negation_scope(text: str) -> tuple[list[int], list[int]]:
    """Per word of `text` (see `words_with_spans`): inside a negation's scope, and the clause index.

    A negator opens a scope that runs to the end of its clause (a comma, a full stop, "de"...).
    """
    negated, clause = [], []
    inside, index = 0, 0
    for word, _, _ in words_with_spans(text):
        low = word.lower()
        if low in CLAUSE_BREAKS:
            inside = 0
            if low in {"de", "viszont", "azonban", "ám", "pedig"}:
                index += 1
        if low in NEGATORS:
            inside = 1
        negated.append(inside)
        clause.append(index)
    return negated, clause


def _article(word: str) -> str:
    return "az" if word[0].lower() in "aáeéiíoóöőuúüű" else "a"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")


def _noun(rng: random.Random) -> tuple[str, str, str]:
    return rng.choice(lex.NOUNS)


def _adjective_phrase(rng: random.Random, positive: bool) -> str:
    adjective = rng.choice(lex.POSITIVE_ADJ if positive else lex.NEGATIVE_ADJ)
    roll = rng.random()
    if roll < 0.35:
        return f"{rng.choice(lex.INTENSIFIERS)} {adjective}"
    if roll < 0.42:
        return f"{rng.choice(lex.SOFTENERS)} {adjective}"
    return adjective


def _clause(rng: random.Random) -> tuple[str, bool, bool]:
    """One clause: (text without final punctuation, positive?, negated?)."""
    positive = rng.random() < 0.5  # polarity of the sentiment word before any negation
    negate = rng.random() < 0.45
    nom, acc, ine = _noun(rng)
    art = _article(nom)
    demonstrative = rng.random() < 0.25
    subject = (f"ez {art} {nom}" if demonstrative else f"{art} {nom}")
    form = rng.randrange(10)
    if form in (0, 1):  # A film (nem volt) jó (volt).
        adj = _adjective_phrase(rng, positive)
        tense = rng.choice(["volt", "volt", "", "lett", "lesz"])
        if negate:
            neg = " ".join(rng.choice(lex.NEGATORS_ADJ))
            verb = tense or "túl" if neg == "nem" and rng.random() < 0.15 else tense
            if verb == "túl":  # "nem túl jó": faint praise reads as criticism, whatever the polarity
                return f"{subject} nem túl {adj.split()[-1]}", False, False
            text = f"{subject} {neg} {verb} {adj}".replace("  ", " ") if verb else f"{subject} {neg} {adj}"
        else:
            text = f"{subject} {adj} {tense}".strip()
        return text, positive, negate
    if form == 2:  # Ez egy (nem) jó film volt.
        adj = _adjective_phrase(rng, positive)
        if negate:
            return f"ez nem egy {adj} {nom} volt", positive, True
        return f"ez egy {adj} {nom} volt", positive, False
    if form == 3:  # (Nem) tetszett a film.
        aff, neg, pol = rng.choice(lex.VERBS_SUBJECT)
        extra = " ".join(rng.choice(lex.NEGATORS_VERB))
        verb = (f"{extra} {neg}".strip() if not extra else f"{neg.replace('nem ', extra + ' nem ', 1)}") if negate else aff
        verb = verb.replace("sosem nem", "sosem").replace("soha nem", "soha nem")
        if not negate and rng.random() < 0.3:
            verb = f"{rng.choice(lex.INTENSIFIERS[:4])} {aff}"
        order = rng.random() < 0.5
        return (f"{verb} {subject}" if order else f"{subject} {verb}"), bool(pol), negate
    if form == 4:  # (Nem) imádtam a koncertet.
        aff, neg, pol = rng.choice(lex.VERBS_OBJECT)
        verb = neg if negate else aff
        if negate and rng.random() < 0.3:
            verb = verb.replace("nem ", rng.choice(["egyáltalán nem ", "sosem ", "soha nem "]), 1)
            verb = verb.replace("sosem nem", "sosem")
        obj = f"ezt {_article(acc)} {acc}" if demonstrative else f"{_article(acc)} {acc}"
        return f"{verb} {obj}", bool(pol), negate
    if form == 5:  # (Sosem) csalódtam (ebben az étteremben).
        aff, neg, pol = rng.choice(lex.VERBS_SELF)
        verb = neg if negate else aff
        if negate and rng.random() < 0.35 and verb.startswith("nem "):
            verb = rng.choice(["sosem ", "soha nem ", "egyáltalán nem "]) + verb[4:]
        if rng.random() < 0.5:
            place = f"ebben {_article(ine)} {ine}" if rng.random() < 0.5 else f"{_article(ine)} {ine}"
            return f"{verb} {place}" if "csalód" in verb else f"{verb}", bool(pol), negate
        return verb, bool(pol), negate
    if form == 6:  # Igazi csalódás volt. / Nem volt nagy élmény. / Semmi gond nem volt.
        if negate and rng.random() < 0.5:
            problem = rng.choice(lex.PROBLEM_NOUNS)
            text = rng.choice([f"semmi {problem} nem volt", f"nem volt semmi {problem}", f"semmi {problem} nincs vele"])
            return text, False, True  # "no problem": the negated negative word
        noun = rng.choice(lex.POSITIVE_NOUNS if positive else lex.NEGATIVE_NOUNS)
        if negate:
            return f"nem volt {rng.choice(['nagy', 'igazi', 'túl nagy'])} {noun}", positive, True
        return f"{rng.choice(['igazi', 'óriási', 'nagy', 'kész', 'valódi'])} {noun} volt", positive, False
    if form == 7:  # Milyen szép időnk van ma!
        adj = rng.choice(lex.POSITIVE_ADJ[:12] if positive else lex.NEGATIVE_ADJ[:14])
        return f"milyen {adj} {rng.choice(lex.OUR_NOUNS)} van ma", positive, False
    if form == 8:  # Senki sem volt kedves. / Semmi sem működött.
        if negate:
            adj = rng.choice(lex.POSITIVE_ADJ if positive else lex.NEGATIVE_ADJ)
            who = rng.choice(["senki sem volt", "senki nem volt", "egyik eladó sem volt", "semmi sem volt"])
            return f"{who} {adj}", positive, True
        adj = _adjective_phrase(rng, positive)
        who = rng.choice(["mindenki", "mindegyik", "minden", "az egész"])
        return f"{who} {adj} volt", positive, False
    short = _adjective_phrase(rng, positive)  # Jó. / Nem rossz. / Nagyon szép!
    return (f"nem {short.split()[-1]}" if negate else short), positive, negate


def _sentence(rng: random.Random) -> tuple[str, int]:
    text, positive, negate = _clause(rng)
    label = positive != negate
    if rng.random() < 0.3:  # contrast: the clause after "de" decides
        second, positive2, negate2 = _clause(rng)
        label = positive2 != negate2
        word = rng.choice(lex.CONTRAST)
        text = f"bár {text}, {second}" if rng.random() < 0.15 else f"{text}, {word} {second}"
    elif rng.random() < 0.2:
        opener = rng.choice(lex.OPENERS)
        lean = lex.OPENER_POLARITY.get(opener)
        if lean is None or lean == int(label):
            text = f"{opener.lower()} {text}" if opener not in ("Hát",) else f"hát {text}"
    text = _cap(" ".join(text.split()))
    end = rng.choice([".", ".", ".", "!", "!!", "", "..."])
    if text.lower().startswith("milyen"):
        end = "!"
    text += end
    if rng.random() < 0.08:
        text += " :)" if label else " :("
    if rng.random() < 0.06:
        text = _strip_accents(text)
    if rng.random() < 0.08:
        text = text.lower()
    return text, int(label)


def _example(text: str, label: int) -> Example:
    negated, clause = negation_scope(text)
    return Example(text=text, label=label, latent={"negated": negated, "clause": clause})


def generate(n: int, seed: int) -> list[Example]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        if rng.random() < 0.04:
            positive = rng.random() < 0.5
            text = rng.choice(lex.PHRASES_POSITIVE if positive else lex.PHRASES_NEGATIVE)
            out.append(_example(text, int(positive)))
            continue
        out.append(_example(*_sentence(rng)))
    return out


def contrast_pairs(examples: list[Example], n: int, seed: int) -> list[Example]:
    """Two natural sentences joined by a contrast word: the label of the second, a known truth."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        first, second = rng.sample(examples, 2)
        if first.label == second.label:
            continue
        head = first.text.rstrip(".!? :)(")
        tail = second.text[:1].lower() + second.text[1:] if not second.text[:2].isupper() else second.text
        out.append(_example(f"{head}, {rng.choice(lex.CONTRAST)} {tail}", second.label))
    return out


GENERATED = 15000  # generated sentences in training: breadth, not the bulk


def load(seed: int = 0) -> Splits:
    """Natural sentences (80% train, 10% validation for model selection, 10% test), contrast
    pairs of the training ones, and generated breadth."""
    natural = [_example(text, label) for text, label, _ in read_all_labelled("sentiment_hu_train", LABELS)]
    rest, test_nat = split_off(natural, 0.1, seed)
    train_nat, val_nat = split_off(rest, 1 / 9, seed + 1)
    pairs = contrast_pairs(train_nat, len(train_nat) * 2, seed)
    train = train_nat * 3 + pairs + generate(GENERATED, seed)
    random.Random(seed).shuffle(train)
    return Splits(
        train=train,
        val=val_nat + generate(300, seed + 1),
        test=test_nat + generate(2000, seed + 2),
        source=(
            f"{len(natural):,} natural sentences written for this project "
            f"(models/train/data/natural/sentiment_hu_train*.tsv, {training_files('sentiment_hu_train')} files written "
            f"apart, by topic; {len(train_nat):,} train, "
            f"{len(val_nat)} validation, {len(test_nat)} test), {len(pairs):,} contrast pairs of the training ones, "
            f"and {GENERATED:,} sentences from the generator in models/train/data/sentiment_hu.py over the word lists in "
            "hu_lexicon.py (all written for this project)"
        ),
    )


def lexicon_baseline(text: str) -> int:
    """Count positive vs negative adjectives, ignoring word order and negation."""
    words = [w.lower() for w, _, _ in words_with_spans(text)]
    score = sum(w in lex.POSITIVE_ADJ for w in words) - sum(w in lex.NEGATIVE_ADJ for w in words)
    return int(score > 0)
