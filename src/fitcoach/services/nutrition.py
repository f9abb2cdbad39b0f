"""Nutrition use cases: an athlete's energy and macro targets, and a meal plan that meets them.

The calculations live in ``fitcoach.analysis.energy`` (pure) and the plan in
``fitcoach.coach.nutrition``; this module gathers the athlete's data:

- **Profile**: birth date, sex, height, goals, dietary restrictions, dislikes. Height and
  birth date are required; weight is the latest weight logged in daily metrics (last 365
  days), otherwise the profile's.
- **Training** over the last 28 days: workouts (MET: the set-weighted mean of the exercise
  library's values for the working sets; duration as logged, else 3 minutes per set
  including rest) and cardio (the library's MET for the activity type, or the wearable's
  calories). With no training logged, the profile's plan (days per week × session minutes)
  stands in at 3.5 MET, or 6.8 MET for endurance goals (Compendium: moderate resistance
  training; moderate cycling), and the reasons say so.
- **Intake** per day: the daily total (``calories_in_kcal``) when logged, otherwise the sum
  of the day's meals (in the athlete's time zone), never both. The meals of the day the
  targets are for do not count: that day is not over, and its targets are what to eat in it.
- **Goal**: fat_loss → fat loss (it wins over hypertrophy: a deficit with high protein);
  hypertrophy → muscle gain; strength, endurance, general fitness, sport → maintenance.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from fitcoach.analysis.energy import (
    ACTIVITY_FACTORS,
    DEFAULT_ACTIVITY,
    WINDOW_DAYS,
    AdaptiveTdee,
    DayRecord,
    ExerciseSession,
    NutritionTargets,
    adaptive_tdee,
    bmr_mifflin_st_jeor,
    formula_tdee,
    nutrition_targets,
)
from fitcoach.coach import wording
from fitcoach.coach.schemas import AthleteOut, ProfileOut
from fitcoach.core import bounds
from fitcoach.core.bounds import age_years
from fitcoach.core.clock import today, zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services.athletes import get_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.services.training_log import Logged, athlete_zone, history, log_meal

if TYPE_CHECKING:
    # The meal planner and the food table (their pydantic models, the optimiser's inputs):
    # imported by the functions that plan or log food, not for the targets (the CLI's start-up).
    from fitcoach.coach import nutrition

MINUTES_PER_SET = 3.0  # a working or warm-up set with its rest, when a workout has no duration
MAX_WORKOUT_H = 4.0
DEFAULT_STRENGTH_MET = 3.5  # Compendium: resistance training, moderate effort
PLANNED_MET = {"endurance": 6.8}  # Compendium: moderate cycling; otherwise the strength MET
LOOKBACK_WEIGHT_DAYS = 365
# An adaptive estimate outside BMR × [1.0, 3.0] points at incomplete logging, not physiology.
ADAPTIVE_PLAUSIBLE = (1.0, 3.0)
MEAL_PLAN_CACHE_SIZE = 256  # plans kept per process (a few kB each)


def _key(text: str) -> str:
    return " ".join(text.lower().replace("-", " ").replace("_", " ").split())


def _met_index() -> dict[str, float]:
    """Normalised slug, name and alias → MET, from the shipped exercise library."""
    index: dict[str, float] = {}
    for record in library_records():
        if record.met is None:
            continue
        for alias in record.aliases:
            index.setdefault(_key(alias), record.met)
    for record in library_records():
        if record.met is not None:
            index[_key(record.name)] = record.met
            index[_key(record.slug)] = record.met
    return index


def goal_of(goals: Sequence[str]) -> str:
    """The nutrition goal for profile goals (see the module notes)."""
    if "fat_loss" in goals:
        return "fat_loss"
    if "hypertrophy" in goals:
        return "muscle_gain"
    return "maintenance"


# What the targets need from the profile, as a person names it (never the stored name).
NEEDED = {"height_cm": "height", "birth_date": "birth date"}


def _require(profile: ProfileOut | None, athlete_id: int) -> tuple[ProfileOut, float, date]:
    """The profile with its height and birth date, or ``InvalidInput`` naming what to set."""
    if profile is None:
        raise InvalidInput(f"athlete {athlete_id} has no profile")
    missing = [name for name in NEEDED if getattr(profile, name) is None]
    if missing:
        what = " and ".join(NEEDED[name] for name in missing)
        raise InvalidInput(
            f"nutrition targets need your {what}; add {'it' if len(missing) == 1 else 'them'} "
            "on your Profile page",
            details={"missing": missing},
        )
    assert profile.height_cm is not None
    assert profile.birth_date is not None
    return profile, profile.height_cm, profile.birth_date


def _workout_sessions(
    workouts: Iterable[dict[str, Any]], mets: dict[str, float]
) -> list[ExerciseSession]:
    sessions = []
    for w in workouts:
        sets = w.get("sets", [])
        working = [s for s in sets if s.get("completed", True) and not s.get("is_warmup")]
        known = [mets[_key(s["exercise"])] for s in working if _key(s["exercise"]) in mets]
        met = sum(known) / len(known) if known else DEFAULT_STRENGTH_MET
        if w.get("duration_s"):
            hours = float(w["duration_s"]) / 3600.0
        else:
            hours = min(len(sets) * MINUTES_PER_SET / 60.0, MAX_WORKOUT_H)
        sessions.append(
            ExerciseSession(
                started_at=w["started_at"],
                duration_h=hours,
                met=met,
                kind="strength",
                label=w.get("title") or "workout",
            )
        )
    return sessions


def _cardio_sessions(
    cardio: Iterable[dict[str, Any]], mets: dict[str, float]
) -> list[ExerciseSession]:
    return [
        ExerciseSession(
            started_at=c["started_at"],
            duration_h=float(c["duration_s"]) / 3600.0,
            met=mets.get(_key(c["activity_type"])),
            wearable_kcal=c.get("calories_kcal"),
            kind="cardio",
            label=str(c["activity_type"]),
        )
        for c in cardio
    ]


def _local_day(at: datetime, zone: ZoneInfo) -> date:
    return at.astimezone(zone).date()


def _day_records(
    ctx: ServiceContext, athlete: AthleteOut, start: date, end: date
) -> list[DayRecord]:
    """Per day in [start, end]: intake (daily total, else the sum of meals) and weight."""
    daily = history(ctx, athlete.id, "daily", start, end)
    zone = zone_named("UTC" if athlete.timezone == "Etc/UTC" else athlete.timezone)
    meals = history(ctx, athlete.id, "meals", start - timedelta(days=1), end + timedelta(days=1))
    meal_kcal: dict[date, float] = {}
    for meal in meals:
        if meal.get("calories_kcal") is None:
            continue
        at = meal["eaten_at"]
        day = _local_day(at, zone)
        meal_kcal[day] = meal_kcal.get(day, 0.0) + float(meal["calories_kcal"])
    by_day = {row["day"]: row for row in daily}
    records = []
    day = start
    while day <= end:
        row = by_day.get(day, {})
        intake = row.get("calories_in_kcal")
        if intake is None and day != end:
            intake = meal_kcal.get(day)
        records.append(DayRecord(day=day, intake_kcal=intake, weight_kg=row.get("weight_kg")))
        day += timedelta(days=1)
    return records


def _current_weight(
    ctx: ServiceContext, athlete_id: int, profile: ProfileOut, day: date
) -> tuple[float, str]:
    rows = history(ctx, athlete_id, "daily", day - timedelta(days=LOOKBACK_WEIGHT_DAYS), day)
    logged = [(r["day"], float(r["weight_kg"])) for r in rows if r.get("weight_kg") is not None]
    if logged:
        when, kg = logged[-1]
        return kg, f"weight {kg:g} kg logged on {wording.day_text(when, day)}"
    if profile.weight_kg is not None:
        return float(profile.weight_kg), f"weight {profile.weight_kg:g} kg from the profile"
    raise InvalidInput(
        "nutrition targets need a body weight; log today's weight or set it in the profile"
    )


def targets(
    ctx: ServiceContext,
    athlete_id: int,
    day: date | None = None,
    *,
    activity: str = DEFAULT_ACTIVITY,
) -> NutritionTargets:
    """Daily energy and macro targets for ``day`` (default today), with reasons in words.

    ``activity`` is the daily-life level outside logged training (``ACTIVITY_FACTORS``).
    """
    if activity not in ACTIVITY_FACTORS:
        raise InvalidInput(
            f"unknown activity level {activity!r}; choose from {', '.join(ACTIVITY_FACTORS)}"
        )
    athlete = get_athlete(ctx, athlete_id)
    profile, height_cm, birth_date = _require(athlete.profile, athlete_id)
    day = bounds.check_day(day or today(ctx.clock))
    if day < birth_date:
        raise InvalidInput(f"{day} is before the athlete's birth date; ask for a later day")
    start = day - timedelta(days=WINDOW_DAYS - 1)
    weight, weight_note = _current_weight(ctx, athlete_id, profile, day)
    age = age_years(birth_date, day)
    reasons = [weight_note]
    if profile.sex not in ("male", "female"):
        reasons.append(
            "sex not male or female: BMR is the mean of the two Mifflin–St Jeor equations"
        )
    bmr = bmr_mifflin_st_jeor(weight_kg=weight, height_cm=height_cm, age_years=age, sex=profile.sex)
    reasons.append(
        f"BMR {bmr:.0f} kcal (Mifflin–St Jeor: {weight:g} kg, height {height_cm:g} cm, {age} years)"
    )

    mets = _met_index()
    workouts = history(ctx, athlete_id, "workouts", start, day)
    cardio = history(ctx, athlete_id, "cardio", start, day)
    sessions = _workout_sessions(workouts, mets) + _cardio_sessions(cardio, mets)
    if not sessions:
        met = next(
            (PLANNED_MET[g] for g in profile.goals if g in PLANNED_MET), DEFAULT_STRENGTH_MET
        )
        first = datetime.combine(start, datetime.min.time(), tzinfo=UTC)
        weeks = WINDOW_DAYS // 7
        hours = profile.session_minutes / 60.0
        sessions = [
            ExerciseSession(first + timedelta(days=i), hours, met, None, "planned", "planned")
            for i in range(profile.days_per_week * weeks)
        ]
        reasons.append(
            f"no training logged in the last {WINDOW_DAYS} days: assumed the profile's "
            f"{profile.days_per_week} × {profile.session_minutes} min a week at {met:g} MET"
        )
    formula = formula_tdee(bmr, sessions, weight, days=WINDOW_DAYS, activity=activity)
    counted = [e for e in formula.sessions if e.method != "duplicate"]
    duplicates = len(formula.sessions) - len(counted)
    reasons.append(
        f"formula TDEE {formula.tdee_kcal:.0f} kcal = BMR × {formula.activity_factor:g} "
        f"({activity}, outside training) + {formula.exercise_kcal_per_day:.0f} kcal/day of "
        f"training ({len(counted)} sessions in {WINDOW_DAYS} days"
        + (f"; {duplicates} recorded twice, counted once" if duplicates else "")
        + ")"
    )

    records = _day_records(ctx, athlete, start, day)
    adaptive: AdaptiveTdee = adaptive_tdee(records, end=day)
    tdee, method = formula.tdee_kcal, "formula"
    if adaptive.tdee_kcal is None:
        reasons.append(f"formula used: {adaptive.reason}")
    elif not ADAPTIVE_PLAUSIBLE[0] * bmr <= adaptive.tdee_kcal <= ADAPTIVE_PLAUSIBLE[1] * bmr:
        reasons.append(
            f"formula used: the intake and weight data give {adaptive.tdee_kcal:.0f} kcal, "
            "implausible next to the BMR; meals may be missing from the log"
        )
    else:
        tdee, method = adaptive.tdee_kcal, "adaptive"
        reasons.append(
            f"adaptive TDEE {tdee:.0f} kcal ({adaptive.reason}; "
            f"{adaptive.confidence:.0%} interval {adaptive.tdee_low_kcal:.0f}–"
            f"{adaptive.tdee_high_kcal:.0f} kcal); the formula says {formula.tdee_kcal:.0f}"
        )
    return nutrition_targets(
        goal=goal_of(profile.goals),
        tdee_kcal=tdee,
        bmr_kcal=bmr,
        weight_kg=weight,
        sex=profile.sex,
        height_cm=height_cm,
        tdee_method="adaptive" if method == "adaptive" else "formula",
        formula=formula,
        adaptive=adaptive,
        reasons=reasons,
    )


class MealPlanCache:
    """Meal plans by everything they are made from, so the optimiser runs when an input
    changes, not on every view.

    The key is the plan's targets (energy, macros, protein floor), restrictions, dislikes,
    days, seed and the food table's version: a new weight, training, profile or food table
    makes a new key. No athlete is named: a plan is a function of its inputs (two athletes
    with the same inputs share it), so no process holds a plan it could tie to a person, and
    nothing needs forgetting when an athlete is deleted in another process. Plans are kept
    in this process only (least recently used first out), without the targets' reasons,
    which come fresh with every answer. ``solves`` counts the optimiser's runs.

    ``plan(key, make)`` runs the optimiser at most once per key at a time: a request that asks
    while another is making the same plan waits for that one (the nutrition page's plan, asked
    for by its script while the page itself may ask too).
    """

    def __init__(self, size: int = MEAL_PLAN_CACHE_SIZE) -> None:
        self.size = size
        self.solves = 0
        self._plans: OrderedDict[tuple[Any, ...], nutrition.MealPlan] = OrderedDict()
        self._lock = threading.Lock()
        self._making: dict[tuple[Any, ...], threading.Lock] = {}

    def get(self, key: tuple[Any, ...]) -> nutrition.MealPlan | None:
        with self._lock:
            plan = self._plans.get(key)
            if plan is not None:
                self._plans.move_to_end(key)
            return plan

    def put(self, key: tuple[Any, ...], plan: nutrition.MealPlan) -> None:
        with self._lock:
            self.solves += 1
            self._plans[key] = plan
            self._plans.move_to_end(key)
            while len(self._plans) > self.size:
                self._plans.popitem(last=False)

    def plan(
        self, key: tuple[Any, ...], make: Callable[[], nutrition.MealPlan]
    ) -> nutrition.MealPlan:
        """The stored plan for ``key``, else ``make()``'s, stored (one ``make`` per key at a
        time; a plan that fails to be made is not stored and the next ask tries again)."""
        found = self.get(key)
        if found is not None:
            return found
        with self._lock:
            making = self._making.setdefault(key, threading.Lock())
        with making:
            found = self.get(key)
            if found is None:
                found = make()
                self.put(key, found)
        with self._lock:
            if self._making.get(key) is making and not making.locked():
                del self._making[key]
        return found

    def clear(self) -> None:
        with self._lock:
            self._plans.clear()
            self.solves = 0


plan_cache = MealPlanCache()


def meal_plan(
    ctx: ServiceContext,
    athlete_id: int,
    days: int = 3,
    seed: int = 0,
    *,
    day: date | None = None,
    activity: str = DEFAULT_ACTIVITY,
    for_targets: NutritionTargets | None = None,
) -> nutrition.MealPlan:
    """A ``days``-day meal plan for the athlete's targets, restrictions and dislikes.

    The optimiser runs once per set of inputs (``plan_cache``); a view with the same inputs
    gets the stored plan with today's targets and reasons. ``for_targets``: the targets the
    caller already has from ``targets(ctx, athlete_id, day, activity=activity)``.
    """
    from fitcoach.coach import nutrition

    goal, key, profile = _plan_inputs(ctx, athlete_id, days, seed, day, activity, for_targets)
    plan = plan_cache.plan(
        key,
        lambda: nutrition.plan_meals(
            key[0],
            restrictions=profile.dietary_restrictions,
            dislikes=profile.dislikes,
            days=days,
            seed=seed,
        ),
    )
    return replace(plan, nutrition=goal)


def stored_meal_plan(
    ctx: ServiceContext,
    athlete_id: int,
    days: int = 3,
    seed: int = 0,
    *,
    day: date | None = None,
    activity: str = DEFAULT_ACTIVITY,
    for_targets: NutritionTargets | None = None,
) -> nutrition.MealPlan | None:
    """``meal_plan``'s answer when the plan is made already, else None (the optimiser does
    not run): a page shows a stored plan at once and asks for a new one after it is shown."""
    goal, key, _ = _plan_inputs(ctx, athlete_id, days, seed, day, activity, for_targets)
    plan = plan_cache.get(key)
    return None if plan is None else replace(plan, nutrition=goal)


def _plan_inputs(
    ctx: ServiceContext,
    athlete_id: int,
    days: int,
    seed: int,
    day: date | None,
    activity: str,
    for_targets: NutritionTargets | None,
) -> tuple[NutritionTargets, tuple[Any, ...], ProfileOut]:
    """The targets, the plan's key in ``plan_cache`` (its first item the macro targets) and
    the profile it reads restrictions and dislikes from."""
    from fitcoach.coach import nutrition

    goal = for_targets or targets(ctx, athlete_id, day, activity=activity)
    profile = get_athlete(ctx, athlete_id).profile
    assert profile is not None
    key = (
        nutrition.MacroTargets.from_targets(goal),
        tuple(profile.dietary_restrictions),
        tuple(profile.dislikes),
        days,
        seed,
        nutrition.food_table_version(),
    )
    return goal, key, profile


def search_foods(query: str) -> list[nutrition.Food]:
    """Foods of the shipped table for what a person typed (``coach.nutrition.search_foods``)."""
    from fitcoach.coach import nutrition

    return nutrition.search_foods(query)


def _log(
    ctx: ServiceContext,
    athlete_id: int,
    amounts: Sequence[nutrition.Amount],
    meal_type: str,
    eaten_at: datetime | None,
    source: str,
    dish_name: str | None = None,
) -> Logged:
    description = ", ".join(f"{a.food.name} {a.grams:g} g" for a in amounts)
    if dish_name:  # a photo's dish: its name, its ingredients as the detail
        description = f"{dish_name} ({description})"
    return log_meal(
        ctx,
        athlete_id,
        {
            "eaten_at": eaten_at or ctx.clock.now(),
            "meal_type": meal_type,
            "description": description[:2000],
            "calories_kcal": round(sum(a.kcal for a in amounts), 1),
            "protein_g": round(sum(a.protein_g for a in amounts), 1),
            "carbs_g": round(sum(a.carbs_g for a in amounts), 1),
            "fat_g": round(sum(a.fat_g for a in amounts), 1),
            "source": source,
        },
    )


def log_food(
    ctx: ServiceContext,
    athlete_id: int,
    slug: str,
    grams: float,
    *,
    meal_type: str = "meal",
    eaten_at: datetime | None = None,
    source: str = "manual",
) -> Logged:
    """Log ``grams`` of a food of the shipped table as a meal: energy and macros come from
    the table ("Chicken breast, roasted 150 g", 248 kcal ...)."""
    from fitcoach.coach import nutrition

    amount = nutrition.amount_of(nutrition.food_by_slug(slug), grams)
    return _log(ctx, athlete_id, [amount], meal_type, eaten_at, source)


def log_dish(
    ctx: ServiceContext,
    athlete_id: int,
    dish: str,
    portion: float = 1.0,
    *,
    meal_type: str | None = None,
    eaten_at: datetime | None = None,
    source: str = "photo",
) -> Logged:
    """Log ``portion`` typical servings of a photo-model dish (``coach.nutrition.dishes``),
    after the person has confirmed the dish and the portion: its table foods and macros,
    stored as the dish ("Pad thai (Rice noodles 150 g, ...)": its name, the foods as detail). Without
    ``meal_type`` it is the meal of the hour it was eaten at, in the athlete's time zone."""
    from fitcoach.coach import nutrition
    from fitcoach.coach.nutrition.dishes import dish as dish_of
    from fitcoach.coach.nutrition.dishes import serving

    if meal_type is None:
        when = eaten_at or ctx.clock.now()
        meal_type = nutrition.meal_of_hour(when.astimezone(athlete_zone(ctx, athlete_id)).hour)
    amounts = serving(dish, portion)
    name = dish_of(dish).name
    named = name if portion == 1 else f"{name}, {portion:g} servings"
    return _log(ctx, athlete_id, amounts, meal_type, eaten_at, source, dish_name=named)


def log_planned_meal(
    ctx: ServiceContext,
    athlete_id: int,
    meal: nutrition.PlannedMeal,
    *,
    eaten_at: datetime | None = None,
    source: str = "manual",
) -> Logged:
    """Log a meal of the plan as eaten, its foods in the planned amounts."""
    from fitcoach.coach import nutrition

    amounts = [nutrition.amount_of(nutrition.food_by_slug(f.slug), f.grams) for f in meal.foods]
    if not amounts:
        raise InvalidInput(f"the plan's {meal.meal} has no foods to log")
    return _log(ctx, athlete_id, amounts, meal.meal, eaten_at, source)
