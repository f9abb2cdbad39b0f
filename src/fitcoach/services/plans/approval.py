"""Deciding on proposals: who may approve which version, approving (validated again against the
plan in force now) and rejecting.
"""

from __future__ import annotations

from fitcoach.coach import edits
from fitcoach.coach.edits import diff_plans, parse_edit
from fitcoach.coach.plan import Plan
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.editing import edit_plan
from fitcoach.services.plans.store import (
    active_row,
    reason_dicts,
    stored_reasons,
    to_view,
    validate,
    verdict_dict,
    violation_reasons,
)
from fitcoach.services.plans.views import EditResult, PlanView, VerdictView
from fitcoach.storage.access import Subject
from fitcoach.storage.models import PlanVersion
from fitcoach.storage.repositories import plans as repo


def _proposed_row(ctx: ServiceContext, athlete_id: int, version: int) -> PlanVersion:
    row = repo.by_version(ctx.session, ctx.scope(athlete_id), version)
    if row is None:
        raise NotFound(
            f"athlete {athlete_id} has no plan version {version}; the plan's versions list "
            "the proposals waiting for approval"
        )
    if row.status != "proposed":
        raise Conflict(
            f"plan version {version} is {row.status}; only proposed versions can be "
            f"approved or rejected"
        )
    return row


def check_approver(subject: Subject, row: PlanVersion) -> None:
    """Refuse an approval by whoever made the proposal: a coach's proposal is the athlete's to
    approve (a coach never approves one), and no account but the athlete's own approves a
    proposal it made itself (e.g. a coach's assistant chat). The athlete owns the plan and may
    approve anything they can see; the local operator (no account) acts for the athlete.

    ``row.actor_account_id`` is the proposer's account while the version is ``proposed``
    (``store_version`` writes it; a decision overwrites it with the decider's)."""
    if subject.role == Role.athlete or subject.account_id is None:
        return
    if row.proposed_by == "coach":
        raise PermissionDenied(
            f"plan version {row.version} was proposed by a coach; the athlete approves it"
        )
    if row.actor_account_id == subject.account_id:
        raise PermissionDenied(
            f"you proposed plan version {row.version}; the athlete approves it, not its proposer"
        )


def approvable(ctx: ServiceContext, athlete_id: int) -> set[int]:
    """The proposed versions the requesting subject may approve (see ``check_approver``)."""
    out = set()
    for row in repo.versions(ctx.session, ctx.scope(athlete_id), "proposed"):
        try:
            check_approver(ctx.subject, row)
        except PermissionDenied:
            continue
        out.add(row.version)
    return out


def approve(ctx: ServiceContext, athlete_id: int, version: int) -> EditResult:
    """Put a proposed version in force, validated again against the plan in force now.

    Only someone other than the proposer approves (``check_approver``: the athlete approves a
    coach's proposal). When the plan in force changed since the proposal (a review, another
    edit), the proposal's operations are applied again to it first, so nothing done since is
    lost. Refused now by the validator: the proposal becomes ``rejected``.
    """
    repo.lock(ctx.session, ctx.scope(athlete_id))
    row = _proposed_row(ctx, athlete_id, version)
    check_approver(ctx.subject, row)
    active = active_row(ctx, athlete_id)
    base = Plan.model_validate(active.document)
    plan = Plan.model_validate(row.document)
    generated = any(o.get("op") == "generate" for o in row.operations or [])
    if generated and row.parent_version != active.version:
        raise Conflict(
            f"the plan in force changed since version {version} was generated (it was made "
            f"to replace version {row.parent_version}); generate it again"
        )
    if row.parent_version != active.version:
        plan = base
        for data in row.operations or []:
            try:
                plan, _ = edit_plan(ctx, athlete_id, plan, parse_edit(data), row.proposed_by)
            except InvalidInput as exc:
                raise Conflict(
                    f"the plan changed since version {version} was proposed and the edit no "
                    f"longer applies ({exc.message}); propose it again"
                ) from None
    verdict = validate(ctx, athlete_id, plan, base)
    view = VerdictView.of(verdict)
    now = ctx.clock.now()
    scope = ctx.scope(athlete_id)
    row.verdict = verdict_dict(view)
    if verdict.status in ("rejected", "blocked") or verdict.plan is None:
        row.reasons = [*row.reasons, *reason_dicts(violation_reasons(verdict))]
        repo.set_status(
            ctx.session,
            scope,
            row,
            "rejected",
            decided_at=now,
            actor_account_id=ctx.subject.account_id,
        )
        ctx.audit(
            "reject", "plan_version", version, athlete_id=athlete_id, detail={"by": "validator"}
        )
        return to_view(row, EditResult)
    final = verdict.plan
    ops = [str(o.get("op")) for o in row.operations or []]
    if ops and all(op in edits.EDIT_OPS and op not in edits.PROFILE_OPS for op in ops):
        final = edits.re_estimated(base, final)
    row.document = final.model_dump(mode="json")
    row.diff = [c.model_dump(mode="json") for c in diff_plans(base, final)]
    row.parent_version = active.version
    extra = [r for r in violation_reasons(verdict) if r not in stored_reasons(row.reasons)]
    row.reasons = [*row.reasons, *reason_dicts(extra)]
    repo.supersede_active(ctx.session, scope)
    repo.set_status(
        ctx.session, scope, row, "active", decided_at=now, actor_account_id=ctx.subject.account_id
    )
    ctx.audit("approve", "plan_version", version, athlete_id=athlete_id)
    return to_view(row, EditResult, plan=final, accepted=True, applied=True)


def reject(ctx: ServiceContext, athlete_id: int, version: int) -> PlanView:
    """Turn a proposed version down; the plan in force stays."""
    repo.lock(ctx.session, ctx.scope(athlete_id))
    row = _proposed_row(ctx, athlete_id, version)
    repo.set_status(
        ctx.session,
        ctx.scope(athlete_id),
        row,
        "rejected",
        decided_at=ctx.clock.now(),
        actor_account_id=ctx.subject.account_id,
    )
    ctx.audit("reject", "plan_version", version, athlete_id=athlete_id, detail={"by": "subject"})
    return to_view(row, PlanView)
