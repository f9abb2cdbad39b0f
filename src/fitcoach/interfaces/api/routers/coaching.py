"""An athlete's coaching: the training plan and its versions, today's session, the weekly
review, training load, readiness and nutrition. Thin over the coach services."""

from __future__ import annotations

from datetime import timedelta
from functools import partial
from typing import Annotated, Any

from fastapi import Body, File, Form, Path, Query, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from fitcoach.analysis.energy import NutritionTargets
from fitcoach.coach.nutrition import MealPlan
from fitcoach.core.bounds import Day, Instant, Text
from fitcoach.core.errors import InvalidInput
from fitcoach.interfaces.api import photos
from fitcoach.interfaces.api.deps import (
    MAX_ID,
    PLAN_VERSIONS_PAGE,
    ApiRoute,
    AthleteId,
    ContextDep,
    DayQ,
    JsonBytes,
    OffsetQ,
    PlanVersionsLimitQ,
    WriteDep,
    outside_write_slot,
    quick_read,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import LoggedOut, encoded, error_responses
from fitcoach.services import burnout, food_photo, monitoring, nutrition, plans

ERRORS = error_responses(401, 403, 404, 409, 422)
DEFAULT_LOAD_WEEKS = 4

router = IndexedRouter(
    prefix="/athletes", tags=["coaching"], route_class=ApiRoute, responses=ERRORS
)

Version = Annotated[int, Path(ge=1, le=MAX_ID, description="A plan version.")]


class GenerateIn(BaseModel):
    """How to generate a plan."""

    seed: int = Field(default=0, ge=0, le=2**31 - 1, description="Another seed, another plan.")
    weeks: int = Field(default=4, ge=1, le=16, description="Weeks in the mesocycle.")
    start: Day | None = Field(default=None, description="First day (default: today).")
    replace: bool = Field(
        default=False,
        description="Put it in force at once over the plan in force (the athlete only); "
        "otherwise, with a plan in force, the new one is proposed and waits for approval.",
    )


# The reads the dashboard and the apps ask most come first: FastAPI tries a router's routes in
# order, twice a request (to match, then to handle), and the twelve plan routes before them
# cost a load report about 30 µs of CPU (benchmarks/README.md, "Where people are").
@router.get("/{athlete_id}/load", response_model=monitoring.LoadReport)
def training_load(
    athlete_id: AthleteId,
    ctx: ContextDep,
    start: Annotated[
        Day | None, Query(alias="from", description="First day (default: 4 weeks before `to`).")
    ] = None,
    end: Annotated[Day | None, Query(alias="to", description="Last day (default: today).")] = None,
) -> Response:
    """Training load: daily and weekly load, ATL/CTL/TSB, ACWR, monotony, strain, sets."""
    last = end or monitoring.local_today(ctx, athlete_id)
    monitoring.check_day(last, "to")  # before the default `from` is counted back from it
    first = start or last - timedelta(weeks=DEFAULT_LOAD_WEEKS) + timedelta(days=1)
    return JsonBytes(monitoring.training_load_json(ctx, athlete_id, start=first, end=last))


@router.get("/{athlete_id}/readiness", response_model=monitoring.ReadinessReport)
@quick_read
def readiness(athlete_id: AthleteId, ctx: ContextDep, day: DayQ = None) -> Response:
    """Readiness for the morning of the day."""
    return JsonBytes(monitoring.readiness_json(ctx, athlete_id, day))


@router.get("/{athlete_id}/readiness/burnout", response_model=burnout.LoadFactsReport)
def burnout_risk(
    athlete_id: AthleteId, ctx: ContextDep, day: DayQ = None
) -> burnout.LoadFactsReport:
    """The training load up to the day described as facts (acute and chronic load, the
    acute:chronic ratio, this week against the athlete's own weeks, monotony, strain), each
    with what it is and is not evidence for; no risk level (``level`` is deprecated and always
    null). The burnout model's chance and reasons appear only where it is validated on real
    athletes (``shown == "model"``); ``status`` says when there is not enough history."""
    return burnout.load_report(ctx, athlete_id, day or monitoring.local_today(ctx, athlete_id))


@router.post(
    "/{athlete_id}/plan",
    response_model=plans.PlanView,
    status_code=201,
    responses={200: {"model": plans.PlanView, "description": "Answered again (nothing new)"}},
)
def generate_plan(
    athlete_id: AthleteId, ctx: ContextDep, _write: WriteDep, body: GenerateIn | None = None
) -> Response:
    """Generate a plan and put it in force (or store it rejected, or answer it blocked). With
    a plan in force it is proposed and waits for approval, unless `replace` is true.

    The same request again with nothing written for the athlete since answers 200 with the
    version it stored the first time, instead of storing a copy (201 when a version is stored)."""
    spec = body or GenerateIn()
    answer = plans.generate_answer(
        ctx,
        athlete_id,
        seed=spec.seed,
        weeks=spec.weeks,
        start=spec.start,
        replace=spec.replace,
        proposed_by=plans.proposer_for(ctx),
    )
    return JsonBytes(answer.json(), status_code=200 if answer.again else 201)


@router.get("/{athlete_id}/plan", response_model=plans.PlanView)
def current_plan(athlete_id: AthleteId, ctx: ContextDep) -> plans.PlanView:
    """The plan in force."""
    return plans.current(ctx, athlete_id)


@router.get("/{athlete_id}/plan/versions", response_model=list[plans.PlanView])
def plan_versions(
    athlete_id: AthleteId,
    ctx: ContextDep,
    status: Annotated[
        Text | None, Query(description="Only active, proposed, superseded or rejected.")
    ] = None,
    limit: PlanVersionsLimitQ = PLAN_VERSIONS_PAGE,
    offset: OffsetQ = 0,
) -> list[plans.PlanView]:
    """The plan's versions, newest first, a page at a time (``offset`` for older ones)."""
    return plans.versions(ctx, athlete_id, status, limit=limit, offset=offset)


@router.get("/{athlete_id}/plan/versions/{version}", response_model=plans.PlanView)
def plan_version(athlete_id: AthleteId, version: Version, ctx: ContextDep) -> plans.PlanView:
    """One version of the plan."""
    return plans.get_version(ctx, athlete_id, version)


@router.post("/{athlete_id}/plan/edits", response_model=plans.EditResult)
def edit_plan(
    athlete_id: AthleteId,
    ctx: ContextDep,
    _write: WriteDep,
    body: Annotated[
        dict[str, Any],
        Body(
            description='An edit operation (`{"op": "change_sets", ...}`, as `fitcoach '
            "plan edit`) and `propose`: keep it waiting for approval instead of applying it.",
            examples=[{"op": "set_session_minutes", "minutes": 45, "propose": True}],
        ),
    ],
) -> plans.EditResult:
    """Change the plan; the safety validator checks it. The athlete's own edits apply at once
    unless `propose` is true; a coach's wait for the athlete's approval."""
    op = dict(body)
    propose = op.pop("propose", False)
    if not isinstance(propose, bool):
        message = "propose: Input should be a valid boolean"
        raise InvalidInput(message, details={"errors": [message]})
    return plans.request_edit(ctx, athlete_id, op, propose_only=propose)


@router.post("/{athlete_id}/plan/versions/{version}/approve", response_model=plans.EditResult)
def approve_version(
    athlete_id: AthleteId, version: Version, ctx: ContextDep, _write: WriteDep
) -> plans.EditResult:
    """Put a proposed version in force (checked again by the safety validator)."""
    return plans.approve(ctx, athlete_id, version)


@router.post("/{athlete_id}/plan/versions/{version}/reject", response_model=plans.PlanView)
def reject_version(
    athlete_id: AthleteId, version: Version, ctx: ContextDep, _write: WriteDep
) -> plans.PlanView:
    """Turn a proposed version down; the plan in force stays."""
    return plans.reject(ctx, athlete_id, version)


@router.get("/{athlete_id}/plan/today", response_model=plans.TodayView)
@quick_read
def plan_today(athlete_id: AthleteId, ctx: ContextDep, day: DayQ = None) -> Response:
    """The session for the day, adjusted to readiness and checked against the athlete's
    profile as it is now (what an injury noted since rules out is swapped, with the reasons)."""
    return JsonBytes(plans.today_json(ctx, athlete_id, day))


@router.post("/{athlete_id}/plan/review", response_model=plans.ReviewResult)
def review_week(
    athlete_id: AthleteId,
    ctx: ContextDep,
    _write: WriteDep,
    week_end: Annotated[
        Day | None, Query(description="Last day of the week reviewed (default: today).")
    ] = None,
) -> plans.ReviewResult:
    """Review the seven days ending `week_end` and adapt the seven days after it; the dosing
    agent's suggestion comes beside the rules' decision (`agent`), in force only if the athlete
    opted in and the safety validator accepts it as it is."""
    return plans.review_week(ctx, athlete_id, week_end)


class AgentOptIn(BaseModel):
    """Whether the dosing agent's weekly suggestion takes effect."""

    enabled: bool = Field(description="True: the suggestion goes in force after each review.")


@router.get("/{athlete_id}/plan/agent", response_model=plans.AgentSuggestion)
def plan_agent(
    athlete_id: AthleteId,
    ctx: ContextDep,
    week_end: Annotated[
        Day | None, Query(description="Last day of the week the agent reads (default: today).")
    ] = None,
) -> plans.AgentSuggestion:
    """The dosing agent's suggestion for the week after `week_end` (nothing is changed)."""
    return plans.agent_suggestion(ctx, athlete_id, week_end)


@router.put("/{athlete_id}/plan/agent", response_model=AgentOptIn)
def plan_agent_opt_in(
    athlete_id: AthleteId, ctx: ContextDep, _write: WriteDep, body: AgentOptIn
) -> AgentOptIn:
    """Opt in to (or out of) the dosing agent's suggestion taking effect after each review."""
    return AgentOptIn(enabled=plans.set_agent_opt_in(ctx, athlete_id, body.enabled))


@router.get("/{athlete_id}/nutrition/targets", response_model=NutritionTargets)
def nutrition_targets(athlete_id: AthleteId, ctx: ContextDep, day: DayQ = None) -> JSONResponse:
    """Daily energy and macro targets, with reasons."""
    return encoded(nutrition.targets(ctx, athlete_id, day))


@router.get("/{athlete_id}/nutrition/plan", response_model=MealPlan)
def meal_plan(
    athlete_id: AthleteId,
    ctx: ContextDep,
    days: Annotated[int, Query(ge=1, le=14, description="Days to plan.")] = 3,
    seed: Annotated[int, Query(ge=0, le=2**31 - 1, description="Another seed, another plan.")] = 0,
) -> JSONResponse:
    """A meal plan that meets the targets and respects restrictions and dislikes."""
    return encoded(nutrition.meal_plan(ctx, athlete_id, days=days, seed=seed))


Portion = Annotated[
    float, Field(ge=0.25, le=4.0, description="Typical servings eaten (1: one serving).")
]


@router.post(
    "/{athlete_id}/meals/photo",
    response_model=food_photo.PhotoSuggestion,
    responses=error_responses(408, 413, 429, 503),
)
@outside_write_slot
async def meal_photo(
    athlete_id: AthleteId,
    request: Request,
    ctx: ContextDep,
    _write: WriteDep,
    photo: UploadFile = File(
        description="A JPEG, PNG or WebP photo of the plate (FITCOACH_FOOD_PHOTO_MAX_BYTES, "
        "12 MB, at most)."
    ),
    portion: Annotated[float, Form(ge=0.25, le=4.0, description="Typical servings.")] = 1.0,
) -> food_photo.PhotoSuggestion:
    """What a photo of a meal looks like: the three likeliest dishes with their probabilities
    and their foods at the portion, and a `verdict`: `confident`, `unsure` (ask which dish)
    or `not_food`. Nothing is logged: POST the dish the person confirms to `meals/photo/log`.
    A photo over the size or pixel limits is 422 `invalid_photo` (its header is read before
    anything is decoded)."""
    # Only someone who may see this athlete's meals (a query: in a worker thread).
    await run_in_threadpool(partial(ctx.scope, athlete_id, kind="meals"))
    data = await photo.read(request.app.state.settings.food_photo_max_bytes + 1)
    return await photos.suggest(request.app, data, portion)


class PhotoMealIn(BaseModel):
    """The dish and portion the person confirmed (or corrected) after a photo."""

    dish: str = Field(min_length=1, max_length=40, description="A dish label, e.g. bibimbap.")
    portion: Portion = 1.0
    meal_type: str = Field(default="meal", pattern=r"^(breakfast|lunch|dinner|snack|meal)$")
    eaten_at: Instant | None = Field(default=None, description="When it was eaten (default: now).")


@router.post("/{athlete_id}/meals/photo/log", response_model=LoggedOut, status_code=201)
def log_meal_photo(
    athlete_id: AthleteId, body: PhotoMealIn, ctx: ContextDep, _write: WriteDep
) -> LoggedOut:
    """Log the confirmed dish of a photo as a meal: its table foods and macros at the portion."""
    logged = nutrition.log_dish(
        ctx, athlete_id, body.dish, body.portion, meal_type=body.meal_type, eaten_at=body.eaten_at
    )
    return LoggedOut(kind=logged.kind, id=logged.id, created=logged.created, changed=logged.changed)
