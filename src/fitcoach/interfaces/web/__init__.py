"""The web dashboard: server-rendered pages over the coach services, on the API's app.

``mount(app)`` adds the pages, the static files, the web app manifest and favicon (so the
dashboard installs on a phone's home screen) and the chart library, plotly.js. It comes from
the npm package ``plotly.js-basic-dist-min`` (the basic bundle: scatter, bar and pie, every
chart the pages draw, 1.2 MB where the full bundle is 4.8 MB) at the version
``package-lock.json`` pins: ``make setup`` runs ``npm ci`` and copies ``plotly-basic.min.js`` to
``static/vendor/`` (gitignored), so no third-party source is committed and nothing is built.
Static files are cached by browsers as ``assets`` says (a year for a URL of the current
version).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.responses import FileResponse, Response
from starlette.datastructures import Headers
from starlette.types import Scope

from fitcoach.core.errors import ServiceUnavailable
from fitcoach.core.logging import get_logger
from fitcoach.interfaces.web.assets import VersionedStaticFiles, cache_control

HERE = Path(__file__).parent
DAY_CACHE = "public, max-age=86400"
MANIFEST = HERE / "static" / "manifest.webmanifest"
FAVICON = HERE / "static" / "icons" / "fitcoach-192.png"
PLOTLY_JS = HERE / "static" / "vendor" / "plotly-basic.min.js"
PLOTLY_MISSING = (
    f"plotly.js is not installed at {PLOTLY_JS}; run `make setup` (it runs `npm ci` and copies "
    "node_modules/plotly.js-basic-dist-min/plotly-basic.min.js there)"
)

log = get_logger("web")


def wants_page(scope: Scope) -> bool:
    """Whether an error for this request is best answered with a page: a browser's request
    (it accepts HTML) for anything but the API and the Telegram webhook."""
    path = str(scope.get("path", ""))
    if path.startswith(("/api/", "/telegram/")):
        return False
    return "text/html" in Headers(scope=scope).get("accept", "")


def refusal_page(scope: Scope, status: int, message: str) -> Response | None:
    """The error page for a browser's page whose request the server's edge refused (a body
    too large, or too slow to arrive); None for the API and other clients, which get the error
    shape. A browser shows the page, never the JSON."""
    if not wants_page(scope):
        return None
    from fitcoach.interfaces.web.render import error_page

    sentence = message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
    return error_page(Request(scope), status, sentence)


def mount(app: FastAPI) -> None:
    """Add the web pages and their static files to ``app``."""
    from fitcoach.interfaces.web import account as account_pages
    from fitcoach.interfaces.web import admin, live, pages, recordings, reports
    from fitcoach.interfaces.web import chat as chat_pages
    from fitcoach.interfaces.web import imports as import_pages
    from fitcoach.interfaces.web import meals as meal_pages
    from fitcoach.interfaces.web import measurements as measurement_pages
    from fitcoach.interfaces.web import nutrition as nutrition_pages
    from fitcoach.interfaces.web import own_exercises as own_exercise_pages
    from fitcoach.interfaces.web import plan as plan_pages
    from fitcoach.interfaces.web import privacy as privacy_pages
    from fitcoach.interfaces.web import profile as profile_pages
    from fitcoach.interfaces.web import telegram as telegram_pages
    from fitcoach.interfaces.web import training_log as training_log_pages
    from fitcoach.interfaces.web import workout as workout_pages

    for module in (pages, live, recordings, admin, plan_pages, workout_pages, reports, chat_pages):
        app.include_router(module.router)
    app.include_router(telegram_pages.router)
    app.include_router(privacy_pages.router)
    app.include_router(nutrition_pages.router)
    app.include_router(nutrition_pages.uploads)
    app.include_router(meal_pages.router)
    app.include_router(measurement_pages.router)
    app.include_router(own_exercise_pages.router)
    app.include_router(profile_pages.router)
    app.include_router(account_pages.router)
    app.include_router(import_pages.router)
    app.include_router(import_pages.uploads)
    app.include_router(training_log_pages.router)
    from fitcoach.interfaces.web import onboarding, signup

    app.include_router(signup.router)
    app.include_router(onboarding.router)

    if not PLOTLY_JS.is_file():  # the pages still work; their charts stay empty
        log.warning("plotly_js_missing", hint=PLOTLY_MISSING)

    @app.get("/static/vendor/plotly-basic.min.js", include_in_schema=False)
    def plotly_js(request: Request) -> Response:
        if not PLOTLY_JS.is_file():
            raise ServiceUnavailable(PLOTLY_MISSING)
        return FileResponse(
            PLOTLY_JS,
            media_type="text/javascript",
            headers={"Cache-Control": cache_control(request.scope.get("query_string", b""))},
        )

    @app.get("/manifest.webmanifest", include_in_schema=False)
    def manifest() -> Response:
        """The web app manifest (at the root, so that its scope is the whole site)."""
        return FileResponse(
            MANIFEST, media_type="application/manifest+json", headers={"Cache-Control": DAY_CACHE}
        )

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        """For browsers that ask for it before reading the page's icon links."""
        return FileResponse(FAVICON, media_type="image/png", headers={"Cache-Control": DAY_CACHE})

    app.mount("/static", VersionedStaticFiles(directory=HERE / "static"), name="static")
