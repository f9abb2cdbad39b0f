"""Empty (never migrated) databases for the migration tests: SQLite and PostgreSQL."""

from __future__ import annotations

import itertools
import os
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest
from tests.conftest import service_missing

POSTGRES_URL = os.environ.get(
    "FITCOACH_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
_counter = itertools.count()


def _pg(sql: str) -> None:
    dsn = POSTGRES_URL.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True, connect_timeout=3) as conn:
        conn.execute(sql)  # type: ignore[arg-type]


def _pg_url(name: str) -> str:
    return f"{POSTGRES_URL.rpartition('/')[0]}/{name}"


@pytest.fixture
def new_empty_database(empty_kind: str, tmp_path: Path) -> Iterator[Callable[[], str]]:
    """A factory of empty databases of this test's kind (``empty_kind``); dropped afterwards."""
    kind = empty_kind
    created: list[str] = []

    def new() -> str:
        n = next(_counter)
        if kind == "sqlite":
            return f"sqlite:///{tmp_path / f'empty{n}.sqlite3'}"
        name = f"fitcoach_e_{os.getpid()}_{n}"
        _pg(f"CREATE DATABASE {name}")
        created.append(name)
        return _pg_url(name)

    if kind == "postgres":
        try:
            _pg("SELECT 1")
        except psycopg.OperationalError as exc:
            service_missing("PostgreSQL", str(exc).strip().splitlines()[0])
    yield new
    for name in created:
        _pg(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_kind(request: pytest.FixtureRequest) -> str:
    """Which database the empty databases are: SQLite and PostgreSQL."""
    return str(request.param)


@pytest.fixture
def empty_url(new_empty_database: Callable[[], str]) -> str:
    """One empty database."""
    return new_empty_database()
