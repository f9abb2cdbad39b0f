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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fitcoach.assistant.nlu.matcher import ExerciseMatcher

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


# (days94) a tens figure then a unit word in the plural ("incline dumbbell press 30 fives for 3
# sets", said "thirty fives"): the pair's load with no lead word; no other reading has it
_COMPOUND_LOAD = re.compile(
    r"(?<![\d.])(?P<tens>[2-9]0) (?P<word>twos|threes|fours|fives|sixes|sevens|eights|nines)\b"
)


def plural_loads(text: str) -> str:
    """``text`` (normalised) with a dumbbell pair's load said as a plural word ("with the
    fourteens", "using a pair of sevens", "30 fives") written as the figure ("with the 14s",
    "using the 7s", "35s")."""
    out = _PLURAL_LOAD.sub(_plural_load, text)
    return _COMPOUND_LOAD.sub(
        lambda m: f"{int(m.group('tens')) + _PLURAL_UNITS[m.group('word')]}s", out
    )


# (days94) A set's load, then the next exercise's name and its sets with no stop between ("bench
# 4 by 8 at 80 incline dumbbell 3 by 10 with 32s", dictated): the name after the load was read
# as more of the first exercise's name. A stop goes before words that name an exercise and are
# followed by their own sets.
_LOAD_THEN_NAME = re.compile(
    r"(?P<load>\b(?:at|@|with(?: the)?)\s*\d+(?:\.\d+)?(?:s\b|\s*(?:kgs?|kilos?|lbs?|pounds?)\b)?)"
    r"\s+(?P<name>[a-z][a-z'-]*(?:\s+[a-z][a-z'-]*){0,4}?)\s+(?=\d+\s*(?:x|by)\s*\d|\d+ sets\b)"
)
_NOT_NAME = re.compile(r"\b(?:and|then|with|at|for|of|each|per|a|the|my|i|did)\b")


def lift_stops(text: str, matcher: ExerciseMatcher) -> str:
    """``text`` (normalised) with a stop between a set's load and the next exercise named
    right after it with its own sets; elsewhere as it was."""

    def one(m: re.Match[str]) -> str:
        name = m.group("name")
        if _NOT_NAME.search(name) or not matcher.resolve(name).slug:
            return m.group(0)
        return f"{m.group('load')}, {name} "

    return _LOAD_THEN_NAME.sub(one, text)
