"""Exercise form from pose landmarks, geometrically: joint angles, reps, faults, a rule score.

Input is MediaPipe Pose's 33-landmark layout as a float array ``(frames, 33, 3)`` of x, y, z
with **y pointing down** (MediaPipe's image and world landmarks both do); a missing landmark
(dropped or not visible) is NaN. Units cancel in every angle, so metres (MediaPipe's world
landmarks) and normalised image coordinates both work; the horizontal-plane measures (knee
valgus) need all three coordinates.

Everything here is pure NumPy: the geometric baseline the learned model (``fitcoach.ml.form``)
is compared against, and what the product falls back on where no model is installed. The fault
rules and their thresholds are written from common coaching cues, not fitted to data:

* depth: the bottom angle of the working joint (knee for squat and lunge, elbow for bench
  press and overhead press) above its target;
* incomplete lockout: the top angle of the working joint (knee, hip for the deadlift, elbow)
  short of straight;
* forward lean: the trunk's angle from vertical at the bottom beyond what the lift needs;
* knee valgus: the knees closer together than the ankles at the bottom, in the horizontal
  plane (so the camera's yaw does not matter);
* rounded back: the head and neck carried forward and down from the line of the trunk
  (33 landmarks have no spine points, so flexion of the upper back shows only there).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]

LANDMARKS: Final = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)
N_LANDMARKS: Final = 33
IDX: Final = {name: i for i, name in enumerate(LANDMARKS)}

# MediaPipe's POSE_CONNECTIONS: the skeleton's bones, the graph the model convolves over.
EDGES: Final = (
    (0, 1), (1, 2), (2, 3), (3, 7), (0, 4), (4, 5), (5, 6), (6, 8), (9, 10),
    (11, 12), (11, 13), (13, 15), (15, 17), (15, 19), (15, 21), (17, 19),
    (12, 14), (14, 16), (16, 18), (16, 20), (16, 22), (18, 20),
    (11, 23), (12, 24), (23, 24), (23, 25), (24, 26), (25, 27), (26, 28),
    (27, 29), (28, 30), (29, 31), (30, 32), (27, 31), (28, 32),
)  # fmt: skip

EXERCISES: Final = ("squat", "deadlift", "bench_press", "overhead_press", "lunge")
FAULTS: Final = (
    "knee_valgus",
    "shallow_depth",
    "forward_lean",
    "rounded_back",
    "incomplete_lockout",
)
ANGLE_NAMES: Final = (
    "left_knee",
    "right_knee",
    "left_hip",
    "right_hip",
    "left_elbow",
    "right_elbow",
)
# (a, vertex, b): the angle at the vertex between the bones to a and b, degrees (180 = straight).
_ANGLE_TRIPLES: Final = (
    (IDX["left_hip"], IDX["left_knee"], IDX["left_ankle"]),
    (IDX["right_hip"], IDX["right_knee"], IDX["right_ankle"]),
    (IDX["left_shoulder"], IDX["left_hip"], IDX["left_knee"]),
    (IDX["right_shoulder"], IDX["right_hip"], IDX["right_knee"]),
    (IDX["left_shoulder"], IDX["left_elbow"], IDX["left_wrist"]),
    (IDX["right_shoulder"], IDX["right_elbow"], IDX["right_wrist"]),
)

# Which angle pair drives a rep (its bottom is the small angle) and which one must lock out.
_WORKING: Final = {
    "squat": ("knee", "knee"),
    "lunge": ("knee", "knee"),
    "deadlift": ("hip", "hip"),
    "bench_press": ("elbow", "elbow"),
    "overhead_press": ("elbow", "elbow"),
}
_PAIR: Final = {"knee": (0, 1), "hip": (2, 3), "elbow": (4, 5)}


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
}

# Weights of the form score (points lost at severity 1) and the injury-risk score (points at
# severity 1, before the exercise's load factor). Shared by the generator's labels and the rule.
FORM_WEIGHTS: Final = {
    "knee_valgus": 32.0,
    "shallow_depth": 28.0,
    "forward_lean": 28.0,
    "rounded_back": 36.0,
    "incomplete_lockout": 24.0,
}
RISK_WEIGHTS: Final = {
    "knee_valgus": 38.0,
    "shallow_depth": 6.0,
    "forward_lean": 24.0,
    "rounded_back": 48.0,
    "incomplete_lockout": 10.0,
}
RISK_BASE: Final = 5.0
LOAD_FACTOR: Final = {
    "squat": 1.1,
    "deadlift": 1.25,
    "bench_press": 0.9,
    "overhead_press": 0.9,
    "lunge": 0.8,
}
BREAKDOWN_SCORE: Final = 60.0  # a form score below this is a breakdown (no load increase)


def form_score(severities: dict[str, float]) -> float:
    """The form score (0-100) from fault severities (0-1)."""
    lost = sum(FORM_WEIGHTS[f] * float(np.clip(s, 0.0, 1.0)) for f, s in severities.items())
    return float(np.clip(100.0 - lost, 0.0, 100.0))


def risk_score(exercise: str, severities: dict[str, float]) -> float:
    """The injury-risk score (0-100) from fault severities and the lift's loading."""
    raw = sum(RISK_WEIGHTS[f] * float(np.clip(s, 0.0, 1.0)) for f, s in severities.items())
    return float(np.clip(RISK_BASE + LOAD_FACTOR[exercise] * raw, 0.0, 100.0))


def as_landmarks(values: NDArray[np.floating] | list[list[list[float]]]) -> FloatArray:
    """Validate and copy to a float64 ``(frames, 33, 3)`` array (extra columns dropped)."""
    arr = np.asarray(values, dtype=np.float64)
    if arr.ndim != 3 or arr.shape[1] != N_LANDMARKS or arr.shape[2] < 3:
        raise ValueError(f"landmarks must have shape (frames, 33, 3); got {arr.shape}")
    if arr.shape[0] < 1:
        raise ValueError("landmarks need at least one frame")
    return np.array(arr[:, :, :3])


def fill_gaps(landmarks: FloatArray) -> FloatArray:
    """Missing values linearly interpolated over time per landmark coordinate (ends held).

    A landmark missing in every frame stays NaN.
    """
    out = as_landmarks(landmarks)
    frames = np.arange(out.shape[0])
    flat = out.reshape(out.shape[0], -1)
    for col in range(flat.shape[1]):
        series = flat[:, col]
        ok = np.isfinite(series)
        if ok.all() or not ok.any():
            continue
        flat[:, col] = np.interp(frames, frames[ok], series[ok])
    return flat.reshape(out.shape)


def smooth(landmarks: FloatArray, window: int = 5) -> FloatArray:
    """A centred moving average over ``window`` frames (edges use the frames available)."""
    if window <= 1 or landmarks.shape[0] < 2:
        return np.array(landmarks)
    kernel = np.ones(window)
    pad = window // 2
    padded = np.pad(landmarks, ((pad, window - 1 - pad), (0, 0), (0, 0)), mode="edge")
    csum = np.cumsum(np.insert(padded, 0, 0.0, axis=0), axis=0)
    return np.asarray((csum[window:] - csum[:-window]) / kernel.size)


def _angle(a: FloatArray, b: FloatArray, c: FloatArray) -> FloatArray:
    u = a - b
    v = c - b
    cos = np.sum(u * v, axis=-1) / (np.linalg.norm(u, axis=-1) * np.linalg.norm(v, axis=-1))
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def joint_angles(landmarks: FloatArray) -> FloatArray:
    """``(frames, 6)`` angles in degrees, in :data:`ANGLE_NAMES` order (NaN where missing)."""
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.stack(
            [
                _angle(landmarks[:, a], landmarks[:, b], landmarks[:, c])
                for a, b, c in _ANGLE_TRIPLES
            ],
            axis=1,
        )


def _mid(landmarks: FloatArray, left: str, right: str) -> FloatArray:
    return np.asarray((landmarks[:, IDX[left]] + landmarks[:, IDX[right]]) / 2.0)


def trunk_lean(landmarks: FloatArray) -> FloatArray:
    """The trunk's angle from vertical per frame, degrees (0 upright, 90 lying)."""
    trunk = _mid(landmarks, "left_shoulder", "right_shoulder") - _mid(
        landmarks, "left_hip", "right_hip"
    )
    up = np.array([0.0, -1.0, 0.0])  # y points down
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = trunk @ up / np.linalg.norm(trunk, axis=-1)
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def neck_flexion(landmarks: FloatArray) -> FloatArray:
    """How far the head is carried off the trunk's line, degrees (the rounded-back sign)."""
    shoulders = _mid(landmarks, "left_shoulder", "right_shoulder")
    trunk = shoulders - _mid(landmarks, "left_hip", "right_hip")
    neck = _mid(landmarks, "left_ear", "right_ear") - shoulders
    with np.errstate(invalid="ignore", divide="ignore"):
        cos = np.sum(trunk * neck, axis=-1) / (
            np.linalg.norm(trunk, axis=-1) * np.linalg.norm(neck, axis=-1)
        )
    return np.asarray(np.degrees(np.arccos(np.clip(cos, -1.0, 1.0))), dtype=np.float64)


def knee_ankle_ratio(landmarks: FloatArray) -> FloatArray:
    """Knee separation over ankle separation across the body (along the hips' direction in the
    horizontal plane, so a split stance or the camera's yaw does not count): below 1 the knees
    cave in (valgus)."""
    knees = landmarks[:, IDX["left_knee"]] - landmarks[:, IDX["right_knee"]]
    ankles = landmarks[:, IDX["left_ankle"]] - landmarks[:, IDX["right_ankle"]]
    across = landmarks[:, IDX["left_hip"]] - landmarks[:, IDX["right_hip"]]
    across = across * np.array([1.0, 0.0, 1.0])  # the hips' direction in the horizontal plane
    with np.errstate(invalid="ignore", divide="ignore"):
        across = across / np.linalg.norm(across, axis=1, keepdims=True)
        return np.asarray(
            np.abs(np.sum(knees * across, axis=1)) / np.abs(np.sum(ankles * across, axis=1))
        )


@dataclass(frozen=True)
class Rep:
    """One repetition: frame indices of its start (top), bottom and end (top again)."""

    start: int
    bottom: int
    end: int


def count_reps(
    signal: FloatArray, *, low: float = 0.35, high: float = 0.65, min_range: float = 20.0
) -> list[Rep]:
    """Repetitions of a joint-angle signal that is high at the top and low at the bottom.

    The signal is scaled between its 5th and 95th percentiles; a rep goes from above ``high``
    down below ``low`` and back above ``high`` (hysteresis, so noise at a threshold does not
    count twice). A signal that moves less than ``min_range`` degrees has no reps.
    """
    values = np.asarray(signal, dtype=np.float64)
    ok = np.isfinite(values)
    if ok.sum() < 3:
        return []
    lo, hi = np.percentile(values[ok], [5, 95])
    if hi - lo < min_range:
        return []
    frames = np.arange(values.size)
    values = np.interp(frames, frames[ok], values[ok])
    scaled = (values - lo) / (hi - lo)
    reps: list[Rep] = []
    state = "top" if scaled[0] >= low else "bottom"
    start = 0
    bottom = 0
    for i, v in enumerate(scaled):
        if state == "top":
            if v >= high:
                start = i
            elif v < low:
                state = "bottom"
                bottom = i
        elif state == "bottom":
            if v < scaled[bottom]:
                bottom = i
            if v > high:
                if reps or scaled[0] >= low:
                    reps.append(Rep(start=start, bottom=bottom, end=i))
                state = "top"
                start = i
    # A rep runs from the peak before its descent to the peak after its ascent.
    out: list[Rep] = []
    for k, rep in enumerate(reps):
        before = reps[k - 1].bottom if k else 0
        after = reps[k + 1].bottom if k + 1 < len(reps) else values.size - 1
        start = before + int(np.argmax(values[before : rep.bottom + 1]))
        end = rep.bottom + int(np.argmax(values[rep.bottom : after + 1]))
        out.append(Rep(start=start, bottom=rep.bottom, end=end))
    return out


@dataclass(frozen=True)
class Fault:
    """A fault found in a set: how bad (0-1, the mean over reps), in how many reps, and the cue."""

    fault: str
    severity: float
    reps: int
    cue: str
    measured: float


@dataclass(frozen=True)
class FormAnalysis:
    """What geometry says about a set."""

    exercise: str
    reps: list[Rep]
    angles_deg: dict[str, float]  # the mean over reps of each angle at the bottom
    faults: list[Fault]
    severities: dict[str, float]
    form_score: float
    risk_score: float
    breakdown: bool
    features: dict[str, float] = field(default_factory=dict)


def _pair_mean(angles: FloatArray, joint: str) -> FloatArray:
    a, b = _PAIR[joint]
    with np.errstate(invalid="ignore"):
        return np.asarray(np.nanmean(angles[:, [a, b]], axis=1))


def _nanmedian(values: FloatArray) -> float:
    ok = values[np.isfinite(values)]
    return float(np.median(ok)) if ok.size else float("nan")


def _range(values: FloatArray) -> float:
    ok = values[np.isfinite(values)]
    if ok.size == 0:
        return 0.0
    lo, hi = np.percentile(ok, [5, 95])
    return float(hi - lo)


def prepare(landmarks: NDArray[np.floating] | list[list[list[float]]]) -> FloatArray:
    """Validate, fill gaps and smooth: what every measure here starts from."""
    return smooth(fill_gaps(as_landmarks(landmarks)), window=5)


def classify_exercise(landmarks: FloatArray) -> str:
    """The lift, by rules: lying with the elbows working is a bench press, upright with the
    elbows working an overhead press; with the legs working, a split stance is a lunge, the
    arms hanging (the bar in the hands) with the hips working more than the knees a deadlift,
    else a squat (the bar on the back)."""
    angles = joint_angles(landmarks)
    knee = _range(_pair_mean(angles, "knee"))
    hip = _range(_pair_mean(angles, "hip"))
    elbow = _range(_pair_mean(angles, "elbow"))
    lean = trunk_lean(landmarks)
    if elbow > max(knee, hip):
        return "bench_press" if _nanmedian(lean) > 55.0 else "overhead_press"
    left, right = landmarks[:, IDX["left_ankle"]], landmarks[:, IDX["right_ankle"]]
    hips = landmarks[:, IDX["left_hip"]] - landmarks[:, IDX["right_hip"]]
    # The ankles' separation along the direction the athlete faces (perpendicular to the hips).
    facing = np.stack([-hips[:, 2], np.zeros(len(hips)), hips[:, 0]], axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        facing = facing / np.linalg.norm(facing, axis=1, keepdims=True)
        stagger = np.abs(np.sum((left - right) * facing, axis=1))
        width = np.linalg.norm(hips, axis=1)
        knee_gap = np.abs(angles[:, 0] - angles[:, 1])
    if _nanmedian(stagger / width) > 1.2 or _nanmedian(knee_gap) > 25.0:
        return "lunge"
    shoulders = _mid(landmarks, "left_shoulder", "right_shoulder")
    trunk = np.linalg.norm(shoulders - _mid(landmarks, "left_hip", "right_hip"), axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        reach = np.linalg.norm(_mid(landmarks, "left_wrist", "right_wrist") - shoulders, axis=1)
    if _nanmedian(reach / trunk) > 0.8 and hip > knee:  # arms hang with the bar: a deadlift
        return "deadlift"
    return "squat"


def _severity(rule: FaultRule, value: float) -> float:
    if not np.isfinite(value):
        return 0.0
    return float(np.clip((value - rule.fine) / (rule.severe - rule.fine), 0.0, 1.0))


def _measure(rule: FaultRule, exercise: str, rep: Rep, series: dict[str, FloatArray]) -> float:
    bottom = slice(max(rep.bottom - 2, rep.start), min(rep.bottom + 3, rep.end + 1))
    window = slice(rep.start, rep.end + 1)
    work = series["work"]
    if rule.fault == "shallow_depth":
        return float(np.nanmin(work[window]))
    if rule.fault == "incomplete_lockout":
        lock = series["lock"]
        return float(min(lock[rep.start], lock[rep.end]))
    if rule.fault == "forward_lean":
        lean = series["lean"]
        if exercise == "overhead_press":
            return float(np.nanmax(lean[window]))
        return float(np.nanmedian(lean[bottom]))
    if rule.fault == "knee_valgus":
        return float(np.nanmedian(series["valgus"][bottom]))
    if rule.fault == "rounded_back":
        return float(np.nanmax(series["neck"][window]))
    raise ValueError(rule.fault)


def analyse(
    landmarks: NDArray[np.floating] | list[list[list[float]]], exercise: str | None = None
) -> FormAnalysis:
    """Reps, bottom angles, faults with cues and rule scores for one set.

    ``exercise`` (one of :data:`EXERCISES`) is classified from the movement when not given.
    """
    lm = prepare(landmarks)
    if exercise is None:
        exercise = classify_exercise(lm)
    if exercise not in RULES:
        raise ValueError(f"unknown exercise {exercise!r}; choose from {', '.join(EXERCISES)}")
    angles = joint_angles(lm)
    work_joint, lock_joint = _WORKING[exercise]
    work = _pair_mean(angles, work_joint)
    if exercise == "lunge":  # the front knee bends most: the smaller knee angle works
        with np.errstate(invalid="ignore"):
            work = np.asarray(np.nanmin(angles[:, [0, 1]], axis=1))
    series = {
        "work": work,
        "lock": work
        if lock_joint == work_joint and exercise != "lunge"
        else _pair_mean(angles, lock_joint),
        "lean": trunk_lean(lm),
        "valgus": knee_ankle_ratio(lm),
        "neck": neck_flexion(lm),
    }
    if exercise == "lunge":
        series["lock"] = work
    reps = count_reps(work)
    per_fault: dict[str, list[float]] = {r.fault: [] for r in RULES[exercise]}
    measured: dict[str, list[float]] = {r.fault: [] for r in RULES[exercise]}
    for rep in reps:
        for rule in RULES[exercise]:
            value = _measure(rule, exercise, rep, series)
            measured[rule.fault].append(value)
            per_fault[rule.fault].append(_severity(rule, value))
    severities = {f: float(np.mean(v)) if v else 0.0 for f, v in per_fault.items()}
    faults = [
        Fault(
            fault=rule.fault,
            severity=severities[rule.fault],
            reps=sum(1 for s in per_fault[rule.fault] if s >= 0.25),
            cue=rule.cue,
            measured=float(np.mean(measured[rule.fault])),
        )
        for rule in RULES[exercise]
        if severities[rule.fault] >= 0.15
    ]
    faults.sort(key=lambda f: -f.severity)
    if reps:
        bottoms = np.array([r.bottom for r in reps])
        bottom_angles = np.nanmean(angles[bottoms], axis=0)
    else:
        bottom_angles = (
            np.nanmin(angles, axis=0) if np.isfinite(angles).any() else np.full(6, np.nan)
        )
    score = form_score(severities)
    return FormAnalysis(
        exercise=exercise,
        reps=reps,
        angles_deg={n: float(v) for n, v in zip(ANGLE_NAMES, bottom_angles, strict=True)},
        faults=faults,
        severities=severities,
        form_score=score,
        risk_score=risk_score(exercise, severities),
        breakdown=score < BREAKDOWN_SCORE,
        features={
            f"{fault}_measured": float(np.mean(values)) if values else float("nan")
            for fault, values in measured.items()
        },
    )


def normalise(landmarks: FloatArray) -> FloatArray:
    """Landmarks centred on the hips, scaled by the trunk's length and turned about the
    vertical so that the hips lie along x: the same set seen from another distance or angle
    gives (nearly) the same array. Expects gaps filled."""
    hips = _mid(landmarks, "left_hip", "right_hip")
    trunk = _mid(landmarks, "left_shoulder", "right_shoulder") - hips
    scale = _nanmedian(np.linalg.norm(trunk, axis=1))
    if not np.isfinite(scale) or scale <= 0:
        scale = 1.0
    across = landmarks[:, IDX["left_hip"]] - landmarks[:, IDX["right_hip"]]
    yaw = float(np.arctan2(np.nanmedian(across[:, 2]), np.nanmedian(across[:, 0])))
    c, s = np.cos(yaw), np.sin(yaw)
    rot = np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    centred = (landmarks - np.nanmedian(hips, axis=0)) / scale
    return np.asarray(centred @ rot.T)
