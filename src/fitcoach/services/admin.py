"""What the admin page shows besides accounts: sensor devices and the bus's health.

Admin only. Ingestion health reads the bus (length of each stream, and per consumer group its
pending messages and lag: messages not yet delivered to the group) and the dead-letter streams
where the workers put what they could not use.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from fitcoach.core.errors import PermissionDenied
from fitcoach.ingest.producers import (
    STREAM_ALERTS,
    STREAM_FRAMES,
    STREAM_VITALS,
    dead_letter_stream,
    vitals_dead_letter_stream,
)
from fitcoach.services.context import ServiceContext
from fitcoach.storage.repositories import sensors as sensor_repo


def require_admin(ctx: ServiceContext) -> None:
    if not ctx.subject.is_admin:
        raise PermissionDenied("only an admin may see this")


@dataclass(frozen=True)
class DeviceInfo:
    id: int
    label: str
    last_seen: datetime | None
    recordings: int
    last_recording: datetime | None


def devices(ctx: ServiceContext) -> list[DeviceInfo]:
    """Every sensor device seen, with how many recordings it made (admin only)."""
    require_admin(ctx)
    return [
        DeviceInfo(device.id, device.label, device.last_seen, recordings, last)
        for device, recordings, last in sensor_repo.device_usage(ctx.session)
    ]


@dataclass
class StreamHealth:
    stream: str
    role: str
    length: int | None
    groups: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None


def ingestion_health(ctx: ServiceContext, bus: Any) -> list[StreamHealth]:
    """Length, consumer groups (pending, lag) and dead letters of the sensor streams."""
    require_admin(ctx)
    streams = [
        (STREAM_FRAMES, "frames from the boards"),
        (STREAM_VITALS, "1 Hz vitals (live views)"),
        (STREAM_ALERTS, "alerts (live views)"),
        (dead_letter_stream(STREAM_FRAMES), "dead letters of the frame consumer"),
        (vitals_dead_letter_stream(STREAM_FRAMES), "dead letters of the vitals worker"),
    ]
    out = []
    for name, role in streams:
        try:
            length = int(bus.length(name))
            groups = list(bus.group_info(name)) if hasattr(bus, "group_info") else []
            out.append(StreamHealth(name, role, length, groups))
        except Exception as exc:  # an unreachable Redis is shown, not a 500
            out.append(StreamHealth(name, role, None, [], f"{type(exc).__name__}: {exc}"))
    return out
