"""The guided workout: today's planned session done step by step, each set stored as it is done,
and "too easy / too hard / pain" feedback per exercise that the coach engine uses.

Storage. The first set of a day's session creates a ``WorkoutSession`` (source ``guided``,
source id ``guided-{day}-{session_key}``, titled with the planned session's name); later sets
append to it in order. The (source, source id) key keeps the usual idempotency: logging the
same session again through ``training_log.log_workout`` stores nothing new, and a set sent again
with the same ``set_number`` (the n-th set of that exercise) is answered with the stored one.
Feedback is a ``Feedback`` row (source ``guided``) whose notes hold the structured tap (see
``coach.feedback``); the same tap twice is stored once.

How the engine uses the feedback (numbers in ``rules/progression.yaml``): the weekly review's
progression decision (``progression.strength_decision``) counts "too hard" as a logged RIR
``hold_by`` (1) under the target (hold, no load rise) and "too easy" as ``easier_by`` (1.5)
over it (the bigger step: twice the normal one, at most 5 % of the load, and the validator's
cap); "pain" stops the exercise for the day (its further sets are refused), offers substitutes
that spare the painful region, and keeps the exercise from progressing while the report is in
the review's look-back; pain on 2 different days within 28 days for one exercise adds a
"see a professional" reason to today's view.

While a health flag is open the guided workout refuses to start or go on: storing a set or a
feedback tap raises ``TrainingPaused`` (409) with the escalation as its message.

What each step shows (``steps``): the target, the athlete's sets of the same exercise in their
latest earlier workout with it (``last_time``), and for a barbell lift the plates per side
(``coach.loading``). A set of a loaded exercise (barbell, dumbbell, machine ...) needs its
weight: without it ``InvalidInput`` names ``weight_kg``. Pain offers substitutes that one tap
swaps in for this session (``swap_exercise``): a ``replace_exercise`` edit of the session that
passes the safety validator like any plan edit, with a ``pain_swap`` reason. Finishing stores the
session RPE and duration; a finished session takes no more sets or swaps, and its ``summary``
(sets, volume, records beaten, duration, load) is what the page shows from then on.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.analysis.strength import SetRecord, personal_records
from fitcoach.coach import feedback as fb
from fitcoach.coach import loading
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.edits import ReplaceExercise
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import Item, Plan, PlannedSession, StrengthItem
from fitcoach.coach.rules.progression import rules
from fitcoach.coach.schemas import SetIn
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.services import (
    athletes,
    consent,
    exercises,
    health,
    monitoring,
    plans,
    training_log,
)
from fitcoach.services.context import ServiceContext, typed_units, validate
from fitcoach.services.exercises import (
    Constraints,
    ExerciseRecord,
    constraints_for,
    rank_substitutes,
)
from fitcoach.storage.models import SetLog, WorkoutSession
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import training_log as repo

SOURCE = "guided"
SESSION_KEY = r"^w\d+s\d+$"


class _Out(BaseModel):
    model_config = ConfigDict(frozen=True)


class GuidedSet(_Out):
    """A set stored by the guided workout, and the session it belongs to."""

    athlete_id: int
    day: date
    session_key: str
    workout_id: int
    title: str
    set_id: int
    position: int = Field(description="0-based position in the session.")
    set_number: int = Field(description="1-based: the n-th set of this exercise today.")
    exercise: str
    reps: int
    weight_kg: float | None
    rir: float | None
    created: bool = Field(description="False when the set was already stored.")
    session_created: bool = Field(description="True when this set started the session.")


class Substitute(_Out):
    """An exercise that can stand in for one that hurts."""

    slug: str
    name: str
    why: str


class SetNumbers(_Out):
    """A set's numbers as done."""

    reps: int
    weight_kg: float | None
    rir: float | None
    completed: bool = True


class LastTime(_Out):
    """The athlete's working sets of an exercise in their latest earlier workout with it."""

    exercise: str
    workout_id: int
    day: date = Field(description="That workout's day (the athlete's local day).")
    title: str
    sets: list[SetNumbers]


class PlateMaths(_Out):
    """The plates per side of a barbell for a load (``coach.loading.plates_per_side``)."""

    target_kg: float
    bar_kg: float
    per_side: list[float] = Field(description="Heaviest first.")
    total_kg: float = Field(description="What those plates and the bar make.")
    exact: bool
    above_kg: float | None = Field(description="The nearest load above, when not exact.")
    note: str
    text: str
    unit: str = Field(default="kg", description="The plates' unit (``per_side`` is in it).")

    @classmethod
    def of(cls, load: loading.PlateLoad) -> PlateMaths:
        return cls(
            unit=load.unit,
            target_kg=load.target_kg,
            bar_kg=load.bar_kg,
            per_side=list(load.per_side),
            total_kg=load.total_kg,
            exact=load.exact,
            above_kg=load.above_kg,
            note=load.note,
            text=load.text,
        )


class GuidedStep(_Out):
    """One item of the day's session as the guided workout shows it."""

    kind: Literal["strength", "cardio"]
    exercise: str
    name: str
    sets: int | None = None
    rep_min: int | None = None
    rep_max: int | None = None
    load_kg: float | None = Field(default=None, description="The planned load, when in kg.")
    load_kind: str | None = None
    rir: float | None = Field(default=None, description="The target reps in reserve.")
    rest_s: int | None = None
    minutes: int | None = Field(default=None, description="Cardio: planned minutes.")
    loaded: bool = Field(default=False, description="A set needs its weight.")
    bar_kg: float | None = Field(default=None, description="A barbell lift: the bar's weight.")
    plates: PlateMaths | None = Field(default=None, description="Plates for the planned load.")
    last_time: LastTime | None = None
    reasons: list[str] = Field(default_factory=list)


class NewRecord(_Out):
    """A personal record this session beat."""

    exercise: str
    name: str
    kind: Literal["e1rm", "heaviest"]
    value_kg: float
    previous_kg: float
    text: str


class ExerciseDone(_Out):
    """An exercise's working sets in the finished session."""

    exercise: str
    name: str
    sets: list[SetNumbers]


class GuidedSummary(_Out):
    """A finished guided session: what was done and what it counts for."""

    workout_id: int
    title: str
    day: date
    finished: bool
    duration_s: float | None
    session_rpe: float | None
    load_au: float | None = Field(description="Session-RPE load: minutes × session RPE.")
    sets: int = Field(description="Working sets done (warm-ups and failed sets left out).")
    reps: int
    volume_kg: float = Field(description="Sum of reps × kg over the working sets.")
    exercises: list[ExerciseDone]
    records: list[NewRecord] = Field(description="Personal records beaten today.")
    firsts: list[str] = Field(
        default_factory=list,
        description="Lifts logged with a load for the first time (names): today's marks are "
        "the first records, nothing was beaten.",
    )
    stopped: list[str] = Field(default_factory=list, description="Stopped for pain (names).")


class SwapResult(_Out):
    """A pain swap: the edit stored for this session and the step it makes."""

    athlete_id: int
    day: date
    session_key: str
    exercise: str
    to: str
    name: str = Field(description="The substitute's name.")
    applied: bool = Field(description="True when the swap is in the plan in force now.")
    status: str = Field(description="The plan version's status: active, proposed, rejected.")
    version: int | None
    reasons: list[Reason] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list, description="The reasons, in words.")
    step: GuidedStep | None = Field(default=None, description="The substitute's step, applied.")


class FeedbackResult(_Out):
    """A stored feedback tap and what it does."""

    athlete_id: int
    feedback_id: int
    created: bool
    day: date
    session_key: str
    exercise: str
    kind: fb.FeedbackKind
    note: str
    region: str | None = None
    stopped: bool = Field(description="True for pain: no more sets of it today.")
    substitutes: list[Substitute] = Field(default_factory=list)
    pain_days: list[date] = Field(default_factory=list)
    see_professional: bool = False
    effect: str = Field(description="How the coach engine uses it, in words.")
    reasons: list[Reason] = Field(default_factory=list)
    advice: list[str] = Field(default_factory=list, description="The reasons, in words.")


class GuidedState(_Out):
    """What has been done of a day's session: sets, feedback, exercises stopped for pain."""

    athlete_id: int
    day: date
    session_key: str
    workout_id: int | None
    sets: list[training_log.StoredSet]
    feedback: dict[str, list[str]] = Field(description="Exercise slug → kinds said today.")
    stopped: dict[str, list[Substitute]] = Field(
        description="Exercises stopped for pain today → substitutes."
    )
    advice: list[Reason] = Field(default_factory=list)
    finished: bool = False
    last_time: dict[str, LastTime] = Field(
        default_factory=dict,
        description="The planned lifts' sets in the athlete's latest earlier workout with each.",
    )
    summary: GuidedSummary | None = Field(default=None, description="Once finished.")


def source_id(day: date, session_key: str) -> str:
    """The guided session's idempotency key."""
    return f"guided-{day.isoformat()}-{session_key}"


def _check_day(ctx: ServiceContext, athlete_id: int, day: date) -> None:
    bounds.check_day(day)
    local = monitoring.local_today(ctx, athlete_id)
    if day > local:
        raise InvalidInput(f"day {day} is in the future; log the sets of a session done by now")
    if day < local - timedelta(days=7):
        raise InvalidInput(
            f"day {day} is more than a week ago; log older sessions in the training log"
        )


def _planned(ctx: ServiceContext, athlete_id: int, session_key: str) -> PlannedSession:
    if not re.fullmatch(SESSION_KEY, session_key or ""):
        raise InvalidInput(
            f"session: {session_key!r} is not a session key such as w1s2", field="session"
        )
    view = plans.current(ctx, athlete_id)
    assert view.plan is not None
    plan: Plan = view.plan
    try:
        return plan.session(session_key)
    except KeyError:
        raise InvalidInput(
            f"session: the plan in force (version {view.version}) has no session {session_key}",
            field="session",
        ) from None


def _started_at(ctx: ServiceContext, athlete_id: int, day: date) -> datetime:
    if day == monitoring.local_today(ctx, athlete_id):
        return ctx.clock.now()
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    return datetime.combine(day, time(12), tzinfo=tz)


def _workout(ctx: ServiceContext, athlete_id: int, day: date, key: str) -> WorkoutSession | None:
    return repo.by_source(
        ctx.session, ctx.scope(athlete_id), WorkoutSession, SOURCE, source_id(day, key)
    )


def _said(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str | None = None
) -> list[fb.ExerciseFeedback]:
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=1), day + timedelta(days=1)
    )
    return [
        f
        for f in fb.decode_all(rows)
        if f.day == day and (session_key is None or f.session_key == session_key)
    ]


def log_guided_set(
    ctx: ServiceContext,
    athlete_id: int,
    day: date,
    session_key: str,
    data: SetIn | dict[str, Any],
    *,
    set_number: int | None = None,
) -> GuidedSet:
    """Store one set of the day's planned session as it is done.

    The first set creates the session (source ``guided``), later ones append in order. With
    ``set_number`` (the n-th set of this exercise in the session) a set already stored under
    that number is returned as it is (``created`` False): a retried request stores nothing.
    An unknown exercise, or a loaded one without its weight, is ``InvalidInput`` (the message
    starts with the field's name); an exercise stopped for pain today, or a session already
    finished, is ``Conflict``.
    """
    scope = ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)  # an open red flag: the escalation, no sets
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(SetIn, data, units=typed_units(ctx, scope, data))
    if set_number is not None and not 1 <= set_number <= 50:
        raise InvalidInput(f"set_number must be 1-50, got {set_number}")
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    exercise = exercises.resolve(ctx, spec.exercise)
    if any(f.kind == "pain" and f.exercise == exercise.slug for f in _said(ctx, athlete_id, day)):
        raise Conflict(
            f"you reported pain in {exercise.name} today, so it is stopped for the day; "
            f"choose a substitute or move on"
        )
    record = _record(exercise.slug)
    if record is not None and loading.needs_load(record) and spec.weight_kg is None:
        raise InvalidInput(
            f"weight_kg: {record.name} is lifted with a load, so a set needs its weight; "
            f"enter the kg you lifted",
            field="weight_kg",
            details={"field": "weight_kg"},
        )
    scope = ctx.scope(athlete_id)
    workout = _workout(ctx, athlete_id, day, session_key)
    session_created = workout is None
    if workout is None:
        workout = repo.add(
            ctx.session,
            scope,
            WorkoutSession(
                started_at=_started_at(ctx, athlete_id, day),
                title=planned.name[:120],
                notes=f"Guided workout: {planned.key} of the plan.",
                source=SOURCE,
                source_id=source_id(day, session_key),
            ),
        )
        ctx.audit("create", "workout", workout.id, athlete_id=athlete_id, detail={"guided": True})
    stored = [
        s for s in repo.sets_of(ctx.session, scope, [workout.id]) if s.exercise_id == exercise.id
    ]
    if set_number is not None and set_number <= len(stored):
        old = stored[set_number - 1]
        return _set_out(
            athlete_id,
            day,
            session_key,
            workout,
            old,
            exercise.slug,
            set_number,
            created=False,
            session_created=False,
        )
    if workout.session_rpe is not None:
        raise Conflict(
            f"{workout.title or 'this session'} is finished for {day}; "
            f"log further sets in the training log"
        )
    row = repo.append_set(
        ctx.session,
        scope,
        workout,
        SetLog(
            exercise_id=exercise.id,
            reps=spec.reps,
            weight_kg=spec.weight_kg,
            rir=spec.rir,
            completed=spec.completed,
            is_warmup=spec.is_warmup,
            notes=spec.notes,
        ),
    )
    ctx.audit("append", "workout", workout.id, athlete_id=athlete_id, detail={"set": row.position})
    return _set_out(
        athlete_id,
        day,
        session_key,
        workout,
        row,
        exercise.slug,
        len(stored) + 1,
        created=True,
        session_created=session_created,
    )


def _set_out(
    athlete_id: int,
    day: date,
    session_key: str,
    workout: WorkoutSession,
    row: SetLog,
    slug: str,
    number: int,
    *,
    created: bool,
    session_created: bool,
) -> GuidedSet:
    return GuidedSet(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        workout_id=workout.id,
        title=workout.title,
        set_id=row.id,
        position=row.position,
        set_number=number,
        exercise=slug,
        reps=row.reps,
        weight_kg=row.weight_kg,
        rir=row.rir,
        created=created,
        session_created=session_created,
    )


def _record(slug: str) -> ExerciseRecord | None:
    return exercises.library_by_slug().get(slug)


def _substitutes(
    ctx: ServiceContext,
    athlete_id: int,
    slug: str,
    regions: frozenset[str],
    skip: Iterable[str] = (),
) -> list[Substitute]:
    """Exercises for ``slug`` within the athlete's constraints that load the painful
    ``regions`` lightly at most, and that the contraindication rules allow with an injury
    there; none already in the session (``skip``), since a swap cannot bring one in twice."""
    target = _record(slug)
    if target is None:
        return []
    base: Constraints = constraints_for(athletes.get_athlete(ctx, athlete_id).profile)
    spared = Constraints(
        equipment=base.equipment,
        regions=base.regions | regions,
        conditions=base.conditions,
        dislikes=base.dislikes,
    )
    taken = set(skip)
    pool = [
        r
        for r in exercises.library_records()
        if r.slug not in taken
        and all(r.biomechanics.joint_load.get(region, "low") == "low" for region in regions)
    ]
    hits = rank_substitutes(pool, target, spared, limit=rules().feedback.substitutes)
    return [Substitute(slug=h.slug, name=h.name, why=h.reason) for h in hits]


def _pain_regions(slug: str, region: str | None) -> frozenset[str]:
    if region is not None:
        return frozenset({region})
    record = _record(slug)
    if record is None:
        return frozenset()
    # Pain in an exercise without a named region: the regions it loads most.
    loads = record.biomechanics.joint_load
    rank = {"low": 0, "moderate": 1, "high": 2}
    top = max(rank[level] for level in loads.values())
    return frozenset(region for region, level in loads.items() if rank[level] == top)


EFFECTS = {
    "too_hard": "counted as RIR {under:g} under the target at the next review: the load holds",
    "too_easy": "counted as RIR {over:g} over the target at the next review: a bigger load step",
    "pain": "stopped for today, and no progression of it while the pain report is recent",
}


def exercise_feedback(
    ctx: ServiceContext,
    athlete_id: int,
    day: date,
    session_key: str,
    exercise: str,
    kind: str,
    note: str = "",
    *,
    region: str | None = None,
) -> FeedbackResult:
    """Store "too easy", "too hard" or "pain" for an exercise of the day's session.

    Pain stops the exercise for the day, offers substitutes that spare the painful region
    (``region``, one of the body regions; default: the regions the exercise strains), and on a
    second different day within the window advises seeing a professional.
    """
    ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)
    if kind not in fb.KINDS:
        raise InvalidInput(
            f"kind: unknown feedback {kind!r}; use one of {', '.join(fb.KINDS)}", field="kind"
        )
    if len(note) > 1000:
        raise InvalidInput("note: at most 1000 characters", field="note")
    if region is not None and region not in vocab.BODY_REGIONS:
        raise InvalidInput(
            f"region: unknown body region {region!r}; use one of {', '.join(vocab.BODY_REGIONS)}",
            field="region",
        )
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    slug = exercises.resolve(ctx, exercise).slug
    item = fb.ExerciseFeedback(
        day=day,
        session_key=session_key,
        exercise=slug,
        kind=kind,  # type: ignore[arg-type]
        note=note.strip(),
        region=region if kind == "pain" else None,
    )
    logged = training_log.log_feedback(
        ctx,
        athlete_id,
        {
            "recorded_at": _started_at(ctx, athlete_id, day),
            "notes": fb.encode(item),
            "source": fb.SOURCE,
            "source_id": fb.source_id(day, session_key, slug, kind),
        },
    )
    r = rules()
    auto = r.rir_autoregulation
    effect = EFFECTS[kind].format(under=auto.hold_by, over=auto.easier_by)
    why: list[Reason] = []
    substitutes: list[Substitute] = []
    days: list[date] = []
    professional = False
    if kind == "pain":
        substitutes = _substitutes(
            ctx, athlete_id, slug, _pain_regions(slug, region), _slugs(planned)
        )
        names = ", ".join(s.name for s in substitutes)
        why.append(
            reason(
                "pain_stop",
                exercise=(_record(slug).name if _record(slug) else slug),  # type: ignore[union-attr]
                alternatives=f"; instead you could try {names}" if names else "",
            )
        )
        history = _pain_history(ctx, athlete_id, day)
        found = fb.needs_professional(
            history,
            day,
            window_days=r.feedback.pain_window_days,
            days_needed=r.feedback.pain_days_for_professional,
        )
        days = fb.pain_days(history, slug)
        if slug in found:
            professional = True
            why.extend(plans.pain_advice(ctx, athlete_id, day))
    elif kind == "too_hard":
        why.append(reason("feedback_too_hard", rir=f"target - {auto.hold_by:g}"))
    else:
        why.append(reason("feedback_too_easy", rir=f"target + {auto.easier_by:g}"))
    return FeedbackResult(
        athlete_id=athlete_id,
        feedback_id=logged.id,
        created=logged.created,
        day=day,
        session_key=session_key,
        exercise=slug,
        kind=item.kind,
        note=item.note,
        region=item.region,
        stopped=kind == "pain",
        substitutes=substitutes,
        pain_days=days,
        see_professional=professional,
        effect=effect,
        reasons=why,
        advice=[x.text for x in why],
    )


def _pain_history(ctx: ServiceContext, athlete_id: int, day: date) -> list[fb.ExerciseFeedback]:
    window = rules().feedback.pain_window_days
    rows = training_log.history(
        ctx, athlete_id, "feedback", day - timedelta(days=window + 1), day + timedelta(days=1)
    )
    return [f for f in fb.decode_all(rows) if f.day <= day]


def finish_session(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str, session_rpe: float
) -> dict[str, Any]:
    """Close the day's guided session: its duration (first set to now, at least a minute) and
    the session RPE (0-10), which make its session-RPE training load. Finishing again changes
    the session RPE only: the duration stays what the first finish measured. The answer has
    the session's ``summary``."""
    ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    if not 0 <= session_rpe <= 10:
        raise InvalidInput(f"session_rpe must be 0-10, got {session_rpe:g}")
    _check_day(ctx, athlete_id, day)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is None:
        raise Conflict(f"no set of {session_key} is logged on {day}; log a set first")
    if workout.session_rpe is None or workout.duration_s is None:
        elapsed = (ctx.clock.now() - workout.started_at).total_seconds()
        workout.duration_s = float(min(max(60.0, elapsed), 4 * 3600.0))
    workout.session_rpe = float(session_rpe)
    ctx.session.flush()
    ctx.audit("update", "workout", workout.id, athlete_id=athlete_id, detail={"finished": True})
    return {
        "workout_id": workout.id,
        "duration_s": workout.duration_s,
        "session_rpe": workout.session_rpe,
        "load_au": round(workout.duration_s / 60 * workout.session_rpe, 1),
        "summary": summary(ctx, athlete_id, day, session_key),
    }


def guided_state(ctx: ServiceContext, athlete_id: int, day: date, session_key: str) -> GuidedState:
    """The sets stored so far for the day's session, the feedback given, what is stopped."""
    ctx.scope(athlete_id)
    bounds.check_day(day)
    workout = _workout(ctx, athlete_id, day, session_key)
    sets: list[dict[str, Any]] = []
    if workout is not None:
        rows = training_log.history(
            ctx, athlete_id, "workouts", day - timedelta(days=1), day + timedelta(days=1)
        )
        found = next((w for w in rows if w["id"] == workout.id), None)
        sets = list(found["sets"]) if found else []
    try:
        planned: PlannedSession | None = _planned(ctx, athlete_id, session_key)
    except (InvalidInput, NotFound):  # no plan, or not this session: the log still answers
        planned = None
    in_session = _slugs(planned) if planned is not None else frozenset()
    said: dict[str, list[str]] = {}
    stopped: dict[str, list[Substitute]] = {}
    for f in _said(ctx, athlete_id, day, session_key):
        said.setdefault(f.exercise, []).append(f.kind)
        if f.kind == "pain" and f.exercise not in stopped:
            stopped[f.exercise] = _substitutes(
                ctx, athlete_id, f.exercise, _pain_regions(f.exercise, f.region), in_session
            )
    lifts = [i.exercise for i in planned.items if isinstance(i, StrengthItem)] if planned else []
    finished = workout is not None and workout.session_rpe is not None
    return GuidedState(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        workout_id=workout.id if workout is not None else None,
        sets=sets,
        feedback=said,
        stopped=stopped,
        advice=plans.pain_advice(ctx, athlete_id, day),
        finished=finished,
        last_time=last_time(ctx, athlete_id, day, session_key, lifts),
        summary=summary(ctx, athlete_id, day, session_key) if finished else None,
    )


def _slugs(session: PlannedSession) -> frozenset[str]:
    return frozenset(i.exercise for i in session.items)


def _name(slug: str) -> str:
    record = _record(slug)
    return record.name if record is not None else slug.replace("-", " ").capitalize()


def _local_day(at: datetime, tz: ZoneInfo) -> date:
    return at.astimezone(tz).date()


def last_time(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str, slugs: Sequence[str]
) -> dict[str, LastTime]:
    """For each exercise in ``slugs``: its working sets in the athlete's latest workout with it
    before this guided session (before its first set, or before the end of ``day`` while it has
    none; the session itself left out). Exercises never done before are absent."""
    scope = ctx.scope(athlete_id)
    bounds.check_day(day)
    wanted = list(dict.fromkeys(slugs))
    if not wanted:
        return {}
    rows = {e.id: e.slug for e in exercises.resolve_many(ctx, wanted)}
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is not None:
        before = workout.started_at
    else:
        before = datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz)
    found: dict[str, LastTime] = {}
    for eid, wid, at, title, reps, weight, rir, done in repo.last_sets(
        ctx.session, scope, rows, before, workout.id if workout is not None else None
    ):
        slug = rows[eid]
        seen = found.get(slug)
        if seen is not None and seen.workout_id != wid:
            continue  # two workouts started at the same instant: the first one's sets
        numbers = SetNumbers(reps=reps, weight_kg=weight, rir=rir, completed=done)
        if seen is None:
            found[slug] = LastTime(
                exercise=slug, workout_id=wid, day=_local_day(at, tz), title=title, sets=[numbers]
            )
        else:
            seen.sets.append(numbers)
    return found


def plate_setup(ctx: ServiceContext, athlete_id: int) -> loading.PlateSetup:
    """The athlete's bar and plates from their profile (standard kg ones when not set)."""
    profile = athletes.get_athlete(ctx, athlete_id).profile
    chosen = profile.plates if profile is not None else None
    if chosen is None:
        return loading.STANDARD_SETUP
    return loading.PlateSetup(chosen.unit, chosen.bar, tuple(chosen.plates))


def _step(
    item: Item, before: LastTime | None, setup: loading.PlateSetup = loading.STANDARD_SETUP
) -> GuidedStep:
    record = _record(item.exercise)
    name = _name(item.exercise)
    why = [r.text for r in item.reasons]
    if not isinstance(item, StrengthItem):
        return GuidedStep(
            kind="cardio",
            exercise=item.exercise,
            name=name,
            minutes=round((item.duration_s or 0) / 60),
            reasons=why,
        )
    load_kg = item.load.value if item.load.kind == "kg" else None
    barbell = record is not None and loading.uses_plates(record)
    plates = None
    if barbell and load_kg is not None:
        plates = PlateMaths.of(loading.plates_for(load_kg, setup))
    return GuidedStep(
        kind="strength",
        exercise=item.exercise,
        name=name,
        sets=item.sets,
        rep_min=item.rep_min,
        rep_max=item.rep_max,
        load_kg=load_kg,
        load_kind=item.load.kind,
        rir=item.target_rir,
        rest_s=item.rest_s,
        loaded=record is not None and loading.needs_load(record),
        bar_kg=(
            round(setup.bar * (loading.KG_PER_LB if setup.unit == "lb" else 1.0), 2)
            if barbell
            else None
        ),
        plates=plates,
        last_time=before,
        reasons=why,
    )


def steps(
    ctx: ServiceContext, athlete_id: int, day: date, session: PlannedSession
) -> list[GuidedStep]:
    """``session`` (as served today) step by step: each item's target, its last-time numbers,
    whether a set needs its weight, and the plates for a barbell lift's planned load."""
    lifts = [i.exercise for i in session.items if isinstance(i, StrengthItem)]
    before = last_time(ctx, athlete_id, day, session.key, lifts)
    setup = plate_setup(ctx, athlete_id)
    return [_step(item, before.get(item.exercise), setup) for item in session.items]


def summary(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str
) -> GuidedSummary | None:
    """What the day's guided session did (None before its first set): working sets, reps,
    volume, each exercise's sets, the personal records it beat (best e1RM, heaviest weight,
    against every earlier set of the exercise), and once finished its duration and load."""
    scope = ctx.scope(athlete_id)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is None:
        return None
    rows = repo.sets_of(ctx.session, scope, [workout.id])
    slugs = {
        e.id: e.slug
        for e in exercise_repo.by_ids(ctx.session, {r.exercise_id for r in rows}).values()
    }
    working = [r for r in rows if r.completed and not r.is_warmup]
    done: dict[str, list[SetNumbers]] = {}
    for r in working:
        done.setdefault(slugs[r.exercise_id], []).append(
            SetNumbers(reps=r.reps, weight_kg=r.weight_kg, rir=r.rir, completed=r.completed)
        )
    earlier = personal_records(
        SetRecord(at, slug, reps, weight, rir, completed, warmup)
        for at, _eid, slug, reps, weight, rir, completed, warmup in repo.set_history(
            ctx.session, scope, end=workout.started_at, exercise_ids=set(slugs)
        )
    )
    today = personal_records(
        SetRecord(workout.started_at, slugs[r.exercise_id], r.reps, r.weight_kg, r.rir)
        for r in working
    )
    records: list[NewRecord] = []
    firsts: list[str] = []
    for slug, now in today.items():
        was = earlier.get(slug)
        if was is None:
            firsts.append(_name(slug))  # a first time is not a record beaten: it sets one
            continue
        name = _name(slug)
        if round(now.best_e1rm_kg, 1) > round(was.best_e1rm_kg, 1):
            records.append(
                NewRecord(
                    exercise=slug,
                    name=name,
                    kind="e1rm",
                    value_kg=round(now.best_e1rm_kg, 1),
                    previous_kg=round(was.best_e1rm_kg, 1),
                    text=f"{name}: best estimated 1RM {now.best_e1rm_kg:.1f} kg "
                    f"(was {was.best_e1rm_kg:.1f} kg)",
                )
            )
        if now.heaviest_kg > was.heaviest_kg:
            records.append(
                NewRecord(
                    exercise=slug,
                    name=name,
                    kind="heaviest",
                    value_kg=now.heaviest_kg,
                    previous_kg=was.heaviest_kg,
                    text=f"{name}: heaviest set {now.heaviest_kg:g} kg "
                    f"(was {was.heaviest_kg:g} kg)",
                )
            )
    finished = workout.session_rpe is not None and workout.duration_s is not None
    stopped = sorted(
        {_name(f.exercise) for f in _said(ctx, athlete_id, day, session_key) if f.kind == "pain"}
    )
    return GuidedSummary(
        workout_id=workout.id,
        title=workout.title,
        day=day,
        finished=finished,
        duration_s=workout.duration_s,
        session_rpe=workout.session_rpe,
        load_au=(
            round(workout.duration_s / 60 * workout.session_rpe, 1)
            if workout.duration_s is not None and workout.session_rpe is not None
            else None
        ),
        sets=len(working),
        reps=sum(r.reps for r in working),
        volume_kg=round(sum(r.reps * (r.weight_kg or 0.0) for r in working), 1),
        exercises=[ExerciseDone(exercise=k, name=_name(k), sets=v) for k, v in done.items()],
        records=records,
        firsts=firsts,
        stopped=stopped,
    )


def swap_exercise(
    ctx: ServiceContext, athlete_id: int, day: date, session_key: str, exercise: str, to: str
) -> SwapResult:
    """Swap an exercise stopped for pain today for one of the substitutes offered, in this
    session only: a ``replace_exercise`` edit of the session, through the safety validator
    like every plan edit, with a ``pain_swap`` reason. The athlete's own swap is in force at
    once (``applied``); a coach's waits for the athlete's approval. ``to`` must be one of the
    substitutes (``InvalidInput`` otherwise); no pain reported for ``exercise`` today, or a
    finished session, is ``Conflict``."""
    ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)
    _check_day(ctx, athlete_id, day)
    planned = _planned(ctx, athlete_id, session_key)
    slug = exercises.resolve(ctx, exercise).slug
    pains = [
        f
        for f in _said(ctx, athlete_id, day, session_key)
        if f.kind == "pain" and f.exercise == slug
    ]
    if not pains:
        raise Conflict(
            f"no pain in {_name(slug)} is reported today; report it first, or change the plan "
            f"to swap it for another reason"
        )
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is not None and workout.session_rpe is not None:
        raise Conflict(f"{workout.title or 'this session'} is finished for {day}")
    offered = _substitutes(
        ctx, athlete_id, slug, _pain_regions(slug, pains[0].region), _slugs(planned)
    )
    target = exercises.resolve(ctx, to).slug
    chosen = next((s for s in offered if s.slug == target), None)
    if chosen is None:
        names = ", ".join(s.name for s in offered) or "none"
        raise InvalidInput(
            f"to: {_name(target)} is not a substitute offered for pain in {_name(slug)} "
            f"(offered: {names})",
            field="to",
        )
    why = reason("pain_swap", exercise=_name(slug), substitute=chosen.name, why=chosen.why)
    result = plans.request_edit(
        ctx,
        athlete_id,
        ReplaceExercise(session=session_key, exercise=slug, to=target),
        because=[why],
    )
    step = None
    if result.applied:
        # As today serves it (lighter on a yellow day ...), else as the new version stores it.
        view = plans.today(ctx, athlete_id, day)
        served = view.session
        if served is None or served.key != session_key:
            served = _planned(ctx, athlete_id, session_key)
        item = next((i for i in served.items if i.exercise == target), None)
        if item is not None:
            before = last_time(ctx, athlete_id, day, session_key, [target])
            step = _step(item, before.get(target))
    return SwapResult(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        exercise=slug,
        to=target,
        name=chosen.name,
        applied=result.applied,
        status=result.status,
        version=result.version,
        reasons=result.reasons,
        advice=[r.text for r in result.reasons],
        step=step,
    )
