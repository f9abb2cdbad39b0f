"""The compatible facade of the original design, at the root: the week's workouts, a meal
plan, feedback and the plan's history by user id (the athlete's id). The same bearer-token
authentication and scoping as ``/api/v1``: another athlete's id answers 404."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated

from fastapi import Path
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.nutrition import MealPlan
from fitcoach.coach.plan import PlannedSession
from fitcoach.coach.schemas import FeedbackIn
from fitcoach.core.domain import TokenScope
from fitcoach.interfaces.api.deps import (
    MAX_ID,
    PLAN_VERSIONS_PAGE,
    ApiRoute,
    AuthDep,
    ContextDep,
    OffsetQ,
    PlanVersionsLimitQ,
    WriteDep,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import LoggedOut, encoded, error_responses
from fitcoach.services import nutrition, plans, training_log

ERRORS = error_responses(401, 403, 404, 422)
WORKOUT_DAYS = plans.WEEK_DAYS
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
    week = plans.week_ahead(
        ctx, user_id, may_generate=auth.scope == TokenScope.write, days=WORKOUT_DAYS
    )
    return WeekOut(
        user_id=week.athlete_id,
        from_=week.start,
        to=week.end,
        plan_version=week.plan_version,
        status=week.status,
        escalation=week.escalation,
        sessions=[
            DatedSessionOut(date=s.on, moved_from=s.moved_from, **s.session.model_dump())
            for s in week.sessions
        ],
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
def plan_history(
    user_id: UserId,
    ctx: ContextDep,
    limit: PlanVersionsLimitQ = PLAN_VERSIONS_PAGE,
    offset: OffsetQ = 0,
) -> list[plans.PlanView]:
    """The versions of the athlete's plan, newest first, a page at a time (``offset`` for
    older ones)."""
    return plans.versions(ctx, user_id, limit=limit, offset=offset)
