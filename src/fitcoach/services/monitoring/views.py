"""The report shapes the monitoring use cases return: session loads, load days and weeks,
projected days, e1RM trends, the load report and the readiness report.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict

from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.analysis import volume as volume_analysis
from fitcoach.coach.explanations import Reason

UNIT = "AU (session RPE × minutes)"


class _Out(BaseModel):
    # Built on first use (the CLI's start-up): `fitcoach load` builds the load report's models,
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
