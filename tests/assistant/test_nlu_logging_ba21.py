"""Logging classes of the twenty-first set's writer BA, in words written for this file: a night
told by a bedtime and the reason one rose ("up for work at 6:40"), a whole session graded
"a 7 overall" (the session's effort, never each set's), an effort said of "everything", and
the look-alikes next to them that must read as before."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _values(entries: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    """The body's numbers the entries store (a weigh-in's and the daily readings)."""
    found: dict[str, Any] = {}
    for _, slots in entries:
        found |= {k: v for k, v in slots.items() if k == "weight_kg"} | slots.get("values", {})
    return found


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("bed 23:10, up for work at 6:40", 7.5),
        ("lights out 22:30, up for prayer at 4:30", 6.0),
        ("bed 21:50, alarm 5:20", 7.5),
    ],
)
def test_a_bedtime_and_the_reason_one_rose_is_a_night(text: str, hours: float) -> None:
    slots = only_entry(text, "log_sleep")
    assert slots["duration_s"] == pytest.approx(hours * 3600)


def test_a_clock_time_never_becomes_minutes_of_sleep() -> None:
    entries, problems = read_entries("bed 22:50, then the neighbours' dog 5:10")
    assert all("duration_s" not in slots for intent, slots in entries if intent == "log_sleep")
    assert any("how many hours" in p for p in problems), problems


def test_a_grade_overall_is_the_sessions_effort_not_the_sets() -> None:
    slots = only_entry(
        "four sets of six on the deadlift with 140 kilos, the workout took about an hour, "
        "felt like an 8 overall",
        "log_sets",
    )
    assert slots["session_rpe"] == 8.0
    assert slots["duration_s"] == 3600.0
    assert all(g.get("rir") is None and g.get("rpe") is None for g in slots["groups"])


def test_an_effort_of_everything_is_each_exercises() -> None:
    slots = only_entry("snatch 5x2 at 60, front squat 3x3 at 100, everything at rpe 7", "log_sets")
    assert [g.get("rpe") for g in slots["groups"]] == [7.0, 7.0]


def test_an_effort_after_the_last_exercise_stays_its_own() -> None:
    slots = only_entry("snatch 5x2 at 60, front squat 3x3 at 100 rpe 7", "log_sets")
    assert [g.get("rpe") for g in slots["groups"]] == [None, 7.0]


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("przysiad 5x5 na 100 kg", [("barbell-back-squat", 5, 5, 100.0)]),
        ("wyciskanie 60kg 4x8", [("barbell-bench-press", 4, 8, 60.0)]),
        ("жим лежа 80 на 5 раз, 4 подхода", [("barbell-bench-press", 4, 5, 80.0)]),
        ("приседания 3x6 на 110", [("barbell-back-squat", 3, 6, 110.0)]),
        ("incline db press 3x10 24'ler", [("incline-dumbbell-press", 3, 10, 24.0)]),
    ],
)
def test_eastern_lift_words_read_as_english(
    text: str, want: list[tuple[str, int, int, float]]
) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [(g["exercise"], g["sets"], g["reps"], g.get("weight_kg")) for g in groups] == want


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("śniadanie: oatmeal with a banana", "breakfast"),
        ("obiad: chicken soup and 6 pierogi", "lunch"),
        ("kahvalti: 2 eggs, 1 simit, peynir", "breakfast"),
        ("ужин: buckwheat with chicken", "dinner"),
    ],
)
def test_eastern_meal_labels(text: str, label: str) -> None:
    assert only_entry(text, "log_meal")["meal"] == label


def test_a_meal_of_foreign_dishes_alone_is_not_stored_in_their_words() -> None:
    entries, _ = read_entries("obiad: bigos 300g, kompot")
    assert all(intent != "log_meal" for intent, _ in entries)


def test_eastern_body_numbers_and_days() -> None:
    entries, problems = read_entries("вес 77.9, пульс утром 61")
    assert not problems
    assert _values(entries) == {"weight_kg": 77.9, "resting_hr": 61.0}
    slots = only_entry("dün bench 3x8 70", "log_sets")
    assert str(slots["date"]) == "2026-11-17"


@pytest.mark.parametrize("text", ["bench 5x5 na pasku", "na, skipped it today"])
def test_english_na_is_left_alone(text: str) -> None:
    entries, _ = read_entries(text)
    assert not any(g.get("weight_kg") for _, s in entries for g in s.get("groups") or []), entries


def test_a_usual_figure_is_a_baseline_not_a_reading() -> None:
    entries, problems = read_entries("hrv down to 38 from my usual 62, rhr 59")
    assert not problems
    assert _values(entries) == {"hrv": 38.0, "resting_hr": 59.0}


@pytest.mark.parametrize(
    ("text", "asked"),
    [
        ("stepped on the scale today, down again 🎉", "scales"),
        ("weighed myself this morning, lost 1 kg", "scales"),
        ("measured my hips, down 3 cm!", "hips"),
    ],
)
def test_a_change_without_the_reading_is_asked(text: str, asked: str) -> None:
    entries, problems = read_entries(text)
    assert entries == []
    assert any(asked in p for p in problems), problems


def test_a_weighing_with_its_figure_is_stored() -> None:
    assert only_entry("weighed myself, 82.4", "log_weight")["weight_kg"] == 82.4


def test_i_was_and_a_decimal_of_the_day_is_a_weigh_in() -> None:
    slots = only_entry("yesterday I was 80.6, forgot to put it in", "log_weight")
    assert slots["weight_kg"] == 80.6
    assert str(slots["date"]) == "2026-11-17"
    for text in ("I was 12.5 km in when it rained", "yesterday I was 5 min late"):
        entries, _ = read_entries(text)
        assert all(intent != "log_weight" for intent, _ in entries), text


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("back squat 3x6 at 110, no wait it was 105", ("barbell-back-squat", 3, 6, 105.0)),
        ("bench 4x5 at 80 kg, sorry, 4x6, 6 every set", ("barbell-bench-press", 4, 6, 80.0)),
        ("barbell row 4x8 at 60 kg, 8 reps each set", ("barbell-row", 4, 8, 60.0)),
    ],
)
def test_a_figure_taken_back_is_the_second(text: str, want: tuple[str, int, int, float]) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [(g["exercise"], g["sets"], g["reps"], g.get("weight_kg")) for g in groups] == [want]


def test_a_time_taken_back_is_the_second() -> None:
    slots = only_entry("ran 10k in 55 min, actually 52, forgot to stop the watch", "log_cardio")
    assert slots["duration_s"] == 52 * 60


def test_words_after_a_taken_back_word_are_left_alone() -> None:
    entries, problems = read_entries("did 3x10 at 50, actually 2 more sets at 40")
    loads = [g.get("weight_kg") for _, s in entries for g in s.get("groups") or []]
    assert 50.0 in loads or problems
