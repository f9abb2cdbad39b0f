"""The vitals worker: frames from the bus → 1 Hz vitals, alerts, red flags and a session summary.

One concern per module:

- ``worker``: the stream worker (shared loop of ``ingest.worker``: batch, commit, then
  publish, dead-letter and ack), admitting every athlete of a batch once
  (``services.sensor_ingest.admit``: scopes and consent) and resolving every (athlete,
  recording key) through the athlete's scope.
- ``timeline``: a recording's frames on the device clock (in units: ``ingest.units``), ticked
  second by second into the online analysis (``analysis.signals.online.VitalsMonitor``).

What it stores goes through ``services.sensor_ingest`` (vitals, alerts, the session summary)
and the red flags through ``services.health.open_sensor_flags`` (audited), each call
batch-shaped; every threshold comes from ``SignalThresholds`` (``Settings.signals``) via the
config. Not a medical device: alerts and flags say to see a professional; they are not
diagnoses.
"""

from fitcoach.ingest.producers import vitals_dead_letter_stream
from fitcoach.services.sensor_ingest.rows import vital_row
from fitcoach.services.sensor_ingest.summary import FinishResult, max_hr_for
from fitcoach.workers.vitals.worker import (
    DEFAULT_GROUP,
    VitalsConfig,
    VitalsStats,
    VitalsWorker,
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
