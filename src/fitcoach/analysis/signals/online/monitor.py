"""``VitalsMonitor``: the trackers and the alert engine together, fed chunks and ticked with
the data time, one second or many at once (``Tick``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals.ecg import FloatArray, IntArray, ecg_peaks, ecg_peaks_rows
from fitcoach.analysis.signals.online.alerts import AlertEngine
from fitcoach.analysis.signals.online.co2_tracker import Co2Tracker
from fitcoach.analysis.signals.online.ecg_tracker import EcgTracker
from fitcoach.analysis.signals.online.ppg_tracker import PpgTracker
from fitcoach.analysis.signals.online.records import Alert, Vitals
from fitcoach.analysis.signals.ppg import ppg_peaks, ppg_peaks_rows
from fitcoach.analysis.signals.quality import longest_flat_runs_rows
from fitcoach.analysis.signals.spo2 import DEFAULT_CALIBRATION, Spo2Calibration, spo2_ratio_rows
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds


class VitalsMonitor:
    """ECG, PPG (red + IR) and capnography trackers and the alert engine in one place.

    Push chunks to any stream (a stream may be absent: pass its rate as ``None``), then call
    :meth:`tick` once a second with the data time. ``thresholds`` sets every quality gate,
    plausibility range and alert of the trackers and the engine.
    """

    def __init__(
        self,
        *,
        max_hr_bpm: float,
        ecg_hz: float | None = 250.0,
        ppg_hz: float | None = 100.0,
        co2_hz: float | None = 20.0,
        spo2_calibration: Spo2Calibration = DEFAULT_CALIBRATION,
        thresholds: SignalThresholds = DEFAULT_THRESHOLDS,
    ) -> None:
        t = self.thresholds = thresholds
        self.max_pulse_mismatch_bpm = t.max_pulse_mismatch_bpm
        self.ecg = (
            EcgTracker(
                ecg_hz,
                min_sqi=t.ecg_min_sqi,
                flat_s=t.flatline_s,
                min_fraction_kept=t.hrv_min_fraction_kept,
            )
            if ecg_hz
            else None
        )
        self.ppg = (
            PpgTracker(
                ppg_hz, calibration=spo2_calibration, min_sqi=t.ppg_min_sqi, flat_s=t.flatline_s
            )
            if ppg_hz
            else None
        )
        self.co2 = (
            Co2Tracker(
                co2_hz,
                min_swing_mmhg=t.co2_min_swing_mmhg,
                plausible_etco2_mmhg=(t.etco2_plausible_min_mmhg, t.etco2_plausible_max_mmhg),
                plausible_rate_bpm=(t.breathing_rate_min_bpm, t.breathing_rate_max_bpm),
            )
            if co2_hz
            else None
        )
        self.alerts = AlertEngine(max_hr_bpm=max_hr_bpm, thresholds=t)
        self.spo2_calibrated = spo2_calibration.calibrated

    def push_ecg(self, ecg_mv: npt.ArrayLike, lead_off: npt.ArrayLike | bool = False) -> None:
        if self.ecg is None:
            raise InvalidInput("this monitor has no ECG stream")
        self.ecg.push(ecg_mv, lead_off)

    def push_ppg(self, red: npt.ArrayLike, ir: npt.ArrayLike) -> None:
        if self.ppg is None:
            raise InvalidInput("this monitor has no PPG stream")
        self.ppg.push(red, ir)

    def push_co2(self, co2_mmhg: npt.ArrayLike) -> None:
        if self.co2 is None:
            raise InvalidInput("this monitor has no CO2 stream")
        self.co2.push(co2_mmhg)

    def tick(self, at_s: float) -> tuple[Vitals, list[Alert]]:
        t = self.prepare(at_s)
        if t.ecg_window is not None:
            t.ecg_peaks = ecg_peaks(t.ecg_window[0], sampling_rate_hz=t.ecg_sampling_rate_hz)
        if t.ppg_windows is not None:
            t.ppg_peaks = ppg_peaks(t.ppg_windows[0], sampling_rate_hz=t.ppg_sampling_rate_hz)
        return self.complete(t)

    @staticmethod
    def tick_many(
        monitors: Sequence[VitalsMonitor], at_s: Sequence[float]
    ) -> list[tuple[Vitals, list[Alert]]]:
        """``[m.tick(t) for m, t in zip(monitors, at_s)]`` (distinct monitors), with the R-peak
        and systolic-peak detection of every window done at once (``prepare_many``)."""
        ticks = VitalsMonitor.prepare_many(monitors, at_s)
        return [m.complete(t) for m, t in zip(monitors, ticks, strict=True)]

    @staticmethod
    def prepare_many(monitors: Sequence[VitalsMonitor], at_s: Sequence[float]) -> list[Tick]:
        """``prepare`` of each monitor (distinct ones) with the peaks its ``tick`` would find
        and SpO2's ratio of ratios: the flat-line tests, the windows and the SpO2 samples of
        one sampling rate and length go through ``longest_flat_runs_rows``,
        ``ecg_peaks_rows``, ``ppg_peaks_rows`` and ``spo2_ratio_rows`` together (each row's
        answer that of the one-window function, so ``complete`` gives what ``tick`` gives).
        Changes no monitor: ``complete`` does."""
        # The sensor-off tests first, the flat-line tests of all monitors at once.
        ecg_off = _off_many([m.ecg for m in monitors], at_s)
        ppg_off = _off_many([m.ppg for m in monitors], at_s)
        ticks = [
            m.prepare(t, ecg_off=e, ppg_off=p)
            for m, t, e, p in zip(monitors, at_s, ecg_off, ppg_off, strict=True)
        ]
        ecg: dict[tuple[float, int], list[Tick]] = {}
        ppg: dict[tuple[float, int], list[Tick]] = {}
        for t in ticks:
            if t.ecg_window is not None:
                ecg.setdefault((t.ecg_sampling_rate_hz, t.ecg_window[0].size), []).append(t)
            if t.ppg_windows is not None:
                ppg.setdefault((t.ppg_sampling_rate_hz, t.ppg_windows[0].size), []).append(t)
        for (rate_hz, _), group in ecg.items():
            rows = np.array([t.ecg_window[0] for t in group if t.ecg_window is not None])
            for t, found in zip(group, ecg_peaks_rows(rows, sampling_rate_hz=rate_hz), strict=True):
                t.ecg_peaks = found
        for (rate_hz, _), group in ppg.items():
            rows = np.array([t.ppg_windows[0] for t in group if t.ppg_windows is not None])
            for t, found in zip(group, ppg_peaks_rows(rows, sampling_rate_hz=rate_hz), strict=True):
                t.ppg_peaks = found
        # SpO2's ratio of ratios, for every monitor whose red window has no gap: computed
        # whether or not its pulse passes the quality gate (``complete`` decides), since one
        # computation for all costs less than one per monitor that needs it.
        spo2: dict[tuple[float, int, float], list[tuple[Tick, FloatArray, FloatArray]]] = {}
        for m, t in zip(monitors, ticks, strict=True):
            if m.ppg is not None and t.ppg_windows is not None:
                recent = m.ppg.spo2_windows(t.ppg_windows)
                if recent is not None:
                    key = (t.ppg_sampling_rate_hz, recent[0].size, m.ppg.min_perfusion)
                    spo2.setdefault(key, []).append((t, *recent))
        for (rate_hz, _, perfusion), items in spo2.items():
            ratios = spo2_ratio_rows(
                np.array([red for _, red, _ in items]),
                np.array([ir for _, _, ir in items]),
                sampling_rate_hz=rate_hz,
                min_perfusion=perfusion,
            )
            for (t, _, _), ratio in zip(items, ratios, strict=True):
                t.spo2_ratio = ratio
        return ticks

    def prepare(
        self, at_s: float, *, ecg_off: bool | None = None, ppg_off: bool | None = None
    ) -> Tick:
        """The first half of ``tick``: whether each sensor is off (``ecg_off`` and
        ``ppg_off`` when the caller tested it) and the windows to detect peaks in. Reads the
        buffers, changes nothing."""
        t = Tick(at_s)
        if self.ecg is not None:
            t.ecg_off = self.ecg.off(at_s) if ecg_off is None else ecg_off
            if not t.ecg_off:
                t.ecg_sampling_rate_hz = self.ecg.sampling_rate_hz
                t.ecg_window = self.ecg.window(at_s)
        if self.ppg is not None:
            t.ppg_off = self.ppg.off(at_s) if ppg_off is None else ppg_off
            if not t.ppg_off:
                t.ppg_sampling_rate_hz = self.ppg.sampling_rate_hz
                t.ppg_windows = self.ppg.windows(at_s)
        return t

    def complete(self, t: Tick) -> tuple[Vitals, list[Alert]]:
        """The rest of ``tick`` for ``prepare``'s ``t`` with its windows' peaks filled in."""
        at_s = t.at_s
        hr = rmssd = irregular = ecg_sqi = None
        ecg_off, ppg_off = t.ecg_off, t.ppg_off
        if self.ecg is not None and not ecg_off:
            self.ecg.apply(t.ecg_window, t.ecg_peaks)
            ecg_sqi = self.ecg.sqi
            hr, rmssd = self.ecg.heart_rate(at_s), self.ecg.rmssd(at_s)
            irregular = self.ecg.irregularity(at_s) if hr is not None else None
        ppg_hr = spo2 = ppg_sqi = None
        if self.ppg is not None and not ppg_off:
            ppg_hr, spo2 = self.ppg.apply(t.ppg_windows, t.ppg_peaks, t.spo2_ratio)
            ppg_sqi = self.ppg.sqi
        # A PPG that does not follow the ECG's pulse is tracking motion, not blood: its SpO2
        # is left out (pulse-rate agreement, as in motion-tolerant oximetry) rather than trusted.
        if (
            spo2 is not None
            and hr is not None
            and (ppg_hr is None or abs(ppg_hr - hr) > self.max_pulse_mismatch_bpm)
        ):
            spo2 = None
        rate = etco2 = None
        if self.co2 is not None:
            rate, etco2 = self.co2.update(at_s)
        vitals = Vitals(
            at_s=at_s,
            hr_bpm=hr,
            hrv_rmssd_ms=rmssd,
            spo2_pct=spo2,
            spo2_calibrated=self.spo2_calibrated,
            ppg_hr_bpm=ppg_hr,
            breathing_rate_bpm=rate,
            etco2_mmhg=etco2,
            ecg_sqi=ecg_sqi,
            ppg_sqi=ppg_sqi,
            rr_irregularity=irregular,
            ecg_off=ecg_off,
            ppg_off=ppg_off,
        )
        return vitals, self.alerts.update(vitals)


def _off_many(
    trackers: Sequence[EcgTracker | PpgTracker | None], at_s: Sequence[float]
) -> list[bool]:
    """``off`` of each tracker at its time (False where there is none), with the flat-line
    tests of the samples of one rate, length and tolerance done as the rows of one array."""
    known = [
        False if tracker is None else tracker.off_unless_flat(at)
        for tracker, at in zip(trackers, at_s, strict=True)
    ]
    out = [v if isinstance(v, bool) else False for v in known]
    groups: dict[tuple[float, int, float], list[int]] = {}
    for k, (tracker, v) in enumerate(zip(trackers, known, strict=True)):
        if tracker is not None and not isinstance(v, bool):
            tolerance = tracker.flat_tolerance_mv if isinstance(tracker, EcgTracker) else 0.0
            groups.setdefault((tracker.sampling_rate_hz, v.size, tolerance), []).append(k)
    for (rate_hz, _, tolerance), rows in groups.items():
        runs = longest_flat_runs_rows(
            np.array([known[k] for k in rows]), sampling_rate_hz=rate_hz, tolerance=tolerance
        )
        for k, run in zip(rows, runs.tolist(), strict=True):
            tracker = trackers[k]
            assert tracker is not None
            out[k] = tracker.flat(run)
    return out


@dataclass
class Tick:
    """One monitor's second between ``VitalsMonitor.prepare`` and ``complete``: whether each
    sensor is off, the windows to detect peaks in (None: none to analyse), and their peaks."""

    at_s: float
    ecg_off: bool = False
    ppg_off: bool = False
    ecg_sampling_rate_hz: float = 0.0
    ppg_sampling_rate_hz: float = 0.0
    ecg_window: tuple[FloatArray, int] | None = None
    ppg_windows: tuple[FloatArray, FloatArray] | None = None
    ecg_peaks: IntArray | None = None
    ppg_peaks: IntArray | None = None
    spo2_ratio: np.float64 | None = None  # of PpgTracker.spo2_windows, when computed
