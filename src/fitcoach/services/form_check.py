"""The form check of a filmed set: a video of one set in, reps, faults with cues and a form score
out, stored with the set.

MediaPipe Pose (its own environment, ``fitcoach.sensors.pose``) turns the video into landmarks;
``fitcoach.ml.form.assess`` measures them geometrically (reps, bottom angles, faults) and, where
torch and a trained model are installed, adds the GNN-LSTM's form score. The result goes on the
set (``set_logs.form_check``); a breakdown (form score below 60) keeps that session's sets from
counting toward a load increase (``coach.progression``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.ml import form
from fitcoach.sensors import pose as extractor
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import ConsentPurpose
from fitcoach.storage.repositories import exercises as exercise_repo
from fitcoach.storage.repositories import training_log as repo

MIN_FRAMES = 15  # half a second at 30 fps: less is not a set
MAX_VIDEO_BYTES = 200 * 1024 * 1024
VIDEO_SUFFIXES = frozenset(
    {".mp4", ".webm", ".mov", ".avi", ".mkv", ".m4v", ".jpg", ".jpeg", ".png"}
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


def check_set_form(
    ctx: ServiceContext,
    athlete_id: int,
    set_id: int,
    video: Path,
    *,
    pose_python: Path | None = None,
    model_dir: Path | None = None,
) -> FormCheck:
    """Analyse the video of a stored set and store the result with it.

    A set that is not the athlete's is ``NotFound``; a video without a person in most frames
    is ``InvalidInput`` saying how to film; no pose environment is ``DeviceUnavailable``.
    """
    from fitcoach.services import consent

    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    row = repo.set_for(ctx.session, scope, set_id)
    if row is None:
        raise NotFound(f"No set {set_id} for this athlete.")
    if video.suffix.lower() not in VIDEO_SUFFIXES:
        raise InvalidInput(
            f"video: {video.suffix or 'a file without a suffix'} is not a video; "
            "send mp4, webm or mov"
        )
    if video.is_file() and video.stat().st_size > MAX_VIDEO_BYTES:
        raise InvalidInput("video: larger than 200 MB; film only the set")
    exercise = exercise_repo.by_ids(ctx.session, [row.exercise_id]).get(row.exercise_id)
    slug = exercise.slug if exercise is not None else ""
    track = extractor.extract(video, python=pose_python)
    found = track.found
    if track.world.shape[0] < MIN_FRAMES or found.mean() < 0.6:
        raise InvalidInput(
            f"video: a person was found in {found.mean():.0%} of {track.world.shape[0]} frames; "
            "film the whole body from the side or at 45°, in good light, for the whole set"
        )
    result, lift = assess_landmarks(track.world, slug, model_dir=model_dir)
    g = result.geometry
    out = FormCheck(
        set_id=set_id,
        exercise=lift,
        reps=len(g.reps),
        logged_reps=row.reps,
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
        frames=int(track.world.shape[0]),
        person_found=round(float(found.mean()), 3),
    )
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
