"""The exercise table: the shipped library (``athlete_id`` NULL) and athletes' own exercises.

Reads that list or resolve names see the library only, unless given an ``AthleteScope``: then
the library and that athlete's own exercises, never another athlete's."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, or_, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Exercise, SetLog
from fitcoach.storage.rows import ExerciseValues

LIBRARY = Exercise.athlete_id.is_(None)


def _visible(scope: AthleteScope | None) -> ColumnElement[bool]:
    """The library, plus the scoped athlete's own exercises."""
    if scope is None:
        return LIBRARY
    return or_(LIBRARY, Exercise.athlete_id == scope.athlete_id)


def all_exercises(session: Session, scope: AthleteScope | None = None) -> Sequence[Exercise]:
    """Every library exercise (and the scoped athlete's own), by name."""
    stmt = select(Exercise).where(_visible(scope)).order_by(Exercise.name)
    return session.execute(stmt).scalars().all()


def by_slug(session: Session, slug: str, scope: AthleteScope | None = None) -> Exercise | None:
    """One library exercise (or the scoped athlete's own) by slug."""
    stmt = select(Exercise).where(Exercise.slug == slug, _visible(scope))
    return session.execute(stmt).scalar_one_or_none()


def by_slugs(
    session: Session, slugs: Iterable[str], scope: AthleteScope | None = None
) -> dict[str, Exercise]:
    """Library exercises (and the scoped athlete's own) by slug; absent slugs left out."""
    wanted = set(slugs)
    if not wanted:
        return {}
    stmt = select(Exercise).where(Exercise.slug.in_(wanted), _visible(scope))
    return {e.slug: e for e in session.execute(stmt).scalars()}


def own_exercises(session: Session, scope: AthleteScope) -> Sequence[Exercise]:
    """The scoped athlete's own exercises, by name."""
    stmt = select(Exercise).where(Exercise.athlete_id == scope.athlete_id)
    return session.execute(stmt.order_by(Exercise.name)).scalars().all()


def own_by_slug(session: Session, scope: AthleteScope, slug: str) -> Exercise | None:
    """One of the scoped athlete's own exercises by slug."""
    stmt = select(Exercise).where(Exercise.athlete_id == scope.athlete_id, Exercise.slug == slug)
    return session.execute(stmt).scalar_one_or_none()


def add_own(
    session: Session, scope: AthleteScope, record: ExerciseValues, at: datetime
) -> Exercise:
    """Store an exercise of the scoped athlete's own (``record``: the table's columns)."""
    row = Exercise(**record, athlete_id=scope.athlete_id, created_at=at)
    session.add(row)
    session.flush()
    return row


def sets_of(session: Session, scope: AthleteScope, exercise_id: int) -> int:
    """How many of the scoped athlete's sets are of ``exercise_id``."""
    stmt = select(func.count()).where(
        SetLog.athlete_id == scope.athlete_id, SetLog.exercise_id == exercise_id
    )
    return int(session.execute(stmt).scalar_one())


def delete_own(session: Session, scope: AthleteScope, exercise_id: int) -> bool:
    """Delete one of the scoped athlete's own exercises; False when there was none."""
    result = session.execute(
        delete(Exercise).where(Exercise.athlete_id == scope.athlete_id, Exercise.id == exercise_id)
    )
    return bool(getattr(result, "rowcount", 0))


def muscles_by_slugs(
    session: Session, slugs: Iterable[str]
) -> dict[str, tuple[str, list[str], list[str]]]:
    """(category, primary muscles, secondary muscles) by slug (absent slugs are left out):
    what volume counting needs, without reading the rest of each row."""
    wanted = set(slugs)
    if not wanted:
        return {}
    rows = session.execute(
        select(
            Exercise.slug, Exercise.category, Exercise.primary_muscles, Exercise.secondary_muscles
        ).where(Exercise.slug.in_(wanted))
    )
    return {slug: (category, primary, secondary) for slug, category, primary, secondary in rows}


def all_muscles(session: Session) -> dict[str, tuple[str, list[str], list[str]]]:
    """``muscles_by_slugs`` of every exercise of the library."""
    rows = session.execute(
        select(
            Exercise.slug, Exercise.category, Exercise.primary_muscles, Exercise.secondary_muscles
        )
    )
    return {slug: (category, primary, secondary) for slug, category, primary, secondary in rows}


def by_ids(session: Session, ids: Iterable[int]) -> dict[int, Exercise]:
    """Exercises by id."""
    wanted = set(ids)
    if not wanted:
        return {}
    rows = session.execute(select(Exercise).where(Exercise.id.in_(wanted))).scalars()
    return {e.id: e for e in rows}


def slug_to_id(session: Session, scope: AthleteScope | None = None) -> dict[str, int]:
    """Slug → id for every library exercise and the scoped athlete's own (bulk imports
    resolve names once)."""
    stmt = select(Exercise.slug, Exercise.id).where(_visible(scope))
    return {str(slug): int(id_) for slug, id_ in session.execute(stmt)}


def upsert(session: Session, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Insert new library exercises and update changed ones by slug; returns (added,
    updated). Athletes' own exercises are never touched."""
    existing = {e.slug: e for e in session.execute(select(Exercise).where(LIBRARY)).scalars()}
    added = updated = 0
    for record in records:
        current = existing.get(record["slug"])
        if current is None:
            session.add(Exercise(**record))
            added += 1
            continue
        changed = False
        for key, value in record.items():
            if getattr(current, key) != value:
                setattr(current, key, value)
                changed = True
        updated += changed
    session.flush()
    return added, updated


def name_rows(session: Session) -> list[tuple[int, str, str, list[str]]]:
    """(id, slug, name, aliases) of every library exercise, by name: what resolving a typed name
    needs, without building the mapped rows and their other JSON columns (most of a full
    read)."""
    stmt = select(Exercise.id, Exercise.slug, Exercise.name, Exercise.aliases).where(LIBRARY)
    return [
        (int(id_), slug, name, list(aliases or ()))
        for id_, slug, name, aliases in session.execute(stmt.order_by(Exercise.name))
    ]
