"""Applying an edit: ``apply_edit`` sends each kind to the module that applies it (items:
``apply_items``, sessions: ``apply_sessions``, minutes: ``timing``, profile: ``apply_profile``),
then estimates the minutes again and returns the checked plan with its diff."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fitcoach.coach.edits.apply_items import ITEM_EDITS, apply_item_edit
from fitcoach.coach.edits.apply_profile import regenerate
from fitcoach.coach.edits.apply_sessions import apply_session_edit
from fitcoach.coach.edits.diff import Change, diff_plans
from fitcoach.coach.edits.render import edit_reason
from fitcoach.coach.edits.sessions import planned
from fitcoach.coach.edits.timing import fit_minutes, re_estimated
from fitcoach.coach.edits.types import (
    PROFILE_OPS,
    EditOp,
    MoveSession,
    SetSessionMinutes,
    SkipSession,
)
from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import Plan
from fitcoach.coach.planner import PlannerInputs


def apply_edit(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    by: str = "athlete",
    inputs: PlannerInputs | None = None,
    now: datetime | None = None,
) -> tuple[Plan, list[Change]]:
    """Apply ``op`` to ``plan``: the new plan and what changed (the input is not modified).

    Profile edits need ``inputs`` (the athlete's planner inputs, which the edit then changes)
    and ``now``. Raises ``InvalidInput`` when the edit cannot apply (an unknown session or
    exercise, a done session, a session's last exercise ...).

    Every changed item or session carries an ``edit_applied`` reason (what changed, who asked);
    a session the edit makes longer or shorter gets its ``estimated_minutes`` moved by the time
    added or taken away (``session_seconds``); regenerated sessions keep the planner's estimate.
    """
    why = edit_reason(op, by)
    new = _apply(plan, op, library, why=why, inputs=inputs, now=now)
    if op.op not in PROFILE_OPS:
        new = re_estimated(plan, new)
    checked = Plan.model_validate(new.model_dump())
    return checked, diff_plans(plan, checked)


def _apply(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    why: Reason,
    inputs: PlannerInputs | None,
    now: datetime | None,
) -> Plan:
    if isinstance(op, ITEM_EDITS):
        return apply_item_edit(plan, op, library, why)
    if isinstance(op, MoveSession | SkipSession):
        return apply_session_edit(plan, op, why)
    if isinstance(op, SetSessionMinutes):
        if op.session is not None:
            planned(plan, op.session)
        names = {r.slug: r.name for r in library}
        return fit_minutes(plan, op.minutes, why, names, only=op.session)
    return regenerate(plan, op, library, why=why, inputs=inputs, now=now)
