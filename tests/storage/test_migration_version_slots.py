"""Migration 0027: an athlete's data version kept in slots and read as their sum. The upgrade
keeps every counter's value; the downgrade adds the slots back into one row per athlete.
SQLite and PostgreSQL (``empty_url``)."""

from __future__ import annotations

from sqlalchemy import text

from fitcoach.storage import migrate, versions
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work


def test_counters_keep_their_values_through_the_upgrade_and_the_downgrade(
    empty_url: str,
) -> None:
    migrate.upgrade(empty_url, "0026")
    engine = make_engine(empty_url)
    factory = make_session_factory(engine)
    try:
        with engine.begin() as connection:
            connection.execute(
                text("INSERT INTO data_versions (athlete_id, version) VALUES (0, 3), (7, 41)")
            )
        migrate.upgrade(empty_url)
        with unit_of_work(factory) as session:
            assert [versions.version_of(session, a) for a in (0, 7, 8)] == [3, 41, 0]
            # Writers on other connections raise other slots of the same counters.
            session.execute(
                text(
                    "INSERT INTO data_versions (athlete_id, slot, version)"
                    " VALUES (7, 5, 2), (7, 9, 1), (8, 3, 4)"
                )
            )
        with unit_of_work(factory) as session:
            assert [versions.version_of(session, a) for a in (0, 7, 8)] == [3, 44, 4]
            versions.raise_versions(session, [7, 8])
        with unit_of_work(factory) as session:
            assert [versions.version_of(session, a) for a in (0, 7, 8)] == [3, 45, 5]

        migrate.downgrade(empty_url, "0026")
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT athlete_id, version FROM data_versions ORDER BY athlete_id")
            ).all()
        assert [tuple(r) for r in rows] == [(0, 3), (7, 45), (8, 5)]
    finally:
        engine.dispose()
