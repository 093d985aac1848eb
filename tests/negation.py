"""The units that carry the negation of the lesson's step-9 sentence, found on the shipped model the
way the lesson finds them, so tests follow a retrained sentiment_hu instead of naming its units."""

from __future__ import annotations

import functools

from models import zoo
from models.probe.intervene import smallest_flip

SENTENCE = "Nem tetszett a film."


@functools.cache
def negation_units() -> tuple[int, ...]:
    model = zoo.load("sentiment_hu")
    found = smallest_flip(model.model, model.tokenizer.encode(SENTENCE))
    assert found["flipped"], "switching units off no longer turns the lesson's sentence"
    return tuple(found["units"])


def flip_edits() -> str:
    """The explorer's ?edits= value that switches those units' C and h off from the first step."""
    units = "+".join(str(u) for u in negation_units())
    return f"c:0:0:{units}:0:0:from;h:0:0:{units}:0:0:from"


def units_text() -> str:
    """The same units as the lesson and the unit fields write them: "99, 121, 52"."""
    return ", ".join(str(u) for u in negation_units())
