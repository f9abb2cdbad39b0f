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

One module a job: ``limits`` (what a video may be and why one is refused), ``lifts`` (the
lifts the check knows and their names), ``video`` (the upload's container, its private file),
``assess`` (landmarks to an ``Analysis``: key joints, stages, reps, faults), ``wording`` (the
stored ``FormCheck`` and the notes it carries), ``checks`` (``check_video``, ``check_set_form``,
``store``) and ``jobs`` (the background check: ``start_check``, ``run_check``,
``finish_check``, ``check_state``). Each imports only the ones listed before it.
"""

from __future__ import annotations

from fitcoach.services.form_check.assess import (
    STAGE_MIN_S,
    Analysis,
    FrameStages,
    analyse,
    assess_landmarks,
    assess_track,
    frame_stages,
    key_joints,
    require_key_joints,
    stage_min_frames,
)
from fitcoach.services.form_check.checks import check_set_form, check_video, store
from fitcoach.services.form_check.jobs import (
    FAILED_MESSAGE,
    OVERDUE_MESSAGE,
    FormCheckJobOut,
    JobStatus,
    StartedCheck,
    check_state,
    finish_check,
    log,
    run_check,
    start_check,
)
from fitcoach.services.form_check.lifts import display_name, lift_named, lift_of, lifts
from fitcoach.services.form_check.limits import (
    CONTAINERS,
    FILMING,
    HEAD_BYTES,
    MIN_FRAMES,
    MIN_KEY_JOINT_SHARE,
    MIN_PERSON_SHARE,
    NO_HOLD_MESSAGE,
    NO_REPS_MESSAGE,
    OVERDUE_GRACE_S,
    POSE_NICE,
    FormCheckRefused,
    VideoLimits,
)
from fitcoach.services.form_check.video import container_of, save_upload
from fitcoach.services.form_check.wording import (
    PUSH_UP_MODEL_GOOD,
    PUSH_UP_MODEL_NO_FAULT,
    PUSH_UP_MODEL_NOTE,
    PUSH_UP_NOT_JUDGED_NOTE,
    PUSH_UP_VERDICT_NOTE,
    TO_BE_SAFE,
    confidence_note,
    counting,
    flags_of,
    result_of,
    verdict_by,
)
from fitcoach.services.form_check.wording import _fields as _fields
from fitcoach.services.form_results import FormCheck as FormCheck
from fitcoach.services.form_results import FormFault as FormFault
from fitcoach.services.form_results import FormFlag as FormFlag
from fitcoach.services.form_results import FormRep as FormRep
from fitcoach.services.form_results import FormResult as FormResult
from fitcoach.storage.repositories import form_checks as job_repo
from fitcoach.storage.repositories import training_log as repo

__all__ = [
    "CONTAINERS",
    "FAILED_MESSAGE",
    "FILMING",
    "HEAD_BYTES",
    "MIN_FRAMES",
    "MIN_KEY_JOINT_SHARE",
    "MIN_PERSON_SHARE",
    "NO_HOLD_MESSAGE",
    "NO_REPS_MESSAGE",
    "OVERDUE_GRACE_S",
    "OVERDUE_MESSAGE",
    "POSE_NICE",
    "PUSH_UP_MODEL_GOOD",
    "PUSH_UP_MODEL_NOTE",
    "PUSH_UP_MODEL_NO_FAULT",
    "PUSH_UP_NOT_JUDGED_NOTE",
    "PUSH_UP_VERDICT_NOTE",
    "STAGE_MIN_S",
    "TO_BE_SAFE",
    "Analysis",
    "FormCheckJobOut",
    "FormCheckRefused",
    "FrameStages",
    "JobStatus",
    "StartedCheck",
    "VideoLimits",
    "analyse",
    "assess_landmarks",
    "assess_track",
    "check_set_form",
    "check_state",
    "check_video",
    "confidence_note",
    "container_of",
    "counting",
    "display_name",
    "finish_check",
    "flags_of",
    "frame_stages",
    "job_repo",
    "key_joints",
    "lift_named",
    "lift_of",
    "lifts",
    "log",
    "repo",
    "require_key_joints",
    "result_of",
    "run_check",
    "save_upload",
    "stage_min_frames",
    "start_check",
    "store",
    "verdict_by",
]
