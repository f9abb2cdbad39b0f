"""Profile edits (``set_days_per_week``, ``set_equipment``, ``regenerate``): the planner inputs
change and ``planner.generate_plan`` regenerates what is not done; done (and skipped) sessions
stay where they are (``splice``)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from fitcoach.coach.edits.render import show
from fitcoach.coach.edits.types import (
    EditOp,
    Regenerate,
    SetDaysPerWeek,
    SetEquipment,
    SetSessionMinutes,
)
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import Plan, Week
from fitcoach.coach.planner import PlannerInputs, generate_plan
from fitcoach.core.errors import InvalidInput


def changed_inputs(inputs: PlannerInputs, op: EditOp) -> tuple[PlannerInputs, str]:
    """The planner inputs after a profile edit, and what changed in words."""
    update: dict[str, Any] = {}
    words: list[str] = []
    days = minutes = goal = None
    equipment: list[str] | None = None
    if isinstance(op, SetDaysPerWeek):
        days = op.days
    elif isinstance(op, SetSessionMinutes):
        minutes = op.minutes
    elif isinstance(op, SetEquipment):
        equipment = list(op.equipment)
    elif isinstance(op, Regenerate):
        days, minutes, goal, equipment = op.days, op.minutes, op.goal, op.equipment
    else:
        raise InvalidInput(f"{op.op} is not a profile edit")
    if goal is not None:
        update["goals"] = (goal, *(g for g in inputs.goals if g != goal))
        words.append(f"goal {goal.replace('_', ' ')}")
    if days is not None:
        update["days_per_week"] = days
        update["schedule"] = None  # the planner picks weekdays for the new number of days
        words.append(f"{days} days a week")
    if minutes is not None:
        update["session_minutes"] = minutes
        words.append(f"{minutes}-minute sessions")
    if equipment is not None:
        update["equipment"] = frozenset(equipment)
        words.append(f"equipment: {show(equipment)}")
    return replace(inputs, **update), ", ".join(words) or "your current profile"


def regenerate(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    why: Reason,
    inputs: PlannerInputs | None,
    now: datetime | None,
) -> Plan:
    """``plan`` with what is not done generated again from the inputs ``op`` changes."""
    if inputs is None or now is None:
        raise InvalidInput(
            f"{op.op} regenerates the plan and needs the athlete's planner inputs; "
            "edit it through the plan service"
        )
    new_inputs, what = changed_inputs(inputs, op)
    fresh = generate_plan(new_inputs, library, seed=plan.seed, now=now)
    return splice(plan, fresh, reason("regenerated", what=what), why)


def splice(old: Plan, fresh: Plan, *reasons: Reason) -> Plan:
    """``fresh``'s sessions in place of ``old``'s planned ones; done and skipped sessions stay
    in their weeks. Each week keeps what is done and fills up to ``fresh``'s number of sessions
    for that week from ``fresh``'s same week (later weeks come from ``fresh`` as they are)."""
    used = {s.key for s in old.sessions() if s.status != "planned"}
    weeks: list[Week] = []
    for index in range(max(len(old.weeks), len(fresh.weeks))):
        old_week = old.weeks[index] if index < len(old.weeks) else None
        new_week = fresh.weeks[index] if index < len(fresh.weeks) else None
        kept = [s for s in (old_week.sessions if old_week else []) if s.status != "planned"]
        fill = list(new_week.sessions if new_week else [])[len(kept) :]
        sessions = list(kept)
        for s in fill:
            key = s.key
            n = len(sessions) + 1
            while key in used:
                key = f"w{index + 1}s{n}"
                n += 1
            used.add(key)
            sessions.append(s.model_copy(update={"key": key, "reasons": [*s.reasons, *reasons]}))
        base = new_week or old_week
        assert base is not None
        if not sessions:
            continue
        weeks.append(
            base.model_copy(
                update={
                    "index": index + 1,
                    "sessions": sessions,
                    "deload": new_week.deload if new_week else base.deload,
                }
            )
        )
    return fresh.model_copy(
        update={
            "start": old.start,
            "weeks": weeks,
            "created_at": fresh.created_at,
            "reasons": [*fresh.reasons, *reasons],
        }
    )
