"""Logs that refer to an earlier entry or to the chat's own question, through the real chat
(``conversations.chat``, rules alone) with several turns (refs93): "deadlifts same as monday"
copies Monday's deadlifts, "same scheme for face pulls but 20kg" the last sets sent with another
exercise and load, "same as tuesday, 2.5kg heavier" with its change; none or several entries
fitting get one question; nothing is copied from another athlete. And an answer to the chat's
question ("record my bodyweight" → "what did the scales say?") with its unit said apart."""

from __future__ import annotations

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.llm import Assistant
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext

# the clock fixture's day is Fri 20 Nov 2026: Monday is the 16th


@pytest.fixture
def me(ctx: ServiceContext) -> Athlete:
    return Athlete(ctx, Assistant())


def _days(athlete: Athlete) -> list[str]:
    return [str(w["started_at"])[:10] for w in training_log.history(athlete.ctx, athlete.id, "workouts")]  # fmt: skip


def test_an_exercise_same_as_a_day_copies_that_days_entry_today(me: Athlete) -> None:
    assert me.say("deadlift 3x5 at 150 kg on monday").text.startswith("Logged")
    reply = me.say("deadlifts same as monday")
    assert "Copied from" in reply.text, reply.text
    assert "Mon 16 Nov" in reply.text, reply.text
    assert me.sets().count(("barbell-deadlift", 5, 150.0, None)) == 6
    assert _days(me)[-1] == "2026-11-20"


def test_the_change_said_is_applied_to_the_copy(me: Athlete) -> None:
    me.say("incline bench 3x10 at 60 on tuesday")
    reply = me.say("same as tuesday, 2.5kg heavier")
    assert "Copied from" in reply.text, reply.text
    assert [s for s in me.sets() if s[2] == 62.5] == [("incline-barbell-bench-press", 10, 62.5, None)] * 3  # fmt: skip


def test_a_rep_more_on_the_sets_just_sent(me: Athlete) -> None:
    me.say("hack squat 4x8 at 120")
    reply = me.say("same again today but add a rep")
    assert "Copied from" in reply.text, reply.text
    assert me.sets().count(("hack-squat", 9, 120.0, None)) == 4


def test_the_scheme_of_the_last_sets_for_another_exercise_and_load(me: Athlete) -> None:
    me.say("seated cable row 3x12 at 50")
    reply = me.say("same scheme for face pulls but 20kg")
    assert "Copied from" in reply.text, reply.text
    assert me.sets().count(("face-pull", 12, 20.0, None)) == 3


def test_several_entries_that_fit_get_one_question(me: Athlete) -> None:
    me.say("wednesday: leg press 3x12 at 180, leg curl 3x12 at 40")
    before = me.sets()
    reply = me.say("same as wednesday but one more set")
    assert "Which entry" in reply.text, reply.text
    assert "Leg Press" in reply.text, reply.text
    assert me.sets() == before


def test_no_entry_on_the_day_named_gets_one_question(me: Athlete) -> None:
    reply = me.say("same as thursday")
    assert "I found no" in reply.text, reply.text
    assert "Thu 19 Nov" in reply.text, reply.text
    assert me.stored() == {}


def test_nothing_is_copied_from_another_athlete(ctx: ServiceContext, me: Athlete) -> None:
    other = Athlete(ctx, Assistant())
    assert other.say("leg press 3x10 at 200 on monday").text.startswith("Logged")
    reply = me.say("leg press same as monday")
    assert "Logged" not in reply.text, reply.text
    assert me.stored() == {}


@pytest.mark.parametrize(
    ("answer", "kg"),
    [("pounds, not kilos: 181", 82.1), ("it's in lbs. 176.4", 80.01)],
)
def test_an_answer_to_the_scales_question_with_its_unit_said_apart(
    me: Athlete, answer: str, kg: float
) -> None:
    asked = me.say("record my bodyweight")
    assert "(kg or lb)?" in asked.text, asked.text
    reply = me.say(answer)
    assert reply.text.startswith("Logged"), reply.text
    weights = [d["weight_kg"] for d in training_log.history(me.ctx, me.id, "daily")]
    assert weights, weights
    assert abs(weights[-1] - kg) < 0.1, weights


def test_sets_answering_the_question_that_named_the_exercise(me: Athlete) -> None:
    asked = me.say("doing hip thrusts now")
    assert "how many sets and reps of" in asked.text.lower(), asked.text
    reply = me.say("3 x 10 @ 80")
    assert reply.text.startswith("Logged"), reply.text
    assert me.sets().count(("barbell-hip-thrust", 10, 80.0, None)) == 3


@pytest.mark.parametrize(
    ("first", "answer", "stored"),
    [
        ("leg curls at 40", "3 x 12", ("lying-leg-curl", 12, 40.0, None)),
        ("did pec deck after", "ok so 3x15 at 50kg", ("pec-deck", 15, 50.0, None)),
    ],
)
def test_sets_answering_the_question_after_an_unclear_number_or_with_an_opening(
    me: Athlete, first: str, answer: str, stored: tuple[str, int, float, None]
) -> None:
    asked = me.say(first)
    assert "how many sets and reps of" in asked.text.lower(), asked.text
    reply = me.say(answer)
    assert reply.text.startswith("Logged"), reply.text
    assert stored in me.sets(), me.sets()


@pytest.mark.parametrize(
    "said",
    [
        "did I do the same as monday?",
        "can I do the same again tomorrow",
        "will do the same as monday next week",
    ],
)
def test_a_question_or_a_plan_that_points_back_copies_nothing(me: Athlete, said: str) -> None:
    me.say("deadlift 3x5 at 150 kg on monday")
    before = me.sets()
    reply = me.say(said)
    assert "Copied from" not in reply.text, reply.text
    assert me.sets() == before


def test_the_numbers_said_anew_with_the_exercise_pointed_at(me: Athlete) -> None:
    me.say("romanian deadlift 3x10 at 80")
    me.say("cheers")
    reply = me.say("same as last session only heavier - 3x10 at 90")
    assert reply.text.startswith("The exercise copied from"), reply.text
    assert me.sets().count(("romanian-deadlift", 10, 90.0, None)) == 3


def test_numbers_said_anew_after_several_exercises_copy_no_name(me: Athlete) -> None:
    me.say("squat 5x5 at 100, bench 3x8 at 60")
    before = me.sets()
    reply = me.say("same as last time but heavier: 5x5 at 105")
    assert "Logged" not in reply.text, reply.text
    assert me.sets() == before
