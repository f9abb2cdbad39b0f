"""What the training log pages read: one feed of sessions, rows by id, the exercises logged and
what was created last.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime
from typing import Any

from sqlalchemy import String, exists, func, literal, select, union_all
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import AuditEntry, CardioSession, Exercise, SetLog, WorkoutSession
from fitcoach.storage.repositories.training_log.columns import _column_keys, _columns_select

# --- the history pages: one feed of sessions, the exercises logged, what was created last ----


def feed(
    session: Session,
    scope: AthleteScope,
    start: datetime | None,
    end: datetime | None,
    *,
    exercise_id: int | None = None,
    limit: int,
    offset: int = 0,
) -> tuple[list[tuple[str, int]], int]:
    """The scoped athlete's workouts and cardio sessions with start <= started_at < end,
    newest first: (kind, id) of one page (``"workouts"`` or ``"cardio"``) and how many there
    are in all. With ``exercise_id`` only the workouts with a set of that exercise."""
    workouts = select(
        literal("workouts", String).label("kind"),
        WorkoutSession.id.label("id"),
        WorkoutSession.started_at.label("at"),
    ).where(WorkoutSession.athlete_id == scope.athlete_id)
    parts = [workouts]
    if exercise_id is not None:
        parts[0] = workouts.where(
            exists().where(
                SetLog.athlete_id == scope.athlete_id,
                SetLog.session_id == WorkoutSession.id,
                SetLog.exercise_id == exercise_id,
            )
        )
    else:
        parts.append(
            select(
                literal("cardio", String).label("kind"),
                CardioSession.id.label("id"),
                CardioSession.started_at.label("at"),
            ).where(CardioSession.athlete_id == scope.athlete_id)
        )
    windowed = []
    for part in parts:
        at = part.selected_columns.at
        if start is not None:
            part = part.where(at >= start)
        if end is not None:
            part = part.where(at < end)
        windowed.append(part)
    both = union_all(*windowed).subquery()
    total = int(session.execute(select(func.count()).select_from(both)).scalar_one())
    stmt = (
        select(both.c.kind, both.c.id)
        .order_by(both.c.at.desc(), both.c.kind, both.c.id.desc())
        .limit(limit)
        .offset(offset)
    )
    return [(str(kind), int(id_)) for kind, id_ in session.execute(stmt)], total


def rows_by_ids(
    session: Session, scope: AthleteScope, model: type[Any], ids: Collection[int]
) -> dict[int, dict[str, Any]]:
    """The scoped athlete's records of one kind with these ids, as plain data, by id."""
    if not ids:
        return {}
    keys = _column_keys(model)
    stmt = _columns_select(model).where(
        model.athlete_id == scope.athlete_id, model.id.in_(sorted(ids))
    )
    rows = (dict(zip(keys, row, strict=True)) for row in session.execute(stmt))
    return {int(r["id"]): r for r in rows}


def logged_exercises(session: Session, scope: AthleteScope) -> list[tuple[str, str]]:
    """(slug, name) of every exercise the scoped athlete has a set of, by name."""
    stmt = (
        select(Exercise.slug, Exercise.name)
        .where(
            exists().where(SetLog.athlete_id == scope.athlete_id, SetLog.exercise_id == Exercise.id)
        )
        .order_by(Exercise.name)
    )
    return [(str(slug), str(name)) for slug, name in session.execute(stmt)]


def recent_creations(
    session: Session,
    scope: AthleteScope,
    actor_account_id: int | None,
    entities: Collection[str],
    since: datetime,
    *,
    limit: int = 20,
) -> list[tuple[str, str | None, datetime]]:
    """(entity, entity id, when) of the audit log's ``create`` entries for the scoped athlete
    made by one account (None: the operator) since ``since``, newest first."""
    actor = (
        AuditEntry.actor_account_id.is_(None)
        if actor_account_id is None
        else AuditEntry.actor_account_id == actor_account_id
    )
    stmt = (
        select(AuditEntry.entity, AuditEntry.entity_id, AuditEntry.at)
        .where(
            AuditEntry.athlete_id == scope.athlete_id,
            AuditEntry.at >= since,
            AuditEntry.action == "create",
            AuditEntry.entity.in_(sorted(entities)),
            actor,
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
        .limit(limit)
    )
    return [(str(e), i, at) for e, i, at in session.execute(stmt)]
