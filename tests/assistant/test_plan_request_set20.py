"""Plan requests by class from the twentieth final blind set's misses (issue 57, plans20), in
other words than the set's, through the readers and the real chat (``conversations.chat``,
rules alone): a change of schedule beside a pain (fewer days, shorter sessions, a session moved;
never more training), a load taken "off" with a bare number ("knock 5 off the deadlift"), a
change named after a why with nothing it needs (fewer days, a load said to be off), a swap left
to the coach after a why of its own (out with nothing put in is still a removal), and a new plan
with its days still proposed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tests.assistant.test_issue57_examples import Athlete

from fitcoach.assistant.nlu import understand
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)  # the clock fixture's day (a Friday)


def _read(text: str) -> tuple[str, dict[str, object]]:
    u = understand(text, today=TODAY)
    return u.intent, dict(u.slots)


# --- the readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "exercise", "delta"),
    [
        ("knock 5 off the deadlift", "barbell-deadlift", -5.0),
        ("shave 2.5 off my bench please", "barbell-bench-press", -2.5),
    ],
)
def test_a_bare_number_taken_off_a_lift_is_a_lighter_load(
    text: str, exercise: str, delta: float
) -> None:
    assert _read(text) == ("change_load", {"exercise": exercise, "delta_kg": delta})


@pytest.mark.parametrize("text", ["take 3 days off from squats", "take 2 off"])
def test_days_or_nothing_taken_off_is_no_load(text: str) -> None:
    assert _read(text)[0] != "change_load"


@pytest.mark.parametrize(
    ("text", "wants"),
    [
        ("can we train fewer days, uni is hectic right now", "days_per_week"),
        ("less days please - the baby has me wrecked", "days_per_week"),
        ("my deadlift load looks wrong, can you fix it", "change_load"),
        ("the row weight is too light, change it please", "change_load"),
    ],
)
def test_a_change_named_with_a_why_and_no_figure_asks(text: str, wants: str) -> None:
    assert _read(text) == ("clarify", {"about": "plan", "wants": wants})


@pytest.mark.parametrize(
    "text",
    [
        "fewer days would be nice, maybe 3",  # the count is said
        "the squat weight felt off today",  # no change asked
    ],
)
def test_a_figure_or_no_request_is_no_vague_question(text: str) -> None:
    assert _read(text)[0] != "clarify"


@pytest.mark.parametrize(
    ("text", "exercise"),
    [
        ("no barbell at my parents' place, swap the back squats", "barbell-back-squat"),
        ("knee is grumpy - so replace the lunges please", "forward-lunge"),
    ],
)
def test_a_swap_alone_after_a_why_is_left_to_the_coach(text: str, exercise: str) -> None:
    assert _read(text) == ("swap_exercise", {"exercise": exercise, "to": None, "any": True})


def test_the_plan_after_a_why_is_no_swap() -> None:
    assert _read("work is mad, change the program")[0] != "swap_exercise"


def test_out_with_nothing_put_in_after_a_why_is_still_a_removal() -> None:
    text = "rolled my ankle at netball, could we sub out the tuck jumps"
    assert _read(text) == ("remove_exercise", {"exercise": "tuck-jump"})


# --- through the chat ----------------------------------------------------------------------------


def _injuries(me: Athlete) -> set[str]:
    profile = athletes.get_athlete(me.ctx, me.id).profile
    return {str(i.get("region")) for i in (profile.injuries if profile else [])}


def _proposed(me: Athlete, version: int | None) -> tuple[int, int]:
    assert version is not None
    view = plans.get_version(me.ctx, me.id, version)
    assert view.plan is not None
    return view.plan.days_per_week, view.plan.session_minutes


def test_fewer_days_beside_an_injury_are_proposed(me: Athlete) -> None:
    reply = me.say(
        "tweaked my knee on saturday, physio says it's minor. could we drop to 2 days a week for now"
    )
    assert "knee" in _injuries(me), reply.text
    assert _proposed(me, reply.proposed_version)[0] == 2, reply.text


def test_more_days_beside_an_injury_are_not_made(me: Athlete) -> None:
    reply = me.say("knee is a bit sore since the weekend. let's go up to 6 days a week")
    if reply.proposed_version is not None:  # the injury's own proposal, at most
        assert _proposed(me, reply.proposed_version)[0] != 6, reply.text


def test_shorter_sessions_beside_a_pain_are_proposed(me: Athlete) -> None:
    reply = me.say("elbow's been grumbling for a few days. keep the sessions at 35 min")
    assert _proposed(me, reply.proposed_version)[1] == 35, reply.text


def test_longer_sessions_beside_a_pain_are_not_made(me: Athlete) -> None:
    reply = me.say("elbow's been grumbling for a few days. keep the sessions at 90 min")
    if reply.proposed_version is not None:
        assert _proposed(me, reply.proposed_version)[1] != 90, reply.text


def test_a_session_moved_beside_a_pain_is_proposed(me: Athlete) -> None:
    planned = [s.on for s in plans.next_sessions(me.ctx, me.id, TODAY)]
    first = planned[0]
    free = next(d for n in range(1, 7) if (d := first + timedelta(days=n)) not in planned)
    reply = me.say(
        f"my ankle is sore after the match, move {first:%A}'s session to {free:%A} so it can settle"
    )
    assert reply.proposed_version is not None, reply.text
    assert "ankle" in _injuries(me), reply.text


def test_a_lighter_load_taken_off_is_read_by_the_chat(me: Athlete) -> None:
    reply = me.say("knock 5 off my squat")
    # (the plan doses the squat by effort: what it lifts now is asked, 5 kg off it said)
    assert "take 5 kg off" in reply.text, reply.text


def test_a_new_plan_with_its_days_is_still_proposed(me: Athlete) -> None:
    reply = me.say("make a plan for me, 3 days a week")
    assert _proposed(me, reply.proposed_version)[0] == 3, reply.text
