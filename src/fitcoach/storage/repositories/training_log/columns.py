"""The training and health record types, the column that times each, and the column reads the
other repository modules share (cached selects of a model's columns, rows read with params).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from sqlalchemy import Row, Select, inspect, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Feedback,
    Meal,
    SleepSession,
    WorkoutSession,
)

SourcedModel = WorkoutSession | CardioSession | SleepSession | Meal | Feedback


S = TypeVar("S", WorkoutSession, CardioSession, SleepSession, Meal, Feedback)


R = TypeVar("R", WorkoutSession, CardioSession, SleepSession, Meal, Feedback, DailyMetric)


# The timestamp each record kind is ordered and filtered by.
TIME_COLUMN: dict[type[Any], InstrumentedAttribute[Any]] = {
    WorkoutSession: WorkoutSession.started_at,
    CardioSession: CardioSession.started_at,
    SleepSession: SleepSession.ended_at,  # a night belongs to the day it ends
    Meal: Meal.eaten_at,
    Feedback: Feedback.recorded_at,
    DailyMetric: DailyMetric.day,
}


def columns_of(record: Any) -> dict[str, Any]:
    """A stored row as plain data (its mapped columns only, no relationships)."""
    return {key: getattr(record, key) for key in _column_keys(type(record))}


_COLUMN_KEYS: dict[type[Any], tuple[str, ...]] = {}


_SELECTS: dict[type[Any], Select[Any]] = {}


def _columns_select(model: type[Any]) -> Select[Any]:
    """SELECT of every mapped column, labelled by attribute name, built once per model (a
    statement is generative: adding to it copies it)."""
    stmt = _SELECTS.get(model)
    if stmt is None:
        stmt = _SELECTS[model] = select(
            *(getattr(model, key).label(key) for key in _column_keys(model))
        )
    return stmt


def _column_keys(model: type[Any]) -> tuple[str, ...]:
    """The mapped columns' attribute names, in the table's order (looked up once per model:
    inspecting every row cost more than reading its values)."""
    keys = _COLUMN_KEYS.get(model)
    if keys is None:
        keys = _COLUMN_KEYS[model] = tuple(c.key for c in inspect(model).column_attrs)
    return keys


def _read_rows(session: Session, stmt: Select[Any], params: dict[str, Any]) -> Sequence[Row[Any]]:
    """``stmt``'s rows, run as Core on the session's connection: the ORM's execution (its
    compile state and result loading, per row and column) cost more than the query itself.
    What ``Session.execute`` does first is kept: pending changes are flushed (unless
    autoflush is off), so a row written in this transaction is read."""
    if session.autoflush:
        session.flush()
    return session.connection().execute(stmt, params).fetchall()
