"""``ApiRoute`` documents the models of its extra ``responses`` (the error shape) with one shared
response field per model: the OpenAPI document is what FastAPI's own route writes."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute
from pydantic import BaseModel

from fitcoach.interfaces.api.deps import ApiRoute
from fitcoach.interfaces.api.schemas import ErrorOut, error_responses


class Thing(BaseModel):
    name: str


class Other(BaseModel):
    count: int


def _router(route_class: type[APIRoute]) -> APIRouter:
    router = APIRouter(route_class=route_class, responses=error_responses(401, 404))

    @router.get("/things/{thing_id}", response_model=Thing, responses=error_responses(409))
    def thing(thing_id: int) -> Any:
        return {"name": str(thing_id)}

    @router.post(
        "/things",
        status_code=201,
        response_model=Thing,
        responses={
            202: {"model": Other, "description": "Queued."},
            404: {"description": "Not here."},  # no model: nothing to share
            "4XX": {"model": ErrorOut},
        },
    )
    def make(body: Thing) -> Any:
        return body

    return router


def _app(route_class: type[APIRoute]) -> FastAPI:
    app = FastAPI()
    app.include_router(_router(route_class), prefix="/api")
    return app


def test_the_openapi_document_is_fastapis_own() -> None:
    assert _app(ApiRoute).openapi() == _app(APIRoute).openapi()


def test_routes_share_one_field_per_documented_model() -> None:
    routes = [r for r in _router(ApiRoute).routes if isinstance(r, ApiRoute)]
    get, post = sorted(routes, key=lambda r: r.path + ",".join(sorted(r.methods)))
    assert get.methods == {"GET"}
    assert list(get.response_fields) == [401, 404, 409]
    assert get.response_fields[401] is get.response_fields[409] is post.response_fields["4XX"]
    assert set(post.response_fields) == {401, 202, "4XX"}
    assert post.response_fields[202] is not post.response_fields[401]
    assert post.responses[202] == {"model": Other, "description": "Queued."}
