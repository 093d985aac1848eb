"""German -> Hungarian phrase pairs from a small grammar written for this project.

The lecture's translation example, "Willst du mit mir tanzen?" -> "Szeretnél velem táncolni?",
is one sentence of this grammar. Two or three statements may be joined ("und" -> ", és"), for
sentences long enough to strain a fixed-size state. Each pair is generated from a latent structure (kept with the
pair): subject, verb, modal, object (definite or indefinite), a companion ("mit mir" -> "velem"),
a place, a time, the sentence type (statement, yes/no question, wh-question) and negation.

The Hungarian side is built by rule, not looked up: verbs conjugate for person and for definite
vs indefinite objects ("olvasok egy könyvet" / "olvasom a könyvet"), a first-person subject with a
second-person object takes -lak/-lek ("Szeretlek."), the subject pronoun is dropped (the verb says
the person), "mit" becomes the comitative case (velem, veled, vele, a barátommal), places take
their case (a parkban, Budapesten, a tónál), negation puts "nem" before the verb and drops "egy"
("Ich lese kein Buch." -> "Nem olvasok könyvet."), and questions move the question word before it.

Tokens: words and the final punctuation mark, in the case they have inside a sentence (German
nouns and names capitalised, everything else lower case); `sentence()` writes the display form.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass

PERSONS = ("1sg", "2sg", "3sg", "1pl", "2pl", "3pl")

# Subjects: (German, person, Hungarian noun or None for a pronoun, which Hungarian drops).
PRONOUNS = [("ich", "1sg"), ("du", "2sg"), ("er", "3sg"), ("sie", "3sg"), ("wir", "1pl"), ("ihr", "2pl"), ("sie", "3pl")]
NOUN_SUBJECTS = [
    ("der Lehrer", "3sg", "a tanár"),
    ("die Lehrerin", "3sg", "a tanárnő"),
    ("mein Bruder", "3sg", "a bátyám"),
    ("meine Schwester", "3sg", "a húgom"),
    ("das Kind", "3sg", "a gyerek"),
    ("Anna", "3sg", "Anna"),
    ("Peter", "3sg", "Péter"),
    ("die Kinder", "3pl", "a gyerekek"),
    ("meine Eltern", "3pl", "a szüleim"),
]


@dataclass(frozen=True)
class Verb:
    de_inf: str
    de: tuple[str, ...]  # present tense, in PERSONS order
    hu_inf: str
    hu_indef: tuple[str, ...]  # indefinite (no object, or an indefinite one)
    hu_def: tuple[str, ...] | None  # definite conjugation; None for intransitive verbs
    lak: str | None = None  # 1sg subject, 2nd-person object: "szeretlek"
    objects: tuple[str, ...] = ()  # object nouns (keys of OBJECTS) that fit this verb
    pronoun_objects: bool = False  # "ich sehe dich" -> "látlak"


VERBS = [
    Verb("tanzen", ("tanze", "tanzt", "tanzt", "tanzen", "tanzt", "tanzen"), "táncolni",
         ("táncolok", "táncolsz", "táncol", "táncolunk", "táncoltok", "táncolnak"), None),
    Verb("singen", ("singe", "singst", "singt", "singen", "singt", "singen"), "énekelni",
         ("énekelek", "énekelsz", "énekel", "énekelünk", "énekeltek", "énekelnek"),
         ("éneklem", "énekled", "énekli", "énekeljük", "énekelitek", "éneklik"), objects=("Lied",)),
    Verb("lesen", ("lese", "liest", "liest", "lesen", "lest", "lesen"), "olvasni",
         ("olvasok", "olvasol", "olvas", "olvasunk", "olvastok", "olvasnak"),
         ("olvasom", "olvasod", "olvassa", "olvassuk", "olvassátok", "olvassák"),
         objects=("Buch", "Brief", "Zeitung", "Gedicht")),
    Verb("schreiben", ("schreibe", "schreibst", "schreibt", "schreiben", "schreibt", "schreiben"), "írni",
         ("írok", "írsz", "ír", "írunk", "írtok", "írnak"),
         ("írom", "írod", "írja", "írjuk", "írjátok", "írják"), objects=("Brief", "Buch", "Lied", "Gedicht")),
    Verb("essen", ("esse", "isst", "isst", "essen", "esst", "essen"), "enni",
         ("eszem", "eszel", "eszik", "eszünk", "esztek", "esznek"),
         ("eszem", "eszed", "eszi", "esszük", "eszitek", "eszik"), objects=("Apfel", "Kuchen", "Suppe")),
    Verb("trinken", ("trinke", "trinkst", "trinkt", "trinken", "trinkt", "trinken"), "inni",
         ("iszom", "iszol", "iszik", "iszunk", "isztok", "isznak"),
         ("iszom", "iszod", "issza", "isszuk", "isszátok", "isszák"), objects=("Kaffee", "Tee")),
    Verb("sehen", ("sehe", "siehst", "sieht", "sehen", "seht", "sehen"), "látni",
         ("látok", "látsz", "lát", "látunk", "láttok", "látnak"),
         ("látom", "látod", "látja", "látjuk", "látjátok", "látják"), lak="látlak",
         objects=("Film", "Bild", "Auto", "Spiel"), pronoun_objects=True),
    Verb("lieben", ("liebe", "liebst", "liebt", "lieben", "liebt", "lieben"), "szeretni",
         ("szeretek", "szeretsz", "szeret", "szeretünk", "szerettek", "szeretnek"),
         ("szeretem", "szereted", "szereti", "szeretjük", "szeretitek", "szeretik"), lak="szeretlek",
         pronoun_objects=True),
    Verb("kaufen", ("kaufe", "kaufst", "kauft", "kaufen", "kauft", "kaufen"), "venni",
         ("veszek", "veszel", "vesz", "veszünk", "vesztek", "vesznek"),
         ("veszem", "veszed", "veszi", "vesszük", "veszitek", "veszik"),
         objects=("Buch", "Apfel", "Kuchen", "Kaffee", "Zeitung", "Auto", "Bild")),
    Verb("spielen", ("spiele", "spielst", "spielt", "spielen", "spielt", "spielen"), "játszani",
         ("játszom", "játszol", "játszik", "játszunk", "játszotok", "játszanak"),
         ("játszom", "játszod", "játssza", "játsszuk", "játsszátok", "játsszák"), objects=("Spiel",)),
    Verb("kochen", ("koche", "kochst", "kocht", "kochen", "kocht", "kochen"), "főzni",
         ("főzök", "főzöl", "főz", "főzünk", "főztök", "főznek"),
         ("főzöm", "főzöd", "főzi", "főzzük", "főzitek", "főzik"), objects=("Suppe", "Kaffee", "Tee")),
    Verb("lernen", ("lerne", "lernst", "lernt", "lernen", "lernt", "lernen"), "tanulni",
         ("tanulok", "tanulsz", "tanul", "tanulunk", "tanultok", "tanulnak"),
         ("tanulom", "tanulod", "tanulja", "tanuljuk", "tanuljátok", "tanulják"), objects=("Gedicht", "Lied")),
    Verb("arbeiten", ("arbeite", "arbeitest", "arbeitet", "arbeiten", "arbeitet", "arbeiten"), "dolgozni",
         ("dolgozom", "dolgozol", "dolgozik", "dolgozunk", "dolgoztok", "dolgoznak"), None),
    Verb("schwimmen", ("schwimme", "schwimmst", "schwimmt", "schwimmen", "schwimmt", "schwimmen"), "úszni",
         ("úszom", "úszol", "úszik", "úszunk", "úsztok", "úsznak"), None),
    Verb("wohnen", ("wohne", "wohnst", "wohnt", "wohnen", "wohnt", "wohnen"), "lakni",
         ("lakom", "laksz", "lakik", "lakunk", "laktok", "laknak"), None),
    Verb("warten", ("warte", "wartest", "wartet", "warten", "wartet", "warten"), "várni",
         ("várok", "vársz", "vár", "várunk", "vártok", "várnak"), None),
    Verb("laufen", ("laufe", "läufst", "läuft", "laufen", "lauft", "laufen"), "futni",
         ("futok", "futsz", "fut", "futunk", "futtok", "futnak"), None),
    Verb("malen", ("male", "malst", "malt", "malen", "malt", "malen"), "festeni",
         ("festek", "festesz", "fest", "festünk", "festetek", "festenek"),
         ("festem", "fested", "festi", "festjük", "festitek", "festik"), objects=("Bild",)),
    Verb("hören", ("höre", "hörst", "hört", "hören", "hört", "hören"), "hallgatni",
         ("hallgatok", "hallgatsz", "hallgat", "hallgatunk", "hallgattok", "hallgatnak"),
         ("hallgatom", "hallgatod", "hallgatja", "hallgatjuk", "hallgatjátok", "hallgatják"),
         objects=("Musik", "Lied")),
]  # fmt: skip
VERB_BY_INF = {v.de_inf: v for v in VERBS}

# Modals: wollen / möchten -> szeretne (the lecture's "willst" -> "szeretnél"), können -> tud.
MODALS = {
    "wollen": (("will", "willst", "will", "wollen", "wollt", "wollen"),
               ("szeretnék", "szeretnél", "szeretne", "szeretnénk", "szeretnétek", "szeretnének"),
               ("szeretném", "szeretnéd", "szeretné", "szeretnénk", "szeretnétek", "szeretnék")),
    "möchten": (("möchte", "möchtest", "möchte", "möchten", "möchtet", "möchten"),
                ("szeretnék", "szeretnél", "szeretne", "szeretnénk", "szeretnétek", "szeretnének"),
                ("szeretném", "szeretnéd", "szeretné", "szeretnénk", "szeretnétek", "szeretnék")),
    "können": (("kann", "kannst", "kann", "können", "könnt", "können"),
               ("tudok", "tudsz", "tud", "tudunk", "tudtok", "tudnak"),
               ("tudom", "tudod", "tudja", "tudjuk", "tudjátok", "tudják")),
}  # fmt: skip

# Object nouns: gender (accusative articles), Hungarian accusative with and without the article.
OBJECTS = {  # key: (gender, mass noun, Hungarian accusative noun, Hungarian definite article)
    "Buch": ("n", False, "könyvet", "a"),
    "Brief": ("m", False, "levelet", "a"),
    "Zeitung": ("f", False, "újságot", "az"),
    "Gedicht": ("n", False, "verset", "a"),
    "Lied": ("n", False, "dalt", "a"),
    "Apfel": ("m", False, "almát", "az"),
    "Kuchen": ("m", False, "süteményt", "a"),
    "Suppe": ("f", False, "levest", "a"),
    "Kaffee": ("m", False, "kávét", "a"),
    "Tee": ("m", False, "teát", "a"),
    "Film": ("m", False, "filmet", "a"),
    "Bild": ("n", False, "képet", "a"),
    "Auto": ("n", False, "autót", "az"),
    "Spiel": ("n", False, "játékot", "a"),
    "Musik": ("f", True, "zenét", "a"),
}
DEF_ACC = {"m": "den", "f": "die", "n": "das"}
INDEF_ACC = {"m": "einen", "f": "eine", "n": "ein"}
KEIN_ACC = {"m": "keinen", "f": "keine", "n": "kein"}

# Pronoun objects: German accusative, its person, Hungarian form.
PRONOUN_OBJECTS = [("mich", "1sg", "engem"), ("dich", "2sg", "téged"), ("ihn", "3sg", "őt"),
                   ("uns", "1pl", "minket"), ("euch", "2pl", "titeket")]  # fmt: skip

# Companions: "mit" + dative -> comitative. The person (if a pronoun) must differ from the subject's.
COMPANIONS = [
    ("mit mir", "1sg", "velem"), ("mit dir", "2sg", "veled"), ("mit ihm", "3sg", "vele"),
    ("mit ihr", "3sg", "vele"), ("mit uns", "1pl", "velünk"), ("mit euch", "2pl", "veletek"),
    ("mit ihnen", "3pl", "velük"), ("mit meinem Freund", None, "a barátommal"),
    ("mit meiner Freundin", None, "a barátnőmmel"), ("mit dem Hund", None, "a kutyával"),
    ("mit den Kindern", None, "a gyerekekkel"), ("mit Anna", None, "Annával"), ("mit Peter", None, "Péterrel"),
]  # fmt: skip

PLACES = [
    ("im Park", "a parkban"), ("in der Schule", "az iskolában"), ("im Garten", "a kertben"),
    ("in der Küche", "a konyhában"), ("zu Hause", "otthon"), ("in Berlin", "Berlinben"),
    ("in Budapest", "Budapesten"), ("in Wien", "Bécsben"), ("in Szeged", "Szegeden"), ("im Café", "a kávézóban"),
    ("im Büro", "az irodában"), ("am See", "a tónál"), ("auf dem Markt", "a piacon"),
    ("in der Stadt", "a városban"), ("im Kino", "a moziban"),
]  # fmt: skip

TIMES = [
    ("heute", "ma"), ("morgen", "holnap"), ("jetzt", "most"), ("am Abend", "este"), ("heute Abend", "ma este"),
    ("am Morgen", "reggel"), ("am Wochenende", "hétvégén"), ("oft", "gyakran"), ("immer", "mindig"),
    ("am Montag", "hétfőn"), ("am Sonntag", "vasárnap"), ("gern", "szívesen"),
]  # fmt: skip

HABITS = ("oft", "immer", "gern")
WH = {"wo": "hol", "wann": "mikor", "was": "mit", "warum": "miért", "mit wem": "kivel"}

# Words written with a capital letter inside a German sentence (nouns and names).
PUNCT = (".", "?")


@dataclass
class Pair:
    de: list[str]  # German tokens
    hu: list[str]  # Hungarian tokens
    structure: dict  # the latent structure the pair was generated from

    @property
    def de_text(self) -> str:
        return sentence(self.de)

    @property
    def hu_text(self) -> str:
        return sentence(self.hu)


@dataclass
class Structure:
    subject: str  # German subject ("du", "der Lehrer")
    person: str
    verb: str  # German infinitive
    modal: str | None = None
    object: str | None = None  # object noun key, or a German pronoun ("dich")
    definite: bool | None = None  # object definiteness (pronouns: the Hungarian conjugation's)
    companion: str | None = None
    place: str | None = None
    time: str | None = None
    kind: str = "statement"  # "statement", "question" (yes/no) or "wh"
    wh: str | None = None  # "wo", "wann", "was", "warum", "mit wem"
    negated: bool = False
    time_first: bool = False  # German statement opening with the time ("Heute tanze ich.")


def sentence(tokens: list[str]) -> str:
    """Display form: words joined by spaces, the final mark attached, the first letter capitalised."""
    text = " ".join(tokens)
    text = re.sub(r" ([.?!,])", r"\1", text)
    return text[:1].upper() + text[1:]


def _idx(person: str) -> int:
    return PERSONS.index(person)


def _split(phrase: str | None) -> list[str]:
    return phrase.split() if phrase else []


COMPOUND = (0.55, 0.3, 0.15)  # shares of sentences with 1, 2 and 3 clauses joined by "und" / ", és"


def generate(rng: random.Random) -> Pair:
    """One random pair (every choice drawn from `rng`): one clause, or two or three statements
    joined ("Ich tanze und du singst." -> "Táncolok, és énekelsz."), the long sentences on which
    a decoder that sees only the encoder's final state falls behind."""
    clauses = rng.choices((1, 2, 3), weights=COMPOUND)[0]
    if clauses == 1:
        return render(sample_structure(rng))
    parts = []
    for _ in range(clauses):
        structure = sample_structure(rng)
        while structure.kind != "statement":
            structure = sample_structure(rng)
        parts.append(structure)
    return join(parts)


def join(parts: list[Structure]) -> Pair:
    """Statements joined: German "A und B und C." (no comma before "und"), Hungarian "A, és B, és C."."""
    de: list[str] = []
    hu: list[str] = []
    for k, part in enumerate(parts):
        pair = render(part)
        de += (["und"] if k else []) + pair.de[:-1]
        hu += ([",", "és"] if k else []) + pair.hu[:-1]
    return Pair(de=[*de, "."], hu=[*hu, "."], structure={"clauses": [asdict(p) for p in parts]})


def rebuild(structure: dict) -> Pair:
    """The pair of a stored structure (one clause, or {"clauses": [...]})."""
    if "clauses" in structure:
        return join([Structure(**c) for c in structure["clauses"]])
    return render(Structure(**structure))


def sample_structure(rng: random.Random) -> Structure:
    verb = rng.choice(VERBS)
    if verb.de_inf == "wohnen":
        modal = None if rng.random() < 0.7 else rng.choice(list(MODALS))
    else:
        modal = rng.choice(list(MODALS)) if rng.random() < 0.4 else None
    if rng.random() < 0.75:
        subject, person = rng.choice(PRONOUNS)
    else:
        subject, person, _ = rng.choice(NOUN_SUBJECTS)
    st = Structure(subject=subject, person=person, verb=verb.de_inf, modal=modal)
    r = rng.random()
    st.kind = "statement" if r < 0.5 else "question" if r < 0.8 else "wh"
    st.negated = rng.random() < 0.3
    # object
    if verb.pronoun_objects and (not verb.objects or rng.random() < 0.5):
        # never the subject's own person ("ich sehe mich", "wir sehen mich"); "er sieht ihn" is another man
        choices = [p for p in PRONOUN_OBJECTS if p[1][0] != person[0] or person[0] == "3"]
        st.object = rng.choice(choices)[0]
    elif verb.objects and (verb.de_inf == "kaufen" or rng.random() < 0.75):
        st.object = rng.choice(verb.objects)
        st.definite = rng.random() < 0.5 if not OBJECTS[st.object][1] else rng.random() < 0.3
    # adverbials
    if verb.de_inf not in ("wohnen", "lieben") and rng.random() < 0.35:
        options = [c for c in COMPANIONS if c[1] is None or c[1][0] != person[0]]
        st.companion = rng.choice(options)[0]
    if verb.de_inf == "wohnen" or rng.random() < 0.4:
        st.place = rng.choice(PLACES)[0]
    if rng.random() < 0.4:  # habits ("oft", "immer", "gern") are not negated: "mindig nem" is no Hungarian
        st.time = rng.choice(TIMES if not st.negated else [t for t in TIMES if t[0] not in HABITS])[0]
    if st.kind == "wh":
        options = ["wann", "warum"]
        if st.place:
            options.append("wo")
        if st.companion:
            options.append("mit wem")
        if st.object and st.object in OBJECTS:
            options.append("was")
        st.wh = rng.choice(options)
        if st.wh == "wo":
            st.place = None
        elif st.wh == "wann":
            st.time = None
        elif st.wh == "mit wem":
            st.companion = None
        elif st.wh == "was":
            st.object, st.definite = None, None
    if st.kind == "statement" and st.time and rng.random() < 0.35:
        st.time_first = True
    if verb.de_inf == "wohnen" and st.place is None and st.wh != "wo":
        st.place = rng.choice(PLACES)[0]
    return st


def render(st: Structure) -> Pair:
    """The German and Hungarian tokens of a structure."""
    return Pair(de=_german(st), hu=_hungarian(st), structure={k: v for k, v in asdict(st).items()})


def _german(st: Structure) -> list[str]:
    verb = VERB_BY_INF[st.verb]
    p = _idx(st.person)
    finite = MODALS[st.modal][0][p] if st.modal else verb.de[p]
    obj_words: list[str] = []
    kein = False
    if st.object in OBJECTS:
        gender, mass, _, _ = OBJECTS[st.object]
        if st.definite:
            obj_words = [DEF_ACC[gender], st.object]
        elif st.negated:
            obj_words, kein = [KEIN_ACC[gender], st.object], True
        else:
            obj_words = [st.object] if mass else [INDEF_ACC[gender], st.object]
    elif st.object:
        obj_words = [st.object]
    pronoun_obj = st.object is not None and st.object not in OBJECTS
    middle: list[str] = []  # after subject and finite verb
    if pronoun_obj:
        middle += obj_words
    if st.time and not st.time_first:
        middle += _split(st.time)
    definite_obj = bool(obj_words) and not pronoun_obj and (st.definite or False)
    if definite_obj:
        middle += obj_words
    if st.negated and not kein:
        middle.append("nicht")
    middle += _split(st.companion) + _split(st.place)
    if obj_words and not pronoun_obj and not definite_obj:
        middle += obj_words
    tail = [verb.de_inf] if st.modal else []
    subject = _split(st.subject)
    if st.kind == "question":
        tokens = [finite, *subject, *middle, *tail]
    elif st.kind == "wh":
        tokens = [*_split(st.wh), finite, *subject, *middle, *tail]
    elif st.time_first:
        tokens = [*_split(st.time), finite, *subject, *middle, *tail]
    else:
        tokens = [*subject, finite, *middle, *tail]
    return [*tokens, "." if st.kind == "statement" else "?"]


def _hungarian(st: Structure) -> list[str]:
    verb = VERB_BY_INF[st.verb]
    p = _idx(st.person)
    obj: list[str] = []
    definite = False
    lak = False
    if st.object in OBJECTS:
        _, mass, noun, article = OBJECTS[st.object]
        if st.definite:
            obj, definite = [article, noun], True
        elif st.negated or mass:
            obj = [noun]
        else:
            obj = ["egy", noun]
    elif st.object:
        obj_person = next(op for g, op, _ in PRONOUN_OBJECTS if g == st.object)
        hu_pronoun = next(h for g, _, h in PRONOUN_OBJECTS if g == st.object)
        if st.person == "1sg" and obj_person[0] == "2":
            lak = True
            obj = [] if obj_person == "2sg" else [hu_pronoun]  # "Szeretlek." / "Szeretlek titeket."
        else:
            definite = obj_person[0] == "3"
            obj = [hu_pronoun]
    if st.modal:
        forms = MODALS[st.modal][2 if definite else 1]
        if lak:
            finite = {"wollen": "szeretnélek", "möchten": "szeretnélek", "können": "tudlak"}[st.modal]
        else:
            finite = forms[p]
        verb_group = [finite]
        inf = [verb.hu_inf]
    else:
        if lak:
            finite = verb.lak
        else:
            finite = (verb.hu_def if definite else verb.hu_indef)[p]
        verb_group, inf = [finite], []
    companion = next((h for g, _, h in COMPANIONS if g == st.companion), None)
    place = next((h for g, h in PLACES if g == st.place), None)
    time = next((h for g, h in TIMES if g == st.time), None)
    subject = next((h for g, _, h in NOUN_SUBJECTS if g == st.subject), None)
    neg = ["nem"] if st.negated else []
    # verb group: the finite verb, a companion before the infinitive ("szeretnél velem táncolni"),
    # then the object and the place
    rest = [*_split(companion), *inf, *obj, *_split(place)] if inf else [*_split(companion), *obj, *_split(place)]
    if st.kind == "wh":
        tokens = [WH[st.wh], *neg, *verb_group, *_split(subject), *rest, *_split(time)]
    elif st.verb == "wohnen" and place and not st.negated:  # "Budapesten lakom.": where one lives goes first
        rest.remove(place) if " " not in place else [rest.remove(w) for w in place.split()]
        tokens = [*_split(subject), *_split(time), *_split(place), *verb_group, *rest]
    else:
        tokens = [*_split(subject), *_split(time), *neg, *verb_group, *rest]
    return [*tokens, "." if st.kind == "statement" else "?"]


def lecture_pair() -> Pair:
    """The slides' example: "Willst du mit mir tanzen?" -> "Szeretnél velem táncolni?"."""
    return render(Structure(subject="du", person="2sg", verb="tanzen", modal="wollen", companion="mit mir",
                            kind="question"))  # fmt: skip


def corpus(n: int, seed: int) -> list[Pair]:
    """`n` distinct pairs (by German text), drawn with `seed`; the lecture pair is never among them."""
    rng = random.Random(seed)
    lecture = " ".join(lecture_pair().de)
    seen: set[str] = {lecture}
    pairs: list[Pair] = []
    while len(pairs) < n:
        pair = generate(rng)
        key = " ".join(pair.de)
        if key in seen:
            continue
        seen.add(key)
        pairs.append(pair)
    return pairs


def splits(train: int = 60_000, val: int = 1_000, test: int = 2_000, seed: int = 0) -> dict[str, list[Pair]]:
    """Disjoint train / val / test pairs. The lecture pair is added to train (it must translate
    exactly); the hand-written natural set is removed from every split."""
    from models.train.data.translate_natural import natural_keys

    banned = natural_keys()
    pairs = [p for p in corpus(train + val + test + 500, seed) if _key(p.de) not in banned]
    test_pairs, val_pairs = pairs[:test], pairs[test : test + val]
    train_pairs = pairs[test + val : test + val + train] + [lecture_pair()] * 20
    return {"train": train_pairs, "val": val_pairs, "test": test_pairs}


def _key(tokens: list[str]) -> str:
    return " ".join(t.lower() for t in tokens if t not in PUNCT)


def dictionary() -> dict[str, str]:
    """A word-by-word German -> Hungarian dictionary from the grammar's lexicon (the baseline):
    every German word form with one Hungarian word, in the form it most often takes; subject
    pronouns kept ("du" -> "te"), articles as "a" / "egy", "mit" dropped into its pronoun."""
    d = {"ich": "én", "du": "te", "er": "ő", "sie": "ő", "wir": "mi", "ihr": "ti",
         "der": "a", "die": "a", "das": "a", "den": "a", "dem": "a", "ein": "egy", "eine": "egy", "einen": "egy",
         "kein": "nem", "keine": "nem", "keinen": "nem", "nicht": "nem", "mit": "", "mein": "az", "meine": "az",
         "meinem": "az", "meiner": "az", "im": "a", "in": "", "am": "a", "auf": "", "zu": "", "Hause": "otthon",
         "mir": "velem", "dir": "veled", "ihm": "vele", "uns": "minket", "euch": "titeket", "ihnen": "velük",
         "mich": "engem", "dich": "téged", "ihn": "őt", "wem": "kivel", "und": "és", ".": ".", "?": "?"}  # fmt: skip
    d.update(WH)
    d["mit"] = ""
    for verb in VERBS:
        d[verb.de_inf] = verb.hu_inf
        for de_form, hu_form in zip(verb.de, verb.hu_indef, strict=True):
            d.setdefault(de_form, hu_form)
    for forms, indef, _ in MODALS.values():
        for de_form, hu_form in zip(forms, indef, strict=True):
            d.setdefault(de_form, hu_form)
    for noun, (_, _, acc, _) in OBJECTS.items():
        d[noun] = acc
    nouns = {"Lehrer": "tanár", "Lehrerin": "tanárnő", "Bruder": "bátyám", "Schwester": "húgom", "Kind": "gyerek",
             "Kinder": "gyerekek", "Eltern": "szüleim", "Anna": "Anna", "Peter": "Péter", "Freund": "barátom",
             "Freundin": "barátnőm", "Hund": "kutya", "Kindern": "gyerekekkel", "Park": "parkban",
             "Schule": "iskolában", "Garten": "kertben", "Küche": "konyhában", "Berlin": "Berlinben",
             "Budapest": "Budapesten", "Wien": "Bécsben", "Szeged": "Szegeden", "Café": "kávézóban",
             "Büro": "irodában", "See": "tónál", "Markt": "piacon", "Stadt": "városban", "Kino": "moziban",
             "heute": "ma", "morgen": "holnap", "jetzt": "most", "Abend": "este", "Morgen": "reggel",
             "Wochenende": "hétvégén", "oft": "gyakran", "immer": "mindig", "Montag": "hétfőn",
             "Sonntag": "vasárnap", "gern": "szívesen"}  # fmt: skip
    d.update(nouns)
    return d


def word_by_word(tokens: list[str]) -> list[str]:
    """The baseline: each German token replaced by its dictionary word, German word order kept."""
    table = dictionary()
    out = []
    for i, token in enumerate(tokens):
        word = table.get(token, table.get(token.lower(), token if i else token.lower()))
        if word:
            out.append(word)
    return out
