"""Data generators and loaders: deterministic, labelled as documented, latents aligned to tokens."""

from __future__ import annotations

import numpy as np
import pytest

from models.nets.tokenize import WORD_PATTERN, Tokenizer
from models.train.data import Example, code_chars, dna, ner_hu, recall, sentiment_en, sentiment_hu
from models.train.data.hu_morph import inflect
from models.train.data.natural import read_all_entities, read_all_labelled, read_entities, read_labelled

pytestmark = pytest.mark.fast


def _tokens(text: str, pattern: str) -> list[str]:
    return Tokenizer(kind="word", vocab=["<pad>", "<unk>"], pattern=pattern, lowercase=True).tokenize(text)


@pytest.mark.parametrize("module", [sentiment_hu, sentiment_en, ner_hu, dna, recall])
def test_generators_are_seeded(module) -> None:
    first, second = module.generate(50, seed=7), module.generate(50, seed=7)
    assert [(e.text, e.label) for e in first] == [(e.text, e.label) for e in second]
    assert [e.text for e in module.generate(50, seed=8)] != [e.text for e in first]


def test_sentiment_latents_align_with_words_and_negation_flips() -> None:
    for example in sentiment_hu.generate(300, seed=0):
        tokens = _tokens(example.text, WORD_PATTERN)
        assert len(example.latent["negated"]) == len(tokens), example.text
        if "nem" in tokens and "de" not in tokens:
            assert example.latent["negated"][tokens.index("nem")] == 1
    negated, clause = sentiment_hu.negation_scope("A film nem volt jó, de a zene szép.")
    assert negated == [0, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    assert clause == [0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1]


@pytest.mark.parametrize(
    ("text", "label"),
    [("Nem tetszett a film.", 0), ("Sosem csalódtam ebben az étteremben.", 1), ("Semmi gond nem volt.", 1)],
)
def test_generator_labels_negation_as_a_reader_would(text: str, label: int) -> None:
    """The generator makes these very sentences (or their shape) with these labels."""
    made = {e.text.rstrip(".!").lower(): e.label for e in sentiment_hu.generate(40000, seed=0)}
    key = text.rstrip(".").lower()
    if key in made:
        assert made[key] == label
    same_shape = [y for t, y in made.items() if t.split()[:2] == key.split()[:2]]
    assert same_shape and sum(y == label for y in same_shape) / len(same_shape) > 0.5


@pytest.mark.parametrize(
    ("name", "case", "form"),
    [("Péter", "dat", "Péternek"), ("Péter", "ins", "Péterrel"), ("Anna", "ins", "Annával"), ("Szilvia", "acc", "Szilviát"),
     ("Gergő", "acc", "Gergőt"), ("Gergő", "all", "Gergőhöz"), ("Balázs", "ins", "Balázzsal"), ("József", "dat", "Józsefnek"),
     ("Dávid", "acc", "Dávidot"), ("Zsófi", "dat", "Zsófinak"), ("Bence", "dat", "Bencének"), ("Anna", "fam", "Annáék")],
)  # fmt: skip
def test_names_are_inflected_as_hungarians_write(name: str, case: str, form: str) -> None:
    assert inflect(name, case) == form


def test_ner_tags_cover_inflected_names_and_the_lecture_example() -> None:
    for example in ner_hu.generate(300, seed=0):
        assert len(_tokens(example.text, WORD_PATTERN)) == len(example.label) == len(example.spans)
    example = ner_hu.to_example("Tegnap Péternek adtam Szegeden a könyvet.", [(7, 15, "PER"), (22, 30, "LOC")])
    assert example.label == [0, 1, 0, 2, 0, 0, 0]
    tok = Tokenizer.build(["Tegnap Péter adta"] * 3, kind="subword", max_size=80)
    pieces = tok.tokenize_with_offsets(example.text)
    aligned = example.aligned([(s, e) for _, s, e in pieces])
    assert len(aligned.label) == len(pieces)
    for (piece, start, _), tag in zip(pieces, aligned.label, strict=True):  # every piece of "Péternek" is PER
        assert tag == (1 if 7 <= start < 15 else 2 if 22 <= start < 30 else 0), piece


def test_name_swaps_keep_the_case_and_the_tags() -> None:
    swapped = ner_hu.swap_names([("Láttam Pétert.", [(7, 13, "PER")])], ["Anna", "Gergő"], copies=6, seed=0)
    assert {e.text for e in swapped} <= {"Láttam Annát.", "Láttam Gergőt."}
    assert all(e.label == [0, 1, 0] for e in swapped)


def test_natural_training_sentences_never_include_a_validation_sentence() -> None:
    def key(t: str) -> str:
        return " ".join(t.lower().split())

    for train, val in (("sentiment_hu_train.tsv", "sentiment_hu_val.tsv"), ("sentiment_en_train.tsv", "sentiment_en_val.tsv")):
        held = {key(t) for t, _, _ in read_labelled(val, ["neg", "pos"])}
        assert len(held) >= 100
        assert not held & {key(t) for t, _, _ in read_labelled(train, ["neg", "pos"])}
    held = {key(t) for t, _ in read_entities("ner_hu_val.txt")}
    assert len(held) >= 80 and not held & {key(t) for t, _ in read_all_entities("ner_hu_train")}
    for stem, val in (("sentiment_hu_train", "sentiment_hu_val.tsv"), ("sentiment_en_train", "sentiment_en_val.tsv")):
        held = {key(t) for t, _, _ in read_labelled(val, ["neg", "pos"])}
        assert not held & {key(t) for t, _, _ in read_all_labelled(stem, ["neg", "pos"])}


def test_towns_inflect_by_harmony() -> None:
    """hu-city's towns get the -n / -on / -en / -ön forms most Hungarian towns take."""
    assert ner_hu.town_forms("Ajka") == ("Ajka", "Ajkán", "Ajkára", "Ajkáról")
    assert ner_hu.town_forms("Dabas")[1:] == ("Dabason", "Dabasra", "Dabasról")
    assert ner_hu.town_forms("Cegléd")[1:] == ("Cegléden", "Ceglédre", "Ceglédről")
    assert ner_hu.town_forms("Budaörs")[1] == "Budaörsön"


def test_places_lead_some_generated_sentences() -> None:
    """A place at the very start, the person after the verb: the order the tagger once misread."""
    first_loc = [e for e in ner_hu.generate(2000, seed=1) if e.label[0] == 2]
    assert len(first_loc) > 100
    assert any(1 in e.label for e in first_loc)


def test_alignment_leaves_token_level_examples_alone() -> None:
    example = Example("abc", 1, {"x": [1, 2, 3]})
    assert example.aligned([(0, 1), (1, 2), (2, 3)]) is example


def test_dna_labels_match_the_motif() -> None:
    for example in dna.generate(500, seed=0):
        assert (dna.MOTIF in example.text) == bool(example.label)
        if example.label:
            start = example.latent["motif_start"]
            assert example.text[start : start + len(dna.MOTIF)] == dna.MOTIF
    assert dna.MOTIF in dna.LECTURE_EXAMPLE[0]


def test_recall_label_is_the_first_symbol() -> None:
    for example in recall.generate(200, seed=0):
        assert recall.KEYS[example.label] == example.text[0]
        assert example.latent["gap"] == len(example.text) - 1
        assert recall.MIN_LEN <= len(example.text) <= recall.MAX_LEN


def test_code_latents_from_the_tokenizer() -> None:
    text = 'x = f(a, "b(")  # c\nif x:\n    y = [1]\n'
    latent = code_chars.latent(text)
    assert all(len(v) == len(text) for v in latent.values())
    assert latent["in_string"][text.index('"b(') + 1] == 1
    assert latent["bracket_depth"][text.index("a,")] == 1
    assert latent["bracket_depth"][text.index('"b(') + 2] == 1  # a bracket inside a string does not count
    assert latent["in_comment"][text.index("# c")] == 1
    assert latent["indent"][text.index("y =")] == 1


def test_third_party_code_is_labelled_whole_and_cut_where_a_reader_could_start() -> None:
    """A file cut mid-docstring once left 93% of the next file marked "in a string"."""
    import sysconfig
    from pathlib import Path

    from models.train.natural_eval import CODE_CHARS_PER_FILE, THIRD_PARTY_CODE, third_party_code

    pieces = third_party_code()
    root = Path(sysconfig.get_paths()["purelib"])
    for rel in THIRD_PARTY_CODE:
        text = (root / rel).read_text(encoding="utf-8").replace("\t", "    ")
        whole = code_chars.latent(text)["in_string"]
        start = 0
        while start < min(CODE_CHARS_PER_FILE, len(text)):
            piece, labels = pieces.pop(0)
            assert text[start : start + len(piece)] == piece
            assert labels == whole[start : start + len(piece)]
            assert start == 0 or (labels[0] == 0 and text[start - 1] == "\n")
            start += len(piece)
    assert not pieces
    assert 0.1 < np.mean([v for _, labels in third_party_code() for v in labels]) < 0.5  # strings and code both


def test_subword_tokenizer_reads_any_latin_text_and_marks_pieces() -> None:
    tok = Tokenizer.build(["Nem tetszett a film.", "A film jó volt, de a könyv rossz!"] * 5, kind="subword",
                          max_size=300, lowercase=True)  # fmt: skip
    text = "Szilviának NEM tetszett a színdarab :("
    pieces = tok.tokenize(text)
    assert all(tok.is_known(p) for p in pieces)
    assert "".join(p.removeprefix("##") if p.startswith("##") else " " + p for p in pieces).split() == [
        "Szilviának", "NEM", "tetszett", "a", "színdarab", ":("]  # fmt: skip
    assert "tetszett" in pieces  # seen whole in training: one piece
    assert tok.encode_tokens(pieces) == tok.encode(text) == tok.encode_many([text, "x"])[0]
    assert tok.encode("☃") == [1]  # a symbol never seen is <unk>, and reported as such
    again = Tokenizer.from_dict(tok.to_dict(), tok.vocab, tok.subword)
    assert again.encode(text) == tok.encode(text)


def test_tokenizer_maps_unknown_tokens_to_unk() -> None:
    tok = Tokenizer.build(["a b b"], kind="word")
    assert tok.vocab == ["<pad>", "<unk>", "b", "a"]
    assert tok.encode("b a zzz") == [2, 3, 1]
    with pytest.raises(ValueError, match="must start"):
        Tokenizer(kind="char", vocab=["x"])


def test_modern_text_keeps_hungarian_paragraphs_only() -> None:
    from models.train.data.hu_text import _Paragraphs, is_hungarian

    parser = _Paragraphs()
    parser.feed(
        "<html><script>var x = 'a és b';</script><p>Válassza a Formátum menü Cellák parancsát, és a párbeszédablakban"
        " kattintson az OK gombra.</p><p>Choose Format - Cells and click the OK button in the dialog box.</p></html>"
    )
    parser._flush()
    kept = [p for p in parser.paragraphs if is_hungarian(p)]
    assert kept == ["Válassza a Formátum menü Cellák parancsát, és a párbeszédablakban kattintson az OK gombra."]
