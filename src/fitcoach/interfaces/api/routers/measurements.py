"""Body measurements of an athlete: log a day's tape readings, page through the days, read
the overview (series, changes, the Navy estimate), delete a day's readings."""

from __future__ import annotations

from datetime import date
from typing import Annotated

from fastapi import Path, Query
from pydantic import BaseModel

from fitcoach.coach.measurements import KINDS, MeasurementsIn
from fitcoach.core import bounds
from fitcoach.interfaces.api.deps import (
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
from fitcoach.services import measurements, monitoring
from fitcoach.services.measurements import MeasurementDay, Overview

ERRORS = error_responses(401, 403, 404, 409, 422)
DEFAULT_LIMIT = 100

router = IndexedRouter(
    prefix="/athletes", tags=["measurements"], route_class=ApiRoute, responses=ERRORS
)


class MeasurementsLoggedOut(BaseModel):
    """What the entry did, per kind (``waist``, ``body_fat`` ...): stored new, replaced that
    day's value (``before`` holds the replaced values, cm or %), or the same value again."""

    day: date
    created: list[str]
    replaced: list[str]
    unchanged: list[str]
    before: dict[str, float]


class MeasurementsPage(BaseModel):
    """Days with readings, newest first; values in cm (body fat in %)."""

    items: list[MeasurementDay]
    limit: int
    offset: int
    count: int


class MeasurementsRemovedOut(BaseModel):
    """The kinds of the day that were deleted (empty when there were none)."""

    day: date
    removed: list[str]


LimitQ = Annotated[
    int,
    Query(ge=0, le=measurements.MAX_DAYS, description=f"Days, at most {measurements.MAX_DAYS}."),
]
DayPath = Annotated[bounds.Day, Path(description="The day, YYYY-MM-DD.")]
KindsQ = Annotated[
    list[str] | None,
    Query(
        alias="site",
        description=f"Only these kinds (repeat it); all of the day's when left out: {', '.join(KINDS)}.",
    ),
]


@router.post(
    "/{athlete_id}/measurements",
    response_model=MeasurementsLoggedOut,
    status_code=201,
    name="log_measurements",
)
def log_measurements(
    athlete_id: AthleteId, body: MeasurementsIn, ctx: ContextDep, _write: WriteDep
) -> MeasurementsLoggedOut:
    """Log a day's tape measurements in cm (a JSON number) or as text with a unit ("33 in");
    body fat in %. A site logged again on the same day replaces that day's value. Values
    outside a site's plausible range are refused (422) with the range, and nothing is stored."""
    logged = measurements.log_measurements(ctx, athlete_id, body)
    return MeasurementsLoggedOut(
        day=logged.day,
        created=list(logged.created),
        replaced=list(logged.replaced),
        unchanged=list(logged.unchanged),
        before=logged.before,
    )


@router.get("/{athlete_id}/measurements", response_model=MeasurementsPage, name="list_measurements")
def list_measurements(
    athlete_id: AthleteId,
    ctx: ContextDep,
    start: FromQ = None,
    end: ToQ = None,
    limit: LimitQ = DEFAULT_LIMIT,
    offset: OffsetQ = 0,
) -> MeasurementsPage:
    """Page through the days with readings between two days (inclusive), newest first; each
    day has the tape's body-fat estimate when its inputs are there (an estimate, with the
    formula's error band), or why not."""
    items = measurements.history(ctx, athlete_id, start, end, limit=limit, offset=offset)
    return MeasurementsPage(items=items, limit=limit, offset=offset, count=len(items))


@router.get(
    "/{athlete_id}/measurements/overview",
    response_model=Overview,
    name="measurements_overview",
)
def measurements_overview(
    athlete_id: AthleteId,
    ctx: ContextDep,
    day: Annotated[
        bounds.Day | None,
        Query(description="The last day to include (default: the athlete's today)."),
    ] = None,
) -> Overview:
    """Every reading up to a day as chart series (body weight beside them), the change of each
    kind since the first reading and over the last four weeks, and the latest estimate."""
    today = day or monitoring.local_today(ctx, athlete_id)
    return measurements.overview(ctx, athlete_id, today)


@router.delete(
    "/{athlete_id}/measurements/{day}",
    response_model=MeasurementsRemovedOut,
    name="delete_measurements",
)
def delete_measurements(
    athlete_id: AthleteId,
    day: DayPath,
    ctx: ContextDep,
    _write: WriteDep,
    kinds: KindsQ = None,
) -> MeasurementsRemovedOut:
    """Delete a day's readings (only the ``site`` kinds given). Deleting what is not there
    answers an empty ``removed``, so a repeated request is harmless."""
    removed = measurements.delete_measurements(ctx, athlete_id, day, kinds)
    return MeasurementsRemovedOut(day=day, removed=removed)
