"""The FastAPI application factory."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from html import escape

import anyio
from fastapi import Depends, FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse
from sqlalchemy import func, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException as StarletteHTTPException

import fitcoach
from fitcoach.assistant.llm import Assistant
from fitcoach.coach.warmup import warm_up
from fitcoach.core.errors import FitcoachError, ServiceUnavailable
from fitcoach.core.logging import get_logger
from fitcoach.core.settings import Settings, get_settings
from fitcoach.ingest.bus import Bus, make_bus
from fitcoach.interfaces import web
from fitcoach.interfaces.api import auth
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.deps import error_response, validation_error
from fitcoach.interfaces.api.middleware import BodyLimit, BodyTooLarge, SecurityHeaders
from fitcoach.interfaces.api.routers import athletes, coaching, exercises, facade, records
from fitcoach.interfaces.api.routers import chat as chat_routes
from fitcoach.interfaces.api.routers import consent as consent_routes
from fitcoach.interfaces.api.routers import guided as guided_routes
from fitcoach.interfaces.api.routers import reports as report_routes
from fitcoach.interfaces.api.routers import sensors as sensor_routes
from fitcoach.interfaces.api.schemas import HealthOut
from fitcoach.storage.db import make_engine, make_session_factory
from fitcoach.storage.models import (
    Athlete,
    CardioSession,
    DailyMetric,
    Exercise,
    Meal,
    SetLog,
    SleepSession,
    WorkoutSession,
)

log = get_logger("api")
API_PREFIX = "/api/v1"
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
    # A request holds its connection across several worker-thread hops (dependencies, the
    # endpoint, the commit). With fewer connections than the 40 worker threads, threads
    # waiting for a connection can starve the requests that hold one: a stall until the pool
    # times out. 50 connections at most (10 kept) cover every thread.
    url = settings.sqlalchemy_url
    in_memory = url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") == "sqlite:")
    pool = {} if in_memory else {"pool_size": 10, "max_overflow": 40}  # one shared connection
    engine = make_engine(url, pool_pre_ping=True, **pool)
    factory = make_session_factory(engine)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        await anyio.to_thread.run_sync(warm_up)  # before a burst of requests parses it all at once
        yield
        engine.dispose()

    app = FastAPI(
        title="fitcoach",
        version=fitcoach.__version__,
        description="An open-source AI personal trainer.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.session_factory = factory
    # SQLite has one writer at a time; PostgreSQL locks rows, so writers of different
    # athletes go on together (see deps.write_gate).
    app.state.write_slots = 1 if engine.dialect.name == "sqlite" else 8
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
    app.include_router(records.router, prefix=API_PREFIX)
    app.include_router(consent_routes.router, prefix=API_PREFIX)
    app.include_router(exercises.router, prefix=API_PREFIX)
    app.include_router(coaching.router, prefix=API_PREFIX)
    app.include_router(guided_routes.router, prefix=API_PREFIX)
    app.include_router(report_routes.router, prefix=API_PREFIX)
    app.include_router(sensor_routes.router, prefix=API_PREFIX)
    app.include_router(chat_routes.router, prefix=API_PREFIX)
    app.include_router(facade.router)
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    # Added last, so outermost: even a refused body gets the security headers.
    app.add_middleware(
        BodyLimit,
        limit=settings.max_request_bytes,
        larger=[(rf"{API_PREFIX}/athletes/[^/]+/import", settings.max_import_bytes)],
    )
    app.add_middleware(SecurityHeaders, docs_paths=(app.docs_url or "", app.redoc_url or ""))
    web.mount(app)

    def db() -> Iterator[Session]:
        with factory() as session:
            yield session

    @app.get("/health", tags=["meta"], response_model=HealthOut)
    def health(session: Session = Depends(db)) -> HealthOut:
        """Liveness and database reachability."""
        try:
            session.execute(text("SELECT 1"))
        except SQLAlchemyError:
            log.warning("health_database_unreachable", dialect=engine.dialect.name)
            raise ServiceUnavailable("the database is not reachable") from None
        return HealthOut(status="ok", version=fitcoach.__version__, database=engine.dialect.name)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, session: Session = Depends(db)) -> Response:
        """What this installation holds, for a person opening it in a browser; a client that
        asks for JSON only (the original design's health message) gets that instead."""
        accept = request.headers.get("accept", "")
        if "application/json" in accept and "text/html" not in accept:
            return JSONResponse({"message": "fitcoach is running", "status": "ok"})
        if web_session.session_secret(request):
            return RedirectResponse("/app", status_code=303)
        counts = {
            label: session.execute(select(func.count()).select_from(model)).scalar_one()
            for label, model in [
                ("athletes", Athlete),
                ("exercises in the library", Exercise),
                ("strength sessions", WorkoutSession),
                ("sets logged", SetLog),
                ("cardio sessions", CardioSession),
                ("days of metrics", DailyMetric),
                ("nights of sleep", SleepSession),
                ("meals", Meal),
            ]
        }
        rows = "".join(f"<tr><td>{escape(k)}</td><td>{v}</td></tr>" for k, v in counts.items())
        return HTMLResponse(f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>fitcoach</title>
<style>body{{font-family:system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}}
td{{padding:.2rem 1rem .2rem 0}}</style></head><body>
<h1>fitcoach {escape(fitcoach.__version__)}</h1>
<p>An open-source AI personal trainer. This installation holds:</p><table>{rows}</table>
<p><a href="/login"><strong>Sign in to the dashboard</strong></a>. The command line
(<code>fitcoach --help</code>) logs training, reads history and records, and exports or imports
data. <a href="/health">/health</a> reports status; <a href="/docs">/docs</a> lists the API.</p>
</body></html>""")

    return app
