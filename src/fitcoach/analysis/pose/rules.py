"""The fault rules of the geometric form analysis, as data: the written thresholds per exercise,
the image-plane cuts calibrated on real labelled landmarks, what real data validated or
refuted, and the form and risk scores computed from fault severities.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import numpy as np

from fitcoach.analysis.pose.landmarks import Coordinates


@dataclass(frozen=True)
class FaultRule:
    """A fault measured from geometry: severity 0 at ``fine``, 1 at ``severe`` (linear, clipped)."""

    fault: str
    fine: float
    severe: float
    cue: str


# Per exercise, the faults that apply with their thresholds (degrees, or a ratio for valgus).
RULES: Final[dict[str, tuple[FaultRule, ...]]] = {
    "squat": (
        FaultRule("shallow_depth", 95.0, 130.0, "Sit deeper: hips to knee height or below."),
        FaultRule("incomplete_lockout", 170.0, 150.0, "Stand all the way up at the top."),
        FaultRule("forward_lean", 45.0, 70.0, "Keep your chest up; brace before you descend."),
        FaultRule("knee_valgus", 0.9, 0.6, "Push your knees out over your toes."),
        FaultRule("rounded_back", 40.0, 75.0, "Keep a neutral spine: chest proud, eyes ahead."),
    ),
    "deadlift": (
        FaultRule(
            "incomplete_lockout", 168.0, 145.0, "Finish tall: squeeze the glutes at the top."
        ),
        FaultRule("knee_valgus", 0.9, 0.6, "Keep your knees in line with your feet."),
        FaultRule("rounded_back", 40.0, 75.0, "Flat back: pull the slack out before you lift."),
    ),
    "bench_press": (
        FaultRule("shallow_depth", 95.0, 130.0, "Lower the bar to touch your chest."),
        FaultRule("incomplete_lockout", 165.0, 140.0, "Press to straight arms at the top."),
    ),
    "overhead_press": (
        FaultRule("shallow_depth", 90.0, 125.0, "Lower the bar to your collarbones."),
        FaultRule("incomplete_lockout", 165.0, 140.0, "Lock the elbows out overhead."),
        FaultRule("forward_lean", 12.0, 30.0, "Squeeze glutes and ribs down; don't lean back."),
    ),
    "lunge": (
        FaultRule("shallow_depth", 100.0, 130.0, "Drop the back knee close to the floor."),
        FaultRule("incomplete_lockout", 165.0, 145.0, "Stand fully up between reps."),
        FaultRule("forward_lean", 25.0, 50.0, "Stay tall through the trunk."),
        FaultRule("knee_valgus", 0.9, 0.6, "Keep the front knee over the middle of the foot."),
    ),
    # Side view, image plane. Elbow angles of correct push-ups' tops reach only 150-165 degrees
    # in real landmarks (a 165-degree lockout flagged 17 of 20 correct push-ups), so
    # lockout is a fault only below 145 (reported from about 141, severe at 120). Not calibrated:
    # the real labelled set has no push-ups.
    "push_up": (
        FaultRule("shallow_depth", 100.0, 130.0, "Lower your chest to a fist above the floor."),
        FaultRule("incomplete_lockout", 145.0, 120.0, "Push all the way up to straight arms."),
        FaultRule("hips_sagging", -12.0, -30.0, "Squeeze glutes and brace: hips in line."),
        FaultRule("hips_piking", 12.0, 30.0, "Lower your hips into one line, head to heels."),
    ),
    "plank": (
        FaultRule("hips_sagging", -12.0, -30.0, "Tuck the pelvis and brace: don't let hips sag."),
        FaultRule("hips_piking", 12.0, 30.0, "Lower your hips: one straight line, head to heels."),
    ),
    "bicep_curl": (
        FaultRule("leaning_back", 10.0, 25.0, "Stand tall: curl with the arms, not a lean back."),
        FaultRule("elbow_drift", 25.0, 45.0, "Pin your elbows to your sides."),
    ),
}


# Faults the rule measures but the synthetic generator cannot draw. They are kept out of RULES,
# which the generator reads for the faults a lift may have (``pipelines.form.generate``), so that
# its labels and the shipped model's training data stay what they were. See :func:`rules_for`.
EXTRA_RULES: Final[dict[str, tuple[FaultRule, ...]]] = {
    # The front knee past the front toes, in shin lengths (see knee_over_toe_ratio).
    "lunge": (
        FaultRule("knee_over_toe", 0.05, 0.3, "Step longer: keep the front knee over the ankle."),
    ),
}


def rules_for(exercise: str, coordinates: Coordinates = "world") -> tuple[FaultRule, ...]:
    """Every fault rule the geometric analysis applies to ``exercise``: for ``"image"``
    landmarks, the ones calibrated on real image landmarks (:data:`IMAGE_RULES`) replace the
    written ones of the same fault."""
    rules = RULES[exercise] + EXTRA_RULES.get(exercise, ())
    if coordinates == "image":
        own = {r.fault: r for r in IMAGE_RULES.get(exercise, ())}
        rules = tuple(own.get(r.fault, r) for r in rules)
    return rules


# Stage of a frame from the working joint's angle (degrees): ``down`` below the first value,
# ``up`` (standing, the lunge's "init") above the second, ``mid`` between. Written from the
# depth and lockout targets above (squat: midway between 95 and 170; lunge: 10 degrees past
# its depth and lockout targets), not fitted.
STAGE_BANDS: Final[dict[str, tuple[float, float]]] = {
    "squat": (132.5, 132.5),
    "lunge": (110.0, 155.0),
}


def _reported_at(exercise: str, fault: str, value: float) -> FaultRule:
    """The written rule of ``fault`` moved so that it is reported (severity
    :data:`REPORT_LEVEL`) from ``value``, its span from fine to severe and its cue kept."""
    rule = next(r for r in RULES[exercise] + EXTRA_RULES.get(exercise, ()) if r.fault == fault)
    span = rule.severe - rule.fine
    fine = value - REPORT_LEVEL * span
    return FaultRule(rule.fault, fine, fine + span, rule.cue)


REPORT_LEVEL: Final = 0.15  # a fault is reported from this mean severity


# Calibrated on real image landmarks: pose-exercise-correction's labelled frames,
# DEV clips of the blind split only (research.validation.blind_pose), each cut the best DEV
# balanced accuracy of the rule's own per-frame measure (research.validation.pose_check,
# ``calibrate``; ``python -m research.validation.pose_check`` checks these still match).
# DEV balanced accuracy, written cuts -> calibrated: squat stage 0.855 -> 0.987, lunge stage
# 0.842 -> 0.971, lunge knee over toe 0.512 -> 0.952, plank 0.790 -> 0.994, curl lean back
# 0.908 -> 0.915; TEST figures in docs/models/form.md ("Real data"). Image plane, side view
# (the squat set is filmed from the front: its stage cut is where the knee leaves straight).
IMAGE_STAGE_BANDS: Final[dict[str, tuple[float, float]]] = {
    "squat": (166.0, 166.0),
    "lunge": (95.0, 168.0),
}


IMAGE_RULES: Final[dict[str, tuple[FaultRule, ...]]] = {
    # Knee within 0.06 shin lengths of the toes (correct lunges: about 0.19 behind them).
    "lunge": (_reported_at("lunge", "knee_over_toe", -0.06),),
    # Correct planks read up to about 47 degrees "above the line" in image coordinates (the
    # frame's aspect ratio and camera height), hips-high ones about 100.
    "plank": (
        _reported_at("plank", "hips_sagging", -11.5),
        _reported_at("plank", "hips_piking", 70.0),
    ),
    # Not calibrated on push-ups (the real set has none): the plank's body line, same measure.
    "push_up": (
        _reported_at("push_up", "hips_sagging", -11.5),
        _reported_at("push_up", "hips_piking", 70.0),
    ),
    "bicep_curl": (_reported_at("bicep_curl", "leaning_back", 6.0),),
}


# The one list of the (exercise, fault) judgments checked against real labelled landmarks: the
# rule's image-plane measure of each was scored on TEST clips of pose-exercise-correction that
# its cut was not fitted on (docs/models/form.md, "Real data" and "Limits"). Lunge knee over toe
# 0.924, plank hips high / low 0.979 (3 classes), curl leaning back 0.879 (3 TEST clips: CI
# 0.53-1.00) balanced accuracy; the squat's lockout (170 degrees, kept) fires on 2.6 % of the
# real standing frames labelled "up" in the image plane (its false alarms, the push-up's failure:
# the real set has no squats labelled short of lockout). Not here, and so estimates: every
# push-up fault (no real push-ups: its lockout fired on 17 of 20 correct real ones, its hip line
# borrows the plank's cuts), the squat's and lunge's depth, valgus, lean and rounded back, the
# lunge's lockout, the curl's elbow drift, and every deadlift, bench press and overhead press
# fault. The stage tasks (squat, lunge) count reps and judge no fault. Only image landmarks: the
# cuts were calibrated there; world landmarks keep the written, uncalibrated thresholds.
REAL_DATA_VALIDATED: Final[frozenset[tuple[str, str]]] = frozenset(
    {
        ("squat", "incomplete_lockout"),
        ("lunge", "knee_over_toe"),
        ("plank", "hips_sagging"),
        ("plank", "hips_piking"),
        ("bicep_curl", "leaning_back"),
    }
)


def validated_on_real_data(exercise: str, fault: str, coordinates: Coordinates) -> bool:
    """Whether ``exercise``'s ``fault`` was checked against real labelled landmarks measured
    in ``coordinates`` (:data:`REAL_DATA_VALIDATED`: image landmarks only)."""
    return coordinates == "image" and (exercise, fault) in REAL_DATA_VALIDATED


# The lifts whose judgments real data refuted: on real push-ups (a set kept apart)
# correct and wrong ones were not told apart (AUC 0.49 on landmarks, 0.29 end to end, wrong
# ones scoring higher) and the lockout fault fired on 17 of 20 correct ones. Their cues are
# hints and never make a breakdown. A lift that is merely unchecked (its cues estimates) keeps
# the breakdown: holding the load after a poor set costs a session's progress, while adding
# load to a set whose form may have failed is the riskier mistake (conservative defaults).
REFUTED_ON_REAL_DATA: Final[frozenset[str]] = frozenset({"push_up"})


# The push-up's written per-rep rules above were refuted; on image landmarks a push-up set is
# judged instead by the verdict calibrated on real push-ups (``analysis.pushup``), because on
# held-out real clips it beat the majority class and the logistic baseline
# (``research.validation.pushup_check.drives_product``; docs/models/form.md, "Real push-ups"). Were
# that to fail, image push-ups would go back to the refuted rules' hints (no breakdown).
PUSH_UP_VERDICT_ON_REAL_DATA: Final = True


# Weights of the form score (points lost at severity 1) and the injury-risk score (points at
# severity 1, before the exercise's load factor). Shared by the generator's labels and the rule.
FORM_WEIGHTS: Final = {
    "knee_valgus": 32.0,
    "shallow_depth": 28.0,
    "forward_lean": 28.0,
    "rounded_back": 36.0,
    "incomplete_lockout": 24.0,
    "hips_sagging": 32.0,
    "hips_piking": 20.0,
    "knee_over_toe": 20.0,
    "leaning_back": 28.0,
    "elbow_drift": 16.0,
    "knees_bent": 20.0,
}


RISK_WEIGHTS: Final = {
    "knee_valgus": 38.0,
    "shallow_depth": 6.0,
    "forward_lean": 24.0,
    "rounded_back": 48.0,
    "incomplete_lockout": 10.0,
    "hips_sagging": 30.0,
    "hips_piking": 6.0,
    "knee_over_toe": 14.0,
    "leaning_back": 30.0,
    "elbow_drift": 4.0,
    "knees_bent": 6.0,
}


RISK_BASE: Final = 5.0


LOAD_FACTOR: Final = {
    "squat": 1.1,
    "deadlift": 1.25,
    "bench_press": 0.9,
    "overhead_press": 0.9,
    "lunge": 0.8,
    "push_up": 0.6,
    "plank": 0.5,
    "bicep_curl": 0.5,
}


# A form score below this is a breakdown (no load increase), except for a lift whose judgments
# real data refuted (:func:`breaks_down`).
BREAKDOWN_SCORE: Final = 60.0


def form_score(severities: dict[str, float]) -> float:
    """The form score (0-100) from fault severities (0-1)."""
    lost = sum(FORM_WEIGHTS[f] * float(np.clip(s, 0.0, 1.0)) for f, s in severities.items())
    return float(np.clip(100.0 - lost, 0.0, 100.0))


def risk_score(exercise: str, severities: dict[str, float]) -> float:
    """The injury-risk score (0-100) from fault severities and the lift's loading."""
    raw = sum(RISK_WEIGHTS[f] * float(np.clip(s, 0.0, 1.0)) for f, s in severities.items())
    return float(np.clip(RISK_BASE + LOAD_FACTOR[exercise] * raw, 0.0, 100.0))
