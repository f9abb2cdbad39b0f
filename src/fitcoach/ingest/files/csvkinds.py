"""Which app wrote a CSV, from its header row (never from the file's name, which the person
may have changed)."""

from __future__ import annotations

import csv

from fitcoach.ingest.files.model import FileFormatError
from fitcoach.ingest.files.tabular import first_line, header_names

_STRONG = frozenset({"date", "workout name", "exercise name", "set order", "weight", "reps"})
_HEVY = frozenset({"title", "start_time", "exercise_title", "set_type", "reps"})
_FITNOTES = frozenset({"date", "exercise", "category", "reps"})
_WHOOP = frozenset({"cycle start time", "cycle timezone"})


def csv_kind(head: bytes) -> str | None:
    """ "strong", "hevy", "fitnotes", "whoop" or None, from the first bytes of a file (its
    header line is enough; a multi-byte character cut at the end of ``head`` does no harm)."""
    text = head.decode("utf-8", errors="replace").removeprefix("\ufeff")
    try:
        names = {name.casefold() for name in header_names(first_line(text))}
    except (csv.Error, FileFormatError):  # not text at all, or a header no app writes
        return None
    if names >= _STRONG:
        return "strong"
    if names >= _HEVY and any(n.startswith("weight_") for n in names):
        return "hevy"
    if names >= _FITNOTES and any(n.startswith("weight") for n in names):
        return "fitnotes"
    if names >= _WHOOP:
        return "whoop"
    return None
