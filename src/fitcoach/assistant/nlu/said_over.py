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
