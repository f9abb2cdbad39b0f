"""Classes of logging messages the teacher writers (dev A-I, check K-T) got asked about where
the text says everything needed (issue 57, logdev57i), each in new wording, beside the close
wording that must still ask."""

from __future__ import annotations

from typing import Any

import pytest
from tests.assistant.log_support import read_entries


def _sets(text: str, units: str = "metric") -> list[dict[str, Any]]:
    entries, problems = read_entries(text, "imperial" if units == "imperial" else "metric")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sets"]
    groups: list[dict[str, Any]] = entries[0][1]["groups"]
    return groups


# --- a name's last word cut short: "ext", "sq", "tri", "ovhd" -------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("goblet sq 3x10 with 20 kg", "goblet-squat"),
        ("db ovhd tri ext 4x10 @ 12", "overhead-dumbbell-triceps-extension"),
        ("overhead tri ext with a 14kg db, 3 sets of 12", "overhead-dumbbell-triceps-extension"),
        ("back ext 4x12 @ 10kg", "back-extension"),
    ],
)
def test_a_name_with_its_last_word_cut_short(text: str, slug: str) -> None:
    assert [g["exercise"] for g in _sets(text)] == [slug]


def test_a_cut_word_that_fits_several_entries_is_still_asked() -> None:
    _, problems = read_entries("tri ext 3x10 @ 15")
    assert any("which exercise is 'tri ext'" in p for p in problems)


# --- where the movement was done, said after its name -------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("triceps dips off the bench 4x10", "bench-dip"),  # the place is the kit
        ("step ups onto the plyo box 3x8 holding 12kg dbs", "dumbbell-step-up"),
        ("push ups against the wall 2x15", "wall-push-up"),
    ],
)
def test_a_name_followed_by_where_it_was_done(text: str, slug: str) -> None:
    assert [g["exercise"] for g in _sets(text)] == [slug]


@pytest.mark.parametrize(
    "text",
    [
        "squats into a press 3x10 @ 20",  # a movement after the preposition: another lift
        "dips off the sofa 3x12",  # pushed off a sofa: no parallel-bar dip; asked
    ],
)
def test_a_place_phrase_never_picks_a_lift(text: str) -> None:
    entries, problems = read_entries(text)
    assert problems
    assert all(g.get("exercise") is None for _, s in entries for g in s.get("groups") or [])


# --- a distance in the pool is a swim -------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "metres"),
    [("1800 m in the pool, 45 min", 1800.0), ("40 min in the pool, 1.2 km", 1200.0)],
)
def test_a_distance_in_the_pool_is_a_swim(text: str, metres: float) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [(i, s["exercise"], s["distance_m"]) for i, s in entries] == [
        ("log_cardio", "easy-freestyle-swimming", metres)
    ]


def test_pool_the_game_is_no_swim() -> None:
    entries, _ = read_entries("an hour of pool with friends at the pub")
    assert all(s.get("exercise") != "easy-freestyle-swimming" for _, s in entries)


# --- foods with their weight or volume and no meal word -------------------------------------


@pytest.mark.parametrize(
    ("text", "units", "description"),
    [
        ("180g chicken thigh, 250g rice", "metric", "180g chicken thigh, 250g rice"),
        ("oats 60 g with a banana", "metric", "oats 60 g with a banana"),
        ("8 oz steak and a baked potato", "imperial", "8 oz steak and a baked potato"),
    ],
)
def test_foods_with_their_amounts_are_a_meal(text: str, units: str, description: str) -> None:
    entries, problems = read_entries(text, "imperial" if units == "imperial" else "metric")
    assert not problems, problems
    assert [(i, s["description"]) for i, s in entries] == [("log_meal", description)]


@pytest.mark.parametrize("text", ["deadlift 200g", "ran 5k, felt like 100g of lead in my legs"])
def test_a_gram_beside_no_food_is_no_meal(text: str) -> None:
    entries, _ = read_entries(text)
    assert all(i != "log_meal" for i, _ in entries)


# --- a name of a kind of the verb's activity, or the same one at another pace -----------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("40 min zwift ride, 25 km", "moderate-stationary-cycling"),  # a kind of riding
        ("rode the spin bike for 35 min", "moderate-stationary-cycling"),
        ("swam 1200 m, all freestyle, 30 min", "easy-freestyle-swimming"),  # pace not said
    ],
)
def test_a_name_that_is_a_kind_of_the_verbs_activity(text: str, slug: str) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [(i, s["exercise"]) for i, s in entries] == [("log_cardio", slug)]


def test_a_name_of_another_activity_beside_a_verb_is_still_asked() -> None:
    _, problems = read_entries("25 min hiit ride")
    assert any(p.startswith("was it ") for p in problems), problems


def test_a_drink_named_before_a_colon_keeps_its_label() -> None:
    # the label names what was drunk: never stored as the amount alone
    entries, _ = read_entries("post-swim drink: 400ml chocolate milk")
    assert all(s.get("description") != "400ml chocolate milk" for _, s in entries)
