"""A meal log's shorthand (stop 94): a lifter's bare "shake" with whey, scoops or protein grams
is a protein shake, "post wo" is post-workout, a chain's nickname is the chain, "40g pb" is
peanut butter and "2 scoops of whey" a meal; a tremor and a personal best stay no food."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log

TODAY = date(2026, 11, 18)


def _meals(text: str) -> list[dict[str, object]]:
    found = read_log(text, today=TODAY)
    assert found.problems == [], (text, found.problems)
    return [e.slots for e in found.entries if e.intent == "log_meal"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("shake w 3 scoops whey and 400ml oat milk", "protein shake"),
        ("had a shake after the gym, 35g protein", "protein shake"),
        ("post wod shake: 1 scoop whey in water", "post workout (wod) protein shake"),
        ("swam 2k in 45 min then shake, 30g protein", "protein shake"),
    ],
)
def test_a_bare_shake_with_protein_is_a_protein_shake(text: str, named: str) -> None:
    (meal,) = _meals(text)
    assert named in str(meal["description"])


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("banana shake, 320 kcal", "banana shake"),
        ("chocolate shake with 2 scoops whey", "chocolate shake with 2 scoops whey"),
        ("protein shake, 25g protein", "protein shake"),
    ],
)
def test_a_shake_its_own_words_name_keeps_its_name(text: str, named: str) -> None:
    (meal,) = _meals(text)
    assert meal["description"] == named


def test_a_shake_by_its_scoops_beside_training_is_a_meal() -> None:
    found = read_log("bench 4x6 @ 80kg, 15 min rower, shake after (3 scoops)", today=TODAY)
    assert [e.intent for e in found.entries] == ["log_sets", "log_cardio", "log_meal"]
    assert str(found.entries[-1].slots["description"]).startswith("protein shake")


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("3 scoops of whey after the gym", "3 scoops of whey"),
        ("post wo 3 rice cakes + 30g pb", "30g peanut butter"),
        ("an apple and 2 tbsp pb", "peanut butter"),
    ],
)
def test_scoops_and_peanut_butter_by_its_amount_are_a_meal(text: str, food: str) -> None:
    (meal,) = _meals(text)
    assert food in str(meal["description"])


def test_a_chain_nickname_is_the_chain_and_a_laugh_no_food() -> None:
    (meal,) = _meals("maccas haha. cheeseburger, medium fries, sprite")
    assert str(meal["description"]).startswith("McDonald's, cheeseburger")


@pytest.mark.parametrize("text", ["my hands shake after heavy pulls", "new pb on bench today"])
def test_a_tremor_and_a_personal_best_are_no_meal(text: str) -> None:
    assert _meals(text) == []


@pytest.mark.parametrize(
    ("text", "food"),
    [
        ("snack at 3 was a flapjack, 250 calories", "a flapjack"),
        ("snack around 10 was a yoghurt twenty grams of protein", "a yoghurt"),
    ],
)
def test_a_snack_said_with_its_hour_is_logged_without_it(text: str, food: str) -> None:
    (meal,) = _meals(text)
    assert (meal["meal"], meal["description"]) == ("snack", food)


def test_meals_named_after_their_foods_without_for_are_each_their_own() -> None:
    found = read_log("ate: granola brekkie, tuna melt lunch, fish + rice dinner", today=TODAY)
    meals = [(e.slots["meal"], e.slots["description"]) for e in found.entries]
    assert meals == [("breakfast", "granola"), ("lunch", "tuna melt"), ("dinner", "fish + rice")]
    assert found.problems == []


def test_a_meal_word_after_a_time_word_is_no_label() -> None:
    found = read_log("had a big lunch, small dinner", today=TODAY)
    assert len([e for e in found.entries if e.intent == "log_meal"]) <= 1
