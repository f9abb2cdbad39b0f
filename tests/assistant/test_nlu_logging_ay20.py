"""Classes of logging messages the twentieth set's writer AY got stored wrong or asked about
(issue 57, logay20), each in new wording, beside the close wording that must keep its old
reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

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
