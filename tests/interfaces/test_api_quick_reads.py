"""Quick reads on the event loop (``deps.quick_read``, ``storage.inline``): a cached answer
without a worker thread; whatever could keep the loop from other requests (computing on a
cache miss, a statement that may write, a lock wait) moves the read to a worker thread, rolled
back first; the loop's one connection is never held across an ``await`` and never waited
for."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from fastapi import Response
from sqlalchemy import text
from sqlalchemy.engine import Connection, Engine
from tests.interfaces.test_api_auth import Api, api_for

from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api import deps
from fitcoach.interfaces.api.deps import ApiRoute, ContextDep, quick_read
from fitcoach.services import monitoring, results


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _loop_thread(api: Api) -> int:
    portal = api.client.portal
    assert portal is not None
    ident: int = portal.call(threading.get_ident)  # type: ignore[arg-type]
    return ident


def _loop_engine(api: Api) -> Engine:
    engine = api.client.app.state.loop_engine  # type: ignore[attr-defined]
    assert isinstance(engine, Engine)
    return engine


def _where(api: Api, threads: list[int]) -> list[str]:
    loop = _loop_thread(api)
    return ["loop" if ident == loop else "worker" for ident in threads]


@pytest.fixture
def readiness_threads(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads ``monitoring.readiness_json`` ran in, in order."""
    threads: list[int] = []
    original = monitoring.readiness_json

    def recorded(*args: Any, **kwargs: Any) -> bytes:
        threads.append(threading.get_ident())
        return original(*args, **kwargs)

    monkeypatch.setattr(monitoring, "readiness_json", recorded)
    return threads


def test_a_cached_answer_comes_from_the_event_loop_and_a_miss_from_a_worker(
    api: Api, readiness_threads: list[int]
) -> None:
    athlete, headers = api.athlete()
    path = f"/api/v1/athletes/{athlete.id}/readiness"

    misses = results.CACHE.misses
    first = api.client.get(path, headers=headers)
    assert first.status_code == 200, first.text
    # Tried on the loop, found nothing cached, computed in a worker thread: one miss.
    assert _where(api, readiness_threads) == ["loop", "worker"]
    assert results.CACHE.misses == misses + 1

    readiness_threads.clear()
    again = api.client.get(path, headers=headers)
    assert again.status_code == 200
    assert again.json() == first.json()
    assert _where(api, readiness_threads) == ["loop"]

    # A write raises the athlete's data version: the next read computes again, in a worker.
    logged = api.client.post(
        f"/api/v1/athletes/{athlete.id}/daily",
        json={"day": api.clock.now().date().isoformat(), "sleep_s": 4 * 3600, "energy": 1},
        headers=headers,
    )
    assert logged.status_code in (200, 201), logged.text
    readiness_threads.clear()
    after = api.client.get(path, headers=headers)
    assert after.status_code == 200
    assert _where(api, readiness_threads) == ["loop", "worker"]
    assert _loop_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_quick_read_that_would_write_runs_again_in_a_worker(api: Api) -> None:
    """The statement is refused on the loop before it is sent (``inline.loop_engine``), and
    the read runs again, rolled back, in a worker thread, where it writes and commits."""
    athlete, headers = api.athlete()
    threads: list[int] = []

    def touching(ctx: ContextDep) -> Response:
        threads.append(threading.get_ident())
        ctx.session.execute(
            text("UPDATE athletes SET name = :name WHERE id = :id"),
            {"name": "Renamed in a GET", "id": athlete.id},
        )
        return Response(b"done")

    api.client.app.router.add_api_route(  # type: ignore[attr-defined]
        "/test/quick-write", quick_read(touching), route_class_override=ApiRoute
    )
    response = api.client.get("/test/quick-write", headers=headers)
    assert response.status_code == 200, response.text
    assert _where(api, threads) == ["loop", "worker"]
    name = api.ctx.session.execute(
        text("SELECT name FROM athletes WHERE id = :id"), {"id": athlete.id}
    ).scalar_one()
    assert name == "Renamed in a GET"
    assert _loop_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]


def test_a_quick_read_that_fails_gives_the_loops_connection_back(api: Api) -> None:
    athlete, headers = api.athlete()
    other, _ = api.athlete()
    for _ in range(3):  # each would find the loop's one connection taken if it were kept
        hidden = api.client.get(f"/api/v1/athletes/{other.id}", headers=headers)
        assert hidden.status_code == 404
        assert _loop_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]
    mine = api.client.get(f"/api/v1/athletes/{athlete.id}", headers=headers)
    assert mine.status_code == 200
    assert mine.json()["id"] == athlete.id


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
def test_the_loop_does_not_wait_for_the_handlers_connections(
    api: Api, readiness_threads: list[int]
) -> None:
    """Every pooled connection of the handlers taken (by requests that, in a real server,
    wait for the loop to go on): a cached read still answers, on the loop's own connection.
    On the handlers' pool it would wait for them, and they for the loop. (SQLite: the pool's
    50 connections are files, not server slots.)"""
    athlete, headers = api.athlete()
    path = f"/api/v1/athletes/{athlete.id}/readiness"
    first = api.client.get(path, headers=headers)
    assert first.status_code == 200
    engine = api.client.app.state.session_factory.kw["bind"]  # type: ignore[attr-defined]
    limits = deps.handler_pool(Settings(_env_file=None).api_threads)  # type: ignore[call-arg]
    every = limits["pool_size"] + limits["max_overflow"]
    held: list[Connection] = [engine.connect() for _ in range(every)]
    try:
        assert engine.pool.checkedout() == every
        readiness_threads.clear()
        again = api.client.get(path, headers=headers)
        assert again.status_code == 200
        assert again.json() == first.json()
        assert _where(api, readiness_threads) == ["loop"]
    finally:
        for connection in held:
            connection.close()


@pytest.mark.parametrize(
    "database", [pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_read_waiting_for_a_lock_leaves_the_loop_free(
    api: Api, database: Any, readiness_threads: list[int]
) -> None:
    """A table lock (a migration's) makes the loop's read give up after ``LOCK_WAIT_S`` and
    wait in a worker thread instead; the loop answers other requests meanwhile."""
    athlete, headers = api.athlete()
    path = f"/api/v1/athletes/{athlete.id}/readiness"
    first = api.client.get(path, headers=headers)
    assert first.status_code == 200
    readiness_threads.clear()
    locker = database.engine.connect()
    pool = ThreadPoolExecutor(2)
    try:
        locker.execute(text("LOCK TABLE athletes IN ACCESS EXCLUSIVE MODE"))
        read = pool.submit(api.client.get, path, headers=headers)
        deadline = time.monotonic() + 10
        while len(readiness_threads) < 2 and time.monotonic() < deadline:
            time.sleep(0.01)  # until it gave up on the loop and moved to a worker thread
        assert len(readiness_threads) == 2
        # Were the loop waiting for the lock, this would too (and fail after 10 s).
        health = pool.submit(api.client.get, "/health").result(timeout=10)
        assert health.status_code == 200
        assert not read.done()  # the worker still waits for the lock
        locker.rollback()
        answered = read.result(timeout=30)
    finally:
        locker.rollback()  # before waiting for the requests: they may wait for the lock
        locker.close()
        pool.shutdown(wait=True)
    assert answered.status_code == 200
    assert answered.json() == first.json()
    assert _where(api, readiness_threads) == ["loop", "worker"]
