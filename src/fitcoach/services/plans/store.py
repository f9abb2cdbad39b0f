"""Storing and reading plan versions: a ``PlanVersion`` row in and out of its view, the version
in force, and the safety validator run against the athlete's ``SafetyProfile``.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from typing import Any

from fitcoach.coach import wording
from fitcoach.coach.edits import Change
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan
from fitcoach.coach.safety import Verdict, validate_plan
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import health, own_exercises, results
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.views import PlanView, V, VerdictView
from fitcoach.services.training_log import athlete_zone
from fitcoach.storage.models import PlanVersion
from fitcoach.storage.repositories import plans as repo


def reason_dicts(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"code": r.code, "params": r.params, "text": r.text} for r in reasons]


def stored_reasons(data: Sequence[dict[str, Any]]) -> list[Reason]:
    return [Reason(code=d["code"], params=d.get("params", {})) for d in data]


def verdict_dict(view: VerdictView) -> dict[str, Any]:
    return view.model_dump(mode="json")


def to_view(row: PlanVersion, cls: type[V], *, plan: Plan | None = None, **extra: Any) -> V:
    """The view of ``row``. ``plan`` is the plan its document was just made from, when at
    hand: the document then need not be validated back into a plan (a few milliseconds)."""
    verdict = VerdictView.model_validate(row.verdict or {"status": "ok"})
    if plan is None and row.document:
        plan = Plan.model_validate(row.document)
    return cls(
        athlete_id=row.athlete_id,
        version=row.version,
        parent_version=row.parent_version,
        status=row.status,
        proposed_by=row.proposed_by,
        created_at=row.created_at,
        decided_at=row.decided_at,
        plan=plan,
        verdict=verdict,
        reasons=stored_reasons(row.reasons or []),
        diff=[Change.model_validate(c) for c in row.diff or []],
        operations=list(row.operations or []),
        escalation=verdict.escalation,
        **extra,
    )


def store_version(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    status: str,
    proposed_by: str,
    plan: Plan | None,
    parent: int | None,
    verdict: VerdictView,
    reasons: Sequence[Reason],
    diff: Sequence[Change] = (),
    operations: Sequence[dict[str, Any]] = (),
    request: tuple[str, int, int] | None = None,
) -> PlanVersion:
    """Store a new version (``request``: a generation's request key and the data versions its
    commit will leave, ``services.plans.generation``)."""
    scope = ctx.scope(athlete_id)
    key, data_version, global_version = request or (None, None, None)
    now = ctx.clock.now()
    if status == "active":
        repo.supersede_active(ctx.session, scope)
    row = repo.add(
        ctx.session,
        scope,
        PlanVersion(
            version=repo.next_version(ctx.session, scope),
            parent_version=parent,
            status=status,
            proposed_by=proposed_by,
            document=plan.model_dump(mode="json") if plan is not None else {},
            operations=list(operations),
            diff=[c.model_dump(mode="json") for c in diff],
            reasons=reason_dicts(reasons),
            verdict=verdict_dict(verdict),
            created_at=now,
            decided_at=now if status in ("active", "rejected") else None,
            actor_account_id=ctx.subject.account_id,
            request_key=key,
            data_version=data_version,
            global_version=global_version,
        ),
    )
    ctx.audit(
        "create",
        "plan_version",
        row.version,
        athlete_id=athlete_id,
        detail={"status": status, "by": proposed_by, "changes": len(diff)},
    )
    return row


def active_row(ctx: ServiceContext, athlete_id: int) -> PlanVersion:
    row = repo.active(ctx.session, ctx.scope(athlete_id))
    if row is None:
        raise NotFound(f"athlete {athlete_id} has no active plan; generate one first")
    return row


# Plans in force as ``Plan``s, by a digest of their stored JSON text (the text is the plan:
# a document rewritten, as an approval does, is another text, another key). Validating a
# 78 kB document cost milliseconds every time a generation diffed against it.
PLANS_IN_FORCE: results.ResultCache[Plan] = results.ResultCache(max_entries=64)


def plan_in_force(ctx: ServiceContext, athlete_id: int) -> tuple[int, Plan] | None:
    """The version number and plan in force, or None. The plan is shared with other requests
    (kept per process by its text): read it, never change it."""
    found = repo.active_text(ctx.session, ctx.scope(athlete_id))
    if found is None:
        return None
    version, text = found
    key = hashlib.blake2b(text.encode(), digest_size=16).digest()
    plan = PLANS_IN_FORCE.get(key)
    if plan is None:
        PLANS_IN_FORCE.misses += 1
        plan = Plan.model_validate_json(text)
        PLANS_IN_FORCE.put(key, plan)
    else:
        PLANS_IN_FORCE.hits += 1
    return version, plan


def validate(ctx: ServiceContext, athlete_id: int, plan: Plan, previous: Plan | None) -> Verdict:
    profile = health.safety_profile(ctx, athlete_id)
    library = own_exercises.plan_library(ctx, athlete_id)
    return validate_plan(plan, profile, library, previous=previous)


def violation_reasons(verdict: Verdict) -> list[Reason]:
    return [v.reason for v in verdict.violations]


def current(ctx: ServiceContext, athlete_id: int) -> PlanView:
    """The plan in force. While a health flag is open its ``escalation`` is set: every view
    that offers training (the facade, Telegram, chat) shows it instead of the sessions."""
    view = to_view(active_row(ctx, athlete_id), PlanView)
    paused = health.escalation_for(ctx, athlete_id)
    return view if paused is None else view.model_copy(update={"escalation": paused})


def get_version(ctx: ServiceContext, athlete_id: int, version: int) -> PlanView:
    """One version of the athlete's plan."""
    row = repo.by_version(ctx.session, ctx.scope(athlete_id), version)
    if row is None:
        raise NotFound(
            f"athlete {athlete_id} has no plan version {version}; the plan's versions list them"
        )
    return to_view(row, PlanView)


def versions(
    ctx: ServiceContext,
    athlete_id: int,
    status: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[PlanView]:
    """The versions, newest first (optionally only one status): every one, or with ``limit``
    a page of them from ``offset`` (an athlete's plan gains a version at every change, so an
    interface that lists them asks for a page)."""
    if status is not None and status not in ("active", "proposed", "superseded", "rejected"):
        raise InvalidInput(
            f"unknown status {status!r}; use active, proposed, superseded or rejected"
        )
    rows = repo.versions(ctx.session, ctx.scope(athlete_id), status, limit=limit, offset=offset)
    return [to_view(r, PlanView) for r in rows]


def change_sentences(
    ctx: ServiceContext, athlete_id: int, view: PlanView
) -> list[wording.ChangeLine]:
    """A version's diff as sentences against its parent (``coach.wording.change_lines``), its
    sessions dated as on the athlete's day the version was made: what every interface shows a
    person instead of the diff's engine paths (``w1s1.items[1].exercise``)."""
    parent = None
    if view.parent_version is not None:
        try:
            parent = get_version(ctx, athlete_id, view.parent_version).plan
        except NotFound:
            parent = None
    zone = athlete_zone(ctx, athlete_id)
    made = (view.created_at or ctx.clock.now()).astimezone(zone).date()
    return wording.change_lines(
        view.diff,
        parent,
        view.plan,
        made,
        reasons=view.reasons,
        names=own_exercises.exercise_names(ctx, athlete_id),
        today=made,
    )
