"""The online monitor on the simulator's scenarios: a real desaturation raises and clears the
SpO2 alert once; motion artefacts (a PPG that stops following the ECG's pulse) raise nothing."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis.signals.online import VitalsMonitor
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator

SECONDS = 90


def _alerts(scenario: str, seed: int) -> list[tuple[str, str, float]]:
    run = Simulator(scenario, seed=seed).frames(SECONDS)
    ecg = DEFAULT_PROFILE.channel(Channel.ECG).to_physical(run.signals[Channel.ECG])  # mV
    red = run.signals[Channel.PPG_RED].astype(float)
    ir = run.signals[Channel.PPG_IR].astype(float)
    co2 = run.signals[Channel.CO2] / 10.0
    monitor = VitalsMonitor(max_hr_bpm=185)
    out: list[tuple[str, str, float]] = []
    for s in range(SECONDS):
        monitor.push_ecg(ecg[s * 250 : (s + 1) * 250])
        monitor.push_ppg(red[s * 100 : (s + 1) * 100], ir[s * 100 : (s + 1) * 100])
        monitor.push_co2(co2[s * 20 : (s + 1) * 20])
        _, alerts = monitor.tick(s + 1.0)
        out += [(a.kind, a.state, a.at_s) for a in alerts]
    return out


@pytest.mark.parametrize("seed", [1, 2])
def test_a_desaturation_raises_and_clears_once(seed: int) -> None:
    alerts = _alerts("desaturation", seed)
    assert [(k, s) for k, s, _ in alerts] == [("spo2_low", "raised"), ("spo2_low", "cleared")]
    raised, cleared = alerts[0][2], alerts[1][2]
    assert 20 < raised < cleared


@pytest.mark.parametrize("scenario", ["motion", "rest", "intervals"])
def test_no_false_alarm(scenario: str) -> None:
    assert _alerts(scenario, 1) == []


def test_a_ppg_out_of_step_with_the_ecg_gives_no_spo2() -> None:
    fs_ecg, fs_ppg = 250, 100
    t_ecg = np.arange(0, 20, 1 / fs_ecg)
    t_ppg = np.arange(0, 20, 1 / fs_ppg)
    monitor = VitalsMonitor(max_hr_bpm=185, co2_hz=None)
    # ECG spikes at 60 bpm; PPG pulsing at 120 bpm: they cannot both be the heart.
    ecg = np.where((t_ecg % 1.0) < 0.02, 1.5, 0.0)
    wave = 1 + 0.02 * np.sin(2 * np.pi * 2.0 * t_ppg)
    spo2, both = None, 0
    for s in range(20):
        monitor.push_ecg(ecg[s * fs_ecg : (s + 1) * fs_ecg])
        monitor.push_ppg(
            50_000 * wave[s * fs_ppg : (s + 1) * fs_ppg],
            80_000 * wave[s * fs_ppg : (s + 1) * fs_ppg],
        )
        vitals, _ = monitor.tick(s + 1.0)
        if vitals.hr_bpm is not None and vitals.ppg_hr_bpm is not None:
            both += 1
            spo2 = vitals.spo2_pct
            assert abs(vitals.hr_bpm - vitals.ppg_hr_bpm) > 10
    assert both > 0  # both pulse rates were measured, so the gate was exercised
    assert spo2 is None
