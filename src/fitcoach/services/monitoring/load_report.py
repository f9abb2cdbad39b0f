"""The training load use case: daily and weekly load, ATL/CTL/TSB with an optional
projection, hard sets per muscle against the landmarks, e1RM trends (``training_load``).
"""

from __future__ import annotations

import bisect
import functools
import math
import statistics
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import volume as volume_analysis
from fitcoach.coach.rules import volume as rules_volume
from fitcoach.core.bounds import age_years
from fitcoach.core.errors import InvalidInput
from fitcoach.services import results
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring.series import (
    GROW_DAYS,
    _cut,
    _DaySeries,
    _Person,
    _report_inputs,
    _Window,
    check_day,
)
from fitcoach.services.monitoring.sessions import (
    MAX_PLAN_DAYS,
    MAX_RANGE_DAYS,
    WARMUP_DAYS,
    _daily_values,
    _finite,
    _flag_notes,
    _flag_totals,
    _session_rows,
)
from fitcoach.services.monitoring.views import (
    E1rmTrend,
    LoadDay,
    LoadReport,
    LoadWeek,
    MuscleWeek,
    ProjectedDay,
    SessionLoad,
)


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
        functools.partial(_training_load_answer, ctx, athlete_id, start, end, planned),
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
        functools.partial(_training_load_answer, ctx, athlete_id, start, end, None),
        cache=results.REPORTS,
    )


def _training_load(
    ctx: ServiceContext,
    athlete_id: int,
    start: date,
    end: date,
    planned: dict[date, float] | None,
) -> LoadReport:
    return _report(ctx, athlete_id, start, end, planned)[0]


def _training_load_answer(
    ctx: ServiceContext,
    athlete_id: int,
    start: date,
    end: date,
    planned: dict[date, float] | None,
) -> results.Serialized[LoadReport]:
    """``_training_load`` with its JSON (``_report_json``)."""
    report, cut = _report(ctx, athlete_id, start, end, planned)
    return results.Serialized(report, _report_json(report, cut))


@dataclass(frozen=True)
class _Cut:
    """Where a report's rows lie in its span: its days ``span.days[days]``, its sessions
    ``span.sessions[sessions]``, and its weeks' JSON in order."""

    span: _Span
    days: slice
    sessions: slice
    weeks_json: list[bytes]


# The report's row lists as pydantic writes them empty (fields in this order, one after the
# other): ``_report_json`` writes them there from the JSON kept with the span.
_EMPTY_ROWS = b'"days":[],"weeks":[],"sessions":[]'


def _report_json(report: LoadReport, cut: _Cut) -> bytes:
    """``results.as_json(report)``, byte for byte, its days, weeks and sessions joined from the
    JSON of each row, written once per span (``_Span.row_json``) and kept full week
    (``_Span.weeks``): about half the report's serialization, for rows that most windows over
    the same series share."""
    span = cut.span
    days = _rows_json(span.days, cut.days, span.days_json)
    sessions = _rows_json(span.sessions, cut.sessions, span.sessions_json)
    rows = b'"days":[%b],"weeks":[%b],"sessions":[%b]' % (
        days,
        b",".join(cut.weeks_json),
        sessions,
    )
    rest = results.as_json(report.model_copy(update={"days": [], "weeks": [], "sessions": []}))
    if rest.count(_EMPTY_ROWS) != 1:  # not expected: a field before them wrote the same bytes
        return results.as_json(report)
    return rest.replace(_EMPTY_ROWS, rows, 1)


def _rows_json(rows: list[Any], where: slice, kept: dict[int, bytes]) -> bytes:
    """The JSON of ``rows[where]`` joined by commas, each row's written once into ``kept``
    (by its index)."""
    parts = []
    for index in range(*where.indices(len(rows))):
        part = kept.get(index)
        if part is None:
            part = kept[index] = results.as_json(rows[index])
        parts.append(part)
    return b",".join(parts)


def _report(
    ctx: ServiceContext,
    athlete_id: int,
    start: date,
    end: date,
    planned: dict[date, float] | None,
) -> tuple[LoadReport, _Cut]:
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
    lo = start - timedelta(days=WARMUP_DAYS)
    firsts = [*_cut(series.workout_days, series.workout_days, lo, end)[:1]]
    firsts += _cut(series.cardio_days, series.cardio_days, lo, end)[:1]
    first = min(firsts) if firsts else None
    resting = _cut(series.resting_values, series.resting_days, lo, end)
    resting_hr = statistics.median(resting) if resting else None
    max_hr, max_source = _max_hr(person, logged_max_hr, end)
    first_shown = min(start, max(lo, first)) if first is not None else start
    span = _span(series, first_shown, end, first, person.sex, resting_hr, max_hr)
    # The report's sessions: those of [lo, end], none of which lies before ``first_shown``.
    last = bisect.bisect_right(span.session_days, end)
    notes = _flag_notes(span.flag_totals[last], person.sex)
    skip = (start - first_shown).days
    shown = slice(skip, skip + (end - start).days + 1)
    days = span.days[shown]
    daily = span.daily[: (end - first_shown).days + 1]

    level = person.level
    weeks, weeks_json = _weeks(series, days, level, span)
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
    in_sessions = slice(bisect.bisect_left(span.session_days, start), last)
    in_range = span.sessions[in_sessions]
    report = LoadReport(
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
    return report, _Cut(span, shown, in_sessions, weeks_json)


@dataclass(frozen=True)
class _Span:
    """The days of a series from ``first_shown`` to its last day as every report whose shown
    days start there reads them (with the same first session, resting and maximum heart rate
    and sex): the sessions' loads and flags in (day, kind) order, the daily loads and the
    report's rows of each day. Every value of a day depends only on the days before it (the
    exponentially weighted and rolling windows look back), so a report ending on any day is a
    slice of these: equal, bit for bit, to one computed over its own days
    (``tests/services/test_cold_paths.py``)."""

    until: date  # the last day computed
    sessions: list[SessionLoad]
    session_days: list[date]
    # How many of the first n sessions assumed or left out what the notes say (``_Flags``,
    # ``_flag_totals``).
    flag_totals: list[tuple[int, int, int, int]]
    daily: list[float]
    days: list[LoadDay]
    # Filled as windows read them, the same for every window that shows them: the JSON of
    # each day and session (by index), and each whole week's row and its JSON (by Monday and
    # level): a week all of whose days a window shows is the same row in each of them.
    days_json: dict[int, bytes] = field(default_factory=dict, compare=False, repr=False)
    sessions_json: dict[int, bytes] = field(default_factory=dict, compare=False, repr=False)
    weeks: dict[tuple[date, str], tuple[LoadWeek, bytes]] = field(
        default_factory=dict, compare=False, repr=False
    )


MAX_SPANS = 32  # per series: reports starting on different days of a long history


def _span(
    series: _DaySeries,
    first_shown: date,
    end: date,
    first: date | None,
    sex: str | None,
    resting_hr: float | None,
    max_hr: float | None,
) -> _Span:
    """The series' ``_Span`` for these inputs through ``end`` at least: kept with the series
    (``_DaySeries.memo``), which is dropped when the athlete's data changes, so windows over
    the same data (280 different ones in the cold benchmark) compute their days once. It runs
    ``GROW_DAYS`` past ``end`` (to the series' last day at most), computed again further when
    a later window needs more: an old window of a long history does not compute every day
    since."""
    key = ("load_span", first_shown, first, sex, resting_hr, max_hr)
    found = series.memo.get(key)
    if isinstance(found, _Span) and end <= found.until:
        return found
    hi = min(series.hi, end + timedelta(days=GROW_DAYS))
    log = _Window(
        series.tz,
        _cut(series.workouts, series.workout_days, first_shown, hi),
        _cut(series.cardio, series.cardio_days, first_shown, hi),
        first,
    )
    sessions, flags = _session_rows(log, sex, resting_hr, max_hr)
    daily = _daily_values(sessions, first_shown, hi)
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
    names = list(columns)
    rows = zip(*(columns[c] for c in names), strict=True)
    for offset, values in enumerate(rows):
        row = dict(zip(names, values, strict=True))
        day = first_shown + timedelta(days=offset)
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
    span = _Span(hi, sessions, [s.day for s in sessions], _flag_totals(flags), daily, days)
    if len(series.memo) >= MAX_SPANS:
        series.memo.clear()
    series.memo[key] = span
    return span


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


def _hard_sets(series: _DaySeries, first: date, last: date) -> dict[str, float]:
    """Hard sets per muscle of the days [first, last] (a week, or the part of it a window
    shows), summed day by day: ``analysis.volume.weekly_hard_sets`` of those days' sets."""
    counted: dict[str, float] = {}
    lo = bisect.bisect_left(series.hard_days, first)
    hi = bisect.bisect_right(series.hard_days, last)
    for credits in series.hard_sets[lo:hi]:
        for muscle, sets in credits.items():
            counted[muscle] = counted.get(muscle, 0.0) + sets
    return counted


def _weeks(
    series: _DaySeries, days: list[LoadDay], level: str, span: _Span
) -> tuple[list[LoadWeek], list[bytes]]:
    """The weeks of ``days`` (one a day, in order: Monday to Sunday, those at the edges in
    part) and their JSON; a whole week's is kept with the span (``_Span.weeks``): its days and
    hard sets are the same in every window that shows all of it, and are counted once."""
    weeks = []
    weeks_json = []
    at = 0
    while at < len(days):
        weekday = days[at].day.weekday()
        week_days = days[at : at + 7 - weekday]
        at += len(week_days)
        monday = week_days[0].day - timedelta(days=weekday)
        whole = len(week_days) == 7
        kept = span.weeks.get((monday, level)) if whole else None
        if kept is None:
            counted = _hard_sets(series, week_days[0].day, week_days[-1].day)
            week = _week(monday, week_days, counted, level)
            kept = (week, results.as_json(week))
            if whole:
                span.weeks[(monday, level)] = kept
        weeks.append(kept[0])
        weeks_json.append(kept[1])
    return weeks, weeks_json


def _week(
    monday: date, week_days: list[LoadDay], counted: dict[str, float], level: str
) -> LoadWeek:
    last = week_days[-1]
    trimps = [d.trimp for d in week_days if d.trimp is not None]
    return LoadWeek(
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
        hard_sets=list(_muscle_weeks(level, tuple(sorted(counted.items())))),
    )


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
