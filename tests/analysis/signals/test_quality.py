"""Signal quality indices and sensor flags."""

from __future__ import annotations

import neurokit2 as nk
import numpy as np
import pytest

from fitcoach.analysis.signals import (
    ecg_quality,
    longest_flat_run_s,
    ppg_quality,
    sensor_flags,
)


def test_ecg_quality_separates_clean_from_noise() -> None:
    clean = nk.ecg_simulate(duration=20, sampling_rate=250, heart_rate=70, random_state=1)
    noise = np.random.default_rng(1).normal(0, 0.5, clean.size)
    good = ecg_quality(clean, sampling_rate_hz=250)
    bad = ecg_quality(noise, sampling_rate_hz=250)
    assert good is not None
    assert good > 0.9
    assert bad is None or bad < 0.6  # EcgTracker's gate is 0.6
    avg = ecg_quality(clean, sampling_rate_hz=250, method="averageQRS")
    assert avg is not None
    assert 0 < avg <= 1


def test_ppg_quality_separates_clean_from_noise() -> None:
    clean = nk.ppg_simulate(duration=20, sampling_rate=100, heart_rate=70, random_state=2)
    noise = np.random.default_rng(2).normal(0, 1, clean.size)
    good = ppg_quality(clean, sampling_rate_hz=100)
    bad = ppg_quality(noise, sampling_rate_hz=100)
    assert good is not None
    assert good > 0.9
    # Peaks picked in band-passed noise still resemble each other a little (about 0.55–0.67
    # over seeds); PpgTracker's gate is 0.8.
    assert bad is None or bad < 0.75
    assert ppg_quality(clean, sampling_rate_hz=100, method="skewness") is not None
    assert ppg_quality(np.zeros(2000), sampling_rate_hz=100) is None


def test_flatline_saturation_and_lead_off_flags() -> None:
    fs = 250.0
    signal = np.sin(np.arange(2500) / 10.0)
    assert sensor_flags(signal, sampling_rate_hz=fs).off is False
    flat = signal.copy()
    flat[500:1300] = 0.2  # 3.2 s flat
    flags = sensor_flags(flat, sampling_rate_hz=fs)
    assert flags.flatline
    assert flags.off
    assert longest_flat_run_s(flat, sampling_rate_hz=fs) == pytest.approx(800 / fs)
    short = signal.copy()
    short[500:900] = 0.2  # 1.6 s: not yet a flatline
    assert not sensor_flags(short, sampling_rate_hz=fs).flatline
    railed = np.clip(3 * signal, -1, 1)
    assert sensor_flags(railed, sampling_rate_hz=fs, rails=(-1, 1)).saturated
    assert not sensor_flags(signal, sampling_rate_hz=fs, rails=(-1, 1)).saturated
    lead = np.zeros(signal.size, dtype=bool)
    lead[100] = True
    assert sensor_flags(signal, sampling_rate_hz=fs, lead_off=lead).lead_off
