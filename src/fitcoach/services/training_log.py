"""Logging training and health records, and reading them back over date ranges."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal, get_args
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from fitcoach.analysis.strength import (
    PersonalRecords,
    SetRecord,
    e1rm_by_day,
    personal_records,
)
from fitcoach.coach.nutrition.meals import meal_of_hour
from fitcoach.coach.schemas import (
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    Kg,
    MealIn,
    Seconds,
    SleepIn,
    WorkoutIn,
)
from fitcoach.coach.wording import exercise_name
from fitcoach.core import bounds
from fitcoach.core.bounds import Instant, Text
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.core.units import Units
from fitcoach.services import consent, exercises, results
from fitcoach.services.context import (
    ServiceContext,
    athlete_units,
    typed_units,
    validate,
    validation_context,
)
from fitcoach.services.form_results import FormCheck
from fitcoach.storage import access, versions
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    CardioSession,
    DailyMetric,
    Feedback,
    Meal,
    SetLog,
    SleepSession,
    WorkoutSession,
)
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import entries as entries_repo
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as repo

DEFAULT_FUTURE_TOLERANCE = timedelta(hours=36)

RecordKind = Literal["workouts", "cardio", "daily", "sleep", "meals", "feedback"]
MODELS: dict[str, type[Any]] = {
    "workouts": WorkoutSession,
    "cardio": CardioSession,
    "daily": DailyMetric,
    "sleep": SleepSession,
    "meals": Meal,
    "feedback": Feedback,
}


class StoredSet(BaseModel):
    """A set of a stored workout as ``history`` reads it: every column of the row, in the
    table's order, and its exercise's slug and name (the record pages and the guided session
    answer it)."""

    id: int
    session_id: int
    athlete_id: int
    exercise_id: int
    position: int
    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool
    is_warmup: bool
    notes: str
    form_check: FormCheck | None = Field(
        default=None, description="What the form check of a filmed set found (if one was made)."
    )
    form_breakdown: bool | None = Field(
        default=None, description="Form broke down in this set: no load increase from it."
    )
    exercise: str = Field(description="The exercise's slug.")
    exercise_name: str = Field(description="The exercise's name, as people read it.")


@dataclass(frozen=True)
class Logged:
    """The outcome of a log call: the record id; ``created`` False when it was already stored;
    ``changed`` whether anything was written (a day's metrics can change without being
    created: given fields overwrite)."""

    kind: str
    id: int
    created: bool
    changed: bool = False
    fields: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.created and not self.changed:
            object.__setattr__(self, "changed", True)


def _not_future(ctx: ServiceContext, when: datetime | date, field: str, what: str) -> None:
    """Refuse a time ahead of now (beyond the tolerance) or before 1970, naming the field."""
    now = ctx.clock.now()
    if isinstance(when, datetime):
        future = when > now + DEFAULT_FUTURE_TOLERANCE
        hint = "give the time it happened"
    else:
        future = when > (now + DEFAULT_FUTURE_TOLERANCE).date()
        hint = "give the day it happened"
    if future:
        problem = f"{field}: {what} {when.isoformat()} is in the future; {hint}"
    elif when.year < 1970:
        problem = f"{field}: {what} {when.isoformat()} is before 1970"
    else:
        return
    raise InvalidInput(problem, field=field, details={"errors": [problem]})


def log_workout(ctx: ServiceContext, athlete_id: int, data: WorkoutIn | dict[str, Any]) -> Logged:
    """Store a strength session with its sets; the same (source, source_id) twice is stored once."""
    # The consent check resolves the scope in the same query (``consent.require``).
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    scope = ctx.scope(athlete_id)
    spec = validate(WorkoutIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.started_at, "started_at", "workout start")
    existing = repo.id_by_source(ctx.session, scope, WorkoutSession, spec.source, spec.source_id)
    if existing is not None:
        return Logged("workout", existing, created=False)
    # Resolve every exercise before writing anything, so a bad name stores nothing.
    resolved = exercises.resolve_ids(ctx, [s.exercise for s in spec.sets], athlete_id=athlete_id)
    workout_id = repo.store_workout(
        ctx.session,
        scope,
        {
            "started_at": spec.started_at,
            "duration_s": spec.duration_s,
            "title": spec.title,
            "notes": spec.notes,
            "session_rpe": spec.session_rpe,
            "source": spec.source,
            "source_id": spec.source_id,
        },
        [
            {
                "exercise_id": exercise_id,
                "reps": s.reps,
                "weight_kg": s.weight_kg,
                "rir": s.rir,
                "completed": s.completed,
                "is_warmup": s.is_warmup,
                "notes": s.notes,
            }
            for s, exercise_id in zip(spec.sets, resolved, strict=True)
        ],
    )
    ctx.audit(
        "create", "workout", workout_id, athlete_id=athlete_id, detail={"sets": len(spec.sets)}
    )
    return Logged("workout", workout_id, created=True)


def _log_sourced(
    ctx: ServiceContext, athlete_id: int, model: type[Any], values: dict[str, Any], kind: str
) -> Logged:
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    existing = repo.id_by_source(ctx.session, scope, model, values["source"], values["source_id"])
    if existing is not None:
        return Logged(kind, existing, created=False)
    record = repo.add(ctx.session, scope, model(**values))
    ctx.audit("create", kind, record.id, athlete_id=athlete_id)
    return Logged(kind, record.id, created=True)


def log_cardio(ctx: ServiceContext, athlete_id: int, data: CardioIn | dict[str, Any]) -> Logged:
    """Store a cardio or activity session."""
    scope = ctx.scope(athlete_id)
    spec = validate(CardioIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.started_at, "started_at", "activity start")
    values = spec.model_dump()
    values["activity_type"] = values["activity_type"].lower().replace(" ", "_")
    return _log_sourced(ctx, athlete_id, CardioSession, values, "cardio")


SLEEP_FIELDS = ("started_at", "ended_at", "stages_s", "awakenings", "quality")


def log_sleep(ctx: ServiceContext, athlete_id: int, data: SleepIn | dict[str, Any]) -> Logged:
    """Store a sleep session; a correction replaces what it corrects.

    The same (source, source_id) again stores nothing (a retry). A session that overlaps
    sessions already stored from the same source for the same night (``night_of``) is that
    sleep told again (the chat's "actually I slept 6 hours", a re-sent night, the same
    ``log sleep`` typed twice): it replaces them instead of adding to them.
    The latest of them takes the new values and keeps its id and source id (so a retry of
    either request stores nothing more); any others (duplicates stored before corrections
    replaced) are deleted. The answer is then ``created`` False, ``changed`` whether anything
    was written, ``fields`` the columns that changed. Sessions that do not overlap (a nap and
    the night) are both kept; sessions of other sources are left alone (``counted_sleep``
    decides between them when reading)."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(SleepIn, data)
    _not_future(ctx, spec.ended_at, "ended_at", "sleep end")
    existing = repo.id_by_source(ctx.session, scope, SleepSession, spec.source, spec.source_id)
    if existing is not None:
        return Logged("sleep", existing, created=False)
    zone = athlete_zone(ctx, athlete_id)
    night = night_of(spec.ended_at, zone)
    same = [
        r
        for r in repo.overlapping_sleep(
            ctx.session, scope, spec.source, spec.started_at, spec.ended_at
        )
        if night_of(r.ended_at, zone) == night
    ]
    if not same:
        record = repo.add(ctx.session, scope, SleepSession(**spec.model_dump()))
        ctx.audit("create", "sleep", record.id, athlete_id=athlete_id)
        return Logged("sleep", record.id, created=True)
    *older, kept = same
    removed = [r.id for r in older]
    for record in older:
        repo.delete(ctx.session, scope, record)
    values = spec.model_dump(include=set(SLEEP_FIELDS))
    changed = sorted(k for k in SLEEP_FIELDS if getattr(kept, k) != values[k])
    for key in changed:
        setattr(kept, key, values[key])
    ctx.session.flush()
    if changed or removed:
        ctx.audit(
            "update",
            "sleep",
            kept.id,
            athlete_id=athlete_id,
            detail={"fields": changed, "replaced": removed},
        )
    return Logged(
        "sleep", kept.id, created=False, changed=bool(changed or removed), fields=tuple(changed)
    )


def log_meal(ctx: ServiceContext, athlete_id: int, data: MealIn | dict[str, Any]) -> Logged:
    """Store a meal. One logged without saying which ("meal", the schema's default: a chat
    message, an API call, an import) is stored as the meal of its local hour (breakfast
    before 11, lunch, dinner, a snack after 22), as the nutrition page suggests: a person
    reads "dinner", never "meal"."""
    spec = validate(MealIn, data)
    _not_future(ctx, spec.eaten_at, "eaten_at", "meal time")
    values = spec.model_dump()
    if values.get("meal_type") == "meal":
        local = spec.eaten_at.astimezone(athlete_zone(ctx, athlete_id))
        values["meal_type"] = meal_of_hour(local.hour)
    return _log_sourced(ctx, athlete_id, Meal, values, "meal")


def log_feedback(ctx: ServiceContext, athlete_id: int, data: FeedbackIn | dict[str, Any]) -> Logged:
    """Store how the athlete feels."""
    spec = validate(FeedbackIn, data)
    _not_future(ctx, spec.recorded_at, "recorded_at", "feedback time")
    return _log_sourced(ctx, athlete_id, Feedback, spec.model_dump(), "feedback")


DAILY_FIELDS = tuple(
    f for f in DailyMetricsIn.model_fields if f not in ("day", "source", "source_id")
)


# --- undoing and correcting one entry (the chat's "undo that", "it was 80 not 100") ----------

EntryKind = Literal["workouts", "cardio", "daily", "sleep", "meals"]
# The columns a correction may set, per kind (a workout's are its sets' columns and "sets").
CORRECTABLE: dict[str, frozenset[str]] = {
    "workouts": frozenset({"reps", "weight_kg", "rir", "sets"}),
    "cardio": frozenset({"duration_s", "distance_m", "avg_hr", "session_rpe"}),
    "daily": frozenset(DAILY_FIELDS),
    "meals": frozenset({"calories_kcal", "protein_g", "carbs_g", "fat_g", "description"}),
}


def _checked_by(kind: str) -> type[BaseModel]:
    """The schema a kind's corrections are checked by, field by field (``_checked_fields``):
    the same limits, units and precision as when the entry was logged, or a set corrected."""
    schemas: dict[str, type[BaseModel]] = {
        "workouts": SetChanges,
        "cardio": CardioIn,
        "daily": DailyMetricsIn,
        "meals": MealIn,
    }
    return schemas[kind]


def _checked_fields(
    model: type[BaseModel], changes: Mapping[str, Any], units: Units
) -> dict[str, Any]:
    """Each change validated as ``model``'s field of that name validates it (its range, its
    unit parsing: text without a unit in ``units``, its precision); the number of sets, which
    no schema holds, as a whole number. ``InvalidInput`` names the field."""
    out: dict[str, Any] = {}
    for key, value in changes.items():
        field = model.model_fields.get(key)
        if field is None:  # "sets": checked where it is applied
            out[key] = value
            continue
        kind: Any = (
            Annotated[field.annotation, *field.metadata] if field.metadata else field.annotation
        )
        adapter: TypeAdapter[Any] = TypeAdapter(kind)
        try:
            out[key] = adapter.validate_python(value, context=validation_context(None, units))
        except ValidationError as exc:
            problem = "; ".join(e["msg"].removeprefix("Value error, ") for e in exc.errors())
            raise InvalidInput(f"changes: {key}: {problem}", field=key, reason=problem) from None
    return out


def _entry(ctx: ServiceContext, scope: AthleteScope, kind: str, entry_id: int) -> Any:
    """The scoped athlete's entry, or ``NotFound`` (another athlete's entry is not found)."""
    if kind not in CORRECTABLE and kind != "sleep":
        raise InvalidInput(f"unknown entry kind {kind!r}; use workouts, cardio, daily, sleep or meals")  # fmt: skip
    row = repo.record_for(ctx.session, scope, MODELS[kind], entry_id)
    if row is None:
        raise NotFound(f"no {kind} entry {entry_id}")
    return row


def delete_entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind,
    entry_id: int,
    *,
    fields: tuple[str, ...] = (),
    named_at: datetime | None = None,
) -> dict[str, Any]:
    """Delete one of the athlete's entries by id; audited as a delete. A day's readings are one
    row that other logs share: with ``fields`` only those readings are cleared (what one chat
    message logged), and the row goes when nothing is left in it. A workout's personal records
    are folded again without its sets. Answers what was removed. ``named_at``: when an undo
    named this entry (its message's arrival); an entry another request took out since then is
    a ``Conflict`` (two undos of one message at once), not a ``NotFound``."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    try:
        row = _entry(ctx, scope, kind, entry_id)
    except NotFound:
        if named_at is not None and entries_repo.deleted_since(
            ctx.session, scope, kind.rstrip("s"), entry_id, named_at
        ):
            raise Conflict(ALREADY_TAKEN_BACK) from None
        raise
    removed: dict[str, Any] = {"kind": kind, "id": entry_id}
    if kind == "daily" and fields:
        unknown = set(fields) - set(DAILY_FIELDS)
        if unknown:
            raise InvalidInput(f"fields: not daily readings: {', '.join(sorted(unknown))}")
        removed["fields"] = {f: getattr(row, f) for f in fields}
        for name in fields:
            setattr(row, name, None)
        ctx.session.flush()
        if any(getattr(row, f) is not None for f in DAILY_FIELDS):
            ctx.audit("update", "daily", entry_id, athlete_id=athlete_id, detail={"cleared": list(fields)})  # fmt: skip
            return removed
    # One conditional delete takes the entry out (a workout's sets go with it): of two requests
    # that take out the same entry at once, the second finds it gone and removes nothing.
    if kind == "workouts":
        sets = repo.sets_of(ctx.session, scope, [entry_id])
        removed["sets"] = len(sets)
        exercise_ids = {s.exercise_id for s in sets}
        ctx.session.flush()
        if not entries_repo.take_out(ctx.session, scope, MODELS[kind], entry_id):
            raise Conflict(ALREADY_TAKEN_BACK)
        for set_log in sets:
            if set_log in ctx.session:
                ctx.session.expunge(set_log)
        records_repo.recompute(ctx.session, scope, exercise_ids)
    else:
        ctx.session.flush()
        if not entries_repo.take_out(ctx.session, scope, MODELS[kind], entry_id):
            raise Conflict(ALREADY_TAKEN_BACK)
    ctx.audit("delete", kind.rstrip("s"), entry_id, athlete_id=athlete_id, detail={"undo": True})
    return removed


ALREADY_TAKEN_BACK = (
    "that entry was taken back already (another undo got there first), so nothing more was "
    "removed; look at the history to see what is left"
)


def checked_corrections(
    kind: EntryKind, changes: Mapping[str, Any], units: Units
) -> dict[str, Any]:
    """``changes`` to an entry of ``kind`` validated as ``correct_entry`` stores them (text
    without a unit in ``units``), or ``InvalidInput`` naming the field: what a page checks
    before it asks to confirm. Reads nothing, so it takes no athlete."""
    allowed = CORRECTABLE.get(kind, frozenset())
    if not allowed or not changes or set(changes) - allowed:
        raise InvalidInput(f"changes: give one or more of {', '.join(sorted(allowed))}")
    return _checked_fields(_checked_by(kind), changes, units)


def correct_entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind,
    entry_id: int,
    changes: Mapping[str, Any],
    *,
    exercise: str | None = None,
) -> dict[str, Any]:
    """Set corrected values on one of the athlete's entries by id; audited as an update with
    the old and new values. A workout's changes apply to the sets of ``exercise`` (a slug;
    every set when None): ``reps``, ``weight_kg``, ``rir``, and ``sets`` (the number of those
    sets: the last one is repeated or trailing ones removed); its records are folded again.
    A night's sleep is corrected by logging it again (it replaces), not here."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    if kind == "sleep":
        raise InvalidInput("log the night again to correct sleep: it replaces what was logged")
    row = _entry(ctx, scope, kind, entry_id)
    changes = checked_corrections(kind, changes, athlete_units(ctx, scope))
    before: dict[str, Any] = {}
    if kind == "workouts":
        sets = list(repo.sets_of(ctx.session, scope, [entry_id]))
        if exercise is not None:
            wanted = exercises.resolve_many(ctx, [exercise], athlete_id=scope.athlete_id)[0].id
            sets = [s for s in sets if s.exercise_id == wanted]
        if not sets:
            raise NotFound(f"no sets of {exercise or 'any exercise'} in workout {entry_id}")
        for key in ("reps", "weight_kg", "rir"):
            if key in changes:
                before[key] = sorted({getattr(s, key) for s in sets}, key=str)
                for set_log in sets:
                    setattr(set_log, key, changes[key])
        ctx.session.flush()
        if "sets" in changes:
            count = int(changes["sets"])
            if not 1 <= count <= 50:
                raise InvalidInput("changes: sets must be between 1 and 50")
            before["sets"] = len(sets)
            for set_log in sets[count:]:
                ctx.session.delete(set_log)
            ctx.session.flush()
            last = sets[min(count, len(sets)) - 1]
            for _ in range(count - len(sets)):
                repo.append_set(
                    ctx.session,
                    scope,
                    row,
                    SetLog(
                        exercise_id=last.exercise_id,
                        reps=last.reps,
                        weight_kg=last.weight_kg,
                        rir=last.rir,
                        completed=last.completed,
                        is_warmup=last.is_warmup,
                        notes=last.notes,
                    ),
                )
        records_repo.recompute(ctx.session, scope, {s.exercise_id for s in sets})
    else:
        for key, value in changes.items():
            before[key] = getattr(row, key)
            setattr(row, key, value)
        ctx.session.flush()
    detail = {"before": before, "after": dict(changes)}
    ctx.audit("update", kind.rstrip("s"), entry_id, athlete_id=athlete_id, detail=jsonable_detail(detail))  # fmt: skip
    return {"kind": kind, "id": entry_id, **detail}


def jsonable_detail(detail: dict[str, Any]) -> dict[str, Any]:
    """Audit detail as plain JSON numbers and strings (no Decimal or dates)."""

    def plain(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list | tuple):
            return [plain(v) for v in value]
        if isinstance(value, int | float | str | bool) or value is None:
            return value
        return str(value)

    return {k: plain(v) for k, v in detail.items()}


def log_daily(
    ctx: ServiceContext, athlete_id: int, data: DailyMetricsIn | dict[str, Any]
) -> Logged:
    """Store readings for a day: one row per day; given fields overwrite, others stay."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(DailyMetricsIn, data, units=typed_units(ctx, scope, data))
    _not_future(ctx, spec.day, "day", "day")
    given = {k: v for k, v in spec.model_dump(exclude_unset=True).items() if k in DAILY_FIELDS}
    row = repo.daily_for(ctx.session, scope, spec.day)
    if row is None:
        row = repo.add(
            ctx.session,
            scope,
            DailyMetric(day=spec.day, source=spec.source, source_id=spec.source_id, **given),
        )
        created = True
        changed = sorted(given)
    else:
        changed = sorted(k for k, v in given.items() if getattr(row, k) != v)
        for key in changed:
            setattr(row, key, given[key])
        ctx.session.flush()
        created = False
    if created or changed:
        ctx.audit("upsert", "daily", row.id, athlete_id=athlete_id, detail={"fields": changed})
    return Logged("daily", row.id, created=created, changed=bool(changed), fields=tuple(changed))


# --- the night a sleep belongs to -----------------------------------------------------------------


def night_of(ended_at: datetime, tz: ZoneInfo) -> date:
    """The day a sleep belongs to: the day the athlete woke up, in their local time, as WHOOP,
    Oura and Garmin date it. 23:30 Monday to 07:00 Tuesday is Tuesday's sleep (the night of
    Monday to Tuesday); a nap belongs to the day it ends. One rule for every reader of sleep:
    history, readiness, reports, the assistant; ``log daily --sleep`` for a day is the sleep
    that ended that morning."""
    at = ended_at if ended_at.tzinfo else ended_at.replace(tzinfo=UTC)
    return at.astimezone(tz).date()


def asleep_s(night: dict[str, Any]) -> float:
    """Seconds asleep in a sleep session: its light + deep + REM stages when given, else its
    length minus time awake."""
    stages = night["stages_s"] or {}
    asleep = sum(float(stages.get(k, 0.0)) for k in ("light", "deep", "rem"))
    if not asleep:
        length = (night["ended_at"] - night["started_at"]).total_seconds()
        asleep = length - float(stages.get("awake", 0.0))
    return max(0.0, asleep)


MAX_SLEEP_H = 24.0
"""The most sleep one day counts (a single session or a day's ``sleep_s`` is at most 24 h)."""


def _overlap(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    return bool(a["started_at"] < b["ended_at"] and b["started_at"] < a["ended_at"])


def counted_sleep(nights: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sleep sessions that count, in the order given: overlapping sessions never add.

    Sessions that overlap (share more than an instant) tell the same sleep twice: a
    correction, a re-sent night, a device's night and a typed one, or duplicates stored before
    corrections replaced (``log_sleep``). Of those the most recently stored counts (highest
    id; the later place in the list for rows without one): a later account of the same time
    replaces an earlier one, whatever its source. Ranked that way, a session counts unless it
    overlaps a session that counts and ranks above it. Sessions that do not overlap (a nap and
    the night) all count."""
    if len(nights) < 2:
        return list(nights)

    def rank(i: int) -> tuple[int, int]:
        stored = nights[i].get("id")
        return (-1 if stored is None else int(stored), i)

    # Chains of overlapping sessions, by start; a session only competes within its chain.
    chains: list[list[int]] = []
    reach: datetime | None = None
    for i in sorted(range(len(nights)), key=lambda i: nights[i]["started_at"]):
        night = nights[i]
        if chains and reach is not None and night["started_at"] < reach:
            chains[-1].append(i)
            reach = max(reach, night["ended_at"])
        else:
            chains.append([i])
            reach = night["ended_at"]
    counted: list[int] = []
    for chain in chains:
        kept: list[int] = []
        for i in sorted(chain, key=rank, reverse=True):
            if not any(_overlap(nights[i], nights[j]) for j in kept):
                kept.append(i)
        counted += kept
    return [nights[i] for i in sorted(counted)]


def sleep_hours(
    daily: list[dict[str, Any]], nights: list[dict[str, Any]], tz: ZoneInfo
) -> dict[date, float]:
    """Hours asleep per day (``night_of``): the daily row's sleep when one was logged for the
    day (the athlete's own figure for the night: a check-in, ``log daily --sleep``), else the
    sessions that ended that day and count (``counted_sleep``: overlapping sessions never add,
    the most recently stored wins), added up and capped at 24 h (``MAX_SLEEP_H``; only data
    stored before these rules, or sessions that together span more than a day, reach it).

    Whatever is stored reads as a day of at most 24 h, so no view fails on stored data."""
    from_sessions: dict[date, float] = defaultdict(float)
    for n in counted_sleep(nights):
        from_sessions[night_of(n["ended_at"], tz)] += asleep_s(n) / 3600.0
    hours = {day: min(h, MAX_SLEEP_H) for day, h in from_sessions.items()}
    for d in daily:
        if d["sleep_s"] is not None:
            hours[d["day"]] = min(max(float(d["sleep_s"]) / 3600.0, 0.0), MAX_SLEEP_H)
    return hours


def athlete_zone(ctx: ServiceContext, athlete_id: int) -> ZoneInfo:
    """The athlete's time zone (UTC when the stored name is unknown); the stamp's where this
    transaction read it and has written nothing since (a cold page loaded the athlete for it)."""
    scope = ctx.scope(athlete_id)
    held = access.held_stamp(ctx.session, ctx.subject, athlete_id)
    if held is not None:
        return zone_named(held[0])
    return zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)


def _local_window(
    start: date | None, end: date | None, tz: ZoneInfo
) -> tuple[datetime | None, datetime | None]:
    """Whole local days [start, end] in ``tz`` as UTC datetimes."""
    lo = datetime.combine(start, time.min, tzinfo=tz).astimezone(UTC) if start else None
    hi = (
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz).astimezone(UTC)
        if end
        else None
    )
    return lo, hi


def _time_window(
    model: type[Any], start: date | None, end: date | None, zone: ZoneInfo | None
) -> tuple[date | datetime | None, date | datetime | None]:
    """The [lo, hi) bounds ``history`` gives the repository for a kind's time column."""
    if model is DailyMetric:
        return start, (end + timedelta(days=1)) if end else None
    assert zone is not None
    return _local_window(start, end, zone)


@dataclass(frozen=True)
class _Held:
    """One kind's rows over [start, end] (None: unbounded), as ``history`` read them."""

    start: date | None
    end: date | None
    rows: list[dict[str, Any]]

    def covers(self, start: date | None, end: date | None) -> bool:
        return (self.start is None or (start is not None and start >= self.start)) and (
            self.end is None or (end is not None and end <= self.end)
        )


@dataclass(frozen=True)
class _Snapshot:
    ctx: ServiceContext
    athlete_id: int
    zone: ZoneInfo
    held: dict[str, _Held]

    def serve(
        self,
        ctx: ServiceContext,
        athlete_id: int,
        kind: str,
        start: date | None,
        end: date | None,
    ) -> list[dict[str, Any]] | None:
        """``history``'s answer from the rows held, or None when they do not cover the ask."""
        held = self.held.get(kind)
        if ctx is not self.ctx or athlete_id != self.athlete_id or held is None:
            return None
        if not held.covers(start, end):
            return None
        model = MODELS[kind]
        lo, hi = _time_window(model, start, end, self.zone)
        key = repo.TIME_COLUMN[model].key
        # The held rows are in the repository's order (time, id): a filter keeps it. Each
        # caller gets its own dicts (and list of sets), as from a read of its own.
        return [
            {**r, "sets": list(r["sets"])} if "sets" in r else dict(r)
            for r in held.rows
            if (lo is None or r[key] >= lo) and (hi is None or r[key] < hi)
        ]


_SNAPSHOT: ContextVar[_Snapshot | None] = ContextVar("training_log_snapshot", default=None)


@contextmanager
def snapshot(
    ctx: ServiceContext,
    athlete_id: int,
    windows: Mapping[RecordKind, tuple[date | None, date | None]],
) -> Iterator[None]:
    """Read each kind once over its window (days as ``history`` takes them; None: unbounded)
    and, inside the block, answer ``history`` for this context and athlete from those rows
    whenever the window asked for lies within the one read.

    For read-only work that asks for overlapping windows several times (the weekly report:
    its own figures, the training load, readiness and the plan matching). The access check
    and the access log entry happen once, on the read; a window outside the one read, or a
    ``limit``/``offset``, reads the database as usual. Nothing written inside the block
    shows in what it answers."""
    for kind, (lo, hi) in windows.items():
        _check_window(kind, lo, hi)
    scope = ctx.scope(athlete_id)  # one access check and log entry for every kind
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    held: dict[str, _Held] = {
        kind: _Held(lo, hi, _read(ctx, scope, MODELS[kind], lo, hi, zone))
        for kind, (lo, hi) in windows.items()
    }
    token = _SNAPSHOT.set(_Snapshot(ctx, athlete_id, zone, held))
    try:
        yield
    finally:
        _SNAPSHOT.reset(token)


def _check_window(kind: str, start: date | None, end: date | None) -> None:
    if kind not in MODELS:
        raise InvalidInput(f"unknown record kind {kind!r}; use one of {', '.join(MODELS)}")
    if start is not None:
        bounds.check_day(start, "from")
    if end is not None:
        bounds.check_day(end, "to")
    if start and end and end < start:
        raise InvalidInput("the end of the range lies before its start")


def history(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    start: date | None = None,
    end: date | None = None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
    sets: bool = True,
) -> list[dict[str, Any]]:
    """Records of one kind between two days (inclusive), oldest first; workouts carry sets.
    ``latest``: the ``limit`` newest of the range (after skipping ``offset`` newest), not the
    oldest. ``sets=False``: workouts carry ``set_count`` instead of their sets (see
    ``set_count``), for work that only counts them.

    Days are the athlete's local days (their time zone): a workout at 20:30 in Chicago is on
    that day, not the next UTC one; a sleep belongs to the local day the athlete woke up
    (``night_of``), so sleep is chosen by its end."""
    _check_window(kind, start, end)
    _check_paging(limit, offset)
    held = _SNAPSHOT.get()
    if held is not None and limit is None and offset == 0:
        rows_held = held.serve(ctx, athlete_id, kind, start, end)
        if rows_held is not None:
            return rows_held
    scope = ctx.scope(athlete_id)
    model = MODELS[kind]
    zone = athlete_zone(ctx, athlete_id) if model is not DailyMetric else None
    return _read(
        ctx, scope, model, start, end, zone, limit=limit, offset=offset, latest=latest, sets=sets
    )


def _check_paging(limit: int | None, offset: int) -> None:
    if limit is not None and limit < 0:
        raise InvalidInput(f"limit must not be negative, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")


def history_json(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    page: type[BaseModel],
    start: date | None = None,
    end: date | None = None,
    *,
    limit: int,
    offset: int = 0,
) -> bytes:
    """A page of ``history`` as the API answers it: ``page`` (a model of ``items``, ``limit``,
    ``offset`` and ``count``: the API's ``Page`` of the kind's item model) validated from the
    records and serialized (``results.as_json``).

    Kept per process as its JSON alone (``results.PAGES``) under the athlete's data version and
    the global one (``services.results``), so that a page asked again costs a version check
    and its bytes, not reading, validating and serializing hundreds of sets; a hit notes the
    access the read noted (a coach's read is logged as before), and no other subject is served
    what the stamp's access check would refuse. Not kept, nor served from what is kept, inside
    a transaction that has written."""
    _check_window(kind, start, end)
    _check_paging(limit, offset)

    def compute() -> bytes:
        return _page_json(ctx, athlete_id, kind, page, start, end, limit, offset)

    # A page (it has a limit) is read from the database, never from a held ``snapshot``.
    asked = (kind, page, start, end, limit, offset)
    return results.remember_json(
        ctx, athlete_id, "history", asked, compute, cache=results.PAGES, keep_value=False
    )


# Each record's JSON as a record page answers it, kept per process by the record's row (and a
# workout's set rows) exactly as the database gave them: after a write the athlete's pages are
# read again (their data version moved), but the 99 workouts a logged set did not touch are
# not validated nor serialized again (issue 41: a cold 100-workout page spent a third of its
# time there). A key is the rows' values, so an edited record (or a renamed exercise, whose
# name a set row carries) is a new key and can never be served stale. Equal keys serialize
# alike: every column has one Python type as read (UTCDateTime gives UTC instants, never the
# same instant in two zones) and the item models coerce numbers to the column's type (1 and 1.0
# come out alike); a row holding a JSON value (a form check) is not hashable and is serialized
# each time. One exception, on purpose: -0.0 equals 0.0, so a weight corrected from one to the
# other (and nothing else of the row) keeps its old spelling, the same number, until the entry
# leaves. About 1.5 kB of JSON and 3 kB of key a workout.
ITEMS: results.ResultCache[bytes] = results.keep_forgettable(results.ResultCache(max_entries=4096))
_ITEM_ADAPTERS: dict[type[BaseModel], TypeAdapter[Any]] = {}


def _item_adapter(page: type[BaseModel]) -> TypeAdapter[Any]:
    """A validator and serializer of one of ``page``'s items (its ``items: list[T]``'s T)."""
    adapter = _ITEM_ADAPTERS.get(page)
    if adapter is None:
        (item,) = get_args(page.model_fields["items"].annotation)
        adapter = _ITEM_ADAPTERS[page] = TypeAdapter(item)
    return adapter


def _page_json(
    ctx: ServiceContext,
    athlete_id: int,
    kind: RecordKind,
    page: type[BaseModel],
    start: date | None,
    end: date | None,
    limit: int,
    offset: int,
) -> bytes:
    """``page``'s JSON (``results.as_json`` of the page validated from ``history``'s records,
    byte for byte) built from each record's JSON, taken from ``ITEMS`` where its rows were
    serialized before."""
    scope = ctx.scope(athlete_id)
    model = MODELS[kind]
    zone = athlete_zone(ctx, athlete_id) if model is not DailyMetric else None
    lo, hi = _time_window(model, start, end, zone)
    keys, rows = repo.between_rows(ctx.session, scope, model, lo, hi, limit=limit, offset=offset)
    id_at = keys.index("id")
    sets_of: dict[int, list[tuple[Any, ...]]] = {}
    workouts = model is WorkoutSession
    if workouts and rows:
        session_at = repo.SET_ROW_KEYS.index("session_id")
        for set_row in repo.set_rows(ctx.session, scope, [row[id_at] for row in rows]):
            sets_of.setdefault(set_row[session_at], []).append(tuple(set_row))
    adapter = _item_adapter(page)
    database = str(ctx.session.get_bind().engine.url)
    keep = not versions.has_writes(ctx.session)  # nothing uncommitted stays in memory
    parts: list[bytes] = []
    for row in rows:
        sets = tuple(sets_of.get(row[id_at], ())) if workouts else ()
        key: tuple[Any, ...] | None = (database, athlete_id, page, tuple(row), sets)
        try:
            part = ITEMS.get(key)
        except TypeError:  # a JSON value (dict or list) among the columns: not hashable
            key = part = None
        if part is not None:
            ITEMS.hits += 1
        else:
            ITEMS.misses += 1
            item = dict(zip(keys, row, strict=True))
            if workouts:
                item["sets"] = [dict(zip(repo.SET_ROW_KEYS, s, strict=True)) for s in sets]
            part = adapter.dump_json(adapter.validate_python(item), by_alias=True)
            if key is not None and keep:
                ITEMS.put(key, part)
        parts.append(part)
    return b'{"items":[%b],"limit":%d,"offset":%d,"count":%d}' % (
        b",".join(parts),
        limit,
        offset,
        len(parts),
    )


def set_count(workout: Mapping[str, Any]) -> int:
    """The number of sets of a workout read by ``history``, with or without its sets."""
    count = workout.get("set_count")
    return int(count) if count is not None else len(workout["sets"])


def _read(
    ctx: ServiceContext,
    scope: AthleteScope,
    model: type[Any],
    start: date | None,
    end: date | None,
    zone: ZoneInfo | None,
    *,
    limit: int | None = None,
    offset: int = 0,
    latest: bool = False,
    sets: bool = True,
) -> list[dict[str, Any]]:
    """The records of ``history`` for a checked window and scope: one query (two for
    workouts: their sets with the exercises' slugs, or only how many with ``sets=False``)."""
    lo, hi = _time_window(model, start, end, zone)
    out = repo.rows_between(
        ctx.session, scope, model, lo, hi, limit=limit, offset=offset, latest=latest
    )
    if model is WorkoutSession and out and not sets:
        counts = repo.set_counts_of(ctx.session, scope, [r["id"] for r in out])
        for workout in out:
            workout["set_count"] = counts.get(workout["id"], 0)
    elif model is WorkoutSession and out:
        by_session: dict[int, list[dict[str, Any]]] = {}
        for item in repo.set_rows_of(ctx.session, scope, [r["id"] for r in out]):
            by_session.setdefault(item["session_id"], []).append(item)
        for workout in out:
            workout["sets"] = by_session.get(workout["id"], [])
    return out


def workout_sets(
    ctx: ServiceContext, athlete_id: int, workout_ids: Sequence[int]
) -> dict[int, list[dict[str, Any]]]:
    """The sets of the athlete's given workouts by workout id, in order, with what the training
    load reads of them (``repo.set_values_of``: athlete_id, the exercise's slug as
    ``exercise``, reps, weight_kg, rir, completed, is_warmup): for work that read the
    workouts with ``sets=False`` and needs the sets of a few."""
    by_session: dict[int, list[dict[str, Any]]] = {}
    if not workout_ids:
        return by_session
    for item in repo.set_values_of(ctx.session, ctx.scope(athlete_id), list(workout_ids)):
        by_session.setdefault(item["session_id"], []).append(item)
    return by_session


def load_sessions(
    ctx: ServiceContext,
    athlete_id: int,
    kind: Literal["workouts", "cardio"],
    start: date,
    end: date,
) -> list[dict[str, Any]]:
    """``history``'s workouts or cardio sessions over the athlete's whole local days
    [start, end], with what
    the training load reads of them (``repo.workout_loads``: the sets counted as
    ``set_count`` in the same query; ``repo.cardio_loads``): no notes to decrypt, one query
    a kind. From a held ``snapshot`` when it covers the days."""
    _check_window(kind, start, end)
    held = _SNAPSHOT.get()
    rows = held.serve(ctx, athlete_id, kind, start, end) if held is not None else None
    if rows is not None:
        return rows
    lo, hi = _local_window(start, end, athlete_zone(ctx, athlete_id))  # as ``history``
    assert lo is not None
    assert hi is not None
    read = repo.workout_loads if kind == "workouts" else repo.cardio_loads
    return read(ctx.session, ctx.scope(athlete_id), lo, hi)


def resting_hr_days(
    ctx: ServiceContext, athlete_id: int, start: date, end: date
) -> list[tuple[date, float]]:
    """The daily resting heart rates logged on days start..end (inclusive) with their days, by
    day, as ``history``'s daily rows give them (from a held ``snapshot`` when it covers the
    days): read alone, without the rest of each row, for the training load's TRIMP (the load
    keeps them per day and takes the median over each report's own days)."""
    _check_window("daily", start, end)
    held = _SNAPSHOT.get()
    rows = held.serve(ctx, athlete_id, "daily", start, end) if held is not None else None
    if rows is not None:
        return [(r["day"], float(r["resting_hr"])) for r in rows if r["resting_hr"] is not None]
    return repo.resting_hr_days(ctx.session, ctx.scope(athlete_id), start, end)


def snapshot_held() -> bool:
    """Whether a ``snapshot`` is held here: what is read inside it may not be the database's
    (it shows nothing written inside the block), so nothing read in it is kept."""
    return _SNAPSHOT.get() is not None


def highest_max_hr(ctx: ServiceContext, athlete_id: int) -> float | None:
    """The highest maximum heart rate any cardio session of the athlete logged (None when
    none did): one index probe, whatever the history's length."""
    return repo.highest_max_hr(ctx.session, ctx.scope(athlete_id))


def records(
    ctx: ServiceContext, athlete_id: int, exercise: str | None = None
) -> list[PersonalRecords]:
    """Personal records per exercise (or for one), best e1RM first.

    Read from the records kept as sets are written (``repositories.personal_records``), so the
    cost does not grow with the history: equal to folding every stored set with
    ``analysis.strength.personal_records``."""
    scope = ctx.scope(athlete_id)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id if exercise else None
    return records_repo.for_athlete(ctx.session, scope, exercise_id)


def e1rm_trend(
    ctx: ServiceContext,
    athlete_id: int,
    exercise: str,
    start: date | None = None,
    end: date | None = None,
) -> list[tuple[datetime, float]]:
    """The best e1RM per session day for one exercise, over the athlete's whole local days
    [start, end] (the whole history by default: a request should pass a window rather than
    read every set)."""
    if start is not None:
        bounds.check_day(start, "from")
    if end is not None:
        bounds.check_day(end, "to")
    scope = ctx.scope(athlete_id)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id
    lo, hi = _local_window(start, end, athlete_zone(ctx, athlete_id))
    return e1rm_by_day(
        SetRecord(at, slug, reps, weight, rir, completed, warmup)
        for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
            ctx.session, scope, exercise_id, lo, hi
        )
    )


# --- the history pages: one entry, one set, the feed, progress per exercise, undo ------------

SET_FIELDS = ("reps", "weight_kg", "rir", "is_warmup")


class SetChanges(BaseModel):
    """What a correction of one set may change: only the fields given change (``weight_kg``
    and ``rir`` may be given as None: a bodyweight set, reps in reserve not said)."""

    model_config = ConfigDict(extra="forbid")

    reps: Annotated[int, Field(ge=0, le=1000)] = 0
    weight_kg: Annotated[Kg, Field(ge=0, le=1000)] | None = None
    rir: Annotated[float, Field(ge=0, le=10)] | None = None
    is_warmup: bool = False


def entry(
    ctx: ServiceContext,
    athlete_id: int,
    kind: Literal["workouts", "cardio", "meals"],
    entry_id: int,
) -> dict[str, Any]:
    """One workout (with its sets, as ``history`` gives them), cardio session or meal of the
    athlete by id, as plain data; another athlete's is ``NotFound``."""
    if kind not in ("workouts", "cardio", "meals"):
        raise InvalidInput(f"unknown entry kind {kind!r}; use workouts, cardio or meals")
    scope = ctx.scope(athlete_id)
    out = repo.columns_of(_entry(ctx, scope, kind, entry_id))
    if kind == "workouts":
        out["sets"] = repo.set_rows_of(ctx.session, scope, [entry_id])
    return out


def _set_of(ctx: ServiceContext, scope: AthleteScope, workout_id: int, set_id: int) -> SetLog:
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None or row.session_id != workout_id:
        raise NotFound(f"no set {set_id} in workout {workout_id}")
    return row


def correct_set(
    ctx: ServiceContext,
    athlete_id: int,
    workout_id: int,
    set_id: int,
    changes: SetChanges | Mapping[str, Any],
) -> dict[str, Any]:
    """Set corrected values on one set of a workout (those given of reps, weight_kg, rir,
    is_warmup). The exercise's personal records are folded again from the stored sets, so a
    record the set held goes when the set no longer reaches it (the training load reads the
    stored sets and follows by itself). Audited as an update with the old and new values;
    answers what changed."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    given = validate(SetChanges, changes, units=typed_units(ctx, scope, changes)).model_dump(
        exclude_unset=True
    )
    if not given:
        raise InvalidInput(f"changes: give one or more of {', '.join(SET_FIELDS)}")
    row = _set_of(ctx, scope, workout_id, set_id)
    before = {k: getattr(row, k) for k in given}
    changed = sorted(k for k in given if before[k] != given[k])
    for key in changed:
        setattr(row, key, given[key])
    ctx.session.flush()
    if changed:
        records_repo.recompute(ctx.session, scope, [row.exercise_id])
        detail = {
            "workout": workout_id,
            "before": {k: before[k] for k in changed},
            "after": {k: given[k] for k in changed},
        }
        ctx.audit("update", "set", set_id, athlete_id=athlete_id, detail=jsonable_detail(detail))
    return {"kind": "set", "id": set_id, "workout_id": workout_id, "changed": changed}


def delete_set(
    ctx: ServiceContext, athlete_id: int, workout_id: int, set_id: int
) -> dict[str, Any]:
    """Delete one set of a workout; its exercise's personal records are folded again without
    it. The workout stays (with its other sets; delete it with ``delete_entry``). Answers the
    set's id and how many sets the workout has left."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    row = _set_of(ctx, scope, workout_id, set_id)
    exercise_id = row.exercise_id
    ctx.session.delete(row)
    ctx.session.flush()
    records_repo.recompute(ctx.session, scope, [exercise_id])
    ctx.audit("delete", "set", set_id, athlete_id=athlete_id, detail={"workout": workout_id})
    left = repo.set_counts_of(ctx.session, scope, [workout_id]).get(workout_id, 0)
    return {"kind": "set", "id": set_id, "workout_id": workout_id, "sets_left": left}


WORKOUT_FIELDS = ("title", "started_at", "session_rpe", "duration_s", "notes")


class WorkoutChanges(BaseModel):
    """What a correction of a workout itself (not its sets) may change, with the limits a
    logged workout has (``WorkoutIn``): only the fields given change; ``session_rpe`` and
    ``duration_s`` may be given as None (not said)."""

    model_config = ConfigDict(extra="forbid")

    title: Text = Field(default="", max_length=120)
    started_at: Instant | None = None
    session_rpe: Annotated[float, Field(ge=0, le=10)] | None = None
    duration_s: Annotated[Seconds, Field(gt=0, le=86400)] | None = None
    notes: Text = Field(default="", max_length=5000)


def checked_workout_changes(
    ctx: ServiceContext, athlete_id: int, changes: WorkoutChanges | Mapping[str, Any]
) -> dict[str, Any]:
    """``changes`` validated as ``correct_workout`` takes them (the fields given only), or
    ``InvalidInput`` naming the field: what a page checks before it asks to confirm."""
    scope = ctx.scope(athlete_id)
    given = validate(
        WorkoutChanges, changes, clock=ctx.clock, units=typed_units(ctx, scope, changes)
    ).model_dump(exclude_unset=True)
    if not given:
        raise InvalidInput(f"changes: give one or more of {', '.join(WORKOUT_FIELDS)}")
    if "started_at" in given:
        if given["started_at"] is None:
            raise InvalidInput("started_at: a workout keeps a start time; give the corrected one")
        _not_future(ctx, given["started_at"], "started_at", "workout start")
    return given


def correct_workout(
    ctx: ServiceContext,
    athlete_id: int,
    workout_id: int,
    changes: WorkoutChanges | Mapping[str, Any],
) -> dict[str, Any]:
    """Set corrected values on a workout itself (those given of its title, start time, session
    RPE, duration and notes). As with ``correct_set``: validated as a logged workout is (a
    start in the future or before 1970 is refused), audited as an update with the old and new
    values, and what follows from it worked out again: the training load reads the session's
    RPE × duration as stored, and the personal records, dated by the session, are folded again
    when its start moves. Answers what changed."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    given = checked_workout_changes(ctx, athlete_id, changes)
    row = _entry(ctx, scope, "workouts", workout_id)
    before = {k: getattr(row, k) for k in given}
    changed = sorted(k for k in given if before[k] != given[k])
    for key in changed:
        setattr(row, key, given[key])
    ctx.session.flush()
    if "started_at" in changed:
        sets = repo.sets_of(ctx.session, scope, [workout_id])
        records_repo.recompute(ctx.session, scope, {s.exercise_id for s in sets})
    if changed:
        detail = {"before": {k: before[k] for k in changed}, "after": {k: given[k] for k in changed}}  # fmt: skip
        ctx.audit("update", "workout", workout_id, athlete_id=athlete_id, detail=jsonable_detail(detail))  # fmt: skip
    return {"kind": "workout", "id": workout_id, "changed": changed}


FEED_MAX = 100


@dataclass(frozen=True)
class FeedPage:
    """One page of the history: its sessions newest first, and how many match in all."""

    items: list[dict[str, Any]]
    total: int


def feed(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    exercise: str | None = None,
    start: date | None = None,
    end: date | None = None,
    limit: int = 25,
    offset: int = 0,
) -> FeedPage:
    """The athlete's workouts and cardio sessions, newest first, a page at a time. Each is its
    row as plain data with ``kind`` (``workouts`` or ``cardio``); a workout also has its
    ``sets`` (as ``history`` gives them), ``set_count``, ``exercises`` (names, in the order
    first done) and ``volume_kg`` (weight x reps of its completed working sets). Days are the athlete's local days (as the pages write
    them); with ``exercise`` (slug, name or alias) only the workouts with a set of it."""
    _check_window("workouts", start, end)
    if not 1 <= limit <= FEED_MAX:
        raise InvalidInput(f"limit must lie between 1 and {FEED_MAX}, got {limit}")
    if not 0 <= offset <= bounds.MAX_OFFSET:
        raise InvalidInput(f"offset must lie between 0 and {bounds.MAX_OFFSET}, got {offset}")
    scope = ctx.scope(athlete_id)
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    exercise_id = exercises.resolve(ctx, exercise, athlete_id=athlete_id).id if exercise else None
    lo, hi = _local_window(start, end, zone)
    page, total = repo.feed(
        ctx.session, scope, lo, hi, exercise_id=exercise_id, limit=limit, offset=offset
    )
    ids = {kind: [i for k, i in page if k == kind] for kind in ("workouts", "cardio")}
    rows = {kind: repo.rows_by_ids(ctx.session, scope, MODELS[kind], ids[kind]) for kind in ids}
    sets: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for item in repo.set_rows_of(ctx.session, scope, ids["workouts"]):
        sets[item["session_id"]].append(item)
    items = []
    for kind, id_ in page:
        row = rows[kind].get(id_)
        if row is None:  # deleted between the two reads
            continue
        out = {"kind": kind, **row}
        if kind == "workouts":
            done = sets.get(id_, [])
            out["sets"] = done
            out["set_count"] = len(done)
            out["exercises"] = list(dict.fromkeys(s["exercise_name"] for s in done))
            out["volume_kg"] = sum(
                s["reps"] * s["weight_kg"]
                for s in done
                if s["weight_kg"] and s["completed"] and not s["is_warmup"]
            )
        items.append(out)
    return FeedPage(items, total)


def logged_exercises(ctx: ServiceContext, athlete_id: int) -> list[tuple[str, str]]:
    """(slug, name) of every exercise the athlete has logged a set of, by name."""
    return repo.logged_exercises(ctx.session, ctx.scope(athlete_id))


@dataclass(frozen=True)
class DayBest:
    """One training day's bests on an exercise (see ``exercise_progress``)."""

    day: date
    e1rm_kg: float
    e1rm_reliable: bool
    heaviest_kg: float
    heaviest_reps: int
    best_set_volume_kg: float
    most_reps: int


@dataclass(frozen=True)
class ExerciseProgress:
    """An exercise's bests day by day, and its personal records (None: no loaded working set)."""

    exercise: str
    name: str
    days: list[DayBest]
    record: PersonalRecords | None


def exercise_progress(
    ctx: ServiceContext,
    athlete_id: int,
    exercise: str,
    start: date | None = None,
    end: date | None = None,
) -> ExerciseProgress:
    """Per local day the athlete did ``exercise`` (slug, name or alias) within [start, end]
    (the whole history by default), that day's bests: e1RM, the heaviest set, the biggest set
    volume and the most reps, over completed working sets with a load, folded by
    ``analysis.strength.personal_records`` (the one definition of a record); and the
    exercise's stored records."""
    _check_window("workouts", start, end)
    scope = ctx.scope(athlete_id)
    zone = zone_named(athlete_repo.get_athlete(ctx.session, scope).timezone)
    found = exercises.resolve(ctx, exercise, athlete_id=athlete_id)
    lo, hi = _local_window(start, end, zone)
    by_day: dict[date, list[SetRecord]] = defaultdict(list)
    for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
        ctx.session, scope, found.id, lo, hi
    ):
        record = SetRecord(at, slug, reps, weight, rir, completed, warmup)
        by_day[at.astimezone(zone).date()].append(record)
    days = []
    for day, sets in sorted(by_day.items()):
        best = personal_records(sets).get(found.slug)
        if best is not None:
            days.append(
                DayBest(
                    day=day,
                    e1rm_kg=best.best_e1rm_kg,
                    e1rm_reliable=best.e1rm_reliable,
                    heaviest_kg=best.heaviest_kg,
                    heaviest_reps=best.heaviest_reps,
                    best_set_volume_kg=best.best_set_volume_kg,
                    most_reps=best.most_reps,
                )
            )
    stored = records_repo.for_athlete(ctx.session, scope, found.id)
    return ExerciseProgress(found.slug, found.name, days, stored[0] if stored else None)


UNDO_WINDOW = timedelta(minutes=30)
IMPORT_SOURCE = "import:"  # the source of every record a file import stored
# The audit log's entity of each kind an undo may take back. A day's readings are one row
# that several logs share and feedback is no entry the log deletes: neither is undone here.
UNDOABLE: dict[str, EntryKind] = {
    "workout": "workouts",
    "cardio": "cardio",
    "meal": "meals",
    "sleep": "sleep",
}


@dataclass(frozen=True)
class LastEntry:
    """The entry an undo would take back: its kind, id, when it was logged and its row (a
    workout's with ``set_count``). ``gone``: it was the last entry when the undo was sent
    (``as_of``), and another request took it out since (its row is then empty)."""

    kind: EntryKind
    id: int
    logged_at: datetime
    row: dict[str, Any]
    gone: bool = False


def last_entry(
    ctx: ServiceContext,
    athlete_id: int,
    *,
    within: timedelta = UNDO_WINDOW,
    as_of: datetime | None = None,
) -> LastEntry | None:
    """The newest entry (workout, cardio session, meal, sleep) the requesting account logged
    for the athlete in the last ``within`` that is still stored; None when there is none.

    Read from the audit log's ``create`` entries, which every log call writes: whatever
    logged it (a web form, the guided workout, the API, the chat), the same entry is found.

    ``as_of``: when the undo was sent (its request's arrival). "That" names the last entry at
    that moment: one logged later is not it, and one taken out after that moment (by another
    undo sent at the same time, which got there first) is still what it names: it comes back
    ``gone``, so that the undo takes back nothing more rather than the entry before it.

    An imported record (``source`` ``import:...``) is never the last entry: an import is taken
    back as a whole (``imports.take_back``), never one record of it."""
    scope = ctx.scope(athlete_id)
    since = ctx.clock.now() - within
    created = repo.recent_creations(
        ctx.session, scope, ctx.subject.account_id, tuple(UNDOABLE), since
    )
    for entity, entity_id, at in created:
        if entity_id is None or not entity_id.isdigit():
            continue
        if as_of is not None and at > as_of:  # logged after the undo was sent
            continue
        kind = UNDOABLE[entity]
        row = repo.record_for(ctx.session, scope, MODELS[kind], int(entity_id))
        if row is None:  # deleted since: before the undo was sent, or after it
            if as_of is not None and entries_repo.deleted_since(
                ctx.session, scope, entity, int(entity_id), as_of
            ):
                return LastEntry(kind, int(entity_id), at, {}, gone=True)
            continue
        if str(getattr(row, "source", "") or "").startswith(IMPORT_SOURCE):
            continue  # part of an import: taken back whole, on the Import page
        return LastEntry(kind, row.id, at, _described(ctx, athlete_id, kind, row))
    return None


def _described(ctx: ServiceContext, athlete_id: int, kind: EntryKind, row: Any) -> dict[str, Any]:
    """An entry's columns with what its words need: a workout's set count; a night's local
    end day and the athlete's local today ("last night's sleep")."""
    scope = ctx.scope(athlete_id)
    data = repo.columns_of(row)
    if kind == "workouts":
        data["set_count"] = repo.set_counts_of(ctx.session, scope, [row.id]).get(row.id, 0)
    if kind == "sleep":
        zone = athlete_zone(ctx, athlete_id)
        data["ends_on"] = row.ended_at.astimezone(zone).date()
        data["today"] = ctx.clock.now().astimezone(zone).date()
    return data


def entry_words(ctx: ServiceContext, athlete_id: int, kind: EntryKind, entry_id: int) -> str | None:
    """One of the athlete's entries in the words an undo names it by (``last_entry_words``),
    read before it is taken out; None when it is not there (or is a day's readings, which are
    named by the readings cleared)."""
    if kind == "daily":
        return None
    row = repo.record_for(ctx.session, ctx.scope(athlete_id), MODELS[kind], entry_id)
    if row is None:
        return None
    return last_entry_words(
        LastEntry(kind, entry_id, ctx.clock.now(), _described(ctx, athlete_id, kind, row))
    )


def undo_last(
    ctx: ServiceContext,
    athlete_id: int,
    kind: EntryKind | None = None,
    entry_id: int | None = None,
    *,
    within: timedelta = UNDO_WINDOW,
    as_of: datetime | None = None,
) -> dict[str, Any]:
    """Take back the entry ``last_entry`` names, by ``delete_entry`` (a workout's records are
    folded again): the one undo of the web's Undo button, the chat's "undo that" and the
    assistant's ``undo_last_entry``. A caller that showed the entry names it (``kind`` and
    ``entry_id``): when that is no longer the last one (another was logged since, or it was
    deleted), nothing is deleted (``Conflict``). Past the window there is nothing to undo
    (``NotFound``). With ``as_of`` (when the undo was sent) the entry is the last one at
    that moment, taken back once: when another undo took it out since, nothing is removed
    (``Conflict``). Answers what was removed, with ``what`` (the entry in words)."""
    last = last_entry(ctx, athlete_id, within=within, as_of=as_of)
    if last is None:
        minutes = round(within.total_seconds() / 60)
        raise NotFound(
            f"nothing you logged in the last {minutes} minutes is left to undo; delete an "
            "older entry from its page in the history (a file import is taken back as a "
            "whole on the Import page)"
        )
    if last.gone:
        raise Conflict(
            f"the last entry, the {last_entry_words(last)}, was taken back already by an undo "
            "sent at the same time, so nothing more was removed"
        )
    if kind is not None and (last.kind, last.id) != (kind, entry_id):
        raise Conflict(
            "another entry was logged or removed since this page was shown, so nothing was "
            "undone; look at the history again"
        )
    removed = delete_entry(ctx, athlete_id, last.kind, last.id, named_at=as_of)
    return {**removed, "what": last_entry_words(last)}


def last_entry_words(last: LastEntry) -> str:
    """What an undo would take back, in words after "the": "workout “Quick log” (3 sets)",
    "meal “porridge”", "running session (30 min)", "sleep of last night (7 h)"."""
    row = last.row
    if last.gone:
        return {"workouts": "workout", "cardio": "cardio session", "meals": "meal"}.get(
            last.kind, "night's sleep"
        )
    if last.kind == "workouts":
        sets = row.get("set_count", 0)
        title = row.get("title") or "strength session"
        return f"workout “{title}” ({sets} set{'' if sets == 1 else 's'})"
    if last.kind == "cardio":
        took = row.get("duration_s")
        length = f" ({_length_words(float(took))})" if took else ""
        activity = exercise_name(str(row["activity_type"]).replace("_", "-"))
        return f"{activity} session{length}"
    if last.kind == "meals":
        about = row.get("description") or row.get("meal_type") or "meal"
        return f"meal “{about}”"
    started, ended = row.get("started_at"), row.get("ended_at")
    length = (
        f" ({_length_words((ended - started).total_seconds())})"
        if isinstance(started, datetime) and isinstance(ended, datetime)
        else ""
    )
    ends_on, today = row.get("ends_on"), row.get("today")
    if isinstance(ends_on, date) and isinstance(today, date) and ends_on != today:
        return f"sleep of the night to {ends_on:%a} {ends_on.day} {ends_on:%b}{length}"
    if isinstance(ends_on, date):
        return f"sleep of last night{length}"
    return f"night's sleep{length}"


def _length_words(seconds: float) -> str:
    """A length of time as people say it: "7 h", "6 h 30 min", "45 min"."""
    minutes = round(seconds / 60)
    hours, rest = divmod(minutes, 60)
    if hours and rest:
        return f"{hours} h {rest} min"
    return f"{hours} h" if hours else f"{rest} min"
