"""Plan requests of corpus-57n's and blind-final-27's classes (issue 57, plans57n), in other
words than the sets': the kit listed with the plan asked to fit it ("plan around that"), a
day's session to "the" other day with no verb, a move asked on the last line after a pasted
list of days, a session's length said per go or as all the athlete has, a days count with the
season told as its why, a swap asked in the passive, a load that "needs to come down", a
machine named by its movement in two words, the plain form of a lift said against its variant,
and the injury beside a request: asked in a sentence after a "no", with "get rid of", or a part
said to be settling. Every change through the chat is a proposal the validator accepted."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.guardrails.injury import _injury
from fitcoach.assistant.nlu import understand

TODAY = date(2026, 11, 18)  # a Wednesday


def _read(text: str) -> tuple[str, dict[str, Any]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- kit and days ----------------------------------------------------------------------------


def test_kit_listed_then_plan_around_that_is_the_kit() -> None:
    intent, got = _read("the barracks gym has dumbbells, a bench and a rower, plan around that")
    assert intent == "set_equipment", got
    assert set(got["equipment"]) >= {"dumbbell", "bench"}


def test_a_days_session_to_the_other_day_is_a_move() -> None:
    intent, got = _read("this friday's session to the sunday pls, my sister's wedding")
    assert intent == "move_session", got
    assert (got["from_day"], got["to_day"]) == ("friday", "sunday")


def test_the_request_line_after_a_pasted_list_of_days_moves_one_session() -> None:
    text = "Next few days:\nMon 23 - dentist\nTue 24 - late shift\nWed 25 - off\n\ncan monday's workout go to wednesday"  # fmt: skip
    intent, got = _read(text)
    assert intent == "move_session", got
    assert got["from_date"] == date(2026, 11, 23)
    assert got["to_date"] == date(2026, 11, 25)
    assert "from_dates" not in got


# --- session length and days a week ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "minutes"),
    [
        ("only 25 minutes at a time while the baby is small", 25),
        ("40 min a go is plenty for me right now", 40),
        ("an hour is all i can spare in exam weeks", 60),
    ],
)
def test_a_length_per_go_or_all_there_is_sets_the_sessions(text: str, minutes: int) -> None:
    intent, got = _read(text)
    assert (intent, got.get("minutes")) == ("set_session_minutes", minutes), got


def test_a_length_per_go_told_of_the_past_is_no_request() -> None:
    assert _read("did 20 minutes a go on the rower yesterday")[0] != "set_session_minutes"


def test_the_season_told_as_the_why_of_a_days_count_is_no_sport_goal() -> None:
    intent, got = _read("off-season now so 4 lifting days a week")
    assert intent == "generate_plan", got
    assert got == {"days_per_week": 4}
    # a season aimed at is the goal's date, left to the new plan's reading as before
    assert _read("get fit before pre-season. 3 days a week")[1].get("goal")


# --- swaps, loads and names ------------------------------------------------------------------


def test_a_swap_asked_in_the_passive_is_a_swap() -> None:
    intent, got = _read("could the leg extensions be replaced with something easier")
    assert (intent, got.get("exercise")) == ("swap_exercise", "leg-extension"), got
    intent, got = _read("can my deadlifts be switched to trap bar deadlifts")
    assert (intent, got.get("exercise"), got.get("to")) == ("swap_exercise", "barbell-deadlift", "trap-bar-deadlift")  # fmt: skip
    # the plan or the sessions said so are no exercise
    assert _read("could the workouts be switched to mornings")[0] != "swap_exercise"


def test_a_load_that_needs_to_come_down_is_lighter() -> None:
    intent, got = _read("leg press needs to come down 20 kg, my knees were caving")
    assert (intent, got.get("exercise"), got.get("delta_kg")) == ("change_load", "leg-press", -20.0)


@pytest.mark.parametrize(
    ("text", "old"),
    [
        ("can we swap the seated pulling machine for something else", "seated-cable-row"),
        ("swap the leg push machine for lunges please", "leg-press"),
        ("swap the knee squeezing machine for something else", "hip-adduction-machine"),
    ],
)
def test_a_machine_named_by_its_movement_in_two_words(text: str, old: str) -> None:
    intent, got = _read(text)
    assert (intent, got.get("exercise")) == ("swap_exercise", old), got


def test_the_plain_form_said_against_a_variant_is_the_plain_lift() -> None:
    intent, got = _read("swap the ring dips for normal bar dips, the rings are gone")
    assert (intent, got.get("to")) == ("swap_exercise", "parallel-bar-dip"), got


# --- the injury beside a request ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "region"),
    [
        # a "no" ending the sentence before negates nothing after its full stop
        (
            "shoulder surgery in may and my surgeon says no overhead work. swap it for something",
            "shoulder",
        ),
        ("get rid of the jump squats, my ankles can't take the pounding", "ankle"),
        ("keep the heavy rows out until my upper back calms down", "upper_back"),
    ],
)
def test_the_injury_beside_a_request_is_kept(text: str, region: str) -> None:
    found = _injury(text)
    assert found is not None, text
    assert found.region == region


def test_a_part_settling_without_a_request_is_history() -> None:
    assert _injury("my knee settles down after the first mile") is None


# --- through the chat ----------------------------------------------------------------------------


def test_a_passive_swap_beside_pain_is_proposed(me: Athlete) -> None:
    reply = me.say("elbow's been achy from work, can the bench be swapped for something kinder on it")  # fmt: skip
    assert reply.proposed_version is not None, reply.text
    assert "Barbell Bench Press" in reply.text
    assert not me.stored()


def test_length_per_go_through_the_chat_is_a_proposal(me: Athlete) -> None:
    reply = me.say("just 25 minutes a go for now, back after a long break")
    assert reply.proposed_version is not None, reply.text
    assert not me.stored()
