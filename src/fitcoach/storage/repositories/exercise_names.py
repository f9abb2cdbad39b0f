"""The exercise names an athlete has mapped (an app's name → a library exercise, or nothing),
remembered for the next import and for the chat. Every query is scoped to one athlete; rows
are read and written as plain columns (Core statements), never as ORM objects."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import Select, delete, select
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Exercise, ExerciseNameChoice
from fitcoach.storage.repositories.bulk import upsert_insert

TABLE = ExerciseNameChoice.__table__


class StoredChoice(NamedTuple):
    """One remembered choice with its exercise's slug (None: leave those sets out)."""

    name_key: str
    name: str
    exercise_id: int | None
    slug: str | None
    chosen_at: datetime


def _select(scope: AthleteScope) -> Select[str, str, int | None, str, datetime]:
    # The slug is NULL for a choice to leave the sets out (the outer join finds no exercise).
    c = ExerciseNameChoice
    return (
        select(c.name_key, c.name, c.exercise_id, Exercise.slug, c.chosen_at)
        .outerjoin(Exercise, Exercise.id == c.exercise_id)
        .where(c.athlete_id == scope.athlete_id)
    )


def choices_for(
    session: Session, scope: AthleteScope, keys: Collection[str]
) -> dict[str, StoredChoice]:
    """The scoped athlete's choices for ``keys`` (``name_key`` values), by key, in one query."""
    wanted = set(keys)
    if not wanted:
        return {}
    rows = session.execute(_select(scope).where(ExerciseNameChoice.name_key.in_(wanted)))
    return {row.name_key: StoredChoice._make(row) for row in rows}


def all_choices(session: Session, scope: AthleteScope) -> Sequence[StoredChoice]:
    """Every choice of the scoped athlete, by key."""
    rows = session.execute(_select(scope).order_by(ExerciseNameChoice.name_key))
    return [StoredChoice._make(row) for row in rows]


def upsert(
    session: Session,
    scope: AthleteScope,
    *,
    name_key: str,
    name: str,
    exercise_id: int | None,
    at: datetime,
) -> StoredChoice:
    """Remember (or replace) the scoped athlete's choice for ``name_key``. One statement, so
    two imports choosing at once leave one row, the later choice."""
    values = {
        "athlete_id": scope.athlete_id,
        "name_key": name_key,
        "name": name,
        "exercise_id": exercise_id,
        "chosen_at": at,
    }
    stmt = upsert_insert(session.get_bind().dialect.name, TABLE).values(values)
    session.execute(
        stmt.on_conflict_do_update(
            index_elements=["athlete_id", "name_key"],
            set_={k: stmt.excluded[k] for k in ("name", "exercise_id", "chosen_at")},
        )
    )
    return choices_for(session, scope, [name_key])[name_key]


def forget(session: Session, scope: AthleteScope, name_key: str) -> bool:
    """Forget the scoped athlete's choice for ``name_key``; False when there was none."""
    result = session.execute(
        delete(ExerciseNameChoice).where(
            ExerciseNameChoice.athlete_id == scope.athlete_id,
            ExerciseNameChoice.name_key == name_key,
        )
    )
    return bool(getattr(result, "rowcount", 0))


def forget_exercise(session: Session, scope: AthleteScope, exercise_id: int) -> int:
    """Forget the scoped athlete's choices of ``exercise_id``; how many there were."""
    result = session.execute(
        delete(ExerciseNameChoice).where(
            ExerciseNameChoice.athlete_id == scope.athlete_id,
            ExerciseNameChoice.exercise_id == exercise_id,
        )
    )
    return int(getattr(result, "rowcount", 0) or 0)
