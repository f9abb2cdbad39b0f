"""Outside ``/api/v1``: the health check and the landing page a browser opens first."""

from __future__ import annotations

from html import escape
from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse

import fitcoach
from fitcoach.core.errors import ServiceUnavailable
from fitcoach.core.logging import get_logger
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api.deps import plain_session
from fitcoach.interfaces.api.schemas import HealthOut
from fitcoach.services import installation
from fitcoach.storage.db import Session

log = get_logger("api")

router = APIRouter()

# Both routes only read: a session that commits nothing, outside the write gate.
ReadSession = Annotated[Session, Depends(plain_session)]


@router.get("/health", tags=["meta"], response_model=HealthOut)
def health(session: ReadSession) -> HealthOut:
    """Liveness and database reachability."""
    database = installation.database_name(session)
    if not installation.database_answers(session):
        log.warning("health_database_unreachable", dialect=database)
        raise ServiceUnavailable("the database is not reachable")
    return HealthOut(status="ok", version=fitcoach.__version__, database=database)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: ReadSession) -> Response:
    """What this installation holds, for a person opening it in a browser; a client that
    asks for JSON only (the original design's health message) gets that instead."""
    accept = request.headers.get("accept", "")
    if "application/json" in accept and "text/html" not in accept:
        return JSONResponse({"message": "fitcoach is running", "status": "ok"})
    if web_session.session_secret(request):
        return RedirectResponse("/app", status_code=303)
    counts = installation.holdings(session)
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
