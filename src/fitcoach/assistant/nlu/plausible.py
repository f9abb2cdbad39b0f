"""Speeds no person reaches: a cardio entry whose distance and time cannot both be what was said.

The accounting (``accounting.account``) checks that every stored number comes from the text,
not that the numbers belong together: "rode 20 km, 40s hill repeats" gives a ride of 20 km in
40 seconds (1,800 km/h), "swam 40 lengths, 25m pool, 35 min" a swim of 25 m in 35 minutes. A
speed outside what a person moves at, for the activity's kind, is asked about, never stored.
"""

from __future__ import annotations

from typing import Any

from fitcoach.assistant.nlu.base import Understanding

# km/h. Above: faster than a world record over any logged distance (a 100 m sprint is about
# 37 km/h, a freestyle 50 m about 8.6); below: slower than a stroll with stops.
_FLOOR_KMH = 0.5
_CEILING_KMH = (("swim", 9.0), ("walk", 15.0), ("hike", 15.0), ("run", 40.0), ("jog", 40.0))
# rides, rows, skis and the rest: no one averages more under their own power
_ANY_CEILING_KMH = 100.0


def _ceiling(activity: str) -> float:
    return next((kmh for word, kmh in _CEILING_KMH if word in activity), _ANY_CEILING_KMH)


def _said(metres: float, seconds: float) -> str:
    far = f"{metres / 1000:g} km" if metres >= 1000 else f"{metres:g} m"
    took = f"{seconds / 60:g} min" if seconds >= 60 else f"{seconds:g} s"
    return f"{far} in {took}"


def implausible(entries: list[Understanding]) -> list[str]:
    """The question for each cardio entry whose average speed no person reaches (none: [])."""
    out = []
    for entry in entries:
        slots: dict[str, Any] = entry.slots
        metres, seconds = slots.get("distance_m"), slots.get("duration_s")
        if entry.intent != "log_cardio" or not metres or not seconds:
            continue
        kmh = (metres / 1000) / (seconds / 3600)
        if not _FLOOR_KMH <= kmh <= _ceiling(str(slots.get("exercise") or "")):
            out.append(f"{_said(metres, seconds)} is not a pace I can log: how far was it, and how long did it take?")  # fmt: skip
    return out
