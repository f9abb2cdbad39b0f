"""Body measurements from a tape: log a day's readings, read them back by day, and the charts'
and reports' view of them (series beside body weight, the change since the first reading and
over the last four weeks, the U.S. Navy body-fat estimate with its error band).

One reading per athlete, day and site: logging a site again on the same day replaces the
value (and the notes, when new ones are given), and says so; everything derived (changes,
estimates) is computed from the stored readings when read, so a replaced value is never left
behind in a figure. Body fat is either entered (a scan, a scale) and stored, or estimated from
that day's neck, waist (and hips for women) with the athlete's height and sex from the
profile; an estimate is never stored and always labelled as one, with the formula's published
standard error (``analysis.body``).

Writing needs the athlete's ``training_logs`` consent, as every training record does; reading
is open to whoever may see the athlete (the athlete, a linked coach, an admin).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from fitcoach.analysis.body import (
    METHOD,
    BodyFatEstimate,
    NoEstimate,
    change,
    navy_body_fat,
)
from fitcoach.coach.measurements import (
    BODY_FAT,
    KINDS,
    SITE_KEYS,
    MeasurementsIn,
    label_of,
)
from fitcoach.core import bounds
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import InvalidInput
from fitcoach.services import consent, training_log
from fitcoach.services.context import ServiceContext, typed_units, validate
from fitcoach.storage.models import BodyMeasurement
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import measurements as repo
from fitcoach.storage.rows import MeasurementRow

MAX_DAYS = 500  # the most days one read answers (the API's page limit)
ESTIMATE = "body_fat_estimate"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


@dataclass(frozen=True)
class MeasurementsLogged:
    """What a log call did, per kind: stored new, replaced a value of the same day, or
    unchanged (the same value again)."""

    day: date
    created: tuple[str, ...] = ()
    replaced: tuple[str, ...] = ()
    unchanged: tuple[str, ...] = ()
    before: dict[str, float] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        """Whether anything was written."""
        return bool(self.created or self.replaced)


class EstimateOut(_Out):
    """A body-fat estimate from the tape: an estimate, not a measurement, with its error band
    (± one standard error of estimate of the formula)."""

    percent: float
    see_pct: float
    low_pct: float
    high_pct: float
    method: str = METHOD
    estimated: Literal[True] = True


class MeasurementDay(_Out):
    """One day's readings: circumferences in cm by site, body fat entered (%), the tape's
    estimate of body fat (or why there is none, when the day has any of its inputs), notes."""

    day: date
    values_cm: dict[str, float]
    body_fat_pct: float | None
    body_fat_estimate: EstimateOut | None
    estimate_note: str | None
    notes: str
    sources: list[str]


class SiteChange(_Out):
    """How one kind moved (cm for a site, % for body fat): first and latest readings, the
    change since the first and over the last four weeks (None without two readings)."""

    kind: str
    label: str
    unit: Literal["cm", "%"]
    first_day: date
    first: float
    latest_day: date
    latest: float
    since_start: float | None
    recent_from_day: date | None
    recent: float | None


class Series(_Out):
    """One line of a chart: days and values (cm, %, kg)."""

    days: list[date]
    values: list[float]


class EstimateSeries(_Out):
    """The tape's body-fat estimates over time with their error band."""

    days: list[date]
    percent: list[float]
    low: list[float]
    high: list[float]


class Overview(_Out):
    """Everything the charts, the dashboard tile and the weekly report show, up to ``today``:
    a series per kind with readings, body weight from the daily check-ins beside them, the
    estimates, and each kind's change."""

    athlete_id: int
    today: date
    series: dict[str, Series]
    weight_kg: Series
    estimates: EstimateSeries
    changes: list[SiteChange]
    latest_estimate: EstimateOut | None
    latest_estimate_day: date | None
    estimate_note: str | None
    readings: int

    @property
    def empty(self) -> bool:
        """No reading at all (the views say how to add one)."""
        return self.readings == 0


# --- writing -----------------------------------------------------------------------------------


def _not_future(ctx: ServiceContext, day: date) -> None:
    """Refuse a day ahead of today (beyond the training log's tolerance for time zones) or
    before 1970, as every log does."""
    latest = (ctx.clock.now() + training_log.DEFAULT_FUTURE_TOLERANCE).date()
    if day > latest:
        problem = f"day: {day.isoformat()} is in the future; give the day you measured"
    elif day.year < 1970:
        problem = f"day: {day.isoformat()} is before 1970"
    else:
        return
    raise InvalidInput(problem, details={"errors": [problem]})


def log_measurements(
    ctx: ServiceContext, athlete_id: int, data: MeasurementsIn | dict[str, Any]
) -> MeasurementsLogged:
    """Store a day's readings: each site given is stored, or replaces that day's value of the
    site (notes too when new ones are given); sites not given stay. Audited with the kinds
    written (no values). Nothing is stored when any value is refused."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(MeasurementsIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.day)
    given = spec.values()
    stored = repo.on_day(ctx.session, scope, spec.day, given)
    created, replaced, unchanged = [], [], []
    before: dict[str, float] = {}
    for kind, value in given.items():
        row = stored.get(kind)
        if row is None:
            repo.add(
                ctx.session,
                scope,
                BodyMeasurement(
                    day=spec.day,
                    site=kind,
                    value=value,
                    notes=spec.notes,
                    source=spec.source,
                    source_id=spec.source_id,
                ),
            )
            created.append(kind)
            continue
        if row.value == value and (not spec.notes or row.notes == spec.notes):
            unchanged.append(kind)
            continue
        before[kind] = row.value
        row.value = value
        if spec.notes:
            row.notes = spec.notes
        row.source, row.source_id = spec.source, spec.source_id
        replaced.append(kind)
    ctx.session.flush()
    if created or replaced:
        ctx.audit(
            "upsert",
            "body_measurements",
            spec.day.isoformat(),
            athlete_id=athlete_id,
            detail={"created": created, "replaced": replaced},
        )
    return MeasurementsLogged(spec.day, tuple(created), tuple(replaced), tuple(unchanged), before)


def delete_measurements(
    ctx: ServiceContext, athlete_id: int, day: date, kinds: list[str] | None = None
) -> list[str]:
    """Delete a day's readings (only ``kinds`` when given: ``waist``, ``body_fat`` ...); the
    kinds removed (none when there were none). Audited as a delete."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    bounds.check_day(day, "day")
    if kinds is not None:
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise InvalidInput(
                f"unknown measurement {', '.join(unknown)}; use one of {', '.join(KINDS)}"
            )
    removed = repo.delete_on_day(ctx.session, scope, day, kinds)
    if removed:
        ctx.audit(
            "delete",
            "body_measurements",
            day.isoformat(),
            athlete_id=athlete_id,
            detail={"removed": removed},
        )
    return removed


# --- reading -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Person:
    sex: str | None
    height_cm: float | None


def _person(ctx: ServiceContext, athlete_id: int) -> _Person:
    profile = athlete_repo.get_profile(ctx.session, ctx.scope(athlete_id))
    if profile is None:
        return _Person(None, None)
    return _Person(profile.sex, profile.height_cm)


def _estimate(person: _Person, values: dict[str, float]) -> BodyFatEstimate | NoEstimate:
    return navy_body_fat(
        sex=person.sex,
        height_cm=person.height_cm,
        neck_cm=values.get("neck"),
        waist_cm=values.get("waist"),
        hips_cm=values.get("hips"),
    )


def _estimate_out(found: BodyFatEstimate) -> EstimateOut:
    return EstimateOut(
        percent=found.percent,
        see_pct=found.see_pct,
        low_pct=found.low_pct,
        high_pct=found.high_pct,
        method=found.method,
    )


def _days(person: _Person, rows: list[MeasurementRow]) -> list[MeasurementDay]:
    by_day: dict[date, list[MeasurementRow]] = {}
    for row in rows:
        by_day.setdefault(row["day"], []).append(row)
    out = []
    for day in sorted(by_day):
        readings = by_day[day]
        values = {r["site"]: float(r["value"]) for r in readings}
        found = _estimate(person, values)
        inputs = {"neck", "waist", "hips"} & values.keys()
        out.append(
            MeasurementDay(
                day=day,
                values_cm={k: values[k] for k in SITE_KEYS if k in values},
                body_fat_pct=values.get(BODY_FAT),
                body_fat_estimate=(
                    _estimate_out(found) if isinstance(found, BodyFatEstimate) else None
                ),
                estimate_note=(found.reason if isinstance(found, NoEstimate) and inputs else None),
                notes="; ".join(dict.fromkeys(r["notes"] for r in readings if r["notes"])),
                sources=sorted({r["source"] for r in readings}),
            )
        )
    return out


def history(
    ctx: ServiceContext,
    athlete_id: int,
    start: date | None = None,
    end: date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> list[MeasurementDay]:
    """The days with readings between two days (inclusive), newest first, each with its
    estimate; ``limit`` days after skipping ``offset``."""
    scope = ctx.scope(athlete_id)
    for value, name in ((start, "from"), (end, "to")):
        if value is not None:
            bounds.check_day(value, name)
    if start and end and end < start:
        raise InvalidInput("the end of the range lies before its start")
    if limit is not None and not 0 <= limit <= MAX_DAYS:
        raise InvalidInput(f"limit must lie between 0 and {MAX_DAYS}, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")
    days = repo.days_between(ctx.session, scope, start, end, limit=limit, offset=offset)
    rows = repo.rows_on_days(ctx.session, scope, days)
    return list(reversed(_days(_person(ctx, athlete_id), rows)))


def overview(ctx: ServiceContext, athlete_id: int, today: date) -> Overview:
    """The charts' and reports' view of every reading up to ``today``: a series per kind,
    body weight from the check-ins over the same span, the estimates with their band, and
    each kind's change since the first reading and over the last four weeks."""
    scope = ctx.scope(athlete_id)
    bounds.check_day(today, "today")
    rows = repo.rows_between(ctx.session, scope, None, today)
    days = _days(_person(ctx, athlete_id), rows)
    points: dict[str, list[tuple[date, float]]] = {}
    for row in rows:
        points.setdefault(row["site"], []).append((row["day"], float(row["value"])))
    series = {
        kind: Series(days=[d for d, _ in points[kind]], values=[v for _, v in points[kind]])
        for kind in KINDS
        if kind in points
    }
    estimated = [(d.day, d.body_fat_estimate) for d in days if d.body_fat_estimate]
    estimates = EstimateSeries(
        days=[d for d, _ in estimated],
        percent=[e.percent for _, e in estimated if e],
        low=[e.low_pct for _, e in estimated if e],
        high=[e.high_pct for _, e in estimated if e],
    )
    changes = []
    for kind in KINDS:
        moved = change(points.get(kind, []), today)
        if moved is None:
            continue
        changes.append(
            SiteChange(
                kind=kind,
                label=label_of(kind),
                unit="%" if kind == BODY_FAT else "cm",
                first_day=moved.first_day,
                first=moved.first,
                latest_day=moved.latest_day,
                latest=moved.latest,
                since_start=moved.since_start,
                recent_from_day=moved.recent_from_day,
                recent=moved.recent,
            )
        )
    weight = _weight(ctx, athlete_id, days[0].day if days else today, today)
    latest_day = estimated[-1][0] if estimated else None
    latest = estimated[-1][1] if estimated else None
    note = next((d.estimate_note for d in reversed(days) if d.estimate_note), None)
    if latest_day is not None and days and days[-1].day == latest_day:
        note = None
    return Overview(
        athlete_id=athlete_id,
        today=today,
        series=series,
        weight_kg=weight,
        estimates=estimates,
        changes=changes,
        latest_estimate=latest,
        latest_estimate_day=latest_day,
        estimate_note=note,
        readings=len(rows),
    )


def _weight(ctx: ServiceContext, athlete_id: int, start: date, end: date) -> Series:
    """Body weight from the daily check-ins, from a week before ``start`` to ``end`` (the
    chart beside the tape starts where the measurements do)."""
    rows = training_log.history(ctx, athlete_id, "daily", start - timedelta(days=7), end)
    kept = [(r["day"], float(r["weight_kg"])) for r in rows if r["weight_kg"] is not None]
    return Series(days=[d for d, _ in kept], values=[v for _, v in kept])
