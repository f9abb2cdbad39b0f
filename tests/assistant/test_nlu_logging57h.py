"""Classes of logging messages the thirteenth set's writers (people logging for others, formal
and clinical writers) got stored wrong or asked about (issue 57, logging57h), each in new
wording, beside the close wording that must still ask or keep its old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import normalise

_read = read_entries


_only = only_entry


# --- a night told by its bedtime and wake time, "bedtime" or "night:" first -----------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("Bedtime 23:10, alarm at 06:40 for the ward round. Slept well.", 7.5),
        ("bedtime: 21:45 and up at 5:15", 7.5),
        ("night: 01:20 to 08:05, poor", 6.75),
        ("slept from half eleven to quarter to seven", 7.25),
    ],
)
def test_a_night_from_its_bedtime_and_wake_time(text: str, hours: float) -> None:
    slots = _only(text, "log_sleep")
    assert slots["duration_s"] == hours * 3600


def test_a_bedtime_alone_is_no_length_of_sleep() -> None:
    """ "bedtime 22:30" is when, not 22 min 30 s of sleep: asked, never stored as a length."""
    entries, problems = _read("bedtime 22:40, slept badly")
    assert problems
    assert all("duration_s" not in slots for _, slots in entries)


@pytest.mark.parametrize(("text", "quality"), [("slept 6 hours, poor", "poor"), ("slept 8 hours, decent", "good")])  # fmt: skip
def test_a_nights_quality_in_one_word(text: str, quality: str) -> None:
    assert _only(text, "log_sleep")["quality"] == quality


@pytest.mark.parametrize(("said", "clock"), [("quarter to 7", "6:45"), ("quarter to 1", "12:45")])
def test_quarter_to_is_the_hour_before(said: str, clock: str) -> None:
    assert normalise(f"up at {said}") == f"up at {clock}"


def test_quarter_to_before_a_unit_is_no_clock_time() -> None:
    assert "quarter to 5 km" in normalise("ran a quarter to 5 km")


# --- a time of day beside a session or a meal ------------------------------------------------


def test_an_hour_with_am_or_pm_is_when_a_session_was() -> None:
    slots = _only("spin class at 7pm, 50 min, rpe 8", "log_cardio")
    assert slots["duration_s"] == 50 * 60


@pytest.mark.parametrize(
    "text",
    ["Lunch 12:40: a tuna sandwich and an apple", "had a banana and a flat white at 4, 250 kcal"],
)
def test_a_meals_time_of_day_is_no_figure(text: str) -> None:
    slots = _only(text, "log_meal")
    assert "banana" in slots["description"] or "tuna" in slots["description"]


def test_at_a_number_beside_sets_is_still_a_load() -> None:
    entries, _ = _read("squats 3x5 at 6")
    groups = [g for i, s in entries if i == "log_sets" for g in s["groups"]]
    assert groups
    assert groups[0]["weight_kg"] == 6.0


# --- a meal whose first food is told with how it was cooked ----------------------------------


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("brunch: 2 eggs poached, 1 slice sourdough, tea", "2 eggs poached"),
        ("4 eggs fried, 2 slices toast, orange juice", "4 eggs fried"),
    ],
)
def test_a_cooked_food_first_stays_in_the_meal(text: str, first: str) -> None:
    slots = _only(text, "log_meal")
    assert slots["description"].startswith(first)


# --- a ride's power and a sauna's heat are no figures of the log ----------------------------


@pytest.mark.parametrize(
    "text",
    [
        "indoor bike 75 min, NP 230 W, TSS 95, avg HR 138",
        "ride 2 h, 180 watts average, avg hr 130",
    ],
)
def test_power_and_training_stress_are_not_asked_about(text: str) -> None:
    slots = _only(text, "log_cardio")
    assert slots["duration_s"] in (75 * 60, 2 * 3600)
    assert slots["avg_hr"] in (138, 130)


def test_reps_before_with_are_not_watts() -> None:
    """ "12 w/ 10kg": "w/" is "with", so the 12 is never taken for watts and dropped."""
    _, problems = _read("curls 3x12 w/ 10kg")
    assert not problems


# --- a meal's figures as the apps write them, after its foods -------------------------------


def test_calories_written_after_their_word_and_a_macro_triple_at_the_end() -> None:
    slots = _only("Supper: chicken 200 g, pasta 150 g. kcal 690 / P 52 / C 70 / F 18.", "log_meal")
    assert slots["calories"] == 690
    assert (slots["protein_g"], slots["carbs_g"], slots["fat_g"]) == (52, 70, 18)
    assert "kcal" not in slots["description"]


def test_calories_after_a_colon() -> None:
    assert _only("lunch: a burrito bowl, calories: 820", "log_meal")["calories"] == 820


# --- a weigh-in called body mass, beside a meal's name used as a time ------------------------


def test_body_mass_is_a_weigh_in_and_pre_breakfast_no_meal() -> None:
    slots = _only("Body mass 71.8 kg, fasted and pre-breakfast.", "log_weight")
    assert slots["weight_kg"] == 71.8


# --- a swimmer's yards ----------------------------------------------------------------------


def test_yards_written_yds() -> None:
    slots = _only("pool swim 1,650 yds in 30 min", "log_cardio")
    assert slots["distance_m"] == pytest.approx(1650 * 0.9144, abs=0.1)


# --- a load added to the body's on a bodyweight exercise -------------------------------------


@pytest.mark.parametrize(
    ("text", "kg"),
    [("chin-ups 4 sets of 6, added 15kg on the belt", 15.0), ("dips 3x10 adding 20 lb", 9.07)],
)
def test_a_load_added_on_a_bodyweight_exercise(text: str, kg: float) -> None:
    (group,) = _only(text, "log_sets")["groups"]
    assert group["weight_kg"] == pytest.approx(kg, abs=0.01)


def test_added_after_a_barbell_lift_is_still_asked() -> None:
    """ "added 10kg" after a squat may be more than last time: never stored as the load."""
    entries, problems = _read("front squat 3x5, added 10kg")
    assert problems
    groups = [g for i, s in entries if i == "log_sets" for g in s["groups"]]
    assert all(g.get("weight_kg") != 10.0 for g in groups)


# --- a strength session's length "in total" --------------------------------------------------


def test_a_sessions_minutes_in_total_after_its_sets() -> None:
    slots = _only("deadlift 4x4 at 170kg, rdl 3x8 at 100kg. 60 min in total, rpe 8", "log_sets")
    assert slots["duration_s"] == 3600
    assert slots["session_rpe"] == 8


# --- a session's effort said as how hard it felt, out of 10 ---------------------------------


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("cycled 50 min, felt pretty hard, maybe 7/10", 7.0),
        ("swim 40 min, effort 5 out of 10", 5.0),
    ],
)
def test_how_hard_a_session_felt_out_of_10(text: str, rpe: float) -> None:
    assert _only(text, "log_cardio")["session_rpe"] == rpe


def test_how_good_a_session_felt_is_no_effort() -> None:
    """ "felt amazing, 9/10" rates how good it was: never stored as an RPE of 9."""
    entries, _ = _read("jogged 30 min, felt amazing, 9/10")
    assert all("session_rpe" not in slots for _, slots in entries)


# --- soreness and stress told in words, beside other check-in words ---------------------------


def test_a_low_mood_before_is_no_low_soreness() -> None:
    values = _only("energy quite low, hamstrings really sore", "log_daily")["values"]
    assert values["soreness"] >= 6  # much soreness, not the "low" of the energy's piece


def test_low_stress_in_its_own_piece_stays_low() -> None:
    values = _only("shoulders sore, stress low", "log_daily")["values"]
    assert values["stress"] <= 4


@pytest.mark.parametrize(
    "text", ["calves sore from sunday's hill sprints", "glutes stiff from yesterday, mood good"]
)
def test_the_day_that_made_it_sore_is_not_the_day_of_the_log(text: str) -> None:
    assert _only(text, "log_daily")["date"] == TODAY


# --- the close wordings that must keep their old reading ------------------------------------


def test_a_meal_of_no_food_keeps_its_clock_times_to_ask_about() -> None:
    """ "had gone to bed at 10:15" is no meal at 10:15 (asked until stop 90; since then a helping
    "had" is no meal at all, and the night from 10:15 to 4 is read)."""
    entries, problems = _read("woke at 4am and could not sleep, had gone to bed at 10:15")
    assert not problems
    assert [(i, s["duration_s"]) for i, s in entries] == [("log_sleep", 5.75 * 3600)]


@pytest.mark.parametrize(
    "text", ["lat pulldown 4 sets of 8 w 30kg", "hammer curls 3 sets of 12 w 14kg"]
)
def test_reps_before_w_and_a_load_are_not_watts(text: str) -> None:
    _, problems = _read(text)
    assert not problems


def test_an_added_plate_in_brackets_after_a_list_of_reps() -> None:
    groups = _only("chin ups 6 6 5 (added a 5kg plate to the belt)", "log_sets")["groups"]
    assert [g["reps"] for g in groups] == [6, 6, 5]
    assert all(g["weight_kg"] == 5.0 for g in groups)


def test_a_dish_named_before_a_colon_stays_in_the_description() -> None:
    slots = _only("eggs on toast: 2 fried eggs, 2 slices of rye", "log_meal")
    assert slots["description"].startswith("eggs on toast")
    assert "2 slices of rye" in slots["description"]


def test_a_climbing_session_at_an_hour_of_the_evening_then_sets() -> None:
    """ "7 pm" is when: the 1.5 hr is the climbing's own session, the sets logged apart
    (it was asked while the 7 stood unexplained)."""
    entries, problems = _read("tonight 6 pm bouldering gym 1.5 hr, then chin ups 3x6")
    assert not problems
    kinds = dict(entries)
    assert kinds["log_cardio"]["duration_s"] == 5400
    assert kinds["log_sets"]["groups"][0]["reps"] == 6
    assert "duration_s" not in kinds["log_sets"]
