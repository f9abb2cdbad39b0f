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
