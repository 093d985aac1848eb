"""An encoder–decoder LSTM for translation, with or without Luong attention; its folder format.

The encoder (one nn.LSTM) reads the German words; the decoder (another nn.LSTM) starts from the
encoder's final h and C and writes Hungarian words one at a time, each fed back as its next input.
With attention (Luong et al. 2015, "general" score) every decoder state h_t is compared with every
encoder state; the weighted sum of those (the context) and h_t give the prediction, so the decoder
is no longer limited to what fits in the final state.

    models/zoo/NAME/  config.json (architecture + meta), vocab_de.json, vocab_hu.json,
                      weights.safetensors, card.json, card.md

At inference the decoder's nn.LSTM is called once per step, as a reader of the lecture would draw
it; the probe joins those calls into one layer (see models/probe/capture.py).
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file
from torch import nn

from models.zoo.catalog import ZOO_DIR

PAD, UNK, BOS, EOS = "<pad>", "<unk>", "<s>", "</s>"
PAD_ID, UNK_ID, BOS_ID, EOS_ID = 0, 1, 2, 3
MAX_SOURCE_WORDS = 60  # longer input is cut (the page says so)
TOKEN_RE = re.compile(r"\w+|[^\w\s]")


@dataclass
class Seq2SeqConfig:
    src_vocab: int  # German vocabulary size, specials included
    tgt_vocab: int  # Hungarian vocabulary size, specials included
    embedding_dim: int = 96  # word vectors of both languages
    hidden_size: int = 256  # units of the encoder and of the decoder LSTM (one layer each)
    attention: bool = False  # Luong "general" attention over the encoder states

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class WordVocab:
    """Word-level vocabulary: index = id; 0-3 are <pad>, <unk>, <s>, </s>."""

    tokens: list[str]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.tokens[:4] != [PAD, UNK, BOS, EOS]:
            raise ValueError("a vocabulary must start with <pad>, <unk>, <s>, </s>")
        self._index = {t: i for i, t in enumerate(self.tokens)}

    @classmethod
    def build(cls, sentences: list[list[str]]) -> WordVocab:
        words = sorted({w for s in sentences for w in s})
        return cls([PAD, UNK, BOS, EOS, *words])

    def __len__(self) -> int:
        return len(self.tokens)

    def lookup(self, word: str, first: bool = False) -> int:
        """Id of a word as typed: its own case, else lower case, else capitalised; <unk> if none.
        The first word of a sentence tries lower case first ("Willst" is "willst")."""
        forms = [word.lower(), word] if first else [word, word.lower(), word[:1].upper() + word[1:]]
        return next((self._index[f] for f in forms if f in self._index), UNK_ID)

    def encode(self, text: str) -> tuple[list[int], list[str], list[bool]]:
        """(ids, words as typed, unknown flags) for a sentence; no <s> or </s>."""
        words = TOKEN_RE.findall(text)[:MAX_SOURCE_WORDS]
        ids = [self.lookup(w, first=i == 0) for i, w in enumerate(words)]
        return ids, words, [i == UNK_ID for i in ids]

    def ids(self, words: list[str]) -> list[int]:
        return [self.lookup(w) for w in words]

    def words(self, ids: list[int]) -> list[str]:
        return [self.tokens[i] for i in ids]


def detokenize(words: list[str]) -> str:
    """Hungarian words to display text: spaces, the mark attached, the first letter capitalised."""
    words = [w for w in words if w not in (BOS, EOS, PAD)]
    text = re.sub(r" ([.?!,])", r"\1", " ".join(words))
    return text[:1].upper() + text[1:]


class Seq2Seq(nn.Module):
    def __init__(self, config: Seq2SeqConfig) -> None:
        super().__init__()
        self.config = config
        e, h = config.embedding_dim, config.hidden_size
        self.src_embedding = nn.Embedding(config.src_vocab, e, padding_idx=PAD_ID)
        self.encoder = nn.LSTM(e, h, batch_first=True)
        self.tgt_embedding = nn.Embedding(config.tgt_vocab, e, padding_idx=PAD_ID)
        self.decoder = nn.LSTM(e, h, batch_first=True)
        if config.attention:
            self.score = nn.Linear(h, h, bias=False)  # Luong "general": score(h_t, s_j) = h_t · W s_j
            self.combine = nn.Linear(2 * h, h)  # h̃_t = tanh(W_c [context; h_t])
        self.out = nn.Linear(h, config.tgt_vocab)

    # -- the pieces ---------------------------------------------------------------------------
    def encode(self, src: torch.Tensor, lengths: torch.Tensor | None = None):
        """src (B, S) -> encoder states (B, S, H) and the final (h, c), each (1, B, H)."""
        x = self.src_embedding(src)  # (B, S, E)
        if lengths is None:
            states, final = self.encoder(x)
        else:
            packed = nn.utils.rnn.pack_padded_sequence(x, lengths.cpu(), batch_first=True, enforce_sorted=False)
            states, final = self.encoder(packed)
            states, _ = nn.utils.rnn.pad_packed_sequence(states, batch_first=True, total_length=src.shape[1])
        return states, final

    def readout(self, dec: torch.Tensor, enc: torch.Tensor, mask: torch.Tensor | None):
        """Decoder states (B, T, H) -> logits (B, T, V) and attention (B, T, S) (None without)."""
        if not self.config.attention:
            return self.out(dec), None
        scores = dec @ self.score(enc).transpose(1, 2)  # (B, T, S)
        if mask is not None:
            scores = scores.masked_fill(~mask[:, None, :], float("-inf"))
        weights = scores.softmax(-1)  # (B, T, S)
        context = weights @ enc  # (B, T, H)
        attended = torch.tanh(self.combine(torch.cat([context, dec], dim=-1)))  # (B, T, H)
        return self.out(attended), weights

    def forward(self, src: torch.Tensor, tgt_in: torch.Tensor, src_lengths: torch.Tensor | None = None):
        """Teacher forcing: logits (B, T, V) for target inputs (B, T) that start with <s>."""
        enc, final = self.encode(src, src_lengths)
        mask = None if src_lengths is None else _mask(src_lengths, src.shape[1])
        dec, _ = self.decoder(self.tgt_embedding(tgt_in), final)  # (B, T, H)
        return self.readout(dec, enc, mask)[0]

    def step(self, prev: torch.Tensor, state, enc: torch.Tensor, mask: torch.Tensor | None = None):
        """One decoder step for B hypotheses: prev (B,) -> log-probs (B, V), new state, attention (B, S)."""
        dec, state = self.decoder(self.tgt_embedding(prev)[:, None, :], state)  # (B, 1, H)
        logits, weights = self.readout(dec, enc, mask)
        return logits[:, 0].log_softmax(-1), state, None if weights is None else weights[:, 0]


def _mask(lengths: torch.Tensor, total: int) -> torch.Tensor:
    return torch.arange(total)[None, :] < lengths[:, None]  # (B, S)


@dataclass
class Step:
    """One decoder step of the written (or teacher-forced) output."""

    token: int  # the token written (or fed, under teacher forcing)
    top: list[tuple[int, float]]  # the five most likely next tokens with their probabilities
    attention: list[float] | None  # weights over the source words (None without attention)


@dataclass
class Beam:
    tokens: list[int]  # without <s>, ending in </s> when finished
    score: float  # sum of log-probabilities
    finished: bool = False

    @property
    def normalised(self) -> float:
        return self.score / max(1, len(self.tokens))


@torch.no_grad()
def greedy(model: Seq2Seq, src: list[int], max_len: int = 60, forced: list[int] | None = None) -> list[Step]:
    """Greedy decoding; with `forced`, teacher forcing: step t writes forced[t] (the reference,
    ending in </s>) whatever the model predicts, and feeds it to step t+1."""
    enc, state = model.encode(torch.tensor([src]))
    prev = torch.tensor([BOS_ID])
    steps: list[Step] = []
    targets = forced
    for t in range(len(targets) if targets is not None else max_len):
        logp, state, weights = model.step(prev, state, enc)
        probs = logp[0].exp()
        top = probs.topk(5)
        token = int(targets[t]) if targets is not None else int(top.indices[0])
        steps.append(Step(token, [(int(i), float(p)) for i, p in zip(top.indices, top.values, strict=True)],
                          None if weights is None else weights[0].tolist()))  # fmt: skip
        if token == EOS_ID:
            break
        prev = torch.tensor([token])
    return steps


@torch.no_grad()
def beam_search(model: Seq2Seq, src: list[int], beam_size: int = 5, max_len: int = 60) -> tuple[list[Beam], list[list[Beam]]]:
    """Beam search: (final beams, best first by score per token; the live beams after every step)."""
    enc, state = model.encode(torch.tensor([src]))
    live = [Beam([], 0.0)]
    done: list[Beam] = []
    history: list[list[Beam]] = []
    for _ in range(max_len):
        prev = torch.tensor([b.tokens[-1] if b.tokens else BOS_ID for b in live])
        logp, new_state, _ = model.step(prev, state, enc.expand(len(live), -1, -1))
        total = torch.tensor([b.score for b in live])[:, None] + logp  # (B, V)
        values, flat = total.flatten().topk(min(beam_size, total.numel()))
        candidates = []
        for value, index in zip(values.tolist(), flat.tolist(), strict=True):
            row, token = divmod(index, total.shape[1])
            beam = Beam([*live[row].tokens, token], value, token == EOS_ID)
            candidates.append((row, beam))
        history.append([b for _, b in candidates])
        keep = [(row, b) for row, b in candidates if not b.finished]
        done += [b for _, b in candidates if b.finished]
        if len(done) >= beam_size or not keep:
            break
        rows = torch.tensor([row for row, _ in keep])
        state = (new_state[0][:, rows], new_state[1][:, rows])
        live = [b for _, b in keep]
    finals = sorted(done or live, key=lambda b: b.normalised, reverse=True)
    return finals, history


@dataclass
class Translator:
    """A loaded translation model with its vocabularies, card and meta."""

    name: str
    model: Seq2Seq  # eval mode; shared between sessions, never mutate
    source: WordVocab
    target: WordVocab
    meta: dict
    card: dict

    def translate(self, text: str, beam_size: int = 1) -> str:
        ids, _, _ = self.source.encode(text)
        if not ids:
            return ""
        if beam_size <= 1:
            out = [s.token for s in greedy(self.model, ids)]
        else:
            out = beam_search(self.model, ids, beam_size)[0][0].tokens
        return detokenize(self.target.words(out))


def save(folder: Path, model: Seq2Seq, source: WordVocab, target: WordVocab, meta: dict, card: dict | None = None) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    write = lambda name, data: (folder / name).write_text(  # noqa: E731
        json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )
    write("config.json", {"kind": "seq2seq", "model": model.config.to_dict(), "meta": meta})
    write("vocab_de.json", source.tokens)
    write("vocab_hu.json", target.tokens)
    save_file({k: v.detach().contiguous() for k, v in model.state_dict().items()}, str(folder / "weights.safetensors"))
    if card is not None:
        write("card.json", card)


def load(name_or_path: str | Path) -> Translator:
    """Rebuild a translation model from its folder (by zoo name or by path), checking the weights."""
    from models.zoo import ModelFileError, load_state_checked

    folder = Path(name_or_path)
    if not folder.is_dir():
        folder = ZOO_DIR / str(name_or_path)
    if not (folder / "config.json").exists():
        raise ModelFileError(f"No translation model found at '{name_or_path}'.")
    read = lambda name: json.loads((folder / name).read_text(encoding="utf-8"))  # noqa: E731
    config = read("config.json")
    if config.get("kind") != "seq2seq":
        raise ModelFileError(f"'{name_or_path}' is not a translation (seq2seq) model.")
    model_config = Seq2SeqConfig(**config["model"])
    source, target = WordVocab(read("vocab_de.json")), WordVocab(read("vocab_hu.json"))
    if (len(source), len(target)) != (model_config.src_vocab, model_config.tgt_vocab):
        raise ModelFileError("The vocabularies and the config disagree in size.")
    model = Seq2Seq(model_config)
    load_state_checked(model, load_file(str(folder / "weights.safetensors")))
    model.eval()
    card = read("card.json") if (folder / "card.json").exists() else {}
    return Translator(folder.name, model, source, target, config.get("meta", {}), card)
