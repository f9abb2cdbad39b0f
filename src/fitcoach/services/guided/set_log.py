"""Storing a set of the day's session as it is done (``log_guided_set``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from fitcoach.coach import loading
from fitcoach.coach.schemas import SetIn
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import (
    consent,
    exercises,
    health,
    own_exercises,
)
from fitcoach.services.context import ServiceContext, typed_units, validate
from fitcoach.services.guided.schemas import GuidedSet
from fitcoach.services.guided.session import (
    SOURCE,
    _check_day,
    _planned,
    _record,
    _said,
    _started_at,
    _workout,
    source_id,
)
from fitcoach.storage.models import SetLog, WorkoutSession
from fitcoach.storage.repositories import training_log as repo


def log_guided_set(
    ctx: ServiceContext,
    athlete_id: int,
    day: date,
    session_key: str,
    data: SetIn | dict[str, Any],
    *,
    set_number: int | None = None,
) -> GuidedSet:
    """Store one set of the day's planned session as it is done.

    The first set creates the session (source ``guided``), later ones append in order. With
    ``set_number`` (the n-th set of this exercise in the session) a set already stored under
    that number is returned as it is (``created`` False): a retried request stores nothing.
    An unknown exercise, or a loaded one without its weight, is ``InvalidInput`` (the message
    starts with the field's name); an exercise stopped for pain today, or a session already
    finished, is ``Conflict``.
    """
    scope = ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)  # an open red flag: the escalation, no sets
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(SetIn, data, units=typed_units(ctx, scope, data))
    if set_number is not None and not 1 <= set_number <= 50:
        raise InvalidInput(f"set_number must be 1-50, got {set_number}")
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    exercise = exercises.resolve(ctx, spec.exercise, athlete_id=athlete_id)
    if any(f.kind == "pain" and f.exercise == exercise.slug for f in _said(ctx, athlete_id, day)):
        raise Conflict(
            f"you reported pain in {exercise.name} today, so it is stopped for the day; "
            f"choose a substitute or move on"
        )
    # The athlete's own exercise in their plan is judged like the library's (its equipment).
    record = _record(exercise.slug) or own_exercises.plan_library(ctx, athlete_id).get(
        exercise.slug
    )
    if record is not None and loading.needs_load(record) and spec.weight_kg is None:
        raise InvalidInput(
            f"weight_kg: {record.name} is lifted with a load, so a set needs its weight; "
            f"enter the kg you lifted",
            field="weight_kg",
            details={"field": "weight_kg"},
        )
    scope = ctx.scope(athlete_id)
    workout = _workout(ctx, athlete_id, day, session_key)
    session_created = workout is None
    if workout is None:
        workout = repo.add(
            ctx.session,
            scope,
            WorkoutSession(
                started_at=_started_at(ctx, athlete_id, day),
                title=planned.name[:120],
                # The plan's day, not its session key ("w1s1"): the note is read on the workout page.
                notes=f"Guided workout: the plan's session for {day:%a} {day.day} {day:%b}.",
                source=SOURCE,
                source_id=source_id(day, session_key),
            ),
        )
        ctx.audit("create", "workout", workout.id, athlete_id=athlete_id, detail={"guided": True})
    stored = [
        s for s in repo.sets_of(ctx.session, scope, [workout.id]) if s.exercise_id == exercise.id
    ]
    if set_number is not None and set_number <= len(stored):
        old = stored[set_number - 1]
        return _set_out(
            athlete_id,
            day,
            session_key,
            workout,
            old,
            exercise.slug,
            set_number,
            created=False,
            session_created=False,
        )
    if workout.session_rpe is not None:
        raise Conflict(
            f"{workout.title or 'this session'} is finished for {day}; "
            f"log further sets in the training log"
        )
    row = repo.append_set(
        ctx.session,
        scope,
        workout,
        SetLog(
            exercise_id=exercise.id,
            reps=spec.reps,
            weight_kg=spec.weight_kg,
            rir=spec.rir,
            completed=spec.completed,
            is_warmup=spec.is_warmup,
            notes=spec.notes,
        ),
    )
    ctx.audit("append", "workout", workout.id, athlete_id=athlete_id, detail={"set": row.position})
    return _set_out(
        athlete_id,
        day,
        session_key,
        workout,
        row,
        exercise.slug,
        len(stored) + 1,
        created=True,
        session_created=session_created,
    )


def _set_out(
    athlete_id: int,
    day: date,
    session_key: str,
    workout: WorkoutSession,
    row: SetLog,
    slug: str,
    number: int,
    *,
    created: bool,
    session_created: bool,
) -> GuidedSet:
    return GuidedSet(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        workout_id=workout.id,
        title=workout.title,
        set_id=row.id,
        position=row.position,
        set_number=number,
        exercise=slug,
        reps=row.reps,
        weight_kg=row.weight_kg,
        rir=row.rir,
        created=created,
        session_created=session_created,
    )
