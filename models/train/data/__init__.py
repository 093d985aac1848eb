"""Data for the zoo: loaders for real corpora shipped in PyPI wheels, and seeded generators.

Every generator keeps its latent ground truth (negation scope, entity spans, motif position,
the symbol to recall) beside each example, so the app can correlate units with it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Example:
    text: str  # what a user would type
    label: int | list[int]  # class (classify) or one tag per token (tag)
    latent: dict[str, list[float] | float | int] = field(default_factory=dict)  # per token or per example
    # character span of each unit the per-unit lists (tags, latents) describe; None: the units are
    # the model's own tokens. Words with spans can be re-expressed for any tokenizer (`aligned`).
    spans: list[tuple[int, int]] | None = None

    def aligned(self, offsets: list[tuple[int, int]]) -> Example:
        """Per-unit lists moved onto tokens with these character offsets: a token takes the value
        of the word it starts in (a subword piece of "Péternek" is a person like the word)."""
        if self.spans is None:
            return self
        owner = []
        for start, _ in offsets:
            owner.append(next((k for k, (s, e) in enumerate(self.spans) if s <= start < e), None))

        def move(values: list) -> list:
            return [values[k] if k is not None else 0 for k in owner]

        label = move(self.label) if isinstance(self.label, list) else self.label
        latent = {k: move(v) if isinstance(v, list) else v for k, v in self.latent.items()}
        return Example(text=self.text, label=label, latent=latent)


@dataclass
class Splits:
    train: list
    val: list
    test: list
    source: str  # where the data comes from, and its licence


def generated(generate: Callable[..., list], seed: int, sizes: tuple[int, int, int], source: str, **held_out) -> Splits:
    """Train, validation and test from a seeded generator (seeds seed, seed+1, seed+2).

    `held_out` options apply to validation and test only (e.g. names unseen in training).
    """
    train, val, test = sizes
    return Splits(
        train=generate(train, seed),
        val=generate(val, seed + 1, **held_out),
        test=generate(test, seed + 2, **held_out),
        source=source,
    )
