"""Gym names in other languages (issue 59): the shipped table names library exercises only,
is read after folding accents, case, punctuation and spaces, and is refused when one folded
name is given two exercises; and an own exercise suggested from a name is of its kind."""

from __future__ import annotations

import pytest

from fitcoach.coach import app_names
from fitcoach.coach.library import library_by_slug
from fitcoach.coach.own_exercises import UNKNOWN, checked, head_word, suggest
from fitcoach.core.errors import InvalidInput


def test_every_foreign_name_is_a_library_exercise() -> None:
    table = app_names.foreign_names()
    assert len(table) >= 200
    assert not {slug for slug in table.values() if slug not in library_by_slug()}


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Latzug", "lat-pulldown"),
        ("Kniebeuge ", "barbell-back-squat"),
        ("BANKDRÜCKEN", "barbell-bench-press"),
        ("bankdrucken", "barbell-bench-press"),
        ("Kreuzheben", "barbell-deadlift"),
        ("Sentadilla", "barbell-back-squat"),
        ("Press  banca", "barbell-bench-press"),
        ("Développé couché", "barbell-bench-press"),
        ("developpe couche", "barbell-bench-press"),
        ("Jalón al pecho", "lat-pulldown"),
        ("Panca piana", "barbell-bench-press"),
        ("Supino reto", "barbell-bench-press"),
        ("Bankdrukken", "barbell-bench-press"),
        ("Schrägbankdrücken Kurzhantel", "incline-dumbbell-press"),
    ],
)
def test_foreign_names_resolve_after_folding(name: str, slug: str) -> None:
    assert app_names.lookup(name) == (True, slug)


def test_fold_removes_accents_case_and_spacing() -> None:
    assert app_names.fold("  Développé   COUCHÉ ") == "developpe couche"
    assert app_names.fold("Fußheben") == "fussheben"


def test_a_folded_name_given_two_exercises_is_refused() -> None:
    text = "de:\n  Bankdrücken: barbell-bench-press\nes:\n  bankdrucken: dumbbell-bench-press\n"
    with pytest.raises(InvalidInput, match="barbell-bench-press and dumbbell-bench-press"):
        app_names.parse_foreign(text)
    with pytest.raises(InvalidInput, match="'xx' is not one of"):
        app_names.parse_foreign("xx:\n  Foo: plank\n")


def test_an_own_exercise_is_suggested_of_its_kind() -> None:
    curl = suggest("Bicep Curl (Machine)")
    assert (curl.movement_pattern, curl.equipment, curl.primary_muscles) == (
        "elbow_flexion",
        ("machine",),
        ("biceps",),
    )
    fly = suggest("Chest Fly (Band)")  # a band fly: never a dumbbell one
    assert fly.equipment == ("resistance_band",)
    assert fly.primary_muscles == ("chest",)
    row = suggest("My Weird Machine Row")
    assert (row.movement_pattern, row.equipment, row.plannable) == (
        "horizontal_pull",
        ("machine",),
        True,
    )
    bare = suggest("Zottman Curl")  # no equipment said: unknown, so never planned
    assert bare.equipment == (UNKNOWN,)
    assert not bare.plannable


def test_a_name_that_says_no_clear_movement_is_doubtful() -> None:
    for name in ("My Exercise", "Rowing (Machine)", "Zorblax Flip"):
        draft = suggest(name)
        assert not draft.clear, name
        assert draft.movement_pattern == UNKNOWN
        assert draft.primary_muscles == ()
    assert head_word("Iso-Lateral Row (Machine)") == "row"
    assert head_word("My Exercise") is None


def test_checked_names_the_field_and_its_values() -> None:
    with pytest.raises(InvalidInput, match="movement pattern 'twist' is not one of") as caught:
        checked(
            name="X",
            category="strength",
            movement_pattern="twist",
            equipment=[],
            primary_muscles=["chest"],
        )
    assert caught.value.details == {"field": "movement_pattern"}
    with pytest.raises(InvalidInput, match="1 to 120 characters"):
        checked(
            name=" ",
            category="strength",
            movement_pattern="squat",
            equipment=[],
            primary_muscles=[],
        )
