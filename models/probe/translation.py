"""One translation, computed once into a plain store that the translation page only draws.

`translate_run(translator, text, mode)` encodes the German sentence, decodes it (greedy, beam
search or teacher forcing), and traces the encoder and the decoder with the probe: the decoder's
nn.LSTM is called once per written word, and the probe joins those calls into one layer with a
row per step, checked against the kernel like every trace.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import torch

from models.nets.seq2seq import BOS, BOS_ID, EOS_ID, TOKEN_RE, UNK_ID, Translator, beam_search, detokenize, greedy
from models.probe import ProbeError, trace_run

MODES = ("greedy", "beam", "forced")
STATE_NAMES = ("i", "f", "g", "o", "c", "h")


@dataclass
class TranslationRun:
    source_words: list[str]  # as typed
    unknown: list[bool]  # one per source word: not in the German vocabulary (read as <unk>)
    mode: str  # "greedy", "beam" or "forced"
    fed: list[str]  # the decoder's input at each step: <s>, then the word written (or forced) before
    written: list[str]  # the word written at each step (the last is </s> when it stopped)
    output: str  # the translation as text
    top: list[list[tuple[str, float]]]  # per step: the five most likely words and their probabilities
    attention: np.ndarray | None  # (steps, source words) weights; None without attention
    encoder: dict[str, np.ndarray]  # name -> (source words, H): i, f, g, o, c, h (and c0, h0: (H,))
    decoder: dict[str, np.ndarray]  # name -> (steps, H), the same names
    beams: list[list[tuple[str, float]]] = field(default_factory=list)  # per step: live hypotheses, score
    max_abs_error: float = 0.0  # the probe's worst disagreement with the kernel
    reference_unknown: list[str] = field(default_factory=list)  # teacher forcing: reference words not in vocab


def _arrays(found) -> dict[str, np.ndarray]:
    return {name: found.get(name) for name in (*STATE_NAMES, "c0", "h0")}


def reference_ids(translator: Translator, reference: str) -> tuple[list[int], list[str]]:
    """Hungarian reference words as ids ending in </s>, and the words the vocabulary lacks."""
    words = TOKEN_RE.findall(reference)
    ids = [translator.target.lookup(w, first=i == 0) for i, w in enumerate(words)]
    return [*ids, EOS_ID], [w for w, i in zip(words, ids, strict=True) if i == UNK_ID]


def translate_run(
    translator: Translator, text: str, mode: str = "greedy", beam_size: int = 5, reference: str = ""
) -> TranslationRun:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}")
    ids, words, unknown = translator.source.encode(text)
    if not ids:
        raise ProbeError("the sentence is empty: type a German sentence")
    model = translator.model
    beams: list[list[tuple[str, float]]] = []
    missing: list[str] = []
    if mode == "forced":
        forced, missing = reference_ids(translator, reference)
        if len(forced) == 1:
            raise ProbeError("teacher forcing needs a Hungarian reference")
    elif mode == "beam":
        finals, history = beam_search(model, ids, beam_size)
        forced = finals[0].tokens
        beams = [[(detokenize(translator.target.words(b.tokens)), b.score) for b in step] for step in history]
    else:
        forced = [s.token for s in greedy(model, ids)]
    steps = greedy(model, ids, forced=forced)  # the chosen path again, with its top 5 and attention
    written_ids = [s.token for s in steps]
    fed_ids = [BOS_ID, *written_ids[:-1]]
    decoder, _ = trace_run(model, lambda: greedy(model, ids, forced=written_ids), fed_ids, module="decoder")
    encoder, _ = trace_run(model, lambda: model.encode(torch.tensor([ids])), ids, words, module="encoder")
    vocab = translator.target.tokens
    attention = None if steps[0].attention is None else np.array([s.attention for s in steps], dtype=np.float32)
    return TranslationRun(
        source_words=words,
        unknown=unknown,
        mode=mode,
        fed=[BOS, *[vocab[i] for i in written_ids[:-1]]],
        written=[vocab[i] for i in written_ids],
        output=detokenize([vocab[i] for i in written_ids]),
        top=[[(vocab[i], p) for i, p in s.top] for s in steps],
        attention=attention,
        encoder=_arrays(encoder),
        decoder=_arrays(decoder),
        beams=beams,
        max_abs_error=max(encoder.max_abs_error, decoder.max_abs_error),
        reference_unknown=missing,
    )
