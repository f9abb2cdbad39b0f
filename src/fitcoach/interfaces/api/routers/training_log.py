"""Training log records of an athlete: log and page through each kind; one workout to read and
correct (its title, start, session RPE, and each set); personal records."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from typing import Annotated, Any

from fastapi import Path, Query, Response
from pydantic import BaseModel

from fitcoach.coach.schemas import CardioIn, DailyMetricsIn, FeedbackIn, MealIn, SleepIn, WorkoutIn
from fitcoach.core.bounds import Text
from fitcoach.interfaces.api.deps import (
    MAX_ID,
    ApiRoute,
    AthleteId,
    ContextDep,
    FromQ,
    JsonBytes,
    OffsetQ,
    SetId,
    ToQ,
    WriteDep,
    quick_read,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import (
    LoggedOut,
    Page,
    RecordOut,
    StoredCardioOut,
    StoredDailyOut,
    StoredFeedbackOut,
    StoredMealOut,
    StoredSleepOut,
    StoredWorkoutOut,
    error_responses,
)
from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log import Logged, RecordKind

MAX_LIMIT = 500
DEFAULT_LIMIT = 100

ERRORS = error_responses(401, 403, 404, 422)

router = IndexedRouter(prefix="/athletes", tags=["records"], route_class=ApiRoute, responses=ERRORS)


def _out(logged: Logged) -> LoggedOut:
    return LoggedOut(kind=logged.kind, id=logged.id, created=logged.created, changed=logged.changed)


LimitQ = Annotated[int, Query(ge=0, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")]


def _add_kind(
    kind: RecordKind,
    schema: type[BaseModel],
    page: type[Page[Any]],
    log: Callable[[ServiceContext, int, Any], Logged],
    summary: str,
) -> None:
    path = f"/{{athlete_id}}/{kind}"

    def create(
        athlete_id: AthleteId, body: BaseModel, ctx: ContextDep, _write: WriteDep
    ) -> LoggedOut:
        return _out(log(ctx, athlete_id, body))

    create.__annotations__["body"] = schema
    create.__doc__ = f"Log {summary}. Sending the same (source, source_id) again stores nothing."

    @quick_read
    def read(
        athlete_id: AthleteId,
        ctx: ContextDep,
        start: FromQ = None,
        end: ToQ = None,
        limit: LimitQ = DEFAULT_LIMIT,
        offset: OffsetQ = 0,
    ) -> Response:
        return JsonBytes(
            training_log.history_json(
                ctx, athlete_id, kind, page, start, end, limit=limit, offset=offset
            )
        )

    read.__doc__ = f"Page through {summary}, oldest first, between two days (inclusive)."
    router.add_api_route(
        path,
        create,
        methods=["POST"],
        response_model=LoggedOut,
        status_code=201,
        name=f"log_{kind}",
    )
    # The page's items are validated as the kind's item model (``history_json``, which keeps
    # the page's JSON per data version: a page asked again is not read, validated nor
    # serialized again): the answer is documented (and checked) per kind.
    router.add_api_route(path, read, methods=["GET"], response_model=page, name=f"list_{kind}")


_add_kind(
    "workouts",
    WorkoutIn,
    Page[StoredWorkoutOut],
    training_log.log_workout,
    "a strength workout with its sets",
)
_add_kind("cardio", CardioIn, Page[StoredCardioOut], training_log.log_cardio, "a cardio session")
_add_kind("daily", DailyMetricsIn, Page[StoredDailyOut], training_log.log_daily, "a day's metrics")
_add_kind("sleep", SleepIn, Page[StoredSleepOut], training_log.log_sleep, "a night's sleep")
_add_kind("meals", MealIn, Page[StoredMealOut], training_log.log_meal, "a meal")
_add_kind(
    "feedback", FeedbackIn, Page[StoredFeedbackOut], training_log.log_feedback, "how a session felt"
)


@router.get("/{athlete_id}/records", response_model=list[RecordOut])
def personal_records(
    athlete_id: AthleteId, ctx: ContextDep, exercise: Annotated[Text | None, Query()] = None
) -> list[RecordOut]:
    """Personal records per exercise (or for one), best e1RM first."""
    return [RecordOut(**asdict(p)) for p in training_log.records(ctx, athlete_id, exercise)]


# --- one workout: read it, correct it and its sets -----------------------------------------------

WorkoutIdP = Annotated[int, Path(ge=1, le=MAX_ID, description="A logged workout's id.")]


@router.get("/{athlete_id}/workouts/{workout_id}", response_model=StoredWorkoutOut)
def get_workout(athlete_id: AthleteId, workout_id: WorkoutIdP, ctx: ContextDep) -> Any:
    """One logged workout with its sets (another athlete's is not found)."""
    return training_log.entry(ctx, athlete_id, "workouts", workout_id)


@router.patch("/{athlete_id}/workouts/{workout_id}", response_model=StoredWorkoutOut)
def correct_workout(
    athlete_id: AthleteId,
    workout_id: WorkoutIdP,
    body: training_log.WorkoutChanges,
    ctx: ContextDep,
    _write: WriteDep,
) -> Any:
    """Correct a workout's title, start time, session RPE, duration or notes (only the fields
    sent change). Validated as a logged workout; a new start re-dates its personal records, a
    new RPE or duration changes its training load. Answers the workout as now stored."""
    training_log.correct_workout(ctx, athlete_id, workout_id, body.model_dump(exclude_unset=True))
    return training_log.entry(ctx, athlete_id, "workouts", workout_id)


@router.patch("/{athlete_id}/workouts/{workout_id}/sets/{set_id}", response_model=StoredWorkoutOut)
def correct_set(
    athlete_id: AthleteId,
    workout_id: WorkoutIdP,
    set_id: SetId,
    body: training_log.SetChanges,
    ctx: ContextDep,
    _write: WriteDep,
) -> Any:
    """Correct one set's reps, weight_kg (kg, or text with its unit: "225 lb"), RIR or warm-up
    mark (only the fields sent change); the exercise's personal records are folded again.
    Answers the workout as now stored."""
    changes = body.model_dump(exclude_unset=True)
    training_log.correct_set(ctx, athlete_id, workout_id, set_id, changes)
    return training_log.entry(ctx, athlete_id, "workouts", workout_id)
