"""Data generators and loaders: deterministic, labelled as documented, latents aligned to tokens."""

from __future__ import annotations

import pytest

from models.data import code_chars, dna, ner_hu, recall, sentiment_hu
from models.tokenize import WORD_PATTERN, WORDS_ONLY_PATTERN, Tokenizer


def _tokens(text: str, pattern: str) -> list[str]:
    return Tokenizer(kind="word", vocab=["<pad>", "<unk>"], pattern=pattern, lowercase=True).tokenize(text)


@pytest.mark.parametrize("module", [sentiment_hu, ner_hu, dna, recall])
def test_generators_are_seeded(module) -> None:
    first, second = module.generate(50, seed=7), module.generate(50, seed=7)
    assert [(e.text, e.label) for e in first] == [(e.text, e.label) for e in second]
    assert [e.text for e in module.generate(50, seed=8)] != [e.text for e in first]


def test_sentiment_latents_align_with_tokens_and_negation_flips() -> None:
    for example in sentiment_hu.generate(300, seed=0):
        tokens = _tokens(example.text, WORD_PATTERN)
        assert len(example.latent["negated"]) == len(tokens), example.text
        if "nem" in tokens and "de" not in tokens:
            assert example.latent["negated"][tokens.index("nem")] == 1
    texts = {e.text for e in sentiment_hu.generate(5000, seed=0)}
    assert "Ez egy rossz film volt." in texts


def test_ner_tags_align_and_cover_the_lecture_example() -> None:
    for example in ner_hu.generate(300, seed=0, unseen_share=0.5):
        assert len(_tokens(example.text, WORDS_ONLY_PATTERN)) == len(example.label)
    text, tags = ner_hu.LECTURE_EXAMPLE
    assert len(_tokens(text, WORDS_ONLY_PATTERN)) == len(tags)


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


def test_tokenizer_maps_unknown_tokens_to_unk() -> None:
    tok = Tokenizer.build(["a b b"], kind="word")
    assert tok.vocab == ["<pad>", "<unk>", "b", "a"]
    assert tok.encode("b a zzz") == [2, 3, 1]
    with pytest.raises(ValueError, match="must start"):
        Tokenizer(kind="char", vocab=["x"])
