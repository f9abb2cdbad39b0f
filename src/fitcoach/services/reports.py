"""The weekly report's numbers: one athlete's ISO week against the week before.

``weekly_summary`` gathers, for a Monday-to-Sunday week in the athlete's time zone: the log's
totals against the previous week, the planned sessions and which were done, training load and
readiness per day with their reasons, weekly hard sets per muscle against the volume landmarks,
a summary of the sensor recordings, and recommendations with the coach engine's reasons.

It only reads. The plan's sessions are matched to the log in memory with the weekly review's
own matching (``plans.match_sessions``) and nothing is stored; the deload check is the
review's pure ``deload_decision``. Every read goes through a service or a scoped repository,
so another athlete's id is ``NotFound``.

Definitions: *sets* are logged working sets (warm-ups left out); *tonnage* is reps × kg over
the completed working sets that carry a weight; *sessions* are workouts plus cardio sessions;
averages (sleep, weight, calories, protein, mood, energy, soreness) are over the days that have
a value, and ``None`` when none has.
"""

from __future__ import annotations

import re
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict

from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.coach.explanations import Reason
from fitcoach.coach.progression import ReadinessDay, deload_decision
from fitcoach.coach.rules.progression import rules
from fitcoach.coach.today import project
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import Units, units_or_default
from fitcoach.services import burnout as burnout_service
from fitcoach.services import health, measurements, monitoring, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.measurements import Overview as MeasurementsOverview
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Athlete
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import sensors as sensor_repo

WEEK_PATTERN = re.compile(r"^\s*(\d{4})-?W(\d{1,2})\s*$", re.IGNORECASE)
TREND_WEEKS = 6
MATCH_LOOKBACK_WEEKS = 12
VITAL_FIELDS = ("hr_bpm", "hrv_rmssd_ms", "spo2_pct", "breathing_rate_bpm", "etco2_mmhg")
# Who to turn to is in the escalation (the reasons): crisis help for self-harm, a doctor or
# emergency services for the others; the headline names neither.
PAUSED = (
    "Training advice is paused while a red flag is open: please stop training for now and "
    "follow the advice below (emergency care, a doctor or health professional, or crisis help)."
)
SLEEP_MIN_H = 7.0


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class WeekFigures(_Out):
    """One week's totals and averages from the log."""

    week_start: date
    week_end: date
    sessions: int
    workouts: int
    cardio_sessions: int
    sets: int
    tonnage_kg: float
    cardio_min: float
    cardio_km: float
    load_au: float
    sleep_h: float | None
    weight_kg: float | None
    calories_kcal: float | None
    protein_g: float | None
    mood: float | None
    energy: float | None
    soreness: float | None


Tone = Literal["good", "caution", "neutral"]


class Comparison(_Out):
    """A figure this week and last, and the change (None when either is missing)."""

    key: str
    label: str
    unit: str
    this_week: float | None
    last_week: float | None
    delta: float | None
    # How the change reads for this figure, not by its sign alone: "good" (more sleep, less
    # soreness, training up by at most ``LOAD_JUMP``), "caution" (more soreness, less sleep,
    # training up by more than that in a week), "neutral" (weight, food; training down).
    tone: Tone = "neutral"


class PlannedSessionOut(_Out):
    """A session planned for the week (or done in it) and what became of it."""

    key: str
    name: str
    focus: str
    planned_on: date
    status: Literal["done", "missed", "upcoming", "skipped"]
    done_on: date | None
    rule: str | None


class PlanWeek(_Out):
    """Planned against done; ``has_plan`` False with a note when there is no plan."""

    has_plan: bool
    version: int | None
    note: str
    sessions: list[PlannedSessionOut]
    planned: int
    done: int
    unmatched_days: list[date]


class DayPoint(_Out):
    """A day's load and fitness (CTL), fatigue (ATL), form (TSB) and ACWR."""

    day: date
    load_au: float
    atl: float
    ctl: float
    tsb: float
    acwr: float | None


class ReadinessOut(_Out):
    """A morning's readiness and why."""

    day: date
    status: str
    score: int | None
    colour: str | None
    reasons: list[str]


class MuscleSets(_Out):
    muscle: str
    sets: float
    mev: float | None
    mav: float | None
    mrv: float | None
    status: str | None


class TrendDay(_Out):
    """Sleep and weight on one day of the trend."""

    day: date
    sleep_h: float | None
    weight_kg: float | None


class WeekVitals(_Out):
    """Sensor recordings of the week: medians, alerts by kind, open red flags."""

    recordings: int
    seconds: int
    medians: dict[str, float | None]
    alerts: dict[str, int]
    open_flags: list[str]


class Recommendation(_Out):
    """What to do, how firmly (``stop`` outranks everything), and the reasons."""

    code: str
    severity: Literal["stop", "caution", "info"]
    text: str
    reasons: list[str]


class WeeklySummary(_Out):
    """Everything the weekly report shows, as data (the JSON form of the report)."""

    athlete_id: int
    athlete_name: str
    timezone: str
    week: str
    week_start: date
    week_end: date
    complete: bool
    generated_at: datetime
    this_week: WeekFigures
    last_week: WeekFigures
    comparison: list[Comparison]
    plan: PlanWeek
    load_days: list[DayPoint]
    load_unit: str
    acwr: float | None
    # Days of logged history up to the week's last day so far: under 28, ``acwr`` is None
    # ("not enough history yet"), not a ratio over a window of unlogged days.
    load_history_days: int = 0
    readiness: list[ReadinessOut]
    burnout: burnout_service.LoadFactsReport | None = None
    muscles: list[MuscleSets]
    trend: list[TrendDay]
    vitals: WeekVitals
    recommendations: list[Recommendation]
    paused: bool
    notes: list[str]
    # How the athlete reads weights and distances (``core.units``): the report shows them so;
    # the figures here stay kg and km.
    units: Units = "metric"
    # Body measurements up to the week's last day : each site's series, its change
    # since the first reading and over the last four weeks, the tape's body-fat estimate.
    measurements: MeasurementsOverview | None = None


# --- parsing -----------------------------------------------------------------------------------


def parse_week(text: str) -> tuple[date, date]:
    """``YYYY-Www`` (e.g. 2026-W46) → its Monday and Sunday; anything else is InvalidInput."""
    match = WEEK_PATTERN.match(text or "")
    if match is None:
        raise InvalidInput(f"week {text!r} is not an ISO week; give it as YYYY-Www, e.g. 2026-W46")
    year, number = int(match.group(1)), int(match.group(2))
    try:
        monday = date.fromisocalendar(year, number, 1)
    except ValueError:
        raise InvalidInput(
            f"week {text!r} does not exist: {year} has weeks W01 to "
            f"W{date(year, 12, 28).isocalendar().week:02d} (form YYYY-Www, e.g. 2026-W46)"
        ) from None
    if bounds.day_problem(monday) or bounds.day_problem(monday + timedelta(days=6)):
        raise InvalidInput(
            f"week {text!r} lies outside the supported range {bounds.DAY_RANGE}",
            details={"earliest": str(bounds.EARLIEST_DAY), "latest": str(bounds.LATEST_DAY)},
        )
    return monday, monday + timedelta(days=6)


def week_label(day: date) -> str:
    """The ISO week ``day`` falls in, as ``YYYY-Www``."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def last_complete_week(today: date) -> str:
    """The ISO week before the one ``today`` falls in."""
    return week_label(today - timedelta(days=7))


# --- the log -----------------------------------------------------------------------------------


def _mean(values: Iterable[float | None], digits: int = 1) -> float | None:
    got = [float(v) for v in values if v is not None]
    return round(statistics.fmean(got), digits) if got else None


def _local(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


class _Records:
    """Workouts, cardio, daily rows, nights and meals over [lo, hi] on local days."""

    def __init__(
        self, ctx: ServiceContext, athlete_id: int, tz: ZoneInfo, lo: date, hi: date
    ) -> None:
        pad = timedelta(days=1)  # history windows are UTC days; local days may straddle them

        def within(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
            return [r for r in rows if lo <= _local(r[key], tz) <= hi]

        self.tz = tz
        self.workouts = within(
            training_log.history(ctx, athlete_id, "workouts", lo - pad, hi + pad), "started_at"
        )
        self.cardio = within(
            training_log.history(ctx, athlete_id, "cardio", lo - pad, hi + pad), "started_at"
        )
        self.meals = within(
            training_log.history(ctx, athlete_id, "meals", lo - pad, hi + pad), "eaten_at"
        )
        self.daily = training_log.history(ctx, athlete_id, "daily", lo, hi)
        nights = training_log.history(ctx, athlete_id, "sleep", lo - pad, hi + pad)
        self.sleep = training_log.sleep_hours(self.daily, within(nights, "ended_at"), tz)

    def figures(self, start: date, end: date, load_au: float) -> WeekFigures:
        def inside(rows: list[dict[str, Any]], key: str) -> list[dict[str, Any]]:
            return [r for r in rows if start <= _local(r[key], self.tz) <= end]

        workouts = inside(self.workouts, "started_at")
        cardio = inside(self.cardio, "started_at")
        working = [s for w in workouts for s in w["sets"] if not s["is_warmup"]]
        tonnage = sum(
            s["reps"] * s["weight_kg"] for s in working if s["completed"] and s["weight_kg"]
        )
        daily = [d for d in self.daily if start <= d["day"] <= end]
        calories, protein = self._nutrition(start, end, daily)
        return WeekFigures(
            week_start=start,
            week_end=end,
            sessions=len(workouts) + len(cardio),
            workouts=len(workouts),
            cardio_sessions=len(cardio),
            sets=len(working),
            tonnage_kg=round(float(tonnage), 1),
            cardio_min=round(sum(float(c["duration_s"]) for c in cardio) / 60.0, 1),
            cardio_km=round(sum(float(c["distance_m"] or 0.0) for c in cardio) / 1000.0, 2),
            load_au=round(load_au, 1),
            sleep_h=_mean(h for d, h in self.sleep.items() if start <= d <= end),
            weight_kg=_mean((d["weight_kg"] for d in daily), 2),
            calories_kcal=_mean(calories, 0),
            protein_g=_mean(protein, 0),
            mood=_mean(d["mood"] for d in daily),
            energy=_mean(d["energy"] for d in daily),
            soreness=_mean(d["soreness"] for d in daily),
        )

    def _nutrition(
        self, start: date, end: date, daily: list[dict[str, Any]]
    ) -> tuple[list[float], list[float]]:
        """Per day: the meals' sums when meals were logged, else the daily row's totals."""
        kcal: dict[date, float] = defaultdict(float)
        prot: dict[date, float] = defaultdict(float)
        for m in self.meals:
            day = _local(m["eaten_at"], self.tz)
            if start <= day <= end:
                if m["calories_kcal"] is not None:
                    kcal[day] += float(m["calories_kcal"])
                if m["protein_g"] is not None:
                    prot[day] += float(m["protein_g"])
        for d in daily:
            if d["day"] not in kcal and d["calories_in_kcal"] is not None:
                kcal[d["day"]] = float(d["calories_in_kcal"])
            if d["day"] not in prot and d["protein_g"] is not None:
                prot[d["day"]] = float(d["protein_g"])
        return list(kcal.values()), list(prot.values())

    def trend(self, start: date, end: date) -> list[TrendDay]:
        weights = {d["day"]: d["weight_kg"] for d in self.daily}
        out = []
        day = start
        while day <= end:
            sleep = self.sleep.get(day)
            out.append(
                TrendDay(
                    day=day,
                    sleep_h=None if sleep is None else round(sleep, 2),
                    weight_kg=weights.get(day),
                )
            )
            day += timedelta(days=1)
        return out


COMPARED: tuple[tuple[str, str, str], ...] = (
    ("sessions", "Sessions", ""),
    ("sets", "Working sets", ""),
    ("tonnage_kg", "Tonnage", "kg"),
    ("cardio_min", "Cardio", "min"),
    ("cardio_km", "Cardio distance", "km"),
    ("load_au", "Training load", "AU"),
    ("sleep_h", "Sleep (average)", "h"),
    ("weight_kg", "Weight (average)", "kg"),
    ("calories_kcal", "Calories (average)", "kcal"),
    ("protein_g", "Protein (average)", "g"),
    ("mood", "Mood (1-5)", ""),
    ("energy", "Energy (1-5)", ""),
    ("soreness", "Soreness (1-5)", ""),
)


# Which way each figure is better (the rest are neither: weight and food depend on the goal).
HIGHER_BETTER = frozenset({"sleep_h", "mood", "energy"})
LOWER_BETTER = frozenset({"soreness"})
TRAINING = frozenset({"sessions", "sets", "tonnage_kg", "cardio_min", "cardio_km", "load_au"})
LOAD_JUMP = 0.30  # a week's training up by more than this fraction: more than a usual step


def change_tone(key: str, this_week: float | None, last_week: float | None) -> Tone:
    """How a week's change of one figure reads (``Comparison.tone``): a rise in soreness or a
    jump in load is not good news, whatever its sign."""
    if this_week is None or last_week is None or this_week == last_week:
        return "neutral"
    up = this_week > last_week
    if key in HIGHER_BETTER:
        return "good" if up else "caution"
    if key in LOWER_BETTER:
        return "caution" if up else "good"
    if key in TRAINING and up and last_week > 0:
        return "caution" if this_week > last_week * (1 + LOAD_JUMP) else "good"
    return "neutral"


def _compare(this: WeekFigures, last: WeekFigures) -> list[Comparison]:
    out = []
    for key, label, unit in COMPARED:
        a, b = getattr(this, key), getattr(last, key)
        delta = None if a is None or b is None else round(float(a) - float(b), 2)
        this_week = None if a is None else float(a)
        last_week = None if b is None else float(b)
        out.append(
            Comparison(
                key=key,
                label=label,
                unit=unit,
                this_week=this_week,
                last_week=last_week,
                delta=delta,
                tone=change_tone(key, this_week, last_week),
            )
        )
    return out


# --- plan --------------------------------------------------------------------------------------


def _plan_week(
    ctx: ServiceContext, scope: AthleteScope, tz: ZoneInfo, start: date, end: date, today: date
) -> PlanWeek:
    athlete_id = scope.athlete_id
    active = plans.plan_in_force(ctx, athlete_id)
    if active is None:
        return PlanWeek(
            has_plan=False,
            version=None,
            note="No training plan is in force, so there is nothing planned to compare with; "
            "generate one to see planned against done.",
            sessions=[],
            planned=0,
            done=0,
            unmatched_days=[],
        )
    version, base = active
    if base.start > end:
        return PlanWeek(
            has_plan=False,
            version=version,
            note=f"The plan in force (version {version}) starts on {base.start}, after this "
            "week, so nothing was planned for it.",
            sessions=[],
            planned=0,
            done=0,
            unmatched_days=[],
        )
    lo = max(base.start, start - timedelta(weeks=MATCH_LOOKBACK_WEEKS))
    logs = plans.Logs(ctx, athlete_id, tz, lo, lo, end)
    # The review's matching, in memory: nothing is stored.
    marked, matches, unmatched = plans.match_sessions(base, logs, lo, end)
    rule_of = {m.session: m.rule for m in matches}
    sessions = []
    for p in project(marked, min(end + timedelta(days=1), today)):
        s = marked.session(p.key)
        in_week = start <= p.original <= end
        done_in_week = s.done_on is not None and start <= s.done_on <= end
        if not (in_week or done_in_week):
            continue
        status: Literal["done", "missed", "upcoming", "skipped"]
        if s.status == "done":
            status = "done"
        elif s.status == "skipped":
            status = "skipped"
        else:
            status = "missed" if p.original < min(end + timedelta(days=1), today) else "upcoming"
        sessions.append(
            PlannedSessionOut(
                key=s.key,
                name=s.name,
                focus=s.focus,
                planned_on=p.original,
                status=status,
                done_on=s.done_on,
                rule=rule_of.get(s.key),
            )
        )
    planned = [s for s in sessions if start <= s.planned_on <= end]
    done = [s for s in sessions if s.status == "done" and s.done_on and start <= s.done_on <= end]
    return PlanWeek(
        has_plan=True,
        version=version,
        note=f"Plan version {version}: {len(done)} of {len(planned)} planned sessions done.",
        sessions=sessions,
        planned=len(planned),
        done=len(done),
        unmatched_days=[d for d in unmatched if start <= d <= end],
    )


# --- vitals ------------------------------------------------------------------------------------


def _vitals(
    ctx: ServiceContext, scope: AthleteScope, tz: ZoneInfo, start: date, end: date, flags: list[str]
) -> WeekVitals:
    since = datetime.combine(start, time.min, tzinfo=tz).astimezone(UTC)
    until = datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
    rows = sensor_repo.vitals(ctx.session, scope, since=since, until=until)
    medians: dict[str, float | None] = {}
    for field in VITAL_FIELDS:
        values = [v for r in rows if (v := getattr(r, field)) is not None]
        medians[field] = round(float(statistics.median(values)), 1) if values else None
    alerts = Counter(
        e.kind
        for e in sensor_repo.events(ctx.session, scope)
        if since <= e.at.astimezone(UTC) < until
    )
    return WeekVitals(
        recordings=len({r.recording_id for r in rows}),
        seconds=len(rows),
        medians=medians,
        alerts=dict(sorted(alerts.items())),
        open_flags=flags,
    )


# --- recommendations ---------------------------------------------------------------------------


def _texts(reasons: Sequence[Reason]) -> list[str]:
    return [r.text for r in reasons]


def _recommendations(
    escalation: str | None,
    readiness: list[ReadinessOut],
    readiness_days: list[ReadinessDay],
    acwr: float | None,
    plan: PlanWeek,
    muscles: list[MuscleSets],
    this: WeekFigures,
    notes: list[str],
) -> list[Recommendation]:
    if escalation is not None:
        # A red flag outranks everything: no training advice at all.
        return [
            Recommendation(
                code="red_flag",
                severity="stop",
                text=PAUSED,
                reasons=[line for line in escalation.splitlines() if line.strip()],
            )
        ]
    out: list[Recommendation] = []
    deload = deload_decision(scheduled=False, readiness=readiness_days, acwr=acwr, r=rules())
    if deload.deload:
        out.append(
            Recommendation(
                code=f"deload_{deload.trigger}",
                severity="caution",
                text="Take a deload week: fewer sets, lighter loads, more reps in reserve.",
                reasons=_texts(deload.reasons),
            )
        )
    latest = next((r for r in reversed(readiness) if r.status == "ok"), None)
    if latest is not None and latest.colour in ("yellow", "red") and not deload.deload:
        out.append(
            Recommendation(
                code=f"readiness_{latest.colour}",
                severity="caution",
                text="Start next week lighter: readiness was "
                f"{latest.colour} on {latest.day:%A} ({latest.score}/100).",
                reasons=latest.reasons,
            )
        )
    missed = [s for s in plan.sessions if s.status == "missed"]
    if missed:
        out.append(
            Recommendation(
                code="missed_sessions",
                severity="info",
                text=f"{len(missed)} planned session(s) were not done; the plan carries them "
                "forward rather than doubling up.",
                reasons=[f"{s.name} planned for {s.planned_on:%a %d %b}" for s in missed],
            )
        )
    low = [m for m in muscles if m.status == "below_mev" and m.mev]
    high = [m for m in muscles if m.status == "above_mrv" and m.mrv]
    if high:
        out.append(
            Recommendation(
                code="volume_above_mrv",
                severity="caution",
                text="Trim weekly sets for muscles above their maximum recoverable volume.",
                reasons=[
                    f"{m.muscle.replace('_', ' ')}: {m.sets:g} hard sets, MRV {m.mrv:g}"
                    for m in high
                ],
            )
        )
    if low:
        out.append(
            Recommendation(
                code="volume_below_mev",
                severity="info",
                text="Some muscles got fewer hard sets than their minimum effective volume.",
                reasons=[
                    f"{m.muscle.replace('_', ' ')}: {m.sets:g} hard sets, MEV {m.mev:g}"
                    for m in low
                ],
            )
        )
    if this.sleep_h is not None and this.sleep_h < SLEEP_MIN_H:
        out.append(
            Recommendation(
                code="sleep_short",
                severity="info",
                text="Aim for at least 7 hours of sleep; recovery and readiness depend on it.",
                reasons=[f"average sleep this week: {this.sleep_h:g} h"],
            )
        )
    if notes:
        out.append(
            Recommendation(
                code="data_notes",
                severity="info",
                text="Log a little more so the numbers mean more.",
                reasons=list(notes),
            )
        )
    if not out:
        out.append(
            Recommendation(
                code="on_track",
                severity="info",
                text="Keep going as planned.",
                reasons=[
                    "no deload trigger, readiness not low, volume inside the landmarks"
                    + (f", ACWR {acwr:.2f}" if acwr is not None else "")
                ],
            )
        )
    return out


# --- the use case ------------------------------------------------------------------------------


def weekly_summary(ctx: ServiceContext, athlete_id: int, week: str) -> WeeklySummary:
    """The weekly report's data for ``week`` (``YYYY-Www``) in the athlete's time zone.

    A week still under way is reported up to today (``complete`` False); a week that has not
    started is ``InvalidInput``; another athlete's id is ``NotFound``. Reads only.
    """
    start, end = parse_week(week)
    scope = ctx.scope(athlete_id)
    athlete = athlete_repo.get_athlete(ctx.session, scope)
    tz = zone_named(athlete.timezone)
    today = ctx.clock.now().astimezone(tz).date()
    if start > today:
        raise InvalidInput(
            f"week {week_label(start)} has not started yet (today is {today} in {tz.key}); "
            f"the last complete week is {last_complete_week(today)}"
        )
    until = min(end, today)
    with training_log.snapshot(ctx, athlete_id, _windows(start, until)):
        return _summary(ctx, scope, athlete, tz, today, start, end, until)


def _windows(
    start: date, until: date
) -> dict[training_log.RecordKind, tuple[date | None, date | None]]:
    """What the summary's parts read, each kind once (``training_log.snapshot``): the training
    load's warm-up before the six-week trend, readiness's baseline, the burnout risk's history,
    the plan matching's look-back, the trend's meals, and all cardio (the maximum HR is the
    highest ever logged, after the week too). The parts pad UTC days by a day either side for local days (sleep
    by two)."""
    trend_start = start - timedelta(weeks=TREND_WEEKS - 1)
    pad = timedelta(days=2)

    def since(day: date) -> date:
        return max(day - pad, bounds.EARLIEST_DAY)  # earlier days: the part's own read refuses

    # The burnout risk reads its HISTORY_DAYS up to the last day (a day's pad for local days,
    # two for sleep): the windows reach that far when it is further back than the rest.
    risk = since(until - timedelta(days=burnout_service.HISTORY_DAYS - 1))
    warm = min(since(trend_start - timedelta(days=monitoring.WARMUP_DAYS)), risk)
    return {
        "workouts": (warm, until + pad),
        "cardio": (None, None),
        "daily": (warm, until),
        "sleep": (
            min(since(start - timedelta(days=readiness_analysis.BASELINE_DAYS)), risk),
            until + pad,
        ),
        "meals": (since(trend_start), until + pad),
        "feedback": (since(start - timedelta(weeks=MATCH_LOOKBACK_WEEKS)), until + pad),
    }


def _summary(
    ctx: ServiceContext,
    scope: AthleteScope,
    athlete: Athlete,
    tz: ZoneInfo,
    today: date,
    start: date,
    end: date,
    until: date,
) -> WeeklySummary:
    athlete_id = athlete.id
    prev_start, prev_end = start - timedelta(days=7), start - timedelta(days=1)
    trend_start = start - timedelta(weeks=TREND_WEEKS - 1)

    load = monitoring.training_load(ctx, athlete_id, start=trend_start, end=until)
    by_day = {d.day: d for d in load.days}
    records = _Records(ctx, athlete_id, tz, trend_start, until)

    def week_load(lo: date, hi: date) -> float:
        return sum(d.load_au for day, d in by_day.items() if lo <= day <= hi)

    this = records.figures(start, until, week_load(start, until))
    last = records.figures(prev_start, prev_end, week_load(prev_start, prev_end))

    readiness: list[ReadinessOut] = []
    readiness_days: list[ReadinessDay] = []
    for report in monitoring.readiness_range(ctx, athlete_id, start, until):
        day = report.day
        ok = report.status == "ok"
        readiness.append(
            ReadinessOut(
                day=day,
                status=report.status,
                score=report.score,
                colour=report.colour,
                reasons=[*_texts(report.reasons), *(f.text for f in report.findings)]
                or [report.why],
            )
        )
        readiness_days.append(
            ReadinessDay(
                day=day,
                colour=report.colour if ok else None,
                score=float(report.score) if ok and report.score is not None else None,
            )
        )

    this_load_week = next((w for w in load.weeks if w.week_start == start), None)
    muscles = [
        MuscleSets(muscle=m.muscle, sets=m.sets, mev=m.mev, mav=m.mav, mrv=m.mrv, status=m.status)
        for m in (this_load_week.hard_sets if this_load_week else [])
        if m.sets or m.mev
    ]
    flags = health.open_flags(ctx, athlete_id)
    escalation = health.escalation_for(ctx, athlete_id) if flags else None
    plan = _plan_week(ctx, scope, tz, start, until, today)
    acwr = by_day[until].acwr if until in by_day else None
    points = [
        DayPoint(day=d.day, load_au=d.load_au, atl=d.atl, ctl=d.ctl, tsb=d.tsb, acwr=d.acwr)
        for d in load.days
    ]
    notes = [n for n in load.notes if not n.startswith("Hard sets:")]
    return WeeklySummary(
        athlete_id=athlete_id,
        athlete_name=athlete.name,
        timezone=tz.key,
        week=week_label(start),
        week_start=start,
        week_end=end,
        complete=end < today,
        generated_at=ctx.clock.now(),
        this_week=this,
        last_week=last,
        comparison=_compare(this, last),
        plan=plan,
        load_days=points,
        load_unit=load.unit,
        acwr=acwr,
        load_history_days=load.history_days,
        readiness=readiness,
        burnout=burnout_service.load_report(ctx, athlete_id, until),
        muscles=sorted(muscles, key=lambda m: (-m.sets, m.muscle)),
        trend=records.trend(trend_start, until),
        vitals=_vitals(ctx, scope, tz, start, end, [f.label for f in flags]),
        recommendations=_recommendations(
            escalation, readiness, readiness_days, acwr, plan, muscles, this, notes
        ),
        paused=escalation is not None,
        notes=load.notes,
        units=units_or_default(athlete_repo.profile_units(ctx.session, scope)),
        measurements=measurements.overview(ctx, athlete_id, until),
    )
