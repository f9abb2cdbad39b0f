"""Capnography: breaths, breathing rate and EtCO2 from seeded synthetic capnograms."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis.signals import capnography_analyze, capnography_breaths

FS = 20.0


def capnogram(rate_bpm: float, etco2: float, seconds: float = 60.0, seed: int = 0) -> np.ndarray:
    """A time capnogram: inspiratory baseline, upstroke, sloped plateau ending at ``etco2``,
    then the inspiratory downstroke; Gaussian noise 0.3 mmHg."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * FS)) / FS
    phase = (t % (60.0 / rate_bpm)) / (60.0 / rate_bpm)
    plateau = etco2 * (0.9 + 0.1 * (phase - 0.5) / 0.45)
    y = np.where(
        phase < 0.4,
        0.0,
        np.where(
            phase < 0.5,
            (phase - 0.4) / 0.1 * etco2 * 0.9,
            np.where(phase < 0.95, plateau, etco2 * (1 - (phase - 0.95) / 0.05)),
        ),
    )
    return np.asarray(y + rng.normal(0, 0.3, t.size), dtype=float)


@pytest.mark.parametrize(("rate", "etco2"), [(6, 32), (12, 38), (20, 41), (40, 48)])
def test_rate_and_etco2_are_recovered(rate: float, etco2: float) -> None:
    result = capnography_analyze(capnogram(rate, etco2, seed=rate), sampling_rate_hz=FS)
    assert result.reason is None
    assert result.breathing_rate_bpm == pytest.approx(rate, rel=0.03)
    assert result.etco2_mmhg == pytest.approx(etco2, abs=1.0)
    assert result.onsets.size == pytest.approx(rate, abs=1.5)  # one minute of breaths
    assert (result.ends > result.onsets).all()
    assert (result.etco2_per_breath_mmhg >= result.etco2_mmhg - 2).all()


def test_flat_capnogram_has_no_breaths_and_says_why() -> None:
    result = capnography_analyze(np.full(1200, 0.5), sampling_rate_hz=FS)
    assert result.onsets.size == 0
    assert result.breathing_rate_bpm is None
    assert result.etco2_mmhg is None
    assert result.reason is not None
    assert "no breaths" in result.reason


def test_implausible_values_are_missing_with_a_reason() -> None:
    result = capnography_analyze(capnogram(12, 110), sampling_rate_hz=FS)
    assert result.breathing_rate_bpm == pytest.approx(12, rel=0.03)
    assert result.etco2_mmhg is None
    assert result.reason is not None
    assert "EtCO2" in result.reason
    few = capnography_analyze(capnogram(3, 38, seconds=30), sampling_rate_hz=FS)
    assert few.breathing_rate_bpm is None
    assert few.etco2_mmhg == pytest.approx(38, abs=1.0)


def test_cut_breaths_at_the_edges_are_not_counted() -> None:
    x = capnogram(12, 38, seconds=20)
    onsets, ends = capnography_breaths(x[70:], sampling_rate_hz=FS)  # starts mid-plateau
    assert onsets.size == ends.size
    assert (ends > onsets).all()
    assert onsets.size == 3


def test_etco2_per_breath_is_each_plateaus_maximum() -> None:
    rng = np.random.default_rng(3)
    for i in range(60):
        x = capnogram(float(rng.uniform(6, 40)), float(rng.uniform(25, 55)), 30.0, seed=i)
        x = x[int(rng.integers(0, 60)) :]  # breaths cut anywhere at the start
        result = capnography_analyze(x, sampling_rate_hz=FS)
        expected = [x[a:b].max() for a, b in zip(result.onsets, result.ends, strict=True)]
        assert result.etco2_per_breath_mmhg.tolist() == expected
    assert (
        capnography_analyze(np.full(600, 0.5), sampling_rate_hz=FS).etco2_per_breath_mmhg.size == 0
    )
