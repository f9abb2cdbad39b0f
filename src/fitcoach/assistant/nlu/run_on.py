"""A long message said in one breath ends a set's clause where the talk turns to the speaker
(issue 57, corpus-57m's writer BY: dictated rambles of 40-110 words with no punctuation).

"seated rows 3 by 12 at 50 my grip is toast and i still have to carry the shopping in": with
no stop after the load, the words after it were read as more of the exercise's name ("seated
rows grip is toast": an unknown exercise) and the whole log became a question. Where a set's
last figure (a load, a count, "body weight", "with the twelves") is followed by a clause that
starts with the speaker or the scene ("my", "i'm", "the kids", "that's", "which") and holds no
figure up to the next stop or "then", that clause is a remark: a stop goes before it. A clause
with a figure ("i did 3 more at 60") may still be the log's, so it stays as it was said.
"""

from __future__ import annotations

import re

# Only long, unpunctuated messages are read so: a short log's words keep their place.
_MIN_WORDS = 20
# What a set's clause ends on: a figure with or without its unit, the body weight, a
# dumbbell's load said as a plural ("with the twelves", "the 25s"), a side ("each leg").
_FIGURE_END = (
    r"(?:\d+(?:\.\d+)?(?:\s*(?:kgs?|kilos?|kilograms?|lbs?|pounds?|reps?|steps|minutes|mins))?"
    r"|body ?weight|each (?:side|leg|arm)|a side|per (?:side|leg|arm)"
    r"|\d+s|(?:twos|threes|fours|fives|sixes|sevens|eights|nines|tens|elevens|twelves"
    r"|[a-z]+teens|twenties|thirties|forties|fifties|sixties|seventies|eighties|nineties))"
)
# How a remark about the speaker or the scene starts ("i think" hedges a figure: "at 45 i
# think"; "i did", "i got" go on with the log)
_REMARK_START = (
    r"(?:my|i'm|im|i'd|i've|i'll|i (?!(?:think|guess|believe|reckon|did|got|hit|managed|"
    r"added|dropped|went|finished|then|also|switched|moved|upped)\b)"
    r"|we|we're|the kids|kids|it's|it was|that's|thats|which|because|cos|he|she|he's|she's"
    r"|they|everyone|lol)\b"
)
_BREAK = re.compile(rf"(\b{_FIGURE_END})\s+(?={_REMARK_START}[^\d.;!?]*?(?:\bthen\b|[.;!?]|$))")


def run_on_stops(text: str) -> str:
    """``text`` (normalised) with a stop between a set's last figure and a remark said right
    after it in a long message; elsewhere as it was."""
    if len(text.split()) < _MIN_WORDS:
        return text
    return _BREAK.sub(r"\1 ; ", text)


# A pair of dumbbells said by their load in words ("with the twelves", "holding the twenty
# sixes", after ``normalise`` "the 20 sixes"): the load as it is typed ("the 26s"), which the
# sets read as a per-hand load; left as words it was no figure and the log asked for the load.
_PLURAL_UNITS = {
    "ones": 1, "twos": 2, "threes": 3, "fours": 4, "fives": 5, "sixes": 6, "sevens": 7,
    "eights": 8, "nines": 9, "tens": 10, "elevens": 11, "twelves": 12, "thirteens": 13,
    "fourteens": 14, "fifteens": 15, "sixteens": 16, "seventeens": 17, "eighteens": 18,
    "nineteens": 19, "twenties": 20, "thirties": 30, "forties": 40, "fifties": 50,
    "sixties": 60, "seventies": 70, "eighties": 80, "nineties": 90,
}  # fmt: skip
_PLURAL_LOAD = re.compile(
    r"\b(?P<lead>with|holding|using) (?:the |a pair of |pair of |my )?"
    r"(?:(?P<tens>[2-9]0) )?(?P<word>" + "|".join(_PLURAL_UNITS) + r")\b"
)


def _plural_load(m: re.Match[str]) -> str:
    value = _PLURAL_UNITS[m.group("word")]
    if m.group("tens") is not None:
        if value > 9:  # "20 twenties" is no load
            return m.group(0)
        value += int(m.group("tens"))
    return f"{m.group('lead')} the {value}s"  # ("a pair of 7s" the sets do not read)


def plural_loads(text: str) -> str:
    """``text`` (normalised) with a dumbbell pair's load said as a plural word ("with the
    fourteens", "using a pair of sevens") written as the figure ("with the 14s", "using the 7s")."""
    return _PLURAL_LOAD.sub(_plural_load, text)
