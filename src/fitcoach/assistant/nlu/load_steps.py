"""Reps at different loads in one line ("leg press 12 at 90, 10 at 110, then 8 and 8 at 130"):
each count of reps "at" its load is one set, written "12 reps at 90" so the set parser reads
it as a set of its own (a bare "12 at 90" after a name is read as no set; "8 and 8 at 130"
is two sets at that load). Read before the line splits at its commas."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu.quantities import NUM

_UNIT = r"(?:kgs?|kilos?|lbs?|pounds?)"
# "12 at 90", "10 reps @ 110kg", "8 and 8 at 130": counts of reps at one load (not a clock
# time, a percentage, an effort or a time: "at 6:30", "at 80%", "at rpe 8", "at 10 min")
_PIECE = (
    rf"\d{{1,2}}(?:\s*(?:and|&)\s*\d{{1,2}})*\s*(?:reps?\s*)?(?:at|@)\s*{NUM}\s*{_UNIT}?"
    r"(?![\d.:%])(?!\s*(?:am|pm|o'?clock|rpe|rir|mins?|minutes?|secs?|seconds?|s|h|hrs?|hours?|"
    r"km|mi|miles?|m|meters?|metres?|spm|rpm|watts?|w|bpm|cal|kcal|incline|speed|level|pace)\b)"
)
# Two pieces or more, apart by commas, "and" or "then" (one alone is read as it always was)
_RUN = re.compile(rf"(?<![\d.x*/-])(?:{_PIECE})(?:\s*[,;]?\s*(?:and\s+)?(?:then\s+)?(?:{_PIECE}))+")
_ONE = re.compile(
    rf"(?P<reps>\d{{1,2}}(?:\s*(?:and|&)\s*\d{{1,2}})*)\s*(?:reps?\s*)?(?:at|@)\s*"
    rf"(?P<load>{NUM}\s*{_UNIT}?)"
)


def _sets(run: re.Match[str]) -> str:
    pieces = list(_ONE.finditer(run.group(0)))
    # A load of a load's size, or with its unit, somewhere ("2 at 10, 3 at 14" may be hours)
    if not any(re.search(r"[a-z]", p.group("load")) or float(re.sub(r"[^\d.]", "", p.group("load"))) >= 20 for p in pieces):  # fmt: skip
        return run.group(0)
    said = []
    for piece in pieces:
        load = piece.group("load").strip()
        said += [f"{reps} reps at {load}" for reps in re.findall(r"\d+", piece.group("reps"))]
    return ", ".join(said)


def reps_at_loads(text: str) -> str:
    """``text`` with each run of reps at their loads written one set by one (see the module)."""
    if not re.search(r"(?:at|@)\s*\d", text):
        return text
    return _RUN.sub(_sets, text)
