"""The tests' ``row_counts`` helper (one statement) equals counting each table on its own."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.fixtures.tables import changed, row_counts

from fitcoach.storage.db import Base


def _one_by_one(session: Session, athlete_id: int | None = None) -> dict[str, int]:
    counts = {}
    for table in Base.metadata.sorted_tables:
        stmt = select(func.count()).select_from(table)
        if athlete_id is not None:
            if "athlete_id" not in table.c:
                continue
            stmt = stmt.where(table.c.athlete_id == athlete_id)
        counts[table.name] = session.execute(stmt).scalar_one()
    return counts


def test_row_counts_equal_a_count_per_table(session: Session, demo: int) -> None:
    everything = row_counts(session)
    assert everything == _one_by_one(session)
    assert list(everything) == [t.name for t in Base.metadata.sorted_tables]
    assert sum(everything.values()) > 0
    mine = row_counts(session, demo)
    assert mine == _one_by_one(session, demo)
    assert mine["workout_sessions"] > 0
    assert row_counts(session, demo + 1) == _one_by_one(session, demo + 1)
    assert changed(everything, row_counts(session)) == {}
