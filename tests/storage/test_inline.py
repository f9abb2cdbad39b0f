"""The event loop's own engine (``storage.inline``): it reads, refuses what may write or lock
rows before sending it, and gives up on a lock after ``LOCK_WAIT_S``."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import make_url, text
from sqlalchemy.exc import OperationalError

from fitcoach.storage import inline


def test_it_reads_and_refuses_what_may_write_before_sending_it(database: Any) -> None:
    engine = inline.loop_engine(database.url)
    try:
        with engine.connect() as connection:
            count = connection.execute(text("SELECT count(*) FROM athletes")).scalar_one()
            assert count >= 0
            for statement in (
                "UPDATE athletes SET name = 'x' WHERE id = -1",
                "DELETE FROM athletes WHERE id = -1",
                "SELECT id FROM athletes FOR UPDATE",
            ):
                with pytest.raises(inline.NeedsWorker):
                    connection.execute(text(statement))
                connection.rollback()
            # Nothing was sent: the connection reads on.
            again = connection.execute(text("SELECT count(*) FROM athletes")).scalar_one()
            assert again == count
        assert engine.pool.checkedout() == 0  # type: ignore[attr-defined]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_the_lock_wait_is_set_beside_the_urls_own_options(database: Any) -> None:
    url = make_url(database.url).update_query_dict({"options": "-c statement_timeout=12345"})
    engine = inline.loop_engine(url.render_as_string(hide_password=False))
    try:
        with engine.connect() as connection:
            settings = connection.execute(
                text("SELECT current_setting('lock_timeout'), current_setting('statement_timeout')")
            ).one()
        assert tuple(settings) == (f"{int(inline.LOCK_WAIT_S * 1000)}ms", "12345ms")
    finally:
        engine.dispose()


def test_leaving_the_loop_raises_only_on_the_loop() -> None:
    inline.leave_event_loop("anything")  # not on the loop: nothing
    with inline.on_event_loop(), pytest.raises(inline.NeedsWorker, match="computing"):
        inline.leave_event_loop("computing")
    inline.leave_event_loop("anything")  # left it again


def test_a_lock_on_sqlite_is_waited_for_briefly_then_moves_the_read(tmp_path: Path) -> None:
    """Readers do not wait for writers in WAL mode; a connection in exclusive locking mode
    (another program's, say) is the case left."""
    path = tmp_path / "locked.sqlite3"
    engine = inline.loop_engine(f"sqlite:///{path}")
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with engine.connect() as connection:
            connection.exec_driver_sql("SELECT 1")  # connected, in WAL mode
            connection.rollback()
            holder.execute("PRAGMA locking_mode=EXCLUSIVE")
            holder.execute("CREATE TABLE t (x INTEGER)")  # the lock, until it closes
            try:
                with pytest.raises(OperationalError) as caught:
                    connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
            finally:
                holder.close()
            connection.rollback()
            tables = connection.exec_driver_sql("SELECT count(*) FROM sqlite_master")
            assert tables.scalar_one() == 1
        assert inline.is_lock_wait(caught.value)
        assert inline.moves(caught.value)
        assert not inline.moves(ValueError("not a lock"))
    finally:
        holder.close()
        engine.dispose()
