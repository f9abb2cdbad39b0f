"""The context-variable snapshot: ``snapshot`` reads each kind of record over a window once and
holds it for the block, so the reads under it (``history``, ``load_sessions``,
``resting_hr_days``) are served from memory instead of the database.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from typing import Any
from zoneinfo import ZoneInfo

from fitcoach.core.clock import zone_named
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.kinds import MODELS, RecordKind
from fitcoach.services.training_log.windows import _check_window, _read, _time_window
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import training_log as repo


@dataclass(frozen=True)
class _Held:
    """One kind's rows over [start, end] (None: unbounded), as ``history`` read them."""

    start: date | None
    end: date | None
    rows: list[dict[str, Any]]

    def covers(self, start: date | None, end: date | None) -> bool:
        return (self.start is None or (start is not None and start >= self.start)) and (
            self.end is None or (end is not None and end <= self.end)
        )


@dataclass(frozen=True)
class _Snapshot:
    ctx: ServiceContext
    athlete_id: int
    zone: ZoneInfo
    held: dict[str, _Held]

    def serve(
        self,
        ctx: ServiceContext,
        athlete_id: int,
        kind: str,
        start: date | None,
        end: date | None,
    ) -> list[dict[str, Any]] | None:
        """``history``'s answer from the rows held, or None when they do not cover the ask."""
        held = self.held.get(kind)
        if ctx is not self.ctx or athlete_id != self.athlete_id or held is None:
            return None
        if not held.covers(start, end):
            return None
        model = MODELS[kind]
        lo, hi = _time_window(model, start, end, self.zone)
        key = repo.TIME_COLUMN[model].key
        # The held rows are in the repository's order (time, id): a filter keeps it. Each
        # caller gets its own dicts (and list of sets), as from a read of its own.
        return [
            {**r, "sets": list(r["sets"])} if "sets" in r else dict(r)
            for r in held.rows
            if (lo is None or r[key] >= lo) and (hi is None or r[key] < hi)
        ]


_SNAPSHOT: ContextVar[_Snapshot | None] = ContextVar("training_log_snapshot", default=None)


@contextmanager
def snapshot(
    ctx: ServiceContext,
    athlete_id: int,
    windows: Mapping[RecordKind, tuple[date | None, date | None]],
) -> Iterator[None]:
    """Read each kind once over its window (days as ``history`` takes them; None: unbounded)
    and, inside the block, answer ``history`` for this context and athlete from those rows
    whenever the window asked for lies within the one read.

    For read-only work that asks for overlapping windows several times (the weekly report:
    its own figures, the training load, readiness and the plan matching). The access check
    and the access log entry happen once, on the read; a window outside the one read, or a
    ``limit``/``offset``, reads the database as usual. Nothing written inside the block
    shows in what it answers."""
    for kind, (lo, hi) in windows.items():
        _check_window(kind, lo, hi)
    scope = ctx.scope(athlete_id)  # one access check and log entry for every kind
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    held: dict[str, _Held] = {
        kind: _Held(lo, hi, _read(ctx, scope, MODELS[kind], lo, hi, zone))
        for kind, (lo, hi) in windows.items()
    }
    token = _SNAPSHOT.set(_Snapshot(ctx, athlete_id, zone, held))
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def snapshot_held() -> bool:
    """Whether a ``snapshot`` is held here: what is read inside it may not be the database's
    (it shows nothing written inside the block), so nothing read in it is kept."""
    return _SNAPSHOT.get() is not None
