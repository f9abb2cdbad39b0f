"""Validated shapes at the service boundary (inputs and outputs of the training log)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import date, datetime
from typing import Annotated, Any, Literal, NotRequired
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    ValidationInfo,
    field_validator,
    model_validator,
)
from typing_extensions import TypedDict

from fitcoach.coach import vocabulary as vocab
from fitcoach.core.bounds import Day, Instant, Text, too_young_problem
from fitcoach.core.countries import country_code
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    distance_unit,
    length_unit,
    mass_unit,
    parse_distance_m,
    parse_duration_s,
    parse_length_cm,
    parse_mass_kg,
    to_precision,
)

# The validation-context key that carries today's date. "Today" belongs to the caller's
# injectable clock (``services.context.validate(..., clock=ctx.clock)``), never to the system
# clock read here.
TODAY = "today"
# The validation-context key that carries the athlete's unit system (``core.units.Units``):
# what a quantity typed without a unit is in (``services.context.validate(..., units=...)``).
UNITS = "units"
EARLIEST_BIRTH_DATE = date(1900, 1, 1)


def _unit(parser: Any, kind: str, bare_unit: Callable[[Units], str] | None = None) -> Any:
    """Wrap a unit parser so its ``InvalidInput`` reads as a field error; the value is rounded
    to its measurement's precision (``core.units.PRECISION``) before the range checks.

    A JSON number is in the field's own unit (``weight_kg``: kg); text with a unit is converted;
    text without one is in ``bare_unit`` of the context's ``UNITS`` (the athlete's unit system:
    "176" is lb for an imperial athlete) and else in the parser's default (kg, km)."""

    def convert(value: Any, info: ValidationInfo) -> Any:
        if value is None or value == "":
            return None
        units = (info.context or {}).get(UNITS)
        try:
            if bare_unit is not None and units is not None and isinstance(value, str):
                return to_precision(parser(value, bare_unit(units)), kind)
            return to_precision(parser(value), kind)
        except InvalidInput as exc:
            raise ValueError(exc.message) from None

    return BeforeValidator(convert)


def _precise(kind: str) -> Any:
    """Round a plain number to its measurement's precision before the range checks (anything
    else is left for the field's own validation to refuse)."""

    def rounded(value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            return value
        try:
            return to_precision(float(value), kind)
        except (ValueError, OverflowError):  # a 401-digit integer overflows a float
            return value

    return BeforeValidator(rounded)


def _in(vocabulary: tuple[str, ...], what: str) -> Any:
    def check(values: list[str]) -> list[str]:
        unknown = [v for v in values if v not in vocabulary]
        if unknown:
            raise ValueError(f"unknown {what} {unknown}; choose from {', '.join(vocabulary)}")
        return list(dict.fromkeys(values))

    return AfterValidator(check)


def _lower_list(value: Any) -> Any:
    if isinstance(value, str):
        value = [v for v in value.split(",") if v.strip()]
    if isinstance(value, list):
        return [
            v.strip().lower().replace(" ", "_").replace("-", "_") if isinstance(v, str) else v
            for v in value
        ]
    return value


BodyKg = Annotated[float, _unit(parse_mass_kg, "body_mass_kg", mass_unit)]
Kg = Annotated[float, _unit(parse_mass_kg, "load_kg", mass_unit)]
Metres = Annotated[float, _unit(parse_distance_m, "distance_m", distance_unit)]
Seconds = Annotated[float, _unit(parse_duration_s, "duration_s")]
SleepSeconds = Annotated[float, _unit(parse_duration_s, "sleep_s")]
# A bare number typed as text is cm, or inches for an imperial athlete ("70"); "5 ft 10" and
# "178 cm" say their own unit.
Centimetres = Annotated[float, _unit(parse_length_cm, "length_cm", length_unit)]
HeartRate = Annotated[float, _precise("heart_rate_bpm")]
Hrv = Annotated[float, _precise("hrv_ms")]
Kcal = Annotated[float, _precise("energy_kcal")]
Grams = Annotated[float, _precise("macro_g")]
Equipment = Annotated[list[str], BeforeValidator(_lower_list), _in(vocab.EQUIPMENT, "equipment")]
Conditions = Annotated[list[str], BeforeValidator(_lower_list), _in(vocab.CONDITIONS, "condition")]
Goals = Annotated[list[str], BeforeValidator(_lower_list), _in(vocab.GOALS, "goal")]
Diet = Annotated[
    list[str], BeforeValidator(_lower_list), _in(vocab.DIETARY_RESTRICTIONS, "dietary restriction")
]
Words = Annotated[list[Text], BeforeValidator(_lower_list)]
# Where the athlete lives: an ISO 3166-1 alpha-2 code ("ie" is read as "IE"); it picks the
# crisis line the self-harm reply shows (``coach.rules.crisis_lines``).
Country = Annotated[
    Text,
    Field(min_length=2, max_length=2, examples=["GB", "IE"]),
    AfterValidator(country_code),
]


# The models that are no API request body build their validator and serializer on first use,
# not at import (``defer_build``; the CLI's start-up: most commands validate none of them). A request
# body stays built at import: FastAPI builds a deferred one at the first request, where
# pydantic then warns about the body's alias.
_DEFERRED = ConfigDict(defer_build=True)


class _In(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Injury(_In):
    """An injury or pain in a body region; the coach avoids loading it."""

    model_config = _DEFERRED

    region: Text
    severity: vocab.Severity = "moderate"
    note: Text = Field(default="", max_length=500)
    since: Day | None = None

    @field_validator("region")
    @classmethod
    def _region(cls, value: str) -> str:
        value = value.lower().replace(" ", "_").replace("-", "_")
        if value not in vocab.BODY_REGIONS:
            raise ValueError(
                f"unknown body region {value!r}; choose from {', '.join(vocab.BODY_REGIONS)}"
            )
        return value


class PlateSetup(_In):
    """The athlete's barbell and plates (for the guided workout's plate maths): kg or lb
    plates, the bar's weight and the plate sizes they have, both in that unit."""

    model_config = _DEFERRED

    unit: Literal["kg", "lb"] = "kg"
    bar: float = Field(default=20.0, ge=0, le=100, description="The bar's weight, in ``unit``.")
    plates: list[Annotated[float, Field(gt=0, le=100)]] = Field(
        default_factory=lambda: [25.0, 20.0, 15.0, 10.0, 5.0, 2.5, 1.25],
        min_length=1,
        max_length=12,
        description="The plate sizes available (enough of each), in ``unit``.",
    )

    @field_validator("plates")
    @classmethod
    def _sorted(cls, value: list[float]) -> list[float]:
        return sorted(set(value), reverse=True)


class ProfileFields(_In):
    """Every profile field optional: the shape of an update.

    ``birth_date`` lies from 1900 to today and makes the athlete at least ``MIN_AGE_YEARS`` (16,
    ``core.bounds``) old: the plans are for adults and older teens, not children.
    """

    birth_date: date | None = None
    sex: vocab.Sex | None = None
    height_cm: Annotated[Centimetres, Field(gt=50, lt=275)] | None = None
    weight_kg: Annotated[BodyKg, Field(gt=20, lt=400)] | None = None
    sports: Words | None = None
    goals: Goals | None = None
    experience_level: vocab.Level | None = None
    days_per_week: Annotated[int, Field(ge=1, le=7)] | None = None
    session_minutes: Annotated[int, Field(ge=10, le=300)] | None = None
    equipment: Equipment | None = None
    injuries: list[Injury] | None = None
    conditions: Conditions | None = None
    dietary_restrictions: Diet | None = None
    preferences: Words | None = None
    dislikes: Words | None = None
    plates: PlateSetup | None = None
    units: Units | None = None
    country: Country | None = None

    @field_validator("birth_date")
    @classmethod
    def _plausible_birth(cls, value: date | None, info: ValidationInfo) -> date | None:
        """From 1900 to today, and at least ``MIN_AGE_YEARS`` (16) years before today, today
        being the context's ``TODAY``: fitcoach's plans are for adults and older teens (the
        planner's minors' rules cover 16 and 17), and an age of 0 is a typo. Without a context
        (a body FastAPI validated) only 1900 is checked; the service validates again with its
        clock, so every interface refuses the same dates with the same message."""
        today: date | None = (info.context or {}).get(TODAY)
        if value is None:
            return value
        if not (EARLIEST_BIRTH_DATE <= value <= (today or date.max)):
            raise ValueError("birth date must lie between 1900 and today")
        problem = None if today is None else too_young_problem(value, today)
        if problem is not None:
            raise ValueError(problem)
        return value


class StoredInjury(TypedDict):
    """An injury as the profile stores it: the fields given for it (``Injury``; an unset
    severity or note is left out and means its default), ``since`` always once stored."""

    region: str
    severity: NotRequired[vocab.Severity]
    note: NotRequired[str]
    since: NotRequired[date | None]


class ProfileOut(BaseModel):
    """A stored profile."""

    model_config = ConfigDict(from_attributes=True, defer_build=True)

    birth_date: date | None
    sex: str | None
    height_cm: float | None
    weight_kg: float | None
    sports: list[str]
    goals: list[str]
    experience_level: str
    days_per_week: int
    session_minutes: int
    equipment: list[str]
    injuries: list[StoredInjury]
    conditions: list[str]
    dietary_restrictions: list[str]
    preferences: list[str]
    dislikes: list[str]
    plates: PlateSetup | None = None
    units: Units = "metric"
    country: str | None = None
    updated_at: datetime


class AthleteCreate(_In):
    """A new athlete with an account of their own."""

    model_config = _DEFERRED

    name: Text = Field(min_length=1, max_length=120)
    email: Text = Field(pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$", max_length=254)
    timezone: Text = Field(default="UTC", max_length=64)
    profile: ProfileFields = Field(default_factory=ProfileFields)
    # The purposes the person agreed to when the account was made; None: what onboarding
    # grants unless asked otherwise (logs, sensor data, coach sharing; never model training).
    consents: list[ConsentPurpose] | None = None

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        if value in ("UTC", "Etc/UTC"):
            return value
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(
                f"unknown time zone {value!r}; use an IANA name like Europe/Madrid"
            ) from None
        return value


class AthleteOut(BaseModel):
    """An athlete and their profile."""

    model_config = _DEFERRED

    id: int
    name: str
    email: str
    timezone: str
    created_at: datetime
    profile: ProfileOut | None


def _source_id() -> str:
    return uuid.uuid4().hex


class _Sourced(_In):
    """Anything that may come from outside: (source, source_id) makes re-imports no-ops."""

    source: Text = Field(default="manual", min_length=1, max_length=40)
    source_id: Text = Field(default_factory=_source_id, min_length=1, max_length=120)


class SetIn(_In):
    """One set as logged."""

    exercise: Text = Field(min_length=1, description="Exercise slug, name or alias.")
    reps: Annotated[int, Field(ge=0, le=1000)]
    weight_kg: Annotated[Kg, Field(ge=0, le=1000)] | None = None
    rir: Annotated[float, Field(ge=0, le=10)] | None = None
    completed: bool = True
    is_warmup: bool = False
    notes: Text = Field(default="", max_length=1000)


class WorkoutIn(_Sourced):
    """A strength session with its sets in order."""

    started_at: Instant
    duration_s: Annotated[Seconds, Field(gt=0, le=86400)] | None = None
    title: Text = Field(default="", max_length=120)
    notes: Text = Field(default="", max_length=5000)
    session_rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    sets: list[SetIn] = Field(min_length=1)


# A cardio session's bounds (two days, 2,000 km): forms that take other units say them in those.
MAX_CARDIO_DURATION_S = 172_800
MAX_CARDIO_DISTANCE_M = 2_000_000


class CardioIn(_Sourced):
    """A cardio or activity session."""

    activity_type: Text = Field(min_length=1, max_length=40)
    started_at: Instant
    duration_s: Annotated[Seconds, Field(gt=0, le=MAX_CARDIO_DURATION_S)]
    distance_m: Annotated[Metres, Field(ge=0, le=MAX_CARDIO_DISTANCE_M)] | None = None
    avg_hr: Annotated[HeartRate, Field(ge=25, le=250)] | None = None
    max_hr: Annotated[HeartRate, Field(ge=25, le=250)] | None = None
    calories_kcal: Annotated[Kcal, Field(ge=0, le=20000)] | None = None
    steps: Annotated[int, Field(ge=0, le=500_000)] | None = None
    session_rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    notes: Text = Field(default="", max_length=5000)

    @model_validator(mode="after")
    def _hr_order(self) -> CardioIn:
        if self.avg_hr is not None and self.max_hr is not None and self.avg_hr > self.max_hr:
            raise ValueError("avg_hr (average heart rate) cannot exceed max_hr (maximum)")
        return self


Scale5 = Annotated[int, Field(ge=1, le=5)]
Scale10 = Annotated[int, Field(ge=1, le=10)]


class DailyMetricsIn(_Sourced):
    """Readings for one day; fields left out keep their stored value."""

    day: Day
    sleep_s: Annotated[SleepSeconds, Field(ge=0, le=86400)] | None = None
    sleep_quality: Scale5 | None = None
    weight_kg: Annotated[BodyKg, Field(gt=20, lt=400)] | None = None
    resting_hr: Annotated[HeartRate, Field(ge=20, le=150)] | None = None
    hrv_rmssd_ms: Annotated[Hrv, Field(gt=0, lt=500)] | None = None
    calories_in_kcal: Annotated[Kcal, Field(ge=0, le=20000)] | None = None
    protein_g: Annotated[Grams, Field(ge=0, le=1000)] | None = None
    mood: Scale5 | None = None
    energy: Scale5 | None = None
    soreness: Scale5 | None = None
    stress: Scale5 | None = None


SLEEP_STAGES = ("awake", "light", "deep", "rem")


class SleepIn(_Sourced):
    """A sleep session; stages are seconds in each of awake, light, deep and REM."""

    started_at: Instant
    ended_at: Instant
    # Stages to the second (each rounded to the minute could add up to more than the night).
    stages_s: dict[Text, Annotated[Seconds, Field(ge=0)]] = Field(default_factory=dict)
    awakenings: Annotated[int, Field(ge=0, le=200)] | None = None
    quality: Scale5 | None = None

    @model_validator(mode="after")
    def _consistent(self) -> SleepIn:
        if self.ended_at <= self.started_at:
            raise ValueError("ended_at must be after started_at (sleep ends after it starts)")
        length = (self.ended_at - self.started_at).total_seconds()
        if length > 24 * 3600:
            raise ValueError("a sleep session cannot last more than 24 hours")
        unknown = set(self.stages_s) - set(SLEEP_STAGES)
        if unknown:
            raise ValueError(
                f"unknown sleep stages {sorted(unknown)}; use {', '.join(SLEEP_STAGES)}"
            )
        if sum(self.stages_s.values()) > length + 60:
            raise ValueError("sleep stages add up to more than the time in bed")
        return self


class MealIn(_Sourced):
    """A meal with energy and macros."""

    eaten_at: Instant
    meal_type: str = Field(default="meal", pattern=r"^(breakfast|lunch|dinner|snack|meal)$")
    description: Text = Field(default="", max_length=2000)
    calories_kcal: Annotated[Kcal, Field(ge=0, le=10000)] | None = None
    protein_g: Annotated[Grams, Field(ge=0, le=1000)] | None = None
    carbs_g: Annotated[Grams, Field(ge=0, le=2000)] | None = None
    fat_g: Annotated[Grams, Field(ge=0, le=1000)] | None = None


class FeedbackIn(_Sourced):
    """How the athlete feels (energy and mood 1–10, perceived exertion 0–10)."""

    recorded_at: Instant
    energy: Scale10 | None = None
    mood: Scale10 | None = None
    perceived_exertion: Annotated[float, Field(ge=0, le=10)] | None = None
    notes: Text = Field(default="", max_length=2000)
