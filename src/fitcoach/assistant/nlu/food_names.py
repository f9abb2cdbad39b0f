"""The words that name a food or a drink with energy: shared by the meals' reading and the
accounting of a message's numbers ("250g beef": an amount of a food), which sit side by side
in the understanding's layers and so cannot import each other."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.food_lexicon import food_words
from fitcoach.assistant.nlu.quantities import NUM

__all__ = ["MACRO_TRIPLES", "food_words", "in_macro_triple"]

# The letters of a macro triple as the apps write them ("52p 70c 22f", "P 55 C 40 F 1"): here,
# below meals and accounting, which both read them.
MACRO_TRIPLES = (
    re.compile(rf"(?<![\w.])({NUM})\s*p\W{{0,3}}({NUM})\s*c\W{{0,3}}({NUM})\s*f\b"),
    re.compile(rf"\bp\s*:?\s*({NUM})\W{{1,3}}c\s*:?\s*({NUM})\W{{1,3}}f\s*:?\s*({NUM})(?!\d|\.\d)"),
    # each letter's grams written out, as the apps' summary lines do ("P 58 g C 62 g F 11 g")
    re.compile(
        rf"\bp\s*:?\s*({NUM})\s*g\W{{1,3}}c\s*:?\s*({NUM})\s*g\W{{1,3}}f\s*:?\s*({NUM})\s*g\b"
    ),
)


def in_macro_triple(text: str, start: int) -> bool:
    """Whether the number at ``start`` is one of a macro triple's grams ("P 58 g C 62 g F 11 g"):
    a figure of the meal, never a food's amount."""
    return any(m.start() <= start < m.end() for t in MACRO_TRIPLES for m in t.finditer(text))
