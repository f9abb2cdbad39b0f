"""A run no verb names (stop 93): "then 6k easy in 35", "8k steady, 44 min", "5k in 24:30 and
then pushups". A way in km or miles with a runner's word of its pace, or a race's way opening
its clause, and a time that makes a runner's pace is a run for
most people; so is a way in km or miles and its time alone at a pace only a runner goes at
("Garmin: 10.02 km, 51:30", "yesterday: 10 miles, 1:24:50", stop 95). With a word of another
sport in the message, or at a pace a ride, a row or a walk makes as well, the activity stays
asked about."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

# A way with its unit, then a runner's word of how it went ("6k easy", "10 km steady")
_RUN_WORD = re.compile(
    r"(?<![\d.])\d{1,2}(?:\.\d+)?\s*(?:k|km|kms|mi|miles?)\s+(?:easy|steady|tempo|recovery|"
    r"long|progression|threshold)\b"
)
# A race's way, as a clause reads it once normalised ("5k" is "5 km" there)
_RACE_WAY = re.compile(r"^\W*(?:5|10|15)\s*km\s+in\b")
# min per km a runner goes at and a ride or a walk seldom does
_RUN_PACE = (3.5, 8.0)
# min per km only a runner goes at, with no word of it: slower than an erg's steady row (2:30
# per 500 m) and any ride, faster than any walk (8 km/h); and the way in km or miles (a way in
# metres is a pool's or a track's)
_RUNNER_ONLY_PACE = (5.0, 7.5)
# A word of any activity in the message: then a clause with none is one of several sessions
# told ("sat 30k trail in 3h40, sun 20k in 2h25": the second is the first's kind), asked
_ANY_ACTIVITY = re.compile(
    r"\b(?:trail|fell|ultra|track|marathon|run\w*|ran|jog\w*|walk\w*|hik\w*|ride|rode|bik\w*|"
    r"cycl\w*|spin\w*|swim\w*|swam|row\w*|erg|ski\w*|skat\w*|paddl\w*|treadmill|elliptical)\b"
)
_ROAD_WAY = re.compile(r"(?<![\d.])\d{1,3}(?:\.\d+)?\s*(?:k|km|kms|mi|miles?)\b")


# The whole message being read (``reading.read_log``): a clause is read alone, yet whether the
# message names an activity elsewhere is the message's
_MESSAGE: ContextVar[str | None] = ContextVar("run_shape_message", default=None)


@contextmanager
def whole_message(text: str) -> Iterator[None]:
    """The message ``text`` is the one read inside (see ``_MESSAGE``)."""
    token = _MESSAGE.set(text)
    try:
        yield
    finally:
        _MESSAGE.reset(token)


def run_shaped(raw: str, distance_m: float | None, duration_s: float | None) -> bool:
    """Whether a session with no activity named is a run by how it is told (see above)."""
    if distance_m is None or duration_s is None or distance_m <= 0:
        return False
    pace = duration_s / 60 / (distance_m / 1000)
    if _RUN_WORD.search(raw.lower()) is None and _RACE_WAY.search(raw.lower()) is None:
        low, high = _RUNNER_ONLY_PACE
        said = raw.lower()
        if _ROAD_WAY.search(said) is None or _ANY_ACTIVITY.search((_MESSAGE.get() or raw).lower()):
            return False
        return low <= pace <= high
    low, high = _RUN_PACE
    return low <= pace <= high
