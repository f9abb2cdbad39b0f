"""Classes of logging messages the twenty-third set's writers BE (people on the move and on odd
clocks) and BF (training shaped by faith, culture and food rules) got stored wrong (issue 57,
log23), each in new wording, beside the close wording that must keep its old reading.
Sentences here are written for the tests, not taken from any data set."""

from __future__ import annotations

import pytest
from tests.assistant.log_support import TODAY, only_entry, read_entries

from fitcoach.assistant.nlu import ExerciseMatcher
from fitcoach.assistant.nlu.base import Ctx
from fitcoach.assistant.nlu.effort_fixes import effort_taken_back
from fitcoach.assistant.nlu.normalise import normalise
from fitcoach.assistant.nlu.vague import vague_question


def _asked(text: str) -> list[str]:
    ctx = Ctx(normalise(text), text, TODAY, ExerciseMatcher.from_library())
    return vague_question(ctx)


# --- a grade said negated is no mood score ----------------------------------------------------


@pytest.mark.parametrize("text", ["not happy with today at all", "mood isn't good, long week"])
def test_a_negated_grade_stores_no_mood(text: str) -> None:
    entries, _ = read_entries(text)
    assert all("mood" not in slots.get("values", {}) for _, slots in entries)


def test_a_grade_that_holds_its_negation_still_grades() -> None:
    assert only_entry("mood not great tonight", "log_daily")["values"]["mood"] == 3.0


def test_an_unnegated_grade_keeps_its_score() -> None:
    assert only_entry("pretty happy today", "log_daily")["values"]["mood"] == 7.0


# --- a weight told only as a change: the reading is asked for ---------------------------------


@pytest.mark.parametrize(
    "text", ["my weight was down again on the gym scales", "the scale was up this morning, ugh"]
)
def test_a_weight_told_as_a_change_asks_for_the_reading(text: str) -> None:
    assert _asked(text) == ["what did the scales say (kg or lb)?"]


def test_a_change_of_a_lifts_weight_is_no_weigh_in() -> None:
    assert _asked("the weight went up on squats") == []


# --- a lift named after the log with no figures -----------------------------------------------


def test_a_lift_named_after_the_sets_without_figures_is_asked_about() -> None:
    """A name several lifts share ("flyes": which fly?) had been dropped in silence."""
    _, problems = read_entries("pendlay row 5x5 70kg, plus some flyes")
    assert problems == ["how many sets and reps of flyes did you do, and at what load?"]


def test_a_lift_of_one_name_is_asked_about_once() -> None:
    _, problems = read_entries("leg press 4x10 150kg plus some shrugs")
    assert len(problems) == 1


def test_words_after_the_sets_that_name_no_lift_leave_the_log() -> None:
    slots = only_entry("front squat 4x6 80kg, then some stretching", "log_sets")
    assert [g["exercise"] for g in slots["groups"]] == ["barbell-front-squat"]


# --- weigh-ins of two days with "weight was" --------------------------------------------------


def test_weight_was_on_two_days_is_stored_on_each_day() -> None:
    entries, problems = read_entries("weight was 71.3 on monday and 70.9 this morning")
    assert not problems
    assert sorted(s["weight_kg"] for _, s in entries) == [70.9, 71.3]
    assert len({s["date"] for _, s in entries}) == 2


# --- an effort said over ----------------------------------------------------------------------


def test_an_effort_said_over_keeps_the_last() -> None:
    assert effort_taken_back("ohp 3x8 40kg rpe 7-8.. no wait rpe 8") == "ohp 3x8 40kg rpe 8"


def test_an_effort_on_another_scale_is_not_taken_back() -> None:
    text = "ohp 3x8 40kg rir 2, actually rpe 8"
    assert effort_taken_back(text) == text
