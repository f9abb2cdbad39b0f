"""Logging classes of the twenty-sixth set's writers BW (water and snow) and BX (desk workers),
in words written for this file: a ski tour said as "skinned up" (no downhill day), a dinghy
sailor who "hiked out" (a sail, no hike), a trainer named after "on the" (indoors), the hours
of a work day before a session (never its time), the weekday of an event beside today's
readings, and a request to log a meal with no food in it (asked); with the look-alikes that
must read as before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries


@pytest.mark.parametrize(
    "text",
    ["skinned up to the hut and skied down, 2h40 all in", "skinning up 900m then skied down, 3h"],
)
def test_skinning_up_is_a_ski_tour(text: str) -> None:
    [(intent, slots)], _ = read_entries(text)
    assert intent == "log_cardio"
    assert slots["exercise"] == "cross-country-skiing"


def test_the_metres_climbed_are_no_tour_s_way() -> None:
    # "900m" up in 3 hours: the climb, not the way (0.3 km/h); asked, never stored as the distance
    _, problems = read_entries("skinning up 900m then skied down, 3h")
    assert any("not a pace I can log" in p for p in problems)


def test_skied_alone_stays_downhill() -> None:
    assert only_entry("skied 3 hrs at the resort", "log_cardio")["exercise"] == "downhill-skiing"


@pytest.mark.parametrize(
    "text",
    [
        "90 min in the dinghy, 15 knots, hiked hard the whole race",
        "2 hrs on the laser, hiking out all afternoon",
    ],
)
def test_hiking_out_in_a_dinghy_is_sailing(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "sailing"


def test_a_hike_stays_a_hike() -> None:
    assert only_entry("hiked 14 km in the hills, 5 hrs", "log_cardio")["exercise"] == "hiking"


@pytest.mark.parametrize(
    "text", ["45 min on the bike trainer", "Tuesday: 50 min easy on the turbo trainer"]
)
def test_a_trainer_after_on_the_is_indoors(text: str) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["exercise"] == "moderate-stationary-cycling"


@pytest.mark.parametrize(
    "text",
    [
        "went for a run after work, so good to move after 10 hrs at my desk",
        "quick ride after 8 hours on zoom calls",
    ],
)
def test_a_work_days_hours_are_not_the_sessions_time(text: str) -> None:
    entries, problems = read_entries(text)
    assert problems
    assert not [s for i, s in entries if i == "log_cardio"]


def test_a_session_after_its_warm_up_keeps_its_time() -> None:
    assert only_entry("ran 40 min after work", "log_cardio")["duration_s"] == 2400


def test_an_events_weekday_beside_todays_readings() -> None:
    entries, problems = read_entries("stress 3/5 today, race sun. energy about 4")
    assert not problems, problems
    assert [s["date"] for _, s in entries] == [TODAY]


def test_a_weekday_of_the_readings_stays() -> None:
    slots = only_entry("energy 3/5 saturday", "log_daily")
    assert slots["date"] == TODAY - timedelta(days=4)


@pytest.mark.parametrize("text", ["can u log lunch", "could you log dinner pls"])
def test_a_request_with_no_food_is_asked(text: str) -> None:
    entries, _ = read_entries(text)
    assert not [s for i, s in entries if i == "log_meal" and s.get("description")]


def test_a_request_with_food_keeps_only_the_food() -> None:
    slots = only_entry("can you log breakfast: 2 eggs and toast", "log_meal")
    assert slots["description"] == "2 eggs and toast"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("surfed 90 min at the point this morning", "surfing"),
        ("snowboarded 4 hrs at the resort", "downhill-skiing"),
        ("single scull this morning, 12k, 60 min", "moderate-rowing"),
    ],
)
def test_water_and_snow_verbs_name_their_sport(text: str, slug: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == slug


def test_a_verbs_word_in_a_name_counts_for_nothing() -> None:
    slots = only_entry("went for a bike ride with the club, 20 miles, 90 min", "log_cardio")
    assert slots["exercise"] == "moderate-cycling"


def test_a_fall_told_as_eating_sand_is_no_meal() -> None:
    entries, _ = read_entries("surfed 2 hrs this arvo, caught 3 waves and ate sand on the rest")
    assert [i for i, _ in entries] == ["log_cardio"]


def test_a_name_apart_from_the_first_does_not_beat_it() -> None:
    slots = only_entry("trail run 14 km, 1h38, lots of climbing", "log_cardio")
    assert slots["exercise"] == "trail-running"


@pytest.mark.parametrize(
    "text", ["Sunday long run 14 miles in 2:04. legs toast", "ran 10k in 55 min, quads are jelly"]
)
def test_legs_that_are_toast_ate_nothing(text: str) -> None:
    entries, problems = read_entries(text, "imperial")
    assert not problems, problems
    assert [i for i, _ in entries] == ["log_cardio"]


def test_toast_eaten_is_still_food_beside_a_run() -> None:
    entries, problems = read_entries("ran 5k in 30 min, then toast and eggs")
    assert problems or "log_meal" in [i for i, _ in entries]
