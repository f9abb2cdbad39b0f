"""Morning readiness 0–100 from whatever the athlete records: HRV and resting HR against their
own baseline, sleep, how they feel, and recent load; the result names the inputs it used and
why each other one was left out.

Components, each scored 0–100, and their weights (renormalised over the components present;
a missing reading is left out, never filled in from an earlier day):

======================  ======  ===============================================================
component               weight  100 … 0
======================  ======  ===============================================================
HRV (ln rMSSD)          0.30    within the smallest worthwhile change (−0.5 SD) or above …
                                2.5 SD below the baseline mean; the lower of today's value and
                                the 7-day mean counts
resting HR              0.05    up to half the flag threshold above baseline … 2.5 × it
sleep last night        0.05    ≥ 95 % of need … ≤ 50 % of need (default need 8 h)
soreness (1–5)          0.10    1 (none) … 5 (very sore), linear
energy (1–5)            0.35    5 … 1, linear
mood (1–5)              0.10    5 … 1, linear
recent load             0.05    the mean of ACWR ≤ 0.8 … ≥ 2.0 and form (TSB as % of CTL)
                                ≥ 0 % … ≤ −60 %, each linear (either alone when only it exists)
======================  ======  ===============================================================

**Where the weights come from.** HRV keeps the share it was given from the literature (0.30;
PMData, the real data below, has no HRV). The other six were calibrated on real athletes:
PMData (Thambawita et al. 2020; 16 people, 5 months of morning wellness, session RPE and
Fitbit), on its eleven development persons only (``blind_pmdata.DEV_PERSONS``), by
``fitcoach.ml.validation.readiness_calibration``: a two-step coordinate ascent of the
within-person Spearman ρ between this score and the readiness the athletes reported each
morning (first the objective inputs alone, then the ratings), rounded to 0.05 with none below
0.05 so that every input an athlete logs is read. The fit was rerun on the same development
persons when the first 14 mornings began to be scored from the ratings and sleep (issue 39's
second pass: the rows the fit reads grew), which moved 0.05 from soreness to mood (first
calibration: soreness 0.15, mood 0.05). Leaving each development person out in turn gives the
same weights within 0.05 in ten of eleven folds (0.10 in the other). The five held-out persons
were scored with the first calibration and, a second time, with this rule; both times the
plain sum of soreness, mood and fatigue tracked their readiness a little better (within-person
ρ 0.27 against 0.20, then 0.27 against 0.24; docs/models/readiness.md has every figure and the
limits, among them PMData's lack of HRV). What the data said: the energy rating carries most of how
ready athletes feel; sleep duration and the day before's resting HR carry almost nothing;
recent load carries some (ρ about 0.2 on the days it exists), which is why the
load ramps start at ACWR 0.8 and form 0 % rather than at the 1.5 and −30 % alarm lines (chosen
among eight shapes on the development persons). Before this calibration the weights were HRV
0.30, resting HR 0.10, sleep 0.20, soreness 0.15, energy 0.10, mood 0.05, load 0.10, and the
load counted only beyond ACWR 1.5 or form −30 %.

HRV follows Plews et al. (2013) *Int J Sports Physiol Perform* 8(6):688–691 and Kiviniemi et
al. (2007) *Eur J Appl Physiol* 101:743–751: ln rMSSD, a personal baseline of up to 60 days
(mean and SD; at least 14 days in the last 28), a normal range of ±0.5 SD (the smallest
worthwhile change) and a 7-day rolling mean for the trend; the 7-day SD is reported, not
scored. The SD is floored at 0.03 ln units (and resting HR's at 1 bpm) so that an unusually
steady baseline does not turn trivial changes into alarms. Resting HR is flagged when more than
5 bpm or 1 SD above its baseline. Form uses intervals.icu's relative scale (−30 % of fitness is
its high-risk line, still the ``form_low`` finding; ACWR above 1.5 is ``load_spike``) because
the −30 threshold known from TrainingPeaks is in TSS, not in the session-RPE units fitcoach
loads use.

**Calibration.** HRV and resting HR are read against the athlete's own baseline: each needs
14 days of its own in the last 28 before it counts, and until then it is left out with how many
mornings it has (``calibrating: 5 of 14 mornings in the last 28``). The other inputs need no
baseline (the ratings are on an absolute 1–5 scale, sleep is against a need, load is a ratio),
so a morning with sleep or a rating is scored from the first day. While the athlete has fewer
than 14 mornings with any reading in the 28 days before ``day`` and this morning has none of
those baseline-free readings (only HRV or resting HR, or nothing), the score is withheld
(status ``calibrating``). Until issue 39's second pass the whole first 14 mornings were
withheld whatever was recorded; on PMData's development persons that cost the rule its lead
over the plain sum of the ratings over every morning (docs/models/readiness.md).

**No data.** Recent load describes the past, not this morning: with none of the day's own
readings (HRV, resting HR, sleep, soreness, energy, mood) the status is ``no_data``.

**Colour.** green ≥ 70, yellow 40–69, red < 40 (the same cut-offs the progression rules use
for a low-readiness day).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from fitcoach.core.domain import ReadinessColour, ReadinessStatus
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:  # imported in the functions that use them: the CLI and servers start without
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

# Calibrated on PMData's development persons (module docstring; reproduced by
# ``python -m fitcoach.ml.validation.readiness_calibration``, checked by ``fitcoach ml validate``).
WEIGHTS: dict[str, float] = {
    "hrv": 0.30,
    "resting_hr": 0.05,
    "sleep": 0.05,
    "soreness": 0.10,
    "energy": 0.35,
    "mood": 0.10,
    "load": 0.05,
}
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

# The inputs scored against the athlete's own baseline (14 of their own mornings in the last
# 28 before they count), and this morning's inputs that need none: the 1–5 ratings are on an
# absolute scale, sleep is against a need (8 h unless given). Load needs no baseline either,
# but alone it is history, not this morning.
BASELINE_INPUTS = ("hrv", "resting_hr")
MORNING_BASELINE_FREE = ("sleep", "soreness", "energy", "mood")
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


@dataclass(frozen=True)
class Readiness:
    """The day's readiness: a score and colour, or why there is none yet."""

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
    # and each other input with why it was left out; on a calibrating or no-data day nothing
    # is used and every input says why.
    inputs_used: tuple[str, ...] = ()
    inputs_missing: dict[str, str] = field(default_factory=dict)


def colour_of(score: float) -> Colour:
    """green ≥ 70, yellow 40–69, red < 40."""
    if score >= GREEN_MIN:
        return "green"
    return "yellow" if score >= YELLOW_MIN else "red"


def _ramp(value: float, full: float, zero: float) -> float:
    """100 at ``full`` or beyond it, 0 at ``zero`` or beyond it, linear between."""
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    return 100.0 * float(np.clip((value - zero) / (full - zero), 0.0, 1.0))


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
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

        lo = max((first - self.lo).days, 0)
        hi = max((last - self.lo).days + 1, 0)
        return not bool(np.isnan(self.values[column][lo:hi]).all())

    def mornings_before(self, day: date, days: int, columns: tuple[str, ...] = COLUMNS) -> int:
        """Days among the ``days`` before ``day`` with a reading in any of ``columns``."""
        import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

        lo = max((day - timedelta(days=days) - self.lo).days, 0)
        hi = max((day - self.lo).days, 0)
        seen = np.zeros(max(hi - lo, 0), dtype=bool)
        for column in columns:
            seen |= ~np.isnan(self.values[column][lo:hi])
        return int(seen.sum())

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


def _finding(code: str, text: str, **params: float | int | str) -> Finding:
    return Finding(code, params, text.format(**params))


def _hrv(frame: _Days, day: date) -> tuple[Component, list[Finding]]:
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    counted = len(frame.before("hrv_rmssd_ms", day, CALIBRATION_WINDOW_DAYS))
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
    counted = len(frame.before("resting_hr_bpm", day, CALIBRATION_WINDOW_DAYS))
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
    calibrating = collected < CALIBRATION_MIN_DAYS
    parts = [
        _hrv(frame, day),
        _resting_hr(frame, day),
        _sleep(frame, day, sleep_need_h),
        _scale(frame, day, "soreness", higher_is_better=False),
        _scale(frame, day, "energy", higher_is_better=True),
        _scale(frame, day, "mood", higher_is_better=True),
        _load(acwr, form_pct),
    ]
    if calibrating:
        # HRV and resting HR need 14 of their own mornings (fewer than ``collected``), so they
        # cannot score yet; an input never logged is named as building its baseline too.
        parts = [
            (replace(c, missing=_building(0)), found)
            if c.name in BASELINE_INPUTS and c.missing == _NONE_RECORDED
            else (c, found)
            for c, found in parts
        ]
    present = {
        c.name: weights.get(c.name, 0.0)
        for c, _ in parts
        if c.score is not None and weights.get(c.name, 0.0) > 0
    }
    if calibrating and not set(present) & set(MORNING_BASELINE_FREE):
        # Nothing of this morning scores without a personal baseline: the calibrating status.
        recorded = _recorded(frame, day)
        why = (
            f"Readiness compares your HRV and resting HR with your own baseline, which needs "
            f"{CALIBRATION_MIN_DAYS} mornings in the last {CALIBRATION_WINDOW_DAYS} days; "
            f"{collected} so far"
        )
        why += f" (recorded: {_words(recorded)})." if recorded else "."
        why += " Sleep and how you feel (soreness, energy, mood) score from the first morning."
        return Readiness(
            day,
            "calibrating",
            None,
            None,
            signal,
            collected,
            CALIBRATION_MIN_DAYS,
            why,
            inputs_missing={c.name: c.missing or "no reading today" for c, _ in parts},
        )
    total = sum(present.values())
    missing = {c.name: c.missing or "given no weight" for c, _ in parts if c.name not in present}
    # Load alone is history, not this morning: without one reading of the day there is no score.
    if total <= 0 or set(present) <= {"load"}:
        return Readiness(
            day,
            "no_data",
            None,
            None,
            signal,
            collected,
            CALIBRATION_MIN_DAYS,
            f"No readings for {day.isoformat()}: log HRV, resting HR, sleep or how you feel.",
            inputs_missing={c.name: c.missing or "no reading today" for c, _ in parts},
        )
    components = tuple(
        Component(
            c.name,
            c.score,
            present.get(c.name, 0.0) / total,
            c.value,
            c.baseline,
            c.detail,
            c.missing,
        )
        for c, _ in parts
    )
    raw = sum(c.score * c.weight for c in components if c.score is not None)
    score = round(min(100.0, max(0.0, raw)))
    findings = tuple(f for _, found in parts for f in found)
    used = tuple(c.name for c in components if c.weight > 0)
    why = f"Scored from {_words([COMPONENT_WORDS[n] for n in used])}."
    if missing:
        why += " Left out: " + "; ".join(
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
        components,
        findings,
        used,
        missing,
    )


def _words(names: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
