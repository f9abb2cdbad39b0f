"""``IndexedRouter``: routers skipped by one expression answer exactly as FastAPI's matching."""

from __future__ import annotations

from fastapi import APIRouter, FastAPI
from fastapi.testclient import TestClient
from starlette.routing import Match, Mount
from starlette.staticfiles import StaticFiles
from starlette.types import Scope

from fitcoach.interfaces.api.routing import IndexedRouter, path_index


def _app() -> FastAPI:
    things = IndexedRouter(prefix="/things")
    other = IndexedRouter(prefix="/athletes")

    @things.get("/{thing_id}")
    def thing(thing_id: int) -> dict[str, int]:
        return {"thing": thing_id}

    @other.get("/{athlete_id}/readiness")
    def readiness(athlete_id: int) -> dict[str, int]:
        return {"readiness": athlete_id}

    @other.post("/{athlete_id}/plan")
    def plan(athlete_id: int) -> dict[str, int]:
        return {"plan": athlete_id}

    app = FastAPI()
    app.include_router(things, prefix="/api/v1")
    app.include_router(other, prefix="/api/v1")
    return app


def test_a_late_router_answers_and_earlier_ones_are_skipped(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    tried: list[str] = []
    matches = APIRouter.matches

    def spy(self: APIRouter, scope: Scope) -> tuple[Match, Scope]:
        tried.append(self.prefix)  # FastAPI's own matching, route by route
        return matches(self, scope)

    monkeypatch.setattr(APIRouter, "matches", spy)
    client = TestClient(_app())
    assert client.get("/api/v1/athletes/7/readiness").json() == {"readiness": 7}
    assert "/things" not in tried  # its expression ruled it out without trying its routes
    assert "/athletes" in tried
    tried.clear()
    assert client.get("/api/v1/things/3").json() == {"thing": 3}
    assert "/athletes" not in tried


def test_unknown_paths_wrong_methods_and_bad_parameters_answer_as_before() -> None:
    client = TestClient(_app())
    assert client.get("/api/v1/athletes/7/nothing").status_code == 404
    wrong = client.get("/api/v1/athletes/7/plan")
    assert wrong.status_code == 405
    assert wrong.headers["allow"] == "POST"
    assert client.get("/api/v1/things/not-a-number").status_code == 422
    assert client.post("/api/v1/athletes/7/plan").json() == {"plan": 7}


def test_under_a_root_path() -> None:
    client = TestClient(_app(), root_path="/coach")
    assert client.get("/coach/api/v1/athletes/2/readiness").json() == {"readiness": 2}


def test_the_index_follows_routes_added_later() -> None:
    router = IndexedRouter()
    assert router.path_index() is None  # no routes: nothing to say

    @router.get("/a")
    def a() -> None:
        return None

    first = router.path_index()
    assert first is not None
    assert first.search("/a")
    assert not first.search("/b")

    @router.get("/b")
    def b() -> None:
        return None

    second = router.path_index()
    assert second is not None
    assert second.search("/b")


def test_a_router_holding_a_mount_is_not_indexed(tmp_path) -> None:  # type: ignore[no-untyped-def]
    router = IndexedRouter()

    @router.get("/page")
    def page() -> None:
        return None

    router.routes.append(Mount("/files", app=StaticFiles(directory=tmp_path)))
    assert path_index(router.routes) is None
    assert router.path_index() is None
