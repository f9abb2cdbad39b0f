"""The vitals worker: frames from the bus → 1 Hz vitals, alerts, red flags and a session summary.

One concern per module:

- ``worker``: the stream worker (shared loop of ``ingest.worker``: batch, commit, then
  publish, dead-letter and ack), resolving every (athlete, recording key) through the
  athlete's scope.
- ``units``: counts → mV / mmHg with the device profile (``sensors.profiles``).
- ``timeline``: a recording's frames on the device clock, ticked second by second into the
  online analysis (``analysis.signals.online.VitalsMonitor``).
- ``rows``: the stored rows and published messages (a missing value stays NULL).
- ``flags``: alerts → sensor events, and low-SpO2 / irregular-rhythm red flags.
- ``summary``: the end of a recording: session analysis, summary, one cardio session.

Every query is in ``storage.repositories`` and goes through an ``AthleteScope``; every
threshold comes from ``SignalThresholds`` (``Settings.signals``) via the config. Not a medical
device: alerts and flags say to see a professional; they are not diagnoses.
"""

from fitcoach.ingest.vitals.rows import vital_row
from fitcoach.ingest.vitals.summary import FinishResult, max_hr_for
from fitcoach.ingest.vitals.worker import (
    DEFAULT_GROUP,
    VitalsConfig,
    VitalsStats,
    VitalsWorker,
    vitals_dead_letter_stream,
)

__all__ = [
    "DEFAULT_GROUP",
    "FinishResult",
    "VitalsConfig",
    "VitalsStats",
    "VitalsWorker",
    "max_hr_for",
    "vital_row",
    "vitals_dead_letter_stream",
]
