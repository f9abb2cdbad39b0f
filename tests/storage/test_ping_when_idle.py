"""``ping_when_idle``: an idle pooled connection that died is replaced before anyone uses it;
a connection back from work a moment ago is not pinged."""

from __future__ import annotations

import time

import pytest
from sqlalchemy import event, text
from tests.conftest import Database, _pg_execute

from fitcoach.storage.db import make_engine, ping_when_idle


def _backend_pid(engine) -> int:  # type: ignore[no-untyped-def]
    with engine.connect() as connection:
        return int(connection.execute(text("SELECT pg_backend_pid()")).scalar_one())


# A server that can drop a connection: PostgreSQL.
ON_POSTGRES = pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)


@ON_POSTGRES
def test_a_connection_killed_while_idle_is_replaced(database: Database) -> None:
    engine = ping_when_idle(make_engine(database.url, pool_size=1, max_overflow=0), idle_s=0.05)
    try:
        first = _backend_pid(engine)
        _pg_execute(f"SELECT pg_terminate_backend({first})")  # as a restart or a proxy would
        time.sleep(0.1)
        second = _backend_pid(engine)  # no error: the dead one was pinged and replaced
        assert second != first
    finally:
        engine.dispose()


@ON_POSTGRES
def test_without_the_ping_the_dead_connection_fails_the_request(database: Database) -> None:
    """What the ping is for (and that the test above could fail)."""
    engine = make_engine(database.url, pool_size=1, max_overflow=0)
    try:
        first = _backend_pid(engine)
        _pg_execute(f"SELECT pg_terminate_backend({first})")
        time.sleep(0.1)
        with pytest.raises(Exception, match=r"terminat|closed|connection"):
            _backend_pid(engine)
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged(database: Database) -> None:
    engine = ping_when_idle(make_engine(database.url, pool_size=1, max_overflow=0), idle_s=60)
    pings: list[object] = []
    real_ping = engine.dialect.do_ping

    def counting_ping(dbapi_connection: object) -> bool:
        pings.append(dbapi_connection)
        return real_ping(dbapi_connection)  # type: ignore[arg-type]

    engine.dialect.do_ping = counting_ping  # type: ignore[method-assign]
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    try:
        for _ in range(5):
            with engine.connect() as connection:
                connection.execute(text("SELECT 1"))
        assert pings == []
        assert len(statements) == 5  # the work, and nothing else

        engine2 = ping_when_idle(make_engine(database.url, pool_size=1, max_overflow=0), idle_s=0)
        engine2.dialect.do_ping = counting_ping  # type: ignore[method-assign]
        try:
            for _ in range(3):
                with engine2.connect() as connection:
                    connection.execute(text("SELECT 1"))
            assert len(pings) == 2  # every checkout after the first, the connection now idle
        finally:
            engine2.dispose()
    finally:
        engine.dispose()
