"""Stage 1: synthetic athletes with plans, workout logs and daily calories, sleep and weight.

Each athlete gets a profile drawn from the slices the bias report looks at (age band, sex, goal,
activity level, condition flag) and a week of workouts, sleep and daily readings from the
project's demo generator (``pipelines.demo.generate_demo``, seeded per athlete), rescaled to the
athlete's body weight and calorie need. Pure and deterministic for a seed.
"""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any

import numpy as np

from fitcoach.pipelines.demo import generate_demo
from fitcoach.pipelines.distill.config import DistillConfig

END = date(2026, 11, 18)  # fixed, so the output does not depend on the day it runs

AGE_BANDS = ((18, 29, "18-29"), (30, 44, "30-44"), (45, 59, "45-59"), (60, 75, "60+"))
SEXES = ("female", "male")
GOALS = ("fat_loss", "hypertrophy", "strength", "general_fitness")
ACTIVITY = ("sedentary", "light", "moderate", "very_active")
CONDITIONS = ("knee_pain", "lower_back_pain", "hypertension", "asthma", "shoulder_injury")
EQUIPMENT = ("full_gym", "home_dumbbells", "bodyweight_only", "kettlebells")
SPLITS = {2: "full body", 3: "full body", 4: "upper/lower", 5: "upper/lower/push/pull/legs"}
ACTIVITY_FACTOR = {"sedentary": 1.3, "light": 1.45, "moderate": 1.6, "very_active": 1.8}
GOAL_KCAL = {"fat_loss": -450, "hypertrophy": 250, "strength": 150, "general_fitness": 0}


def age_band(age: int) -> str:
    for low, high, label in AGE_BANDS:
        if low <= age <= high:
            return label
    raise ValueError(f"age {age} is outside the generated range")


def _profile(rng: np.random.Generator, index: int) -> dict[str, Any]:
    age = int(rng.integers(18, 76))
    sex = str(rng.choice(SEXES))
    height = float(rng.normal(177 if sex == "male" else 164, 7))
    bmi = float(np.clip(rng.normal(25.5, 3.5), 18.5, 38))
    weight = round(bmi * (height / 100) ** 2, 1)
    condition = str(rng.choice(CONDITIONS)) if rng.random() < 0.3 else None
    goal = str(rng.choice(GOALS))
    activity = str(rng.choice(ACTIVITY))
    days = int(rng.integers(2, 6))
    return {
        "user_id": f"u{index:05d}",
        "age": age,
        "age_band": age_band(age),
        "sex": sex,
        "height_cm": round(height, 1),
        "weight_kg": weight,
        "goal": goal,
        "activity_level": activity,
        "condition": condition,
        "condition_flag": condition is not None,
        "equipment": str(rng.choice(EQUIPMENT)),
        "days_per_week": days,
        "session_minutes": int(rng.choice((30, 45, 60, 75))),
    }


def _kcal_need(user: dict[str, Any]) -> float:
    # Mifflin-St Jeor resting energy, times the activity factor, plus the goal's adjustment.
    base = 10 * user["weight_kg"] + 6.25 * user["height_cm"] - 5 * user["age"]
    base += 5 if user["sex"] == "male" else -161
    return float(base * ACTIVITY_FACTOR[user["activity_level"]] + GOAL_KCAL[user["goal"]])


def synthetic_user(config: DistillConfig, index: int) -> dict[str, Any]:
    """One athlete: profile, plan, workouts and daily logs (deterministic for seed and index)."""
    rng = np.random.default_rng([config.seed, index])
    user = _profile(rng, index)
    history = generate_demo(seed=config.seed * 100_003 + index, weeks=config.log_weeks, end=END)
    demo_weight = history.profile.weight_kg or 79.0
    scale = user["weight_kg"] / demo_weight
    strength = 0.6 + 0.5 * rng.random()  # this athlete's loads relative to the demo lifter's
    need = _kcal_need(user)
    demo_kcal = statistics.fmean(d.calories_in_kcal or 2600 for d in history.daily)
    daily = []
    for d in history.daily:
        daily.append(
            {
                "day": d.day.isoformat(),
                "calories_kcal": round((d.calories_in_kcal or demo_kcal) / demo_kcal * need),
                "sleep_h": round((d.sleep_s or 25200) / 3600 * float(rng.normal(1, 0.08)), 2),
                "weight_kg": round((d.weight_kg or demo_weight) * scale, 1),
            }
        )
    workouts = []
    for w in history.workouts[: user["days_per_week"]]:
        working = [s for s in w.sets if not s.is_warmup]
        workouts.append(
            {
                "day": w.started_at.date().isoformat(),
                "title": w.title,
                "sets": len(working),
                "volume_kg": round(
                    sum((s.weight_kg or 0.0) * (s.reps or 0) for s in working) * strength, 1
                ),
                "session_rpe": w.session_rpe,
            }
        )
    user["plan"] = {
        "split": SPLITS.get(user["days_per_week"], "full body"),
        "days_per_week": user["days_per_week"],
        "session_minutes": user["session_minutes"],
        "avoid": _avoid(user["condition"]),
    }
    user["workouts"] = workouts
    user["daily"] = daily
    return user


def _avoid(condition: str | None) -> list[str]:
    return {
        "knee_pain": ["deep loaded knee flexion", "jumping"],
        "lower_back_pain": ["heavy spinal loading", "loaded flexion"],
        "shoulder_injury": ["overhead pressing", "dips"],
        "hypertension": ["maximal efforts", "breath holding"],
        "asthma": ["all-out sprints without a warm-up"],
    }.get(condition or "", [])


def generate_users(config: DistillConfig) -> list[dict[str, Any]]:
    """Stage 1's records: ``config.users`` synthetic athletes."""
    return [synthetic_user(config, i) for i in range(config.users)]
