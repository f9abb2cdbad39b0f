"""The audit log's access entries: who other than the athlete opened whose data, and when.

An access entry is an ``audit_log`` row with ``action = "access"``, ``entity`` the kind of
data (``plans``, ``health``, ``sensors`` ...) and ``detail = {"role": ...}``: no content, no
health details. Entries are coalesced to one per (viewer, athlete, kind, minute).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Table, event, insert, select
from sqlalchemy.orm import Session

from fitcoach.storage import driver
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import AuditEntry

ACCESS = "access"


@dataclass(frozen=True)
class Access:
    """One opening of an athlete's data by a subject other than the athlete.

    ``viewer_id`` None is the local operator at the command line; ``role`` is ``coach``,
    ``admin`` or ``operator``."""

    viewer_id: int | None
    role: str
    athlete_id: int
    kind: str
    at: datetime

    @property
    def key(self) -> tuple[int | None, int, str, datetime]:
        """What coalesces: viewer, athlete, kind and the minute."""
        return (self.viewer_id, self.athlete_id, self.kind, minute_of(self.at))


def minute_of(at: datetime) -> datetime:
    return at.replace(second=0, microsecond=0)


_TABLE: Table = AuditEntry.__table__  # type: ignore[assignment]
_INSERT = insert(_TABLE)
# Every audited write runs it: on psycopg's cursor (``driver``).
_ADD = driver.Statement(_INSERT, columns=True)


def add(
    session: Session,
    *,
    at: datetime,
    actor_account_id: int | None,
    athlete_id: int | None,
    action: str,
    entity: str,
    entity_id: str | None,
    detail: dict[str, Any],
) -> None:
    """Store an audit entry (an action) in the caller's transaction: one Core INSERT now, not
    a mapped object flushed at the commit, whose unit of work cost a write more than its
    statement. Pending changes are flushed first, as a query would: the entry may name an
    account this transaction added."""
    if session.autoflush:
        session.flush()
    values = {
        "at": at,
        "actor_account_id": actor_account_id,
        "athlete_id": athlete_id,
        "action": action,
        "entity": entity,
        "entity_id": entity_id,
        "detail": detail,
    }
    # On the connection, as Core: the session's execution adds nothing for this table (the
    # audit log raises no data version) but its events' CPU.
    _ADD.rows(session.connection(), values)


# Accesses noted in a unit of work without an access sink wait in ``session.info`` and are
# written when it commits: an operation that fails (and so rolls back) changes nothing, the
# access entry included.
_PENDING = "fitcoach_pending_accesses"


def record_at_commit(session: Session, access: Access) -> None:
    """Record ``access`` when ``session`` commits; nothing if it rolls back."""
    session.info.setdefault(_PENDING, []).append(access)


@event.listens_for(Session, "before_commit")
def _write_pending_accesses(session: Session) -> None:
    pending: list[Access] | None = session.info.pop(_PENDING, None)
    if pending:
        record(session, pending)


@event.listens_for(Session, "after_rollback")
def _drop_pending_accesses(session: Session) -> None:
    session.info.pop(_PENDING, None)


def record(session: Session, accesses: Iterable[Access]) -> int:
    """Add an entry per access not yet recorded in its minute; returns how many were added."""
    added = 0
    seen: set[tuple[int | None, int, str, datetime]] = set()
    for access in accesses:
        key = access.key
        if key in seen:
            continue
        seen.add(key)
        start = key[3]
        viewer = (
            AuditEntry.actor_account_id.is_(None)
            if access.viewer_id is None
            else AuditEntry.actor_account_id == access.viewer_id
        )
        exists = session.execute(
            select(AuditEntry.id)
            .where(
                AuditEntry.athlete_id == access.athlete_id,
                AuditEntry.at >= start,
                AuditEntry.action == ACCESS,
                AuditEntry.entity == access.kind,
                viewer,
            )
            .limit(1)
        ).first()
        if exists is not None:
            continue
        session.add(
            AuditEntry(
                at=access.at,
                actor_account_id=access.viewer_id,
                athlete_id=access.athlete_id,
                action=ACCESS,
                entity=access.kind,
                entity_id=None,
                detail={"role": access.role},
            )
        )
        added += 1
    session.flush()
    return added


def entries(
    session: Session,
    scope: AthleteScope,
    *,
    viewer_id: int | None = None,
    only_viewer: bool = False,
    limit: int = 100,
    offset: int = 0,
) -> Sequence[AuditEntry]:
    """The scoped athlete's access entries, newest first (one viewer's with ``only_viewer``)."""
    stmt = select(AuditEntry).where(
        AuditEntry.athlete_id == scope.athlete_id, AuditEntry.action == ACCESS
    )
    if only_viewer:
        stmt = stmt.where(
            AuditEntry.actor_account_id.is_(None)
            if viewer_id is None
            else AuditEntry.actor_account_id == viewer_id
        )
    stmt = stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc()).limit(limit).offset(offset)
    return session.execute(stmt).scalars().all()
