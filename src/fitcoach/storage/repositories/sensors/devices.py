"""Devices: created when first seen, ``last_seen`` moved forward, usage counted, unused ones
deleted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fitcoach.storage.models import Device, Recording
from fitcoach.storage.repositories.bulk import upsert_insert


def touch_devices(session: Session, device_ids: Iterable[int], seen_at: datetime) -> None:
    """Create unknown devices and move their ``last_seen`` forward to ``seen_at`` (never back).

    Atomic under concurrency: the frame consumer and the vitals worker both touch a board the
    first time its frames arrive (on a fresh database, the first start of ``serve
    --simulate``). A read-then-add let both see the device missing and the second insert fail
    on the primary key, its whole batch rolled back and retried; ``INSERT ... ON CONFLICT DO
    NOTHING`` (in id order, so two writers cannot deadlock) lets the second take the first's
    row."""
    ids = sorted(set(device_ids))
    if not ids:
        return
    session.execute(
        upsert_insert(session.get_bind().dialect.name, Device)
        .values([{"id": device_id, "label": "", "last_seen": seen_at} for device_id in ids])
        .on_conflict_do_nothing(index_elements=[Device.id])
    )
    session.execute(
        update(Device)
        .where(
            Device.id.in_(ids),
            (Device.last_seen.is_(None)) | (Device.last_seen < seen_at),
        )
        .values(last_seen=seen_at)
        .execution_options(synchronize_session=False)
    )


def device_usage(session: Session) -> list[tuple[Device, int, datetime | None]]:
    """Every device by id, with how many recordings it made and when the latest started.

    Across all athletes: an installation-wide count for the admin, no athlete's data."""
    counts = {
        row[0]: (int(row[1]), row[2])
        for row in session.execute(
            select(Recording.device_id, func.count(), func.max(Recording.started_at)).group_by(
                Recording.device_id
            )
        )
    }
    return [
        (device, *counts.get(device.id, (0, None)))
        for device in session.execute(select(Device).order_by(Device.id)).scalars()
    ]
