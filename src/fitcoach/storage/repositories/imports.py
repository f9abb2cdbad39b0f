"""Imported files (by content hash) and files waiting for the athlete's review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, defer

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import ImportedFile, PendingImport


def imported(session: Session, scope: AthleteScope, sha256: str) -> ImportedFile | None:
    """The scoped athlete's import of the file with this content hash, if any."""
    return session.scalars(
        select(ImportedFile).where(
            ImportedFile.athlete_id == scope.athlete_id, ImportedFile.sha256 == sha256
        )
    ).first()


def add_imported(
    session: Session,
    scope: AthleteScope,
    *,
    sha256: str,
    fmt: str,
    filename: str,
    at: datetime,
    counts: dict[str, Any],
) -> ImportedFile:
    row = ImportedFile(
        athlete_id=scope.athlete_id,
        sha256=sha256,
        format=fmt,
        filename=filename,
        imported_at=at,
        counts=counts,
    )
    session.add(row)
    session.flush()
    return row


def imported_files(
    session: Session, scope: AthleteScope, limit: int = 100
) -> Sequence[ImportedFile]:
    """The scoped athlete's imported files, newest first."""
    return session.scalars(
        select(ImportedFile)
        .where(ImportedFile.athlete_id == scope.athlete_id)
        .order_by(ImportedFile.imported_at.desc(), ImportedFile.id.desc())
        .limit(limit)
    ).all()


@dataclass(frozen=True)
class HeldFile:
    """A file held for review, without its content (which ``held_content`` reads alone)."""

    sha256: str
    format: str
    filename: str
    names: list[str]
    options: dict[str, Any]
    created_at: datetime


def pending(session: Session, scope: AthleteScope, since: datetime) -> list[HeldFile]:
    """The scoped athlete's files waiting for review held since ``since``, oldest first;
    their contents are not read (nor decrypted)."""
    rows = session.execute(
        select(
            PendingImport.sha256,
            PendingImport.format,
            PendingImport.filename,
            PendingImport.names,
            PendingImport.options,
            PendingImport.created_at,
        )
        .where(PendingImport.athlete_id == scope.athlete_id, PendingImport.created_at >= since)
        .order_by(PendingImport.id)
    ).all()
    return [HeldFile(*row) for row in rows]


def held_content(session: Session, scope: AthleteScope, sha256: str) -> str | None:
    """The stored content of the scoped athlete's held file (None: not held)."""
    return session.scalars(
        select(PendingImport.content).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256
        )
    ).first()


def held_count(session: Session, scope: AthleteScope, since: datetime) -> int:
    """How many files the scoped athlete has held since ``since``."""
    return int(
        session.execute(
            select(func.count())
            .select_from(PendingImport)
            .where(PendingImport.athlete_id == scope.athlete_id, PendingImport.created_at >= since)
        ).scalar_one()
    )


def drop_expired(session: Session, scope: AthleteScope, before: datetime) -> int:
    """Delete the scoped athlete's files held before ``before``; returns how many."""
    result = session.execute(
        delete(PendingImport).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.created_at < before
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)


def is_held(session: Session, scope: AthleteScope, sha256: str) -> bool:
    """Whether the scoped athlete holds the file with this content hash."""
    found = session.execute(
        select(PendingImport.id).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256
        )
    ).first()
    return found is not None


def hold(
    session: Session,
    scope: AthleteScope,
    *,
    sha256: str,
    fmt: str,
    filename: str,
    content: str,
    names: list[str],
    options: dict[str, Any],
    at: datetime,
) -> PendingImport:
    """Hold a file for review (or update the names of one already held)."""
    row = session.scalars(
        select(PendingImport)
        .where(PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256)
        .options(defer(PendingImport.content))
    ).first()
    if row is None:
        row = PendingImport(
            athlete_id=scope.athlete_id,
            sha256=sha256,
            format=fmt,
            filename=filename,
            content=content,
            names=names,
            options=options,
            created_at=at,
        )
        session.add(row)
    else:
        row.names = names
        row.options = options
    session.flush()
    return row


def release(session: Session, scope: AthleteScope, sha256: str) -> None:
    """Forget a held file (imported now, or dropped by the athlete)."""
    session.execute(
        delete(PendingImport).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256
        )
    )
