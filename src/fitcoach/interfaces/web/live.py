"""Live vitals: the page, and a Server-Sent Events stream of one athlete's sensor data.

``GET /athletes/{id}/live/stream`` (``text/event-stream``; the session cookie; another athlete
is "not found") follows the bus's frame, vitals and alert streams from the moment it opens and
sends this athlete's messages only:

* ``event: wave``, every ~200 ms while frames arrive:
  ``{"recording_key": K, "ecg": {"t": [...], "y": [...]}, "ppg": {...}, "co2": {...}}``; ``t``
  in seconds since the stream opened (device time of each recording, placed where its first
  frame arrived), ``y`` in mV (ECG, decimated to 125 Hz keeping the larger deflection of each
  pair), inverted infrared counts (PPG, 50 Hz, so the pulse points up) and mmHg (CO2, 20 Hz);
* ``event: vitals``: the vitals worker's 1 Hz row as published (``hr_bpm``, ``spo2_pct``,
  ``breathing_rate_bpm``, ``etco2_mmhg``, ``sqi_ecg``, ``sqi_ppg``, ``at``, ...);
* ``event: alert``: an alert as the vitals worker published it after storing it (``kind``,
  ``severity``, ``state`` raised/cleared, ``value``, ``message``, ``at``);
* ``: keep-alive`` comments every 15 s. ``event: hello`` opens the stream.

The bus is read without blocking the event loop: every ``BATCH_S`` a worker thread (a limiter
of its own, so live views never starve the pages) takes what arrived since the last look. The
generator ends when the client goes away.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from typing import Annotated, Any

import anyio
import anyio.to_thread
from fastapi import Path, Request
from fastapi.responses import HTMLResponse, StreamingResponse

from fitcoach.core.domain import ConsentPurpose
from fitcoach.ingest.bus import Message
from fitcoach.ingest.producers import (
    STREAM_ALERTS,
    STREAM_FRAMES,
    STREAM_VITALS,
    unpack_samples,
)
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.sensors.frames import Channel
from fitcoach.sensors.profiles import DEFAULT_PROFILE
from fitcoach.services import consent

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
BATCH_S = 0.2
KEEPALIVE_S = 15.0
READ_COUNT = 2000
RETRY_MS = 3000
_U32 = 1 << 32
# One worker thread per open stream at most this many at a time (separate from the pages').
LIMITER = anyio.CapacityLimiter(32)

# channel → (name in the message, decimation factor, value of a count)
WAVES: dict[int, tuple[str, int]] = {
    int(Channel.ECG): ("ecg", 2),
    int(Channel.PPG_IR): ("ppg", 2),
    int(Channel.CO2): ("co2", 1),
}


def _value(channel: int, count: int) -> float:
    # Counts to units with the device profile's calibration (the decoder's and simulator's).
    if channel == Channel.ECG:
        return round(float(DEFAULT_PROFILE.channel(channel).to_physical(count)), 4)
    if channel == Channel.CO2:
        return round(float(DEFAULT_PROFILE.channel(channel).to_physical(count)), 2)
    return float(-count)


@dataclass(frozen=True)
class LiveStreams:
    """The bus streams the live view follows (``app.state.live_streams`` may change them)."""

    frames: str = STREAM_FRAMES
    vitals: str = STREAM_VITALS
    alerts: str = STREAM_ALERTS


def streams_of(request: Request) -> LiveStreams:
    found = getattr(request.app.state, "live_streams", None)
    return found if isinstance(found, LiveStreams) else LiveStreams()


def sse(event: str | None, data: Any) -> str:
    """One Server-Sent Events message (``data`` as compact JSON on one line)."""
    text = json.dumps(data, separators=(",", ":"), default=str)
    return (f"event: {event}\n" if event else "") + f"data: {text}\n\n"


def decimate(values: Sequence[float], factor: int) -> list[int]:
    """Indices keeping, of each ``factor`` samples, the one furthest from the batch's mean
    (so that R peaks and troughs survive)."""
    if factor <= 1 or len(values) <= 1:
        return list(range(len(values)))
    mean = sum(values) / len(values)
    out = []
    for start in range(0, len(values), factor):
        group = range(start, min(start + factor, len(values)))
        out.append(max(group, key=lambda i: abs(values[i] - mean)))
    return out


@dataclass
class _Clock:
    """Places each recording's device time on the stream's time axis."""

    opened: float = field(default_factory=time.monotonic)
    offsets: dict[str, float] = field(default_factory=dict)
    last_us: dict[str, int] = field(default_factory=dict)
    wraps: dict[str, int] = field(default_factory=dict)

    def seconds(self, key: str, t_device_us: int) -> float:
        last = self.last_us.get(key)
        if last is not None and t_device_us < last - _U32 // 2:  # the 32-bit clock wrapped
            self.wraps[key] = self.wraps.get(key, 0) + 1
        self.last_us[key] = t_device_us
        device_s = (t_device_us + self.wraps.get(key, 0) * _U32) / 1e6
        if key not in self.offsets:
            self.offsets[key] = (time.monotonic() - self.opened) - device_s
            if len(self.offsets) > 64:  # forget the oldest recordings
                oldest = next(iter(self.offsets))
                for table in (self.offsets, self.last_us, self.wraps):
                    table.pop(oldest, None)
        return device_s + self.offsets[key]


def wave_batch(frames: Sequence[dict[str, Any]], clock: _Clock) -> dict[str, Any] | None:
    """The ``wave`` message of a batch of one athlete's frame payloads (None if none drawn)."""
    series: dict[str, dict[str, list[float]]] = {}
    key = None
    for payload in sorted(frames, key=lambda p: int(p.get("t_device_us", 0))):
        try:
            channel = int(payload["channel"])
            if channel not in WAVES:
                continue
            rate = float(payload.get("sample_rate_hz") or 0.0)
            counts = unpack_samples(str(payload["samples"]), int(payload["sample_width"]))
            key = str(payload.get("recording_key", ""))
            t0 = clock.seconds(key, int(payload["t_device_us"]))
        except (KeyError, TypeError, ValueError):
            continue  # malformed: the consumers dead-letter it, the view skips it
        if rate <= 0 or not counts:
            continue
        name, factor = WAVES[channel]
        keep = decimate(counts, factor)
        target = series.setdefault(name, {"t": [], "y": []})
        target["t"].extend(round(t0 + i / rate, 4) for i in keep)
        target["y"].extend(_value(channel, counts[i]) for i in keep)
    if not series:
        return None
    return {"recording_key": key, **series}


def _mine(message: Message, athlete_id: int) -> bool:
    value = message.payload.get("athlete_id")
    return isinstance(value, int) and not isinstance(value, bool) and value == athlete_id


async def event_stream(
    request: Request, bus: Any, athlete_id: int, streams: LiveStreams
) -> AsyncIterator[str]:
    """The SSE messages of ``athlete_id`` until the client disconnects."""
    names = (streams.frames, streams.vitals, streams.alerts)
    positions = {
        name: await anyio.to_thread.run_sync(bus.last_id, name, limiter=LIMITER) for name in names
    }
    clock = _Clock()
    yield f"retry: {RETRY_MS}\n\n"
    yield sse("hello", {"athlete_id": athlete_id, "batch_s": BATCH_S})
    quiet_since = time.monotonic()
    while True:
        if await request.is_disconnected():
            return
        started = time.monotonic()
        messages: list[Message] = await anyio.to_thread.run_sync(
            lambda: bus.read_after(positions, count=READ_COUNT, block_ms=0), limiter=LIMITER
        )
        frames: list[dict[str, Any]] = []
        out: list[str] = []
        for message in messages:
            positions[message.stream] = message.id
            if not _mine(message, athlete_id):
                continue
            if message.stream == streams.frames:
                frames.append(message.payload)
            elif message.stream == streams.vitals:
                out.append(sse("vitals", message.payload))
            elif message.stream == streams.alerts:
                out.append(sse("alert", message.payload))
        batch = wave_batch(frames, clock) if frames else None
        if batch is not None:
            out.insert(0, sse("wave", batch))
        if out:
            quiet_since = time.monotonic()
            yield "".join(out)
        elif time.monotonic() - quiet_since >= KEEPALIVE_S:
            quiet_since = time.monotonic()
            yield ": keep-alive\n\n"
        await anyio.sleep(max(0.0, BATCH_S - (time.monotonic() - started)))


@router.get("/athletes/{athlete_id}/live")
def live_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Rolling ECG, PPG and capnogram, the big numbers and the alerts as they fire."""
    athlete = web.athlete(athlete_id)
    if not consent.granted(web.ctx, athlete_id, ConsentPurpose.sensor_data):
        return web.page(
            "live.html", f"{athlete.name}: live vitals", athlete, config={}, consented=False
        )
    demo = getattr(web.request.app.state, "live_demo", None)
    simulated = demo is not None and getattr(demo, "athlete_id", None) == athlete_id
    return web.page(
        "live.html",
        f"{athlete.name}: live vitals",
        athlete,
        config={
            "stream": f"/athletes/{athlete_id}/live/stream",
            "window_s": 10,
            "recordings": f"/athletes/{athlete_id}/recordings",
        },
        simulated=simulated,
        consented=True,
    )


@router.get("/athletes/{athlete_id}/live/stream")
def live_stream(athlete_id: AthleteId, web: WebDep) -> StreamingResponse:
    """Server-Sent Events of the athlete's live sensor data (see the module docstring)."""
    web.athlete(athlete_id)  # scoped: another athlete's id is "not found"
    # Without sensor consent nothing of the athlete's is shown either (409 consent_required);
    # the workers delete such frames from the bus as they reach them. Checked when the stream
    # opens: a page left open through a withdrawal keeps its stream until it reconnects.
    consent.require(web.ctx, athlete_id, ConsentPurpose.sensor_data)
    request = web.request
    return StreamingResponse(
        event_stream(request, request.app.state.bus, athlete_id, streams_of(request)),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
