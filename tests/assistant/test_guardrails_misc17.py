"""Red-flag classes the rules misread (misc17), in words written for this file.

- One's medicine taken as it should be is no overdose: "all" over vitamins or supplements, or
  over pills said to be taken as prescribed or as one's routine; "took all my pills" alone, or
  with an overdose's sign (at once, a secret, distress, not as prescribed), stays self-harm.
- A belly "rock hard" after abdominal exercise, with no emergency sign, is the muscle worked; a
  rigid belly with a fever, vomiting or no exercise stays an acute abdomen.
- Stopping on the stairs or a short walk with no breath word is breathlessness on minimal
  exertion (a cardiorespiratory warning), not after a hard session, sore legs or a bad knee.
"""

from __future__ import annotations

import pytest

from fitcoach.assistant.guardrails import screen
from fitcoach.assistant.guardrails.senses import literal


def _kinds(text: str) -> list[str]:
    return screen(text).red_flags


@pytest.mark.parametrize(
    "text",
    [
        "had breakfast and took all of my supplements plus one paracetamol for the headache",
        "took all my multivitamins and my naproxen with food",
        "took all the pills the consultant put me on this morning, as directed",
        "remembered to take all my meds for today before the gym",
        "took all my evening tablets like the doctor said, then a short walk",
        "swallowed all of the antibiotics on schedule, course finished",
    ],
)
def test_medicine_taken_routinely_is_no_overdose(text: str) -> None:
    assert "self_harm" not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "took all my pills",
        "swallowed all the tablets in the house",
        "took all my meds, not as prescribed",
        "took all my evening tablets at once",
        "took all my vitamins and all my sleeping pills",
        "took all the tablets the doctor gave me as prescribed and nobody knows how bad it is",
        "took all my morning meds and I want everything to stop",
        "took all my blood pressure pills for the month",
    ],
)
def test_all_the_pills_taken_otherwise_stays_self_harm(text: str) -> None:
    assert "self_harm" in _kinds(text)


def test_the_routine_reading_is_a_benign_sense() -> None:
    # read literally (the student's gate compares), the words are still raised
    with literal():
        assert "self_harm" in _kinds("took all the tablets my nurse gave me, as prescribed")


@pytest.mark.parametrize(
    "text",
    [
        "150 sit ups and a plank series, now my stomach is rock hard and hurts to laugh",
        "core class was brutal, belly feels hard as a board and aching this morning",
        "ab wheel roll-outs yesterday, tummy rigid and painful",
    ],
)
def test_a_belly_worked_hard_by_ab_exercise_is_no_acute_abdomen(text: str) -> None:
    assert "acute_abdomen" not in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "did crunches yesterday but now my belly is rock hard and painful and I have a fever",
        "after the ab session my stomach went rigid and painful and I keep vomiting",
        "haven't trained all week, tummy hard as a board and really painful",
        "abdomen rigid and agonising pain since this afternoon",
    ],
)
def test_a_rigid_belly_with_an_emergency_sign_or_no_exercise_stays_raised(text: str) -> None:
    assert "acute_abdomen" in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "I can't climb a single flight of stairs without having to stop these days",
        "recently I need to stop halfway up the stairs at home",
        "can no longer walk to the bus stop without a rest",
        "my dad can't get to the end of the road without stopping anymore",
        "struggling to get dressed without sitting down, it's new",
    ],
)
def test_stopping_on_minimal_effort_is_breathlessness(text: str) -> None:
    assert "severe_breathlessness" in _kinds(text)


@pytest.mark.parametrize(
    "text",
    [
        "after 10x10 squats yesterday I can't get up the stairs without stopping haha",
        "knee is sore, can't do the stairs without a rest",
        "goal: be able to climb the stairs without stopping by summer",
        "at the start I couldn't get up a flight of stairs without stopping, now I can jog 3k",
        "ran the stadium stairs, had to stop on the landing twice, session done",
    ],
)
def test_stopping_explained_by_training_or_a_joint_is_no_red_flag(text: str) -> None:
    assert "severe_breathlessness" not in _kinds(text)
