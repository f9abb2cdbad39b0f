"""Training load and readiness: the monitoring use cases over an athlete's log.

**One load currency.** The daily load is session-RPE load in arbitrary units (AU = session
RPE on the CR-10 scale × minutes; Foster et al. 2001) for strength and cardio alike, because
every session kind can carry an RPE. Banister's TRIMP needs heart rate, exists only for some
cardio sessions and is on another scale, so it is reported beside the load (per session and
per day), never added to it nor converted into it. A session without an RPE contributes no
load; the report lists it, so that an unexpectedly low day can be explained.

**Assumptions** (each shows up in the report's notes when it was used):

- A strength session without a duration is estimated at 3 minutes per logged set (a set
  plus its rest; warm-up sets included).
- An imported strength session without a session RPE (the apps' exports carry none) is
  estimated at CR-10 ``IMPORTED_STRENGTH_RPE`` (5, "hard" on Foster's scale: a typical
  resistance session) × its minutes, so an imported history counts; such a session is marked
  ``rpe_estimated`` in the load report, and a readiness whose load windows hold one says
  ``load_estimated``. A session logged here without an RPE still adds no load (the athlete can
  rate it).
- Resting HR for TRIMP is the median of the athlete's daily resting HR over the fetched
  period; maximum HR is the highest logged in any cardio session, else 208 − 0.7 × age
  (Tanaka, Monahan & Seals 2001, *J Am Coll Cardiol* 37:153–156). TRIMP needs the profile's
  sex to be male or female (Banister's weightings are published for those two only).
- Days are the athlete's local days (profile time zone). ATL/CTL start from 0 up to 126 days
  (3 × the CTL time constant) before the report, or at the first logged session when that is
  later, so that the values in the range are warmed up; ACWR and monotony appear once their
  windows are full.
- Weekly hard sets count strength, plyometric and core exercises (cardio and mobility
  entries are not volume for a muscle), by the convention of ``fitcoach.analysis.volume``;
  landmarks come from ``coach/rules/volume_landmarks.yaml`` for the athlete's level.
"""

from __future__ import annotations

import bisect
import functools
import math
import statistics
from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, Literal, Protocol, cast
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.analysis import volume as volume_analysis
from fitcoach.analysis.strength import e1rm_kg
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.rules import volume as rules_volume
from fitcoach.core import bounds
from fitcoach.core.bounds import age_years
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises as exercise_service
from fitcoach.services import results
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log import (
    highest_max_hr,
    history,
    load_sessions,
    night_of,
    resting_hr_days,
    set_count,
    sleep_hours,
    snapshot_held,
    workout_sets,
)
from fitcoach.storage import access, versions
from fitcoach.storage.models import Athlete
from fitcoach.storage.repositories import athletes as athlete_repo

if TYPE_CHECKING:
    import pandas as pd

WARMUP_DAYS = 126
MINUTES_PER_SET = 3.0
IMPORTED_STRENGTH_RPE = 5.0
IMPORT_SOURCE = "import:"
MAX_RANGE_DAYS = 3 * 366
MAX_PLAN_DAYS = 366
# Days outside the shared range are refused as input: the load and readiness series are pandas
# timestamps (which end in 1677 and 2262) and reach back up to WARMUP_DAYS before the day.
EARLIEST_DAY = bounds.EARLIEST_DAY
VOLUME_CATEGORIES = frozenset({"strength", "plyometric", "core"})
UNIT = "AU (session RPE × minutes)"


# --- report shapes ----------------------------------------------------------------------------


class _Out(BaseModel):
    # Built on first use (issue 38): `fitcoach load` builds the load report's models,
    # `fitcoach readiness` the readiness report's, neither the other's.
    model_config = ConfigDict(frozen=True, defer_build=True)


class SessionLoad(_Out):
    """One session's contribution: its sRPE load (None without an RPE) and its TRIMP."""

    day: date
    kind: Literal["strength", "cardio"]
    title: str
    rpe: float | None
    duration_min: float
    duration_estimated: bool
    load_au: float | None
    trimp: float | None
    # The RPE (and so the load) is an estimate: an imported session without one.
    rpe_estimated: bool = False


class LoadDay(_Out):
    """One day: load (AU), fitness/fatigue/form, ACWR, monotony and strain."""

    day: date
    load_au: float
    strength_au: float
    cardio_au: float
    trimp: float | None
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    acwr_ewma: float | None
    monotony: float | None
    strain: float | None


class MuscleWeek(_Out):
    """Hard sets for one muscle in one week against its landmarks."""

    muscle: str
    sets: float
    mev: float | None
    mav: float | None
    mrv: float | None
    status: volume_analysis.VolumeStatus | None


class LoadWeek(_Out):
    """A Monday-to-Sunday week (or the part of it inside the range), values at its last day.

    Monotony and strain cover the 7 days ending on that day.
    """

    week_start: date
    days: int
    load_au: float
    trimp: float | None
    atl: float
    ctl: float
    tsb: float
    acwr: float | None
    acwr_ewma: float | None
    monotony: float | None
    strain: float | None
    hard_sets: list[MuscleWeek]


class ProjectedDay(_Out):
    """A future day under the planned loads."""

    day: date
    planned_load_au: float
    atl: float
    ctl: float
    tsb: float


class E1rmPoint(_Out):
    day: date
    e1rm_kg: float


class E1rmTrend(_Out):
    """The best e1RM per session day for one exercise, and the change first → last."""

    exercise: str
    points: list[E1rmPoint]
    change_kg: float


class LoadReport(_Out):
    """Training load over [start, end] with the assumptions it rests on."""

    athlete_id: int
    start: date
    end: date
    unit: str = UNIT
    level: str
    days: list[LoadDay]
    weeks: list[LoadWeek]
    sessions: list[SessionLoad]
    projection: list[ProjectedDay]
    e1rm_trends: list[E1rmTrend]
    resting_hr_bpm: float | None
    max_hr_bpm: float | None
    max_hr_source: Literal["logged", "tanaka"] | None
    notes: list[str]
    # Days from the first logged session (looked for up to WARMUP_DAYS before ``start``) to
    # ``end``; ACWR is left out (None) until it reaches the 28 days of its chronic window.
    history_days: int = 0


class ReadinessFinding(_Out):
    """A component's reason (code, parameters, English sentence); see the analysis."""

    code: str
    params: dict[str, float | int | str]
    text: str


class ReadinessComponent(_Out):
    name: str
    score: float | None
    weight: float
    value: float | None
    baseline: float | None
    detail: dict[str, float]
    missing: str | None


class ReadinessReport(_Out):
    """Readiness for one day: what the athlete said in the check-in, lowered by the reasons
    (sleep, load change, HRV and resting HR against their baseline), or the question "how do
    you feel?" when there is no check-in (``status == "no_checkin"``, no score)."""

    athlete_id: int
    day: date
    status: readiness_analysis.Status
    score: int | None
    colour: readiness_analysis.Colour | None
    summary: str
    reasons: list[Reason]
    findings: list[ReadinessFinding]
    components: list[ReadinessComponent]
    signal: readiness_analysis.Signal
    days_collected: int
    days_needed: int
    why: str
    acwr: float | None
    form_pct: float | None
    # Which inputs the score came from, and each one left out with why (no reading, still
    # calibrating): readiness works from whatever the athlete has and says so.
    inputs_used: list[str]
    inputs_missing: dict[str, str]
    # The check-in alone (0-100), before any reason lowered it; None without a check-in.
    said: int | None = None
    lowered_by: dict[str, float] = {}  # reason → points it took off
    # ACWR and form rest on estimated loads: an imported session without an RPE in their
    # 28-day window.
    load_estimated: bool = False


# --- reading the log --------------------------------------------------------------------------


def _finite(value: Any) -> float | None:
    if value is None:
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def _local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


class _Log:
    """The sessions of one athlete over local days [lo, hi] as the load reads them
    (``training_log.load_sessions``: no sets, their count; the daily rows are read apart)."""

    def __init__(
        self, ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, hi: date
    ) -> None:
        self.tz = tz
        self.lo, self.hi = lo, hi
        pad = timedelta(days=1)  # a day either side: what straddles the window edges
        self.workouts = [
            w
            for w in load_sessions(ctx, athlete_id, "workouts", lo - pad, hi + pad)
            if lo <= _local_day(w["started_at"], tz) <= hi
        ]
        self.cardio = [
            c
            for c in load_sessions(ctx, athlete_id, "cardio", lo - pad, hi + pad)
            if lo <= _local_day(c["started_at"], tz) <= hi
        ]


class _Sessions(Protocol):
    """Workouts and cardio sessions as ``load_sessions`` reads them, and the zone of their
    local days: a ``_Log``, or a report's part of a ``_DaySeries``."""

    @property
    def tz(self) -> ZoneInfo: ...
    @property
    def workouts(self) -> Sequence[Mapping[str, Any]]: ...
    @property
    def cardio(self) -> Sequence[Mapping[str, Any]]: ...


def _session_loads(
    log: _Sessions,
    given_sex: str | None,
    resting_hr: float | None,
    max_hr: float | None,
    notes: list[str],
) -> list[SessionLoad]:
    out: list[SessionLoad] = []
    estimated = no_rpe = rated = 0
    no_trimp_hr = 0
    for w in log.workouts:
        minutes = (w["duration_s"] or 0.0) / 60.0
        guessed = w["duration_s"] is None
        if guessed:
            minutes = MINUTES_PER_SET * set_count(w)
            estimated += 1
        rpe = w["session_rpe"]
        rpe_estimated = rpe is None and str(w.get("source") or "").startswith(IMPORT_SOURCE)
        if rpe_estimated:
            rpe = IMPORTED_STRENGTH_RPE
            rated += 1
        no_rpe += rpe is None
        out.append(
            SessionLoad(
                day=_local_day(w["started_at"], log.tz),
                kind="strength",
                title=w["title"] or "strength session",
                rpe=rpe,
                duration_min=round(minutes, 2),
                duration_estimated=guessed,
                load_au=None if rpe is None else load_analysis.session_rpe_load(rpe, minutes),
                trimp=None,
                rpe_estimated=rpe_estimated,
            )
        )
    known = given_sex in load_analysis.BANISTER_WEIGHTING
    sex = cast(load_analysis.Sex, given_sex) if known else None
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
            SessionLoad(
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
            f"{MINUTES_PER_SET:g} min per logged set."
        )
    if rated:
        notes.append(
            f"{rated} imported strength session(s) had no session RPE: their load is estimated "
            f"at RPE {IMPORTED_STRENGTH_RPE:g} (a hard session on the CR-10 scale, typical of "
            "resistance training) × minutes, and marked as estimated."
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


def _series(sessions: list[SessionLoad], start: date, end: date) -> pd.Series:
    return load_analysis.daily_loads(
        ((s.day, s.load_au) for s in sessions if s.load_au is not None), start=start, end=end
    )


def _daily_values(sessions: list[SessionLoad], start: date, end: date) -> list[float]:
    """``_series``'s values without pandas: the loads summed per day of [start, end] in the
    same order (so the same floats), 0 on days without one."""
    values = [0.0] * ((end - start).days + 1)
    for s in sessions:
        if s.load_au is not None:
            if not s.load_au >= 0:
                raise InvalidInput(f"load on {s.day.isoformat()} must be a non-negative number")
            if start <= s.day <= end:
                values[(s.day - start).days] += float(s.load_au)
    return values


# --- the per-day series a load report is cut from ---------------------------------------------


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


# --- use cases --------------------------------------------------------------------------------


def _athlete(ctx: ServiceContext, athlete_id: int) -> Athlete:
    return athlete_repo.get_athlete(ctx.session, ctx.scope(athlete_id))


def _local_today(ctx: ServiceContext, athlete: Athlete) -> date:
    return ctx.clock.now().astimezone(zone_named(athlete.timezone)).date()


def check_day(day: date, what: str = "day") -> None:
    """``InvalidInput`` for a day outside ``bounds.DAY_RANGE``."""
    bounds.check_day(day, what)


def local_today(ctx: ServiceContext, athlete_id: int) -> date:
    """Today in the athlete's time zone (the default last day of a report)."""
    return _local_today(ctx, _athlete(ctx, athlete_id))


def training_load(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    start: date,
    end: date,
    planned: dict[date, float] | None = None,
) -> LoadReport:
    """Daily and weekly load, ATL/CTL/TSB (with an optional projection over planned loads),
    ACWR, monotony and strain, weekly hard sets per muscle against landmarks, e1RM trends.

    Kept per process until the athlete's data or local day changes (``services.results``), as
    readiness is: the dashboard asks for the same twelve weeks on every view.
    """
    asked = (start, end, tuple(sorted((planned or {}).items())))
    return results.remember(
        ctx,
        athlete_id,
        "training_load",
        asked,
        functools.partial(_training_load, ctx, athlete_id, start, end, planned),
        cache=results.REPORTS,
    )


def training_load_json(ctx: ServiceContext, athlete_id: int, *, start: date, end: date) -> bytes:
    """``training_load`` (without planned loads) as the API answers it, the JSON kept with the
    cached report: a twelve-week report is about 100 kB, and validating and serializing it
    again was most of a cached read."""
    return results.remember_json(
        ctx,
        athlete_id,
        "training_load",
        (start, end, ()),
        functools.partial(_training_load, ctx, athlete_id, start, end, None),
        cache=results.REPORTS,
    )


def _training_load(
    ctx: ServiceContext,
    athlete_id: int,
    start: date,
    end: date,
    planned: dict[date, float] | None,
) -> LoadReport:
    check_day(start, "start")
    check_day(end, "end")
    if end < start:
        raise InvalidInput(f"the end {end} lies before the start {start}; swap them")
    if (end - start).days >= MAX_RANGE_DAYS:
        raise InvalidInput(f"ask for at most {MAX_RANGE_DAYS} days at a time")
    person, logged_max_hr, series = _report_inputs(ctx, athlete_id, start, end)
    planned = dict(planned or {})
    for day, value in planned.items():
        if not end < day <= end + timedelta(days=MAX_PLAN_DAYS):
            raise InvalidInput(
                f"planned load on {day} must fall within {MAX_PLAN_DAYS} days after {end}"
            )
        if not 0 <= value <= 10_000:
            raise InvalidInput(f"planned load on {day} must be 0-10000 AU, got {value}")
    notes: list[str] = []
    lo = start - timedelta(days=WARMUP_DAYS)
    workouts = _cut(series.workouts, series.workout_days, lo, end)
    cardio = _cut(series.cardio, series.cardio_days, lo, end)
    firsts = [*_cut(series.workout_days, series.workout_days, lo, end)[:1]]
    firsts += _cut(series.cardio_days, series.cardio_days, lo, end)[:1]
    log = _Window(series.tz, workouts, cardio, min(firsts) if firsts else None)
    resting = _cut(series.resting_values, series.resting_days, lo, end)
    resting_hr = statistics.median(resting) if resting else None
    max_hr, max_source = _max_hr(person, logged_max_hr, end)
    sessions = _session_loads(log, person.sex, resting_hr, max_hr, notes)
    first = log.first
    first_shown = min(start, max(lo, first)) if first is not None else start
    daily = _daily_values(sessions, first_shown, end)
    columns = load_analysis.report_columns(daily)
    # The analysis leaves ACWR undefined until its chronic window holds 28 days, but a report
    # that starts before the first logged session fills the days before it with zeros, so one
    # workout read 4.00. Days whose chronic window reaches before the athlete's own first
    # session are undefined too (``history_days`` says how far the history goes).
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
    # The columns as plain lists (built without a frame: ``report_columns``), from ``start``.
    skip = (start - first_shown).days
    names = list(columns)
    rows = zip(*(columns[c][skip:] for c in names), strict=True)
    for offset, values in enumerate(rows):
        row = dict(zip(names, values, strict=True))
        day = start + timedelta(days=offset)
        days.append(
            LoadDay(
                day=day,
                load_au=round(row["load_au"], 2),
                strength_au=round(by_day[day]["strength"], 2),
                cardio_au=round(by_day[day]["cardio"], 2),
                trimp=round(trimp_days[day], 2) if day in trimp_days else None,
                atl=round(row["atl"], 2),
                ctl=round(row["ctl"], 2),
                tsb=round(row["tsb"], 2),
                acwr=_round(row["acwr"], 3),
                acwr_ewma=_round(row["acwr_ewma"], 3),
                monotony=_round(row["monotony"], 3),
                strain=_round(row["strain"], 1),
            )
        )

    level = person.level
    weeks = _weeks(_hard_sets_by_week(series, start, end), days, level)
    if any(m.sets for w in weeks for m in w.hard_sets):
        notes.append(
            "Hard sets: primary muscles count 1, secondary 0.5; the landmarks for the "
            f"{level} level are starting points, not limits."
        )

    projection = []
    if planned:
        # ``load_analysis.project``'s numbers (its checks were made above: every planned day
        # lies after ``end``, the last logged day): ATL/CTL/TSB over the logged days and the
        # planned ones after them, rest days at 0.
        until = max(planned)
        future = [
            float(planned.get(end + timedelta(days=n), 0.0))
            for n in range(1, (until - end).days + 1)
        ]
        atl, ctl, tsb = load_analysis.fitness_fatigue_values([*daily, *future])
        for n, load_au in enumerate(future):
            at = len(daily) + n
            projection.append(
                ProjectedDay(
                    day=end + timedelta(days=n + 1),
                    planned_load_au=round(load_au, 2),
                    atl=round(atl[at], 2),
                    ctl=round(ctl[at], 2),
                    tsb=round(tsb[at], 2),
                )
            )
    if max_source == "tanaka":
        notes.append("Maximum HR estimated as 208 - 0.7 x age (Tanaka 2001); log a measured one.")
    in_range = [s for s in sessions if s.day >= start]
    return LoadReport(
        athlete_id=athlete_id,
        start=start,
        end=end,
        level=level,
        days=days,
        weeks=weeks,
        sessions=in_range,
        projection=projection,
        e1rm_trends=_e1rm_trends(series, start, end),
        resting_hr_bpm=resting_hr,
        max_hr_bpm=None if max_hr is None else round(max_hr, 1),
        max_hr_source=max_source,
        notes=notes,
        history_days=(end - first).days + 1 if first is not None else 0,
    )


def _round(value: Any, digits: int) -> float | None:
    number = _finite(value)
    return None if number is None else round(number, digits)


def _max_hr(
    person: _Person, logged: float | None, on: date
) -> tuple[float | None, Literal["logged", "tanaka"] | None]:
    """The maximum heart rate for TRIMP: the highest logged, else Tanaka's from the age on
    ``on``, else None."""
    if logged:
        return logged, "logged"
    if person.birth_date is not None:
        return 208.0 - 0.7 * age_years(person.birth_date, on), "tanaka"
    return None, None


def _hard_sets_by_week(series: _DaySeries, start: date, end: date) -> dict[date, dict[str, float]]:
    """Hard sets per muscle per week (Monday) of the days [start, end] (the weeks at the edges
    only in part): ``analysis.volume.weekly_hard_sets`` of the window's sets."""
    weeks: dict[date, dict[str, float]] = {}
    lo = bisect.bisect_left(series.hard_days, start)
    hi = bisect.bisect_right(series.hard_days, end)
    for day, credits in zip(series.hard_days[lo:hi], series.hard_sets[lo:hi], strict=True):
        week = weeks.setdefault(volume_analysis.week_start(day), {})
        for muscle, sets in credits.items():
            week[muscle] = week.get(muscle, 0.0) + sets
    return weeks


def _weeks(
    counted: dict[date, dict[str, float]], days: list[LoadDay], level: str
) -> list[LoadWeek]:
    grouped: dict[date, list[LoadDay]] = defaultdict(list)
    for d in days:
        grouped[volume_analysis.week_start(d.day)].append(d)
    weeks = []
    for monday, week_days in sorted(grouped.items()):
        last = week_days[-1]
        trimps = [d.trimp for d in week_days if d.trimp is not None]
        weeks.append(
            LoadWeek(
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
                hard_sets=list(
                    _muscle_weeks(level, tuple(sorted(counted.get(monday, {}).items())))
                ),
            )
        )
    return weeks


@functools.lru_cache(maxsize=4096)
def _muscle_weeks(level: str, sets: tuple[tuple[str, float], ...]) -> tuple[MuscleWeek, ...]:
    """A week's hard sets (muscle, sets) against the level's landmarks, as the report's frozen
    rows: the same week in many windows (and athletes) is built once."""
    landmarks = rules_volume.volume_landmarks().for_level(level)
    return tuple(
        MuscleWeek(
            muscle=m.muscle,
            sets=m.sets,
            mev=m.landmarks.mev if m.landmarks else None,
            mav=m.landmarks.mav if m.landmarks else None,
            mrv=m.landmarks.mrv if m.landmarks else None,
            status=m.status,
        )
        for m in volume_analysis.compare_to_landmarks(dict(sets), landmarks)
    )


def _e1rm_trends(series: _DaySeries, start: date, end: date) -> list[E1rmTrend]:
    """The best e1RM per session day of each exercise over [start, end] (two days or more),
    by exercise: ``analysis.strength.e1rm_by_day`` of the window's sets. The points are the
    series' own (frozen): a report holds a slice of them."""
    trends = []
    for exercise, (days, values, points) in series.e1rm.items():  # by exercise
        lo, hi = bisect.bisect_left(days, start), bisect.bisect_right(days, end)
        if hi - lo < 2:
            continue
        trends.append(
            E1rmTrend(
                exercise=exercise,
                points=points[lo:hi],
                change_kg=round(values[hi - 1] - values[lo], 1),
            )
        )
    return trends


def readiness(ctx: ServiceContext, athlete_id: int, day: date | None = None) -> ReadinessReport:
    """Readiness for the morning of ``day`` (default: the athlete's today; see
    ``fitcoach.analysis.readiness``).

    Reads the daily metrics and sleep of the 60 days up to ``day`` and the load up to the day
    before: ACWR (EWMA) as of yesterday and form = TSB / CTL, both once 28 days of load exist.
    Kept per process until the athlete's data or local day changes (``services.results``).
    """

    return results.remember(ctx, athlete_id, "readiness", (day,), _readiness(ctx, athlete_id, day))


def readiness_json(ctx: ServiceContext, athlete_id: int, day: date | None = None) -> bytes:
    """``readiness`` as JSON (as the API answers it), serialized once per cached answer."""
    return results.remember_json(
        ctx, athlete_id, "readiness", (day,), _readiness(ctx, athlete_id, day)
    )


def _readiness(
    ctx: ServiceContext, athlete_id: int, day: date | None
) -> Callable[[], ReadinessReport]:
    def compute() -> ReadinessReport:
        on = day or local_today(ctx, athlete_id)
        return readiness_range(ctx, athlete_id, on, on)[0]

    return compute


def readiness_range(
    ctx: ServiceContext, athlete_id: int, start: date, end: date
) -> list[ReadinessReport]:
    """Readiness for each morning from ``start`` to ``end``: the same reports as ``readiness``
    day by day, from one read of the history (a weekly report needs seven)."""

    check_day(start)
    check_day(end)
    if end < start:
        raise InvalidInput(f"the range ends ({end}) before it starts ({start})")
    if (end - start).days > MAX_RANGE_DAYS:
        raise InvalidInput(f"at most {MAX_RANGE_DAYS} days at once")
    athlete = _athlete(ctx, athlete_id)
    today = _local_today(ctx, athlete)
    if end > today:
        raise InvalidInput(f"{end} is in the future; readiness is for today ({today}) or earlier")
    baseline = timedelta(days=readiness_analysis.BASELINE_DAYS)
    # Without pandas or SciPy (arrays and mappings): a command or the first page pays for
    # neither (their imports cost several times the computation).
    rows = _reading_rows(ctx, athlete_id, athlete, start - baseline, end)
    yesterday = start - timedelta(days=1)
    log_lo = yesterday - timedelta(days=WARMUP_DAYS)
    log = _Log(ctx, athlete_id, zone_named(athlete.timezone), log_lo, end - timedelta(days=1))
    sessions = _session_loads(log, None, None, None, [])
    load = _load_states(sessions, start, end)
    guessed = [s.day for s in sessions if s.rpe_estimated]
    window = timedelta(days=28)
    return [
        _readiness_report(athlete_id, result, *load[result.day]).model_copy(
            update={
                "load_estimated": load[result.day][0] is not None
                and any(result.day - window <= d < result.day for d in guessed)
            }
        )
        for result in readiness_analysis.readiness_days_of_rows(rows, start, end, load=load)
    ]


def _readings(
    ctx: ServiceContext, athlete_id: int, athlete: Athlete, lo: date, end: date
) -> pd.DataFrame:
    """The morning readings of [lo, end]: one row per day with any (sleep on the day its night
    ended), columns as ``fitcoach.analysis.readiness`` reads them, NaN where not recorded."""
    import pandas as pd

    rows = _reading_rows(ctx, athlete_id, athlete, lo, end)
    index = list(rows)
    return pd.DataFrame(
        {column: [rows[d][column] for d in index] for column in readiness_analysis.COLUMNS},
        index=pd.DatetimeIndex([pd.Timestamp(d) for d in index]),
    )


def _reading_rows(
    ctx: ServiceContext, athlete_id: int, athlete: Athlete, lo: date, end: date
) -> dict[date, dict[str, float]]:
    """``_readings`` as one mapping per day, in day order (what the readiness scoring reads)."""
    tz = zone_named(athlete.timezone)
    daily = history(ctx, athlete_id, "daily", lo, end)
    nights = [
        n
        for n in history(ctx, athlete_id, "sleep", lo - timedelta(days=2), end + timedelta(days=1))
        if lo <= night_of(n["ended_at"], tz) <= end
    ]
    sleep = sleep_hours(daily, nights, tz)  # each night on the day it ended
    rows = {d["day"]: d for d in daily}
    return {
        d: {
            "hrv_rmssd_ms": _get(rows, d, "hrv_rmssd_ms"),
            "resting_hr_bpm": _get(rows, d, "resting_hr"),
            "sleep_h": sleep.get(d, math.nan),
            "soreness": _get(rows, d, "soreness"),
            "mood": _get(rows, d, "mood"),
            "energy": _get(rows, d, "energy"),
        }
        for d in sorted(set(rows) | set(sleep))
    }


def daily_frame(ctx: ServiceContext, athlete_id: int, start: date, end: date) -> pd.DataFrame:
    """One row per day of [start, end]: the session-RPE load (AU, 0 on days without a logged
    load) and the morning readings (NaN where none): the frame the burnout features read."""
    import pandas as pd

    check_day(start, "start")
    check_day(end, "end")
    if end < start:
        raise InvalidInput(f"the range ends ({end}) before it starts ({start})")
    athlete = _athlete(ctx, athlete_id)
    log = _Log(ctx, athlete_id, zone_named(athlete.timezone), start, end)
    sessions = _session_loads(log, None, None, None, [])
    load = _series(sessions, start, end)
    readings = _readings(ctx, athlete_id, athlete, start, end)
    days = pd.date_range(start, end, freq="D", name="day")
    frame = readings.reindex(days)
    frame.insert(0, "load_au", load.reindex(days, fill_value=0.0).to_numpy())
    return frame[
        ["load_au", "sleep_h", "hrv_rmssd_ms", "resting_hr_bpm", "soreness", "mood", "energy"]
    ]


def _readiness_report(
    athlete_id: int,
    result: readiness_analysis.Readiness,
    acwr: float | None,
    form_pct: float | None,
) -> ReadinessReport:
    day = result.day
    reasons: list[Reason] = []
    lowered = {c.name: c.lowered_by for c in result.components if c.lowered_by >= 0.5}
    if result.status == "ok" and result.score is not None:
        taken = "; ".join(
            f"{readiness_analysis.COMPONENT_WORDS[n]} took off {round(v)}"
            for n, v in lowered.items()
        )
        # What the athlete said leads; the colour (and the day's advice) follows.
        reasons.append(
            reason("readiness_said", said=result.said, lowered=f" ({taken})" if taken else "")
        )
        reasons.append(reason(f"readiness_{result.colour}", score=result.score))
    else:
        reasons.append(reason("readiness_no_checkin"))
    summary = " ".join([*(r.text for r in reasons), *(f.text for f in result.findings)])
    return ReadinessReport(
        athlete_id=athlete_id,
        day=day,
        status=result.status,
        score=result.score,
        colour=result.colour,
        summary=summary or result.why,
        reasons=reasons,
        findings=[
            ReadinessFinding(code=f.code, params=f.params, text=f.text) for f in result.findings
        ],
        components=[
            ReadinessComponent(
                name=c.name,
                score=None if c.score is None else round(c.score, 1),
                weight=round(c.weight, 4),
                value=c.value,
                baseline=c.baseline,
                detail=c.detail,
                missing=c.missing,
            )
            for c in result.components
        ],
        signal=result.signal,
        days_collected=result.days_collected,
        days_needed=result.days_needed,
        why=result.why,
        acwr=None if acwr is None else round(acwr, 3),
        form_pct=None if form_pct is None else round(form_pct, 1),
        inputs_used=list(result.inputs_used),
        inputs_missing=dict(result.inputs_missing),
        said=result.said,
        lowered_by=lowered,
    )


def _get(rows: dict[date, dict[str, Any]], day: date, key: str) -> float:
    row = rows.get(day)
    value = None if row is None else row[key]
    return math.nan if value is None else float(value)


def _load_states(
    sessions: list[SessionLoad], start: date, end: date
) -> dict[date, tuple[float | None, float | None]]:
    """ACWR (EWMA) as of the day before and form (TSB / CTL, %) for each day from ``start``
    to ``end``, each as when read for that day alone (None, None under 28 days of load).

    A day's load series starts at the first session of the WARMUP_DAYS up to its yesterday,
    so a day's readiness does not depend on the range asked for. Days whose series start on
    the same day share one series: each day's is a prefix of the longest, and the averages
    are recursive, so one pass gives every day's values as its own series would."""
    starting: dict[date, list[date]] = defaultdict(list)  # the days whose series start then
    day = start
    while day <= end:
        yesterday = day - timedelta(days=1)
        lo = yesterday - timedelta(days=WARMUP_DAYS)
        first = min((s.day for s in sessions if lo <= s.day <= yesterday), default=yesterday)
        starting[first].append(day)
        day += timedelta(days=1)
    out: dict[date, tuple[float | None, float | None]] = {}
    for first, days in starting.items():
        last = days[-1] - timedelta(days=1)
        series = _daily_values([s for s in sessions if first <= s.day <= last], first, last)
        acwrs = load_analysis.acwr_ewma_values(series)
        atls = load_analysis.ewma_load_values(series, load_analysis.ATL_DAYS)
        ctls = load_analysis.ewma_load_values(series, load_analysis.CTL_DAYS)
        for d in days:
            at = (d - timedelta(days=1) - first).days
            acwr = _finite(acwrs[at])
            if acwr is None:  # under 28 days of history: neither number means much yet
                out[d] = (None, None)
                continue
            atl, ctl = float(atls[at]), float(ctls[at])
            out[d] = (acwr, (ctl - atl) / ctl * 100.0 if ctl > 0 else None)
    return out
