"""The agent's observation: the last 30 days × 5 features, built the same way for the simulated
athlete and for a real one (the weekly review), so the policy sees the same thing in both.

Features per day, oldest first:

0. ``load_rel``: the day's session-RPE load over the window's mean daily load (0 when the window
   has no load), clipped to [0, 5]; relative, so athletes of any size look alike;
1. ``rpe``: the session RPE / 10 (0 on a day without a session);
2. ``readiness``: the readiness score / 100 (0.6 when unknown);
3. ``sleep``: hours slept / 8 (7.5 h when unknown), clipped to [0, 1.5];
4. ``acwr``: the rolling 7/28-day acute:chronic workload ratio (:func:`fitcoach.analysis.load.
   acwr_rolling`; 1 where undefined), clipped to [0, 3].
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis

WINDOW_DAYS = 30
FEATURES = ("load_rel", "rpe", "readiness", "sleep", "acwr")
SCHEMA = {
    "version": "dosing-obs-1",
    "window_days": WINDOW_DAYS,
    "features": list(FEATURES),
    "action": ["intensity_delta", "duration_delta"],
}
UNKNOWN_READINESS = 60.0
UNKNOWN_SLEEP_H = 7.5


def _tail(values: Sequence[float | None], days: int) -> list[float]:
    """The last ``days`` values, NaN-padded at the front; None becomes NaN."""
    out = [math.nan if v is None else float(v) for v in values[-days:]]
    return [math.nan] * (days - len(out)) + out


def build(
    loads: Sequence[float],
    rpe: Sequence[float | None],
    readiness: Sequence[float | None],
    sleep_h: Sequence[float | None],
) -> npt.NDArray[np.float32]:
    """The (30, 5) observation from daily series ending today (oldest first).

    ``loads`` may hold more than 30 days: the 28 before the window feed its ACWR; missing days
    of load are rest days (0). Shorter series are padded as rest days and unknown readings, and
    the ACWR is unknown (1) where its 28 days reach before the first day given.
    """
    span = WINDOW_DAYS + load_analysis.CHRONIC_DAYS - 1
    history = [0.0 if math.isnan(v) else v for v in _tail(loads, span)]
    acwr_all = load_analysis.acwr_rolling_values(history)
    # Where the 28-day window reaches before the first known day, the ratio is unknown (a
    # short history padded with rest days is not a load spike).
    first_known = span - min(len(loads), span)
    acwr_all[: first_known + load_analysis.CHRONIC_DAYS - 1] = np.nan
    acwr = acwr_all[-WINDOW_DAYS:]
    window = np.asarray(history[-WINDOW_DAYS:], dtype=float)
    mean = float(window.mean())
    obs = np.empty((WINDOW_DAYS, len(FEATURES)), dtype=np.float32)
    obs[:, 0] = np.clip(window / mean, 0.0, 5.0) if mean > 0 else 0.0
    rpe_arr = np.nan_to_num(np.asarray(_tail(rpe, WINDOW_DAYS)), nan=0.0)
    obs[:, 1] = np.clip(rpe_arr / 10.0, 0.0, 1.0)
    ready = np.nan_to_num(np.asarray(_tail(readiness, WINDOW_DAYS)), nan=UNKNOWN_READINESS)
    obs[:, 2] = np.clip(ready / 100.0, 0.0, 1.0)
    sleep = np.nan_to_num(np.asarray(_tail(sleep_h, WINDOW_DAYS)), nan=UNKNOWN_SLEEP_H)
    obs[:, 3] = np.clip(sleep / 8.0, 0.0, 1.5)
    obs[:, 4] = np.clip(np.nan_to_num(acwr, nan=1.0), 0.0, 3.0)
    return obs


LOW = np.zeros((WINDOW_DAYS, len(FEATURES)), dtype=np.float32)
HIGH = np.tile(np.array([5.0, 1.0, 1.0, 1.5, 3.0], dtype=np.float32), (WINDOW_DAYS, 1))
