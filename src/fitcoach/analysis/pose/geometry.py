"""Geometry of pose landmarks, frame by frame: the array checked and its gaps filled and
smoothed, joint angles, the trunk's and neck's angles, and the image-plane measures of the
bodyweight exercises (hip line, knee over toe, leaning back, elbow drift).
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis.pose.landmarks import _ANGLE_TRIPLES, _PAIR, IDX, N_LANDMARKS, FloatArray


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


def image_plane(landmarks: FloatArray) -> FloatArray:
    """The landmarks with depth set to 0: every angle and lean is then measured in the image
    plane (x, y), which is right for a side view and leaves out MediaPipe's noisy z."""
    out = np.array(landmarks, dtype=np.float64)
    out[..., 2] = np.where(np.isfinite(out[..., 0]), 0.0, np.nan)
    return out


def _either(landmarks: FloatArray, part: str) -> FloatArray:
    """``(frames, 3)``: the mean of the left and right ``part``, or the one seen (a side view
    often hides the far side)."""
    pair = landmarks[:, [IDX[f"left_{part}"], IDX[f"right_{part}"]]]
    with np.errstate(invalid="ignore"):
        ok = np.isfinite(pair).all(axis=2, keepdims=True)
        count = ok.sum(axis=1)
        total = np.where(ok, pair, 0.0).sum(axis=1)
        return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan))


def hip_line_deviation(landmarks: FloatArray) -> FloatArray:
    """The hips' angle off the straight shoulder-ankle line per frame, degrees, **positive when
    the hips are above the line** (piking) and negative below it (sagging). The knees stand in
    for the ankles where no ankle is seen (a plank on the knees). Image plane; side view."""
    flat = image_plane(landmarks)[:, :, :2]
    shoulder = _either(flat, "shoulder")
    hip = _either(flat, "hip")
    end = _either(flat, "ankle")
    end = np.where(np.isfinite(end), end, _either(flat, "knee"))
    with np.errstate(invalid="ignore", divide="ignore"):
        bend = 180.0 - _angle(shoulder, hip, end)
        d = end - shoulder
        r = hip - shoulder
        cross = d[:, 0] * r[:, 1] - d[:, 1] * r[:, 0]
        # y points down: with the feet to the right (d_x > 0) a hip above the line has cross < 0.
        above = -np.sign(cross) * np.sign(d[:, 0])
    return np.asarray(np.where(above < 0, -bend, bend), dtype=np.float64)


def knee_over_toe_ratio(landmarks: FloatArray, *, world: bool = False) -> FloatArray:
    """How far the front knee is past the front toes per frame, in shin lengths: positive past
    the toes. The front leg is the one whose knee stands higher above its ankle (the back knee
    drops towards the floor; both knees bend to about 90 degrees, so the angle cannot tell);
    the toes point from the heel (else the ankle) to the foot index.

    ``world=False`` (image landmarks, as the real labelled data): the offset along image x,
    which assumes a **side view**. ``world=True`` (world landmarks in metres, what the product
    feeds): the offset along the foot's own direction in the horizontal plane (x, z), whatever
    the camera's angle; image z is too noisy for that."""
    lm = np.asarray(landmarks, dtype=np.float64) if world else image_plane(landmarks)
    rise = [
        lm[:, IDX[f"{s}_ankle"], 1] - lm[:, IDX[f"{s}_knee"], 1] for s in ("left", "right")
    ]  # y points down: the knee's height above the ankle
    left_front = ~(rise[1] > rise[0])  # NaN on the right: the left is the one seen
    left_front &= np.isfinite(rise[0]) | ~np.isfinite(rise[1])

    def side(part: str) -> FloatArray:
        left = lm[:, IDX[f"left_{part}"]]
        right = lm[:, IDX[f"right_{part}"]]
        return np.asarray(np.where(left_front[:, None], left, right))

    knee, ankle, toe, heel = side("knee"), side("ankle"), side("foot_index"), side("heel")
    back = np.where(np.isfinite(heel), heel, ankle)
    axes = [0, 2] if world else [0]  # the horizontal directions measured
    with np.errstate(invalid="ignore", divide="ignore"):
        foot = (toe - back)[:, axes]
        foot = foot / np.linalg.norm(foot, axis=1, keepdims=True)
        shin = np.linalg.norm((knee - ankle)[:, : 3 if world else 2], axis=1)
        past = np.sum((knee - toe)[:, axes] * foot, axis=1)
        return np.asarray(past / shin, dtype=np.float64)


def trunk_lean_back(landmarks: FloatArray) -> FloatArray:
    """The trunk's signed angle from vertical per frame, degrees, **positive when the shoulders
    are behind the hips** (leaning back). The way the athlete faces is the side of the shoulders
    the nose is on over the whole set. Image plane; side view."""
    flat = image_plane(landmarks)[:, :, :2]
    shoulder = _either(flat, "shoulder")
    trunk = shoulder - _either(flat, "hip")
    facing = np.sign(nanmedian(flat[:, IDX["nose"], 0] - shoulder[:, 0]))
    with np.errstate(invalid="ignore"):
        tilt = np.degrees(np.arctan2(trunk[:, 0], -trunk[:, 1]))  # + : shoulders to the right
    if facing == 0 or not np.isfinite(facing):
        facing = 1.0
    return np.asarray(-facing * tilt, dtype=np.float64)


def elbow_drift(landmarks: FloatArray) -> FloatArray:
    """The upper arm's angle off the trunk per frame (hip-shoulder-elbow), degrees: 0 with the
    elbow at the side. The mean of the arms seen. Image plane; side view."""
    flat = image_plane(landmarks)
    sides = [
        _angle(flat[:, IDX[f"{s}_hip"]], flat[:, IDX[f"{s}_shoulder"]], flat[:, IDX[f"{s}_elbow"]])
        for s in ("left", "right")
    ]
    with np.errstate(invalid="ignore"):
        stacked = np.stack(sides, axis=1)
        count = np.isfinite(stacked).sum(axis=1)
        total = np.where(np.isfinite(stacked), stacked, 0.0).sum(axis=1)
        return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan))


def _pair_mean(angles: FloatArray, joint: str) -> FloatArray:
    a, b = _PAIR[joint]
    pair = angles[:, [a, b]]
    ok = np.isfinite(pair)
    count = ok.sum(axis=1)
    total = np.where(ok, pair, 0.0).sum(axis=1)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan))


def nanmedian(values: FloatArray) -> float:
    """The median of the finite values (NaN if none)."""
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


def _nanpercentile(values: FloatArray, q: float) -> float:
    ok = values[np.isfinite(values)]
    return float(np.percentile(ok, q)) if ok.size else float("nan")


def normalise(landmarks: FloatArray) -> FloatArray:
    """Landmarks centred on the hips, scaled by the trunk's length and turned about the
    vertical so that the hips lie along x: the same set seen from another distance or angle
    gives (nearly) the same array. Expects gaps filled."""
    hips = _mid(landmarks, "left_hip", "right_hip")
    trunk = _mid(landmarks, "left_shoulder", "right_shoulder") - hips
    scale = nanmedian(np.linalg.norm(trunk, axis=1))
    if not np.isfinite(scale) or scale <= 0:
        scale = 1.0
    across = landmarks[:, IDX["left_hip"]] - landmarks[:, IDX["right_hip"]]
    yaw = float(np.arctan2(np.nanmedian(across[:, 2]), np.nanmedian(across[:, 0])))
    c, s = np.cos(yaw), np.sin(yaw)
    rot = np.array([[c, 0.0, s], [0.0, 1.0, 0.0], [-s, 0.0, c]])
    centred = (landmarks - np.nanmedian(hips, axis=0)) / scale
    return np.asarray(centred @ rot.T)
