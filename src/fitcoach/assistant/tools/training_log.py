"""``log_sets``, ``log_cardio``, ``log_daily_metrics``, ``log_sleep`` and ``log_meal``: what the
athlete did, slept, ate and measured, written through the training log service.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from fitcoach.analysis.strength import rir_from_rpe
from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    BodyWeightKg,
    Day,
    DistanceM,
    ExerciseName,
    LoadKg,
    ToolArgs,
    at_hour,
    athlete_units,
    athlete_zone,
    day_words,
    exercise_name,
    exercise_slug,
    jsonable,
    num,
    past_day,
)
from fitcoach.assistant.tools.metrics import sleep_series
from fitcoach.coach.edits import resolve_record
from fitcoach.coach.exercise_names import name_key, words
from fitcoach.core.domain import OWN_EXERCISE_PREFIX as OWN_PREFIX
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import (
    Units,
    format_distance,
    format_mass,
    parse_distance_for,
    parse_mass_for,
)
from fitcoach.services import exercise_names, own_exercises, training_log
from fitcoach.services.exercises import library_records


class SetGroup(ToolArgs):
    """Sets of one exercise done the same way."""

    exercise: ExerciseName
    sets: int = Field(default=1, ge=1, le=20)
    reps: int = Field(ge=0, le=100)
    weight_kg: LoadKg | None = Field(
        default=None, description="Added load; leave out for bodyweight."
    )
    bodyweight: bool = Field(default=False, description="Done with body weight only.")
    rir: float | None = Field(default=None, ge=0, le=10, description="Reps in reserve.")
    rpe: float | None = Field(
        default=None, ge=0, le=10, description="Effort 0-10; becomes RIR 10-RPE when no RIR."
    )
    distance_m: float | None = Field(
        default=None,
        gt=0,
        le=10_000,
        description="A carry's or sled's distance per set (each set one run of it, reps 1).",
    )


class LogSetsArgs(ToolArgs):
    groups: list[SetGroup] = Field(min_length=1, max_length=20)
    date: Day = None
    duration_s: float | None = Field(default=None, gt=0, le=86400)
    session_rpe: float | None = Field(
        default=None, ge=0, le=10, description="How hard the whole session was, 0-10."
    )


def log_sets(tctx: ToolContext, args: LogSetsArgs) -> ToolResult:
    day = past_day(tctx, args.date)
    # A name the athlete mapped at an import means the exercise they chose.
    remembered = exercise_names.remembered_slugs(tctx.service, tctx.athlete_id)
    groups = [
        g.model_copy(update={"exercise": remembered.get(name_key(g.exercise), g.exercise)})
        for g in args.groups
    ]
    # A load said for an assisted movement (the assisted dip or pull-up machine, a band) is
    # the help, not added load: stored without a load, as an import stores it, never "+20 kg".
    helped = [_assisted(g.exercise) and g.weight_kg is not None for g in groups]
    groups = [
        g.model_copy(update={"weight_kg": None, "bodyweight": True}) if h else g
        for g, h in zip(groups, helped, strict=True)
    ]
    sets = []
    for g in groups:
        rir = g.rir if g.rir is not None else (None if g.rpe is None else rir_from_rpe(g.rpe))
        one = {"exercise": g.exercise, "reps": g.reps, "weight_kg": g.weight_kg, "rir": rir}
        if g.distance_m is not None:  # a carry's run: its distance kept with the set
            one["notes"] = training_log.run_note(g.distance_m)
        sets += [one] * g.sets
    doc: dict[str, Any] = {"started_at": at_hour(tctx, day, 18).isoformat(), "sets": sets}
    if args.duration_s:
        doc["duration_s"] = args.duration_s
    if args.session_rpe is not None:
        doc["session_rpe"] = args.session_rpe
    logged = training_log.log_workout(tctx.service, tctx.athlete_id, doc)
    stored = training_log.history(
        tctx.service, tctx.athlete_id, "workouts", day - timedelta(days=1), day + timedelta(days=1)
    )
    row = next(w for w in stored if w["id"] == logged.id)
    said: list[training_log.SetGroup] = []
    units = athlete_units(tctx)
    # The athlete's own exercises (a name kept at an import): their names and equipment.
    own = (
        {e["slug"]: e for e in own_exercises.listed(tctx.service, tctx.athlete_id)}
        if any(g.exercise.startswith(OWN_PREFIX) for g in groups)
        else {}
    )
    for g in groups:
        mine = own.get(g.exercise)
        if mine is not None:
            slug, name, equipment = mine["slug"], str(mine["name"]), list(mine["equipment"])
        else:
            record = resolve_record(library_records(), g.exercise)
            slug, name, equipment = record.slug, exercise_name(record.slug), record.equipment
        # As typed: an RPE is said with the RIR it stands for (what is stored).
        by_rpe = g.rir is None and g.rpe is not None
        said.append(
            training_log.SetGroup(
                sets=g.sets,
                reps=g.reps,
                name=name,
                slug=slug,
                weight_kg=g.weight_kg,
                bodyweight=g.bodyweight or not equipment,
                rir=rir_from_rpe(g.rpe) if by_rpe and g.rpe is not None else g.rir,
                rpe=g.rpe if by_rpe else None,
                distance_m=g.distance_m,
            )
        )
    data = {
        "workout_id": logged.id,
        "date": day,
        "sets": [
            {
                "exercise": s["exercise"],
                "reps": s["reps"],
                "weight_kg": s["weight_kg"],
                "rir": s["rir"],
            }
            for s in row["sets"]
        ],
    }
    return ToolResult(
        "log_sets",
        ok=True,
        data=jsonable(data),
        # The web's quick log says it the same way (``training_log.logged_words``).
        summary=training_log.logged_words(day, tctx.today(), said, units)
        + (" The assistance is help, not load: stored with no load." if any(helped) else ""),
    )


def _assisted(exercise: str) -> bool:
    """Whether ``exercise`` is a library entry that is an assisted movement by its name."""
    if exercise.startswith(OWN_PREFIX):
        return False
    try:
        record = resolve_record(library_records(), exercise)
    except (InvalidInput, LookupError):
        return False
    return "assisted" in words(record.name)


class LogCardioArgs(ToolArgs):
    activity: str = Field(
        min_length=1,
        max_length=40,
        description="A cardio exercise (steady run, cycling, rowing ...).",
    )
    duration_s: float = Field(gt=0, le=172800)
    distance_m: DistanceM | None = None
    date: Day = None
    avg_hr_bpm: float | None = Field(default=None, ge=25, le=250)
    session_rpe: float | None = Field(default=None, ge=0, le=10)


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def log_cardio(tctx: ToolContext, args: LogCardioArgs) -> ToolResult:
    day = past_day(tctx, args.date)
    try:
        activity = resolve_record(library_records(), args.activity).slug
    except InvalidInput:
        activity = args.activity.lower().replace(" ", "_")
    doc = {
        "activity_type": activity,
        "started_at": at_hour(tctx, day, 18).isoformat(),
        "duration_s": args.duration_s,
        "distance_m": args.distance_m,
        "avg_hr": args.avg_hr_bpm,
        "session_rpe": args.session_rpe,
    }
    logged = training_log.log_cardio(tctx.service, tctx.athlete_id, doc)
    data = {
        "cardio_id": logged.id,
        "date": day,
        "activity": activity,
        "duration_s": args.duration_s,
        "distance_m": args.distance_m,
    }
    return ToolResult(
        "log_cardio",
        ok=True,
        data=jsonable(data),
        # The web's cardio log says it the same way (``training_log.cardio_logged_words``).
        summary=training_log.cardio_logged_words(
            day,
            tctx.today(),
            activity,
            args.duration_s,
            args.distance_m,
            args.avg_hr_bpm,
            athlete_units(tctx),
        ),
    )


class LogDailyArgs(ToolArgs):
    """Today's (or a day's) readings; the fields left out keep their stored value."""

    date: Day = None
    weight_kg: BodyWeightKg | None = None
    resting_hr_bpm: float | None = Field(default=None, ge=20, le=150)
    hrv_rmssd_ms: float | None = Field(default=None, gt=0, lt=500)
    mood: int | None = Field(default=None, ge=1, le=5, description="1 (very low) to 5 (great).")
    energy: int | None = Field(default=None, ge=1, le=5, description="1 (very low) to 5 (great).")
    soreness: int | None = Field(default=None, ge=1, le=5, description="1 (none) to 5 (very sore).")
    stress: int | None = Field(default=None, ge=1, le=5, description="1 (none) to 5 (very high).")

    @model_validator(mode="after")
    def _something(self) -> LogDailyArgs:
        if not self.model_fields_set - {"date"}:
            raise ValueError(
                "give at least one reading (weight_kg, resting_hr_bpm, hrv_rmssd_ms, mood, energy, soreness, stress)"
            )
        return self


DAILY_TEXT = {
    "weight_kg": ("weight", "kg"),
    "resting_hr": ("resting HR", "bpm"),
    "hrv_rmssd_ms": ("HRV", "ms"),
    "mood": ("mood", "/5"),
    "energy": ("energy", "/5"),
    "soreness": ("soreness", "/5"),
    "stress": ("stress", "/5"),
}


def log_daily_metrics(tctx: ToolContext, args: LogDailyArgs) -> ToolResult:
    day = past_day(tctx, args.date)
    values = {
        "weight_kg": args.weight_kg,
        "resting_hr": args.resting_hr_bpm,
        "hrv_rmssd_ms": args.hrv_rmssd_ms,
        "mood": args.mood,
        "energy": args.energy,
        "soreness": args.soreness,
        "stress": args.stress,
    }
    given = {k: v for k, v in values.items() if v is not None}
    logged = training_log.log_daily(
        tctx.service, tctx.athlete_id, {"day": day.isoformat(), **given}
    )
    units = athlete_units(tctx)
    parts = [
        f"weight {format_mass(float(v), units, kind='body')}"
        if k == "weight_kg"
        else f"{DAILY_TEXT[k][0]} {num(float(v))}{'' if DAILY_TEXT[k][1].startswith('/') else ' '}{DAILY_TEXT[k][1]}"
        for k, v in given.items()
    ]
    return ToolResult(
        "log_daily_metrics",
        ok=True,
        data=jsonable({"daily_id": logged.id, "date": day, **given}),
        summary=f"Logged for {day_words(day, tctx.today())}: {', '.join(parts)}.",
    )


SLEEP_QUALITY = {"very_poor": 1, "poor": 2, "fair": 3, "good": 4, "excellent": 5}
MAX_NIGHT_S = int(training_log.MAX_SLEEP_H * 3600)


class LogSleepArgs(ToolArgs):
    duration_s: float = Field(
        gt=0, le=MAX_NIGHT_S, description="Time asleep in seconds (one night: at most 24 h)."
    )
    date: Day = Field(default=None, description="The morning the night ended (default today).")
    quality: Literal["very_poor", "poor", "fair", "good", "excellent"] | None = None

    @field_validator("duration_s", mode="before")
    @classmethod
    def _one_night(cls, value: Any) -> Any:
        if isinstance(value, int | float) and not isinstance(value, bool) and value > MAX_NIGHT_S:
            raise ValueError(
                f"{num(value / 3600)} h is more than a day has: one night's sleep is at most "
                "24 h; give the hours asleep that night (a correction replaces what was logged)"
            )
        return value


def log_sleep(tctx: ToolContext, args: LogSleepArgs) -> ToolResult:
    """Log the night ending on ``date``; telling it again corrects it (never adds to it).

    The day's own figure (a check-in's ``sleep_s``), when there is one, counts before sleep
    sessions (``training_log.sleep_hours``), so a correction goes there; otherwise the night is
    stored as a typed session ending at 07:00 local time, which replaces the session the chat
    logged for that night before (``training_log.log_sleep``: same source, overlapping)."""
    day = past_day(tctx, args.date)
    before = sleep_series(tctx, day, day).get(day)
    checkin = training_log.history(tctx.service, tctx.athlete_id, "daily", day, day)
    data: dict[str, Any]
    if checkin and checkin[0]["sleep_s"] is not None:
        values: dict[str, Any] = {"day": day.isoformat(), "sleep_s": args.duration_s}
        if args.quality:
            values["sleep_quality"] = SLEEP_QUALITY[args.quality]
        logged = training_log.log_daily(tctx.service, tctx.athlete_id, values)
        data = {"daily_id": logged.id}
    else:
        ended = datetime.combine(day, time(7), tzinfo=athlete_zone(tctx)).astimezone(UTC)
        doc: dict[str, Any] = {
            "started_at": (ended - timedelta(seconds=args.duration_s)).isoformat(),
            "ended_at": ended.isoformat(),
        }
        if args.quality:
            doc["quality"] = SLEEP_QUALITY[args.quality]
        logged = training_log.log_sleep(tctx.service, tctx.athlete_id, doc)
        data = {"sleep_id": logged.id}
    after = sleep_series(tctx, day, day).get(day, args.duration_s / 3600)
    hours = args.duration_s / 3600
    when = day_words(day, tctx.today())
    quality = f", quality {args.quality.replace('_', ' ')}" if args.quality else ""
    if before is None:
        summary = f"Logged {num(hours, 2)} h of sleep for the night ending {when}{quality}."
    elif round(after, 2) == round(before, 2) and not logged.changed and not logged.created:
        summary = f"Sleep for the night ending {when} was already logged: {num(after, 2)} h."
    elif after < before + hours - 1 / 60:  # it replaced sleep of that night, not added to it
        summary = (
            f"Sleep for the night ending {when} corrected: {num(after, 2)} h "
            f"(was {num(before, 2)} h){quality}."
        )
    else:  # a night beside a nap of the same day
        summary = (
            f"Logged {num(hours, 2)} h of sleep for the night ending {when}{quality} "
            f"({num(after, 2)} h in all that day)."
        )
    if after >= training_log.MAX_SLEEP_H > hours:  # the day's sessions, capped
        summary += " More than 24 h in one day counts as 24 h."
    return ToolResult(
        "log_sleep",
        ok=True,
        data=jsonable(
            {
                **data,
                "date": day,
                "hours": round(hours, 2),
                "night_total_hours": round(after, 2),
                "previous_hours": None if before is None else round(before, 2),
                "quality": args.quality,
            }
        ),
        summary=summary,
    )


MEAL_HOURS = {"breakfast": 8, "lunch": 13, "snack": 16, "dinner": 19, "meal": 12}


class LogMealArgs(ToolArgs):
    meal: Literal["breakfast", "lunch", "dinner", "snack", "meal"] = "meal"
    description: str = Field(default="", max_length=500)
    calories_kcal: float | None = Field(default=None, ge=0, le=10000)
    protein_g: float | None = Field(default=None, ge=0, le=1000)
    carbs_g: float | None = Field(default=None, ge=0, le=2000)
    fat_g: float | None = Field(default=None, ge=0, le=1000)
    date: Day = None

    @model_validator(mode="after")
    def _something(self) -> LogMealArgs:
        if not (
            self.description
            or any(
                v is not None
                for v in (self.calories_kcal, self.protein_g, self.carbs_g, self.fat_g)
            )
        ):
            raise ValueError(
                "describe the meal or give calories_kcal or macros (protein_g, carbs_g, fat_g)"
            )
        return self


def log_meal(tctx: ToolContext, args: LogMealArgs) -> ToolResult:
    day = past_day(tctx, args.date)
    doc = {
        "eaten_at": at_hour(tctx, day, MEAL_HOURS[args.meal]).isoformat(),
        "meal_type": args.meal,
        "description": args.description,
        "calories_kcal": args.calories_kcal,
        "protein_g": args.protein_g,
        "carbs_g": args.carbs_g,
        "fat_g": args.fat_g,
    }
    logged = training_log.log_meal(tctx.service, tctx.athlete_id, doc)
    parts = [
        f"{num(v)} {unit}"
        for v, unit in (
            (args.calories_kcal, "kcal"),
            (args.protein_g, "g protein"),
            (args.carbs_g, "g carbs"),
            (args.fat_g, "g fat"),
        )
        if v is not None
    ]
    what = f" ({args.description})" if args.description else ""
    amounts = f": {', '.join(parts)}" if parts else ""
    return ToolResult(
        "log_meal",
        ok=True,
        data=jsonable({"meal_id": logged.id, "date": day, **doc}),
        summary=f"Logged {args.meal} on {day_words(day, tctx.today())}{what}{amounts}.",
    )


EntryKindArg = Literal["workouts", "cardio", "daily", "sleep", "meals"]
# The id field each log tool answers with, per entry kind (a later turn undoes by it).
ENTRY_IDS = {
    "workout_id": "workouts",
    "cardio_id": "cardio",
    "daily_id": "daily",
    "sleep_id": "sleep",
    "meal_id": "meals",
}


class UndoLogArgs(ToolArgs):
    kind: EntryKindArg
    entry_id: int = Field(ge=1, description="The id a log tool answered with (workout_id ...).")
    fields: list[str] = Field(
        default_factory=list,
        max_length=10,
        description="For a day's readings: only these (weight_kg, resting_hr, mood ...).",
    )


def undo_log_entry(tctx: ToolContext, args: UndoLogArgs) -> ToolResult:
    # Named before it goes, in the words the web's Undo and "undo that" use.
    named = training_log.entry_words(tctx.service, tctx.athlete_id, args.kind, args.entry_id)
    removed = training_log.delete_entry(
        tctx.service,
        tctx.athlete_id,
        args.kind,
        args.entry_id,
        fields=tuple(args.fields),
        named_at=tctx.sent_at,
    )
    what = {"workouts": "the workout", "cardio": "the cardio session", "daily": "the day's readings",
            "sleep": "the night's sleep", "meals": "the meal"}[args.kind]  # fmt: skip
    if removed.get("fields"):
        units = athlete_units(tctx)
        what = (
            ", ".join(
                f"weight {format_mass(float(v), units, kind='body')}"
                if k == "weight_kg"
                else f"{DAILY_TEXT.get(k, (k, ''))[0]} {num(float(v))}"
                for k, v in removed["fields"].items()
                if v is not None
            )
            or what
        )
    elif named is not None:  # the web's Undo says it so (``training_log.undone_words``)
        return ToolResult(
            "undo_log_entry",
            ok=True,
            data=jsonable(removed),
            summary=training_log.undone_words(named),
        )
    elif removed.get("sets"):
        what += f" ({_plural(removed['sets'], 'set')})"
    return ToolResult("undo_log_entry", ok=True, data=jsonable(removed), summary=f"Removed {what}.")


class LastEntryArgs(ToolArgs):
    """No arguments: the athlete's newest entry is looked up."""


def last_log_entry(tctx: ToolContext, _args: LastEntryArgs) -> ToolResult:
    """The entry "undo" would take back: the newest workout, cardio session, meal or night's
    sleep the athlete logged in the last 30 minutes, wherever they logged it (the web's Undo
    button, ``training_log.last_entry``)."""
    last = training_log.last_entry(tctx.service, tctx.athlete_id, as_of=tctx.sent_at)
    if last is not None and last.gone:
        what = training_log.last_entry_words(last)
        return ToolResult(
            "last_log_entry",
            ok=True,
            data={"kind": last.kind, "entry_id": last.id, "gone": True, "what": what},
            summary=f"The last entry, the {what}, was taken back already.",
        )
    if last is None:
        minutes = round(training_log.UNDO_WINDOW.total_seconds() / 60)
        return ToolResult(
            "last_log_entry",
            ok=True,
            data={"kind": None},
            summary=f"Nothing was logged in the last {minutes} minutes.",
        )
    zone = athlete_zone(tctx)
    at = last.logged_at.astimezone(zone)
    what = training_log.last_entry_words(last)
    return ToolResult(
        "last_log_entry",
        ok=True,
        data=jsonable({"kind": last.kind, "entry_id": last.id, "logged_at": at, "what": what}),
        summary=f"The last entry is the {what}, logged at {at:%H:%M}.",
    )


class UndoLastArgs(ToolArgs):
    kind: Literal["workouts", "cardio", "sleep", "meals"] | None = Field(
        default=None, description="The kind last_log_entry answered (to undo only that one)."
    )
    entry_id: int | None = Field(
        default=None, ge=1, description="The id last_log_entry answered (to undo only that one)."
    )


def undo_last_entry(tctx: ToolContext, args: UndoLastArgs) -> ToolResult:
    """Take back the newest entry (``training_log.undo_last``, the web's Undo): with the entry
    ``last_log_entry`` named, nothing is removed when another was logged since."""
    if (args.kind is None) != (args.entry_id is None):
        raise InvalidInput("give both kind and entry_id (from last_log_entry), or neither")
    removed = training_log.undo_last(
        tctx.service, tctx.athlete_id, args.kind, args.entry_id, as_of=tctx.sent_at
    )
    return ToolResult(
        "undo_last_entry",
        ok=True,
        data=jsonable({k: v for k, v in removed.items() if k not in ("what", "said")}),
        summary=removed["said"],
    )


class CorrectLogArgs(ToolArgs):
    kind: Literal["workouts", "cardio", "daily", "meals"]
    entry_id: int = Field(ge=1, description="The id a log tool answered with (workout_id ...).")
    changes: dict[str, float | str] = Field(
        min_length=1,
        max_length=6,
        description="Corrected values: reps, weight_kg, rir, sets (workouts); duration_s, "
        "distance_m, avg_hr (cardio); a reading (daily); calories_kcal, protein_g (meals). A "
        "weight or a distance may be text with its unit ('235 lb', '3.1 mi').",
    )
    exercise: ExerciseName | None = Field(
        default=None, description="A workout's exercise the change is for (all when left out)."
    )


def _corrected(key: str, value: float | str, units: Units) -> float | int:
    """One corrected value as stored: a weight or a distance given as text with its unit (or
    without one: the athlete's) in kg or metres; a count whole."""
    if key in ("weight_kg", "distance_m") and isinstance(value, str):
        parse = parse_mass_for if key == "weight_kg" else parse_distance_for
        return round(parse(value, units), 2)
    try:
        number = float(value)
    except ValueError:
        raise InvalidInput(
            f"changes: {key} must be a number, not {value!r}", field="changes"
        ) from None
    return int(number) if key in ("reps", "sets") else number


def _value_words(key: str, value: float | None, units: Units, kind: str = "workouts") -> str:
    """A corrected value as the summary says it: weights and distances in the athlete's unit
    (a day's body weight to a scale's precision, a load to a plate's)."""
    if value is None:
        return "none"
    if key == "weight_kg":
        return format_mass(value, units, kind="body" if kind == "daily" else "load")
    if key == "distance_m":
        return format_distance(value, units)
    return num(float(value))


CHANGE_WORDS = {"weight_kg": "weight", "distance_m": "distance", "duration_s": "duration (s)",
                "avg_hr": "average HR", "calories_kcal": "calories", "protein_g": "protein (g)"}  # fmt: skip


def correct_log_entry(tctx: ToolContext, args: CorrectLogArgs) -> ToolResult:
    units = athlete_units(tctx)
    changes: dict[str, Any] = {k: _corrected(k, v, units) for k, v in args.changes.items()}
    done = training_log.correct_entry(
        tctx.service, tctx.athlete_id, args.kind, args.entry_id, changes, exercise=args.exercise
    )
    parts = []
    for key, value in changes.items():
        old = done["before"].get(key)
        olds = old if isinstance(old, list) else [old]
        old_text = ", ".join(_value_words(key, v, units, args.kind) for v in olds if v is not None) or "none"  # fmt: skip
        label = CHANGE_WORDS.get(key, key.replace("_", " "))
        parts.append(f"{label} {old_text} → {_value_words(key, value, units, args.kind)}")
    about = f" of {exercise_name(exercise_slug(args.exercise))}" if args.exercise else ""
    return ToolResult(
        "correct_log_entry",
        ok=True,
        data=jsonable(done),
        summary=f"Corrected the last {args.kind.rstrip('s')} entry{about}: {'; '.join(parts)}.",
    )
