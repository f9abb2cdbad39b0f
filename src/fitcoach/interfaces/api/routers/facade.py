"""The compatible facade of the original design, at the root: the week's workouts, a meal
plan, feedback and the plan's history by user id (the athlete's id). The same bearer-token
authentication and scoping as ``/api/v1``: another athlete's id answers 404."""

from __future__ import annotations

import datetime as dt
from datetime import datetime, timedelta
from typing import Annotated

from fastapi import Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.nutrition import MealPlan
from fitcoach.coach.plan import PlannedSession
from fitcoach.coach.schemas import FeedbackIn
from fitcoach.core.domain import TokenScope
from fitcoach.core.errors import NotFound, PermissionDenied
from fitcoach.interfaces.api.deps import MAX_ID, ApiRoute, AuthDep, ContextDep, WriteDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import LoggedOut, encoded, error_responses
from fitcoach.services import monitoring, nutrition, plans, training_log

ERRORS = error_responses(401, 403, 404, 422)
WORKOUT_DAYS = 7
MEAL_PLAN_DAYS = 3

router = IndexedRouter(tags=["facade"], route_class=ApiRoute, responses=ERRORS)

UserId = Annotated[int, Path(ge=1, le=MAX_ID, description="The athlete's id.")]


class FacadeFeedbackIn(BaseModel):
    """How the athlete feels now (energy and mood 1-10, perceived exertion 0-10)."""

    energy: int | None = Field(default=None, ge=1, le=10)
    mood: int | None = Field(default=None, ge=1, le=10)
    perceived_exertion: float | None = Field(default=None, ge=0, le=10)


class DatedSessionOut(PlannedSession):
    """A planned session on the day it now falls on (``moved_from``: its planned day, when a
    missed session moved it)."""

    date: dt.date
    moved_from: dt.date | None = None


class WeekOut(BaseModel):
    """The sessions of the 7 days ``from``-``to`` of the plan in force."""

    model_config = ConfigDict(populate_by_name=True)

    user_id: int
    from_: dt.date = Field(alias="from")
    to: dt.date
    plan_version: int | None
    status: str
    escalation: str | None = None
    sessions: list[DatedSessionOut]


@router.get("/workout/{user_id}", response_model=WeekOut)
def workout(user_id: UserId, ctx: ContextDep, auth: AuthDep) -> WeekOut:
    """The sessions of the next 7 days of the plan in force, as served for the athlete's
    profile now (what an injury noted since rules out is swapped, with the reasons); with no
    plan, one is generated first (that needs a `write` token). While a health flag is open there are no sessions:
    `status` is `blocked` and `escalation` says what to do instead."""
    try:
        view = plans.current(ctx, user_id)
    except NotFound:
        ctx.scope(user_id)  # an athlete the token may not see stays 404
        if auth.scope != TokenScope.write:
            raise PermissionDenied(
                "there is no plan yet; a 'write' token is needed to generate one"
            ) from None
        view = plans.generate(ctx, user_id)
    start = monitoring.local_today(ctx, user_id)
    end = start + timedelta(days=WORKOUT_DAYS - 1)
    sessions: list[DatedSessionOut] = []
    if view.plan is not None and view.escalation is None:
        # As served for the athlete's profile now; a session with nothing safe left is no
        # session that day, and a changed one says why in its reasons.
        for p in plans.next_sessions(ctx, user_id, start, plan=view.plan, until=end):
            if p.session is None:
                continue
            session = p.session.model_dump()
            session["reasons"] = [*session["reasons"], *(r.model_dump() for r in p.reasons)]
            sessions.append(DatedSessionOut(date=p.on, moved_from=p.moved_from, **session))
    return WeekOut(
        user_id=user_id,
        from_=start,
        to=end,
        plan_version=view.version,
        status="blocked" if view.escalation is not None else view.status,
        escalation=view.escalation,
        sessions=sessions,
    )


@router.get("/nutrition/{user_id}", response_model=MealPlan)
def meal_plan(user_id: UserId, ctx: ContextDep) -> JSONResponse:
    """A 3-day meal plan for the athlete's targets, restrictions and dislikes."""
    return encoded(nutrition.meal_plan(ctx, user_id, days=MEAL_PLAN_DAYS))


@router.post("/feedback/{user_id}", response_model=LoggedOut, status_code=201)
def feedback(
    user_id: UserId, body: FacadeFeedbackIn, ctx: ContextDep, _write: WriteDep
) -> LoggedOut:
    """Store how the athlete feels, recorded now."""
    now: datetime = ctx.clock.now()
    data = FeedbackIn(recorded_at=now, **body.model_dump())
    logged = training_log.log_feedback(ctx, user_id, data)
    return LoggedOut(kind=logged.kind, id=logged.id, created=logged.created, changed=logged.changed)


@router.get("/plans/{user_id}/history", response_model=list[plans.PlanView])
def plan_history(user_id: UserId, ctx: ContextDep) -> list[plans.PlanView]:
    """Every version of the athlete's plan, newest first."""
    return plans.versions(ctx, user_id)
