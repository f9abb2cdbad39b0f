"""What each step shows: the target, last time's sets, the plates per side."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime, time, timedelta

from fitcoach.coach import loading
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import Item, PlannedSession, StrengthItem
from fitcoach.core import bounds
from fitcoach.core.clock import zone_named
from fitcoach.services import (
    athletes,
    exercises,
    own_exercises,
)
from fitcoach.services.context import ServiceContext
from fitcoach.services.guided.schemas import GuidedStep, LastTime, PlateMaths, SetNumbers
from fitcoach.services.guided.session import _local_day, _name, _record, _workout
from fitcoach.storage.repositories import training_log as repo


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
    rows = {e.id: e.slug for e in exercises.resolve_many(ctx, wanted, athlete_id=athlete_id)}
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
    item: Item,
    before: LastTime | None,
    setup: loading.PlateSetup = loading.STANDARD_SETUP,
    own: Mapping[str, ExerciseRecord] | None = None,
) -> GuidedStep:
    """One item's step; ``own``: the athlete's planned own exercises by slug (their names and
    equipment, which the library lacks)."""
    mine = (own or {}).get(item.exercise)
    record = mine or _record(item.exercise)
    name = mine.name if mine is not None else _name(item.exercise)
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
    own = own_exercises.plan_library(ctx, athlete_id)
    return [_step(item, before.get(item.exercise), setup, own) for item in session.items]
