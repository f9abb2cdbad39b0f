"""A run no verb names (stop 93): "then 6k easy in 35", "8k steady, 44 min", "5k in 24:30 and
then pushups". A way in km or miles with a runner's word of its pace, or a race's way opening
its clause, and a time that makes a runner's pace is a run for
most people; with a word of another sport in the message, or at a pace a ride or a walk
makes as well, the activity stays asked about."""

from __future__ import annotations

import re

# A way with its unit, then a runner's word of how it went ("6k easy", "10 km steady")
_RUN_WORD = re.compile(
    r"(?<![\d.])\d{1,2}(?:\.\d+)?\s*(?:k|km|kms|mi|miles?)\s+(?:easy|steady|tempo|recovery|"
    r"long|progression|threshold)\b"
)
# A race's way, as a clause reads it once normalised ("5k" is "5 km" there)
_RACE_WAY = re.compile(r"^\W*(?:5|10|15)\s*km\s+in\b")
# min per km a runner goes at and a ride or a walk seldom does
_RUN_PACE = (3.5, 8.0)


def run_shaped(raw: str, distance_m: float | None, duration_s: float | None) -> bool:
    """Whether a session with no activity named is a run by how it is told (see above)."""
    if distance_m is None or duration_s is None or distance_m <= 0:
        return False
    if _RUN_WORD.search(raw.lower()) is None and _RACE_WAY.search(raw.lower()) is None:
        return False
    low, high = _RUN_PACE
    return low <= duration_s / 60 / (distance_m / 1000) <= high
