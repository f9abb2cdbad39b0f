"""A lift's variant word said after its sets, in brackets or last in the clause ("squat 140 3x3
(paused)", "bench 80 5x3 paused", "squats 3x5 @ 100 (tempo)"), on a line's normalised words
before ``lifter_shorthand`` (lifts96): the lift done so, its word put before the name ("paused
squat 140 3x3"), which the library reads as its own entry (the Pause Squat). Where the library
has no such entry ("paused curls") the name is unknown and asked about, never the plain lift
stored (that was a wrong store: the back squat for the pause squat).

Only a clause led by its name and holding its sets is read; a variant alone for sets after a
lift ("then 3x3 paused at 170") is ``lifter_shorthand.variant_named``'s.
"""

from __future__ import annotations

import re

# "squat 140 3x3 (paused)", "bench 80 5x3 paused": a name, then figures of its sets, then the
# word (a pause said with its length, "(2 sec pause)", is how each rep was done: left)
_AFTER = re.compile(
    r"(?P<head>(?:^|[,;]|\.\s|\bthen\b)\s*)(?P<name>[a-z][a-z' -]{1,30}?)"
    r"(?P<sets>\s+(?:[\d.@x/+ ]|kgs?\b|lbs?\b|kilos?\b|at\b|for\b|sets?\b|reps?\b|of\b)*\d"
    r"(?:\s*(?:kgs?|lbs?|kilos?|reps?|sets?)\b)?)"
    r"\s*(?:\(\s*(?P<bracket>paused|pause|tempo)\s*\)|(?P<bare>paused))(?=\s*(?:[,;]|\.\s|\.?$|\bthen\b))"
)


def _put_first(m: re.Match[str]) -> str:
    word = m.group("bracket") or m.group("bare")
    word = "paused" if word == "pause" else word
    name = m.group("name")
    if re.search(rf"\b{word[:5]}", name):  # "paused squat 3x3 (paused)": said already
        return f"{m.group('head')}{name}{m.group('sets')}"
    return f"{m.group('head')}{word} {name}{m.group('sets')}"


def variant_after(line: str) -> str:
    """``line`` with each variant word said after a lift's sets put before its name."""
    if not re.search(r"\b(?:paused|pause|tempo)\b", line):
        return line
    return _AFTER.sub(_put_first, line)
