"""Training load: session RPE, TRIMP, fitness/fatigue (ATL/CTL/TSB), ACWR, monotony and strain.

Units: session-RPE load is in arbitrary units (AU, RPE × minutes); TRIMP is in its own
arbitrary units and is not interchangeable with session-RPE load. Daily series are pandas
Series on a consecutive daily ``DatetimeIndex`` (``freq="D"``, midnight timestamps named
``day``), as :func:`daily_loads` builds them.

Sources:

- Foster C. et al. (2001) A new approach to monitoring exercise training. *J Strength Cond
  Res* 15(1):109–115 (session RPE on the CR-10 scale × minutes).
- Foster C. (1998) Monitoring training in athletes with reference to overtraining syndrome.
  *Med Sci Sports Exerc* 30(7):1164–1168 (monotony and strain).
- Banister E.W. (1991) Modeling elite athletic performance. In: *Physiological Testing of
  Elite Athletes*, Human Kinetics (TRIMP; the impulse-response fitness-fatigue model).
- Edwards S. (1993) *The Heart Rate Monitor Book* (summated heart-rate zones).
- Williams S. et al. (2017) Better way to determine the acute:chronic workload ratio?
  *Br J Sports Med* 51(3):209–210 (EWMA ACWR).
- Impellizzeri F.M. et al. (2020) Acute:chronic workload ratio: conceptual issues and
  fundamental pitfalls. *Int J Sports Physiol Perform* 15(6):907–913.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, timedelta
from typing import TYPE_CHECKING, Literal

from fitcoach.core.errors import InvalidInput

# pandas is imported in the functions that use it: the services import this module at start-up,
# and a server or a command should not pay for it before a request needs it. The ``*_values``
# functions at the end take and give numpy arrays, for the paths that must not need pandas.
if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt
    import pandas as pd

Sex = Literal["male", "female"]

ATL_DAYS = 7.0
CTL_DAYS = 42.0
ACUTE_DAYS = 7
CHRONIC_DAYS = 28
MONOTONY_DAYS = 7

# Banister (1991): the weighting y = a·e^(b·x) of the heart-rate reserve fraction x.
BANISTER_WEIGHTING: dict[str, tuple[float, float]] = {"male": (0.64, 1.92), "female": (0.86, 1.67)}
# Edwards (1993): zone lower bounds as fractions of HRmax; zone k (1–5) has weight k.
EDWARDS_ZONE_FLOORS = (0.5, 0.6, 0.7, 0.8, 0.9)


# --- per-session load --------------------------------------------------------------------------


def session_rpe_load(rpe_cr10: float, duration_min: float) -> float:
    """Session-RPE load in AU: RPE on Borg's CR-10 scale × session minutes (Foster 2001).

    >>> session_rpe_load(7, 60)
    420.0
    """
    if not 0 <= rpe_cr10 <= 10:
        raise InvalidInput(f"session RPE must lie on the CR-10 scale 0–10, got {rpe_cr10}")
    if duration_min < 0:
        raise InvalidInput(f"session duration must not be negative, got {duration_min} min")
    return float(rpe_cr10) * float(duration_min)


def banister_trimp(
    duration_min: float,
    avg_hr_bpm: float,
    resting_hr_bpm: float,
    max_hr_bpm: float,
    sex: Sex,
) -> float:
    """Banister's TRIMP: minutes × x × a·e^(b·x), x the fraction of heart-rate reserve.

    x = (HRavg − HRrest) / (HRmax − HRrest); a, b = 0.64, 1.92 for men and 0.86, 1.67 for
    women (Banister 1991). An average below resting HR gives x = 0 (no load), not a negative
    load; an average above the maximum is refused, since it means HRmax is underestimated.

    >>> round(banister_trimp(60, 150, 50, 190, "male"), 1)
    108.1
    """
    if duration_min < 0:
        raise InvalidInput(f"duration must not be negative, got {duration_min} min")
    if not 0 < resting_hr_bpm < max_hr_bpm:
        raise InvalidInput(
            f"resting HR ({resting_hr_bpm} bpm) must be positive and below maximum HR "
            f"({max_hr_bpm} bpm); check both values"
        )
    if avg_hr_bpm > max_hr_bpm:
        raise InvalidInput(
            f"average HR {avg_hr_bpm} bpm is above maximum HR {max_hr_bpm} bpm; "
            "log a measured maximum heart rate"
        )
    if sex not in BANISTER_WEIGHTING:
        raise InvalidInput(f"Banister's weighting is published for male or female, got {sex!r}")
    a, b = BANISTER_WEIGHTING[sex]
    x = max(0.0, (avg_hr_bpm - resting_hr_bpm) / (max_hr_bpm - resting_hr_bpm))
    return float(duration_min) * x * a * math.exp(b * x)


def edwards_trimp(zone_minutes: Sequence[float]) -> float:
    """Edwards' TRIMP: Σ minutes in zone k × k, for the five zones 50–60 … 90–100 % HRmax.

    >>> edwards_trimp([10, 10, 10, 10, 10])
    150.0
    """
    if len(zone_minutes) != 5:
        raise InvalidInput(f"give minutes for exactly five zones, got {len(zone_minutes)}")
    if any(m < 0 for m in zone_minutes):
        raise InvalidInput("minutes in a zone must not be negative")
    return float(sum(k * float(m) for k, m in enumerate(zone_minutes, start=1)))


def hr_zone_minutes(
    hr_bpm: npt.ArrayLike, *, sampling_rate_hz: float, max_hr_bpm: float
) -> npt.NDArray[np.float64]:
    """Minutes in Edwards' five zones from a heart-rate series sampled at ``sampling_rate_hz``.

    Each sample stands for 1/``sampling_rate_hz`` seconds. Samples below 50 % HRmax count in
    no zone; samples at or above 100 % count in zone 5; NaN samples (missing readings) count
    nowhere, since a missing value is not a heart rate.

    >>> hr_zone_minutes([100, 120, 140, 160, 180, 200, 80], sampling_rate_hz=1 / 60, max_hr_bpm=200).tolist()
    [1.0, 1.0, 1.0, 1.0, 2.0]
    """
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    if sampling_rate_hz <= 0:
        raise InvalidInput(f"sampling_rate_hz must be positive, got {sampling_rate_hz}")
    if max_hr_bpm <= 0:
        raise InvalidInput(f"max_hr_bpm must be positive, got {max_hr_bpm}")
    hr = np.asarray(hr_bpm, dtype=float).ravel()
    fraction = hr[~np.isnan(hr)] / max_hr_bpm
    zone = np.searchsorted(np.asarray(EDWARDS_ZONE_FLOORS), fraction, side="right")
    counts = np.bincount(zone, minlength=6)[1:6].astype(float)
    return counts / sampling_rate_hz / 60.0


def edwards_trimp_from_hr(
    hr_bpm: npt.ArrayLike, *, sampling_rate_hz: float, max_hr_bpm: float
) -> float:
    """Edwards' TRIMP from a heart-rate series (see :func:`hr_zone_minutes`).

    >>> edwards_trimp_from_hr([150] * 30 + [175] * 10, sampling_rate_hz=1 / 60, max_hr_bpm=190)
    140.0
    """
    minutes = hr_zone_minutes(hr_bpm, sampling_rate_hz=sampling_rate_hz, max_hr_bpm=max_hr_bpm)
    return edwards_trimp([float(m) for m in minutes])


# --- daily series ------------------------------------------------------------------------------


def daily_loads(
    loads: Iterable[tuple[date, float]], *, start: date | None = None, end: date | None = None
) -> pd.Series:
    """Sum loads per day over [start, end], days without a load as 0.

    ``start`` and ``end`` default to the first and last day given; loads outside them are
    left out. The result is the daily series every other function here takes.

    >>> from datetime import date
    >>> daily_loads([(date(2026, 11, 2), 300), (date(2026, 11, 2), 120), (date(2026, 11, 4), 400)]).tolist()
    [420.0, 0.0, 400.0]
    """
    import pandas as pd

    pairs = list(loads)
    for day, value in pairs:
        if not value >= 0:  # also refuses NaN
            raise InvalidInput(f"load on {day.isoformat()} must be a non-negative number")
    days = [d for d, _ in pairs]
    lo = start or (min(days) if days else None)
    hi = end or (max(days) if days else None)
    if lo is None or hi is None:
        raise InvalidInput("no loads given; give start and end for an all-zero series")
    if hi < lo:
        raise InvalidInput(f"end {hi.isoformat()} lies before start {lo.isoformat()}")
    index = pd.date_range(lo, hi, freq="D", name="day")
    values = [0.0] * len(index)  # by position: a Timestamp per day cost more than the sums
    for day, value in pairs:
        if lo <= day <= hi:
            values[(day - lo).days] += float(value)
    return pd.Series(values, index=index, name="load_au", dtype=float)


def _checked(series: pd.Series) -> pd.Series:
    """Refuse anything but a gap-free, non-negative daily series."""
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)
    import pandas as pd

    if not isinstance(series.index, pd.DatetimeIndex):
        raise InvalidInput("daily loads need a DatetimeIndex; build them with daily_loads()")
    if len(series) > 1 and not (np.diff(series.index.to_numpy()) == np.timedelta64(1, "D")).all():
        raise InvalidInput("daily loads must be consecutive days; zero-fill with daily_loads()")
    values = series.to_numpy()  # checked as an array: a pandas mask per check cost more
    if pd.isna(values).any() or (values < 0).any():
        raise InvalidInput("daily loads must be non-negative numbers (0 on rest days, not NaN)")
    return series.astype(float)


def ewma_load(daily: pd.Series, time_constant_days: float, *, initial: float = 0.0) -> pd.Series:
    """Banister's impulse-response average: x_t = x_{t−1} + (load_t − x_{t−1})·(1 − e^(−1/τ)).

    ``x_{-1}`` is ``initial``. This is the form TrainingPeaks and intervals.icu use for ATL
    (τ = 7) and CTL (τ = 42). After n days of a constant load L from 0 it equals
    L·(1 − e^(−n/τ)).

    >>> import pandas as pd
    >>> week = pd.Series(100.0, index=pd.date_range('2026-11-02', periods=7))
    >>> round(float(ewma_load(week, 7).iloc[-1]), 1)  # 100 × (1 − e^−1)
    63.2
    """
    import pandas as pd

    if time_constant_days <= 0:
        raise InvalidInput(f"time constant must be positive, got {time_constant_days} days")
    daily = _checked(daily)
    if daily.empty:
        return daily.copy()
    out = ewma_load_values(daily.to_numpy(), time_constant_days, initial=initial)
    return pd.Series(out, index=daily.index, dtype=float)


def fitness_fatigue(
    daily: pd.Series,
    *,
    atl_days: float = ATL_DAYS,
    ctl_days: float = CTL_DAYS,
    initial_atl: float = 0.0,
    initial_ctl: float = 0.0,
) -> pd.DataFrame:
    """ATL (fatigue, τ = 7), CTL (fitness, τ = 42) and TSB (form) per day.

    ATL and CTL follow :func:`ewma_load` and include the day's own load. TSB on day t is
    CTL − ATL of day t − 1, the form one starts the day with (the TrainingPeaks convention);
    on the first day it is ``initial_ctl − initial_atl``. Columns: load_au, atl, ctl, tsb.

    >>> import pandas as pd
    >>> ff = fitness_fatigue(pd.Series(100.0, index=pd.date_range('2026-11-02', periods=3)))
    >>> list(ff.columns)
    ['load_au', 'atl', 'ctl', 'tsb']
    >>> ff.round(1).values.tolist()
    [[100.0, 13.3, 2.4, 0.0], [100.0, 24.9, 4.7, -11.0], [100.0, 34.9, 6.9, -20.2]]
    """
    import pandas as pd

    daily = _checked(daily)
    atl = ewma_load(daily, atl_days, initial=initial_atl)
    ctl = ewma_load(daily, ctl_days, initial=initial_ctl)
    tsb = (ctl - atl).shift(1)
    if not tsb.empty:
        tsb.iloc[0] = initial_ctl - initial_atl
    return pd.DataFrame({"load_au": daily, "atl": atl, "ctl": ctl, "tsb": tsb})


def project(
    daily_loads: pd.Series,
    planned: Mapping[date, float],
    until: date,
    *,
    atl_days: float = ATL_DAYS,
    ctl_days: float = CTL_DAYS,
    initial_atl: float = 0.0,
    initial_ctl: float = 0.0,
) -> pd.DataFrame:
    """ATL/CTL/TSB continued past the last logged day with planned loads, up to ``until``.

    Future days without a planned load count as rest (0). Returns :func:`fitness_fatigue`'s
    frame over the logged and the future days, with a boolean ``projected`` column.
    """
    import pandas as pd

    daily = _checked(daily_loads)
    if daily.empty:
        raise InvalidInput("project needs at least one logged day to continue from")
    last = daily.index[-1].date()
    if until <= last:
        raise InvalidInput(f"until ({until.isoformat()}) must be after the last logged day")
    for day, value in planned.items():
        if not last < day <= until:
            raise InvalidInput(
                f"planned load on {day.isoformat()} lies outside {last + timedelta(days=1)}"
                f"..{until}; plan only days after the logged ones"
            )
        if not value >= 0:
            raise InvalidInput(f"planned load on {day.isoformat()} must be a non-negative number")
    future = daily_loads_for(planned, last + timedelta(days=1), until)
    frame = fitness_fatigue(
        pd.concat([daily, future]),
        atl_days=atl_days,
        ctl_days=ctl_days,
        initial_atl=initial_atl,
        initial_ctl=initial_ctl,
    )
    frame["projected"] = frame.index > daily.index[-1]
    return frame


def daily_loads_for(loads: Mapping[date, float], start: date, end: date) -> pd.Series:
    """:func:`daily_loads` from a day → load mapping.

    >>> from datetime import date
    >>> daily_loads_for({date(2026, 11, 3): 250.0}, date(2026, 11, 2), date(2026, 11, 4)).tolist()
    [0.0, 250.0, 0.0]
    """
    return daily_loads(loads.items(), start=start, end=end)


# --- ratios and variability --------------------------------------------------------------------


def acwr_rolling(
    daily: pd.Series, *, acute_days: int = ACUTE_DAYS, chronic_days: int = CHRONIC_DAYS
) -> pd.Series:
    """Acute:chronic workload ratio from rolling means, coupled (the chronic window holds the
    acute one): mean of the last 7 days / mean of the last 28.

    NaN until ``chronic_days`` days exist and where the chronic mean is 0. Known limits
    (Impellizzeri et al. 2020): the coupled form correlates with itself by construction; a
    ratio of small numbers swings wildly after a break or at the start; and its link to
    injury is contested. Read it as a description of a change in load, not as a risk score.

    >>> import pandas as pd
    >>> days = pd.date_range('2026-10-06', periods=28)
    >>> ratio = acwr_rolling(pd.Series([100.0] * 21 + [200.0] * 7, index=days))
    >>> round(float(ratio.iloc[-1]), 2), bool(ratio.iloc[:27].isna().all())
    (1.6, True)
    """
    daily = _checked(daily)
    if not 0 < acute_days <= chronic_days:
        raise InvalidInput("need 0 < acute_days <= chronic_days")
    acute = daily.rolling(acute_days, min_periods=acute_days).mean()
    chronic = daily.rolling(chronic_days, min_periods=chronic_days).mean()
    return (acute / chronic.where(chronic > 0)).rename("acwr")


def acwr_ewma(
    daily: pd.Series, *, acute_days: int = ACUTE_DAYS, chronic_days: int = CHRONIC_DAYS
) -> pd.Series:
    """ACWR from exponentially weighted averages (Williams et al. 2017).

    EWMA_t = load_t·λ + (1 − λ)·EWMA_{t−1} with λ = 2/(N + 1), N = 7 (acute) and 28
    (chronic). Both averages start from the mean of the first ``chronic_days`` days and the
    ratio is reported only from that day on (NaN before), so no value looks ahead. The
    limits listed in :func:`acwr_rolling` apply here too.
    """
    import pandas as pd

    daily = _checked(daily)
    ratio = acwr_ewma_values(daily.to_numpy(), acute_days=acute_days, chronic_days=chronic_days)
    return pd.Series(ratio, index=daily.index, name="acwr", dtype=float)


def monotony(daily: pd.Series, *, days: int = MONOTONY_DAYS) -> pd.Series:
    """Foster's (1998) monotony: mean / standard deviation of the last 7 daily loads.

    The standard deviation is the population one (divided by n = 7, not n − 1), as Foster
    defines it and as the published team data it was checked against computes it; the sample SD
    (n − 1), used here before, gave monotony √(6/7) ≈ 0.93 times the literature's value. NaN
    until 7 days exist and where the deviation is 0 (seven equal days, rest days included:
    monotony is then unbounded).

    >>> import pandas as pd
    >>> week = pd.Series([300.0, 0, 400, 0, 350, 500, 0], index=pd.date_range('2026-11-02', periods=7))
    >>> round(float(monotony(week).iloc[-1]), 2)
    1.11
    """
    daily = _checked(daily)
    mean = daily.rolling(days, min_periods=days).mean()
    sd = daily.rolling(days, min_periods=days).std(ddof=0)
    return (mean / sd.where(sd > 0)).rename("monotony")


def strain(daily: pd.Series, *, days: int = MONOTONY_DAYS) -> pd.Series:
    """Foster's (1998) strain: the last 7 days' total load × monotony (AU).

    >>> import pandas as pd
    >>> week = pd.Series([300.0, 0, 400, 0, 350, 500, 0], index=pd.date_range('2026-11-02', periods=7))
    >>> round(float(strain(week).iloc[-1]))  # 1,550 AU × monotony
    1718
    """
    return monotony_and_strain(daily, days=days)[1]


def monotony_and_strain(
    daily: pd.Series, *, days: int = MONOTONY_DAYS
) -> tuple[pd.Series, pd.Series]:
    """:func:`monotony` and :func:`strain` of the same days, monotony computed once."""
    daily = _checked(daily)
    weekly = daily.rolling(days, min_periods=days).sum()
    varied = monotony(daily, days=days)
    return varied, (weekly * varied).rename("strain")


# --- the same ratios over plain arrays ---------------------------------------------------------
# For callers that compute them thousands of times a second (the dosing agent's simulated
# athlete): no index checks and no pandas, the same numbers as :func:`acwr_rolling` and
# :func:`monotony` for a gap-free daily series (tested equal).


def _windows(values: npt.ArrayLike, days: int) -> tuple[npt.NDArray[np.float64], int]:
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    arr = np.asarray(values, dtype=float).ravel()
    if np.isnan(arr).any() or (arr < 0).any():
        raise InvalidInput("daily loads must be non-negative numbers (0 on rest days, not NaN)")
    return arr, len(arr) - days + 1


def acwr_rolling_values(
    daily: npt.ArrayLike, *, acute_days: int = ACUTE_DAYS, chronic_days: int = CHRONIC_DAYS
) -> npt.NDArray[np.float64]:
    """:func:`acwr_rolling` over an array of consecutive daily loads (NaN where undefined)."""
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    if not 0 < acute_days <= chronic_days:
        raise InvalidInput("need 0 < acute_days <= chronic_days")
    arr, count = _windows(daily, chronic_days)
    out = np.full(len(arr), np.nan)
    if count <= 0:
        return out
    sums = np.concatenate([[0.0], np.cumsum(arr)])
    ends = np.arange(chronic_days, len(arr) + 1)
    acute = (sums[ends] - sums[ends - acute_days]) / acute_days
    chronic = (sums[ends] - sums[ends - chronic_days]) / chronic_days
    with np.errstate(divide="ignore", invalid="ignore"):
        out[chronic_days - 1 :] = np.where(chronic > 1e-12, acute / chronic, np.nan)
    return out


def monotony_values(daily: npt.ArrayLike, *, days: int = MONOTONY_DAYS) -> npt.NDArray[np.float64]:
    """:func:`monotony` over an array of consecutive daily loads (NaN where undefined).

    >>> [round(float(x), 2) for x in monotony_values([300, 0, 400, 0, 350, 500, 0, 300])]
    [nan, nan, nan, nan, nan, nan, 1.11, 1.11]
    """
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    arr, count = _windows(daily, days)
    out = np.full(len(arr), np.nan)
    if count <= 0:
        return out
    windows = np.lib.stride_tricks.sliding_window_view(arr, days)
    mean = windows.mean(axis=1)
    sd = windows.std(axis=1, ddof=0)  # the population SD, as :func:`monotony`
    with np.errstate(divide="ignore", invalid="ignore"):
        out[days - 1 :] = np.where(sd > 1e-9, mean / sd, np.nan)
    return out


# --- the exponentially weighted averages over plain arrays -------------------------------------
# A first-order recurrence per day, in Python: for series of days (hundreds to thousands of
# values) it costs well under a millisecond, where importing ``scipy.signal`` for its
# ``lfilter`` cost a command or the first page about a second. The order of operations is
# ``lfilter``'s (transposed direct form II: y = z + b0·x, then z = a·y), so the values are the
# same bit for bit (tests/analysis/test_load_arrays.py compares them with ``lfilter``).


def _first_order(values: npt.NDArray[np.float64], gain: float, initial: float) -> list[float]:
    """y_t = gain·x_t + (1 − gain)·y_{t−1}, with y_{−1} = ``initial``."""
    keep = 1.0 - gain
    state = keep * initial
    out = []
    for x in values.tolist():
        y = state + gain * x
        out.append(y)
        state = keep * y
    return out


def ewma_load_values(
    daily: npt.ArrayLike, time_constant_days: float, *, initial: float = 0.0
) -> npt.NDArray[np.float64]:
    """:func:`ewma_load` over an array of consecutive daily loads.

    >>> ewma_load_values([100, 100, 100], 7).round(1).tolist()
    [13.3, 24.9, 34.9]
    """
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    if time_constant_days <= 0:
        raise InvalidInput(f"time constant must be positive, got {time_constant_days} days")
    arr, _ = _windows(daily, 1)
    gain = 1.0 - math.exp(-1.0 / time_constant_days)
    return np.asarray(_first_order(arr, gain, initial), dtype=float)


def fitness_fatigue_values(
    daily: npt.ArrayLike, *, atl_days: float = ATL_DAYS, ctl_days: float = CTL_DAYS
) -> tuple[list[float], list[float], list[float]]:
    """:func:`fitness_fatigue`'s ATL, CTL and TSB (from 0) over an array of consecutive daily
    loads, as lists of the same floats."""
    atl = ewma_load_values(daily, atl_days)
    ctl = ewma_load_values(daily, ctl_days)
    form = (ctl - atl).tolist()
    tsb = [0.0, *form[:-1]] if form else []  # the form one starts the day with
    return atl.tolist(), ctl.tolist(), tsb


def report_columns(daily: Sequence[float]) -> dict[str, list[float]]:
    """:func:`fitness_fatigue`, :func:`acwr_rolling`, :func:`acwr_ewma` and
    :func:`monotony_and_strain` of one gap-free daily series, as lists (NaN where undefined)
    under the frame's column names: load_au, atl, ctl, tsb, acwr, acwr_ewma, monotony, strain.

    The same floats as those functions, bit for bit (tests/analysis/test_load_arrays.py): the
    same recurrences, and pandas' own rolling-window algorithms (``_rolling_mean`` and the
    others below) over plain lists. Built as a pandas frame, with the index checks every
    function repeats, these columns were a third of a cold load report's CPU."""
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    values = [float(v) for v in daily]
    if any(not v >= 0 for v in values):  # also refuses NaN
        raise InvalidInput("daily loads must be non-negative numbers (0 on rest days, not NaN)")
    arr = np.asarray(values, dtype=float)
    atl, ctl, tsb = fitness_fatigue_values(arr)
    acute = _rolling_mean(values, ACUTE_DAYS)
    chronic = _rolling_mean(values, CHRONIC_DAYS)
    mean = acute if MONOTONY_DAYS == ACUTE_DAYS else _rolling_mean(values, MONOTONY_DAYS)
    sd = [_zsqrt(v) for v in _rolling_var(values, MONOTONY_DAYS, ddof=0)]
    total = _rolling_sum(values, MONOTONY_DAYS)
    varied = [m / d if d > 0 else math.nan for m, d in zip(mean, sd, strict=True)]
    return {
        "load_au": values,
        "atl": atl,
        "ctl": ctl,
        "tsb": tsb,
        "acwr": [a / c if c > 0 else math.nan for a, c in zip(acute, chronic, strict=True)],
        "acwr_ewma": acwr_ewma_values(arr).tolist(),
        "monotony": varied,
        "strain": [t * v for t, v in zip(total, varied, strict=True)],
    }


# --- pandas' rolling windows over plain lists ---------------------------------------------------
# ``Series.rolling(n, min_periods=n)``'s mean, sum and variance as pandas computes them
# (pandas/_libs/window/aggregations.pyx, mirrored in pandas/core/_numba/kernels): online sums
# with Kahan compensation (one for the values added, one for those removed), Welford's update
# for the variance, and a window of one repeated value answered with that value (mean), n × it
# (sum) or 0 (variance). The loads are non-negative and never NaN (checked by the caller).


def _rolling_totals(values: Sequence[float], days: int) -> Iterator[tuple[float, int, bool]]:
    """Per day: the window's compensated sum, its count, and whether it holds one repeated
    value (pandas' ``roll_sum``/``roll_mean`` state, shared by both)."""
    nobs = 0
    total = add_c = remove_c = 0.0
    same, prev = 0, values[0] if values else 0.0
    for i, val in enumerate(values):
        if i >= days:  # the value leaving the window
            y = -values[i - days] - remove_c
            t = total + y
            remove_c = t - total - y
            total = t
            nobs -= 1
        y = val - add_c
        t = total + y
        add_c = t - total - y
        total = t
        nobs += 1
        same = same + 1 if val == prev else 1
        prev = val
        yield total, nobs, same >= nobs


def _rolling_mean(values: Sequence[float], days: int) -> list[float]:
    out: list[float] = []
    for (total, nobs, constant), val in zip(_rolling_totals(values, days), values, strict=True):
        if nobs >= days:
            result = val if constant else total / nobs
            out.append(0.0 if result < 0 else result)
        else:
            out.append(math.nan)
    return out


def _rolling_sum(values: Sequence[float], days: int) -> list[float]:
    return [
        (val * nobs if constant else total) if nobs >= days else math.nan
        for (total, nobs, constant), val in zip(_rolling_totals(values, days), values, strict=True)
    ]


def _rolling_var(values: Sequence[float], days: int, *, ddof: int) -> list[float]:
    out: list[float] = []
    nobs = 0
    mean = ssqdm = add_c = remove_c = 0.0
    same, prev = 0, values[0] if values else 0.0
    for i, val in enumerate(values):
        if i >= days:
            old = values[i - days]
            nobs -= 1
            if nobs:
                prev_mean = mean - remove_c
                y = old - remove_c
                t = y - mean
                remove_c = t + mean - y
                mean -= t / nobs
                ssqdm -= (old - prev_mean) * (old - mean)
            else:
                mean = ssqdm = 0.0
        same = same + 1 if val == prev else 1
        prev = val
        nobs += 1
        prev_mean = mean - add_c
        y = val - add_c
        t = y - mean
        add_c = t + mean - y
        mean += t / nobs
        ssqdm += (val - prev_mean) * (val - mean)
        if nobs >= max(days, 1) and nobs > ddof:
            out.append(0.0 if nobs == 1 or same >= nobs else ssqdm / (nobs - ddof))
        else:
            out.append(math.nan)
    return out


def _zsqrt(value: float) -> float:
    """pandas' square root of a variance: a negative one (rounding) is 0, NaN stays NaN."""
    return 0.0 if value < 0 else math.sqrt(value) if value == value else math.nan


def acwr_ewma_values(
    daily: npt.ArrayLike, *, acute_days: int = ACUTE_DAYS, chronic_days: int = CHRONIC_DAYS
) -> npt.NDArray[np.float64]:
    """:func:`acwr_ewma` over an array of consecutive daily loads (NaN where undefined)."""
    import numpy as np  # on use: importing this module costs no numpy (the CLI's start-up)

    if not 0 < acute_days <= chronic_days:
        raise InvalidInput("need 0 < acute_days <= chronic_days")
    arr, _ = _windows(daily, chronic_days)
    if len(arr) < chronic_days:
        return np.full(len(arr), np.nan)
    seed = float(arr[:chronic_days].mean())

    def ewma(n: int) -> npt.NDArray[np.float64]:
        return np.asarray(_first_order(arr, 2.0 / (n + 1.0), seed), dtype=float)

    acute, chronic = ewma(acute_days), ewma(chronic_days)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = np.where(chronic > 0, acute / np.where(chronic > 0, chronic, 1.0), np.nan)
    ratio[: chronic_days - 1] = np.nan
    return ratio
