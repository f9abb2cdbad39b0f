"""The load rule: a training-load flag from the acute:chronic ratio and the 7-day load, with
its reasons in words.

This is what the product shows as the risk wherever the learnt risk model has not beaten these
same two quantities on real athletes' injuries (docs/models/burnout.md, "Real data"): both are
the baselines of that check, computed the same way.

- **ACWR**: the coupled rolling ratio, mean daily load of the last 7 days over that of the last
  28 (``load.acwr_rolling``), through the day scored. ``high`` from 1.5, ``moderate`` from
  1.3: Gabbett (2016) *Br J Sports Med* 50:273-280 puts the "sweet spot" at 0.8-1.3 and the
  "danger zone" above 1.5. Below 0.8 the athlete is doing much less than usual: said, not
  flagged (a return to full load from there is itself a spike). Its limits (Impellizzeri et
  al. 2020: coupled ratio, small numbers after a break, a contested link to injury) are why
  it is a description of a change in load, not a probability.
- **7-day load**: the last 7 days' total against the athlete's own highest 7-day total in the
  8 weeks before: above it is ``moderate`` ("the most in 8 weeks").

With fewer than 28 days of load there is no level (``insufficient_data``): the ratio needs its
chronic window. The limits are data (:class:`LoadRuleLimits`), one validated record.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    import pandas as pd

Level = Literal["low", "moderate", "high"]
RuleStatus = Literal["ok", "insufficient_data"]


@dataclass(frozen=True)
class LoadRuleLimits:
    """The rule's thresholds (see the module's description for their sources)."""

    acwr_high: float = 1.5
    acwr_moderate: float = 1.3
    acwr_low: float = 0.8
    peak_weeks: int = 8

    def __post_init__(self) -> None:
        if not 0 < self.acwr_low < self.acwr_moderate <= self.acwr_high:
            raise InvalidInput("need 0 < acwr_low < acwr_moderate <= acwr_high")
        if not 1 <= self.peak_weeks <= 52:
            raise InvalidInput("peak_weeks lies between 1 and 52")


LIMITS = LoadRuleLimits()


@dataclass(frozen=True)
class LoadReason:
    """One reason: a stable code, its figures and the sentence."""

    code: str
    text: str
    params: dict[str, float]


@dataclass(frozen=True)
class LoadRuleResult:
    """The rule's verdict for one day, or why there is none."""

    day: date
    status: RuleStatus
    level: Level | None
    acwr: float | None  # rolling 7:28, through the day
    load_7d_au: float | None  # total of the last 7 days
    load_28d_au: float | None  # total of the last 28 days
    reasons: tuple[LoadReason, ...]
    days_of_load: int


def _week_sums(values: npt.NDArray[np.float64], days: int) -> npt.NDArray[np.float64]:
    sums = np.concatenate([[0.0], np.cumsum(values)])
    out = np.full(len(values), np.nan)
    if len(values) >= days:
        out[days - 1 :] = sums[days:] - sums[:-days]
    return out


def load_rule_days(daily: pd.Series, *, limits: LoadRuleLimits = LIMITS) -> list[LoadRuleResult]:
    """The rule for every day of ``daily`` (consecutive days, load in AU, 0 on rest days, no
    NaN), each from that day and the days before it."""
    acwr = load_analysis.acwr_rolling(daily).to_numpy(dtype=float)  # checks the series too
    values = daily.to_numpy(dtype=float)
    week = _week_sums(values, load_analysis.ACUTE_DAYS)
    month = _week_sums(values, load_analysis.CHRONIC_DAYS)
    lookback = limits.peak_weeks * 7
    days = [d.date() for d in daily.index]
    out = []
    for i, day in enumerate(days):
        out.append(_verdict(day, i, acwr, week, month, lookback, limits))
    return out


def load_rule(daily: pd.Series, *, limits: LoadRuleLimits = LIMITS) -> LoadRuleResult:
    """The rule for the last day of ``daily`` (see :func:`load_rule_days`)."""
    if len(daily) == 0:
        raise InvalidInput("no days of load to judge")
    return load_rule_days(daily, limits=limits)[-1]


def _verdict(
    day: date,
    i: int,
    acwr: npt.NDArray[np.float64],
    week: npt.NDArray[np.float64],
    month: npt.NDArray[np.float64],
    lookback: int,
    limits: LoadRuleLimits,
) -> LoadRuleResult:
    have = i + 1
    if have < load_analysis.CHRONIC_DAYS:
        return LoadRuleResult(
            day=day,
            status="insufficient_data",
            level=None,
            acwr=None,
            load_7d_au=None if np.isnan(week[i]) else float(week[i]),
            load_28d_au=None,
            reasons=(
                LoadReason(
                    "load_history_short",
                    f"The load rule needs {load_analysis.CHRONIC_DAYS} days of training load; "
                    f"{have} so far.",
                    {"days": float(have), "needed": float(load_analysis.CHRONIC_DAYS)},
                ),
            ),
            days_of_load=have,
        )
    ratio = None if np.isnan(acwr[i]) else float(acwr[i])
    this_week, this_month = float(week[i]), float(month[i])
    reasons: list[LoadReason] = []
    level: Level = "low"
    if ratio is None:
        reasons.append(
            LoadReason(
                "no_load_4_weeks",
                "No training load in the last 4 weeks: any session is a large change from that.",
                {},
            )
        )
    elif ratio >= limits.acwr_high:
        level = "high"
        reasons.append(
            LoadReason(
                "acwr_high",
                f"Your last 7 days' load is {ratio:.2f} times your 4-week average "
                f"(above {limits.acwr_high:g}): a sharp rise.",
                {"acwr": round(ratio, 3), "limit": limits.acwr_high},
            )
        )
    elif ratio >= limits.acwr_moderate:
        level = "moderate"
        reasons.append(
            LoadReason(
                "acwr_raised",
                f"Your last 7 days' load is {ratio:.2f} times your 4-week average "
                f"(above {limits.acwr_moderate:g}).",
                {"acwr": round(ratio, 3), "limit": limits.acwr_moderate},
            )
        )
    elif ratio < limits.acwr_low:
        reasons.append(
            LoadReason(
                "acwr_low",
                f"Your last 7 days' load is {ratio:.2f} times your 4-week average: well below "
                "usual, so build back up gradually.",
                {"acwr": round(ratio, 3), "limit": limits.acwr_low},
            )
        )
    earlier = week[max(0, i - lookback) : i]
    earlier = earlier[~np.isnan(earlier)]
    if len(earlier) >= 7 and this_week > float(earlier.max()):
        if level == "low":
            level = "moderate"
        weeks = min(lookback, i) // 7
        reasons.append(
            LoadReason(
                "load_7d_peak",
                f"Your 7-day load ({this_week:,.0f} AU) is the highest in {weeks} weeks.",
                {"load_7d_au": round(this_week, 1), "weeks": float(weeks)},
            )
        )
    if not reasons:
        reasons.append(
            LoadReason(
                "load_steady",
                f"Your load is in line with your last 4 weeks (ratio {ratio:.2f}).",
                {"acwr": round(ratio or 0.0, 3)},
            )
        )
    return LoadRuleResult(
        day=day,
        status="ok",
        level=level,
        acwr=ratio,
        load_7d_au=this_week,
        load_28d_au=this_month,
        reasons=tuple(reasons),
        days_of_load=i + 1,
    )
