"""The FastAPI app: health, the home page and the error shape."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from tests.factories import log_weeks, make_athlete

import fitcoach
from fitcoach.core.errors import Conflict, FitcoachError, InvalidInput, NotFound
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.services.context import ServiceContext


def _app(url: str) -> FastAPI:
    return create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]


@pytest.fixture
def client(database: Any) -> Iterator[TestClient]:
    with TestClient(_app(database.url)) as c:
        yield c


def test_health_reports_ok_and_the_dialect(client: TestClient, database: Any) -> None:
    response = client.get("/health")
    assert response.status_code == 200
    expected = {"sqlite": "sqlite", "postgres": "postgresql"}[database.kind]
    assert response.json() == {
        "status": "ok",
        "version": fitcoach.__version__,
        "database": expected,
        "chat": None,  # the suite's chat runs on the rules alone (FITCOACH_INTENT_MODEL=rules)
    }


def _counts(html: str) -> dict[str, int]:
    return {k: int(v) for k, v in re.findall(r"<tr><td>([^<]+)</td><td>(\d+)</td></tr>", html)}


def test_home_lists_what_the_installation_holds(client: TestClient, ctx: ServiceContext) -> None:
    before = _counts(client.get("/").text)
    assert before["athletes"] == 0
    assert before["exercises in the library"] > 0
    athlete = make_athlete(ctx)
    log_weeks(ctx, athlete.id, datetime(2026, 10, 1, 18, tzinfo=UTC), 2)
    ctx.session.commit()
    response = client.get("/")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    after = _counts(response.text)
    assert after["athletes"] == 1
    assert after["strength sessions"] == 4
    assert after["sets logged"] == 12
    assert after["exercises in the library"] == before["exercises in the library"]
    assert after["meals"] == 0


@pytest.mark.parametrize(
    "error",
    [
        NotFound("athlete 7 not found"),
        InvalidInput("sets.0.reps: must be >= 0", details={"errors": ["sets.0.reps"]}),
        Conflict("already stored"),
    ],
    ids=lambda e: e.code,
)
def test_a_fitcoach_error_becomes_the_documented_json(tmp_path: Path, error: FitcoachError) -> None:
    def boom() -> None:
        raise error

    app = _app(f"sqlite:///{tmp_path / 'unused.sqlite3'}")  # the route needs no tables
    app.add_api_route("/test-boom", boom)
    with TestClient(app) as client:
        response = client.get("/test-boom")
    assert response.status_code == error.status_code
    assert response.json() == {
        "error": {"code": error.code, "message": error.message, "details": error.details}
    }


def test_unreachable_database_is_a_503_in_the_documented_shape(unused_port: int) -> None:
    url = f"postgresql+psycopg://nobody@127.0.0.1:{unused_port}/nothing?connect_timeout=2"
    with TestClient(_app(url), raise_server_exceptions=False) as c:
        response = c.get("/health")
    assert response.status_code == 503
    body = response.json()
    assert body["error"]["code"] == "service_unavailable"
    assert "database" in body["error"]["message"]
    assert "nobody" not in body["error"]["message"]  # no connection details leak


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_router_answers_are_in_the_documented_shape(client: TestClient) -> None:
    """An unknown path (404) and a method the path lacks (405, with ``Allow``) answer in the
    error shape too, not FastAPI's ``{"detail": ...}`` (found by the schemathesis run)."""
    missing = client.get("/api/v1/no-such-thing")
    assert missing.status_code == 404
    assert missing.json() == {"error": {"code": "not_found", "message": "Not Found", "details": {}}}
    wrong = client.request("TRACE", "/health")
    assert wrong.status_code == 405
    assert wrong.json()["error"]["code"] == "method_not_allowed"
    assert set(wrong.json()["error"]) == {"code", "message", "details"}
    assert "GET" in wrong.headers["allow"]
