"""The demo's whole history: day by day, recovery readings, training, eating and the summary
row, pure and deterministic for a seed (``generate_demo``)."""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.schemas import (
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    Injury,
    MealIn,
    ProfileFields,
    SleepIn,
    WorkoutIn,
)
from fitcoach.core.errors import InvalidInput
from fitcoach.pipelines.demo.common import DEMO_SOURCE, scale5
from fitcoach.pipelines.demo.lifestyle import easy_run, meals_of_day, night_before, weekend_ride
from fitcoach.pipelines.demo.programme import (
    DELOAD_EVERY,
    LIFTS,
    MISSED_SESSION_P,
    SPLIT,
    TYPICAL_LOAD,
    Lift,
)
from fitcoach.pipelines.demo.strength import LiftState, start_load, strength_session
from fitcoach.services.exercises import library_records

DEMO_NAME = "Alex Demo"
MAX_WEEKS = 52


@dataclass(frozen=True)
class DemoHistory:
    """Validated documents for the training-log services, plus what the generator planned."""

    name: str
    timezone: str
    profile: ProfileFields
    start: date  # first day of the history
    end: date  # the history stops before this day
    deload_weeks: tuple[int, ...]  # week indices (0 = the week starting on ``start``)
    lifts: Mapping[str, str]  # programme key → exercise slug
    workouts: tuple[WorkoutIn, ...]
    cardio: tuple[CardioIn, ...]
    daily: tuple[DailyMetricsIn, ...]
    sleep: tuple[SleepIn, ...]
    meals: tuple[MealIn, ...]
    feedback: tuple[FeedbackIn, ...]
    missed_sessions: tuple[date, ...] = field(default=())

    def week_of(self, day: date) -> int:
        """The programme week ``day`` falls in (0 = the first)."""
        return (day - self.start).days // 7

    def counts(self) -> dict[str, int]:
        """How many records of each kind."""
        return {kind: len(records) for kind, records in self.records().items()}

    def records(self) -> dict[str, tuple[Any, ...]]:
        """The documents by kind, in the order they are stored."""
        return {
            "workouts": self.workouts,
            "cardio": self.cardio,
            "daily": self.daily,
            "sleep": self.sleep,
            "meals": self.meals,
            "feedback": self.feedback,
        }


def _birth_date(end: date, age: int) -> date:
    """A birthday (12 June) that makes the athlete ``age`` on ``end``."""
    year = end.year - age - (1 if (end.month, end.day) < (6, 12) else 0)
    return date(year, 6, 12)


def _exercise_names(lifts: Mapping[str, Lift]) -> dict[str, str]:
    """Slug → name for the programme; a slug missing from the shipped library fails loudly."""
    known = {r.slug: r.name for r in library_records()}
    missing = sorted({lift.slug for lift in lifts.values()} - set(known))
    if missing:
        raise InvalidInput(
            f"the demo programme uses exercises missing from the library: {', '.join(missing)}",
            details={"missing": missing},
        )
    return {lift.slug: known[lift.slug] for lift in lifts.values()}


def generate_demo(seed: int = 42, weeks: int = 8, end: date | None = None) -> DemoHistory:
    """About ``weeks`` weeks of history for the demo athlete, ending the day before ``end``.

    Pure and deterministic: the same seed, weeks and end give equal documents. Raises
    ``InvalidInput`` for a bad range, or when the exercise library lacks a programme exercise.
    """
    if end is None:
        raise InvalidInput("give the day the demo history ends before (end)")
    if not 1 <= weeks <= MAX_WEEKS:
        raise InvalidInput(f"weeks must lie between 1 and {MAX_WEEKS}, got {weeks}")
    names = _exercise_names(LIFTS)
    rng = np.random.default_rng(seed)
    start = end - timedelta(days=7 * weeks)
    if start.year < 1971:
        raise InvalidInput("the demo history cannot start before 1971")
    deload_weeks = tuple(w for w in range(weeks) if w % DELOAD_EVERY == DELOAD_EVERY - 1)

    body0 = 79.0
    state = {key: LiftState(start_load(lift, body0), lift.rep_low) for key, lift in LIFTS.items()}
    workouts: list[WorkoutIn] = []
    cardio: list[CardioIn] = []
    daily: list[DailyMetricsIn] = []
    nights: list[SleepIn] = []
    meals: list[MealIn] = []
    feedback: list[FeedbackIn] = []
    missed: list[date] = []

    loads: dict[date, float] = {}  # session RPE × minutes per day
    lower_days: set[date] = set()
    upper_days: set[date] = set()
    busy_week = 0.0
    cardio_plan: dict[int, bool] = {}
    stress_yesterday = 2
    body_kg = body0
    for i in range(7 * weeks):
        day = start + timedelta(days=i)
        week = i // 7
        deload = week in deload_weeks
        week_in_block = week % DELOAD_EVERY
        training_weeks = sum(1 for w in range(week) if w not in deload_weeks)
        weekend = day.weekday() >= 5
        if i % 7 == 0:
            busy_week = float(rng.normal(0.0, 0.4))
            run = bool(rng.random() < 0.85)
            ride = bool(rng.random() < 0.6) or not run
            cardio_plan = {2: run, 5 + int(rng.integers(2)): ride}

        # The night before, then this morning's readings.
        yesterday = day - timedelta(days=1)
        load_prev = loads.get(yesterday, 0.0) / TYPICAL_LOAD
        night = night_before(rng, day, stress=stress_yesterday, after_hard_day=load_prev > 0.8)
        nights.append(night.sleep)
        stress = scale5((1.7 if weekend else 2.7) + busy_week + rng.normal(0.0, 0.6))
        sleep_debt = max(0.0, 7.0 - night.asleep_h)
        ln_hrv = (
            math.log(64.0)
            - 0.10 * load_prev
            - 0.06 * sleep_debt
            - 0.03 * week_in_block
            + (0.06 if deload else 0.0)
            - 0.04 * (stress - 2.5)
            + rng.normal(0.0, 0.12)
        )
        hrv = round(math.exp(ln_hrv), 1)
        resting_hr = round(
            55.0
            + 1.0 * load_prev
            + (-1.0 if deload else 0.7 * week_in_block)
            + 0.8 * sleep_debt
            + 0.3 * (stress - 2.5)
            + rng.normal(0.0, 1.0)
        )
        hrv_z = (ln_hrv - math.log(60.0)) / 0.12
        readiness = 1.0 + 0.01 * float(np.clip(0.5 * hrv_z + 0.5 * (night.asleep_h - 7.3), -2, 2))
        d2 = day - timedelta(days=2)
        soreness = scale5(
            1.2
            + (1.9 if yesterday in lower_days else 0.0)
            + (0.7 if yesterday in upper_days else 0.0)
            + (0.8 if d2 in lower_days else 0.0)
            + (0.5 if week == 0 else 0.0)
            - (0.5 if deload else 0.0)
            + rng.normal(0.0, 0.4)
        )
        energy = scale5(
            3.5
            + 0.7 * (night.asleep_h - 7.2)
            + 0.25 * hrv_z
            - 0.3 * (soreness - 2)
            - 0.2 * (stress - 2.5)
            + rng.normal(0.0, 0.5)
        )
        mood = scale5(
            3.4
            + 0.4 * (night.asleep_h - 7.2)
            - 0.35 * (stress - 2.5)
            + (0.2 if yesterday in loads else 0.0)
            + rng.normal(0.0, 0.5)
        )
        body_kg = round(body0 + 0.02 * i + float(np.clip(rng.normal(0.0, 0.25), -0.5, 0.5)), 1)

        # Training.
        trained_at: float | None = None
        if day.weekday() in SPLIT:
            title, keys = SPLIT[day.weekday()]
            if rng.random() < MISSED_SESSION_P:
                missed.append(day)
            else:
                session = strength_session(
                    rng,
                    day,
                    title,
                    keys,
                    state,
                    names,
                    training_weeks=training_weeks,
                    week_in_block=week_in_block,
                    deload=deload,
                    readiness=readiness,
                    body_kg=body_kg,
                    energy=energy,
                    mood=mood,
                )
                workouts.append(session.workout)
                feedback.append(session.feedback)
                loads[day] = loads.get(day, 0.0) + session.load
                (lower_days if session.lower else upper_days).add(day)
                ends = session.ends_at - datetime.combine(day, time.min, tzinfo=UTC)
                trained_at = ends.total_seconds() / 3600
        if cardio_plan.get(day.weekday(), False):
            session_cardio = easy_run(rng, day) if day.weekday() == 2 else weekend_ride(rng, day)
            cardio.append(session_cardio)
            minutes = session_cardio.duration_s / 60
            loads[day] = loads.get(day, 0.0) + (session_cardio.session_rpe or 3.0) * minutes
            if day.weekday() == 2:
                trained_at = (
                    session_cardio.started_at - datetime.combine(day, time.min, tzinfo=UTC)
                ).total_seconds() / 3600 + minutes / 60

        # Eating, and the day's summary row.
        active = day in loads
        target = (2950.0 if active else 2600.0) + (150.0 if day.weekday() == 5 else 0.0)
        day_meals = meals_of_day(
            rng,
            day,
            wake_h=night.wake_h,
            target_kcal=target + float(rng.normal(0.0, 120.0)),
            dinner_after_h=trained_at,
        )
        meals.extend(day_meals)
        daily.append(
            DailyMetricsIn(
                source=DEMO_SOURCE,
                source_id=f"daily:{day.isoformat()}",
                day=day,
                sleep_s=night.asleep_s,
                sleep_quality=night.sleep.quality,
                weight_kg=body_kg,
                resting_hr=float(resting_hr),
                hrv_rmssd_ms=hrv,
                calories_in_kcal=sum(m.calories_kcal or 0.0 for m in day_meals),
                protein_g=sum(m.protein_g or 0.0 for m in day_meals),
                mood=mood,
                energy=energy,
                soreness=soreness,
                stress=stress,
            )
        )
        stress_yesterday = stress

    profile = ProfileFields(
        birth_date=_birth_date(end, 34),
        sex="male",
        height_cm=178.0,
        weight_kg=body_kg,
        sports=["strength_training", "running", "cycling"],
        goals=["hypertrophy", "strength"],
        experience_level="intermediate",
        days_per_week=4,
        session_minutes=60,
        equipment=list(vocab.EQUIPMENT_PRESETS["full_gym"]),
        injuries=[
            Injury(
                region="ankle",
                severity="mild",
                note="Old right ankle sprain (football); a little stiff until warmed up.",
                since=date(end.year - 3, 3, 1),
            )
        ],
        preferences=["barbell_lifts", "morning_coffee_before_training"],
        dislikes=["burpees"],
    )
    return DemoHistory(
        name=DEMO_NAME,
        timezone="UTC",
        profile=profile,
        start=start,
        end=end,
        deload_weeks=deload_weeks,
        lifts={key: lift.slug for key, lift in LIFTS.items()},
        workouts=tuple(workouts),
        cardio=tuple(cardio),
        daily=tuple(daily),
        sleep=tuple(nights),
        meals=tuple(meals),
        feedback=tuple(feedback),
        missed_sessions=tuple(missed),
    )
