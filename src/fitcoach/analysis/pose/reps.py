"""Reps from the working joint's angle: the stage of each frame (down, mid, up), reps counted
from the angle's valleys or from runs of stages.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis.pose.geometry import image_plane, joint_angles
from fitcoach.analysis.pose.landmarks import Coordinates, FloatArray
from fitcoach.analysis.pose.rules import IMAGE_STAGE_BANDS, STAGE_BANDS


def stage(
    angle_deg: FloatArray, exercise: str, coordinates: Coordinates = "world"
) -> NDArray[np.str_]:
    """Each frame's stage from the working joint's angle: "down", "mid" or "up" (see
    :data:`STAGE_BANDS` and, for image landmarks, :data:`IMAGE_STAGE_BANDS`; NaN is "mid")."""
    bands = IMAGE_STAGE_BANDS if coordinates == "image" else STAGE_BANDS
    down, up = bands[exercise]
    a = np.asarray(angle_deg, dtype=np.float64)
    out = np.full(a.shape, "mid", dtype="<U4")
    with np.errstate(invalid="ignore"):
        out[a < down] = "down"
        out[a > up] = "up"
    return out


@dataclass(frozen=True)
class Rep:
    """One repetition: frame indices of its start (top), bottom and end (top again)."""

    start: int
    bottom: int
    end: int


MIN_RANGE_DEG: Final = 20.0  # a joint moving less than this over a set does no reps


PLANK_MAX_ELBOW_RANGE_DEG: Final = 40.0  # lying, hands on the floor, elbows moving less: a plank


def count_reps(
    signal: FloatArray, *, low: float = 0.35, high: float = 0.65, min_range: float = MIN_RANGE_DEG
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
    # A set filmed from the bottom: its first ascent is half a rep and is not counted, the
    # reps after it are (such a clip of 10 reps used to read 0).
    counting = state == "top"
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
                if counting:
                    reps.append(Rep(start=start, bottom=bottom, end=i))
                counting = True
                state = "top"
                start = i
    return _between_peaks([r.bottom for r in reps], values)


def _between_peaks(bottoms: list[int], values: FloatArray) -> list[Rep]:
    """Reps at ``bottoms`` (frame indices, in order) of a gap-free signal, each running from
    the peak before its descent to the peak after its ascent."""
    out: list[Rep] = []
    for k, bottom in enumerate(bottoms):
        before = bottoms[k - 1] if k else 0
        after = bottoms[k + 1] if k + 1 < len(bottoms) else values.size - 1
        start = before + int(np.argmax(values[before : bottom + 1]))
        end = bottom + int(np.argmax(values[bottom : after + 1]))
        out.append(Rep(start=start, bottom=bottom, end=end))
    return out


# A stage must hold this many frames in a row to change the phase (``count_stage_reps``): one
# or two frames judged wrongly (a blurred frame, a landmark jumping) do not make or split a rep.
# ``form_check`` sets it from the video's frame rate (a tenth of a second, at least 2 frames).
STAGE_MIN_FRAMES: Final = 3


def stage_phases(
    stages: Sequence[str | None], min_frames: int = STAGE_MIN_FRAMES
) -> list[tuple[str, int, int]]:
    """The debounced phases of per-frame stages as ``(stage, first, last)`` frames: a frame
    without a stage (None) keeps the phase it is in; the phase changes only where a new stage
    holds ``min_frames`` frames in a row, from the first of them. Empty when no frame has one."""
    known = [s for s in stages if s is not None]
    if not known:
        return []
    state = known[0]
    phases: list[tuple[str, int, int]] = []
    first = 0
    run_start, run = 0, 0
    for i, s in enumerate(stages):
        if s is None or s == state:
            if s == state:
                run = 0
            continue
        if run == 0:
            run_start = i
        run += 1
        if run >= min_frames:
            phases.append((state, first, run_start - 1))
            state, first, run = s, run_start, 0
    phases.append((state, first, len(stages) - 1))
    return [p for p in phases if p[2] >= p[1]]


def count_stage_reps(
    stages: Sequence[str | None],
    signal: FloatArray,
    *,
    down: str = "down",
    min_frames: int = STAGE_MIN_FRAMES,
) -> list[Rep]:
    """Repetitions from each frame's stage ("up"/``down``, None unjudged): a rep is a ``down``
    phase between two other phases (:func:`stage_phases`, debounced), so a set that starts at
    the bottom or ends there does not count that half rep, as :func:`count_reps` does not. Its
    bottom is the frame of the lowest ``signal`` (the working joint's angle) in the phase, and
    it runs from the signal's peak before to its peak after; without a signal, from the last
    frame before the phase to the first after it."""
    phases = stage_phases(stages, min_frames)
    downs = [
        (first, last)
        for k, (stage, first, last) in enumerate(phases)
        if stage == down and 0 < k < len(phases) - 1
    ]
    if not downs:
        return []
    values = np.asarray(signal, dtype=np.float64)
    if values.shape != (len(stages),):
        raise ValueError(f"{len(stages)} stages for a signal of shape {values.shape}")
    ok = np.isfinite(values)
    if ok.sum() < 3:
        return [
            Rep(start=first - 1, bottom=(first + last) // 2, end=last + 1) for first, last in downs
        ]
    frames = np.arange(values.size)
    values = np.interp(frames, frames[ok], values[ok])
    return _between_peaks(
        [first + int(np.argmin(values[first : last + 1])) for first, last in downs], values
    )


def rule_stages(lift: str, image_landmarks: FloatArray) -> list[str | None]:
    """The calibrated rule's stage per frame for a lift in :data:`IMAGE_STAGE_BANDS`: "down"
    below the image-plane knee cut (the mean of the knees seen), else "up"; None where no knee
    is seen. The frame model's fallback (``ml.form.real_frames``) and the form check's without
    the ml extra (``services.form_check``)."""
    knees = joint_angles(image_plane(np.asarray(image_landmarks, np.float64)))[:, :2]
    ok = np.isfinite(knees)
    count = ok.sum(axis=1)
    knee = np.where(count > 0, np.where(ok, knees, 0.0).sum(axis=1) / np.maximum(count, 1), np.nan)
    cut = IMAGE_STAGE_BANDS[lift][0]
    return [None if not np.isfinite(k) else ("down" if k < cut else "up") for k in knee]
