"""Plan items, sessions and edits as text: the one-line forms a diff stores (``item_text``,
``session_text``, ``load_text``) and what an edit does in a few words (``describe``)."""

from __future__ import annotations

from typing import Any

from fitcoach.coach.edits.types import (
    AddExercise,
    ChangeLoad,
    ChangeReps,
    ChangeRir,
    ChangeSets,
    EditOp,
    MoveSession,
    RemoveExercise,
    ReplaceExercise,
    SetDaysPerWeek,
    SetEquipment,
    SetSessionMinutes,
    SkipSession,
)
from fitcoach.coach.explanations import Reason, counted, reason
from fitcoach.coach.plan import (
    Item,
    PlannedSession,
    StrengthItem,
)
from fitcoach.coach.texts import intensity_text, load_text


def session_text(session: PlannedSession) -> str:
    """A session in one line."""
    return f"{session.name} ({', '.join(i.exercise for i in session.items)})"


def item_fields(item: Item) -> dict[str, Any]:
    if isinstance(item, StrengthItem):
        return {
            "sets": item.sets,
            "reps": f"{item.rep_min}-{item.rep_max}",
            "target_rir": item.target_rir,
            "load": load_text(item.load),
            "rest_s": item.rest_s,
            "max_test": item.max_test,
        }
    return {
        "duration_min": None if item.duration_s is None else round(item.duration_s / 60, 2),
        "distance_km": None if item.distance_m is None else round(item.distance_m / 1000, 3),
        "intensity": intensity_text(item.intensity),
        "intervals": None
        if item.intervals is None
        else f"{item.intervals.repeats}x{item.intervals.work_s}s/{item.intervals.rest_s}s",
        "max_test": item.max_test,
    }


# Who asked for an edit, as the athlete reads it.
WHO: dict[str, str] = {
    "athlete": "you",
    "coach": "your coach",
    "assistant": "the assistant",
    "rl": "the learned policy",
    "review": "the weekly review",
}


def describe(op: EditOp) -> str:
    """What an edit does, in a few words (the ``edit_applied`` reason's ``what``)."""
    session = getattr(op, "session", None)
    where = f" in {session}" if session else ""
    if isinstance(op, ReplaceExercise):
        return f"{op.exercise} replaced by {op.to}{where}"
    if isinstance(op, AddExercise):
        return f"{op.exercise} added to {op.session}"
    if isinstance(op, RemoveExercise):
        return f"{op.exercise} removed{where}"
    if isinstance(op, ChangeSets):
        return counted(f"{op.exercise} set to {op.sets} set(s){where}")
    if isinstance(op, ChangeReps):
        return f"{op.exercise} set to {op.rep_min}-{op.rep_max} reps{where}"
    if isinstance(op, ChangeLoad):
        return f"{op.exercise} set to {op.load_kg:g} kg{where}"
    if isinstance(op, ChangeRir):
        return f"{op.exercise} set to {op.target_rir:g} reps in reserve{where}"
    if isinstance(op, MoveSession):
        to = f"position {op.position}" if op.position is not None else f"{op.on}"
        return f"{op.session} moved to {to}"
    if isinstance(op, SkipSession):
        return f"{op.session} skipped"
    if isinstance(op, SetDaysPerWeek):
        return counted(f"{op.days} training day(s) a week")
    if isinstance(op, SetSessionMinutes):
        return f"{op.minutes}-minute sessions{where}"
    if isinstance(op, SetEquipment):
        return f"equipment set to {show(list(op.equipment))}"
    return "the plan regenerated"


def edit_reason(op: EditOp, by: str) -> Reason:
    """The reason an applied edit carries: what changed and who asked for it."""
    return reason("edit_applied", what=describe(op), who=WHO.get(by, by))


def show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "bodyweight only"
    return str(value)
