"""Consent records: append a decision, read the latest per purpose, filter athletes by it.

The state of a purpose is its latest row (highest id); no row means not granted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import ColumnElement, Select, select, true
from sqlalchemy.orm import Session

from fitcoach.core.domain import ConsentPurpose
from fitcoach.storage.access import AthleteScope, forget_scope, latest_consent
from fitcoach.storage.db import among
from fitcoach.storage.models import ConsentRecord


def add(
    session: Session,
    scope: AthleteScope,
    purpose: ConsentPurpose,
    *,
    granted: bool,
    version: str,
    source: str,
    at: datetime,
) -> ConsentRecord:
    """Append one decision for the scoped athlete (rows are never changed)."""
    row = ConsentRecord(
        athlete_id=scope.athlete_id,
        purpose=purpose,
        granted=granted,
        version=version,
        source=source,
        actor_account_id=scope.subject.account_id,
        at=at,
    )
    session.add(row)
    session.flush()
    if purpose == ConsentPurpose.coach_sharing:  # a coach's view of the athlete may change
        forget_scope(session, scope.athlete_id)
    return row


def latest(session: Session, scope: AthleteScope) -> dict[ConsentPurpose, ConsentRecord]:
    """The latest decision per purpose (purposes never decided are absent)."""
    rows = session.execute(
        select(ConsentRecord)
        .where(ConsentRecord.athlete_id == scope.athlete_id)
        .order_by(ConsentRecord.id)
    ).scalars()
    return {row.purpose: row for row in rows}


def history(session: Session, scope: AthleteScope) -> list[ConsentRecord]:
    """Every decision of the scoped athlete, oldest first."""
    return list(
        session.execute(
            select(ConsentRecord)
            .where(ConsentRecord.athlete_id == scope.athlete_id)
            .order_by(ConsentRecord.id)
        ).scalars()
    )


def is_granted(session: Session, athlete_id: int, purpose: ConsentPurpose) -> bool:
    """Whether the athlete's latest decision on ``purpose`` is a grant.

    Takes a bare id on purpose: workers ask this before they store anything, and scoping is
    done separately by ``scope_for``.
    """
    stmt: Select[tuple[bool]] = select(latest_consent(athlete_id, purpose))
    return bool(session.execute(stmt).scalar_one_or_none())


def granted_athletes(
    session: Session, athlete_ids: Iterable[int], purpose: ConsentPurpose
) -> set[int]:
    """Those of ``athlete_ids`` whose latest decision on ``purpose`` is a grant."""
    ids = sorted(set(athlete_ids))
    if not ids:
        return set()
    latest_id = (
        select(ConsentRecord.athlete_id, ConsentRecord.id)
        .where(among(session, ConsentRecord.athlete_id, ids), ConsentRecord.purpose == purpose)
        .order_by(ConsentRecord.athlete_id, ConsentRecord.id.desc())
    )
    seen: dict[int, int] = {}
    for athlete_id, row_id in session.execute(latest_id):
        seen.setdefault(athlete_id, row_id)
    if not seen:
        return set()
    granted: ColumnElement[bool] = ConsentRecord.granted == true()
    return set(
        session.execute(
            select(ConsentRecord.athlete_id).where(
                among(session, ConsentRecord.id, seen.values()), granted
            )
        ).scalars()
    )
