"""From stream messages to training-log records: the athlete of a user, units converted, and
the same schemas and future-date rule as ``fitcoach log`` and ``fitcoach import``."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from pydantic import BaseModel, ValidationError

from fitcoach.coach.schemas import AthleteCreate, CardioIn, FeedbackIn, MealIn, ProfileFields
from fitcoach.coach.schemas import SleepIn as SleepRecord
from fitcoach.core.bounds import birth_date_for_age
from fitcoach.core.errors import FitcoachError
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.records import SCHEMAS, TIME_FIELDS
from fitcoach.services.training_log import _not_future
from fitcoach.services.wearables.messages import (
    EventMsg,
    FeedbackMsg,
    InvalidRecord,
    MealMsg,
    SleepMsg,
    StreamMsg,
    UserMsg,
    validation_reason,
)
from fitcoach.storage.repositories import wearables as repo

# Stream kind → record kind of the training log (users and devices are not records).
RECORD_KINDS: dict[str, str] = {
    "events": "cardio",
    "sleep": "sleep",
    "nutrition": "meals",
    "feedback": "feedback",
}
SOURCES = {kind: f"wearable:{kind}" for kind in RECORD_KINDS}
"""The ``source`` of every stored record: the stream it came from (never the device model,
which could differ between two deliveries of the same message and so break the dedup)."""


def quality_1_to_5(quality: float) -> int:
    """A 0–1 sleep score on fitcoach's 1–5 scale (0 → 1, 0.5 → 3, 1 → 5)."""
    return int(min(5, max(1, 1 + round(quality * 4))))


def athlete_for_user(msg: UserMsg, today: date) -> AthleteCreate:
    """The athlete (account e-mail ``<uuid>@wearable.invalid``) for a wearable user."""
    return AthleteCreate(
        name=msg.name or f"Wearable user {msg.user[:8]}",
        email=repo.wearable_email(msg.user_id),
        timezone=msg.timezone,
        profile=ProfileFields(
            birth_date=birth_date_for_age(msg.age, today),
            sex=msg.sex,
            height_cm=msg.height_cm,
            weight_kg=msg.weight_kg,
            goals=msg.goals or ["general_fitness"],
        ),
    )


def to_record(kind: str, msg: StreamMsg, device_models: Mapping[str, str]) -> BaseModel:
    """The training-log record for a stream message, units converted (validated again)."""
    if isinstance(msg, EventMsg):
        model = device_models.get(msg.device_id or "")
        return CardioIn(
            source=SOURCES[kind],
            source_id=msg.event_id,
            activity_type=msg.activity_type,
            started_at=msg.event_ts,
            duration_s=msg.duration_s,
            distance_m=msg.distance_m,
            avg_hr=msg.heart_rate_bpm,
            max_hr=msg.max_heart_rate_bpm,
            calories_kcal=msg.calories_burned,
            steps=msg.step_increment,
            notes=f"Recorded by {model}." if model else "",
        )
    if isinstance(msg, SleepMsg):
        factor = 60.0 if msg.stage_unit == "min" else 1.0
        try:
            return SleepRecord(
                source=SOURCES[kind],
                source_id=msg.session_id,
                started_at=msg.start_ts,
                ended_at=msg.end_ts,
                stages_s={k: v * factor for k, v in msg.sleep_stage_breakdown.items()},
                awakenings=msg.awakenings,
                quality=None if msg.quality is None else quality_1_to_5(msg.quality),
            )
        except ValidationError as exc:
            if any("more than the time in bed" in e["msg"] for e in exc.errors()):
                unit = "minutes" if msg.stage_unit == "min" else "seconds"
                raise InvalidRecord(
                    f"sleep_stage_breakdown: stages add up to more than the time in bed; they "
                    f"are read as {unit} (stage_unit {msg.stage_unit!r}) - seconds sent as "
                    "minutes? Set stage_unit to 's' for seconds"
                ) from None
            raise
    if isinstance(msg, MealMsg):
        return MealIn(
            source=SOURCES[kind],
            source_id=msg.meal_id,
            eaten_at=msg.ts,
            meal_type=msg.meal_type,
            description=msg.description,
            calories_kcal=msg.calories,
            protein_g=msg.protein_g,
            carbs_g=msg.carbs_g,
            fat_g=msg.fat_g,
        )
    if isinstance(msg, FeedbackMsg):
        return FeedbackIn(
            source=SOURCES[kind],
            source_id=msg.feedback_id,
            recorded_at=msg.ts,
            energy=msg.energy,
            mood=msg.mood,
            perceived_exertion=msg.perceived_exertion,
            notes=msg.notes,
        )
    raise TypeError(f"{kind} messages are not records")


def record_row(
    ctx: ServiceContext, kind: str, msg: StreamMsg, devices: Mapping[str, str]
) -> dict[str, Any]:
    """A validated row ready for ``insert_records`` (the same checks as an import)."""
    record_kind = RECORD_KINDS[kind]
    try:
        record = to_record(kind, msg, devices)
        # The service schema's own rules (and its normalisation) apply as for every import.
        spec = SCHEMAS[record_kind].model_validate(record.model_dump())
    except ValidationError as exc:
        raise InvalidRecord(validation_reason(exc)) from None
    time_field, what = TIME_FIELDS[record_kind]
    try:
        _not_future(ctx, getattr(spec, time_field), time_field, what)
    except FitcoachError as exc:
        raise InvalidRecord(exc.message) from None
    values = spec.model_dump()
    if record_kind == "cardio":  # normalised as the single-record log does
        values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in values.items()}
