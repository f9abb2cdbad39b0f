"""Many athletes' windows at once: the ``*_rows`` detectors and ``VitalsMonitor.tick_many``
must give, row by row and monitor by monitor, exactly what the one-window functions and
``tick`` give (the same integers, the same floats: equality, not closeness)."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import ROWS_AT_ONCE, ecg_peaks, ecg_peaks_rows
from fitcoach.analysis.signals.online import VitalsMonitor
from fitcoach.analysis.signals.ppg import ppg_peaks, ppg_peaks_rows
from fitcoach.analysis.signals.quality import longest_flat_run_s, longest_flat_runs_rows
from fitcoach.analysis.signals.spo2 import spo2_ratio, spo2_ratio_rows
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.sensors.simulator import Simulator

SCENARIOS = ("rest", "intervals", "pvc", "lead_off", "motion", "desaturation", "warmup")


def _signals(seconds: int) -> list[dict[int, np.ndarray]]:
    """Each scenario's channels in physical units (mV, counts, mmHg), seeded."""
    out = []
    for k, scenario in enumerate(SCENARIOS):
        stream = Simulator(scenario, seed=40 + k, device_id=k).frames(seconds)
        out.append(
            {
                int(c): DEFAULT_PROFILE.channel(c).to_physical(
                    np.asarray(stream.signals[c], dtype=np.int64)
                )
                for c in (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2)
            }
        )
    return out


def _odd_rows(width: int, rng: np.random.Generator) -> list[np.ndarray]:
    """Windows the detectors meet rarely: flat, a step, a ramp, noise, a lone spike, a
    sine too slow to be a beat, constant but one sample, a plateau peak."""
    t = np.arange(width)
    spike = np.zeros(width)
    spike[width // 2] = 1.0
    one = np.full(width, 3.0)
    one[7] = 3.5
    plateau = np.zeros(width)
    plateau[100:140] = 2.0
    return [
        np.zeros(width),
        np.where(t < width // 3, 0.0, 1.0),
        t / width,
        rng.normal(size=width),
        spike,
        np.sin(2 * np.pi * t / width),
        one,
        plateau,
        -np.abs(rng.normal(size=width)),
    ]


def _windows(signal: np.ndarray, width: int, step: int) -> list[np.ndarray]:
    return [signal[s : s + width] for s in range(0, signal.size - width + 1, step)]


def test_ecg_peaks_rows_is_ecg_peaks_of_each_row() -> None:
    rng = np.random.default_rng(3)
    rows = [w for s in _signals(40) for w in _windows(s[int(Channel.ECG)], 2000, 370)]
    rows += _odd_rows(2000, rng)
    rng.shuffle(rows)  # lone odd rows among ordinary ones, in every group of ROWS_AT_ONCE
    x = np.array(rows)
    assert x.shape[0] > 3 * ROWS_AT_ONCE
    got = ecg_peaks_rows(x, sampling_rate_hz=250.0)
    assert len(got) == x.shape[0]
    found = 0
    for row, peaks in zip(x, got, strict=True):
        expected = ecg_peaks(row, sampling_rate_hz=250.0)
        assert peaks.dtype == expected.dtype
        assert np.array_equal(peaks, expected)
        found += peaks.size
    assert found > 500
    # One row, rows shorter than two seconds, and no rows at all.
    assert np.array_equal(
        ecg_peaks_rows(x[:1], sampling_rate_hz=250.0)[0], ecg_peaks(x[0], sampling_rate_hz=250.0)
    )
    assert [p.size for p in ecg_peaks_rows(x[:3, :400], sampling_rate_hz=250.0)] == [0, 0, 0]
    assert ecg_peaks_rows(np.zeros((0, 2000)), sampling_rate_hz=250.0) == []


def test_ppg_peaks_rows_is_ppg_peaks_of_each_row() -> None:
    rng = np.random.default_rng(4)
    fs = 100.0
    width = int(10 * fs)
    rows = [w for s in _signals(40) for w in _windows(s[int(Channel.PPG_IR)], width, 130)]
    rows += _odd_rows(width, rng)
    rng.shuffle(rows)
    x = np.array(rows)
    with np.errstate(all="ignore"):
        got = ppg_peaks_rows(x, sampling_rate_hz=fs)
    found = 0
    for row, peaks in zip(x, got, strict=True):
        with np.errstate(all="ignore"):
            expected = ppg_peaks(row, sampling_rate_hz=fs)
        assert peaks.dtype == expected.dtype
        assert np.array_equal(peaks, expected)
        found += peaks.size
    assert found > 100
    assert [p.size for p in ppg_peaks_rows(x[:2, : int(fs)], sampling_rate_hz=fs)] == [0, 0]


@pytest.mark.filterwarnings("ignore:The sampling rate is too low")
def test_ppg_peaks_rows_fails_as_ppg_peaks_below_16_hz() -> None:
    """At 16 Hz or less NeuroKit2's cleaning cannot be designed: both say so alike."""
    x = np.array([s[int(Channel.PPG_IR)][:2000:7] for s in _signals(20)])
    with pytest.raises(ValueError, match="critical frequencies"), np.errstate(all="ignore"):
        ppg_peaks(x[0], sampling_rate_hz=15.0)
    with pytest.raises(ValueError, match="critical frequencies"), np.errstate(all="ignore"):
        ppg_peaks_rows(x, sampling_rate_hz=15.0)


def test_spo2_ratio_rows_is_spo2_ratio_of_each_pair_as_one_window() -> None:
    rng = np.random.default_rng(6)
    red, ir = int(Channel.PPG_RED), int(Channel.PPG_IR)
    pairs = [
        (s[red][k : k + 800], s[ir][k : k + 800]) for s in _signals(40) for k in range(0, 3200, 170)
    ]
    odd = _odd_rows(800, rng)
    pairs += [(a, b) for a in odd for b in odd[::3]]  # no pulse, DC at or below 0 ...
    pairs += [(b, a) for a, b in pairs[:40:3]]
    rng.shuffle(pairs)
    r = np.array([a for a, _ in pairs])
    i = np.array([b for _, b in pairs])
    for perfusion in (1e-4, 1e-3):
        got = spo2_ratio_rows(r, i, sampling_rate_hz=100.0, min_perfusion=perfusion)
        usable = 0
        for k in range(len(pairs)):
            with np.errstate(all="ignore"):
                _, expected = spo2_ratio(
                    r[k], i[k], sampling_rate_hz=100.0, window_s=8.0, min_perfusion=perfusion
                )
            assert expected.size == 1
            assert repr(got[k]) == repr(expected[0])  # NaN for NaN, float for float
            usable += bool(np.isfinite(got[k]))
        assert 50 < usable < len(pairs)


def test_longest_flat_runs_rows_is_longest_flat_run_s_of_each_row() -> None:
    rng = np.random.default_rng(7)
    for width in (0, 1, 2, 5, 750):
        rows = []
        for _ in range(60):
            x = np.round(rng.normal(size=width), int(rng.integers(0, 3)))
            if width > 3:  # flat stretches, NaN gaps, a constant row
                a, b = sorted(rng.integers(0, width, size=2).tolist())
                x[a:b] = x[a]
                if rng.uniform() < 0.2:
                    x[rng.integers(0, width)] = np.nan
                if rng.uniform() < 0.1:
                    x[:] = 1.5
            rows.append(x)
        x = np.array(rows).reshape(60, width)
        for tolerance in (0.0, 1e-3, 0.5):
            got = longest_flat_runs_rows(x, sampling_rate_hz=250.0, tolerance=tolerance)
            for row, run in zip(x, got.tolist(), strict=True):
                expected = longest_flat_run_s(row, sampling_rate_hz=250.0, tolerance=tolerance)
                assert run == expected


def test_the_row_helpers_are_the_one_row_functions_bit_for_bit() -> None:
    rng = np.random.default_rng(5)
    for width in (2, 3, 17, 1000, 2000):
        x = rng.normal(size=(37, width)) * 10.0 ** rng.integers(-3, 4, size=(37, 1))
        means = numeric.mean_rows(x)
        gradients = numeric.gradient_rows(x)
        for size in {1, 2, 25, min(width, 188)}:
            smooth = numeric.uniform_filter1d_rows(x, size)
            for r in range(x.shape[0]):
                assert np.array_equal(smooth[r], numeric.uniform_filter1d(x[r], size))
        for r in range(x.shape[0]):
            assert means[r] == numeric.mean(x[r])
            assert np.array_equal(gradients[r], numeric.gradient(x[r]))


def _feed(monitors: list[VitalsMonitor], signals: list[dict[int, np.ndarray]], sec: int) -> None:
    """Second ``sec`` of every athlete, with what the worker meets: gaps (NaN), lead-off
    flags, a finger off (NaN PPG), a dead CO2 line, a missing second of one stream."""
    ecg, red, ir, co2 = (
        int(c) for c in (Channel.ECG, Channel.PPG_RED, Channel.PPG_IR, Channel.CO2)
    )
    for a, (m, s) in enumerate(zip(monitors, signals, strict=True)):
        e = s[ecg][sec * 250 : (sec + 1) * 250].copy()
        r = s[red][sec * 100 : (sec + 1) * 100].copy()
        i = s[ir][sec * 100 : (sec + 1) * 100].copy()
        c = s[co2][sec * 20 : (sec + 1) * 20].copy()
        lead_off: np.ndarray | bool = False
        if a == 1 and 20 <= sec < 23:
            e[:] = np.nan  # an ECG gap
        if a == 2 and sec in (30, 31):
            lead_off = np.zeros(e.size, dtype=bool)
            lead_off[50:] = True
        if a == 3 and 25 <= sec < 29:
            r[:] = i[:] = np.nan  # finger off
        if a == 4 and sec >= 18:
            c[:] = 35.0  # a flat capnogram
        if a == 5 and sec == 27:
            i[40:60] = np.nan  # IR alone loses samples
        if a == 0 and 40 <= sec < 45:
            r[:] = i[:] = 1000.0  # a flat PPG: the finger off by the flat-line test
        if a == 6 and sec == 33:
            continue  # nothing at all this second (the worker pads; here the buffers lag)
        m.push_ecg(e, lead_off)
        m.push_ppg(r, i)
        m.push_co2(c)


def test_tick_many_is_tick_of_each_monitor() -> None:
    signals = _signals(75)
    signals += signals[:3]  # athletes with the same signals: equal rows in one block
    one = [VitalsMonitor(max_hr_bpm=150.0) for _ in signals]
    many = [VitalsMonitor(max_hr_bpm=150.0) for _ in signals]
    ticked = alerts = hr = rmssd = spo2 = off_ecg = off_ppg = 0
    for sec in range(75):
        _feed(one, signals, sec)
        _feed(many, signals, sec)
        expected = [m.tick(sec + 1.0) for m in one]
        # Some monitors tick a second behind the others (as recordings do in one batch).
        due = [k for k in range(len(many)) if not (k == 2 and sec % 5 == 0)]
        got = VitalsMonitor.tick_many([many[k] for k in due], [sec + 1.0] * len(due))
        for k in set(range(len(many))) - set(due):
            got.insert(k, many[k].tick(sec + 1.0))
        assert repr(got) == repr(expected)
        for vitals, raised in expected:
            ticked += 1
            alerts += len(raised)
            hr += vitals.hr_bpm is not None
            rmssd += vitals.hrv_rmssd_ms is not None
            spo2 += vitals.spo2_pct is not None
            off_ecg += vitals.ecg_off
            off_ppg += vitals.ppg_off
    assert ticked == 75 * len(signals)
    assert hr > 0.6 * ticked
    assert rmssd > 0.1 * ticked
    assert spo2 > 0.3 * ticked
    assert alerts > 0
    assert off_ecg > 0
    assert off_ppg > 0
    # The trackers' state is the same afterwards too.
    for a, b in zip(one, many, strict=True):
        assert a.ecg is not None
        assert b.ecg is not None
        assert list(a.ecg.peaks) == list(b.ecg.peaks)
        assert a.ecg.sqi == b.ecg.sqi
