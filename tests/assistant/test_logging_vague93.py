"""Logs told as news without their figures (issue 57, vague93): the one question for the
missing piece, never the help text and never a store. Sentences here are written for the
tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import only_entry, read_entries


def _asked(text: str) -> list[str]:
    entries, problems = read_entries(text)
    assert entries == []
    return problems


@pytest.mark.parametrize(
    "text",
    [
        "benched this arvo, chest is fried",
        "dips, some sets",
        "deadlifted yesterday, back feels good",
    ],
)
def test_a_lift_done_without_numbers_asks_for_its_sets(text: str) -> None:
    assert _asked(text)[0].startswith("how many sets and reps of ")


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("please log my run from this morning", "how long was it"),
        ("record today's bike ride", "how long was it"),
        ("log last night's cardio pls", "which cardio was it"),
        ("did the intervals after work, brutal", "which activity were the intervals"),
        ("got in 30 mins before work, buzzing", "which activity was it"),
    ],
)
def test_a_cardio_log_without_figures_asks_the_missing_piece(text: str, question: str) -> None:
    assert _asked(text)[0].startswith(question)


@pytest.mark.parametrize(
    ("text", "question"),
    [
        ("resting hr looked low today", "what was your resting heart rate?"),
        ("rhr was better again", "what was your resting heart rate?"),
        ("weigh-in done, not looking", "what did the scales say"),
        ("lost another kilo!!", "what did the scales say"),
        ("hips are down again", "what did your hips measure"),
        ("thigh measurement went down, log it", "what did your thigh measure"),
        ("record my body measurements please", "which measurements"),
    ],
)
def test_a_reading_told_as_news_asks_for_its_figure(text: str, question: str) -> None:
    assert _asked(text)[0].startswith(question)


@pytest.mark.parametrize(
    "text",
    [
        "should I log my walk?",
        "is hrv better in the morning",
        "my waist hurts when I bend",
        "going to weigh in tomorrow",
        "my shoulder hurts when I lift my arm up",
        "put the ohp back down 5 pounds",
        "legs wrecked this morning after monday's squats",
    ],
)
def test_a_question_a_plan_or_a_complaint_is_no_log(text: str) -> None:
    entries, problems = read_entries(text)
    assert entries == []
    assert problems == []


def test_a_class_with_its_time_but_no_known_name_asks_which_activity() -> None:
    assert _asked("krav maga class tonight, 50 min")[0].startswith("which activity was the class")


# --- told as news, yet whole: stored -----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("played soccer on sunday, the full 90", 90),
        ("zumba class at the leisure centre, a full hour", 60),
        ("danced in the living room for 25 mins", 25),
    ],
)
def test_a_sport_or_class_said_with_its_time_is_stored(text: str, minutes: int) -> None:
    assert only_entry(text, "log_cardio")["duration_s"] == minutes * 60


@pytest.mark.parametrize(
    ("text", "kg"),
    [
        ("finally down to 84.6, lowest in years", 84.6),
        ("saturday morning i was 91.2, never sent it", 91.2),
        ("ozempic month 4: 79.5 kg, started at 94", 79.5),
    ],
)
def test_a_weight_told_as_news_stores_only_the_weight_now(text: str, kg: float) -> None:
    assert only_entry(text, "log_weight")["weight_kg"] == kg


@pytest.mark.parametrize(
    "text", ["bench 100kg, started at 60 in january", "knee bend to the full 90 degrees"]
)
def test_a_lift_or_an_angle_is_no_weight_nor_a_match(text: str) -> None:
    entries, _ = read_entries(text)
    assert all(i not in ("log_weight", "log_cardio") for i, _ in entries)


def test_a_meal_filed_by_the_session_it_fuels_is_a_snack() -> None:
    slots = only_entry("post-gym: banana and a yoghurt", "log_meal")
    assert slots["meal"] == "snack"
