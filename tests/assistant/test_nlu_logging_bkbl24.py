"""Logging classes of the twenty-fourth set (BK, BL), in words written for this file: soreness
or stress graded as the middle of the scale ("moderate"), a little soreness ("a bit sore") told
apart from a little stress ("a bit stressed"), a performer who "ran" a piece or a routine (a
rehearsal, never a run), and figure skating's own words putting a skate on the ice (never a
swim for its "freestyle"); with the look-alikes next to them that must read as before."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _daily(text: str) -> dict[str, float]:
    values: dict[str, float] = only_entry(text, "log_daily")["values"]
    return values


@pytest.mark.parametrize(
    ("text", "metric"),
    [
        ("calves moderately sore after the hill session", "soreness"),
        ("work stress medium this week", "stress"),
        ("stress was moderate, shoulders fine", "stress"),
    ],
)
def test_the_middle_of_the_scale_is_three_of_five(text: str, metric: str) -> None:
    assert _daily(text)[metric] == 6.0  # on 0-10: 3 of 5


def test_a_moderate_session_does_not_grade_the_soreness() -> None:
    assert _daily("legs sore after a moderate ride")["soreness"] == 7.0


def test_a_bit_sore_is_mild_but_a_bit_stressed_is_some() -> None:
    values = _daily("back a bit sore, bit stressed about the exam")
    assert (values["soreness"], values["stress"]) == (4.0, 6.0)


def test_kinda_sore_and_a_said_score_keep_their_reading() -> None:
    assert _daily("kinda sore after the clinic")["soreness"] == 6.0
    assert _daily("a bit sore from the tumbling, 3/5")["soreness"] == 6.0


@pytest.mark.parametrize(
    "text",
    [
        "two hour rehearsal, ran the routine start to finish three times",
        "tech rehearsal 150 min, we ran our number twice",
        "dress rehearsal 2h, ran through the choreography",
    ],
)
def test_running_a_piece_is_no_run(text: str) -> None:
    entries, _ = read_entries(text)
    assert all(slots.get("exercise") != "steady-run" for _, slots in entries)


@pytest.mark.parametrize(
    "text", ["ran through the park, 6 km in 33 min", "ran the canal loop, 8k in 44 min"]
)
def test_a_run_stays_a_run(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "steady-run"


@pytest.mark.parametrize(
    "text", ["skated 50 min of freestyle this morning", "skating 1 hr, worked on my axel and spins"]
)
def test_figure_skating_words_put_a_skate_on_the_ice(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "ice-skating"


def test_a_freestyle_swim_is_still_a_swim() -> None:
    assert "swimming" in str(only_entry("freestyle 1200 m in 25 min", "log_cardio")["exercise"])


@pytest.mark.parametrize(
    "text",
    [
        "after a 13 hour night shift: goblet squat 3x10 at 20kg",
        "wrapped up my 10hr ward shift then leg press 4x12 at 120kg",
        "rhr 64 energy 2, shift 2 of 3 done",
    ],
)
def test_a_work_shift_length_or_count_is_no_figure_to_ask_about(text: str) -> None:
    _, problems = read_entries(text)
    assert problems == []


def test_a_shift_count_leaves_the_sets_beside_it_counted() -> None:
    groups = only_entry("night 2 of 4, bench 4x6 at 70kg", "log_sets")["groups"]
    assert [(g["sets"], g["reps"], g["weight_kg"]) for g in groups] == [(4, 6, 70.0)]


@pytest.mark.parametrize(
    "text",
    [
        "bouldered 75 min at the wall near work",
        "climbed for 2 hours, projecting v6s mostly",
    ],
)
def test_bouldering_and_graded_climbing_are_climbing(text: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == "rock-climbing"


def test_climbing_stairs_stays_stairs() -> None:
    assert only_entry("climbed stairs for 15 min", "log_cardio")["exercise"] == "stair-climbing"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("ran 4k before tap class, 22 min", "steady-run"),
        ("rowed 3k after the run, 12 min", "moderate-rowing"),
        ("swam 800 m after my spin class, 20 min", "easy-freestyle-swimming"),
    ],
)
def test_another_activity_said_as_when_names_none(text: str, want: str) -> None:
    assert only_entry(text, "log_cardio")["exercise"] == want
