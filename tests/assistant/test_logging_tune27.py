"""The twenty-seventh set's wrong store (tune27, issue 57), in words of our own: one repeat's
distance ("6 x 300m") taken for the session's, where the session's time is told."""

from __future__ import annotations

from tests.assistant.log_support import read_entries


def test_one_repeats_distance_is_not_the_sessions() -> None:
    # (the repeat count is left to the accounting: here it asks what the 6 is)
    entries, _ = read_entries("club hill reps, 6 x 300m, 45 min all in")
    ((intent, slots),) = entries
    assert intent == "log_cardio"
    assert "distance_m" not in slots
    assert slots["duration_s"] == 2700.0


def test_a_total_distance_beside_the_repeats_is_not_dropped() -> None:
    entries, _ = read_entries("ran 12k with 5 x 1km in the middle, 60 min")
    assert [slots.get("distance_m") for _, slots in entries] == [12000.0]


def test_a_plain_run_keeps_its_distance() -> None:
    entries, problems = read_entries("ran 8 km in 42 min")
    assert problems == []
    assert [slots.get("distance_m") for _, slots in entries] == [8000.0]
