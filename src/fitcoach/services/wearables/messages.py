"""The six ``fitness:*`` message shapes and their validation (``parse_message``).

Numbers are bare numbers in the unit the field name says; a number given as text is refused, as
in the export format. A message that does not fit raises ``InvalidRecord`` with the reason that
goes to the dead-letter stream.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from fitcoach.core.bounds import MIN_AGE_YEARS
from fitcoach.core.errors import invalid_from


def _num(
    *,
    gt: float | None = None,
    ge: float | None = None,
    lt: float | None = None,
    le: float | None = None,
) -> Any:
    return Field(strict=True, gt=gt, ge=ge, lt=lt, le=le)


Id = Annotated[str, Field(min_length=1, max_length=120)]

GOAL_SYNONYMS: dict[str, str] = {
    "weight_loss": "fat_loss",
    "lose_weight": "fat_loss",
    "fat_loss": "fat_loss",
    "muscle_gain": "hypertrophy",
    "build_muscle": "hypertrophy",
    "hypertrophy": "hypertrophy",
    "strength": "strength",
    "endurance": "endurance",
    "cardio": "endurance",
    "general_fitness": "general_fitness",
    "maintenance": "general_fitness",
    "health": "general_fitness",
    "sport_performance": "sport_performance",
    "performance": "sport_performance",
}
SEX_SYNONYMS = {"female": "female", "f": "female", "male": "male", "m": "male", "other": "other"}
STAGE_SYNONYMS = {
    "deep": "deep",
    "light": "light",
    "core": "light",
    "rem": "rem",
    "awake": "awake",
    "wake": "awake",
}


class StreamMsg(BaseModel):
    """What every stream's message has: the platform's user, by UUID; nothing else unnamed."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    user_id: uuid.UUID

    @property
    def user(self) -> str:
        return str(self.user_id)


class UserMsg(StreamMsg):
    """``fitness:users``: a wearable user and their profile."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    age: Annotated[int, _num(ge=MIN_AGE_YEARS, le=110)]  # the profile's youngest
    sex: str
    height_cm: Annotated[float, _num(gt=50, lt=275)]
    weight_kg: Annotated[float, _num(gt=20, lt=400)]
    goals: list[str] = Field(default_factory=list)
    timezone: str = "UTC"

    @field_validator("sex")
    @classmethod
    def _sex(cls, value: str) -> str:
        found = SEX_SYNONYMS.get(value.lower())
        if found is None:
            raise ValueError(f"unknown sex {value!r}; use female, male or other (or f, m)")
        return found

    @field_validator("goals")
    @classmethod
    def _goals(cls, values: list[str]) -> list[str]:
        out = []
        for value in values:
            goal = GOAL_SYNONYMS.get(value.strip().lower().replace(" ", "_").replace("-", "_"))
            if goal is None:
                raise ValueError(f"unknown goal {value!r}; use one of {', '.join(GOAL_SYNONYMS)}")
            out.append(goal)
        return list(dict.fromkeys(out))


class DeviceMsg(StreamMsg):
    """``fitness:devices``: a device and the user wearing it."""

    device_id: Id
    model: str = Field(min_length=1, max_length=80)


class EventMsg(StreamMsg):
    """``fitness:events``: one activity; ``event_ts`` is when it started."""

    event_id: Id
    device_id: Id | None = None
    activity_type: str = Field(min_length=1, max_length=40)
    event_ts: AwareDatetime
    duration_s: Annotated[float, _num(gt=0, le=172_800)]
    heart_rate_bpm: Annotated[float, _num(ge=25, le=250)] | None = None
    max_heart_rate_bpm: Annotated[float, _num(ge=25, le=250)] | None = None
    calories_burned: Annotated[float, _num(ge=0, le=20_000)] | None = None
    step_increment: Annotated[int, _num(ge=0, le=500_000)] | None = None
    distance_m: Annotated[float, _num(ge=0, le=2_000_000)] | None = None


class SleepMsg(StreamMsg):
    """``fitness:sleep``: a session; stages in minutes (or seconds with ``stage_unit: "s"``)."""

    session_id: Id
    start_ts: AwareDatetime
    end_ts: AwareDatetime
    quality: Annotated[float, _num(ge=0, le=1)] | None = None
    sleep_stage_breakdown: dict[str, Annotated[float, _num(ge=0)]] = Field(default_factory=dict)
    stage_unit: Literal["min", "s"] = "min"
    awakenings: Annotated[int, _num(ge=0, le=200)] | None = None

    @field_validator("sleep_stage_breakdown")
    @classmethod
    def _stages(cls, value: dict[str, float]) -> dict[str, float]:
        out: dict[str, float] = {}
        for key, amount in value.items():
            stage = STAGE_SYNONYMS.get(key.strip().lower())
            if stage is None:
                raise ValueError(
                    f"unknown sleep stage {key!r}; use {', '.join(sorted(set(STAGE_SYNONYMS)))}"
                )
            out[stage] = out.get(stage, 0.0) + amount
        return out


class MealMsg(StreamMsg):
    """``fitness:nutrition``: a meal; energy in kcal, macros in grams."""

    meal_id: Id
    ts: AwareDatetime
    meal_type: Literal["breakfast", "lunch", "dinner", "snack", "meal"] = "meal"
    description: str = Field(default="", max_length=2000)
    calories: Annotated[float, _num(ge=0, le=10_000)] | None = None
    protein_g: Annotated[float, _num(ge=0, le=1000)] | None = None
    carbs_g: Annotated[float, _num(ge=0, le=2000)] | None = None
    fat_g: Annotated[float, _num(ge=0, le=1000)] | None = None


class FeedbackMsg(StreamMsg):
    """``fitness:feedback``: how the user feels (mood, energy 1–10; perceived exertion 0–10)."""

    feedback_id: Id
    ts: AwareDatetime
    mood: Annotated[int, _num(ge=1, le=10)] | None = None
    energy: Annotated[int, _num(ge=1, le=10)] | None = None
    perceived_exertion: Annotated[float, _num(ge=0, le=10)] | None = None
    notes: str = Field(default="", max_length=2000)


MESSAGE_SCHEMAS: dict[str, type[StreamMsg]] = {
    "users": UserMsg,
    "devices": DeviceMsg,
    "events": EventMsg,
    "sleep": SleepMsg,
    "nutrition": MealMsg,
    "feedback": FeedbackMsg,
}


class InvalidRecord(Exception):
    """A message that cannot be stored; ``reason`` says why (it goes to the dead letter)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def validation_reason(exc: ValidationError) -> str:
    """The one-line reason of a validation error, as the dead letter gives it."""
    return invalid_from(exc).message


def parse_message(kind: str, payload: Mapping[str, Any]) -> StreamMsg:
    """Validate a payload as its stream's message, or raise ``InvalidRecord`` with the reason."""
    if not payload:
        raise InvalidRecord("empty or undecodable payload (not a JSON object)")
    try:
        return MESSAGE_SCHEMAS[kind].model_validate(payload)
    except ValidationError as exc:
        raise InvalidRecord(validation_reason(exc)) from None
