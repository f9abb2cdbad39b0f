"""Numbers told beside a log that no log keeps (issue 57, stop 89, lognum): a blood pressure, a
price, a programme's name and week, a class's time of day, a treadmill's setting, a change in
brackets, a usual value, a meal's hour, a climb's grade, the max a percentage is of. Each is no
reason to ask; beside each, the close wording whose number could be the log's own keeps its
question. Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

import re

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu.incidental import incidental_number
from fitcoach.assistant.nlu.quantities import NUMBER_TOKEN


def _incidental(text: str) -> list[str]:
    return [m.group(0) for m in NUMBER_TOKEN.finditer(text) if incidental_number(text, m)]


def _asked(text: str) -> list[str]:
    entries, problems = read_entries(text)
    assert problems, (text, entries)
    return problems


# --- a blood pressure -------------------------------------------------------------------------


def test_a_blood_pressure_beside_a_body_weight_is_no_figure_of_it() -> None:
    assert only_entry("weigh-in 81.3 kg, blood pressure 131/84 at the gp", "log_weight")["weight_kg"] == 81.3  # fmt: skip


def test_a_blood_pressure_beside_a_morning_reading() -> None:
    values = only_entry("bp 117/76 at the chemist, resting hr 57", "log_daily")["values"]
    assert values == {"resting_hr": 57.0}


@pytest.mark.parametrize(
    "text",
    [
        "bp 80/85/90 x5",  # a bench press's loads, set by set
        "bp 100/90 x 5",
        "bp 60/70 kg",
    ],
)
def test_a_bench_press_written_bp_keeps_its_loads(text: str) -> None:
    assert _incidental(text) == []


# --- a price ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["spin class 45 min, $18 drop in", "yoga 75 min, cost me 12 quid", "climbing 2 hrs, €14 entry"],
)
def test_a_price_is_no_figure_of_the_session(text: str) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio"]


def test_pounds_are_a_mass_not_money() -> None:
    assert _incidental("squat 3x5 at 225 pounds") == []
    groups = only_entry("squat 3x5 at 225 pounds", "log_sets")["groups"]
    assert groups[0]["weight_kg"] == pytest.approx(102.06, abs=0.01)


# --- a programme's name and week ------------------------------------------------------------


def test_a_programme_named_by_numbers_is_a_name() -> None:
    assert only_entry("deadlift 3x5 140kg, 531 bbb week", "log_sets")["groups"][0]["weight_kg"] == 140.0  # fmt: skip
    assert _incidental("on 5/3/1 this cycle, press 3x5 40kg") == ["5", "3", "1"]
    assert _incidental("531 wk2: bench 3x3 85kg") == ["531", "2"]


def test_reps_written_with_slashes_stay_reps() -> None:
    assert _incidental("squat 5/3/1 at 100 110 120") == []
    assert _incidental("bench 531 x 1") == []


def test_a_short_week_is_no_time() -> None:
    assert _incidental("wk 2 hrs") == []


# --- a class's time of day, a treadmill's setting ----------------------------------------------


def test_the_time_of_day_a_class_is_named_by() -> None:
    slots = only_entry("hiit 40 min, the 7:15 class", "log_cardio")
    assert slots["duration_s"] == 40 * 60


def test_a_time_with_a_instead_of_the_stays_a_time() -> None:
    assert _incidental("did a 1:30 spin class") == []


def test_a_treadmills_speed_and_incline_are_its_settings() -> None:
    slots = only_entry("treadmill walk 25 min at 6.2, 10% incline", "log_cardio")
    assert slots["duration_s"] == 25 * 60
    assert slots.get("distance_m") is None
    assert _incidental("treadmill 30 min at 4.5 incline") == ["4.5"]


def test_a_treadmills_distance_and_time_keep_their_units() -> None:
    slots = only_entry("treadmill run 5.5 km in 30 min", "log_cardio")
    assert (slots["distance_m"], slots["duration_s"]) == (5500.0, 30 * 60)
    assert _incidental("treadmill 3x10 incline bench 40kg") == []


# --- a change, a usual value, the max of a percentage --------------------------------------------


def test_a_change_in_brackets_is_no_reading() -> None:
    values = only_entry("hrv 47 (down 9), rhr 55", "log_daily")["values"]
    assert values == {"hrv": 47.0, "resting_hr": 55.0}


def test_a_usual_value_said_like_so() -> None:
    assert only_entry("hrv 33 today, normally like 60", "log_daily")["values"] == {"hrv": 33.0}


def test_the_max_a_percentage_is_of_after_a_pause() -> None:
    groups = only_entry("front squat 4x6 at 65%... of 90 so 58.5 kg", "log_sets")["groups"]
    assert groups[0]["weight_kg"] == 58.5


def test_a_percentage_without_its_load_is_asked() -> None:
    assert any("load" in p for p in _asked("bench 4x6 at 70%... of 110"))


# --- a meal's hour, a climb's grade -----------------------------------------------------------


def test_the_hour_of_the_meal_the_log_is_filed_under() -> None:
    entries, problems = read_entries("dinner at 7 was a chicken curry with rice")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_meal"]


def test_the_hour_of_a_later_meal_is_asked() -> None:
    """ "skipped breakfast, lunch at 1 ..." would be filed under breakfast: asked."""
    assert _asked("skipped breakfast, lunch at 1 was a tuna melt")


def test_a_meals_kcal_after_its_hour_are_kcal() -> None:
    text = "lunch at 600 kcal"
    assert not re.search(r"at 600\b", " ".join(_incidental(text)))


def test_a_climbs_grades_are_no_figures() -> None:
    slots = only_entry("bouldered for 80 min, topped a 6b+ and a 6c", "log_cardio")
    assert slots["duration_s"] == 80 * 60
    assert _incidental("sent a 5.11a at the crag") == ["5.11"]
    assert _incidental("squat 6 x 5 at 100") == []


# --- a milestone, a snack's hour, when a short night ended ------------------------------------


def test_a_milestone_beside_the_reading_is_no_reading() -> None:
    assert only_entry("weight 89.9, finally below 90", "log_weight")["weight_kg"] == 89.9


def test_a_milestone_alone_is_asked() -> None:
    assert _asked("weight under 90")


def test_a_snacks_hour_said_around() -> None:
    entries, problems = read_entries("pear and a few walnuts around 4")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_meal"]


def test_when_a_night_said_by_its_length_ended() -> None:
    slots = only_entry("only 5 hrs last night, the baby was up till 2", "log_sleep")
    assert slots["duration_s"] == 5 * 3600


def test_a_hikes_way_beside_its_climbing_is_no_grade() -> None:
    assert _incidental("hiked 4.5 mi with 900 ft of climbing, 2 hrs") == []


def test_a_treadmill_setting_beside_a_speed_with_its_unit_is_asked() -> None:
    """The speed and the time give the way walked: no log without it."""
    assert _incidental("incline walk 3.5 mph 10 incline 40 min") == []
