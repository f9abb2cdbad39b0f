"""Logging records: a workout with its sets, cardio, sleep, a meal, feedback and a day's
readings, each validated in the athlete's units, checked against the future and the
athlete's consent, and flushed (the boundary commits).
"""

from __future__ import annotations

from typing import Any

from fitcoach.coach.meal_times import meal_of_hour
from fitcoach.coach.schemas import CardioIn, DailyMetricsIn, FeedbackIn, MealIn, SleepIn, WorkoutIn
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, FitcoachError
from fitcoach.services import consent, exercises
from fitcoach.services.context import ServiceContext, typed_units, validate
from fitcoach.services.training_log.kinds import DAILY_FIELDS, Logged, _not_future
from fitcoach.services.training_log.sleep import night_of
from fitcoach.services.training_log.windows import athlete_zone
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Feedback,
    Meal,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import training_log as repo


def log_workout(ctx: ServiceContext, athlete_id: int, data: WorkoutIn | dict[str, Any]) -> Logged:
    """Store a strength session with its sets; the same (source, source_id) twice is stored once."""
    # The consent check resolves the scope in the same query (``consent.require``).
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    scope = ctx.scope(athlete_id)
    spec = validate(WorkoutIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.started_at, "started_at", "workout start")
    # Resolve every exercise before writing anything, so a bad name stores nothing. A retry is
    # found by the INSERT itself (nothing stored, no id), not by a query before it; a retry
    # whose names no longer resolve still answers with what it stored.
    try:
        resolved = exercises.resolve_ids(
            ctx, [s.exercise for s in spec.sets], athlete_id=athlete_id
        )
    except FitcoachError:
        stored = repo.id_by_source(ctx.session, scope, WorkoutSession, spec.source, spec.source_id)
        if stored is not None:
            return Logged("workout", stored, created=False)
        raise
    workout_id = repo.store_workout(
        ctx.session,
        scope,
        {
            "started_at": spec.started_at,
            "duration_s": spec.duration_s,
            "title": spec.title,
            "notes": spec.notes,
            "session_rpe": spec.session_rpe,
            "source": spec.source,
            "source_id": spec.source_id,
        },
        [
            {
                "exercise_id": exercise_id,
                "reps": s.reps,
                "weight_kg": s.weight_kg,
                "rir": s.rir,
                "completed": s.completed,
                "is_warmup": s.is_warmup,
                "notes": s.notes,
            }
            for s, exercise_id in zip(spec.sets, resolved, strict=True)
        ],
    )
    if workout_id is None:
        existing = repo.id_by_source(
            ctx.session, scope, WorkoutSession, spec.source, spec.source_id
        )
        if existing is None:  # the stored workout the INSERT met was deleted since
            raise Conflict("the workout was deleted while it was being logged again; retry")
        return Logged("workout", existing, created=False)
    ctx.audit(
        "create", "workout", workout_id, athlete_id=athlete_id, detail={"sets": len(spec.sets)}
    )
    return Logged("workout", workout_id, created=True)


def _log_sourced(
    ctx: ServiceContext, athlete_id: int, model: type[Any], values: dict[str, Any], kind: str
) -> Logged:
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    existing = repo.id_by_source(ctx.session, scope, model, values["source"], values["source_id"])
    if existing is not None:
        return Logged(kind, existing, created=False)
    record = repo.add(ctx.session, scope, model(**values))
    ctx.audit("create", kind, record.id, athlete_id=athlete_id)
    return Logged(kind, record.id, created=True)


def log_cardio(ctx: ServiceContext, athlete_id: int, data: CardioIn | dict[str, Any]) -> Logged:
    """Store a cardio or activity session."""
    scope = ctx.scope(athlete_id)
    spec = validate(CardioIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.started_at, "started_at", "activity start")
    values = spec.model_dump()
    values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
    return _log_sourced(ctx, athlete_id, CardioSession, values, "cardio")


SLEEP_FIELDS = ("started_at", "ended_at", "stages_s", "awakenings", "quality")


def log_sleep(ctx: ServiceContext, athlete_id: int, data: SleepIn | dict[str, Any]) -> Logged:
    """Store a sleep session; a correction replaces what it corrects.

    The same (source, source_id) again stores nothing (a retry). A session that overlaps
    sessions already stored from the same source for the same night (``night_of``) is that
    sleep told again (the chat's "actually I slept 6 hours", a re-sent night, the same
    ``log sleep`` typed twice): it replaces them instead of adding to them.
    The latest of them takes the new values and keeps its id and source id (so a retry of
    either request stores nothing more); any others (duplicates stored before corrections
    replaced) are deleted. The answer is then ``created`` False, ``changed`` whether anything
    was written, ``fields`` the columns that changed. Sessions that do not overlap (a nap and
    the night) are both kept; sessions of other sources are left alone (``counted_sleep``
    decides between them when reading)."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(SleepIn, data)
    _not_future(ctx, spec.ended_at, "ended_at", "sleep end")
    existing = repo.id_by_source(ctx.session, scope, SleepSession, spec.source, spec.source_id)
    if existing is not None:
        return Logged("sleep", existing, created=False)
    zone = athlete_zone(ctx, athlete_id)
    night = night_of(spec.ended_at, zone)
    same = [
        r
        for r in repo.overlapping_sleep(
            ctx.session, scope, spec.source, spec.started_at, spec.ended_at
        )
        if night_of(r.ended_at, zone) == night
    ]
    if not same:
        record = repo.add(ctx.session, scope, SleepSession(**spec.model_dump()))
        ctx.audit("create", "sleep", record.id, athlete_id=athlete_id)
        return Logged("sleep", record.id, created=True)
    *older, kept = same
    removed = [r.id for r in older]
    for record in older:
        repo.delete(ctx.session, scope, record)
    values = spec.model_dump(include=set(SLEEP_FIELDS))
    changed = sorted(k for k in SLEEP_FIELDS if getattr(kept, k) != values[k])
    for key in changed:
        setattr(kept, key, values[key])
    ctx.session.flush()
    if changed or removed:
        ctx.audit(
            "update",
            "sleep",
            kept.id,
            athlete_id=athlete_id,
            detail={"fields": changed, "replaced": removed},
        )
    return Logged(
        "sleep", kept.id, created=False, changed=bool(changed or removed), fields=tuple(changed)
    )


def log_meal(ctx: ServiceContext, athlete_id: int, data: MealIn | dict[str, Any]) -> Logged:
    """Store a meal. One logged without saying which ("meal", the schema's default: a chat
    message, an API call, an import) is stored as the meal of its local hour (breakfast
    before 11, lunch, dinner, a snack after 22), as the nutrition page suggests: a person
    reads "dinner", never "meal"."""
    spec = validate(MealIn, data)
    _not_future(ctx, spec.eaten_at, "eaten_at", "meal time")
    values = spec.model_dump()
    if values.get("meal_type") == "meal":
        local = spec.eaten_at.astimezone(athlete_zone(ctx, athlete_id))
        values["meal_type"] = meal_of_hour(local.hour)
    return _log_sourced(ctx, athlete_id, Meal, values, "meal")


def log_feedback(ctx: ServiceContext, athlete_id: int, data: FeedbackIn | dict[str, Any]) -> Logged:
    """Store how the athlete feels."""
    spec = validate(FeedbackIn, data)
    _not_future(ctx, spec.recorded_at, "recorded_at", "feedback time")
    return _log_sourced(ctx, athlete_id, Feedback, spec.model_dump(), "feedback")


def log_daily(
    ctx: ServiceContext, athlete_id: int, data: DailyMetricsIn | dict[str, Any]
) -> Logged:
    """Store readings for a day: one row per day; given fields overwrite, others stay."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(DailyMetricsIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.day, "day", "day")
    given = {k: v for k, v in spec.model_dump(exclude_unset=True).items() if k in DAILY_FIELDS}
    row = repo.daily_for(ctx.session, scope, spec.day)
    if row is None:
        row = repo.add(
            ctx.session,
            scope,
            DailyMetric(day=spec.day, source=spec.source, source_id=spec.source_id, **given),
        )
        created = True
        changed = sorted(given)
    else:
        changed = sorted(k for k, v in given.items() if getattr(row, k) != v)
        for key in changed:
            setattr(row, key, given[key])
        ctx.session.flush()
        created = False
    if created or changed:
        ctx.audit("upsert", "daily", row.id, athlete_id=athlete_id, detail={"fields": changed})
    return Logged("daily", row.id, created=created, changed=bool(changed), fields=tuple(changed))
