"""Weekly reports in the web (the list of weeks, each report as its own page) and the
athlete's access log: who other than the athlete opened their data."""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Path
from fastapi.responses import HTMLResponse

from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.reports import render_weekly
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import access_log, monitoring, reports

router = APIRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
Week = Annotated[str, Path(min_length=6, max_length=10)]
WEEKS_LISTED = 12


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
    return web.page("reports.html", "Weekly reports", athlete, weeks=weeks)


@router.get("/athletes/{athlete_id}/reports/{week}")
def report(athlete_id: AthleteId, week: Week, web: WebDep) -> HTMLResponse:
    """One week's report: the same self-contained document the CLI writes."""
    web.athlete(athlete_id)
    return HTMLResponse(render_weekly(reports.weekly_summary(web.ctx, athlete_id, week)))


@router.get("/athletes/{athlete_id}/access-log")
def access_log_page(athlete_id: AthleteId, web: WebDep) -> HTMLResponse:
    """Who other than the athlete opened the athlete's data (a coach sees only their own)."""
    athlete = web.athlete(athlete_id)
    rows = access_log.access_log(web.ctx, athlete_id, limit=200)
    return web.page("access_log.html", "Access log", athlete, rows=rows)
