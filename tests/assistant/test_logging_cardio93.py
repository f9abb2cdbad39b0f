"""Cardio numbers the chat left unexplained (stop 93), in words of our own: a session told by its
parts and its total, an effort told as a bare grade, a bare distance "in N flat", a run no verb
names, two days' sessions in one message, and a drink named as the cause of a day's readings."""

from __future__ import annotations

from datetime import date

import pytest

from fitcoach.assistant.nlu import read_log
from fitcoach.assistant.nlu.quantities import bare_units

TODAY = date(2026, 11, 25)  # a Wednesday
MILE = 1609.344


def _entries(text: str, units: str = "metric") -> list[tuple[str, dict[str, object]]]:
    with bare_units(units):  # type: ignore[arg-type]
        reading = read_log(text, today=TODAY)
    assert reading.ok, reading.problems
    return [(e.intent, e.slots) for e in reading.entries]


def _one(text: str, units: str = "metric") -> dict[str, object]:
    ((intent, slots),) = _entries(text, units)
    assert intent == "log_cardio"
    return slots


def _asked(text: str, units: str = "metric") -> list[str]:
    with bare_units(units):  # type: ignore[arg-type]
        reading = read_log(text, today=TODAY)
    assert not reading.ok
    return reading.problems


@pytest.mark.parametrize(
    ("text", "minutes", "metres"),
    [
        # the total time and way told after the parts
        ("threshold run: 3k wu, 6k at 4:10/km, 2k cd, 11k total in 52 min", 52, 11000),
        # work and rest, then the total time
        ("air bike 8 x 20s sprint / 100s easy, 16 min total", 16, None),
        ("rowing machine 12 x 1 min hard / 1 min easy, 24 min total, rpe 8", 24, None),
        # pieces, then the total time in a clause of its own, then the way
        ("rowed 2 x 15 min, 40 min total with the warm up, 8.2k", 40, 8200),
        # parts in one unit, the first with it: their sum is the way
        ("threshold run: 1.5 mi warm up, 3 @ threshold, 1.5 cool down, 50 min total", 50, 6 * MILE),
        ("tempo run: 5k at 4:20/km, 1k cool down, 32 min total", 32, 6000),
        # an erg's pieces with rests between: count times the piece
        ("erg 8 x 250m at 0:52, rests of 1 min, whole session 18 min", 18, 2000),
    ],
)
def test_a_session_told_by_its_parts_is_its_total(
    text: str, minutes: int, metres: float | None
) -> None:
    slots = _one(text)
    assert slots["duration_s"] == minutes * 60
    if metres is None:
        assert "distance_m" not in slots
    else:
        assert slots["distance_m"] == pytest.approx(metres, abs=1)


def test_parts_that_give_no_total_way_stay_asked() -> None:
    # parts' ways in two units, no total way: the way is not guessed
    _asked("tempo run: 2k warm up, 3 mi @ tempo, 40 min total")


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("rode 55 km in 2h05, felt like a 6", 6.0),
        ("swam 50 min, effort was a 7.", 7.0),
        ("rowed 40 min steady, an 8 effort", 8.0),
    ],
)
def test_an_effort_told_as_a_bare_grade_is_the_sessions_rpe(text: str, rpe: float) -> None:
    assert _one(text)["session_rpe"] == rpe


def test_a_grade_followed_by_a_unit_is_no_effort() -> None:
    _asked("ran 5k in 26 min, felt like a 10k")


def test_a_bare_distance_in_flat_minutes_is_in_the_athletes_unit() -> None:
    slots = _one("jogged 4.5 in 41 flat, avg hr 148", "imperial")
    assert slots["distance_m"] == pytest.approx(4.5 * MILE, abs=1)
    assert (slots["duration_s"], slots["avg_hr"]) == (41 * 60, 148.0)


@pytest.mark.parametrize(
    "text",
    ["weight 71.2. then 7k easy in 40", "9k steady, 48 min", "10k in 49:30 and then 4 x 12 dips"],
)
def test_a_way_told_as_runners_tell_it_is_a_run(text: str) -> None:
    runs = [s for i, s in _entries(text) if i == "log_cardio"]
    assert [s["exercise"] for s in runs] == ["steady-run"]


def test_a_way_at_a_pace_no_runner_goes_stays_asked() -> None:
    _asked("25k easy in 50 min")


def test_two_days_in_one_message_are_two_sessions() -> None:
    found = _entries("fri 25k trail in 2h50, sat 15k in 1h45")
    assert [(s["exercise"], s["date"]) for _, s in found] == [
        ("trail-running", date(2026, 11, 20)),
        ("trail-running", date(2026, 11, 21)),
    ]
    assert found[1][1]["duration_s"] == 105 * 60


def test_a_second_day_at_another_pace_is_not_given_the_first_days_activity() -> None:
    _asked("fri cycled 50 km in 1h50, sat 8 km in 50 min")


@pytest.mark.parametrize(
    "text",
    [
        "resting hr up to 61 and hrv 42, must have been the beers at the wedding",
        "hrv crashed to 35, blame the pizza",
    ],
)
def test_a_drink_given_as_the_cause_of_readings_is_no_meal(text: str) -> None:
    assert [intent for intent, _ in _entries(text)] == ["log_daily"]


def test_a_cause_with_its_own_day_or_eaten_stays_asked() -> None:
    assert any("meal" in p for p in _asked("rhr 63, blame the curry yesterday"))


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("swam 800m nonstop, first time since her 30s, 28 minutes", 28),
        ("45 min of aqua aerobics with the over 60s class", 45),
    ],
)
def test_a_decade_of_life_or_an_age_group_is_no_time(text: str, minutes: int) -> None:
    assert _one(text)["duration_s"] == minutes * 60
