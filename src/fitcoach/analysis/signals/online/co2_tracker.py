"""The capnography tracker: breathing rate and end-tidal CO2 over the sliding window."""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals.capnography import capnography_analyze
from fitcoach.analysis.signals.online.records import _Buffer
from fitcoach.core.settings import DEFAULT_THRESHOLDS


class Co2Tracker:
    """Capnogram: breathing rate and EtCO2 over the last 30 s, within plausible ranges."""

    def __init__(
        self,
        sampling_rate_hz: float,
        *,
        window_s: float = 30.0,
        min_swing_mmhg: float = DEFAULT_THRESHOLDS.co2_min_swing_mmhg,
        plausible_etco2_mmhg: tuple[float, float] = (
            DEFAULT_THRESHOLDS.etco2_plausible_min_mmhg,
            DEFAULT_THRESHOLDS.etco2_plausible_max_mmhg,
        ),
        plausible_rate_bpm: tuple[float, float] = (
            DEFAULT_THRESHOLDS.breathing_rate_min_bpm,
            DEFAULT_THRESHOLDS.breathing_rate_max_bpm,
        ),
    ) -> None:
        self.sampling_rate_hz = float(sampling_rate_hz)
        self.buffer = _Buffer(sampling_rate_hz, window_s + 2.0)
        self.window_s = window_s
        self.min_swing_mmhg = min_swing_mmhg
        self.plausible_etco2_mmhg = plausible_etco2_mmhg
        self.plausible_rate_bpm = plausible_rate_bpm

    def push(self, co2_mmhg: npt.ArrayLike) -> None:
        self.buffer.push(co2_mmhg)

    def update(self, at_s: float) -> tuple[float | None, float | None]:
        window = self.buffer.last(min(self.window_s, at_s), at_s)
        if (
            window is None
            or window[0].size < int(5 * self.sampling_rate_hz)
            or not np.isfinite(window[0]).all()
        ):
            return None, None
        result = capnography_analyze(
            window[0],
            sampling_rate_hz=self.sampling_rate_hz,
            min_swing_mmhg=self.min_swing_mmhg,
            plausible_etco2_mmhg=self.plausible_etco2_mmhg,
            plausible_rate_bpm=self.plausible_rate_bpm,
        )
        return result.breathing_rate_bpm, result.etco2_mmhg
