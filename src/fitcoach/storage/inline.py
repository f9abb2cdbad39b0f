"""Quick reads on the web server's event loop, and how they leave it.

A worker thread's hop (a wake-up and a hand-over of the interpreter lock) costs a cached read
an eighth to a quarter of its CPU (measured). A quick read
(``interfaces.api.deps.quick_read``) therefore runs on the event loop itself, inside
``on_event_loop()``, and on a connection of its own (``loop_engine``: one connection that
only the loop uses, taken and given back within one stretch of synchronous code, so that
taking it never waits for a request the loop would have to serve first). Whatever in such a read could keep the loop from every other request raises
``NeedsWorker`` instead, and the read is rolled back and run again in a worker thread:

- a statement that may write or lock rows (checked on the loop's engine before it is sent);
- a wait for a lock: the loop's connection waits at most ``LOCK_WAIT_S`` (SQLite's busy
  timeout, PostgreSQL's ``lock_timeout``; a migration's table lock, another program's
  exclusive lock on SQLite's file) before it fails (``is_lock_wait``);
- a result computed on a cache miss (``services.results``).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from sqlalchemy import event, make_url
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from fitcoach.storage.db import make_engine, only_reads, ping_when_idle

# How long the loop's connection waits for a lock before its read goes to a worker thread.
LOCK_WAIT_S = 0.1
_SQLITE_WAITS = (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
_POSTGRES_LOCK_NOT_AVAILABLE = "55P03"

_on_loop: ContextVar[bool] = ContextVar("fitcoach_on_event_loop", default=False)


class NeedsWorker(Exception):  # a signal, not an error: it never reaches a caller
    """What a quick read was about to do must not run on the event loop (``what``)."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what}: not on the event loop")
        self.what = what


@contextmanager
def on_event_loop() -> Iterator[None]:
    """The code inside runs on the event loop (``leave_event_loop`` then raises)."""
    token = _on_loop.set(True)
    try:
        yield
    finally:
        _on_loop.reset(token)


def leave_event_loop(what: str) -> None:
    """Raise ``NeedsWorker`` inside ``on_event_loop()``; elsewhere nothing."""
    if _on_loop.get():
        raise NeedsWorker(what)


def loop_engine(url: str) -> Engine:
    """An engine of one connection for the event loop's quick reads (see the module).

    Its pool never waits: a second checkout while the first is out (never expected: the loop
    gives its connection back before it awaits anything) fails at once (``moves``). A
    statement that may write raises ``NeedsWorker`` before it is sent."""
    if url.startswith("sqlite"):
        connect_args: dict[str, Any] = {"timeout": LOCK_WAIT_S}
    else:
        # Beside any options the URL sets (connect_args would replace them).
        options = make_url(url).query.get("options")
        own = f"-c lock_timeout={int(LOCK_WAIT_S * 1000)}"
        connect_args = {"options": f"{options} {own}" if isinstance(options, str) else own}
    engine = ping_when_idle(
        make_engine(url, pool_size=1, max_overflow=0, pool_timeout=0, connect_args=connect_args)
    )

    # First, before the listeners that act on a write (``db._reads_outside_transactions``).
    @event.listens_for(engine, "before_cursor_execute", insert=True)
    def _reads_only(
        _conn: Any, _cursor: Any, statement: str, _parameters: Any, _context: Any, _many: bool
    ) -> None:
        if not only_reads(statement):
            raise NeedsWorker("a statement that may write or lock rows")

    return engine


def moves(exc: BaseException) -> bool:
    """Whether ``exc``, raised inside a quick read, sends it to a worker thread."""
    return isinstance(exc, NeedsWorker | PoolTimeout) or is_lock_wait(exc)


def is_lock_wait(exc: BaseException) -> bool:
    """A statement that gave up waiting for a lock (SQLite busy or locked; PostgreSQL's
    ``lock_timeout``)."""
    if not isinstance(exc, DBAPIError):
        return False
    orig = exc.orig
    code = getattr(orig, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _SQLITE_WAITS
    return getattr(orig, "sqlstate", None) == _POSTGRES_LOCK_NOT_AVAILABLE
