"""The load rule: its levels from ACWR and the 7-day load, its reasons, its limits."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from fitcoach.analysis import load as load_analysis
from fitcoach.analysis.load_rule import LIMITS, LoadRuleLimits, load_rule, load_rule_days
from fitcoach.core.errors import InvalidInput


def _loads(values: list[float] | np.ndarray) -> pd.Series:
    return pd.Series(
        np.asarray(values, dtype=float), index=pd.date_range("2026-01-05", periods=len(values))
    )


def test_the_ratio_is_the_rolling_acwr_through_the_day() -> None:
    rng = np.random.default_rng(3)
    loads = _loads(rng.choice([0.0, 300.0, 450.0, 600.0], size=70))
    results = load_rule_days(loads)
    expected = load_analysis.acwr_rolling(loads).to_numpy()
    for i, r in enumerate(results):
        if r.status == "ok" and r.acwr is not None:
            assert r.acwr == pytest.approx(expected[i])
            assert r.load_7d_au == pytest.approx(loads.iloc[max(0, i - 6) : i + 1].sum())
    assert [r.status for r in results[:27]] == ["insufficient_data"] * 27
    assert results[27].status == "ok"


@pytest.mark.parametrize(
    ("last_week", "level", "code"),
    [
        (300.0, "low", "load_steady"),
        (460.0, "moderate", "acwr_raised"),
        (600.0, "high", "acwr_high"),
    ],
)
def test_levels_follow_the_acwr_limits(last_week: float, level: str, code: str) -> None:
    result = load_rule(_loads([300.0] * 49 + [last_week] * 7))
    assert result.level == level
    assert result.reasons[0].code == code
    if code != "load_steady":
        assert f"{result.acwr:.2f} times your 4-week average" in result.reasons[0].text


def test_a_week_above_every_week_of_the_last_eight_is_moderate_even_at_a_low_ratio() -> None:
    # a slow build: each week a little more, the ratio stays under 1.3
    weeks = [200.0 + 12 * w for w in range(10)]
    result = load_rule(_loads([w for w in weeks for _ in range(7)]))
    assert result.acwr is not None
    assert result.acwr < LIMITS.acwr_moderate
    assert result.level == "moderate"
    assert [r.code for r in result.reasons] == ["load_7d_peak"]
    assert "the highest in 8 weeks" in result.reasons[0].text


def test_a_steady_load_is_low_and_says_so() -> None:
    result = load_rule(_loads([0, 400, 0, 400, 0, 400, 0] * 8))
    assert (result.level, [r.code for r in result.reasons]) == ("low", ["load_steady"])


def test_well_below_usual_is_said_but_not_flagged() -> None:
    result = load_rule(_loads([400.0] * 35 + [50.0] * 7))
    assert result.level == "low"
    assert result.reasons[0].code == "acwr_low"
    assert "build back up gradually" in result.reasons[0].text


def test_no_load_in_four_weeks_has_no_ratio_and_says_why() -> None:
    result = load_rule(_loads([300.0] * 10 + [0.0] * 30))
    assert result.acwr is None
    assert result.level == "low"
    assert result.reasons[0].code == "no_load_4_weeks"


def test_short_history_has_no_level() -> None:
    result = load_rule(_loads([300.0] * 20))
    assert (result.status, result.level, result.days_of_load) == ("insufficient_data", None, 20)
    assert "28 days of training load; 20 so far" in result.reasons[0].text


def test_the_rule_refuses_bad_loads_and_bad_limits() -> None:
    with pytest.raises(InvalidInput, match="non-negative"):
        load_rule(_loads([300.0, -1.0] * 20))
    with pytest.raises(InvalidInput, match="acwr_low"):
        LoadRuleLimits(acwr_low=1.4, acwr_moderate=1.3)
    with pytest.raises(InvalidInput, match="no days"):
        load_rule(_loads([]))
    stricter = LoadRuleLimits(acwr_high=1.2, acwr_moderate=1.1)
    assert load_rule(_loads([300.0] * 49 + [400.0] * 7), limits=stricter).level == "high"
