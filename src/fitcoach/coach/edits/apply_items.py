"""Item edits: replace, add or remove an exercise, change its sets, reps, load or RIR, in one
named session or in every planned session that has the exercise."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from pydantic import ValidationError

from fitcoach.coach.edits.resolve import is_cardio, plan_record
from fitcoach.coach.edits.sessions import add_reason, planned, replace_sessions
from fitcoach.coach.edits.types import (
    AddExercise,
    ChangeLoad,
    ChangeReps,
    ChangeRir,
    ChangeSets,
    RemoveExercise,
    ReplaceExercise,
)
from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import (
    CardioItem,
    Intensity,
    Item,
    Load,
    Plan,
    PlannedSession,
    StrengthItem,
)
from fitcoach.core.errors import InvalidInput, invalid_from

ItemEdit = (
    ReplaceExercise
    | AddExercise
    | RemoveExercise
    | ChangeSets
    | ChangeReps
    | ChangeLoad
    | ChangeRir
)
ITEM_EDITS = (
    ReplaceExercise,
    AddExercise,
    RemoveExercise,
    ChangeSets,
    ChangeReps,
    ChangeLoad,
    ChangeRir,
)


def apply_item_edit(
    plan: Plan, op: ItemEdit, library: Sequence[ExerciseRecord], why: Reason
) -> Plan:
    """``plan`` with the item edit ``op`` applied (``why`` on every changed item or session);
    ``InvalidInput`` when it cannot apply (an unknown exercise, a session without it ...)."""
    if isinstance(op, ReplaceExercise):
        old = plan_record(library, op.exercise)
        new = plan_record(library, op.to)
        if old.slug == new.slug:
            raise InvalidInput(f"{old.slug} would be replaced by itself; name another exercise")
        if is_cardio(old) != is_cardio(new):
            kind = "a cardio exercise" if is_cardio(old) else "a strength exercise"
            raise InvalidInput(f"replace {old.slug} with {kind}, not {new.slug}")
        keys = _targets(plan, op.session, old.slug)
        for key in keys:
            if any(i.exercise == new.slug for i in plan.session(key).items):
                raise InvalidInput(
                    f"session {key} already has {new.slug}; remove {old.slug} instead"
                )
        return _map_items(plan, keys, old.slug, lambda item: _new_item(new, item, None, why), why)
    if isinstance(op, AddExercise):
        record = plan_record(library, op.exercise)
        session = planned(plan, op.session)
        if any(i.exercise == record.slug for i in session.items):
            raise InvalidInput(
                f"session {op.session} already has {record.slug}; change its sets instead"
            )
        items = list(session.items)
        at = len(items) if op.position is None else min(op.position - 1, len(items))
        items.insert(at, _new_item(record, None, op, why))
        return replace_sessions(plan, {op.session: session.model_copy(update={"items": items})})
    if isinstance(op, RemoveExercise):
        record = plan_record(library, op.exercise)
        keys = _targets(plan, op.session, record.slug)
        updated = {}
        for key in keys:
            session = plan.session(key)
            items = [i for i in session.items if i.exercise != record.slug]
            if not items:
                raise InvalidInput(
                    f"{record.slug} is the only exercise of {key}; skip the session instead"
                )
            updated[key] = session.model_copy(
                update={"items": items, "reasons": add_reason(session.reasons, why)}
            )
        return replace_sessions(plan, updated)
    record = plan_record(library, op.exercise)
    keys = _targets(plan, op.session, record.slug)
    return _map_items(plan, keys, record.slug, lambda item: _change(item, op), why)


def _strength(data: dict[str, Any]) -> StrengthItem:
    """A strength item from data, its validation errors as ``InvalidInput``."""
    try:
        return StrengthItem.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix="edit: ") from None


def _targets(plan: Plan, key: str | None, slug: str) -> list[str]:
    """Keys of the planned sessions an item edit applies to; each has the exercise."""
    if key is not None:
        session = planned(plan, key)
        if not any(i.exercise == slug for i in session.items):
            has = ", ".join(i.exercise for i in session.items)
            raise InvalidInput(f"session {key} has no {slug}; it has: {has}")
        return [key]
    keys = [
        s.key
        for s in plan.sessions()
        if s.status == "planned" and any(i.exercise == slug for i in s.items)
    ]
    if not keys:
        raise InvalidInput(f"no planned session has {slug}; name the session")
    return keys


def _map_items(
    plan: Plan, keys: list[str], slug: str, change: Callable[[Item], Item], why: Reason
) -> Plan:
    """Apply ``change(item) -> item`` to every item of ``slug`` in the sessions ``keys``."""
    updated: dict[str, PlannedSession] = {}
    for key in keys:
        session = plan.session(key)
        items = []
        for item in session.items:
            if item.exercise == slug:
                new = change(item)
                new = new.model_copy(update={"reasons": add_reason(new.reasons, why)})
                items.append(new)
            else:
                items.append(item)
        updated[key] = session.model_copy(update={"items": items})
    return replace_sessions(plan, updated)


def _strength_only(item: Item, what: str) -> StrengthItem:
    if not isinstance(item, StrengthItem):
        raise InvalidInput(f"{item.exercise} is cardio: it has no {what}")
    return item


def _new_item(
    record: ExerciseRecord, like: Item | None, op: AddExercise | None, why: Reason
) -> Item:
    reasons = [why]
    if is_cardio(record):
        if isinstance(like, CardioItem):
            return like.model_copy(
                update={"exercise": record.slug, "reasons": reasons, "max_test": False}
            )
        minutes = op.minutes if op is not None else 20
        zone = op.zone if op is not None else 2
        return CardioItem(
            exercise=record.slug,
            duration_s=max(60, minutes * 60),
            intensity=Intensity(kind="hr_zone", value=zone),
            reasons=reasons,
        )
    load = Load(kind="bodyweight") if not record.equipment else Load(kind="by_rir")
    if op is not None and op.load_kg is not None:
        load = Load(kind="kg", value=op.load_kg)
    if isinstance(like, StrengthItem):
        return like.model_copy(
            update={"exercise": record.slug, "load": load, "reasons": reasons, "max_test": False}
        )
    return _strength(
        {
            "exercise": record.slug,
            "sets": op.sets if op else 3,
            "rep_min": op.rep_min if op else 8,
            "rep_max": op.rep_max if op else 12,
            "target_rir": op.target_rir if op else 2.0,
            "load": load,
            "rest_s": op.rest_s if op else 90,
            "reasons": reasons,
        },
    )


def _change(item: Item, op: ChangeSets | ChangeReps | ChangeLoad | ChangeRir) -> Item:
    strength = _strength_only(
        item,
        {"change_sets": "sets", "change_reps": "reps", "change_load": "load", "change_rir": "RIR"}[
            op.op
        ],
    )
    data = strength.model_dump()
    if isinstance(op, ChangeSets):
        data["sets"] = op.sets
    elif isinstance(op, ChangeReps):
        data["rep_min"], data["rep_max"] = op.rep_min, op.rep_max
    elif isinstance(op, ChangeLoad):
        data["load"] = {"kind": "kg", "value": op.load_kg}
    else:
        data["target_rir"] = op.target_rir
    return _strength(data)
