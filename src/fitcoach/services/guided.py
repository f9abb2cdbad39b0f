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
"""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach import feedback as fb
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import Plan, PlannedSession
from fitcoach.coach.rules.progression import rules
from fitcoach.coach.schemas import SetIn
from fitcoach.core import bounds
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import (
    athletes,
    consent,
    exercises,
    health,
    monitoring,
    plans,
    training_log,
)
from fitcoach.services.context import ServiceContext, validate
from fitcoach.services.exercises import (
    Constraints,
    ExerciseRecord,
    constraints_for,
    rank_substitutes,
)
from fitcoach.storage.models import ConsentPurpose, SetLog, WorkoutSession
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


def source_id(day: date, session_key: str) -> str:
    """The guided session's idempotency key."""
    return f"guided-{day.isoformat()}-{session_key}"


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


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
        raise InvalidInput(f"session: {session_key!r} is not a session key such as w1s2")
    view = plans.current(ctx, athlete_id)
    assert view.plan is not None
    plan: Plan = view.plan
    try:
        return plan.session(session_key)
    except KeyError:
        raise InvalidInput(
            f"session: the plan in force (version {view.version}) has no session {session_key}"
        ) from None


def _started_at(ctx: ServiceContext, athlete_id: int, day: date) -> datetime:
    if day == monitoring.local_today(ctx, athlete_id):
        return ctx.clock.now()
    tz = _zone(athletes.get_athlete(ctx, athlete_id).timezone)
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
    An unknown exercise is ``InvalidInput``; an exercise stopped for pain today is ``Conflict``.
    """
    ctx.scope(athlete_id)
    health.ensure_can_train(ctx, athlete_id)  # an open red flag: the escalation, no sets
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    spec = validate(SetIn, data)
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
    ctx: ServiceContext, athlete_id: int, slug: str, regions: frozenset[str]
) -> list[Substitute]:
    """Exercises for ``slug`` within the athlete's constraints that load the painful
    ``regions`` lightly at most, and that the contraindication rules allow with an injury
    there."""
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
    pool = [
        r
        for r in exercises.library_records()
        if all(r.biomechanics.joint_load.get(region, "low") == "low" for region in regions)
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
        raise InvalidInput(f"kind: unknown feedback {kind!r}; use one of {', '.join(fb.KINDS)}")
    if len(note) > 1000:
        raise InvalidInput("note: at most 1000 characters")
    if region is not None and region not in vocab.BODY_REGIONS:
        raise InvalidInput(
            f"region: unknown body region {region!r}; use one of {', '.join(vocab.BODY_REGIONS)}"
        )
    _check_day(ctx, athlete_id, day)
    _planned(ctx, athlete_id, session_key)
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
        substitutes = _substitutes(ctx, athlete_id, slug, _pain_regions(slug, region))
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
    the session RPE (0-10), which make its session-RPE training load."""
    ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    if not 0 <= session_rpe <= 10:
        raise InvalidInput(f"session_rpe must be 0-10, got {session_rpe:g}")
    _check_day(ctx, athlete_id, day)
    workout = _workout(ctx, athlete_id, day, session_key)
    if workout is None:
        raise Conflict(f"no set of {session_key} is logged on {day}; log a set first")
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
    said: dict[str, list[str]] = {}
    stopped: dict[str, list[Substitute]] = {}
    for f in _said(ctx, athlete_id, day, session_key):
        said.setdefault(f.exercise, []).append(f.kind)
        if f.kind == "pain" and f.exercise not in stopped:
            stopped[f.exercise] = _substitutes(
                ctx, athlete_id, f.exercise, _pain_regions(f.exercise, f.region)
            )
    return GuidedState(
        athlete_id=athlete_id,
        day=day,
        session_key=session_key,
        workout_id=workout.id if workout is not None else None,
        sets=sets,
        feedback=said,
        stopped=stopped,
        advice=plans.pain_advice(ctx, athlete_id, day),
        finished=workout is not None and workout.session_rpe is not None,
    )
