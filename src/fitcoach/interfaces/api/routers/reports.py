"""An athlete's weekly report: the self-contained HTML document, or its data as JSON."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import Path, Query
from fastapi.encoders import jsonable_encoder
from fastapi.responses import HTMLResponse, JSONResponse, Response

from fitcoach.interfaces.api.deps import ApiRoute, AthleteId, ContextDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.interfaces.reports import render_weekly
from fitcoach.services import reports

ERRORS = error_responses(401, 403, 404, 422)

router = IndexedRouter(prefix="/athletes", tags=["reports"], route_class=ApiRoute, responses=ERRORS)

Week = Annotated[
    str, Path(min_length=6, max_length=10, description="ISO week, YYYY-Www (e.g. 2026-W46).")
]


# No ``response_class=HTMLResponse``: FastAPI documents every answer of a route, the JSON
# error answers too, in the route class's media type.
@router.get(
    "/{athlete_id}/reports/weekly/{week}",
    responses={
        200: {
            # The model documents the JSON form (and puts its schema among the components).
            "model": reports.WeeklySummary,
            "content": {"text/html": {"schema": {"type": "string"}}},
            "description": "The report as HTML, or its data with `?format=json`.",
        }
    },
)
def weekly_report(
    athlete_id: AthleteId,
    week: Week,
    ctx: ContextDep,
    format: Annotated[
        Literal["html", "json"], Query(description="`html` (default) or `json`.")
    ] = "html",
) -> Response:
    """The weekly report: this week against the last, planned against done, load, readiness,
    vitals and recommendations with reasons. Read only."""
    summary = reports.weekly_summary(ctx, athlete_id, week)
    if format == "json":
        return JSONResponse(jsonable_encoder(summary))
    return HTMLResponse(render_weekly(summary))
