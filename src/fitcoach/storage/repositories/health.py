"""Red flags (``health_flags``), scoped to the athlete."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import HealthFlag


def add(session: Session, scope: AthleteScope, flag: HealthFlag) -> HealthFlag:
    """Store a flag for the scoped athlete."""
    flag.athlete_id = scope.athlete_id
    session.add(flag)
    session.flush()
    return flag


def get(session: Session, scope: AthleteScope, flag_id: int) -> HealthFlag | None:
    """One of the scoped athlete's flags (None if it is someone else's or does not exist)."""
    return session.execute(
        select(HealthFlag).where(
            HealthFlag.id == flag_id, HealthFlag.athlete_id == scope.athlete_id
        )
    ).scalar_one_or_none()


def flags(session: Session, scope: AthleteScope, *, open_only: bool) -> Sequence[HealthFlag]:
    """The scoped athlete's flags, oldest first (only the open ones with ``open_only``)."""
    stmt = select(HealthFlag).where(HealthFlag.athlete_id == scope.athlete_id)
    if open_only:
        stmt = stmt.where(HealthFlag.cleared_at.is_(None))
    return session.execute(stmt.order_by(HealthFlag.raised_at, HealthFlag.id)).scalars().all()


def open_kinds(session: Session, scope: AthleteScope) -> list[str]:
    """The kinds of the scoped athlete's open flags, oldest first, each once."""
    rows = session.execute(
        select(HealthFlag.kind)
        .where(HealthFlag.athlete_id == scope.athlete_id, HealthFlag.cleared_at.is_(None))
        .order_by(HealthFlag.raised_at, HealthFlag.id)
    ).scalars()
    return list(dict.fromkeys(rows))
