"""The demo athlete: a seeded, realistic training history to explore fitcoach with.

A fresh installation is empty, and an empty coach has nothing to show. ``generate_demo``
builds about eight weeks of validated records for one intermediate lifter (pure and
deterministic for a seed); ``seed_demo`` stores them through the training-log services, so the
demo goes through the same validation and idempotence as real data.

The model is simple but causal, so that the analyses have something true to find:

- **Strength**: an upper/lower four-day split. Each lift has a true e1RM that grows a little
  each training week; reps to failure at a load follow Epley inverted, minus fatigue per set.
  The athlete picks reps from a *perceived* capacity and an RIR goal (mostly 1–3), so the last
  set occasionally fails. Double progression: reps climb within the range, and when every
  working set reaches the top the load steps up (2.5 kg upper, 5 kg lower). Every fourth week
  is a deload: one set fewer at 90 % of the load (about 60 % of the volume).
- **Recovery**: resting HR and HRV (lognormal, around 60 ms) react to yesterday's load
  (session RPE × minutes), to short sleep and to the week of the block; soreness follows leg
  days; energy, mood and stress (1–5) follow sleep, load and the working week.
- **Nutrition**: 3–4 meals a day from a small menu, scaled to a lean-bulk energy target; the
  day's calories and protein are the meals' sums; each meal's energy is 4/4/9 kcal per gram
  of protein/carbs/fat within a few per cent (labels round).

Every timestamp is UTC and lies before ``end`` 00:00, so nothing is in the future.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import numpy as np

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.schemas import (
    AthleteCreate,
    CardioIn,
    DailyMetricsIn,
    FeedbackIn,
    Injury,
    MealIn,
    ProfileFields,
    SetIn,
    SleepIn,
    WorkoutIn,
)
from fitcoach.core.clock import today
from fitcoach.core.domain import Role
from fitcoach.core.errors import Conflict, InvalidInput
from fitcoach.services import accounts, athletes, health, plans, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.storage.repositories import athletes as athlete_repo

DEMO_SOURCE = "demo"
DEMO_EMAIL = "demo@fitcoach.local"
# The athlete the abnormal sensor scenarios (a desaturation, premature beats) stream for with
# `fitcoach serve --simulate --abnormal`: their red flags never pause the demo athlete.
ALERTS_EMAIL = "demo-alerts@fitcoach.local"
# LiveDemo's recording keys start "demo-"; a sensor flag's note names its recording.
SIMULATED_NOTE = "(recording demo-"
DEMO_RESET_REASON = (
    "demo reset: raised by the demo's simulated sensors (a test signal, not a person's reading)"
)
DEMO_COACH_EMAIL = "coach@fitcoach.local"
DEMO_ADMIN_EMAIL = "admin@fitcoach.local"
DEMO_NAME = "Alex Demo"
MAX_WEEKS = 52

Rng = np.random.Generator


# --- the programme ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Lift:
    """One exercise in the programme, with the athlete's starting capacity on it."""

    key: str
    slug: str
    sets: int
    rep_low: int
    rep_high: int
    step_kg: float  # the double-progression load step
    round_kg: float  # the smallest load change the equipment allows
    e1rm_kg: float  # starting true e1RM of the effective load (body weight included)
    gain_per_week: float  # fractional e1RM gain per training (non-deload) week
    fatigue_reps: float  # reps to failure lost per preceding working set
    main: bool = False  # warm-up sets and long rests
    bodyweight: bool = False  # the load logged is the added load; body weight counts too
    lower: bool = False  # leg day (soreness, the 5 kg step)


LIFTS: dict[str, Lift] = {
    lift.key: lift
    for lift in (
        Lift("squat", "barbell-back-squat", 3, 4, 6, 5.0, 2.5, 140.0, 0.02, 0.4, main=True, lower=True),
        Lift("rdl", "romanian-deadlift", 3, 8, 10, 5.0, 2.5, 135.0, 0.012, 0.8, lower=True),
        Lift("leg_press", "leg-press", 3, 10, 12, 5.0, 5.0, 250.0, 0.014, 0.9, lower=True),
        Lift("leg_curl", "lying-leg-curl", 3, 10, 12, 2.5, 2.5, 70.0, 0.012, 0.9, lower=True),
        Lift("calf", "standing-calf-raise", 3, 10, 15, 5.0, 5.0, 150.0, 0.010, 1.0, lower=True),
        Lift("bench", "barbell-bench-press", 3, 4, 6, 2.5, 2.5, 105.0, 0.018, 0.4, main=True),
        Lift("row", "barbell-row", 3, 8, 10, 2.5, 2.5, 100.0, 0.012, 0.8),
        Lift("incline_db", "incline-dumbbell-press", 3, 8, 12, 2.0, 2.0, 40.0, 0.013, 0.9),
        Lift("pulldown", "lat-pulldown", 3, 10, 12, 2.5, 2.5, 85.0, 0.012, 0.9),
        Lift("pushdown", "triceps-pushdown", 3, 10, 12, 2.5, 2.5, 45.0, 0.013, 1.0),
        Lift("deadlift", "barbell-deadlift", 3, 3, 5, 5.0, 2.5, 180.0, 0.02, 0.4, main=True, lower=True),
        Lift("split_squat", "bulgarian-split-squat", 3, 8, 10, 2.0, 2.0, 45.0, 0.013, 0.9, lower=True),
        Lift("hip_thrust", "barbell-hip-thrust", 3, 8, 12, 5.0, 5.0, 170.0, 0.014, 0.8, lower=True),
        Lift("ohp", "barbell-overhead-press", 3, 6, 8, 2.5, 2.5, 65.0, 0.016, 0.5, main=True),
        Lift("pull_up", "pull-up", 3, 6, 10, 2.5, 2.5, 105.0, 0.011, 0.9, bodyweight=True),
        Lift("cable_row", "seated-cable-row", 3, 10, 12, 2.5, 2.5, 95.0, 0.012, 0.9),
        Lift("lateral", "dumbbell-lateral-raise", 3, 12, 15, 1.0, 1.0, 17.0, 0.010, 1.1),
        Lift("curl", "dumbbell-curl", 3, 10, 12, 1.0, 1.0, 22.0, 0.011, 1.0),
    )
}  # fmt: skip

# Weekday (Monday 0) → (title, lifts in order).
SPLIT: dict[int, tuple[str, tuple[str, ...]]] = {
    0: ("Lower A (squat)", ("squat", "rdl", "leg_press", "leg_curl", "calf")),
    1: ("Upper A (bench)", ("bench", "row", "incline_db", "pulldown", "pushdown")),
    3: ("Lower B (deadlift)", ("deadlift", "split_squat", "hip_thrust", "leg_curl", "calf")),
    4: ("Upper B (press)", ("ohp", "pull_up", "cable_row", "lateral", "curl")),
}
WARMUPS: tuple[tuple[float, int], ...] = ((0.5, 8), (0.7, 5), (0.85, 2))
BAR_KG = 20.0
DELOAD_EVERY = 4  # weeks: every fourth week is a deload
MISSED_SESSION_P = 0.08
TYPICAL_LOAD = 450.0  # session RPE × minutes of a normal hour's training

# (description, protein g, carbs g, fat g) for one standard portion.
Dish = tuple[str, float, float, float]
MENU: dict[str, tuple[Dish, ...]] = {
    "breakfast": (
        ("Oats with whey, banana and peanut butter", 40, 75, 16),
        ("Scrambled eggs on sourdough with avocado", 30, 45, 28),
        ("Greek yoghurt with granola and berries", 35, 60, 12),
    ),
    "lunch": (
        ("Chicken rice bowl with vegetables", 45, 80, 14),
        ("Tuna pasta salad", 40, 75, 15),
        ("Turkey wrap with hummus and salad", 38, 55, 18),
        ("Lentil and feta salad with bread", 28, 70, 20),
    ),
    "dinner": (
        ("Salmon, potatoes and green beans", 42, 65, 25),
        ("Beef chilli with rice", 45, 85, 20),
        ("Chicken stir-fry with noodles", 45, 80, 16),
        ("Tofu curry with rice", 26, 90, 22),
    ),
    "snack": (
        ("Protein shake with a banana", 30, 35, 4),
        ("Cottage cheese with fruit", 25, 20, 5),
        ("Apple and a handful of almonds", 7, 25, 14),
        ("Skyr and a granola bar", 22, 35, 8),
    ),
}


# --- the result -------------------------------------------------------------------------------


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


# --- helpers ----------------------------------------------------------------------------------


def _at(day: date, hours: float) -> datetime:
    """``day`` 00:00 UTC plus ``hours``, to the minute (hours may be negative or past 24)."""
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(minutes=round(hours * 60))


def _round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def _scale5(value: float) -> int:
    return int(np.clip(round(value), 1, 5))


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


# --- strength ---------------------------------------------------------------------------------


@dataclass
class _LiftState:
    load_kg: float  # the added load (for body-weight lifts, what hangs on the belt)
    last_reps: int  # reps of the first working set last (normal) time


@dataclass
class _Session:
    workout: WorkoutIn
    feedback: FeedbackIn
    ends_at: datetime
    load: float  # session RPE × minutes
    lower: bool


def _start_load(lift: Lift, body_kg: float) -> float:
    """A load the athlete could lift for the top of the rep range with a rep or so to spare."""
    effective = lift.e1rm_kg / (1.0 + (lift.rep_high + 1.0) / 30.0)
    if lift.bodyweight:
        return max(0.0, math.floor((effective - body_kg) / lift.round_kg) * lift.round_kg)
    return max(lift.round_kg, math.floor(effective / lift.round_kg) * lift.round_kg)


def _strength_session(
    rng: Rng,
    day: date,
    title: str,
    keys: tuple[str, ...],
    state: dict[str, _LiftState],
    names: Mapping[str, str],
    *,
    training_weeks: int,
    week_in_block: int,
    deload: bool,
    readiness: float,
    body_kg: float,
    energy: int,
    mood: int,
) -> _Session:
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
        load = _round_to(st.load_kg * 0.9, lift.round_kg) if deload else st.load_kg
        effective = load + (body_kg if lift.bodyweight else 0.0)
        n_sets = lift.sets - 1 if deload else lift.sets
        if lift.main:
            for fraction, reps in WARMUPS:
                warm = max(BAR_KG, _round_to(load * fraction, 2.5))
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
    rpe = float(np.clip(_round_to(rpe, 0.5), 3.0, 9.5))
    if deload:
        rpe = min(rpe, 6.0)
        notes.append("Deload week: lighter on purpose.")
    duration_s = round(work_s * (1 + rng.normal(0.0, 0.05)) / 60) * 60.0
    lower = LIFTS[keys[0]].lower
    if lower and rng.random() < 0.12:
        notes.append("Right ankle a little stiff in the warm-up sets; fine once warm.")
    started = _at(day, 17.75 + rng.normal(0.0, 0.3))
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
    return _Session(workout, feedback, ends, rpe * duration_s / 60.0, lower)


def _feeling(rpe: float, readiness: float, energy: int) -> str:
    """A line in the athlete's words about how the session went."""
    if energy <= 2:
        return "Tired going in."
    if rpe >= 8.5:
        return "Tough one."
    if readiness > 1.008:
        return "Felt strong today."
    return "Solid session."


# --- cardio, sleep, meals ---------------------------------------------------------------------


def _run(rng: Rng, day: date) -> CardioIn:
    """An easy run after work: 6 min/km give or take, conversational heart rate."""
    minutes = float(rng.uniform(30, 46))
    pace_s_per_km = float(rng.normal(360, 15))
    avg_hr = round(float(rng.normal(140, 4)))
    return CardioIn(
        source=DEMO_SOURCE,
        source_id=f"cardio:{day.isoformat()}",
        activity_type="running",
        started_at=_at(day, 18.0 + rng.normal(0.0, 0.3)),
        duration_s=round(minutes * 60),
        distance_m=round(minutes * 60 / pace_s_per_km * 1000, -1),
        avg_hr=avg_hr,
        max_hr=avg_hr + int(rng.integers(10, 20)),
        calories_kcal=round(minutes * 60 / pace_s_per_km * 80),
        steps=int(minutes * rng.normal(166, 3)),
        session_rpe=float(rng.choice([3.0, 3.5, 4.0])),
        notes="Easy run, nasal breathing.",
    )


def _ride(rng: Rng, day: date) -> CardioIn:
    """A relaxed weekend ride."""
    minutes = float(rng.uniform(50, 80))
    speed_kmh = float(rng.normal(24, 1.5))
    avg_hr = round(float(rng.normal(128, 5)))
    return CardioIn(
        source=DEMO_SOURCE,
        source_id=f"cardio:{day.isoformat()}",
        activity_type="cycling",
        started_at=_at(day, 10.0 + rng.normal(0.0, 0.5)),
        duration_s=round(minutes * 60),
        distance_m=round(minutes / 60 * speed_kmh * 1000, -1),
        avg_hr=avg_hr,
        max_hr=avg_hr + int(rng.integers(15, 26)),
        calories_kcal=round(minutes * 8.5),
        session_rpe=float(rng.choice([3.0, 4.0])),
        notes="Weekend ride, zone 2.",
    )


@dataclass
class _Night:
    sleep: SleepIn
    asleep_s: float
    wake_h: float  # hours after midnight of the morning it ends

    @property
    def asleep_h(self) -> float:
        return self.asleep_s / 3600


def _night(rng: Rng, morning: date, *, stress: int, after_hard_day: bool) -> _Night:
    """The night that ends on ``morning``: later and longer at weekends, shorter when stressed."""
    weekend_morning = morning.weekday() >= 5
    mean_h = (7.8 if weekend_morning else 7.0) - (0.4 if stress >= 4 else 0.0)
    asleep_min = round(float(np.clip(rng.normal(mean_h, 0.4), 6.0, 8.5)) * 60)
    awakenings = int(rng.poisson(1.5 + (1.0 if stress >= 4 else 0.0)))
    awake_min = int(rng.integers(8, 25)) + sum(int(rng.integers(2, 10)) for _ in range(awakenings))
    wake_h = float(rng.normal(8.25, 0.6) if weekend_morning else rng.normal(6.75, 0.15))
    ended = _at(morning, wake_h)
    started = ended - timedelta(minutes=asleep_min + awake_min)
    deep_f = float(rng.normal(0.17 + (0.02 if after_hard_day else 0.0), 0.02))
    rem_f = float(rng.normal(0.22, 0.025))
    asleep_s = asleep_min * 60
    deep = round(asleep_s * deep_f)
    rem = round(asleep_s * rem_f)
    quality = _scale5(3.3 + (asleep_min / 60 - 7.0) - 0.3 * (awakenings - 1.5) + rng.normal(0, 0.5))
    sleep = SleepIn(
        source=DEMO_SOURCE,
        source_id=f"sleep:{morning.isoformat()}",
        started_at=started,
        ended_at=ended,
        stages_s={
            "awake": float(awake_min * 60),
            "light": float(asleep_s - deep - rem),
            "deep": float(deep),
            "rem": float(rem),
        },
        awakenings=awakenings,
        quality=quality,
    )
    return _Night(sleep, float(asleep_s), wake_h)


def _meals(
    rng: Rng, day: date, *, wake_h: float, target_kcal: float, dinner_after_h: float | None
) -> list[MealIn]:
    """3–4 meals whose portions scale to the day's energy target; kcal ≈ 4P + 4C + 9F."""
    types = ["breakfast", "lunch", "snack", "dinner"]
    if rng.random() > (0.7 if dinner_after_h is not None else 0.45):
        types.remove("snack")
    dishes = {t: MENU[t][int(rng.integers(len(MENU[t])))] for t in types}
    raw = sum(4 * p + 4 * c + 9 * f for _, p, c, f in dishes.values())
    scale = float(np.clip(target_kcal / raw, 0.7, 1.6))
    weekend = day.weekday() >= 5
    times = {
        "breakfast": wake_h + rng.uniform(0.3, 0.8),
        "lunch": rng.normal(13.5 if weekend else 12.75, 0.3),
        "snack": rng.normal(16.25, 0.25),
        "dinner": (dinner_after_h + rng.uniform(0.5, 1.0))
        if dinner_after_h is not None
        else rng.normal(19.25, 0.3),
    }
    meals = []
    for meal_type, (description, p, c, f) in dishes.items():
        portion = scale * float(rng.normal(1.0, 0.05))
        protein, carbs, fat = (round(g * portion) for g in (p, c, f))
        label_error = float(np.clip(rng.normal(0.0, 0.012), -0.03, 0.03))
        kcal = _round_to((4 * protein + 4 * carbs + 9 * fat) * (1 + label_error), 5)
        meals.append(
            MealIn(
                source=DEMO_SOURCE,
                source_id=f"meal:{day.isoformat()}:{meal_type}",
                eaten_at=_at(day, float(times[meal_type])),
                meal_type=meal_type,
                description=description,
                calories_kcal=kcal,
                protein_g=protein,
                carbs_g=carbs,
                fat_g=fat,
            )
        )
    return sorted(meals, key=lambda m: m.eaten_at)


# --- the whole history ------------------------------------------------------------------------


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
    state = {key: _LiftState(_start_load(lift, body0), lift.rep_low) for key, lift in LIFTS.items()}
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
        night = _night(rng, day, stress=stress_yesterday, after_hard_day=load_prev > 0.8)
        nights.append(night.sleep)
        stress = _scale5((1.7 if weekend else 2.7) + busy_week + rng.normal(0.0, 0.6))
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
        soreness = _scale5(
            1.2
            + (1.9 if yesterday in lower_days else 0.0)
            + (0.7 if yesterday in upper_days else 0.0)
            + (0.8 if d2 in lower_days else 0.0)
            + (0.5 if week == 0 else 0.0)
            - (0.5 if deload else 0.0)
            + rng.normal(0.0, 0.4)
        )
        energy = _scale5(
            3.5
            + 0.7 * (night.asleep_h - 7.2)
            + 0.25 * hrv_z
            - 0.3 * (soreness - 2)
            - 0.2 * (stress - 2.5)
            + rng.normal(0.0, 0.5)
        )
        mood = _scale5(
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
                session = _strength_session(
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
            session_cardio = _run(rng, day) if day.weekday() == 2 else _ride(rng, day)
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
        day_meals = _meals(
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


# --- storing it -------------------------------------------------------------------------------


@dataclass(frozen=True)
class SeedReport:
    """What ``seed_demo`` did: the athlete, and per record kind how many were new."""

    athlete_id: int
    email: str
    athlete_created: bool
    inserted: dict[str, int]
    already_present: dict[str, int]
    flags_resolved: int = 0  # red flags of the simulated sensors, resolved (see seed_demo)

    @property
    def total_inserted(self) -> int:
        return sum(self.inserted.values())

    @property
    def total_present(self) -> int:
        return sum(self.already_present.values())


_LOGGERS: dict[str, Callable[[ServiceContext, int, Any], training_log.Logged]] = {
    "workouts": training_log.log_workout,
    "cardio": training_log.log_cardio,
    "daily": training_log.log_daily,
    "sleep": training_log.log_sleep,
    "meals": training_log.log_meal,
    "feedback": training_log.log_feedback,
}


def _demo_athlete(ctx: ServiceContext, email: str, history: DemoHistory) -> tuple[int, bool]:
    """The athlete with this e-mail, created with the demo profile when missing."""
    account = athlete_repo.account_by_email(ctx.session, email)
    if account is not None:
        athlete = athlete_repo.athlete_for_account(ctx.session, account.id)
        if athlete is None:
            raise Conflict(f"{email} belongs to a coach or admin account, not an athlete")
        return athlete.id, False
    created = athletes.create_athlete(
        ctx,
        AthleteCreate(
            name=history.name, email=email, timezone=history.timezone, profile=history.profile
        ),
    )
    return created.id, True


def seed_demo(
    ctx: ServiceContext,
    seed: int = 42,
    weeks: int = 8,
    end: date | None = None,
    email: str = DEMO_EMAIL,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Create the demo athlete if missing and log their history through the services.

    Source ``demo`` with source ids keyed by day makes a second run with the same options add
    nothing; days that already have a daily row keep it. ``end`` defaults to today (UTC), so
    the newest record is from yesterday. ``progress(done, total)`` follows each record.

    The demo athlete must be able to train after seeding: open red flags that the demo's own
    simulated sensors raised (an earlier ``serve --simulate`` with abnormal scenarios) are
    resolved, with ``DEMO_RESET_REASON``. A flag someone reported stays open.
    """
    now_day = today(ctx.clock)
    end = end or now_day
    if end > now_day:
        raise InvalidInput(f"end {end.isoformat()} is in the future; the demo history must be past")
    history = generate_demo(seed, weeks, end)
    athlete_id, created = _demo_athlete(ctx, email.strip().lower(), history)
    # Daily rows are upserts by day: leave days that already have one alone, so that a second
    # run (or one with other options) never rewrites what is stored.
    stored_days = {
        row["day"]
        for row in training_log.history(
            ctx, athlete_id, "daily", history.start, history.end - timedelta(days=1)
        )
    }
    inserted = dict.fromkeys(_LOGGERS, 0)
    present = dict.fromkeys(_LOGGERS, 0)
    total = sum(history.counts().values())
    done = 0
    for kind, records in history.records().items():
        log = _LOGGERS[kind]
        for record in records:
            if isinstance(record, DailyMetricsIn) and record.day in stored_days:
                present[kind] += 1
            elif log(ctx, athlete_id, record).created:
                inserted[kind] += 1
            else:
                present[kind] += 1
            done += 1
            if progress is not None:
                progress(done, total)
    resolved = clear_simulated_flags(ctx, athlete_id)
    ctx.audit(
        "seed",
        "demo",
        athlete_id=athlete_id,
        detail={"seed": seed, "weeks": weeks, "inserted": sum(inserted.values())},
    )
    return SeedReport(athlete_id, email.strip().lower(), created, inserted, present, resolved)


def clear_simulated_flags(ctx: ServiceContext, athlete_id: int) -> int:
    """Resolve the athlete's open red flags raised by the demo's simulated sensor board (source
    ``sensor``, a ``demo-`` recording); how many. Anything else stays open."""
    simulated = [
        f
        for f in health.open_flags(ctx, athlete_id)
        if f.source == "sensor" and SIMULATED_NOTE in f.note
    ]
    for flag in simulated:
        health.clear_flag(ctx, athlete_id, flag.id, DEMO_RESET_REASON)
    return len(simulated)


def alerts_athlete(ctx: ServiceContext) -> int:
    """The separate demo athlete the abnormal sensor scenarios stream for (created without
    history when missing), so that their red flags never pause ``DEMO_EMAIL``."""
    account = athlete_repo.account_by_email(ctx.session, ALERTS_EMAIL)
    if account is not None:
        athlete = athlete_repo.athlete_for_account(ctx.session, account.id)
        if athlete is None:
            raise Conflict(f"{ALERTS_EMAIL} belongs to a coach or admin account, not an athlete")
        return athlete.id
    created = athletes.create_athlete(
        ctx, AthleteCreate(name="Demo sensor alerts", email=ALERTS_EMAIL)
    )
    return created.id


@dataclass(frozen=True)
class DemoSignIn:
    """An account of the demo to sign in to the dashboard with."""

    role: str
    email: str
    password_set: bool  # False: it already had a password, which was kept


def prepare_demo_sign_ins(ctx: ServiceContext, athlete_id: int, password: str) -> list[DemoSignIn]:
    """Make the demo explorable in the browser: a password for the demo athlete, a coach linked
    to them and an admin (created when missing), and a plan in force.

    An account that already has a password keeps it: running the demo again never resets a
    password someone chose.
    """
    athlete = athletes.get_athlete(ctx, athlete_id)
    out = []
    for role, email in (
        (Role.athlete, athlete.email),
        (Role.coach, DEMO_COACH_EMAIL),
        (Role.admin, DEMO_ADMIN_EMAIL),
    ):
        account = athlete_repo.account_by_email(ctx.session, email)
        if account is None:
            name = "Demo coach" if role == Role.coach else "Demo admin"
            account_id = athletes.create_staff_account(ctx, email, name, role)
        elif account.role != role:
            raise Conflict(f"{email} exists with the role {account.role}, not {role.value}")
        else:
            account_id = account.id
        if role == Role.coach:
            athletes.link_coach(ctx, account_id, athlete_id)
        stored = athlete_repo.get_account(ctx.session, account_id)
        fresh = stored is not None and stored.password_hash is None
        if fresh:
            accounts.set_password(ctx, account_id, password)
        out.append(DemoSignIn(role.value, email, fresh))
    if not plans.versions(ctx, athlete_id, "active"):
        plans.generate(ctx, athlete_id)
    return out
