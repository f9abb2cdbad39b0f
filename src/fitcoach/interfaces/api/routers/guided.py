"""The guided workout: store a set as it is done, feedback per exercise, a pain swap, finish the
session.

What the web page's guided mode calls (with the session cookie and the CSRF header); any client
with a write token can call it too. Thin over ``coach.services.guided``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from functools import partial
from typing import Annotated, Literal

from fastapi import Depends, File, Query, Request, Response, UploadFile
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.schemas import SetIn
from fitcoach.core.bounds import Day, Text
from fitcoach.core.errors import Conflict
from fitcoach.interfaces.api.deps import ApiRoute, AthleteId, ContextDep, SetId, WriteDep
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.services import form_check, form_jobs, guided, health, monitoring, plans
from fitcoach.services.context import ServiceContext

ERRORS = error_responses(401, 403, 404, 409, 422)

router = IndexedRouter(prefix="/athletes", tags=["workout"], route_class=ApiRoute, responses=ERRORS)

SessionKey = Annotated[str, Field(pattern=r"^w\d+s\d+$", description="The planned session: w1s2.")]


class GuidedSetIn(SetIn):
    """One set of the day's planned session, as done."""

    session: SessionKey
    day: Day | None = Field(default=None, description="The day (default: today).")
    set_number: int | None = Field(
        default=None, ge=1, le=50, description="The n-th set of this exercise (makes retries safe)."
    )


class FeedbackIn(BaseModel):
    """How an exercise felt."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    session: SessionKey
    exercise: Text = Field(min_length=1, max_length=200)
    kind: Literal["too_easy", "too_hard", "pain"]
    note: Text = Field(default="", max_length=1000)
    region: Text | None = Field(default=None, description="Pain only: where it hurts.")
    day: Day | None = None


class SwapIn(BaseModel):
    """Swap an exercise stopped for pain today for one of the substitutes offered."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    session: SessionKey
    exercise: Text = Field(min_length=1, max_length=200, description="The painful exercise.")
    to: Text = Field(min_length=1, max_length=200, description="One of its substitutes.")
    day: Day | None = None


class FinishIn(BaseModel):
    """Close the session with its session RPE."""

    model_config = ConfigDict(extra="forbid")

    session: SessionKey
    session_rpe: float = Field(ge=0, le=10)
    day: Day | None = None


class FinishedOut(BaseModel):
    """The closed session: its duration, session RPE and their training load."""

    workout_id: int
    duration_s: float
    session_rpe: float
    load_au: float = Field(description="Session-RPE load: minutes × session RPE.")
    summary: guided.GuidedSummary


def _day(ctx: ServiceContext, athlete_id: int, day: date | None) -> date:
    return day or monitoring.local_today(ctx, athlete_id)


@router.post("/{athlete_id}/workout/sets", response_model=guided.GuidedSet, status_code=201)
def log_set(
    athlete_id: AthleteId, body: GuidedSetIn, ctx: ContextDep, _write: WriteDep
) -> guided.GuidedSet:
    """Store a set now; the day's first set starts the session (source `guided`)."""
    spec = SetIn.model_validate(
        body.model_dump(include=set(SetIn.model_fields), exclude_unset=False)
    )
    return guided.log_guided_set(
        ctx,
        athlete_id,
        _day(ctx, athlete_id, body.day),
        body.session,
        spec,
        set_number=body.set_number,
    )


class FormJobOut(form_check.FormCheckJobOut):
    """A form check of a set, with where to poll it."""

    url: str = Field(description="Poll it here (GET) until its status is not `running`.")


async def form_slot(request: Request) -> AsyncIterator[form_jobs.Slot]:
    """A place in this process's form check pool (``FormChecksBusy``, 503 with Retry-After,
    when all are taken): started once the request has committed its job, given back (and the
    saved upload deleted) when the request fails, its commit included."""
    pool: form_jobs.FormCheckPool = request.app.state.form_checks
    slot = pool.reserve()
    try:
        yield slot
    except BaseException:
        slot.abandon()
        raise
    slot.launch()


FormSlot = Annotated[form_jobs.Slot, Depends(form_slot)]


@router.post(
    "/{athlete_id}/workout/sets/{set_id}/form",
    response_model=FormJobOut,
    status_code=202,
    responses=error_responses(413, 503),
)
def check_form(
    athlete_id: AthleteId,
    set_id: SetId,
    request: Request,
    response: Response,
    ctx: ContextDep,
    _write: WriteDep,
    slot: FormSlot,
    video: UploadFile = File(description="A video of the set (mp4, mov, webm, mkv or avi)."),
) -> FormJobOut:
    """Upload (or record in the browser) a video of a stored set; it is checked in the
    background: 202 with the job (`running`), then poll `url` (GET) for `done` with the
    reps counted, faults with cues and a form score (stored with the set; a form breakdown
    keeps the session from counting toward a load increase), or `failed` with what to film
    differently. The container is read from the file's first bytes (its name is ignored); the
    size, duration, frame and frame-size limits are in the message when a video is over one."""
    settings = request.app.state.settings
    limits = form_check.VideoLimits.from_settings(settings)
    started = form_check.start_check(
        ctx,
        athlete_id,
        set_id,
        video.file,
        slot.folder,
        pose_python=settings.pose_python,
        limits=limits,
    )
    slot.owns(started.video)
    slot.prepare(
        partial(
            form_check.run_check,
            request.app.state.session_factory,
            ctx.subject,
            ctx.clock,
            athlete_id,
            started,
            pose_python=settings.pose_python,
            model_dir=settings.models_path,
            limits=limits,
        )
    )
    url = request.url.path
    response.headers["Location"] = url
    return FormJobOut(**started.job.model_dump(), url=url)


@router.get(
    "/{athlete_id}/workout/sets/{set_id}/form",
    response_model=FormJobOut,
)
def form_check_state(
    athlete_id: AthleteId, set_id: SetId, request: Request, ctx: ContextDep
) -> FormJobOut:
    """The set's latest form check: `running`, `done` with its `result`, or `failed` with
    its `message`. A check whose server stopped while it ran is `failed` once its time is up.
    A set never checked is 404."""
    state = form_check.check_state(ctx, athlete_id, set_id)
    return FormJobOut(**state.model_dump(), url=request.url.path)


@router.post(
    "/{athlete_id}/workout/feedback", response_model=guided.FeedbackResult, status_code=201
)
def give_feedback(
    athlete_id: AthleteId, body: FeedbackIn, ctx: ContextDep, _write: WriteDep
) -> guided.FeedbackResult:
    """ "Too easy", "too hard" or "pain" for an exercise: the next review uses it; pain stops
    the exercise today and offers substitutes."""
    return guided.exercise_feedback(
        ctx,
        athlete_id,
        _day(ctx, athlete_id, body.day),
        body.session,
        body.exercise,
        body.kind,
        body.note,
        region=body.region,
    )


@router.post("/{athlete_id}/workout/swap", response_model=guided.SwapResult, status_code=201)
def swap(
    athlete_id: AthleteId, body: SwapIn, ctx: ContextDep, _write: WriteDep
) -> guided.SwapResult:
    """Swap an exercise stopped for pain today for a substitute, in this session only: a plan
    edit through the safety validator (in force at once for the athlete; a coach's waits)."""
    return guided.swap_exercise(
        ctx, athlete_id, _day(ctx, athlete_id, body.day), body.session, body.exercise, body.to
    )


@router.post("/{athlete_id}/workout/finish", response_model=FinishedOut)
def finish(athlete_id: AthleteId, body: FinishIn, ctx: ContextDep, _write: WriteDep) -> FinishedOut:
    """Close the day's guided session: duration and session RPE (its training load)."""
    done = guided.finish_session(
        ctx, athlete_id, _day(ctx, athlete_id, body.day), body.session, body.session_rpe
    )
    return FinishedOut.model_validate(done)


@router.get("/{athlete_id}/workout", response_model=guided.GuidedState)
def state(
    athlete_id: AthleteId,
    ctx: ContextDep,
    session: Annotated[
        str | None,
        Query(pattern=r"^w\d+s\d+$", description="The planned session (default: today's)."),
    ] = None,
    day: Annotated[Day | None, Query(description="The day (default: today).")] = None,
) -> guided.GuidedState:
    """The sets stored so far, the feedback given and the exercises stopped for pain."""
    when = _day(ctx, athlete_id, day)
    if session is None:
        today = plans.today(ctx, athlete_id, when)
        if today.status == "blocked":
            health.ensure_can_train(ctx, athlete_id)  # 409 training_paused, the escalation
        planned = today.session or today.planned
        if planned is None:
            raise Conflict(f"no session on {when} ({today.status}); name one with ?session=w1s1")
        session = planned.key
    return guided.guided_state(ctx, athlete_id, when, session)
