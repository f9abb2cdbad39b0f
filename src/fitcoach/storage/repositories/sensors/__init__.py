"""Sensor storage: devices, recordings, waveform chunks, vitals and events.

Everything about an athlete goes through an ``AthleteScope``; a recording of another athlete is
not found. Chunk and vital writes are bulk ``INSERT ... ON CONFLICT DO NOTHING`` so that a
message delivered twice by the bus stores nothing twice. The caller's unit of work commits.

The stream workers use the ``..._many`` forms: each takes every recording of a batch at once
and runs a fixed number of statements, however many athletes the batch holds.

One module a job: ``devices``, ``recording_store`` (recordings and their counters),
``waveforms`` (chunks and samples), ``vital_store``, ``event_store``, ``reading`` (the reads of
the sensor service and the API). Every public name is importable from this package.
"""

from __future__ import annotations

from fitcoach.storage.repositories.sensors.devices import device_usage, touch_devices
from fitcoach.storage.repositories.sensors.event_store import (
    add_event,
    clear_event,
    events,
    open_event,
)
from fitcoach.storage.repositories.sensors.reading import (
    M,
    channel_stats,
    chunks_between,
    clock_origin,
    event,
    event_page,
    recording_events,
    recording_page,
    recording_vitals,
)
from fitcoach.storage.repositories.sensors.recording_store import (
    COUNTER_ROWS,
    add_counters,
    add_counters_many,
    athlete_traces,
    delete_unused_devices,
    end_recording,
    get_or_create_recording,
    get_or_create_recordings,
    increment_counters,
    keep_counter,
    recording,
    recording_by_key,
    recording_owners,
    recordings,
    recordings_by_keys,
)
from fitcoach.storage.repositories.sensors.vital_store import (
    VITAL_CONFLICT,
    VITAL_FIELDS,
    add_vitals,
    add_vitals_many,
    last_vital_at,
    vital_times,
    vital_times_many,
    vitals,
)
from fitcoach.storage.repositories.sensors.waveforms import (
    CHUNK_COLUMNS,
    CHUNK_CONFLICT,
    UNIQUE_VIOLATION,
    chunk_keys,
    chunks,
    insert_chunks,
    prune_waveforms,
    sample_total,
    samples,
    store_chunks,
)

__all__ = [
    "CHUNK_COLUMNS",
    "CHUNK_CONFLICT",
    "COUNTER_ROWS",
    "UNIQUE_VIOLATION",
    "VITAL_CONFLICT",
    "VITAL_FIELDS",
    "M",
    "add_counters",
    "add_counters_many",
    "add_event",
    "add_vitals",
    "add_vitals_many",
    "athlete_traces",
    "channel_stats",
    "chunk_keys",
    "chunks",
    "chunks_between",
    "clear_event",
    "clock_origin",
    "delete_unused_devices",
    "device_usage",
    "end_recording",
    "event",
    "event_page",
    "events",
    "get_or_create_recording",
    "get_or_create_recordings",
    "increment_counters",
    "insert_chunks",
    "keep_counter",
    "last_vital_at",
    "open_event",
    "prune_waveforms",
    "recording",
    "recording_by_key",
    "recording_events",
    "recording_owners",
    "recording_page",
    "recording_vitals",
    "recordings",
    "recordings_by_keys",
    "sample_total",
    "samples",
    "store_chunks",
    "touch_devices",
    "vital_times",
    "vital_times_many",
    "vitals",
]
