"""Online vitals: stateful, pure trackers fed sample chunks, giving 1 Hz vitals and alerts.

Nothing here touches a device, a file or a clock: the caller pushes chunks of samples and
calls :meth:`VitalsMonitor.tick` with the data time in seconds (samples since the start
divided by the sampling rate). Every figure is computed from the samples in a sliding window
that ends at that time; a figure whose stream is missing, stale, off or of poor quality is
``None`` for that second: never the last value repeated. 0 is a value.

Alerts (:class:`AlertEngine`) have hysteresis and minimum durations, are raised once and
cleared once. The irregular-rhythm alert flags an irregular RR series; it is not a
diagnosis of atrial fibrillation or any other arrhythmia.

Every threshold (alert levels and durations, quality gates, plausibility ranges) comes from a
``SignalThresholds`` given by the caller (``core.settings``; ``DEFAULT_THRESHOLDS`` when none
is given); nothing here reads the settings.

One module a job: ``records`` (``Vitals``, ``Alert``, the sample buffer), ``ecg_tracker``,
``ppg_tracker``, ``co2_tracker``, ``alerts`` (``AlertEngine``), ``monitor``
(``VitalsMonitor``). Every public name is importable from this package.
"""

from __future__ import annotations

from fitcoach.analysis.signals.online.alerts import AlertEngine
from fitcoach.analysis.signals.online.co2_tracker import Co2Tracker
from fitcoach.analysis.signals.online.ecg_tracker import EcgTracker
from fitcoach.analysis.signals.online.monitor import Tick, VitalsMonitor
from fitcoach.analysis.signals.online.ppg_tracker import PpgTracker
from fitcoach.analysis.signals.online.records import Alert, AlertState, Severity, Vitals

__all__ = [
    "Alert",
    "AlertEngine",
    "AlertState",
    "Co2Tracker",
    "EcgTracker",
    "PpgTracker",
    "Severity",
    "Tick",
    "Vitals",
    "VitalsMonitor",
]
