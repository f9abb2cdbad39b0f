"""The form model's input, in NumPy only: a set of landmarks as a fixed-size array.

Gaps are filled and the set smoothed (:func:`fitcoach.analysis.pose.prepare`), the skeleton
centred, scaled and turned to face the same way (:func:`fitcoach.analysis.pose.normalise`),
then resampled to :data:`FRAMES` frames over the whole set. A fourth channel per landmark says
how much of the set it was seen in (1 = every frame).
"""

from __future__ import annotations

from typing import Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose

FRAMES: Final = 64
CHANNELS: Final = 4
SCHEMA: Final = {
    "version": "form-1",
    "landmarks": list(pose.LANDMARKS),
    "frames": FRAMES,
    "channels": ["x", "y", "z", "seen"],
    "angles": list(pose.ANGLE_NAMES),
    "exercises": list(pose.EXERCISES),
}


def features(landmarks: NDArray[np.floating]) -> NDArray[np.float32]:
    """``(FRAMES, 33, CHANNELS)`` float32 for one set of raw ``(frames, 33, 3)`` landmarks."""
    raw = pose.as_landmarks(landmarks)
    seen = np.isfinite(raw).all(axis=2).mean(axis=0)
    norm = pose.normalise(pose.prepare(raw))
    norm = np.nan_to_num(norm, nan=0.0, posinf=0.0, neginf=0.0)
    n = norm.shape[0]
    src = np.linspace(0.0, n - 1, FRAMES)
    lo = np.floor(src).astype(int)
    hi = np.minimum(lo + 1, n - 1)
    w = (src - lo)[:, None, None]
    resampled = norm[lo] * (1 - w) + norm[hi] * w
    out = np.empty((FRAMES, pose.N_LANDMARKS, CHANNELS), dtype=np.float32)
    out[:, :, :3] = np.clip(resampled, -5.0, 5.0)
    out[:, :, 3] = seen[None, :]
    return out


def adjacency() -> NDArray[np.float32]:
    """The skeleton's normalised adjacency with self loops, D^-1/2 (A + I) D^-1/2."""
    a = np.eye(pose.N_LANDMARKS, dtype=np.float64)
    for i, j in pose.EDGES:
        a[i, j] = a[j, i] = 1.0
    d = 1.0 / np.sqrt(a.sum(axis=1))
    return np.asarray(a * d[:, None] * d[None, :], dtype=np.float32)
