"""The demo athlete's programme and menu: an upper/lower four-day split with double progression
and deloads, and the dishes the meals are drawn from (``pipelines.wearables`` eats from it too)."""

from __future__ import annotations

from dataclasses import dataclass


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
