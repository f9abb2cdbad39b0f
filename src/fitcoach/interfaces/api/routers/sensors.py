"""An athlete's sensor data and red flags: recordings, their vitals and waveforms, sensor
alerts, and the health flags that stop training advice. Thin over the coach services."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import Path, Query, Response
from pydantic import BaseModel, Field

from fitcoach.core.bounds import Text
from fitcoach.core.errors import NotFound
from fitcoach.interfaces.api.deps import (
    MAX_ID,
    ApiRoute,
    AthleteId,
    ContextDep,
    FromQ,
    OffsetQ,
    ToQ,
    WriteDep,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.services import health, sensors
from fitcoach.services.context import ServiceContext

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

ERRORS = error_responses(401, 403, 404, 409, 422)
CSV: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/csv": {}}, "description": "JSON, or CSV with `format=csv`."}
}

router = IndexedRouter(prefix="/athletes", tags=["sensors"], route_class=ApiRoute, responses=ERRORS)

RecordingId = Annotated[int, Path(ge=1, le=MAX_ID, description="A recording's id.")]
AlertId = Annotated[int, Path(ge=1, le=MAX_ID, description="An alert's id.")]
FlagId = Annotated[int, Path(ge=1, le=MAX_ID, description="A red flag's id.")]
LimitQ = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]
FormatQ = Annotated[
    Literal["json", "csv"], Query(alias="format", description="`json` (default) or `csv`.")
]
FromS = Annotated[
    float | None,
    Query(
        alias="from_s",
        ge=0,
        le=sensors.MAX_OFFSET_S,
        description="Seconds from the recording's start (inclusive).",
    ),
]
ToS = Annotated[
    float | None,
    Query(
        alias="to_s",
        ge=0,
        le=sensors.MAX_OFFSET_S,
        description="Seconds from the recording's start (exclusive).",
    ),
]


class FlagIn(BaseModel):
    """A red flag to raise (see `health.raise_flag`)."""

    kind: Text = Field(
        min_length=1, max_length=80, description="A red-flag kind, e.g. `chest_pain`."
    )
    source: Text = Field(default="athlete", max_length=40, description="Who reports it.")
    value: float | None = Field(
        default=None, allow_inf_nan=False, description="The reading, where the kind needs one."
    )
    note: Text = Field(default="", max_length=health.NOTE_MAX)


class RecordingSessionIn(BaseModel):
    """What the athlete says a recording was (see `sensors.log_recording_as_session`)."""

    activity_type: Text = Field(
        min_length=1,
        max_length=40,
        description=f"What the session was, e.g. {', '.join(sensors.SESSION_ACTIVITIES)}.",
    )
    session_rpe: float | None = Field(
        default=None, ge=0, le=10, allow_inf_nan=False, description="How hard it felt, 0–10."
    )
    notes: Text = Field(default="", max_length=1000)


class FlagResolveIn(BaseModel):
    """Why a red flag is resolved (stored with it; see `health.clear_flag`)."""

    reason: str = Field(
        min_length=1,
        max_length=health.REASON_MAX,
        pattern=r"^[^\x00]*$",
        description="E.g. 'seen by my GP, cleared to train' (at least 3 characters).",
    )


def _csv(text: str, filename: str) -> Response:
    return Response(
        content=text,
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _flag(ctx: ServiceContext, athlete_id: int, flag_id: int) -> health.FlagOut:
    for flag in health.list_flags(ctx, athlete_id, include_cleared=True):
        if flag.id == flag_id:
            return flag
    raise NotFound(f"flag {flag_id} not found")


@router.get("/{athlete_id}/recordings", response_model=sensors.RecordingPage)
def list_recordings(
    athlete_id: AthleteId,
    ctx: ContextDep,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = DEFAULT_LIMIT,
    offset: OffsetQ = 0,
) -> sensors.RecordingPage:
    """Page through the athlete's sensor recordings, newest first, with their channels."""
    return sensors.list_recordings(
        ctx, athlete_id, start=start, end=end, limit=limit, offset=offset
    )


@router.get("/{athlete_id}/recordings/{recording_id}", response_model=sensors.RecordingDetail)
def get_recording(
    athlete_id: AthleteId, recording_id: RecordingId, ctx: ContextDep
) -> sensors.RecordingDetail:
    """One recording: channels, a summary of its vitals and its events."""
    return sensors.get_recording(ctx, athlete_id, recording_id)


@router.post(
    "/{athlete_id}/recordings/{recording_id}/session",
    response_model=sensors.RecordingSession,
    status_code=201,
)
def log_recording_as_session(
    athlete_id: AthleteId,
    recording_id: RecordingId,
    body: RecordingSessionIn,
    ctx: ContextDep,
    _write: WriteDep,
) -> sensors.RecordingSession:
    """Log an ended recording as a cardio session in the training log (a recording stays out
    of it until asked). Asking again answers the stored session (`created` false); `409` while
    the recording has not ended."""
    return sensors.log_recording_as_session(
        ctx,
        athlete_id,
        recording_id,
        activity_type=body.activity_type,
        session_rpe=body.session_rpe,
        notes=body.notes,
    )


@router.get(
    "/{athlete_id}/recordings/{recording_id}/vitals",
    response_model=list[sensors.VitalRow],
    responses=CSV,
)
def recording_vitals(
    athlete_id: AthleteId,
    recording_id: RecordingId,
    ctx: ContextDep,
    start_s: FromS = None,
    end_s: ToS = None,
    fmt: FormatQ = "json",
) -> Any:
    """The recording's vitals once a second, oldest first (`format=csv` for a download)."""
    rows = sensors.recording_vitals(ctx, athlete_id, recording_id, start_s=start_s, end_s=end_s)
    if fmt == "csv":
        return _csv(sensors.vitals_csv(rows), f"recording-{recording_id}-vitals.csv")
    return rows


@router.get(
    "/{athlete_id}/recordings/{recording_id}/waveform",
    response_model=sensors.WaveformView,
    responses=CSV,
)
def recording_waveform(
    athlete_id: AthleteId,
    recording_id: RecordingId,
    ctx: ContextDep,
    channel: Annotated[
        Text, Query(max_length=40, description="ecg, ppg_red, ppg_ir, co2, co2_ambient, status.")
    ] = "ecg",
    start_s: FromS = None,
    end_s: ToS = None,
    max_points: Annotated[
        int,
        Query(
            ge=sensors.MIN_POINTS,
            le=sensors.MAX_POINTS,
            description="More samples than this are decimated by min/max per bucket.",
        ),
    ] = sensors.DEFAULT_MAX_POINTS,
    fmt: FormatQ = "json",
) -> Any:
    """A slice of one channel's raw waveform, in seconds from the recording's first sample."""
    view = sensors.waveform(
        ctx,
        athlete_id,
        recording_id,
        channel,
        start_s=start_s,
        end_s=end_s,
        max_points=max_points,
    )
    if fmt == "csv":
        name = f"recording-{recording_id}-{view.channel}.csv"
        return _csv(sensors.waveform_csv(view), name)
    return view


@router.get("/{athlete_id}/alerts", response_model=sensors.AlertPage)
def list_alerts(
    athlete_id: AthleteId,
    ctx: ContextDep,
    open_only: Annotated[bool, Query(alias="open", description="Only uncleared alerts.")] = False,
    severity: Annotated[
        Text | None, Query(max_length=16, description="info, warning or critical.")
    ] = None,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = DEFAULT_LIMIT,
    offset: OffsetQ = 0,
) -> sensors.AlertPage:
    """Page through the athlete's sensor alerts and device events, newest first."""
    return sensors.list_alerts(
        ctx,
        athlete_id,
        open_only=open_only,
        severity=severity,
        start=start,
        end=end,
        limit=limit,
        offset=offset,
    )


@router.post("/{athlete_id}/alerts/{alert_id}/clear", response_model=sensors.AlertView)
def clear_alert(
    athlete_id: AthleteId, alert_id: AlertId, ctx: ContextDep, _write: WriteDep
) -> sensors.AlertView:
    """Mark an alert dealt with; `409` when it is already cleared."""
    return sensors.clear_alert(ctx, athlete_id, alert_id)


@router.get("/{athlete_id}/flags", response_model=list[health.FlagOut])
def list_flags(
    athlete_id: AthleteId,
    ctx: ContextDep,
    include_cleared: Annotated[bool, Query(description="Cleared flags too.")] = False,
) -> list[health.FlagOut]:
    """The athlete's red flags, oldest first: the open ones (or all)."""
    return health.list_flags(ctx, athlete_id, include_cleared=include_cleared)


@router.post("/{athlete_id}/flags", response_model=health.FlagOut, status_code=201)
def raise_flag(
    athlete_id: AthleteId, body: FlagIn, ctx: ContextDep, _write: WriteDep
) -> health.FlagOut:
    """Record a red flag; while it is open every plan is blocked."""
    flag_id = health.raise_flag(
        ctx, athlete_id, body.kind, source=body.source, value=body.value, note=body.note
    )
    return _flag(ctx, athlete_id, flag_id)


@router.post("/{athlete_id}/flags/{flag_id}/clear", response_model=health.FlagOut)
def clear_flag(
    athlete_id: AthleteId, flag_id: FlagId, body: FlagResolveIn, ctx: ContextDep, _write: WriteDep
) -> health.FlagOut:
    """Resolve a flag with a stated reason, after a professional's check (the athlete, a
    linked coach or an admin); the resolver and the reason are stored, and audited."""
    return health.clear_flag(ctx, athlete_id, flag_id, body.reason)
