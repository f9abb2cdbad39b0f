"""Physiological signals: ECG, PPG, SpO2, capnography, quality, online vitals, session summary.

Pure functions and stateful trackers (arrays in, results out), NeuroKit2 underneath. Function
names are ``<modality>_<verb>``; every one takes ``sampling_rate_hz`` explicitly and, where
there is a choice, ``method=`` names the published algorithm. Not a medical device.
"""

from fitcoach.analysis.signals.capnography import (
    CapnographyResult,
    capnography_analyze,
    capnography_breaths,
)
from fitcoach.analysis.signals.ecg import (
    HrvFrequency,
    HrvResult,
    HrvTime,
    RRIntervals,
    ecg_clean,
    ecg_heart_rate,
    ecg_heart_rate_series,
    ecg_hrv,
    ecg_peaks,
    ecg_rr_intervals,
    hrv_frequency_domain,
    hrv_time_domain,
    hrv_time_indices,
)
from fitcoach.analysis.signals.online import (
    Alert,
    AlertEngine,
    Co2Tracker,
    EcgTracker,
    PpgTracker,
    Vitals,
    VitalsMonitor,
)
from fitcoach.analysis.signals.ppg import (
    ppg_breathing_rate,
    ppg_clean,
    ppg_heart_rate,
    ppg_peaks,
)
from fitcoach.analysis.signals.quality import (
    SensorFlags,
    ecg_quality,
    longest_flat_run_s,
    ppg_quality,
    sensor_flags,
)
from fitcoach.analysis.signals.session import SessionSignals, session_analyze
from fitcoach.analysis.signals.spo2 import (
    DEFAULT_CALIBRATION,
    Spo2Calibration,
    Spo2Estimate,
    calibrate_spo2,
    spo2_estimate,
    spo2_ratio,
)

__all__ = [
    "DEFAULT_CALIBRATION",
    "Alert",
    "AlertEngine",
    "CapnographyResult",
    "Co2Tracker",
    "EcgTracker",
    "HrvFrequency",
    "HrvResult",
    "HrvTime",
    "PpgTracker",
    "RRIntervals",
    "SensorFlags",
    "SessionSignals",
    "Spo2Calibration",
    "Spo2Estimate",
    "Vitals",
    "VitalsMonitor",
    "calibrate_spo2",
    "capnography_analyze",
    "capnography_breaths",
    "ecg_clean",
    "ecg_heart_rate",
    "ecg_heart_rate_series",
    "ecg_hrv",
    "ecg_peaks",
    "ecg_quality",
    "ecg_rr_intervals",
    "hrv_frequency_domain",
    "hrv_time_domain",
    "hrv_time_indices",
    "longest_flat_run_s",
    "ppg_breathing_rate",
    "ppg_clean",
    "ppg_heart_rate",
    "ppg_peaks",
    "ppg_quality",
    "sensor_flags",
    "session_analyze",
    "spo2_estimate",
    "spo2_ratio",
]
