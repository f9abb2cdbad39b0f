"""Classes of logging messages corpus-57n's writers CG (nutrition, sleep, shift work, body
readings) and CH (beginners describing machines, people over 60, physio rehab sheets, parents
at home) got stored wrong or asked about (issue 57, log57n-b), each in new wording beside the
close wording that must keep its old reading."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries

# --- soreness, stress and energy in everyday words -------------------------------------------


def test_hardly_sore_is_a_little_soreness_not_much() -> None:
    """ "hardly sore at all" had been read as "sore" (4 of 5): it is a little of it."""
    values = only_entry("feeling fine today, hardly sore at all", "log_daily")["values"]
    assert values["soreness"] <= 4.0


def test_stressed_out_of_my_mind_is_the_most_stress() -> None:
    values = only_entry("stressed out of my mind with exams", "log_daily")["values"]
    assert values["stress"] == 10.0
    assert only_entry("a bit stressed with exams", "log_daily")["values"]["stress"] < 10.0


def test_knackered_scores_the_energy() -> None:
    values = only_entry("stress like a 4 and totally knackered", "log_daily")["values"]
    assert values["energy"] <= 2.0


# --- exercise names the library lacked --------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("rope curls 3x12 at 25kg", "cable-curl"),
        ("single arm dumbbell row 3x10 at 30kg", "one-arm-dumbbell-row"),
    ],
)
def test_rope_curl_and_single_arm_row_are_named(text: str, slug: str) -> None:
    """ "rope curls" had been stored as the dumbbell curl (a wrong exercise)."""
    (group,) = only_entry(text, "log_sets")["groups"]
    assert group["exercise"] == slug


# --- a night and a nap, or a second spell of day sleep, told by their lengths ----------------


@pytest.mark.parametrize(
    ("text", "hours"),
    [
        ("slept 6h then a 30 min nap", 6.5),
        ("slept 4 hours after my night shift and then another 3 before work", 7.0),
        ("sleep 4h plus a 90 min nap", 5.5),
    ],
)
def test_a_nap_or_another_spell_adds_to_the_day_sleep(text: str, hours: float) -> None:
    """The nap had been kept alone, or asked about; the second spell dropped."""
    assert only_entry(text, "log_sleep")["duration_s"] == hours * 3600


def test_a_nap_beside_readings_is_no_correction_of_the_night() -> None:
    """ "sleep 5h then a 45 min nap, rhr 58": the nap had replaced the night (0.75 h stored)."""
    entries, problems = read_entries("sleep 6h then a 20 min nap, rhr 58, soreness 2")
    assert not problems
    sleep = [s for i, s in entries if i == "log_sleep"]
    assert [s["duration_s"] for s in sleep] == [6 * 3600 + 20 * 60]


def test_another_of_sets_is_no_spell_of_sleep() -> None:
    entries, _ = read_entries("slept 6h, then another 3 sets of squats")
    assert all(s["duration_s"] == 6 * 3600 for i, s in entries if i == "log_sleep")


# --- a walk there and back done twice, figures said "each time" ------------------------------


def test_there_and_back_twice_each_time_is_two_bouts_of_those_figures() -> None:
    """The time had been doubled (60 min) and the distance not, in one entry."""
    entries, problems = read_entries(
        "walked the dog to the park and back twice today, 2 miles and 40 min each time", "imperial"
    )
    assert not problems
    assert [(i, s["duration_s"], s["distance_m"]) for i, s in entries] == [
        ("log_cardio", 2400.0, 3218.7),
        ("log_cardio", 2400.0, 3218.7),
    ]


# --- a time one had is no meal ----------------------------------------------------------------


def test_only_had_minutes_is_no_meal() -> None:
    """ "only had 15 min before pick up" had been stored as a meal."""
    entries, _ = read_entries("only had 20 min before school pick up. squats 3x10 at 20kg")
    assert "log_meal" not in [i for i, _ in entries]
    entries, _ = read_entries("had 2 eggs and toast")
    assert [i for i, _ in entries] == ["log_meal"]
