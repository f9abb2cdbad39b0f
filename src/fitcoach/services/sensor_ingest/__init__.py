"""What the sensor stream workers write: the sensor data path's use cases, batch-shaped.

The workers (``fitcoach.workers``) read the bus and own each batch's unit of work; what they
store goes through these functions, each taking the worker's ``ServiceContext`` and a whole
batch, so that a batch costs a fixed number of statements however many athletes it holds:

- ``admission``: every athlete of a batch resolved (``ServiceContext.scopes``) and their
  ``sensor_data`` consent read once (``services.consent.granted_athletes``); the athletes
  known but without consent are withheld by every worker alike (``Admission.refused``).
- ``frames``: boards (``last_seen`` at most once a second), recordings, the raw chunks and
  their counters; the waveform retention.
- ``vitals``: 1 Hz vitals, the alerts as sensor events and the red flags they ask for
  (``services.health.open_sensor_flags``: opened unless one of the kind is open, audited).
- ``rows``: the stored rows and published messages shaped from the analysis.
- ``summary``: the end of a recording: session analysis and its summary (imported on its own:
  it loads the signal analysis, which the frame consumer never needs). A recording becomes a
  training-log session only when the athlete says so (``services.sensors``).

Not a medical device: alerts and flags say to see a professional; they are not diagnoses.
"""

from fitcoach.services.sensor_ingest.admission import Admission, admit
from fitcoach.services.sensor_ingest.frames import (
    DeviceToucher,
    FrameRun,
    open_recordings,
    prune_waveforms,
    store_frames,
)
from fitcoach.services.sensor_ingest.rows import vital_row

__all__ = [
    "Admission",
    "DeviceToucher",
    "FrameRun",
    "admit",
    "open_recordings",
    "prune_waveforms",
    "store_frames",
    "vital_row",
]
