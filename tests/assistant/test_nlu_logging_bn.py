"""Logging classes of daily trackers (logbn, writer BN of corpus-57k), in words written for this
file: a night told by its hours alone, with at most how it went; meals named only by their dishes
(world cuisines, brands, a drink's sugars, a spoon or a splash of something); a weigh-in told as a decimal and its morning; an lb athlete's unitless figure no
adult weighs in lb (asked). Beside each, the look-alikes that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("7 and a half hours", 7.5),
        ("9h, lovely", 9.0),
        ("maybe 5 hours after my night shifts", 5.0),
        ("roughly 6 hrs, kept waking up", 6.0),
        ("got about seven hours, really good actually", 7.0),
        ("8.5 h tops", 8.5),
        ("only 5 hrs 40 min of sleep, awful", 5 + 40 / 60),
        # what kept the night short (tune28a): a cause of lost sleep, or one of the family who woke it
        ("about 4 hours, race day nerves", 4.0),
        ("maybe 6 hrs, the baby was teething", 6.0),
        ("got like 5 hours, my son had a fever", 5.0),
    ],
)
def test_a_night_told_by_its_hours_alone(text: str, hours: float) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_sleep"]
    assert entries[0][1]["duration_s"] == pytest.approx(hours * 3600)


def test_hours_and_minutes_alone_leave_no_number_unexplained() -> None:
    entries, problems = read_entries("only 3 hrs 50 min of sleep, terrible")
    assert not problems, problems
    assert entries[0][1]["duration_s"] == 3 * 3600 + 50 * 60


@pytest.mark.parametrize(
    "text",
    [
        "8 hours, brutal shift",
        "2 hours",
        "10 hours driving",
        "6 hours at work again",
        "3 hours of gaming",
        "3 hours with the kids at the park",
        "4 hours, the kids had fun at the pool",
    ],
)
def test_hours_beside_anything_else_are_no_night(text: str) -> None:
    entries, _ = read_entries(text)
    assert "log_sleep" not in [i for i, _ in entries]


@pytest.mark.parametrize(
    "text",
    [
        "bowl of pho ga, large",
        "2 tacos al pastor and a horchata",
        "bibimbap with an extra egg",
        "tea w 2 sugars",
        "200g greek yoghurt with a drizzle of honey before bed",
        "a tuna wrap from the canteen",
        "jollof rice and suya",
        "snacks: 2 digestives",
    ],
)
def test_a_meal_named_by_its_dishes_alone(text: str) -> None:
    entries, _ = read_entries(text)
    assert "log_meal" in [i for i, _ in entries]


def test_a_hardboiled_egg_is_described_as_the_food_reads() -> None:
    slots = only_entry("3 hardboiled eggs", "log_meal")
    assert slots["description"] == "3 hard boiled eggs"


@pytest.mark.parametrize(
    "text",
    [
        "my sugars were 4.1 before the run",
        "squat 3x5 100kg with knee wraps",
        "knees crack like bubble wrap, no pain",
    ],
)
def test_sugars_and_wraps_of_other_kinds_are_no_meal(text: str) -> None:
    entries, _ = read_entries(text)
    assert "log_meal" not in [i for i, _ in entries]


def test_a_tired_word_beside_an_activity_stays_no_score() -> None:
    # ("knackered" is left unread as an energy: beside a hike's hours it split the hike)
    slots = only_entry("hiked 12km on saturday, 4 hours, knackered but happy", "log_cardio")
    assert slots["duration_s"] == pytest.approx(4 * 3600)


def test_a_decimal_and_its_morning_is_a_weigh_in() -> None:
    slots = only_entry("176.4 this morning", "log_weight", "imperial")
    assert slots["weight_kg"] == pytest.approx(80.01, abs=0.02)
    slots = only_entry("79.8 this morning", "log_weight")
    assert slots["weight_kg"] == pytest.approx(79.8)
    entries, _ = read_entries("21.1 this morning")  # no adult's weight: not a weigh-in
    assert "log_weight" not in [i for i, _ in entries]


def test_an_lb_athletes_figure_no_adult_weighs_in_lb_is_asked() -> None:
    _entries, problems = read_entries("weight 61.2 today", "imperial")
    assert any("lb or kg" in p for p in problems)
    slots = only_entry("weight 171.4 today", "log_weight", "imperial")
    assert slots["weight_kg"] == pytest.approx(77.75, abs=0.02)
