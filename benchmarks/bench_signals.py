"""Real-time factor of the online signal pipeline on one hour of synthetic sensor data.

Setup (not timed): one hour of seeded synthetic data as the device streams it: ECG at 250 Hz
(NeuroKit2 ``ecg_simulate``, 75 bpm, noise 0.05 mV), red and IR PPG at 100 Hz (``ppg_simulate``
scaled to 45,000/60,000 counts with a 2 % perfusion index), and a capnogram at 20 Hz
(12 breaths/min, EtCO2 38 mmHg).

Measured:

(a) fitcoach: :class:`fitcoach.analysis.signals.VitalsMonitor` fed 1 s chunks of every stream
    and ticked once per second: R peaks over a sliding 8 s window, HR, RMSSD over 60 s, RR
    irregularity, ECG and PPG quality, PPG pulse rate, SpO2, breathing rate and EtCO2, and the
    alert engine: 3,600 vitals for the hour;
(b) baselines, each over the same hour of ECG in one offline call: NeuroKit2's
    ``nk.ecg_process`` (cleaning, R peaks, heart rate, delineation, quality), and NeuroKit2's
    R-peak detection alone, ``nk.ecg_peaks`` (its default ``neurokit`` detector): the least
    an offline peak detection of the same ECG costs, a floor that does far less than (a),
    which also reads the PPG and the capnogram and raises alerts, every second.

Figure: the real-time factor, seconds of data processed per second of compute (× real time);
ratio = fitcoach / baseline, one row per baseline. Each path runs ``--repeat`` times
(default 3, ``--quick`` 1) and the medians are compared. The run fails unless every second
produced one vitals record and the heart rate, SpO2 and breathing rate came out near the
simulated values, and unless NeuroKit2 found about as many R peaks as the simulated beats.
"""

from __future__ import annotations

import neurokit2 as nk
import numpy as np
from benchmarks.common import BenchArgs, BenchmarkError, Result, repeat

from fitcoach.analysis.signals import Vitals, VitalsMonitor

NAME = "signals"
DEFAULT_SECONDS = 3600
QUICK_SECONDS = 300
ECG_HZ, PPG_HZ, CO2_HZ = 250, 100, 20
HEART_RATE = 75


def make_data(seconds: int, seed: int = 1) -> dict[str, np.ndarray]:
    """Synthetic streams for ``seconds`` (generated in 5-minute pieces to bound memory)."""
    ecg, ppg = [], []
    for k, start in enumerate(range(0, seconds, 300)):
        piece = min(300, seconds - start)
        ecg.append(
            nk.ecg_simulate(
                duration=piece,
                sampling_rate=ECG_HZ,
                heart_rate=HEART_RATE,
                noise=0.05,
                method="ecgsyn" if piece >= 10 else "simple",
                random_state=seed + k,
            )[: piece * ECG_HZ]
        )
        p = nk.ppg_simulate(
            duration=piece, sampling_rate=PPG_HZ, heart_rate=HEART_RATE, random_state=seed + k
        )[: piece * PPG_HZ]
        ppg.append((p - p.mean()) / p.std())
    pulse = np.concatenate(ppg)
    t = np.arange(seconds * CO2_HZ) / CO2_HZ
    phase = (t % 5.0) / 5.0
    rng = np.random.default_rng(seed)
    co2 = np.where((phase > 0.4) & (phase < 0.95), 38.0, 0.0) + rng.normal(0, 0.3, t.size)
    return {
        "ecg": np.concatenate(ecg),
        "ir": 60_000.0 * (1 + 0.02 * pulse),
        "red": 45_000.0 * (1 + 0.6 * 0.02 * pulse),  # R = 0.6: SpO2 95 % on the default line
        "co2": co2,
    }


def run_online(data: dict[str, np.ndarray], seconds: int) -> list[Vitals]:
    monitor = VitalsMonitor(max_hr_bpm=190, ecg_hz=ECG_HZ, ppg_hz=PPG_HZ, co2_hz=CO2_HZ)
    out = []
    for s in range(seconds):
        monitor.push_ecg(data["ecg"][s * ECG_HZ : (s + 1) * ECG_HZ])
        monitor.push_ppg(
            data["red"][s * PPG_HZ : (s + 1) * PPG_HZ], data["ir"][s * PPG_HZ : (s + 1) * PPG_HZ]
        )
        monitor.push_co2(data["co2"][s * CO2_HZ : (s + 1) * CO2_HZ])
        vitals, _ = monitor.tick(s + 1.0)
        out.append(vitals)
    return out


def check(vitals: list[Vitals], seconds: int) -> None:
    if len(vitals) != seconds:
        raise BenchmarkError(f"{len(vitals)} vitals for {seconds} s")
    late = vitals[60:]
    hr = [v.hr_bpm for v in late if v.hr_bpm is not None]
    spo2 = [v.spo2_pct for v in late if v.spo2_pct is not None]
    rate = [v.breathing_rate_bpm for v in late if v.breathing_rate_bpm is not None]
    if len(hr) < 0.9 * len(late) or abs(float(np.median(hr)) - HEART_RATE) > 3:
        raise BenchmarkError(f"heart rate off: {len(hr)} values, median {np.median(hr):.1f}")
    if len(spo2) < 0.9 * len(late) or abs(float(np.median(spo2)) - 95.0) > 1:
        raise BenchmarkError(f"SpO2 off: {len(spo2)} values, median {np.median(spo2):.1f}")
    if len(rate) < 0.9 * len(late) or abs(float(np.median(rate)) - 12.0) > 1:
        raise BenchmarkError(f"breathing rate off: {len(rate)} values")


def main(args: BenchArgs) -> list[Result]:
    seconds = args.rows or (QUICK_SECONDS if args.quick else DEFAULT_SECONDS)
    if seconds < 90:
        raise BenchmarkError("give at least 90 s of data (--rows is seconds here)")
    times = args.repeat or (1 if args.quick else 3)
    args.progress(f"signals: generating {seconds} s of ECG, PPG and CO2")
    data = make_data(seconds)
    args.progress(f"signals: online pipeline over {seconds} s x {times}")
    online = repeat(lambda: run_online(data, seconds), times, check=lambda v: check(v, seconds))
    args.progress(f"signals: nk.ecg_process over {seconds} s x {times}")

    def baseline() -> int:
        signals, _ = nk.ecg_process(data["ecg"], sampling_rate=ECG_HZ)
        return len(signals)

    def check_baseline(n: int) -> None:
        if n != seconds * ECG_HZ:
            raise BenchmarkError("nk.ecg_process returned the wrong length")

    base = repeat(baseline, times, check=check_baseline)
    args.progress(f"signals: nk.ecg_peaks over {seconds} s x {times}")

    def peaks_only() -> int:
        _, info = nk.ecg_peaks(data["ecg"], sampling_rate=ECG_HZ)
        return len(info["ECG_R_Peaks"])

    def check_peaks(n: int) -> None:
        beats = seconds * HEART_RATE / 60
        if abs(n - beats) > 0.05 * beats:
            raise BenchmarkError(f"nk.ecg_peaks found {n} R peaks, about {beats:.0f} expected")

    peaks = repeat(peaks_only, times, check=check_peaks)
    figure = seconds / online.median
    note = (
        f"{seconds} s of data in {online.median:.1f} s "
        f"({1000 * online.median / seconds:.2f} ms per 1 s tick)"
    )
    rows = []
    for label, timing, what in (
        ("nk.ecg_process (ECG only, one offline call)", base, "nk.ecg_process"),
        ("nk.ecg_peaks (ECG only, one offline call)", peaks, "nk.ecg_peaks"),
    ):
        base_rtf = seconds / timing.median
        rows.append(
            Result(
                name="online vitals (ECG 250 Hz + PPG 2x100 Hz + CO2 20 Hz), 1 Hz",
                figure=figure,
                unit="x real time",
                baseline=base_rtf,
                ratio=figure / base_rtf,
                notes=f"{note}; {what} on the ECG alone, offline: {timing.median:.1f} s",
                baseline_name=label,
                group=NAME,
                samples=list(online.samples),
                baseline_samples=list(timing.samples),
                extra={"seconds": seconds, "ms_per_tick": 1000 * online.median / seconds},
            )
        )
    return rows
