"""Athletes: list, profile, delete, export and import."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Body, Query, Request, Response

from fitcoach.coach.schemas import AthleteOut, ProfileFields, ProfileOut
from fitcoach.interfaces.api.deps import (
    ApiRoute,
    AthleteId,
    ContextDep,
    OffsetQ,
    WriteDep,
    WriteTurnsDep,
    quick_read,
    takes_write_turns,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import (
    DeletionOut,
    ExportOut,
    ImportOut,
    KindCountOut,
    error_responses,
)
from fitcoach.interfaces.api.uploads import limits_of
from fitcoach.services import access_log, athletes, imports, plans, portability
from fitcoach.services.access_log import AccessEntryOut

ERRORS = error_responses(401, 403, 404, 422)

router = IndexedRouter(
    prefix="/athletes", tags=["athletes"], route_class=ApiRoute, responses=ERRORS
)


@router.get("", response_model=list[AthleteOut])
def list_athletes(ctx: ContextDep) -> list[AthleteOut]:
    """The athletes the token's account may see (itself, linked athletes, or all for an admin)."""
    return athletes.list_athletes(ctx)


@router.get("/{athlete_id}", response_model=AthleteOut)
@quick_read
def get_athlete(athlete_id: AthleteId, ctx: ContextDep) -> AthleteOut:
    """One athlete with profile."""
    return athletes.get_athlete(ctx, athlete_id)


@router.get("/{athlete_id}/access-log", response_model=list[AccessEntryOut])
def get_access_log(
    athlete_id: AthleteId,
    ctx: ContextDep,
    offset: OffsetQ = 0,
    limit: Annotated[int, Query(ge=1, le=access_log.MAX_LIMIT)] = 100,
) -> list[AccessEntryOut]:
    """Who other than the athlete opened the athlete's data: one entry per viewer, kind of
    data and minute, newest first. The athlete and admins see every entry; a linked coach
    sees only their own."""
    return access_log.access_log(ctx, athlete_id, limit=limit, offset=offset)


@router.patch("/{athlete_id}", response_model=ProfileOut)
def update_profile(
    athlete_id: AthleteId, changes: ProfileFields, ctx: ContextDep, _write: WriteDep
) -> ProfileOut:
    """Change profile fields; fields not sent keep their value. When a change to injuries,
    conditions, equipment, level or birth date makes the plan in force unsafe, the plan made
    safe is proposed (see the plan's versions); the sessions served follow the new profile at
    once either way."""
    out = athletes.update_profile(ctx, athlete_id, changes)
    plans.propose_for_profile(
        ctx, athlete_id, changes.model_fields_set, proposed_by=plans.proposer_for(ctx)
    )
    return out


@router.delete(
    "/{athlete_id}", response_model=DeletionOut, responses=error_responses(401, 403, 404, 503)
)
def delete_athlete(
    athlete_id: AthleteId, ctx: ContextDep, _write: WriteDep, request: Request
) -> DeletionOut:
    """Delete the athlete and everything of theirs (the athlete or an admin): database rows,
    devices only they used, and their messages on the bus streams. Answers what was removed
    from each store; 503 (and nothing deleted) when the bus cannot be reached."""
    report = athletes.delete_athlete(ctx, athlete_id, bus=request.app.state.bus)
    return DeletionOut(
        athlete_id=report.athlete_id,
        database=report.database,
        devices=report.devices,
        wearable_devices=report.wearable_devices,
        streams=report.streams,
        bus=report.bus,
    )


_ZIP = {"application/zip": {"schema": {"type": "string", "format": "binary"}}}


@router.get(
    "/{athlete_id}/export",
    response_model=ExportOut,
    response_model_exclude_unset=True,
    responses={200: {"content": _ZIP}},
)
def export_athlete(
    athlete_id: AthleteId,
    ctx: ContextDep,
    include_waveforms: Annotated[
        bool,
        Query(
            description="Add the raw waveforms, one CSV file per recording channel: the "
            "answer is then the zip form of the export (application/zip), since they are too "
            "large for one JSON document."
        ),
    ] = False,
) -> Any:
    """Everything of the athlete as a version 4 export document (as `fitcoach export`):
    profile, the dosing agent opt-in, training records (sets with their form checks), plans
    (every version), the conversation, health flags, consent records and sensor data
    (recordings, vitals, events)."""
    if include_waveforms:
        data = portability.export_zip(ctx, athlete_id, include_waveforms=True)
        return Response(
            content=data,
            media_type="application/zip",
            headers={
                "Content-Disposition": f'attachment; filename="athlete-{athlete_id}-export.zip"'
            },
        )
    return portability.export_athlete(ctx, athlete_id)


@router.post(
    "/{athlete_id}/import",
    response_model=ImportOut,
    responses=error_responses(401, 403, 404, 409, 413, 422),
)
@takes_write_turns
def import_document(
    athlete_id: AthleteId,
    ctx: ContextDep,
    _write: WriteDep,
    request: Request,
    turn: WriteTurnsDep,
    document: Annotated[
        dict[str, Any],
        Body(description="A version 1, 2, 3 or 4 export document (JSON form)."),
    ],
) -> ImportOut:
    """Import an export document into this athlete; already stored records are skipped.
    Sensor data needs the athlete's sensor_data consent (409 consent_required otherwise).
    The body may be at most `FITCOACH_IMPORT_MAX_FILE_BYTES` (413 above) and hold at most
    `FITCOACH_IMPORT_MAX_RECORDS` records (422 above)."""
    report = imports.import_export(
        ctx, document, athlete_id=athlete_id, limits=limits_of(request), turn=turn
    )
    return ImportOut(
        athlete_id=report.athlete_id,
        athlete_created=report.athlete_created,
        profile_updated=report.profile_updated,
        counts={
            k: KindCountOut(read=c.read, inserted=c.inserted, skipped=c.skipped)
            for k, c in report.counts.items()
        },
        notes=report.notes,
    )
