"""The protocol's targets and baselines: the readiness frame, injury onsets and the risk frame
built from the athlete-day table, and the baseline scores every model is compared with.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
import pandas as pd

from research.validation.blind_pmdata.protocol import (
    ACUTE_DAYS,
    CHRONIC_DAYS,
    HIGHER_IS_BETTER,
    ITEMS_EXCEPT_READINESS,
    MAX_REPORT_GAP_DAYS,
    RISK_HORIZON_DAYS,
)


@dataclass(frozen=True)
class Baseline:
    """A baseline score: its column, whether it uses self-report, what it is."""

    name: str
    uses_self_report: bool
    description: str


READINESS_BASELINES: Final[tuple[Baseline, ...]] = (
    Baseline("yesterday_readiness", True, "readiness of D-1"),
    Baseline("fitbit_sleep_min", False, "Fitbit minutes asleep, night ending on D"),
    Baseline("soreness_mood_fatigue", True, "soreness + mood + fatigue of D"),
    Baseline("all_items_sum", True, "sum of the six items of D other than readiness"),
)
RISK_BASELINES: Final[tuple[Baseline, ...]] = (
    Baseline("acwr", False, "7-day / 28-day mean daily sRPE load, to D-1"),
    Baseline("load_7d_mean", False, "mean daily sRPE load over D-7 … D-1"),
)


def readiness_baselines(days: pd.DataFrame) -> pd.DataFrame:
    """The readiness baselines for every row of a continuous athlete-day table."""
    out = days[["person", "date"]].copy()
    out["yesterday_readiness"] = days.groupby("person")["readiness"].shift(1)
    out["fitbit_sleep_min"] = days["sleep_min"]
    out["soreness_mood_fatigue"] = _signed_sum(days, ("soreness", "mood", "fatigue"))
    out["all_items_sum"] = _signed_sum(days, ITEMS_EXCEPT_READINESS)
    return out


def _signed_sum(days: pd.DataFrame, items: Sequence[str]) -> pd.Series:
    """Plain sum of ``items`` oriented by ``HIGHER_IS_BETTER``; NaN if any item is missing."""
    total = pd.Series(0.0, index=days.index)
    for item in items:
        total = total + HIGHER_IS_BETTER[item] * days[item]
    return total


def load_baselines(days: pd.DataFrame) -> pd.DataFrame:
    """ACWR and 7-day mean load from loads of D-1 and earlier, for every row."""
    out = days[["person", "date"]].copy()
    before = days.groupby("person")["load"].shift(1)
    grouped = before.groupby(days["person"])
    acute = grouped.transform(lambda s: s.rolling(ACUTE_DAYS, min_periods=ACUTE_DAYS).mean())
    chronic = grouped.transform(lambda s: s.rolling(CHRONIC_DAYS, min_periods=CHRONIC_DAYS).mean())
    out["acute"] = acute
    out["chronic"] = chronic
    ratio = acute / chronic.where(chronic > 0)
    out["acwr"] = ratio.where(~((chronic == 0) & acute.notna()), 0.0)
    out["load_7d_mean"] = acute
    return out


def _readiness_frame(days: pd.DataFrame) -> pd.DataFrame:
    frame = readiness_baselines(days)
    frame["target"] = days["readiness"]
    items_ok = days[list(ITEMS_EXCEPT_READINESS)].notna().all(axis=1)
    status = np.select(
        [
            days["readiness"].isna(),
            frame["yesterday_readiness"].isna(),
            frame["fitbit_sleep_min"].isna(),
            ~items_ok,
        ],
        ["no_readiness", "no_readiness_yesterday", "no_fitbit_sleep", "item_missing"],
        default="included",
    )
    frame["status"] = status
    return frame


def injury_onsets(reports: pd.DataFrame) -> pd.DataFrame:
    """Each non-empty report after an empty one, with its gap and whether it is an onset."""
    r = reports.sort_values(["person", "time_local"], kind="mergesort")
    prev_n = r.groupby("person")["n_areas"].shift(1)
    prev_date = r.groupby("person")["date"].shift(1)
    first_after_clear = (r["n_areas"] > 0) & (prev_n == 0)
    out = r.loc[first_after_clear, ["person", "date", "areas", "major"]].copy()
    out["gap_days"] = (r["date"] - prev_date).dt.days[first_after_clear]
    out["onset"] = out["gap_days"] <= MAX_REPORT_GAP_DAYS
    return out.reset_index(drop=True)


def _risk_frame(days: pd.DataFrame, reports: pd.DataFrame) -> pd.DataFrame:
    frame = load_baselines(days)
    frame["target"] = np.nan
    status = pd.Series("no_injury_file", index=frame.index, dtype=object)
    onsets = injury_onsets(reports)
    for person, rep in reports.groupby("person"):
        rows = frame.index[frame["person"] == person]
        if len(rows) == 0:
            continue
        dates = frame.loc[rows, "date"].to_numpy("datetime64[D]")
        rdates = rep["date"].to_numpy("datetime64[D]")
        rempty = rep["n_areas"].to_numpy() == 0
        gaps_ok = np.diff(rdates).astype(int) <= MAX_REPORT_GAP_DAYS  # gap after report i
        bad_gap_cum = np.concatenate([[0], np.cumsum(~gaps_ok)])
        on = onsets.loc[(onsets["person"] == person) & onsets["onset"], "date"]
        on_dates = np.sort(on.to_numpy("datetime64[D]"))
        last = np.searchsorted(rdates, dates, side="right") - 1
        horizon = dates + np.timedelta64(RISK_HORIZON_DAYS, "D")
        first_after = np.searchsorted(rdates, horizon, side="left")
        lo = np.searchsorted(on_dates, dates + np.timedelta64(1, "D"), side="left")
        hi = np.searchsorted(on_dates, horizon, side="right")
        positive = hi > lo
        st = np.full(len(rows), "included", dtype=object)
        target = positive.astype(float)
        for k in range(len(rows)):
            a = last[k]
            if a < 0:
                st[k] = "before_first_report"
            elif not rempty[a]:
                st[k] = "ongoing_injury"
            elif positive[k]:
                st[k] = "included"
            elif bad_gap_cum[min(first_after[k], len(rdates) - 1)] - bad_gap_cum[a] > 0:
                st[k] = "unplaced_gap"
            elif first_after[k] >= len(rdates):
                st[k] = "no_follow_up"
        status.loc[rows] = st
        frame.loc[rows, "target"] = np.where(st == "included", target, np.nan)
    no_load = status.eq("included") & frame["acwr"].isna()
    status[no_load] = "load_history_missing"
    frame.loc[no_load, "target"] = np.nan
    frame["status"] = status
    return frame
