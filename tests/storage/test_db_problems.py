"""``database_problem``: which database failures the boundaries report as "the database cannot
be used" (and whether a table is missing), and which stay bugs with their traceback."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from fitcoach.storage.db import DATABASE_ERRORS, database_problem, make_engine


def _failure(session: Session, sql: str) -> Exception:
    with pytest.raises(DATABASE_ERRORS) as caught:
        session.execute(text(sql))
    session.rollback()
    return caught.value


def test_a_missing_table_is_a_problem_that_says_so(session: Session) -> None:
    problem = database_problem(_failure(session, "SELECT * FROM no_such_table"))
    assert problem is not None
    assert problem.missing_table
    assert "no_such_table" in problem.message
    assert "\n" not in problem.message  # the driver's first line only


def test_a_wrong_statement_is_a_bug_on_postgresql(session: Session, database: Any) -> None:
    failure = _failure(session, "SELEC 1")
    if database.kind == "postgres":
        assert database_problem(failure) is None  # ProgrammingError: keeps its traceback
    else:  # SQLite's driver raises OperationalError for a syntax error too
        problem = database_problem(failure)
        assert problem is not None
        assert not problem.missing_table


def test_a_database_that_is_down_is_a_problem(unused_port: int) -> None:
    engine = make_engine(f"postgresql+psycopg://nobody@127.0.0.1:{unused_port}/x?connect_timeout=2")
    try:
        with pytest.raises(DATABASE_ERRORS) as caught, engine.connect():
            pass
    finally:
        engine.dispose()
    problem = database_problem(caught.value)
    assert problem is not None
    assert not problem.missing_table


def test_other_errors_are_not_database_problems() -> None:
    assert database_problem(ValueError("no such table")) is None


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
