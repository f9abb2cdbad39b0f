"""How people write logs the eleventh final blind set showed the rules did not read (issue 57,
logging57f), by class: activities by their sport's words, a wearable's or machine's own figures,
stated averages, times said the British way or as a night only, a session's closing length and
effort, split-day labels, trips there and back, a number said again with its unit, Russian log
words. Each is stored exactly as said or asked about, never guessed. Worded for this file."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu import ExerciseMatcher, read_log, understand
from fitcoach.services.exercises import library_records

TODAY = date(2026, 11, 18)


@pytest.fixture(scope="module")
def matcher() -> ExerciseMatcher:
    return ExerciseMatcher(library_records())


def _stored(text: str, matcher: ExerciseMatcher) -> dict[str, dict[str, Any]]:
    reading = read_log(text, today=TODAY, exercises=matcher)
    assert reading.problems == [], reading.problems
    return {e.intent: e.slots for e in reading.entries}


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("kayaked along the coast for 1h40", "kayaking", 100),
        ("trekked through the hills for 5 hours", "hiking", 300),
        ("judo training 60 min", "judo", 60),
        ("pole dancing 45 min", "dance-class", 45),
        ("figure skating 90 min", "ice-skating", 90),
        ("otf 55 min", "hiit-class", 55),
        ("air bike 12 min", "moderate-stationary-cycling", 12),
        ("skated at the rink for 40 min", "ice-skating", 40),
    ],
)
def test_an_activity_named_by_its_own_words(
    text: str, slug: str, minutes: int, matcher: ExerciseMatcher
) -> None:
    cardio = _stored(text, matcher)["log_cardio"]
    assert cardio["exercise"] == slug
    assert cardio["duration_s"] == minutes * 60


def test_skating_without_ice_is_not_taken_for_ice_skating(matcher: ExerciseMatcher) -> None:
    reading = read_log("skated 5 km along the boardwalk", today=TODAY, exercises=matcher)
    assert not reading.ok or reading.entries[0].slots.get("exercise") != "ice-skating"


def test_a_freestyle_beside_skating_on_ice_is_figure_skating(matcher: ExerciseMatcher) -> None:
    # (a "freestyle program" on the ice is figure skating's, no swim stroke: log24, the gold
    # of the figure skaters of AE and BK says so)
    reading = read_log("skated on the ice 50 min, a freestyle program", today=TODAY, exercises=matcher)  # fmt: skip
    assert reading.ok, reading.problems
    assert reading.entries[0].slots["exercise"] == "ice-skating"


def test_an_average_told_with_its_value_is_a_log_not_a_question(matcher: ExerciseMatcher) -> None:
    told = understand("rowed 6 km in 28 min, average hr 150", today=TODAY, exercises=matcher)
    assert told.intent == "log_cardio"
    assert told.slots["avg_hr"] == 150
    asked = understand("what was my average hr last week", today=TODAY, exercises=matcher)
    assert asked.intent == "query_metric"


@pytest.mark.parametrize(
    "text",
    [
        "rhr 52, hrv 58, body battery 65",
        "climbing gym 90 min, finally sent a v4",
        "rower 15 min, 30s on 30s off",
        "hiit class 50 min, 22 splat points",
        "spin bike 40 min, output 410",
    ],
)
def test_a_device_or_interval_figure_is_no_value_of_the_log(
    text: str, matcher: ExerciseMatcher
) -> None:
    assert _stored(text, matcher)


def test_a_decimal_said_aloud(matcher: ExerciseMatcher) -> None:
    weight = _stored("seventy one point five kilos this morning", matcher)["log_weight"]
    assert weight["weight_kg"] == pytest.approx(71.5)


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("asleep from half 11 till 7", 7.5),
        ("5 hours last night", 5.0),
        ("got about 3 hours on the train", 3.0),
    ],
)
def test_a_night_told_its_own_way(text: str, hours: float, matcher: ExerciseMatcher) -> None:
    assert _stored(text, matcher)["log_sleep"]["duration_s"] == hours * 3600


@pytest.mark.parametrize("text", ["worked 10 hours last night", "6 hours on the train"])
def test_hours_spent_otherwise_are_no_night(text: str, matcher: ExerciseMatcher) -> None:
    assert not any(e.intent == "log_sleep" for e in read_log(text, today=TODAY, exercises=matcher).entries)  # fmt: skip


def test_a_remark_about_tomorrow_leaves_the_log_today(matcher: ExerciseMatcher) -> None:
    daily = _stored("energy 3, stress 4 (big meeting tomorrow)", matcher)["log_daily"]
    assert daily["date"] == TODAY


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("did my workout", "which exercises"),
        ("i did my cardio", "which cardio"),
        ("measured my hips this morning", "what did your hips measure"),
    ],
)
def test_a_session_or_measure_without_its_numbers_is_asked(
    text: str, asks: str, matcher: ExerciseMatcher
) -> None:
    reading = read_log(text, today=TODAY, exercises=matcher)
    assert not reading.entries
    assert any(p.startswith(asks) for p in reading.problems), reading.problems


def test_a_question_about_training_asks_nothing(matcher: ExerciseMatcher) -> None:
    assert read_log("did my cardio help my hrv?", today=TODAY, exercises=matcher).problems == []


@pytest.mark.parametrize(
    ("text", "seconds", "rpe"),
    [
        ("lat pulldown 3x12 @ 50. cable row 3x12 @ 45. 35 min. rpe 7", 2100, 7),
        ("goblet squats 4x10 with 20 kg, 30 min all in", 1800, None),
    ],
)
def test_a_sessions_closing_length_and_effort(
    text: str, seconds: int, rpe: int | None, matcher: ExerciseMatcher
) -> None:
    sets = _stored(text, matcher)["log_sets"]
    assert sets["duration_s"] == seconds
    assert sets.get("session_rpe") == rpe


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("push day ohp 4x6 40kg", "barbell-overhead-press"),
        ("back and bi day barbell rows 4x10 60kg", "barbell-row"),
    ],
)
def test_a_split_days_name_before_the_first_lift(
    text: str, slug: str, matcher: ExerciseMatcher
) -> None:
    groups = _stored(text, matcher)["log_sets"]["groups"]
    assert [g["exercise"] for g in groups] == [slug]


def test_a_trip_there_and_back_said_each_way(matcher: ExerciseMatcher) -> None:
    walk = _stored("walked to the park and back, 20 min each way", matcher)["log_cardio"]
    assert walk["duration_s"] == 2400


def test_back_exercises_after_and_are_still_exercises(matcher: ExerciseMatcher) -> None:
    groups = _stored("bench 3x5 80kg and back squat 3x5 100kg", matcher)["log_sets"]["groups"]
    assert [g["exercise"] for g in groups] == ["barbell-bench-press", "barbell-back-squat"]


def test_a_time_of_day_is_no_quantity(matcher: ExerciseMatcher) -> None:
    found = _stored("rdl 3x8 90kg then a 2 km walk in 20 min, all done by 6:45am", matcher)
    assert found["log_sets"]["groups"][0]["weight_kg"] == 90
    assert found["log_cardio"]["duration_s"] == 1200


@pytest.mark.parametrize(
    ("text", "key", "value"),
    [
        ("hip thrust 3x10 at 100, oops i mean 100 lbs", "weight_kg", 45.36),
        ("cycled 12 km.. sorry, 12 miles, 50 min", "distance_m", 19312.1),
    ],
)
def test_a_number_said_again_with_its_unit(
    text: str, key: str, value: float, matcher: ExerciseMatcher
) -> None:
    entry = next(iter(_stored(text, matcher).values()))
    found = entry["groups"][0][key] if "groups" in entry else entry[key]
    assert found == pytest.approx(value, abs=0.1)


def test_a_different_number_after_an_apology_is_not_taken(matcher: ExerciseMatcher) -> None:
    reading = read_log("bench 3x5 at 80, sorry 85", today=TODAY, exercises=matcher)
    assert not reading.ok


@pytest.mark.parametrize(
    ("text", "intent", "check"),
    [
        (
            "приседания 4x10 с весом 40 кг",
            "log_sets",
            {"exercise": "barbell-back-squat", "weight_kg": 40.0},
        ),
        ("бег 5 км за 28 минут", "log_cardio", {"distance_m": 5000.0, "duration_s": 1680.0}),
        ("вес 80.2", "log_weight", {"weight_kg": 80.2}),
    ],
)
def test_russian_log_words(
    text: str, intent: str, check: dict[str, object], matcher: ExerciseMatcher
) -> None:
    slots = _stored(text, matcher)[intent]
    found = slots["groups"][0] if "groups" in slots else slots
    assert {k: found.get(k) for k in check} == check


def test_one_set_in_a_role_after_the_others(matcher: ExerciseMatcher) -> None:
    groups = _stored("squat 5x3 at 120 kg then a drop set of 10 at 80 kg", matcher)["log_sets"]["groups"]  # fmt: skip
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in groups] == [(5, 3, 120), (1, 10, 80)]


def test_height_climbed_is_no_distance(matcher: ExerciseMatcher) -> None:
    ski = _stored("ski touring 2 hrs, 1500 vert ft", matcher)["log_cardio"]
    assert ski["duration_s"] == 7200
    assert "distance_m" not in ski


@pytest.mark.parametrize(
    ("text", "metres"),
    [("swam a thousand yards in 25 min", 914.4), ("rowed two thousand metres in 8 min", 2000.0)],
)
def test_a_thousand_said_in_words_is_its_figure(
    text: str, metres: float, matcher: ExerciseMatcher
) -> None:
    cardio = _stored(text, matcher)["log_cardio"]
    assert cardio["distance_m"] == pytest.approx(metres, abs=0.1)
