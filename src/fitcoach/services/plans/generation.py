"""Generating a plan from the athlete's profile and logged e1RMs: in force at once for a first
plan, a proposal that waits for approval when a plan is already in force.

The same request asked again with nothing written since (a double click, a client's retry, an
assistant asked twice) is answered with the version it stored, not a copy of it: a generated
version keeps its request (``request_key``: who asked, seed, weeks, start, replace, the day)
and the athlete's and everyone's data versions its commit left (``storage.versions``). While
both are still current, nothing the plan was made from has changed (profile, records, flags,
conditions, the plan in force, the library), so the planner would make the same plan again.
The answer says so (``Generated.again``; the API answers 200 instead of 201).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from fitcoach.coach.edits import Regenerate, diff_plans
from fitcoach.coach.edits.apply_profile import changed_inputs
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.planner import PlannerInputs, generate_plan, inputs_from_profile
from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, own_exercises, results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.store import (
    plan_in_force,
    store_version,
    to_view,
    validate,
    violation_reasons,
)
from fitcoach.services.plans.views import PROPOSERS, PlanView, Proposer, VerdictView
from fitcoach.storage import access, versions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import Session
from fitcoach.storage.models import PlanVersion
from fitcoach.storage.repositories import plans as repo


@dataclass(frozen=True)
class Generated:
    """A generation's answer: the version (or the blocked answer), whether an identical
    earlier request stored it (``again``), and its JSON when at hand (``json()`` makes it
    otherwise)."""

    view: PlanView
    again: bool
    encoded: bytes | None = None

    def json(self) -> bytes:
        return self.encoded if self.encoded is not None else results.as_json(self.view)


@dataclass(frozen=True)
class _Answer:
    view: PlanView
    encoded: bytes


# A version answered again, by (database, athlete, request, data versions): while the data
# versions are current it is the answer, without reading the row and its plan again.
ANSWERS: results.ResultCache[_Answer] = results.ResultCache(max_entries=512)


def local_today(ctx: ServiceContext, athlete_id: int) -> date:
    """Today where the athlete lives: a plan starts and counts from their day, not UTC's."""
    return ctx.clock.now().astimezone(training_log.athlete_zone(ctx, athlete_id)).date()


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
        today=local_today(ctx, athlete_id),
    )


def request_key(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    proposed_by: str,
    seed: int,
    weeks: int,
    start: date,
    replace: bool,
    constraints: Regenerate | None = None,
) -> str:
    """A generation request as a short hash: the same for the same asker, athlete, options
    and day (the planner counts from today)."""
    asker = [ctx.subject.role.value, ctx.subject.account_id]
    day = local_today(ctx, athlete_id).isoformat()
    request: list[object] = [athlete_id, *asker, proposed_by, seed, weeks, start.isoformat()]
    request += [replace, day]
    if constraints is not None:  # keys of requests without them stay as they were
        request.append(constraints.model_dump(mode="json", exclude_none=True))
    return hashlib.sha256(json.dumps(request).encode()).hexdigest()[:32]


def generate(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    seed: int = 0,
    weeks: int = 4,
    start: date | None = None,
    replace: bool = False,
    proposed_by: Proposer = "athlete",
    constraints: Regenerate | None = None,
    because: Sequence[Reason] = (),
) -> PlanView:
    """``generate_answer``'s version."""
    answer = generate_answer(
        ctx,
        athlete_id,
        seed=seed,
        weeks=weeks,
        start=start,
        replace=replace,
        proposed_by=proposed_by,
        constraints=constraints,
        because=because,
    )
    return answer.view


def generate_answer(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    seed: int = 0,
    weeks: int = 4,
    start: date | None = None,
    replace: bool = False,
    proposed_by: Proposer = "athlete",
    constraints: Regenerate | None = None,
    because: Sequence[Reason] = (),
) -> Generated:
    """Generate a plan from the athlete's profile and logged e1RMs, validate it and put it in
    force (the old active version is superseded). ``constraints``: a goal, days, minutes or
    equipment in place of the profile's (a fresh block "for 3 days a week"); ``because``: why
    it was asked for, stored first among the version's reasons.

    With a plan already in force, a generated plan never replaces it silently: it is stored
    ``proposed`` and waits for approval (``approve``), unless ``replace`` says to put it in
    force at once (only the athlete's own: a coach's generated plan always waits).
    Blocked by an open red flag: nothing is stored; the view carries the escalation. Rejected
    by the validator: stored as ``rejected`` with the reasons, nothing changes in force.

    Asked again with nothing written since, the version stored the first time is the answer
    (``again``; see the module's docstring). A transaction that has written already is
    never answered so: what it wrote may change the plan.
    """
    if proposed_by not in PROPOSERS:
        raise InvalidInput(f"unknown proposer {proposed_by!r}; use one of {', '.join(PROPOSERS)}")
    if replace and proposed_by != "athlete":
        raise InvalidInput(
            f"only the athlete replaces their plan at once; a {proposed_by}'s generated plan "
            f"waits for the athlete's approval (leave out replace)"
        )
    start = bounds.check_day(start or local_today(ctx, athlete_id), "start")
    # The access check and the data versions in one query, read before the draft's reads: what
    # the plan is made from is at least this new.
    _zone, mine, everyone = access.stamp(ctx.session, ctx.subject, athlete_id)
    made_from = (mine, everyone)
    scope = ctx.scope(athlete_id)
    key = request_key(
        ctx,
        athlete_id,
        proposed_by=proposed_by,
        seed=seed,
        weeks=weeks,
        start=start,
        replace=replace,
        constraints=constraints,
    )
    answerable = not versions.has_writes(ctx.session)
    if answerable:
        found = _cached_answer(ctx, athlete_id, key, made_from)
        if found is None:
            found = _answer_again(ctx, scope, key)
        if found is not None:
            return found
    inputs = planner_inputs(ctx, athlete_id, weeks=weeks, start=start)
    if constraints is not None:
        inputs, _ = changed_inputs(inputs, constraints)
    plan = generate_plan(
        inputs, own_exercises.plan_records(ctx, athlete_id), seed=seed, now=ctx.clock.now()
    )
    # The plan is drafted before the lock, so that another process's generation for the
    # athlete drafts while this one stores (the draft is half of a generation's CPU): it reads
    # the profile and records as they were a moment earlier, as if asked a moment earlier.
    # What decides is read under the lock: the safety check (open flags, conditions, injuries
    # as now) and the version in force.
    repo.lock(ctx.session, scope)
    if answerable:  # an identical request may have stored its version while this one drafted
        found = _answer_again(ctx, scope, key)
        if found is not None:
            return found
    verdict = validate(ctx, athlete_id, plan, None)
    view = VerdictView.of(verdict)
    current = plan_in_force(ctx, athlete_id)
    parent = current[0] if current else None
    op = {"op": "generate", "seed": seed, "weeks": weeks, "start": start.isoformat()}
    if constraints is not None:
        op |= constraints.model_dump(mode="json", exclude_none=True, exclude={"op"})
    # The data versions the commit will leave: one more for the athlete (see ``_keep``).
    stamp = (key, made_from[0] + 1, made_from[1]) if answerable else None
    if verdict.status == "blocked":
        blocked = PlanView(
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
        return Generated(blocked, again=False)
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
            request=stamp,
        )
        _keep(ctx, row)
        return Generated(to_view(row, PlanView, plan=plan), again=False)
    final = verdict.plan
    waits = current is not None and not replace
    extra = [*because, *([reason("plan_waits", version=current[0])] if current and waits else [])]
    row = store_version(
        ctx,
        athlete_id,
        status="proposed" if waits else "active",
        proposed_by=proposed_by,
        plan=final,
        parent=parent,
        verdict=view,
        reasons=[*extra, *final.reasons, *violation_reasons(verdict)],
        diff=diff_plans(current[1], final) if current else (),
        operations=[op],
        request=stamp,
    )
    _keep(ctx, row)
    return Generated(to_view(row, PlanView, plan=final), again=False)


def _keep(ctx: ServiceContext, row: PlanVersion) -> None:
    """Keep the stamp of a stored version (its request and the data versions its commit will
    leave) only if nothing else is written before the commit.

    The commit raises the athlete's version by one from what the draft was made from; if
    anything else committed a write for the athlete meanwhile, the version ends higher and the
    stamp never matches. A write later in this same transaction (an edit of the new version,
    a workout) would leave the stamp matching a plan made without it: taken off at commit."""
    if row.request_key is None:
        return
    written = versions.write_count(ctx.session)

    def keep_if_last(session: Session) -> None:
        if versions.write_count(session) != written:
            row.request_key = row.data_version = row.global_version = None

    versions.before_commit(ctx.session, keep_if_last)


def _cached_answer(
    ctx: ServiceContext, athlete_id: int, key: str, current: tuple[int, int]
) -> Generated | None:
    found = ANSWERS.get((_database(ctx), athlete_id, key, current))
    if found is None:
        return None
    ANSWERS.hits += 1
    return Generated(found.view.model_copy(), again=True, encoded=found.encoded)


def _answer_again(ctx: ServiceContext, scope: AthleteScope, key: str) -> Generated | None:
    """The version an identical request stored, if nothing was written since (and keep it)."""
    row = repo.answered_again(ctx.session, scope, key)
    if row is None or row.data_version is None or row.global_version is None:
        return None
    ANSWERS.misses += 1
    view = to_view(row, PlanView)
    answer = _Answer(view, results.as_json(view))
    versions_left = (row.data_version, row.global_version)
    ANSWERS.put((_database(ctx), scope.athlete_id, key, versions_left), answer)
    return Generated(view.model_copy(), again=True, encoded=answer.encoded)


def _database(ctx: ServiceContext) -> str:
    return str(ctx.session.get_bind().engine.url)
