"""``get_metrics`` and ``get_readiness``: one of the athlete's metrics over a period of local days
(daily readings, sleep, intake, sensor vitals, load, readiness, volume), summarised with units.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any, Literal

from pydantic import Field

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    DayArgs,
    ToolArgs,
    athlete_units,
    athlete_zone,
    day_words,
    exercise_name,
    jsonable,
    local_period,
    num,
    past_day,
)
from fitcoach.core.units import DISPLAY_PLACES, format_mass, mass_number, mass_unit
from fitcoach.services import sensors, training_log

Metric = Literal[
    "resting_hr",
    "hrv",
    "sleep",
    "weight",
    "load",
    "readiness",
    "spo2",
    "breathing_rate",
    "etco2",
    "hr",
    "calories",
    "protein",
    "volume",
]

UNITS: dict[str, str] = {
    "resting_hr": "bpm",
    "hrv": "ms",
    "sleep": "h",
    "weight": "kg",
    "load": "AU",
    "readiness": "/100",
    "spo2": "%",
    "breathing_rate": "breaths/min",
    "etco2": "mmHg",
    "hr": "bpm",
    "calories": "kcal",
    "protein": "g",
    "volume": "sets",
}
LABELS: dict[str, str] = {
    "resting_hr": "Resting HR",
    "hrv": "HRV (RMSSD)",
    "sleep": "Sleep",
    "weight": "Weight",
    "load": "Training load",
    "readiness": "Readiness",
    "spo2": "SpO2",
    "breathing_rate": "Breathing rate",
    "etco2": "EtCO2",
    "hr": "Heart rate (recordings)",
    "calories": "Calories eaten",
    "protein": "Protein eaten",
    "volume": "Working sets",
}
DAILY_COLUMNS = {"resting_hr": "resting_hr", "hrv": "hrv_rmssd_ms", "weight": "weight_kg"}
VITAL_FIELDS = {
    "spo2": "spo2_pct",
    "breathing_rate": "breathing_rate_bpm",
    "etco2": "etco2_mmhg",
    "hr": "hr_bpm",
    "hrv": "hrv_rmssd_ms",
}


class GetMetricsArgs(ToolArgs):
    """A metric over a period of the athlete's local days."""

    metric: Metric = Field(
        description=(
            "resting_hr (bpm), hrv (RMSSD ms), sleep (hours), weight (kg), load (session-RPE "
            "AU, ACWR), readiness (0-100), spo2 (%), breathing_rate (breaths/min), etco2 (mmHg), "
            "hr (bpm in sensor recordings), calories (kcal eaten), protein (g eaten), volume "
            "(working sets, reps, tonnage kg)."
        )
    )
    start: date | None = Field(
        default=None, description="First day, inclusive (default: 6 days before end)."
    )
    end: date | None = Field(default=None, description="Last day, inclusive (default: today).")


def _daily_series(tctx: ToolContext, column: str, start: date, end: date) -> dict[date, float]:
    rows = training_log.history(tctx.service, tctx.athlete_id, "daily", start, end)
    return {r["day"]: float(r[column]) for r in rows if r.get(column) is not None}


def sleep_series(tctx: ToolContext, start: date, end: date) -> dict[date, float]:
    """Hours asleep per day, each night on the day it ended (``training_log.sleep_hours``)."""
    nights = training_log.history(tctx.service, tctx.athlete_id, "sleep", start, end)
    daily = training_log.history(tctx.service, tctx.athlete_id, "daily", start, end)
    hours = training_log.sleep_hours(daily, nights, athlete_zone(tctx))
    return {d: h for d, h in hours.items() if start <= d <= end}


def _intake_series(tctx: ToolContext, metric: str, start: date, end: date) -> dict[date, float]:
    """kcal or protein g per local day: the meals logged, else the daily row's total."""
    zone = athlete_zone(tctx)
    field = "calories_kcal" if metric == "calories" else "protein_g"
    totals: dict[date, float] = defaultdict(float)
    meals = training_log.history(
        tctx.service, tctx.athlete_id, "meals", start - timedelta(days=1), end + timedelta(days=1)
    )
    for m in meals:
        eaten = m["eaten_at"] if m["eaten_at"].tzinfo else m["eaten_at"].replace(tzinfo=UTC)
        day = eaten.astimezone(zone).date()
        if start <= day <= end and m.get(field) is not None:
            totals[day] += float(m[field])
    column = "calories_in_kcal" if metric == "calories" else "protein_g"
    for day, value in _daily_series(tctx, column, start, end).items():
        totals.setdefault(day, value)
    return dict(totals)


def _vitals(tctx: ToolContext, metric: str, start: date, end: date) -> dict[str, Any]:
    """Per-recording medians of a vital from the sensor recordings started in the period."""
    field = VITAL_FIELDS[metric]
    page = sensors.list_recordings(tctx.service, tctx.athlete_id, start=start, end=end, limit=50)
    recordings = []
    for rec in page.items:
        detail = sensors.get_recording(tctx.service, tctx.athlete_id, rec.id)
        stat = getattr(detail.vitals, field)
        if stat.count and stat.median is not None:
            recordings.append(
                {
                    "recording_id": rec.id,
                    "started_at": rec.started_at.isoformat(),
                    "median": round(stat.median, 1),
                    "min": stat.min,
                    "max": stat.max,
                    "seconds": stat.count,
                }
            )
    alerts = sensors.list_alerts(
        tctx.service, tctx.athlete_id, open_only=True, start=start, end=end, limit=20
    )
    return {
        "recordings": recordings,
        "open_alerts": [
            {"kind": a.kind, "severity": a.severity, "value": a.value, "at": a.at.isoformat()}
            for a in alerts.items
        ],
    }


def series_summary(
    metric: str,
    start: date,
    end: date,
    series: dict[date, float],
    *,
    unit: str | None = None,
    digits: int = 1,
) -> tuple[dict[str, Any], str]:
    """The series' days, mean, range and latest value, as data and a sentence; ``unit`` and
    ``digits`` when its values are not in the metric's own unit (a body weight in lb)."""
    unit = unit or UNITS[metric]
    label = LABELS[metric]
    days = sorted(series)
    data: dict[str, Any] = {
        "metric": metric,
        "unit": unit,
        "start": start.isoformat(),
        "end": end.isoformat(),
        "days": [{"day": d.isoformat(), "value": round(series[d], 2)} for d in days],
        "count": len(days),
    }
    span = (
        day_words(start, end)
        if start == end
        else f"{day_words(start, end)} to {day_words(end, end)}"
    )
    if not days:
        return data, f"{label}: nothing recorded for {span}."
    values = [series[d] for d in days]
    mean = statistics.fmean(values)
    data.update(
        mean=round(mean, 2),
        min=round(min(values), 2),
        max=round(max(values), 2),
        latest={"day": days[-1].isoformat(), "value": round(values[-1], 2)},
    )
    if len(days) == 1:
        return data, f"{label} on {day_words(days[0], end)}: {num(values[0], digits)} {unit}."
    text = (
        f"{label} {span}: average {num(mean, digits)} {unit} over {len(days)} day(s) "
        f"(range {num(min(values), digits)}-{num(max(values), digits)} {unit}); latest "
        f"{num(values[-1], digits)} {unit} on {day_words(days[-1], end)}."
    )
    if metric == "weight":
        change = values[-1] - values[0]
        data["change"] = round(change, 2)
        text += (
            f" Change {'+' if change >= 0 else ''}{num(change, digits)} {unit} since "
            f"{day_words(days[0], end)}."
        )
    if metric in ("calories", "protein"):
        data["total"] = round(sum(values), 1)
    return data, text


def load_metric(tctx: ToolContext, start: date, end: date) -> tuple[dict[str, Any], str]:
    from fitcoach.services import monitoring

    report = monitoring.training_load(tctx.service, tctx.athlete_id, start=start, end=end)
    total = sum(d.load_au for d in report.days)
    last = report.days[-1] if report.days else None
    data: dict[str, Any] = {
        "metric": "load",
        "unit": "AU",
        "start": start.isoformat(),
        "end": end.isoformat(),
        "total_au": round(total, 1),
        "sessions": len(report.sessions),
        "days": [{"day": d.day.isoformat(), "value": d.load_au} for d in report.days if d.load_au],
        "notes": report.notes,
    }
    text = (
        f"Training load {day_words(start, end)} to {day_words(end, end)}: {num(total, 0)} AU (session RPE x minutes) over "
        f"{len(report.sessions)} session(s)."
    )
    if last is not None:
        data.update(atl=last.atl, ctl=last.ctl, tsb=last.tsb, acwr=last.acwr_ewma)
        text += (
            f" On {day_words(last.day, end)}: fatigue (ATL) {num(last.atl)}, fitness (CTL) {num(last.ctl)}, "
            f"form (TSB) {num(last.tsb)}"
        )
        text += (
            f", ACWR {num(last.acwr_ewma, 2)}."
            if last.acwr_ewma is not None
            else "; ACWR needs 28 days of history."
        )
    unrated = [s for s in report.sessions if s.load_au is None]
    if unrated:
        text += f" {len(unrated)} session(s) without an RPE add no load."
    return data, text


def readiness_metric(tctx: ToolContext, day: date) -> tuple[dict[str, Any], str]:
    today = tctx.today()
    from fitcoach.services import monitoring

    report = monitoring.readiness(tctx.service, tctx.athlete_id, day)
    data = {
        "metric": "readiness",
        "unit": "/100",
        "day": day.isoformat(),
        "status": report.status,
        "score": report.score,
        "colour": report.colour,
        "reasons": [r.text for r in report.reasons],
        "findings": [f.text for f in report.findings],
        "days_collected": report.days_collected,
        "days_needed": report.days_needed,
        "said": report.said,
        "lowered_by": report.lowered_by,
    }
    if report.score is None:  # no check-in: the question, never a number built on the rest
        return data, f"Readiness on {day_words(day, today)}: {report.summary}"
    return (
        data,
        f"Readiness on {day_words(day, today)}: {report.score}/100 ({report.colour}). {report.summary}".strip(),
    )


def volume_metric(tctx: ToolContext, start: date, end: date) -> tuple[dict[str, Any], str]:
    zone = athlete_zone(tctx)
    rows = training_log.history(
        tctx.service,
        tctx.athlete_id,
        "workouts",
        start - timedelta(days=1),
        end + timedelta(days=1),
    )
    per_day: dict[date, float] = defaultdict(float)
    per_exercise: dict[str, int] = defaultdict(int)
    reps = 0
    tonnage = 0.0
    sessions = 0
    for w in rows:
        started = w["started_at"] if w["started_at"].tzinfo else w["started_at"].replace(tzinfo=UTC)
        day = started.astimezone(zone).date()
        if not start <= day <= end:
            continue
        sessions += 1
        for s in w["sets"]:
            if s["is_warmup"] or not s["completed"]:
                continue
            per_day[day] += 1
            per_exercise[s["exercise"]] += 1
            reps += int(s["reps"])
            tonnage += int(s["reps"]) * float(s["weight_kg"] or 0.0)
    data, _ = series_summary("volume", start, end, dict(per_day))
    total = int(sum(per_day.values()))
    top = sorted(per_exercise.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    data.update(
        total_sets=total,
        total_reps=reps,
        tonnage_kg=round(tonnage, 1),
        workouts=sessions,
        by_exercise=[{"exercise": exercise_name(k), "sets": v} for k, v in top],
    )
    if not total:
        return (
            data,
            f"No working sets logged from {day_words(start, end)} to {day_words(end, end)}.",
        )
    tops = ", ".join(f"{exercise_name(k)} {v}" for k, v in top)
    return data, (
        f"Volume {day_words(start, end)} to {day_words(end, end)}: {total} working sets, {reps} reps, {format_mass(tonnage, athlete_units(tctx), places=0)} "
        f"lifted in {sessions} workout(s); most sets: {tops}."
    )


def get_metrics(tctx: ToolContext, args: GetMetricsArgs) -> ToolResult:
    start, end = local_period(tctx, args.start, args.end)
    metric = args.metric
    if metric == "load":
        data, text = load_metric(tctx, start, end)
    elif metric == "readiness":
        data, text = readiness_metric(tctx, end)
    elif metric == "volume":
        data, text = volume_metric(tctx, start, end)
    elif metric == "sleep":
        data, text = series_summary(metric, start, end, sleep_series(tctx, start, end))
    elif metric in ("calories", "protein"):
        data, text = series_summary(metric, start, end, _intake_series(tctx, metric, start, end))
    elif metric == "weight" and (series := _daily_series(tctx, "weight_kg", start, end)):
        # In the athlete's unit, to the precision a body weight is shown in (core.units).
        units = athlete_units(tctx)
        in_unit = {
            d: float(mass_number(kg, units, kind="body", places=2)) for d, kg in series.items()
        }
        digits = DISPLAY_PLACES[units, "body"]
        data, text = series_summary(
            metric, start, end, in_unit, unit=mass_unit(units), digits=digits
        )
    elif metric in DAILY_COLUMNS and (
        series := _daily_series(tctx, DAILY_COLUMNS[metric], start, end)
    ):
        data, text = series_summary(metric, start, end, series)
    elif metric in VITAL_FIELDS:
        found = _vitals(tctx, metric, start, end)
        medians = {
            datetime.fromisoformat(r["started_at"]).date(): r["median"] for r in found["recordings"]
        }
        data, text = series_summary(metric, start, end, medians)
        data.update(found)
        if found["recordings"]:
            text = (
                f"{text} (median of each sensor recording; {len(found['recordings'])} recording(s))"
            )
        if found["open_alerts"]:
            kinds = ", ".join(sorted({a["kind"] for a in found["open_alerts"]}))
            text += f" {len(found['open_alerts'])} open sensor alert(s): {kinds}."
    else:
        data, text = series_summary(metric, start, end, {})
    return ToolResult("get_metrics", ok=True, data=jsonable(data), summary=text)


def get_readiness(tctx: ToolContext, args: DayArgs) -> ToolResult:
    data, text = readiness_metric(tctx, past_day(tctx, args.date))
    return ToolResult("get_readiness", ok=True, data=jsonable(data), summary=text)
