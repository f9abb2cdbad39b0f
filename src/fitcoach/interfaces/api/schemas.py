"""Shapes of API requests and responses that the coach schemas do not already define."""

from __future__ import annotations

from datetime import datetime
from types import GenericAlias
from typing import Annotated, Any, Literal, Optional

from fastapi.encoders import jsonable_encoder
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field, create_model

from fitcoach.coach.schemas import ProfileOut
from fitcoach.coach.services import portability
from fitcoach.coach.services.exercises import ExerciseRecord
from fitcoach.core.bounds import Text
from fitcoach.storage.models.tokens import TokenScope


class ErrorBody(BaseModel):
    """The inside of every error answer."""

    code: str
    message: str
    details: dict[str, Any] = Field(default_factory=dict)


class ErrorOut(BaseModel):
    """Every error answers ``{"error": {"code", "message", "details"}}``."""

    error: ErrorBody


class HealthOut(BaseModel):
    """The app is up and its database answers."""

    status: str
    version: str
    database: str = Field(description="The database's dialect: sqlite or postgresql.")


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


class Page(BaseModel):
    """One page of records, oldest first."""

    items: list[dict[str, Any]]
    limit: int
    offset: int
    count: int


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


# The export document (format version 1, docs/data-format.md), built from the columns the
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


def _record_model(name: str, columns: tuple[portability.Column, ...], **extra: Any) -> Any:
    fields: dict[str, Any] = {}
    for column in columns:
        kind = _COLUMN_TYPES[column.type]
        fields[column.name] = (kind, ...) if column.required else (kind | None, None)
    return create_model(name, __config__=_FORBID, **fields, **extra)


def _list_of(model: Any) -> Any:
    return GenericAlias(list, (model,))


ExportSetOut = _record_model("ExportSetOut", portability.SET_FIELDS)
_PROFILE_FIELDS: dict[str, Any] = {  # every field optional: an athlete may have no profile
    name: (Optional[field.annotation], None)  # noqa: UP045 (a runtime type, not an annotation)
    for name, field in ProfileOut.model_fields.items()
    if name != "updated_at"
}
ExportProfileOut: Any = create_model("ExportProfileOut", __config__=_FORBID, **_PROFILE_FIELDS)


class ExportAthleteOut(BaseModel):
    """Who the document is about."""

    model_config = _FORBID

    name: str
    email: str
    timezone: str
    profile: ExportProfileOut


_EXPORT_FIELDS: dict[str, Any] = {
    "format": (str, ...),
    "version": (int, ...),
    "exported_at": (_ISO_TIME, ...),
    "athlete": (ExportAthleteOut, ...),
}
for _kind in portability.KINDS:
    _sets = {"sets": (_list_of(ExportSetOut), ...)} if _kind == "workouts" else {}
    _model = _record_model(f"Export{_kind.capitalize()}Out", portability.COLUMNS[_kind], **_sets)
    _EXPORT_FIELDS[_kind] = (_list_of(_model), ...)

ExportOut = create_model(
    "ExportOut",
    __config__=_FORBID,
    __doc__="Everything of one athlete as a version 1 export document.",
    **_EXPORT_FIELDS,
)
