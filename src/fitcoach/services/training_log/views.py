"""The history page's view data: the feed of logged entries day by day (``feed``, paged by
``FEED_MAX``), the exercises an athlete has logged and one exercise's progress (best set
per day, personal records).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any

from fitcoach.analysis.strength import PersonalRecords, SetRecord, personal_records
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.kinds import MODELS
from fitcoach.services.training_log.windows import _check_window, _local_window
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as repo
from fitcoach.storage.rows import SetRow

FEED_MAX = 100


@dataclass(frozen=True)
class FeedPage:
    """One page of the history: its sessions newest first, and how many match in all."""

    items: list[dict[str, Any]]
    total: int


def feed(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    exercise: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 25,
    offset: int = 0,
) -> FeedPage:
    """The athlete's workouts and cardio sessions, newest first, a page at a time. Each is its
    row as plain data with ``kind`` (``workouts`` or ``cardio``); a workout also has its
    ``sets`` (as ``history`` gives them), ``set_count``, ``exercises`` (names, in the order
    first done) and ``volume_kg`` (weight x reps of its completed working sets). Days are the athlete's local days (as the pages write
    them); with ``exercise`` (slug, name or alias) only the workouts with a set of it."""
    _check_window("workouts", start, end)
    if not 1 <= limit <= FEED_MAX:
        raise InvalidInput(f"limit must lie between 1 and {FEED_MAX}, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")
    scope = ctx.scope(athlete_id)
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id if exercise else None
    lo, hi = _local_window(start, end, zone)
    page, total = repo.feed(
        ctx.session, scope, lo, hi, exercise_id=exercise_id, limit=limit, offset=offset
    )
    ids = {kind: [i for k, i in page if k == kind] for kind in ("workouts", "cardio")}
    rows = {kind: repo.rows_by_ids(ctx.session, scope, MODELS[kind], ids[kind]) for kind in ids}
    sets: dict[int, list[SetRow]] = defaultdict(list)
    for item in repo.set_rows_of(ctx.session, scope, ids["workouts"]):
        sets[item["session_id"]].append(item)
    items = []
    for kind, id_ in page:
        row = rows[kind].get(id_)
        if row is None:  # deleted between the two reads
            continue
        out = {"kind": kind, **row}
        if kind == "workouts":
            done = sets.get(id_, [])
            out["sets"] = done
            out["set_count"] = len(done)
            out["exercises"] = list(dict.fromkeys(s["exercise_name"] for s in done))
            out["volume_kg"] = sum(
                s["reps"] * s["weight_kg"]
                for s in done
                if s["weight_kg"] and s["completed"] and not s["is_warmup"]
            )
        items.append(out)
    return FeedPage(items, total)


def logged_exercises(ctx: ServiceContext, athlete_id: int) -> list[tuple[str, str]]:
    """(slug, name) of every exercise the athlete has logged a set of, by name."""
    return repo.logged_exercises(ctx.session, ctx.scope(athlete_id))


@dataclass(frozen=True)
class DayBest:
    """One training day's bests on an exercise (see ``exercise_progress``)."""

    day: date
    e1rm_kg: float
    e1rm_reliable: bool
    heaviest_kg: float
    heaviest_reps: int
    best_set_volume_kg: float
    most_reps: int


@dataclass(frozen=True)
class ExerciseProgress:
    """An exercise's bests day by day, and its personal records (None: no loaded working set)."""

    exercise: str
    name: str
    days: list[DayBest]
    record: PersonalRecords | None


def exercise_progress(
    ctx: ServiceContext,
    athlete_id: int,
    exercise: str,
    start: date | None = None,
    end: date | None = None,
) -> ExerciseProgress:
    """Per local day the athlete did ``exercise`` (slug, name or alias) within [start, end]
    (the whole history by default), that day's bests: e1RM, the heaviest set, the biggest set
    volume and the most reps, over completed working sets with a load, folded by
    ``analysis.strength.personal_records`` (the one definition of a record); and the
    exercise's stored records."""
    _check_window("workouts", start, end)
    scope = ctx.scope(athlete_id)
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    found = exercises.resolve(ctx, exercise, athlete_id=athlete_id)
    lo, hi = _local_window(start, end, zone)
    by_day: dict[date, list[SetRecord]] = defaultdict(list)
    for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
        ctx.session, scope, found.id, lo, hi
    ):
        record = SetRecord(at, slug, reps, weight, rir, completed, warmup)
        by_day[at.astimezone(zone).date()].append(record)
    days = []
    for day, sets in sorted(by_day.items()):
        best = personal_records(sets).get(found.slug)
        if best is not None:
            days.append(
                DayBest(
                    day=day,
                    e1rm_kg=best.best_e1rm_kg,
                    e1rm_reliable=best.e1rm_reliable,
                    heaviest_kg=best.heaviest_kg,
                    heaviest_reps=best.heaviest_reps,
                    best_set_volume_kg=best.best_set_volume_kg,
                    most_reps=best.most_reps,
                )
            )
    stored = records_repo.for_athlete(ctx.session, scope, found.id)
    return ExerciseProgress(found.slug, found.name, days, stored[0] if stored else None)
