"""Device profiles: what a sensor board's raw samples mean, channel by channel.

Every per-device constant lives here and nowhere else: each channel's nominal sample rate,
samples per frame, sample width, ADC range, the rails at which a sample is saturated, and the
calibration from counts to a physical unit (``value = (counts - offset) / counts_per_unit``).
The simulator builds its frames from a profile; the ingest decoder (counts → mV / mmHg for
the online analysis and the session summary), the sensor service (waveforms in units) and the
live view read the same profile back, so a board with another front end or ADC is one new
``DeviceProfile``, not a hunt through the code.

``BOARD_V1`` is the reference board of ``docs/hardware.md``: an AD8232 ECG front end (total
gain 1100, powered from 3.3 V, output around its 1.65 V mid-supply reference) into the Arduino
UNO's 10-bit ADC with the AVcc (5 V) reference, so
``counts = (1.65 V + mV × 1e-3 × 1100) / 5 V × 1024``: 0 mV is about 337.9 counts and 1 mV
about 225.3 counts. The AD8232's output cannot leave its 3.3 V supply, so its rails read about
20 and 655 counts, not 0 and 1023. ``BOARD_V1_3V3`` is the same board with the ADC on an
external 3.3 V reference (AREF tied to 3.3 V): 0 mV = 512 counts, about 341.3 counts per mV.
A MAX30102 at 18 bits; a fast CO2 sensor sent in 0.1 mmHg units and an optional ambient CO2
sensor in ppm.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TYPE_CHECKING

from fitcoach.sensors.frames import Channel

# numpy on use: the account and athlete services import the stream names beside this module,
# and a command that shows a profile should not import numpy for them.
if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

# How close the AD8232's output gets to its supply rails. Its datasheet (Analog Devices,
# "Single-Lead, Heart Rate Monitor Front End", AD8232) specifies a rail-to-rail output that
# swings to within some tens of mV of GND and +VS; 0.1 V is a conservative figure (room for
# the output's load and the ADC's offset), so a sample this close to a rail is railed. It does
# not cover AVcc's own tolerance on USB power (docs/hardware.md, "Calibration").
AD8232_RAIL_MARGIN_V = 0.1


def _counts(volts: float, ref_v: float, bits: int) -> int:
    """The ADC count of an input voltage, rounded half up (as the firmware's integer
    ``(mV × 1024 + ref / 2) / ref`` does), clipped to the ADC's range."""
    top = (1 << bits) - 1
    return min(top, max(0, math.floor(volts / ref_v * (1 << bits) + 0.5)))


@dataclass(frozen=True)
class EcgFrontEnd:
    """An analog ECG front end sampled by an ADC: the numbers that turn mV into counts, and
    the counts at which the front end's output sits at one of its supply rails."""

    gain: float  # total gain of the front end (AD8232: 1100)
    adc_bits: int
    adc_ref_v: float  # the ADC's full-scale (reference) voltage
    output_zero_v: float = 1.65  # the output at 0 mV (the AD8232's mid-supply reference)
    supply_v: float = 3.3  # the front end's supply: its output can never go beyond it
    rail_margin_v: float = AD8232_RAIL_MARGIN_V  # how close to a supply the output saturates

    def __post_init__(self) -> None:
        if not (self.gain > 0 and self.adc_ref_v > 0 and 1 <= self.adc_bits <= 24):
            raise ValueError("an ECG front end needs gain > 0, adc_ref_v > 0, 1-24 ADC bits")
        if not 0 <= self.rail_margin_v < self.supply_v / 2:
            raise ValueError("an ECG front end needs 0 <= rail_margin_v < supply_v / 2")
        lo, hi = self.rail_margin_v, self.supply_v - self.rail_margin_v
        if not (lo < self.output_zero_v < hi and self.output_zero_v < self.adc_ref_v):
            raise ValueError(
                "output_zero_v must lie inside the front end's output swing and the ADC's range"
            )

    @property
    def adc_max(self) -> int:
        """The ADC's top count (1023 at 10 bits): where to_counts clips."""
        return (1 << self.adc_bits) - 1

    @property
    def zero_counts(self) -> float:
        """The count of 0 mV (337.9 on the reference board)."""
        return self.output_zero_v / self.adc_ref_v * (1 << self.adc_bits)

    @property
    def counts_per_mv(self) -> float:
        return 1e-3 * self.gain / self.adc_ref_v * (1 << self.adc_bits)

    @property
    def rail_low_counts(self) -> int:
        """At or below this count the output sits at its low rail (GND + margin)."""
        return _counts(self.rail_margin_v, self.adc_ref_v, self.adc_bits)

    @property
    def rail_high_counts(self) -> int:
        """At or above this count the output sits at its high rail (supply − margin), or the
        ADC's top count when the supply lies above the ADC's reference."""
        return _counts(self.supply_v - self.rail_margin_v, self.adc_ref_v, self.adc_bits)


@dataclass(frozen=True)
class ChannelSpec:
    """One channel of a board: timing, sample format and calibration."""

    rate_hz: float  # nominal; 0 for channels sent on events (STATUS)
    sample_width: int  # bytes per sample on the wire
    samples_per_frame: int | None = None  # None: varies (STATUS pairs)
    unit: str | None = None  # the physical unit after calibration; None: raw counts
    offset: float = 0.0  # counts at a physical 0
    counts_per_unit: float = 1.0
    max_count: int | None = None  # the ADC's top count (where to_counts clips), if it has one
    # (low, high): a sample at or beyond either count is at its source's output rail
    # (saturated); for the ECG the front end's rails, well inside the ADC's range.
    rails: tuple[int, int] | None = None

    def to_physical(self, counts: npt.ArrayLike) -> npt.NDArray[np.float64]:
        """Counts to the channel's unit (identity for a channel without one)."""
        import numpy as np

        return (np.asarray(counts, dtype=np.float64) - self.offset) / self.counts_per_unit

    def to_counts(self, values: npt.ArrayLike) -> npt.NDArray[np.int64]:
        """Physical values to whole counts, clipped to the ADC's range."""
        import numpy as np

        raw = np.round(self.offset + np.asarray(values, dtype=np.float64) * self.counts_per_unit)
        return np.clip(raw, 0, self.max_count).astype(np.int64)

    def at_rail(self, counts: npt.ArrayLike) -> npt.NDArray[np.bool_]:
        """Which samples sit at an output rail (all False for a channel without rails)."""
        import numpy as np

        c = np.asarray(counts)
        if self.rails is None:
            return np.zeros(c.shape, dtype=np.bool_)
        low, high = self.rails
        return (c <= low) | (c >= high)


@dataclass(frozen=True)
class DeviceProfile:
    """A kind of sensor board: its ECG front end and every channel's spec."""

    name: str
    ecg: EcgFrontEnd
    channels: Mapping[int, ChannelSpec]

    def channel(self, channel: int) -> ChannelSpec:
        spec = self.channels.get(int(channel))
        if spec is None:
            raise KeyError(f"{self.name} has no channel {int(channel)}")
        return spec

    @property
    def rates_hz(self) -> dict[int, float]:
        """Nominal sample rate per channel number."""
        return {c: s.rate_hz for c, s in self.channels.items()}

    def units(self) -> dict[int, tuple[str, float, float]]:
        """Channels with a physical unit: ``(unit, offset, counts_per_unit)``."""
        return {
            c: (s.unit, s.offset, s.counts_per_unit)
            for c, s in self.channels.items()
            if s.unit is not None
        }


def board_profile(name: str, ecg: EcgFrontEnd) -> DeviceProfile:
    """The fitcoach board's channel layout around an ECG front end (``docs/hardware.md``)."""
    channels = {
        int(Channel.ECG): ChannelSpec(
            rate_hz=250.0,
            sample_width=2,
            samples_per_frame=25,
            unit="mV",
            offset=ecg.zero_counts,
            counts_per_unit=ecg.counts_per_mv,
            max_count=ecg.adc_max,
            rails=(ecg.rail_low_counts, ecg.rail_high_counts),
        ),
        int(Channel.PPG_RED): ChannelSpec(100.0, 4, 10, max_count=(1 << 18) - 1),
        int(Channel.PPG_IR): ChannelSpec(100.0, 4, 10, max_count=(1 << 18) - 1),
        int(Channel.CO2): ChannelSpec(20.0, 2, 4, unit="mmHg", counts_per_unit=10.0),
        int(Channel.CO2_AMBIENT): ChannelSpec(0.2, 4, 1, unit="ppm"),
        int(Channel.STATUS): ChannelSpec(0.0, 2),
    }
    return DeviceProfile(name=name, ecg=ecg, channels=MappingProxyType(channels))


BOARD_V1 = board_profile(
    "fitcoach-board-v1",
    EcgFrontEnd(gain=1100.0, adc_bits=10, adc_ref_v=5.0, output_zero_v=1.65, supply_v=3.3),
)
"""The reference board (Arduino UNO, AD8232, MAX30102, fast NDIR CO2), as the firmware builds
it: the ECG on A0 against the AVcc (5 V) reference."""

BOARD_V1_3V3 = board_profile(
    "fitcoach-board-v1-3v3",
    EcgFrontEnd(gain=1100.0, adc_bits=10, adc_ref_v=3.3, output_zero_v=1.65, supply_v=3.3),
)
"""The reference board with AREF tied to 3.3 V and the external reference selected: the ECG
over the ADC's whole range. Not what the shipped sketch does (see docs/hardware.md); for
recordings made on such a build, which must be decoded with it, never with ``BOARD_V1``."""

DEFAULT_PROFILE = BOARD_V1
"""The profile of every device until devices record another one."""
