"""Plan versions, scoped to the athlete."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Text, cast, func, select, update
from sqlalchemy.orm import Session

from fitcoach.storage import versions as data_versions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Athlete, PlanVersion


def active(session: Session, scope: AthleteScope) -> PlanVersion | None:
    """The plan version in force."""
    return session.execute(
        select(PlanVersion).where(
            PlanVersion.athlete_id == scope.athlete_id, PlanVersion.status == "active"
        )
    ).scalar_one_or_none()


def active_text(session: Session, scope: AthleteScope) -> tuple[int, str] | None:
    """The version number of the plan in force and its document as the JSON text stored, not
    decoded (a reader that keeps plans by their text skips decoding one it has)."""
    row = session.execute(
        select(PlanVersion.version, cast(PlanVersion.document, Text)).where(
            PlanVersion.athlete_id == scope.athlete_id, PlanVersion.status == "active"
        )
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def by_version(session: Session, scope: AthleteScope, version: int) -> PlanVersion | None:
    """One version of the scoped athlete's plan."""
    return session.execute(
        select(PlanVersion).where(
            PlanVersion.athlete_id == scope.athlete_id, PlanVersion.version == version
        )
    ).scalar_one_or_none()


def versions(
    session: Session,
    scope: AthleteScope,
    status: str | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
) -> Sequence[PlanVersion]:
    """The versions newest first (optionally of one status); every one unless ``limit``."""
    stmt = select(PlanVersion).where(PlanVersion.athlete_id == scope.athlete_id)
    if status is not None:
        stmt = stmt.where(PlanVersion.status == status)
    stmt = stmt.order_by(PlanVersion.version.desc()).offset(offset).limit(limit)
    return session.execute(stmt).scalars().all()


def next_version(session: Session, scope: AthleteScope) -> int:
    """The number the next version gets."""
    current = session.execute(
        select(func.max(PlanVersion.version)).where(PlanVersion.athlete_id == scope.athlete_id)
    ).scalar_one()
    return int(current or 0) + 1


def lock(session: Session, scope: AthleteScope) -> None:
    """Serialise changes to the athlete's plan until the transaction ends.

    Two requests that each read the version in force and then store a new one would
    otherwise both put theirs in force (and pick the same version number). A no-op UPDATE of
    the athlete's row takes PostgreSQL's row lock and SQLite's write lock before anything is
    read, so the second request reads what the first committed. It sets a column no foreign
    key refers to: assigning the primary key, even to itself, makes SQLite check every row
    that refers to the athlete (every set they ever logged), a cost that grew with the history.
    It changes nothing, so it raises no data version (``versions.LOCK_OPTION``): a generation
    answered again, or blocked, leaves every cached result of the athlete's valid.
    """
    session.execute(
        update(Athlete).where(Athlete.id == scope.athlete_id).values(name=Athlete.name),
        execution_options={data_versions.LOCK_OPTION: True},
    )


def answered_again(session: Session, scope: AthleteScope, request_key: str) -> PlanVersion | None:
    """The version a generation with ``request_key`` stored, if its commit left the athlete's
    and everyone's data versions where they are now (nothing written since).

    One statement, so that the versions and the row are read together: at most one row can
    match (two commits each raise the athlete's version)."""
    mine, everyone = data_versions.counters(scope.athlete_id)
    return (
        session.execute(
            select(PlanVersion)
            .where(
                PlanVersion.athlete_id == scope.athlete_id,
                PlanVersion.request_key == request_key,
                PlanVersion.data_version == mine,
                PlanVersion.global_version == func.coalesce(everyone, 0),
            )
            .limit(1)
        )
        .scalars()
        .first()
    )


def add(session: Session, scope: AthleteScope, version: PlanVersion) -> PlanVersion:
    """Store a version for the scoped athlete."""
    version.athlete_id = scope.athlete_id
    session.add(version)
    session.flush()
    return version


def set_status(
    session: Session,
    scope: AthleteScope,
    version: PlanVersion,
    status: str,
    *,
    decided_at: datetime | None = None,
    actor_account_id: int | None = None,
) -> PlanVersion:
    """Change a version's status (only the scoped athlete's versions)."""
    if version.athlete_id != scope.athlete_id:
        raise ValueError("the plan version belongs to another athlete")
    version.status = status
    if decided_at is not None:
        version.decided_at = decided_at
        version.actor_account_id = actor_account_id
    session.flush()
    return version


def supersede_active(session: Session, scope: AthleteScope) -> int | None:
    """Mark the version in force superseded; returns its number (None when there was none).

    Flushed before the caller adds a new active version, so that at most one is active (its
    ``decided_at`` keeps the moment it was put in force). One UPDATE, without loading the row:
    its document is the plan, tens of kilobytes of JSON to decode for a status; a version
    already in the session gets the new status too (``synchronize_session``).
    """
    superseded = (
        session.execute(
            update(PlanVersion)
            .where(PlanVersion.athlete_id == scope.athlete_id, PlanVersion.status == "active")
            .values(status="superseded")
            .returning(PlanVersion.version),
            execution_options={"synchronize_session": "evaluate"},
        )
        .scalars()
        .all()
    )
    return max(superseded) if superseded else None
