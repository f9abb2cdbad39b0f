"""Device profiles: the calibration the simulator encodes with is the one ingest decodes with."""

from __future__ import annotations

import numpy as np
import pytest

from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import (
    BOARD_V1,
    BOARD_V1_3V3,
    DEFAULT_PROFILE,
    DeviceProfile,
    EcgFrontEnd,
    board_profile,
)
from fitcoach.sensors.simulator import Simulator


def _volts(counts: float, ecg: EcgFrontEnd) -> float:
    """The voltage at the ADC's input that reads ``counts`` (an ideal ADC)."""
    return counts / (1 << ecg.adc_bits) * ecg.adc_ref_v


def test_the_reference_board_is_the_hardware_doc_s() -> None:
    """The sketch reads the AD8232 (3.3 V supply, gain 1100, 1.65 V at 0 mV) against the UNO's
    5 V AVcc: 0 mV reads 337.9 counts, 1 mV 225.3 counts more, and the output's rails read 20
    and 655, far inside the ADC's 0..1023."""
    ecg = BOARD_V1.ecg
    assert (ecg.gain, ecg.adc_bits, ecg.adc_ref_v) == (1100.0, 10, 5.0)
    assert (ecg.output_zero_v, ecg.supply_v, ecg.rail_margin_v) == (1.65, 3.3, 0.1)
    assert ecg.zero_counts == pytest.approx(337.92)
    assert ecg.counts_per_mv == pytest.approx(225.28)
    assert 1e3 / ecg.counts_per_mv == pytest.approx(4.44, abs=0.005)  # µV at the electrodes
    assert _volts(1, ecg) == pytest.approx(4.883e-3, abs=1e-6)  # V per count at the ADC
    assert (ecg.adc_max, ecg.rail_low_counts, ecg.rail_high_counts) == (1023, 20, 655)
    # The rails are the output's swing, 0.1 V inside GND and the 3.3 V supply (within a count).
    assert _volts(ecg.rail_low_counts, ecg) == pytest.approx(0.1, abs=_volts(1, ecg))
    assert _volts(ecg.rail_high_counts, ecg) == pytest.approx(3.2, abs=_volts(1, ecg))
    assert BOARD_V1.rates_hz == {1: 250.0, 2: 100.0, 3: 100.0, 4: 20.0, 5: 0.2, 6: 0.0}
    assert BOARD_V1.units() == {
        int(Channel.ECG): ("mV", ecg.zero_counts, ecg.counts_per_mv),
        int(Channel.CO2): ("mmHg", 0.0, 10.0),
        int(Channel.CO2_AMBIENT): ("ppm", 0.0, 1.0),
    }
    assert BOARD_V1.channel(Channel.ECG).rails == (20, 655)
    assert BOARD_V1.channel(Channel.PPG_IR).rails is None
    assert DEFAULT_PROFILE is BOARD_V1
    with pytest.raises(KeyError, match="no channel 9"):
        BOARD_V1.channel(9)


def test_the_external_3v3_reference_build() -> None:
    """AREF on 3.3 V: 0 mV at mid-scale (512), 341.3 counts per mV, rails at 31 and 993."""
    ecg = BOARD_V1_3V3.ecg
    assert ecg.adc_ref_v == 3.3
    assert ecg.zero_counts == 512.0
    assert ecg.counts_per_mv == pytest.approx(341.33, abs=0.01)
    assert (ecg.rail_low_counts, ecg.rail_high_counts) == (31, 993)
    assert BOARD_V1_3V3.name != BOARD_V1.name


def test_counts_and_units_round_trip_within_one_count() -> None:
    spec = BOARD_V1.channel(Channel.ECG)
    low, high = spec.to_physical(spec.rails)
    assert low == pytest.approx(-1.411, abs=1e-3)
    assert high == pytest.approx(1.407, abs=1e-3)
    mv = np.linspace(low, high, 57)
    back = spec.to_physical(spec.to_counts(mv))
    assert np.max(np.abs(back - mv)) <= 0.5 / BOARD_V1.ecg.counts_per_mv + 1e-12
    # Beyond the ADC's range the counts clip at its ends; the front end's rails come first.
    assert spec.to_counts([-5.0, 5.0]).tolist() == [0, 1023]
    assert spec.at_rail([0, 19, 20, 21, 338, 654, 655, 656, 1023]).tolist() == [
        True, True, True, False, False, False, True, True, True,
    ]  # fmt: skip
    assert not BOARD_V1.channel(Channel.PPG_IR).at_rail([0, (1 << 18) - 1]).any()
    co2 = BOARD_V1.channel(Channel.CO2)
    assert co2.to_counts([38.04]).tolist() == [380]
    assert co2.to_physical([380]).tolist() == [38.0]


def test_a_front_end_outside_its_supply_is_refused() -> None:
    with pytest.raises(ValueError, match="gain"):
        EcgFrontEnd(gain=0.0, adc_bits=10, adc_ref_v=5.0)
    with pytest.raises(ValueError, match="rail_margin_v"):
        EcgFrontEnd(gain=1100.0, adc_bits=10, adc_ref_v=5.0, rail_margin_v=1.7)
    with pytest.raises(ValueError, match="output_zero_v"):
        EcgFrontEnd(gain=1100.0, adc_bits=10, adc_ref_v=5.0, output_zero_v=3.25)
    # A supply above the ADC's reference: the ADC's top count is the high rail.
    over = EcgFrontEnd(gain=1100.0, adc_bits=10, adc_ref_v=2.5, output_zero_v=1.25)
    assert (over.rail_low_counts, over.rail_high_counts) == (41, 1023)


@pytest.mark.parametrize(
    "alt",
    [
        BOARD_V1_3V3,
        board_profile("twelve-bit", EcgFrontEnd(gain=1100.0, adc_bits=12, adc_ref_v=3.3)),
    ],
)
def test_the_simulator_encodes_with_the_profile_it_is_given(alt: DeviceProfile) -> None:
    """The same simulated athlete through another ADC: the counts follow that profile, and
    decoding each with its own profile gives the same millivolts."""
    ref = Simulator("rest", seed=4).frames(10.0)
    other = Simulator("rest", seed=4, profile=alt).frames(10.0)
    ref_counts, alt_counts = ref.signals[Channel.ECG], other.signals[Channel.ECG]
    ref_ecg, alt_ecg = BOARD_V1.ecg, alt.ecg
    # Counts relative to 0 mV scale with the counts per mV (within rounding).
    scale = alt_ecg.counts_per_mv / ref_ecg.counts_per_mv
    expected = alt_ecg.zero_counts + scale * (ref_counts - ref_ecg.zero_counts)
    assert np.max(np.abs(alt_counts - expected)) <= 0.5 + 0.5 * scale + 1e-9
    ref_mv = BOARD_V1.channel(Channel.ECG).to_physical(ref_counts)
    alt_mv = alt.channel(Channel.ECG).to_physical(alt_counts)
    assert np.max(np.abs(ref_mv - alt_mv)) < 1.0 / ref_ecg.counts_per_mv
    assert np.ptp(ref_mv) > 1.0  # a real ECG went through, R waves and all
