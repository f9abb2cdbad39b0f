"""Alerts with hysteresis and minimum durations, raised once and cleared once
(``AlertEngine``), with every level from the caller's ``SignalThresholds``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fitcoach.analysis.signals.online.records import Alert, Severity, Vitals
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import DEFAULT_THRESHOLDS, SignalThresholds


@dataclass
class _Rule:
    """Hysteresis: raise after ``raise_after_s`` of bad, clear after ``clear_after_s`` of good.
    A missing value (neither bad nor good known) restarts both timers."""

    kind: str
    severity: Severity
    raise_after_s: float
    clear_after_s: float
    active: bool = False
    bad_since: float | None = None
    good_since: float | None = None

    def step(
        self, at_s: float, bad: bool | None, good: bool | None, value: float | None, message: str
    ) -> Alert | None:
        if bad is None or good is None:
            self.bad_since = self.good_since = None
            return None
        if not self.active:
            self.good_since = None
            if not bad:
                self.bad_since = None
                return None
            if self.bad_since is None:
                self.bad_since = at_s
            if at_s - self.bad_since >= self.raise_after_s:
                self.active, self.bad_since = True, None
                return Alert(at_s, self.kind, self.severity, value, message, "raised")
            return None
        self.bad_since = None
        if not good:
            self.good_since = None
            return None
        if self.good_since is None:
            self.good_since = at_s
        if at_s - self.good_since >= self.clear_after_s:
            self.active, self.good_since = False, None
            return Alert(at_s, self.kind, "info", value, f"cleared: {message}", "cleared")
        return None


@dataclass
class AlertEngine:
    """Alerts from the 1 Hz vitals, with hysteresis and minimum durations.

    With the default ``thresholds`` (``SignalThresholds``; its validation keeps low < high and
    the hysteresis the right way round):

    - ``spo2_low``: SpO2 < 90 % for 10 s; clears at ≥ 92 % for 10 s.
    - ``hr_above_max``: HR (ECG, else PPG) above the athlete's maximum for 5 s; clears at
      ≤ max − 5 bpm for 10 s.
    - ``etco2_out_of_range``: EtCO2 outside 30–50 mmHg for 15 s; clears 1 mmHg inside for 15 s.
    - ``irregular_rhythm``: RR irregularity (normalised RMSSD over 30 s) above 0.15; clears
      below it for 30 s. Not a diagnosis.
    - ``sensor_off``: ECG lead-off/flatline or PPG finger-off/flatline for 3 s.
    """

    max_hr_bpm: float
    thresholds: SignalThresholds = DEFAULT_THRESHOLDS
    rules: dict[str, _Rule] = field(default_factory=dict, init=False)

    def __post_init__(self) -> None:
        if not self.max_hr_bpm > 0:
            raise InvalidInput("max_hr_bpm must be positive")
        t = self.thresholds
        self.rules = {
            "spo2_low": _Rule("spo2_low", "critical", t.spo2_raise_s, t.spo2_clear_s),
            "hr_above_max": _Rule("hr_above_max", "warning", t.hr_raise_s, t.hr_clear_s),
            "etco2_out_of_range": _Rule(
                "etco2_out_of_range", "warning", t.etco2_raise_s, t.etco2_clear_s
            ),
            "irregular_rhythm": _Rule("irregular_rhythm", "warning", 0.0, t.irregularity_clear_s),
            "ecg_off": _Rule("sensor_off", "warning", t.sensor_off_s, t.sensor_off_s),
            "ppg_off": _Rule("sensor_off", "warning", t.sensor_off_s, t.sensor_off_s),
        }

    def update(self, v: Vitals) -> list[Alert]:
        out: list[Alert] = []

        def add(alert: Alert | None) -> None:
            if alert is not None:
                out.append(alert)

        t, r, th = v.at_s, self.rules, self.thresholds
        s = v.spo2_pct
        add(
            r["spo2_low"].step(
                t,
                None if s is None else s < th.spo2_low_pct,
                None if s is None else s >= th.spo2_clear_pct,
                s,
                f"SpO2 {s if s is None else round(s)} % below {th.spo2_low_pct:.0f} % "
                "(estimate; check the sensor and the athlete)",
            )
        )
        hr = v.hr_bpm if v.hr_bpm is not None else v.ppg_hr_bpm
        add(
            r["hr_above_max"].step(
                t,
                None if hr is None else hr > self.max_hr_bpm,
                None if hr is None else hr <= self.max_hr_bpm - th.hr_clear_margin_bpm,
                hr,
                f"heart rate above the athlete's maximum {self.max_hr_bpm:.0f} bpm",
            )
        )
        e = v.etco2_mmhg
        lo, hi, margin = th.etco2_low_mmhg, th.etco2_high_mmhg, th.etco2_clear_margin_mmhg
        add(
            r["etco2_out_of_range"].step(
                t,
                None if e is None else not lo <= e <= hi,
                None if e is None else lo + margin <= e <= hi - margin,
                e,
                f"EtCO2 outside {lo:.0f}–{hi:.0f} mmHg",
            )
        )
        q = v.rr_irregularity
        add(
            r["irregular_rhythm"].step(
                t,
                None if q is None else q > th.irregularity_threshold,
                None if q is None else q <= th.irregularity_threshold,
                q,
                "irregular heart rhythm detected; this is not a diagnosis: stop and "
                "see a professional if it persists or comes with symptoms",
            )
        )
        add(r["ecg_off"].step(t, v.ecg_off, not v.ecg_off, None, "ECG lead off or flat signal"))
        add(r["ppg_off"].step(t, v.ppg_off, not v.ppg_off, None, "PPG finger off or flat signal"))
        return out
