"""The form check in the caller's unit of work: a video alone (``check_video``), a video of a
stored set checked and stored with it (``check_set_form``, ``store``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import NotFound
from fitcoach.sensors import pose as extractor
from fitcoach.services.context import ServiceContext
from fitcoach.services.form_check.assess import analyse
from fitcoach.services.form_check.lifts import lift_named
from fitcoach.services.form_check.limits import VideoLimits
from fitcoach.services.form_check.video import _check_file
from fitcoach.services.form_check.wording import _fields, result_of
from fitcoach.services.form_results import FormCheck as FormCheck
from fitcoach.services.form_results import FormResult as FormResult
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import training_log as repo


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
