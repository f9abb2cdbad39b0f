"""Reading the training log as loads: the assumptions' constants, each session's sRPE load
and TRIMP (``_session_loads``) and the daily series they add up to.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast
from zoneinfo import ZoneInfo

from fitcoach.analysis import load as load_analysis
from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring.views import SessionLoad
from fitcoach.services.training_log import load_sessions, set_count

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


class _Flags(NamedTuple):
    """What a session adds to a report's notes: a duration estimated from its sets, an RPE
    estimated for an import, no RPE at all, a heart rate TRIMP could not use."""

    estimated: bool
    rated: bool
    no_rpe: bool
    no_trimp_hr: bool


def _session_loads(
    log: _Sessions,
    given_sex: str | None,
    resting_hr: float | None,
    max_hr: float | None,
    notes: list[str],
) -> list[SessionLoad]:
    """The sessions' loads in (day, kind) order; what they assumed appended to ``notes``."""
    sessions, flags = _session_rows(log, given_sex, resting_hr, max_hr)
    notes += _session_notes(flags, given_sex)
    return sessions


def _session_rows(
    log: _Sessions, given_sex: str | None, resting_hr: float | None, max_hr: float | None
) -> tuple[list[SessionLoad], list[_Flags]]:
    """Each session's load and its ``_Flags``, both in (day, kind) order (workouts before
    cardio on a day, each in read order): the notes of any run of them are their flags
    counted (``_session_notes``)."""
    out: list[SessionLoad] = []
    flags: list[_Flags] = []
    for w in log.workouts:
        minutes = (w["duration_s"] or 0.0) / 60.0
        guessed = w["duration_s"] is None
        if guessed:
            minutes = MINUTES_PER_SET * set_count(w)
        rpe = w["session_rpe"]
        rpe_estimated = rpe is None and str(w.get("source") or "").startswith(IMPORT_SOURCE)
        if rpe_estimated:
            rpe = IMPORTED_STRENGTH_RPE
        flags.append(_Flags(guessed, rpe_estimated, rpe is None, False))
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
        trimp = None
        no_trimp_hr = False
        if c["avg_hr"] is not None and resting_hr is not None and max_hr is not None:
            if sex is not None and c["avg_hr"] <= max_hr and resting_hr < max_hr:
                trimp = load_analysis.banister_trimp(minutes, c["avg_hr"], resting_hr, max_hr, sex)
            else:
                no_trimp_hr = True
        flags.append(_Flags(False, False, rpe is None, no_trimp_hr))
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
    order = sorted(range(len(out)), key=lambda i: (out[i].day, out[i].kind))  # stable
    return [out[i] for i in order], [flags[i] for i in order]


def _session_notes(flags: Sequence[_Flags], given_sex: str | None) -> list[str]:
    """The notes on what the sessions with these flags assumed or left out."""
    return _flag_notes(_flag_totals(flags)[-1], given_sex)


def _flag_totals(flags: Sequence[_Flags]) -> list[tuple[int, int, int, int]]:
    """How many of ``flags[:n]`` set each flag, for every n from 0 to ``len(flags)``: the
    notes of any first sessions of a span without counting them again (``_flag_notes``)."""
    totals = [(0, 0, 0, 0)]
    estimated = rated = no_rpe = no_trimp_hr = 0
    for f in flags:
        estimated += f.estimated
        rated += f.rated
        no_rpe += f.no_rpe
        no_trimp_hr += f.no_trimp_hr
        totals.append((estimated, rated, no_rpe, no_trimp_hr))
    return totals


def _flag_notes(totals: tuple[int, int, int, int], given_sex: str | None) -> list[str]:
    """``_session_notes`` of sessions whose flags sum to ``totals`` (``_flag_totals``)."""
    notes: list[str] = []
    estimated, rated, no_rpe, no_trimp_hr = totals
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
            if given_sex not in load_analysis.BANISTER_WEIGHTING
            else "their average HR is above the maximum HR in use; log a measured maximum"
        )
        notes.append(f"TRIMP left out for {no_trimp_hr} session(s) with heart rate: {why}.")
    return notes


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
