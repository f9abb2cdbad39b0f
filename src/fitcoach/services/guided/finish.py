"""Finishing the session (its RPE and duration) and its summary."""

from __future__ import annotations

from datetime import date
from typing import TypedDict

from fitcoach.analysis.strength import SetRecord, personal_records
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import (
    consent,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.guided.schemas import ExerciseDone, GuidedSummary, NewRecord, SetNumbers
from fitcoach.services.guided.session import _check_day, _name, _said, _workout
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import training_log as repo


class Finished(TypedDict):
    """A finished guided session: its duration, session RPE, load and summary."""

    workout_id: int
    duration_s: float
    session_rpe: float
    load_au: float
    summary: GuidedSummary | None


def finish_session(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str, session_rpe: float
) -> Finished:
    """Close the day's guided session: its duration (first set to now, at least a minute) and
    the session RPE (0-10), which make its session-RPE training load. Finishing again changes
    the session RPE only: the duration stays what the first finish measured. The answer has
    the session's ``summary``."""
    ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    if not 0 <= session_rpe <= 10:
        raise InvalidInput(f"session_rpe must be 0-10, got {session_rpe:g}")
    _check_day(ctx, athlete_id, day)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is None:
        raise Conflict(f"no set of {session_key} is logged on {day}; log a set first")
    if workout.session_rpe is None or workout.duration_s is None:
        elapsed = (ctx.clock.now() - workout.started_at).total_seconds()
        workout.duration_s = float(min(max(60.0, elapsed), 4 * 3600.0))
    workout.session_rpe = float(session_rpe)
    ctx.session.flush()
    ctx.audit("update", "workout", workout.id, athlete_id=athlete_id, detail={"finished": True})
    return {
        "workout_id": workout.id,
        "duration_s": workout.duration_s,
        "session_rpe": workout.session_rpe,
        "load_au": round(workout.duration_s / 60 * workout.session_rpe, 1),
        "summary": summary(ctx, athlete_id, day, session_key),
    }


def summary(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str
) -> GuidedSummary | None:
    """What the day's guided session did (None before its first set): working sets, reps,
    volume, each exercise's sets, the personal records it beat (best e1RM, heaviest weight,
    against every earlier set of the exercise), and once finished its duration and load."""
    scope = ctx.scope(athlete_id)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is None:
        return None
    rows = repo.sets_of(ctx.session, scope, [workout.id])
    slugs = {
        e.id: e.slug
        for e in exercise_repo.by_ids(ctx.session, {r.exercise_id for r in rows}).values()
    }
    working = [r for r in rows if r.completed and not r.is_warmup]
    done: dict[str, list[SetNumbers]] = {}
    for r in working:
        done.setdefault(slugs[r.exercise_id], []).append(
            SetNumbers(reps=r.reps, weight_kg=r.weight_kg, rir=r.rir, completed=r.completed)
        )
    earlier = personal_records(
        SetRecord(at, slug, reps, weight, rir, completed, warmup)
        for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
            ctx.session, scope, end=workout.started_at, exercise_ids=set(slugs)
        )
    )
    today = personal_records(
        SetRecord(workout.started_at, slugs[r.exercise_id], r.reps, r.weight_kg, r.rir)
        for r in working
    )
    records: list[NewRecord] = []
    firsts: list[str] = []
    for slug, now in today.items():
        was = earlier.get(slug)
        if was is None:
            firsts.append(_name(slug))  # a first time is not a record beaten: it sets one
            continue
        name = _name(slug)
        if round(now.best_e1rm_kg, 1) > round(was.best_e1rm_kg, 1):
            records.append(
                NewRecord(
                    exercise=slug,
                    name=name,
                    kind="e1rm",
                    value_kg=round(now.best_e1rm_kg, 1),
                    previous_kg=round(was.best_e1rm_kg, 1),
                    text=f"{name}: best estimated 1RM {now.best_e1rm_kg:.1f} kg "
                    f"(was {was.best_e1rm_kg:.1f} kg)",
                )
            )
        if now.heaviest_kg > was.heaviest_kg:
            records.append(
                NewRecord(
                    exercise=slug,
                    name=name,
                    kind="heaviest",
                    value_kg=now.heaviest_kg,
                    previous_kg=was.heaviest_kg,
                    text=f"{name}: heaviest set {now.heaviest_kg:g} kg "
                    f"(was {was.heaviest_kg:g} kg)",
                )
            )
    finished = workout.session_rpe is not None and workout.duration_s is not None
    stopped = sorted(
        {_name(f.exercise) for f in _said(ctx, athlete_id, day, session_key) if f.kind == "pain"}
    )
    return GuidedSummary(
        workout_id=workout.id,
        title=workout.title,
        day=day,
        finished=finished,
        duration_s=workout.duration_s,
        session_rpe=workout.session_rpe,
        load_au=(
            round(workout.duration_s / 60 * workout.session_rpe, 1)
            if workout.duration_s is not None and workout.session_rpe is not None
            else None
        ),
        sets=len(working),
        reps=sum(r.reps for r in working),
        volume_kg=round(sum(r.reps * (r.weight_kg or 0.0) for r in working), 1),
        exercises=[ExerciseDone(exercise=k, name=_name(k), sets=v) for k, v in done.items()],
        records=records,
        firsts=firsts,
        stopped=stopped,
    )
