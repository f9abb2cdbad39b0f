"""Classes of logging messages the twentieth set's writer AY got stored wrong or asked about
(issue 57, logay20), each in new wording, beside the close wording that must keep its old
reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu.hinglish import plain_hinglish
from fitcoach.assistant.nlu.meal_places import names_no_food

_read = read_entries
_only = only_entry


# --- wrong stores first ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "had dinner at the hawker centre, log it",
        "lunch from the canteen today, pls add",
        "ate breakfast at my aunty's place",
        "grabbed lunch at the food court",
    ],
)
def test_a_meal_said_only_by_where_it_was_eaten_is_asked(text: str) -> None:
    entries, problems = _read(text)
    assert any("what did you eat" in p for p in problems), (entries, problems)


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("had lunch at the hawker centre: chicken rice", "chicken rice"),
        ("dinner at my aunty's with rice and beans", "rice and beans"),
        ("lunch at work, a tuna wrap and an apple", "tuna wrap"),
        ("had pasta from last night for lunch", "pasta"),
        ("breakfast at 7: 2 boiled eggs and toast", "boiled eggs"),
    ],
)
def test_a_place_beside_a_named_food_is_still_stored(text: str, food: str) -> None:
    assert food in _only(text, "log_meal")["description"]


@pytest.mark.parametrize(
    ("description", "want"),
    [
        ("at the canteen, put it in", True),
        ("from the chippy", True),
        ("at the cafe with a flat white", False),
        ("at least 3 eggs", False),  # an amount, not a place
        ("at 8, porridge", False),
    ],
)
def test_names_no_food(description: str, want: bool) -> None:
    assert names_no_food(description) is want


def test_a_meal_with_a_figure_and_a_place_is_stored() -> None:
    meal = _only("dinner at the canteen, about 700 kcal", "log_meal")
    assert meal["calories"] == 700


def test_a_dish_said_by_its_short_name_is_described_by_its_full_one() -> None:
    meal = _only("jollof and plantain for lunch", "log_meal")
    assert "jollof rice" in meal["description"]
    # said in full already: not doubled
    assert (
        "rice rice" not in _only("jollof rice with chicken for dinner", "log_meal")["description"]
    )


# --- asked before, stored now -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("slept at 11:10 and woke at 6:40", 7.5),
        ("slept at 10pm, up at 5 for the bus", 7.0),
        ("slept at 12:30 woke up at 7", 6.5),
    ],
)
def test_slept_at_a_clock_then_woke_is_the_nights_sleep(text: str, hours: float) -> None:
    assert _only(text, "log_sleep")["duration_s"] == hours * 3600


@pytest.mark.parametrize("text", ["slept at my mum's, about 7 hours", "slept 11 to 6"])
def test_other_nights_keep_their_reading(text: str) -> None:
    assert _only(text, "log_sleep")["duration_s"] == 7 * 3600


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("down to 84 kg from 90 in june!", 84.0),
        ("down to 84kg!! from 90kg at new year", 84.0),
        ("up to 70 kg from 66 since the summer, bulk going well", 70.0),
    ],
)
def test_a_weigh_in_with_the_figure_it_came_from_stores_the_new_one(text: str, kg: float) -> None:
    weight = _only(text, "log_weight")
    assert weight["weight_kg"] == kg
    assert weight["date"] == TODAY  # the earlier figure's month is not the weigh-in's day


def test_a_weigh_in_down_from_an_earlier_figure_keeps_its_reading() -> None:
    assert _only("weight 84 kg, down from 90", "log_weight")["weight_kg"] == 84.0


@pytest.mark.parametrize(
    ("text", "want"),
    [
        (
            "chest press 4 sets 10 reps at 50kg, then pec deck same sets and reps at 40kg",
            [(4, 10, 50.0), (4, 10, 40.0)],
        ),
        (
            "leg press 3 sets x 12 with 120kg and calf raises same sets and reps with 70kg",
            [(3, 12, 120.0), (3, 12, 70.0)],
        ),
        # the older ways of writing the sets keep their reading
        (
            "bench 3x8 80kg, then incline bench same sets and reps at 60kg",
            [(3, 8, 80.0), (3, 8, 60.0)],
        ),
    ],
)
def test_same_sets_and_reps_copies_sets_written_with_words(
    text: str, want: list[tuple[int, int, float]]
) -> None:
    groups = _only(text, "log_sets")["groups"]
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in groups] == want


def test_same_sets_as_another_day_is_still_asked() -> None:
    _, problems = _read("chest press 4 sets 10 reps at 50kg, pec deck same sets as last week")
    assert problems


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("aaj bench kiya, 3x8 60 kg pe, bahut easy tha", ("barbell-bench-press", 3, 8, 60.0)),
        ("aaj squat kiye 5 sets 5 reps 100 kg par", ("barbell-back-squat", 5, 5, 100.0)),
    ],
)
def test_a_hinglish_log_reads_its_load_and_day(
    text: str, want: tuple[str, int, int, float]
) -> None:
    sets = _only(text, "log_sets")
    g = sets["groups"][0]
    assert (g["exercise"], g["sets"], g["reps"], g["weight_kg"]) == want
    assert sets["date"] == TODAY


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("aaj bench kiya 60 kg pe", "today bench 60 kg"),
        ("golf today, par 72", "golf today, par 72"),  # no Hindi word: par is golf's
        ("bench 3x8 60 kg pe", "bench 3x8 60 kg pe"),
    ],
)
def test_plain_hinglish_touches_only_hinglish(text: str, want: str) -> None:
    assert plain_hinglish(text) == want
