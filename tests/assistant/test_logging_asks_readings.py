"""Classes of morning readings and nights the chat asked about though the text says every
number (issue 57, logging57: found on the development writers A-I, kept where the check
writers K-T and U,V did not get worse), each with new wording, and the close wording that
must still ask or must not become a reading."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str, units: str = "metric") -> tuple[dict[str, object], list[str]]:
    """What the entries store, merged by slot (values of the daily readings flattened)."""
    with bare_units(units):
        reading = read_log(text, today=TODAY)
    stored: dict[str, object] = {}
    for entry in reading.entries:
        stored |= {k: v for k, v in entry.slots.items() if k not in ("date", "said", "values")}
        stored |= entry.slots.get("values") or {}
        stored |= {"intents": [*stored.get("intents", []), entry.intent]}  # type: ignore[list-item]
    return stored, reading.problems


@pytest.mark.parametrize(
    ("text", "units", "kg", "readings"),
    [
        # a mass said alone among the readings is the body weight: its unit says it is one
        (
            "wake-up stats: 81.4kg, rhr 52, hrv 66",
            "metric",
            81.4,
            {"resting_hr": 52.0, "hrv": 66.0},
        ),
        (
            "numbers today - 183.6 lbs, resting 58, energy 4",
            "imperial",
            83.28,
            {"resting_hr": 58.0, "energy": 8.0},
        ),
        ("hrv 71, 77.9 kg", "metric", 77.9, {"hrv": 71.0}),
        # a weight after a reading starts a reading of its own ("rhr 49 wt 66.3")
        ("hrv 58 rhr 49 wt 66.3", "metric", 66.3, {"hrv": 58.0, "resting_hr": 49.0}),
        ("rhr 60 hrv 45 weight 90.4 stress 2", "metric", 90.4, {"resting_hr": 60.0, "hrv": 45.0}),
    ],
)
def test_a_body_weight_beside_the_morning_readings_is_stored_with_them(
    text: str, units: str, kg: float, readings: dict[str, float]
) -> None:
    stored, problems = _read(text, units)
    assert problems == []
    assert stored["weight_kg"] == pytest.approx(kg, abs=0.01)
    assert {k: stored[k] for k in readings} == readings


@pytest.mark.parametrize(
    "text",
    [
        "rhr 55, 80kg then 82.5kg",  # two masses alone: which is the weight?
        "rhr 53 and 3kg",  # no body weight is that light
    ],
)
def test_an_unclear_mass_beside_the_readings_is_still_asked(text: str) -> None:
    stored, problems = _read(text)
    assert problems
    assert "weight_kg" not in stored


def test_a_mass_alone_beside_sets_stays_their_load() -> None:
    stored, problems = _read("rhr 50. goblet squats 3x12, 24kg")
    assert problems == []
    assert "weight_kg" not in stored
    assert stored["groups"] == [
        {"exercise": "goblet-squat", "sets": 3, "reps": 12, "weight_kg": 24.0}
    ]


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("6 hrs 35 sleep, woke up groggy", 6 + 35 / 60),  # hours, then minutes, then the night
        ("sleep was 7hrs 10 according to the ring", 7 + 10 / 60),
        ("last night 6h50, slept deep", 6 + 50 / 60),  # the night's own length, in a piece apart
    ],
)
def test_a_night_in_hours_then_minutes_is_stored(text: str, hours: float) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert stored["duration_s"] == pytest.approx(hours * 3600)


def test_hours_then_a_count_of_something_else_are_not_minutes() -> None:
    stored, problems = _read("2 hours 15 burpees")
    assert "duration_s" not in stored or problems
    assert problems


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("peso 74,2 kg, estrés 4", {"weight_kg": 74.2, "stress": 8.0}),
        ("poids 58,1 kg, humeur 3", {"weight_kg": 58.1, "mood": 6.0}),
        ("humor 2, stress 4", {"mood": 4.0, "stress": 8.0}),
        ("peso 70 kg, frequência de repouso 57", {"weight_kg": 70.0, "resting_hr": 57.0}),
    ],
)
def test_check_in_words_of_other_languages_are_read(text: str, expected: dict[str, float]) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert {k: stored[k] for k in expected} == expected


@pytest.mark.parametrize(
    ("text", "bpm"),
    [
        ("corrida 8 km 44 min, fc média 151", 151.0),
        ("bike 1 Stunde 30 km, Puls 127", 127.0),
        ("natação 40 minutos, frequência cardíaca média 133", 133.0),
        ("caminata 50 min, pulso 104", 104.0),
    ],
)
def test_a_session_heart_rate_in_other_languages_is_stored(text: str, bpm: float) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert stored["avg_hr"] == bpm


def test_humor_without_a_score_is_no_mood() -> None:
    stored, _ = _read("ran 5 km in 30 min, good humor all the way")
    assert "mood" not in stored


@pytest.mark.parametrize(
    "text",
    [
        "hrv 48, sore throat since yesterday, stress 2",  # an illness's soreness, not a score
        "rhr 66 - my throat is sore, energy 3",
    ],
)
def test_a_sore_throat_is_no_soreness_score(text: str) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert "soreness" not in stored


def test_sore_muscles_beside_a_sore_throat_keep_their_score() -> None:
    stored, _ = _read("quads sore 3/5 and a sore throat")
    assert stored["soreness"] == 6.0


@pytest.mark.parametrize(
    "text",
    [
        "did a 90 min bike ride at the weekend",  # Saturday or Sunday?
        "add my swim from the other day, 40 min",
        "rowed 5 km in 22 min friday or saturday, not sure",
    ],
)
def test_a_day_said_only_roughly_is_asked_not_stored_as_today(text: str) -> None:
    _, problems = _read(text)
    assert any(p.startswith("which day was it") for p in problems)


@pytest.mark.parametrize(
    "text",
    [
        "yoga 45 min the other day, monday it was",  # the day told after all
        "ran 8 km in 44 min, long ride planned this weekend",  # a weekend ahead: no log's day
    ],
)
def test_a_day_told_or_ahead_is_not_asked(text: str) -> None:
    _, problems = _read(text)
    assert problems == []


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("anoche dormí de 12:30 a 7:00", 6.5),  # Spanish "de ... a ..."
        ("Schlaf 22:15 bis 6:45", 8.5),  # German "bis"
        ("dormi das 23h às 6h30, bem", 7.5),  # Portuguese "das ... às ..."
    ],
)
def test_a_night_between_two_clock_times_in_other_languages_is_stored(
    text: str, hours: float
) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert stored["duration_s"] == pytest.approx(hours * 3600)


@pytest.mark.parametrize("text", ["dormi de 6h a 7h", "corrí de 3 a 4 km"])
def test_a_range_that_may_be_hours_or_a_distance_is_no_clock_range(text: str) -> None:
    stored, problems = _read(text)
    assert problems  # six to seven hours, or from six to seven? asked
    assert stored.get("duration_s") != 3600


def test_the_weekend_as_a_mood_is_no_rough_day() -> None:
    stored, problems = _read("sleep 01:30 - 09:00, weekend vibes")
    assert problems == []
    assert stored["duration_s"] == 7.5 * 3600


@pytest.mark.parametrize(
    ("text", "minutes", "metres"),
    [
        ("erg 25 min, 1:58 split", 25, None),  # a rower's split: no value of the log
        ("rowed 6k in 24:40, split 2:03, rate 24", 24 + 40 / 60, 6000),
        ("row 4 km in 17 min, 22 spm", 17, 4000),
    ],
)
def test_a_rowers_split_and_stroke_rate_are_no_questions(
    text: str, minutes: float, metres: float | None
) -> None:
    stored, problems = _read(text)
    assert problems == []
    assert stored["duration_s"] == pytest.approx(minutes * 60)
    assert stored.get("distance_m") == metres


def test_a_split_is_never_the_sessions_time() -> None:
    stored, problems = _read("rowed 3k, 2:01 split")
    assert "how long did it take?" in problems
    assert "duration_s" not in stored


def test_a_heart_rate_is_still_read_beside_a_stroke_rate() -> None:
    stored, problems = _read("erg 30 min, rate 20, heart rate 141")
    assert problems == []
    assert stored["avg_hr"] == 141.0


def _groups(text: str) -> tuple[list[dict[str, object]], list[str]]:
    with bare_units("metric"):
        reading = read_log(text, today=TODAY)
    found = [
        {k: v for k, v in g.items() if k in ("sets", "reps", "rir")}
        for e in reading.entries
        for g in e.slots.get("groups", [])
    ]
    return found, reading.problems


@pytest.mark.parametrize(
    ("text", "groups"),
    [
        # reps left in the tank after "had": the sets' effort, never a meal
        (
            "leg press 4x12 140kg, last set had 1 in the tank",
            [{"sets": 3, "reps": 12}, {"sets": 1, "reps": 12, "rir": 1.0}],
        ),
        (
            "lat pulldown 3x10 60kg and I had about 3 left in the tank on all of them",
            [{"sets": 3, "reps": 10, "rir": 3.0}],
        ),
        ("hip thrust 4x8 100kg 2 in reserve", [{"sets": 4, "reps": 8, "rir": 2.0}]),
    ],
)
def test_reps_left_in_the_tank_are_the_sets_effort(text: str, groups: list[dict[str, object]]) -> None:  # fmt: skip
    assert _groups(text) == (groups, [])


def test_a_meal_with_the_word_tank_is_still_a_meal() -> None:
    with bare_units("metric"):
        reading = read_log("had 2 eggs and toast before the run, nothing in the tank", today=TODAY)
    assert [e.intent for e in reading.entries] == ["log_meal"]


@pytest.mark.parametrize(
    ("text", "reps", "kg"),
    [
        ("10,9,8 on chin ups", [10, 9, 8], None),  # each set's reps, then the name
        ("12/10/10/8 leg extension at 40kg", [12, 10, 10, 8], 40.0),
        ("6 6 5 on the hack squat @ 100kg", [6, 6, 5], 100.0),
    ],
)
def test_the_reps_of_each_set_before_the_name_are_stored(
    text: str, reps: list[int], kg: float | None
) -> None:
    with bare_units("metric"):
        reading = read_log(text, today=TODAY)
    assert reading.problems == []
    groups = reading.entries[0].slots["groups"]
    assert [g["reps"] for g in groups] == reps
    assert {g.get("weight_kg") for g in groups} == {kg}


def test_a_date_before_the_sets_is_no_list_of_reps() -> None:
    with bare_units("metric"):
        reading = read_log("10/11 leg press 3x12 120kg", today=TODAY)
    assert [g["reps"] for e in reading.entries for g in e.slots.get("groups", [])] == [12]
