"""A sport whose one word means another game by country ("football training 75 min", "footy
90", "hockey 60 min"): soccer, rugby, American, Australian rules or Gaelic football; field or
ice hockey. The library names no entry by the word alone (library16), so the chat asks which,
precisely, rather than not taking the session at all."""

from __future__ import annotations

import re

# The word alone: a word before it that names the game ("gaelic football", "walking football",
# "ice hockey") is read as that entry before this is asked
_WHICH = (
    (
        re.compile(r"\b(?:football|footy|footie)\b"),
        "which football was it (soccer, rugby, American, Australian rules, Gaelic...)?",
    ),
    (re.compile(r"\bhockey\b"), "which hockey was it (field, ice, roller...)?"),
)


# A game watched, not played ("watched the football for 90 min", "at the footy with the kids")
_WATCHED = re.compile(
    r"\b(?:watch\w*|tv|telly|pub|stadium|tickets?|fans?|supporters?|at the (?:football|footy|hockey))\b"
)


def which_game(text: str) -> str | None:
    """The question which game ``text``'s one word for a sport means, or None."""
    if _WATCHED.search(text):
        return None
    return next((question for word, question in _WHICH if word.search(text)), None)
