"""Controlled vocabularies shared by profiles, the exercise library and the rules."""

from __future__ import annotations

from typing import Literal

MUSCLES = (
    "chest", "front_delts", "side_delts", "rear_delts", "lats", "upper_back", "traps", "biceps",
    "triceps", "forearms", "abs", "obliques", "lower_back", "glutes", "quads", "hamstrings",
    "adductors", "abductors", "calves", "hip_flexors", "neck", "cardiovascular",
)  # fmt: skip
MOVEMENT_PATTERNS = (
    "squat", "hinge", "lunge", "horizontal_push", "vertical_push", "horizontal_pull",
    "vertical_pull", "carry", "anti_extension", "anti_rotation", "trunk_flexion", "rotation",
    "elbow_flexion", "elbow_extension", "shoulder_isolation", "knee_extension", "knee_flexion",
    "hip_extension", "hip_abduction", "hip_adduction", "calf_raise", "jump", "locomotion",
    "mobility",
)  # fmt: skip
EQUIPMENT = (
    "barbell", "dumbbell", "kettlebell", "cable", "machine", "bench", "pull_up_bar", "dip_bars",
    "resistance_band", "squat_rack", "ez_bar", "trap_bar", "smith_machine", "medicine_ball",
    "plyo_box", "suspension_trainer", "ab_wheel", "sled", "landmine", "treadmill",
    "stationary_bike", "bicycle", "rower", "elliptical", "stair_climber", "jump_rope", "pool",
    "ski_erg", "ball", "racket", "backpack", "strongman", "sandbag", "wheelchair", "handcycle",
    "arm_ergometer", "recumbent_stepper", "climbing_rope", "hangboard",
)  # fmt: skip
# Kit a commercial gym does not have: strongman implements (yoke, log, axle, atlas stones), a
# sandbag, an athlete's own wheelchair or handcycle, rehab machines (library16); a climbing rope
# and a hangboard (a climbing wall's or a box's, stop 95: no plan programs them unless had).
SPECIALIST_EQUIPMENT = (
    "strongman", "sandbag", "wheelchair", "handcycle", "arm_ergometer", "recumbent_stepper",
    "climbing_rope", "hangboard",
)  # fmt: skip
BODY_REGIONS = (
    "neck", "shoulder", "elbow", "wrist", "upper_back", "lower_back", "hip", "knee", "ankle",
)  # fmt: skip
CONDITIONS = ("hypertension", "pregnancy", "osteoporosis", "heart_condition", "asthma", "diabetes")
CATEGORIES = ("strength", "cardio", "plyometric", "core", "mobility")
LEVELS = ("beginner", "intermediate", "advanced")
GOALS = ("strength", "hypertrophy", "fat_loss", "endurance", "general_fitness", "sport_performance")
DIETARY_RESTRICTIONS = (
    "vegetarian", "vegan", "pescatarian", "lactose_free", "gluten_free", "nut_free",
    "peanut_free", "egg_free", "soy_free", "shellfish_free", "fish_free", "halal", "kosher",
)  # fmt: skip

Sex = Literal["female", "male", "other"]
Level = Literal["beginner", "intermediate", "advanced"]
Severity = Literal["mild", "moderate", "severe"]

# Equipment groups people name when they describe a place to train.
EQUIPMENT_PRESETS: dict[str, tuple[str, ...]] = {
    "none": (),
    "home_dumbbells": ("dumbbell", "bench"),
    "home_gym": ("dumbbell", "bench", "barbell", "squat_rack", "pull_up_bar", "resistance_band"),
    "full_gym": tuple(
        e
        for e in EQUIPMENT
        if e not in ("pool", "bicycle", "racket", "ball", *SPECIALIST_EQUIPMENT)
    ),
}
