"""Online vitals and alerts: hysteresis, minimum durations, missing stays missing, 0 is a value."""

from __future__ import annotations

from pathlib import Path

import neurokit2 as nk
import numpy as np
import pytest
from pydantic import ValidationError
from tests.conftest import shared_data

from fitcoach.analysis.signals import Alert, AlertEngine, EcgTracker, Vitals, VitalsMonitor
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import SignalThresholds

REPO = Path(__file__).resolve().parents[3]


def vitals(t: float, **values: float | bool | None) -> Vitals:
    base: dict[str, float | bool | None] = {
        "hr_bpm": None,
        "hrv_rmssd_ms": None,
        "spo2_pct": None,
        "spo2_calibrated": False,
        "ppg_hr_bpm": None,
        "breathing_rate_bpm": None,
        "etco2_mmhg": None,
    }
    base.update(values)
    return Vitals(at_s=t, **base)  # type: ignore[arg-type]


def run(engine: AlertEngine, series: list[dict[str, float | bool | None]]) -> list[Alert]:
    out: list[Alert] = []
    for t, values in enumerate(series):
        out += engine.update(vitals(float(t), **values))
    return out


def test_desaturation_raises_once_and_clears_once() -> None:
    spo2 = [98.0] * 20 + [89.0] * 5 + [97.0] * 5 + [85.0] * 30 + [91.0] * 15 + [95.0] * 20
    alerts = run(AlertEngine(max_hr_bpm=190), [{"spo2_pct": s} for s in spo2])
    assert [(a.kind, a.state) for a in alerts] == [("spo2_low", "raised"), ("spo2_low", "cleared")]
    raised, cleared = alerts
    assert raised.at_s == 30 + 10  # 85 % from t = 30 s, held for 10 s; the 5 s dip did nothing
    assert raised.value == 85.0
    assert raised.severity == "critical"
    assert cleared.at_s == 75 + 10  # 91 % is not yet ≥ 92 %: clearing starts at 95 % (t = 75 s)


def test_zero_percent_is_a_value_and_missing_is_not() -> None:
    engine = AlertEngine(max_hr_bpm=190)
    zeros = run(engine, [{"spo2_pct": 0.0}] * 11)
    assert [(a.state, a.value) for a in zeros] == [("raised", 0.0)]
    # Missing readings neither clear the alert nor raise a new one, however long they last.
    engine2 = AlertEngine(max_hr_bpm=190)
    series: list[dict[str, float | bool | None]] = [{"spo2_pct": 80.0}] * 11 + [
        {"spo2_pct": None}
    ] * 60
    assert [a.state for a in run(engine2, series)] == ["raised"]
    # Gaps restart the timers: 80 % for 8 s, a gap, 8 s again: never 10 s in a row.
    engine3 = AlertEngine(max_hr_bpm=190)
    gappy: list[dict[str, float | bool | None]] = (
        [{"spo2_pct": 80.0}] * 8 + [{"spo2_pct": None}] + [{"spo2_pct": 80.0}] * 8
    )
    assert run(engine3, gappy) == []


def test_heart_rate_above_max_with_hysteresis_and_ppg_fallback() -> None:
    series: list[dict[str, float | bool | None]] = (
        [{"hr_bpm": 170.0}] * 5
        + [{"hr_bpm": 185.0}] * 6
        + [{"hr_bpm": 178.0}] * 20  # below max but not 5 bpm below: stays raised
        + [{"hr_bpm": None, "ppg_hr_bpm": 170.0}] * 11  # ECG missing: PPG pulse rate counts
    )
    alerts = run(AlertEngine(max_hr_bpm=180), series)
    assert [(a.kind, a.state, a.at_s) for a in alerts] == [
        ("hr_above_max", "raised", 10.0),
        ("hr_above_max", "cleared", 41.0),
    ]


def test_etco2_range_is_configurable() -> None:
    series: list[dict[str, float | bool | None]] = [{"etco2_mmhg": 55.0}] * 16
    assert [a.kind for a in run(AlertEngine(max_hr_bpm=190), series)] == ["etco2_out_of_range"]
    wide = SignalThresholds(etco2_low_mmhg=25.0, etco2_high_mmhg=60.0)
    assert run(AlertEngine(max_hr_bpm=190, thresholds=wide), series) == []
    with pytest.raises(ValidationError, match="etco2_low_mmhg must be below etco2_high_mmhg"):
        SignalThresholds(etco2_low_mmhg=50.0, etco2_high_mmhg=30.0)
    with pytest.raises(ValidationError, match="hysteresis"):
        SignalThresholds(spo2_low_pct=92.0, spo2_clear_pct=90.0)
    with pytest.raises(InvalidInput):
        AlertEngine(max_hr_bpm=0)


def test_the_alert_thresholds_come_from_the_thresholds_given() -> None:
    """A stricter SpO2 level and a shorter hold, from settings: the engine follows them."""
    series: list[dict[str, float | bool | None]] = [{"spo2_pct": 91.0}] * 6
    assert run(AlertEngine(max_hr_bpm=190), series) == []
    strict = SignalThresholds(spo2_low_pct=93.0, spo2_clear_pct=95.0, spo2_raise_s=5.0)
    alerts = run(AlertEngine(max_hr_bpm=190, thresholds=strict), series)
    assert [(a.kind, a.at_s) for a in alerts] == [("spo2_low", 5.0)]
    assert "below 93 %" in alerts[0].message


def test_irregular_rhythm_says_it_is_not_a_diagnosis() -> None:
    series: list[dict[str, float | bool | None]] = [{"hr_bpm": 70.0, "rr_irregularity": 0.3}]
    alerts = run(AlertEngine(max_hr_bpm=190), series)
    assert [a.kind for a in alerts] == ["irregular_rhythm"]
    assert "not a diagnosis" in alerts[0].message


def test_rr_irregularity_is_high_with_ectopic_beats_and_low_in_sinus_rhythm() -> None:
    """MIT-BIH 100 (sinus rhythm) and 119 (runs of ventricular bigeminy), 2 minutes each:
    every 30 s window with 3 or more annotated PVCs is irregular, no window of 100 is."""
    found: dict[int, list[tuple[float, int]]] = {}
    for rec in (100, 119):
        data = np.load(shared_data("mitdb-dev") / f"{rec}.npz")
        ecg = np.asarray(data["ecg_mv"], dtype=float)
        pvc_s = np.asarray(data["pvc_peaks"]) / 360.0
        tracker = EcgTracker(360.0)
        found[rec] = []
        for s in range(120):
            tracker.push(ecg[s * 360 : (s + 1) * 360])
            tracker.update(s + 1.0)
            value = tracker.irregularity(s + 1.0)
            if value is not None:
                pvcs = int(((pvc_s >= s + 1 - 30) & (pvc_s < s + 1)).sum())
                found[rec].append((value, pvcs))
        assert len(found[rec]) == 120 - 30 + 1
    assert max(v for v, _ in found[100]) < 0.15
    with_pvcs = [v for v, n in found[119] if n >= 3]
    assert len(with_pvcs) > 60
    assert min(with_pvcs) > 0.15


def _capnogram(seconds: float, rate_bpm: float = 12.0, etco2: float = 38.0) -> np.ndarray:
    t = np.arange(int(seconds * 20)) / 20.0
    phase = (t % (60.0 / rate_bpm)) / (60.0 / rate_bpm)
    return np.where((phase > 0.4) & (phase < 0.95), etco2, 0.0) + 0.2 * np.sin(t)


def test_monitor_end_to_end_desaturation_dropout_and_lead_off() -> None:
    seconds = 150
    ecg = nk.ecg_simulate(duration=seconds, sampling_rate=250, heart_rate=72, random_state=3)
    pulse = nk.ppg_simulate(duration=seconds, sampling_rate=100, heart_rate=72, random_state=3)
    pulse = (pulse - pulse.mean()) / pulse.std()
    # R per second: 0.5 (97.5 %), then 1.0 (85 %) from 40 to 80 s, then 0.5 again.
    r_of_second = np.where((np.arange(seconds) >= 40) & (np.arange(seconds) < 80), 1.0, 0.5)
    r_samples = np.repeat(r_of_second, 100)
    ir = 60_000.0 * (1 + 0.02 * pulse)
    red = 45_000.0 * (1 + r_samples * 0.02 * pulse)
    co2 = _capnogram(seconds)
    monitor = VitalsMonitor(max_hr_bpm=190)
    timeline: list[Vitals] = []
    alerts: list[Alert] = []
    for s in range(seconds):
        lead_off = 120 <= s < 130
        monitor.push_ecg(ecg[s * 250 : (s + 1) * 250], lead_off=lead_off)
        if s < 110:  # the PPG stream stops at 110 s
            monitor.push_ppg(red[s * 100 : (s + 1) * 100], ir[s * 100 : (s + 1) * 100])
        monitor.push_co2(co2[s * 20 : (s + 1) * 20])
        v, a = monitor.tick(s + 1.0)
        timeline.append(v)
        alerts += a
    at = {int(v.at_s): v for v in timeline}
    steady = at[30]
    assert steady.hr_bpm == pytest.approx(72, abs=3)
    assert steady.ppg_hr_bpm == pytest.approx(72, abs=5)
    assert steady.spo2_pct == pytest.approx(97.5, abs=1)
    assert steady.spo2_calibrated is False
    assert steady.breathing_rate_bpm == pytest.approx(12, rel=0.05)
    assert steady.etco2_mmhg == pytest.approx(38, abs=1)
    assert at[70].spo2_pct == pytest.approx(85, abs=1)
    assert at[65].hrv_rmssd_ms is not None
    assert at[30].hrv_rmssd_ms is None  # less than 60 s of beats: missing, not 0
    # PPG stopped at 110 s: its figures are missing afterwards, never the last value repeated.
    assert all(at[t].spo2_pct is None and at[t].ppg_hr_bpm is None for t in range(111, 151))
    # Lead-off from 120 to 130 s: no heart rate then, and one sensor_off raised and cleared.
    assert all(at[t].hr_bpm is None and at[t].ecg_off for t in range(121, 131))
    assert at[145].hr_bpm is not None
    kinds = [(a.kind, a.state) for a in alerts]
    assert kinds == [
        ("spo2_low", "raised"),
        ("spo2_low", "cleared"),
        ("sensor_off", "raised"),
        ("sensor_off", "cleared"),
    ]
    raised = alerts[0]
    assert 50 <= raised.at_s <= 60  # 85 % from about 41–48 s (8 s window) plus 10 s
    assert raised.value is not None
    assert raised.value < 90


def test_the_monitor_takes_its_gates_and_plausible_ranges_from_the_thresholds() -> None:
    """The same capnogram (12 breaths/min, EtCO2 38): a rate is reported by default and is
    missing when the plausible range starts above it; the trackers' gates follow too."""
    co2 = _capnogram(40)
    rates = {}
    for name, thresholds in {
        "default": SignalThresholds(),
        "up to 20": SignalThresholds(breathing_rate_min_bpm=2.0, breathing_rate_max_bpm=20.0),
        "from 15": SignalThresholds(breathing_rate_min_bpm=15.0),
    }.items():
        monitor = VitalsMonitor(max_hr_bpm=190, ecg_hz=None, ppg_hz=None, thresholds=thresholds)
        monitor.push_co2(co2)
        vitals_now, _ = monitor.tick(40.0)
        rates[name] = vitals_now.breathing_rate_bpm
    assert rates["default"] == pytest.approx(12.0, abs=0.5)
    assert rates["up to 20"] == pytest.approx(12.0, abs=0.5)
    assert rates["from 15"] is None
    gated = VitalsMonitor(
        max_hr_bpm=190, thresholds=SignalThresholds(ecg_min_sqi=0.9, ppg_min_sqi=0.7)
    )
    assert gated.ecg is not None
    assert gated.ppg is not None
    assert (gated.ecg.min_sqi, gated.ppg.min_sqi) == (0.9, 0.7)


def test_a_red_led_gap_costs_spo2_only_not_the_pulse_rate() -> None:
    """A red frame lost or marked off while IR is fine: the pulse rate (from IR) is what it
    would have been, SpO2 is missing while the gap is in its 8 s window, and nothing raises."""
    from fitcoach.analysis.signals.online import PpgTracker

    seconds = 30
    pulse = nk.ppg_simulate(duration=seconds, sampling_rate=100, heart_rate=72, random_state=4)
    pulse = (pulse - pulse.mean()) / pulse.std()
    ir = 60_000.0 * (1 + 0.02 * pulse)
    red = 45_000.0 * (1 + 0.5 * 0.02 * pulse)
    gapped = red.copy()
    gapped[2000:2100] = np.nan  # second 20: the red samples lost
    clean, broken = PpgTracker(100), PpgTracker(100)
    for s in range(seconds):
        part = slice(s * 100, (s + 1) * 100)
        clean.push(red[part], ir[part])
        broken.push(gapped[part], ir[part])
        hr, spo2 = clean.update(s + 1.0)
        hr_gap, spo2_gap = broken.update(s + 1.0)
        assert hr_gap == hr
        if 20 <= s < 28:
            assert hr is not None
            assert spo2 is not None
            assert spo2_gap is None
        else:
            assert spo2_gap == spo2
