"""SHAP reasons for a burnout risk, in words.

``shap.TreeExplainer`` splits the gradient boosting model's log-odds for one day into a part per
feature (a feature the athlete has no value for takes the share the model gives to "unknown"); the features that push the risk up most become sentences ("Your sleep averaged 6.1 h
over the last 7 days."), each with its share in log-odds. The wording says what the value is and
which way it moved the risk; it never says what caused what.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from fitcoach.ml.burnout.features import FEATURES, MISSING_INDICATORS

# feature -> (what it is, how its value reads, sentence when it raises risk, when it lowers it)
WORDING: dict[str, tuple[str, str, str, str]] = {
    "acwr": (
        "acute:chronic load ratio",
        "{:.2f}",
        "Your last week's load is high against your last four weeks (ratio {v}).",
        "Your load this week is in line with what you are used to (ratio {v}).",
    ),
    "acwr_rolling": (
        "acute:chronic load ratio (rolling)",
        "{:.2f}",
        "Your last 7 days' load is high against your last 28 days (rolling ratio {v}).",
        "Your last 7 days' load is in line with your last 28 days (rolling ratio {v}).",
    ),
    "load_7d": (
        "7-day load",
        "{:.0f} AU/day",
        "Your load over the last 7 days is high ({v}).",
        "Your load over the last 7 days is moderate ({v}).",
    ),
    "load_28d": (
        "28-day load",
        "{:.0f} AU/day",
        "Your load over the last 4 weeks is high ({v}).",
        "Your load over the last 4 weeks is moderate ({v}).",
    ),
    "monotony": (
        "training monotony",
        "{:.1f}",
        "Your training has been monotonous: similar load every day with little rest (monotony {v}).",
        "Your week varies hard and easy days (monotony {v}).",
    ),
    "strain_k": (
        "weekly strain",
        "{:.1f}k AU",
        "Your weekly strain (load × monotony) is high ({v}).",
        "Your weekly strain is moderate ({v}).",
    ),
    "form_pct": (
        "form (TSB as % of fitness)",
        "{:.0f} %",
        "Fatigue is well above your fitness (form {v}).",
        "Your form is fresh enough (form {v}).",
    ),
    "ctl": (
        "fitness (CTL)",
        "{:.0f} AU/day",
        "Your long-term training load is high ({v}).",
        "Your long-term training load is moderate ({v}).",
    ),
    "load_trend": (
        "load trend",
        "{:+.0%}",
        "Your load has risen quickly over the last week ({v} against your 4-week average).",
        "Your load has not been climbing ({v} against your 4-week average).",
    ),
    "days_since_rest": (
        "days since a rest day",
        "{:.0f}",
        "You have trained {v} days in a row without a rest day.",
        "You have had a rest day recently ({v} days of training since).",
    ),
    "sleep_7d": (
        "sleep (7-day average)",
        "{:.1f} h",
        "Your sleep averaged {v} over the last 7 days.",
        "You slept enough this week ({v} on average).",
    ),
    "sleep_sd_7d": (
        "sleep variability",
        "{:.1f} h",
        "Your sleep has been irregular this week (SD {v}).",
        "Your sleep has been regular this week (SD {v}).",
    ),
    "sleep_trend": (
        "sleep trend",
        "{:+.1f} h",
        "You are sleeping less than usual ({v} against your 4-week average).",
        "Your sleep is at or above your usual ({v} against your 4-week average).",
    ),
    "hrv_z_7d": (
        "HRV against your baseline",
        "{:+.1f} SD",
        "Your HRV is below your own baseline ({v} over the last 7 days).",
        "Your HRV is at or above your baseline ({v}).",
    ),
    "hrv_sd_7d": (
        "HRV day-to-day variation",
        "{:.2f}",
        "Your HRV has been swinging from day to day (SD {v} ln ms).",
        "Your HRV has been steady (SD {v} ln ms).",
    ),
    "rhr_delta_7d": (
        "resting HR against your baseline",
        "{:+.1f} bpm",
        "Your resting heart rate is up ({v} against your baseline).",
        "Your resting heart rate is at your baseline ({v}).",
    ),
    "soreness_7d": (
        "soreness (7-day average)",
        "{:.1f}/5",
        "You have been sore this week ({v} on average).",
        "Soreness has been low ({v}).",
    ),
    "soreness_trend": (
        "soreness trend",
        "{:+.1f}",
        "Soreness has been rising ({v} against your 4-week average).",
        "Soreness is not rising ({v}).",
    ),
    "mood_7d": (
        "mood (7-day average)",
        "{:.1f}/5",
        "Your mood has been low this week ({v} on average).",
        "Your mood has been good ({v}).",
    ),
    "mood_trend": (
        "mood trend",
        "{:+.1f}",
        "Your mood has been dropping ({v} against your 4-week average).",
        "Your mood is steady or better ({v}).",
    ),
    "energy_7d": (
        "energy (7-day average)",
        "{:.1f}/5",
        "Your energy has been low this week ({v} on average).",
        "Your energy has been good ({v}).",
    ),
    "energy_trend": (
        "energy trend",
        "{:+.1f}",
        "Your energy has been dropping ({v} against your 4-week average).",
        "Your energy is steady or better ({v}).",
    ),
    "hrv_missing": (
        "no recent HRV",
        "{:.0f}",
        "There are no recent HRV readings, so the risk is estimated without them.",
        "Recent HRV readings are part of the estimate.",
    ),
    "rhr_missing": (
        "no recent resting HR",
        "{:.0f}",
        "There are no recent resting heart rate readings, so the risk is estimated without them.",
        "Recent resting heart rate readings are part of the estimate.",
    ),
    "sleep_missing": (
        "no recent sleep",
        "{:.0f}",
        "There are no recent sleep records, so the risk is estimated without them.",
        "Recent sleep records are part of the estimate.",
    ),
    "wellness_missing": (
        "no recent check-ins",
        "{:.0f}",
        "There are no recent morning check-ins, so the risk is estimated without them.",
        "Recent morning check-ins are part of the estimate.",
    ),
}


@dataclass(frozen=True)
class RiskReason:
    """One feature's share of a risk: its value, its SHAP value (log-odds) and the sentence."""

    feature: str
    label: str
    value: float | None
    shap: float
    text: str


def explainer(model: Any) -> Any:
    """A ``shap.TreeExplainer`` for a fitted tree model (``ModelUnavailable`` without shap)."""
    try:
        import shap
    except ImportError as exc:
        from fitcoach.ml.burnout.model import ModelUnavailable

        raise ModelUnavailable(
            "The risk reasons need shap (the ml extra): pip install 'fitcoach[ml]'."
        ) from exc
    return shap.TreeExplainer(model)


def shap_values(explain: Any, x: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
    """Log-odds contributions, one row per row of ``x`` and one column per feature."""
    values = explain.shap_values(x)
    if isinstance(values, list):  # older shap: one array per class
        values = values[-1]
    array = np.asarray(values, dtype=float)
    if array.ndim == 3:  # (rows, features, classes)
        array = array[..., -1]
    return array


def sentence(feature: str, value: float | None, contribution: float) -> str:
    label, fmt, up, down = WORDING[feature]
    shown = "unknown" if value is None or not np.isfinite(value) else fmt.format(value)
    if value is None or not np.isfinite(value):
        return f"No recent {label} readings; the model scored them as unknown."
    if feature in MISSING_INDICATORS:  # the sentence says what is missing, not which way
        return up if value >= 0.5 else down
    return (up if contribution > 0 else down).format(v=shown)


# A share below this (log-odds; ×1.1 on the odds) is not worth a sentence: with every feature
# near its usual value the largest shares are noise, and "your strain is high" would mislead.
MIN_SHARE = 0.1


def reasons(
    raw: npt.NDArray[np.float64],
    contributions: npt.NDArray[np.float64],
    *,
    top: int = 3,
    raising_only: bool = True,
    min_share: float = MIN_SHARE,
) -> list[RiskReason]:
    """The ``top`` features that pushed this row's risk up most (or moved it most, when
    ``raising_only`` is false), largest first, each by at least ``min_share`` log-odds. ``raw``
    is the row before imputation (NaN where a feature could not be computed), so a sentence
    never states a filled-in value as the athlete's."""
    order = np.argsort(-contributions if raising_only else -np.abs(contributions))
    out: list[RiskReason] = []
    for i in order:
        share = float(contributions[i])
        if (share if raising_only else abs(share)) < min_share:
            break
        feature = FEATURES[i]
        value = float(raw[i]) if np.isfinite(raw[i]) else None
        out.append(
            RiskReason(
                feature,
                WORDING[feature][0],
                value,
                round(share, 4),
                sentence(feature, value, share),
            )
        )
        if len(out) == top:
            break
    return out
