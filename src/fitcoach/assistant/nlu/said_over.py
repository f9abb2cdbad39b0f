"""A figure said, then said over at once in the same unit ("ran 8 km, sorry 6 km", "30 min,
no 33 min", "weight 92.4 ... typo 91.4"): the one said last is the one meant, and the first is
never read as a second figure (which left the message asked about).

Only where the second is plainly a replacement: the same unit written again after the word
that takes the first back, or a bare number after "typo" or "no it's"; a bare "80, sorry 85"
stays as it was (a second figure, asked about: ``normalise``'s ``_NUMBER_BACK``)."""

from __future__ import annotations

import re

_UNITS = r"kg|lb|km|mi|miles?|m|min|mins|minutes|h|hrs?|hours?"
_BACK = r"(?:no wait|wait no|no sorry|sorry|oops|my bad|correction|no|nope)"
_IT_WAS = r"(?:(?:it was|it's|its|it is|was|make that|make it)\s+)?"
# "8 km, sorry 6 km": the same unit after the second number
_SAME_UNIT = re.compile(
    rf"(?<![\d.x:])\d+(?:\.\d+)?\s*(?P<unit>{_UNITS})\b[\s.,!…–—-]*{_BACK}\b[\s,.!…:;–—-]*"
    rf"{_IT_WAS}(?P<new>\d+(?:\.\d+)?)\s*(?P=unit)\b"
)
# "92.4 ... typo 91.4", "8.2 km... no its 8.4": a bare second number after words that only
# ever correct (a typo named, or "no, it's")
_BARE = re.compile(
    rf"(?<![\d.x:])\d+(?:\.\d+)?(?P<unit>\s*(?:{_UNITS})\b)?[\s.,!…–—-]*"
    r"(?:typo|no,?\s+(?:it was|it's|its|it is))[\s,.!…:;–—-]*"
    r"(?P<new>\d+(?:\.\d+)?)\b(?![.,]\d|\s*(?:x|sets?|reps?|am|pm|[a-z%/]+\s*\d)\b)"
)


def said_over(text: str) -> str:
    """``text`` (normalised) with a figure said over in the same breath replaced by the last."""
    out = _SAME_UNIT.sub(lambda m: f"{m.group('new')} {m.group('unit')}", text)
    return _BARE.sub(lambda m: f"{m.group('new')}{m.group('unit') or ''}", out)


# Said over in one breath, the second figure kept (issue 57, corpus 57k writer BP: dictation and
# second-language English): "bench 70, no wait 75kg" (a unit on the second only), "405?? no 305
# lol typo", "3x12 no 3x10 sorry", "squat 100 no 105 x 5 x 3", "72.2 no sorry 72.7 i read it
# wrong". The apology after it goes with it (else "sorry", "typo" or "wrong" read the whole log
# as a correction of an earlier one). A bare "no" between two figures is a self-correction only
# in a log of its own: after "was", "era", "fue", "foi" ("era 77.5 no 75") the first is the one
# meant, said to correct an earlier entry, and it stays for the corrections' reader.
_FIG = r"\d+(?:\.\d+)?"
_MASS_DIST = r"kgs?|kilos?|lbs?|pounds?|km|mi|miles?"
_APOLOGY = (
    r"(?:[\s,.!?…–—-]*(?:lol|haha|oops)?\s*(?:typo|sorry|my bad|i read it wrong|read it wrong|"
    r"misread(?: it)?|wrong)\b(?:\s*(?:lol|haha))?)*"
)
_STRONG = r"(?:no wait|wait no|no sorry|sorry no|no no)"
_WAS_BEFORE = r"(?<!\bwas )(?<!\bera )(?<!\bfue )(?<!\bfoi )(?<!\bit's )(?<!\bits )"
# "3x12 no 3x10 sorry": a scheme for a scheme
_SCHEME_NO = re.compile(
    rf"(?<![\d.])\d+\s*x\s*\d+\b[\s.,!?…–—-]*(?:{_STRONG}|no)\b[\s,.!?:;–—-]*"
    rf"(?P<new>\d+\s*x\s*\d+)\b{_APOLOGY}"
)
# "70, no wait 75kg", "405?? no 305 lol typo", "100 no 105 x 5 x 3"
_FIGURE_NO = re.compile(
    rf"{_WAS_BEFORE}(?<![\d.x:])(?P<old>{_FIG})(?P<unit>\s*(?:{_MASS_DIST})\b)?[\s.,!?…–—-]*"
    rf"(?P<back>{_STRONG}|no)\b[\s,.!?:;–—-]*(?P<new>{_FIG})(?P<newunit>\s*(?:{_MASS_DIST})\b)?"
    rf"(?![.,]\d|\s*(?:sets?|reps?|am|pm|min|mins|minutes|h|hrs?|hours?|%)\b)(?P<tail>{_APOLOGY})"
)


def _figure_no(m: re.Match[str]) -> str:
    old, new = float(m.group("old")), float(m.group("new"))
    plain = m.group("back") == "no" and not m.group("tail")
    # a bare "no" only between figures of one size (a load, a weight said again), unless an
    # apology after it says so
    if old <= 0 or new <= 0 or (plain and not 0.5 <= new / old <= 2.0):
        return m.group(0)
    unit = m.group("newunit") or m.group("unit") or ""
    return f"{m.group('new')}{unit}"


def said_again_at_once(text: str) -> str:
    """``text`` (normalised, before the other corrections) with a figure or a scheme said over
    at once replaced by the second, its apology dropped."""
    out = _SCHEME_NO.sub(lambda m: m.group("new"), text)
    return _FIGURE_NO.sub(_figure_no, out)
