"""The per-day series a report is cut from: the athlete's days read once, kept per process
(``SERIES``, least recently used dropped) and grown when a window reaches before them; the
day checks and the athlete's today.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fitcoach.analysis import volume as volume_analysis
from fitcoach.analysis.strength import e1rm_kg
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises as exercise_service
from fitcoach.services import results
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring.sessions import (
    EARLIEST_DAY,
    VOLUME_CATEGORIES,
    WARMUP_DAYS,
    _local_day,
    _Log,
)
from fitcoach.services.monitoring.views import E1rmPoint
from fitcoach.services.training_log import (
    highest_max_hr,
    resting_hr_days,
    snapshot_held,
    workout_sets,
)
from fitcoach.storage import access, versions
from fitcoach.storage.models import Athlete
from fitcoach.storage.repositories import athletes as athlete_repo


@dataclass(frozen=True)
class _Person:
    """What the load report reads of the athlete and their profile."""

    timezone: str
    sex: str | None
    birth_date: date | None
    level: str


def _person(ctx: ServiceContext, athlete_id: int) -> _Person:
    athlete = _athlete(ctx, athlete_id)
    profile = athlete.profile
    if profile is None:
        return _Person(athlete.timezone, None, None, "beginner")
    return _Person(athlete.timezone, profile.sex, profile.birth_date, profile.experience_level)


@dataclass(frozen=True)
class _DaySeries:
    """An athlete's log over local days [lo, hi] as the load report reads it, kept per day:
    the workouts (with their set count) and cardio sessions in read order (time, id) with
    their local days, the days' resting heart rates, and from ``sets_from`` on the sets
    gathered per day: hard sets per muscle (``analysis.volume``'s credits) and the best e1RM
    per exercise (``analysis.strength.e1rm_by_day``). Every report over a window inside it is
    a slice of these and the window's own arithmetic (``_training_load``): equal to one read
    of its own (``tests/services/test_cold_paths.py``)."""

    tz: ZoneInfo
    lo: date
    hi: date
    sets_from: date
    workouts: list[dict[str, Any]]
    workout_days: list[date]
    cardio: list[dict[str, Any]]
    cardio_days: list[date]
    resting_days: list[date]
    resting_values: list[float]
    hard_days: list[date]  # the days with a hard set, ascending
    hard_sets: list[dict[str, float]]  # muscle -> sets, per day of ``hard_days``
    # exercise -> its days, the best e1RM of each and that as a report's point
    e1rm: dict[str, tuple[list[date], list[float], list[E1rmPoint]]]
    # What reports computed from these days once for every window that shares it (a load
    # report's ``_Span``), by its inputs: dropped with the series when the data changes.
    memo: dict[Hashable, object] = field(default_factory=dict, compare=False, repr=False)

    def covers(self, lo: date, hi: date, sets_from: date) -> bool:
        return self.lo <= lo and hi <= self.hi and self.sets_from <= sets_from


def _e1rm_days(per_day: dict[date, float]) -> tuple[list[date], list[float], list[E1rmPoint]]:
    days = sorted(per_day)
    values = [per_day[d] for d in days]
    return (
        days,
        values,
        [E1rmPoint(day=d, e1rm_kg=round(v, 1)) for d, v in zip(days, values, strict=True)],
    )


@dataclass(frozen=True)
class _Window:
    """The sessions of a report's days [lo, hi] (``_Sessions``), cut from a ``_DaySeries``,
    and the first day with one (None: none)."""

    tz: ZoneInfo
    workouts: list[dict[str, Any]]
    cardio: list[dict[str, Any]]
    first: date | None


def _cut(items: list[Any], days: list[date], lo: date, hi: date) -> list[Any]:
    return items[bisect.bisect_left(days, lo) : bisect.bisect_right(days, hi)]


def _read_series(
    ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, hi: date, sets_from: date
) -> _DaySeries:
    """Read the log of local days [lo, hi] once: the sessions as ``_Log`` reads them, the sets
    of the workouts from ``sets_from`` on (by their ids: a warm-up month's sets are never
    used), the resting heart rates; the sets summed per day and exercise."""
    log = _Log(ctx, athlete_id, tz, lo, hi)
    wanted = [
        w for w in log.workouts if "sets" not in w and _local_day(w["started_at"], tz) >= sets_from
    ]
    found = workout_sets(ctx, athlete_id, [w["id"] for w in wanted])
    gathered: list[tuple[date, Sequence[Mapping[str, Any]]]] = []
    for w in log.workouts:  # in time order: the days ascend
        day = _local_day(w["started_at"], tz)
        if day >= sets_from:
            gathered.append((day, w["sets"] if "sets" in w else found.get(w["id"], [])))
    slugs = {s["exercise"] for _, sets in gathered for s in sets}
    muscles = {
        slug: (primary, secondary)
        for slug, (category, primary, secondary) in exercise_service.muscles_by_slugs(
            ctx, slugs
        ).items()
        if category in VOLUME_CATEGORIES
    }
    hard: dict[date, dict[str, float]] = {}
    best: dict[str, dict[date, float]] = defaultdict(dict)
    for day, sets in gathered:
        for s in sets:
            slug = s["exercise"]
            trained = muscles.get(slug)
            if trained is not None and volume_analysis.is_hard_set(
                completed=s["completed"], is_warmup=s["is_warmup"], rir=s["rir"]
            ):
                # Credits of 1 and 0.5: their sums are exact in any order, so a week summed
                # from its days equals the week counted set by set.
                credits = hard.setdefault(day, {})
                for muscle in trained[0]:
                    credits[muscle] = credits.get(muscle, 0.0) + volume_analysis.PRIMARY_CREDIT
                for muscle in trained[1]:
                    credits[muscle] = credits.get(muscle, 0.0) + volume_analysis.SECONDARY_CREDIT
            # ``e1rm_by_day``'s sets, and its best of the day.
            weight, reps = s["weight_kg"], s["reps"]
            if not s["completed"] or s["is_warmup"] or not weight or reps <= 0:
                continue
            est = e1rm_kg(weight, reps, s["rir"])
            held = best[slug].get(day)
            if held is None or est > held:
                best[slug][day] = est
    resting = resting_hr_days(ctx, athlete_id, lo, hi)
    hard_days = sorted(hard)
    return _DaySeries(
        tz=tz,
        lo=lo,
        hi=hi,
        sets_from=sets_from,
        workouts=log.workouts,
        workout_days=[_local_day(w["started_at"], tz) for w in log.workouts],
        cardio=log.cardio,
        cardio_days=[_local_day(c["started_at"], tz) for c in log.cardio],
        resting_days=[day for day, _ in resting],
        resting_values=[value for _, value in resting],
        hard_days=hard_days,
        hard_sets=[hard[d] for d in hard_days],
        e1rm={slug: _e1rm_days(per_day) for slug, per_day in sorted(best.items())},
    )


@dataclass(frozen=True)
class _Kept:
    """An athlete's series as kept per process, under the stamp it was read after."""

    stamp: tuple[str, int, int]  # time zone, the athlete's data version, the global version
    person: _Person
    max_hr: float | None  # the highest logged in any cardio session
    series: _DaySeries
    accesses: frozenset[tuple[int, str]]  # the scopes its reading asked for, to note again


# Per process: one series per athlete, the least recently used dropped first. A series holds
# its days' sessions and aggregates (a few hundred kB for three years of daily training).
SERIES: results.ResultCache[_Kept] = results.keep_forgettable(results.ResultCache(max_entries=64))
GROW_DAYS = 56  # a window reaching before the series' sets reads this much further back
_EARLIEST_START = EARLIEST_DAY + timedelta(days=WARMUP_DAYS + 1)


def _report_inputs(
    ctx: ServiceContext, athlete_id: int, start: date, end: date
) -> tuple[_Person, float | None, _DaySeries]:
    """The athlete, their highest logged maximum heart rate and a series covering the report's
    days (its warm-up months included, sets from ``start``): the process's when its stamp
    still holds and it covers them, else read (and kept, outside a transaction that has
    written and a held ``training_log.snapshot``)."""
    lo = start - timedelta(days=WARMUP_DAYS)
    session = ctx.session
    kept = key = stamp = None
    if not versions.has_writes(session) and not snapshot_held():
        # NotFound for who may not see the athlete; read before the data it keys.
        stamp = access.stamp(session, ctx.subject, athlete_id)
        key = (str(session.get_bind().engine.url), athlete_id)
        kept = SERIES.get(key)
        if kept is not None and kept.stamp != stamp:
            kept = None
    if kept is not None:
        for accessed, kind in sorted(kept.accesses):
            ctx.scope(accessed, kind=kind)
        _check_not_future(ctx, kept.person, end)
        if kept.series.covers(lo, end, start):
            SERIES.hits += 1
            return kept.person, kept.max_hr, kept.series
    if key is not None:
        SERIES.misses += 1
    with ctx.recording_scopes() as accesses:
        person = _person(ctx, athlete_id)
        today = _check_not_future(ctx, person, end)
        tz = zone_named(person.timezone)
        if key is None:  # read for this report alone
            return (
                person,
                highest_max_hr(ctx, athlete_id),
                _read_series(ctx, athlete_id, tz, lo, end, start),
            )
        sets_from = start
        if kept is not None:  # a window before the series': read further back at once
            # Not before the first day a report may start on (its warm-up reaches back).
            grown = max(kept.series.sets_from - timedelta(days=GROW_DAYS), _EARLIEST_START)
            sets_from = min(start, grown)
            lo = min(lo, kept.series.lo, sets_from - timedelta(days=WARMUP_DAYS))
        series = _read_series(ctx, athlete_id, tz, lo, today, sets_from)
        max_hr = highest_max_hr(ctx, athlete_id)
    if not versions.has_writes(session) and stamp is not None:
        SERIES.put(key, _Kept(stamp, person, max_hr, series, frozenset(accesses)))
    return person, max_hr, series


def _check_not_future(ctx: ServiceContext, person: _Person, end: date) -> date:
    """The athlete's today; ``InvalidInput`` when ``end`` lies after it."""
    today = ctx.clock.now().astimezone(zone_named(person.timezone)).date()
    if end > today:
        raise InvalidInput(
            f"end {end} is in the future; report up to today ({today}) and give future "
            "sessions as planned loads"
        )
    return today


def _athlete(ctx: ServiceContext, athlete_id: int) -> Athlete:
    return athlete_repo.get_athlete(ctx.session, ctx.scope(athlete_id))


def _local_today(ctx: ServiceContext, athlete: Athlete) -> date:
    return ctx.clock.now().astimezone(zone_named(athlete.timezone)).date()


def check_day(day: date, what: str = "day") -> None:
    """``InvalidInput`` for a day outside ``bounds.DAY_RANGE``."""
    bounds.check_day(day, what)


def local_today(ctx: ServiceContext, athlete_id: int) -> date:
    """Today in the athlete's time zone (the default last day of a report).

    The time zone is the stamp's (``access.stamp``: the access check, the zone and the data
    versions in one query), which the report's cache then reads again without a query: a
    cached report with the default window is one statement, not three (the scope's check, the
    athlete's row, then the stamp). Where this transaction holds the athlete already, or has
    written (no stamp is held then), the athlete's object answers."""
    session = ctx.session
    if athlete_repo.holds_athlete(session, athlete_id) or versions.has_writes(session):
        return _local_today(ctx, _athlete(ctx, athlete_id))
    timezone = access.stamp(session, ctx.subject, athlete_id)[0]
    ctx.scope(athlete_id)  # held by the stamp: no query; notes a coach's access as before
    return ctx.clock.now().astimezone(zone_named(timezone)).date()
