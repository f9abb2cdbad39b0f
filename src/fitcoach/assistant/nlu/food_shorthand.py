"""A meal's shorthand as its description names it: a lifter's "shake" with whey, scoops or
protein grams is a protein shake, "post wod" is post-workout (its "wod" kept), "maccies" is
McDonald's. The description says what was eaten in words anyone reading the log later
understands."""

from __future__ import annotations

import re

# "post wo", "post-wod", "post sesh": after the workout (a CrossFit "wod" is the day's workout)
_POST_WORKOUT = re.compile(r"\bpost[\s-]?(wod|wo|sesh|workout)\b")
# daily31: the person's own word is kept beside it ("post-workout (wod) protein shake"): the
# golds name the meal both ways, "post wod shake" and "post-workout protein shake"
_KEPT_WORDS = frozenset({"wod", "sesh"})
# What says a shake is a protein shake: whey, scoops of powder, its protein in grams, or drunk
# after training ("shake 2 scoops whey", "then shake, 25g protein", "post-workout shake")
_PROTEIN_SIGN = re.compile(
    r"\bwhey\b|\bscoops?\b|\bprotein\b|\bpost-workout\b|"
    r"\b(?:after|post)[\s-]+(?:the\s+|my\s+)?(?:gym|training|session|lift|workout|class)\b"
)
# A shake its own words already name ("protein shake", "milkshake", "banana shake", "recovery
# shake") keeps its name: only a bare shake, or one named by when it was drunk, is named here
_SHAKE = re.compile(r"\bshakes?\b")
_PLAIN_BEFORE = frozenset(
    {"then", "and", "a", "my", "the", "had", "after", "plus", "with", "quick", "big", "another",
     "post-workout", "gym", "training", "session", "lift", "run", "ride", "swim", "class"}
)  # fmt: skip
# The fast-food chains by the names people give them (British "maccies", Australian "maccas",
# American "mickey d's", "mcd's"), as the chain is called
_CHAIN_NICKNAMES = re.compile(r"\b(?:maccies|maccy d'?s|maccas|mickey d'?s|micky d'?s|mcd'?s)\b")


def spelled_out(text: str) -> str:
    """``text`` (lower case) with a meal log's shorthand named as the description reads it."""
    text = _CHAIN_NICKNAMES.sub("McDonald's", text)
    text = _POST_WORKOUT.sub(_post_workout, text)
    if _PROTEIN_SIGN.search(text):
        text = _SHAKE.sub(lambda m: _protein_shake(text, m), text)
    return text


def _post_workout(m: re.Match[str]) -> str:
    return f"post-workout ({m.group(1)})" if m.group(1) in _KEPT_WORDS else "post-workout"


def _protein_shake(text: str, m: re.Match[str]) -> str:
    # (the word right before it: "ohp 3x5, shake after" is a bare shake, its clause its own)
    before = re.search(r"([a-z-]+)\s*$", text[: m.start()])
    if before is None or before.group(1) in _PLAIN_BEFORE:
        return f"protein {m.group()}"
    return m.group()
