"""The plan in force is served for the athlete's profile as it is now: an injury recorded after
the plan was approved changes today's session (whatever the readiness), the next sessions and
the guided workout, and a proposal brings the stored plan up to date."""

from __future__ import annotations

from datetime import date, timedelta

from tests.factories import make_athlete
from tests.services.test_plans_service import START, morning, mornings

from fitcoach.coach.plan import PlannedSession
from fitcoach.coach.safety import default_library
from fitcoach.services import athletes, plans
from fitcoach.services.context import ServiceContext

DAY = date(2026, 11, 20)  # the fixed clock's day (a Friday)
SQUAT = "barbell-back-squat"
KNEE = {"region": "knee", "severity": "moderate", "note": "reported in chat", "since": "2026-11-19"}


def _knee_unsafe(slug: str) -> bool:
    return bool(default_library()[slug].contraindications(["knee"]))


def _exercises(session: PlannedSession | None) -> list[str]:
    return [i.exercise for i in session.items] if session is not None else []


def squat_day(
    ctx: ServiceContext, start: date = START, existing: int | None = None
) -> tuple[int, PlannedSession]:
    """An athlete (a new one, or ``existing``) whose plan in force has a back-squat session
    next (the sessions before it skipped; from ``START`` it falls today), and that stored
    session."""
    a = existing if existing is not None else make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=start, replace=True).plan
    assert plan is not None
    for s in plan.sessions():
        if SQUAT in _exercises(s):
            return a, s
        plans.propose_edit(ctx, a, {"op": "skip_session", "session": s.key}, auto_apply=True)
    raise AssertionError("the generated plan has no back squat")


def assert_knee_safe(view: plans.TodayView) -> None:
    """Nothing in the view's sessions loads an injured knee the rules forbid, and the reasons
    say what was swapped and why."""
    for session in (view.session, view.planned):
        assert not [s for s in _exercises(session) if _knee_unsafe(s)], session
    texts = view.reasons_text
    assert any(
        t.startswith("Barbell Back Squat is left out (")
        and "deep knee flexion under load: not with a knee injury" in t
        for t in texts
    ), texts
    assert any(t.startswith("Barbell Back Squat replaced by ") for t in texts), texts


def test_today_serves_the_plan_for_the_injury_recorded_after_approval(
    ctx: ServiceContext,
) -> None:
    a, stored = squat_day(ctx)
    # Without the injury the session is served exactly as stored, with no extra reason.
    before = plans.today(ctx, a, DAY)
    assert (before.status, before.session, before.planned) == ("train", stored, stored)
    assert [r.code for r in before.reasons] == ["session_moved", "readiness_no_checkin"]

    athletes.update_profile(ctx, a, {"injuries": [KNEE]})
    calibrating = plans.today(ctx, a, DAY)
    assert calibrating.status == "train"
    assert calibrating.session is not None
    assert calibrating.session.key == stored.key
    assert len(calibrating.session.items) == len(stored.items)
    assert [r.code for r in calibrating.reasons[:2]] == ["session_moved", "readiness_no_checkin"]
    assert_knee_safe(calibrating)
    # Only what the knee rules out changes; the version in force is still the stored one.
    for old, new in zip(stored.items, calibrating.session.items, strict=True):
        assert (new == old) is not _knee_unsafe(old.exercise)
    assert plans.current(ctx, a).plan.session(stored.key) == stored  # type: ignore[union-attr]

    mornings(ctx, a, DAY - timedelta(days=1), 30)
    morning(ctx, a, DAY, "good")
    green = plans.today(ctx, a, DAY)
    assert (green.status, green.session) == ("train", calibrating.session)
    assert "readiness_green" in [r.code for r in green.reasons]
    assert_knee_safe(green)

    morning(ctx, a, DAY, "meh")
    yellow = plans.today(ctx, a, DAY)
    assert yellow.status == "lighter"
    assert_knee_safe(yellow)
    assert yellow.session is not None
    for light, full in zip(yellow.session.items, calibrating.session.items, strict=True):
        assert light.exercise == full.exercise

    morning(ctx, a, DAY, "bad")
    red = plans.today(ctx, a, DAY)
    assert red.status == "recovery"
    assert red.planned == calibrating.session  # still next, as it may be done
    assert_knee_safe(red)

    tomorrow = plans.today(ctx, a, DAY + timedelta(days=1))  # readiness not known yet
    assert not [s for s in _exercises(tomorrow.planned) if _knee_unsafe(s)]


def test_a_rest_day_names_the_next_session_as_it_will_be_served(ctx: ServiceContext) -> None:
    a, stored = squat_day(ctx, start=date(2026, 11, 23))
    athletes.update_profile(ctx, a, {"injuries": [KNEE]})
    view = plans.today(ctx, a, DAY)
    assert view.status == "rest"
    assert view.planned is not None
    assert view.planned.key == stored.key
    assert view.reasons[0].code == "rest_day"
    assert_knee_safe(view)


def test_the_next_sessions_are_served_for_the_profile_as_it_is_now(ctx: ServiceContext) -> None:
    a, stored = squat_day(ctx)
    plain = plans.next_sessions(ctx, a, DAY, limit=3)
    assert plain[0].key == stored.key
    assert all(not s.changed and not s.reasons for s in plain)
    current = plans.current(ctx, a).plan
    assert current is not None
    assert [s.session for s in plain] == [current.session(s.key) for s in plain]

    athletes.update_profile(ctx, a, {"injuries": [KNEE]})
    served = plans.next_sessions(ctx, a, DAY, limit=3)
    assert [(s.key, s.on) for s in served] == [(s.key, s.on) for s in plain]
    for s in served:
        assert not [x for x in _exercises(s.session) if _knee_unsafe(x)]
    first = served[0]
    assert first.changed
    assert any(
        "deep knee flexion under load: not with a knee injury" in r.text for r in first.reasons
    )
    until = plans.next_sessions(ctx, a, DAY, until=served[1].on)
    assert [s.key for s in until] == [s.key for s in served[:2]]


def test_an_injury_proposes_the_plan_made_safe_for_the_athlete_to_approve(
    ctx: ServiceContext,
) -> None:
    a, stored = squat_day(ctx)
    in_force = plans.current(ctx, a)
    assert in_force.plan is not None
    # Nothing to propose while the plan passes, or for a field the validator does not read.
    assert plans.propose_for_profile(ctx, a, ["injuries"], proposed_by="athlete") is None
    athletes.update_profile(ctx, a, {"injuries": [KNEE]})
    assert plans.propose_for_profile(ctx, a, ["weight_kg"], proposed_by="athlete") is None

    proposal = plans.propose_for_profile(ctx, a, ["injuries", "weight_kg"], proposed_by="athlete")
    assert proposal is not None
    assert (proposal.status, proposal.parent_version, proposal.accepted, proposal.applied) == (
        "proposed",
        in_force.version,
        True,
        False,
    )
    assert proposal.reasons[0].code == "profile_safety"
    assert "(injuries)" in proposal.reasons[0].text
    assert any(
        "deep knee flexion under load: not with a knee injury" in t for t in proposal.reasons_text
    )
    assert proposal.diff
    assert proposal.plan is not None
    for old, new in zip(in_force.plan.sessions(), proposal.plan.sessions(), strict=True):
        if old.status != "planned":
            assert new == old  # history is never changed
        else:
            assert not [x for x in _exercises(new) if _knee_unsafe(x)], new.key
    assert plans.current(ctx, a).version == in_force.version  # proposed, not applied
    # The same proposal is not stored twice.
    assert plans.propose_for_profile(ctx, a, ["injuries"], proposed_by="athlete") is None
    assert [v.version for v in plans.versions(ctx, a, "proposed")] == [proposal.version]

    approved = plans.approve(ctx, a, proposal.version)
    assert approved.applied
    # The stored plan has caught up: today serves it as stored, with nothing left to change.
    today = plans.today(ctx, a, DAY)
    assert today.session == approved.plan.session(stored.key)  # type: ignore[union-attr]
    assert [r.code for r in today.reasons] == ["session_moved", "readiness_no_checkin"]
    assert plans.propose_for_profile(ctx, a, ["injuries"], proposed_by="athlete") is None
