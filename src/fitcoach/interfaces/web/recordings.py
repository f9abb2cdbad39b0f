"""Recordings: the athlete's sensor sessions, and one with its vitals and a zoomable waveform.

The detail page draws the vitals over the whole recording from the page's data; the waveform
chart asks the JSON API (``/api/v1/athletes/{id}/recordings/{rid}/waveform``, with the session
cookie) for the visible window whenever it is zoomed or panned, with ``max_points`` about the
chart's width, so that zooming in shows every sample and zooming out a min/max envelope.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import HTMLResponse

from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import WebDep, WebRoute
from fitcoach.services import sensors

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
RecordingId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = 20
API = "/api/v1/athletes/{athlete_id}/recordings/{recording_id}"


@router.get("/athletes/{athlete_id}/recordings")
def recordings_page(
    athlete_id: AthleteId,
    web: WebDep,
    start_text: Annotated[str, Query(alias="from", max_length=40)] = "",
    end_text: Annotated[str, Query(alias="to", max_length=40)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    """The recordings, newest first: started, duration, status, channels and alerts. A day
    that is not a date is named and both fields keep what was typed (422)."""
    athlete = web.athlete(athlete_id)
    errors = []
    days: dict[str, date | None] = {}
    for name, text in (("from", start_text), ("to", end_text)):
        try:
            days[name] = date.fromisoformat(text.strip()) if text.strip() else None
        except ValueError:
            days[name] = None
            errors.append(f"{name}: a date like 2026-11-20 (got {text!r})")
    if errors:
        web.request.state.failed = True
        response = web.page(
            "recordings.html",
            "Recordings",
            athlete,
            found=None,
            alerts={},
            start=start_text,
            end=end_text,
            page=1,
            pages=1,
            query="",
            errors=errors,
        )
        response.status_code = 422
        return response
    start, end = days["from"], days["to"]
    found = sensors.list_recordings(
        web.ctx, athlete_id, start=start, end=end, limit=PAGE_SIZE, offset=(page - 1) * PAGE_SIZE
    )
    alerts: dict[int, int] = {}
    if found.items:
        first = min(r.started_at for r in found.items).date()
        for alert in sensors.list_alerts(web.ctx, athlete_id, start=first).items:
            if alert.recording_id is not None:
                alerts[alert.recording_id] = alerts.get(alert.recording_id, 0) + 1
    pages = max(1, -(-found.total // PAGE_SIZE))
    query = "".join(
        f"&{k}={v.isoformat()}" for k, v in (("from", start), ("to", end)) if v is not None
    )
    return web.page(
        "recordings.html",
        "Recordings",
        athlete,
        found=found,
        alerts=alerts,
        start=start,
        end=end,
        page=page,
        pages=pages,
        query=query,
        errors=[],
    )


@router.get("/athletes/{athlete_id}/recordings/{recording_id}")
def recording_page(athlete_id: AthleteId, recording_id: RecordingId, web: WebDep) -> HTMLResponse:
    """A recording's summary, its vitals, a zoomable waveform and its alerts on the time axis."""
    athlete = web.athlete(athlete_id)
    detail = sensors.get_recording(web.ctx, athlete_id, recording_id)
    rows = sensors.recording_vitals(web.ctx, athlete_id, recording_id)
    begin = detail.started_at
    api = API.format(athlete_id=athlete_id, recording_id=recording_id)
    channels = [c.name for c in detail.channels if c.sample_rate_hz > 0 and c.name != "status"]
    data = {
        "api": api,
        "channels": channels,
        "duration_s": detail.duration_s,
        "vitals": {
            "t": [r.t_s for r in rows],
            "hr_bpm": [r.hr_bpm for r in rows],
            "spo2_pct": [r.spo2_pct for r in rows],
            "breathing_rate_bpm": [r.breathing_rate_bpm for r in rows],
            "etco2_mmhg": [r.etco2_mmhg for r in rows],
        },
        "alerts": [
            {
                "t": round((e.at - begin).total_seconds(), 3),
                "kind": e.kind,
                "severity": e.severity,
                "message": e.message,
            }
            for e in detail.events
        ],
    }
    return web.page(
        "recording.html",
        f"Recording {detail.key}",
        athlete,
        rec=detail,
        data=data,
        api=api,
        channels=channels,
    )
