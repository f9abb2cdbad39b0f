"""The array forms of ACWR and monotony give the pandas functions' numbers."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.analysis import load
from fitcoach.core.errors import InvalidInput


def _series(values: np.ndarray):  # type: ignore[no-untyped-def]
    start = date(2024, 3, 1)
    return load.daily_loads_for(
        {start + timedelta(days=i): float(v) for i, v in enumerate(values)},
        start,
        start + timedelta(days=len(values) - 1),
    )


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_array_forms_equal_the_series_forms(seed: int) -> None:
    rng = np.random.default_rng(seed)
    values = rng.uniform(0, 600, size=70) * (rng.random(70) < 0.6)
    values[10:24] = 0.0  # a break: chronic mean falls, rest weeks give undefined monotony
    series = _series(values)
    np.testing.assert_allclose(
        load.acwr_rolling_values(values), load.acwr_rolling(series).to_numpy(), rtol=1e-9
    )
    np.testing.assert_allclose(
        load.monotony_values(values), load.monotony(series).to_numpy(), rtol=1e-9
    )


def test_short_series_are_undefined_and_bad_values_refused() -> None:
    assert np.isnan(load.acwr_rolling_values([100.0] * 10)).all()
    assert np.isnan(load.monotony_values([1.0, 2.0])).all()
    with pytest.raises(InvalidInput):
        load.monotony_values([1.0, -2.0, 3.0])
    with pytest.raises(InvalidInput):
        load.acwr_rolling_values([1.0, float("nan")])


@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_ewma_forms_are_lfilter_bit_for_bit(seed: int) -> None:
    """The averages were ``scipy.signal.lfilter`` calls; their loop gives the same floats."""
    from scipy.signal import lfilter

    rng = np.random.default_rng(seed)
    values = np.round(rng.exponential(300, size=400) * (rng.random(400) < 0.6), 1)
    for tau, initial in ((7.0, 0.0), (42.0, 0.0), (7.0, 123.4), (42.0, 56.7)):
        k = 1.0 - np.exp(-1.0 / tau)
        expected, _ = lfilter([k], [1.0, -(1.0 - k)], values, zi=[(1.0 - k) * initial])
        assert np.array_equal(load.ewma_load_values(values, tau, initial=initial), expected)
        series = load.ewma_load(_series(values), tau, initial=initial).to_numpy()
        assert np.array_equal(series, expected)
    seed_mean = float(values[:28].mean())
    ewma = {
        n: lfilter(
            [2 / (n + 1)], [1.0, -(1 - 2 / (n + 1))], values, zi=[(1 - 2 / (n + 1)) * seed_mean]
        )[0]
        for n in (7, 28)
    }
    expected_ratio = np.where(ewma[28] > 0, ewma[7] / np.where(ewma[28] > 0, ewma[28], 1.0), np.nan)
    expected_ratio[:27] = np.nan
    got = load.acwr_ewma_values(values)
    assert np.array_equal(got, expected_ratio, equal_nan=True)
    assert np.array_equal(load.acwr_ewma(_series(values)).to_numpy(), got, equal_nan=True)


def test_ewma_forms_refuse_what_the_series_forms_refuse() -> None:
    assert np.isnan(load.acwr_ewma_values([100.0] * 27)).all()
    assert load.ewma_load_values([], 7.0).size == 0
    with pytest.raises(InvalidInput):
        load.ewma_load_values([1.0, -2.0], 7.0)
    with pytest.raises(InvalidInput):
        load.ewma_load_values([1.0], 0.0)
    with pytest.raises(InvalidInput):
        load.acwr_ewma_values([1.0] * 30, acute_days=29, chronic_days=28)


_DAILY = st.lists(
    st.one_of(
        st.just(0.0),
        st.floats(0.0, 3000.0, allow_nan=False),
        st.sampled_from([120.0, 315.0, 420.0, 0.1]),
    ),
    min_size=0,
    max_size=160,
)


@settings(max_examples=150, deadline=None)
@given(values=_DAILY)
def test_report_columns_are_the_frame_functions_floats(values: list[float]) -> None:
    """``report_columns`` (the load report's columns without a frame) gives exactly what
    ``fitness_fatigue``, ``acwr_rolling``, ``acwr_ewma`` and ``monotony_and_strain`` give."""
    columns = load.report_columns(values)
    if not values:
        assert all(c == [] for c in columns.values())
        return
    series = _series(np.asarray(values))
    frame = load.fitness_fatigue(series)
    frame["acwr"] = load.acwr_rolling(series)
    frame["acwr_ewma"] = load.acwr_ewma(series)
    frame["monotony"], frame["strain"] = load.monotony_and_strain(series)
    assert list(columns) == list(frame.columns)
    for name in frame.columns:
        assert np.array_equal(np.asarray(columns[name]), frame[name].to_numpy(), equal_nan=True), (
            name
        )


def test_report_columns_refuse_what_the_series_forms_refuse() -> None:
    with pytest.raises(InvalidInput):
        load.report_columns([1.0, -2.0])
    with pytest.raises(InvalidInput):
        load.report_columns([1.0, float("nan")])
