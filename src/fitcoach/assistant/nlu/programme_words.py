"""A programme's own words around the lifts of a log, on a line's normalised words before
``lifter_shorthand`` (lifts96): none of them is part of a lift's name.

- a programme's name and its day or week heading the line ("gzclp day a1: t1 squat 5x3 at
  120", "gzcl t2 front squat 3x10 @ 70", "nsuns week 2:"): the heading dropped (the tier
  after it is ``lifter_shorthand``'s);
- the day's assistance named by the programme ("5/3/1 squat day: top set 130 x 1+ ... then
  bbb 5x10 @ 65"): "bbb" (boring but big) and "fsl" (first set last) are more sets of the
  day's own lift, so they take its name; where no lift day is named they are left (asked);
- "top set" before the sets of a lift day ("squat day: top set 130 x 4"): the day's lift;
- a heading naming the kit of the work ("did my rehab band work for the shoulder: external
  rotations 3x15"): the kit given to the lift after it ("band external rotations"), the
  heading dropped.
"""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.matcher import ExerciseMatcher

# "gzclp day a1:", "gzcl", "gzclp week 3 day a2 -", "nsuns wk 2:": the programme's name and its
# place at the head of a clause (the words after it must be a lift's: the tier or the name)
_HEADING = re.compile(
    r"(?:^|(?<=[,.;:]\s)|(?<=[,.;:]))\s*\b(?:gzclp?|nsuns)\b"
    r"(?:\s+(?:(?:day|week|wk|cycle)\s*)?[a-c]?\d{1,2}\b|\s+(?:day|week|wk|cycle)\s+[a-c]\b)*"
    r"\s*[:,.-]?\s+(?=[a-z])"
)
# "squat day: top set 130 x 4": a day named by a lift, then its top set
_TOP_SET = re.compile(
    r"(?<=\bday)(?P<stop>\s*[,.:;-]\s*)top\s+(?:set|single|double|triple)\s*(?:[:,-]\s*|of\s+|at\s+|@\s*)?"
    r"(?=\d)"
)
# "squat day", "bench day": the day's lift, in the words before "day"
_DAY = re.compile(r"(?<![a-z'])(?P<words>[a-z][a-z' ]{0,40}?)\s+day\b")
# the day's assistance said by the programme's word: more sets of the day's lift
_SAME_LIFT = re.compile(r"\b(?:bbb|boring but big|fsl|first set last)\b(?=\s*[:,-]?\s*\d)")


# "did my rehab band work for the shoulder: external rotations 3x15", "band exercises - pull
# aparts 3x20": a heading naming the kit of the work, then a lift's name and its sets; the kit is
# the lift's ("band external rotations"), the heading no part of its name
_KIT_HEADING = re.compile(
    r"(?:\b(?:still\s+)?(?:did|done|finished|got\s+in)\s+)?(?:\b(?:my|the|some|a\s+bit\s+of)\s+)?"
    r"(?:\b(?:rehab|prehab|physio|pt)\s+)?\b(?P<kit>band|banded|cable|dumbbell|db|kettlebell|kb)\s+"
    r"(?:work|exercises?|stuff|routine|drills?|session)"
    r"(?:\s+for\s+(?:the|my)\s+[a-z]+(?:\s+and\s+[a-z]+)?)?\s*[:-]\s*"
    r"(?P<name>[a-z][a-z' -]{1,30}?)(?=\s+\d)"
)
_KITS = re.compile(r"\b(?:band|banded|cable|dumbbell|db|kettlebell|kb|barbell|machine)\b")


def _kit_first(m: re.Match[str]) -> str:
    name = m.group("name")
    return name if _KITS.search(name) else f"{m.group('kit')} {name}"


def _day_lift(line: str, matcher: ExerciseMatcher) -> str | None:
    """The strength lift a "X day" of ``line`` names (its last one or two words), or None."""
    for m in _DAY.finditer(line):
        words = m.group("words").split()
        for cut in range(max(0, len(words) - 2), len(words)):
            found = matcher.match(" ".join(words[cut:]))
            if found is not None and matcher.category(found.slug) == "strength":
                return " ".join(words[cut:])
    return None


def programme_words(line: str, matcher: ExerciseMatcher) -> str:
    """``line`` (normalised) without a programme's heading, its day's top set and
    assistance said as the day's lift."""
    line = _KIT_HEADING.sub(_kit_first, _HEADING.sub(" ", line))
    if " day" not in line:
        return line
    line = _TOP_SET.sub(lambda m: m.group("stop"), line)
    if _SAME_LIFT.search(line):
        lift = _day_lift(line, matcher)
        if lift is not None:
            line = _SAME_LIFT.sub(lift, line)
    return line
