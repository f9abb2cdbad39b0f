"""The FastAPI application factory."""

from __future__ import annotations

import importlib
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import fitcoach
from fitcoach.assistant.llm import Assistant
from fitcoach.coach.warmup import warm_up
from fitcoach.core.errors import FitcoachError
from fitcoach.core.settings import Settings, get_settings
from fitcoach.ingest.bus import Bus, make_bus
from fitcoach.interfaces import web
from fitcoach.interfaces.api import auth
from fitcoach.interfaces.api.deps import error_response, open_database, validation_error
from fitcoach.interfaces.api.middleware import (
    AfterFirstResponse,
    BodyLimit,
    BodyTooLarge,
    SecurityHeaders,
)
from fitcoach.interfaces.api.routers import (
    athletes,
    coaching,
    exercises,
    facade,
    meta,
    training_log,
)
from fitcoach.interfaces.api.routers import chat as chat_routes
from fitcoach.interfaces.api.routers import consent as consent_routes
from fitcoach.interfaces.api.routers import guided as guided_routes
from fitcoach.interfaces.api.routers import reports as report_routes
from fitcoach.interfaces.api.routers import sensors as sensor_routes
from fitcoach.services import accounts

API_PREFIX = "/api/v1"
# Imported on first use by the analysis and the meal planner (``analysis.load``,
# ``analysis.readiness``, ``analysis.energy``, ``services.monitoring``, ``coach.nutrition``),
# so that the server answers without them; ``load_deferred`` imports them right after it starts.
DEFERRED_IMPORTS = ("pandas", "scipy.signal", "scipy.stats", "scipy.optimize", "scipy.sparse")
HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def create_app(settings: Settings | None = None, *, bus: Bus | None = None) -> FastAPI:
    """Build the app for ``settings`` (default: the process settings).

    ``bus`` carries the live sensor streams to the browser; without one the app makes its own
    from the settings (Redis Streams when ``redis_url`` is set; otherwise an in-process bus,
    which only sees what this process itself publishes).
    """
    settings = settings or get_settings()
    database = open_database(settings)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(warm_up)  # before a burst of requests parses it all at once
        yield
        database.dispose()

    app = FastAPI(
        title="fitcoach",
        version=fitcoach.__version__,
        description="An open-source AI personal trainer.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.session_factory = database.session_factory
    app.state.write_slots = database.write_slots  # see deps.write_gate
    app.state.bus = bus if bus is not None else make_bus(settings)
    app.state.assistant = Assistant.from_settings(settings)

    @app.exception_handler(FitcoachError)
    async def _fitcoach_error(_request: Request, exc: FitcoachError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status_code)

    # What the router itself answers (an unknown path, a method the path does not have) and
    # validation outside ``ApiRoute`` routes: the documented error shape too, not FastAPI's
    # ``{"detail": ...}``. Headers such as a 405's ``Allow`` are kept.
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (204, 304):  # no body allowed (as Starlette's own handler)
            return Response(status_code=exc.status_code, headers=exc.headers)
        code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
        details = {"max_bytes": exc.limit} if isinstance(exc, BodyTooLarge) else {}
        body = {"error": {"code": code, "message": str(exc.detail), "details": details}}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(validation_error(exc))

    app.include_router(auth.router, prefix=API_PREFIX)
    app.include_router(athletes.router, prefix=API_PREFIX)
    app.include_router(training_log.router, prefix=API_PREFIX)
    app.include_router(consent_routes.router, prefix=API_PREFIX)
    app.include_router(exercises.router, prefix=API_PREFIX)
    app.include_router(coaching.router, prefix=API_PREFIX)
    app.include_router(guided_routes.router, prefix=API_PREFIX)
    app.include_router(report_routes.router, prefix=API_PREFIX)
    app.include_router(sensor_routes.router, prefix=API_PREFIX)
    app.include_router(chat_routes.router, prefix=API_PREFIX)
    app.include_router(facade.router)
    # Once the server has answered: what the first analysis requests would otherwise wait for.
    app.add_middleware(AfterFirstResponse, then=_load_deferred_in_background)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # Added last, so outermost: even a refused body gets the security headers.
    app.add_middleware(
        BodyLimit,
        limit=settings.max_request_bytes,
        larger=[(rf"{API_PREFIX}/athletes/[^/]+/import", settings.max_import_bytes)],
    )
    app.add_middleware(SecurityHeaders, docs_paths=(app.docs_url or "", app.redoc_url or ""))
    web.mount(app)
    app.include_router(meta.router)  # /health (the landing page at / is one of the pages)
    return app


def load_deferred() -> None:
    """Import ``DEFERRED_IMPORTS`` (about a second of CPU) and make the sign-in's dummy hash, so
    that the first load, readiness or meal-plan request and the first sign-in do not wait for
    them; the app runs this in a thread of its own after its first answer."""
    for name in DEFERRED_IMPORTS:
        importlib.import_module(name)
    accounts.dummy_hash()


def _load_deferred_in_background() -> None:
    threading.Thread(target=load_deferred, name="fitcoach-load-deferred", daemon=True).start()
