"""A time said as a part of the session ("walked 6 km, 40 min of it was flat"; issue 57, the
lead at stop 95): never the session's whole time, in the rules (``cardio``) and under the slot
tagger (``slot_compose``), where it had stored a 6 km walk in 40 minutes and a 10 km run in 20."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import durations_s

PART_TIME = r"\b\d+(?:\.\d+)?\s*(?:mins?|minutes?|h|hrs?|hours?)\s+of\s+(?:it|that|which|them)\b"
_PART = re.compile(PART_TIME)


def part_times_s(text: str) -> set[float]:
    """The times, in seconds, that ``text`` says as parts of its session."""
    return {s for m in _PART.finditer(text) if (s := durations_s(m.group(0))) is not None}
