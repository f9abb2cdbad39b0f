"""Classes of logging messages the eighteenth set's writer AU (shift workers and people with
physical jobs: terse, typos, trade slang, the Englishes of the US South, Scotland, Northern
England, South Africa, Jamaica and India) got stored wrong or asked about (issue 57, logau18),
each in new wording, beside the close wording that must keep its old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import read_undo
from fitcoach.assistant.nlu.dates import rough_day
from fitcoach.assistant.nlu.meals import describe
from fitcoach.assistant.nlu.normalise import normalise

_read = read_entries
_only = only_entry


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "swim 1500m, was it yesterday or tuesday? dunno",
        "rowed 6k in 25 min the day before yesterday or thursday",
    ],
)
def test_a_day_or_yesterday_is_asked(text: str) -> None:
    assert rough_day(normalise(text), TODAY) is not None
    entries, problems = _read(text)
    assert any(p.startswith("which day was it") for p in problems), (entries, problems)


def test_one_day_told_is_no_question() -> None:
    assert rough_day(normalise("swam 1500m yesterday, 40 min"), TODAY) is None


def test_a_day_told_with_it_was_is_no_correction() -> None:
    """ "log my swim, it was friday or saturday": a new log's day, not a change of the last."""
    assert read_undo("log my swim, it was friday or saturday, 1500m 40 min") is None
    assert read_undo("log my ride, it was yesterday, 20 km 50 min") is None


def test_a_correction_with_it_was_still_corrects() -> None:
    found = read_undo("it was 90 not 80")
    assert found is not None
    assert found["op"] == "correct"
    assert found["value"] == 90.0


def test_a_weight_after_a_time_word_is_stored() -> None:
    """ "weight 82.3 after nights": the nights say when, no counted thing ("3 kids")."""
    entries, problems = _read("weight 82.3 before earlies, stress 2", "metric")
    assert not problems, problems
    kinds = dict(entries)
    assert kinds["log_weight"]["weight_kg"] == pytest.approx(82.3)


def test_a_counted_thing_after_a_number_is_still_no_weight() -> None:
    entries, _ = _read("weight 80 kg, 3 kids to chase after")
    assert next(e for e in entries if e[0] == "log_weight")[1]["weight_kg"] == 80.0


@pytest.mark.parametrize(
    "text", ["12 km on the bike in the gym, 30 min", "cycled 40 min at my gym"]
)
def test_a_ride_at_the_gym_is_the_stationary_bike(text: str) -> None:
    assert _only(text, "log_cardio")["exercise"] == "moderate-stationary-cycling"


def test_a_ride_to_the_gym_is_still_a_ride() -> None:
    assert _only("biked 8 km to the gym, 25 min", "log_cardio")["exercise"] != (
        "moderate-stationary-cycling"
    )


@pytest.mark.parametrize("dish", ["haggis supper", "sausage supper"])
def test_a_chip_shop_supper_is_the_food(dish: str) -> None:
    assert dish in describe(f"got a {dish} and a diet coke")


def test_supper_as_the_meal_is_still_left_out() -> None:
    assert describe("supper: lentil soup") == "lentil soup"
    assert _only("supper was lentil soup", "log_meal")["meal"] == "dinner"


def test_jamaican_patois_of_a_meal_is_said_plainly() -> None:
    meal = _only("callaloo wid fry plantain fi lunch", "log_meal")
    assert meal["description"] == "callaloo with fried plantain"
    assert meal["meal"] == "lunch"


def test_a_stir_fry_stays_a_stir_fry() -> None:
    assert "stir fry chicken" in _only("stir fry chicken for lunch", "log_meal")["description"]


# --- asked or missed ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("walked the dogs bout 45 min, 4 km", 45), ("jog, bout an hour, 9k", 60)],
)
def test_bout_before_a_time_is_about(text: str, minutes: int) -> None:
    assert _only(text, "log_cardio")["duration_s"] == minutes * 60


def test_a_boxing_bout_count_is_no_about() -> None:
    assert "bout 3" in normalise("bout 3 was the hardest")
    assert "3 bouts" in normalise("sparred 3 bouts")


def test_a_farms_back_forty_is_a_field() -> None:
    walk = _only("walked the north 40 fixing fences, 90 min, 3 mile", "log_cardio", "imperial")
    assert walk["duration_s"] == 90 * 60


@pytest.mark.parametrize(
    ("text", "hours"),
    [("slept 11p-5a after the double", 6.0), ("slept in the bunk room 9p-3a", 6.0)],
)
def test_a_shift_workers_clock_shorthand_is_a_night(text: str, hours: float) -> None:
    assert _only(text, "log_sleep")["duration_s"] == hours * 3600


def test_fifty_p_is_still_money() -> None:
    assert "50p" in normalise("a 50p bag of crisps")


def test_a_clock_shorthand_before_a_shift_is_a_time() -> None:
    assert _only("rower 20 min before my 6p shift", "log_cardio")["duration_s"] == 1200


def test_a_shift_ending_at_an_hour_is_no_figure() -> None:
    sleep = _only("clocked off at 7, slept 8 till 2", "log_sleep")
    assert sleep["duration_s"] == 6 * 3600


@pytest.mark.parametrize("text", ["tabbed 15k with 25kg on, 2h40", "did a 15k tab with 25kg on, 2h40"])  # fmt: skip
def test_a_soldiers_tab_is_a_ruck(text: str) -> None:
    ruck = _only(text, "log_cardio")
    assert ruck["exercise"] == "rucking"
    assert ruck["distance_m"] == 15000.0


def test_a_tab_without_a_distance_is_no_ruck() -> None:
    assert "ruck" not in normalise("paid the tab, 2 beers")


def test_patois_sets_are_read() -> None:
    entries, problems = _read("did mi sit ups dem, 3 set a 15")
    assert not problems, problems
    assert entries[0][1]["groups"][0]["sets"] == 3
    assert entries[0][1]["groups"][0]["reps"] == 15


def test_miles_are_still_miles() -> None:
    assert "3 mi" in normalise("ran 3 mi easy")
    assert "/mi avg" in normalise("ran 4 miles at 8:30/mi avg")


def test_the_split_squat_by_its_country() -> None:
    sets = _only("bulgarians 4x10 each leg, 12kg", "log_sets")
    assert sets["groups"][0]["exercise"] == "bulgarian-split-squat"


@pytest.mark.parametrize(
    ("text", "hours", "quality"),
    [
        ("6 hrs but kept wakin up with the baby", 6.0, "poor"),
        ("23:15-05:45 woke up once", 6.5, None),
    ],
)
def test_a_broken_night_with_no_word_of_sleep(text: str, hours: float, quality: str | None) -> None:  # fmt: skip
    sleep = _only(text, "log_sleep")
    assert sleep["duration_s"] == hours * 3600
    assert sleep.get("quality") == quality


def test_hours_after_waking_are_no_night() -> None:
    entries, _ = _read("2 hours after waking i did yoga")
    assert "log_sleep" not in [i for i, _ in entries]


def test_a_count_of_each_set_is_its_reps() -> None:
    assert "12 reps each set" in normalise("12 each set")
    assert "10 reps per set" in normalise("lunges 3 sets, 10 per set")


def test_a_load_of_each_set_stays_a_load() -> None:
    assert "reps" not in normalise("60kg each set")


def test_only_a_bedtime_asks_the_hours() -> None:
    entries, problems = _read("asleep since 10pm")
    assert [i for i, _ in entries] == ["log_sleep"]
    assert "how many hours did you sleep?" in problems


def test_a_night_from_a_bedtime_to_a_wake_time_is_still_stored() -> None:
    assert _only("slept from 11 till 6", "log_sleep")["duration_s"] == 7 * 3600


@pytest.mark.parametrize(
    "text", ["quita el press de mi plan", "nimm die curls aus dem plan", "only mi cuerpo"]
)
def test_spanish_mi_and_german_dem_are_left_as_they_are(text: str) -> None:
    assert normalise(text).endswith(text.split(" ", 2)[-1])
