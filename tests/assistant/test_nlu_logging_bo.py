"""Logging classes of beginners, machine users and class-goers (corpus 57k, writer BO), in
words written for this file: group classes named by their brand or kind (barre, a barbell
class, a core class, a zumba class, a combat class), gym machines named as people say them,
a class with a bare number for its minutes, a session's effort said loosely ("7ish",
"8/10 effort", "I'd call it a 6 out of 10", "overall session was maybe a 7"), and a clause
that says "today" in a message naming other days first; with the counts that must stay
asked or read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries


@pytest.mark.parametrize(
    ("text", "slug", "minutes"),
    [
        ("barre 45 mins at the studio", "barre-class", 45),
        ("went to my barre class, 50 minutes", "barre-class", 50),
        ("bodypump at lunchtime, 45 min", "group-strength-class", 45),
        ("did the strength class at the gym, 40 min", "group-strength-class", 40),
        ("ab class 20 mins after work", "core-class", 20),
        ("zumba gold class 45 min with my sister", "aerobic-dance", 45),
        ("bodycombat 50 min", "kickboxing", 50),
    ],
)
def test_a_group_class_named_by_its_brand_or_kind(text: str, slug: str, minutes: int) -> None:
    slots = only_entry(text, "log_cardio")
    assert slots["exercise"] == slug
    assert slots["duration_s"] == minutes * 60


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("abductors 3x15 at 30kg", "hip-abduction-machine"),
        ("lat pd 3x10 at 35kg", "lat-pulldown"),
        ("back extension bench 3x12 at 10kg", "back-extension"),
        ("shoulder lateral raise 3x12 with 4kg dumbbells", "dumbbell-lateral-raise"),
    ],
)
def test_a_gym_machine_or_band_move_named_as_people_say_it(text: str, slug: str) -> None:
    groups = only_entry(text, "log_sets")["groups"]
    assert [g["exercise"] for g in groups] == [slug]


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("spin 40", [40]),
        ("zumba 60, aqua aerobics 45", [60, 45]),
        ("aqua aerobics 45 then yoga 30", [45, 30]),
    ],
)
def test_a_class_with_a_bare_number_is_its_minutes(text: str, minutes: list[int]) -> None:
    entries, problems = read_entries(text)
    assert not problems, problems
    assert [s["duration_s"] for _, s in entries] == [m * 60 for m in minutes]


def test_classes_on_named_days_each_keep_their_day_and_today_is_today() -> None:
    entries, problems = read_entries("saturday pilates 50, monday barre 45, today spin 30")
    assert not problems, problems
    days = [(s["exercise"], s["date"]) for _, s in entries]
    assert ("pilates-class", TODAY.replace(day=14)) in days
    assert ("barre-class", TODAY.replace(day=16)) in days
    assert ("spin-class", TODAY) in days


@pytest.mark.parametrize(
    "text",
    [
        "squats 20",  # a strength move's bare number: still asked, never minutes
        "plank 45",
        "spin 300",  # far past a class's length
    ],
)
def test_a_bare_number_that_is_no_class_time_is_still_asked(text: str) -> None:
    entries, problems = read_entries(text)
    assert problems or not entries


@pytest.mark.parametrize(
    ("text", "rpe"),
    [
        ("spin class 40 min, rpe 6ish", 6),
        ("boxing class 45 min, 9/10 effort", 9),
        ("cross trainer 30 min and I'd call it a 5 out of 10", 5),
    ],
)
def test_a_cardio_effort_said_loosely(text: str, rpe: int) -> None:
    assert only_entry(text, "log_cardio")["session_rpe"] == rpe


def test_a_closing_time_and_effort_without_a_stop_between() -> None:
    slots = only_entry("leg press 3x12 at 80kg, lunges 2x10 bodyweight. 40min rpe 7", "log_sets")
    assert slots["duration_s"] == 40 * 60
    assert slots["session_rpe"] == 7


def test_the_overall_session_graded_at_the_end() -> None:
    slots = only_entry("goblet squat 3x10 at 16kg, took 35 mins, overall workout was about a 6", "log_sets")  # fmt: skip
    assert slots["duration_s"] == 35 * 60
    assert slots["session_rpe"] == 6


def test_a_good_day_graded_is_no_effort() -> None:
    entries, problems = read_entries("walked 30 min, felt great, 9/10")
    assert problems or all("session_rpe" not in s for _, s in entries)
