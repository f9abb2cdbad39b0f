"""Capnography: breaths, breathing rate and end-tidal CO2 from a CO2 waveform in mmHg.

The threshold method (the one offered): an expiration is a stretch where CO2 stays above a threshold set
between the inspired baseline and the expiratory plateau of the window (hysteresis: it rises
past 50 % of the range and falls below 25 %), lasting at least ``min_expiration_s``. End-tidal
CO2 of a breath is the maximum of its expiratory plateau; the window's EtCO2 is the median
over breaths and the breathing rate is 60 / median interval between expiration onsets.

Sources: Gravenstein J.S. et al. (eds.) (2011) *Capnography*, 2nd ed., Cambridge University
Press (the phases of the time capnogram, EtCO2 as the end-expiratory plateau value);
normal adult EtCO2 35–45 mmHg.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from fitcoach.analysis.signals import numeric
from fitcoach.analysis.signals.ecg import FloatArray, IntArray, _rate, _signal
from fitcoach.core.settings import DEFAULT_THRESHOLDS as _T

# Defaults of the parameters below: the settings' defaults (``SignalThresholds``), so that the
# numbers live in one place; callers with settings pass their own.
MIN_CO2_SWING_MMHG = _T.co2_min_swing_mmhg
PLAUSIBLE_ETCO2_MMHG = (_T.etco2_plausible_min_mmhg, _T.etco2_plausible_max_mmhg)
PLAUSIBLE_RATE_BPM = (_T.breathing_rate_min_bpm, _T.breathing_rate_max_bpm)


@dataclass(frozen=True)
class CapnographyResult:
    """Breaths found (expiration onset and end sample indices), EtCO2 per breath, and the
    window's breathing rate and EtCO2; a missing value is ``None`` with ``reason``."""

    onsets: IntArray
    ends: IntArray
    etco2_per_breath_mmhg: FloatArray
    breathing_rate_bpm: float | None
    etco2_mmhg: float | None
    reason: str | None


def capnography_breaths(
    co2_mmhg: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    min_expiration_s: float = 0.3,
    min_swing_mmhg: float = MIN_CO2_SWING_MMHG,
) -> tuple[IntArray, IntArray]:
    """(onsets, ends) sample indices of the expiratory plateaus of a capnogram."""
    rate_hz = _rate(sampling_rate_hz)
    x = _signal(co2_mmhg, "co2_mmhg")
    empty = np.zeros(0, dtype=np.int64)
    low, high = numeric.percentiles(x, (5, 95))  # one partition for both
    if high - low < min_swing_mmhg:
        return empty, empty
    rise = low + 0.5 * (high - low)
    fall = low + 0.25 * (high - low)
    # Hysteresis state machine, vectorised: state flips up at `rise`, down at `fall`.
    up = x >= rise
    down = x <= fall
    marks = np.where(up, 1, np.where(down, 0, -1))
    if not (marks >= 0).any():
        return empty, empty
    state = np.zeros(x.size, dtype=np.int8)
    filled = np.maximum.accumulate(np.where(marks >= 0, np.arange(x.size), -1))
    has = filled >= 0
    state[has] = marks[filled[has]]
    edges = numeric.diff(state.astype(np.int16))
    onsets = (edges == 1).nonzero()[0] + 1
    ends = (edges == -1).nonzero()[0] + 1
    if state[0] == 1:  # a plateau cut at the start of the window is not a whole breath
        ends = ends[ends > onsets[0]] if onsets.size else empty
    if onsets.size and (ends.size == 0 or ends[-1] < onsets[-1]):
        onsets = onsets[:-1]  # cut at the end: no end yet
    n = min(onsets.size, ends.size)
    onsets, ends = onsets[:n], ends[:n]
    long_enough = (ends - onsets) >= min_expiration_s * rate_hz
    return onsets[long_enough].astype(np.int64), ends[long_enough].astype(np.int64)


def capnography_analyze(
    co2_mmhg: npt.ArrayLike,
    *,
    sampling_rate_hz: float,
    min_swing_mmhg: float = MIN_CO2_SWING_MMHG,
    plausible_etco2_mmhg: tuple[float, float] = PLAUSIBLE_ETCO2_MMHG,
    plausible_rate_bpm: tuple[float, float] = PLAUSIBLE_RATE_BPM,
) -> CapnographyResult:
    """Breaths, breathing rate (breaths/min) and EtCO2 (mmHg) with plausibility checks.

    The rate needs at least 3 breaths; a rate or EtCO2 outside the plausible ranges
    (by default 3–70 breaths/min, 10–80 mmHg) is reported as ``None`` with a reason (a sensor
    or sampling-line problem is likelier than the physiology).
    """
    rate_hz = _rate(sampling_rate_hz)
    x = _signal(co2_mmhg, "co2_mmhg")
    onsets, ends = capnography_breaths(x, sampling_rate_hz=rate_hz, min_swing_mmhg=min_swing_mmhg)
    # Each plateau's maximum, x[a:b].max() (plateaus are non-empty, in order, and end before x).
    bounds = np.empty(2 * onsets.size, dtype=np.int64)  # onset, end, onset, end ...
    bounds[0::2], bounds[1::2] = onsets, ends
    et = np.maximum.reduceat(x, bounds)[::2] if onsets.size else np.zeros(0)
    if onsets.size == 0:
        return CapnographyResult(
            onsets,
            ends,
            et,
            None,
            None,
            f"no breaths: CO2 swing below {min_swing_mmhg:g} mmHg (apnoea or no sample)",
        )
    etco2: float | None = float(numeric.median(et))
    rate: float | None = None
    reasons = []
    if onsets.size >= 3:
        rate = 60.0 / float(numeric.median(numeric.diff(onsets)) / rate_hz)
        if not plausible_rate_bpm[0] <= rate <= plausible_rate_bpm[1]:
            reasons.append(f"implausible breathing rate {rate:.0f}/min")
            rate = None
    else:
        reasons.append(f"only {onsets.size} breath(s): too few for a rate")
    if etco2 is not None and not plausible_etco2_mmhg[0] <= etco2 <= plausible_etco2_mmhg[1]:
        reasons.append(f"implausible EtCO2 {etco2:.0f} mmHg")
        etco2 = None
    return CapnographyResult(onsets, ends, et, rate, etco2, "; ".join(reasons) or None)
