"""Classes of logging messages the twentieth set's writer AZ (club sports, konbini meals, the
English of many first languages) got stored wrong (issue 57, logaz20), each in new wording,
beside the close wording that must keep its old reading. Sentences here are written for the
tests, not taken from any data set."""

from __future__ import annotations

from datetime import date

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import understand

_read = read_entries
_only = only_entry


# --- wrong stores: a feeling said in passing stored as a score -------------------------------


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("squash 90 min with the league, totally exhausted now", "log_cardio"),
        ("barbell rows 4x8 @ 60kg and lat pulldown 3x10 50kg, so tired after work", "log_sets"),
        ("pretty drained. volleyball 2 hours tonight", "log_cardio"),
        ("slept 6.5 hours, still tired", "log_sleep"),
    ],
)
def test_tiredness_beside_a_session_is_no_energy_reading(text: str, intent: str) -> None:
    """ "badminton 2 hours, so tired" had stored energy 2/5 beside the game: nobody gave one."""
    entries, problems = _read(text)
    assert not problems, problems
    assert [i for i, _ in entries] == [intent]


@pytest.mark.parametrize(
    ("text", "energy"),
    [
        ("so tired today", 3.0),  # a day's feeling alone is still its energy, as before
        ("hrv 41, rhr 63, exhausted", 2.0),  # beside the readings too
    ],
)
def test_tiredness_alone_or_beside_readings_keeps_its_energy(text: str, energy: float) -> None:
    entries, problems = _read(text)
    assert not problems, problems
    daily = [s for i, s in entries if i == "log_daily"]
    assert daily
    assert daily[0]["values"]["energy"] == energy


def test_an_energy_named_beside_a_session_is_still_stored() -> None:
    entries, problems = _read("cycled 45 min to work, energy 3/5")
    assert not problems, problems
    assert {i for i, _ in entries} == {"log_cardio", "log_daily"}
    daily = next(s for i, s in entries if i == "log_daily")
    assert daily["values"] == {"energy": 6.0}
    assert "felt_energy" not in daily  # the marker is spent, never stored


@pytest.mark.parametrize(
    "text",
    ["my knees feel fine", "shoulder feel ok today", "arms feeling pumped"],
)
def test_a_body_part_that_feels_is_no_mood(text: str) -> None:
    """ "legs feel good" after a run had stored mood 4/5: how the legs feel, not a mood."""
    u = understand(text, today=TODAY)
    assert u.intent != "log_daily" or "mood" not in u.slots.get("values", {})


@pytest.mark.parametrize(
    "text", ["feeling good today", "knee feels ok but feeling happy", "mood ok, legs feel heavy"]
)
def test_a_mood_felt_or_named_beside_a_body_part_is_still_a_mood(text: str) -> None:
    u = understand(text, today=date(2026, 11, 18))
    assert u.intent == "log_daily"
    assert "mood" in u.slots["values"]


# --- questions where nothing of the log can be stored ----------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "went running before work, calves feel ok",
        "went swimming at the club tonight",
        "went cycling along the canal",
    ],
)
def test_an_outing_without_its_figures_asks_how_long(text: str) -> None:
    """ "went jogging after work" had been no log at all (or a mood from the rest)."""
    entries, problems = _read(text)
    assert entries == []
    assert problems
    assert problems[-1].startswith("how long was it")


def test_an_outing_with_its_figures_is_stored_as_before() -> None:
    slots = _only("went running 6k in 33 min", "log_cardio")
    assert slots["duration_s"] == 33 * 60


@pytest.mark.parametrize(
    "text",
    [
        "had dinner at the hawker centre near home",
        "lunch in the staff canteen",
        "breakfast at the hotel",
    ],
)
def test_a_meal_told_only_by_its_place_asks_what_was_eaten(text: str) -> None:
    _entries, problems = _read(text)
    assert problems
    assert problems[-1].startswith("what did you eat")


@pytest.mark.parametrize(
    "text",
    ["lunch at the canteen: chicken rice and a teh tarik", "dinner at home, salmon and rice"],
)
def test_a_meal_with_its_place_and_its_food_is_stored(text: str) -> None:
    slots = _only(text, "log_meal")
    assert "rice" in slots["description"]
