"""Plates counted the lifter's way, with no side said (blind-final-30's CQ: "DEADLIFTED 4
PLATES FOR A DOUBLE", "Squat 3x5 at 2 plates and a quarter", "2 plates a side on squat ...,
20kg plates obviously"). On a barbell "4 plates" is four on each side, as lifters count
them; "a quarter" is a 25 lb plate; a plate's size said anywhere ("20kg plates", "8 plates
(45s)") is the size of the ones counted. Regexes only, shared by the set words (which read
"4 plates for a double" as one set of 2) and ``plate_maths`` (which makes the load)."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_N = r"(?:[1-6]|one|two|three|four|five|six)"
SIDE = r"\s+(?:on\s+)?(?:a|each|per)\s+side\b"
WORD_COUNT = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
QUARTER_LB = 25.0  # "a quarter": the 25 lb plate

# "4 plates", "squatted two plates" (not "2 plates of pasta", "2 plates and a 10", "(45s)")
BARE_COUNT = re.compile(
    rf"(?<![\d.+])\b(?P<n>{_N})\s*plates?\b"
    rf"(?!\s*(?:\(|-|of\b|and(?:aquarter)?\b|n\b|\+|plus\b|&|only\b|on\s+(?:it|the\s+(?:sled|machine)))|{SIDE})"
)
# "plate and a quarter on bench", "2 plates and a quarter" (a 45 and a 25 each side)
QUARTER = re.compile(
    rf"(?<![\d.+])(?:\b(?P<n>{_N})\s*plates?|\b(?:an?\s+|one\s+)?plate)"
    rf"(?:\s+(?:and|n|&|\+)\s+a\s+quarter|\s*andaquarter)\b(?:{SIDE})?"
)
# "20kg plates", "45 lb plates", "plates (45s)", "8 plates (45s)": the size of each plate
SIZE = re.compile(
    rf"(?<![\d.])(?P<size>{NUM})\s*(?P<unit>kgs?|kilos?|lbs?)\s*plates\b"
    rf"|\bplates?\s*\(\s*(?P<paren>{NUM})s?\s*\)"
)
# "4 plates for a double", "3 plates on squat for a triple", "bench 2 plates for 3": the
# reps said after the plates, with no load between (the plates are the load)
_FOR_REPS = re.compile(
    rf"(?<![\d.+])\b({_N}\s*plates?\b(?:\s+(?:on|of)\s+[a-z]+)?)\s+for\s+(?:an?\s+)?"
    r"(single|double|triple|\d{1,2})\b(?!\s*(?:sets?|x|reps?|singles|doubles|triples|rounds?)\b)"
)
_REPS = {"single": "1", "double": "2", "triple": "3"}


def count(word: str) -> int:
    """A plate count said in digits or words."""
    return WORD_COUNT.get(word.lower(), 0) or int(word)


def plate_reps(text: str) -> str:
    """``text`` with "<plates> for a double" said as one set ("4 plates 1x2")."""
    return _FOR_REPS.sub(lambda m: f"{m.group(1)} 1x{_REPS.get(m.group(2), m.group(2))}", text)
