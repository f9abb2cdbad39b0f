"""Frames and stored chunks in physical units, with the device profile's calibration.

The online analysis takes millivolts and mmHg; the board sends counts. The conversion is the
device profile's (``sensors.profiles``: the same one the simulator encodes with): ECG counts →
mV, CO2 0.1 mmHg units → mmHg, PPG red/IR counts as they are (the ratio of ratios needs no
unit). Flags become data: an ECG frame with ``LEAD_OFF`` is masked (the tracker reports the
lead off), a PPG frame with ``FINGER_OFF`` is NaN (missing, never the last value repeated).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

from fitcoach.ingest.frames import ParsedFrame
from fitcoach.sensors.frames import Channel, Flag
from fitcoach.sensors.profiles import DeviceProfile
from fitcoach.storage import waveform

U32 = 1 << 32
ECG, RED, IR, CO2 = (
    int(Channel.ECG),
    int(Channel.PPG_RED),
    int(Channel.PPG_IR),
    int(Channel.CO2),
)
USED = (ECG, RED, IR, CO2)
"""The channels the online analysis uses (ambient CO2 and status are not)."""
# The flags as plain ints: ``int & IntFlag`` goes through the enum's Python-level ``__rand__``
# (about 20 times the cost of the int operation), on every frame the vitals worker feeds.
LEAD_OFF, FINGER_OFF = int(Flag.LEAD_OFF), int(Flag.FINGER_OFF)
MAX_STORED_S = 172_800  # a session summary covers at most 48 h of ECG


def frame_values(
    frame: ParsedFrame, profile: DeviceProfile
) -> tuple[npt.NDArray[np.float64], bool]:
    """A frame's samples in the channel's unit, and whether its ECG leads were off."""
    if frame.channel == ECG:
        values = profile.channel(ECG).to_physical(frame.samples)
        return values, bool(frame.flags & LEAD_OFF)
    if frame.channel in (RED, IR) and frame.flags & FINGER_OFF:
        return np.full(frame.samples.size, np.nan), False
    return profile.channel(frame.channel).to_physical(frame.samples), False


def frame_counts(frame: ParsedFrame) -> tuple[npt.NDArray[Any], bool]:
    """A frame's samples as counts (NaN for a PPG frame with ``FINGER_OFF``), and whether its
    ECG leads were off: ``frame_values`` before the conversion to the channel's unit, which
    the online state does once per second for all the frames of that second."""
    if frame.channel == ECG:
        return frame.samples, bool(frame.flags & LEAD_OFF)
    if frame.channel in (RED, IR) and frame.flags & FINGER_OFF:
        return np.full(frame.samples.size, np.nan), False
    return frame.samples, False


def stored_ecg_mv(
    chunks: Sequence[Any], profile: DeviceProfile, sampling_rate_hz: float
) -> npt.NDArray[np.float64]:
    """Stored ECG chunks in mV on one time line: gaps and lead-off frames are 0 mV (flat)."""
    if not chunks:
        return np.zeros(0)
    spec = profile.channel(ECG)
    first = int(chunks[0].t_device_us)
    placed: list[tuple[int, npt.NDArray[np.float64]]] = []
    for c in chunks:
        delta = (int(c.t_device_us) - first) % U32
        index = round(delta * sampling_rate_hz / 1e6)
        values = spec.to_physical(waveform.decode(c.data))
        if int(c.flags) & LEAD_OFF:
            values = np.zeros(values.size)
        placed.append((index, values))
    length = min(max(i + v.size for i, v in placed), int(MAX_STORED_S * sampling_rate_hz))
    out = np.zeros(length)
    for index, values in placed:
        stop = min(index + values.size, length)
        if index < stop:
            out[index:stop] = values[: stop - index]
    return out
