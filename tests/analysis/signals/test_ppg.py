"""PPG pulse rate (simulated and on BIDMC 01 against its ECG), SpO2 by the ratio of ratios."""

from __future__ import annotations

from pathlib import Path

import neurokit2 as nk
import numpy as np
import pytest
from tests.conftest import shared_data

from fitcoach.analysis.signals import (
    DEFAULT_CALIBRATION,
    Spo2Calibration,
    calibrate_spo2,
    ecg_heart_rate,
    ecg_peaks,
    ppg_breathing_rate,
    ppg_heart_rate,
    ppg_peaks,
    spo2_estimate,
    spo2_ratio,
)
from fitcoach.core.errors import InvalidInput

REPO = Path(__file__).resolve().parents[3]


def test_ppg_heart_rate_follows_ecg_heart_rate_on_bidmc01() -> None:
    """10 s windows over 8 minutes: mean absolute difference < 1 bpm (measured 0.39)."""
    data = np.load(shared_data("bidmc") / "bidmc01.npz")
    fs = float(data["fs_hz"])
    r = ecg_peaks(data["ecg_ii"], sampling_rate_hz=fs)
    p = ppg_peaks(data["ppg"], sampling_rate_hz=fs)
    diffs = []
    for start in np.arange(0.0, data["ppg"].size / fs - 10.0, 10.0):
        lo, hi = start * fs, (start + 10.0) * fs
        ecg_hr = ecg_heart_rate(r[(r >= lo) & (r < hi)], sampling_rate_hz=fs)
        ppg_hr = ppg_heart_rate(p[(p >= lo) & (p < hi)], sampling_rate_hz=fs)
        assert ecg_hr is not None
        assert ppg_hr is not None
        diffs.append(abs(ecg_hr - ppg_hr))
    print(f"\nBIDMC 01 PPG vs ECG HR, {len(diffs)} × 10 s: MAD {np.mean(diffs):.2f} bpm")  # noqa: T201
    assert len(diffs) == 48
    assert np.mean(diffs) < 1.0
    assert np.median(diffs) < 0.5


def test_ppg_breathing_rate_follows_the_impedance_reference_on_bidmc01() -> None:
    """Per minute: PPG RIIV rate against the impedance channel's rate from NeuroKit2's
    ``rsp_clean`` + ``rsp_peaks`` (Khodadad 2018). Measured: mean |difference| about 0.9."""
    data = np.load(shared_data("bidmc") / "bidmc01.npz")
    fs = float(data["fs_hz"])
    cleaned = nk.rsp_clean(data["resp"], sampling_rate=fs)
    _, info = nk.rsp_peaks(cleaned, sampling_rate=fs)
    breaths = np.asarray(info["RSP_Peaks"])
    diffs = []
    for start in range(0, 420, 60):
        lo, hi = int(start * fs), int((start + 60) * fs)
        inside = breaths[(breaths >= lo) & (breaths < hi)]
        reference = 60.0 / (float(np.median(np.diff(inside))) / fs)
        estimate = ppg_breathing_rate(data["ppg"][lo:hi], sampling_rate_hz=fs)
        assert estimate is not None
        diffs.append(abs(estimate - reference))
    assert np.mean(diffs) < 2.0
    assert max(diffs) < 3.0
    assert ppg_breathing_rate(np.zeros(5000), sampling_rate_hz=fs) is None


@pytest.mark.parametrize("heart_rate", [60, 90, 140])
def test_simulated_ppg_heart_rate_within_2_bpm(heart_rate: int) -> None:
    ppg = nk.ppg_simulate(duration=60, sampling_rate=100, heart_rate=heart_rate, random_state=11)
    hr = ppg_heart_rate(ppg_peaks(ppg, sampling_rate_hz=100), sampling_rate_hz=100)
    assert hr is not None
    assert hr == pytest.approx(heart_rate, abs=2.0)


def _red_ir(
    r_value: float, seconds: float = 30.0, fs: float = 100.0
) -> tuple[np.ndarray, np.ndarray]:
    pulse = nk.ppg_simulate(duration=seconds, sampling_rate=fs, heart_rate=75, random_state=5)
    pulse = (pulse - pulse.mean()) / pulse.std()
    dc_ir, dc_red, pi_ir = 60_000.0, 45_000.0, 0.02
    ir = dc_ir * (1 + pi_ir * pulse)
    red = dc_red * (1 + r_value * pi_ir * pulse)
    return red, ir


@pytest.mark.parametrize("r_value", [0.5, 0.8, 1.0])
def test_spo2_from_known_ratio_of_ratios(r_value: float) -> None:
    red, ir = _red_ir(r_value)
    est = spo2_estimate(red, ir, sampling_rate_hz=100)
    assert est.r_median == pytest.approx(r_value, rel=0.01)
    assert est.spo2_pct_median == pytest.approx(110 - 25 * r_value, abs=0.3)
    assert est.calibrated is False
    assert np.isfinite(est.r).all()


def test_spo2_without_pulse_is_missing_not_a_number() -> None:
    flat = np.full(3000, 50_000.0)
    starts, r = spo2_ratio(flat, flat, sampling_rate_hz=100)
    assert starts.size == r.size > 0
    assert np.isnan(r).all()
    est = spo2_estimate(flat, flat, sampling_rate_hz=100)
    assert est.spo2_pct_median is None
    assert est.r_median is None


def test_calibration_recovers_a_line_and_marks_it_calibrated() -> None:
    rng = np.random.default_rng(2)
    r = np.linspace(0.4, 1.4, 30)
    reference = 104.0 - 18.0 * r + rng.normal(0, 0.5, r.size)
    cal = calibrate_spo2(r, reference)
    assert cal.calibrated is True
    assert cal.a == pytest.approx(104.0, abs=1.0)
    assert cal.b == pytest.approx(18.0, abs=1.0)
    assert cal.rmse_pct is not None
    assert cal.rmse_pct < 1.0
    assert cal.n_points == 30
    red, ir = _red_ir(0.8)
    est = spo2_estimate(red, ir, sampling_rate_hz=100, calibration=cal)
    assert est.calibrated is True
    assert est.spo2_pct_median == pytest.approx(cal.spo2(0.8), abs=0.3)
    assert Spo2Calibration(110.0, 25.0, calibrated=False) == DEFAULT_CALIBRATION


def test_calibration_refuses_what_cannot_be_fitted() -> None:
    with pytest.raises(InvalidInput, match="at least 3"):
        calibrate_spo2([0.5, 0.6], [98, 97])
    with pytest.raises(InvalidInput, match="differ"):
        calibrate_spo2([0.5, 0.5, 0.5], [98, 97, 96])
    with pytest.raises(InvalidInput, match="reference"):
        calibrate_spo2([0.5, 0.6], [98])
    with pytest.raises(InvalidInput, match="between 50 and 100"):
        calibrate_spo2([0.5, 0.6, 0.7], [98, 97, 130])
    with pytest.raises(InvalidInput, match="length"):
        spo2_ratio(np.ones(500), np.ones(400), sampling_rate_hz=100)
