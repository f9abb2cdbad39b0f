"""Logging classes of lifters' and fighters' notation (log57i), in words written for this file:
a per-set effort list on the sets' own line ("rpe 6, 7, 9", "rir 3/2/1"), a tempo prescription
("tempo 4-0-1"), a run's time said "flat" and a fight sport's rounds with their length said
after the count; with the look-alikes next to them that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _efforts(text: str, units: str = "metric") -> list[tuple[int, float | None, float | None]]:
    groups = only_entry(text, "log_sets", units)["groups"]  # type: ignore[arg-type]
    return [(g["sets"], g.get("rpe"), g.get("rir")) for g in groups]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("front squat 3x4 at 110 rpe 6, 7, 9", [(1, 6.0, None), (1, 7.0, None), (1, 9.0, None)]),
        ("front squat 3x4 @ 110 rpe 8, 8, 9.5", [(2, 8.0, None), (1, 9.5, None)]),
        (
            "front squat 3 sets of 4 at 110 rir 3/2/1",
            [(1, None, 3.0), (1, None, 2.0), (1, None, 1.0)],
        ),
    ],
)
def test_an_effort_list_on_the_sets_line_is_each_sets(
    text: str, want: list[tuple[int, float | None, float | None]]
) -> None:
    assert _efforts(text) == want


def test_an_effort_list_of_the_wrong_length_is_asked() -> None:
    _, problems = read_entries("front squat 4x4 at 110 rpe 7, 8")
    assert problems  # two efforts for four sets: which sets is not guessed


def test_an_effort_out_of_ten_is_no_list() -> None:
    # "8/10" is a score out of ten, never the efforts of two sets
    entries, _ = read_entries("front squat 2x4 at 110 rpe 8/10")
    groups = [g for i, s in entries if i == "log_sets" for g in s["groups"]]
    assert all(g.get("rpe") in (None, 8.0) for g in groups)


@pytest.mark.parametrize(
    "text",
    [
        "incline bench 4x8 @ 70 tempo 4-0-1",
        "incline bench 4x8 @ 70 (4-0-x-1 tempo)",
        "tempo incline bench 4-1-1 4x8 @ 70",
    ],
)
def test_a_tempo_prescription_is_no_number_of_the_log(text: str) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in groups] == [(4, 8, 70.0)]


def test_a_tempo_run_keeps_its_name() -> None:
    slots = only_entry("tempo run 9 km in 45 min", "log_cardio")
    assert slots["exercise"] == "tempo-run"
    assert slots["duration_s"] == pytest.approx(45 * 60)


def test_a_run_said_flat_takes_its_minutes() -> None:
    slots = only_entry("ran 12k in 58 flat", "log_cardio")
    assert slots["duration_s"] == pytest.approx(58 * 60)


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("bag work 5 rounds, 2 min rounds", 10), ("sparred 8 rounds tuesday, 3 minute rounds", 24)],
)
def test_rounds_with_their_length_said_after_are_their_sum(text: str, minutes: int) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["duration_s"] == pytest.approx(minutes * 60)


def test_rounds_beside_another_time_are_not_summed() -> None:
    # a total said too: which time is the session's is not guessed
    entries, problems = read_entries("pads 5 rounds, 2 min rounds, 40 min session")
    stored = [s for i, s in entries if i == "log_cardio"]
    assert problems or all(s.get("duration_s") != 600 for s in stored)


def test_a_run_with_its_kind_between_distance_and_time() -> None:
    for text, minutes in (("12k tempo in 55", 55), ("ran 12k easy in 61", 61)):
        slots = only_entry(text, "log_cardio")
        assert slots["duration_s"] == pytest.approx(minutes * 60), text


def _night_h(text: str) -> float:
    entries, problems = read_entries(text)
    assert not problems, problems
    (slots,) = [s for i, s in entries if i == "log_sleep"]
    return float(slots["duration_s"]) / 3600


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("in bed 10:45, out by 5:15", 6.5),
        ("bed at 2 after the wedding, up at 9", 7.0),
        ("slept 10-ish till 5:30", 7.5),
    ],
)
def test_a_night_by_its_two_clocks(text: str, hours: float) -> None:
    assert _night_h(text) == pytest.approx(hours)


def test_hours_in_bed_are_no_clocks() -> None:
    # "7 to 8 hours": a range of hours, never a bedtime and a wake time an hour apart
    entries, _ = read_entries("in bed 7 to 8 hours")
    assert all(s.get("duration_s") != 3600 for i, s in entries if i == "log_sleep")


def test_sets_between_rounds_keep_their_name() -> None:
    groups = only_entry("burpees 3x12 in between rounds", "log_sets")["groups"]
    assert [(g["exercise"], g["sets"], g["reps"]) for g in groups] == [("burpee", 3, 12)]


def test_a_distance_said_again_as_its_whole_after_equals() -> None:
    slots = only_entry(
        "6 mile walk to the shops and back = 12 miles, 3 hours", "log_cardio", "imperial"
    )
    assert slots["distance_m"] == pytest.approx(12 * 1609.344, rel=1e-3)


def test_a_conversion_after_equals_keeps_the_first() -> None:
    # another unit is the same distance converted: the one said first stands
    slots = only_entry("ran 10 km = 6.2 mi in 50 min", "log_cardio")
    assert slots["distance_m"] == pytest.approx(10_000)
