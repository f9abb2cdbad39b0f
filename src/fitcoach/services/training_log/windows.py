"""An athlete's local days as UTC windows (their time zone, a day range's instants, the longest
range one read may cover), and reading one kind's rows over such a window, scoped to the
athlete.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log.kinds import MODELS
from fitcoach.storage import access
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import DailyMetric, WorkoutSession
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import training_log as repo
from fitcoach.storage.rows import SetRow


def athlete_zone(ctx: ServiceContext, athlete_id: int) -> ZoneInfo:
    """The athlete's time zone (UTC when the stored name is unknown); the stamp's where this
    transaction read it and has written nothing since (a cold page loaded the athlete for it)."""
    scope = ctx.scope(athlete_id)
    held = access.held_stamp(ctx.session, ctx.subject, athlete_id)
    if held is not None:
        return zone_named(held[0])
    return zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)


def _local_window(
    start: date | None, end: date | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """Whole local days [start, end] in ``tz`` as UTC datetimes."""
    lo = datetime.combine(start, time.min, tzinfo=tz).astimezone(UTC) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
        if end
        else None
    )
    return lo, hi


def _time_window(
    model: type[Any], start: date | None, end: date | None, zone: ZoneInfo | None
) -> tuple[date | datetime | None, date | datetime | None]:
    """The [lo, hi) bounds ``history`` gives the repository for a kind's time column."""
    if model is DailyMetric:
        return start, (end + timedelta(days=1)) if end else None
    assert zone is not None
    return _local_window(start, end, zone)


def _check_window(kind: str, start: date | None, end: date | None) -> None:
    if kind not in MODELS:
        raise InvalidInput(f"unknown record kind {kind!r}; use one of {', '.join(MODELS)}")
    if start is not None:
        bounds.check_day(start, "from")
    if end is not None:
        bounds.check_day(end, "to")
    if start and end and end < start:
        raise InvalidInput("the end of the range lies before its start")


def _read(
    ctx: ServiceContext,
    scope: AthleteScope,
    model: type[Any],
    start: date | None,
    end: date | None,
    zone: ZoneInfo | None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
    sets: bool = True,
) -> list[dict[str, Any]]:
    """The records of ``history`` for a checked window and scope: one query (two for
    workouts: their sets with the exercises' slugs, or only how many with ``sets=False``)."""
    lo, hi = _time_window(model, start, end, zone)
    out = repo.rows_between(
        ctx.session, scope, model, lo, hi, limit=limit, offset=offset, latest=latest
    )
    if model is WorkoutSession and out and not sets:
        counts = repo.set_counts_of(ctx.session, scope, [r["id"] for r in out])
        for workout in out:
            workout["set_count"] = counts.get(workout["id"], 0)
    elif model is WorkoutSession and out:
        by_session: dict[int, list[SetRow]] = {}
        for item in repo.set_rows_of(ctx.session, scope, [r["id"] for r in out]):
            by_session.setdefault(item["session_id"], []).append(item)
        for workout in out:
            workout["sets"] = by_session.get(workout["id"], [])
    return out
