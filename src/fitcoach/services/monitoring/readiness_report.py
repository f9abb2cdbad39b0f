"""The readiness use cases: one day's readiness against the personal baselines, a range
of days, the daily frame, and the per-day load states they read (``readiness``).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Callable
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.coach.explanations import Reason, reason
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import results
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring.series import _athlete, _local_today, check_day, local_today
from fitcoach.services.monitoring.sessions import (
    MAX_RANGE_DAYS,
    WARMUP_DAYS,
    _daily_values,
    _finite,
    _Log,
    _series,
    _session_loads,
)
from fitcoach.services.monitoring.views import (
    ReadinessComponent,
    ReadinessFinding,
    ReadinessReport,
    SessionLoad,
)
from fitcoach.services.training_log import history, night_of, sleep_hours
from fitcoach.storage.models import Athlete

if TYPE_CHECKING:
    import pandas as pd


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
