"""Imported files (by content hash) and files waiting for the athlete's review."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session, defer

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    CardioSession,
    ImportedFile,
    PendingImport,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.models.sensors import Recording, Vital
from fitcoach.storage.rows import HeldOptions


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
    counts: dict[str, int],
    records: dict[str, list[int]] | None = None,
) -> ImportedFile:
    row = ImportedFile(
        athlete_id=scope.athlete_id,
        sha256=sha256,
        format=fmt,
        filename=filename,
        imported_at=at,
        counts=counts,
        records=records or {},
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


def held_records(session: Session, scope: AthleteScope, sha256: str) -> dict[str, list[int]]:
    """The records a held file stored already (its resolved names' sets), by kind; {} when
    it is not held or stored none."""
    options = session.scalars(
        select(PendingImport.options).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256
        )
    ).first()
    records = (options or {}).get("records")
    return dict(records) if isinstance(records, dict) else {}


def set_held_records(
    session: Session,
    scope: AthleteScope,
    sha256: str,
    records: dict[str, list[int]],
    logged: dict[str, str] | None = None,
) -> None:
    """Keep, with a held file, the records it stored already (replacing those kept before)
    and, when given, what its names' sets log (for the review's suggestions)."""
    row = session.scalars(
        select(PendingImport)
        .options(defer(PendingImport.content))
        .where(PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256)
    ).first()
    if row is not None:
        extra = {"records": records} if logged is None else {"records": records, "logged": logged}
        row.options = {**(row.options or {}), **extra}
        session.flush()


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
    options: HeldOptions,
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
        row.options = dict(options)
    session.flush()
    return row


def release(session: Session, scope: AthleteScope, sha256: str) -> None:
    """Forget a held file (imported now, or dropped by the athlete)."""
    session.execute(
        delete(PendingImport).where(
            PendingImport.athlete_id == scope.athlete_id, PendingImport.sha256 == sha256
        )
    )


def forget_imported(session: Session, scope: AthleteScope, sha256: str) -> None:
    """Forget that the scoped athlete imported this file (it was taken back): it may be
    imported again."""
    session.execute(
        delete(ImportedFile).where(
            ImportedFile.athlete_id == scope.athlete_id, ImportedFile.sha256 == sha256
        )
    )


_CREATED: dict[str, Any] = {
    "workouts": WorkoutSession,
    "cardio": CardioSession,
    "sleep": SleepSession,
}


def delete_records(
    session: Session, scope: AthleteScope, created: dict[str, list[int]]
) -> tuple[dict[str, int], set[int]]:
    """Delete the scoped athlete's records an import created (``ImportedFile.records``): the
    workouts with their sets, cardio sessions, sleep sessions and recordings with their
    vitals. Answers how many of each went (in the order a person reads them) and the
    exercises whose sets went (their records are folded again by the caller)."""
    removed: dict[str, int] = {}
    exercise_ids: set[int] = set()
    workout_ids = [int(i) for i in created.get("workouts", [])]
    if workout_ids:
        ours = (SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids))
        exercise_ids = set(session.scalars(select(SetLog.exercise_id).where(*ours).distinct()))
        result = session.execute(delete(SetLog).where(*ours))
        removed["sets"] = int(getattr(result, "rowcount", 0) or 0)
    for kind, model in _CREATED.items():
        ids = [int(i) for i in created.get(kind, [])]
        if ids:
            result = session.execute(
                delete(model).where(model.athlete_id == scope.athlete_id, model.id.in_(ids))
            )
            removed[kind] = int(getattr(result, "rowcount", 0) or 0)
    recording_ids = [int(i) for i in created.get("recordings", [])]
    if recording_ids:
        session.execute(
            delete(Vital).where(
                Vital.athlete_id == scope.athlete_id, Vital.recording_id.in_(recording_ids)
            )
        )
        result = session.execute(
            delete(Recording).where(
                Recording.athlete_id == scope.athlete_id, Recording.id.in_(recording_ids)
            )
        )
        removed["recordings"] = int(getattr(result, "rowcount", 0) or 0)
    session.flush()
    order = ("workouts", "sets", "cardio", "sleep", "recordings")
    return {k: removed[k] for k in order if k in removed}, exercise_ids
