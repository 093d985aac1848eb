"""Text <-> token ids, described entirely by data (kind, pattern, vocabulary) stored with a model.

Word models split with a regular expression; character models split into characters; subword
models use a byte-pair encoding trained with Hugging Face `tokenizers` and saved beside the
weights as `tokenizer.json`, so any word is read as known pieces ("tetsz", "##ett"). Anything not
in the vocabulary maps to <unk> (id 1) and is reported, never silently dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

PAD, UNK = "<pad>", "<unk>"
CONTINUATION = "##"  # marks a subword piece that continues the word before it
PAD_ID, UNK_ID = 0, 1

WORD_PATTERN = r"\w+(?:'\w+)?|[^\w\s]"  # words (with English clitics) and single punctuation marks
WORDS_ONLY_PATTERN = r"\w+"  # the lecture's NER example counts six words, no full stop
TWEET_PATTERN = r"<url>|<user>|#?\w+(?:'\w+)?|[^\w\s]"

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")


def _tweet_placeholders(text: str) -> str:
    return _USER.sub("<user>", _URL.sub("<url>", text))


@dataclass
class Tokenizer:
    kind: Literal["word", "char", "subword"]
    vocab: list[str]  # index = token id; vocab[0] is <pad>, vocab[1] is <unk>
    pattern: str = WORD_PATTERN  # word models only
    lowercase: bool = False
    tweets: bool = False  # replace URLs and @mentions by <url> and <user> first
    subword: str | None = None  # subword models: the Hugging Face tokenizer as JSON (tokenizer.json)
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vocab[:2] != [PAD, UNK]:
            raise ValueError("a vocabulary must start with <pad> and <unk>")
        self._index = {tok: i for i, tok in enumerate(self.vocab)}
        self._regex = re.compile(self.pattern)
        self._bpe = None
        if self.kind == "subword":
            from tokenizers import Tokenizer as HFTokenizer

            if not self.subword:
                raise ValueError("a subword tokenizer needs its tokenizer.json")
            self._bpe = HFTokenizer.from_str(self.subword)
            if self._bpe.get_vocab_size() != len(self.vocab):
                raise ValueError("tokenizer.json and the vocabulary disagree in size")

    def _prepare(self, text: str) -> str:
        if self.tweets:
            text = _tweet_placeholders(text)
        if self.lowercase and self.kind != "subword":  # subword models lowercase inside, keeping offsets
            text = text.lower()
        return text

    def tokenize(self, text: str) -> list[str]:
        """Surface tokens as the model reads them (what the app shows in the token strip).

        Subword pieces are shown as written, a piece that continues a word prefixed with "##".
        """
        return [tok for tok, _, _ in self.tokenize_with_offsets(text)]

    def tokenize_with_offsets(self, text: str) -> list[tuple[str, int, int]]:
        """(token, start, end) with character offsets into `text` (after URL/@user replacement)."""
        text = self._prepare(text)
        if self.kind == "char":
            return [(ch, i, i + 1) for i, ch in enumerate(text)]
        if self.kind == "word":
            return [(m.group(), m.start(), m.end()) for m in self._regex.finditer(text)]
        enc = self._bpe.encode(text)
        out = []
        for piece, (start, end) in zip(enc.tokens, enc.offsets, strict=True):
            prefix = CONTINUATION if piece.startswith(CONTINUATION) else ""
            out.append((prefix + text[start:end], start, end))
        return out

    def offsets(self, text: str) -> list[tuple[int, int]]:
        """The character span of every token: what word-level tags and latents are aligned by."""
        return [(start, end) for _, start, end in self.tokenize_with_offsets(text)]

    def _normal(self, token: str) -> str:
        if self.kind != "subword":
            return token
        token = unicodedata.normalize("NFC", token)
        return token.lower() if self.lowercase else token

    def encode_tokens(self, tokens: Iterable[str]) -> list[int]:
        return [self._index.get(self._normal(tok), UNK_ID) for tok in tokens]

    def encode(self, text: str) -> list[int]:
        if self.kind == "subword":  # the pieces' ids straight from the encoder: the same as looking them up
            return self._bpe.encode(self._prepare(text)).ids
        return self.encode_tokens(self.tokenize(text))

    def encode_many(self, texts: Sequence[str]) -> list[list[int]]:
        """`encode` for many texts at once (subword models encode them in parallel, in Rust)."""
        if self.kind == "subword":
            return [e.ids for e in self._bpe.encode_batch([self._prepare(t) for t in texts])]
        return [self.encode(t) for t in texts]

    def is_known(self, token: str) -> bool:
        return self._normal(token) in self._index

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.vocab[i] for i in ids]

    def to_dict(self) -> dict:
        spec = {"kind": self.kind, "pattern": self.pattern, "lowercase": self.lowercase, "tweets": self.tweets}
        if self.kind == "subword":
            spec["file"] = SUBWORD_FILE
        return spec

    @classmethod
    def from_dict(cls, spec: dict, vocab: list[str], subword: str | None = None) -> Tokenizer:
        """`subword` is the text of the model's tokenizer.json (subword models only)."""
        return cls(
            kind=spec["kind"],
            vocab=list(vocab),
            pattern=spec.get("pattern", WORD_PATTERN),
            lowercase=bool(spec.get("lowercase", False)),
            tweets=bool(spec.get("tweets", False)),
            subword=subword,
        )

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        kind: Literal["word", "char", "subword"],
        min_count: int = 1,
        max_size: int | None = None,
        **options,
    ) -> Tokenizer:
        """Vocabulary from training texts: most frequent first, ties broken alphabetically.

        Subword: a byte-pair encoding of `max_size` pieces learned from `texts`.
        """
        if kind == "subword":
            return _build_subword(texts, max_size or 4000, min_count, **options)
        probe = cls(kind=kind, vocab=[PAD, UNK], **options)
        counts = Counter(tok for text in texts for tok in probe.tokenize(text))
        ranked = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
        if max_size is not None:
            ranked = ranked[: max_size - 2]
        return cls(kind=kind, vocab=[PAD, UNK, *ranked], **options)


SUBWORD_FILE = "tokenizer.json"
ALPHABET = (
    "abcdefghijklmnopqrstuvwxyzáéíóöőúüűäß"
    "ABCDEFGHIJKLMNOPQRSTUVWXYZÁÉÍÓÖŐÚÜŰÄ"
    "0123456789"
)  # every letter is a known piece at the start and inside a word, so no Latin word is ever <unk>
PUNCTUATION = ".,!?;:()[]{}-–—\"'„”“’…/\\%&+=*<>@#$€_^~|"


def _build_subword(texts: Iterable[str], size: int, min_count: int, lowercase: bool = False, tweets: bool = False,
                   **_ignored) -> Tokenizer:  # fmt: skip
    from tokenizers import Tokenizer as HFTokenizer
    from tokenizers import models, normalizers, pre_tokenizers, trainers

    bpe = HFTokenizer(models.BPE(unk_token=UNK, continuing_subword_prefix=CONTINUATION))
    steps = [normalizers.NFC()] + ([normalizers.Lowercase()] if lowercase else [])
    bpe.normalizer = normalizers.Sequence(steps)
    bpe.pre_tokenizer = pre_tokenizers.Whitespace()
    specials = [PAD, UNK] + (["<url>", "<user>"] if tweets else [])
    trainer = trainers.BpeTrainer(
        vocab_size=size,
        min_frequency=max(min_count, 2),
        special_tokens=specials,
        continuing_subword_prefix=CONTINUATION,
        show_progress=False,
    )
    alphabet = ALPHABET.lower() if lowercase else ALPHABET
    coverage = [" ".join(f"{c} x{c}" for c in alphabet) + " " + " ".join(p + p for p in PUNCTUATION)]
    # once: below min_frequency, so it adds every piece and no merges
    texts = (_tweet_placeholders(t) for t in texts) if tweets else texts
    bpe.train_from_iterator((t for part in (coverage, texts) for t in part), trainer)
    vocab = [tok for tok, _ in sorted(bpe.get_vocab().items(), key=lambda kv: kv[1])]
    return Tokenizer(kind="subword", vocab=vocab, lowercase=lowercase, tweets=tweets, subword=bpe.to_str())


def subword_json(spec: dict, folder) -> str | None:
    """The tokenizer.json text a subword spec refers to, read from the model's folder."""
    if spec.get("kind") != "subword":
        return None
    return (folder / SUBWORD_FILE).read_text(encoding="utf-8")
