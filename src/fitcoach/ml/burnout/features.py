"""The burnout features: averages, trends and variability over one daily frame.

**The daily frame** (:data:`FRAME_COLUMNS`): one row per consecutive day (a ``DatetimeIndex``),
``load_au`` (session-RPE load of the day, 0 on rest days, never NaN), and the morning readings
``sleep_h``, ``hrv_rmssd_ms``, ``resting_hr_bpm``, ``soreness``, ``mood``, ``energy`` (1–5; NaN
when not recorded). The generator writes this frame; the service builds it from the athlete's
workouts and daily metrics. :func:`daily_features` turns it into one feature row per day, each
from that day and the days before it only (nothing looks ahead).

Load features come from ``fitcoach.analysis.load`` (EWMA and rolling ACWR, Foster's monotony
and strain, Banister's ATL/CTL and form), the same functions readiness uses; HRV is read as ln
rMSSD against a 60-day personal baseline, as ``fitcoach.analysis.readiness`` does. A feature that
cannot be computed yet (too few days, no readings) is NaN: the gradient boosting model splits on
NaN itself, the logistic regression fills it with the training median.

**Missing inputs.** Most team athletes record no HRV and many no resting HR. Four indicators
(``hrv_missing``, ``rhr_missing``, ``sleep_missing``, ``wellness_missing``: 1 when the last 7 days
hold fewer than 3 readings of that input) tell the models which inputs a row lacks, so that
"no HRV" is learnt as its own case instead of being read as a typical HRV; the simulators give
each athlete a random set of inputs (``fitcoach.pipelines.burnout``), so every set is trained.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis import readiness as readiness_analysis
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    import pandas as pd

SCHEMA_VERSION = "burnout-features-2"
FRAME_COLUMNS = (
    "load_au",
    "sleep_h",
    "hrv_rmssd_ms",
    "resting_hr_bpm",
    "soreness",
    "mood",
    "energy",
)
READINGS = FRAME_COLUMNS[1:]
FEATURES = (
    "acwr",
    "acwr_rolling",
    "load_7d",
    "load_28d",
    "monotony",
    "strain_k",
    "form_pct",
    "ctl",
    "load_trend",
    "days_since_rest",
    "sleep_7d",
    "sleep_sd_7d",
    "sleep_trend",
    "hrv_z_7d",
    "hrv_sd_7d",
    "rhr_delta_7d",
    "soreness_7d",
    "soreness_trend",
    "mood_7d",
    "mood_trend",
    "energy_7d",
    "energy_trend",
    "hrv_missing",
    "rhr_missing",
    "sleep_missing",
    "wellness_missing",
)
MISSING_INDICATORS = ("hrv_missing", "rhr_missing", "sleep_missing", "wellness_missing")
WEEK = 7
MONTH = 28
MIN_WEEK_READINGS = 3
MIN_MONTH_READINGS = 10
BASELINE_DAYS = readiness_analysis.BASELINE_DAYS
BASELINE_MIN = readiness_analysis.CALIBRATION_MIN_DAYS
HORIZON_DAYS = 7


def schema() -> dict[str, object]:
    """What a model trained on these features expects: the registry refuses anything else."""
    return {
        "version": SCHEMA_VERSION,
        "frame": list(FRAME_COLUMNS),
        "features": list(FEATURES),
        "horizon_days": HORIZON_DAYS,
    }


def check_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame as floats on consecutive days, or ``InvalidInput`` saying what is wrong."""
    import pandas as pd

    missing = [c for c in FRAME_COLUMNS if c not in frame]
    if missing:
        raise InvalidInput(f"the daily frame lacks {', '.join(missing)}")
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise InvalidInput("the daily frame needs a DatetimeIndex of consecutive days")
    out = frame[list(FRAME_COLUMNS)].astype(float)
    if len(out) > 1 and not (np.diff(out.index.to_numpy()) == np.timedelta64(1, "D")).all():
        raise InvalidInput("the daily frame must hold consecutive days (one row per day)")
    return out


def _days_since_rest(load: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    out = np.zeros(len(load))
    run = 0.0
    for i, value in enumerate(load):
        run = run + 1.0 if value > 0 else 0.0
        out[i] = run
    return out


def daily_features(frame: pd.DataFrame) -> pd.DataFrame:
    """One row of :data:`FEATURES` per day of ``frame`` (see the module's description).

    - ``acwr``: EWMA acute:chronic ratio (7/28 days); ``acwr_rolling``: the coupled rolling
      ratio (7-day mean / 28-day mean, NaN while the 28-day mean is 0); ``load_7d`` and
      ``load_28d``: the 7- and 28-day mean daily load (AU); ``monotony`` and ``strain_k``
      (strain in thousands of AU) over 7 days; ``form_pct``: TSB / CTL × 100; ``ctl``: fitness (AU/day);
      ``load_trend``: (7-day mean − 28-day mean) / (28-day mean + 50 AU); ``days_since_rest``.
    - sleep: 7-day mean, 7-day SD, 7-day minus 28-day mean (hours).
    - ``hrv_z_7d``: (7-day mean ln rMSSD − 60-day mean) / 60-day SD (floored like readiness);
      ``hrv_sd_7d``: 7-day SD of ln rMSSD; ``rhr_delta_7d``: 7-day mean − 60-day mean (bpm).
    - soreness, mood, energy: 7-day mean and 7-day minus 28-day mean.
    - ``*_missing``: 1 when the last 7 days hold fewer than 3 readings of HRV, resting HR,
      sleep, or of any wellness item (soreness, mood, energy), else 0; never NaN.
    """
    import pandas as pd

    data = check_frame(frame)
    load = data["load_au"]
    if load.isna().any() or (load < 0).any():
        raise InvalidInput("load_au must be a non-negative number every day (0 on rest days)")
    if data.empty:
        return pd.DataFrame(columns=list(FEATURES), index=data.index, dtype=float)
    # Each window is taken over all the columns that use it in one call, and the arithmetic is
    # done on arrays: every pandas call has a fixed cost larger than its arithmetic over a few
    # hundred days, and a weekly report scores one athlete at a time (8.6 -> 4.1 ms for 180
    # days). Per column the rolling kernels are the ones a Series uses, so the features are the
    # same to the bit (tests/ml/test_burnout.py).
    readings = pd.DataFrame(
        {
            "sleep": data["sleep_h"],
            "ln_hrv": np.log(data["hrv_rmssd_ms"].where(data["hrv_rmssd_ms"] > 0)),
            "rhr": data["resting_hr_bpm"],
            "soreness": data["soreness"],
            "mood": data["mood"],
            "energy": data["energy"],
        }
    )
    week = _columns(readings.rolling(WEEK, min_periods=MIN_WEEK_READINGS).mean())
    week_sd = _columns(
        readings[["sleep", "ln_hrv"]].rolling(WEEK, min_periods=MIN_WEEK_READINGS).std(ddof=1)
    )
    trended = ["sleep", "soreness", "mood", "energy"]
    month = _columns(readings[trended].rolling(MONTH, min_periods=MIN_MONTH_READINGS).mean())
    base = readings[["ln_hrv", "rhr"]].rolling(BASELINE_DAYS, min_periods=BASELINE_MIN)
    base_mean = _columns(base.mean())
    base_sd = np.clip(
        base.std(ddof=1)["ln_hrv"].to_numpy(), readiness_analysis.LN_RMSSD_SD_FLOOR, None
    )
    load_week = load.rolling(WEEK, min_periods=WEEK).mean().to_numpy()
    load_month = load.rolling(MONTH, min_periods=MONTH).mean().to_numpy()

    varied, strained = load_analysis.monotony_and_strain(load)
    ff = load_analysis.fitness_fatigue(load)
    ctl, atl = ff["ctl"].to_numpy(), ff["atl"].to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        form = (ctl - atl) / np.where(ctl > 1.0, ctl, np.nan) * 100.0
        hrv_z = (week["ln_hrv"] - base_mean["ln_hrv"]) / base_sd
    counts = _columns(readings.notna().astype(float).rolling(WEEK, min_periods=1).sum())
    wellness_count = np.maximum.reduce([counts["soreness"], counts["mood"], counts["energy"]])
    out = {
        "acwr": load_analysis.acwr_ewma(load).to_numpy(),
        "acwr_rolling": load_analysis.acwr_rolling(load).to_numpy(),
        "load_7d": load_week,
        "load_28d": load_month,
        "monotony": np.clip(varied.to_numpy(), None, 10.0),
        "strain_k": np.clip(strained.to_numpy(), None, 50_000.0) / 1000.0,
        "form_pct": np.clip(form, -300.0, 100.0),
        "ctl": ctl,
        "load_trend": (load_week - load_month) / (load_month + 50.0),
        "days_since_rest": _days_since_rest(load.to_numpy()),
        "sleep_7d": week["sleep"],
        "sleep_sd_7d": week_sd["sleep"],
        "sleep_trend": week["sleep"] - month["sleep"],
        "hrv_z_7d": np.clip(hrv_z, -10.0, 10.0),
        "hrv_sd_7d": week_sd["ln_hrv"],
        "rhr_delta_7d": week["rhr"] - base_mean["rhr"],
    }
    for column in ("soreness", "mood", "energy"):
        out[f"{column}_7d"] = week[column]
        out[f"{column}_trend"] = week[column] - month[column]
    for name, count in (
        ("hrv_missing", counts["ln_hrv"]),
        ("rhr_missing", counts["rhr"]),
        ("sleep_missing", counts["sleep"]),
        ("wellness_missing", wellness_count),
    ):
        out[name] = (count < MIN_WEEK_READINGS).astype(float)
    return pd.DataFrame({name: out[name] for name in FEATURES}, index=data.index, dtype=float)


def _columns(table: pd.DataFrame) -> dict[str, npt.NDArray[np.float64]]:
    """Each column of ``table`` as a float array."""
    return {str(name): table[name].to_numpy(dtype=float) for name in table.columns}
