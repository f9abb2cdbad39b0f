"""The training load report recomputed in full, as ``services.monitoring`` computed it before
its per-day series (issue 41): every workout of the window read with every set and column
(``training_log.history``), the cardio sessions and daily rows whole, the exercises' muscles
from the database, the sets gathered as ``SetRecord``s and counted by
``analysis.volume.weekly_hard_sets`` and ``analysis.strength.e1rm_by_day``.

The property tests compare the report the service cuts from its cached series with this one.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from datetime import date, datetime, timedelta
from typing import Any, Literal, cast
from zoneinfo import ZoneInfo

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import volume as volume_analysis
from fitcoach.analysis.strength import SetRecord, e1rm_by_day
from fitcoach.coach.rules import volume as rules_volume
from fitcoach.core.bounds import age_years
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import monitoring as m
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import Profile
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import exercises as exercise_repo


def _local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


class _Log:
    """Every workout (with its sets) and cardio session of local days [lo, hi]."""

    def __init__(
        self, ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, hi: date
    ) -> None:
        self.tz, self.lo, self.hi = tz, lo, hi
        pad = timedelta(days=1)
        read = training_log.history(ctx, athlete_id, "workouts", lo - pad, hi + pad)
        self.workouts = [w for w in read if lo <= _local_day(w["started_at"], tz) <= hi]
        cardio = training_log.history(ctx, athlete_id, "cardio", lo - pad, hi + pad)
        self.cardio = [c for c in cardio if lo <= _local_day(c["started_at"], tz) <= hi]

    def first_day(self) -> date | None:
        days = [_local_day(s["started_at"], self.tz) for s in (*self.workouts, *self.cardio)]
        return min(days) if days else None


def _heart_rates(
    ctx: ServiceContext, athlete_id: int, profile: Profile | None, log: _Log, on: date
) -> tuple[float | None, float | None, Literal["logged", "tanaka"] | None]:
    daily = training_log.history(ctx, athlete_id, "daily", log.lo, log.hi)
    resting = [float(d["resting_hr"]) for d in daily if d["resting_hr"] is not None]
    resting_hr = statistics.median(resting) if resting else None
    maxima = [
        float(c["max_hr"])
        for c in training_log.history(ctx, athlete_id, "cardio")
        if c["max_hr"] is not None
    ]
    if maxima:
        return resting_hr, max(maxima), "logged"
    if profile is not None and profile.birth_date is not None:
        return resting_hr, 208.0 - 0.7 * age_years(profile.birth_date, on), "tanaka"
    return resting_hr, None, None


def _session_loads(
    log: _Log,
    profile: Profile | None,
    resting_hr: float | None,
    max_hr: float | None,
    notes: list[str],
) -> list[m.SessionLoad]:
    out: list[m.SessionLoad] = []
    estimated = no_rpe = no_trimp_hr = 0
    for w in log.workouts:
        minutes = (w["duration_s"] or 0.0) / 60.0
        guessed = w["duration_s"] is None
        if guessed:
            minutes = m.MINUTES_PER_SET * len(w["sets"])
            estimated += 1
        rpe = w["session_rpe"]
        no_rpe += rpe is None
        out.append(
            m.SessionLoad(
                day=_local_day(w["started_at"], log.tz),
                kind="strength",
                title=w["title"] or "strength session",
                rpe=rpe,
                duration_min=round(minutes, 2),
                duration_estimated=guessed,
                load_au=None if rpe is None else load_analysis.session_rpe_load(rpe, minutes),
                trimp=None,
            )
        )
    given = profile.sex if profile is not None else None
    sex = cast(load_analysis.Sex, given) if given in load_analysis.BANISTER_WEIGHTING else None
    for c in log.cardio:
        minutes = c["duration_s"] / 60.0
        rpe = c["session_rpe"]
        no_rpe += rpe is None
        trimp = None
        if c["avg_hr"] is not None and resting_hr is not None and max_hr is not None:
            if sex is not None and c["avg_hr"] <= max_hr and resting_hr < max_hr:
                trimp = load_analysis.banister_trimp(minutes, c["avg_hr"], resting_hr, max_hr, sex)
            else:
                no_trimp_hr += 1
        out.append(
            m.SessionLoad(
                day=_local_day(c["started_at"], log.tz),
                kind="cardio",
                title=c["activity_type"],
                rpe=rpe,
                duration_min=round(minutes, 2),
                duration_estimated=False,
                load_au=None if rpe is None else load_analysis.session_rpe_load(rpe, minutes),
                trimp=None if trimp is None else round(trimp, 2),
            )
        )
    if estimated:
        notes.append(
            f"{estimated} strength session(s) had no duration: estimated at "
            f"{m.MINUTES_PER_SET:g} min per logged set."
        )
    if no_rpe:
        notes.append(
            f"{no_rpe} session(s) had no session RPE and add no load; log RPE (0-10) after "
            "each session to count them."
        )
    if no_trimp_hr:
        why = (
            "the profile's sex is not male or female (Banister's weightings)"
            if sex is None
            else "their average HR is above the maximum HR in use; log a measured maximum"
        )
        notes.append(f"TRIMP left out for {no_trimp_hr} session(s) with heart rate: {why}.")
    return sorted(out, key=lambda s: (s.day, s.kind))


def _set_records(log: _Log, start: date) -> list[SetRecord]:
    records = []
    for w in log.workouts:
        at = w["started_at"].astimezone(log.tz)
        if at.date() < start:
            continue
        for s in w["sets"]:
            records.append(
                SetRecord(
                    at,
                    s["exercise"],
                    s["reps"],
                    s["weight_kg"],
                    s["rir"],
                    s["completed"],
                    s["is_warmup"],
                )
            )
    return records


def _weeks(
    ctx: ServiceContext, records: list[SetRecord], days: list[m.LoadDay], level: str
) -> list[m.LoadWeek]:
    exercises = exercise_repo.muscles_by_slugs(ctx.session, {r.exercise for r in records})
    muscles = {
        slug: volume_analysis.Muscles(tuple(primary), tuple(secondary))
        for slug, (category, primary, secondary) in exercises.items()
        if category in m.VOLUME_CATEGORIES
    }
    counted = volume_analysis.weekly_hard_sets(
        [r for r in records if r.exercise in muscles], muscles
    )
    landmarks = rules_volume.volume_landmarks().for_level(level)
    grouped: dict[date, list[m.LoadDay]] = defaultdict(list)
    for d in days:
        grouped[volume_analysis.week_start(d.day)].append(d)
    weeks = []
    for monday, week_days in sorted(grouped.items()):
        last = week_days[-1]
        trimps = [d.trimp for d in week_days if d.trimp is not None]
        weeks.append(
            m.LoadWeek(
                week_start=monday,
                days=len(week_days),
                load_au=round(sum(d.load_au for d in week_days), 2),
                trimp=round(sum(trimps), 2) if trimps else None,
                atl=last.atl,
                ctl=last.ctl,
                tsb=last.tsb,
                acwr=last.acwr,
                acwr_ewma=last.acwr_ewma,
                monotony=last.monotony,
                strain=last.strain,
                hard_sets=[
                    m.MuscleWeek(
                        muscle=mv.muscle,
                        sets=mv.sets,
                        mev=mv.landmarks.mev if mv.landmarks else None,
                        mav=mv.landmarks.mav if mv.landmarks else None,
                        mrv=mv.landmarks.mrv if mv.landmarks else None,
                        status=mv.status,
                    )
                    for mv in volume_analysis.compare_to_landmarks(
                        counted.get(monday, {}), landmarks
                    )
                ],
            )
        )
    return weeks


def _e1rm_trends(records: list[SetRecord]) -> list[m.E1rmTrend]:
    per_exercise: dict[str, list[SetRecord]] = defaultdict(list)
    for r in records:
        per_exercise[r.exercise].append(r)
    trends = []
    for exercise, sets in sorted(per_exercise.items()):
        points = e1rm_by_day(sets)
        if len(points) < 2:
            continue
        trends.append(
            m.E1rmTrend(
                exercise=exercise,
                points=[m.E1rmPoint(day=at.date(), e1rm_kg=round(kg, 1)) for at, kg in points],
                change_kg=round(points[-1][1] - points[0][1], 1),
            )
        )
    return trends


def _rounded(value: Any, digits: int) -> float | None:
    if value is None or not math.isfinite(float(value)):
        return None
    return round(float(value), digits)


def full_report(ctx: ServiceContext, athlete_id: int, start: date, end: date) -> m.LoadReport:
    """The load report over [start, end] (no planned loads), recomputed from every row."""
    athlete = athlete_repo.get_athlete(ctx.session, ctx.scope(athlete_id))
    tz = zone_named(athlete.timezone)
    profile = athlete.profile
    notes: list[str] = []
    log = _Log(ctx, athlete_id, tz, start - timedelta(days=m.WARMUP_DAYS), end)
    resting_hr, max_hr, max_source = _heart_rates(ctx, athlete_id, profile, log, end)
    sessions = _session_loads(log, profile, resting_hr, max_hr, notes)
    first = log.first_day()
    first_shown = min(start, max(log.lo, first)) if first is not None else start
    daily = [0.0] * ((end - first_shown).days + 1)
    for s in sessions:
        if s.load_au is not None:
            if not s.load_au >= 0:
                raise InvalidInput(f"load on {s.day.isoformat()} must be a non-negative number")
            if first_shown <= s.day <= end:
                daily[(s.day - first_shown).days] += float(s.load_au)
    columns = load_analysis.report_columns(daily)
    if first is not None:
        undefined = min((first - first_shown).days + load_analysis.CHRONIC_DAYS - 1, len(daily))
        for name in ("acwr", "acwr_ewma"):
            columns[name][:undefined] = [math.nan] * undefined
    by_day: dict[date, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    trimp_days: dict[date, float] = defaultdict(float)
    for s in sessions:
        if s.load_au is not None:
            by_day[s.day][s.kind] += s.load_au
        if s.trimp is not None:
            trimp_days[s.day] += s.trimp
    days = []
    skip = (start - first_shown).days
    names = list(columns)
    for offset, values in enumerate(zip(*(columns[c][skip:] for c in names), strict=True)):
        row = dict(zip(names, values, strict=True))
        day = start + timedelta(days=offset)
        days.append(
            m.LoadDay(
                day=day,
                load_au=round(row["load_au"], 2),
                strength_au=round(by_day[day]["strength"], 2),
                cardio_au=round(by_day[day]["cardio"], 2),
                trimp=round(trimp_days[day], 2) if day in trimp_days else None,
                atl=round(row["atl"], 2),
                ctl=round(row["ctl"], 2),
                tsb=round(row["tsb"], 2),
                acwr=_rounded(row["acwr"], 3),
                acwr_ewma=_rounded(row["acwr_ewma"], 3),
                monotony=_rounded(row["monotony"], 3),
                strain=_rounded(row["strain"], 1),
            )
        )
    level = profile.experience_level if profile is not None else "beginner"
    records = _set_records(log, start)
    weeks = _weeks(ctx, records, days, level)
    if any(mw.sets for w in weeks for mw in w.hard_sets):
        notes.append(
            "Hard sets: primary muscles count 1, secondary 0.5; the landmarks for the "
            f"{level} level are starting points, not limits."
        )
    if max_source == "tanaka":
        notes.append("Maximum HR estimated as 208 - 0.7 x age (Tanaka 2001); log a measured one.")
    return m.LoadReport(
        athlete_id=athlete_id,
        start=start,
        end=end,
        level=level,
        days=days,
        weeks=weeks,
        sessions=[s for s in sessions if s.day >= start],
        projection=[],
        e1rm_trends=_e1rm_trends(records),
        resting_hr_bpm=resting_hr,
        max_hr_bpm=None if max_hr is None else round(max_hr, 1),
        max_hr_source=max_source,
        notes=notes,
        history_days=(end - first).days + 1 if first is not None else 0,
    )
