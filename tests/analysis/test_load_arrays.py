"""The array forms of ACWR and monotony give the pandas functions' numbers."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

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
