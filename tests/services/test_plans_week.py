"""The week ahead (``plans.week_ahead``, the facade's ``/workout``): the next days' sessions of
the plan in force as served for the profile now; with no plan, one is generated only for a
caller that may write; nothing while a health flag is open."""

from __future__ import annotations

from datetime import timedelta

import pytest
from tests.factories import as_subject, make_athlete, subject_of
from tests.services.test_plans_serving import DAY, KNEE, _exercises, _knee_unsafe, squat_day

from fitcoach.core.errors import NotFound, PermissionDenied
from fitcoach.services import athletes, health, plans
from fitcoach.services.context import ServiceContext


def test_with_no_plan_one_is_generated_only_when_the_caller_may(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    with pytest.raises(PermissionDenied, match="'write' token is needed"):
        plans.week_ahead(ctx, a, may_generate=False)
    assert plans.versions(ctx, a) == []

    week = plans.week_ahead(ctx, a, may_generate=True)
    end = DAY + timedelta(days=plans.WEEK_DAYS - 1)
    assert (week.athlete_id, week.start, week.end, week.plan_version) == (a, DAY, end, 1)
    assert (week.status, week.escalation) == ("active", None)
    assert week.sessions
    assert all(DAY <= s.on <= end and s.session.items for s in week.sessions)
    # The plan in force now: asking again (even without the right to write) generates nothing.
    assert plans.week_ahead(ctx, a, may_generate=False) == week
    assert [v.version for v in plans.versions(ctx, a)] == [1]
    short = plans.week_ahead(ctx, a, may_generate=False, days=2)
    assert short.end == DAY + timedelta(days=1)
    assert short.sessions == [s for s in week.sessions if s.on <= short.end]


def test_the_sessions_are_served_for_the_profile_now_with_the_reasons(
    ctx: ServiceContext,
) -> None:
    a, stored = squat_day(ctx)
    plain = plans.week_ahead(ctx, a, may_generate=False)
    assert plain.sessions[0].session == stored
    athletes.update_profile(ctx, a, {"injuries": [KNEE]})
    week = plans.week_ahead(ctx, a, may_generate=False)
    assert [(s.on, s.moved_from) for s in week.sessions] == [
        (s.on, s.moved_from) for s in plain.sessions
    ]
    first = week.sessions[0].session
    assert first.key == stored.key
    assert not [x for x in _exercises(first) if _knee_unsafe(x)]
    # The stored session's own reasons first, then what the check changed and why.
    assert first.reasons[: len(stored.reasons)] == stored.reasons
    assert any(
        "deep knee flexion under load: not with a knee injury" in r.text
        for r in first.reasons[len(stored.reasons) :]
    )


def test_an_open_health_flag_blocks_the_week(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    version = plans.generate(ctx, a).version
    health.raise_flag(ctx, a, "chest_pain", note="sharp, left side")
    week = plans.week_ahead(ctx, a, may_generate=False)
    assert (week.status, week.plan_version, week.sessions) == ("blocked", version, [])
    assert week.escalation


def test_another_athletes_week_is_not_found_not_forbidden(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    other = make_athlete(ctx)
    as_other = as_subject(ctx, subject_of(ctx, other))
    for may_generate in (False, True):
        with pytest.raises(NotFound):
            plans.week_ahead(as_other, a, may_generate=may_generate)
    assert plans.versions(ctx, a) == []
