"""How an import writes: in short transactions, each in a write turn.

SQLite has one writer at a time, and the server lets one state-changing request at a time
hold it (``interfaces.api.deps.write_gate``). An import reads and checks a whole file first,
holding neither; then it writes record by record, committing whenever ``budget_s`` has passed
and taking the turn again for the rest, so that another athlete's write waits at most about
that long. ``turn`` is how the caller queues writers: the server's write gate, or none (the
command line, the tests), where SQLite's own lock queues them.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field

from fitcoach.storage.db import Session, begin_write

Turn = Callable[[], AbstractContextManager[object]]
"""A context manager holding the caller's write slot (``nullcontext``: the database queues)."""


@dataclass
class ShortTransactions:
    """Writes of one import in transactions of at most about ``budget_s`` each."""

    session: Session
    turn: Turn = field(default=nullcontext)
    budget_s: float = 0.25

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """One write transaction in the turn: committed when the block ends, rolled back (and
        the exception raised again) when it fails."""
        with self.turn():
            begin_write(self.session)
            try:
                yield
            except BaseException:
                self.session.rollback()
                raise
            self.session.commit()

    def run(self, steps: Iterator[object]) -> None:
        """Run ``steps`` (each writes a record or two when advanced) in as many transactions
        as it takes, each ending after the step that passes ``budget_s``. A failing step rolls
        back its own transaction only: the ones before are committed."""
        while True:
            with self.transaction():
                deadline = time.monotonic() + self.budget_s
                for _ in steps:
                    if time.monotonic() >= deadline:
                        break
                else:
                    return

    def pause(self) -> None:
        """End the session's transaction before long work that only reads (parsing a file),
        so that nothing is held meanwhile. Every write here happens in ``transaction``, which
        commits; what the caller wrote before the import was committed by ``settle``."""
        if self.session.in_transaction():
            self.session.commit()

    def settle(self) -> None:
        """Commit what the caller wrote before the import (an athlete's name choices before
        the held files are imported with them), in a turn like any write."""
        with self.transaction():
            pass
