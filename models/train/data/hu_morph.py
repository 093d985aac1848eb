"""Hungarian case suffixes on names, so augmented sentences are inflected as Hungarians write.

Covers what names need: vowel harmony (back / front unrounded / front rounded), the lengthening
of a final a or e (Anna -> Annát, Bence -> Bencének), the assimilation of -val/-vel (Péterrel,
Balázzsal) and the linking vowel of the accusative (Dávidot, Józsefet). Place names whose
locative is irregular (Pécsett, Győrben) are listed with their forms in `hu_lexicon`.
"""

from __future__ import annotations

BACK, FRONT, ROUNDED = "back", "front", "rounded"
_BACK_VOWELS = set("aáoóuú")
_ROUNDED_VOWELS = set("öőüű")
_VOWELS = set("aáeéiíoóöőuúüű")
_DIGRAPHS = ("dzs", "sz", "zs", "cs", "ny", "ly", "gy", "ty", "dz")
_DIRECT_T = ("r", "l", "n", "s", "sz", "z", "zs", "j", "ly", "ny")  # accusative -t with no linking vowel

# case -> suffix per harmony class; "V" doubles the final consonant (or is v after a vowel)
SUFFIXES: dict[str, dict[str, str]] = {
    "nom": {BACK: "", FRONT: "", ROUNDED: ""},
    "dat": {BACK: "nak", FRONT: "nek", ROUNDED: "nek"},
    "ins": {BACK: "Val", FRONT: "Vel", ROUNDED: "Vel"},
    "abl": {BACK: "tól", FRONT: "től", ROUNDED: "től"},
    "all": {BACK: "hoz", FRONT: "hez", ROUNDED: "höz"},
    "del": {BACK: "ról", FRONT: "ről", ROUNDED: "ről"},
    "ade": {BACK: "nál", FRONT: "nél", ROUNDED: "nél"},
    "ela": {BACK: "ból", FRONT: "ből", ROUNDED: "ből"},
    "ine": {BACK: "ban", FRONT: "ben", ROUNDED: "ben"},
    "ill": {BACK: "ba", FRONT: "be", ROUNDED: "be"},
    "sub": {BACK: "ra", FRONT: "re", ROUNDED: "re"},
    "cau": {BACK: "ért", FRONT: "ért", ROUNDED: "ért"},
    "ter": {BACK: "ig", FRONT: "ig", ROUNDED: "ig"},
    "fam": {BACK: "ék", FRONT: "ék", ROUNDED: "ék"},  # Annáék: Anna and her family
    "acc": {BACK: "ot", FRONT: "et", ROUNDED: "öt"},  # linking vowel + t, see `inflect`
}
PERSON_CASES = ["nom", "nom", "nom", "dat", "ins", "abl", "all", "del", "acc", "acc", "cau", "fam", "ade"]


def harmony(word: str) -> str:
    """The last vowel decides (József -> Józsefnek, Gergő -> Gergőhöz); i and í are neutral and
    pass the choice to the vowel before them (Zsófi -> Zsófinak, Lili -> Lilinek)."""
    for ch in reversed(word.lower()):
        if ch in _BACK_VOWELS:
            return BACK
        if ch in _ROUNDED_VOWELS:
            return ROUNDED
        if ch in "eé":
            return FRONT
    return FRONT


def _stem(word: str) -> str:
    """Anna -> Anná, Bence -> Bencé: a final short a / e lengthens before a suffix."""
    return word[:-1] + {"a": "á", "e": "é"}[word[-1]] if word[-1] in "ae" else word


def _final_consonant(word: str) -> str:
    low = word.lower()
    for digraph in _DIGRAPHS:
        if low.endswith(digraph):
            return digraph
    return low[-1]


def inflect(word: str, case: str) -> str:
    """The name `word` in `case` (see SUFFIXES), e.g. inflect("Péter", "ins") == "Péterrel"."""
    if case == "nom":
        return word
    vowel_final = word[-1].lower() in _VOWELS
    suffix = SUFFIXES[case][harmony(word)]
    stem = _stem(word)
    if case == "acc":
        if vowel_final or _final_consonant(word) in _DIRECT_T:
            return stem + "t"
        return stem + suffix
    if suffix.startswith("V"):
        if vowel_final:
            return stem + "v" + suffix[1:]
        final = _final_consonant(word)
        return word[: len(word) - len(final)] + final[0] + final + suffix[1:]  # r -> rr, zs -> zzs
    return stem + suffix


def inflections(word: str) -> dict[str, str]:
    """Every form of `word` this module knows, by case."""
    return {case: inflect(word, case) for case in SUFFIXES}
