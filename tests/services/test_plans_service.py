"""The plan service on a real database: versions, edits and approvals, today's session, the
weekly review, and the `fitcoach plan` commands."""

from __future__ import annotations

import json
import random
import re
import threading
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from tests.conftest import Database
from tests.factories import as_subject, make_athlete, subject_of
from typer.testing import CliRunner

from fitcoach.cli import app
from fitcoach.coach.edits import diff_plans
from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.coach.safety import default_library, validate_plan
from fitcoach.coach.today import project, upcoming
from fitcoach.core.clock import FixedClock
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.services import athletes, health, monitoring, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import generation, store
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.repositories import plans as plans_repo

START = date(2026, 11, 16)  # Monday; the clock stands at Friday 2026-11-20 12:00 UTC


def at(day: date, hour: int = 18) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=UTC)


def log_session(
    ctx: ServiceContext,
    athlete_id: int,
    plan: Plan,
    key: str,
    day: date,
    *,
    reps: str = "top",
    kg: float = 50.0,
    rir: float | None = None,
) -> None:
    """Log the strength items of a planned session: every set at the top (or bottom, or below
    the bottom) of the range at ``kg`` (bodyweight items without load)."""
    sets = []
    for item in plan.session(key).items:
        if not isinstance(item, StrengthItem):
            continue
        n = {"top": item.rep_max, "bottom": item.rep_min, "miss": max(0, item.rep_min - 2)}[reps]
        weight = None if item.load.kind == "bodyweight" else kg
        for _ in range(item.sets):
            sets.append(
                {
                    "exercise": item.exercise,
                    "reps": n,
                    "weight_kg": weight,
                    "rir": item.target_rir if rir is None else rir,
                }
            )
    training_log.log_workout(ctx, athlete_id, {"started_at": at(day).isoformat(), "sets": sets})


def original_dates(plan: Plan) -> dict[str, date]:
    return {p.key: p.original for p in project(plan, plan.start)}


def kg_loads(plan: Plan, key: str) -> dict[str, float]:
    return {
        i.exercise: i.load.value or 0.0
        for i in plan.session(key).items
        if isinstance(i, StrengthItem) and i.load.kind == "kg"
    }


# --- generate, show, versions ---------------------------------------------------------------------


def test_generate_stores_an_active_version_and_supersedes_the_old(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    with pytest.raises(NotFound, match="no active plan; generate one first"):
        plans.current(ctx, a)
    first = plans.generate(ctx, a, seed=5, start=START)
    assert (first.version, first.status, first.proposed_by) == (1, "active", "athlete")
    assert first.verdict.status in ("ok", "repaired")
    assert first.plan is not None
    assert first.plan.start == START
    assert first.reasons
    assert all(r.text for r in first.reasons)
    assert [o.model_dump(mode="json") for o in first.operations] == [
        {"op": "generate", "seed": 5, "weeks": 4, "start": "2026-11-16"}
    ]
    again = plans.generate(ctx, a, seed=5, start=START, replace=True)
    assert again.version == 2
    assert again.parent_version == 1
    assert again.plan is not None
    # Deterministic: the same profile and seed give the same plan.
    assert again.plan.model_dump(exclude={"created_at"}) == first.plan.model_dump(
        exclude={"created_at"}
    )
    assert [(v.version, v.status) for v in plans.versions(ctx, a)] == [
        (2, "active"),
        (1, "superseded"),
    ]
    assert plans.current(ctx, a).version == 2
    # The view answered from the plan in hand is the one read back from its stored document.
    assert plans.get_version(ctx, a, 2) == again
    assert [v.version for v in plans.versions(ctx, a, "superseded")] == [1]
    with pytest.raises(InvalidInput, match="unknown status"):
        plans.versions(ctx, a, "draft")
    with pytest.raises(NotFound, match="no plan version 9"):
        plans.get_version(ctx, a, 9)


def test_the_plan_in_force_is_read_once_per_stored_text(ctx: ServiceContext) -> None:
    """A generation diffs against the plan in force, kept per process by its stored JSON text:
    the same plan as its document validated, and never the one a newer version replaced."""
    a = make_athlete(ctx).id
    assert store.plan_in_force(ctx, a) is None
    plans.generate(ctx, a, seed=5, start=START)
    store.PLANS_IN_FORCE.clear()
    version, plan = store.plan_in_force(ctx, a) or (0, None)
    row = plans_repo.active(ctx.session, ctx.scope(a))
    assert row is not None
    assert (version, plan) == (1, Plan.model_validate(row.document))
    assert store.plan_in_force(ctx, a) == (1, plan)
    assert (store.PLANS_IN_FORCE.hits, store.PLANS_IN_FORCE.misses) == (1, 1)
    proposed = plans.generate(ctx, a, seed=6, start=START)  # waits: the diff is to version 1
    assert proposed.status == "proposed"
    assert proposed.diff == plans.generate(ctx, a, seed=6, start=START).diff
    assert [c.model_dump() for c in proposed.diff] == [
        c.model_dump() for c in diff_plans(plan, proposed.plan or plan)
    ]
    plans.generate(ctx, a, seed=7, start=START, replace=True)
    version, newer = store.plan_in_force(ctx, a) or (0, None)
    assert version == 4  # the repeat above, in a transaction that wrote, stored version 3
    assert newer is not None
    assert newer.seed == 7
    assert store.PLANS_IN_FORCE.misses == 2


def test_a_generated_plan_never_silently_replaces_the_one_in_force(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    a = athlete.id
    first = plans.generate(ctx, a, seed=1, start=START)
    plans.propose_edit(ctx, a, {"op": "skip_session", "session": "w1s3"}, auto_apply=True)
    approved = plans.current(ctx, a)
    proposal = plans.generate(ctx, a, seed=2, start=START)
    assert (proposal.status, proposal.parent_version) == ("proposed", approved.version)
    assert proposal.reasons[0].code == "plan_waits"
    assert proposal.diff  # what it would change, against the plan in force
    assert plans.current(ctx, a).version == approved.version  # still in force
    assert first.version != proposal.version
    # The athlete approves it; then it is in force.
    plans.approve(as_subject(ctx, subject_of(ctx, athlete)), a, proposal.version or 0)
    assert plans.current(ctx, a).version == proposal.version
    # --replace puts it in force at once; a coach cannot, their plan waits for the athlete.
    replaced = plans.generate(ctx, a, seed=3, start=START, replace=True)
    assert (replaced.status, plans.current(ctx, a).version) == ("active", replaced.version)
    coach_id = athletes.create_staff_account(ctx, "gen@example.org", "Gen", Role.coach)
    athletes.link_coach(ctx, coach_id, a)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    with pytest.raises(InvalidInput, match="waits for the athlete's approval"):
        plans.generate(coach, a, seed=4, start=START, replace=True, proposed_by="coach")
    theirs = plans.generate(coach, a, seed=4, start=START, proposed_by="coach")
    assert (theirs.status, theirs.proposed_by) == ("proposed", "coach")
    with pytest.raises(PermissionDenied):
        plans.approve(coach, a, theirs.version or 0)
    # A generated proposal made for an older plan in force is not approved over a newer one.
    plans.propose_edit(ctx, a, {"op": "skip_session", "session": "w2s1"}, auto_apply=True)
    with pytest.raises(Conflict, match="generate it again"):
        plans.approve(ctx, a, theirs.version or 0)


def test_another_athlete_cannot_see_or_change_the_plan(ctx: ServiceContext) -> None:
    mine = make_athlete(ctx)
    theirs = make_athlete(ctx)
    plans.generate(ctx, mine.id, start=START)
    them = as_subject(ctx, subject_of(ctx, theirs))
    for call in (
        lambda: plans.current(them, mine.id),
        lambda: plans.versions(them, mine.id),
        lambda: plans.today(them, mine.id, START),
        lambda: plans.review_week(them, mine.id, START),
        lambda: plans.propose_edit(them, mine.id, {"op": "skip_session", "session": "w1s1"}),
        lambda: plans.approve(them, mine.id, 1),
    ):
        with pytest.raises(NotFound):
            call()


# --- edits: propose, approve, reject ----------------------------------------------------------------


def test_the_athletes_own_edit_applies_at_once(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    item = next(i for i in plan.session("w1s2").items if isinstance(i, StrengthItem))
    easier = {
        "op": "change_rir",
        "session": "w1s2",
        "exercise": item.exercise,
        "target_rir": item.target_rir + 1,
    }
    result = plans.propose_edit(ctx, a, easier, auto_apply=True)
    assert (result.accepted, result.applied, result.status, result.version) == (
        True,
        True,
        "active",
        2,
    )
    assert result.verdict.status == "ok"
    assert [(c.path, c.after) for c in result.diff] == [
        (f"w1s2.{item.exercise}.target_rir", item.target_rir + 1)
    ]
    assert result.reasons[0].text == (
        f"Changed: {item.exercise} set to {item.target_rir + 1:g} reps in reserve in w1s2 "
        f"(asked by you)."
    )
    assert [o.model_dump(mode="json") for o in result.operations] == [easier]
    current = plans.current(ctx, a)
    assert current.version == 2
    assert current.plan is not None
    changed = next(i for i in current.plan.session("w1s2").items if i.exercise == item.exercise)
    assert isinstance(changed, StrengthItem)
    assert changed.target_rir == item.target_rir + 1
    with pytest.raises(InvalidInput, match="only the athlete's own edits apply directly"):
        plans.propose_edit(
            ctx, a, {"op": "skip_session", "session": "w1s3"}, proposed_by="coach", auto_apply=True
        )
    with pytest.raises(InvalidInput, match="changes nothing"):
        plans.propose_edit(ctx, a, easier)


def test_a_repaired_edit_carries_the_validators_reasons(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    item = next(i for i in plan.session("w2s1").items if isinstance(i, StrengthItem))
    result = plans.propose_edit(
        ctx,
        a,
        {"op": "change_sets", "session": "w2s1", "exercise": item.exercise, "sets": 10},
        auto_apply=True,
    )
    assert result.verdict.status == "repaired"
    assert result.applied
    assert any(r.code == "increase_capped" for r in result.reasons)
    stored = plans.current(ctx, a).plan
    assert stored is not None
    kept = next(i for i in stored.session("w2s1").items if i.exercise == item.exercise)
    assert isinstance(kept, StrengthItem)
    assert kept.sets < 10
    # The session's minutes follow the sets it kept, not the 10 asked for.
    per_set = ((item.rep_min + item.rep_max) / 2 * 4 + item.rest_s) / 60
    grown = stored.session("w2s1").estimated_minutes - plan.session("w2s1").estimated_minutes
    assert grown == pytest.approx((kept.sets - item.sets) * per_set, abs=1.01)
    assert any(c.path == "w2s1.estimated_minutes" for c in result.diff)
    assert any(r.code == "increase_capped" for r in kept.reasons)


def test_a_proposal_waits_for_approval_and_can_be_turned_down(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    proposal = plans.propose_edit(
        ctx, a, {"op": "skip_session", "session": "w1s3"}, proposed_by="coach"
    )
    assert (proposal.status, proposal.accepted, proposal.applied) == ("proposed", True, False)
    assert plans.current(ctx, a).version == 1
    approved = plans.approve(ctx, a, proposal.version or 0)
    assert (approved.status, approved.applied) == ("active", True)
    assert approved.decided_at is not None
    active = plans.current(ctx, a)
    assert active.version == proposal.version
    assert active.plan is not None
    assert active.plan.session("w1s3").status == "skipped"
    with pytest.raises(Conflict, match="only proposed versions"):
        plans.approve(ctx, a, 1)

    turned_down = plans.propose_edit(
        ctx, a, {"op": "skip_session", "session": "w2s1"}, proposed_by="assistant"
    )
    rejected = plans.reject(ctx, a, turned_down.version or 0)
    assert rejected.status == "rejected"
    assert plans.current(ctx, a).version == active.version
    with pytest.raises(Conflict):
        plans.reject(ctx, a, turned_down.version or 0)


def test_a_coach_cannot_approve_their_own_proposal(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    a = athlete.id
    plans.generate(ctx, a, start=START)
    coach_id = athletes.create_staff_account(ctx, "kim@example.org", "Kim", Role.coach)
    athletes.link_coach(ctx, coach_id, a)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    mine = plans.propose_edit(
        coach, a, {"op": "skip_session", "session": "w1s3"}, proposed_by="coach"
    )
    with pytest.raises(PermissionDenied, match="the athlete approves it"):
        plans.approve(coach, a, mine.version or 0)
    # Through the assistant (a coach's chat) the proposer is still the coach's account.
    chat = plans.propose_edit(
        coach, a, {"op": "skip_session", "session": "w2s1"}, proposed_by="assistant"
    )
    with pytest.raises(PermissionDenied, match="not its proposer"):
        plans.approve(coach, a, chat.version or 0)
    assert plans.current(ctx, a).version == 1
    assert plans.get_version(ctx, a, mine.version or 0).status == "proposed"
    # The athlete approves the coach's proposal; the coach may still withdraw the other one.
    athlete_ctx = as_subject(ctx, subject_of(ctx, athlete))
    approved = plans.approve(athlete_ctx, a, mine.version or 0)
    assert (approved.status, approved.applied) == ("active", True)
    assert plans.reject(coach, a, chat.version or 0).status == "rejected"


def test_approving_an_old_proposal_replays_it_on_the_current_plan(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    proposal = plans.propose_edit(
        ctx, a, {"op": "skip_session", "session": "w2s1"}, proposed_by="coach"
    )
    plans.propose_edit(ctx, a, {"op": "skip_session", "session": "w1s1"}, auto_apply=True)
    approved = plans.approve(ctx, a, proposal.version or 0)
    plan = plans.current(ctx, a).plan
    assert plan is not None
    assert approved.parent_version == 3
    # Both edits hold: the later one was not lost by approving the older proposal.
    assert plan.session("w1s1").status == "skipped"
    assert plan.session("w2s1").status == "skipped"


def test_an_edit_the_validator_refuses_is_stored_rejected_never_active(
    ctx: ServiceContext,
) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    health.raise_flag(ctx, a, "fainting")
    result = plans.propose_edit(
        ctx, a, {"op": "set_session_minutes", "minutes": 90}, auto_apply=True
    )
    assert (result.status, result.accepted, result.applied) == ("rejected", False, False)
    assert result.verdict.status == "blocked"
    assert any(v.action == "blocked" for v in result.verdict.violations)
    assert plans.current(ctx, a).version == 1
    assert [v.status for v in plans.versions(ctx, a)] == ["rejected", "active"]


def test_random_edits_rejected_never_become_active(ctx: ServiceContext) -> None:
    """Seeded random edit requests through the service: whatever happens, exactly one version
    is active and it passes the validator unchanged; a refusal never changes it."""
    rng = random.Random(11)
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    profile = health.safety_profile(ctx, a)
    outcomes: set[str] = set()
    for _ in range(15):
        before = plans.current(ctx, a)
        assert before.plan is not None
        planned = [s for s in before.plan.sessions() if s.status == "planned"]
        session = rng.choice(planned)
        slug = rng.choice([i.exercise for i in session.items])
        request = rng.choice(
            [
                {"op": "change_sets", "session": session.key, "exercise": slug, "sets": 10},
                {"op": "change_load", "exercise": slug, "load_kg": 300},
                {"op": "change_rir", "session": session.key, "exercise": slug, "target_rir": 0},
                {"op": "move_session", "session": session.key, "position": len(planned)},
                {"op": "set_session_minutes", "minutes": 90},
                {
                    "op": "replace_exercise",
                    "session": session.key,
                    "exercise": slug,
                    "to": "burpee",
                },
            ]
        )
        try:
            result = plans.propose_edit(ctx, a, request, auto_apply=rng.random() < 0.7)
        except InvalidInput:
            outcomes.add("invalid")
            assert plans.current(ctx, a).version == before.version
            continue
        now = plans.current(ctx, a)
        outcomes.add(result.status)
        if result.accepted:
            assert result.verdict.status in ("ok", "repaired")
            assert now.version == (result.version if result.applied else before.version)
        else:
            assert result.status == "rejected"
            assert result.verdict.status == "rejected"
            assert now.version == before.version
        assert now.plan is not None
        assert validate_plan(now.plan, profile, default_library()).status == "ok"
        assert sum(v.status == "active" for v in plans.versions(ctx, a)) == 1
    # The validator repairs what it can (capping, substituting); refusals are tested above.
    assert "active" in outcomes, outcomes
    assert len(outcomes) >= 2, outcomes


# --- today ---------------------------------------------------------------------------------------


def mornings(ctx: ServiceContext, athlete_id: int, last: date, days: int) -> None:
    """Steady mornings (HRV 55/65 ms, resting HR 54/56, 8 h sleep) up to ``last``."""
    for i in range(days):
        day = last - timedelta(days=i)
        up = i % 2 == 0
        training_log.log_daily(
            ctx,
            athlete_id,
            {
                "day": day,
                "hrv_rmssd_ms": 65 if up else 55,
                "resting_hr": 54 if up else 56,
                "sleep_s": 8 * 3600,
                "soreness": 2,
                "mood": 4,
                "energy": 4,
            },
        )


def morning(ctx: ServiceContext, athlete_id: int, day: date, kind: str) -> None:
    values = {
        "good": {"hrv_rmssd_ms": 61, "resting_hr": 55, "sleep_s": 8 * 3600, "soreness": 1},
        "bad": {"hrv_rmssd_ms": 42, "resting_hr": 63, "sleep_s": 4 * 3600, "soreness": 5},
        "meh": {
            "hrv_rmssd_ms": 58,
            "resting_hr": 56,
            "sleep_s": 7.5 * 3600,
            "soreness": 3,
            "energy": 3,
            "mood": 3,
        },
    }[kind]
    training_log.log_daily(ctx, athlete_id, {"day": day, **values})


def test_today_follows_readiness(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    day = date(2026, 11, 20)  # Friday: the third session's day, the first two were missed
    calibrating = plans.today(ctx, a, day)
    assert calibrating.status == "train"
    assert calibrating.session == plan.session("w1s1")
    codes = [r.code for r in calibrating.reasons]
    assert codes == ["session_moved", "readiness_no_checkin"]
    assert calibrating.moved_from == START

    mornings(ctx, a, day - timedelta(days=1), 30)
    morning(ctx, a, day, "good")
    green = plans.today(ctx, a, day)
    assert (green.status, green.session) == ("train", plan.session("w1s1"))
    assert green.reasons[-1].code == "readiness_green"

    morning(ctx, a, day, "bad")
    red = plans.today(ctx, a, day)
    assert red.status == "recovery"
    assert red.reasons[1].code == "readiness_red"
    assert red.session is not None
    assert len(red.session.items) == 1
    easy = red.session.items[0]
    assert easy.kind == "cardio"
    assert easy.intensity.value <= 2
    assert easy.duration_s is not None
    assert 20 * 60 <= easy.duration_s <= 30 * 60
    assert red.planned == plan.session("w1s1")  # still next, not lost

    morning(ctx, a, day, "meh")
    yellow = plans.today(ctx, a, day)
    assert yellow.status == "lighter"
    assert yellow.reasons[-1].code == "readiness_yellow"
    assert yellow.session is not None
    for light, full in zip(yellow.session.items, plan.session("w1s1").items, strict=True):
        if isinstance(full, StrengthItem):
            assert isinstance(light, StrengthItem)
            assert light.sets == max(1, full.sets - 1)
            assert light.target_rir == min(5, full.target_rir + 1)
            assert light.load == full.load


def test_a_first_morning_check_in_already_steers_the_session(ctx: ServiceContext) -> None:
    """Sleep and the ratings need no personal baseline: a bad first check-in (HRV and resting
    HR still calibrating) gives the easy session, not "train as planned, still calibrating"."""
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    day = date(2026, 11, 20)
    training_log.log_daily(
        ctx,
        a,
        {"day": day, "hrv_rmssd_ms": 42, "sleep_s": 4 * 3600, "soreness": 5, "energy": 1},
    )
    red = plans.today(ctx, a, day)
    assert red.status == "recovery"
    assert [r.code for r in red.reasons[:2]] == ["session_moved", "readiness_red"]
    assert red.readiness is not None
    assert (red.readiness.status, red.readiness.colour) == ("ok", "red")
    assert red.planned == plan.session("w1s1")  # still next, not lost
    report = monitoring.readiness(ctx, a, day)
    assert (report.days_collected, report.inputs_used) == (0, ["sleep", "soreness", "energy"])
    assert report.inputs_missing["hrv"] == "calibrating: 0 of 14 mornings in the last 28"


def test_a_rest_day_names_the_next_session(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=date(2026, 11, 23))
    view = plans.today(ctx, a, date(2026, 11, 20))
    assert view.status == "rest"
    assert view.scheduled_for == date(2026, 11, 23)
    assert view.reasons[0].code == "rest_day"
    assert view.planned is not None
    assert view.planned.key == "w1s1"


def test_an_open_red_flag_stops_training_advice(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    flag = health.raise_flag(ctx, a, "fainting")
    view = plans.today(ctx, a, date(2026, 11, 20))
    assert view.status == "blocked"
    assert view.session is None
    assert view.escalation is not None
    assert "emergency" in view.escalation
    assert view.reasons[0].code == "red_flag"
    blocked = plans.generate(ctx, a, start=START)
    assert (blocked.status, blocked.version) == ("blocked", None)
    edit = plans.propose_edit(ctx, a, {"op": "skip_session", "session": "w1s1"}, auto_apply=True)
    assert (edit.status, edit.applied) == ("rejected", False)
    assert plans.review_week(ctx, a, date(2026, 11, 20)).status == "blocked"
    assert plans.current(ctx, a).version == 1
    health.clear_flag(ctx, a, flag, "cardiologist: cleared to train")
    assert plans.today(ctx, a, date(2026, 11, 20)).status == "train"


# --- the weekly review ------------------------------------------------------------------------------


def test_review_marks_sessions_done_and_progresses(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, days_per_week=3).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    dates = original_dates(plan)
    log_session(ctx, a, plan, "w1s1", dates["w1s1"], reps="top", kg=60)
    log_session(ctx, a, plan, "w1s2", dates["w1s2"], reps="bottom", kg=40)
    # Friday's workout is logged on Thursday: the next planned session in sequence.
    log_session(ctx, a, plan, "w1s3", dates["w1s3"] - timedelta(days=1), reps="top", kg=30)
    ctx.clock.set(at(date(2026, 11, 22), 20))  # type: ignore[attr-defined]
    result = plans.review_week(ctx, a, date(2026, 11, 22))
    assert result.status == "active"
    assert result.version == 2
    assert [(m.session, m.rule) for m in result.matches] == [
        ("w1s1", "same day"),
        ("w1s2", "same day"),
        ("w1s3", "next in sequence"),
    ]
    new = plans.current(ctx, a)
    assert new.proposed_by == "review"
    assert new.plan is not None
    assert all(new.plan.session(k).status == "done" for k in ("w1s1", "w1s2", "w1s3"))
    by_item = {(d.session, d.exercise): d for d in result.decisions}
    for item in new.plan.session("w2s1").items:
        if not isinstance(item, StrengthItem) or item.load.kind == "bodyweight":
            continue
        decision = by_item[("w2s1", item.exercise)]
        if any(i.exercise == item.exercise for i in plan.session("w1s1").items):
            assert decision.action in ("load_up", "hold")  # all at the top of the range
            assert item.load.kind == "kg"
            assert (item.load.value or 0) >= 60
            assert (item.load.value or 0) <= 63  # at most one step (max(2.5 kg, 5 %))
    for d in result.decisions:
        assert d.reasons, d  # every decision says why
    # Reviewing the same week again finds nothing new.
    assert plans.review_week(ctx, a, date(2026, 11, 22)).status == "unchanged"


def test_a_review_decision_says_which_way_the_planned_load_goes(ctx: ServiceContext) -> None:
    a = make_athlete(ctx, days_per_week=3).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    lift = next(
        i.exercise
        for i in plan.session("w1s1").items
        if isinstance(i, StrengthItem)
        and i.load.kind != "bodyweight"
        and any(j.exercise == i.exercise for j in plan.session("w2s1").items)
    )
    # Next week's load is 60 kg; this week the athlete lifted 40 kg at the top of the range.
    plans.propose_edit(
        ctx,
        a,
        {"op": "change_load", "session": "w2s1", "exercise": lift, "load_kg": 60},
        auto_apply=True,
    )
    dates = original_dates(plan)
    log_session(ctx, a, plan, "w1s1", dates["w1s1"], reps="top", kg=40)
    ctx.clock.set(at(date(2026, 11, 22), 20))  # type: ignore[attr-defined]
    result = plans.review_week(ctx, a, date(2026, 11, 22))
    decision = next(d for d in result.decisions if (d.session, d.exercise) == ("w2s1", lift))
    new = plans.current(ctx, a).plan
    assert new is not None
    item = next(i for i in new.session("w2s1").items if i.exercise == lift)
    assert isinstance(item, StrengthItem)
    assert item.load.value is not None
    assert item.load.value < 60  # the step is from the 40 kg lifted ...
    # ... so the decision says the load goes down against the plan, and by how much.
    assert decision.action == "load_down"
    assert decision.reasons[0].code == "load_vs_plan"
    assert decision.reasons[0].text.startswith(
        f"Next time {item.load.value:g} kg instead of the planned 60 kg:"
    )
    assert "up from the 40 kg you lifted" in decision.reasons[0].text


def test_review_without_logs_holds_and_loses_nothing(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    ctx.clock.set(at(date(2026, 11, 22), 20))  # type: ignore[attr-defined]
    result = plans.review_week(ctx, a, date(2026, 11, 22))
    assert result.matches == []
    assert {d.action for d in result.decisions} <= {"hold"}
    assert all(d.before == d.after for d in result.decisions)
    after = plans.current(ctx, a).plan
    assert after is not None
    assert [s.key for s in after.sessions()] == [s.key for s in plan.sessions()]
    assert all(s.status == "planned" for s in after.sessions())


def test_an_extra_walk_marks_no_strength_session_done(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id  # strength, 4 days: Monday, Tuesday, Thursday, Friday
    plans.generate(ctx, a, start=START)
    walk = {"activity_type": "walking", "started_at": at(date(2026, 11, 18)).isoformat()}
    training_log.log_cardio(ctx, a, {**walk, "duration_s": 2400})
    ctx.clock.set(at(date(2026, 11, 22), 20))  # type: ignore[attr-defined]
    result = plans.review_week(ctx, a, date(2026, 11, 22))
    assert result.matches == []
    assert result.unmatched == [date(2026, 11, 18)]
    after = plans.current(ctx, a).plan
    assert after is not None
    assert all(s.status == "planned" for s in after.sessions())


def test_review_refuses_a_future_week(ctx: ServiceContext) -> None:
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    with pytest.raises(InvalidInput, match="in the future"):
        plans.review_week(ctx, a, date(2026, 12, 1))


# --- the command line -----------------------------------------------------------------------------

runner = CliRunner()


def cli(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, (args, result.stdout, result.stderr, result.exception)
    return result


def test_plan_commands(cli_db: Path) -> None:
    cli(
        "athlete", "create", "--name", "Ana", "--email", "ana@example.org",
        "--set", "goals=strength", "--set", "days_per_week=3",
        "--set", "equipment=barbell,bench,squat_rack,dumbbell",
    )  # fmt: skip
    generated = json.loads(cli("plan", "generate", "-a", "ana@example.org", "--json").stdout)
    assert generated["version"] == 1
    assert generated["status"] == "active"
    shown = cli("plan", "show", "-a", "ana@example.org", "--week", "1").stdout
    assert "Week 1" in shown
    assert "Session 1:" in shown  # numbered within its week, not keyed (w1s1)
    assert "w1s1" not in shown
    assert "Week 2" not in shown
    plan = Plan.model_validate(generated["plan"])
    item = next(i for i in plan.session("w1s2").items if isinstance(i, StrengthItem))
    rir = f"{item.target_rir + 1:g}"
    # Week 1, session 2 as `plan show` numbers it (the key w1s2).
    edited = cli(
        "plan", "edit", "-a", "ana@example.org", "--op", "change_rir",
        "--session", "1.2", "--exercise", item.exercise, "--rir", rir, "--propose",
    ).stdout  # fmt: skip
    assert "proposed as version 2" in edited
    assert "safety validator: ok" in edited
    # The change in words: the exercise's name and the RIR before and after, no internal path.
    assert f"RIR {item.target_rir:g} → {rir}" in edited
    assert f"w1s2.{item.exercise}.target_rir" not in edited
    versions = json.loads(cli("plan", "versions", "-a", "ana@example.org", "--json").stdout)
    assert [(v["version"], v["status"]) for v in versions] == [(2, "proposed"), (1, "active")]
    assert "plan" not in versions[0]
    cli("plan", "approve", "-a", "ana@example.org", "2")
    today = json.loads(cli("plan", "today", "-a", "ana@example.org", "--json").stdout)
    assert today["status"] in ("train", "rest")
    review = json.loads(cli("plan", "review", "-a", "ana@example.org", "--json").stdout)
    assert review["week_end"]
    assert "decisions" in review
    # Generating again proposes the new plan; --replace puts it in force at once.
    again = cli("plan", "generate", "-a", "ana@example.org", "--seed", "2").stdout
    assert "stays in force" in again
    assert "fitcoach plan approve" in again
    forced = json.loads(
        cli(
            "plan", "generate", "-a", "ana@example.org", "--seed", "3", "--replace", "--json"
        ).stdout
    )
    assert forced["status"] == "active"
    bad = runner.invoke(
        app, ["plan", "edit", "-a", "ana@example.org", "--op", "change_sets", "--sets", "2"]
    )
    assert bad.exit_code == 2
    assert "exercise" in bad.stderr
    assert "Traceback" not in bad.stderr


# --- the benchmark, at a tiny size ----------------------------------------------------------------


def test_review_benchmark_runs_and_checks_itself(tmp_path: Path) -> None:
    from benchmarks.common import BenchArgs

    from benchmarks import bench_review

    assert bench_review.sizes_for(BenchArgs(quick=True)).athletes == 50
    prepared = bench_review.prepare(tmp_path, 4)
    assert len(prepared.athletes) == 4
    assert prepared.sets > 0
    assert prepared.daily == 4 * 7 * bench_review.WEEKS
    [result] = bench_review.bench(prepared, bench_review.Sizes(athletes=4, repeat=1))
    assert result.unit == "athletes/s"
    assert result.figure is not None
    assert result.baseline is not None
    assert result.figure > 0
    assert result.ratio == pytest.approx(result.figure / result.baseline)
    assert result.extra["reviews_matches"] > 0
    assert result.extra["reviews_active"] + result.extra["reviews_unchanged"] == 4
    assert 0 < result.extra["p50_s"] <= result.extra["p95_s"]


def test_concurrent_plan_changes_leave_one_version_in_force(
    database: Any, ctx: ServiceContext
) -> None:
    """Requests that each read the plan in force and store a new one are serialised.

    Without the athlete lock both readers saw the same version in force, both superseded
    it and both stored theirs as active (or collided on the next version number).
    """
    import threading

    from fitcoach.core.clock import SystemClock
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import unit_of_work

    athlete = make_athlete(ctx)
    plans.generate(ctx, athlete.id)
    ctx.session.commit()
    start = threading.Barrier(6)
    failures: list[BaseException] = []

    def change(seed: int) -> None:
        try:
            start.wait(timeout=30)
            with unit_of_work(database.factory) as session:
                worker = ServiceContext(session, Subject.system(), SystemClock())
                if seed % 2:
                    plans.generate(worker, athlete.id, seed=seed)
                else:
                    plans.propose_edit(
                        worker, athlete.id, {"op": "skip_session", "session": "w1s1"}
                    )
        except BaseException as exc:  # reported below, with the thread's own error
            failures.append(exc)

    threads = [threading.Thread(target=change, args=(seed,)) for seed in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not failures, failures
    ctx.session.rollback()
    stored = plans.versions(ctx, athlete.id)
    assert len(stored) == 7
    assert len({v.version for v in stored}) == 7
    assert [v.status for v in stored].count("active") == 1


def test_a_finished_session_is_done_the_next_day_before_the_weekly_review(
    ctx: ServiceContext,
) -> None:
    """A session logged on its day is done from the next day on: it does not come back as
    "moved forward" while the weekly review has not yet matched it, and nothing is stored."""
    a = make_athlete(ctx).id
    plan = plans.generate(ctx, a, start=START).plan
    assert plan is not None
    first, second = project(plan, START)[:2]
    session = plan.session(first.key)
    sets = [
        {"exercise": i.exercise, "reps": 8, "weight_kg": 40.0 if i.kind == "strength" else None}
        for i in session.items
        if isinstance(i, StrengthItem)
    ]
    assert sets
    done_at = datetime.combine(first.original, datetime.min.time(), UTC) + timedelta(hours=18)
    training_log.log_workout(ctx, a, {"started_at": done_at.isoformat(), "sets": sets})

    same_day = plans.today(ctx, a, first.original)  # still today's session, as the workout shows
    assert same_day.planned == plan.session(first.key)

    next_day = first.original + timedelta(days=1)
    assert next_day <= second.original
    view = plans.today(ctx, a, next_day)
    assert "session_moved" not in [r.code for r in view.reasons]
    assert view.moved_from is None
    assert view.scheduled_for == second.original  # the next session on its own day
    assert view.planned is not None
    assert view.planned.key == second.key
    assert [s.key for s in plans.next_sessions(ctx, a, next_day, limit=1)] == [second.key]
    # Nothing was stored: the weekly review still matches the session itself.
    stored = plans.current(ctx, a).plan
    assert stored is not None
    assert stored.session(first.key).status == "planned"

    # A day with nothing logged still moves the missed session forward.
    other = make_athlete(ctx).id
    plans.generate(ctx, other, start=START)
    missed = plans.today(ctx, other, next_day)
    assert "session_moved" in [r.code for r in missed.reasons]


def test_a_generation_drafts_while_another_transaction_holds_the_athletes_plan(
    database: Database, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The draft (half of a generation's CPU) is made before the athlete's plan lock, so that
    another process's generation for the athlete drafts while one stores; what decides (the
    safety check, the version in force) is read under the lock."""
    with database.factory() as session:
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
        athlete_id = make_athlete(ctx).id
        plans.generate(ctx, athlete_id)
        session.commit()
    drafted = threading.Event()
    draft = generation.generate_plan

    def drafting(*args: Any, **kwargs: Any) -> Plan:
        plan = draft(*args, **kwargs)
        drafted.set()
        return plan

    monkeypatch.setattr(generation, "generate_plan", drafting)
    answers: list[plans.PlanView] = []

    def generate() -> None:
        with database.factory() as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock)
            answers.append(plans.generate(ctx, athlete_id, replace=True, seed=2))
            session.commit()

    holder = database.factory()
    try:
        plans_repo.lock(holder, scope_for(holder, Subject.system(), athlete_id))
        worker = threading.Thread(target=generate)
        worker.start()
        assert drafted.wait(10), "the draft waited for the lock"
        assert worker.is_alive()  # storing waits for the lock
        assert not answers
    finally:
        holder.commit()
        holder.close()
    worker.join(30)
    assert [(a.status, a.version, a.parent_version) for a in answers] == [("active", 2, 1)]


def test_the_service_decides_who_applies_an_edit_directly(ctx: ServiceContext) -> None:
    """request_edit, which every interface calls: the athlete's own edit is in force at once
    unless they only propose it; a coach's waits for the athlete, even if the coach asks."""
    athlete = make_athlete(ctx)
    a = athlete.id
    plans.generate(ctx, a, start=START)
    me = as_subject(ctx, subject_of(ctx, athlete))
    mine = plans.request_edit(me, a, {"op": "skip_session", "session": "w1s3"})
    assert (mine.status, mine.applied, mine.proposed_by) == ("active", True, "athlete")
    asked = plans.request_edit(me, a, {"op": "skip_session", "session": "w2s1"}, propose_only=True)
    assert (asked.status, asked.applied) == ("proposed", False)
    coach_id = athletes.create_staff_account(ctx, "edits@example.org", "Ed", Role.coach)
    athletes.link_coach(ctx, coach_id, a)
    coach = as_subject(ctx, Subject(account_id=coach_id, role=Role.coach))
    theirs = plans.request_edit(coach, a, {"op": "skip_session", "session": "w2s2"})
    assert (theirs.status, theirs.applied, theirs.proposed_by) == ("proposed", False, "coach")
    assert plans.current(ctx, a).version == mine.version  # still the athlete's own edit


def test_session_minutes_is_a_typed_edit_of_the_plan_in_force(ctx: ServiceContext) -> None:
    """Issue 34: shorter sessions trim the plan in force (the athlete's swap stays), they do not
    regenerate it; sessions moved onto one day are stored rejected with the reason."""
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    swap = plans.propose_edit(
        ctx,
        a,
        {"op": "replace_exercise", "exercise": "barbell-back-squat", "to": "goblet-squat"},
        auto_apply=True,
    )
    assert swap.applied
    base = plans.current(ctx, a).plan
    assert base is not None
    out = plans.propose_edit(ctx, a, {"op": "set_session_minutes", "minutes": 45})
    assert out.accepted
    assert out.plan is not None
    assert [s.key for s in out.plan.sessions()] == [s.key for s in base.sessions()]
    used = {i.exercise for s in out.plan.sessions() for i in s.items}
    assert "goblet-squat" in used
    assert "barbell-back-squat" not in used
    assert used <= {i.exercise for s in base.sessions() for i in s.items}
    today = ctx.clock.now().date()
    left = [p for p in project(base, today) if p.status == "planned" and p.on is not None]
    saturday = next(
        left[0].on + timedelta(days=n)
        for n in range(1, 8)
        if (left[0].on + timedelta(days=n)).weekday() == 5
    )
    first = plans.propose_edit(
        ctx,
        a,
        {"op": "move_session", "session": left[0].key, "on": saturday.isoformat()},
        auto_apply=True,
    )
    assert first.applied
    second = plans.propose_edit(
        ctx,
        a,
        {"op": "move_session", "session": left[1].key, "on": saturday.isoformat()},
        auto_apply=True,
    )
    assert (second.status, second.accepted, second.applied) == ("rejected", False, False)
    assert [v.rule for v in second.verdict.violations] == ["sessions_per_day"]
    assert "would hold 2 sessions" in second.verdict.violations[0].text


def test_a_move_to_a_day_changes_that_session_only(ctx: ServiceContext) -> None:
    """Moving a session past the next plan week's first session keeps every plan week's
    sessions (so their weekly volumes) as they were: the moved session is on its new day and
    nothing else changes, applied at once for the athlete."""
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    base = plans.current(ctx, a).plan
    assert base is not None
    today = ctx.clock.now().date()
    days = {p.key: p.on for p in project(base, today) if p.status == "planned"}
    last = base.weeks[0].sessions[-1].key
    after = base.weeks[1].sessions[0].key
    taken = set(days.values())
    target = next(d for n in range(1, 7) if (d := days[after] + timedelta(days=n)) not in taken)
    out = plans.propose_edit(
        ctx, a, {"op": "move_session", "session": last, "on": target.isoformat()}, auto_apply=True
    )
    assert (out.status, out.applied) == ("active", True), out.verdict
    assert out.plan is not None
    assert out.verdict.status == "ok"
    assert [[s.key for s in w.sessions] for w in out.plan.weeks] == [
        [s.key for s in w.sessions] for w in base.weeks
    ]
    assert {c.path.rpartition(".")[2] for c in out.diff} == {"on"}  # no sets, loads, items
    now = {p.key: p.on for p in project(out.plan, today) if p.status == "planned"}
    assert now[last] == target
    assert {k: d for k, d in now.items() if k != last} == {
        k: d for k, d in days.items() if k != last
    }
    assert plans.forced_by_move(ctx, a, out) == []
    order = [p.on for p in upcoming(out.plan, today)]
    assert order == sorted(order, key=lambda d: d or date.max)  # the next session comes first


def test_a_move_that_forces_other_changes_waits_and_says_them(ctx: ServiceContext) -> None:
    """A move whose plan the validator must repair elsewhere (a session moved into the next
    plan week raises that week's sets) is never applied at once: it waits for the athlete's
    approval, and ``forced_by_move`` names what else it changes, in words."""
    a = make_athlete(ctx).id
    plans.generate(ctx, a, start=START)
    base = plans.current(ctx, a).plan
    assert base is not None
    last = base.weeks[0].sessions[-1].key
    position = len([s for s in base.weeks[0].sessions if s.status == "planned"]) + 1
    out = plans.request_edit(ctx, a, {"op": "move_session", "session": last, "position": position})
    assert (out.status, out.applied, out.accepted) == ("proposed", False, True)
    assert plans.current(ctx, a).version == 1  # the plan in force is unchanged
    forced = plans.forced_by_move(ctx, a, out)
    assert forced, out.diff
    assert all("sets" in line for line in forced)
    found = plans.move_words(ctx, a, out)
    assert found is not None
    assert found.waiting
    assert set(forced) <= set(found.others)  # the repairs, after the other sessions' new days
    words = found.said
    assert words.startswith(f"Not moved yet: moving {base.session(last).name} from "), words
    assert " also changes " in words
    assert "approve it to move the session with these changes" in words
    assert not re.search(r"\bw\d+s\d+\b|_", words), words  # no session keys or slugs
    approved = plans.approve(ctx, a, out.version or 0)
    assert approved.applied  # asked and answered: then it is in force
