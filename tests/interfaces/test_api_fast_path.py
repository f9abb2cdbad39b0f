"""The FastAPI internals the fast path (``interfaces.api.fast_path``) relies on are still
there and still behave as it assumes; the installed FastAPI is in the range pyproject.toml
pins. Each check fails loudly, naming what changed, so that a FastAPI upgrade is a decision
(move the pin with this file passing) and never a silent slowdown or a broken error shape."""

from __future__ import annotations

import inspect
import threading
import tomllib
from pathlib import Path
from typing import Annotated, Any

import fastapi
import pytest
from fastapi import Depends, FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from packaging.requirements import Requirement
from packaging.version import Version
from pydantic import BaseModel

from fitcoach.interfaces.api import fast_path
from fitcoach.interfaces.api.fast_path import FastRoute, one_hop

PYPROJECT = Path(__file__).resolve().parents[2] / "pyproject.toml"


class Problem(BaseModel):
    detail: str


class Answer(BaseModel):
    value: int


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "not found"},
    422: {"model": Problem, "description": "bad input"},
}


def _check() -> int:
    return 1


def _needs_check(n: Annotated[int, Depends(_check)]) -> Answer:
    return Answer(value=n)


def _pinned() -> Requirement:
    deps = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))["project"]["dependencies"]
    [fastapi_pin] = [Requirement(d) for d in deps if Requirement(d).name == "fastapi"]
    return fastapi_pin


def test_the_installed_fastapi_is_the_pinned_range() -> None:
    pin = _pinned()
    assert Version(fastapi.__version__) in pin.specifier, (
        f"FastAPI {fastapi.__version__} is installed but pyproject.toml pins {pin.specifier}: "
        "run this file against it before moving the pin (interfaces/api/fast_path.py)"
    )
    # One minor release: the internals below are not FastAPI's public API.
    bounds = {s.operator: Version(s.version) for s in pin.specifier}
    assert set(bounds) == {">=", "<"}
    assert (bounds["<"].major, bounds["<"].minor) == (bounds[">="].major, bounds[">="].minor + 1)


def test_apiroute_builds_response_fields_from_the_responses_models() -> None:
    """``FastRoute`` replaces ``APIRoute.response_fields`` (status -> field) after
    ``APIRoute.__init__`` built it from each ``responses`` item with a ``model``."""

    def endpoint() -> Answer:
        return Answer(value=1)

    route = APIRoute("/x", endpoint, responses=ERRORS, response_model=Answer)
    assert set(route.response_fields) == {404, 422}, "APIRoute.response_fields changed shape"
    assert route.response_fields[404].field_info.annotation is Problem
    # Without ``model`` an item gets no field: what FastRoute passes it.
    bare = APIRoute("/x", endpoint, responses={404: {"description": "not found"}})
    assert bare.response_fields == {}


def test_the_helpers_it_calls_keep_their_signatures() -> None:
    from fastapi.utils import create_model_field, is_body_allowed_for_status_code

    params = inspect.signature(create_model_field).parameters
    assert {"name", "type_", "mode"} <= set(params), "fastapi.utils.create_model_field changed"
    field = create_model_field(name="Response_Problem", type_=Problem, mode="serialization")
    assert field.field_info.annotation is Problem
    assert is_body_allowed_for_status_code(404)
    assert not is_body_allowed_for_status_code(204)


def test_dependencies_are_found_through_dependant_call() -> None:
    """``deps.ApiRoute`` finds a credential check among a route's dependencies by
    ``dependant.dependencies[i].call`` (``_needs``)."""

    route = APIRoute("/x", _needs_check)
    assert [d.call for d in route.dependant.dependencies] == [_check]


def _app(route_class: type[APIRoute]) -> FastAPI:
    app = FastAPI()
    app.router.route_class = route_class

    @app.get("/a/{n}", response_model=Answer, responses=ERRORS)
    def a(n: int) -> Answer:
        return Answer(value=n)

    @app.post("/b", responses={**ERRORS, 409: {"description": "conflict"}})
    def b(body: Answer) -> Answer:
        return body

    return app


def test_shared_response_fields_give_the_same_openapi_document() -> None:
    """The shared fields are only for the OpenAPI document: it must be FastAPI's own."""
    assert _app(FastRoute).openapi() == _app(APIRoute).openapi()
    shared = [r.response_fields[404] for r in _app(FastRoute).routes if isinstance(r, FastRoute)]
    assert len(shared) == 2
    assert shared[0] is shared[1]  # one field for the model, not one per route


def test_a_sync_endpoint_runs_in_one_worker_thread_and_answers_as_before() -> None:
    """``one_hop`` makes a plain function a coroutine: FastAPI must await a coroutine
    endpoint on the event loop (``run_endpoint_function``), not send it to a thread."""
    from fastapi.routing import run_endpoint_function

    assert "is_coroutine" in inspect.signature(run_endpoint_function).parameters
    seen: list[int] = []

    def endpoint(n: int) -> Answer:
        seen.append(threading.get_ident())
        return Answer(value=n)

    wrapped = one_hop(endpoint)
    assert inspect.iscoroutinefunction(wrapped)
    assert inspect.signature(wrapped) == inspect.signature(endpoint)  # FastAPI reads its params
    app = FastAPI()
    app.router.route_class = FastRoute
    app.get("/n/{n}", response_model=Answer)(endpoint)
    loop_seen: list[int] = []

    @app.middleware("http")
    async def on_loop(request: Any, call_next: Any) -> Any:
        loop_seen.append(threading.get_ident())
        return await call_next(request)

    with TestClient(app) as client:
        answer = client.get("/n/7")
        assert (answer.status_code, answer.json()) == (200, {"value": 7})
        assert client.get("/n/x").status_code == 422  # FastAPI's own validation still runs
    assert len(seen) == 1  # once
    assert seen[0] != loop_seen[0]  # in a worker thread


@pytest.mark.parametrize("name", ["one_hop", "quick_read", "FastRoute", "LOOP_ENGINE"])
def test_the_fast_path_is_one_module(name: str) -> None:
    """What ``deps`` re-exports is the fast path's own object, not a second copy."""
    from fitcoach.interfaces.api import deps

    assert getattr(fast_path, name) is not None
    if hasattr(deps, name):
        assert getattr(deps, name) is getattr(fast_path, name)
