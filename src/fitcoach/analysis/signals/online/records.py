"""What the online trackers give and keep: one second of ``Vitals``, an ``Alert``, and the
sliding sample buffer each tracker holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals.ecg import FloatArray
from fitcoach.core.errors import InvalidInput

Severity = Literal["info", "warning", "critical"]
AlertState = Literal["raised", "cleared"]


@dataclass(frozen=True)
class Vitals:
    """One second of vitals; ``None`` is missing (no data, sensor off, poor quality)."""

    at_s: float
    hr_bpm: float | None
    hrv_rmssd_ms: float | None
    spo2_pct: float | None
    spo2_calibrated: bool
    ppg_hr_bpm: float | None
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    ecg_sqi: float | None = None
    ppg_sqi: float | None = None
    rr_irregularity: float | None = None
    ecg_off: bool = False
    ppg_off: bool = False


@dataclass(frozen=True)
class Alert:
    at_s: float
    kind: str
    severity: Severity
    value: float | None
    message: str
    state: AlertState


class _Buffer:
    """The last ``keep_s`` seconds of one stream, and how many samples came in total."""

    def __init__(self, sampling_rate_hz: float, keep_s: float) -> None:
        if not sampling_rate_hz > 0:
            raise InvalidInput(f"sampling_rate_hz must be positive, got {sampling_rate_hz}")
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.keep = round(keep_s * self.sampling_rate_hz)
        self.data: FloatArray = np.zeros(0)
        self.total = 0

    def push(self, chunk: npt.ArrayLike) -> None:
        x = np.asarray(chunk, dtype=float).ravel()
        self.total += x.size
        self.data = np.concatenate([self.data, x])[-self.keep :]

    @property
    def end_s(self) -> float:
        return self.total / self.sampling_rate_hz

    def last(self, seconds: float, at_s: float) -> tuple[FloatArray, int] | None:
        """Samples of [at_s − seconds, at_s) and the absolute index of the first, or None
        when the buffer does not cover that span."""
        end = round(at_s * self.sampling_rate_hz)
        start = end - round(seconds * self.sampling_rate_hz)
        first = self.total - self.data.size
        if start < first or end > self.total or start < 0:
            return None
        return self.data[start - first : end - first], start
