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
