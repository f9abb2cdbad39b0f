"""Wearable streams: the six ``fitness:*`` message shapes and the consumer that stores them.

A wearable platform publishes on six streams (``docs/wearables.md`` has every field):

========================  =====================================  ============================
stream                    message                                stored as
========================  =====================================  ============================
``fitness:users``         a user: id, age, sex, height, weight   an athlete and profile
``fitness:devices``       a device: id, user, model              (validated; named in notes)
``fitness:events``        an activity with heart rate, energy    a cardio/activity session
``fitness:sleep``         a sleep session with stages            a sleep session
``fitness:nutrition``     a meal with energy and macros          a meal
``fitness:feedback``      daily mood, energy, perceived effort   a feedback record
========================  =====================================  ============================

The wearables consumer (``workers.wearables.consume``) reads all six with a consumer group on
the shared stream loop (``ingest.worker.StreamWorker``, as the frame consumer and the vitals
worker do: batches, reclaim of a crashed consumer's messages, retry after a database error,
SIGTERM/SIGINT finish the batch in hand) and stores each batch with ``store_batch``, which
converts units at the edge, validates each
record with the same schemas and future-date rule as ``fitcoach log`` and ``fitcoach import``
(``portability.SCHEMAS``/``TIME_FIELDS``), writes them with ``bulk.insert_ignore`` keyed by
``(source, source_id)`` = ``("wearable:<stream>", <the message's own id>)``, commits, and only
then acknowledges. A message delivered twice therefore stores nothing the second time, and a
crash between commit and ack only causes a redelivery that is counted as a duplicate.

Bad input never stops the consumer: a message that does not decode, misses a field, uses a
wrong unit or an unknown user is published on the dead-letter stream (``fitness:dead-letter``)
with the reason, counted, and acknowledged.

The data of an athlete without ``sensor_data`` consent is *withheld*: their records are not
stored and their devices not registered (``consent.device_refused`` is logged, saying to give
sensor consent first); nothing of it is dead-lettered (a dead letter would keep the data
refused), and after the commit those messages are acknowledged and deleted from their streams
(``Bus.ack_delete``). Withdrawing the consent unregisters the athlete's devices
(``consent.withdraw``).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, field_validator

from fitcoach.coach.schemas import AthleteCreate, CardioIn, FeedbackIn, MealIn, ProfileFields
from fitcoach.coach.schemas import SleepIn as SleepRecord
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import FitcoachError, invalid_from
from fitcoach.core.logging import get_logger
from fitcoach.ingest.bus import Message
from fitcoach.ingest.producers import WEARABLE_KINDS as KINDS
from fitcoach.ingest.producers import WEARABLE_PREFIX as DEFAULT_PREFIX
from fitcoach.ingest.producers import WearableStreams
from fitcoach.services import athletes, consent
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.records import SCHEMAS, TIME_FIELDS
from fitcoach.services.training_log import MODELS, _not_future
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import wearables as repo

log = get_logger(__name__)

DEFAULT_GROUP = "wearables"
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


# --------------------------------------------------------------------------------------------
# Message shapes (what arrives on each stream). Numbers are bare numbers in the unit the field
# name says; a number given as text is refused, as in the export format.


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


class _Msg(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    user_id: uuid.UUID

    @property
    def user(self) -> str:
        return str(self.user_id)


class UserMsg(_Msg):
    """``fitness:users``: a wearable user and their profile."""

    name: str | None = Field(default=None, min_length=1, max_length=120)
    age: Annotated[int, _num(ge=10, le=110)]
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


class DeviceMsg(_Msg):
    """``fitness:devices``: a device and the user wearing it."""

    device_id: Id
    model: str = Field(min_length=1, max_length=80)


class EventMsg(_Msg):
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


class SleepMsg(_Msg):
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


class MealMsg(_Msg):
    """``fitness:nutrition``: a meal; energy in kcal, macros in grams."""

    meal_id: Id
    ts: AwareDatetime
    meal_type: Literal["breakfast", "lunch", "dinner", "snack", "meal"] = "meal"
    description: str = Field(default="", max_length=2000)
    calories: Annotated[float, _num(ge=0, le=10_000)] | None = None
    protein_g: Annotated[float, _num(ge=0, le=1000)] | None = None
    carbs_g: Annotated[float, _num(ge=0, le=2000)] | None = None
    fat_g: Annotated[float, _num(ge=0, le=1000)] | None = None


class FeedbackMsg(_Msg):
    """``fitness:feedback``: how the user feels (mood, energy 1–10; perceived exertion 0–10)."""

    feedback_id: Id
    ts: AwareDatetime
    mood: Annotated[int, _num(ge=1, le=10)] | None = None
    energy: Annotated[int, _num(ge=1, le=10)] | None = None
    perceived_exertion: Annotated[float, _num(ge=0, le=10)] | None = None
    notes: str = Field(default="", max_length=2000)


MESSAGE_SCHEMAS: dict[str, type[_Msg]] = {
    "users": UserMsg,
    "devices": DeviceMsg,
    "events": EventMsg,
    "sleep": SleepMsg,
    "nutrition": MealMsg,
    "feedback": FeedbackMsg,
}


def quality_1_to_5(quality: float) -> int:
    """A 0–1 sleep score on fitcoach's 1–5 scale (0 → 1, 0.5 → 3, 1 → 5)."""
    return int(min(5, max(1, 1 + round(quality * 4))))


def birth_date_for_age(age: int, today: date) -> date:
    """A birth date that makes someone ``age`` today: 1 January, ``age`` years back."""
    return date(today.year - age, 1, 1)


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


def to_record(kind: str, msg: _Msg, device_models: Mapping[str, str]) -> BaseModel:
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


class InvalidRecord(Exception):
    """A message that cannot be stored; ``reason`` says why (it goes to the dead letter)."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def _reason(exc: ValidationError) -> str:
    return invalid_from(exc).message


def parse_message(kind: str, payload: Mapping[str, Any]) -> _Msg:
    """Validate a payload as its stream's message, or raise ``InvalidRecord`` with the reason."""
    if not payload:
        raise InvalidRecord("empty or undecodable payload (not a JSON object)")
    try:
        return MESSAGE_SCHEMAS[kind].model_validate(payload)
    except ValidationError as exc:
        raise InvalidRecord(_reason(exc)) from None


def record_row(
    ctx: ServiceContext, kind: str, msg: _Msg, devices: Mapping[str, str]
) -> dict[str, Any]:
    """A validated row ready for ``insert_records`` (the same checks as an import)."""
    record_kind = RECORD_KINDS[kind]
    try:
        record = to_record(kind, msg, devices)
        # The service schema's own rules (and its normalisation) apply as for every import.
        spec = SCHEMAS[record_kind].model_validate(record.model_dump())
    except ValidationError as exc:
        raise InvalidRecord(_reason(exc)) from None
    time_field, what = TIME_FIELDS[record_kind]
    try:
        _not_future(ctx, getattr(spec, time_field), time_field, what)
    except FitcoachError as exc:
        raise InvalidRecord(exc.message) from None
    values = spec.model_dump()
    if record_kind == "cardio":  # normalised as the single-record log does
        values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
    return {k: v.astimezone(UTC) if isinstance(v, datetime) else v for k, v in values.items()}


# --------------------------------------------------------------------------------------------
# Counting


@dataclass
class StreamCount:
    """What happened to one stream's messages."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    withheld: int = 0  # records of athletes without sensor_data consent: acked, not stored

    def add(self, other: StreamCount) -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.dead_lettered += other.dead_lettered
        self.withheld += other.withheld


@dataclass(frozen=True)
class DeadLetter:
    """A message that could not be stored, and why."""

    stream: str
    message_id: str
    reason: str
    payload: dict[str, Any]


@dataclass
class ConsumeReport:
    """Per stream counts, the dead letters seen (the first 100) and how long it took."""

    counts: dict[str, StreamCount] = field(
        default_factory=lambda: {k: StreamCount() for k in KINDS}
    )
    dead_letters: list[DeadLetter] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0
    waiting: int = 0  # records still waiting for their user's profile
    retried: int = 0  # batches tried again after a database error

    @property
    def read(self) -> int:
        return sum(c.read for c in self.counts.values())

    @property
    def stored(self) -> int:
        return sum(c.stored for c in self.counts.values())

    @property
    def duplicates(self) -> int:
        return sum(c.duplicates for c in self.counts.values())

    @property
    def dead_lettered(self) -> int:
        return sum(c.dead_lettered for c in self.counts.values())

    @property
    def withheld(self) -> int:
        return sum(c.withheld for c in self.counts.values())

    @property
    def per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


MAX_KEPT_DEAD_LETTERS = 100


# --------------------------------------------------------------------------------------------
# One batch: validate, write, and say what to dead-letter and what to ack


@dataclass
class BatchOutcome:
    counts: dict[str, StreamCount] = field(
        default_factory=lambda: {k: StreamCount() for k in KINDS}
    )
    dead: list[DeadLetter] = field(default_factory=list)
    done: list[Message] = field(default_factory=list)  # stored, duplicate or dead: ack these
    waiting: list[Message] = field(default_factory=list)  # unknown user for now
    # No sensor_data consent: ack and delete these (with the athlete of each).
    withheld: list[tuple[Message, int]] = field(default_factory=list)

    def merge(self, other: BatchOutcome) -> None:
        for kind, c in other.counts.items():
            self.counts[kind].add(c)
        self.dead.extend(other.dead)
        self.done.extend(other.done)
        self.waiting.extend(other.waiting)
        self.withheld.extend(other.withheld)


def _write_batch(
    ctx: ServiceContext,
    streams: WearableStreams,
    messages: Sequence[Message],
    devices: dict[str, str],
    *,
    unknown_waits: bool,
) -> BatchOutcome:
    """Validate and store ``messages`` in ``ctx``'s unit of work (the caller commits).

    Users come first, so that records of a user created in the same batch find them. A record
    of a user that has no athlete yet waits when ``unknown_waits`` (it is handed back), and is
    dead-lettered otherwise.
    """
    out = BatchOutcome()
    parsed: list[tuple[Message, str, _Msg]] = []
    for m in messages:
        kind = streams.kind_of(m.stream)
        try:
            parsed.append((m, kind, parse_message(kind, m.payload)))
        except InvalidRecord as exc:
            out.dead.append(DeadLetter(m.stream, m.id, exc.reason, m.payload))
    parsed.sort(key=lambda item: KINDS.index(item[1]))
    known = repo.athletes_for_users(ctx.session, {msg.user for _, _, msg in parsed})
    # Registrations of the devices announced here, and models of unseen devices of activities.
    device_ids = {msg.device_id for _, _, msg in parsed if isinstance(msg, DeviceMsg)}
    device_ids |= {
        msg.device_id for _, _, msg in parsed if isinstance(msg, EventMsg) and msg.device_id
    } - set(devices)
    registered = repo.registered_devices(ctx.session, device_ids)
    devices.update({d: model for d, (_, model) in registered.items()})
    today = ctx.clock.now().date()
    scopes: dict[int, AthleteScope] = {}
    rows: dict[str, list[tuple[int, dict[str, Any]]]] = {}  # kind → (athlete, row)
    granted: set[int] | None = None  # sensor_data consent, read once (after the users)

    for m, kind, msg in parsed:
        if isinstance(msg, UserMsg):
            if msg.user in known:
                out.counts[kind].duplicates += 1
            else:
                try:
                    spec = athlete_for_user(msg, today)
                except ValidationError as exc:
                    out.dead.append(DeadLetter(m.stream, m.id, _reason(exc), m.payload))
                    continue
                try:
                    known[msg.user] = athletes.create_athlete(ctx, spec).id
                except FitcoachError as exc:  # e.g. the e-mail belongs to a staff account
                    out.dead.append(DeadLetter(m.stream, m.id, exc.message, m.payload))
                    continue
                out.counts[kind].stored += 1
            out.done.append(m)
            continue
        if granted is None:
            # The records' athletes (the users of this batch created above): their scopes and
            # consent in two queries for the batch, through the consent service.
            athletes_of = {a for _, _, r in parsed if (a := known.get(r.user)) is not None}
            granted = consent.granted_athletes(
                ctx, ctx.scopes(athletes_of).values(), ConsentPurpose.sensor_data
            )
        athlete_id = known.get(msg.user)
        if athlete_id is None:
            if unknown_waits:
                out.waiting.append(m)
            else:
                reason = (
                    f"user_id: unknown user {msg.user}; no profile for them arrived on "
                    f"{streams.name('users')}"
                )
                out.dead.append(DeadLetter(m.stream, m.id, reason, m.payload))
            continue
        if athlete_id not in granted:
            # Neither stored nor registered, and not dead-lettered: a dead letter would keep
            # the data the athlete refused. The caller acks and deletes the message.
            out.counts[kind].withheld += 1
            out.withheld.append((m, athlete_id))
            continue
        if isinstance(msg, DeviceMsg):
            if registered.get(msg.device_id) == (athlete_id, msg.model):
                out.counts[kind].duplicates += 1
            else:
                ctx.audit(
                    "register",
                    repo.DEVICE_ENTITY,
                    msg.device_id,
                    athlete_id=athlete_id,
                    detail={"model": msg.model},
                )
                registered[msg.device_id] = (athlete_id, msg.model)
                out.counts[kind].stored += 1
            devices[msg.device_id] = msg.model
            out.done.append(m)
            continue
        try:
            row = record_row(ctx, kind, msg, devices)
        except InvalidRecord as exc:
            out.dead.append(DeadLetter(m.stream, m.id, exc.reason, m.payload))
            continue
        rows.setdefault(kind, []).append((athlete_id, row))
        out.done.append(m)
    for athlete_id in {a for rows_of in rows.values() for a, _ in rows_of}:
        scopes[athlete_id] = ctx.scope(athlete_id)
    for kind, batch in rows.items():
        model = MODELS[RECORD_KINDS[kind]]
        inserted = repo.insert_for_athletes(
            ctx.session, scopes, model, [{**row, "athlete_id": a} for a, row in batch]
        )
        out.counts[kind].stored += inserted
        out.counts[kind].duplicates += len(batch) - inserted
    for d in out.dead:
        out.counts[streams.kind_of(d.stream)].dead_lettered += 1
    if any(c.stored for c in out.counts.values()):
        ctx.audit(
            "ingest",
            "wearables",
            detail={k: c.stored for k, c in out.counts.items() if c.stored},
        )
    return out


ContextFactory = Callable[[], AbstractContextManager[ServiceContext]]
"""Opens one unit of work and yields its service context; commits when the block succeeds."""


def _refused(exc: BaseException) -> bool:
    """Whether the database refused the data (a constraint, a value it cannot hold), as
    opposed to being unreachable. Raw driver errors (the bulk path talks to the driver) count
    as well as SQLAlchemy's wrappers; the class names are the DB-API's own."""
    names = {c.__name__ for c in type(exc).__mro__}
    return bool(names & {"IntegrityError", "DataError"})


def store_batch(
    ctx_factory: ContextFactory,
    streams: WearableStreams,
    messages: Sequence[Message],
    devices: dict[str, str],
    *,
    unknown_waits: bool,
) -> BatchOutcome:
    """Store a batch in one unit of work. If the database refuses it (a value the schemas let
    through but a constraint does not), store its messages one by one so that only the culprit
    is dead-lettered. Any other failure propagates with nothing acked (the shared loop retries
    a database error after a pause)."""
    try:
        with ctx_factory() as ctx:
            return _write_batch(ctx, streams, messages, devices, unknown_waits=unknown_waits)
    except Exception as exc:
        if not _refused(exc):
            raise
        cause = getattr(exc, "orig", None) or exc
        first = (str(cause).strip().splitlines() or ["unknown error"])[0]
        if len(messages) == 1:
            m = messages[0]
            out = BatchOutcome()
            reason = f"the database refused it: {first}"
            out.dead.append(DeadLetter(m.stream, m.id, reason, m.payload))
            out.counts[streams.kind_of(m.stream)].dead_lettered += 1
            return out
        log.warning("wearables.batch_refused", messages=len(messages), error=first[:200])
    total = BatchOutcome()
    for m in messages:
        total.merge(store_batch(ctx_factory, streams, [m], devices, unknown_waits=unknown_waits))
    return total


__all__ = [
    "DEFAULT_GROUP",
    "DEFAULT_PREFIX",
    "KINDS",
    "MESSAGE_SCHEMAS",
    "SOURCES",
    "BatchOutcome",
    "ConsumeReport",
    "ContextFactory",
    "DeadLetter",
    "StreamCount",
    "WearableStreams",
    "parse_message",
    "quality_1_to_5",
    "store_batch",
]
