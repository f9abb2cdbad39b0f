"""Logs told as news without their figures (issue 57, vague93): the one question for the
missing piece, never the help text and never a store. Sentences here are written for the
tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import read_entries


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
    ],
)
def test_a_question_a_plan_or_a_complaint_is_no_log(text: str) -> None:
    entries, problems = read_entries(text)
    assert entries == []
    assert problems == []
