"""Edits to the plan in force: applied, validated and stored as a proposal (or in force at once
for the athlete's own direct edit), or previewed without writing anything.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from fitcoach.coach import edits
from fitcoach.coach.edits import (
    AddExercise,
    Change,
    EditOp,
    MoveSession,
    ReplaceExercise,
    apply_edit,
    diff_plans,
    parse_edit,
)
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import Plan
from fitcoach.coach.safety import violation_texts
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput
from fitcoach.services import health, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.generation import planner_inputs
from fitcoach.services.plans.store import (
    active_row,
    store_version,
    to_view,
    validate,
    violation_reasons,
)
from fitcoach.services.plans.views import (
    PROPOSERS,
    EditPreview,
    EditResult,
    Proposer,
    VerdictView,
)
from fitcoach.services.training_log import athlete_zone
from fitcoach.storage.repositories import plans as repo


def proposer_for(ctx: ServiceContext) -> Proposer:
    """Who a person's edit is from: a coach edits as the coach; the athlete, an admin or the
    operator edit as the athlete (the API and the web pages both name proposers this way)."""
    return "coach" if ctx.subject.role == Role.coach else "athlete"


def edit_plan(
    ctx: ServiceContext, athlete_id: int, plan: Plan, op: EditOp, by: str
) -> tuple[Plan, list[Change]]:
    if isinstance(op, MoveSession) and op.on is not None and op.as_of is None:
        local = ctx.clock.now().astimezone(athlete_zone(ctx, athlete_id)).date()
        op = op.model_copy(update={"as_of": local})  # the athlete's today, not UTC's
    op = _own_named(ctx, athlete_id, op)
    inputs = None
    if op.op in edits.PROFILE_OPS:
        inputs = planner_inputs(ctx, athlete_id, weeks=len(plan.weeks), start=plan.start)
    library = own_exercises.plan_records(ctx, athlete_id)
    return apply_edit(plan, op, library, by=by, inputs=inputs, now=ctx.clock.now())


def _own_named(ctx: ServiceContext, athlete_id: int, op: EditOp) -> EditOp:
    """``op`` with an own exercise it brings in (the exercise swapped to, or added) named by its
    slug; ``InvalidInput`` saying what to fill in when that one cannot be planned yet."""
    field = "to" if isinstance(op, ReplaceExercise) else "exercise"
    if not isinstance(op, ReplaceExercise | AddExercise):
        return op
    own = own_exercises.named(ctx, athlete_id, getattr(op, field))
    if own is None:
        return op
    why_not = own_exercises.not_planned_why(ctx, athlete_id, own["slug"])
    if why_not is not None:
        raise InvalidInput(why_not, details={"field": field})
    return op.model_copy(update={field: own["slug"]})


def request_edit(
    ctx: ServiceContext,
    athlete_id: int,
    op: EditOp | dict[str, Any],
    *,
    proposed_by: Proposer | None = None,
    propose_only: bool = False,
    because: Sequence[Reason] = (),
) -> EditResult:
    """A plan edit a person asks for (the API, the web page, the command line, the guided
    workout): this decides who it is from and whether it applies at once, so no interface
    does. It is from ``proposer_for`` the subject, unless the operator's command line names
    the proposer; an athlete's own edit applies at once unless they ask only to propose it;
    anyone else's waits for the athlete's approval (``propose_edit``)."""
    by = proposed_by or proposer_for(ctx)
    return propose_edit(
        ctx,
        athlete_id,
        op,
        proposed_by=by,
        auto_apply=by == "athlete" and not propose_only,
        because=because,
    )


def propose_edit(
    ctx: ServiceContext,
    athlete_id: int,
    op: EditOp | dict[str, Any],
    *,
    proposed_by: Proposer = "athlete",
    auto_apply: bool = False,
    because: Sequence[Reason] = (),
) -> EditResult:
    """Apply an edit to the plan in force, validate it and store the result.

    Accepted by the validator (ok or repaired): stored ``proposed`` (waiting for approval), or
    ``active`` at once when ``auto_apply`` (only for the athlete's own direct edits). A move
    that forces anything else (the validator repaired other sessions for it) never applies at
    once: it waits as a proposal, and ``moving.move_words`` says what else it changes. Refused
    (rejected, or blocked by a red flag): stored ``rejected`` with the reasons; never active.
    ``because``: why the edit was asked for (a pain swap in the guided workout), stored with
    the version's reasons after the edit's own.
    """
    if proposed_by not in PROPOSERS:
        raise InvalidInput(f"unknown proposer {proposed_by!r}; use one of {', '.join(PROPOSERS)}")
    if auto_apply and proposed_by != "athlete":
        raise InvalidInput(
            f"only the athlete's own edits apply directly; a {proposed_by} edit waits for "
            f"the athlete's approval (leave out auto_apply)"
        )
    edit = parse_edit(op)
    repo.lock(ctx.session, ctx.scope(athlete_id))
    row = active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    new_plan, _ = edit_plan(ctx, athlete_id, base, edit, proposed_by)
    verdict = validate(ctx, athlete_id, new_plan, base)
    view = VerdictView.of(verdict)
    requested = [edits.edit_reason(edit, proposed_by), *because]
    operations = [edits.edit_json(edit)]
    if verdict.status in ("rejected", "blocked") or verdict.plan is None:
        stored = store_version(
            ctx,
            athlete_id,
            status="rejected",
            proposed_by=proposed_by,
            plan=new_plan,
            parent=row.version,
            verdict=view,
            reasons=[*requested, *violation_reasons(verdict)],
            diff=diff_plans(base, new_plan),
            operations=operations,
        )
        return to_view(stored, EditResult, plan=new_plan)
    final = _timed(base, verdict.plan, edit)
    changes = diff_plans(base, final)
    if not changes:
        raise InvalidInput(f"the edit changes nothing in the plan ({edit.op}); nothing stored")
    forced = isinstance(edit, MoveSession) and bool(diff_plans(_timed(base, new_plan, edit), final))
    apply_now = auto_apply and not forced
    status = "active" if apply_now else "proposed"
    stored = store_version(
        ctx,
        athlete_id,
        status=status,
        proposed_by=proposed_by,
        plan=final,
        parent=row.version,
        verdict=view,
        reasons=[*requested, *violation_reasons(verdict)],
        diff=changes,
        operations=operations,
    )
    return to_view(stored, EditResult, plan=final, accepted=True, applied=apply_now)


def preview_edit(
    ctx: ServiceContext,
    athlete_id: int,
    op: EditOp | dict[str, Any],
    *,
    proposed_by: Proposer = "athlete",
) -> EditPreview:
    """The edit ``propose_edit`` would make and the validator's verdict on it; nothing is
    written (no version, no audit entry). A malformed or inapplicable edit is ``InvalidInput``
    as in ``propose_edit``."""
    if proposed_by not in PROPOSERS:
        raise InvalidInput(f"unknown proposer {proposed_by!r}; use one of {', '.join(PROPOSERS)}")
    edit = parse_edit(op)
    row = active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    new_plan, _ = edit_plan(ctx, athlete_id, base, edit, proposed_by)
    verdict = validate(ctx, athlete_id, new_plan, base)
    view = VerdictView.of(verdict)
    accepted = verdict.status not in ("rejected", "blocked") and verdict.plan is not None
    final = _timed(base, verdict.plan, edit) if accepted and verdict.plan else new_plan
    changes = diff_plans(base, final)
    return EditPreview(
        athlete_id=athlete_id,
        base_version=row.version,
        proposed_by=proposed_by,
        operation=edits.edit_json(edit),
        accepted=accepted,
        changes_anything=bool(changes),
        verdict=view,
        reasons=[edits.edit_reason(edit, proposed_by), *violation_reasons(verdict)],
        diff=changes,
        plan=final,
        escalation=verdict.escalation,
    )


def _timed(base: Plan, final: Plan, edit: EditOp) -> Plan:
    """``final`` (as the validator passed it, repairs included) with the minutes of each session
    the edit (and the repairs) made longer or shorter estimated again; regenerated sessions
    keep the planner's estimate."""
    return final if edit.op in edits.PROFILE_OPS else edits.re_estimated(base, final)


def propose_for_profile(
    ctx: ServiceContext,
    athlete_id: int,
    changed: Iterable[str],
    *,
    proposed_by: Proposer,
) -> EditResult | None:
    """After a profile change (``changed``: the fields written), propose the plan in force as
    the safety validator makes it for the profile as it is now, for the athlete to approve.

    Only a change to a field the validator reads (``health.SAFETY_FIELDS``: an injury, a
    condition, equipment, level, birth date) can make a proposal. Nothing is stored (None) when
    no plan is in force, when it still passes, while a health flag is open, when the validator
    cannot make it safe, or when the same proposal already waits. Meanwhile every session is
    served checked against the current profile anyway (``serving``); the proposal lets the
    stored plan catch up. Its operations are empty: approved on a later plan in force, it is
    that plan validated again, against the profile as it is then.
    """
    if proposed_by not in PROPOSERS:
        raise InvalidInput(f"unknown proposer {proposed_by!r}; use one of {', '.join(PROPOSERS)}")
    scope = ctx.scope(athlete_id)
    fields = sorted(set(changed) & health.SAFETY_FIELDS)
    if not fields:
        return None
    repo.lock(ctx.session, scope)
    row = repo.active(ctx.session, scope)
    if row is None:
        return None
    base = Plan.model_validate(row.document)
    verdict = validate(ctx, athlete_id, base, base)
    if verdict.status != "repaired" or verdict.plan is None:
        return None
    final = edits.re_estimated(base, verdict.plan)
    changes = diff_plans(base, final)
    if not changes:
        return None
    document = final.model_dump(mode="json")
    for waiting in repo.versions(ctx.session, scope, "proposed"):
        if waiting.parent_version == row.version and waiting.document == document:
            return None
    what = ", ".join(f.replace("_", " ") for f in fields)
    stored = store_version(
        ctx,
        athlete_id,
        status="proposed",
        proposed_by=proposed_by,
        plan=final,
        parent=row.version,
        verdict=VerdictView.of(verdict),
        reasons=[reason("profile_safety", what=what), *violation_texts(verdict.violations)],
        diff=changes,
    )
    return to_view(stored, EditResult, plan=final, accepted=True)
