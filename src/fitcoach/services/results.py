"""Results cached in each process under the athlete's data version.

Readiness and today's session take tens of milliseconds to compute and change only when the
athlete's data does (or the day turns): each process keeps the last result per athlete and
question under (the database, the athlete's data version, the global version, the athlete's
local day). Every committed write to an athlete's data raises their version in the database
(``storage.versions``), so a process sees another process's write at its next read: one small
query per read, instead of the dozens the computation makes.

A result is kept with its JSON (``remember_json``, for the API): the same answer read again is
not serialized again either (for today's session, a sixth of a cached read's CPU). The record
pages (``training_log.history_json``, up to hundreds of kB each) are kept as their JSON alone
(``PAGES``): the API answers nothing else of them.

A read served on the server's event loop (``storage.inline``) answers only from the cache: on a
miss it moves to a worker thread (``NeedsWorker``) before computing.

What a hit still does: resolve the subject's access to the athlete (a revoked coach link or
consent answers 404 at once), and note every access the computation noted, so that a coach
served from the cache appears in the athlete's access log exactly as one served by the
computation. Nothing is cached, or served from the cache, inside a transaction that has
written (its reads may see what is never committed).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from datetime import date
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from fitcoach.core.clock import zone_named
from fitcoach.services.context import ServiceContext
from fitcoach.storage import access, inline, versions

M = TypeVar("M", bound=BaseModel)
E = TypeVar("E")

_COMPUTING = "computing a result the cache does not hold"
MAX_ENTRIES = 2048  # a few per athlete (readiness and today, by day asked)


@dataclass(frozen=True)
class _Entry:
    versions: tuple[int, int]
    local_day: date
    value: BaseModel | None  # None: kept as its JSON alone (``remember_json(keep_value=False)``)
    accesses: frozenset[tuple[int, str]]
    json: bytes  # ``as_json(value)``


def as_json(value: BaseModel) -> bytes:
    """``value`` as JSON, as FastAPI answers a route whose response model is its class."""
    return value.__pydantic_serializer__.to_json(value, by_alias=True)


@dataclass(frozen=True)
class Serialized(Generic[M]):
    """An answer with its JSON, which its computation wrote itself (``as_json(value)``, byte
    for byte: from parts it keeps): kept and answered as ``value`` and ``json``."""

    value: M
    json: bytes


class ResultCache(Generic[E]):
    """A bounded, thread-safe map from a question to its last answer (least recently used
    entries go first)."""

    def __init__(self, max_entries: int = MAX_ENTRIES) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[Hashable, E] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: Hashable) -> E | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def __contains__(self, key: Hashable) -> bool:
        with self._lock:
            return key in self._entries

    def put(self, key: Hashable, entry: E) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def forget(self, athlete_id: int) -> None:
        """Drop every answer about ``athlete_id`` (keys ``(database, athlete_id, ...)``): the
        athlete is deleted, and what was computed from their data leaves memory too."""
        with self._lock:
            for key in [
                k for k in self._entries if isinstance(k, tuple) and k[1:2] == (athlete_id,)
            ]:
                del self._entries[key]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self.hits = self.misses = 0


CACHE: ResultCache[_Entry] = ResultCache()
# The larger answers (a twelve-week load report is about 100 KB with its JSON, readiness a few),
# fewer of them: what a dashboard view reads again (``monitoring.training_load``).
REPORTS: ResultCache[_Entry] = ResultCache(max_entries=128)
# The record pages' JSON (``training_log.history_json``): 140 kB for the 100 workouts of 8
# weeks (a page of 500 about five times that), so about 20 MB, 90 MB at most.
PAGES: ResultCache[_Entry] = ResultCache(max_entries=128)


_KEPT_ELSEWHERE: list[ResultCache[Any]] = []


def keep_forgettable(cache: ResultCache[E]) -> ResultCache[E]:
    """``cache`` (kept by another module, keys ``(database, athlete_id, ...)``), emptied of an
    athlete by ``forget`` as the caches here are."""
    _KEPT_ELSEWHERE.append(cache)
    return cache


def forget(athlete_id: int) -> None:
    """Drop every answer about ``athlete_id`` from every cache here and every one given to
    ``keep_forgettable`` (the athlete is deleted)."""
    for cache in (CACHE, REPORTS, PAGES, *_KEPT_ELSEWHERE):
        cache.forget(athlete_id)


def _local_day(ctx: ServiceContext, timezone: str) -> date:
    return ctx.clock.now().astimezone(zone_named(timezone)).date()


def remember(
    ctx: ServiceContext,
    athlete_id: int,
    question: str,
    args: tuple[Hashable, ...],
    compute: Callable[[], M | Serialized[M]],
    *,
    cache: ResultCache[_Entry] = CACHE,
) -> M:
    """``compute()``, or what it answered before for the same ``question`` and ``args`` when
    the athlete's data and local day are the same (a shallow copy of it); ``cache``: which one
    keeps it (``REPORTS`` for the large answers)."""
    entry = _answer(ctx, athlete_id, question, args, compute, cache, keep_value=True)
    if entry is None or entry.value is None:
        return _value(_compute(compute))
    return entry.value.model_copy()  # type: ignore[return-value]


def remember_json(
    ctx: ServiceContext,
    athlete_id: int,
    question: str,
    args: tuple[Hashable, ...],
    compute: Callable[[], BaseModel | Serialized[Any] | bytes],
    *,
    cache: ResultCache[_Entry] = CACHE,
    keep_value: bool = True,
) -> bytes:
    """``remember``'s answer as JSON (``as_json``), serialized once per cached answer;
    ``keep_value=False``: the JSON is all that is kept of it (for large answers only ever
    asked for as JSON). ``compute`` may answer the JSON itself (bytes: kept as they are; or
    ``Serialized``: the answer with its JSON)."""
    entry = _answer(ctx, athlete_id, question, args, compute, cache, keep_value=keep_value)
    return _json(_compute(compute)) if entry is None else entry.json


def _json(value: BaseModel | Serialized[Any] | bytes) -> bytes:
    if isinstance(value, bytes):
        return value
    return value.json if isinstance(value, Serialized) else as_json(value)


def _value(answer: M | Serialized[M]) -> M:
    return answer.value if isinstance(answer, Serialized) else answer


def _compute(compute: Callable[[], E]) -> E:
    # Tens of milliseconds: not on the server's event loop (a quick read moves to a worker).
    inline.leave_event_loop(_COMPUTING)
    return compute()


def _answer(
    ctx: ServiceContext,
    athlete_id: int,
    question: str,
    args: tuple[Hashable, ...],
    compute: Callable[[], BaseModel | Serialized[Any] | bytes],
    cache: ResultCache[_Entry],
    *,
    keep_value: bool,
) -> _Entry | None:
    """The cached (or just computed and cached) answer; None inside a transaction that has
    written, where the caller computes without the cache."""
    session = ctx.session
    if versions.has_writes(session):
        return None
    key = (str(session.get_bind().engine.url), athlete_id, question, args)
    if key not in cache:
        # Computed whatever the versions: on the event loop, move to a worker before the
        # stamp's query, which the worker runs again (a cold record page read it twice).
        inline.leave_event_loop(_COMPUTING)
    # NotFound for who may not see them; the scope is held for ``compute``.
    timezone, mine, everyone = access.stamp(session, ctx.subject, athlete_id)
    day = _local_day(ctx, timezone)
    hit = _hit(ctx, cache, key, (mine, everyone), day)
    if hit is not None:
        return hit
    inline.leave_event_loop(_COMPUTING)  # before counting: the worker asks again
    with _turn(ctx):
        # Another thread may have computed the same answer while this one waited (ten clients
        # opening the dashboard after one write): served, not computed again.
        hit = _hit(ctx, cache, key, (mine, everyone), day)
        if hit is not None:
            return hit
        cache.misses += 1
        with ctx.recording_scopes() as accesses:
            value = compute()
    model = value.value if isinstance(value, Serialized) else value
    kept = model if keep_value and isinstance(model, BaseModel) else None
    entry = _Entry((mine, everyone), day, kept, frozenset(accesses), _json(value))
    if not versions.has_writes(session):
        cache.put(key, entry)
    return entry


# On SQLite, one computation at a time per process. They are CPU-bound Python reading rows, and
# the sqlite3 driver lets go of the GIL at every row it steps: two computations at once hand the
# GIL back and forth hundreds of times a request. Measured on the cold 100-workout page (10
# clients, one process): 2.7 ms of server CPU a request with one handler thread
# against 5.1-6.6 ms with two and 7.2-7.9 ms with four, p95 34 against 48-87 ms; with this turn
# and four threads, 3.1-4.4 ms and p95 40-54 ms. Waiting here costs no CPU; handlers that are not
# computing (writes, cache hits) run beside it. Not on PostgreSQL: its driver fetches a result
# at once, and there taking turns only queued the requests behind each other's round trips and
# the database server's work (the same page: 124 -> 91 req/s, p95 117 -> 144 ms). Reentrant: a
# computation may ask for another cached answer.
COMPUTING = threading.RLock()


def _turn(ctx: ServiceContext) -> AbstractContextManager[Any]:
    """``COMPUTING`` on SQLite, else nothing to wait for."""
    return COMPUTING if ctx.session.get_bind().dialect.name == "sqlite" else nullcontext()


def _hit(
    ctx: ServiceContext,
    cache: ResultCache[_Entry],
    key: Hashable,
    stamp: tuple[int, int],
    day: date,
) -> _Entry | None:
    """The kept answer for ``key`` when it is of these data versions and local day, with the
    accesses its computation noted noted again; else None."""
    entry = cache.get(key)
    if entry is None or entry.versions != stamp or entry.local_day != day:
        return None
    for accessed, kind in sorted(entry.accesses):
        ctx.scope(accessed, kind=kind)
    cache.hits += 1
    return entry
