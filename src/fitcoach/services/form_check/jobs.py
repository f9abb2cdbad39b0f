"""The form check of a set in the background: the job recorded (``start_check``), run in a
worker thread holding no transaction (``run_check``, ``finish_check``), polled from any process
(``check_state``), and failed once its deadline has passed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import BinaryIO, Literal

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.clock import Clock
from fitcoach.core.errors import Conflict, FitcoachError, NotFound
from fitcoach.core.logging import get_logger
from fitcoach.sensors import pose as extractor
from fitcoach.services.context import ServiceContext
from fitcoach.services.form_check.assess import Analysis, analyse
from fitcoach.services.form_check.checks import _checkable_set, store
from fitcoach.services.form_check.limits import OVERDUE_GRACE_S, VideoLimits
from fitcoach.services.form_check.video import save_upload
from fitcoach.services.form_check.wording import result_of
from fitcoach.services.form_results import FormCheck as FormCheck
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.models import FormCheckJob, FormJobStatus
from fitcoach.storage.repositories import form_checks as job_repo
from fitcoach.storage.repositories import training_log as repo

# The component keeps the name it had as one module, so that its log lines read as before.
log = get_logger("fitcoach.services.form_check")


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
