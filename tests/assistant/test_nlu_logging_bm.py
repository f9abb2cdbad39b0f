"""Endurance sessions pasted from watches and apps (writer BM's classes), in our own words:
apostrophe minutes and paces, power / stroke rate / height that the log does not keep,
interval structure beside the session's own time, and a sport's own words."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.reading import read_log
from fitcoach.assistant.nlu.watch_lines import watch_lines

TODAY = date(2026, 11, 18)


def _one(text: str) -> dict[str, Any]:
    found = read_log(text, today=TODAY)
    assert found.problems == [], found.problems
    assert len(found.entries) == 1
    assert found.entries[0].intent == "log_cardio"
    return found.entries[0].slots


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("steady ride 75' on the road", 75),
        ("recovery jog 22'", 22),
        ("rowed three quarters of an hour", 45),
        ("swam a quarter of an hour to cool off", 15),
    ],
)
def test_apostrophe_and_quarter_minutes(text: str, minutes: float) -> None:
    assert _one(text)["duration_s"] == minutes * 60


def test_apostrophe_pace_is_minutes_and_seconds() -> None:
    slots = _one("ran 8 km @ 4'45 pace")
    assert slots["duration_s"] == 8 * 285


@pytest.mark.parametrize(
    "text",
    [
        "road ride 2h15, 61 km, np 212w",
        "easy ride 50 min @ 150 watts",
        "erg 45 min, 10.5k, r20",
        "hilly run 14 km in 1:22, 450 m elevation",
        "turbo 2x15 @ 90% ftp, 70 min total",
    ],
)
def test_figures_the_log_does_not_keep_are_no_question(text: str) -> None:
    slots = _one(text)
    assert slots["duration_s"] > 0


def test_repeats_beside_the_session_time_are_its_structure() -> None:
    slots = _one("5x1k @ 3:50 w/ 2 min jog, 50 min total, 11k")
    assert slots["exercise"] == "steady-run"
    assert (slots["duration_s"], slots["distance_m"]) == (3000, 11000)


def test_swim_main_set_beside_the_session_time() -> None:
    slots = _one("swim 3000m in 60 min, 12x100 on 1:45 main set")
    assert (slots["duration_s"], slots["distance_m"]) == (3600, 3000)


def test_part_pace_beside_the_session_time() -> None:
    slots = _one("tempo run 5 mi @ 6:50/mi, 8 miles total, 62 min")
    assert slots["duration_s"] == 62 * 60


def test_repeats_without_a_session_time_stay_asked() -> None:
    found = read_log("10 x 400 in 80s, 200 jog between", today=TODAY)
    assert found.problems


def test_lifting_sets_are_never_intervals() -> None:
    line = "circuit 20 min. kb swings 4x15 at 24kg"
    assert watch_lines(normalise(line)) == normalise(line)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("gravel 64km 2h50", "moderate-cycling"),
        ("50 min on the turbo", "moderate-stationary-cycling"),
        ("trail 12k 1:25", "trail-running"),
        ("pool 60 lengths of 25m, 45 min", "easy-freestyle-swimming"),
        ("skied 2 hrs classic, about 18k", "cross-country-skiing"),
    ],
)
def test_a_sports_own_word_names_it(text: str, slug: str) -> None:
    assert _one(text)["exercise"] == slug


@pytest.mark.parametrize(
    ("text", "minutes"),
    [("7 miles at 8:30/mi", 59.5), ("10k progression, 5:20 down to 4:50/km, 51 min", 51)],
)
def test_a_pace_per_km_or_mile_is_a_run(text: str, minutes: float) -> None:
    slots = _one(text)
    assert slots["exercise"] == "steady-run"
    assert slots["duration_s"] == pytest.approx(minutes * 60, abs=1)


def test_a_bike_path_is_where_another_activity_went() -> None:
    assert _one("rollerskiing 18k along the bike path, 1h05")["exercise"] == "cross-country-skiing"


def test_resting_heart_rate_is_no_stroke_rate() -> None:
    line = normalise("resting heart rate 52 this morning")
    assert watch_lines(line) == line
