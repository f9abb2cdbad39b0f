"""Installation-wide facts: whether the database answers and how many rows it holds.

No athlete's data: only counts over every athlete, for the landing page and the operator's
commands, and nothing that names anyone.
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Connection, func, select, table, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from fitcoach.storage.db import Base
from fitcoach.storage.models import Exercise


def dialect(session: Session) -> str:
    """The database's dialect name (``sqlite``, ``postgresql``), without connecting."""
    return session.get_bind().dialect.name


def answers(session: Session) -> bool:
    """Whether the database answers a trivial query (False when it is down or unreachable)."""
    try:
        session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def row_count(session: Session, model: type[Base]) -> int:
    """How many rows the model's table holds (of the exercise table, the library's: the
    athletes' own exercises are theirs, not the installation's library)."""
    stmt = select(func.count()).select_from(model)
    if model is Exercise:
        stmt = stmt.where(Exercise.athlete_id.is_(None))
    return int(session.execute(stmt).scalar_one())


def table_sizes(connection: Connection, names: Iterable[str]) -> dict[str, int]:
    """How many rows each named table holds."""
    return {
        name: int(connection.execute(select(func.count()).select_from(table(name))).scalar_one())
        for name in names
    }
