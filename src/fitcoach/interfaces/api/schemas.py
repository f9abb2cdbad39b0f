"""Shapes of API requests and responses that the coach schemas do not already define."""

from __future__ import annotations

from datetime import date, datetime
from types import GenericAlias
from typing import Annotated, Any, Generic, Literal, Optional, TypeVar

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, JsonValue, create_model

from fitcoach.assistant.conversations import ExportToolCallOut
from fitcoach.coach.edits import Change
from fitcoach.coach.explanations import ParamValue
from fitcoach.coach.plan import Plan
from fitcoach.coach.schemas import ProfileOut
from fitcoach.core.bounds import Text
from fitcoach.core.domain import TokenScope
from fitcoach.services import portability
from fitcoach.services.exercises import ExerciseRecord
from fitcoach.services.form_check import FormCheck
from fitcoach.services.plans import PlanOperation, VerdictView
from fitcoach.services.sensors import RecordingCounters
from fitcoach.services.training_log import StoredSet

T = TypeVar("T")


class ErrorBody(BaseModel):
    """The inside of every error answer."""

    code: str
    message: str
    # Free JSON: what is worth knowing differs per error (the invalid fields, the allowed
    # values, a limit).
    details: dict[str, JsonValue] = Field(default_factory=dict)


class ErrorOut(BaseModel):
    """Every error answers ``{"error": {"code", "message", "details"}}``."""

    error: ErrorBody


class HealthOut(BaseModel):
    """The app is up and its database answers."""

    status: str
    version: str
    database: str = Field(description="The database's dialect: sqlite or postgresql.")
    chat: dict[str, str | None] | None = Field(
        default=None,
        description="How the offline chat understands messages: mode ('rules + student', 'rules "
        "only', 'rules (student loading)'), the student's version and why (null: rules only "
        "by choice, FITCOACH_INTENT_MODEL).",
    )


class TokenRequest(BaseModel):
    """E-mail and password, exchanged for a new API token."""

    model_config = ConfigDict(extra="forbid")

    email: Text = Field(min_length=3, max_length=254)
    password: Text = Field(min_length=1, max_length=1024)
    scope: TokenScope = TokenScope.write
    name: Text = Field(default="login", max_length=120)


class TokenOut(BaseModel):
    """A new token: ``token`` is shown this once and cannot be recovered."""

    token: str
    token_type: str = "bearer"
    id: int
    prefix: str
    scope: TokenScope
    name: str
    created_at: datetime


class LoggedOut(BaseModel):
    """The outcome of a log call: ``created`` is false when the record was already stored;
    ``changed`` is true when anything was written (a day's metrics update in place)."""

    kind: str
    id: int
    created: bool
    changed: bool


class Page(BaseModel, Generic[T]):
    """One page of records, oldest first."""

    items: list[T]
    limit: int
    offset: int
    count: int


# The stored records as the record pages answer them: every column of the row, in the table's
# order (``training_log.history``); a test keeps these in step with the ORM models. A workout's
# sets are ``training_log.StoredSet`` (the guided session answers them too).


class StoredWorkoutOut(BaseModel):
    """A stored strength workout with its sets."""

    id: int
    athlete_id: int
    started_at: datetime
    duration_s: float | None
    title: str
    notes: str
    session_rpe: float | None
    source: str
    source_id: str
    sets: list[StoredSet]


class StoredCardioOut(BaseModel):
    """A stored cardio session."""

    id: int
    athlete_id: int
    activity_type: str
    started_at: datetime
    duration_s: float
    distance_m: float | None
    avg_hr: float | None
    max_hr: float | None
    calories_kcal: float | None
    steps: int | None
    session_rpe: float | None
    notes: str
    source: str
    source_id: str


class StoredDailyOut(BaseModel):
    """A day's stored metrics."""

    id: int
    athlete_id: int
    day: date
    sleep_s: float | None
    sleep_quality: int | None
    weight_kg: float | None
    resting_hr: float | None
    hrv_rmssd_ms: float | None
    calories_in_kcal: float | None
    protein_g: float | None
    mood: int | None
    energy: int | None
    soreness: int | None
    stress: int | None
    source: str
    source_id: str


class StoredSleepOut(BaseModel):
    """A stored night of sleep; ``stages_s``: seconds per stage."""

    id: int
    athlete_id: int
    started_at: datetime
    ended_at: datetime
    # int | float keeps each number as stored (an int is not turned into a float).
    stages_s: dict[str, int | float]
    awakenings: int | None
    quality: int | None
    source: str
    source_id: str


class StoredMealOut(BaseModel):
    """A stored meal."""

    id: int
    athlete_id: int
    eaten_at: datetime
    meal_type: str
    description: str
    calories_kcal: float | None
    protein_g: float | None
    carbs_g: float | None
    fat_g: float | None
    source: str
    source_id: str


class StoredFeedbackOut(BaseModel):
    """Stored feedback on how the athlete feels."""

    id: int
    athlete_id: int
    recorded_at: datetime
    energy: int | None
    mood: int | None
    perceived_exertion: float | None
    notes: str
    source: str
    source_id: str


class RecordOut(BaseModel):
    """An exercise's personal records."""

    exercise: str
    best_e1rm_kg: float
    best_e1rm_at: datetime
    heaviest_kg: float
    heaviest_reps: int
    heaviest_at: datetime
    best_set_volume_kg: float
    best_set_volume_at: datetime
    most_reps: int
    e1rm_reliable: bool


class KindCountOut(BaseModel):
    """Records of one kind in an import."""

    read: int
    inserted: int
    skipped: int


class ImportOut(BaseModel):
    """What an import did."""

    athlete_id: int
    athlete_created: bool
    profile_updated: bool
    counts: dict[str, KindCountOut]
    notes: list[str] = Field(
        default_factory=list,
        description="What the import decided, e.g. that the athlete's own plan stays in force.",
    )


class DeletionOut(BaseModel):
    """What deleting an athlete removed from each store (``athletes.DeletionReport``)."""

    athlete_id: int
    database: dict[str, int] = Field(description="Rows removed per table.")
    devices: int = Field(description="Sensor devices that only this athlete's recordings used.")
    wearable_devices: int = Field(description="The athlete's wearable device registrations.")
    streams: dict[str, int] = Field(description="Messages removed per bus stream.")
    bus: str = Field(description='The bus searched: "redis" or "in-process".')


class ContraindicationOut(BaseModel):
    """One exclusion derived from the exercise's attributes by a contraindication rule."""

    kind: Literal["region", "condition"]
    what: str = Field(description="The injured region or the condition.")
    rule: str
    reason: str
    text: str = Field(description="The sentence an athlete reads.")


# A library exercise with what its attributes imply: the regions it loads and the injuries and
# conditions it does not suit, each with its reason (``exercises.as_record_dict``). Built from
# the record's fields, not a subclass: the record derives these four as properties.
_EXERCISE_FIELDS: dict[str, Any] = {
    **{name: (field.annotation, field) for name, field in ExerciseRecord.model_fields.items()},
    "body_regions": (list[str], ...),
    "contraindicated_regions": (list[str], ...),
    "contraindicated_conditions": (list[str], ...),
    "contraindications": (list[ContraindicationOut], ...),
}
ExerciseOut = create_model(
    "ExerciseOut",
    __config__=ConfigDict(extra="forbid", frozen=True),
    __doc__="A library exercise, the regions it loads and the contraindications its "
    "attributes imply, each with its reason.",
    **_EXERCISE_FIELDS,
)


class ExerciseHitOut(BaseModel):
    """A search or substitution hit: the exercise, a 0-100 score, and why."""

    exercise: ExerciseOut
    score: float
    reason: str = ""


def encoded(value: Any) -> JSONResponse:
    """``value`` as the route answered it before it had a response model (times as
    ``+00:00``, not ``Z``): the model documents the answer, this keeps its JSON unchanged."""
    return JSONResponse(jsonable_encoder(value))


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error shape for these statuses."""
    return {status: {"model": ErrorOut} for status in statuses}


# The export document (format version 4, docs/data-format.md), built from the columns the
# exporter writes so that the two cannot drift apart. Times and days stay the exporter's ISO
# strings; the route answers with ``response_model_exclude_unset`` so that an athlete without
# a profile keeps ``"profile": {}``.
_ISO_TIME = Annotated[str, Field(json_schema_extra={"format": "date-time"})]
_ISO_DAY = Annotated[str, Field(json_schema_extra={"format": "date"})]
_COLUMN_TYPES: dict[str, Any] = {
    "str": str,
    "int": int,
    "float": float,
    "bool": bool,
    "datetime": _ISO_TIME,
    "date": _ISO_DAY,
    "json": dict[str, float | int],
}
_FORBID = ConfigDict(extra="forbid")


def _record_model(
    name: str,
    columns: tuple[portability.Column, ...],
    types: dict[str, Any] | None = None,
    **extra: Any,
) -> Any:
    fields: dict[str, Any] = {}
    for column in columns:
        kind = (types or {}).get(column.name, _COLUMN_TYPES[column.type])
        fields[column.name] = (kind, ...) if column.required else (kind | None, None)
    return create_model(name, __config__=_FORBID, **fields, **extra)


def _list_of(model: Any) -> Any:
    return GenericAlias(list, (model,))


# A set's form check as exported: the stored result without the set's row id.
_FORM_CHECK_FIELDS: dict[str, Any] = {
    name: (field.annotation, field)
    for name, field in FormCheck.model_fields.items()
    if name != "set_id"
}
ExportFormCheckOut: Any = create_model(
    "ExportFormCheckOut", __config__=_FORBID, **_FORM_CHECK_FIELDS
)
ExportSetOut = _record_model(
    "ExportSetOut", portability.SET_FIELDS, {"form_check": ExportFormCheckOut}
)
_PROFILE_FIELDS: dict[str, Any] = {  # every field optional: an athlete may have no profile
    name: (Optional[field.annotation], None)  # noqa: UP045 (a runtime type, not an annotation)
    for name, field in ProfileOut.model_fields.items()
    if name != "updated_at"
}
ExportProfileOut: Any = create_model("ExportProfileOut", __config__=_FORBID, **_PROFILE_FIELDS)


class ExportOwnExerciseOut(BaseModel):
    """One of the athlete's own exercises, as the export writes it (``format.OWN_FIELD``)."""

    model_config = _FORBID

    slug: str
    name: str
    category: str
    movement_pattern: str
    equipment: list[str]
    primary_muscles: list[str]
    secondary_muscles: list[str]
    mechanics: str


class ExportAthleteOut(BaseModel):
    """Who the document is about."""

    model_config = _FORBID

    name: str
    email: str
    timezone: str
    profile: ExportProfileOut
    adaptive_dosing: bool = Field(
        description="Whether the dosing agent's weekly suggestion takes effect (version 3)."
    )
    own_exercises: list[ExportOwnExerciseOut] | None = Field(
        None,
        description="The athlete's own exercises (names the library lacks, kept as theirs), "
        "by the slug their sets name; written only when the athlete has some.",
    )


# A plan document as stored, without the athlete's internal id (the plan's own model, so that
# the schema says what a week, session and item hold).
_PLAN_FIELDS: dict[str, Any] = {
    name: (f.annotation, f) for name, f in Plan.model_fields.items() if name != "athlete_id"
}
ExportPlanDocumentOut: Any = create_model(
    "ExportPlanDocumentOut",
    __config__=_FORBID,
    __doc__="A plan document as stored (coach.plan.Plan without athlete_id).",
    **_PLAN_FIELDS,
)


class ExportReasonOut(BaseModel):
    """A stored reason: its code, parameters and the sentence it rendered to."""

    model_config = _FORBID

    code: str
    params: dict[str, ParamValue] = Field(default_factory=dict)
    text: str = ""


class ExportPlanVersionOut(BaseModel):
    """One version of the athlete's plan, as stored."""

    model_config = _FORBID

    version: int
    parent_version: int | None
    status: Literal["active", "proposed", "superseded", "rejected"]
    proposed_by: str
    actor: Literal["athlete", "coach", "admin"] | None = Field(
        description="Who proposed it (while proposed) or decided it; null: the local operator "
        "or an account not carried over."
    )
    created_at: _ISO_TIME
    decided_at: _ISO_TIME | None
    document: ExportPlanDocumentOut | None
    operations: list[PlanOperation] = Field(
        description="What made the version: edit operations, a generation or a review."
    )
    diff: list[Change]
    reasons: list[ExportReasonOut]
    verdict: VerdictView | None


class ExportMessageOut(BaseModel):
    """One message of the conversation (plaintext)."""

    model_config = _FORBID

    at: _ISO_TIME
    role: Literal["user", "assistant"]
    channel: Literal["web", "telegram", "mcp", "cli"]
    text: str
    intent: str | None
    source: str | None
    provider: str | None
    model: str | None
    proposed_version: int | None
    escalated: bool
    tool_calls: list[ExportToolCallOut]


class ExportConversationOut(BaseModel):
    """The athlete's conversation with the coach."""

    model_config = _FORBID

    started_at: _ISO_TIME
    messages: list[ExportMessageOut]


_EXPORT_FIELDS: dict[str, Any] = {
    "format": (str, ...),
    "version": (int, ...),
    "exported_at": (_ISO_TIME, ...),
    "athlete": (ExportAthleteOut, ...),
}
for _kind in portability.KINDS:
    _sets: dict[str, Any] = {"sets": (_list_of(ExportSetOut), ...)} if _kind == "workouts" else {}
    _model = _record_model(f"Export{_kind.capitalize()}Out", portability.COLUMNS[_kind], **_sets)
    _EXPORT_FIELDS[_kind] = (_list_of(_model), ...)
_EXPORT_FIELDS["plans"] = (list[ExportPlanVersionOut], ...)
_EXPORT_FIELDS["conversations"] = (list[ExportConversationOut], ...)
_FLAT_TYPES: dict[str, dict[str, Any]] = {"recordings": {"counters": RecordingCounters}}
for _kind in portability.FLAT_KINDS:
    _name = "Export" + "".join(part.capitalize() for part in _kind.split("_")) + "Out"
    _model = _record_model(_name, portability.COLUMNS[_kind], _FLAT_TYPES.get(_kind))
    _EXPORT_FIELDS[_kind] = (_list_of(_model), ...)
# Version 4: body measurements (one record per day and site).
_EXPORT_FIELDS["measurements"] = (
    _list_of(_record_model("ExportMeasurementsOut", portability.COLUMNS["measurements"])),
    ...,
)

ExportOut = create_model(
    "ExportOut",
    __config__=_FORBID,
    __doc__="Everything of one athlete as a version 4 export document.",
    **_EXPORT_FIELDS,
)
