"""The exercise library table."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.storage.models import Exercise


def all_exercises(session: Session) -> Sequence[Exercise]:
    """Every exercise, by name."""
    return session.execute(select(Exercise).order_by(Exercise.name)).scalars().all()


def by_slug(session: Session, slug: str) -> Exercise | None:
    """One exercise by slug."""
    return session.execute(select(Exercise).where(Exercise.slug == slug)).scalar_one_or_none()


def by_slugs(session: Session, slugs: Iterable[str]) -> dict[str, Exercise]:
    """Exercises by slug (absent slugs are left out)."""
    wanted = set(slugs)
    if not wanted:
        return {}
    rows = session.execute(select(Exercise).where(Exercise.slug.in_(wanted))).scalars()
    return {e.slug: e for e in rows}


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


def slug_to_id(session: Session) -> dict[str, int]:
    """Slug → id for every exercise (bulk imports resolve names once)."""
    return dict(session.execute(select(Exercise.slug, Exercise.id)).all())


def upsert(session: Session, records: Iterable[dict[str, Any]]) -> tuple[int, int]:
    """Insert new exercises and update changed ones by slug; returns (added, updated)."""
    existing = {e.slug: e for e in session.execute(select(Exercise)).scalars()}
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
    """(id, slug, name, aliases) of every exercise, by name: what resolving a typed name
    needs, without building the mapped rows and their other JSON columns (most of a full
    read)."""
    stmt = select(Exercise.id, Exercise.slug, Exercise.name, Exercise.aliases)
    return [
        (int(id_), slug, name, list(aliases or ()))
        for id_, slug, name, aliases in session.execute(stmt.order_by(Exercise.name))
    ]
