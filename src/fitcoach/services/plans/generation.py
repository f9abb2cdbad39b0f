"""Generating a plan from the athlete's profile and logged e1RMs: in force at once for a first
plan, a proposal that waits for approval when a plan is already in force.
"""

from __future__ import annotations

from datetime import date

from fitcoach.coach.edits import diff_plans
from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import Plan
from fitcoach.coach.planner import PlannerInputs, generate_plan, inputs_from_profile
from fitcoach.core import bounds
from fitcoach.core.clock import today as clock_today
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.services.plans.store import store_version, to_view, validate, violation_reasons
from fitcoach.services.plans.views import PROPOSERS, PlanView, Proposer, VerdictView
from fitcoach.storage.repositories import plans as repo


def planner_inputs(
    ctx: ServiceContext, athlete_id: int, *, weeks: int, start: date
) -> PlannerInputs:
    """The planner's inputs for an athlete: their profile and logged e1RMs."""
    athlete = athletes.get_athlete(ctx, athlete_id)
    if athlete.profile is None:
        raise InvalidInput(f"athlete {athlete_id} has no profile; fill in the profile first")
    e1rm = {p.exercise: p.best_e1rm_kg for p in training_log.records(ctx, athlete_id)}
    return inputs_from_profile(
        athlete_id,
        athlete.profile,
        e1rm_kg=e1rm,
        weeks=weeks,
        start=start,
        today=clock_today(ctx.clock),
    )


def generate(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    seed: int = 0,
    weeks: int = 4,
    start: date | None = None,
    replace: bool = False,
    proposed_by: Proposer = "athlete",
) -> PlanView:
    """Generate a plan from the athlete's profile and logged e1RMs, validate it and put it in
    force (the old active version is superseded).

    With a plan already in force, a generated plan never replaces it silently: it is stored
    ``proposed`` and waits for approval (``approve``), unless ``replace`` says to put it in
    force at once (only the athlete's own: a coach's generated plan always waits).
    Blocked by an open red flag: nothing is stored; the view carries the escalation. Rejected
    by the validator: stored as ``rejected`` with the reasons, nothing changes in force.
    """
    if proposed_by not in PROPOSERS:
        raise InvalidInput(f"unknown proposer {proposed_by!r}; use one of {', '.join(PROPOSERS)}")
    if replace and proposed_by != "athlete":
        raise InvalidInput(
            f"only the athlete replaces their plan at once; a {proposed_by}'s generated plan "
            f"waits for the athlete's approval (leave out replace)"
        )
    start = bounds.check_day(start or clock_today(ctx.clock), "start")
    inputs = planner_inputs(ctx, athlete_id, weeks=weeks, start=start)
    plan = generate_plan(inputs, library_records(), seed=seed, now=ctx.clock.now())
    # The plan is drafted before the lock, so that another process's generation for the
    # athlete drafts while this one stores (the draft is half of a generation's CPU): it reads
    # the profile and records as they were a moment earlier, as if asked a moment earlier.
    # What decides is read under the lock: the safety check (open flags, conditions, injuries
    # as now) and the version in force.
    repo.lock(ctx.session, ctx.scope(athlete_id))
    verdict = validate(ctx, athlete_id, plan, None)
    view = VerdictView.of(verdict)
    current = repo.active(ctx.session, ctx.scope(athlete_id))
    parent = current.version if current else None
    op = {"op": "generate", "seed": seed, "weeks": weeks, "start": start.isoformat()}
    if verdict.status == "blocked":
        return PlanView(
            athlete_id=athlete_id,
            version=None,
            parent_version=parent,
            status="blocked",
            proposed_by=proposed_by,
            verdict=view,
            reasons=violation_reasons(verdict),
            operations=[op],
            escalation=verdict.escalation,
        )
    if verdict.status == "rejected" or verdict.plan is None:
        row = store_version(
            ctx,
            athlete_id,
            status="rejected",
            proposed_by=proposed_by,
            plan=plan,
            parent=parent,
            verdict=view,
            reasons=violation_reasons(verdict),
            operations=[op],
        )
        return to_view(row, PlanView, plan=plan)
    final = verdict.plan
    waits = current is not None and not replace
    extra = [reason("plan_waits", version=current.version)] if current and waits else []
    row = store_version(
        ctx,
        athlete_id,
        status="proposed" if waits else "active",
        proposed_by=proposed_by,
        plan=final,
        parent=parent,
        verdict=view,
        reasons=[*extra, *final.reasons, *violation_reasons(verdict)],
        diff=diff_plans(Plan.model_validate(current.document), final) if current else (),
        operations=[op],
    )
    return to_view(row, PlanView, plan=final)
