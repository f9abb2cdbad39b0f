"""Post-session analysis: HR recovery, zones, Edwards TRIMP, HRV gate."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis.load import edwards_trimp_from_hr
from fitcoach.analysis.signals import ecg_heart_rate_series, session_analyze
from fitcoach.core.errors import InvalidInput

FS = 250.0


def peaks_from_hr(hr_per_second: np.ndarray, seed: int = 0) -> np.ndarray:
    """R-peak sample indices for a heart-rate profile (bpm per second), small seeded jitter."""
    rng = np.random.default_rng(seed)
    t, out = 0.0, [0.0]
    while t < hr_per_second.size - 1:
        rr = 60.0 / float(np.interp(t, np.arange(hr_per_second.size), hr_per_second))
        t += rr * (1 + rng.normal(0, 0.005))
        out.append(t)
    return np.round(np.asarray(out) * FS).astype(np.int64)


def profile() -> np.ndarray:
    warm = np.full(300, 100.0)
    hard = np.full(180, 170.0)
    drop = np.linspace(170.0, 130.0, 61)[1:]  # 40 bpm in the first minute after the effort
    easy = np.full(180, 130.0)
    return np.concatenate([warm, hard, drop, easy])


def test_recovery_zones_and_trimp_of_a_known_session() -> None:
    hr = profile()
    peaks = peaks_from_hr(hr)
    result = session_analyze(peaks, sampling_rate_hz=FS, max_hr_bpm=190)
    assert result.duration_min == pytest.approx(hr.size / 60, abs=0.1)
    assert result.hardest_effort_end_s == pytest.approx(480, abs=4)
    assert result.hr_recovery_bpm == pytest.approx(40, abs=4)
    assert result.hr_recovery_reason is None
    assert result.peak_hr_bpm == pytest.approx(170, abs=3)
    zones = result.zone_minutes
    assert zones[0] == pytest.approx(5.0, abs=0.1)  # 100/190 = 53 %: zone 1
    # 170/190 = 89 % (zone 4, jitter tips some seconds over 90 %) for 3 min, plus the 27 s
    # the recovery takes from 170 down to 152 bpm (80 %).
    assert zones[3] + zones[4] == pytest.approx(3.0 + 27 / 60, abs=0.1)
    assert sum(zones) == pytest.approx(result.duration_min, abs=0.1)  # nothing below 50 %
    _, series = ecg_heart_rate_series(peaks, sampling_rate_hz=FS)
    assert result.trimp_edwards == pytest.approx(
        edwards_trimp_from_hr(series, sampling_rate_hz=1.0, max_hr_bpm=190)
    )
    assert result.hrv.time is not None


def test_recovery_is_missing_when_the_recording_stops_too_early() -> None:
    hr = np.concatenate([np.full(120, 100.0), np.full(120, 170.0), np.full(20, 150.0)])
    result = session_analyze(peaks_from_hr(hr), sampling_rate_hz=FS, max_hr_bpm=190)
    assert result.hr_recovery_bpm is None
    assert result.hr_recovery_reason is not None
    assert "ends" in result.hr_recovery_reason
    with pytest.raises(InvalidInput):
        session_analyze(peaks_from_hr(hr), sampling_rate_hz=FS, max_hr_bpm=0)
