"""Translation: the grammar's Hungarian, the vocabularies, the encoder–decoder, beam search, the
traced run and its figures (a tiny random model), and the shipped models against their cards."""

from __future__ import annotations

import random

import numpy as np
import pytest
import torch

from models.nets.seq2seq import (
    BOS_ID,
    EOS_ID,
    UNK_ID,
    Seq2Seq,
    Seq2SeqConfig,
    Translator,
    WordVocab,
    beam_search,
    detokenize,
    greedy,
    load,
    save,
)
from models.probe.translation import translate_run
from models.train.data import translate_de_hu as grammar
from models.train.data.translate_natural import natural_keys, pairs
from models.zoo import catalog
from viz.translate import attention_heatmap, cell_equations, state_heatmap, top_words

pytestmark = pytest.mark.fast

S = grammar.Structure


def hu(**fields) -> str:
    return grammar.render(S(**fields)).hu_text


def de(**fields) -> str:
    return grammar.render(S(**fields)).de_text


def test_the_lecture_pair() -> None:
    pair = grammar.lecture_pair()
    assert (pair.de_text, pair.hu_text) == ("Willst du mit mir tanzen?", "Szeretnél velem táncolni?")


def test_conjugation_agreement_and_cases() -> None:
    assert hu(subject="ich", person="1sg", verb="lesen", object="Buch", definite=False) == "Olvasok egy könyvet."
    assert hu(subject="ich", person="1sg", verb="lesen", object="Buch", definite=True) == "Olvasom a könyvet."
    assert hu(subject="er", person="3sg", verb="lesen", object="Zeitung", definite=True) == "Olvassa az újságot."
    assert hu(subject="ich", person="1sg", verb="lieben", object="dich") == "Szeretlek."
    assert de(subject="ich", person="1sg", verb="lieben", object="dich") == "Ich liebe dich."
    assert hu(subject="ich", person="1sg", verb="sehen", object="euch") == "Látlak titeket."
    assert hu(subject="wir", person="1pl", verb="sehen", object="ihn") == "Látjuk őt."
    assert hu(subject="du", person="2sg", verb="sehen", object="mich", kind="question") == "Látsz engem?"
    assert hu(subject="ich", person="1sg", verb="wohnen", place="in Budapest") == "Budapesten lakom."
    assert hu(subject="wir", person="1pl", verb="tanzen", companion="mit euch", place="am See") == (
        "Táncolunk veletek a tónál."
    )
    assert hu(subject="du", person="2sg", verb="essen", modal="wollen", object="Suppe", definite=True,
              kind="question") == "Szeretnéd enni a levest?"  # fmt: skip


def test_negation_questions_and_word_order() -> None:
    kein = dict(subject="ich", person="1sg", verb="lesen", object="Buch", definite=False, negated=True)
    assert (de(**kein), hu(**kein)) == ("Ich lese kein Buch.", "Nem olvasok könyvet.")
    nicht = dict(subject="du", person="2sg", verb="tanzen", negated=True, kind="wh", wh="warum")
    assert (de(**nicht), hu(**nicht)) == ("Warum tanzt du nicht?", "Miért nem táncolsz?")
    first = dict(subject="ich", person="1sg", verb="tanzen", time="heute", place="im Park", time_first=True)
    assert (de(**first), hu(**first)) == ("Heute tanze ich im Park.", "Ma táncolok a parkban.")
    noun = dict(subject="die Kinder", person="3pl", verb="spielen", kind="wh", wh="wo")
    assert (de(**noun), hu(**noun)) == ("Wo spielen die Kinder?", "Hol játszanak a gyerekek?")


def test_corpus_is_seeded_distinct_and_keeps_its_structure() -> None:
    a, b = grammar.corpus(300, seed=5), grammar.corpus(300, seed=5)
    assert [p.de for p in a] == [p.de for p in b]
    assert len({" ".join(p.de) for p in a}) == 300
    assert all(p.de[-1] in ".?" and p.hu[-1] == p.de[-1] for p in a)
    assert all(grammar.rebuild(p.structure).hu == p.hu for p in a)  # the structure regenerates the pair
    assert any("clauses" in p.structure for p in a)


def test_joined_statements() -> None:
    pair = grammar.join([S(subject="ich", person="1sg", verb="tanzen"), S(subject="du", person="2sg", verb="singen")])
    assert (pair.de_text, pair.hu_text) == ("Ich tanze und du singst.", "Táncolok, és énekelsz.")


def test_natural_set_is_hand_written_in_domain_and_never_trained_on() -> None:
    natural = pairs()
    assert 95 <= len(natural) <= 130
    data = grammar.splits(train=3000, val=100, test=100)
    keys = natural_keys()
    assert not any(grammar._key(p.de) in keys for split in data.values() for p in split)
    assert sum(p.de == grammar.lecture_pair().de for p in data["train"]) >= 1
    train_keys = {" ".join(p.de) for p in data["train"]}
    assert not any(" ".join(p.de) in train_keys for p in data["test"])


def test_baseline_is_word_by_word() -> None:
    assert detokenize(grammar.word_by_word(["Willst", "du", "mit", "mir", "tanzen", "?"])) == (
        "Szeretnél te velem táncolni?"
    )


def test_vocabulary_flags_unknown_words_and_reads_the_first_word_in_lower_case() -> None:
    vocab = WordVocab.build([["willst", "du", "Buch", "?"]])
    ids, words, unknown = vocab.encode("Willst du das Buch?")
    assert words == ["Willst", "du", "das", "Buch", "?"]
    assert unknown == [False, False, True, False, False]
    assert ids[2] == UNK_ID and ids[0] == vocab.lookup("willst")
    assert vocab.lookup("buch") == vocab.lookup("Buch")


def tiny(attention: bool, seed: int = 0) -> Translator:
    torch.manual_seed(seed)
    source = WordVocab.build([["willst", "du", "mit", "mir", "tanzen", "?"]])
    target = WordVocab.build([["szeretnél", "velem", "táncolni", "?"]])
    model = Seq2Seq(Seq2SeqConfig(len(source), len(target), embedding_dim=8, hidden_size=12, attention=attention))
    return Translator("tiny", model.eval(), source, target, {}, {})


@pytest.mark.parametrize("attention", [False, True])
def test_step_by_step_decoding_equals_teacher_forcing_in_one_call(attention: bool) -> None:
    t = tiny(attention)
    src = [4, 5, 6, 7, 8, 9]
    target = [5, 6, 7, 4, EOS_ID]
    steps = greedy(t.model, src, forced=target)
    with torch.no_grad():
        logits = t.model(torch.tensor([src]), torch.tensor([[BOS_ID, *target[:-1]]]))[0].log_softmax(-1)
    for k, step in enumerate(steps):
        top = logits[k].exp().topk(5)
        assert [i for i, _ in step.top] == top.indices.tolist()
        np.testing.assert_allclose([p for _, p in step.top], top.values.numpy(), atol=1e-5)
        assert (step.attention is None) != attention
        if attention:
            assert abs(sum(step.attention) - 1) < 1e-5 and len(step.attention) == len(src)


@pytest.mark.parametrize("attention", [False, True])
def test_beam_search_of_width_one_is_greedy_and_beams_are_ranked(attention: bool) -> None:
    t = tiny(attention, seed=3)
    src = [4, 6, 8]
    greedy_tokens = [s.token for s in greedy(t.model, src, max_len=12)]
    finals, history = beam_search(t.model, src, beam_size=1, max_len=12)
    assert finals[0].tokens == greedy_tokens
    finals, history = beam_search(t.model, src, beam_size=4, max_len=12)
    assert all(len(live) <= 4 for live in history)
    assert [b.normalised for b in finals] == sorted((b.normalised for b in finals), reverse=True)
    # the best beam's score is the sum of its tokens' log-probabilities, recomputed by teacher forcing
    steps = greedy(t.model, src, forced=finals[0].tokens)
    with torch.no_grad():
        tgt_in = torch.tensor([[BOS_ID, *finals[0].tokens[:-1]]])
        logp = t.model(torch.tensor([src]), tgt_in)[0].log_softmax(-1)
    total = sum(float(logp[k, tok]) for k, tok in enumerate(finals[0].tokens))
    assert abs(total - finals[0].score) < 1e-4 and len(steps) == len(finals[0].tokens)


def test_save_and_load_rebuild_the_model(tmp_path) -> None:
    t = tiny(True)
    save(tmp_path / "m", t.model, t.source, t.target, {"title": "tiny"}, {"x": 1})
    back = load(tmp_path / "m")
    for key, value in t.model.state_dict().items():
        assert torch.equal(value, back.model.state_dict()[key])
    assert back.translate("Willst du mit mir tanzen?") == t.translate("Willst du mit mir tanzen?")


@pytest.mark.parametrize("mode", ["greedy", "beam", "forced"])
def test_translation_run_traces_encoder_and_decoder_exactly(mode: str) -> None:
    t = tiny(True, seed=1)
    run = translate_run(t, "Willst du mit Anna tanzen?", mode, 3, "Szeretnél velem táncolni?")
    assert run.unknown == [False, False, False, True, False, False]
    steps = len(run.written)
    assert run.encoder["c"].shape == (6, 12) and run.decoder["c"].shape == (steps, 12)
    assert run.attention.shape == (steps, 6) and len(run.top) == steps and run.fed[0] == "<s>"
    assert run.max_abs_error <= 1e-5
    np.testing.assert_allclose(run.decoder["c0"], run.encoder["c"][-1], atol=1e-6)  # h and C handed over
    np.testing.assert_allclose(run.decoder["h0"], run.encoder["h"][-1], atol=1e-6)
    if mode == "forced":
        assert run.written == ["szeretnél", "velem", "táncolni", "?", "</s>"]
    if mode == "beam":
        assert run.beams and all(len(live) <= 3 for live in run.beams)
    v = cell_equations(run.decoder, 1, 2)
    assert abs(v["c"] - (v["f"] * v["c_prev"] + v["i"] * v["g"])) < 1e-5
    assert abs(v["h"] - v["o"] * np.tanh(v["c"])) < 1e-5


def test_figures() -> None:
    t = tiny(True, seed=2)
    run = translate_run(t, "Willst du mit mir tanzen?", "greedy")
    fig = state_heatmap(run.encoder["f"], run.source_words, "f", "f", step=2)
    assert fig.data[0].z.shape == (12, 6) and fig.layout.shapes[0].x0 == 1.5
    fig = attention_heatmap(run.attention, run.source_words, run.written, 1, "a")
    assert fig.data[0].z.shape == (2, 6)
    fig = top_words(run.top[0], run.written[0], "top")
    assert list(fig.data[0].y) == [w.replace("<", "⟨").replace(">", "⟩") for w, _ in run.top[0]]


SHIPPED = catalog.translation_available()


@pytest.mark.skipif(len(SHIPPED) < 2, reason="the translation models are not trained")
@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_models_translate_the_lecture_and_match_their_cards(name: str) -> None:
    from models.train.translate import evaluate

    t = load(name)
    assert t.translate("Willst du mit mir tanzen?") == "Szeretnél velem táncolni?"
    assert t.translate("Willst du mit mir tanzen?", beam_size=5) == "Szeretnél velem táncolni?"
    natural = pairs()
    result, _ = evaluate(t, [d for d, _ in natural], [h for _, h in natural])
    card = t.card["natural"]
    assert abs(result["chrf"] - card["chrf"]) < 0.05 and abs(result["exact_match"] - card["exact_match"]) < 1e-4
    baseline = t.card["metrics"]["baselines_natural"]["word_by_word"]
    assert card["chrf"] > baseline["chrf"] and t.card["metrics"]["test"]["chrf"] > t.card["metrics"]["baselines"][
        "word_by_word"]["chrf"]  # fmt: skip
    assert sum(p.stat().st_size for p in (catalog.ZOO_DIR / name).iterdir()) <= 30 * 2**20


def test_structures_from_a_seeded_sampler_cover_every_kind() -> None:
    rng = random.Random(0)
    kinds = {(s.kind, s.negated, s.modal is not None) for s in (grammar.sample_structure(rng) for _ in range(2000))}
    assert len(kinds) == 12


def test_a_long_sentences_attention_map_keeps_its_labels_apart() -> None:
    """23 source words (lesson 11's sentence) at projector sizes: upright labels a size smaller and no
    numbers in the cells; a short sentence keeps slanted labels and the printed weights."""
    from viz.theme import PROJECTOR

    words = [f"w{k}" for k in range(23)]
    weights = np.full((5, 23), 1 / 23)
    dense = attention_heatmap(weights, words, words[:5], 4, "a", theme=PROJECTOR)
    assert dense.layout.xaxis.tickangle == -90 and dense.layout.xaxis.tickfont.size == PROJECTOR.small_size
    assert dense.data[0].texttemplate == ""
    short = attention_heatmap(weights[:, :6], words[:6], words[:5], 4, "a", theme=PROJECTOR)
    assert short.layout.xaxis.tickangle == -30 and short.layout.xaxis.tickfont.size == PROJECTOR.font_size
    assert short.data[0].texttemplate == "%{text}"
