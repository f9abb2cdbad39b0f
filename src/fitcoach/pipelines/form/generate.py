"""Synthetic sets of five lifts in MediaPipe's 33-landmark layout, from a kinematic skeleton.

A body is a set of bone lengths (fractions of the height after Winter's anthropometric table,
each scaled by the body's own proportion factors). A lift is a path between a top and a bottom
pose; the legs and arms are placed by two-bone inverse kinematics (feet planted, hands on the
bar), the trunk and head by angles. Form faults change the path: knee valgus turns the knees'
bend direction inwards, shallow depth stops the working joint early, forward lean tilts the
trunk further, rounded back flexes the upper back and neck, incomplete lockout stops short at
the top. Each rep has its own tempo and a little fatigue (faults grow over the set). A camera
then turns the scene (yaw, pitch), adds noise and drops landmarks (single points, occluded limbs
for a stretch of frames, whole frames).

The labels come from the generator's parameters, not from the landmarks: the fault severities
(0-1), the form and injury-risk scores computed from them by the formula in
:mod:`fitcoach.analysis.pose`, and the six joint angles at the bottom of each rep of the
noise-free skeleton. Everything is deterministic by seed.

Two populations: ``train`` bodies are 1.60-1.88 m with proportions within ±5 %; ``heldout``
bodies are shorter or taller (1.48-1.60 or 1.88-2.02 m) with proportions 7-12 % off the mean
(long or short thighs, arms), so the held-out test set differs in seed *and* in body.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose

FloatArray = NDArray[np.float64]
Population = Literal["train", "heldout"]
LEVELS = ("excellent", "good", "fair", "poor")

# Bone lengths as fractions of height (Winter, Biomechanics and Motor Control of Human Movement).
THIGH, SHIN, UPPER_ARM, FOREARM = 0.245, 0.246, 0.186, 0.146
TRUNK, NECK, HIP_WIDTH, SHOULDER_WIDTH = 0.288, 0.10, 0.105, 0.22
ANKLE_HEIGHT = 0.039

APPLICABLE: dict[str, tuple[str, ...]] = {
    ex: tuple(rule.fault for rule in rules) for ex, rules in pose.RULES.items()
}


@dataclass(frozen=True)
class Body:
    height_m: float
    thigh: float
    shin: float
    upper_arm: float
    forearm: float
    trunk: float
    neck: float
    hip_width: float
    shoulder_width: float

    @classmethod
    def sample(cls, rng: np.random.Generator, population: Population) -> Body:
        if population == "train":
            height = float(rng.uniform(1.60, 1.88))

            def factor() -> float:
                return float(rng.uniform(0.95, 1.05))

        else:
            height = float(rng.choice([rng.uniform(1.48, 1.60), rng.uniform(1.88, 2.02)]))

            def factor() -> float:
                return float(rng.choice([-1.0, 1.0]) * rng.uniform(0.07, 0.12) + 1.0)

        h = height
        return cls(
            height_m=h,
            thigh=THIGH * h * factor(),
            shin=SHIN * h * factor(),
            upper_arm=UPPER_ARM * h * factor(),
            forearm=FOREARM * h * factor(),
            trunk=TRUNK * h * factor(),
            neck=NECK * h,
            hip_width=HIP_WIDTH * h * factor(),
            shoulder_width=SHOULDER_WIDTH * h * factor(),
        )


def _unit(v: FloatArray) -> FloatArray:
    return np.asarray(v / np.linalg.norm(v))


def _ik(
    root: FloatArray, target: FloatArray, l1: float, l2: float, bend: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Two-bone inverse kinematics: the middle joint and the (reachable) end, bending towards
    ``bend``."""
    axis = target - root
    d = float(np.linalg.norm(axis))
    d = float(np.clip(d, abs(l1 - l2) + 1e-6, l1 + l2 - 1e-6))
    axis_u = _unit(axis)
    end = root + axis_u * d
    along = (l1 * l1 - l2 * l2 + d * d) / (2 * d)
    up = float(np.sqrt(max(l1 * l1 - along * along, 0.0)))
    perp = bend - axis_u * float(bend @ axis_u)
    perp_u = _unit(perp) if np.linalg.norm(perp) > 1e-9 else np.array([0.0, 0.0, 1.0])
    return root + axis_u * along + perp_u * up, end


def _reach(l1: float, l2: float, angle_deg: float) -> float:
    """Distance spanned by two bones meeting at ``angle_deg``."""
    return float(np.sqrt(l1 * l1 + l2 * l2 - 2 * l1 * l2 * np.cos(np.radians(angle_deg))))


def _rot(u: FloatArray, f: FloatArray, deg: float) -> tuple[FloatArray, FloatArray]:
    """Turn the pair (up, forward) by ``deg`` towards forward (a flexion about the lateral axis)."""
    a = np.radians(deg)
    return np.cos(a) * u + np.sin(a) * f, np.cos(a) * f - np.sin(a) * u


@dataclass
class Style:
    """One set's execution: the athlete's own habits and the faults' severities."""

    severities: dict[str, float]
    depth_jitter: float
    lean_jitter: float
    stance: float
    neck_base: float
    grip: float


def _lerp(a: float, b: float, p: float) -> float:
    return a + (b - a) * p


def skeleton(
    exercise: str, body: Body, p: float, sev: dict[str, float], style: Style
) -> FloatArray:
    """The 33 landmarks (body frame: x the athlete's left, y up, z forward) at phase ``p``
    (0 top, 1 bottom) with the rep's fault severities ``sev``."""
    b = body
    s = {f: sev.get(f, 0.0) for f in pose.FAULTS}
    ax_x = np.array([1.0, 0.0, 0.0])
    ax_y = np.array([0.0, 1.0, 0.0])
    ax_z = np.array([0.0, 0.0, 1.0])
    pts: dict[str, FloatArray] = {}
    ankle_y = ANKLE_HEIGHT * b.height_m
    foot_fwd = {1: _unit(np.array([0.3, 0.0, 1.0])), -1: _unit(np.array([-0.3, 0.0, 1.0]))}
    lean = 0.0
    arms = "hang"
    if exercise in ("squat", "deadlift"):
        if exercise == "squat":
            knee_top = 178.0 - 30.0 * s["incomplete_lockout"]
            knee_bottom = 80.0 + style.depth_jitter + 50.0 * s["shallow_depth"]
            lean = _lerp(
                3.0 + 5.0 * s["incomplete_lockout"],
                33.0 + style.lean_jitter + 38.0 * s["forward_lean"],
                p,
            )
            hip_back = _lerp(4.0, 30.0, p)
            arms = "bar_on_back"
        else:
            knee_top = 178.0 - 18.0 * s["incomplete_lockout"]
            knee_bottom = 118.0 + style.depth_jitter
            lean = _lerp(2.0 + 30.0 * s["incomplete_lockout"], 58.0 + style.lean_jitter, p)
            hip_back = _lerp(3.0, 28.0, p)
        knee = _lerp(knee_top, knee_bottom, p)
        d = _reach(b.thigh, b.shin, knee)
        hips_y = []
        for side in (1, -1):
            ankle = np.array([side * style.stance * b.hip_width / 2, ankle_y, 0.0])
            dx = side * (b.hip_width - style.stance * b.hip_width) / 2
            sag = float(np.sqrt(max(d * d - dx * dx, 1e-6)))
            hip = ankle + np.array(
                [dx, sag * np.cos(np.radians(hip_back)), -sag * np.sin(np.radians(hip_back))]
            )
            hips_y.append(hip)
            pts[f"ankle{side}"] = ankle
        hip_mid = (hips_y[0] + hips_y[1]) / 2
        for side in (1, -1):
            hip = hip_mid + ax_x * side * b.hip_width / 2
            bend = np.array([side * (0.3 - 1.6 * s["knee_valgus"] * p), 0.0, 1.0])
            pts[f"hip{side}"] = hip
            pts[f"knee{side}"], pts[f"ankle{side}"] = _ik(
                hip, pts[f"ankle{side}"], b.thigh, b.shin, bend
            )
        up, fwd = _rot(ax_y, ax_z, lean)
    elif exercise == "lunge":
        knee_bottom = 88.0 + style.depth_jitter + 45.0 * s["shallow_depth"]
        knee_top = 172.0 - 30.0 * s["incomplete_lockout"]
        knee = _lerp(knee_top, knee_bottom, p)
        front = np.array([b.hip_width / 2, ankle_y, 0.16 * b.height_m])
        d = _reach(b.thigh, b.shin, knee)
        lateral = 0.0
        ahead = 0.12 * b.height_m
        height = float(np.sqrt(max(d * d - ahead * ahead - lateral * lateral, 1e-6)))
        hip_mid = np.array([0.0, front[1] + height, front[2] - ahead])
        lean = _lerp(4.0, 8.0 + style.lean_jitter / 2 + 38.0 * s["forward_lean"], p)
        for side in (1, -1):
            hip = hip_mid + ax_x * side * b.hip_width / 2
            pts[f"hip{side}"] = hip
            if side == 1:
                bend = np.array([side * (0.15 - 1.6 * s["knee_valgus"] * p), 0.0, 1.0])
                pts["knee1"], pts["ankle1"] = _ik(hip, front, b.thigh, b.shin, bend)
            else:
                back = np.array([-b.hip_width / 2, 0.09 * b.height_m, -0.26 * b.height_m])
                pts["knee-1"], pts["ankle-1"] = _ik(
                    hip, back, b.thigh, b.shin, np.array([0.0, -0.5, 1.0])
                )
        foot_fwd[-1] = _unit(np.array([0.0, -0.8, 1.0]))
        up, fwd = _rot(ax_y, ax_z, lean)
    elif exercise == "overhead_press":
        for side in (1, -1):
            ankle = np.array([side * b.hip_width / 2, ankle_y, 0.0])
            hip = ankle + np.array([0.0, _reach(b.thigh, b.shin, 177.0), -0.02])
            pts[f"hip{side}"] = hip
            pts[f"knee{side}"], pts[f"ankle{side}"] = _ik(hip, ankle, b.thigh, b.shin, ax_z)
        hip_mid = (pts["hip1"] + pts["hip-1"]) / 2
        lean = -(
            3.0 + abs(style.lean_jitter) / 4 + 24.0 * s["forward_lean"] * (0.5 + 0.5 * (1 - p))
        )
        up, fwd = _rot(ax_y, ax_z, lean)
        arms = "press"
    else:  # bench press: supine on a bench, head towards +z, feet on the floor
        bench = 0.26 * b.height_m
        hip_mid = np.array([0.0, bench, 0.0])
        up, fwd = _rot(ax_y, ax_z, 85.0)  # trunk along +z, chest facing up
        for side in (1, -1):
            hip = hip_mid + ax_x * side * b.hip_width / 2
            knee_pt = hip + b.thigh * _unit(
                np.array([side * 0.06 * b.height_m, 0.04 * b.height_m, -b.thigh * 0.97])
            )
            ankle_pt = knee_pt + _unit(np.array([0.0, -(knee_pt[1] - ankle_y), -0.08])) * b.shin
            pts[f"hip{side}"], pts[f"knee{side}"], pts[f"ankle{side}"] = hip, knee_pt, ankle_pt
            foot_fwd[side] = _unit(np.array([side * 0.3, 0.0, -1.0]))
        arms = "bench"
    # Trunk, with the upper back flexing when rounded.
    rounding = 60.0 * s["rounded_back"] * (0.4 + 0.6 * p)
    up_t, fwd_t = _rot(up, fwd, rounding * 0.35)
    sh_mid = hip_mid + up_t * b.trunk
    for side in (1, -1):
        pts[f"shoulder{side}"] = sh_mid + ax_x * side * b.shoulder_width / 2
    up_h, fwd_h = _rot(up_t, fwd_t, style.neck_base + rounding)
    if exercise == "bench_press":
        up_h, fwd_h = up_t, fwd_t
    head = sh_mid + up_h * b.neck
    # Arms.
    arm = b.upper_arm + b.forearm
    for side in (1, -1):
        sh = pts[f"shoulder{side}"]
        if arms == "hang":
            wrist_t = sh - ax_y * arm * 0.98 + fwd_t * 0.02 + ax_x * side * 0.02
            bend = -fwd_t
        elif arms == "bar_on_back":
            wrist_t = (
                sh
                + ax_x * side * style.grip * 0.12 * b.height_m
                + up_t * 0.03
                - fwd_t * 0.06 * b.height_m
            )
            bend = -up_t - fwd_t * 0.5 + ax_x * side * 0.5
        elif arms == "press":
            top = 177.0 - 32.0 * s["incomplete_lockout"]
            bottom = 55.0 + style.depth_jitter / 2 + 55.0 * s["shallow_depth"]
            dist = _reach(b.upper_arm, b.forearm, _lerp(top, bottom, p))
            direction = _unit(np.array([side * 0.12 * style.grip, 1.0, _lerp(0.05, 0.9, p)]))
            wrist_t = sh + direction * dist
            bend = ax_x * side + fwd_t * 0.6 - ax_y * 0.3
        else:
            top = 177.0 - 32.0 * s["incomplete_lockout"]
            bottom = 72.0 + style.depth_jitter / 2 + 55.0 * s["shallow_depth"]
            dist = _reach(b.upper_arm, b.forearm, _lerp(top, bottom, p))
            wrist_t = sh + _unit(np.array([side * 0.25 * style.grip, 1.0, -0.1])) * dist
            bend = ax_x * side - ax_y * 0.4
        pts[f"elbow{side}"], pts[f"wrist{side}"] = _ik(sh, wrist_t, b.upper_arm, b.forearm, bend)
    return _assemble(pts, head, up_h, fwd_h, foot_fwd, b.height_m)


def _assemble(
    pts: dict[str, FloatArray],
    head: FloatArray,
    up_h: FloatArray,
    fwd_h: FloatArray,
    foot_fwd: dict[int, FloatArray],
    height: float,
) -> FloatArray:
    k = height / 1.75
    ax_x = np.array([1.0, 0.0, 0.0])
    out = np.zeros((pose.N_LANDMARKS, 3))

    def put(name: str, value: FloatArray) -> None:
        out[pose.IDX[name]] = value

    put("nose", head + k * (0.095 * fwd_h - 0.01 * up_h))
    for side, name in ((1, "left"), (-1, "right")):
        for j, part in enumerate(("eye_inner", "eye", "eye_outer")):
            put(
                f"{name}_{part}",
                head + k * (0.08 * fwd_h + 0.025 * up_h + side * (0.015 + 0.015 * j) * ax_x),
            )
        put(f"{name}_ear", head + k * (side * 0.075 * ax_x - 0.005 * fwd_h))
        put(f"mouth_{name}", head + k * (0.085 * fwd_h - 0.04 * up_h + side * 0.025 * ax_x))
        put(f"{name}_shoulder", pts[f"shoulder{side}"])
        put(f"{name}_elbow", pts[f"elbow{side}"])
        put(f"{name}_wrist", pts[f"wrist{side}"])
        put(f"{name}_hip", pts[f"hip{side}"])
        put(f"{name}_knee", pts[f"knee{side}"])
        put(f"{name}_ankle", pts[f"ankle{side}"])
        hand = _unit(pts[f"wrist{side}"] - pts[f"elbow{side}"])
        put(f"{name}_index", pts[f"wrist{side}"] + k * (0.085 * hand + side * 0.01 * ax_x))
        put(f"{name}_pinky", pts[f"wrist{side}"] + k * (0.075 * hand + side * 0.035 * ax_x))
        put(f"{name}_thumb", pts[f"wrist{side}"] + k * (0.05 * hand - side * 0.02 * ax_x))
        foot = foot_fwd[side]
        down = np.array([0.0, -1.0, 0.0])
        ankle = pts[f"ankle{side}"]
        put(f"{name}_heel", ankle + k * (-0.055 * foot + 0.045 * down))
        put(f"{name}_foot_index", ankle + k * (0.16 * foot + 0.06 * down))
    return out


def _phase_track(
    rng: np.random.Generator, reps: int, fps: float, fast: bool
) -> tuple[FloatArray, FloatArray, list[int]]:
    """Phase (0 top, 1 bottom) per frame, the rep index per frame, and each rep's bottom frame."""
    phases: list[float] = []
    rep_of: list[float] = []
    bottoms: list[int] = []
    scale = 0.7 if fast else 1.0

    def hold(seconds: float, value: float, rep: int) -> None:
        n = max(round(seconds * fps), 1)
        phases.extend([value] * n)
        rep_of.extend([rep] * n)

    def move(seconds: float, start: float, end: float, rep: int) -> None:
        n = max(round(seconds * fps), 2)
        s = np.linspace(0.0, 1.0, n, endpoint=False)
        eased = (1 - np.cos(np.pi * s)) / 2
        phases.extend((start + (end - start) * eased).tolist())
        rep_of.extend([rep] * n)

    hold(rng.uniform(0.5, 1.0), 0.0, 0)
    for r in range(reps):
        move(rng.uniform(1.0, 2.0) * scale, 0.0, 1.0, r)
        bottoms.append(len(phases))
        hold(rng.uniform(0.05, 0.3), 1.0, r)
        move(rng.uniform(0.7, 1.5) * scale, 1.0, 0.0, r)
        hold(rng.uniform(0.3, 0.8), 0.0, r)
    return np.array(phases), np.array(rep_of, dtype=np.float64), bottoms


KNOTS = 25
LEVEL_FAULTS = {"excellent": (0, 0), "good": (1, 1), "fair": (1, 2), "poor": (2, 3)}
LEVEL_SEVERITY = {
    "excellent": (0.0, 0.1),
    "good": (0.2, 0.45),
    "fair": (0.45, 0.75),
    "poor": (0.7, 1.0),
}


@dataclass
class Sequence:
    """One generated (or hand-written) set with its labels."""

    landmarks: FloatArray  # (frames, 33, 3), y down, NaN where dropped
    exercise: str
    level: str
    severities: dict[str, float]
    form_score: float
    risk_score: float
    angles_deg: FloatArray  # (6,) bottom angles of the noise-free skeleton
    reps: int
    fps: float
    meta: dict[str, Any] = field(default_factory=dict)


def generate_sequence(
    seed: int,
    *,
    exercise: str | None = None,
    level: str | None = None,
    population: Population = "train",
) -> Sequence:
    """One set, fully determined by ``seed`` (and the optional overrides)."""
    rng = np.random.default_rng(seed)
    exercise = exercise or str(rng.choice(pose.EXERCISES))
    level = level or str(rng.choice(LEVELS))
    body = Body.sample(rng, population)
    faults = APPLICABLE[exercise]
    lo, hi = LEVEL_FAULTS[level]
    n_faults = min(int(rng.integers(lo, hi + 1)), len(faults))
    chosen = set(rng.choice(faults, size=n_faults, replace=False).tolist()) if n_faults else set()
    smin, smax = LEVEL_SEVERITY[level]
    base = {
        f: float(rng.uniform(smin, smax)) if f in chosen else float(rng.uniform(0.0, 0.08))
        for f in faults
    }
    style = Style(
        severities=base,
        depth_jitter=float(rng.normal(0.0, 4.0)),
        lean_jitter=float(rng.normal(0.0, 4.0)),
        stance=float(rng.uniform(1.2, 1.8)),
        neck_base=float(rng.uniform(5.0, 20.0)),
        grip=float(rng.uniform(0.8, 1.3)),
    )
    reps = int(rng.integers(3, 7))
    fps = float(rng.choice([24.0, 25.0, 30.0]))
    phases, rep_of, bottoms = _phase_track(
        rng, reps, fps, fast=level == "poor" and rng.random() < 0.5
    )
    # Fatigue: faults grow over the set, from 85 % to 115 % of the set's severity.
    growth = 0.85 + 0.3 * (np.arange(reps) / max(reps - 1, 1))
    per_rep = [{f: float(np.clip(v * g, 0.0, 1.0)) for f, v in base.items()} for g in growth]
    # The skeleton at KNOTS phases per rep, interpolated to every frame (the joints move
    # smoothly, so this is within a millimetre or two of solving every frame, and 5x faster).
    knots = np.linspace(0.0, 1.0, KNOTS)
    clean = np.empty((phases.size, pose.N_LANDMARKS, 3))
    for r in range(reps):
        table = np.stack([skeleton(exercise, body, float(k), per_rep[r], style) for k in knots])
        rows = rep_of == r
        pos = phases[rows] * (KNOTS - 1)
        lo = np.minimum(np.floor(pos).astype(int), KNOTS - 2)
        w = (pos - lo)[:, None, None]
        clean[rows] = table[lo] * (1 - w) + table[lo + 1] * w
    severities = {f: float(np.mean([r[f] for r in per_rep])) for f in faults}
    angles = pose.joint_angles(_to_camera(clean, 0.0, 0.0))[bottoms].mean(axis=0)
    observed = _camera(rng, clean, exercise)
    return Sequence(
        landmarks=observed,
        exercise=exercise,
        level=level,
        severities=severities,
        form_score=pose.form_score(severities),
        risk_score=pose.risk_score(exercise, severities),
        angles_deg=angles,
        reps=reps,
        fps=fps,
        meta={"seed": seed, "population": population, "height_m": body.height_m},
    )


def _to_camera(points: FloatArray, yaw_deg: float, pitch_deg: float) -> FloatArray:
    """Body frame (y up) to camera frame (y down), turned by yaw then pitch."""
    y, x = np.radians(yaw_deg), np.radians(pitch_deg)
    ry = np.array([[np.cos(y), 0, np.sin(y)], [0, 1, 0], [-np.sin(y), 0, np.cos(y)]])
    rx = np.array([[1, 0, 0], [0, np.cos(x), -np.sin(x)], [0, np.sin(x), np.cos(x)]])
    out = points @ (rx @ ry).T
    out[..., 1] *= -1.0
    return np.asarray(out)


_LIMBS = (
    (11, 13, 15, 17, 19, 21),
    (12, 14, 16, 18, 20, 22),
    (23, 25, 27, 29, 31),
    (24, 26, 28, 30, 32),
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
)


def _camera(rng: np.random.Generator, clean: FloatArray, exercise: str) -> FloatArray:
    yaw = float(rng.uniform(-60.0, 60.0) if exercise == "bench_press" else rng.uniform(-40.0, 40.0))
    seen = _to_camera(clean, yaw, float(rng.uniform(-8.0, 8.0)))
    n = seen.shape[0]
    sigma = float(rng.uniform(0.004, 0.02))
    seen = seen + rng.normal(0.0, sigma, seen.shape)
    seen = seen - np.nanmean(seen[0, [23, 24]], axis=0)
    drop = rng.random((n, pose.N_LANDMARKS)) < float(rng.uniform(0.0, 0.05))
    for _ in range(int(rng.integers(0, 3))):
        limb = _LIMBS[int(rng.integers(len(_LIMBS)))]
        start = int(rng.integers(0, n))
        drop[start : start + int(rng.integers(5, 25)), list(limb)] = True
    drop[rng.random(n) < 0.01] = True
    seen[drop] = np.nan
    return np.asarray(seen, dtype=np.float64)


def _one(args: tuple[int, str, str, Population]) -> Sequence:
    seed, exercise, level, population = args
    return generate_sequence(seed, exercise=exercise, level=level, population=population)


def generate(
    n: int, seed: int, population: Population = "train", workers: int = 1
) -> list[Sequence]:
    """``n`` sets, balanced over lifts and form levels, deterministic by ``seed`` (the same
    sets with any number of ``workers`` processes)."""
    seeds = np.random.default_rng(seed).integers(0, 2**31 - 1, size=n)
    combos = [(ex, lv) for ex in pose.EXERCISES for lv in LEVELS]
    jobs = [
        (int(s), combos[i % len(combos)][0], combos[i % len(combos)][1], population)
        for i, s in enumerate(seeds)
    ]
    if workers <= 1 or n < 2 * workers:
        return [_one(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers) as pool:
        return list(pool.map(_one, jobs, chunksize=8))
