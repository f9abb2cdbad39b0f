"""The conftest's routes built once per process (``_routes_built_once``): a later app uses the
routes the first app built for the same router, and still answers from its own database; an
app that overrides a dependency is refused rather than served by routes that cannot see it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.routing import _IncludedRouter
from fastapi.testclient import TestClient
from tests.conftest import Database

from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.app import create_app
from fitcoach.interfaces.api.deps import plain_session

NAMES = {"sqlite": "sqlite", "postgres": "postgresql"}


def _app(url: str) -> FastAPI:
    return create_app(Settings(database_url=url, _env_file=None))  # type: ignore[call-arg]


def _health_node(app: FastAPI) -> _IncludedRouter:
    """The node that routes ``/health`` (meta's router, included first)."""
    nodes = [r for r in app.router.routes if isinstance(r, _IncludedRouter)]
    return next(
        n
        for n in nodes
        if any(getattr(r, "path", "") == "/health" for r in n.original_router.routes)
    )


def _copy(template: Path, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    shutil.copyfile(template, path)
    return f"sqlite:///{path}"


def test_a_later_app_uses_the_routes_built_first_and_its_own_database(
    sqlite_template: Path, database: Database, tmp_path: Path
) -> None:
    first = _app(_copy(sqlite_template, tmp_path, "first.sqlite3"))
    second = _app(database.url)
    with TestClient(first) as a, TestClient(second) as b:
        assert a.get("/health").json()["database"] == "sqlite"
        assert b.get("/health").json()["database"] == NAMES[database.kind]
        built = _health_node(first).effective_candidates()
        assert _health_node(second).effective_candidates() is built
        assert _health_node(first) is not _health_node(second)


def test_an_app_that_overrides_a_dependency_is_refused(
    sqlite_template: Path, tmp_path: Path
) -> None:
    app = _app(_copy(sqlite_template, tmp_path, "overridden.sqlite3"))
    app.dependency_overrides[plain_session] = lambda: None
    with TestClient(app) as client, pytest.raises(AssertionError, match="overrides"):
        client.get("/health")
