"""Data for the zoo: loaders for real corpora shipped in PyPI wheels, and seeded generators.

Every generator keeps its latent ground truth (negation scope, entity spans, motif position,
the symbol to recall) beside each example, so the app can correlate units with it.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class Example:
    text: str  # what a user would type
    label: int | list[int]  # class (classify) or one tag per token (tag)
    latent: dict[str, list[float] | float | int] = field(default_factory=dict)  # per token or per example


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
