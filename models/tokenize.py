"""Text <-> token ids, described entirely by data (kind, pattern, vocabulary) stored with a model.

Word models split with a regular expression; character models split into characters. Anything
not in the vocabulary maps to <unk> (id 1) and is reported, never silently dropped.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

PAD, UNK = "<pad>", "<unk>"
PAD_ID, UNK_ID = 0, 1

WORD_PATTERN = r"\w+(?:'\w+)?|[^\w\s]"  # words (with English clitics) and single punctuation marks
WORDS_ONLY_PATTERN = r"\w+"  # the lecture's NER example counts six words, no full stop
TWEET_PATTERN = r"<url>|<user>|#?\w+(?:'\w+)?|[^\w\s]"

_URL = re.compile(r"https?://\S+|www\.\S+")
_USER = re.compile(r"@\w+")


@dataclass
class Tokenizer:
    kind: Literal["word", "char"]
    vocab: list[str]  # index = token id; vocab[0] is <pad>, vocab[1] is <unk>
    pattern: str = WORD_PATTERN  # word models only
    lowercase: bool = False
    tweets: bool = False  # replace URLs and @mentions by <url> and <user> first
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.vocab[:2] != [PAD, UNK]:
            raise ValueError("a vocabulary must start with <pad> and <unk>")
        self._index = {tok: i for i, tok in enumerate(self.vocab)}
        self._regex = re.compile(self.pattern)

    def tokenize(self, text: str) -> list[str]:
        """Surface tokens as the model reads them (what the app shows in the token strip)."""
        if self.tweets:
            text = _USER.sub("<user>", _URL.sub("<url>", text))
        if self.lowercase:
            text = text.lower()
        if self.kind == "char":
            return list(text)
        return self._regex.findall(text)

    def encode_tokens(self, tokens: Iterable[str]) -> list[int]:
        return [self._index.get(tok, UNK_ID) for tok in tokens]

    def encode(self, text: str) -> list[int]:
        return self.encode_tokens(self.tokenize(text))

    def is_known(self, token: str) -> bool:
        return token in self._index

    def decode(self, ids: Iterable[int]) -> list[str]:
        return [self.vocab[i] for i in ids]

    def to_dict(self) -> dict:
        return {
            "kind": self.kind,
            "pattern": self.pattern,
            "lowercase": self.lowercase,
            "tweets": self.tweets,
        }

    @classmethod
    def from_dict(cls, spec: dict, vocab: list[str]) -> Tokenizer:
        return cls(
            kind=spec["kind"],
            vocab=list(vocab),
            pattern=spec.get("pattern", WORD_PATTERN),
            lowercase=bool(spec.get("lowercase", False)),
            tweets=bool(spec.get("tweets", False)),
        )

    @classmethod
    def build(
        cls,
        texts: Iterable[str],
        kind: Literal["word", "char"],
        min_count: int = 1,
        max_size: int | None = None,
        **options,
    ) -> Tokenizer:
        """Vocabulary from training texts: most frequent first, ties broken alphabetically."""
        probe = cls(kind=kind, vocab=[PAD, UNK], **options)
        counts = Counter(tok for text in texts for tok in probe.tokenize(text))
        ranked = sorted((t for t, c in counts.items() if c >= min_count), key=lambda t: (-counts[t], t))
        if max_size is not None:
            ranked = ranked[: max_size - 2]
        return cls(kind=kind, vocab=[PAD, UNK, *ranked], **options)
