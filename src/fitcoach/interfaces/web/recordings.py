"""Recordings: the athlete's sensor sessions, and one with its vitals and a zoomable waveform.

The detail page draws the vitals over the whole recording from the page's data; the waveform
chart asks the JSON API (``/api/v1/athletes/{id}/recordings/{rid}/waveform``, with the session
cookie) for the visible window whenever it is zoomed or panned, with ``max_points`` about the
chart's width, so that zooming in shows every sample and zooming out a min/max envelope.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date
from typing import Annotated

from fastapi import Path, Query
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from fitcoach.coach import wording
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.interfaces.api.deps import MAX_ID
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.web.render import Web, WebDep, WebRoute
from fitcoach.services import sensors

router = IndexedRouter(route_class=WebRoute, include_in_schema=False)

AthleteId = Annotated[int, Path(ge=1, le=MAX_ID)]
RecordingId = Annotated[int, Path(ge=1, le=MAX_ID)]
PAGE_SIZE = 20
API = "/api/v1/athletes/{athlete_id}/recordings/{recording_id}"
# The sensor channels as a person names them (the storage keeps codes: ``ppg_red``). The list
# names the devices (the oximeter's two lights are one device); the waveform's menu each light.
DEVICE_WORDS = {
    "ecg": "ECG",
    "ppg_red": "pulse oximeter",
    "ppg_ir": "pulse oximeter",
    "co2": "CO2",
    "co2_ambient": "room CO2",
}
WAVE_WORDS = {
    "ecg": "ECG",
    "ppg_red": "Pulse oximeter (red light)",
    "ppg_ir": "Pulse oximeter (infrared)",
    "co2": "CO2 (breath)",
    "co2_ambient": "CO2 (room)",
}


def device_words(channels: list[sensors.ChannelView]) -> str:
    """What recorded, in words and once each: ``ECG, pulse oximeter, CO2`` (the device's
    status channel is no sensor and stays out)."""
    names = (
        DEVICE_WORDS.get(c.name, c.name.replace("_", " ")) for c in channels if c.name != "status"
    )
    return ", ".join(dict.fromkeys(names))


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
        device_words=device_words,
    )


@router.get("/athletes/{athlete_id}/recordings/{recording_id}")
def recording_page(athlete_id: AthleteId, recording_id: RecordingId, web: WebDep) -> HTMLResponse:
    """A recording's summary, its vitals, a zoomable waveform and its alerts on the time axis."""
    return _recording_page(web, athlete_id, recording_id)


def _recording_page(
    web: Web,
    athlete_id: int,
    recording_id: int,
    *,
    session_form: dict[str, str] | None = None,
    session_errors: Sequence[str] = (),
    status: int = 200,
) -> HTMLResponse:
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
    began = detail.started_at
    began = (began if began.tzinfo else began.replace(tzinfo=UTC)).astimezone(
        zone_named(athlete.timezone)
    )
    response = web.page(
        "recording.html",
        f"Recording · {wording.day_text(began.date())}, {began:%H:%M}",
        athlete,
        rec=detail,
        data=data,
        api=api,
        channels=[(c, WAVE_WORDS.get(c, c.replace("_", " "))) for c in channels],
        devices=device_words(detail.channels),
        activities=sensors.SESSION_ACTIVITIES,
        session_form=session_form or {},
        session_errors=list(session_errors),
        logged_now=web.request.query_params.get("done") == "logged",
    )
    response.status_code = status
    if status >= 400:
        web.request.state.failed = True
    return response


@router.post("/athletes/{athlete_id}/recordings/{recording_id}/session")
async def log_as_session(athlete_id: AthleteId, recording_id: RecordingId, web: WebDep) -> Response:
    """Log the recording as a cardio session, because the athlete says it was one (it stays
    out of the training log otherwise). A bad field or a recording still running shows the
    page again with the reason (422, 409)."""
    data = await web.request.form()
    web.check_csrf(str(data.get("csrf_token", "")))
    form = {k: str(data.get(k, "")).strip() for k in ("activity_type", "session_rpe")}
    web.athlete(athlete_id)
    try:
        rpe_text = form["session_rpe"]
        try:
            rpe = float(rpe_text) if rpe_text else None
        except ValueError:
            raise InvalidInput(f"how hard: a number from 0 to 10 (got {rpe_text!r})") from None
        if rpe is not None and not 0 <= rpe <= 10:
            raise InvalidInput(f"how hard: a number from 0 to 10 (got {rpe_text!r})")
        if form["activity_type"] not in sensors.SESSION_ACTIVITIES:
            raise InvalidInput("what it was: choose one of the activities offered")
        sensors.log_recording_as_session(
            web.ctx, athlete_id, recording_id, activity_type=form["activity_type"], session_rpe=rpe
        )
    except (InvalidInput, Conflict) as exc:
        status = 409 if isinstance(exc, Conflict) else 422
        return _recording_page(
            web,
            athlete_id,
            recording_id,
            session_form=form,
            session_errors=[exc.message],
            status=status,
        )
    url = f"/athletes/{athlete_id}/recordings/{recording_id}?done=logged#session"
    return RedirectResponse(url, status_code=303)
