"""Shapes of API requests and responses that the coach schemas do not already define."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

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
    """The outcome of a log call: ``created`` is false when the record was already stored."""

    kind: str
    id: int
    created: bool


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


class ExerciseHitOut(BaseModel):
    """A search or substitution hit: the exercise, a 0-100 score, and why."""

    exercise: ExerciseRecord
    score: float
    reason: str = ""


def error_responses(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """OpenAPI ``responses`` documenting the error shape for these statuses."""
    return {status: {"model": ErrorOut} for status in statuses}
