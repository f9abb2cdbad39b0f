"""Plan requests through the real chat (rules alone), on SQLite and PostgreSQL: a load change
on a lift the plan doses by effort is added to the athlete's own last logged working load (or
asks what they lift now), and a fresh block is generated from the profile and proposed."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest
from tests.factories import as_subject, make_athlete, subject_of, workout

from fitcoach.assistant import conversations
from fitcoach.assistant.llm import Assistant
from fitcoach.assistant.reply import Reply
from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.services import athletes, plans, training_log
from fitcoach.services.context import ServiceContext

ASSISTANT = Assistant()
MONDAY = date(2026, 11, 16)  # the test clock's week (Friday 20 Nov)
NEXT_MONDAY = date(2026, 11, 23)
SQUAT = "barbell-back-squat"


class Athlete:
    def __init__(self, ctx: ServiceContext, start: date = MONDAY) -> None:
        athlete = make_athlete(ctx)
        self.id = athlete.id
        self.ctx = as_subject(ctx, subject_of(ctx, athlete))
        # Generated before anything is logged: no e1RM, so the plan doses the lifts by RIR.
        plans.generate(ctx, self.id, start=start)

    def say(self, text: str) -> Reply:
        reply = conversations.chat(self.ctx, self.id, text, channel="web", assistant=ASSISTANT)
        self.ctx.session.flush()
        return reply

    def log(self, at: datetime, *sets: tuple[str, int, float | None, float | None]) -> None:
        training_log.log_workout(self.ctx, self.id, workout(at, *sets))

    def plan(self, version: int | None = None) -> Plan:
        view = (
            plans.current(self.ctx, self.id)
            if version is None
            else plans.get_version(self.ctx, self.id, version)
        )
        assert view.plan is not None
        return view.plan

    def versions(self) -> int:
        return len(plans.versions(self.ctx, self.id))


def _loads(plan: Plan, slug: str) -> set[Any]:
    return {
        (item.load.kind, item.load.value)
        for s in plan.sessions()
        if s.status == "planned"
        for item in s.items
        if isinstance(item, StrengthItem) and item.exercise == slug
    }


def test_a_load_change_on_an_effort_dosed_lift_adds_to_the_last_logged_load(
    ctx: ServiceContext,
) -> None:
    me, other = Athlete(ctx), Athlete(ctx)
    assert {kind for kind, _ in _loads(me.plan(), SQUAT)} == {"by_rir"}
    me.log(datetime(2026, 11, 12, 17, tzinfo=UTC), *[(SQUAT, 5, 110.0, 2.0)] * 3)
    # The latest workout with the squat decides (its heaviest working set), not the heaviest ever.
    me.log(datetime(2026, 11, 16, 17, tzinfo=UTC), (SQUAT, 5, 95.0, 3.0), *[(SQUAT, 5, 100.0, 2.0)] * 2)  # fmt: skip
    # Another athlete's later, heavier squat is not this athlete's base.
    other.log(datetime(2026, 11, 19, 17, tzinfo=UTC), *[(SQUAT, 5, 140.0, 2.0)] * 3)
    reply = me.say("add 5 kg to my squat")
    assert reply.proposed_version is not None, reply.text
    assert "Your last Barbell Back Squat was 100 kg on Mon 16 Nov, so 105 kg" in reply.text
    assert _loads(me.plan(reply.proposed_version), SQUAT) == {("kg", 105.0)}
    assert {kind for kind, _ in _loads(me.plan(), SQUAT)} == {"by_rir"}  # it waits for approval


def test_a_load_change_with_no_logged_load_asks_what_they_lift_now(ctx: ServiceContext) -> None:
    me, other = Athlete(ctx), Athlete(ctx)
    other.log(datetime(2026, 11, 19, 17, tzinfo=UTC), *[("barbell-bench-press", 5, 60.0, 2.0)] * 3)
    before = me.versions()
    reply = me.say("bump my bench by 2.5 kg")
    assert reply.proposed_version is None
    assert reply.text.startswith("What do you lift on barbell bench press now?"), reply.text
    assert reply.text.count("?") == 1  # one question
    assert me.versions() == before  # nothing proposed, nothing guessed


# A load said outright is held to the same step: the validator has no planned kg to step from
# on an effort-dosed lift, so it is checked against the last logged working load too.
@pytest.mark.parametrize("text", ["add 20 kg to my squat", "set my squat to 130 kg"])
def test_a_load_over_one_safe_step_from_the_logged_load_is_refused(
    ctx: ServiceContext, text: str
) -> None:
    me = Athlete(ctx)
    me.log(datetime(2026, 11, 16, 17, tzinfo=UTC), *[(SQUAT, 5, 100.0, 2.0)] * 3)
    before = me.versions()
    reply = me.say(text)
    assert reply.proposed_version is None
    assert "your last Barbell Back Squat was 100 kg on Mon 16 Nov" in reply.text
    assert "at most 5 kg from there (to 105 kg)" in reply.text
    assert 'say "add 5 kg to my barbell back squat"' in reply.text
    assert me.versions() == before


def test_a_load_set_outright_within_one_step_of_the_log_is_proposed(ctx: ServiceContext) -> None:
    me = Athlete(ctx)
    me.log(datetime(2026, 11, 16, 17, tzinfo=UTC), *[(SQUAT, 5, 100.0, 2.0)] * 3)
    within = me.say("set my squat to 105 kg")
    assert within.proposed_version is not None, within.text
    assert _loads(me.plan(within.proposed_version), SQUAT) == {("kg", 105.0)}


def test_a_load_set_outright_with_nothing_logged_is_the_athletes_starting_load(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx)
    reply = me.say("set my squat to 80 kg")
    assert reply.proposed_version is not None, reply.text
    assert _loads(me.plan(reply.proposed_version), SQUAT) == {("kg", 80.0)}


def test_a_load_change_for_an_imperial_athlete_reads_in_pounds(ctx: ServiceContext) -> None:
    me = Athlete(ctx)
    athletes.update_profile(me.ctx, me.id, {"units": "imperial"})
    me.log(datetime(2026, 11, 16, 17, tzinfo=UTC), *[(SQUAT, 5, 100.0, 2.0)] * 3)
    reply = me.say("bump my squat up 10 lbs")
    assert reply.proposed_version is not None, reply.text
    ((kind, kg),) = _loads(me.plan(reply.proposed_version), SQUAT)
    assert kind == "kg"
    assert kg == pytest.approx(100 + 10 * 0.45359237, abs=0.01)
    assert "Your last Barbell Back Squat was 220.5 lb" in reply.text


@pytest.mark.parametrize(
    "text", ["a new plan with the same settings", "start a fresh block", "regenerate my plan"]
)
def test_a_fresh_block_is_proposed_from_next_monday(ctx: ServiceContext, text: str) -> None:
    me = Athlete(ctx)
    in_force = plans.current(me.ctx, me.id).version
    reply = me.say(text)
    assert reply.proposed_version is not None, reply.text
    assert "a fresh 4-week block from Mon 23 Nov, made from your profile" in reply.text
    assert "drops the sessions still planned this week" in reply.text
    view = plans.get_version(me.ctx, me.id, reply.proposed_version)
    assert view.status == "proposed"
    assert view.reasons_text[0] == (
        "A fresh block from Mon 23 Nov, made from your profile: you asked in the chat."
    )
    assert plans.current(me.ctx, me.id).version == in_force  # waits for approval
    plans.approve(me.ctx, me.id, reply.proposed_version)
    plan = me.plan()
    assert plan.start == NEXT_MONDAY
    assert (plan.goal, plan.days_per_week, plan.session_minutes) == ("strength", 4, 60)


def test_a_fresh_block_starts_today_when_nothing_is_left_this_week(ctx: ServiceContext) -> None:
    me = Athlete(ctx, start=NEXT_MONDAY)  # nothing planned before next Monday
    reply = me.say("regenerate my plan")
    assert reply.proposed_version is not None, reply.text
    assert me.plan(reply.proposed_version).start == date(2026, 11, 20)
    assert "drops the sessions" not in reply.text


def test_a_fresh_block_takes_what_the_athlete_said(ctx: ServiceContext) -> None:
    me = Athlete(ctx)
    reply = me.say("make me a new plan, 3 days a week, 45 min")
    assert reply.proposed_version is not None, reply.text
    plan = me.plan(reply.proposed_version)
    assert (plan.start, plan.days_per_week, plan.session_minutes) == (NEXT_MONDAY, 3, 45)
    assert "made from your profile and what you asked" in reply.text


def test_making_the_plan_what_it_already_is_still_fits(ctx: ServiceContext) -> None:
    me = Athlete(ctx)
    before = me.versions()
    reply = me.say("make my plan a strength plan")
    assert reply.proposed_version is None
    assert "Your plan already fits that" in reply.text
    assert me.versions() == before


def test_pain_with_a_swap_left_to_the_coach_notes_the_injury_and_answers_the_swap(
    ctx: ServiceContext,
) -> None:
    me = Athlete(ctx)
    reply = me.say("elbow hurts on skull crushers, switch to something else")
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    assert "elbow" in [str(i.get("region")) for i in profile.injuries]
    # The plan has no skull crusher: the swap is answered, not a list of options to pick from.
    assert "EZ-Bar Skull Crusher is not in your plan" in reply.text
    assert reply.proposed_version is None
