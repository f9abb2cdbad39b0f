"""Sensor events: added, the open one of a kind found, listed, and cleared."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import SensorEvent


def add_event(session: Session, scope: AthleteScope, event: SensorEvent) -> SensorEvent:
    """Store an alert or device event for the scoped athlete."""
    event.athlete_id = scope.athlete_id
    session.add(event)
    session.flush()
    return event


def open_event(
    session: Session,
    scope: AthleteScope,
    recording_id: int,
    kind: str,
    *,
    message: str | None = None,
) -> SensorEvent | None:
    """The latest uncleared event of ``kind`` (and ``message``, when given) of the scoped
    athlete's recording."""
    stmt = select(SensorEvent).where(
        SensorEvent.athlete_id == scope.athlete_id,
        SensorEvent.recording_id == recording_id,
        SensorEvent.kind == kind,
        SensorEvent.cleared_at.is_(None),
    )
    if message is not None:
        stmt = stmt.where(SensorEvent.message == message)
    return session.execute(
        stmt.order_by(SensorEvent.at.desc(), SensorEvent.id.desc()).limit(1)
    ).scalar_one_or_none()


def events(
    session: Session, scope: AthleteScope, *, open_only: bool = False
) -> Sequence[SensorEvent]:
    """The scoped athlete's events, oldest first (only uncleared ones with ``open_only``)."""
    stmt = select(SensorEvent).where(SensorEvent.athlete_id == scope.athlete_id)
    if open_only:
        stmt = stmt.where(SensorEvent.cleared_at.is_(None))
    return session.execute(stmt.order_by(SensorEvent.at, SensorEvent.id)).scalars().all()


def clear_event(session: Session, scope: AthleteScope, event_id: int, at: datetime) -> bool:
    """Mark one of the scoped athlete's events cleared; False if it is not theirs or unknown."""
    result = session.execute(
        update(SensorEvent)
        .where(
            SensorEvent.id == event_id,
            SensorEvent.athlete_id == scope.athlete_id,
            SensorEvent.cleared_at.is_(None),
        )
        .values(cleared_at=at)
    )
    return bool(result.rowcount)  # type: ignore[attr-defined]
