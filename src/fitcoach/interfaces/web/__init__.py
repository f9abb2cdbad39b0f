"""The web dashboard: server-rendered pages over the coach services, on the API's app.

``mount(app)`` adds the pages, the static files and the vendored-at-install chart library
(plotly.js, shipped inside the ``plotly`` Python package; nothing is copied into this
repository and nothing has to be built).
"""

from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import FileResponse, Response
from fastapi.staticfiles import StaticFiles

HERE = Path(__file__).parent
VENDOR_CACHE = "public, max-age=604800, immutable"


def plotly_js() -> Path:
    """plotly.min.js as the ``plotly`` package ships it."""
    import plotly

    return Path(plotly.__file__).parent / "package_data" / "plotly.min.js"


def mount(app: FastAPI) -> None:
    """Add the web pages and their static files to ``app``."""
    from fitcoach.interfaces.web import admin, live, pages, recordings, reports
    from fitcoach.interfaces.web import chat as chat_pages
    from fitcoach.interfaces.web import plan as plan_pages
    from fitcoach.interfaces.web import privacy as privacy_pages
    from fitcoach.interfaces.web import telegram as telegram_pages
    from fitcoach.interfaces.web import workout as workout_pages

    for module in (pages, live, recordings, admin, plan_pages, workout_pages, reports, chat_pages):
        app.include_router(module.router)
    app.include_router(telegram_pages.router)
    app.include_router(privacy_pages.router)

    script = plotly_js()

    @app.get("/static/vendor/plotly.min.js", include_in_schema=False)
    def plotly_min_js() -> Response:
        return FileResponse(
            script, media_type="text/javascript", headers={"Cache-Control": VENDOR_CACHE}
        )

    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
