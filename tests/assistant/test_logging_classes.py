"""Classes of logging messages that stored wrong data or asked without need, each read with new
wording: a session's clock time as hours or minutes by its pace, a load then sets x reps."""

from __future__ import annotations

from datetime import date
from typing import Any

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)


def _read(text: str, units: str = "metric") -> tuple[list[tuple[str, dict[str, Any]]], list[str]]:
    with bare_units("imperial" if units == "imperial" else "metric"):
        found = read_log(text, today=TODAY)
    entries = [(e.intent, {k: v for k, v in e.slots.items() if k != "date"}) for e in found.entries]
    return entries, found.problems


def test_a_clock_time_is_hours_when_minutes_would_be_faster_than_anyone_moves() -> None:
    entries, problems = _read("cycled 45 km on saturday, 1:50 moving time")
    assert problems == []
    assert entries[0][1]["duration_s"] == 1 * 3600 + 50 * 60
    entries, problems = _read("swam 2.4k in 0:58")  # 58 s for 2.4 km: no one swims that fast
    assert problems == []
    assert entries[0][1]["duration_s"] == 58 * 60


def test_a_clock_time_stays_minutes_and_seconds_at_a_human_pace() -> None:
    entries, problems = _read("rowed 2000m in 7:42")
    assert problems == []
    assert entries[0][1]["duration_s"] == 7 * 60 + 42
    entries, problems = _read("jogged 3 miles in 27:15", "imperial")
    assert problems == []
    assert entries[0][1]["duration_s"] == 27 * 60 + 15


def test_a_short_clock_time_with_no_distance_is_asked_about() -> None:
    _entries, problems = _read("easy spin on the bike 1:20")
    assert problems == ["is 1:20 hours and minutes, or minutes and seconds?"]


def test_a_load_for_sets_x_reps_is_sets_then_reps() -> None:
    entries, problems = _read("leg curls 40kg for 3x12")
    assert problems == []
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in entries[0][1]["groups"]] == [(3, 12, 40.0)]  # fmt: skip
    entries, problems = _read("chin ups +25 for 4x6", "imperial")
    assert problems == []
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in entries[0][1]["groups"]] == [(4, 6, 11.34)]  # fmt: skip


def test_a_load_times_reps_times_sets_is_unchanged() -> None:
    entries, problems = _read("deadlift 140kg x 5 x 3")
    assert problems == []
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in entries[0][1]["groups"]] == [(3, 5, 140.0)]  # fmt: skip


def test_a_pace_gives_the_time_over_the_distance_and_is_never_the_time() -> None:
    entries, problems = _read("easy run 12 km, pace 6:10")
    assert problems == []
    assert entries[0][1]["duration_s"] == 12 * 370
    entries, problems = _read("tempo 5 km at 4:20/km")
    assert problems == []
    assert entries[0][1]["duration_s"] == 5 * 260
    entries, problems = _read("ran 6 miles at 10:00 a mile", "imperial")
    assert problems == []
    assert entries[0][1]["duration_s"] == 6 * 600
    entries, problems = _read("hiked 8 km at 15 min per km")
    assert problems == []
    assert entries[0][1]["duration_s"] == 8 * 900


def test_soreness_and_stress_said_as_an_amount_are_that_amount() -> None:
    entries, problems = _read("stress pretty low this week, hamstrings not sore anymore")
    assert problems == []
    assert entries[0][1]["values"] == {"stress": 4.0, "soreness": 2.0}
    entries, problems = _read("work stress off the charts")
    assert entries[0][1]["values"] == {"stress": 10.0}
    entries, problems = _read("soreness high after the long run")
    assert entries[0][1]["values"] == {"soreness": 8.0}


def test_down_is_a_mood_only_when_a_person_is_down() -> None:
    assert _read("my resting hr is down again") == ([], [])
    entries, _ = _read("bit down today, low energy")
    assert entries[0][1]["values"]["mood"] == 3.0


def test_quarters_and_a_half_without_its_article_are_added_to_the_number() -> None:
    entries, problems = _read("cycled an hour and a quarter to the coast")
    assert problems == []
    assert entries[0][1]["duration_s"] == 75 * 60
    entries, problems = _read("slept 8 and half hours")
    assert problems == []
    assert entries[0][1]["duration_s"] == 8.5 * 3600
    entries, problems = _read("walked 3 and three quarters miles, 75 min", "imperial")
    assert problems == []
    assert round(entries[0][1]["distance_m"]) == round(3.75 * 1609.344)


def test_an_effort_said_for_both_exercises_goes_to_both() -> None:
    entries, problems = _read("leg press 3x15 120kg, leg curl 3x12 35kg, both rir 1")
    assert problems == []
    assert [g.get("rir") for g in entries[0][1]["groups"]] == [1.0, 1.0]


def test_a_barbell_lift_on_a_bench_or_in_a_rack_with_no_load_is_asked_about() -> None:
    for text in ("incline bench 4x6", "barbell hip thrust 3 sets of 12"):
        _entries, problems = _read(text)
        assert problems == ["what load (kg or lb)?"], text
    entries, problems = _read("incline bench 4x6 at 60kg")
    assert problems == []
    assert entries[0][1]["groups"][0]["weight_kg"] == 60.0
    _entries, problems = _read("dips 3x12")  # the body is the load
    assert problems == []


def test_calories_burned_are_no_meal() -> None:
    entries, problems = _read("spin class 50 min, 650 kcal burned")
    assert problems == []
    assert [intent for intent, _ in entries] == ["log_cardio"]


def test_a_meal_name_used_as_a_time_of_day_is_no_meal() -> None:
    entries, _ = _read("did a quick jog at lunchtime")
    assert all(intent != "log_meal" for intent, _ in entries)
    entries, _ = _read("stretched before dinner")
    assert entries == []


def test_every_food_of_a_meal_said_as_a_list_is_in_its_description() -> None:
    entries, problems = _read("3 pancakes + maple syrup + a latte")
    assert problems == []
    assert all(w in entries[0][1]["description"] for w in ("pancakes", "maple syrup", "latte"))
    entries, problems = _read("4 eggs + 2 slices rye toast + oj")
    assert problems == []
    assert all(w in entries[0][1]["description"] for w in ("eggs", "rye toast", "orange juice"))
    entries, problems = _read("nachos, wings and a coffee")
    assert problems == []
    assert all(w in entries[0][1]["description"] for w in ("nachos", "wings", "coffee"))


def test_a_trip_there_and_back_said_per_leg_counts_both_legs() -> None:
    entries, problems = _read("cycled to the lake and back, 12 km each way, 30 min each")
    assert problems == []
    assert (entries[0][1]["distance_m"], entries[0][1]["duration_s"]) == (24000.0, 3600.0)
    entries, problems = _read("walked to the shop and back, 1.5 km each way, 35 min")
    assert problems == []
    assert (entries[0][1]["distance_m"], entries[0][1]["duration_s"]) == (3000.0, 2100.0)


def test_steps_are_no_distance() -> None:
    entries, problems = _read("walked 12k steps in 1h45")
    assert problems == []
    assert "distance_m" not in entries[0][1]


def test_a_night_told_by_its_clock_times_is_the_hours_between_them() -> None:
    entries, problems = _read("fell asleep around 12:15, woke at 6")
    assert problems == []
    assert entries[0][1]["duration_s"] == 5.75 * 3600
    entries, problems = _read("slept 10 till 5")
    assert problems == []
    assert entries[0][1]["duration_s"] == 7 * 3600
    entries, problems = _read("went to bed at 11pm (neighbours partying) and up at 7:20")
    assert problems == []
    assert round(entries[0][1]["duration_s"]) == (8 * 60 + 20) * 60


def test_hours_then_minutes_without_the_word_minutes() -> None:
    entries, problems = _read("slept 7 hrs 25")
    assert problems == []
    assert entries[0][1]["duration_s"] == (7 * 60 + 25) * 60
    entries, problems = _read("15 km bike ride, hour and a half")
    assert problems == []
    assert entries[0][1]["duration_s"] == 90 * 60


def test_words_around_an_exercise_name_are_not_part_of_it() -> None:
    entries, problems = _read("hammer curls w 14kg dumbbells 3x10")
    assert problems == []
    assert entries[0][1]["groups"][0]["exercise"] == "hammer-curl"
    entries, problems = _read("then like 4x10 leg press at 120kg")
    assert problems == []
    assert entries[0][1]["groups"][0]["exercise"] == "leg-press"
    entries, problems = _read("front squat 90x3 (paused) 4 sets")
    assert problems == []
    assert [(g["sets"], g["reps"]) for g in entries[0][1]["groups"]] == [(4, 3)]


def test_a_bracket_naming_the_equipment_stays_in_the_name() -> None:
    entries, problems = _read("Shoulder Press (Dumbbell) 3x10 16kg")
    assert problems == []
    assert entries[0][1]["groups"][0]["exercise"] == "seated-dumbbell-shoulder-press"
