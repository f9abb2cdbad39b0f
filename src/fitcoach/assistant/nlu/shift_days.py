"""Shift workers' days in a logging message (pasted95): the length of a work shift ("back from a
12hr shift", "after my 10 hour night shift", "13-hour shifts") says why the person is tired,
never how long a ride, a run or a night was. Without its figure the shift stays in the words
(the sleep readers still see "after my shift"), and the session's own time is the one the
readers find ("did 20 min on the bike before it started" was stored as 720 min)."""

from __future__ import annotations

import re

_SHIFT_LENGTH = re.compile(
    r"(?<![\d.:])\d{1,2}(?:\.\d)?\s*-?\s*(?:h|hrs?|hours?)\s*-?\s*"
    r"((?:(?:night|day|late|early|long|double|overnight|weekend|ward|hospital|work|nursing)\s+)?shifts?)\b"
)


def without_shift_length(line: str) -> str:
    """``line`` (normalised) with a work shift's length taken out of it."""
    return _SHIFT_LENGTH.sub(r"\1", line)


# (pasted95) an app or a device named by its maker's fruit ("Apple Health, Mon:", "my apple
# watch says 42 min"): the tracker, never an apple eaten
_APPLE_APP = re.compile(r"\bapple(?=\s+(?:health|watch|fitness\+?|activity|workouts?)\b)")


def without_app_fruit(line: str) -> str:
    """``line`` (normalised) with Apple's apps named as a tracker, no food."""
    if _APPLE_APP.search(line) is None:
        return line
    # (its "Indoor Run" is a treadmill's: the run's kind, never a plain steady run)
    return re.sub(r"\bindoor run\b", "treadmill run", _APPLE_APP.sub("tracker", line))
