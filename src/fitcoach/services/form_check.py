"""The form check of a filmed set: a video of one set in, reps, faults with cues and a form score
out, stored with the set.

MediaPipe Pose (its own environment, ``fitcoach.sensors.pose``) turns the video into landmarks;
``fitcoach.ml.form.assess`` measures them geometrically (reps, bottom angles, faults) and, where
torch and a trained model are installed, adds the GNN-LSTM's form score. The result goes on the
set (``set_logs.form_check``); a breakdown (form score below 60) keeps that session's sets from
counting toward a load increase (``coach.progression``).

Two ways in. ``check_set_form`` analyses a video file and stores the result in the caller's
unit of work (the command line, tests). The API checks a set in the background: ``start_check``
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

from fitcoach.core.clock import Clock
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, FitcoachError, InvalidInput, NotFound
from fitcoach.core.logging import get_logger
from fitcoach.core.settings import Settings
from fitcoach.ml import form
from fitcoach.sensors import pose as extractor
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import FormCheckJob, FormJobStatus
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import form_checks as job_repo
from fitcoach.storage.repositories import training_log as repo

log = get_logger(__name__)

MIN_FRAMES = 15  # half a second at 30 fps: less is not a set
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


class FormFault(BaseModel):
    model_config = ConfigDict(frozen=True)

    fault: str
    severity: float = Field(description="0-1, the mean over reps.")
    reps: int = Field(description="Reps where it showed clearly.")
    cue: str


class FormCheck(BaseModel):
    """What the form check found in a filmed set."""

    model_config = ConfigDict(frozen=True)

    set_id: int
    exercise: str = Field(description="The lift as analysed (squat, deadlift, ...).")
    reps: int = Field(description="Reps counted in the video.")
    logged_reps: int
    form_score: float = Field(description="0-100, the geometric rule's (it decides a breakdown).")
    model_form_score: float | None = Field(
        default=None,
        description="The GNN-LSTM's score beside it, where torch and a model are installed.",
    )
    breakdown: bool = Field(description="Form broke down: no load increase from this session.")
    faults: list[FormFault]
    angles_deg: dict[str, float]
    scored_by: str = Field(description="'model <version>' or 'rule'.")
    model_note: str = Field(default="", description="Why the model did not score, if it did not.")
    frames: int
    person_found: float = Field(description="Share of frames with a person found.")


def lift_of(slug: str) -> str | None:
    """The analysed lift for a library exercise (None: classify it from the movement)."""
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
    raise InvalidInput(f"video: not a video this server reads; send {CONTAINERS}")


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
        raise InvalidInput(f"video: no such file {video.name}")
    with video.open("rb") as file:
        container_of(file.read(HEAD_BYTES))
    if video.stat().st_size > limits.max_bytes:
        raise limits.too_large()


def analyse(
    video: Path,
    slug: str,
    *,
    pose_python: Path | None,
    model_dir: Path | None,
    limits: VideoLimits,
) -> Analysis:
    """Landmarks of ``video`` (within ``limits``) and their assessment for the exercise
    ``slug``; a video without a person in most frames is ``InvalidInput`` saying how to film.
    Touches no database: the worker runs it outside any transaction."""
    track = extractor.extract(
        video,
        python=pose_python,
        timeout_s=limits.timeout_s,
        max_frames=limits.max_frames,
        max_seconds=limits.max_seconds,
        max_pixels=limits.max_pixels,
        nice=POSE_NICE,
    )
    found = track.found
    share = float(found.mean()) if found.size else 0.0
    if track.world.shape[0] < MIN_FRAMES or share < 0.6:
        raise InvalidInput(
            f"video: a person was found in {share:.0%} of {track.world.shape[0]} frames; "
            "film the whole body from the side or at 45°, in good light, for the whole set"
        )
    result, lift = assess_landmarks(track.world, slug, model_dir=model_dir)
    return Analysis(result, lift, int(track.world.shape[0]), share)


def result_of(analysis: Analysis, set_id: int, logged_reps: int) -> FormCheck:
    """The form check of a set from what its video showed."""
    result = analysis.assessment
    g = result.geometry
    return FormCheck(
        set_id=set_id,
        exercise=analysis.lift,
        reps=len(g.reps),
        logged_reps=logged_reps,
        form_score=round(result.form_score, 1),
        breakdown=result.breakdown,
        faults=[
            FormFault(fault=f.fault, severity=round(f.severity, 2), reps=f.reps, cue=f.cue)
            for f in g.faults
        ],
        angles_deg={k: round(v, 1) for k, v in g.angles_deg.items() if np.isfinite(v)},
        model_form_score=None
        if result.model.form_score is None
        else round(result.model.form_score, 1),
        scored_by="rule"
        + (f", model {result.model.version} beside it" if result.model.available else ""),
        model_note="" if result.model.available else result.model.reason,
        frames=analysis.frames,
        person_found=round(analysis.person_found, 3),
    )


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
    ``limits``, or a video without a person in most frames is ``InvalidInput`` saying what
    to do.
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
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None:
        raise NotFound(f"No set {set_id} for this athlete.")
    stored = None if row.form_check is None else FormCheck.model_validate(row.form_check)
    job = job_repo.latest_for_set(ctx.session, scope, set_id)
    if job is None:
        if stored is None:
            raise NotFound(f"No form check of set {set_id}: send a video of it first.")
        return FormCheckJobOut(job_id=None, set_id=set_id, status="done", result=stored)
    _fail_if_overdue(ctx, athlete_id, job)
    return _job_out(job, stored if job.status == FormJobStatus.done else None)
