"""Red flags (``health_flags``), scoped to the athlete."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import among
from fitcoach.storage.models import HealthFlag


def add(session: Session, scope: AthleteScope, flag: HealthFlag) -> HealthFlag:
    """Store a flag for the scoped athlete."""
    flag.athlete_id = scope.athlete_id
    session.add(flag)
    session.flush()
    return flag


def add_many(
    session: Session, flags: Sequence[tuple[AthleteScope, HealthFlag]]
) -> list[HealthFlag]:
    """Store flags, each for its scoped athlete, in one flush (their ids are then set)."""
    for scope, flag in flags:
        flag.athlete_id = scope.athlete_id
    session.add_all([flag for _, flag in flags])
    session.flush()
    return [flag for _, flag in flags]


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


def open_kinds_many(session: Session, scopes: Iterable[AthleteScope]) -> dict[int, set[str]]:
    """The kinds of the open flags of each scoped athlete, in one query (every athlete of
    ``scopes`` is a key, with an empty set when none of theirs is open)."""
    ids = {scope.athlete_id for scope in scopes}
    out: dict[int, set[str]] = {athlete_id: set() for athlete_id in ids}
    if not ids:
        return out
    rows = session.execute(
        select(HealthFlag.athlete_id, HealthFlag.kind).where(
            among(session, HealthFlag.athlete_id, ids), HealthFlag.cleared_at.is_(None)
        )
    )
    for athlete_id, kind in rows:
        out[athlete_id].add(kind)
    return out
