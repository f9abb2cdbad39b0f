"""Issue 60: "undo that" names what it takes back, and asks first when the last thing said was
not a log; it acts only on the athlete's yes, and only on the entry it named. Through the real
chat (``conversations.chat`` with the offline assistant), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from tests.assistant.test_issue34_examples import GYM, TODAY, Athlete

from fitcoach.core.clock import FixedClock
from fitcoach.services import plans, training_log
from fitcoach.services.context import ServiceContext

QUESTION = "Take back the sleep of last night (7 h)?"


def _lifter(ctx: ServiceContext) -> Athlete:
    me = Athlete(ctx, units="imperial", equipment=GYM)
    plans.generate(ctx, me.id, start=TODAY - timedelta(days=4))
    return me


def _the_issues_morning(me: Athlete) -> None:
    me.say("bench 3x8 at 135 lb")
    me.say("slept 7 hours")
    me.say("move Monday's session to Saturday")
    me.say("move Tuesday's session to Sunday")
    me.say("my knee hurts when I squat")


def test_undo_after_other_talk_names_the_entry_and_waits_for_yes(ctx: ServiceContext) -> None:
    me = _lifter(ctx)
    _the_issues_morning(me)
    assert me.stored() == {"workouts": 1, "sleep": 1}
    asked = me.say("undo that")
    assert asked.text.startswith(QUESTION), asked.text
    assert [c.tool for c in asked.tool_calls] == ["last_log_entry"]  # read only
    assert me.stored() == {"workouts": 1, "sleep": 1}
    done = me.say("yes")
    assert done.text == "Removed the sleep of last night (7 h)."
    assert me.stored() == {"workouts": 1}


def test_no_keeps_the_entry(ctx: ServiceContext) -> None:
    me = _lifter(ctx)
    _the_issues_morning(me)
    assert me.say("undo that").text.startswith(QUESTION)
    assert me.say("no, keep it").text == "Kept it: nothing was removed."
    assert me.stored() == {"workouts": 1, "sleep": 1}


def test_right_after_a_log_undo_acts_and_names_what_it_removed(ctx: ServiceContext) -> None:
    me = _lifter(ctx)
    me.say("bench 3x8 at 135 lb")
    me.say("slept 7 hours")
    said = me.say("undo that")
    assert said.text == "Removed the sleep of last night (7 h)."
    assert me.stored() == {"workouts": 1}
    # The last thing said is now an undo, not a log: the next one asks, naming the workout.
    again = me.say("undo that")
    assert again.text.startswith("Take back the workout “"), again.text
    assert "(3 sets)?" in again.text
    assert me.stored() == {"workouts": 1}


def test_a_yes_to_an_entry_no_longer_last_asks_again(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    """A meal logged on the web between the question and the yes: the yes was for the sleep,
    and undo would now take back the meal, so it asks about the meal and removes nothing."""
    me = _lifter(ctx)
    _the_issues_morning(me)
    assert me.say("undo that").text.startswith(QUESTION)
    clock.set(clock.now() + timedelta(minutes=1))
    eaten = clock.now().isoformat()
    training_log.log_meal(me.ctx, me.id, {"eaten_at": eaten, "description": "porridge"})
    said = me.say("yes")
    assert said.text.startswith("Take back the meal “porridge”?"), said.text
    assert me.stored() == {"workouts": 1, "sleep": 1, "meals": 1}
    assert me.say("yes").text == "Removed the meal “porridge”."
    assert me.stored() == {"workouts": 1, "sleep": 1}
