"""The assistant's tools: typed actions over the coach services, for the signed-in athlete only.

``default_registry()`` is what the offline assistant, the language-model providers and the MCP
server all call through, so one set of rules applies whoever asks. Each tool's arguments are a
pydantic model (its JSON schema is what a model or an MCP client sees): no athlete id anywhere,
dates as ``date``, choices as ``Literal``, units in field names (``weight_kg``, ``duration_s``,
``distance_m``). Handlers call the same services the API uses, so writes are validated, scoped
and audited the same way; a ``FitcoachError`` from a service becomes a failed ``ToolResult``
(the registry rolls the tool's writes back). Every result's ``summary`` quotes the numbers with
their units, so an answer built from it never has to invent one.

Plan changes never take effect here: ``propose_plan_edit`` and ``generate_plan`` store a
*proposed* version that waits for the athlete's own approval (``approve_plan_change``, which
models are not offered); the safety validator's refusals come back as ``ok=False`` with its
reasons.
"""

from __future__ import annotations

import functools
import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, TypeVar
from zoneinfo import ZoneInfo

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, model_validator

from fitcoach.assistant.registry import Tool, ToolContext, ToolRegistry, ToolResult
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.edits import Change, item_text, resolve_record
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan, PlannedSession, StrengthItem
from fitcoach.coach.services import athletes, exercises, health, plans, sensors, training_log
from fitcoach.coach.services.exercises import (
    Constraints,
    ExerciseHit,
    available_equipment,
    constraints_for,
    library_records,
    rank_substitutes,
)
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput, NotFound

MAX_PERIOD_DAYS = 366
DEFAULT_PERIOD_DAYS = 7

# --- shared argument types --------------------------------------------------------------------


class _Args(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


def _known(values: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        value = value.strip().lower().replace(" ", "_").replace("-", "_")
        if value not in values:
            raise ValueError(f"unknown {what} {value!r}; choose from {', '.join(values)}")
        return value

    return check


EquipmentName = Annotated[
    str,
    AfterValidator(_known(vocab.EQUIPMENT, "equipment")),
    Field(json_schema_extra={"enum": list(vocab.EQUIPMENT)}),
]
RegionName = Annotated[
    str,
    AfterValidator(_known(vocab.BODY_REGIONS, "body region")),
    Field(json_schema_extra={"enum": list(vocab.BODY_REGIONS)}),
]
GoalName = Annotated[
    str,
    AfterValidator(_known(vocab.GOALS, "goal")),
    Field(json_schema_extra={"enum": list(vocab.GOALS)}),
]
Day = Annotated[
    date | None, Field(description="YYYY-MM-DD in the athlete's time zone; default today.")
]
ExerciseName = Annotated[
    str,
    Field(min_length=1, max_length=80, description="Exercise name, alias or slug (typos are ok)."),
]
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

# --- small helpers ------------------------------------------------------------------------------


def _jsonable(value: Any) -> Any:
    """Plain JSON data from models, dates and numbers (what ``ToolResult.data`` holds)."""

    def default(obj: Any) -> Any:
        if isinstance(obj, BaseModel):
            return obj.model_dump(mode="json")
        if isinstance(obj, date | datetime):
            return obj.isoformat()
        raise TypeError(f"cannot serialise {type(obj).__name__}")

    return json.loads(json.dumps(value, default=default))


def _num(value: float | None, digits: int = 1) -> str:
    """A number as people read it: 72.4, 52, 6.5 (no trailing zeros)."""
    if value is None:
        return "-"
    text = f"{value:.{digits}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


@functools.cache
def _names() -> dict[str, str]:
    return {r.slug: r.name for r in library_records()}


def _name(slug: str) -> str:
    return _names().get(slug, slug.replace("-", " "))


def _zone(tctx: ToolContext) -> ZoneInfo:
    tz = athletes.get_athlete(tctx.service, tctx.athlete_id).timezone
    try:
        return ZoneInfo(tz)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _at(tctx: ToolContext, day: date, hour: int) -> datetime:
    """``hour`` o'clock local time on ``day``, or now when that is later today."""
    when = datetime.combine(day, time(hour), tzinfo=_zone(tctx)).astimezone(UTC)
    now = tctx.service.clock.now()
    return min(when, now) if day == tctx.today() else when


def _day(tctx: ToolContext, day: date | None) -> date:
    today = tctx.today()
    day = day or today
    if day > today:
        raise InvalidInput(
            f"date {day} is in the future (today is {today}); give the day it happened"
        )
    return day


def _period(tctx: ToolContext, start: date | None, end: date | None) -> tuple[date, date]:
    """[start, end] in local days: default the last 7 days up to today, inclusive."""
    today = tctx.today()
    end = end or (
        today if start is None else min(today, start + timedelta(days=DEFAULT_PERIOD_DAYS - 1))
    )
    start = start or end - timedelta(days=DEFAULT_PERIOD_DAYS - 1)
    if end > today:
        raise InvalidInput(f"end {end} is after today ({today}); ask about days up to today")
    if end < start:
        raise InvalidInput(f"end {end} lies before start {start}; swap them")
    if (end - start).days >= MAX_PERIOD_DAYS:
        raise InvalidInput(f"ask for at most {MAX_PERIOD_DAYS} days at a time")
    return start, end


def _reasons(reasons: Sequence[Reason]) -> list[str]:
    return list(dict.fromkeys(r.text for r in reasons))


def _session_lines(session: PlannedSession) -> list[str]:
    return [item_text(i).replace(i.exercise, _name(i.exercise), 1) for i in session.items]


def _session_data(session: PlannedSession) -> dict[str, Any]:
    return {
        "key": session.key,
        "name": session.name,
        "focus": session.focus,
        "estimated_minutes": session.estimated_minutes,
        "items": _session_lines(session),
        "exercises": [i.exercise for i in session.items],
        "reasons": _reasons(session.reasons),
    }


def _changes(diff: Sequence[Change], limit: int = 5) -> list[str]:
    return [c.text for c in diff[:limit]] + (
        [f"... {len(diff) - limit} more"] if len(diff) > limit else []
    )


# --- get_metrics --------------------------------------------------------------------------------

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


class GetMetricsArgs(_Args):
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


def _sleep_series(tctx: ToolContext, start: date, end: date) -> dict[date, float]:
    """Hours asleep per day, each night on the day it ended (``training_log.sleep_hours``)."""
    nights = training_log.history(tctx.service, tctx.athlete_id, "sleep", start, end)
    daily = training_log.history(tctx.service, tctx.athlete_id, "daily", start, end)
    hours = training_log.sleep_hours(daily, nights, _zone(tctx))
    return {d: h for d, h in hours.items() if start <= d <= end}


def _intake_series(tctx: ToolContext, metric: str, start: date, end: date) -> dict[date, float]:
    """kcal or protein g per local day: the meals logged, else the daily row's total."""
    zone = _zone(tctx)
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


def _series_summary(
    metric: str, start: date, end: date, series: dict[date, float]
) -> tuple[dict[str, Any], str]:
    unit = UNITS[metric]
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
    span = f"{start}" if start == end else f"{start} to {end}"
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
        return data, f"{label} on {days[0]}: {_num(values[0])} {unit}."
    text = (
        f"{label} {span}: average {_num(mean)} {unit} over {len(days)} day(s) "
        f"(range {_num(min(values))}-{_num(max(values))} {unit}); latest {_num(values[-1])} "
        f"{unit} on {days[-1]}."
    )
    if metric == "weight":
        change = values[-1] - values[0]
        data["change"] = round(change, 2)
        text += f" Change {'+' if change >= 0 else ''}{_num(change)} kg since {days[0]}."
    if metric in ("calories", "protein"):
        data["total"] = round(sum(values), 1)
    return data, text


def _load_metric(tctx: ToolContext, start: date, end: date) -> tuple[dict[str, Any], str]:
    from fitcoach.coach.services import monitoring

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
        f"Training load {start} to {end}: {_num(total, 0)} AU (session RPE x minutes) over "
        f"{len(report.sessions)} session(s)."
    )
    if last is not None:
        data.update(atl=last.atl, ctl=last.ctl, tsb=last.tsb, acwr=last.acwr_ewma)
        text += (
            f" On {last.day}: fatigue (ATL) {_num(last.atl)}, fitness (CTL) {_num(last.ctl)}, "
            f"form (TSB) {_num(last.tsb)}"
        )
        text += (
            f", ACWR {_num(last.acwr_ewma, 2)}."
            if last.acwr_ewma is not None
            else "; ACWR needs 28 days of history."
        )
    unrated = [s for s in report.sessions if s.load_au is None]
    if unrated:
        text += f" {len(unrated)} session(s) without an RPE add no load."
    return data, text


def _readiness_metric(tctx: ToolContext, day: date) -> tuple[dict[str, Any], str]:
    from fitcoach.coach.services import monitoring

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
    }
    if report.score is None:
        return data, f"Readiness on {day}: not available yet ({report.summary})"
    return (
        data,
        f"Readiness on {day}: {report.score}/100 ({report.colour}). {report.summary}".strip(),
    )


def _volume_metric(tctx: ToolContext, start: date, end: date) -> tuple[dict[str, Any], str]:
    zone = _zone(tctx)
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
    data, _ = _series_summary("volume", start, end, dict(per_day))
    total = int(sum(per_day.values()))
    top = sorted(per_exercise.items(), key=lambda kv: (-kv[1], kv[0]))[:5]
    data.update(
        total_sets=total,
        total_reps=reps,
        tonnage_kg=round(tonnage, 1),
        workouts=sessions,
        by_exercise=[{"exercise": _name(k), "sets": v} for k, v in top],
    )
    if not total:
        return data, f"No working sets logged from {start} to {end}."
    tops = ", ".join(f"{_name(k)} {v}" for k, v in top)
    return data, (
        f"Volume {start} to {end}: {total} working sets, {reps} reps, {_num(tonnage, 0)} kg "
        f"lifted in {sessions} workout(s); most sets: {tops}."
    )


def get_metrics(tctx: ToolContext, args: GetMetricsArgs) -> ToolResult:
    start, end = _period(tctx, args.start, args.end)
    metric = args.metric
    if metric == "load":
        data, text = _load_metric(tctx, start, end)
    elif metric == "readiness":
        data, text = _readiness_metric(tctx, end)
    elif metric == "volume":
        data, text = _volume_metric(tctx, start, end)
    elif metric == "sleep":
        data, text = _series_summary(metric, start, end, _sleep_series(tctx, start, end))
    elif metric in ("calories", "protein"):
        data, text = _series_summary(metric, start, end, _intake_series(tctx, metric, start, end))
    elif metric in DAILY_COLUMNS and (
        series := _daily_series(tctx, DAILY_COLUMNS[metric], start, end)
    ):
        data, text = _series_summary(metric, start, end, series)
    elif metric in VITAL_FIELDS:
        found = _vitals(tctx, metric, start, end)
        medians = {
            datetime.fromisoformat(r["started_at"]).date(): r["median"] for r in found["recordings"]
        }
        data, text = _series_summary(metric, start, end, medians)
        data.update(found)
        if found["recordings"]:
            text = (
                f"{text} (median of each sensor recording; {len(found['recordings'])} recording(s))"
            )
        if found["open_alerts"]:
            kinds = ", ".join(sorted({a["kind"] for a in found["open_alerts"]}))
            text += f" {len(found['open_alerts'])} open sensor alert(s): {kinds}."
    else:
        data, text = _series_summary(metric, start, end, {})
    return ToolResult("get_metrics", ok=True, data=_jsonable(data), summary=text)


# --- strength and summaries -----------------------------------------------------------------------

# The lifts "what is my 1RM?" answers for when no exercise is named (those logged, else the best).
MAIN_LIFTS = (
    "barbell-back-squat",
    "barbell-bench-press",
    "barbell-deadlift",
    "barbell-overhead-press",
)


class StrengthArgs(_Args):
    """One exercise, or none: the main lifts."""

    exercise: ExerciseName | None = None


def get_strength(tctx: ToolContext, args: StrengthArgs) -> ToolResult:
    """Estimated one-rep maxes (Epley, from the best logged working set) and heaviest sets."""
    ctx, aid = tctx.service, tctx.athlete_id
    zone = _zone(tctx)
    if args.exercise:
        slug = resolve_record(library_records(), args.exercise).slug
        found = training_log.records(ctx, aid, slug)
        if not found:
            return ToolResult(
                "get_strength",
                ok=True,
                data={"exercise": slug, "records": []},
                summary=(
                    f"No loaded sets of {_name(slug)} are logged yet, so there is no estimated "
                    f'1RM; log some, for example "{_name(slug).lower()} 3x5 at 60 kg".'
                ),
            )
    else:
        every = training_log.records(ctx, aid)
        found = [r for r in every if r.exercise in MAIN_LIFTS] or every[:5]
        if not found:
            return ToolResult(
                "get_strength",
                ok=True,
                data={"exercise": None, "records": []},
                summary=(
                    "No loaded sets are logged yet, so there is no estimated 1RM; log some, for "
                    'example "squat 3x5 at 60 kg".'
                ),
            )
    records = []
    lines = []
    for r in found:
        day = (r.best_e1rm_at if r.best_e1rm_at.tzinfo else r.best_e1rm_at.replace(tzinfo=UTC)).astimezone(zone).date()  # fmt: skip
        records.append(
            {
                "exercise": r.exercise,
                "e1rm_kg": round(r.best_e1rm_kg, 1),
                "e1rm_on": day,
                "heaviest_kg": r.heaviest_kg,
                "reliable": r.e1rm_reliable,
            }
        )
        rough = "" if r.e1rm_reliable else " (from a high-rep set, so only a rough estimate)"
        lines.append(
            f"{_name(r.exercise)} {_num(r.best_e1rm_kg)} kg (best set on {day}; heaviest "
            f"{_num(r.heaviest_kg)} kg){rough}"
        )
    text = "Estimated 1RM (Epley, from your best logged set): " + "; ".join(lines) + "."
    return ToolResult("get_strength", ok=True, data=_jsonable({"records": records}), summary=text)


class PeriodArgs(_Args):
    start: date | None = Field(default=None, description="First day (default: this Monday).")
    end: date | None = Field(default=None, description="Last day, inclusive (default: today).")


def get_training_summary(tctx: ToolContext, args: PeriodArgs) -> ToolResult:
    """What the athlete did over a period: workouts, sets and tonnage, load, sleep."""
    today = tctx.today()
    start, end = _period(
        tctx, args.start or today - timedelta(days=today.weekday()), args.end or today
    )
    volume, volume_text = _volume_metric(tctx, start, end)
    load, load_text = _load_metric(tctx, start, end)
    sleep, sleep_text = _series_summary("sleep", start, end, _sleep_series(tctx, start, end))
    data = {"start": start, "end": end, "volume": volume, "load": load, "sleep": sleep}
    text = f"From {start} to {end}. {volume_text} {load_text} {sleep_text}"
    return ToolResult(
        "get_training_summary", ok=True, data=_jsonable(data), summary=" ".join(text.split())
    )


# --- injuries -------------------------------------------------------------------------------------


class RecordInjuryArgs(_Args):
    """An injury or pain the athlete reports, kept in their profile so plans spare the region."""

    region: RegionName = Field(description="The body region that is hurt.")
    kind: Literal["injury", "pain"] = "injury"


def record_injury(tctx: ToolContext, args: RecordInjuryArgs) -> ToolResult:
    """Add the region to the profile's injuries (once; since today). The safety validator and the
    planner read them: new plans and plan changes avoid exercises that load the region."""
    ctx, aid = tctx.service, tctx.athlete_id
    athlete = athletes.get_athlete(ctx, aid)
    if athlete.profile is None:
        raise InvalidInput("there is no profile to note the injury in; fill in your profile first")
    injuries = [dict(i) for i in athlete.profile.injuries]
    region = args.region.replace("_", " ")
    already = any(i.get("region") == args.region for i in injuries)
    if not already:
        injuries.append(
            {
                "region": args.region,
                "severity": "moderate",
                "note": f"reported in chat ({args.kind})",
                "since": tctx.today().isoformat(),
            }
        )
        athletes.update_profile(ctx, aid, {"injuries": injuries})
    text = (
        f"Your {region} injury is already noted in your profile."
        if already
        else f"I noted a {region} injury in your profile (since {tctx.today()}): new plans and "
        f"plan changes avoid exercises that load your {region} until you remove it from your "
        f"profile."
    )
    return ToolResult(
        "record_injury",
        ok=True,
        data={"region": args.region, "already_noted": already},
        summary=text,
    )


# --- readiness, today, plan -----------------------------------------------------------------------


class DayArgs(_Args):
    date: Day = None


def get_readiness(tctx: ToolContext, args: DayArgs) -> ToolResult:
    data, text = _readiness_metric(tctx, _day(tctx, args.date))
    return ToolResult("get_readiness", ok=True, data=_jsonable(data), summary=text)


def get_today_session(tctx: ToolContext, args: DayArgs) -> ToolResult:
    day = args.date or tctx.today()
    view = plans.today(tctx.service, tctx.athlete_id, day)
    reasons = _reasons(view.reasons)
    data: dict[str, Any] = {
        "day": day.isoformat(),
        "status": view.status,
        "version": view.version,
        "scheduled_for": view.scheduled_for,
        "readiness": view.readiness,
        "reasons": reasons,
        "escalation": view.escalation,
        "session": _session_data(view.session) if view.session else None,
        "planned": _session_data(view.planned) if view.planned else None,
    }
    if view.status == "blocked":
        text = f"No training on {day}: {view.escalation or ' '.join(reasons)}"
    elif view.status == "finished":
        text = "Every session of your plan is done or skipped: generate the next plan."
    elif view.status == "rest" or view.session is None:
        nxt = f" Next: {view.planned.name} on {view.scheduled_for}." if view.planned else ""
        text = f"{day} is a rest day.{nxt}"
    else:
        session = view.session
        label = {
            "train": "as planned",
            "lighter": "lighter than planned",
            "recovery": "recovery instead of the planned session",
        }[view.status]
        text = (
            f"{day}: {session.name}, about {session.estimated_minutes} min ({label}): "
            f"{'; '.join(_session_lines(session))}."
        )
    if reasons and view.status != "blocked":
        text += " Why: " + " ".join(reasons)
    return ToolResult("get_today_session", ok=True, data=_jsonable(data), summary=text)


class GetPlanArgs(_Args):
    version: int | None = Field(
        default=None, ge=1, description="A plan version; default the plan in force."
    )
    start: date | None = Field(
        default=None, description="Show sessions from this day (default today)."
    )
    end: date | None = Field(
        default=None, description="Show sessions up to this day (default 6 days on)."
    )


def get_plan(tctx: ToolContext, args: GetPlanArgs) -> ToolResult:
    ctx, aid = tctx.service, tctx.athlete_id
    view = plans.get_version(ctx, aid, args.version) if args.version else plans.current(ctx, aid)
    if view.plan is None:
        raise NotFound(f"plan version {view.version} has no sessions ({view.status})")
    paused = health.escalation_for(ctx, aid)
    if paused is not None:
        # An open health flag: no sessions at all, only what to do instead.
        blocked: dict[str, Any] = {
            "version": view.version,
            "status": "blocked",
            "escalation": paused,
            "sessions": [],
        }
        return ToolResult("get_plan", ok=True, data=blocked, summary=f"No training: {paused}")
    plan = view.plan
    today = tctx.today()
    start = args.start or today
    end = args.end or start + timedelta(days=6)
    if end < start:
        raise InvalidInput(f"end {end} lies before start {start}; swap them")
    sessions = [
        {"on": p.on.isoformat(), **_session_data(plan.session(p.key))}
        for p in upcoming(plan, max(start, today))
        if p.on is not None and start <= p.on <= end
    ]
    proposals = [v.version for v in plans.versions(ctx, aid, "proposed")]
    data = {
        "version": view.version,
        "status": view.status,
        "goal": plan.goal,
        "level": plan.level,
        "split": plan.split,
        "days_per_week": plan.days_per_week,
        "session_minutes": plan.session_minutes,
        "equipment": plan.equipment,
        "weeks": len(plan.weeks),
        "start": plan.start,
        "sessions": sessions,
        "reasons": _reasons(plan.reasons),
        "proposed_versions": proposals,
    }
    text = (
        f"Plan version {view.version} ({view.status}): {plan.goal.replace('_', ' ')}, "
        f"{plan.split.replace('_', ' ')}, {plan.days_per_week} days a week, "
        f"{plan.session_minutes}-minute sessions, {len(plan.weeks)} weeks from {plan.start}."
    )
    if sessions:
        text += " " + " ".join(
            f"{s['on']}: {s['name']} ({', '.join(s['items'])})." for s in sessions
        )
    else:
        text += f" No sessions fall between {start} and {end}."
    if proposals:
        text += f" Waiting for your approval: version(s) {', '.join(map(str, proposals))}."
    return ToolResult("get_plan", ok=True, data=_jsonable(data), summary=text)


# --- plan edits -----------------------------------------------------------------------------------


class SwapExercise(_Args):
    """Swap an exercise for another everywhere it is planned (or in one session)."""

    op: Literal["swap_exercise"] = "swap_exercise"
    exercise: ExerciseName
    to: ExerciseName
    session: str | None = Field(
        default=None, pattern=r"^w\d+s\d+$", description="Only this session key (w1s2)."
    )


class ChangeEquipment(_Args):
    """Plan around only this equipment from now on (an empty list: bodyweight only)."""

    op: Literal["set_equipment"] = "set_equipment"
    equipment: list[EquipmentName]


class MoveSessionTo(_Args):
    """Move the session planned on ``from_date`` (or the session ``session``) to ``to_date``."""

    op: Literal["move_session"] = "move_session"
    from_date: date | None = Field(default=None, description="The day the session falls on now.")
    session: str | None = Field(
        default=None, pattern=r"^w\d+s\d+$", description="Or its key (w1s2)."
    )
    to_date: date

    @model_validator(mode="after")
    def _one_source(self) -> MoveSessionTo:
        if (self.from_date is None) == (self.session is None):
            raise ValueError("give either from_date or session (the session to move)")
        return self


class SessionMinutes(_Args):
    """Make every session from now on fit this many minutes."""

    op: Literal["set_session_minutes"] = "set_session_minutes"
    minutes: int = Field(ge=10, le=300)


class DaysPerWeek(_Args):
    """Train this many days a week from now on."""

    op: Literal["set_days_per_week"] = "set_days_per_week"
    days: int = Field(ge=1, le=7)


class ChangeExerciseLoad(_Args):
    """Change the planned load of one exercise: to ``load_kg``, or by ``delta_kg`` (+ or -)."""

    op: Literal["change_load"] = "change_load"
    exercise: ExerciseName
    load_kg: float | None = Field(default=None, ge=0, le=1000)
    delta_kg: float | None = Field(default=None, ge=-500, le=500)

    @model_validator(mode="after")
    def _one_amount(self) -> ChangeExerciseLoad:
        if (self.load_kg is None) == (self.delta_kg is None):
            raise ValueError("give either load_kg (the new load) or delta_kg (the change)")
        return self


class RemoveFromPlan(_Args):
    """Take an exercise out of every planned session that has it."""

    op: Literal["remove_exercise"] = "remove_exercise"
    exercise: ExerciseName


PlanOperation = Annotated[
    SwapExercise
    | ChangeEquipment
    | MoveSessionTo
    | SessionMinutes
    | DaysPerWeek
    | ChangeExerciseLoad
    | RemoveFromPlan,
    Field(discriminator="op"),
]


def _plain_union(schema: dict[str, Any]) -> None:
    """``anyOf`` without pydantic's ``discriminator``: the subset every provider reads."""
    operation = schema.get("properties", {}).get("operation", {})
    if "oneOf" in operation:
        operation["anyOf"] = operation.pop("oneOf")
    operation.pop("discriminator", None)


class ProposePlanEditArgs(_Args):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_plain_union
    )

    operation: PlanOperation


def _edit_op(tctx: ToolContext, operation: BaseModel) -> dict[str, Any]:
    """The ``coach.edits`` operation for a tool operation (sessions found by their date)."""
    if isinstance(operation, SwapExercise):
        library = library_records()
        op: dict[str, Any] = {
            "op": "replace_exercise",
            "exercise": resolve_record(library, operation.exercise).slug,
            "to": resolve_record(library, operation.to).slug,
        }
        if operation.session:
            op["session"] = operation.session
        return op
    if isinstance(operation, ChangeEquipment):
        return {"op": "set_equipment", "equipment": list(dict.fromkeys(operation.equipment))}
    if isinstance(operation, SessionMinutes):
        return {"op": "set_session_minutes", "minutes": operation.minutes}
    if isinstance(operation, DaysPerWeek):
        return {"op": "set_days_per_week", "days": operation.days}
    if isinstance(operation, RemoveFromPlan):
        slug = resolve_record(library_records(), operation.exercise).slug
        return {"op": "remove_exercise", "exercise": slug}
    if isinstance(operation, ChangeExerciseLoad):
        slug = resolve_record(library_records(), operation.exercise).slug
        target = operation.load_kg
        if operation.delta_kg is not None:
            target = _planned_kg(tctx, slug) + operation.delta_kg
        assert target is not None
        if target < 0:
            raise InvalidInput(f"{_name(slug)} would go below 0 kg; choose a smaller change")
        return {"op": "change_load", "exercise": slug, "load_kg": round(target, 2)}
    assert isinstance(operation, MoveSessionTo)
    today = tctx.today()
    if operation.to_date < today:
        raise InvalidInput(f"to_date {operation.to_date} has passed (today is {today})")
    key = operation.session
    if key is None:
        plan = plans.current(tctx.service, tctx.athlete_id).plan
        assert plan is not None
        assert operation.from_date is not None
        left = upcoming(plan, today)
        found = [p.key for p in left if p.on == operation.from_date]
        if not found:
            days = ", ".join(f"{p.on} ({p.on.strftime('%A')})" for p in left[:5] if p.on)
            raise InvalidInput(
                f"no planned session falls on {operation.from_date} "
                f"({operation.from_date.strftime('%A')}); the next ones are on {days or 'no day'}"
            )
        key = found[0]
    return {"op": "move_session", "session": key, "on": operation.to_date.isoformat()}


def _planned_kg(tctx: ToolContext, slug: str) -> float:
    """The load in kg the plan in force gives ``slug`` next (what a change is added to)."""
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    assert plan is not None
    found = False
    for p in upcoming(plan, tctx.today()):
        for item in plan.session(p.key).items:
            if not isinstance(item, StrengthItem) or item.exercise != slug:
                continue
            found = True
            if item.load.kind == "kg" and item.load.value is not None:
                return float(item.load.value)
    if not found:
        raise InvalidInput(f"{_name(slug)} is not in your upcoming sessions, so it has no load")
    raise InvalidInput(
        f"your plan doses {_name(slug)} by effort (reps in reserve), not by a load in kg, so "
        f"there is no load to add to; say the load you want instead, for example "
        f'"set my {_name(slug).lower()} to 60 kg"'
    )


def _capped_load(result: plans.EditResult, slug: str) -> str | None:
    """The validator's reason when it had to cap the load just asked for (it repairs a plan
    by lowering the load; a load change it lowers is refused instead, with that reason)."""
    name = _name(slug)
    for v in result.verdict.violations:
        if v.rule == "load_increase" and name in v.text:
            return v.text.rstrip(".")
    return None


def _edit_result(tool: str, result: plans.EditResult, what: str) -> ToolResult:
    changes = _changes(result.diff)
    reasons = _reasons(result.reasons)
    data = {
        "version": result.version,
        "status": result.status,
        "accepted": result.accepted,
        "changes": changes,
        "reasons": reasons,
        "verdict": result.verdict.status,
        "escalation": result.escalation,
    }
    if not result.accepted:
        why = "; ".join(v.text for v in result.verdict.violations) or result.escalation or "refused"
        return ToolResult(
            tool,
            ok=False,
            data=_jsonable(data),
            summary=f"The safety check refused {what}: {why}. Your plan is unchanged.",
            error=f"refused by the safety validator: {why}",
        )
    text = (
        f"Proposed plan version {result.version} ({what}), waiting for your approval: "
        f"{len(result.diff)} change(s): {'; '.join(changes)}."
    )
    repaired = list(dict.fromkeys(v.text.rstrip(".") for v in result.verdict.violations))
    if repaired:
        more = f" (and {len(repaired) - 3} more)" if len(repaired) > 3 else ""
        text += f" The safety check adjusted it: {'; '.join(repaired[:3])}{more}."
    return ToolResult(
        tool, ok=True, data=_jsonable(data), summary=text, proposed_version=result.version
    )


def _describe(operation: BaseModel) -> str:
    if isinstance(operation, SwapExercise):
        return f"{_name_of(operation.exercise)} → {_name_of(operation.to)}"
    if isinstance(operation, ChangeEquipment):
        return "equipment: " + (", ".join(operation.equipment) or "bodyweight only")
    if isinstance(operation, SessionMinutes):
        return f"{operation.minutes}-minute sessions"
    if isinstance(operation, DaysPerWeek):
        return f"{operation.days} days a week"
    if isinstance(operation, RemoveFromPlan):
        return f"remove {_name_of(operation.exercise)}"
    if isinstance(operation, ChangeExerciseLoad):
        if operation.delta_kg is not None:
            sign = "+" if operation.delta_kg >= 0 else "-"
            return f"{_name_of(operation.exercise)} load {sign}{_num(abs(operation.delta_kg))} kg"
        return f"{_name_of(operation.exercise)} load {_num(operation.load_kg)} kg"
    assert isinstance(operation, MoveSessionTo)
    source = (
        f"{operation.from_date:%A} {operation.from_date}"
        if operation.from_date
        else f"session {operation.session}"
    )
    return f"move the session on {source} to {operation.to_date:%A} {operation.to_date}"


def _name_of(text: str) -> str:
    try:
        return resolve_record(library_records(), text).name
    except InvalidInput:
        return text


def propose_plan_edit(tctx: ToolContext, args: ProposePlanEditArgs) -> ToolResult:
    op = _edit_op(tctx, args.operation)
    result = plans.propose_edit(tctx.service, tctx.athlete_id, op, proposed_by="assistant")
    what = _describe(args.operation)
    if isinstance(args.operation, ChangeExerciseLoad) and (
        cap := _capped_load(result, op["exercise"])
    ):
        # Asked for a load over the step the rules allow: refuse (the registry rolls the stored
        # proposal back) rather than propose a different number than the athlete asked for.
        raise InvalidInput(f"the safety check refused {what}: {cap}. Your plan is unchanged")
    return _edit_result("propose_plan_edit", result, what)


class GeneratePlanArgs(_Args):
    """What the new plan should be; left out: the athlete's profile decides."""

    goal: GoalName | None = None
    days_per_week: int | None = Field(default=None, ge=1, le=7)
    session_minutes: int | None = Field(default=None, ge=10, le=300)
    equipment: list[EquipmentName] | None = None
    weeks: int = Field(default=4, ge=1, le=12, description="Length of a first plan in weeks.")


def generate_plan(tctx: ToolContext, args: GeneratePlanArgs) -> ToolResult:
    """A new plan as a proposal: with a plan in force, what is not done is regenerated for the
    constraints (a ``regenerate`` edit, waiting for approval). Without one, the first plan is
    generated from the profile and put in force (there is nothing to replace), and the
    constraints, when given, come as a proposal on top of it."""
    ctx, aid = tctx.service, tctx.athlete_id
    op: dict[str, Any] = {"op": "regenerate"}
    words: list[str] = []
    if args.goal:
        op["goal"] = args.goal
        words.append(args.goal.replace("_", " "))
    if args.days_per_week:
        op["days"] = args.days_per_week
        words.append(f"{args.days_per_week} days a week")
    if args.session_minutes:
        op["minutes"] = args.session_minutes
        words.append(f"{args.session_minutes}-minute sessions")
    if args.equipment is not None:
        op["equipment"] = list(dict.fromkeys(args.equipment))
        words.append("equipment: " + (", ".join(op["equipment"]) or "bodyweight only"))
    what = "a new plan" + (f" ({', '.join(words)})" if words else "")
    try:
        plans.current(ctx, aid)
        first = None
    except NotFound:
        first = plans.generate(ctx, aid, weeks=args.weeks, start=tctx.today())
        if first.status != "active" or first.plan is None:
            why = first.escalation or "; ".join(_reasons(first.reasons)) or first.status
            return ToolResult(
                "generate_plan",
                ok=False,
                data=_jsonable({"status": first.status, "reasons": _reasons(first.reasons)}),
                error=f"no plan could be generated: {why}",
            )
        if len(op) == 1:
            plan = first.plan
            return ToolResult(
                "generate_plan",
                ok=True,
                data=_jsonable({"version": first.version, "status": first.status}),
                summary=(
                    f"Your first plan (version {first.version}) is in force: {plan.goal.replace('_', ' ')}, "
                    f"{plan.days_per_week} days a week, {plan.session_minutes}-minute sessions, "
                    f"{len(plan.weeks)} weeks."
                ),
            )
    try:
        result = plans.propose_edit(ctx, aid, op, proposed_by="assistant")
    except InvalidInput as exc:
        if "changes nothing" not in exc.message:
            raise
        return ToolResult(
            "generate_plan",
            ok=True,
            data={"version": first.version if first else None, "changes": []},
            summary="Your plan already fits that: nothing to change.",
        )
    out = _edit_result("generate_plan", result, what)
    if first is not None and out.ok:
        out = replace(
            out,
            summary=f"You had no plan, so version {first.version} was made from your profile. {out.summary}",
        )
    return out


class VersionArgs(_Args):
    version: int = Field(ge=1, description="The proposed plan version.")


def approve_plan_change(tctx: ToolContext, args: VersionArgs) -> ToolResult:
    result = plans.approve(tctx.service, tctx.athlete_id, args.version)
    if not result.applied:
        why = "; ".join(v.text for v in result.verdict.violations) or "refused"
        return ToolResult(
            "approve_plan_change",
            ok=False,
            data=_jsonable({"version": args.version, "status": result.status}),
            error=f"the safety check now refuses version {args.version}: {why}",
        )
    return ToolResult(
        "approve_plan_change",
        ok=True,
        data=_jsonable(
            {"version": result.version, "status": result.status, "changes": _changes(result.diff)}
        ),
        summary=f"Plan version {result.version} is now in force ({len(result.diff)} change(s)).",
    )


def reject_plan_change(tctx: ToolContext, args: VersionArgs) -> ToolResult:
    result = plans.reject(tctx.service, tctx.athlete_id, args.version)
    return ToolResult(
        "reject_plan_change",
        ok=True,
        data=_jsonable({"version": result.version, "status": result.status}),
        summary=f"Plan version {result.version} turned down; your plan in force stays as it was.",
    )


# --- logging -----------------------------------------------------------------------------------


class SetGroup(_Args):
    """Sets of one exercise done the same way."""

    exercise: ExerciseName
    sets: int = Field(default=1, ge=1, le=20)
    reps: int = Field(ge=0, le=100)
    weight_kg: float | None = Field(
        default=None, ge=0, le=1000, description="Added load; leave out for bodyweight."
    )
    bodyweight: bool = Field(default=False, description="Done with body weight only.")
    rir: float | None = Field(default=None, ge=0, le=10, description="Reps in reserve.")
    rpe: float | None = Field(
        default=None, ge=0, le=10, description="Effort 0-10; becomes RIR 10-RPE when no RIR."
    )


class LogSetsArgs(_Args):
    groups: list[SetGroup] = Field(min_length=1, max_length=20)
    date: Day = None
    duration_s: float | None = Field(default=None, gt=0, le=86400)
    session_rpe: float | None = Field(
        default=None, ge=0, le=10, description="How hard the whole session was, 0-10."
    )


def log_sets(tctx: ToolContext, args: LogSetsArgs) -> ToolResult:
    day = _day(tctx, args.date)
    sets = []
    for g in args.groups:
        rir = g.rir if g.rir is not None else (None if g.rpe is None else max(0.0, 10.0 - g.rpe))
        sets += [
            {"exercise": g.exercise, "reps": g.reps, "weight_kg": g.weight_kg, "rir": rir}
        ] * g.sets
    doc: dict[str, Any] = {"started_at": _at(tctx, day, 18).isoformat(), "sets": sets}
    if args.duration_s:
        doc["duration_s"] = args.duration_s
    if args.session_rpe is not None:
        doc["session_rpe"] = args.session_rpe
    logged = training_log.log_workout(tctx.service, tctx.athlete_id, doc)
    stored = training_log.history(
        tctx.service, tctx.athlete_id, "workouts", day - timedelta(days=1), day + timedelta(days=1)
    )
    row = next(w for w in stored if w["id"] == logged.id)
    lines = []
    for g in args.groups:
        record = resolve_record(library_records(), g.exercise)
        slug = record.slug
        if g.weight_kg is not None:
            load = f" at {_num(g.weight_kg)} kg"
        else:
            plain = g.bodyweight or not record.equipment
            load = " (bodyweight)" if plain else " (no load given)"
        effort = (
            f", RIR {_num(g.rir)}"
            if g.rir is not None
            else (
                f", RPE {_num(g.rpe)} (RIR {_num(max(0.0, 10 - g.rpe))})"
                if g.rpe is not None
                else ""
            )
        )
        lines.append(f"{g.sets} x {g.reps} {_name(slug)}{load}{effort}")
    data = {
        "workout_id": logged.id,
        "date": day,
        "sets": [
            {
                "exercise": s["exercise"],
                "reps": s["reps"],
                "weight_kg": s["weight_kg"],
                "rir": s["rir"],
            }
            for s in row["sets"]
        ],
    }
    return ToolResult(
        "log_sets",
        ok=True,
        data=_jsonable(data),
        summary=f"Logged on {day}: {'; '.join(lines)} ({_plural(len(row['sets']), 'set')} in all).",
    )


class LogCardioArgs(_Args):
    activity: str = Field(
        min_length=1,
        max_length=40,
        description="A cardio exercise (steady run, cycling, rowing ...).",
    )
    duration_s: float = Field(gt=0, le=172800)
    distance_m: float | None = Field(default=None, ge=0, le=2_000_000)
    date: Day = None
    avg_hr_bpm: float | None = Field(default=None, ge=25, le=250)
    session_rpe: float | None = Field(default=None, ge=0, le=10)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _pace(duration_s: float, distance_m: float) -> str:
    per_km = duration_s / (distance_m / 1000)
    return f"{int(per_km) // 60}:{int(per_km) % 60:02d} min/km"


def log_cardio(tctx: ToolContext, args: LogCardioArgs) -> ToolResult:
    day = _day(tctx, args.date)
    try:
        activity = resolve_record(library_records(), args.activity).slug
    except InvalidInput:
        activity = args.activity.lower().replace(" ", "_")
    doc = {
        "activity_type": activity,
        "started_at": _at(tctx, day, 18).isoformat(),
        "duration_s": args.duration_s,
        "distance_m": args.distance_m,
        "avg_hr": args.avg_hr_bpm,
        "session_rpe": args.session_rpe,
    }
    logged = training_log.log_cardio(tctx.service, tctx.athlete_id, doc)
    parts = [f"{_num(args.duration_s / 60)} min"]
    if args.distance_m:
        parts.append(f"{_num(args.distance_m / 1000, 2)} km")
        parts.append(_pace(args.duration_s, args.distance_m))
    if args.avg_hr_bpm:
        parts.append(f"average HR {_num(args.avg_hr_bpm, 0)} bpm")
    data = {
        "cardio_id": logged.id,
        "date": day,
        "activity": activity,
        "duration_s": args.duration_s,
        "distance_m": args.distance_m,
    }
    return ToolResult(
        "log_cardio",
        ok=True,
        data=_jsonable(data),
        summary=f"Logged on {day}: {_name(activity)}, {', '.join(parts)}.",
    )


class LogDailyArgs(_Args):
    """Today's (or a day's) readings; the fields left out keep their stored value."""

    date: Day = None
    weight_kg: float | None = Field(default=None, gt=20, lt=400)
    resting_hr_bpm: float | None = Field(default=None, ge=20, le=150)
    hrv_rmssd_ms: float | None = Field(default=None, gt=0, lt=500)
    mood: int | None = Field(default=None, ge=1, le=5, description="1 (very low) to 5 (great).")
    energy: int | None = Field(default=None, ge=1, le=5, description="1 (very low) to 5 (great).")
    soreness: int | None = Field(default=None, ge=1, le=5, description="1 (none) to 5 (very sore).")
    stress: int | None = Field(default=None, ge=1, le=5, description="1 (none) to 5 (very high).")

    @model_validator(mode="after")
    def _something(self) -> LogDailyArgs:
        if not self.model_fields_set - {"date"}:
            raise ValueError(
                "give at least one reading (weight_kg, resting_hr_bpm, hrv_rmssd_ms, mood, energy, soreness, stress)"
            )
        return self


DAILY_TEXT = {
    "weight_kg": ("weight", "kg"),
    "resting_hr": ("resting HR", "bpm"),
    "hrv_rmssd_ms": ("HRV", "ms"),
    "mood": ("mood", "/5"),
    "energy": ("energy", "/5"),
    "soreness": ("soreness", "/5"),
    "stress": ("stress", "/5"),
}


def log_daily_metrics(tctx: ToolContext, args: LogDailyArgs) -> ToolResult:
    day = _day(tctx, args.date)
    values = {
        "weight_kg": args.weight_kg,
        "resting_hr": args.resting_hr_bpm,
        "hrv_rmssd_ms": args.hrv_rmssd_ms,
        "mood": args.mood,
        "energy": args.energy,
        "soreness": args.soreness,
        "stress": args.stress,
    }
    given = {k: v for k, v in values.items() if v is not None}
    logged = training_log.log_daily(
        tctx.service, tctx.athlete_id, {"day": day.isoformat(), **given}
    )
    parts = [
        f"{DAILY_TEXT[k][0]} {_num(float(v))}{'' if DAILY_TEXT[k][1].startswith('/') else ' '}{DAILY_TEXT[k][1]}"
        for k, v in given.items()
    ]
    return ToolResult(
        "log_daily_metrics",
        ok=True,
        data=_jsonable({"daily_id": logged.id, "date": day, **given}),
        summary=f"Logged for {day}: {', '.join(parts)}.",
    )


SLEEP_QUALITY = {"very_poor": 1, "poor": 2, "fair": 3, "good": 4, "excellent": 5}


class LogSleepArgs(_Args):
    duration_s: float = Field(gt=0, le=24 * 3600, description="Time asleep in seconds.")
    date: Day = Field(default=None, description="The morning the night ended (default today).")
    quality: Literal["very_poor", "poor", "fair", "good", "excellent"] | None = None


def log_sleep(tctx: ToolContext, args: LogSleepArgs) -> ToolResult:
    day = _day(tctx, args.date)
    ended = datetime.combine(day, time(7), tzinfo=_zone(tctx)).astimezone(UTC)
    doc: dict[str, Any] = {
        "started_at": (ended - timedelta(seconds=args.duration_s)).isoformat(),
        "ended_at": ended.isoformat(),
    }
    if args.quality:
        doc["quality"] = SLEEP_QUALITY[args.quality]
    logged = training_log.log_sleep(tctx.service, tctx.athlete_id, doc)
    hours = args.duration_s / 3600
    quality = f", quality {args.quality.replace('_', ' ')}" if args.quality else ""
    return ToolResult(
        "log_sleep",
        ok=True,
        data=_jsonable(
            {"sleep_id": logged.id, "date": day, "hours": round(hours, 2), "quality": args.quality}
        ),
        summary=f"Logged {_num(hours, 2)} h of sleep for the night ending {day}{quality}.",
    )


MEAL_HOURS = {"breakfast": 8, "lunch": 13, "snack": 16, "dinner": 19, "meal": 12}


class LogMealArgs(_Args):
    meal: Literal["breakfast", "lunch", "dinner", "snack", "meal"] = "meal"
    description: str = Field(default="", max_length=500)
    calories_kcal: float | None = Field(default=None, ge=0, le=10000)
    protein_g: float | None = Field(default=None, ge=0, le=1000)
    carbs_g: float | None = Field(default=None, ge=0, le=2000)
    fat_g: float | None = Field(default=None, ge=0, le=1000)
    date: Day = None

    @model_validator(mode="after")
    def _something(self) -> LogMealArgs:
        if not (
            self.description
            or any(
                v is not None
                for v in (self.calories_kcal, self.protein_g, self.carbs_g, self.fat_g)
            )
        ):
            raise ValueError(
                "describe the meal or give calories_kcal or macros (protein_g, carbs_g, fat_g)"
            )
        return self


def log_meal(tctx: ToolContext, args: LogMealArgs) -> ToolResult:
    day = _day(tctx, args.date)
    doc = {
        "eaten_at": _at(tctx, day, MEAL_HOURS[args.meal]).isoformat(),
        "meal_type": args.meal,
        "description": args.description,
        "calories_kcal": args.calories_kcal,
        "protein_g": args.protein_g,
        "carbs_g": args.carbs_g,
        "fat_g": args.fat_g,
    }
    logged = training_log.log_meal(tctx.service, tctx.athlete_id, doc)
    parts = [
        f"{_num(v)} {unit}"
        for v, unit in (
            (args.calories_kcal, "kcal"),
            (args.protein_g, "g protein"),
            (args.carbs_g, "g carbs"),
            (args.fat_g, "g fat"),
        )
        if v is not None
    ]
    what = f" ({args.description})" if args.description else ""
    amounts = f": {', '.join(parts)}" if parts else ""
    return ToolResult(
        "log_meal",
        ok=True,
        data=_jsonable({"meal_id": logged.id, "date": day, **doc}),
        summary=f"Logged {args.meal} on {day}{what}{amounts}.",
    )


# --- exercises ---------------------------------------------------------------------------------


def _hits(hits: Sequence[ExerciseHit]) -> list[dict[str, Any]]:
    return [
        {
            "slug": h.slug,
            "name": h.name,
            "score": h.score,
            "equipment": h.exercise.get("equipment", []),
            "primary_muscles": h.exercise.get("primary_muscles", []),
            "reason": h.reason,
        }
        for h in hits
    ]


class SearchExercisesArgs(_Args):
    query: str | None = Field(
        default=None, max_length=80, description="Name, alias or words (typos ok)."
    )
    muscle: str | None = Field(default=None, json_schema_extra={"enum": list(vocab.MUSCLES)})
    equipment: list[EquipmentName] | None = Field(
        default=None, description="What is available; [] = bodyweight only."
    )
    category: Literal["strength", "cardio", "plyometric", "core", "mobility"] | None = None
    level: Literal["beginner", "intermediate", "advanced"] | None = None
    limit: int = Field(default=8, ge=1, le=20)

    @model_validator(mode="after")
    def _something(self) -> SearchExercisesArgs:
        if not (self.query or self.muscle or self.equipment is not None or self.category):
            raise ValueError("give a query, a muscle, equipment or a category to search by")
        return self


def search_exercises(tctx: ToolContext, args: SearchExercisesArgs) -> ToolResult:
    hits = exercises.search(
        tctx.service,
        args.query,
        muscle=args.muscle,
        equipment=args.equipment,
        category=args.category,
        level=args.level,
        limit=args.limit,
    )
    names = ", ".join(h.name for h in hits)
    return ToolResult(
        "search_exercises",
        ok=True,
        data={"hits": _jsonable(_hits(hits))},
        summary=f"{len(hits)} exercise(s): {names}."
        if hits
        else "No exercise matches that search.",
    )


class SubstitutesArgs(_Args):
    exercise: ExerciseName
    avoid_regions: list[RegionName] = Field(
        default_factory=list, description="Body regions to spare (injury or pain)."
    )
    equipment: list[EquipmentName] | None = Field(
        default=None, description="Available now instead of the profile's ([] = bodyweight)."
    )
    limit: int = Field(default=5, ge=1, le=10)


def exercise_substitutes(tctx: ToolContext, args: SubstitutesArgs) -> ToolResult:
    library = library_records()
    target = resolve_record(library, args.exercise)
    profile = athletes.get_athlete(tctx.service, tctx.athlete_id).profile
    constraints: Constraints = constraints_for(profile)
    if args.equipment is not None:
        constraints = replace(constraints, equipment=available_equipment(args.equipment))
    if args.avoid_regions:
        constraints = replace(constraints, regions=constraints.regions | set(args.avoid_regions))
    hits = rank_substitutes(library, target, constraints, limit=args.limit)
    spared = (
        f" sparing your {', '.join(r.replace('_', ' ') for r in args.avoid_regions)}"
        if args.avoid_regions
        else ""
    )
    data = {
        "exercise": target.slug,
        "name": target.name,
        "avoid_regions": args.avoid_regions,
        "hits": _hits(hits),
    }
    if not hits:
        return ToolResult(
            "exercise_substitutes",
            ok=True,
            data=_jsonable(data),
            summary=f"No substitute for {target.name} fits your equipment and health notes{spared}.",
        )
    listed = "; ".join(f"{h.name} ({h.reason})" for h in hits)
    return ToolResult(
        "exercise_substitutes",
        ok=True,
        data=_jsonable(data),
        summary=f"Substitutes for {target.name}{spared}: {listed}.",
    )


# --- explanations ------------------------------------------------------------------------------


class ExplainArgs(_Args):
    about: Literal["today", "plan", "exercise", "last_change", "readiness"] = Field(
        default="today",
        description=(
            "today: today's session; plan: the plan in force; exercise: how one exercise is "
            "prescribed; last_change: the latest proposed or decided plan change; readiness."
        ),
    )
    exercise: ExerciseName | None = None

    @model_validator(mode="after")
    def _exercise_given(self) -> ExplainArgs:
        if self.about == "exercise" and not self.exercise:
            raise ValueError("about=exercise needs the exercise")
        return self


def explain_decision(tctx: ToolContext, args: ExplainArgs) -> ToolResult:
    ctx, aid = tctx.service, tctx.athlete_id
    if args.about == "readiness":
        data, text = _readiness_metric(tctx, tctx.today())
        return ToolResult("explain_decision", ok=True, data=_jsonable(data), summary=text)
    if args.about == "today":
        day_view = plans.today(ctx, aid, tctx.today())
        reasons = _reasons(day_view.reasons)
        items: list[str] = []
        if day_view.session is not None:
            for item in day_view.session.items:
                items += [f"{_name(item.exercise)}: {t}" for t in _reasons(item.reasons)]
        data = {"status": day_view.status, "reasons": reasons, "item_reasons": items}
        text = f"Today ({day_view.status}): {' '.join(reasons) or 'as planned.'}"
        if items:
            text += " " + " ".join(items[:6])
        return ToolResult("explain_decision", ok=True, data=_jsonable(data), summary=text)
    if args.about == "last_change":
        versions = [v for v in plans.versions(ctx, aid) if v.operations]
        if not versions:
            return ToolResult(
                "explain_decision",
                ok=True,
                data={},
                summary="Your plan has not been changed since it was made.",
            )
        v = versions[0]
        changes = _changes(v.diff)
        reasons = _reasons(v.reasons)
        data = {
            "version": v.version,
            "status": v.status,
            "proposed_by": v.proposed_by,
            "changes": changes,
            "reasons": reasons,
        }
        text = (
            f"Plan version {v.version} ({v.status}, proposed by {v.proposed_by}): "
            f"{'; '.join(changes) or 'no changes'}. Why: {' '.join(reasons) or 'no reason recorded.'}"
        )
        return ToolResult("explain_decision", ok=True, data=_jsonable(data), summary=text)
    view = plans.current(ctx, aid)
    plan: Plan | None = view.plan
    assert plan is not None
    if args.about == "plan":
        reasons = _reasons(plan.reasons)
        data = {"version": view.version, "reasons": reasons}
        return ToolResult(
            "explain_decision",
            ok=True,
            data=_jsonable(data),
            summary=f"Plan version {view.version}: {' '.join(reasons)}",
        )
    assert args.exercise is not None
    record = resolve_record(library_records(), args.exercise)
    for p in upcoming(plan, tctx.today()):
        session = plan.session(p.key)
        for item in session.items:
            if item.exercise == record.slug:
                reasons = _reasons(item.reasons)
                line = item_text(item).replace(item.exercise, record.name, 1)
                data = {
                    "exercise": record.slug,
                    "session": session.key,
                    "on": p.on,
                    "prescription": line,
                    "reasons": reasons,
                }
                load = ""
                if isinstance(item, StrengthItem) and item.load.kind == "kg":
                    load = f" ({_num(item.load.value)} kg)"
                return ToolResult(
                    "explain_decision",
                    ok=True,
                    data=_jsonable(data),
                    summary=f"{line} in {session.name} on {p.on}{load}. Why: {' '.join(reasons) or 'planned by your profile.'}",
                )
    raise InvalidInput(
        f"{record.name} is not in your upcoming sessions; ask about today or the plan instead"
    )


# --- red flags ----------------------------------------------------------------------------------


class ReportSymptomsArgs(_Args):
    text: str = Field(
        min_length=1,
        max_length=2000,
        description="What the athlete said about how they feel, in their own words.",
    )


def report_symptoms(tctx: ToolContext, args: ReportSymptomsArgs) -> ToolResult:
    """Screen the athlete's words with the guardrails; each red flag found opens a health flag
    (once per kind while open), and the answer is the escalation to pass on."""
    from fitcoach.assistant.guardrails import escalation_message, screen
    from fitcoach.assistant.offline import report_red_flags

    check = screen(args.text)
    opened = report_red_flags(tctx, check)
    paused = health.escalation_for(tctx.service, tctx.athlete_id)
    data = {"red_flags": list(check.red_flags), "opened": len(opened), "escalation": paused}
    if check.red_flags:
        return ToolResult("report_symptoms", ok=True, data=data, summary=escalation_message(check))
    text = "No red flag in that. For pain or symptoms that worry you, see a doctor."
    if paused is not None:
        text += f" Training stays paused: {paused}"
    return ToolResult("report_symptoms", ok=True, data=data, summary=text)


# --- the registry ------------------------------------------------------------------------------

A = TypeVar("A", bound=BaseModel)


def _tool(
    name: str,
    description: str,
    args: type[A],
    handler: Callable[[ToolContext, A], ToolResult],
    *,
    writes: bool = False,
    for_models: bool = True,
) -> Tool:
    return Tool(name, description, args, handler, writes=writes, for_models=for_models)


def build_tools() -> list[Tool]:
    """Every tool, in the order a model is shown them."""
    return [
        _tool(
            "get_metrics",
            "Read one of the athlete's metrics over a period (default the last 7 days, inclusive): resting HR, HRV, sleep, weight, training load, readiness, SpO2, breathing rate, EtCO2, heart rate in recordings, calories, protein or training volume. Returns daily values, average, range and latest with units.",
            GetMetricsArgs,
            get_metrics,
        ),
        _tool(
            "get_strength",
            "Estimated one-rep maxes (1RM, Epley from the best logged working set) and heaviest sets, for one exercise or the main lifts.",
            StrengthArgs,
            get_strength,
        ),
        _tool(
            "get_training_summary",
            "What the athlete did over a period (default this week so far): workouts, working sets, reps, tonnage, training load and sleep.",
            PeriodArgs,
            get_training_summary,
        ),
        _tool(
            "record_injury",
            "Note an injury or pain the athlete reports in their profile (a body region), so new plans and plan changes spare it.",
            RecordInjuryArgs,
            record_injury,
            writes=True,
        ),
        _tool(
            "get_readiness",
            "Readiness (0-100, green/yellow/red) for a day from HRV, resting HR, sleep, soreness and load, with the engine's reasons. Use it to answer 'should I train hard today?'.",
            DayArgs,
            get_readiness,
        ),
        _tool(
            "get_today_session",
            "The session for a day (default today) adjusted to readiness: exercises with sets, reps, RIR and loads, or a rest/blocked day, with the reasons.",
            DayArgs,
            get_today_session,
        ),
        _tool(
            "get_plan",
            "The plan in force (or a version): goal, split, days a week, session length and the upcoming sessions with their dates, plus versions waiting for approval.",
            GetPlanArgs,
            get_plan,
        ),
        _tool(
            "propose_plan_edit",
            "Propose a change to the plan: swap an exercise, change the available equipment, move a session to another day, set the session length or days a week, change an exercise's load (to a value or by a change in kg) or remove an exercise. Creates a proposed version that waits for the athlete's approval; the safety validator may adjust or refuse it.",
            ProposePlanEditArgs,
            propose_plan_edit,
            writes=True,
        ),
        _tool(
            "generate_plan",
            "Propose a new plan from constraints (goal, days a week, session minutes, equipment); the rest comes from the athlete's profile. The result waits for the athlete's approval.",
            GeneratePlanArgs,
            generate_plan,
            writes=True,
        ),
        _tool(
            "approve_plan_change",
            "Put a proposed plan version in force (the athlete's own decision).",
            VersionArgs,
            approve_plan_change,
            writes=True,
            for_models=False,
        ),
        _tool(
            "reject_plan_change",
            "Turn down a proposed plan version; the plan in force stays.",
            VersionArgs,
            reject_plan_change,
            writes=True,
            for_models=False,
        ),
        _tool(
            "log_sets",
            "Log strength sets: groups of sets x reps of an exercise at a weight in kg with RIR or RPE, on a day (default today).",
            LogSetsArgs,
            log_sets,
            writes=True,
        ),
        _tool(
            "log_cardio",
            "Log a cardio session: activity, duration in seconds, optional distance in metres, average HR and session RPE.",
            LogCardioArgs,
            log_cardio,
            writes=True,
        ),
        _tool(
            "log_daily_metrics",
            "Log a day's readings: body weight (kg), resting HR (bpm), HRV (RMSSD ms), mood, energy, soreness and stress (1-5).",
            LogDailyArgs,
            log_daily_metrics,
            writes=True,
        ),
        _tool(
            "log_sleep",
            "Log a night's sleep: seconds asleep, the morning it ended, and quality.",
            LogSleepArgs,
            log_sleep,
            writes=True,
        ),
        _tool(
            "log_meal",
            "Log a meal: kind, description, calories (kcal) and macros (g).",
            LogMealArgs,
            log_meal,
            writes=True,
        ),
        _tool(
            "search_exercises",
            "Search the exercise library by name (typos ok), muscle, equipment, category or level.",
            SearchExercisesArgs,
            search_exercises,
        ),
        _tool(
            "exercise_substitutes",
            "Exercises that can replace one, within the athlete's equipment, injuries, conditions and dislikes; optionally sparing more body regions or with other equipment.",
            SubstitutesArgs,
            exercise_substitutes,
        ),
        _tool(
            "report_symptoms",
            "Pass on symptoms the athlete reports (chest pain, fainting, breathlessness, a low SpO2, a swollen calf after a flight, numbness with bladder changes, a pop with swelling, a very low food intake, thoughts of self-harm ...) in their words. A red flag opens a health flag that pauses all training advice; relay the returned message and give no training advice.",
            ReportSymptomsArgs,
            report_symptoms,
            writes=True,
        ),
        _tool(
            "explain_decision",
            "Explain why the coach decided something: today's session, the plan, one exercise's prescription, the latest plan change, or readiness, with the engine's reasons.",
            ExplainArgs,
            explain_decision,
        ),
    ]


@functools.cache
def default_registry() -> ToolRegistry:
    """The one registry every interface uses (built once per process)."""
    return ToolRegistry(build_tools())
