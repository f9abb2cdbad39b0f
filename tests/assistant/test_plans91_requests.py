"""Plan requests of corpus-57l's classes (issue 57, plans91), in other words than the corpus's:
a load change whose why is told in a sentence or a clause of its own (the reps got now against
the plan's, a rep's count, "back to" a load, "put it up to" after the load it is at), sessions
cut to a bare number or set to a length, leave to skip asked with a why after it, the kit a stay
or a gift leaves with the plan asked to fit it, a swap asked in a word after a wish, "can it be
X instead" after the sentence that names the old one, "swap it for something" after its why, a
removal said as an order with a question's mark, and the part that hurts named before a cause.
Every change through the chat is a proposal the validator accepted, with its reason."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails.injury import _injury
from fitcoach.assistant.nlu import understand
from fitcoach.services import plans

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str) -> tuple[str, dict[str, Any]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- loads -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exercise", "slots"),
    [
        # the story, then the request in a sentence of its own
        (
            "ohp went up smooth today, 4x6 at 40 flew. push it to 42.5?",
            "barbell-overhead-press",
            {"weight_kg": 42.5},
        ),
        # the reps got now against the plan's, in a clause after the request
        (
            "raise the leg press by 10 kg, i'm managing 14 reps and the plan has 10",
            "leg-press",
            {"delta_kg": 10.0},
        ),
        (
            "put 5 kg on my squat, i've hit all 5 sets for three weeks",
            "barbell-back-squat",
            {"delta_kg": 5.0},
        ),
        # "back to" a load, the sleep told after it
        (
            "front squat at 80 is too much at the moment, back to 70 please, i've been sleeping badly",
            "barbell-front-squat",
            {"weight_kg": 70.0},
        ),
        # "at" the load now, "up to" the new one: the new one, and "it up" names no sit-up
        (
            "deadlift is easy at 120 now, could you put it up to 130? i did every rep grinning",
            "barbell-deadlift",
            {"weight_kg": 130.0},
        ),
    ],
)
def test_a_load_change_with_its_why_apart_is_read(text: str, exercise: str, slots: dict[str, float]) -> None:  # fmt: skip
    intent, got = _read(text)
    assert intent == "change_load", got
    assert got.get("exercise") == exercise, got
    assert {k: got.get(k) for k in slots} == slots


def test_a_reps_count_in_the_why_is_no_load_told() -> None:
    intent, got = _read("lower the deadlift 5 kg, my grip goes on rep 3")
    assert (intent, got.get("delta_kg")) == ("change_load", -5.0)
    assert "weight_kg" not in got


def test_back_to_a_load_told_as_the_past_is_no_change() -> None:
    assert _read("went back to 70 on the squat after my holiday, felt fine")[0] != "change_load"
    # a state, not a request: a glucose reading back where it was
    text = "sugar sank to 4.0 on the bike, had a gel and i'm back to 6.2, all fine"
    assert _read(text)[0] != "change_load"


# --- session length ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("trim the workouts down to 50", 50),
        ("bring my sessions to 35 please", 35),
        ("the workouts are written as 90 min but take me 2 hours. set it to an hour please", 60),
    ],
)
def test_sessions_cut_to_a_number_or_set_to_a_length(text: str, minutes: int) -> None:
    assert _read(text) == ("set_session_minutes", {"minutes": minutes})


def test_a_cut_to_a_count_of_days_is_still_days() -> None:
    assert _read("cut my sessions to 3 days")[0] != "set_session_minutes"


# --- skips ---------------------------------------------------------------------------------------


def test_leave_to_skip_asked_with_a_past_why_after_it() -> None:
    intent, got = _read("could we skip saturday? had two teeth out yesterday and my face is huge")
    assert (intent, got.get("date")) == ("skip_session", date(2026, 11, 21))


def test_cardio_in_the_why_after_a_skip_names_no_session() -> None:
    intent, got = _read("skip monday please. hiking all weekend, that's my cardio sorted")
    assert (intent, got.get("cardio")) == ("skip_session", None)
    assert _read("skip monday's run please")[1].get("cardio") is True


def test_should_i_skip_stays_a_question() -> None:
    assert _read("should i skip friday? i had a long day")[0] != "skip_session"


# --- equipment -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kit"),
    [
        (
            "joined a gym with dumbbells and cables, please adjust my plan",
            {"dumbbell", "cable"},
        ),
        (
            "staying at my brother's for a month, all i'll have is a kettlebell and some bands",
            {"kettlebell", "resistance_band"},
        ),
        (
            "gym membership is gone. home only now: a pull-up bar and a pair of dumbbells",
            {"pull_up_bar", "dumbbell"},
        ),
        (
            "my parents got me a squat rack and a barbell for my birthday!! update the plan",
            {"squat_rack", "barbell"},
        ),
    ],
)
def test_the_kit_a_stay_or_a_gift_leaves_sets_the_equipment(text: str, kit: set[str]) -> None:
    intent, got = _read(text)
    assert intent == "set_equipment", got
    assert set(got["equipment"]) == kit


# --- swaps and removals ----------------------------------------------------------------------


def test_a_wish_then_the_swap_in_a_word_takes_the_one_named_before() -> None:
    intent, got = _read("my coach had me on back squats, i'd prefer box squats. switch?")
    assert (intent, got.get("exercise")) == ("swap_exercise", "barbell-back-squat")
    assert got.get("to")
    assert "box" in str(got["to"])


def test_can_it_be_another_instead_after_the_sentence_that_names_it() -> None:
    intent, got = _read(
        "the stair climber bores me to tears (long story). can it be the treadmill instead"
    )
    assert intent == "swap_exercise", got
    assert "stair" in str(got.get("exercise"))
    assert got.get("to")


def test_swap_it_for_something_after_its_why_is_left_to_the_coach() -> None:
    intent, got = _read("the hack squat machine is broken again at my gym. could you swap it for something")  # fmt: skip
    assert (intent, got.get("exercise"), got.get("any")) == ("swap_exercise", "hack-squat", True)
    # with no why, the options are offered (a question back)
    assert not _read("swap the hack squat for something")[1].get("any")


def test_a_removal_ordered_with_a_question_mark_is_a_removal() -> None:
    intent, got = _read("leave the box jumps out for now? my calves are wrecked from the 10k")
    assert (intent, got.get("exercise")) == ("remove_exercise", "box-jump")


@pytest.mark.parametrize(
    ("text", "region"),
    [
        ("my knee has been twingy since i landed on my hip", "knee"),
        ("wrist's been sore ever since i fell on my elbow", "wrist"),
        ("sore after i landed on my ankle", "ankle"),  # no part before the cause: the one after
    ],
)
def test_the_part_named_before_the_cause_is_the_one_that_hurts(text: str, region: str) -> None:
    found = _injury(text)
    assert found is not None
    assert found.region == region


# --- through the chat ----------------------------------------------------------------------------


def test_a_swap_asked_as_a_change_with_a_body_part_in_its_why_is_no_tape_question(me: Athlete) -> None:  # fmt: skip
    reply = me.say("could you change the barbell row to a seated cable row? my forearms give out before my lats")  # fmt: skip
    assert "measurement" not in reply.text.lower()
    assert reply.proposed_version is not None, reply.text
    assert plans.get_version(me.ctx, me.id, reply.proposed_version).status == "proposed"
    assert "because you asked" in reply.text
    assert not me.stored()


def test_a_load_set_after_a_story_sentence_is_proposed(me: Athlete) -> None:
    reply = me.say("bench felt like nothing today, 3x5 at 70 moved fast. take it to 75?")
    assert reply.proposed_version is not None, reply.text
    assert "75 kg" in reply.text
    assert "because you asked" in reply.text
    assert not me.stored()


def test_kit_of_a_stay_through_the_chat_is_a_proposal(me: Athlete) -> None:
    reply = me.say("off to my in-laws for six weeks, all i'll have is a pair of dumbbells and a bench. can the plan work with that?")  # fmt: skip
    assert reply.proposed_version is not None, reply.text
    proposed = plans.get_version(me.ctx, me.id, reply.proposed_version).plan
    assert proposed is not None
    assert set(proposed.equipment) == {"dumbbell", "bench"}
