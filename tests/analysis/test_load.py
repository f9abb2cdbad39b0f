"""Session RPE, TRIMP, ATL/CTL/TSB and their projection, ACWR, monotony and strain."""

from __future__ import annotations

import math
from datetime import date, timedelta

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.analysis.load import (
    acwr_ewma,
    acwr_rolling,
    banister_trimp,
    daily_loads,
    edwards_trimp,
    edwards_trimp_from_hr,
    ewma_load,
    fitness_fatigue,
    hr_zone_minutes,
    monotony,
    monotony_and_strain,
    project,
    session_rpe_load,
    strain,
)
from fitcoach.core.errors import InvalidInput

D0 = date(2026, 9, 1)


def constant(load: float, days: int, start: date = D0) -> pd.Series:
    return daily_loads([(start + timedelta(days=i), load) for i in range(days)])


# --- per session ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rpe", "minutes", "expected"), [(7, 60, 420.0), (3.5, 40, 140.0), (0, 90, 0.0), (10, 0, 0.0)]
)
def test_session_rpe_is_rpe_times_minutes(rpe: float, minutes: float, expected: float) -> None:
    assert session_rpe_load(rpe, minutes) == expected


@pytest.mark.parametrize(("rpe", "minutes"), [(11, 60), (-1, 60), (5, -3)])
def test_session_rpe_refuses_out_of_scale(rpe: float, minutes: float) -> None:
    with pytest.raises(InvalidInput):
        session_rpe_load(rpe, minutes)


@pytest.mark.parametrize(
    ("minutes", "avg", "rest", "high", "sex", "expected"),
    [
        # x = 100/140; 60 × x × 0.64·e^(1.92x) and 60 × x × 0.86·e^(1.67x)
        (60, 150, 50, 190, "male", 108.0954),
        (60, 150, 50, 190, "female", 121.4991),
        # x = 70/125 = 0.56; 45 × 0.56 × 0.64·e^(1.0752)
        (45, 130, 60, 185, "male", 47.2644),
        (30, 60, 60, 185, "male", 0.0),  # at rest: no load
        (30, 55, 60, 185, "female", 0.0),  # below rest counts as rest, never negative
    ],
)
def test_banister_trimp_known_values(
    minutes: float, avg: float, rest: float, high: float, sex: str, expected: float
) -> None:
    assert banister_trimp(minutes, avg, rest, high, sex) == pytest.approx(expected, abs=1e-4)  # type: ignore[arg-type]


def test_banister_trimp_at_max_hr_uses_the_full_weighting() -> None:
    assert banister_trimp(1, 190, 50, 190, "male") == pytest.approx(0.64 * math.exp(1.92))
    assert banister_trimp(1, 190, 50, 190, "female") == pytest.approx(0.86 * math.exp(1.67))


@pytest.mark.parametrize(
    ("avg", "rest", "high", "sex"),
    [(200, 50, 190, "male"), (150, 190, 190, "male"), (150, 50, 190, "other")],
)
def test_banister_trimp_refuses_impossible_inputs(
    avg: float, rest: float, high: float, sex: str
) -> None:
    with pytest.raises(InvalidInput):
        banister_trimp(60, avg, rest, high, sex)  # type: ignore[arg-type]


def test_edwards_trimp_weights_zones_one_to_five() -> None:
    assert edwards_trimp([10, 20, 30, 5, 2]) == 10 + 40 + 90 + 20 + 10
    with pytest.raises(InvalidInput):
        edwards_trimp([10, 20, 30])
    with pytest.raises(InvalidInput):
        edwards_trimp([10, -1, 0, 0, 0])


def test_edwards_from_hr_series() -> None:
    # 10 min at 75 % of 200 bpm (zone 3) sampled at 1 Hz: 30; 5 min at 95 % (zone 5): 25.
    hr = np.concatenate([np.full(600, 150.0), np.full(300, 190.0)])
    assert edwards_trimp_from_hr(hr, sampling_rate_hz=1.0, max_hr_bpm=200) == pytest.approx(55.0)


def test_hr_zones_skip_missing_and_easy_samples() -> None:
    # One sample a minute: 47 % (none), 52 % z1, 62 % z2, 65 % z2, 79 % z3, 92 % z5, 105 % z5,
    # a missing reading (NaN, nowhere), 42 % (none).
    hr = [94, 104, 124, 130, 158, 184, 210, float("nan"), 84]
    minutes = hr_zone_minutes(hr, sampling_rate_hz=1 / 60, max_hr_bpm=200)
    assert minutes.tolist() == [1.0, 2.0, 1.0, 0.0, 2.0]


# --- daily series and the fitness-fatigue model -----------------------------------------------


def test_daily_loads_sum_per_day_and_fill_rest_days_with_zero() -> None:
    series = daily_loads(
        [(D0, 300.0), (D0, 120.0), (D0 + timedelta(days=3), 200.0)],
        end=D0 + timedelta(days=4),
    )
    assert series.tolist() == [420.0, 0.0, 0.0, 200.0, 0.0]
    assert series.index[0] == pd.Timestamp(D0)
    assert series.index.freqstr == "D"


def test_daily_loads_drop_days_outside_the_range_and_refuse_bad_values() -> None:
    series = daily_loads([(D0, 100.0), (D0 + timedelta(days=9), 50.0)], end=D0 + timedelta(days=2))
    assert series.tolist() == [100.0, 0.0, 0.0]
    with pytest.raises(InvalidInput, match="non-negative"):
        daily_loads([(D0, -5.0)])
    with pytest.raises(InvalidInput, match="non-negative"):
        daily_loads([(D0, float("nan"))])
    with pytest.raises(InvalidInput, match="give start and end"):
        daily_loads([])
    assert daily_loads([], start=D0, end=D0).tolist() == [0.0]


def test_ewma_step_response_is_exact() -> None:
    """Constant load L from 0: after n days x = L·(1 − e^(−n/τ))."""
    frame = fitness_fatigue(constant(100.0, 42))
    n = np.arange(1, 43)
    np.testing.assert_allclose(frame["ctl"], 100 * (1 - np.exp(-n / 42)), rtol=1e-12)
    np.testing.assert_allclose(frame["atl"], 100 * (1 - np.exp(-n / 7)), rtol=1e-12)
    assert frame["ctl"].iloc[-1] == pytest.approx(63.212056, abs=1e-6)  # 100·(1 − e^−1)
    assert frame["atl"].iloc[-1] == pytest.approx(99.752125, abs=1e-6)  # 100·(1 − e^−6)


def test_ewma_impulse_decays_by_e_to_the_minus_one_over_tau() -> None:
    series = daily_loads([(D0, 100.0)], end=D0 + timedelta(days=10))
    atl = ewma_load(series, 7)
    assert atl.iloc[0] == pytest.approx(13.312210, abs=1e-6)  # 100·(1 − e^(−1/7))
    np.testing.assert_allclose(atl.iloc[1:] / atl.iloc[:-1].to_numpy(), math.exp(-1 / 7))


def test_ewma_starts_from_the_initial_value() -> None:
    rest = daily_loads([], start=D0, end=D0 + timedelta(days=6))
    ctl = ewma_load(rest, 42, initial=50.0)
    np.testing.assert_allclose(ctl, 50 * np.exp(-np.arange(1, 8) / 42))


def test_tsb_is_yesterdays_ctl_minus_atl() -> None:
    series = daily_loads(
        [(D0 + timedelta(days=i), v) for i, v in enumerate([300, 0, 450, 200, 0, 0, 500])]
    )
    frame = fitness_fatigue(series, initial_atl=20.0, initial_ctl=35.0)
    assert frame["tsb"].iloc[0] == pytest.approx(15.0)
    expected = (frame["ctl"] - frame["atl"]).shift(1).iloc[1:]
    np.testing.assert_allclose(frame["tsb"].iloc[1:], expected)


def test_series_with_gaps_are_refused() -> None:
    gappy = pd.Series(
        [100.0, 100.0],
        index=pd.DatetimeIndex([pd.Timestamp(D0), pd.Timestamp(D0) + pd.Timedelta(days=2)]),
    )
    with pytest.raises(InvalidInput, match="consecutive"):
        fitness_fatigue(gappy)
    with pytest.raises(InvalidInput, match="DatetimeIndex"):
        fitness_fatigue(pd.Series([1.0, 2.0]))


def test_projection_continues_the_model_over_planned_loads() -> None:
    logged = constant(100.0, 30)
    last = D0 + timedelta(days=29)
    plan = {last + timedelta(days=2): 400.0, last + timedelta(days=4): 250.0}
    frame = project(logged, plan, last + timedelta(days=5))
    assert frame["projected"].tolist() == [False] * 30 + [True] * 5
    # Days without a plan are rest days; the result equals the model run on the whole series.
    future = frame[frame["projected"]]
    assert future["load_au"].tolist() == [0.0, 400.0, 0.0, 250.0, 0.0]
    whole = fitness_fatigue(pd.concat([logged, future["load_au"]]))
    np.testing.assert_allclose(frame["ctl"], whole["ctl"])
    np.testing.assert_allclose(frame["tsb"], whole["tsb"])
    # After a rest day ATL decays by e^(−1/7).
    assert future["atl"].iloc[0] == pytest.approx(frame["atl"].iloc[29] * math.exp(-1 / 7))


def test_projection_refuses_days_that_are_not_ahead() -> None:
    logged = constant(100.0, 10)
    last = D0 + timedelta(days=9)
    with pytest.raises(InvalidInput, match="after the last logged day"):
        project(logged, {}, last)
    with pytest.raises(InvalidInput, match="outside"):
        project(logged, {last: 100.0}, last + timedelta(days=3))
    with pytest.raises(InvalidInput, match="outside"):
        project(logged, {last + timedelta(days=9): 100.0}, last + timedelta(days=3))


# --- ratios -----------------------------------------------------------------------------------


def test_acwr_rolling_is_coupled_7_over_28() -> None:
    # 28 days at 100 then 7 at 200: acute 200, chronic (21·100 + 7·200)/28 = 125 → 1.6.
    series = pd.concat([constant(100.0, 28), constant(200.0, 7, D0 + timedelta(days=28))])
    ratio = acwr_rolling(series)
    assert ratio.iloc[:27].isna().all()
    assert ratio.iloc[27] == pytest.approx(1.0)
    assert ratio.iloc[-1] == pytest.approx(1.6)


def test_acwr_is_undefined_without_chronic_load() -> None:
    assert acwr_rolling(constant(0.0, 35)).isna().all()
    assert acwr_ewma(constant(0.0, 35)).isna().all()


def test_acwr_ewma_known_values() -> None:
    series = pd.concat([constant(100.0, 28), constant(200.0, 1, D0 + timedelta(days=28))])
    ratio = acwr_ewma(series)
    assert ratio.iloc[:27].isna().all()
    assert ratio.iloc[27] == pytest.approx(1.0)
    # acute 100 + 100·2/8 = 125; chronic 100 + 100·2/29 = 106.897
    assert ratio.iloc[28] == pytest.approx(125 / (100 + 200 / 29))
    assert acwr_ewma(constant(100.0, 20)).isna().all()


def test_monotony_and_strain_known_week() -> None:
    series = daily_loads([(D0 + timedelta(days=i), v) for i, v in enumerate([100, 0] * 3 + [100])])
    # mean 400/7, population SD 49.487 (Foster 1998 divides by n) → monotony √(4/3) = 1.1547
    # (a week of k equal sessions and 7 − k rest days has monotony √(k / (7 − k)));
    # strain 400 × 1.1547. The sample SD (n − 1) gave 1.0690 and 427.6.
    assert monotony(series).iloc[-1] == pytest.approx(math.sqrt(4 / 3), abs=1e-9)
    assert monotony(series).iloc[-1] == pytest.approx(400 / 7 / np.std([100, 0] * 3 + [100]))
    assert strain(series).iloc[-1] == pytest.approx(400 * math.sqrt(4 / 3), abs=1e-6)
    assert monotony(series).iloc[:6].isna().all()


@pytest.mark.parametrize("sessions", [1, 2, 3, 5, 6])
def test_monotony_of_equal_sessions_and_rest_days_is_the_population_formula(
    sessions: int,
) -> None:
    week = [300.0] * sessions + [0.0] * (7 - sessions)
    series = daily_loads([(D0 + timedelta(days=i), v) for i, v in enumerate(week)])
    assert monotony(series).iloc[-1] == pytest.approx(math.sqrt(sessions / (7 - sessions)))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=2000), min_size=1, max_size=60))
def test_monotony_and_strain_together_equal_each_alone(values: list[float]) -> None:
    series = daily_loads([(D0 + timedelta(days=i), v) for i, v in enumerate(values)])
    varied, strained = monotony_and_strain(series)
    pd.testing.assert_series_equal(varied, monotony(series), check_exact=True)
    pd.testing.assert_series_equal(strained, strain(series), check_exact=True)


def test_daily_loads_sum_each_day_in_order() -> None:
    loads = [(D0, 0.1), (D0 + timedelta(days=2), 5.0), (D0, 0.2), (D0 + timedelta(days=9), 1.0)]
    series = daily_loads(loads, start=D0, end=D0 + timedelta(days=3))
    assert series.tolist() == [0.1 + 0.2, 0.0, 5.0, 0.0]  # the day after the end is left out
    assert list(series.index) == list(pd.date_range(D0, D0 + timedelta(days=3), name="day"))


def test_monotony_is_undefined_for_identical_days() -> None:
    assert monotony(constant(300.0, 7)).isna().all()
    assert strain(constant(300.0, 7)).isna().all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(min_value=0, max_value=2000), min_size=1, max_size=120))
def test_atl_and_ctl_stay_within_the_loads(values: list[float]) -> None:
    frame = fitness_fatigue(
        daily_loads([(D0 + timedelta(days=i), v) for i, v in enumerate(values)])
    )
    top = max(values)
    assert (frame[["atl", "ctl"]] >= 0).all().all()
    assert (frame[["atl", "ctl"]] <= top + 1e-9).all().all()
    # Each day's value lies between yesterday's value and the day's load (a weighted mean).
    for column in ("atl", "ctl"):
        before = frame[column].shift(1, fill_value=0.0)
        low = np.minimum(before, frame["load_au"]) - 1e-9
        high = np.maximum(before, frame["load_au"]) + 1e-9
        assert ((frame[column] >= low) & (frame[column] <= high)).all()
