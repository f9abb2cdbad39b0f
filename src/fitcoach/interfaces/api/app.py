"""The FastAPI application factory."""

from __future__ import annotations

import gc
import importlib
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import anyio
import anyio.to_thread
from fastapi import FastAPI, Request, Response
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

import fitcoach
from fitcoach.assistant.llm import Assistant
from fitcoach.coach.warmup import warm_up
from fitcoach.core.errors import FitcoachError
from fitcoach.core.logging import configure_logging
from fitcoach.core.settings import Settings, get_settings
from fitcoach.ingest.bus import Bus, make_bus
from fitcoach.interfaces import web
from fitcoach.interfaces.api import auth
from fitcoach.interfaces.api import warm_models as warm_models_module
from fitcoach.interfaces.api.deps import error_response, open_database, validation_error
from fitcoach.interfaces.api.middleware import (
    AfterFirstResponse,
    BodyLimit,
    BodyTooLarge,
    GZipWhenAccepted,
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
from fitcoach.interfaces.api.routers import imports as import_routes
from fitcoach.interfaces.api.routers import measurements as measurement_routes
from fitcoach.interfaces.api.routers import own_exercises as own_exercise_routes
from fitcoach.interfaces.api.routers import reports as report_routes
from fitcoach.interfaces.api.routers import sensors as sensor_routes
from fitcoach.services import accounts
from fitcoach.services.form_check import OVERDUE_GRACE_S
from fitcoach.services.form_jobs import FormCheckPool, sweep_stale_uploads

API_PREFIX = "/api/v1"
FORM_CHECK_PATH = rf"{API_PREFIX}/athletes/[^/]+/workout/sets/[^/]+/form"
# Device files and app exports uploaded: the API's and the web page's (routers/imports.py).
FILE_IMPORT_PATH = rf"{API_PREFIX}/athletes/[^/]+/imports|/athletes/[^/]+/import"
# A photo of a meal: the API's and the web page's (routers/coaching.py, web/nutrition.py).
FOOD_PHOTO_PATH = rf"{API_PREFIX}/athletes/[^/]+/meals/photo|/athletes/[^/]+/meals/photo"
# Imported on first use by the dashboard's load report (``services.monitoring``), the meal
# planner (``coach.nutrition``) and the signal analysis of the live and recording pages, so that
# the server answers without them; ``load_deferred`` imports them right after it starts, in the
# order the pages a person opens first need them.
DEFERRED_IMPORTS = ("pandas", "scipy.optimize", "scipy.sparse", "scipy.signal")
# The same for the burnout risk on the dashboard (its model and SHAP reasons: several seconds of
# CPU, the first dashboard's largest part), where the ``ml`` extra is installed.
DEFERRED_ML_IMPORTS = ("sklearn.ensemble", "sklearn.linear_model", "shap")
HTTP_ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    408: "request_timeout",
    413: "payload_too_large",
    415: "unsupported_media_type",
}


def create_app(
    settings: Settings | None = None,
    *,
    bus: Bus | None = None,
    freeze_gc: bool = False,
    warm_models: bool = False,
) -> FastAPI:
    """Build the app for ``settings`` (default: the process settings).

    ``bus`` carries the live sensor streams to the browser; without one the app makes its own
    from the settings (Redis Streams when ``redis_url`` is set; otherwise an in-process bus,
    which only sees what this process itself publishes).

    At start-up the app sets how many worker threads run its synchronous handlers
    (``settings.api_threads``). With ``freeze_gc`` it also moves every object that start-up
    leaves (modules, routes, caches) out of the garbage collector's reach (``gc.freeze``), and
    again once the deferred imports have loaded: otherwise every full collection walks those
    few hundred thousand objects, a pause of a few hundred milliseconds every few seconds
    under load. That is for a process the server owns (``fitcoach serve``): frozen objects
    that later become cyclic garbage are never collected, so tests and apps embedded in a
    longer-lived process leave it off.

    With ``warm_models`` (``fitcoach serve``) the models it answers with (food photos, the
    chat's intent fallback, form checks) load in a thread of their own once it has started
    (``warm_models.start``): the first photo is then as fast as the next, and neither the
    health check nor the first request waits for them.
    """
    settings = settings or get_settings()
    database = open_database(settings)
    # The form checks this process analyses at once, in threads of their own (routers/guided).
    form_checks = FormCheckPool(settings.form_check_workers)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = settings.api_threads
        await anyio.to_thread.run_sync(warm_up)  # before a burst of requests parses it all at once
        # Videos a server that died left behind, past the time any check of theirs could run.
        await anyio.to_thread.run_sync(
            sweep_stale_uploads, settings.form_check_timeout_s + OVERDUE_GRACE_S
        )
        if freeze_gc:
            gc.freeze()
            gc.enable()  # `fitcoach serve` starts with the collector off (cli.serve)
        if warm_models:
            _app.state.model_warmup = warm_models_module.start(
                settings, _app.state.assistant.intents
            )
        yield
        # Background work that writes (``serve --simulate``'s board and its workers) stops and
        # stores what it holds first, while the database is still open; then the rest closes.
        if (demo := getattr(_app.state, "live_demo", None)) is not None:
            await anyio.to_thread.run_sync(demo.stop)
        form_checks.close()
        database.dispose()

    app = FastAPI(
        title="fitcoach",
        version=fitcoach.__version__,
        description="An open-source AI personal trainer.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.session_factory = database.session_factory
    app.state.loop_engine = database.loop_engine  # quick reads on the loop (fast_path._on_loop)
    app.state.write_slots = database.write_slots  # see deps.write_gate
    app.state.bus = bus if bus is not None else make_bus(settings)
    app.state.assistant = Assistant.from_settings(settings)
    app.state.form_checks = form_checks

    @app.exception_handler(FitcoachError)
    async def _fitcoach_error(_request: Request, exc: FitcoachError) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status_code)

    # What the router itself answers (an unknown path, a method the path does not have) and
    # validation outside ``ApiRoute`` routes: the documented error shape too, not FastAPI's
    # ``{"detail": ...}``. Headers such as a 405's ``Allow`` are kept.
    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        if exc.status_code in (204, 304):  # no body allowed (as Starlette's own handler)
            return Response(status_code=exc.status_code, headers=exc.headers)
        if exc.status_code in (408, 413):
            words = exc.words if isinstance(exc, BodyTooLarge) else str(exc.detail)
            page = web.refusal_page(request.scope, exc.status_code, words)
            if page is not None:
                page.headers.update(exc.headers or {})
                return page
        code = HTTP_ERROR_CODES.get(exc.status_code, "http_error")
        details = {"max_bytes": exc.limit} if isinstance(exc, BodyTooLarge) else {}
        body = {"error": {"code": code, "message": str(exc.detail), "details": details}}
        return JSONResponse(body, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _invalid_request(_request: Request, exc: RequestValidationError) -> JSONResponse:
        return error_response(validation_error(exc))

    # First: a health check (probes, load balancers) is matched before the hundred routes
    # below are tried against it.
    app.include_router(meta.router)  # /health (the landing page at / is one of the pages)
    app.include_router(auth.router, prefix=API_PREFIX)
    app.include_router(athletes.router, prefix=API_PREFIX)
    app.include_router(training_log.router, prefix=API_PREFIX)
    app.include_router(measurement_routes.router, prefix=API_PREFIX)
    app.include_router(consent_routes.router, prefix=API_PREFIX)
    app.include_router(exercises.router, prefix=API_PREFIX)
    app.include_router(own_exercise_routes.router, prefix=API_PREFIX)
    app.include_router(coaching.router, prefix=API_PREFIX)
    app.include_router(guided_routes.router, prefix=API_PREFIX)
    app.include_router(report_routes.router, prefix=API_PREFIX)
    app.include_router(sensor_routes.router, prefix=API_PREFIX)
    app.include_router(import_routes.router, prefix=API_PREFIX)
    app.include_router(chat_routes.router, prefix=API_PREFIX)
    app.include_router(facade.router)
    # Once the server has answered: what the first analysis requests would otherwise wait for.
    app.add_middleware(AfterFirstResponse, then=_deferred_loader(freeze_gc=freeze_gc))
    app.add_middleware(GZipWhenAccepted, minimum_size=1024)
    # Added last, so outermost: even a refused body gets the security headers.
    app.add_middleware(
        BodyLimit,
        limit=settings.max_request_bytes,
        larger=[
            # An export document is read whole: what one imported file may be.
            (
                rf"{API_PREFIX}/athletes/[^/]+/import",
                min(settings.max_import_bytes, settings.import_max_file_bytes),
            ),
            (FILE_IMPORT_PATH, settings.max_import_bytes),
            # A filmed set: the largest video the form check takes, in its multipart envelope.
            (FORM_CHECK_PATH, settings.form_check_body_limit),
            # A phone's photo of a meal, the same way.
            (FOOD_PHOTO_PATH, settings.food_photo_body_limit),
        ],
        hints={
            FORM_CHECK_PATH: f"a form check takes a video of at most "
            f"{settings.form_check_max_bytes / 1_000_000:.0f} MB; film only the set, at 720p "
            "or 1080p",
            FILE_IMPORT_PATH: f"an upload takes at most "
            f"{settings.max_import_bytes / 2**20:.0f} MiB of files; send them in several "
            "uploads, or import a larger export with `fitcoach import` on the server",
            FOOD_PHOTO_PATH: f"a photo of a meal may be at most "
            f"{settings.food_photo_max_bytes / 2**20:.0f} MB; send a smaller picture",
        },
        idle_timeout_s=settings.body_idle_timeout_s,
        timeout_s=settings.body_timeout_s,
        page=web.refusal_page,
    )
    app.add_middleware(SecurityHeaders, docs_paths=(app.docs_url or "", app.redoc_url or ""))
    web.mount(app)
    return app


def app_from_environment() -> FastAPI:
    """The app of one ``fitcoach serve --workers N`` process (uvicorn's factory): the settings
    from the environment, logging configured as the command line does, ``gc.freeze`` on."""
    settings = get_settings()
    configure_logging(settings.log_level, json=settings.log_json)
    return create_app(settings, freeze_gc=True, warm_models=True)


def load_deferred(*, freeze_gc: bool = False) -> None:
    """Import ``DEFERRED_IMPORTS`` (about a second of CPU), make the sign-in's dummy hash and
    import ``DEFERRED_ML_IMPORTS`` where they are installed, so that the first sign-in,
    dashboard or meal-plan request does not wait for them; the app runs this in a thread of its
    own after its first answer. ``freeze_gc``: freeze what they left (see ``create_app``);
    requests in flight then may leave a few objects frozen too, once."""
    for name in DEFERRED_IMPORTS:
        importlib.import_module(name)
    accounts.dummy_hash()
    for name in DEFERRED_ML_IMPORTS:
        try:
            importlib.import_module(name)
        except ImportError:  # no ml extra: the risk says it is unavailable, nothing to load
            break
    if freeze_gc:
        gc.freeze()


def _deferred_loader(*, freeze_gc: bool) -> Callable[[], None]:
    def start() -> None:
        threading.Thread(
            target=load_deferred,
            kwargs={"freeze_gc": freeze_gc},
            name="fitcoach-load-deferred",
            daemon=True,
        ).start()

    return start
