"""What ``read_log`` makes of a message on the corpus's fixed day, for the logging tests."""

from __future__ import annotations

from datetime import date
from typing import Any, Literal

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)  # a Wednesday, the corpus's "today"


def read_entries(
    text: str, units: Literal["metric", "imperial"] = "metric"
) -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    """The entries (intent, slots) and the problems read from ``text`` in ``units``."""
    with bare_units(units):
        reading = read_log(text, today=TODAY)
    return [(e.intent, e.slots) for e in reading.entries], reading.problems


def only_entry(
    text: str, intent: str, units: Literal["metric", "imperial"] = "metric"
) -> dict[str, Any]:
    """The slots of the one entry ``text`` is read as (in ``units``), asserting it is ``intent``
    and unasked."""
    entries, problems = read_entries(text, units)
    assert not problems, problems
    assert [i for i, _ in entries] == [intent]
    return entries[0][1]
