"""How much of the app runs at once: the handler threads (``api_threads``), the write slots
that stay below them, and what runs on threads of its own: the writes after a response and a
chat answer that waits on a language model."""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import anyio
import anyio.to_thread
import pytest
from fastapi.testclient import TestClient
from tests.interfaces.test_api_auth import api_for

from fitcoach.assistant.registry import ToolContext
from fitcoach.assistant.reply import Reply, Turn
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api import sessions
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.deps import open_database


def _settings(url: str, **values: Any) -> Settings:
    return Settings(database_url=url, _env_file=None, **values)  # type: ignore[call-arg]


def test_the_default_is_a_few_threads() -> None:
    assert Settings(_env_file=None).api_threads == 4  # type: ignore[call-arg]


def test_start_up_sets_the_handler_threads(database: Any) -> None:
    app = create_app(_settings(database.url, api_threads=3))
    with TestClient(app) as client:
        assert client.get("/health").status_code == 200
        tokens = client.portal.call(  # type: ignore[union-attr]
            lambda: anyio.to_thread.current_default_thread_limiter().total_tokens
        )
    assert tokens == 3


def test_no_more_handlers_run_at_once_than_threads(tmp_path: Path) -> None:
    limit = 2
    app = create_app(_settings(f"sqlite:///{tmp_path / 'app.db'}", api_threads=limit))
    lock = threading.Lock()
    more_than_limit = threading.Event()
    active = peak = 0

    def probe() -> dict[str, int]:
        # Holds its thread until more than ``limit`` handlers are in, or briefly: unlimited,
        # the six requests would all be in here together.
        nonlocal active, peak
        with lock:
            active += 1
            peak = max(peak, active)
            if active > limit:
                more_than_limit.set()
        more_than_limit.wait(timeout=0.3)
        with lock:
            active -= 1
        return {"peak": peak}

    app.add_api_route("/test/probe", probe)
    with TestClient(app) as client, ThreadPoolExecutor(6) as pool:
        statuses = list(pool.map(lambda _: client.get("/test/probe").status_code, range(6)))
    assert statuses == [200] * 6
    assert peak == limit


@pytest.mark.parametrize(
    ("threads", "postgres_slots"), [(1, 1), (2, 1), (3, 2), (4, 3), (9, 8), (40, 8)]
)
def test_fewer_writers_than_threads(database: Any, threads: int, postgres_slots: int) -> None:
    db = open_database(_settings(database.url, api_threads=threads))
    try:
        assert db.write_slots == (1 if database.kind == "sqlite" else postgres_slots)
    finally:
        db.dispose()


def test_writes_after_a_response_do_not_wait_for_a_handler_thread() -> None:
    """On SQLite such a write can wait for the write lock; on the handlers' threads a few of
    them would hold every thread while the request that holds the lock needs one to commit."""
    done: list[str] = []

    async def main() -> None:
        limiter = anyio.to_thread.current_default_thread_limiter()
        limiter.total_tokens = 1
        release = threading.Event()
        async with anyio.create_task_group() as tg:
            tg.start_soon(anyio.to_thread.run_sync, release.wait)  # the only handler thread
            while limiter.borrowed_tokens < 1:
                await anyio.sleep(0.01)
            try:
                with anyio.fail_after(30):  # a hang guard: it would wait for release forever
                    await sessions.after_response(done.append, "written")()
            finally:
                release.set()

    anyio.run(main)
    assert done == ["written"]


class _SlowAssistant:
    """A language model that takes its time: it answers once released."""

    def __init__(self) -> None:
        self.entered = threading.Event()
        self.release = threading.Event()
        self.answered = threading.Event()

    def _wait(self) -> Reply:
        self.entered.set()
        self.release.wait(timeout=10)
        self.answered.set()
        return Reply(text="Noted.", intent="smalltalk", source="offline")

    def reply(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Reply:
        return self._wait()

    def stream(
        self, tctx: ToolContext, text: str, *, history: Sequence[Turn] = (), memory: str = ""
    ) -> Iterator[str | Reply]:
        yield "Noted"
        yield self._wait()


@pytest.mark.parametrize("tail", ["", "/stream"])
def test_a_slow_chat_answer_leaves_the_handler_threads_free(
    database: Any, clock: FixedClock, tail: str
) -> None:
    with api_for(database, clock) as api:
        athlete, token = api.athlete()
        slow = _SlowAssistant()
        api.client.app.state.assistant = slow  # type: ignore[attr-defined]
        api.client.portal.call(  # type: ignore[union-attr]
            lambda: setattr(anyio.to_thread.current_default_thread_limiter(), "total_tokens", 1)
        )
        url = f"/api/v1/athletes/{athlete.id}/chat{tail}"
        with ThreadPoolExecutor(1) as pool:
            chat = pool.submit(api.client.post, url, json={"text": "hello"}, headers=token)
            try:
                assert slow.entered.wait(timeout=30)
                # Needs the only handler thread while the answer is still being phrased (and
                # writes nothing: the test client would wait for a write after the response,
                # which on SQLite waits for the chat's transaction).
                assert api.client.get("/health").status_code == 200
                assert not slow.answered.is_set()
            finally:
                slow.release.set()
            answered = chat.result(timeout=60)
        assert answered.status_code == 200
        assert "Noted" in answered.text
