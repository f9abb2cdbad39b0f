"""Plan requests through the real chat (rules alone) that the plan in force cannot take as
they are said: an exercise it does not have. The reply says so in words, proposes nothing and
changes nothing."""

from __future__ import annotations

from datetime import date

from tests.assistant.test_issue57_examples import Athlete

from fitcoach.coach.library import library_records
from fitcoach.services import athletes, plans

TODAY = date(2026, 11, 20)
NAMES = {r.slug: r.name for r in library_records()}


def _unplanned(me: Athlete, *slugs: str) -> str:
    """The first of ``slugs`` that the plan in force does not hold."""
    view = plans.current(me.ctx, me.id)
    assert view.plan is not None
    held = {i.exercise for s in view.plan.sessions() for i in s.items}
    return next(s for s in slugs if s not in held)


def test_removing_an_exercise_neither_the_plan_nor_the_log_has_says_so(me: Athlete) -> None:
    slug = _unplanned(me, "box-jump", "burpee", "kettlebell-swing")
    reply = me.say(f"please remove the {NAMES[slug].lower()}s, the neighbours downstairs complain")
    assert reply.proposed_version is None
    assert f"{NAMES[slug]} is not in your plan" in reply.text
    assert "nothing logged in this chat has it" in reply.text


def test_swapping_out_an_exercise_the_plan_lacks_names_it_in_words(me: Athlete) -> None:
    slug = _unplanned(me, "turkish-get-up", "box-jump", "burpee")
    reply = me.say(f"swap the {NAMES[slug].lower()} for step-ups please")
    assert reply.proposed_version is None
    assert f"{NAMES[slug]} is not in your plan" in reply.text
    assert slug not in reply.text  # the library's name, never its slug


def _planned_strength(me: Athlete) -> str:
    view = plans.current(me.ctx, me.id)
    assert view.plan is not None
    return sorted(
        i.exercise
        for s in view.plan.sessions()
        if s.status == "planned"
        for i in s.items
        if getattr(i, "kind", "") == "strength"
    )[0]


def test_pain_with_a_removal_notes_the_region_and_proposes_the_plan_without_it(
    me: Athlete,
) -> None:
    slug = _planned_strength(me)
    reply = me.say(f"my wrist is a bit sore, please leave out the {NAMES[slug].lower()} for now")
    assert reply.proposed_version is not None, reply.text
    assert slug not in me.planned(reply.proposed_version)
    profile = athletes.get_athlete(me.ctx, me.id).profile
    assert profile is not None
    assert "wrist" in [i["region"] for i in profile.injuries]


def test_pain_with_a_removal_the_plan_lacks_says_so(me: Athlete) -> None:
    slug = _unplanned(me, "box-jump", "burpee", "kettlebell-swing")
    reply = me.say(f"knee has been aching, I'd like to avoid the {NAMES[slug].lower()}s")
    assert f"{NAMES[slug]} is not in your plan" in reply.text


def test_days_and_minutes_in_one_message_are_one_proposal_of_both(me: Athlete) -> None:
    view = plans.current(me.ctx, me.id)
    assert view.plan is not None
    days = 3 if view.plan.days_per_week != 3 else 2
    reply = me.say(f"could we go to {days} days a week and keep sessions to 40 min")
    proposed = plans.get_version(me.ctx, me.id, reply.proposed_version or 0).plan
    assert proposed is not None, reply.text
    assert (proposed.days_per_week, proposed.session_minutes) == (days, 40)
