"""The form check of a filmed set: a video of one set in, reps, faults with cues and a form score
out, stored with the set.

MediaPipe Pose (its own environment, ``fitcoach.sensors.pose``) turns the video into landmarks;
``fitcoach.ml.form.assess`` measures them geometrically (reps, bottom angles, faults) and, where
torch and a trained model are installed, adds the GNN-LSTM's form score. A squat's reps are
counted from each frame's up/down stage, judged by the learned frame model (the calibrated rule
where it cannot run or read a frame), and the result says who judged them (``stage_source``),
how the reps were counted (``counting``, in words) and when each bottomed out. The result goes
on the set (``set_logs.form_check``); a breakdown (form score below 60, ``pose.breaks_down``;
for a push-up the learned verdict of ``ml.form.pushup_model`` where scikit-learn is installed,
else the verdict calibrated on real push-ups, ``analysis.pushup``) keeps that
session's sets from counting toward a load increase (``coach.progression``). Each fault says
whether it was checked against real labelled landmarks, and ``confidence_note`` says in words
which cues are estimates.

A video that cannot be scored is refused (``FormCheckRefused``), never scored: a person in too
few frames, the lift's key joints (those whose angle counts its reps) out of view in most frames,
or no repetition seen. A score of such a video would say nothing about the set (a clip without
an exercise in it once scored 0 reps and form 100/100). A rep count that differs from the logged
set's is not refused but flagged (``FormFlag``), with both numbers.

Three ways in. ``check_video`` analyses a video file alone (``fitcoach form check``).
``check_set_form`` analyses a video file of a stored set and stores the result in the caller's
unit of work (tests). The API checks a set in the background: ``start_check``
validates the request (the set is the athlete's, consent, the pose environment, the upload's
container and size), saves the upload to a private file named here (never after the client's
file name) and records a running job (``form_check_jobs``); ``run_check`` (in a worker thread of
``services.form_jobs``, holding no transaction while it analyses) stores the result in a short
unit of work of its own; ``check_state`` answers the poll from any process. The video's limits
(``VideoLimits``: size, duration, frames, frame size, wall time) come from the settings.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, BinaryIO, Literal

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.analysis import pose
from fitcoach.core.clock import Clock
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, FitcoachError, InvalidInput, NotFound
from fitcoach.core.logging import get_logger
from fitcoach.core.settings import Settings
from fitcoach.ml import form
from fitcoach.sensors import pose as extractor
from fitcoach.services.context import ServiceContext

# Re-exported: the schemas live apart so that the training log need not import this module.
from fitcoach.services.form_results import FormCheck as FormCheck
from fitcoach.services.form_results import FormFault as FormFault
from fitcoach.services.form_results import FormFlag as FormFlag
from fitcoach.services.form_results import FormRep as FormRep
from fitcoach.services.form_results import FormResult as FormResult
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import FormCheckJob, FormJobStatus
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import form_checks as job_repo
from fitcoach.storage.repositories import training_log as repo

log = get_logger(__name__)

MIN_FRAMES = 15  # half a second at 30 fps: less is not a set
MIN_PERSON_SHARE = 0.6  # a person in fewer frames than this: refused
# The lift's key joints measurable in fewer frames than this ("out of view for most frames"):
# refused. Gaps shorter than that are filled by interpolation (``analysis.pose.fill_gaps``).
MIN_KEY_JOINT_SHARE = 0.5
FILMING = "film from the side or at 45°, 2–3 m away, with the whole body in frame, in good light"
NO_REPS_MESSAGE = (
    "video: no repetition was seen, so the set cannot be scored: film the whole set from the "
    "side, 2–3 m away, the whole body in frame"
)
NO_HOLD_MESSAGE = (
    "video: the {lift} position was not seen (the body level, shoulders, hips and ankles in "
    "view), so it cannot be scored: film the whole hold from the side, 2–3 m away, the whole "
    "body in frame"
)
# A running job whose worker has not ended it this long after its wall-time limit has no
# worker any more (its process died): the next poll fails it.
OVERDUE_GRACE_S = 60.0
# The worker's CPU priority below the server's requests (nice 10).
POSE_NICE = 10
# The first bytes read to know the container: enough for an ISO BMFF box header with its
# brand, an EBML header with its doc type, a RIFF header.
HEAD_BYTES = 64
CONTAINERS = "mp4, mov, webm, mkv or avi"


@dataclass(frozen=True)
class VideoLimits:
    """What one form check's video may be (the defaults are ``Settings``'): ``max_bytes`` is
    also the route's body limit (``Settings.form_check_body_limit``)."""

    max_bytes: int = 100_000_000
    max_seconds: float = 60.0
    max_frames: int = 1800
    max_pixels: int = 1920 * 1080
    timeout_s: float = 120.0

    @classmethod
    def from_settings(cls, settings: Settings) -> VideoLimits:
        return cls(
            max_bytes=settings.form_check_max_bytes,
            max_seconds=settings.form_check_max_seconds,
            max_frames=settings.form_check_max_frames,
            max_pixels=settings.form_check_max_pixels,
            timeout_s=settings.form_check_timeout_s,
        )

    def too_large(self) -> InvalidInput:
        mb = self.max_bytes / 1_000_000
        return InvalidInput(
            f"video: larger than {mb:.0f} MB; film only the set, at 720p or 1080p",
            details={"max_bytes": self.max_bytes},
        )


class FormCheckRefused(InvalidInput):
    """The video cannot be scored (no person, the lift's key joints out of view, no rep seen):
    the message says what to film differently, ``details["reason"]`` which it was. No score is
    given, since a score of such a video would say nothing about the set."""

    code = "form_check_refused"


def lifts() -> tuple[str, ...]:
    """The lifts the form check knows: those ``analysis.pose`` has rules for (a lift added there
    is accepted everywhere without a change here)."""
    return tuple(pose.RULES)


def _plain(name: str) -> str:
    return "_".join(name.strip().lower().replace("-", " ").replace("_", " ").split())


def display_name(lift: str) -> str:
    """A lift as a person types it (``bench-press``)."""
    return lift.replace("_", "-")


def lift_named(name: str) -> str:
    """The lift a person names (``bench-press``, ``bench press`` or ``bench_press``); another
    name is ``InvalidInput`` listing those the form check knows."""
    lift = _plain(name)
    if lift in pose.RULES:
        return lift
    known = [display_name(known) for known in lifts()]
    raise InvalidInput(
        f"exercise: the form check does not know {name!r}; choose from {', '.join(known)} "
        "(or leave it out to recognise it from the movement)",
        details={"exercises": known},
    )


def _has(slug: str, *words: str) -> bool:
    return any(word in slug.split("-") for word in words)


def lift_of(slug: str) -> str | None:
    """The analysed lift for a library exercise (None: classify it from the movement)."""
    if _plain(slug) in pose.RULES:
        return _plain(slug)
    if "push_up" in pose.RULES and "push-up" in slug and not _has(slug, "handstand", "pike"):
        return "push_up"  # on the floor, the body level (a handstand or pike push-up is not)
    if (
        "bicep_curl" in pose.RULES
        and slug.endswith("curl")
        and not _has(slug, "leg", "wrist", "jefferson", "nordic", "preacher", "concentration")
    ):
        return "bicep_curl"  # standing, the upper arm free (on a pad or a knee it is not)
    if "lunge" in slug or "split-squat" in slug:
        return "lunge"
    if "deadlift" in slug:
        return "deadlift"
    if "bench" in slug and "press" in slug:
        return "bench_press"
    if "overhead-press" in slug or "military-press" in slug or "shoulder-press" in slug:
        return "overhead_press"
    if "squat" in slug:
        return "squat"
    return None


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


def container_of(head: bytes) -> str:
    """The suffix of the video container that starts with ``head`` (its first bytes), from an
    allow-list; anything else is ``InvalidInput``. The client's file name and content type are
    never used: a name is not a container, and a path is never built from one."""
    if len(head) >= 12 and head[4:8] == b"ftyp":  # ISO base media: MP4, MOV (QuickTime), M4V
        return ".mov" if head[8:12] == b"qt  " else ".mp4"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return ".mov"  # an older QuickTime file, without an ftyp box first
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM (what browsers record), Matroska
        return ".webm" if b"webm" in head else ".mkv"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG")):
        raise InvalidInput(
            f"video: a photo cannot show a set; film the set and send the video ({CONTAINERS})"
        )
    raise InvalidInput(f"video: not a video fitcoach reads; send {CONTAINERS}")


def save_upload(source: BinaryIO, folder: Path, limits: VideoLimits) -> Path:
    """Copy an uploaded video into a new private file in ``folder`` (mode 0600, a random name
    with the suffix of its container), refusing what is not an allowed container or is larger
    than ``limits.max_bytes`` (nothing is left behind then)."""
    head = source.read(HEAD_BYTES)
    suffix = container_of(head)
    handle, name = tempfile.mkstemp(prefix="set-", suffix=suffix, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(head)
            size = len(head)
            while chunk := source.read(1 << 20):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise limits.too_large()
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_file(video: Path, limits: VideoLimits) -> None:
    """A video file the caller named (the command line): an allowed container, not too large."""
    if not video.is_file():
        raise InvalidInput(f"video: no such file {video}")
    try:
        with video.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as exc:
        raise InvalidInput(f"video: cannot read {video} ({exc.strerror})") from None
    container_of(head)
    if video.stat().st_size > limits.max_bytes:
        raise limits.too_large()


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


def flags_of(reps: int, logged_reps: int | None, *, hold: bool = False) -> list[FormFlag]:
    """What to look at beside the score: the reps counted differing from those logged (a hold
    has no reps to compare)."""
    if hold or logged_reps is None or logged_reps == reps:
        return []
    return [
        FormFlag(
            code="rep_mismatch",
            message=(
                f"{reps} reps counted in the video, {logged_reps} logged: film the whole set "
                "(start before the first rep, stop after the last), or correct the logged reps"
            ),
        )
    ]


def counting(analysis: Analysis) -> str:
    """How the reps were counted, in plain words for the athlete (no version, no identifier):
    from the stages and who judged them, or from the working joint's angle; '' for a hold."""
    g = analysis.assessment.geometry
    lift = display_name(analysis.lift).replace("-", " ")
    staging = analysis.staging
    if g.reps_counted_from == "stages" and staging is not None:
        head = f"Reps counted from the {lift}'s down and up phases, judged frame by frame"
        if staging.source == "model":
            rest = (
                f"; the knee-angle rule judged the {staging.rule_frames} frames the model could "
                "not read"
                if staging.rule_frames
                else ""
            )
            return f"{head} by the learned model{rest}."
        why = (
            "the learned model is not available here"
            if staging.model_unavailable
            else "the learned model could not read this video"
        )
        return f"{head} by the knee-angle rule: {why}."
    if g.reps_counted_from == "angle":
        return f"Reps counted from the rise and fall of the {key_joints(analysis.lift)[0]} angle."
    return ""


def _words(lift: str) -> str:
    """A lift in prose: ``push-up`` keeps its hyphen, ``bench press`` does not."""
    return "push-up" if lift == "push_up" else lift.replace("_", " ")


def _lifts(lift: str) -> str:
    words = _words(lift)
    return f"{words}es" if words.endswith("s") else f"{words}s"


def _joined(words: list[str]) -> str:
    return words[0] if len(words) == 1 else f"{', '.join(words[:-1])} and {words[-1]}"


# A push-up on image landmarks is judged by the verdict calibrated on real push-ups
# (``analysis.pushup``): on held-out filmed sets it was right about 2 times in 3 (balanced
# accuracy 0.68, 95 % CI 0.57-0.79; docs/models/form.md, "Real push-ups"), and those sets were
# labelled only good or poor, so the fault it names was never checked on its own.
PUSH_UP_VERDICT_NOTE = (
    "The push-up verdict was checked against filmed push-ups labelled good or poor form: on sets "
    "it was not tuned on it was right about 2 times in 3. The fault named is an estimate: those "
    "sets do not say which fault a poor one shows. A set judged a breakdown keeps the load from "
    "going up."
)
# Where scikit-learn and the packaged model are installed, the learned push-up verdict decides
# instead (``ml.form.pushup_model``: chosen by cross-validation on development clips; on held-out
# clips, as applied here, right about 3 times in 4: balanced accuracy 0.76, 95 % CI 0.66-0.86).
PUSH_UP_MODEL_NOTE = (
    "This push-up set was judged by a model trained on filmed push-ups labelled good or poor "
    "form, from the body line, knees, depth, elbows and head measured over the set: on sets it "
    "was not tuned on it was right about 3 times in 4. The faults named are the measures past "
    "their cut-offs, estimates: those sets do not say which fault a poor one shows. A set "
    "judged a breakdown keeps the load from going up."
)
PUSH_UP_MODEL_NO_FAULT = (
    " No single measure passed its cut-off: the model judged them together, so no one fault "
    "is named."
)
PUSH_UP_MODEL_GOOD = " The model judged this set's form good: the cues shown are hints."
PUSH_UP_NOT_JUDGED_NOTE = (
    "fitcoach could not judge this push-up set's form: the body was seen in too few frames "
    "(hips, knees and shoulders). Reps are counted. Film from the side with the whole body in "
    "view, head to heels."
)

# Appended where some cues are estimates and a poor score still holds the load.
TO_BE_SAFE = " To be safe, a score below 60 still keeps the load from going up."


def confidence_note(g: pose.FormAnalysis) -> str:
    """How far to trust the cues, in plain words for the athlete: which of the lift's faults
    were checked against filmed, labelled sets (``pose.REAL_DATA_VALIDATED``), that the others
    are estimates, and whether a poor score holds the load (``pose.breaks_down``: not for a lift
    whose judgments real data refuted)."""
    lift, lifts = _words(g.exercise), _lifts(g.exercise)
    rules = pose.rules_for(g.exercise, g.coordinates)
    checked = [
        r.fault.replace("_", " ")
        for r in rules
        if pose.validated_on_real_data(g.exercise, r.fault, g.coordinates)
    ]
    counted = "The hold is timed" if g.exercise in pose.HOLDS else "Reps are counted"
    if g.verdict == "model":
        if g.breakdown:
            return PUSH_UP_MODEL_NOTE + ("" if g.faults else PUSH_UP_MODEL_NO_FAULT)
        return PUSH_UP_MODEL_NOTE + (PUSH_UP_MODEL_GOOD if g.faults else "")
    if g.verdict == "verdict":
        return PUSH_UP_VERDICT_NOTE
    if g.verdict == "not_judged":
        return PUSH_UP_NOT_JUDGED_NOTE
    if g.exercise in pose.REFUTED_ON_REAL_DATA:
        return (
            f"{lift[0].upper()}{lift[1:]} form cues are estimates: on filmed {lifts} they did "
            f"not yet tell good form from poor. {counted}; the cues are hints, not a verdict, "
            "and do not mark the set as a form breakdown."
        )
    if not checked:
        why = (
            f"fitcoach has not been checked against filmed {lifts} yet"
            if g.coordinates == "image"
            else "fitcoach's checks against filmed sets used image landmarks, not these"
        )
        return (
            f"{lift[0].upper()}{lift[1:]} form cues are estimates: {why}. {counted}; take the "
            f"cues as hints.{TO_BE_SAFE}"
        )
    if g.judged_on_real_data:
        return (
            f"{lift[0].upper()}{lift[1:]} form cues were checked against filmed, labelled {lifts}."
        )
    guessed = [f.fault.replace("_", " ") for f in g.faults if not f.validated_on_real_data]
    others = (
        f"{_joined(guessed)} {'is an estimate' if len(guessed) == 1 else 'are estimates'}"
        if guessed
        else "the other cues are estimates"
    )
    return (
        f"Of the {lift} cues, only {_joined(checked)} {'was' if len(checked) == 1 else 'were'} "
        f"checked against filmed, labelled {lifts}; {others}.{TO_BE_SAFE}"
    )


def _reps(analysis: Analysis) -> list[FormRep]:
    fps = analysis.fps
    return [
        FormRep(
            start_frame=r.start,
            bottom_frame=r.bottom,
            end_frame=r.end,
            bottom_s=round(r.bottom / fps, 2) if fps > 0 else None,
        )
        for r in analysis.assessment.geometry.reps
    ]


def _fields(analysis: Analysis, logged_reps: int | None) -> dict[str, Any]:
    result = analysis.assessment
    g = result.geometry
    hold = analysis.lift in pose.HOLDS
    fps = analysis.fps
    staging = analysis.staging
    return {
        "exercise": analysis.lift,
        "exercise_recognised": analysis.recognised,
        "reps": len(g.reps),
        "logged_reps": logged_reps,
        "reps_counted_from": g.reps_counted_from or None,
        "stage_source": None if staging is None else staging.source,
        "stages_by": "" if staging is None else staging.by,
        "rep_frames": _reps(analysis),
        "counting": counting(analysis),
        "hold_s": round(g.hold_frames / fps, 1) if hold and fps > 0 else None,
        "good_hold_s": round(g.good_hold_s(fps), 1) if hold and fps > 0 else None,
        "flags": flags_of(len(g.reps), logged_reps, hold=hold),
        "form_score": round(result.form_score, 1),
        "judged_on_real_data": g.judged_on_real_data,
        "confidence_note": confidence_note(g),
        "breakdown": result.breakdown,
        "faults": [
            FormFault(
                fault=f.fault,
                severity=round(f.severity, 2),
                reps=f.reps,
                cue=f.cue,
                validated_on_real_data=f.validated_on_real_data,
            )
            for f in g.faults
        ],
        "angles_deg": {k: round(v, 1) for k, v in g.angles_deg.items() if np.isfinite(v)},
        "model_form_score": None
        if result.model.form_score is None
        else round(result.model.form_score, 1),
        "scored_by": "rule"
        + (f", push-up verdict by {verdict_by()}" if g.verdict == "model" else "")
        + (f", model {result.model.version} beside it" if result.model.available else ""),
        "model_note": "" if result.model.available else result.model.reason,
        "frames": analysis.frames,
        "person_found": round(analysis.person_found, 3),
    }


def verdict_by() -> str:
    """The learned push-up verdict's name and version (``ml.form.pushup_model``)."""
    from fitcoach.ml.form import pushup_model

    return f"{pushup_model.NAME} {pushup_model.packaged_version()}"


def result_of(analysis: Analysis, set_id: int, logged_reps: int) -> FormCheck:
    """The form check of a set from what its video showed."""
    return FormCheck(set_id=set_id, **_fields(analysis, logged_reps))


def check_video(
    video: Path,
    exercise: str | None = None,
    *,
    logged_reps: int | None = None,
    pose_python: Path | None = None,
    model_dir: Path | None = None,
    limits: VideoLimits | None = None,
) -> FormResult:
    """The form check of a video file on its own (no set, nothing stored): the lift named by
    ``exercise`` (``lift_named``), else recognised from the movement; ``logged_reps``, where
    known, is compared with the reps counted (``flags``).

    An unknown exercise, a missing or unreadable file, one that is not an allowed video
    container or is over ``limits`` is ``InvalidInput``; no pose environment is
    ``DeviceUnavailable``; a video that cannot be scored is ``FormCheckRefused``."""
    limits = limits or VideoLimits()
    lift = None if exercise is None else lift_named(exercise)
    _check_file(video, limits)
    extractor.find_python(pose_python)
    analysis = analyse(
        video, lift or "", pose_python=pose_python, model_dir=model_dir, limits=limits
    )
    return FormResult(**_fields(analysis, logged_reps))


def _checkable_set(ctx: ServiceContext, athlete_id: int, set_id: int) -> tuple[int, str]:
    """The set's logged reps and its exercise's slug, once the set is found to be the
    athlete's and the athlete's consent to store training logs holds."""
    from fitcoach.services import consent

    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None:
        raise NotFound(f"No set {set_id} for this athlete.")
    exercise = exercise_repo.by_ids(ctx.session, [row.exercise_id]).get(row.exercise_id)
    return row.reps, exercise.slug if exercise is not None else ""


def check_set_form(
    ctx: ServiceContext,
    athlete_id: int,
    set_id: int,
    video: Path,
    *,
    pose_python: Path | None = None,
    model_dir: Path | None = None,
    limits: VideoLimits | None = None,
) -> FormCheck:
    """Analyse the video of a stored set and store the result with it, in the caller's unit
    of work (the API runs checks in the background instead: ``start_check``).

    A set that is not the athlete's is ``NotFound``; no pose environment is
    ``DeviceUnavailable``; a file that is not an allowed video container, or over
    ``limits``, is ``InvalidInput`` saying what to do; a video that cannot be scored is
    ``FormCheckRefused`` (nothing is stored); reps counted unlike those logged are flagged.
    """
    limits = limits or VideoLimits()
    logged_reps, slug = _checkable_set(ctx, athlete_id, set_id)
    extractor.find_python(pose_python)
    _check_file(video, limits)
    analysis = analyse(video, slug, pose_python=pose_python, model_dir=model_dir, limits=limits)
    out = result_of(analysis, set_id, logged_reps)
    store(ctx, athlete_id, set_id, out)
    return out


def store(ctx: ServiceContext, athlete_id: int, set_id: int, check: FormCheck) -> None:
    """Put a form check on its set (flushes; the caller commits)."""
    scope = ctx.scope(athlete_id)
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None:
        raise NotFound(f"No set {set_id} for this athlete.")
    payload: dict[str, Any] = check.model_dump(mode="json")
    row.form_check = payload
    row.form_breakdown = check.breakdown
    ctx.session.flush()
    ctx.audit("update", "set", set_id, athlete_id=athlete_id, detail={"form_check": True})


# --------------------------------------------------------------------------- background checks

JobStatus = Literal["running", "done", "failed"]
OVERDUE_MESSAGE = (
    "the form check stopped before it ended (the server restarted or was stopped); "
    "send the video again"
)
FAILED_MESSAGE = "the form check failed on the server; send the video again later"


class FormCheckJobOut(BaseModel):
    """A form check of a set: ``running``; ``done`` with its ``result``; or ``failed`` with a
    ``message`` saying what to do."""

    model_config = ConfigDict(frozen=True)

    job_id: int | None = Field(
        description="The job (null: a result stored before checks ran in the background)."
    )
    set_id: int
    status: JobStatus
    created_at: datetime | None = None
    finished_at: datetime | None = None
    message: str = Field(default="", description="Why it failed: what to film differently.")
    result: FormCheck | None = Field(default=None, description="The form check, once done.")


@dataclass(frozen=True)
class StartedCheck:
    """A recorded job and what its worker needs: the saved video and the exercise's slug."""

    job: FormCheckJobOut
    video: Path
    slug: str


def _job_out(row: FormCheckJob, result: FormCheck | None = None) -> FormCheckJobOut:
    return FormCheckJobOut(
        job_id=row.id,
        set_id=row.set_id,
        status=row.status.value,
        created_at=row.created_at,
        finished_at=row.finished_at,
        message=row.message,
        result=result,
    )


def _fail_if_overdue(ctx: ServiceContext, athlete_id: int, row: FormCheckJob) -> None:
    """Fail a running job past its deadline: its worker is gone (flushes)."""
    now = ctx.clock.now()
    if row.status != FormJobStatus.running or now <= row.deadline_at:
        return
    scope = ctx.scope(athlete_id)
    if job_repo.finish(
        ctx.session, scope, row.id, FormJobStatus.failed, at=now, message=OVERDUE_MESSAGE
    ):
        log.warning("form_check_overdue", athlete_id=athlete_id, job_id=row.id)
    ctx.session.refresh(row)


def start_check(
    ctx: ServiceContext,
    athlete_id: int,
    set_id: int,
    upload: BinaryIO,
    folder: Path,
    *,
    pose_python: Path | None = None,
    limits: VideoLimits | None = None,
) -> StartedCheck:
    """Validate a form check of a set and record it as a running job (flushes).

    In order: the set is the athlete's (``NotFound``) and they consent to storing training
    logs; the upload is an allowed video container within ``limits.max_bytes``
    (``InvalidInput``), copied into a private file in ``folder`` (deleted again if anything
    after it fails); the pose environment exists (``DeviceUnavailable``: refused now rather
    than failed later); no other check of theirs is running (``Conflict``). The caller
    commits, then hands the job to a worker (``run_check``)."""
    limits = limits or VideoLimits()
    _, slug = _checkable_set(ctx, athlete_id, set_id)
    scope = ctx.scope(athlete_id)
    video = save_upload(upload, folder, limits)
    try:
        extractor.find_python(pose_python)
        for other in job_repo.running(ctx.session, scope):
            _fail_if_overdue(ctx, athlete_id, other)
            if other.status == FormJobStatus.running:
                raise Conflict(
                    f"a form check of set {other.set_id} is running; wait for its result, "
                    "then send the next video",
                    details={"job_id": other.id, "set_id": other.set_id},
                )
        now = ctx.clock.now()
        deadline = now + timedelta(seconds=limits.timeout_s + OVERDUE_GRACE_S)
        row = job_repo.add(ctx.session, scope, set_id, at=now, deadline=deadline)
        return StartedCheck(_job_out(row), video, slug)
    except BaseException:
        video.unlink(missing_ok=True)
        raise


def finish_check(
    ctx: ServiceContext,
    athlete_id: int,
    job_id: int,
    set_id: int,
    outcome: Analysis | FitcoachError,
) -> FormCheckJobOut | None:
    """Store a job's outcome (flushes): the form check on its set and the job ``done``, or the
    job ``failed`` with the error's message. None when the job was not running any more (failed
    as overdue, or gone with its set)."""
    scope = ctx.scope(athlete_id)
    now = ctx.clock.now()
    result: FormCheck | None = None
    if isinstance(outcome, Analysis):
        row = repo.set_for(ctx.session, scope, set_id)
        if row is None:
            return None  # the set was deleted, and its jobs with it
        result = result_of(outcome, set_id, row.reps)
        status, message = FormJobStatus.done, ""
    else:
        status, message = FormJobStatus.failed, outcome.message
    if not job_repo.finish(ctx.session, scope, job_id, status, at=now, message=message):
        return None
    if result is not None:
        store(ctx, athlete_id, set_id, result)
    job = job_repo.latest_for_set(ctx.session, scope, set_id)
    return None if job is None else _job_out(job, result)


def run_check(
    factory: sessionmaker[Session],
    subject: Subject,
    clock: Clock,
    athlete_id: int,
    started: StartedCheck,
    *,
    pose_python: Path | None = None,
    model_dir: Path | None = None,
    limits: VideoLimits | None = None,
) -> FormCheckJobOut | None:
    """A recorded job's work, in a worker thread (``services.form_jobs``): analyse the saved
    video holding no transaction, delete it, then store the outcome in a short unit of work of
    its own (this function is that boundary). An unexpected error fails the job with a
    general message (logged); if even that cannot be stored, the job fails as overdue."""
    limits = limits or VideoLimits()
    job_id = started.job.job_id
    assert job_id is not None
    outcome: Analysis | FitcoachError
    try:
        outcome = analyse(
            started.video,
            started.slug,
            pose_python=pose_python,
            model_dir=model_dir,
            limits=limits,
        )
    except FitcoachError as exc:
        outcome = exc
    except Exception:
        log.exception("form_check_failed", athlete_id=athlete_id, job_id=job_id)
        outcome = FitcoachError(FAILED_MESSAGE)
    finally:
        started.video.unlink(missing_ok=True)
    with unit_of_work(factory) as session:
        ctx = ServiceContext(session=session, subject=subject, clock=clock)
        return finish_check(ctx, athlete_id, job_id, started.job.set_id, outcome)


def check_state(ctx: ServiceContext, athlete_id: int, set_id: int) -> FormCheckJobOut:
    """The set's latest form check: running, done (with the result stored on the set) or
    failed (with why). A job past its deadline is failed here (its worker is gone). A set
    that is not the athlete's, or one never checked, is ``NotFound``."""
    scope = ctx.scope(athlete_id)
    # The job before the set: each read may see the latest commit (SQLite's driver begins no
    # transaction for a SELECT; PostgreSQL's READ COMMITTED snapshots each statement), and a
    # check finished between two reads must look running (polled again), never done without
    # its result, which its worker commits together with the job's status.
    job = job_repo.latest_for_set(ctx.session, scope, set_id)
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None:
        raise NotFound(f"No set {set_id} for this athlete.")
    stored = None if row.form_check is None else FormCheck.model_validate(row.form_check)
    if job is None:
        if stored is None:
            raise NotFound(f"No form check of set {set_id}: send a video of it first.")
        return FormCheckJobOut(job_id=None, set_id=set_id, status="done", result=stored)
    _fail_if_overdue(ctx, athlete_id, job)
    return _job_out(job, stored if job.status == FormJobStatus.done else None)
