"""Undoing and correcting what was logged: delete or correct one entry (the chat's "undo that",
"it was 80 not 100"), one set or a workout's own fields (the history pages), each change
validated as the log itself would be and recorded in the audit log.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from fitcoach.coach.schemas import CardioIn, DailyMetricsIn, Kg, MealIn, Seconds
from fitcoach.core.bounds import Instant, Text
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.core.units import Units
from fitcoach.services import consent, exercises
from fitcoach.services.context import (
    ServiceContext,
    athlete_units,
    typed_units,
    validate,
    validation_context,
)
from fitcoach.services.training_log.answers import (
    EntryCorrected,
    EntryRemoved,
    SetCorrected,
    SetDeleted,
    WorkoutCorrected,
)
from fitcoach.services.training_log.kinds import DAILY_FIELDS, MODELS, EntryKind, _not_future
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import SetLog
from fitcoach.storage.repositories import entries as entries_repo
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as repo

# --- undoing and correcting one entry (the chat's "undo that", "it was 80 not 100") ----------

# The columns a correction may set, per kind (a workout's are its sets' columns and "sets").
CORRECTABLE: dict[str, frozenset[str]] = {
    "workouts": frozenset({"reps", "weight_kg", "rir", "sets"}),
    "cardio": frozenset({"duration_s", "distance_m", "avg_hr", "session_rpe"}),
    "daily": frozenset(DAILY_FIELDS),
    "meals": frozenset({"calories_kcal", "protein_g", "carbs_g", "fat_g", "description"}),
}


def _checked_by(kind: str) -> type[BaseModel]:
    """The schema a kind's corrections are checked by, field by field (``_checked_fields``):
    the same limits, units and precision as when the entry was logged, or a set corrected."""
    schemas: dict[str, type[BaseModel]] = {
        "workouts": SetChanges,
        "cardio": CardioIn,
        "daily": DailyMetricsIn,
        "meals": MealIn,
    }
    return schemas[kind]


def _checked_fields(
    model: type[BaseModel], changes: Mapping[str, Any], units: Units
) -> dict[str, Any]:
    """Each change validated as ``model``'s field of that name validates it (its range, its
    unit parsing: text without a unit in ``units``, its precision); the number of sets, which
    no schema holds, as a whole number. ``InvalidInput`` names the field."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        field = model.model_fields.get(key)
        if field is None:  # "sets": checked where it is applied
            out[key] = value
            continue
        kind: Any = (
            Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        )
        adapter: TypeAdapter[Any] = TypeAdapter(kind)
        try:
            out[key] = adapter.validate_python(value, context=validation_context(None, units))
        except ValidationError as exc:
            problem = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            raise InvalidInput(f"changes: {key}: {problem}", field=key, reason=problem) from None
    return out


def _entry(ctx: ServiceContext, scope: AthleteScope, kind: str, entry_id: int) -> Any:
    """The scoped athlete's entry, or ``NotFound`` (another athlete's entry is not found)."""
    if kind not in CORRECTABLE and kind != "sleep":
        raise InvalidInput(f"unknown entry kind {kind!r}; use workouts, cardio, daily, sleep or meals")  # fmt: skip
    row = repo.record_for(ctx.session, scope, MODELS[kind], entry_id)
    if row is None:
        raise NotFound(f"no {kind} entry {entry_id}")
    return row


def delete_entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind,
    entry_id: int,
    *,
    fields: tuple[str, ...] = (),
    named_at: datetime | None = None,
) -> EntryRemoved:
    """Delete one of the athlete's entries by id; audited as a delete. A day's readings are one
    row that other logs share: with ``fields`` only those readings are cleared (what one chat
    message logged), and the row goes when nothing is left in it. A workout's personal records
    are folded again without its sets. Answers what was removed. ``named_at``: when an undo
    named this entry (its message's arrival); an entry another request took out since then is
    a ``Conflict`` (two undos of one message at once), not a ``NotFound``."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    try:
        row = _entry(ctx, scope, kind, entry_id)
    except NotFound:
        if named_at is not None and entries_repo.deleted_since(
            ctx.session, scope, kind.rstrip("s"), entry_id, named_at
        ):
            raise Conflict(ALREADY_TAKEN_BACK) from None
        raise
    removed: EntryRemoved = {"kind": kind, "id": entry_id}
    if kind == "daily" and fields:
        unknown = set(fields) - set(DAILY_FIELDS)
        if unknown:
            raise InvalidInput(f"fields: not daily readings: {', '.join(sorted(unknown))}")
        removed["fields"] = {f: getattr(row, f) for f in fields}
        for name in fields:
            setattr(row, name, None)
        ctx.session.flush()
        if any(getattr(row, f) is not None for f in DAILY_FIELDS):
            ctx.audit("update", "daily", entry_id, athlete_id=athlete_id, detail={"cleared": list(fields)})  # fmt: skip
            return removed
    # One conditional delete takes the entry out (a workout's sets go with it): of two requests
    # that take out the same entry at once, the second finds it gone and removes nothing.
    if kind == "workouts":
        sets = repo.sets_of(ctx.session, scope, [entry_id])
        removed["sets"] = len(sets)
        exercise_ids = {s.exercise_id for s in sets}
        ctx.session.flush()
        if not entries_repo.take_out(ctx.session, scope, MODELS[kind], entry_id):
            raise Conflict(ALREADY_TAKEN_BACK)
        for set_log in sets:
            if set_log in ctx.session:
                ctx.session.expunge(set_log)
        records_repo.recompute(ctx.session, scope, exercise_ids)
    else:
        ctx.session.flush()
        if not entries_repo.take_out(ctx.session, scope, MODELS[kind], entry_id):
            raise Conflict(ALREADY_TAKEN_BACK)
    ctx.audit("delete", kind.rstrip("s"), entry_id, athlete_id=athlete_id, detail={"undo": True})
    return removed


ALREADY_TAKEN_BACK = (
    "that entry was taken back already (another undo got there first), so nothing more was "
    "removed; look at the history to see what is left"
)


def checked_corrections(
    kind: EntryKind, changes: Mapping[str, Any], units: Units
) -> dict[str, Any]:
    """``changes`` to an entry of ``kind`` validated as ``correct_entry`` stores them (text
    without a unit in ``units``), or ``InvalidInput`` naming the field: what a page checks
    before it asks to confirm. Reads nothing, so it takes no athlete."""
    allowed = CORRECTABLE.get(kind, frozenset())
    if not allowed or not changes or set(changes) - allowed:
        raise InvalidInput(f"changes: give one or more of {', '.join(sorted(allowed))}")
    return _checked_fields(_checked_by(kind), changes, units)


def correct_entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind,
    entry_id: int,
    changes: Mapping[str, Any],
    *,
    exercise: str | None = None,
) -> EntryCorrected:
    """Set corrected values on one of the athlete's entries by id; audited as an update with
    the old and new values. A workout's changes apply to the sets of ``exercise`` (a slug;
    every set when None): ``reps``, ``weight_kg``, ``rir``, and ``sets`` (the number of those
    sets: the last one is repeated or trailing ones removed); its records are folded again.
    A night's sleep is corrected by logging it again (it replaces), not here."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    if kind == "sleep":
        raise InvalidInput("log the night again to correct sleep: it replaces what was logged")
    row = _entry(ctx, scope, kind, entry_id)
    changes = checked_corrections(kind, changes, athlete_units(ctx, scope))
    before: dict[str, Any] = {}
    if kind == "workouts":
        sets = list(repo.sets_of(ctx.session, scope, [entry_id]))
        if exercise is not None:
            wanted = exercises.resolve_many(ctx, [exercise], athlete_id=scope.athlete_id)[0].id
            sets = [s for s in sets if s.exercise_id == wanted]
        if not sets:
            raise NotFound(f"no sets of {exercise or 'any exercise'} in workout {entry_id}")
        for key in ("reps", "weight_kg", "rir"):
            if key in changes:
                before[key] = sorted({getattr(s, key) for s in sets}, key=str)
                for set_log in sets:
                    setattr(set_log, key, changes[key])
        ctx.session.flush()
        if "sets" in changes:
            count = int(changes["sets"])
            if not 1 <= count <= 50:
                raise InvalidInput("changes: sets must be between 1 and 50")
            before["sets"] = len(sets)
            for set_log in sets[count:]:
                ctx.session.delete(set_log)
            ctx.session.flush()
            last = sets[min(count, len(sets)) - 1]
            for _ in range(count - len(sets)):
                repo.append_set(
                    ctx.session,
                    scope,
                    row,
                    SetLog(
                        exercise_id=last.exercise_id,
                        reps=last.reps,
                        weight_kg=last.weight_kg,
                        rir=last.rir,
                        completed=last.completed,
                        is_warmup=last.is_warmup,
                        notes=last.notes,
                    ),
                )
        records_repo.recompute(ctx.session, scope, {s.exercise_id for s in sets})
    else:
        for key, value in changes.items():
            before[key] = getattr(row, key)
            setattr(row, key, value)
        ctx.session.flush()
    after = dict(changes)
    detail = {"before": before, "after": after}
    ctx.audit("update", kind.rstrip("s"), entry_id, athlete_id=athlete_id, detail=jsonable_detail(detail))  # fmt: skip
    return {"kind": kind, "id": entry_id, "before": before, "after": after}


def jsonable_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """Audit detail as plain JSON numbers and strings (no Decimal or dates)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, int | float | str | bool) or value is None:
            return value
        return str(value)

    return {k: plain(v) for k, v in detail.items()}


# --- the history pages' corrections: one entry, one set, a workout's own fields ----------------

SET_FIELDS = ("reps", "weight_kg", "rir", "is_warmup")


class SetChanges(BaseModel):
    """What a correction of one set may change: only the fields given change (``weight_kg``
    and ``rir`` may be given as None: a bodyweight set, reps in reserve not said)."""

    model_config = ConfigDict(extra="forbid")

    reps: Annotated[int, Field(ge=0, le=1000)] = 0
    weight_kg: Annotated[Kg, Field(ge=0, le=1000)] | None = None
    rir: Annotated[float, Field(ge=0, le=10)] | None = None
    is_warmup: bool = False


def entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: Literal["workouts", "cardio", "meals"],
    entry_id: int,
) -> dict[str, Any]:
    """One workout (with its sets, as ``history`` gives them), cardio session or meal of the
    athlete by id, as plain data; another athlete's is ``NotFound``."""
    if kind not in ("workouts", "cardio", "meals"):
        raise InvalidInput(f"unknown entry kind {kind!r}; use workouts, cardio or meals")
    scope = ctx.scope(athlete_id)
    out = repo.columns_of(_entry(ctx, scope, kind, entry_id))
    if kind == "workouts":
        out["sets"] = repo.set_rows_of(ctx.session, scope, [entry_id])
    return out


def _set_of(ctx: ServiceContext, scope: AthleteScope, workout_id: int, set_id: int) -> SetLog:
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None or row.session_id != workout_id:
        raise NotFound(f"no set {set_id} in workout {workout_id}")
    return row


def correct_set(
    ctx: ServiceContext,
    athlete_id: int,
    workout_id: int,
    set_id: int,
    changes: SetChanges | Mapping[str, Any],
) -> SetCorrected:
    """Set corrected values on one set of a workout (those given of reps, weight_kg, rir,
    is_warmup). The exercise's personal records are folded again from the stored sets, so a
    record the set held goes when the set no longer reaches it (the training load reads the
    stored sets and follows by itself). Audited as an update with the old and new values;
    answers what changed."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    given = validate(SetChanges, changes, units=typed_units(ctx, scope, changes)).model_dump(
        exclude_unset=True
    )
    if not given:
        raise InvalidInput(f"changes: give one or more of {', '.join(SET_FIELDS)}")
    row = _set_of(ctx, scope, workout_id, set_id)
    before = {k: getattr(row, k) for k in given}
    changed = sorted(k for k in given if before[k] != given[k])
    for key in changed:
        setattr(row, key, given[key])
    ctx.session.flush()
    if changed:
        records_repo.recompute(ctx.session, scope, [row.exercise_id])
        detail = {
            "workout": workout_id,
            "before": {k: before[k] for k in changed},
            "after": {k: given[k] for k in changed},
        }
        ctx.audit("update", "set", set_id, athlete_id=athlete_id, detail=jsonable_detail(detail))
    return {"kind": "set", "id": set_id, "workout_id": workout_id, "changed": changed}


def delete_set(ctx: ServiceContext, athlete_id: int, workout_id: int, set_id: int) -> SetDeleted:
    """Delete one set of a workout; its exercise's personal records are folded again without
    it. The workout stays (with its other sets; delete it with ``delete_entry``). Answers the
    set's id and how many sets the workout has left."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    row = _set_of(ctx, scope, workout_id, set_id)
    exercise_id = row.exercise_id
    ctx.session.delete(row)
    ctx.session.flush()
    records_repo.recompute(ctx.session, scope, [exercise_id])
    ctx.audit("delete", "set", set_id, athlete_id=athlete_id, detail={"workout": workout_id})
    left = repo.set_counts_of(ctx.session, scope, [workout_id]).get(workout_id, 0)
    return {"kind": "set", "id": set_id, "workout_id": workout_id, "sets_left": left}


WORKOUT_FIELDS = ("title", "started_at", "session_rpe", "duration_s", "notes")


class WorkoutChanges(BaseModel):
    """What a correction of a workout itself (not its sets) may change, with the limits a
    logged workout has (``WorkoutIn``): only the fields given change; ``session_rpe`` and
    ``duration_s`` may be given as None (not said)."""

    model_config = ConfigDict(extra="forbid")

    title: Text = Field(default="", max_length=120)
    started_at: Instant | None = None
    session_rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    duration_s: Annotated[Seconds, Field(gt=0, le=86400)] | None = None
    notes: Text = Field(default="", max_length=5000)


def checked_workout_changes(
    ctx: ServiceContext, athlete_id: int, changes: WorkoutChanges | Mapping[str, Any]
) -> dict[str, Any]:
    """``changes`` validated as ``correct_workout`` takes them (the fields given only), or
    ``InvalidInput`` naming the field: what a page checks before it asks to confirm."""
    scope = ctx.scope(athlete_id)
    given = validate(
        WorkoutChanges, changes, clock=ctx.clock, units=typed_units(ctx, scope, changes)
    ).model_dump(exclude_unset=True)
    if not given:
        raise InvalidInput(f"changes: give one or more of {', '.join(WORKOUT_FIELDS)}")
    if "started_at" in given:
        if given["started_at"] is None:
            raise InvalidInput("started_at: a workout keeps a start time; give the corrected one")
        _not_future(ctx, given["started_at"], "started_at", "workout start")
    return given


def correct_workout(
    ctx: ServiceContext,
    athlete_id: int,
    workout_id: int,
    changes: WorkoutChanges | Mapping[str, Any],
) -> WorkoutCorrected:
    """Set corrected values on a workout itself (those given of its title, start time, session
    RPE, duration and notes). As with ``correct_set``: validated as a logged workout is (a
    start in the future or before 1970 is refused), audited as an update with the old and new
    values, and what follows from it worked out again: the training load reads the session's
    RPE × duration as stored, and the personal records, dated by the session, are folded again
    when its start moves. Answers what changed."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    given = checked_workout_changes(ctx, athlete_id, changes)
    row = _entry(ctx, scope, "workouts", workout_id)
    before = {k: getattr(row, k) for k in given}
    changed = sorted(k for k in given if before[k] != given[k])
    for key in changed:
        setattr(row, key, given[key])
    ctx.session.flush()
    if "started_at" in changed:
        sets = repo.sets_of(ctx.session, scope, [workout_id])
        records_repo.recompute(ctx.session, scope, {s.exercise_id for s in sets})
    if changed:
        detail = {"before": {k: before[k] for k in changed}, "after": {k: given[k] for k in changed}}  # fmt: skip
        ctx.audit("update", "workout", workout_id, athlete_id=athlete_id, detail=jsonable_detail(detail))  # fmt: skip
    return {"kind": "workout", "id": workout_id, "changed": changed}
