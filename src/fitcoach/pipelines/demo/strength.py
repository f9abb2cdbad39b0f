"""The demo's strength sessions: sets chosen from a perceived capacity, then progression.

Each lift has a true e1RM that grows a little each training week; reps to failure at a load
follow Epley inverted, minus fatigue per set. The athlete picks reps from a *perceived* capacity
and an RIR goal, so the last set occasionally fails; when every working set reaches the top of
the range the load steps up, and two failed sets step it back.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np

from fitcoach.coach.schemas import FeedbackIn, SetIn, WorkoutIn
from fitcoach.pipelines.demo.common import DEMO_SOURCE, Rng, at_hours, round_to
from fitcoach.pipelines.demo.programme import BAR_KG, LIFTS, WARMUPS, Lift


@dataclass
class LiftState:
    load_kg: float  # the added load (for body-weight lifts, what hangs on the belt)
    last_reps: int  # reps of the first working set last (normal) time


@dataclass
class Session:
    workout: WorkoutIn
    feedback: FeedbackIn
    ends_at: datetime
    load: float  # session RPE × minutes
    lower: bool


def start_load(lift: Lift, body_kg: float) -> float:
    """A load the athlete could lift for the top of the rep range with a rep or so to spare."""
    effective = lift.e1rm_kg / (1.0 + (lift.rep_high + 1.0) / 30.0)
    if lift.bodyweight:
        return max(0.0, math.floor((effective - body_kg) / lift.round_kg) * lift.round_kg)
    return max(lift.round_kg, math.floor(effective / lift.round_kg) * lift.round_kg)


def strength_session(
    rng: Rng,
    day: date,
    title: str,
    keys: tuple[str, ...],
    state: dict[str, LiftState],
    names: Mapping[str, str],
    *,
    training_weeks: int,
    week_in_block: int,
    deload: bool,
    readiness: float,
    body_kg: float,
    energy: int,
    mood: int,
) -> Session:
    """One strength session: sets chosen from perceived capacity, then progression."""
    rir_goal = float(rng.choice([1, 2, 2, 3]))
    sets: list[SetIn] = []
    notes: list[str] = []
    work_s = 8 * 60.0  # general warm-up
    working_rirs: list[float] = []
    failures = 0
    for key in keys:
        lift = LIFTS[key]
        st = state[key]
        # True capacity today: weekly gains, block fatigue, and how recovered the athlete is.
        e1rm = (
            lift.e1rm_kg
            * (1 + lift.gain_per_week) ** training_weeks
            * (1 - 0.006 * week_in_block)
            * readiness
        )
        load = round_to(st.load_kg * 0.9, lift.round_kg) if deload else st.load_kg
        effective = load + (body_kg if lift.bodyweight else 0.0)
        n_sets = lift.sets - 1 if deload else lift.sets
        if lift.main:
            for fraction, reps in WARMUPS:
                warm = max(BAR_KG, round_to(load * fraction, 2.5))
                sets.append(SetIn(exercise=lift.slug, reps=reps, weight_kg=warm, is_warmup=True))
                work_s += 40 + 90
        all_top = True
        failed_sets = 0
        for k in range(n_sets):
            capacity = 30.0 * (e1rm / effective - 1.0) - lift.fatigue_reps * k
            last = k == n_sets - 1
            # Early sets keep a rep in hand; the last set is where the athlete pushes.
            goal = rir_goal + (-0.5 if last else 0.5)
            perceived = capacity + rng.normal(0.0, 0.6)
            planned = int(np.clip(math.floor(perceived - goal + 0.5), lift.rep_low, lift.rep_high))
            if deload:  # the same reps as last time at 90 %: easy by design
                planned = max(1, min(st.last_reps, math.floor(capacity - 3)))
            elif k == 0:
                st.last_reps = planned
            if planned > capacity:
                reps = max(0, math.floor(capacity))
                sets.append(
                    SetIn(
                        exercise=lift.slug,
                        reps=reps,
                        weight_kg=load or None,
                        rir=0,
                        completed=False,
                        notes=f"failed rep {reps + 1} of {planned}",
                    )
                )
                failures += 1
                failed_sets += 1
                all_top = False
                if last:
                    notes.append(f"Missed the last rep on the final {names[lift.slug]} set.")
            else:
                reps = planned
                rir = float(np.clip(round(capacity - reps + rng.normal(0.0, 0.5)), 0, 5))
                working_rirs.append(rir)
                sets.append(SetIn(exercise=lift.slug, reps=reps, weight_kg=load or None, rir=rir))
                all_top = all_top and reps >= lift.rep_high
            work_s += 40 + (200 if lift.main else 110)
        if not deload and all_top:
            st.load_kg = load + lift.step_kg
            notes.append(f"Top of the range on {names[lift.slug]}: adding load next time.")
        elif not deload and failed_sets >= 2:  # two failed sets: the load ran ahead, step back
            st.load_kg = max(0.0, load - lift.step_kg)
    mean_rir = float(np.mean(working_rirs)) if working_rirs else 0.0
    rpe = 8.6 - 0.7 * mean_rir + 0.4 * min(failures, 2) - 2.0 * (readiness - 1.0) * 10
    rpe += rng.normal(0.0, 0.3)
    rpe = float(np.clip(round_to(rpe, 0.5), 3.0, 9.5))
    if deload:
        rpe = min(rpe, 6.0)
        notes.append("Deload week: lighter on purpose.")
    duration_s = round(work_s * (1 + rng.normal(0.0, 0.05)) / 60) * 60.0
    lower = LIFTS[keys[0]].lower
    if lower and rng.random() < 0.12:
        notes.append("Right ankle a little stiff in the warm-up sets; fine once warm.")
    started = at_hours(day, 17.75 + rng.normal(0.0, 0.3))
    ends = started + timedelta(seconds=duration_s)
    workout = WorkoutIn(
        source=DEMO_SOURCE,
        source_id=f"workout:{day.isoformat()}",
        started_at=started,
        duration_s=duration_s,
        title=title,
        notes=" ".join(notes),
        session_rpe=rpe,
        sets=sets,
    )
    feedback = FeedbackIn(
        source=DEMO_SOURCE,
        source_id=f"feedback:{day.isoformat()}",
        recorded_at=ends + timedelta(minutes=int(rng.integers(10, 26))),
        energy=int(np.clip(round(2 * energy - 0.3 * (rpe - 7) + rng.normal(0, 0.8)), 1, 10)),
        mood=int(np.clip(round(2 * mood + (1 if "adding load" in workout.notes else 0)), 1, 10)),
        perceived_exertion=rpe,
        notes=" ".join([_feeling(rpe, readiness, energy), *notes[:1]]),
    )
    return Session(workout, feedback, ends, rpe * duration_s / 60.0, lower)


def _feeling(rpe: float, readiness: float, energy: int) -> str:
    """A line in the athlete's words about how the session went."""
    if energy <= 2:
        return "Tired going in."
    if rpe >= 8.5:
        return "Tough one."
    if readiness > 1.008:
        return "Felt strong today."
    return "Solid session."
