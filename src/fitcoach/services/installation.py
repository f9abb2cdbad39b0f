"""What the installation is: its database, whether it answers, and what it holds.

For the health check and the landing page, which answer before anyone signs in: they take a
session, not a subject's context, and show counts over every athlete, never anyone's data.
"""

from __future__ import annotations

from collections.abc import Iterable

from fitcoach.storage.db import Base, Connection, Session
from fitcoach.storage.models import (
    Athlete,
    CardioSession,
    DailyMetric,
    Exercise,
    Meal,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import installation as repo

# What the landing page counts, in its order and with its labels.
HOLDINGS: tuple[tuple[str, type[Base]], ...] = (
    ("athletes", Athlete),
    ("exercises in the library", Exercise),
    ("strength sessions", WorkoutSession),
    ("sets logged", SetLog),
    ("cardio sessions", CardioSession),
    ("days of metrics", DailyMetric),
    ("nights of sleep", SleepSession),
    ("meals", Meal),
)


def database_name(session: Session) -> str:
    """The database's dialect: ``sqlite`` or ``postgresql``."""
    return repo.dialect(session)


def database_answers(session: Session) -> bool:
    """Whether the database can be reached (False, not an error, when it cannot)."""
    return repo.answers(session)


def holdings(session: Session) -> dict[str, int]:
    """Rows of each kind the installation holds, by the landing page's label."""
    return {label: repo.row_count(session, model) for label, model in HOLDINGS}


def table_sizes(connection: Connection, tables: Iterable[str]) -> dict[str, int]:
    """Rows in each of ``tables``, on a raw connection outside a unit of work (``fitcoach db
    rotate-key`` sizes its progress bar with it before rewriting the tables)."""
    return repo.table_sizes(connection, tables)
