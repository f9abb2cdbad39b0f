"""Weekly reports in the web (the list of weeks, each report as its own page, as an HTML file
to keep and as a PDF) and the athlete's access log: who other than the athlete opened their data.

The PDF is printed as ``fitcoach report weekly --pdf`` prints it (``reports.to_pdf``: headless
Chromium on the server); at most ``PDF_AT_ONCE`` print at a time, a request past that waits up
to ``PDF_WAIT_S`` and then is told to try again. Without Chromium the list says so and offers
the browser's own printing instead.
"""

from __future__ import annotations

import tempfile
import threading
from datetime import timedelta
from pathlib import Path as FilePath
from typing import Annotated

from fastapi import Path
from fastapi.responses import HTMLResponse, Response

from fitcoach.core.errors import ServiceUnavailable
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.reports import render_weekly, to_pdf, weekly
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import access_log, monitoring, reports

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
Week = Annotated[str, Path(min_length=6, max_length=10)]
WEEKS_LISTED = 12
PDF_AT_ONCE = 2  # Chromium processes printing at a time (each takes a core for a second or two)
PDF_WAIT_S = 30.0
_printing = threading.BoundedSemaphore(PDF_AT_ONCE)


@router.get("/athletes/{athlete_id}/reports")
def report_list(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """The last twelve complete weeks (and this week so far), newest first."""
    athlete = web.athlete(athlete_id)
    today = monitoring.local_today(web.ctx, athlete_id)
    weeks = []
    for back in range(WEEKS_LISTED + 1):
        label = reports.week_label(today - timedelta(weeks=back))
        monday, sunday = reports.parse_week(label)
        weeks.append({"label": label, "monday": monday, "sunday": sunday, "current": back == 0})
    return web.page(
        "reports.html", "Weekly reports", athlete, weeks=weeks, pdf=weekly.chromium() is not None
    )


@router.get("/athletes/{athlete_id}/reports/{week}")
def report(athlete_id: AthleteId, week: Week, web: WebDep) -> HTMLResponse:
    """One week's report: the same self-contained document the CLI writes."""
    web.athlete(athlete_id)
    return HTMLResponse(render_weekly(reports.weekly_summary(web.ctx, athlete_id, week)))


def file_name(athlete_id: int, week: str, suffix: str) -> str:
    """``report-<athlete id>-<week>.<suffix>``: the name the command line gives the file."""
    return f"report-{athlete_id}-{week}.{suffix}"


def _attachment(name: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"}


@router.get("/athletes/{athlete_id}/reports/{week}/report.html")
def report_download(athlete_id: AthleteId, week: Week, web: WebDep) -> HTMLResponse:
    """The week's report as an HTML file to keep (the same document the page shows)."""
    web.athlete(athlete_id)
    summary = reports.weekly_summary(web.ctx, athlete_id, week)
    return HTMLResponse(
        render_weekly(summary), headers=_attachment(file_name(athlete_id, summary.week, "html"))
    )


@router.get("/athletes/{athlete_id}/reports/{week}/report.pdf")
def report_pdf(athlete_id: AthleteId, week: Week, web: WebDep) -> Response:
    """The week's report printed to a PDF by headless Chromium, as the CLI's ``--pdf`` does."""
    web.athlete(athlete_id)
    summary = reports.weekly_summary(web.ctx, athlete_id, week)
    html = render_weekly(summary)
    if not _printing.acquire(timeout=PDF_WAIT_S):
        raise ServiceUnavailable("other reports are being printed; try again in a minute")
    try:
        with tempfile.TemporaryDirectory(prefix="fitcoach-web-pdf-") as tmp:
            data = to_pdf(html, FilePath(tmp) / "report.pdf").read_bytes()
    finally:
        _printing.release()
    return Response(
        data,
        media_type="application/pdf",
        headers=_attachment(file_name(athlete_id, summary.week, "pdf")),
    )


@router.get("/athletes/{athlete_id}/access-log")
def access_log_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Who other than the athlete opened the athlete's data (a coach sees only their own)."""
    athlete = web.athlete(athlete_id)
    rows = access_log.access_log(web.ctx, athlete_id, limit=200)
    return web.page("access_log.html", "Access log", athlete, rows=rows)
