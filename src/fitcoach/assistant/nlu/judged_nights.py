"""A night only judged, told beside how one feels (sleep94): "feeling great today, lots of
energy, slept well too", "mood ok, energy low, slept badly". The check-in is the message: its
mood and energy are stored, and the night, with no length said, is part of how the day feels,
never a question on its own (a night judged alone, "slept badly", still asks its hours)."""

from __future__ import annotations

from fitcoach.assistant.nlu.base import Understanding

_HOURS_ASKED = "how many hours did you sleep?"


def _felt(entry: Understanding) -> bool:
    values = entry.slots.get("values") or {}
    return entry.intent == "log_daily" and any(k in values for k in ("mood", "energy"))


def _judged_only(entry: Understanding) -> bool:
    return (
        entry.intent == "log_sleep" and "duration_s" not in entry.slots and "quality" in entry.slots
    )


def without_judged_night(
    entries: list[Understanding], problems: list[str]
) -> tuple[list[Understanding], list[str]]:
    """``entries`` and ``problems`` without a night judged beside a mood or an energy (above),
    or as they are. Only where the hours are the one thing asked of the night."""
    judged = [e for e in entries if _judged_only(e)]
    if len(judged) != 1 or not any(_felt(e) for e in entries):
        return entries, problems
    if [p for p in judged[0].problems if p != _HOURS_ASKED]:
        return entries, problems
    kept = [e for e in entries if e is not judged[0]]
    return kept, [p for p in problems if p != _HOURS_ASKED]
