"""Lifters' notation that carries no field of a log: a tempo prescription ("tempo 3-0-1",
"3-1-1-0 tempo", "tempo 31x0", "tempo squats 3-1-1"). The log has no tempo field, so the count of seconds
per phase is dropped where the word "tempo" marks it, and the lift keeps its own name; its
digits are never read as reps or loads (which asked "what is 0 here?"). A lift the library holds
done to a tempo ("tempo squats 3-1-0": the Tempo Squat, lib93) keeps the word with its name."""

from __future__ import annotations

import re
from functools import lru_cache

from fitcoach.coach.library import library_records

# eccentric-pause-concentric(-pause) seconds; "x" is "as fast as you can" (3-1-x-0)
# ("31x0", "3010": the same four phases run together, beside the word "tempo"; not a
# distance: "tempo 3200 m")
_CODE = r"\(?(?:\d-[\dx]-[\dx](?:-[\dx])?|\d[\dx]{3}(?!\w)(?!\s*(?:m|k|km|mi|miles?|meters?|metres?|yds?|yards?)\b))\)?"
_TEMPO = (
    # "tempo 3-0-1", "@ tempo 3-1-1", "3-1-1 tempo", "(3-0-1 tempo)": the code and its word
    re.compile(rf"(?:\s*@)?\s*\btempo\s*:?\s*{_CODE}(?![\d-])"),
    re.compile(rf"\s*(?<![\d-]){_CODE}\s+tempo\b\)?"),
    # "tempo squats 3-1-1 4x6": the lift named between the word and its code keeps its name
    re.compile(rf"\btempo\s+(?P<name>[a-z][a-z' -]{{1,30}}?)\s+{_CODE}(?![\d-])"),
)


@lru_cache(maxsize=1)
def _tempo_lifts() -> frozenset[str]:
    """The library's names of a lift done to a tempo ("tempo squat", "tempo back squats"): an
    entry of its own, so "tempo" is part of its name, not only of the prescription."""
    return frozenset(
        n
        for r in library_records()
        if r.category == "strength"
        for n in (r.name.lower(), *r.aliases)
        if n.startswith("tempo ")
    )


def _named(m: re.Match[str]) -> str:
    if "name" not in m.groupdict():
        return ""
    name = m.group("name").strip()
    return f" tempo {name}" if f"tempo {name}" in _tempo_lifts() else f" {name}"


def without_tempo(text: str) -> str:
    """A normalised message without its tempo prescriptions."""
    out = text
    for pattern in _TEMPO:
        out = pattern.sub(_named, out)
    return re.sub(r"\s+", " ", out).strip()
