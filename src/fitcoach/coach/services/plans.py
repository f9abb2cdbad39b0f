"""Training plans: generate, show, edit (propose, approve, reject), today's session, and the
weekly review that adapts next week to what was logged.

Every version of an athlete's plan is a ``PlanVersion`` row with its document, the operations
that made it, the diff from its parent, the reasons and the safety validator's verdict. At most
one version is ``active``; an edit waiting for approval is ``proposed``; the validator's refusals
are stored ``rejected`` and never become active. Services only flush; the boundary commits.

Whoever proposes a change (the athlete, a coach, the assistant, a learned policy, the weekly
review), it passes ``safety.validate_plan`` against the athlete's ``SafetyProfile`` with the
version in force as ``previous``; a repaired plan is stored repaired, with the validator's
reasons beside the change's own.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach import edits
from fitcoach.coach import feedback as exercise_feedback
from fitcoach.coach.edits import Change, EditOp, MoveSession, apply_edit, diff_plans, parse_edit
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import CardioItem, Item, Load, Plan, PlannedSession, StrengthItem, Week
from fitcoach.coach.planner import PlannerInputs, generate_plan, inputs_from_profile
from fitcoach.coach.progression import (
    DeloadDecision,
    Exposure,
    LoggedSet,
    ReadinessDay,
    StrengthDecision,
    StrengthTarget,
    against_plan,
    cardio_decision,
    deload_decision,
    round_load,
    strength_decision,
)
from fitcoach.coach.rules.progression import ProgressionRules, rules
from fitcoach.coach.safety import (
    Verdict,
    default_library,
    escalation_message,
    flag_label,
    validate_plan,
)
from fitcoach.coach.services import athletes, health, monitoring, training_log
from fitcoach.coach.services.context import ServiceContext
from fitcoach.coach.services.exercises import Constraints, constraints_for, library_records
from fitcoach.coach.today import easy_aerobic, lighter, project, upcoming
from fitcoach.core import bounds
from fitcoach.core.clock import today as clock_today
from fitcoach.core.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from fitcoach.storage.access import Subject
from fitcoach.storage.models import PlanVersion, Role
from fitcoach.storage.repositories import plans as repo

Proposer = Literal["athlete", "coach", "assistant", "rl", "review"]
PROPOSERS: tuple[str, ...] = ("athlete", "coach", "assistant", "rl", "review")
# Reason codes the weekly review writes on items; a new review replaces the previous ones.
REVIEW_CODES = frozenset(
    {
        "double_progression_reps",
        "double_progression_load",
        "double_progression_reset",
        "rir_autoregulation_up",
        "rir_autoregulation_down",
        "missed_reduce",
        "hold",
        "cardio_ramp",
        "deload_readiness",
        "deload_load_spike",
        "deload_limits",
        "deload_applied",
        "after_deload",
        "bodyweight_range_up",
        "bodyweight_range_down",
        "feedback_too_hard",
        "feedback_too_easy",
        "pain_hold",
        "load_vs_plan",
        "load_as_logged",
    }
)
MATCH_OVERLAP = 0.5


# --- views --------------------------------------------------------------------------------------


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class ViolationView(_View):
    """One thing the safety validator changed or refused."""

    rule: str
    action: str
    session_key: str | None
    item_index: int | None
    reason: Reason
    text: str


class VerdictView(_View):
    """The safety validator's verdict as stored with a version."""

    status: str
    violations: list[ViolationView] = Field(default_factory=list)
    escalation: str | None = None

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictView:
        return cls(
            status=verdict.status,
            violations=[
                ViolationView(
                    rule=v.rule,
                    action=v.action,
                    session_key=v.session_key,
                    item_index=v.item_index,
                    reason=v.reason,
                    text=v.reason.text,
                )
                for v in verdict.violations
            ],
            escalation=verdict.escalation,
        )


class PlanView(_View):
    """A stored plan version (or, when generation was blocked, why there is none)."""

    athlete_id: int
    version: int | None
    parent_version: int | None = None
    status: str
    proposed_by: str | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None
    plan: Plan | None = None
    verdict: VerdictView
    reasons: list[Reason] = Field(default_factory=list)
    diff: list[Change] = Field(default_factory=list)
    operations: list[dict[str, Any]] = Field(default_factory=list)
    escalation: str | None = None

    @property
    def reasons_text(self) -> list[str]:
        return [r.text for r in self.reasons]


V = TypeVar("V", bound=PlanView)


class EditResult(PlanView):
    """A proposed edit: ``accepted`` when the validator let it through (ok or repaired),
    ``applied`` when it is now the active plan."""

    accepted: bool = False
    applied: bool = False


class EditPreview(_View):
    """What an edit would do, computed and validated but not stored.

    ``accepted``: the validator lets it through (ok or repaired; ``plan`` is the plan as it
    would be stored); ``diff`` is against the plan in force (empty when it changes nothing).
    """

    athlete_id: int
    base_version: int
    proposed_by: str
    operation: dict[str, Any]
    accepted: bool
    changes_anything: bool
    verdict: VerdictView
    reasons: list[Reason] = Field(default_factory=list)
    diff: list[Change] = Field(default_factory=list)
    plan: Plan | None = None
    escalation: str | None = None


class TodayView(_View):
    """What to do on a day.

    ``status``: ``train`` (as planned), ``lighter`` (yellow readiness), ``recovery`` (red
    readiness: easy aerobic work instead, the planned session stays next), ``rest`` (no session
    falls on this day), ``blocked`` (an open red flag: no training, see ``escalation``),
    ``finished`` (nothing left in the plan).
    """

    athlete_id: int
    day: date
    status: Literal["train", "lighter", "recovery", "rest", "blocked", "finished"]
    version: int | None = None
    session: PlannedSession | None = None
    planned: PlannedSession | None = None
    scheduled_for: date | None = None
    moved_from: date | None = None
    readiness: dict[str, Any] | None = None
    reasons: list[Reason] = Field(default_factory=list)
    escalation: str | None = None

    @property
    def reasons_text(self) -> list[str]:
        return [r.text for r in self.reasons]


class SessionMatch(_View):
    """A logged day matched to a planned session, and by which rule."""

    day: date
    session: str
    rule: Literal["same day", "next in sequence"]
    overlap: float
    exercises: list[str]


class ItemDecision(_View):
    """What the review decided for one item of next week."""

    session: str
    exercise: str
    action: str
    before: str
    after: str
    reasons: list[Reason]


class ReviewResult(_View):
    """The weekly review: matched sessions, next week's decisions, the new version."""

    athlete_id: int
    week_start: date
    week_end: date
    status: str
    version: int | None
    matches: list[SessionMatch]
    decisions: list[ItemDecision]
    unmatched: list[date] = Field(default_factory=list)
    deload: bool
    deload_trigger: str | None
    deload_reasons: list[Reason]
    verdict: VerdictView | None = None
    diff: list[Change] = Field(default_factory=list)
    escalation: str | None = None


# --- storing and reading versions -----------------------------------------------------------------


def _reason_dicts(reasons: Sequence[Reason]) -> list[dict[str, Any]]:
    return [{"code": r.code, "params": r.params, "text": r.text} for r in reasons]


def _reasons(data: Sequence[dict[str, Any]]) -> list[Reason]:
    return [Reason(code=d["code"], params=d.get("params", {})) for d in data]


def _verdict_dict(view: VerdictView) -> dict[str, Any]:
    return view.model_dump(mode="json")


def _view(row: PlanVersion, cls: type[V], **extra: Any) -> V:
    verdict = VerdictView.model_validate(row.verdict or {"status": "ok"})
    return cls(
        athlete_id=row.athlete_id,
        version=row.version,
        parent_version=row.parent_version,
        status=row.status,
        proposed_by=row.proposed_by,
        created_at=row.created_at,
        decided_at=row.decided_at,
        plan=Plan.model_validate(row.document) if row.document else None,
        verdict=verdict,
        reasons=_reasons(row.reasons or []),
        diff=[Change.model_validate(c) for c in row.diff or []],
        operations=list(row.operations or []),
        escalation=verdict.escalation,
        **extra,
    )


def _store(
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
) -> PlanVersion:
    scope = ctx.scope(athlete_id)
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
            reasons=_reason_dicts(reasons),
            verdict=_verdict_dict(verdict),
            created_at=now,
            decided_at=now if status in ("active", "rejected") else None,
            actor_account_id=ctx.subject.account_id,
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


def _active_row(ctx: ServiceContext, athlete_id: int) -> PlanVersion:
    row = repo.active(ctx.session, ctx.scope(athlete_id))
    if row is None:
        raise NotFound(f"athlete {athlete_id} has no active plan; generate one first")
    return row


def _validate(ctx: ServiceContext, athlete_id: int, plan: Plan, previous: Plan | None) -> Verdict:
    profile = health.safety_profile(ctx, athlete_id)
    return validate_plan(plan, profile, default_library(), previous=previous)


def _violation_reasons(verdict: Verdict) -> list[Reason]:
    return [v.reason for v in verdict.violations]


# --- generate, show -----------------------------------------------------------------------------


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
    repo.lock(ctx.session, ctx.scope(athlete_id))
    inputs = planner_inputs(ctx, athlete_id, weeks=weeks, start=start)
    plan = generate_plan(inputs, library_records(), seed=seed, now=ctx.clock.now())
    verdict = _validate(ctx, athlete_id, plan, None)
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
            reasons=_violation_reasons(verdict),
            operations=[op],
            escalation=verdict.escalation,
        )
    if verdict.status == "rejected" or verdict.plan is None:
        row = _store(
            ctx,
            athlete_id,
            status="rejected",
            proposed_by=proposed_by,
            plan=plan,
            parent=parent,
            verdict=view,
            reasons=_violation_reasons(verdict),
            operations=[op],
        )
        return _view(row, PlanView)
    final = verdict.plan
    waits = current is not None and not replace
    extra = [reason("plan_waits", version=current.version)] if current and waits else []
    row = _store(
        ctx,
        athlete_id,
        status="proposed" if waits else "active",
        proposed_by=proposed_by,
        plan=final,
        parent=parent,
        verdict=view,
        reasons=[*extra, *final.reasons, *_violation_reasons(verdict)],
        diff=diff_plans(Plan.model_validate(current.document), final) if current else (),
        operations=[op],
    )
    return _view(row, PlanView)


def current(ctx: ServiceContext, athlete_id: int) -> PlanView:
    """The plan in force. While a health flag is open its ``escalation`` is set: every view
    that offers training (the facade, Telegram, chat) shows it instead of the sessions."""
    view = _view(_active_row(ctx, athlete_id), PlanView)
    paused = health.escalation_for(ctx, athlete_id)
    return view if paused is None else view.model_copy(update={"escalation": paused})


def get_version(ctx: ServiceContext, athlete_id: int, version: int) -> PlanView:
    """One version of the athlete's plan."""
    row = repo.by_version(ctx.session, ctx.scope(athlete_id), version)
    if row is None:
        raise NotFound(
            f"athlete {athlete_id} has no plan version {version}; the plan's versions list them"
        )
    return _view(row, PlanView)


def versions(ctx: ServiceContext, athlete_id: int, status: str | None = None) -> list[PlanView]:
    """Every version, newest first (optionally only one status)."""
    if status is not None and status not in ("active", "proposed", "superseded", "rejected"):
        raise InvalidInput(
            f"unknown status {status!r}; use active, proposed, superseded or rejected"
        )
    return [_view(r, PlanView) for r in repo.versions(ctx.session, ctx.scope(athlete_id), status)]


# --- edits --------------------------------------------------------------------------------------


def _edit(
    ctx: ServiceContext, athlete_id: int, plan: Plan, op: EditOp, by: str
) -> tuple[Plan, list[Change]]:
    if isinstance(op, MoveSession) and op.on is not None and op.as_of is None:
        op = op.model_copy(update={"as_of": clock_today(ctx.clock)})
    inputs = None
    if op.op in edits.PROFILE_OPS:
        inputs = planner_inputs(ctx, athlete_id, weeks=len(plan.weeks), start=plan.start)
    return apply_edit(plan, op, library_records(), by=by, inputs=inputs, now=ctx.clock.now())


def propose_edit(
    ctx: ServiceContext,
    athlete_id: int,
    op: EditOp | dict[str, Any],
    *,
    proposed_by: Proposer = "athlete",
    auto_apply: bool = False,
) -> EditResult:
    """Apply an edit to the plan in force, validate it and store the result.

    Accepted by the validator (ok or repaired): stored ``proposed`` (waiting for approval), or
    ``active`` at once when ``auto_apply`` (only for the athlete's own direct edits). Refused
    (rejected, or blocked by a red flag): stored ``rejected`` with the reasons; never active.
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
    row = _active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    new_plan, _ = _edit(ctx, athlete_id, base, edit, proposed_by)
    verdict = _validate(ctx, athlete_id, new_plan, base)
    view = VerdictView.of(verdict)
    requested = edits.edit_reason(edit, proposed_by)
    operations = [edits.edit_json(edit)]
    if verdict.status in ("rejected", "blocked") or verdict.plan is None:
        stored = _store(
            ctx,
            athlete_id,
            status="rejected",
            proposed_by=proposed_by,
            plan=new_plan,
            parent=row.version,
            verdict=view,
            reasons=[requested, *_violation_reasons(verdict)],
            diff=diff_plans(base, new_plan),
            operations=operations,
        )
        return _view(stored, EditResult)
    final = _timed(base, verdict.plan, edit)
    changes = diff_plans(base, final)
    if not changes:
        raise InvalidInput(f"the edit changes nothing in the plan ({edit.op}); nothing stored")
    status = "active" if auto_apply else "proposed"
    stored = _store(
        ctx,
        athlete_id,
        status=status,
        proposed_by=proposed_by,
        plan=final,
        parent=row.version,
        verdict=view,
        reasons=[requested, *_violation_reasons(verdict)],
        diff=changes,
        operations=operations,
    )
    return _view(stored, EditResult, accepted=True, applied=auto_apply)


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
    row = _active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    new_plan, _ = _edit(ctx, athlete_id, base, edit, proposed_by)
    verdict = _validate(ctx, athlete_id, new_plan, base)
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
        reasons=[edits.edit_reason(edit, proposed_by), *_violation_reasons(verdict)],
        diff=changes,
        plan=final,
        escalation=verdict.escalation,
    )


def _timed(base: Plan, final: Plan, edit: EditOp) -> Plan:
    """``final`` (as the validator passed it, repairs included) with the minutes of each session
    the edit (and the repairs) made longer or shorter estimated again; regenerated sessions
    keep the planner's estimate."""
    return final if edit.op in edits.PROFILE_OPS else edits.re_estimated(base, final)


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
    (``_store`` writes it; a decision overwrites it with the decider's)."""
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
    active = _active_row(ctx, athlete_id)
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
                plan, _ = _edit(ctx, athlete_id, plan, parse_edit(data), row.proposed_by)
            except InvalidInput as exc:
                raise Conflict(
                    f"the plan changed since version {version} was proposed and the edit no "
                    f"longer applies ({exc.message}); propose it again"
                ) from None
    verdict = _validate(ctx, athlete_id, plan, base)
    view = VerdictView.of(verdict)
    now = ctx.clock.now()
    scope = ctx.scope(athlete_id)
    row.verdict = _verdict_dict(view)
    if verdict.status in ("rejected", "blocked") or verdict.plan is None:
        row.reasons = [*row.reasons, *_reason_dicts(_violation_reasons(verdict))]
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
        return _view(row, EditResult)
    final = verdict.plan
    ops = [str(o.get("op")) for o in row.operations or []]
    if ops and all(op in edits.EDIT_OPS and op not in edits.PROFILE_OPS for op in ops):
        final = edits.re_estimated(base, final)
    row.document = final.model_dump(mode="json")
    row.diff = [c.model_dump(mode="json") for c in diff_plans(base, final)]
    row.parent_version = active.version
    extra = [r for r in _violation_reasons(verdict) if r not in _reasons(row.reasons)]
    row.reasons = [*row.reasons, *_reason_dicts(extra)]
    repo.supersede_active(ctx.session, scope)
    repo.set_status(
        ctx.session, scope, row, "active", decided_at=now, actor_account_id=ctx.subject.account_id
    )
    ctx.audit("approve", "plan_version", version, athlete_id=athlete_id)
    return _view(row, EditResult, accepted=True, applied=True)


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
    return _view(row, PlanView)


# --- today --------------------------------------------------------------------------------------


def _local_today(ctx: ServiceContext, athlete_id: int) -> date:
    return monitoring.local_today(ctx, athlete_id)


# RPE a planned item is expected to feel like, for the load projection: strength at its target
# RIR (RPE = 10 - RIR, Zourdos et al. 2016), cardio by its RPE or heart-rate zone (zone 1-5 as
# RPE 2, 3, 5, 7, 9 on the CR-10 scale, Foster et al. 2001), a pace target as moderate.
ZONE_RPE = {1: 2.0, 2: 3.0, 3: 5.0, 4: 7.0, 5: 9.0}
PACE_RPE = 6.0
PROJECTION_DAYS = 28


def planned_rpe(session: PlannedSession) -> float:
    """The session's expected RPE: the mean of its items' (see ``ZONE_RPE``)."""
    values = []
    for item in session.items:
        if isinstance(item, StrengthItem):
            values.append(10.0 - item.target_rir)
        elif item.intensity.kind == "rpe":
            values.append(item.intensity.value)
        elif item.intensity.kind == "hr_zone":
            values.append(ZONE_RPE[round(item.intensity.value)])
        else:
            values.append(PACE_RPE)
    return sum(values) / len(values)


def planned_loads(
    ctx: ServiceContext, athlete_id: int, days: int = PROJECTION_DAYS
) -> dict[date, float]:
    """Expected session-RPE load (AU) of the plan's sessions over the ``days`` after today.

    Each upcoming session on its projected day counts ``estimated minutes x planned RPE``
    (Foster 2001); no plan in force, or an open red flag, projects nothing.
    """
    if not 1 <= days <= monitoring.MAX_PLAN_DAYS:
        raise InvalidInput(f"days must be 1-{monitoring.MAX_PLAN_DAYS}, got {days}")
    local = _local_today(ctx, athlete_id)
    if health.safety_profile(ctx, athlete_id).open_flags:
        return {}
    row = repo.active(ctx.session, ctx.scope(athlete_id))
    if row is None:
        return {}
    plan = Plan.model_validate(row.document)
    out: dict[date, float] = {}
    for projected in upcoming(plan, local + timedelta(days=1)):
        if projected.on is None or not local < projected.on <= local + timedelta(days=days):
            continue
        session = plan.session(projected.key)
        load = session.estimated_minutes * planned_rpe(session)
        out[projected.on] = round(out.get(projected.on, 0.0) + load, 1)
    return out


def _easy_modality(constraints: Constraints, r: ProgressionRules) -> str:
    library = {rec.slug: rec for rec in library_records()}
    for slug in r.today.red.modalities:
        record = library.get(slug)
        if record is not None and constraints.allows(record):
            return slug
    return r.today.red.modalities[0]


def _checked_session(
    ctx: ServiceContext, athlete_id: int, plan: Plan, session: PlannedSession
) -> tuple[PlannedSession | None, list[Reason]]:
    """Today's adjusted session through the safety validator (as a one-session plan): the
    session as the validator accepts it (None when refused) and the validator's reasons."""
    probe = plan.model_copy(
        update={
            "weeks": [Week(index=1, sessions=[session.model_copy(update={"status": "planned"})])]
        }
    )
    verdict = _validate(ctx, athlete_id, probe, None)
    found = verdict.plan.weeks[0].sessions[0] if verdict.plan is not None else None
    return found, _violation_reasons(verdict)


def pain_advice(ctx: ServiceContext, athlete_id: int, day: date) -> list[Reason]:
    """ "See a professional" for each exercise with pain reported on enough different days."""
    f = rules().feedback
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=f.pain_window_days + 1), day
    )
    found = exercise_feedback.needs_professional(
        exercise_feedback.decode_all(rows),
        day,
        window_days=f.pain_window_days,
        days_needed=f.pain_days_for_professional,
    )
    names = {rec.slug: rec.name for rec in library_records()}
    return [
        reason("pain_see_professional", exercise=names.get(slug, slug), days=len(days))
        for slug, days in found.items()
    ]


def today(ctx: ServiceContext, athlete_id: int, day: date | None = None) -> TodayView:
    """The session for ``day`` (default: the athlete's today), adjusted to readiness.

    An open red flag stops everything: no training, the escalation says what to do. Otherwise
    the next planned session falls on its projected date (a missed one moves forward, with a
    ``session_moved`` reason); on that day readiness green keeps it as planned, yellow makes it
    lighter, red replaces it with 20-30 min of easy zone 1-2 aerobic work (the session stays
    next), calibrating keeps it as planned and says so. Pain reported in the guided workout
    on enough different days for one exercise adds a "see a professional" reason.
    """
    view = _today(ctx, athlete_id, day)
    advice = pain_advice(ctx, athlete_id, view.day)
    if not advice:
        return view
    return view.model_copy(update={"reasons": [*view.reasons, *advice]})


def _today(ctx: ServiceContext, athlete_id: int, day: date | None) -> TodayView:
    r = rules()
    local = _local_today(ctx, athlete_id)
    day = bounds.check_day(day or local)
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return TodayView(
            athlete_id=athlete_id,
            day=day,
            status="blocked",
            reasons=[
                reason("red_flag", flag=flag_label(k)) for k in dict.fromkeys(profile.open_flags)
            ],
            escalation=escalation_message(profile.open_flags),
        )
    row = _active_row(ctx, athlete_id)
    plan = Plan.model_validate(row.document)
    left = upcoming(plan, day)
    if not left:
        return TodayView(
            athlete_id=athlete_id,
            day=day,
            status="finished",
            version=row.version,
            reasons=[reason("plan_finished")],
        )
    nxt = left[0]
    planned = plan.session(nxt.key)
    assert nxt.on is not None
    moved = [reason("session_moved", date=nxt.original.isoformat())] if nxt.moved else []
    common: dict[str, Any] = {
        "athlete_id": athlete_id,
        "day": day,
        "version": row.version,
        "planned": planned,
        "scheduled_for": nxt.on,
        "moved_from": nxt.moved_from,
    }
    if nxt.on > day:
        return TodayView(
            **common,
            status="rest",
            reasons=[reason("rest_day", session=planned.name, date=nxt.on.isoformat())],
        )
    if day > local:  # a future day: readiness is not known yet
        return TodayView(**common, status="train", session=planned, reasons=moved)
    report = monitoring.readiness(ctx, athlete_id, day)
    readiness = {
        "status": report.status,
        "score": report.score,
        "colour": report.colour,
        "summary": report.summary,
    }
    if report.status != "ok" or report.colour is None:
        why = (
            reason("readiness_calibrating", days=report.days_collected, needed=report.days_needed)
            if report.days_collected < report.days_needed
            else reason("readiness_no_readings")
        )
        return TodayView(
            **common, status="train", session=planned, readiness=readiness, reasons=[*moved, why]
        )
    colour_reason = reason(f"readiness_{report.colour}", score=report.score)
    if report.colour == "green":
        return TodayView(
            **common,
            status="train",
            session=planned,
            readiness=readiness,
            reasons=[*moved, colour_reason],
        )
    if report.colour == "yellow":
        adjusted, why_not = _checked_session(ctx, athlete_id, plan, lighter(planned, r))
        status: Literal["lighter", "recovery"] = "lighter"
    else:
        athlete = athletes.get_athlete(ctx, athlete_id)
        modality = _easy_modality(constraints_for(athlete.profile), r)
        minutes = planned.estimated_minutes // 2  # easy_aerobic keeps it within 20-30 min
        easy = easy_aerobic(modality, minutes, planned.key, r)
        adjusted, why_not = _checked_session(ctx, athlete_id, plan, easy)
        status = "recovery"
    if adjusted is None:  # the validator refused even the easier session: rest
        return TodayView(
            **common, status="rest", readiness=readiness, reasons=[*moved, colour_reason, *why_not]
        )
    extra = adjusted.items[0].reasons if status == "recovery" else []
    return TodayView(
        **common,
        status=status,
        session=adjusted,
        readiness=readiness,
        reasons=[*moved, colour_reason, *extra],
    )


# --- the weekly review --------------------------------------------------------------------------


class _Logs:
    """An athlete's logged working sets per local day and exercise, and cardio seconds per day."""

    def __init__(
        self, ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, start: date, end: date
    ) -> None:
        pad = timedelta(days=1)  # history windows are UTC days; local days may straddle them
        self.sets: dict[date, dict[str, list[LoggedSet]]] = {}
        for workout in training_log.history(ctx, athlete_id, "workouts", lo - pad, end + pad):
            day = workout["started_at"].astimezone(tz).date()
            if not lo <= day <= end:
                continue
            per_day = self.sets.setdefault(day, {})
            for s in workout["sets"]:
                if s["is_warmup"]:
                    continue
                per_day.setdefault(s["exercise"], []).append(
                    LoggedSet(
                        reps=int(s["reps"]),
                        weight_kg=s["weight_kg"],
                        rir=s["rir"],
                        completed=bool(s["completed"]),
                    )
                )
        # What the athlete said about exercises in the guided workout, per day and exercise.
        self.feedback: dict[date, dict[str, set[str]]] = {}
        said = training_log.history(ctx, athlete_id, "feedback", lo - pad, end + pad)
        for f in exercise_feedback.decode_all(said):
            if lo <= f.day <= end:
                self.feedback.setdefault(f.day, {}).setdefault(f.exercise, set()).add(f.kind)
        self.cardio: dict[date, float] = {}
        for c in training_log.history(ctx, athlete_id, "cardio", start - pad, end + pad):
            day = c["started_at"].astimezone(tz).date()
            if start <= day <= end:
                self.cardio[day] = self.cardio.get(day, 0.0) + float(c["duration_s"])

    def days(self, start: date, end: date) -> list[date]:
        """Days with anything logged in [start, end], in order."""
        found = {d for d in self.sets if start <= d <= end and self.sets[d]}
        found |= {d for d in self.cardio if start <= d <= end}
        return sorted(found)

    def exposures(self, slug: str, start: date, end: date) -> list[Exposure]:
        """The days ``slug`` was trained (or given feedback on) in [start, end], oldest first,
        each with what the athlete said about it that day."""
        days = {d for d, per_day in self.sets.items() if per_day.get(slug)}
        days |= {d for d, per_day in self.feedback.items() if per_day.get(slug)}
        return [
            Exposure(
                day,
                tuple(self.sets.get(day, {}).get(slug, ())),
                frozenset(self.feedback.get(day, {}).get(slug, ())),
            )
            for day in sorted(days)
            if start <= day <= end
        ]


def overlap(session: PlannedSession, exercises: set[str], cardio: bool) -> float:
    """The share of a session's items found in a logged day: a lift counts when its exercise
    was logged, a cardio item when any cardio session was logged that day (or the exercise)."""
    hits = sum(
        1
        for item in session.items
        if item.exercise in exercises or (isinstance(item, CardioItem) and cardio)
    )
    return hits / len(session.items)


def _kg_text(value: float | None) -> str:
    return "bodyweight" if not value else f"{value:g} kg"


def _done(
    session: PlannedSession, day: date, sets: dict[str, list[LoggedSet]], what: str, rule: str
) -> PlannedSession:
    """``session`` marked done on ``day``; each lift logged that day records what was done (its
    load becomes the heaviest working load, the baseline the next week is compared with)."""
    items: list[Item] = []
    for item in session.items:
        logged = sets.get(item.exercise)
        if isinstance(item, StrengthItem) and logged:
            loads = [s.weight_kg for s in logged if s.weight_kg]
            update: dict[str, Any] = {
                "reasons": [
                    *item.reasons,
                    reason(
                        "logged_as",
                        sets=len(logged),
                        reps=[s.reps for s in logged],
                        load=_kg_text(max(loads) if loads else None),
                    ),
                ]
            }
            if loads:
                update["load"] = Load(kind="kg", value=max(loads))
            items.append(item.model_copy(update=update))
        else:
            items.append(item)
    return session.model_copy(
        update={
            "status": "done",
            "done_on": day,
            "items": items,
            "reasons": [
                *session.reasons,
                reason("session_done", date=day.isoformat(), what=what, rule=rule),
            ],
        }
    )


def match_sessions(
    plan: Plan, logs: _Logs, start: date, end: date
) -> tuple[Plan, list[SessionMatch], list[date]]:
    """Mark planned sessions done from the days logged in [start, end]; returns the plan, the
    matches and the logged days left unmatched.

    A logged day (its workouts and cardio together) is matched to the planned session whose
    original date is that day when they share at least half of the session's items
    ("same day"); otherwise to the next planned session in sequence, provided they share at
    least one item (a day sharing nothing with it, such as an extra walk, marks nothing done).
    Days already recorded as some session's ``done_on`` are not matched again.
    """
    already = {s.done_on for s in plan.sessions() if s.status == "done"}
    matches: list[SessionMatch] = []
    unmatched: list[date] = []
    for day in logs.days(start, end):
        if day in already:
            continue
        sets = logs.sets.get(day, {})
        exercises = set(sets)
        cardio = day in logs.cardio
        left = [p for p in project(plan, day) if p.status == "planned"]
        if not left:
            break
        key = left[0].key
        rule: Literal["same day", "next in sequence"] = "next in sequence"
        for p in left:
            if p.original != day:
                continue
            if overlap(plan.session(p.key), exercises, cardio) >= MATCH_OVERLAP:
                key, rule = p.key, "same day"
                break
        share = overlap(plan.session(key), exercises, cardio)
        if share <= 0:
            unmatched.append(day)
            continue
        what = " and ".join(w for w, has in (("workout", bool(sets)), ("cardio", cardio)) if has)
        marked = _done(plan.session(key), day, sets, what, rule)
        plan = edits.replace_sessions(plan, {key: marked})
        matches.append(
            SessionMatch(
                day=day,
                session=key,
                rule=rule,
                overlap=round(share, 3),
                exercises=sorted(exercises),
            )
        )
    return plan, matches, unmatched


def _unique(reasons: Sequence[Reason]) -> list[Reason]:
    """Reasons in order, each once."""
    out: list[Reason] = []
    for r in reasons:
        if r not in out:
            out.append(r)
    return out


def _without_review_reasons(reasons: Sequence[Reason]) -> list[Reason]:
    return [r for r in reasons if r.code not in REVIEW_CODES]


def _cardio_seconds(sessions: Sequence[PlannedSession]) -> float:
    return float(
        sum(i.duration_s or 0 for s in sessions for i in s.items if isinstance(i, CardioItem))
    )


def _scaled_cardio(item: CardioItem, factor: float, reasons: Sequence[Reason]) -> CardioItem:
    update: dict[str, Any] = {"reasons": [*_without_review_reasons(item.reasons), *reasons]}
    if factor < 1 - 1e-9:
        if item.duration_s is not None:
            update["duration_s"] = max(60, int(item.duration_s * factor) // 60 * 60)
        if item.distance_m is not None:
            update["distance_m"] = max(100.0, float(int(item.distance_m * factor)))
        if item.intervals is not None:
            repeats = max(1, int(item.intervals.repeats * factor))
            update["intervals"] = item.intervals.model_copy(update={"repeats": repeats})
    return item.model_copy(update=update)


def _reference(
    plan: Plan, key: str, slug: str, start: date, end: date
) -> tuple[PlannedSession, StrengthItem] | None:
    """The session done in [start, end] the next one of ``key`` is compared with: the same slot
    (``sN``) when it had the exercise, else the latest done session that had it."""
    slot = key.split("s", 1)[1] if "s" in key else ""
    done = [
        s
        for s in plan.sessions()
        if s.status == "done" and s.done_on is not None and start <= s.done_on <= end
    ]
    with_it = [
        (s, i) for s in done for i in s.items if isinstance(i, StrengthItem) and i.exercise == slug
    ]
    if not with_it:
        return None
    same = [(s, i) for s, i in with_it if s.key.split("s", 1)[1] == slot]
    pool = same or with_it
    return max(pool, key=lambda pair: pair[0].done_on or start)


def _last_heavy_load(plan: Plan, slug: str) -> float | None:
    """The kg load of ``slug`` in the latest done session outside a deload week."""
    best: tuple[date, float] | None = None
    for week in plan.weeks:
        if week.deload:
            continue
        for s in week.sessions:
            if s.status != "done" or s.done_on is None:
                continue
            for i in s.items:
                if (
                    isinstance(i, StrengthItem)
                    and i.exercise == slug
                    and i.load.kind == "kg"
                    and i.load.value
                    and (best is None or s.done_on >= best[0])
                ):
                    best = (s.done_on, i.load.value)
    return best[1] if best else None


def _apply_strength(
    item: StrengthItem, decision: StrengthDecision, reference: StrengthItem
) -> StrengthItem:
    """``item`` with a decision made against ``reference`` (the item that was logged): the new
    load, and a bodyweight range moved by as much as the decision moved the reference's."""
    data = item.model_dump()
    if decision.load_kg is not None:
        data["load"] = {"kind": "kg", "value": decision.load_kg}
    shift = decision.rep_min - reference.rep_min
    if shift:
        data["rep_min"] = max(1, min(50, item.rep_min + shift))
        data["rep_max"] = max(data["rep_min"], min(50, item.rep_max + shift))
    reasons = [
        reason("double_progression_reset", reps=data["rep_min"])
        if r.code == "double_progression_reset"
        else r
        for r in decision.reasons
    ]
    data["reasons"] = [*_without_review_reasons(item.reasons), *reasons]
    return StrengthItem.model_validate(data)


def _deloaded(
    item: StrengthItem, basis_kg: float | None, deload: DeloadDecision, r: ProgressionRules
) -> StrengthItem:
    d = r.deload
    sets = max(1, round(item.sets * d.volume_pct / 100))
    data = item.model_dump()
    data["sets"] = min(sets, item.sets)
    data["target_rir"] = min(5.0, item.target_rir + d.rir_add)
    data["max_test"] = False
    if basis_kg:
        data["load"] = {
            "kind": "kg",
            "value": round_load(basis_kg * d.load_pct / 100, r.double_progression.increment_kg),
        }
    applied = reason(
        "deload_applied", sets=data["sets"], was=item.sets, pct=d.load_pct, rir=d.rir_add
    )
    data["reasons"] = [*_without_review_reasons(item.reasons), *deload.reasons, applied]
    return StrengthItem.model_validate(data)


def _readiness_days(
    ctx: ServiceContext, athlete_id: int, end: date, window: int
) -> list[ReadinessDay]:
    out = []
    for back in range(window):
        day = end - timedelta(days=back)
        report = monitoring.readiness(ctx, athlete_id, day)
        ok = report.status == "ok"
        out.append(
            ReadinessDay(
                day=day,
                colour=report.colour if ok else None,
                score=float(report.score) if ok and report.score is not None else None,
            )
        )
    return out


def _acwr(ctx: ServiceContext, athlete_id: int, end: date) -> float | None:
    report = monitoring.training_load(ctx, athlete_id, start=end, end=end)
    return report.days[-1].acwr if report.days else None


def review_week(ctx: ServiceContext, athlete_id: int, week_end: date | None = None) -> ReviewResult:
    """Review the seven days ending ``week_end`` (default: the athlete's today) and adapt the
    sessions of the seven days after it.

    1. Logged days are matched to planned sessions, which are marked done (``match_sessions``).
    2. Each lift of next week gets a progression decision from its logs (``strength_decision``:
       double progression, RIR autoregulation, missed reps; no logs: hold); cardio grows at
       most 10 % over what was done (``cardio_decision``).
    3. A deload overrides it when readiness was low on 3 of the last 5 days or ACWR is above
       1.5 (``deload_decision``); a scheduled deload week keeps its own prescription and takes
       no increases.
    4. The result is validated against the plan in force and activated (the review's changes
       are the engine's own, within its limits); a refusal is stored ``rejected`` and only the
       sessions marked done are kept.
    """
    r = rules()
    local = _local_today(ctx, athlete_id)
    week_end = week_end or local
    monitoring.check_day(week_end, "week end")
    if week_end > local:
        raise InvalidInput(
            f"week end {week_end} is in the future; review a week that is over (up to {local})"
        )
    start = week_end - timedelta(days=6)
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return ReviewResult(
            athlete_id=athlete_id,
            week_start=start,
            week_end=week_end,
            status="blocked",
            version=None,
            matches=[],
            decisions=[],
            deload=False,
            deload_trigger=None,
            deload_reasons=[],
            escalation=escalation_message(profile.open_flags),
        )
    repo.lock(ctx.session, ctx.scope(athlete_id))
    row = _active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    tz = _zone(athletes.get_athlete(ctx, athlete_id).timezone)
    lookback = start - timedelta(days=r.missed_reps.lookback_days)
    logs = _Logs(ctx, athlete_id, tz, lookback, start, week_end)
    marked, matches, unmatched = match_sessions(base, logs, start, week_end)

    next_day = week_end + timedelta(days=1)
    targets = [
        p
        for p in upcoming(marked, next_day)
        if p.on is not None and p.on <= week_end + timedelta(days=7)
    ]
    deload = deload_decision(
        scheduled=any(marked.week_of(p.key).deload for p in targets),
        readiness=_readiness_days(ctx, athlete_id, week_end, r.deload.readiness_window_days),
        acwr=_acwr(ctx, athlete_id, week_end),
        r=r,
    )
    triggered = deload.deload and deload.trigger != "scheduled"
    library = default_library()
    lower = r.double_progression.lower_patterns
    decisions: list[ItemDecision] = []
    updated: dict[str, PlannedSession] = {}

    # Cardio: next week's volume against this week's.
    this_week = [
        marked.session(p.key)
        for p in project(marked, start)
        if p.status != "skipped" and start <= p.original <= week_end
    ]
    next_sessions = [marked.session(p.key) for p in targets]
    planned_next = _cardio_seconds(next_sessions)
    cardio = cardio_decision(
        planned_this=_cardio_seconds(this_week),
        logged_this=sum(logs.cardio.values()),
        planned_next=planned_next,
        r=r,
    )
    factor = cardio.volume / planned_next if planned_next > 0 else 1.0
    cardio_reasons: list[Reason] = list(cardio.reasons)
    if triggered:
        factor = min(factor, r.deload.volume_pct / 100)
        cardio_reasons = [*deload.reasons]

    for p in targets:
        session = marked.session(p.key)
        week = marked.week_of(p.key)
        items: list[Item] = []
        for item in session.items:
            if isinstance(item, CardioItem):
                new_cardio = _scaled_cardio(item, factor, cardio_reasons)
                items.append(new_cardio)
                decisions.append(
                    ItemDecision(
                        session=p.key,
                        exercise=item.exercise,
                        action="deload" if triggered else cardio.action,
                        before=edits.item_text(item),
                        after=edits.item_text(new_cardio),
                        reasons=list(cardio_reasons),
                    )
                )
                continue
            record = library.get(item.exercise)
            ref = _reference(marked, p.key, item.exercise, start, week_end)
            ref_item = ref[1] if ref else item
            ref_week_deload = ref is not None and marked.week_of(ref[0].key).deload
            exposures = logs.exposures(item.exercise, lookback, week_end)
            if not any(start <= e.day for e in exposures):
                exposures = []  # nothing logged this week: hold
            target = StrengthTarget(
                rep_min=ref_item.rep_min,
                rep_max=ref_item.rep_max,
                target_rir=ref_item.target_rir,
                load_kg=item.load.value if item.load.kind == "kg" else None,
                lower_body=record is not None and record.movement_pattern in lower,
                bodyweight=item.load.kind == "bodyweight",
            )
            # Measured from what was lifted, then made to agree with the load planned next.
            decision = against_plan(strength_decision(target, exposures, r), target.load_kg)
            action: str = decision.action
            if triggered:
                basis = decision.logged_load_kg or target.load_kg
                new_item = _deloaded(item, basis, deload, r)
                action = "deload"
            elif ref_week_deload and not week.deload and exposures:
                heavy = _last_heavy_load(marked, item.exercise)
                data = item.model_dump()
                if heavy:
                    data["load"] = {"kind": "kg", "value": heavy}
                data["reasons"] = [
                    *_without_review_reasons(item.reasons),
                    reason("after_deload", load=_kg_text(heavy) if heavy else "as planned"),
                ]
                new_item = StrengthItem.model_validate(data)
                action = "after_deload"
            elif week.deload:
                why = "scheduled deload week, no load increases"
                if decision.direction < 0:
                    new_item = _apply_strength(item, decision, ref_item)
                else:
                    new_item = item.model_copy(
                        update={
                            "reasons": [
                                *_without_review_reasons(item.reasons),
                                reason("hold", why=why),
                            ]
                        }
                    )
                    action = "hold"
            else:
                new_item = (
                    _apply_strength(item, decision, ref_item)
                    if exposures
                    else item.model_copy(
                        update={
                            "reasons": [*_without_review_reasons(item.reasons), *decision.reasons]
                        }
                    )
                )
            items.append(new_item)
            decisions.append(
                ItemDecision(
                    session=p.key,
                    exercise=item.exercise,
                    action=action,
                    before=edits.item_text(item),
                    after=edits.item_text(new_item),
                    reasons=[x for x in new_item.reasons if x.code in REVIEW_CODES],
                )
            )
        updated[p.key] = session.model_copy(update={"items": items})
    adapted = edits.replace_sessions(marked, updated)
    adapted = Plan.model_validate(adapted.model_dump())

    common: dict[str, Any] = {
        "athlete_id": athlete_id,
        "week_start": start,
        "week_end": week_end,
        "matches": matches,
        "unmatched": unmatched,
        "decisions": decisions,
        "deload": deload.deload,
        "deload_trigger": deload.trigger,
        "deload_reasons": list(deload.reasons),
    }
    if not diff_plans(base, adapted):
        return ReviewResult(**common, status="unchanged", version=None)
    operations = [
        {"op": "review", "week_start": start.isoformat(), "week_end": week_end.isoformat()}
    ]
    summary = _unique([*deload.reasons, *(x for d in decisions for x in d.reasons)])
    verdict = _validate(ctx, athlete_id, adapted, base)
    if verdict.plan is not None and verdict.status in ("ok", "repaired"):
        stored = _store(
            ctx,
            athlete_id,
            status="active",
            proposed_by="review",
            plan=verdict.plan,
            parent=row.version,
            verdict=VerdictView.of(verdict),
            reasons=[*summary, *_violation_reasons(verdict)],
            diff=diff_plans(base, verdict.plan),
            operations=operations,
        )
        return ReviewResult(
            **common,
            status="active",
            version=stored.version,
            verdict=VerdictView.of(verdict),
            diff=diff_plans(base, verdict.plan),
        )
    # Refused: keep the refusal on record, then keep only the sessions marked done.
    _store(
        ctx,
        athlete_id,
        status="rejected",
        proposed_by="review",
        plan=adapted,
        parent=row.version,
        verdict=VerdictView.of(verdict),
        reasons=[*summary, *_violation_reasons(verdict)],
        diff=diff_plans(base, adapted),
        operations=operations,
    )
    fallback = _validate(ctx, athlete_id, marked, base)
    if fallback.plan is None or not diff_plans(base, fallback.plan):
        return ReviewResult(
            **common, status="rejected", version=None, verdict=VerdictView.of(verdict)
        )
    stored = _store(
        ctx,
        athlete_id,
        status="active",
        proposed_by="review",
        plan=fallback.plan,
        parent=row.version,
        verdict=VerdictView.of(fallback),
        reasons=[
            reason(
                "hold", why="the safety validator refused the changes; sessions done are recorded"
            ),
            *_violation_reasons(verdict),
        ],
        diff=diff_plans(base, fallback.plan),
        operations=operations,
    )
    return ReviewResult(
        **common,
        status="rejected",
        version=stored.version,
        verdict=VerdictView.of(verdict),
        diff=diff_plans(base, fallback.plan),
    )


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")
