"""What has been done of a day's session so far (``guided_state``)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fitcoach.coach.plan import PlannedSession, StrengthItem
from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import (
    plans,
    training_log,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.guided.finish import summary
from fitcoach.services.guided.schemas import GuidedState, Substitute
from fitcoach.services.guided.session import _planned, _said, _slugs, _workout
from fitcoach.services.guided.substitutes import _pain_regions, _substitutes
from fitcoach.services.guided.targets import last_time


def guided_state(ctx: ServiceContext, athlete_id: int, day: date, session_key: str) -> GuidedState:
    """The sets stored so far for the day's session, the feedback given, what is stopped."""
    ctx.scope(athlete_id)
    bounds.check_day(day)
    workout = _workout(ctx, athlete_id, day, session_key)
    sets: list[dict[str, Any]] = []
    if workout is not None:
        rows = training_log.history(
            ctx, athlete_id, "workouts", day - timedelta(days=1), day + timedelta(days=1)
        )
        found = next((w for w in rows if w["id"] == workout.id), None)
        sets = list(found["sets"]) if found else []
    try:
        planned: PlannedSession | None = _planned(ctx, athlete_id, session_key)
    except (InvalidInput, NotFound):  # no plan, or not this session: the log still answers
        planned = None
    in_session = _slugs(planned) if planned is not None else frozenset()
    said: dict[str, list[str]] = {}
    stopped: dict[str, list[Substitute]] = {}
    for f in _said(ctx, athlete_id, day, session_key):
        said.setdefault(f.exercise, []).append(f.kind)
        if f.kind == "pain" and f.exercise not in stopped:
            stopped[f.exercise] = _substitutes(
                ctx, athlete_id, f.exercise, _pain_regions(f.exercise, f.region), in_session
            )
    lifts = [i.exercise for i in planned.items if isinstance(i, StrengthItem)] if planned else []
    finished = workout is not None and workout.session_rpe is not None
    return GuidedState(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        workout_id=workout.id if workout is not None else None,
        sets=sets,
        feedback=said,
        stopped=stopped,
        advice=plans.pain_advice(ctx, athlete_id, day),
        finished=finished,
        last_time=last_time(ctx, athlete_id, day, session_key, lifts),
        summary=summary(ctx, athlete_id, day, session_key) if finished else None,
    )
