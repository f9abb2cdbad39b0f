"""Classes of logging messages the seventeenth set's writer AS (older adults and people back
after illness or surgery: careful full sentences, dictated, formal or old-fashioned, often
non-native English) got stored wrong or asked about (issue 57, logas17), each in new wording,
beside the close wording that must keep its old reading."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu import understand
from fitcoach.assistant.nlu.meals import describe

_read = read_entries
_only = only_entry


# --- wrong stores first ---------------------------------------------------------------------


def test_a_junior_parkrun_is_two_km() -> None:
    run = _only("junior park run with the kids on saturday, 16:40", "log_cardio")
    assert run["distance_m"] == 2000.0


def test_a_parkrun_keeps_the_distance_the_message_gives() -> None:
    """ "parkrun" had put 5 km in beside the distance said: the distance said is the one run."""
    run = _only("did the parkrun with my nephew, 3 km of it in 20 minutes", "log_cardio")
    assert run["distance_m"] == 3000.0
    assert run["duration_s"] == 1200.0


@pytest.mark.parametrize(
    "text",
    [
        "parkrun saturday 31:05",
        # a distance of something done after it is no parkrun's
        "parkrun in 33 min, then a 1 mile walk home",
    ],
)
def test_a_parkrun_without_its_own_distance_is_still_5_km(text: str) -> None:
    entries, _ = _read(text)
    assert entries[0][1]["distance_m"] == 5000.0


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("for dinner i eat fish and chips", "fish and chips"),
        ("lunch we have lentil soup with bread", "lentil soup with bread"),
        ("snack: eaten an apple and some nuts", "an apple and some nuts"),
    ],
)
def test_the_verb_of_eating_is_no_part_of_the_food(text: str, food: str) -> None:
    assert describe(text.split(":")[-1] if ":" in text else text).endswith(food)
    assert "eat" not in _only(text, "log_meal")["description"].split()


@pytest.mark.parametrize(
    "text",
    ["had the usual for lunch", "my normal breakfast today", "same as always for dinner"],
)
def test_a_habitual_meal_never_named_is_asked(text: str) -> None:
    entries, problems = _read(text)
    assert any("what did you eat" in p for p in problems), (entries, problems)


def test_a_habitual_word_beside_a_named_food_is_still_stored() -> None:
    assert "oatmeal" in _only("my usual oatmeal for breakfast", "log_meal")["description"]


# --- asked: sets and reps -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "sets", "reps", "kg"),
    [
        ("lat pulldown 3 sets à 12 with 30 kg", 3, 12, 30.0),
        ("seated row 4x8 à 45 kg", 4, 8, 45.0),
    ],
)
def test_a_sets_reps_and_load_said_with_a(text: str, sets: int, reps: int, kg: float) -> None:
    group = _only(text, "log_sets")["groups"][0]
    assert (group["sets"], group["reps"], group["weight_kg"]) == (sets, reps, kg)


@pytest.mark.parametrize(
    ("text", "slug", "reps"),
    [
        ("chin-ups at the village hall gym: 7, 6, 5", "chin-up", [7, 6, 5]),
        ("dips in my garage: 9, 8 and 6. happy with that", "parallel-bar-dip", [9, 8, 6]),
        ("push-ups on my knees, 15, 12 and 10", "knee-push-up", [15, 12, 10]),
        ("press-ups, 11, 9 and 7. first week back after the hip op", "push-up", [11, 9, 7]),
    ],
)
def test_a_list_of_reps_after_the_name_and_where(text: str, slug: str, reps: list[int]) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [g["exercise"] for g in groups] == [slug] * len(reps)
    assert [g["reps"] for g in groups] == reps


def test_an_age_said_in_praise_is_no_figure() -> None:
    groups = _only("pull ups 5, 4, 4. not bad for 71!", "log_sets")["groups"]
    assert [g["reps"] for g in groups] == [5, 4, 4]


@pytest.mark.parametrize(
    "text",
    [
        "lateral raises with dumbbells 5 kg each, first set 15, second 12, third 10",
        "lateral raises 5 kg, 1st set 15, 2nd set 12 and the last 10",
    ],
)
def test_each_set_said_in_turn_is_a_list(text: str) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [g["reps"] for g in groups] == [15, 12, 10]
    assert {g["weight_kg"] for g in groups} == {5.0}


def test_the_session_time_and_a_graded_effort_close_a_list() -> None:
    slots = _only(
        "curls with dumbbells 6 kg each, 12, 12, 10. whole session took 35 min, i'd say 6/10",
        "log_sets",
    )
    assert slots["duration_s"] == 2100.0
    assert slots["session_rpe"] == 6.0


@pytest.mark.parametrize(
    "text",
    [
        "split squats 8 each leg, 3 rounds, with 4 kg dumbbells",
        "step-ups onto a box, 12 per leg, 3 sets, holding 4 kg dumbbells",
    ],
)
def test_reps_a_side_then_the_rounds(text: str) -> None:
    group = _only(text, "log_sets")["groups"][0]
    assert (group["sets"], group["weight_kg"]) == (3, 4.0)


@pytest.mark.parametrize(
    ("text", "copied"),
    [
        ("leg curl 3x12 at 25 kg, leg extension the same", "leg-extension"),
        (
            "lat pulldown 3x10 at 35 kg, then seated row the same as the pulldown",
            "seated-cable-row",
        ),
        (
            "I did the hip adduction machine, 2 sets of 20 at 25 kg, and the abductor one same",
            "hip-abduction-machine",
        ),
    ],
)
def test_an_exercise_done_the_same_as_another_of_the_message(text: str, copied: str) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert groups[-1]["exercise"] == copied
    assert (groups[-1]["sets"], groups[-1]["reps"], groups[-1]["weight_kg"]) == (
        groups[0]["sets"],
        groups[0]["reps"],
        groups[0]["weight_kg"],
    )


def test_feeling_the_same_copies_nothing() -> None:
    groups = _only("squat 3x5 at 90 kg, knee felt the same", "log_sets")["groups"]
    assert len(groups) == 1


def test_the_kit_said_away_from_an_ambiguous_name_picks_its_entry() -> None:
    text = "band pull aparts 2x15, then external rotations 3x15 with a light band"
    group = _only(text, "log_sets")["groups"][-1]
    assert group["exercise"] == "band-external-rotation"


def test_a_band_movement_needs_no_load() -> None:
    assert _only("band pull aparts 2x20", "log_sets")["groups"][0]["reps"] == 20


def test_an_ambiguous_name_with_no_kit_is_still_asked() -> None:
    _, problems = _read("external rotations 2x12")
    assert any("which exercise is" in p for p in problems)


def test_logging_words_are_no_load_change() -> None:
    text = "forgot to add it yesterday: leg press 3 by 12 with 80 kilos, then calf raises 2 by 15"
    assert understand(text, today=date(2026, 11, 18)).intent != "change_load"
    assert understand("put 5 kg on my squat", today=date(2026, 11, 18)).intent == "change_load"


# --- asked: cardio, sleep, readings ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("walked round the reservoir, 3 hours return, 11 km", 10800.0),
        ("cycled 2 and a half hours in total, 40 km", 9000.0),
    ],
)
def test_a_duration_said_as_the_whole(text: str, seconds: float) -> None:
    assert _only(text, "log_cardio")["duration_s"] == seconds


def test_minutes_then_seconds_read_aloud() -> None:
    assert _only("ran 5 km in 28 mins 45", "log_cardio")["duration_s"] == 28 * 60 + 45


def test_an_average_heart_rate_said_with_two_words_before_it() -> None:
    run = _only("rowed 20 minutes, pulse was around 125 on average", "log_cardio")
    assert run["avg_hr"] == 125.0


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("awful night, the neighbours' dog barking, 3 hours at most", 3.0),
        ("restless night with my back, maybe 5 hours", 5.0),
    ],
)
def test_a_night_judged_then_its_hours(text: str, hours: float) -> None:
    assert _only(text, "log_sleep")["duration_s"] == hours * 3600


def test_a_night_at_work_is_no_sleep() -> None:
    entries, _ = _read("long night at work, 10 hours")
    assert all(i != "log_sleep" for i, _ in entries)


def test_minutes_past_the_hour_read_aloud() -> None:
    sleep = _only("slept from ten past eleven till twenty five past six", "log_sleep")
    assert sleep["duration_s"] == (7 * 60 + 15) * 60


def test_a_reading_asked_to_be_logged_without_its_figure_is_asked() -> None:
    entries, problems = _read("please log my weight")
    assert not entries
    assert any("scales" in p for p in problems)


def test_exercises_managed_without_numbers_are_asked() -> None:
    _, problems = _read("managed my lunges and the wall press-ups today")
    assert any("how many sets and reps" in p for p in problems)


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("11 stone 9 today, down from 11 stone 12 last month", 73.94),
        ("weighed 88.4 kg this morning, up from 87 a week ago", 88.4),
    ],
)
def test_the_earlier_figure_a_weight_is_compared_with(text: str, kg: float) -> None:
    """The earlier figure is no reading, and its day is not the reading's."""
    slots = _only(text, "log_weight")
    assert slots["weight_kg"] == pytest.approx(kg, abs=0.01)
    assert slots["date"] == date(2026, 11, 18)


def test_the_british_half_hour_of_an_activity_range() -> None:
    """ "half six to eight" is 6:30 to 8:00, not a night's sleep."""
    session = _only("line dancing at the village hall last night, half six to eight", "log_cardio")
    assert session["duration_s"] == 90 * 60


def test_the_british_half_hour_of_a_bedtime() -> None:
    assert _only("went to bed at half ten and got up at 6", "log_sleep")["duration_s"] == 7.5 * 3600


def test_the_last_set_told_apart_with_the_reps_left() -> None:
    groups = _only(
        "seated cable rows 4x10 at 50 kg, the last set was hard, perhaps 2 reps left", "log_sets"
    )["groups"]
    assert [(g["sets"], g.get("rir")) for g in groups] == [(3, None), (1, 2.0)]


def test_the_top_sets_are_the_heaviest() -> None:
    text = "overhead press 3x5 at 45 kg, then 2x8 at 37.5 kg, top sets felt like rpe 9"
    groups = _only(text, "log_sets")["groups"]
    assert [g.get("rpe") for g in groups] == [9.0, None]


def test_top_sets_of_one_load_are_asked() -> None:
    _, problems = _read("front squat 4x4 at 70 kg, top sets rpe 8")
    assert "which sets was the effort for?" in problems


def test_a_kit_of_another_exercise_picks_nothing() -> None:
    _, problems = _read("rows 3x10 at 40 kg, then dumbbell curls 3x12 at 10 kg")
    assert any("which exercise is 'rows'" in p for p in problems)
