"""The request's session (``deps.current_context``, a plain dependency) is ended by its route
(``ApiRoute``, ``deps.end_request_session``) whatever the request did: a read gives its
connection back, a write commits, a write that failed (an expected error or any exception)
stores nothing, and a refused credential holds no connection; a route of another class cannot
take the session at all (nothing would end it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import APIRouter, FastAPI, Response
from sqlalchemy import text
from sqlalchemy.engine import Engine
from tests.interfaces.test_api_auth import Api, api_for

from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import Conflict
from fitcoach.interfaces.api.deps import ApiRoute, ContextDep, WriteDep


@pytest.fixture
def api(database: Any, clock: FixedClock) -> Iterator[Api]:
    with api_for(database, clock) as value:
        yield value


def _handlers_engine(api: Api) -> Engine:
    app: FastAPI = api.client.app  # type: ignore[assignment]
    engine = app.state.session_factory.kw["bind"]
    assert isinstance(engine, Engine)
    return engine


def _name(api: Api, athlete_id: int) -> str:
    api.ctx.session.rollback()  # a new snapshot: what the requests committed
    name: str = api.ctx.session.execute(
        text("SELECT name FROM athletes WHERE id = :id"), {"id": athlete_id}
    ).scalar_one()
    return name


def _renaming(api: Api, path: str, then: BaseException | None) -> None:
    """A write route at ``path`` that renames the athlete of its path, then raises ``then``."""

    def rename(athlete_id: int, ctx: ContextDep, _write: WriteDep) -> Response:
        ctx.session.execute(
            text("UPDATE athletes SET name = :name WHERE id = :id"),
            {"name": f"Renamed by {path}", "id": athlete_id},
        )
        if then is not None:
            raise then
        return Response(b"renamed")

    app: FastAPI = api.client.app  # type: ignore[assignment]
    app.router.add_api_route(
        path + "/{athlete_id}", rename, methods=["POST"], route_class_override=ApiRoute
    )


def test_a_write_commits_and_a_failed_one_stores_nothing(api: Api) -> None:
    athlete, headers = api.athlete()
    before = _name(api, athlete.id)
    _renaming(api, "/test/rename", None)
    _renaming(api, "/test/rename-then-conflict", Conflict("refused after writing"))
    _renaming(api, "/test/rename-then-crash", RuntimeError("a bug after writing"))

    refused = api.client.post(f"/test/rename-then-conflict/{athlete.id}", headers=headers)
    assert refused.status_code == 409, refused.text
    assert _name(api, athlete.id) == before
    with pytest.raises(RuntimeError, match="a bug after writing"):
        api.client.post(f"/test/rename-then-crash/{athlete.id}", headers=headers)
    assert _name(api, athlete.id) == before
    assert _handlers_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]

    done = api.client.post(f"/test/rename/{athlete.id}", headers=headers)
    assert done.status_code == 200, done.text
    assert _name(api, athlete.id) == "Renamed by /test/rename"
    assert _handlers_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]


def test_reads_and_refusals_give_their_connections_back(api: Api) -> None:
    athlete, headers = api.athlete()
    other, _ = api.athlete()
    engine = _handlers_engine(api)
    cases = [
        (f"/api/v1/athletes/{athlete.id}/workouts?limit=5", headers, 200),
        (f"/api/v1/athletes/{athlete.id}/load", headers, 200),
        (f"/api/v1/athletes/{other.id}/load", headers, 404),  # another athlete's
        (f"/api/v1/athletes/{athlete.id}/load?from=1900-01-01", headers, 422),
        (f"/api/v1/athletes/{athlete.id}/load", {"Authorization": "Bearer nope"}, 401),
    ]
    for _ in range(3):  # more than the pool would lend if any were kept
        for path, sent, status in cases:
            answer = api.client.get(path, headers=sent)
            assert answer.status_code == status, (path, answer.text)
            assert engine.pool.checkedout() == 0, path  # type: ignore[attr-defined]


def test_only_an_api_route_takes_the_request_session(api: Api) -> None:
    athlete, headers = api.athlete()
    router = APIRouter()  # FastAPI's own route class: nothing would end the session

    @router.get("/test/plain/{athlete_id}")
    def plain(athlete_id: int, ctx: ContextDep) -> dict[str, int]:
        return {"id": athlete_id}

    app: FastAPI = api.client.app  # type: ignore[assignment]
    app.include_router(router)
    with pytest.raises(RuntimeError, match="ApiRoute"):
        api.client.get(f"/test/plain/{athlete.id}", headers=headers)
    assert _handlers_engine(api).pool.checkedout() == 0  # type: ignore[attr-defined]
