"""Producers: what goes on the bus, and the stream names.

A frame travels as one JSON object (``frame_payload``)::

    {"v": 1, "athlete_id": 7, "recording_key": "dev12-20261122T101500Z",
     "device_id": 12, "seq": 4711, "t_device_us": 123456789, "channel": 1, "flags": 0,
     "sample_width": 2, "sample_rate_hz": 250.0, "samples": "<base64 of little-endian ints>"}

The samples are packed little-endian signed integers of ``sample_width`` bytes, base64-encoded
(a third larger than the bytes, far smaller than a JSON list of numbers).

A device that restarts (``Flag.CLOCK_RESET``) begins its ``seq`` again; the producer must then
start a new ``recording_key``, since chunks are unique per (recording, channel, seq).
"""

from __future__ import annotations

import base64
import binascii
import itertools
import struct
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from fitcoach.ingest.bus import Bus
from fitcoach.sensors.frames import Frame
from fitcoach.sensors.profiles import DEFAULT_PROFILE

STREAM_FRAMES = "fitcoach:frames"
STREAM_VITALS = "fitcoach:vitals"
STREAM_ALERTS = "fitcoach:alerts"
WEARABLE_PREFIX = "fitness"
WEARABLE_KINDS = ("users", "devices", "events", "sleep", "nutrition", "feedback")
PAYLOAD_VERSION = 1
PUBLISH_BATCH = 500

# The board's nominal sample rates: the device profile's (``sensors.profiles``).
NOMINAL_RATE_HZ: dict[int, float] = DEFAULT_PROFILE.rates_hz

_FORMATS = {1: "b", 2: "h", 4: "i"}


@dataclass(frozen=True)
class WearableStreams:
    """The stream names for a prefix: ``fitness:users`` ... and ``fitness:dead-letter``
    (the wearable platform's streams; ``coach.services.wearables`` reads them)."""

    prefix: str = WEARABLE_PREFIX

    def name(self, kind: str) -> str:
        return f"{self.prefix}:{kind}"

    @property
    def dead_letter(self) -> str:
        return f"{self.prefix}:dead-letter"

    def all(self) -> dict[str, str]:
        """Kind → stream name, in processing order (users before everything that needs them)."""
        return {kind: self.name(kind) for kind in WEARABLE_KINDS}

    def kind_of(self, stream: str) -> str:
        for kind, name in self.all().items():
            if name == stream:
                return kind
        raise ValueError(f"{stream!r} is not a wearable stream of prefix {self.prefix!r}")


VITALS_GROUP = "vitals"  # the vitals worker's consumer group (``workers.vitals``)


def dead_letter_stream(stream: str) -> str:
    """Where the frame consumer puts malformed messages of ``stream``."""
    return f"{stream}:dead"


def vitals_dead_letter_stream(stream: str, group: str = VITALS_GROUP) -> str:
    """Where the vitals worker's malformed messages go (apart from the frame consumer's)."""
    return f"{dead_letter_stream(stream)}:{group}"


_STRUCTS: dict[tuple[int, int], struct.Struct] = {}  # (samples, width) of a frame: few


def pack_samples(samples: Iterable[int], sample_width: int) -> str:
    """Samples as base64 of little-endian signed integers of ``sample_width`` bytes."""
    values = tuple(samples)
    # ``struct.pack(f"<{n}{fmt}", ...)`` with the format compiled once per frame shape, and
    # ``base64.b64encode`` without its wrapper: the same text, for every frame published.
    shape = (len(values), sample_width)
    packer = _STRUCTS.get(shape)
    if packer is None:
        packer = struct.Struct(f"<{len(values)}{_FORMATS[sample_width]}")
        if len(values) <= 255:  # a frame's shape (the cache stays small)
            _STRUCTS[shape] = packer
    return binascii.b2a_base64(packer.pack(*values), newline=False).decode("ascii")


def unpack_samples(text: str, sample_width: int) -> tuple[int, ...]:
    """The inverse of ``pack_samples``; raises ``ValueError`` on bad input."""
    if sample_width not in _FORMATS:
        raise ValueError(f"sample_width {sample_width} is not 1, 2 or 4")
    raw = base64.b64decode(text, validate=True)
    if len(raw) % sample_width:
        raise ValueError("sample bytes are not a whole number of samples")
    return struct.unpack(f"<{len(raw) // sample_width}{_FORMATS[sample_width]}", raw)


def frame_payload(frame: Frame, *, athlete_id: int, recording_key: str) -> dict[str, Any]:
    """The bus payload of one frame of ``athlete_id``'s recording ``recording_key``."""
    return {
        "v": PAYLOAD_VERSION,
        "athlete_id": athlete_id,
        "recording_key": recording_key,
        "device_id": frame.device_id,
        "seq": frame.seq,
        "t_device_us": frame.t_device_us,
        "channel": frame.channel,
        "flags": frame.flags,
        "sample_width": frame.sample_width,
        "sample_rate_hz": NOMINAL_RATE_HZ.get(frame.channel, 0.0),
        "samples": pack_samples(frame.samples, frame.sample_width),
    }


def publish_frames(
    bus: Bus,
    frames: Iterable[Frame],
    *,
    athlete_id: int,
    recording_key: str,
    stream: str = STREAM_FRAMES,
) -> int:
    """Publish frames to ``stream`` (``STREAM_FRAMES``) in pipelined batches; returns how many."""
    total = 0
    iterator = iter(frames)
    while batch := list(itertools.islice(iterator, PUBLISH_BATCH)):
        bus.publish_many(
            stream,
            [frame_payload(f, athlete_id=athlete_id, recording_key=recording_key) for f in batch],
        )
        total += len(batch)
    return total
