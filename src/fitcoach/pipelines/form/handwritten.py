"""A small hand-written test set: sets built from keyframes typed in by hand, not generated.

Each set is a list of keyframes (top, bottom, top, ...) of a 1.75 m athlete's key joints in
metres (x the athlete's left, y up, z forward; the right side mirrors the left unless given),
linearly interpolated at 30 frames a second (no easing, unlike the generator); the face, hands
and feet hang off the head, wrists and ankles at fixed offsets. The labels are judgements made
while writing the keyframes (fault severities, 0-1), turned into scores by the same formula as
the generated labels; the angles are measured on the keyframed skeleton at the bottoms.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from fitcoach.analysis import pose
from fitcoach.pipelines.form.generate import Sequence, _to_camera

FPS = 30.0
P = tuple[float, float, float]

# Standing squat top shared by squats and deadlifts.
_STAND: dict[str, P] = {
    "hip": (0.09, 0.93, 0.0),
    "knee": (0.10, 0.50, 0.02),
    "ankle": (0.12, 0.07, 0.0),
    "shoulder": (0.19, 1.43, 0.0),
    "ear": (0.075, 1.60, 0.02),
}
_BAR_BACK = {"elbow_rel": (0.06, -0.20, -0.12), "wrist_rel": (0.04, 0.02, -0.08)}
_HANG = {"elbow_rel": (0.0, -0.30, 0.02), "wrist_rel": (0.0, -0.57, 0.03)}

HANDWRITTEN: list[dict[str, Any]] = [
    {
        "name": "squat, good depth and posture",
        "exercise": "squat",
        "severities": {},
        "reps": 3,
        "top": {**_STAND, **_BAR_BACK},
        "bottom": {
            "hip": (0.09, 0.50, -0.22),
            "knee": (0.16, 0.44, 0.20),
            "ankle": (0.12, 0.07, 0.0),
            "shoulder": (0.19, 0.91, 0.07),
            "ear": (0.075, 1.05, 0.17),
            **_BAR_BACK,
        },
    },
    {
        "name": "squat, shallow with knees caving in",
        "exercise": "squat",
        "severities": {"shallow_depth": 0.9, "knee_valgus": 0.8},
        "reps": 4,
        "top": {**_STAND, **_BAR_BACK},
        "bottom": {
            "hip": (0.09, 0.75, -0.19),
            "knee": (0.05, 0.47, 0.14),
            "ankle": (0.12, 0.07, 0.0),
            "shoulder": (0.19, 1.18, 0.06),
            "ear": (0.075, 1.34, 0.12),
            **_BAR_BACK,
        },
    },
    {
        "name": "deadlift, rounded back",
        "exercise": "deadlift",
        "severities": {"rounded_back": 0.9},
        "reps": 3,
        "top": {**_STAND, **_HANG},
        "bottom": {
            "hip": (0.09, 0.70, -0.20),
            "knee": (0.10, 0.48, 0.10),
            "ankle": (0.12, 0.07, 0.0),
            "shoulder": (0.19, 1.02, 0.16),
            "ear": (0.075, 0.95, 0.32),
            **_HANG,
        },
    },
    {
        "name": "bench press, full range",
        "exercise": "bench_press",
        "severities": {},
        "reps": 5,
        "top": {
            "hip": (0.09, 0.45, 0.0),
            "knee": (0.15, 0.55, -0.40),
            "ankle": (0.20, 0.07, -0.50),
            "shoulder": (0.19, 0.50, 0.50),
            "ear": (0.075, 0.52, 0.68),
            "elbow_rel": (0.06, 0.30, 0.0),
            "wrist_rel": (0.10, 0.58, 0.0),
        },
        "bottom": {
            "hip": (0.09, 0.45, 0.0),
            "knee": (0.15, 0.55, -0.40),
            "ankle": (0.20, 0.07, -0.50),
            "shoulder": (0.19, 0.50, 0.50),
            "ear": (0.075, 0.52, 0.68),
            "elbow_rel": (0.26, -0.12, -0.06),
            "wrist_rel": (0.24, 0.14, -0.03),
        },
    },
    {
        "name": "overhead press, elbows never locked, leaning back",
        "exercise": "overhead_press",
        "severities": {"incomplete_lockout": 0.8, "forward_lean": 0.6},
        "reps": 4,
        "top": {
            "hip": (0.09, 0.93, 0.0),
            "knee": (0.10, 0.50, 0.01),
            "ankle": (0.10, 0.07, 0.0),
            "shoulder": (0.19, 1.41, -0.14),
            "ear": (0.075, 1.58, -0.14),
            "elbow_rel": (0.10, 0.27, 0.10),
            "wrist_rel": (0.12, 0.48, -0.03),
        },
        "bottom": {
            "hip": (0.09, 0.93, 0.0),
            "knee": (0.10, 0.50, 0.01),
            "ankle": (0.10, 0.07, 0.0),
            "shoulder": (0.19, 1.41, -0.14),
            "ear": (0.075, 1.58, -0.12),
            "elbow_rel": (0.05, -0.22, 0.20),
            "wrist_rel": (0.06, 0.05, 0.17),
        },
    },
    {
        "name": "lunge (split squat), left leg forward, good",
        "exercise": "lunge",
        "severities": {},
        "reps": 3,
        "top": {
            "hip": (0.09, 0.90, -0.12),
            "knee": (0.10, 0.50, 0.10),
            "ankle": (0.10, 0.07, 0.20),
            "right_knee": (-0.10, 0.49, -0.28),
            "right_ankle": (-0.10, 0.12, -0.45),
            "shoulder": (0.19, 1.40, -0.10),
            "ear": (0.075, 1.57, -0.08),
            **_HANG,
        },
        "bottom": {
            "hip": (0.09, 0.55, -0.12),
            "knee": (0.10, 0.46, 0.30),
            "ankle": (0.10, 0.07, 0.20),
            "right_knee": (-0.10, 0.14, -0.20),
            "right_ankle": (-0.10, 0.12, -0.62),
            "shoulder": (0.19, 1.05, -0.07),
            "ear": (0.075, 1.22, -0.04),
            **_HANG,
        },
    },
]


def _frame(key: dict[str, Any]) -> np.ndarray:
    out = np.zeros((pose.N_LANDMARKS, 3))
    for side, name in ((1.0, "left"), (-1.0, "right")):

        def at(joint: str, side: float = side, name: str = name) -> np.ndarray:
            own = key.get(f"{name}_{joint}")
            x, y, z = own if own is not None else key[joint]
            return np.array([x * side if own is None else x, y, z])

        shoulder = at("shoulder")
        ex, ey, ez = key["elbow_rel"]
        wx, wy, wz = key["wrist_rel"]
        elbow = shoulder + np.array([ex * side, ey, ez])
        wrist = shoulder + np.array([wx * side, wy, wz])
        ankle = at("ankle")
        for joint, value in (
            ("shoulder", shoulder),
            ("elbow", elbow),
            ("wrist", wrist),
            ("hip", at("hip")),
            ("knee", at("knee")),
            ("ankle", ankle),
        ):
            out[pose.IDX[f"{name}_{joint}"]] = value
        out[pose.IDX[f"{name}_index"]] = wrist + np.array([0.0, 0.0, 0.08])
        out[pose.IDX[f"{name}_pinky"]] = wrist + np.array([0.03 * side, 0.0, 0.07])
        out[pose.IDX[f"{name}_thumb"]] = wrist + np.array([-0.02 * side, 0.0, 0.05])
        out[pose.IDX[f"{name}_heel"]] = ankle + np.array([0.0, -0.05, -0.05])
        out[pose.IDX[f"{name}_foot_index"]] = ankle + np.array([0.03 * side, -0.06, 0.16])
        ear = at("ear")
        out[pose.IDX[f"{name}_ear"]] = ear
        out[pose.IDX[f"mouth_{name}"]] = ear + np.array([-0.05 * side, -0.05, 0.08])
        for j, part in enumerate(("eye_inner", "eye", "eye_outer")):
            out[pose.IDX[f"{name}_{part}"]] = ear + np.array(
                [(-0.06 + 0.015 * j) * side, 0.02, 0.08]
            )
    ears = (out[pose.IDX["left_ear"]] + out[pose.IDX["right_ear"]]) / 2
    out[pose.IDX["nose"]] = ears + np.array([0.0, -0.01, 0.10])
    return out


def build(spec: dict[str, Any]) -> Sequence:
    """One hand-written set as a :class:`Sequence` (camera straight ahead, no noise)."""
    top, bottom = _frame(spec["top"]), _frame(spec["bottom"])
    down = int(1.2 * FPS)
    up = int(0.9 * FPS)
    hold = int(0.5 * FPS)
    frames = [top] * hold
    bottoms: list[int] = []
    for _ in range(spec["reps"]):
        frames += [top + (bottom - top) * i / down for i in range(down)]
        bottoms.append(len(frames))
        frames += [bottom] * 4
        frames += [bottom + (top - bottom) * i / up for i in range(up)]
        frames += [top] * hold
    clean = _to_camera(np.stack(frames), 20.0, 0.0)
    faults = pose.RULES[spec["exercise"]]
    severities = {r.fault: float(spec["severities"].get(r.fault, 0.0)) for r in faults}
    return Sequence(
        landmarks=clean,
        exercise=spec["exercise"],
        level="handwritten",
        severities=severities,
        form_score=pose.form_score(severities),
        risk_score=pose.risk_score(spec["exercise"], severities),
        angles_deg=pose.joint_angles(clean)[bottoms].mean(axis=0),
        reps=spec["reps"],
        fps=FPS,
        meta={"name": spec["name"]},
    )


def handwritten() -> list[Sequence]:
    return [build(spec) for spec in HANDWRITTEN]
