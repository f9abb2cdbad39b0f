"""The demo athlete's life outside the gym: easy runs, weekend rides, nights and meals."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

from fitcoach.coach.schemas import CardioIn, MealIn, SleepIn
from fitcoach.pipelines.demo.common import DEMO_SOURCE, Rng, at_hours, round_to, scale5
from fitcoach.pipelines.demo.programme import MENU


def easy_run(rng: Rng, day: date) -> CardioIn:
    """An easy run after work: 6 min/km give or take, conversational heart rate."""
    minutes = float(rng.uniform(30, 46))
    pace_s_per_km = float(rng.normal(360, 15))
    avg_hr = round(float(rng.normal(140, 4)))
    return CardioIn(
        source=DEMO_SOURCE,
        source_id=f"cardio:{day.isoformat()}",
        activity_type="running",
        started_at=at_hours(day, 18.0 + rng.normal(0.0, 0.3)),
        duration_s=round(minutes * 60),
        distance_m=round(minutes * 60 / pace_s_per_km * 1000, -1),
        avg_hr=avg_hr,
        max_hr=avg_hr + int(rng.integers(10, 20)),
        calories_kcal=round(minutes * 60 / pace_s_per_km * 80),
        steps=int(minutes * rng.normal(166, 3)),
        session_rpe=float(rng.choice([3.0, 3.5, 4.0])),
        notes="Easy run, nasal breathing.",
    )


def weekend_ride(rng: Rng, day: date) -> CardioIn:
    """A relaxed weekend ride."""
    minutes = float(rng.uniform(50, 80))
    speed_kmh = float(rng.normal(24, 1.5))
    avg_hr = round(float(rng.normal(128, 5)))
    return CardioIn(
        source=DEMO_SOURCE,
        source_id=f"cardio:{day.isoformat()}",
        activity_type="cycling",
        started_at=at_hours(day, 10.0 + rng.normal(0.0, 0.5)),
        duration_s=round(minutes * 60),
        distance_m=round(minutes / 60 * speed_kmh * 1000, -1),
        avg_hr=avg_hr,
        max_hr=avg_hr + int(rng.integers(15, 26)),
        calories_kcal=round(minutes * 8.5),
        session_rpe=float(rng.choice([3.0, 4.0])),
        notes="Weekend ride, zone 2.",
    )


@dataclass
class Night:
    sleep: SleepIn
    asleep_s: float
    wake_h: float  # hours after midnight of the morning it ends

    @property
    def asleep_h(self) -> float:
        return self.asleep_s / 3600


def night_before(rng: Rng, morning: date, *, stress: int, after_hard_day: bool) -> Night:
    """The night that ends on ``morning``: later and longer at weekends, shorter when stressed."""
    weekend_morning = morning.weekday() >= 5
    mean_h = (7.8 if weekend_morning else 7.0) - (0.4 if stress >= 4 else 0.0)
    asleep_min = round(float(np.clip(rng.normal(mean_h, 0.4), 6.0, 8.5)) * 60)
    awakenings = int(rng.poisson(1.5 + (1.0 if stress >= 4 else 0.0)))
    awake_min = int(rng.integers(8, 25)) + sum(int(rng.integers(2, 10)) for _ in range(awakenings))
    wake_h = float(rng.normal(8.25, 0.6) if weekend_morning else rng.normal(6.75, 0.15))
    ended = at_hours(morning, wake_h)
    started = ended - timedelta(minutes=asleep_min + awake_min)
    deep_f = float(rng.normal(0.17 + (0.02 if after_hard_day else 0.0), 0.02))
    rem_f = float(rng.normal(0.22, 0.025))
    asleep_s = asleep_min * 60
    deep = round(asleep_s * deep_f)
    rem = round(asleep_s * rem_f)
    quality = scale5(3.3 + (asleep_min / 60 - 7.0) - 0.3 * (awakenings - 1.5) + rng.normal(0, 0.5))
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
    return Night(sleep, float(asleep_s), wake_h)


def meals_of_day(
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
        kcal = round_to((4 * protein + 4 * carbs + 9 * fat) * (1 + label_error), 5)
        meals.append(
            MealIn(
                source=DEMO_SOURCE,
                source_id=f"meal:{day.isoformat()}:{meal_type}",
                eaten_at=at_hours(day, float(times[meal_type])),
                meal_type=meal_type,
                description=description,
                calories_kcal=kcal,
                protein_g=protein,
                carbs_g=carbs,
                fat_g=fat,
            )
        )
    return sorted(meals, key=lambda m: m.eaten_at)
