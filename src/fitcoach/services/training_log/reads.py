"""Reads for the coach and the reports: the load sessions and resting heart rates over a range
(from the snapshot where one is held), a workout's sets, the highest max HR, personal
records, the e1RM trend of an exercise and its last working load.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, Literal

from fitcoach.analysis.strength import PersonalRecords, SetRecord, e1rm_by_day
from fitcoach.core import bounds
from fitcoach.services import exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.cache import _SNAPSHOT
from fitcoach.services.training_log.windows import _check_window, _local_window, athlete_zone
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as repo
from fitcoach.storage.rows import SetValueRow


def workout_sets(
    ctx: ServiceContext, athlete_id: int, workout_ids: Sequence[int]
) -> dict[int, list[SetValueRow]]:
    """The sets of the athlete's given workouts by workout id, in order, with what the training
    load reads of them (``repo.set_values_of``: athlete_id, the exercise's slug as
    ``exercise``, reps, weight_kg, rir, completed, is_warmup): for work that read the
    workouts with ``sets=False`` and needs the sets of a few."""
    by_session: dict[int, list[SetValueRow]] = {}
    if not workout_ids:
        return by_session
    for item in repo.set_values_of(ctx.session, ctx.scope(athlete_id), list(workout_ids)):
        by_session.setdefault(item["session_id"], []).append(item)
    return by_session


def load_sessions(
    ctx: ServiceContext,
    athlete_id: int,
    kind: Literal["workouts", "cardio"],
    start: date,
    end: date,
) -> list[dict[str, Any]]:
    """``history``'s workouts or cardio sessions over the athlete's whole local days
    [start, end], with what
    the training load reads of them (``repo.workout_loads``: the sets counted as
    ``set_count`` in the same query; ``repo.cardio_loads``): no notes to decrypt, one query
    a kind. From a held ``snapshot`` when it covers the days."""
    _check_window(kind, start, end)
    held = _SNAPSHOT.get()
    rows = held.serve(ctx, athlete_id, kind, start, end) if held is not None else None
    if rows is not None:
        return rows
    lo, hi = _local_window(start, end, athlete_zone(ctx, athlete_id))  # as ``history``
    assert lo is not None
    assert hi is not None
    read = repo.workout_loads if kind == "workouts" else repo.cardio_loads
    return read(ctx.session, ctx.scope(athlete_id), lo, hi)


def resting_hr_days(
    ctx: ServiceContext, athlete_id: int, start: date, end: date
) -> list[tuple[date, float]]:
    """The daily resting heart rates logged on days start..end (inclusive) with their days, by
    day, as ``history``'s daily rows give them (from a held ``snapshot`` when it covers the
    days): read alone, without the rest of each row, for the training load's TRIMP (the load
    keeps them per day and takes the median over each report's own days)."""
    _check_window("daily", start, end)
    held = _SNAPSHOT.get()
    rows = held.serve(ctx, athlete_id, "daily", start, end) if held is not None else None
    if rows is not None:
        return [(r["day"], float(r["resting_hr"])) for r in rows if r["resting_hr"] is not None]
    return repo.resting_hr_days(ctx.session, ctx.scope(athlete_id), start, end)


def highest_max_hr(ctx: ServiceContext, athlete_id: int) -> float | None:
    """The highest maximum heart rate any cardio session of the athlete logged (None when
    none did): one index probe, whatever the history's length."""
    return repo.highest_max_hr(ctx.session, ctx.scope(athlete_id))


def records(
    ctx: ServiceContext, athlete_id: int, exercise: str | None = None
) -> list[PersonalRecords]:
    """Personal records per exercise (or for one), best e1RM first.

    Read from the records kept as sets are written (``repositories.personal_records``), so the
    cost does not grow with the history: equal to folding every stored set with
    ``analysis.strength.personal_records``."""
    scope = ctx.scope(athlete_id)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id if exercise else None
    return records_repo.for_athlete(ctx.session, scope, exercise_id)


def e1rm_trend(
    ctx: ServiceContext,
    athlete_id: int,
    exercise: str,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[datetime, float]]:
    """The best e1RM per session day for one exercise, over the athlete's whole local days
    [start, end] (the whole history by default: a request should pass a window rather than
    read every set)."""
    if start is not None:
        bounds.check_day(start, "from")
    if end is not None:
        bounds.check_day(end, "to")
    scope = ctx.scope(athlete_id)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id
    lo, hi = _local_window(start, end, athlete_zone(ctx, athlete_id))
    return e1rm_by_day(
        SetRecord(at, slug, reps, weight, rir, completed, warmup)
        for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
            ctx.session, scope, exercise_id, lo, hi
        )
    )


@dataclass(frozen=True)
class LastLoad:
    """An exercise's working load the last time the athlete logged it with a load: the heaviest
    completed working set (no warm-ups) of their latest workout with it, and that workout's
    local day."""

    exercise: str
    weight_kg: float
    day: date


def last_working_load(ctx: ServiceContext, athlete_id: int, exercise: str) -> LastLoad | None:
    """``LastLoad`` of ``exercise`` (a slug or name; the athlete's own exercises included) up
    to the end of the athlete's today, or None when their latest workout with it has no loaded
    working set (or there is none): a plan change is added to what they lift, never to a
    guess."""
    scope = ctx.scope(athlete_id)
    record = exercises.resolve(ctx, exercise, athlete_id=athlete_id)
    zone = athlete_zone(ctx, athlete_id)
    today = ctx.clock.now().astimezone(zone).date()
    before = datetime.combine(today + timedelta(days=1), time(0), tzinfo=zone)
    rows = repo.last_sets(ctx.session, scope, [record.id], before)
    if not rows:
        return None
    workout = rows[0][1]  # two workouts started at the same instant: the first one's sets
    loads = [w for _e, wid, _a, _t, _r, w, _rir, done in rows if wid == workout and done and w]
    if not loads:
        return None
    return LastLoad(record.slug, float(max(loads)), rows[0][2].astimezone(zone).date())
