"""From a pose track to an ``Analysis``: the lift's key joints required in view, each frame's
stage, the reps counted and the geometric (and learned) form assessment.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose
from fitcoach.ml import form
from fitcoach.sensors import pose as extractor
from fitcoach.services.form_check.lifts import display_name, lift_of
from fitcoach.services.form_check.limits import (
    FILMING,
    MIN_FRAMES,
    MIN_KEY_JOINT_SHARE,
    MIN_PERSON_SHARE,
    NO_HOLD_MESSAGE,
    NO_REPS_MESSAGE,
    POSE_NICE,
    FormCheckRefused,
    VideoLimits,
)


def assess_landmarks(
    landmarks: NDArray[np.floating], slug: str, *, model_dir: Path | None
) -> tuple[form.Assessment, str]:
    """The assessment of a set's landmarks for the exercise ``slug``, and the lift analysed."""
    lift = lift_of(slug)
    result = form.assess(landmarks, lift, model_dir=model_dir)
    return result, result.geometry.exercise


@dataclass(frozen=True)
class Analysis:
    """What the video showed, before it is put on a set (no database needed)."""

    assessment: form.Assessment
    lift: str
    frames: int
    person_found: float
    recognised: bool = False
    fps: float = 0.0
    # Per-frame stage ("up"/"down", None unseen) for the lifts whose stage the learned frame
    # model judges (a squat: it beat the calibrated rule on real TEST clips), and who judged:
    # the reps of those lifts are counted from them (``pose.count_stage_reps``).
    staging: FrameStages | None = None

    @property
    def stages(self) -> tuple[str | None, ...]:
        return () if self.staging is None else self.staging.stages

    @property
    def stages_by(self) -> str:
        return "" if self.staging is None else self.staging.by


@dataclass(frozen=True)
class FrameStages:
    """Each frame's stage ("up"/"down", None where nothing could judge it) and who judged
    them: ``source`` "model" where the learned frame model staged any frame (the rule took the
    frames it cannot read: ``rule_frames``), "rule" where the calibrated rule staged every one;
    ``model_unavailable``: the model could not run at all (why: in ``by``)."""

    stages: tuple[str | None, ...]
    source: Literal["model", "rule"]
    by: str
    model_frames: int = 0
    rule_frames: int = 0
    model_unavailable: bool = False


def key_joints(lift: str) -> tuple[str, ...]:
    """The joints whose angle counts a rep of ``lift`` and checks its lockout: the working
    joints of ``analysis.pose`` (``knee`` for a squat, ``hip`` for a deadlift, ...)."""
    work, lock = pose._WORKING[lift]
    return tuple(dict.fromkeys((work, lock)))


def _sides(joint: str) -> tuple[tuple[int, int, int], tuple[int, int, int]]:
    """The landmarks of a joint's angle on the left and on the right (a, vertex, b)."""
    left, right = pose._PAIR[joint]
    return pose._ANGLE_TRIPLES[left], pose._ANGLE_TRIPLES[right]


def _plural(names: list[str]) -> str:
    words = [f"{name}s" for name in names]
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


def require_key_joints(world: NDArray[np.floating], lift: str) -> float:
    """The share of frames in which every key joint of ``lift`` can be measured (its three
    landmarks seen on one side at least: a side view hides the far side); below
    ``MIN_KEY_JOINT_SHARE`` it is ``FormCheckRefused`` naming the landmarks out of view."""
    seen: NDArray[np.bool_] = np.asarray(
        np.isfinite(np.asarray(world, dtype=np.float64)).all(axis=2)
    )  # (frames, 33)
    measurable = np.ones(seen.shape[0], dtype=bool)
    hidden: list[str] = []
    needed: list[str] = []
    for joint in key_joints(lift):
        left, right = _sides(joint)
        measurable &= seen[:, list(left)].all(axis=1) | seen[:, list(right)].all(axis=1)
        for a, b in zip(left, right, strict=True):
            name = pose.LANDMARKS[a].removeprefix("left_")
            if name not in needed:
                needed.append(name)
            if (seen[:, a] | seen[:, b]).mean() < MIN_KEY_JOINT_SHARE and name not in hidden:
                hidden.append(name)
    share = float(measurable.mean()) if measurable.size else 0.0
    if share >= MIN_KEY_JOINT_SHARE:
        return share
    out = hidden or needed  # each seen often enough, but not together on one side
    frames = seen.shape[0]
    raise FormCheckRefused(
        f"video: the {_plural(out)} were out of view in {1 - share:.0%} of {frames} frames, and "
        f"a {display_name(lift)} is measured at the {_plural(list(key_joints(lift)))} "
        f"({', '.join(needed)}); {FILMING}, with nothing in front of the {_plural(out)}",
        details={
            "reason": "key_joints_out_of_view",
            "exercise": lift,
            "joints": out,
            "in_view": round(share, 3),
        },
    )


def assess_track(track: extractor.PoseTrack, slug: str, *, model_dir: Path | None) -> Analysis:
    """The assessment of a video's landmarks for the exercise ``slug`` (a library slug or a
    lift's name; otherwise the lift is recognised from the movement), or ``FormCheckRefused``
    when it cannot be scored: a person in too few frames, the lift's key joints out of view in
    most frames, or no repetition seen."""
    frames = int(track.world.shape[0])
    found = track.found
    share = float(found.mean()) if found.size else 0.0
    if frames < MIN_FRAMES or share < MIN_PERSON_SHARE:
        raise FormCheckRefused(
            f"video: a person was found in {share:.0%} of {frames} frames; "
            "film the whole body from the side or at 45°, in good light, for the whole set",
            details={"reason": "no_person", "person_found": round(share, 3)},
        )
    lift = lift_of(slug)
    recognised = lift is None
    if lift is None:
        lift = pose.classify_exercise(pose.image_plane(pose.prepare(track.image)))
    require_key_joints(track.world, lift)
    staging = frame_stages(lift, track.image)
    # The rule measures the image landmarks, where its thresholds were calibrated on real
    # bodies (docs/models/form.md, "Real data"); the model reads the world landmarks it was
    # trained on. A lift with stages has its reps counted from them, debounced by a tenth of
    # a second of frames.
    result = form.assess(
        track.image,
        lift,
        model_dir=model_dir,
        coordinates="image",
        model_landmarks=track.world,
        stages=None if staging is None else staging.stages,
        stage_min_frames=stage_min_frames(track.fps),
    )
    if not result.geometry.assessed:  # no rep, or no frame of a hold: nothing to score
        hold = lift in pose.HOLDS
        raise FormCheckRefused(
            NO_HOLD_MESSAGE.format(lift=display_name(lift)) if hold else NO_REPS_MESSAGE,
            details={"reason": "no_hold" if hold else "no_reps", "exercise": lift},
        )
    return Analysis(result, lift, frames, share, recognised, track.fps, staging)


# A stage must last this long to change the phase when reps are counted from stages: one or
# two frames judged wrongly do not make a rep (``pose.count_stage_reps``).
STAGE_MIN_S = 0.1


def stage_min_frames(fps: float) -> int:
    """Frames a stage must hold to change the phase at ``fps``: a tenth of a second, at least 2
    (``pose.STAGE_MIN_FRAMES`` where the frame rate is not known)."""
    if not fps > 0:
        return pose.STAGE_MIN_FRAMES
    return max(2, round(STAGE_MIN_S * fps))


def frame_stages(lift: str, image: NDArray[np.floating]) -> FrameStages | None:
    """Each frame's stage for the lifts whose stage the product takes from the learned frame
    model (``ml.form.real_frames.SWITCHED``: the squat, where it beat the calibrated rule on
    real TEST clips, docs/models/form.md), with who judged them; None for the other lifts. The
    calibrated rule stages the frames the model cannot read (no shoulders in the set to scale
    the torso by) and every frame where the model cannot run (no scikit-learn, no valid
    artefact); a frame with no knee angle has no stage (None)."""
    try:
        from fitcoach.ml.form import real_frames
    except ImportError as exc:  # the ml extra is not installed: the rule alone
        if lift != "squat":
            return None
        out = tuple(pose.rule_stages(lift, np.asarray(image, dtype=np.float64)))
        ruled = sum(1 for s in out if s is not None)
        by = f"rule ({ruled} frames); the frame model needs the ml extra ({exc})"
        return FrameStages(out, "rule", by, rule_frames=ruled, model_unavailable=True)
    found = real_frames.stages(lift, np.asarray(image, dtype=np.float64))
    if found is None:
        return None
    n_model = found.source.count("model")
    return FrameStages(
        found.stages,
        "model" if n_model else "rule",
        found.by() + (f"; {found.note}" if found.note else ""),
        model_frames=n_model,
        rule_frames=found.source.count("rule"),
        model_unavailable=bool(found.note),
    )


def analyse(
    video: Path,
    slug: str,
    *,
    pose_python: Path | None,
    model_dir: Path | None,
    limits: VideoLimits,
) -> Analysis:
    """Landmarks of ``video`` (within ``limits``) and their assessment for the exercise
    ``slug`` (``assess_track``: a video that cannot be scored is ``FormCheckRefused`` saying
    what to film differently). Touches no database: the worker runs it outside any
    transaction."""
    track = extractor.extract(
        video,
        python=pose_python,
        timeout_s=limits.timeout_s,
        max_frames=limits.max_frames,
        max_seconds=limits.max_seconds,
        max_pixels=limits.max_pixels,
        nice=POSE_NICE,
    )
    return assess_track(track, slug, model_dir=model_dir)
