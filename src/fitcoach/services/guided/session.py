"""The day's guided session: its key, its stored workout, the plan's session, what was said.

Shared by the package's modules; the underscored names are not for use outside ``guided``.
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from fitcoach.coach import feedback as fb
from fitcoach.coach import wording
from fitcoach.coach.plan import Plan, PlannedSession
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import (
    athletes,
    exercises,
    monitoring,
    plans,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import (
    ExerciseRecord,
)
from fitcoach.storage.models import WorkoutSession
from fitcoach.storage.repositories import training_log as repo

SOURCE = "guided"


SESSION_KEY = r"^w\d+s\d+$"


def source_id(day: date, session_key: str) -> str:
    """The guided session's idempotency key."""
    return f"guided-{day.isoformat()}-{session_key}"


def _check_day(ctx: ServiceContext, athlete_id: int, day: date) -> None:
    bounds.check_day(day)
    local = monitoring.local_today(ctx, athlete_id)
    if day > local:
        raise InvalidInput(f"day {day} is in the future; log the sets of a session done by now")
    if day < local - timedelta(days=7):
        raise InvalidInput(
            f"day {day} is more than a week ago; log older sessions in the training log"
        )


def _planned(ctx: ServiceContext, athlete_id: int, session_key: str) -> PlannedSession:
    if not re.fullmatch(SESSION_KEY, session_key or ""):
        raise InvalidInput(
            f"session: {session_key!r} is not a session key such as w1s2", field="session"
        )
    view = plans.current(ctx, athlete_id)
    assert view.plan is not None
    plan: Plan = view.plan
    try:
        return plan.session(session_key)
    except KeyError:
        raise InvalidInput(
            f"session: the plan in force (version {view.version}) has no session {session_key}",
            field="session",
        ) from None


def _started_at(ctx: ServiceContext, athlete_id: int, day: date) -> datetime:
    if day == monitoring.local_today(ctx, athlete_id):
        return ctx.clock.now()
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    return datetime.combine(day, time(12), tzinfo=tz)


def _workout(ctx: ServiceContext, athlete_id: int, day: date, key: str) -> WorkoutSession | None:
    return repo.by_source(
        ctx.session, ctx.scope(athlete_id), WorkoutSession, SOURCE, source_id(day, key)
    )


def _said(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str | None = None
) -> list[fb.ExerciseFeedback]:
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=1), day + timedelta(days=1)
    )
    return [
        f
        for f in fb.decode_all(rows)
        if f.day == day and (session_key is None or f.session_key == session_key)
    ]


def _record(slug: str) -> ExerciseRecord | None:
    return exercises.library_by_slug().get(slug)


def _slugs(session: PlannedSession) -> frozenset[str]:
    return frozenset(i.exercise for i in session.items)


def _name(slug: str) -> str:
    record = _record(slug)
    return record.name if record is not None else wording.exercise_name(slug)


def _local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()
