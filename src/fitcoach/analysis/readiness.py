"""Morning readiness 0–100, led by the athlete's check-in: what they said (energy, soreness,
mood on 1–5) is the score; sleep, load change and HRV and resting HR against their own
baseline are reasons that can only lower it. Without a check-in there is no score: it asks.

**Why the check-in leads.** Checked on PMData and on two real team cohorts (a professional
football squad's season, about 50 players; a national rugby sevens squad, 17 players), the
athlete's own answer carries how ready they feel: the answer of the day before tracks the next
morning better than the earlier, re-weighted readiness did (within-person ρ 0.40 against 0.18
on the football squad, 0.46 against 0.38 on the rugby squad, 0.33 against 0.15 on PMData), the
re-weighted sum tied or lost to the plain sum of fatigue, mood and soreness (Δ −0.01 and −0.03),
and objective inputs alone added little (football ρ 0.02 against sleep alone 0.04; rugby 0.16
against 0.03, carried by load). docs/models/readiness.md has every figure.

**The score.** The check-in is the plain mean of the items given that morning, each on 0–100
(energy 5 → 100 … 1 → 0; mood the same; soreness 1 → 100 … 5 → 0): the plain sum of the items,
rescaled (``said``). Each objective reason then takes off at most its weight × 100 points, in
proportion to how far its own 0–100 score falls short of 100:

======================  ======  ===============================================================
reason                  weight  100 (takes nothing off) … 0 (takes the whole weight off)
======================  ======  ===============================================================
HRV (ln rMSSD)          0.30    within the smallest worthwhile change (−0.5 SD) or above …
                                2.5 SD below the baseline mean; the lower of today's value and
                                the 7-day mean counts
resting HR              0.10    up to half the flag threshold above baseline … 2.5 × it
sleep last night        0.10    ≥ 95 % of need … ≤ 50 % of need (default need 8 h)
recent load             0.10    the mean of ACWR ≤ 0.8 … ≥ 2.0 and form (TSB as % of CTL)
                                ≥ 0 % … ≤ −60 %, each linear (either alone when only it exists)
======================  ======  ===============================================================

So the score is never above what the athlete said; a missing reading lowers nothing and is
named. The weights are chosen, not fitted: no objective input carried enough on real data to
fit one (HRV's share comes from the literature: Plews et al. 2013; PMData has no HRV), and a
reason may only make the advice more careful.

HRV follows Plews et al. (2013) *Int J Sports Physiol Perform* 8(6):688–691 and Kiviniemi et
al. (2007) *Eur J Appl Physiol* 101:743–751: ln rMSSD, a personal baseline of up to 60 days
(mean and SD; at least 14 days in the last 28), a normal range of ±0.5 SD (the smallest
worthwhile change) and a 7-day rolling mean for the trend; the 7-day SD is reported, not
scored. The SD is floored at 0.03 ln units (and resting HR's at 1 bpm) so that an unusually
steady baseline does not turn trivial changes into alarms. Resting HR is flagged when more than
5 bpm or 1 SD above its baseline. Form uses intervals.icu's relative scale (−30 % of fitness is
its high-risk line, still the ``form_low`` finding; ACWR above 1.5 is ``load_spike``) because
the −30 threshold known from TrainingPeaks is in TSS, not in the session-RPE units fitcoach
loads use. HRV and resting HR each need 14 of their own mornings in the last 28 before they
count; until then they lower nothing and say how many mornings they have.

**No check-in.** Without one of the items that morning the status is ``no_checkin`` and there
is no score, whatever else was recorded: "No check-in yet — how do you feel?". The objective
readings are still reported (components and findings), as facts.

**Colour.** green ≥ 70, yellow 40–69, red < 40 (the same cut-offs the progression rules use
for a low-readiness day).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from fitcoach.core.domain import ReadinessColour, ReadinessStatus
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:  # imported in the functions that use them: the CLI and servers start without
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

# The check-in's items (equal weights: their plain mean) and, for each objective reason, the
# share of 100 points it can take off (module docstring).
ITEMS = ("soreness", "energy", "mood")
REASONS = ("hrv", "resting_hr", "sleep", "load")
WEIGHTS: dict[str, float] = {
    "hrv": 0.30,
    "resting_hr": 0.10,
    "sleep": 0.10,
    "soreness": 1.0,
    "energy": 1.0,
    "mood": 1.0,
    "load": 0.10,
}
NO_CHECKIN = "No check-in yet — how do you feel?"
# The components as the reasons name them to a person (``resting_hr`` is a code).
COMPONENT_WORDS: dict[str, str] = {
    "hrv": "HRV",
    "resting_hr": "resting heart rate",
    "sleep": "sleep",
    "soreness": "soreness",
    "energy": "energy",
    "mood": "mood",
    "load": "training load",
}
COLUMNS = ("hrv_rmssd_ms", "resting_hr_bpm", "sleep_h", "soreness", "mood", "energy")

# The reasons read against the athlete's own baseline (14 of their own mornings in the last 28
# before they count).
BASELINE_INPUTS = ("hrv", "resting_hr")
_NONE_RECORDED = "none recorded in the last 28 days"

BASELINE_DAYS = 60
CALIBRATION_WINDOW_DAYS = 28
CALIBRATION_MIN_DAYS = 14
TREND_DAYS = 7
SWC_SD = 0.5
HRV_ZERO_SD = 2.5
LN_RMSSD_SD_FLOOR = 0.03
RESTING_HR_SD_FLOOR_BPM = 1.0
RESTING_HR_FLAG_BPM = 5.0
RESTING_HR_FLAG_SD = 1.0
SLEEP_NEED_H = 8.0
SLEEP_FULL_FRACTION = 0.95
SLEEP_ZERO_FRACTION = 0.5
SLEEP_SHORT_FRACTION = 0.9
ACWR_FULL = 0.8
ACWR_HIGH = 1.5
ACWR_ZERO = 2.0
FORM_FULL_PCT = 0.0
FORM_LOW_PCT = -30.0
FORM_ZERO_PCT = -60.0
GREEN_MIN = 70
YELLOW_MIN = 40

# The readings by day without pandas: day → column (of COLUMNS) → value; a column left out,
# None or NaN is a missing reading.
DailyReadings = Mapping[date, Mapping[str, float | None]]

Status = ReadinessStatus
Colour = ReadinessColour
# The reading the calibration is about: the first recorded of HRV, resting HR, sleep and the
# wellness ratings (soreness, energy, mood) in the last 28 days.
Signal = Literal["hrv", "resting_hr", "sleep", "wellness"]
SIGNAL_COLUMNS: dict[Signal, tuple[str, ...]] = {
    "hrv": ("hrv_rmssd_ms",),
    "resting_hr": ("resting_hr_bpm",),
    "sleep": ("sleep_h",),
    "wellness": ("soreness", "energy", "mood"),
}


@dataclass(frozen=True)
class Finding:
    """Why the score is lower: a stable code, its parameters and the English sentence."""

    code: str
    params: dict[str, float | int | str]
    text: str


@dataclass(frozen=True)
class Component:
    """One input's score (None when left out, with ``missing`` saying why)."""

    name: str
    score: float | None
    weight: float  # the renormalised weight it got; 0 when left out
    value: float | None = None  # today's reading
    baseline: float | None = None
    detail: dict[str, float] = field(default_factory=dict)
    missing: str | None = None
    lowered_by: float = 0.0  # points a reason took off what the athlete said


@dataclass(frozen=True)
class Readiness:
    """The day's readiness: what the athlete said, lowered by the reasons, or the question."""

    day: date
    status: Status
    score: int | None
    colour: Colour | None
    signal: Signal
    days_collected: int
    days_needed: int
    why: str
    components: tuple[Component, ...] = ()
    findings: tuple[Finding, ...] = ()
    # The inputs the score was made from (the components with a weight, in WEIGHTS' order)
    # and each other input with why it was left out; without a check-in nothing
    # is used and every input says why.
    inputs_used: tuple[str, ...] = ()
    inputs_missing: dict[str, str] = field(default_factory=dict)
    said: int | None = None  # the check-in alone, before any reason lowered it


def colour_of(score: float) -> Colour:
    """green ≥ 70, yellow 40–69, red < 40."""
    if score >= GREEN_MIN:
        return "green"
    return "yellow" if score >= YELLOW_MIN else "red"


def _ramp(value: float, full: float, zero: float) -> float:
    """100 at ``full`` or beyond it, 0 at ``zero`` or beyond it, linear between."""
    # Plain floats, not np.clip: a squad's season calls this a quarter of a million times, and
    # numpy's dispatch on a scalar cost more than the arithmetic (benchmarks/bench_squad.py).
    fraction = (float(value) - zero) / (full - zero)
    if fraction != fraction:  # NaN stays NaN, as np.clip kept it
        return fraction
    return 100.0 * min(max(fraction, 0.0), 1.0)


def _prepare(daily: pd.DataFrame) -> pd.DataFrame:
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)
    import pandas as pd

    frame = daily.copy()
    frame.index = pd.DatetimeIndex(pd.to_datetime(frame.index)).normalize()
    if frame.index.has_duplicates:
        raise InvalidInput("daily readings need one row per day")
    for column in COLUMNS:
        if column not in frame:
            frame[column] = np.nan
    frame = frame[list(COLUMNS)].astype(float).sort_index()
    for column in COLUMNS:
        _check_column(column, frame[column].to_numpy())
    return frame


_LIMITS = {
    "hrv_rmssd_ms": (0.0, 500.0),
    "resting_hr_bpm": (20.0, 150.0),
    "sleep_h": (0.0, 24.0),
    "soreness": (1.0, 5.0),
    "mood": (1.0, 5.0),
    "energy": (1.0, 5.0),
}


def _check_column(column: str, values: npt.NDArray[np.float64]) -> None:
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    low, high = _LIMITS[column]
    values = values[~np.isnan(values)]
    if ((values < low) | (values > high)).any() or (
        column == "hrv_rmssd_ms" and (values <= 0).any()
    ):
        raise InvalidInput(f"{column} values must lie between {low:g} and {high:g}")


class _Days:
    """The readings of [lo, hi] on a dense day grid, one numpy array per column (NaN: none).

    What one morning's score reads lies in the ``BASELINE_DAYS`` before it and the day itself;
    a grid from ``BASELINE_DAYS`` before the first morning to the last holds every morning of a
    range, so a range is scored from one frame, sliced by position, in day order as before."""

    def __init__(self, values: dict[str, npt.NDArray[np.float64]], lo: date) -> None:
        self.lo = lo
        self.values = values
        # Running counts of readings, made on first use: a window's count is then two lookups
        # instead of a numpy slice and a NaN scan per morning (a squad's season asks ~400,000).
        self._counts: dict[str | tuple[str, ...], npt.NDArray[np.int64]] = {}

    def _running(self, columns: str | tuple[str, ...]) -> npt.NDArray[np.int64]:
        """``out[i]``: the days before grid position ``i`` with a reading in ``columns``."""
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

        counts = self._counts.get(columns)
        if counts is None:
            names = (columns,) if isinstance(columns, str) else columns
            seen = np.zeros(len(self.values[names[0]]), dtype=bool)
            for name in names:
                seen |= ~np.isnan(self.values[name])
            counts = np.concatenate(([0], np.cumsum(seen, dtype=np.int64)))
            self._counts[columns] = counts
        return counts

    def count_in(self, columns: str | tuple[str, ...], first: date, last: date) -> int:
        """Days of [first, last] with a reading in ``columns`` (one name or several)."""
        counts = self._running(columns)
        size = len(counts) - 1
        lo = min(max((first - self.lo).days, 0), size)
        hi = min(max((last - self.lo).days + 1, 0), size)
        return int(counts[hi] - counts[lo]) if hi > lo else 0

    @classmethod
    def of_frame(cls, frame: pd.DataFrame, lo: date, hi: date) -> _Days:
        """From ``_prepare``'s frame."""
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)
        import pandas as pd

        size = (hi - lo).days + 1
        at = np.asarray((pd.DatetimeIndex(frame.index) - pd.Timestamp(lo)).days, dtype=np.int64)
        inside = (at >= 0) & (at < size)
        values: dict[str, npt.NDArray[np.float64]] = {}
        for column in COLUMNS:
            grid = np.full(size, np.nan)
            grid[at[inside]] = frame[column].to_numpy(dtype=float)[inside]
            values[column] = grid
        return cls(values, lo)

    @classmethod
    def of_rows(cls, rows: DailyReadings, lo: date, hi: date) -> _Days:
        """From one mapping per day (as ``readiness_days_of_rows`` takes them), checked as
        ``_prepare`` checks a frame."""
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

        size = (hi - lo).days + 1
        values: dict[str, npt.NDArray[np.float64]] = {}
        for column in COLUMNS:
            given = [(day, _number(row.get(column))) for day, row in rows.items()]
            _check_column(column, np.array([v for _, v in given], dtype=float))
            grid = np.full(size, np.nan)
            for day, value in given:
                at = (day - lo).days
                if 0 <= at < size:
                    grid[at] = value
            values[column] = grid
        return cls(values, lo)

    def span(self, column: str, first: date, last: date) -> npt.NDArray[np.float64]:
        """Non-missing values of [first, last], oldest first."""
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

        lo = max((first - self.lo).days, 0)
        hi = max((last - self.lo).days + 1, 0)
        part = self.values[column][lo:hi]
        return part[~np.isnan(part)]

    def before(self, column: str, day: date, days: int) -> npt.NDArray[np.float64]:
        """Non-missing values in the ``days`` days before ``day`` (``day`` excluded)."""
        return self.span(column, day - timedelta(days=days), day - timedelta(days=1))

    def any_in(self, column: str, first: date, last: date) -> bool:
        """Whether [first, last] holds a reading of ``column``."""
        return self.count_in(column, first, last) > 0

    def mornings_before(self, day: date, days: int, columns: tuple[str, ...] = COLUMNS) -> int:
        """Days among the ``days`` before ``day`` with a reading in any of ``columns``."""
        return self.count_in(columns, day - timedelta(days=days), day - timedelta(days=1))

    def on(self, column: str, day: date) -> float | None:
        at = (day - self.lo).days
        values = self.values[column]
        if not 0 <= at < len(values):
            return None
        value = float(values[at])
        return None if math.isnan(value) else value


def _building(counted: int) -> str:
    """Why HRV or resting HR is left out while its personal baseline is still building."""
    return f"calibrating: {counted} of {CALIBRATION_MIN_DAYS} mornings in the last 28"


_ONE_DAY = timedelta(days=1)


def _finding(code: str, text: str, **params: float | int | str) -> Finding:
    return Finding(code, params, text.format(**params))


def _hrv(frame: _Days, day: date) -> tuple[Component, list[Finding]]:
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    counted = frame.count_in(
        "hrv_rmssd_ms", day - timedelta(days=CALIBRATION_WINDOW_DAYS), day - _ONE_DAY
    )
    today = frame.on("hrv_rmssd_ms", day)
    if counted == 0 and today is None:
        return Component("hrv", None, 0.0, missing=_NONE_RECORDED), []
    if counted < CALIBRATION_MIN_DAYS:
        return Component("hrv", None, 0.0, today, missing=_building(counted)), []
    if today is None:
        return Component("hrv", None, 0.0, missing="no HRV reading today"), []
    ln_base = np.log(frame.before("hrv_rmssd_ms", day, BASELINE_DAYS))
    mu = float(ln_base.mean())
    sd = max(float(ln_base.std(ddof=1)), LN_RMSSD_SD_FLOOR)
    ln_week = np.log(frame.span("hrv_rmssd_ms", day - timedelta(days=TREND_DAYS - 1), day))
    z_today = (math.log(today) - mu) / sd
    z_week = (float(ln_week.mean()) - mu) / sd
    score = min(_ramp(z_today, -SWC_SD, -HRV_ZERO_SD), _ramp(z_week, -SWC_SD, -HRV_ZERO_SD))
    findings = []
    if z_today < -SWC_SD:
        findings.append(
            _finding(
                "hrv_below_baseline",
                "HRV {hrv_ms} ms is {sd} SD below your baseline ({baseline_ms} ms).",
                hrv_ms=round(today, 1),
                sd=round(-z_today, 1),
                baseline_ms=round(math.exp(mu), 1),
            )
        )
    if z_week < -SWC_SD:
        findings.append(
            _finding(
                "hrv_trend_low",
                "Your 7-day HRV average ({avg_ms} ms) is below your normal range "
                "(from {low_ms} ms).",
                avg_ms=round(math.exp(float(ln_week.mean())), 1),
                low_ms=round(math.exp(mu - SWC_SD * sd), 1),
            )
        )
    detail = {
        "z_today": round(z_today, 3),
        "z_7day": round(z_week, 3),
        "normal_low_ms": round(math.exp(mu - SWC_SD * sd), 1),
        "normal_high_ms": round(math.exp(mu + SWC_SD * sd), 1),
        "mean_7day_ms": round(math.exp(float(ln_week.mean())), 1),
        "sd_7day_ln": round(float(ln_week.std(ddof=1)), 4) if len(ln_week) > 1 else 0.0,
        "baseline_days": float(len(ln_base)),
    }
    return Component("hrv", score, 0.0, today, round(math.exp(mu), 1), detail), findings


def _resting_hr(frame: _Days, day: date) -> tuple[Component, list[Finding]]:
    counted = frame.count_in(
        "resting_hr_bpm", day - timedelta(days=CALIBRATION_WINDOW_DAYS), day - _ONE_DAY
    )
    today = frame.on("resting_hr_bpm", day)
    if counted == 0 and today is None:
        return Component("resting_hr", None, 0.0, missing=_NONE_RECORDED), []
    if counted < CALIBRATION_MIN_DAYS:
        return Component("resting_hr", None, 0.0, today, missing=_building(counted)), []
    if today is None:
        return Component("resting_hr", None, 0.0, missing="no resting HR reading today"), []
    base = frame.before("resting_hr_bpm", day, BASELINE_DAYS)
    mu = float(base.mean())
    sd = max(float(base.std(ddof=1)), RESTING_HR_SD_FLOOR_BPM)
    delta = today - mu
    elevation = max(delta / RESTING_HR_FLAG_BPM, delta / sd / RESTING_HR_FLAG_SD)
    score = _ramp(elevation, 0.5, 2.5)
    findings = []
    if elevation > 1.0:
        findings.append(
            _finding(
                "resting_hr_elevated",
                "Resting HR {bpm} bpm is {delta_bpm} bpm above your baseline ({baseline_bpm} bpm).",
                bpm=round(today),
                delta_bpm=round(delta, 1),
                baseline_bpm=round(mu, 1),
            )
        )
    detail = {"delta_bpm": round(delta, 2), "sd_bpm": round(sd, 2)}
    return Component("resting_hr", score, 0.0, today, round(mu, 1), detail), findings


def _sleep(frame: _Days, day: date, need_h: float | None) -> tuple[Component, list[Finding]]:
    if need_h is None:
        nights = frame.before("sleep_h", day, CALIBRATION_WINDOW_DAYS)
        need_h = float(nights.mean()) if len(nights) >= CALIBRATION_MIN_DAYS else SLEEP_NEED_H
    today = frame.on("sleep_h", day)
    if today is None:
        return Component("sleep", None, 0.0, baseline=need_h, missing="no sleep logged"), []
    fraction = today / need_h
    score = _ramp(fraction, SLEEP_FULL_FRACTION, SLEEP_ZERO_FRACTION)
    findings = []
    if fraction < SLEEP_SHORT_FRACTION:
        findings.append(
            _finding(
                "sleep_short",
                "You slept {hours} h of the {need_h} h you need.",
                hours=round(today, 1),
                need_h=round(need_h, 1),
            )
        )
    return Component("sleep", score, 0.0, today, round(need_h, 2)), findings


def _scale(
    frame: _Days, day: date, name: str, *, higher_is_better: bool
) -> tuple[Component, list[Finding]]:
    today = frame.on(name, day)
    if today is None:
        return Component(name, None, 0.0, missing=f"no {name} rating today"), []
    full, zero = (5.0, 1.0) if higher_is_better else (1.0, 5.0)
    score = _ramp(today, full, zero)
    findings = []
    if higher_is_better and today <= 2:
        findings.append(
            _finding(
                f"{name}_low", f"{name.capitalize()} is low ({{rating}}/5).", rating=int(today)
            )
        )
    if not higher_is_better and today >= 4:
        findings.append(
            _finding(
                f"{name}_high", f"{name.capitalize()} is high ({{rating}}/5).", rating=int(today)
            )
        )
    return Component(name, score, 0.0, today), findings


def _load(acwr: float | None, form_pct: float | None) -> tuple[Component, list[Finding]]:
    scores = []
    findings = []
    detail = {}
    if acwr is not None and math.isfinite(acwr):
        scores.append(_ramp(acwr, ACWR_FULL, ACWR_ZERO))
        detail["acwr"] = round(acwr, 3)
        if acwr > ACWR_HIGH:
            findings.append(
                _finding(
                    "load_spike",
                    "Acute load is {acwr}× your chronic load (above 1.5).",
                    acwr=round(acwr, 2),
                )
            )
    if form_pct is not None and math.isfinite(form_pct):
        scores.append(_ramp(form_pct, FORM_FULL_PCT, FORM_ZERO_PCT))
        detail["form_pct"] = round(form_pct, 1)
        if form_pct < FORM_LOW_PCT:
            findings.append(
                _finding(
                    "form_low",
                    "Form is {pct}% of your fitness: fatigue well beyond it (below -30%).",
                    pct=round(form_pct),
                )
            )
    if not scores:
        return Component("load", None, 0.0, missing="not enough load history"), []
    return Component("load", sum(scores) / len(scores), 0.0, detail=detail), findings


def readiness(
    daily: pd.DataFrame,
    day: date,
    *,
    acwr: float | None = None,
    form_pct: float | None = None,
    sleep_need_h: float | None = SLEEP_NEED_H,
    weights: Mapping[str, float] = WEIGHTS,
) -> Readiness:
    """Readiness for ``day`` from daily readings up to it.

    ``daily``: one row per day (index: dates), columns ``hrv_rmssd_ms``, ``resting_hr_bpm``,
    ``sleep_h`` (the night ending that morning), ``soreness``, ``mood``, ``energy`` (1–5);
    absent columns and NaN are missing readings. ``acwr``: the acute:chronic ratio as of the
    day before; ``form_pct``: TSB / CTL × 100 for ``day``. ``sleep_need_h`` None uses the
    athlete's own average of the last 28 nights (8 h with fewer than 14 nights).
    """
    return readiness_days(
        daily,
        day,
        day,
        load={day: (acwr, form_pct)},
        sleep_need_h=sleep_need_h,
        weights=weights,
    )[0]


def readiness_days(
    daily: pd.DataFrame,
    start: date,
    end: date,
    *,
    load: Mapping[date, tuple[float | None, float | None]] | None = None,
    sleep_need_h: float | None = SLEEP_NEED_H,
    weights: Mapping[str, float] = WEIGHTS,
) -> list[Readiness]:
    """``readiness`` for each morning from ``start`` to ``end``, from one pass over ``daily``:
    the same results as calling it day by day, without slicing the frame per day.

    ``load`` gives each day's (ACWR as of the day before, form %); a day not in it has
    neither.
    """
    _check_arguments(start, end, sleep_need_h, weights)
    frame = _Days.of_frame(_prepare(daily), start - timedelta(days=BASELINE_DAYS), end)
    return _score_days(frame, start, end, load or {}, sleep_need_h, weights)


def readiness_days_of_rows(
    daily: DailyReadings,
    start: date,
    end: date,
    *,
    load: Mapping[date, tuple[float | None, float | None]] | None = None,
    sleep_need_h: float | None = SLEEP_NEED_H,
    weights: Mapping[str, float] = WEIGHTS,
) -> list[Readiness]:
    """:func:`readiness_days` from the readings as one mapping per day instead of a frame: the
    same results (tested equal), without pandas, whose import costs a command or a page more
    than the scoring does."""
    _check_arguments(start, end, sleep_need_h, weights)
    frame = _Days.of_rows(daily, start - timedelta(days=BASELINE_DAYS), end)
    return _score_days(frame, start, end, load or {}, sleep_need_h, weights)


def _number(value: float | None) -> float:
    return math.nan if value is None else float(value)


def _check_arguments(
    start: date, end: date, sleep_need_h: float | None, weights: Mapping[str, float]
) -> None:
    unknown = set(weights) - set(WEIGHTS)
    if unknown or any(w < 0 for w in weights.values()) or sum(weights.values()) <= 0:
        raise InvalidInput(
            f"weights are non-negative numbers for {', '.join(WEIGHTS)} with a positive sum"
        )
    if sleep_need_h is not None and not 3 <= sleep_need_h <= 14:
        raise InvalidInput(f"sleep need must lie between 3 and 14 h, got {sleep_need_h}")
    if end < start:
        raise InvalidInput(f"the range ends ({end}) before it starts ({start})")


def _score_days(
    frame: _Days,
    start: date,
    end: date,
    given: Mapping[date, tuple[float | None, float | None]],
    sleep_need_h: float | None,
    weights: Mapping[str, float],
) -> list[Readiness]:
    out = []
    day = start
    while day <= end:
        acwr, form_pct = given.get(day, (None, None))
        out.append(_score(frame, day, acwr, form_pct, sleep_need_h, weights))
        day += timedelta(days=1)
    return out


def _signal(frame: _Days, day: date) -> Signal:
    """The first of HRV, resting HR, sleep and the wellness ratings recorded in the last 28
    days (today included): what the athlete's readiness rests on first."""
    lo = day - timedelta(days=CALIBRATION_WINDOW_DAYS)
    for signal, columns in SIGNAL_COLUMNS.items():
        if any(frame.any_in(column, lo, day) for column in columns):
            return signal
    return "resting_hr"


def _recorded(frame: _Days, day: date) -> list[str]:
    """The inputs recorded in the last 28 days (today included), as a person names them."""
    lo = day - timedelta(days=CALIBRATION_WINDOW_DAYS)
    names = {
        "hrv_rmssd_ms": "hrv",
        "resting_hr_bpm": "resting_hr",
        "sleep_h": "sleep",
        "soreness": "soreness",
        "energy": "energy",
        "mood": "mood",
    }
    return [COMPONENT_WORDS[n] for c, n in names.items() if frame.any_in(c, lo, day)]


def _score(
    frame: _Days,
    day: date,
    acwr: float | None,
    form_pct: float | None,
    sleep_need_h: float | None,
    weights: Mapping[str, float],
) -> Readiness:
    signal = _signal(frame, day)
    collected = frame.mornings_before(day, CALIBRATION_WINDOW_DAYS)
    parts = [
        _hrv(frame, day),
        _resting_hr(frame, day),
        _sleep(frame, day, sleep_need_h),
        _scale(frame, day, "soreness", higher_is_better=False),
        _scale(frame, day, "energy", higher_is_better=True),
        _scale(frame, day, "mood", higher_is_better=True),
        _load(acwr, form_pct),
    ]
    items = [c for c, _ in parts if c.name in ITEMS and c.score is not None]
    item_weight = sum(weights.get(c.name, 0.0) for c in items)
    if not items or item_weight <= 0:
        # Nothing said this morning: no score built on the rest, the question instead.
        return Readiness(
            day,
            "no_checkin",
            None,
            None,
            signal,
            collected,
            CALIBRATION_MIN_DAYS,
            NO_CHECKIN,
            tuple(c for c, _ in parts),
            tuple(f for _, found in parts for f in found),
            inputs_missing={c.name: c.missing or "no check-in today" for c, _ in parts},
        )
    said = sum(c.score * weights.get(c.name, 0.0) for c in items if c.score is not None)
    said /= item_weight
    components: list[Component] = []
    lowered = 0.0
    for c, _ in parts:
        w = weights.get(c.name, 0.0)
        if c.score is None or w <= 0:
            components.append(_weighted(c, 0.0))
        elif c.name in ITEMS:
            components.append(_weighted(c, w / item_weight))
        else:
            off = w * (100.0 - c.score)
            lowered += off
            components.append(_weighted(c, w, round(off, 1)))
    score = round(min(said, max(0.0, said - lowered)))
    findings = tuple(f for _, found in parts for f in found)
    used = tuple(c.name for c in components if c.weight > 0)
    missing = {c.name: c.missing or "given no weight" for c in components if c.weight <= 0}
    why = f"From your check-in ({_words([_item_words(c) for c in items])}): {round(said)}."
    taken = [c for c in components if c.lowered_by >= 0.5]
    if taken:
        why += f" Lowered to {score} by " + _words(
            [f"{COMPONENT_WORDS[c.name]} (−{round(c.lowered_by)})" for c in taken]
        )
        why += "."
    if missing:
        why += " Not read: " + "; ".join(
            f"{COMPONENT_WORDS[n]} ({reason})" for n, reason in missing.items()
        )
        why += "."
    return Readiness(
        day,
        "ok",
        score,
        colour_of(score),
        signal,
        collected,
        CALIBRATION_MIN_DAYS,
        why,
        tuple(components),
        findings,
        used,
        missing,
        round(said),
    )


def _weighted(c: Component, weight: float, lowered_by: float | None = None) -> Component:
    """``c`` with its weight (and the points it took off); ``dataclasses.replace`` without its
    per-call field introspection, which cost a squad's season 1.7 s."""
    return Component(
        c.name,
        c.score,
        weight,
        c.value,
        c.baseline,
        c.detail,
        c.missing,
        c.lowered_by if lowered_by is None else lowered_by,
    )


def _item_words(c: Component) -> str:
    return f"{COMPONENT_WORDS[c.name]} {int(c.value or 0)}/5"


def _words(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
