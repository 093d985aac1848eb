"""Hungarian named entities: natural sentences written for this project, names swapped, templates.

Tags per word: 0 = O, 1 = PER, 2 = LOC, 3 = ORG; a word keeps its tag whatever suffix it carries
("Péternek" is a person, "Szegeden" a place). The lecture's "Tegnap Józsi letörölte a termelési
adatbázist." has tags [0, 1, 0, 0, 0, 0] (words, the full stop aside).

Sources (the card lists each with its size):
- `natural/ner_hu_train.txt`: sentences written for this project, entities marked by hand;
- the same sentences with every person and place swapped for another name in the same case,
  inflected by `hu_morph` (Péternek -> Gergőnek, Annával -> Balázzsal);
- a template generator over `hu_lexicon`'s names (ours and `hu-names`), places with their
  irregular locatives, `hu-city`'s towns inflected by rule, and organisations, with places and
  organisations also leading the sentence ("Szegeden lakik Kata."), and sentences with no entity at all whose first word
  is capitalised (from the natural sentiment sentences);
- the test split's generated half uses first names never seen in training.
"""

from __future__ import annotations

import random
import re

from models.train.data import Example, Splits
from models.train.data import hu_lexicon as lex
from models.train.data.hu_morph import BACK, FRONT, PERSON_CASES, ROUNDED, harmony, inflect, inflections
from models.train.data.natural import ENTITY_TYPES, read_all_entities, read_all_labelled, split_off
from models.train.data.sentiment_hu import words_with_spans

LABELS = ["O", "PER", "LOC", "ORG"]
LECTURE_EXAMPLE = ("Tegnap Józsi letörölte a termelési adatbázist.", [0, 1, 0, 0, 0, 0])
HELD_OUT_EVERY = 7  # every 7th first name never appears in training (the generated test split uses them)

TIMES = ["Tegnap", "Ma", "Holnap", "Reggel", "Tavaly", "Hétfőn", "Este", "Délután", "Múlt héten", "Jövő héten",
         "Szombaton", "Nyáron", "Tegnapelőtt", "Most", "Akkor", "Később", "Utána", "Éjjel"]  # fmt: skip
TEMPLATES = [
    "{T} {P.nom} letörölte a termelési adatbázist.", "{T} {P.nom} {L.ill} utazott.", "{P.nom} {L.loc} lakik.",
    "{P.nom} tegnap {L.loc} dolgozott.", "{T} {P.dat} adtam oda a könyvet.", "{T} {P.ins} találkoztam {L.loc}.",
    "{P.nom} és {P.nom} {L.loc} ebédeltek.", "{P.nom} elvitte a kocsit {L.ill}.", "Láttad {P.acc}?",
    "{P.nom} a {O.nom} munkatársa.", "{P.nom} {O.at} dolgozik.", "{T} {O.nom} új vezérigazgatót nevezett ki.",
    "{P.all} megyünk vacsorázni.", "{P.abl} kaptam egy levelet.", "{P.del} sokat beszéltünk.",
    "{T} felhívtam {P.acc}, de nem vette fel.", "Szerintem {P.nom} igazat mondott.", "{P.fam} {L.loc} nyaraltak.",
    "Megkérdeztem {P.acc}, hogy ráér-e.", "{P.cau} jöttem, nem miattad.", "{T} {P.ade} aludtunk.",
    "{P.nom} holnap {L.ela} érkezik.", "A {O.nom} szerint {P.nom} nem hibázott.", "{P.nom} felmondott {O.at}.",
    "{P.nom} kutyája megint megszökött.", "{P.nom} szerint {L.loc} sokkal olcsóbb minden.",
    "Ezt {P.nom} írta, nem én.", "{T} {P.nom} és {P.nom} összevesztek.", "Köszönöm, {P.nom}!",
    "Szia {P.nom}, mikor érsz haza?", "{P.nom} tanár úr ma nem tart órát.", "{P.nom} néni sütött pogácsát.",
    "Tudod, hol van {P.nom}?", "{P.dat} tetszett a film.", "A főnök {P.acc} dicsérte meg.",
    "{T} {P.nom} elküldte a jelentést {O.nom} részére.", "{P.nom} {L.ill} költözött {L.ela}.",
    "{L.loc} esett a hó, {L.loc} sütött a nap.", "{T} {L.loc} nagy volt a forgalom.",
    "{P.nom} {L.nom} mellett nőtt fel.", "A csapat {L.ill} repült.", "{P.nom} ma {O.at} tárgyal.",
    "{T} {P.nom} levitte a szemetet.", "Holnap {P.nom} hozza a sütit.", "{P.nom} és a családja {L.loc} él.",
    "{P.nom} vette meg a jegyeket.", "{T} {P.nom} elfelejtette a jelszavát.", "{P.nom} {T.low} nem jött be dolgozni.",
    "Ma {P.ins} ebédeltem.", "Add át {P.dat} az üzenetet!", "{P.nom} vezeti {O.acc}.",
    # a place or organisation first, the person after the verb (the order a tagger reading left to
    # right found hardest: "Szegeden lakik Kata.")
    "{L.loc} lakik {P.nom}.", "{L.ill} utazik {P.nom}.", "{L.ela} jött {P.nom} {T.low}.", "{L.loc} született {P.nom}.",
    "{L.loc} találkoztam {P.ins}.", "{L.ill} költözött {P.nom}.", "{L.loc} esett a hó.", "{L.nom} szép város.",
    "{L.loc} dolgozik {P.nom} tanárként.", "{T} {L.ill} megy {P.nom}.", "{L.ela} hívott {P.nom}, hogy késik.",
    "{O.at} dolgozik {P.nom}.", "{L.loc} láttam {P.acc} utoljára.", "Felhívott {P.nom}, hogy beteg.",
    "Megérkezett {P.nom} {L.ela}.", "{L.nom} csapata nyerte a meccset.", "{L.loc} nyitották meg az új uszodát.",
    "{P.acc} {L.loc} láttam.", "{P.ins} {L.loc} ismerkedtem meg.", "{P.dat} {L.loc} van egy lakása.",
    "{L.loc} él {P.nom} néni.", "{L.ela} hozott bort {P.nom}.", "{L.loc} nőtt fel {P.nom}.", "{L.ill} repül {P.nom}.",
    "{L.loc} ma nagy dugó volt.", "Elkésett {P.nom} az óráról.", "Szólj {P.dat}, hogy indulunk!",
    "Vidd el {P.acc} az edzésre!", "{L.ela} érkezett {P.nom} és {P.nom}.", "{O.nom} új üzletet nyitott {L.loc}.",
]  # fmt: skip
NO_ENTITY = [
    "Tegnap egész nap esett az eső.", "Holnap korán kelünk.", "Mindenki elment haza.", "Reggel letöröltem a régi fájlokat.",
    "A főnök elvitte a laptopot.", "Este mindenki fáradt volt.", "Ő lakik a harmadik emeleten.", "Hétfőn zárva lesz a bolt.",
    "Valaki letörölte a táblázatot.", "Nagyon finom volt a leves.", "Elvitte a kutyát sétálni.", "Tavaly sokat utaztunk.",
    "Anyu felhívott, hogy vegyek kenyeret.", "A szomszéd megint fúr.", "Később majd visszahívlak.",
]  # fmt: skip
_SLOT = re.compile(r"\{([TPLO])(?:\.(\w+))?\}")
_ARTICLE_END = re.compile(r"(?:(?<=\s)|^)([Aa]z?) $")


def _article_for(article: str, word: str) -> str:
    """'a' or 'az' (keeping the capital) as the word after it needs: az Annának, a Péternek."""
    chosen = "az" if word[:1].lower() in "aáeéiíoóöőuúüű" else "a"
    return (chosen.capitalize() if article[0].isupper() else chosen) + " "


def name_lists() -> tuple[list[str], list[str]]:
    """(first names used in training, first names held out for the generated test split)."""
    names = lex.first_names()
    return [n for i, n in enumerate(names) if i % HELD_OUT_EVERY], names[::HELD_OUT_EVERY]


def _person(rng: random.Random, case: str, firsts: list[str]) -> str:
    roll = rng.random()
    if roll < 0.25:  # surname first name, the suffix on the last word: Kovács Annának
        return f"{rng.choice(lex.surnames())} {inflect(rng.choice(firsts), case)}"
    if roll < 0.30:
        return inflect(rng.choice(lex.FOREIGN_NAMES), case)
    if roll < 0.35:  # dr. Nagy: only the name is the entity
        return inflect(rng.choice(lex.surnames()), case)
    return inflect(rng.choice(firsts), case)


def town_forms(town: str) -> tuple[str, str, str, str]:
    """(nom, on, onto, from) of a town by the rule most Hungarian towns follow: Ajka -> Ajkán,
    Ajkára, Ajkáról; Dabas -> Dabason; Cegléd -> Cegléden; Budaörs -> Budaörsön. Towns that take
    -ban/-ben or -ett/-ott instead (Győrben, Pécsett) are listed with their own forms in PLACES."""
    vowel = harmony(town)
    if town[-1].lower() in "aáeéiíoóöőuúüű":
        stem = town[:-1] + {"a": "á", "e": "é"}[town[-1]] if town[-1] in "ae" else town
        loc = stem + "n"
    else:
        stem = town
        loc = stem + {BACK: "on", FRONT: "en", ROUNDED: "ön"}[vowel]
    back = vowel == BACK
    return town, loc, stem + ("ra" if back else "re"), stem + ("ról" if back else "ről")


def _place(rng: random.Random, form: str) -> str:
    listed = {p[0] for p in lex.PLACES}
    others = [t for t in lex.towns() if t not in listed]
    if others and rng.random() < 0.35:  # any of hu-city's towns, inflected by rule
        nom, loc, ill, ela = town_forms(rng.choice(others))
    else:
        nom, loc, ill, ela = rng.choice(lex.PLACES)
    return {"nom": nom, "loc": loc, "ill": ill, "ela": ela}[form]


def _org(rng: random.Random, form: str) -> str:
    nom, at, acc = rng.choice(lex.ORGS)
    return {"nom": nom, "at": at, "acc": acc}[form]


def _fill(template: str, rng: random.Random, firsts: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Template -> (text, entity spans). "a/az" before a place or organisation stays outside the span."""
    text, spans, cursor = "", [], 0
    for match in _SLOT.finditer(template):
        text += template[cursor : match.start()]
        kind, form = match.groups()
        if kind == "T":
            word = rng.choice(TIMES)
            text += word.lower() if form == "low" else word
        else:
            value = (
                _person(rng, form, firsts) if kind == "P" else _place(rng, form) if kind == "L" else _org(rng, form)
            )
            article = re.match(r"(az?) ", value)
            if article:
                text += article.group(0)
                value = value[article.end() :]
            if not text:
                value = value[:1].upper() + value[1:]
            spans.append((len(text), len(text) + len(value), {"P": "PER", "L": "LOC", "O": "ORG"}[kind]))
            text += value
        cursor = match.end()
    text += template[cursor:]
    text = text[:1].upper() + text[1:]
    return text, spans


def to_example(text: str, spans: list[tuple[int, int, str]]) -> Example:
    """One tag per word (`words_with_spans`); a word inside an entity span takes its type."""
    words = words_with_spans(text)
    tags = []
    for _, start, end in words:
        tag = next((ENTITY_TYPES.index(t) + 1 for s, e, t in spans if s <= start and end <= e), 0)
        tags.append(tag)
    return Example(text=text, label=tags, latent={"entity": [int(t > 0) for t in tags]},
                   spans=[(s, e) for _, s, e in words])  # fmt: skip


def _reverse_forms(names: list[str]) -> dict[str, str]:
    """Inflected form -> case, for the names we know (Péternek -> dat)."""
    out: dict[str, str] = {}
    for name in names:
        for case, form in inflections(name).items():
            out.setdefault(form, case)
    return out


def swap_names(sentences: list[tuple[str, list]], firsts: list[str], copies: int, seed: int) -> list[Example]:
    """Natural sentences with each recognised person or place replaced by another in the same case."""
    rng = random.Random(seed)
    forms = _reverse_forms(lex.first_names())
    place_forms = {form: i for p in lex.PLACES for i, form in enumerate(p) if not form.startswith("a")}
    out = []
    for _ in range(copies):
        for text, spans in sentences:
            new, new_spans, cursor = "", [], 0
            for start, end, kind in spans:
                new += text[cursor:start]
                surface = text[start:end]
                last = surface.split()[-1]
                if kind == "PER" and last in forms:
                    replacement = inflect(rng.choice(firsts), forms[last])
                    surface = surface[: len(surface) - len(last)] + replacement
                elif kind == "LOC" and surface in place_forms:
                    surface = rng.choice(lex.PLACES)[place_forms[surface]]
                new = _ARTICLE_END.sub(lambda m, word=surface: _article_for(m.group(1), word), new)
                new_spans.append((len(new), len(new) + len(surface), kind))
                new += surface
                cursor = end
            new += text[cursor:]
            out.append(to_example(new, new_spans))
    return out


NO_ENTITY_UPTO = "sentiment_hu_train_k.tsv"  # the sentiment files the shipped model read: a new sentiment writer's
# file must not change this model's training data without a retraining


def no_entity_sentences() -> list[Example]:
    """Natural sentiment sentences with no capitalised word after the first: all O."""
    out = [to_example(t, []) for t in NO_ENTITY]
    for text, _, _ in read_all_labelled("sentiment_hu_train", ["neg", "pos"], NO_ENTITY_UPTO):
        words = [w for w, _, _ in words_with_spans(text)][1:]
        if not any(w[:1].isupper() for w in words):
            out.append(to_example(text, []))
    return out


def generate(n: int, seed: int, held_out_names: bool = False) -> list[Example]:
    rng = random.Random(seed)
    train_names, test_names = name_lists()
    firsts = test_names if held_out_names else train_names
    return [to_example(*_fill(rng.choice(TEMPLATES), rng, firsts)) for _ in range(n)]


def load(seed: int = 0) -> Splits:
    """Natural sentences (90% train, 10% test), their name swaps, templates and no-entity sentences."""
    natural = read_all_entities("ner_hu_train")
    rest, test_nat = split_off(natural, 0.1, seed)
    train_nat, val_nat = split_off(rest, 1 / 9, seed + 1)
    train_names, _ = name_lists()
    plain = no_entity_sentences()
    train = (
        [to_example(*s) for s in train_nat] * 3
        + swap_names(train_nat, train_names, 8, seed)
        + generate(8000, seed)
        + plain * 2
    )
    random.Random(seed).shuffle(train)
    return Splits(
        train=train,
        val=[to_example(*s) for s in val_nat] + generate(300, seed + 1, held_out_names=True),
        test=[to_example(*s) for s in test_nat] + generate(1500, seed + 2, held_out_names=True),
        source=(
            f"{len(natural)} natural sentences written for this project (models/train/data/natural/ner_hu_train*.txt; "
            f"{len(train_nat)} train, {len(val_nat)} validation, {len(test_nat)} test), 8 name-swapped copies of "
            "the training ones, "
            f"8,000 template sentences, {len(plain)} sentences without entities (x2); names: our list and "
            "hu-names 1.0.0 (MIT), towns: hu-city 1.0.0 (MIT); generated test sentences use only held-out "
            "first names"
        ),
    )


__all__ = ["LABELS", "LECTURE_EXAMPLE", "PERSON_CASES", "generate", "load", "to_example"]
