"""Classes of logging messages the sixteenth set's watch writer (AR: team-sport and endurance
athletes who paste their Garmin, Whoop, Oura, Polar or Strava summaries) got stored wrong or
asked about (issue 57, logar16), each in new wording, beside the close wording that must keep
its old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

from fitcoach.assistant.nlu.meals import describe

_read = read_entries
_only = only_entry


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "had some stuff for dinner",
        "ate something quick at lunch",
        "grabbed a few things for breakfast",
        "had a bit of food for supper",
    ],
)
def test_a_meal_of_no_named_food_is_asked(text: str) -> None:
    """ "some stuff" had been stored as what was eaten: nothing is, the food is asked."""
    entries, problems = _read(text)
    assert any("what did you eat" in p for p in problems), (entries, problems)


def test_a_named_food_beside_a_vague_word_is_still_stored() -> None:
    meal = _only("had some rice and stuff for dinner", "log_meal")
    assert "rice" in meal["description"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        # "a bit" is some of it (3 of 5, as "bit stressed" and "kinda sore" are) ...
        ("a bit stressed about work, energy fine", {"stress": 6.0, "energy": 5.0}),
        # ... but "a bit sore" is mild soreness, 2 of 5, as the gold of AL, AS and BK grades it
        ("legs a bit sore", {"soreness": 4.0}),
        # ... "a little" and "slightly" little of it
        ("a little stressed", {"stress": 4.0}),
        ("slightly sore calves", {"soreness": 4.0}),
    ],
)
def test_a_bit_is_some_a_little_is_little(text: str, values: dict[str, float]) -> None:
    assert _only(text, "log_daily")["values"] == values


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("dinner was roughly 300g of pasta with pesto", "about 300g"),
        ("probably 2 cups of rice and some beans", "about 2 cups"),
        ("~150g chicken, salad", "about 150g"),
    ],
)
def test_a_guessed_amount_of_food_reads_about(text: str, amount: str) -> None:
    assert amount in describe(text)


@pytest.mark.parametrize(
    "text",
    ["lunch about 600 kcal, chicken wrap", "shake about 30g protein", "about 500 cals of curry"],
)
def test_about_before_a_figure_stored_apart_is_dropped(text: str) -> None:
    assert "about" not in describe(text)


# --- a watch's or an app's summary: the figures the log keeps, the others accounted for ----


@pytest.mark.parametrize(
    "text",
    [
        "Run 12.00 km 1:01:12 avg pace 5:06/km avg hr 151 aerobic te 3.4",
        "ran 6 miles in 52:55 avg pace 8:49/mi, cadence 168, training effect 2.9",
    ],
)
def test_a_watch_run_summary_is_stored(text: str) -> None:
    cardio = _only(text, "log_cardio")
    assert cardio["duration_s"] > 0
    assert cardio["distance_m"] > 0


def test_the_x_ending_a_word_is_no_sets_sign() -> None:
    cardio = _only("ran 10 km in 50:20, vo2 max 55", "log_cardio")
    assert cardio["duration_s"] == 50 * 60 + 20


def test_a_pace_that_fits_no_time_is_still_asked() -> None:
    _, problems = _read("ran 10 km in 50:20, avg pace 4:10/km")
    assert problems


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("oura: 9:05 in bed, 8:02 asleep, efficiency 88", 8 + 2 / 60),
        ("garmin sleep: time in bed 7h 50m, total sleep 6:58", 6 + 58 / 60),
    ],
)
def test_the_time_asleep_is_the_night_not_the_time_in_bed(text: str, hours: float) -> None:
    sleep = _only(text, "log_sleep")
    assert sleep["duration_s"] == round(hours * 3600)


def test_time_in_bed_alone_is_still_read_as_before() -> None:
    entries, _ = _read("8 hours in bed last night")
    assert [i for i, _ in entries] == ["log_sleep"]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("stressed out with deadlines, like a 4", {"stress": 8.0}),
        ("hamstrings sore, call it a 2", {"soreness": 4.0}),
        ("body battery got up to 55 overnight, stress low", {"stress": 4.0}),
    ],
)
def test_a_grade_said_later_and_a_body_battery(text: str, values: dict[str, float]) -> None:
    assert _only(text, "log_daily")["values"] == values


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("from 1 till 8 last night, solid", 7.0),
        ("11:30-6 last night", 6.5),
        ("friday night barely 5 hours, the bus got back late", 5.0),
        ("sunday night 6h", 6.0),
    ],
)
def test_a_night_said_without_a_sleep_word(text: str, hours: float) -> None:
    assert _only(text, "log_sleep")["duration_s"] == hours * 3600


@pytest.mark.parametrize(
    "text", ["worked from 12 till 7 last night", "last night 3 hours of gaming"]
)
def test_a_nights_hours_spent_on_something_else_are_no_sleep(text: str) -> None:
    entries, _ = _read(text)
    assert "log_sleep" not in [i for i, _ in entries]


# --- sets: a lead-in naming another sport, a load worn -----------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("after hockey practice: romanian deadlift 3x8 at 80kg", "romanian-deadlift"),
        ("pre-season weights before football: bench press 4x6 @ 85", "barbell-bench-press"),
    ],
)
def test_a_lead_in_before_the_sets_is_no_part_of_the_name(text: str, slug: str) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [g["exercise"] for g in groups] == [slug]


@pytest.mark.parametrize(
    "text",
    ["pull ups 4x6 with a 15kg dip belt", "dips 3x8 wearing a 10 kg weight vest"],
)
def test_a_belt_or_vest_carries_the_load(text: str) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert len(groups) == 1
    assert groups[0]["weight_kg"] in (15.0, 10.0)


def test_a_belt_squat_keeps_its_belt() -> None:
    groups = _only("belt squat 4x12 80kg", "log_sets")["groups"]
    assert groups[0]["exercise"] == "belt-squat"


# --- meals: dishes and fuel, eaten after a game ---------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "2 burgers and fries after the match",
        "a slice of cake before training haha",
        "chocolate milk post game",
        "3 tacos and a salad",
    ],
)
def test_dishes_and_fuel_are_a_meal(text: str) -> None:
    assert _only(text, "log_meal")["description"]


# --- Spanish and Portuguese runners' words ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "rodagem de 8 km em 45 minutos",
        "o longo de sábado: 25 km em 2h20",
        "tirada larga 18 km en 1h45",
    ],
)
def test_a_runners_foreign_word_is_a_run(text: str) -> None:
    cardio = _only(text, "log_cardio")
    assert "run" in cardio["exercise"] or "jog" in cardio["exercise"]
