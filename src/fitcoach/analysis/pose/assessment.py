"""The whole geometric form analysis of a set: each rule measured per rep (or per frame of a
hold), the faults reported with their cues, and the form and risk scores (``analyse``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis.pose.classify import classify_exercise
from fitcoach.analysis.pose.geometry import (
    _nanpercentile,
    _pair_mean,
    elbow_drift,
    hip_line_deviation,
    image_plane,
    joint_angles,
    knee_ankle_ratio,
    knee_over_toe_ratio,
    nanmedian,
    neck_flexion,
    prepare,
    trunk_lean,
    trunk_lean_back,
)
from fitcoach.analysis.pose.landmarks import (
    _WORKING,
    ALL_EXERCISES,
    ANGLE_NAMES,
    BODYWEIGHT_EXERCISES,
    HOLDS,
    Coordinates,
    FloatArray,
)
from fitcoach.analysis.pose.reps import STAGE_MIN_FRAMES, Rep, count_reps, count_stage_reps
from fitcoach.analysis.pose.rules import (
    BREAKDOWN_SCORE,
    REFUTED_ON_REAL_DATA,
    REPORT_LEVEL,
    RULES,
    FaultRule,
    form_score,
    risk_score,
    rules_for,
    validated_on_real_data,
)


@dataclass(frozen=True)
class Fault:
    """A fault found in a set: how bad (0-1, the mean over reps), in how many reps, and the cue."""

    fault: str
    severity: float
    reps: int
    cue: str
    measured: float
    # Checked against real labelled landmarks (:data:`REAL_DATA_VALIDATED`); else an estimate.
    validated_on_real_data: bool = False


def breaks_down(exercise: str, score: float) -> bool:
    """A breakdown (the load is held): the form score below :data:`BREAKDOWN_SCORE`, unless real
    data refuted the lift's judgments (:data:`REFUTED_ON_REAL_DATA`: a push-up's cues are hints,
    its lockout rule fired on 17 of 20 correct real push-ups)."""
    return score < BREAKDOWN_SCORE and exercise not in REFUTED_ON_REAL_DATA


@dataclass(frozen=True)
class FormAnalysis:
    """What geometry says about a set."""

    exercise: str
    reps: list[Rep]
    angles_deg: dict[str, float]  # the mean over reps of each angle at the bottom
    faults: list[Fault]
    severities: dict[str, float]
    form_score: float
    risk_score: float
    breakdown: bool
    features: dict[str, float] = field(default_factory=dict)
    hold_frames: int = 0  # a hold (plank): frames in the position, and those without a fault
    good_hold_frames: int = 0
    # What counted the reps: "stages" (each frame's stage, ``count_stage_reps``), "angle" (the
    # working joint's angle, ``count_reps``), "" for a hold.
    reps_counted_from: str = ""
    # The landmarks measured: only image landmarks' judgments can be validated on real data.
    coordinates: Coordinates = "world"
    # Who decided the breakdown: "" the form score (:func:`breaks_down`); for a push-up on image
    # landmarks the calibrated set verdict (``analysis.pushup``): "verdict", or "not_judged"
    # where too little of the body was seen to judge it (never a breakdown); "model" where the
    # learned push-up verdict (``ml.form.pushup_model``) decided it instead.
    verdict: str = ""

    @property
    def judged_on_real_data(self) -> bool:
        """Whether every fault the form score is made of (all the lift's rules, reported or
        not) was checked against real labelled landmarks."""
        return all(
            validated_on_real_data(self.exercise, r.fault, self.coordinates)
            for r in rules_for(self.exercise, self.coordinates)
        )

    @property
    def assessed(self) -> bool:
        """Whether there was anything to judge: reps, or frames of a hold. A set without either
        (no exercise in the video) has nothing wrong *found*, not good form: its score of 100
        must not be shown as a verdict."""
        return bool(self.reps) or self.hold_frames > 0

    def good_hold_s(self, fps: float) -> float:
        """Seconds of the hold in a good position at ``fps`` frames a second."""
        return self.good_hold_frames / fps if fps > 0 else float("nan")


def _severity(rule: FaultRule, value: float) -> float:
    if not np.isfinite(value):
        return 0.0
    return float(np.clip((value - rule.fine) / (rule.severe - rule.fine), 0.0, 1.0))


def _measure(rule: FaultRule, exercise: str, rep: Rep, series: dict[str, FloatArray]) -> float:
    bottom = slice(max(rep.bottom - 2, rep.start), min(rep.bottom + 3, rep.end + 1))
    window = slice(rep.start, rep.end + 1)
    work = series["work"]
    if rule.fault == "shallow_depth":
        return float(np.nanmin(work[window]))
    if rule.fault == "incomplete_lockout":
        lock = series["lock"]
        return float(min(lock[rep.start], lock[rep.end]))
    if rule.fault == "forward_lean":
        lean = series["lean"]
        if exercise == "overhead_press":
            return float(np.nanmax(lean[window]))
        return float(np.nanmedian(lean[bottom]))
    if rule.fault == "knee_valgus":
        return float(np.nanmedian(series["valgus"][bottom]))
    if rule.fault == "rounded_back":
        return float(np.nanmax(series["neck"][window]))
    if rule.fault in ("hips_sagging", "hips_piking"):
        return nanmedian(series["hips"][window])
    if rule.fault == "knee_over_toe":
        return nanmedian(series["knee_toe"][bottom])
    if rule.fault == "leaning_back":
        return _nanpercentile(series["lean_back"][window], 90.0)
    if rule.fault == "elbow_drift":
        return _nanpercentile(series["drift"][window], 90.0)
    raise ValueError(rule.fault)


REP_FAULT_LEVEL: Final = 0.25  # a rep (or a frame of a hold) counts as faulty from this severity


def _plane(landmarks: FloatArray, exercise: str, coordinates: Coordinates) -> FloatArray:
    """Where angles are measured: world landmarks of the five lifts in 3-D (as the generator's
    labels are); push-up, plank and curl, and every image landmark, in the image plane (image z
    is too noisy: with it, real standing knees measure 128-147 degrees instead of about 178)."""
    if coordinates == "image" or exercise in BODYWEIGHT_EXERCISES:
        return image_plane(landmarks)
    return landmarks


def frame_series(
    landmarks: FloatArray, exercise: str, coordinates: Coordinates = "world"
) -> dict[str, FloatArray]:
    """Per-frame measures the fault rules of ``exercise`` read, from prepared landmarks:
    ``work`` (the working joint's angle), ``lock``, ``lean``, ``valgus``, ``neck``, ``hips``,
    ``knee_toe``, ``lean_back``, ``drift`` (see :func:`_plane` for the plane of the angles)."""
    plane = _plane(landmarks, exercise, coordinates)
    angles = joint_angles(plane)
    work_joint, lock_joint = _WORKING[exercise]
    work = _pair_mean(angles, work_joint)
    if exercise == "lunge":  # the front knee bends most: the smaller knee angle works
        with np.errstate(invalid="ignore"):
            work = np.asarray(np.nanmin(angles[:, [0, 1]], axis=1))
    lock = work if lock_joint == work_joint or exercise == "lunge" else None
    return {
        "work": work,
        "lock": lock if lock is not None else _pair_mean(angles, lock_joint),
        "lean": trunk_lean(plane),
        "valgus": knee_ankle_ratio(landmarks),
        "neck": neck_flexion(plane),
        "hips": hip_line_deviation(landmarks),
        "knee_toe": knee_over_toe_ratio(landmarks, world=coordinates == "world"),
        "lean_back": trunk_lean_back(landmarks),
        "drift": elbow_drift(landmarks),
    }


def _hold(
    rules: tuple[FaultRule, ...], series: dict[str, FloatArray]
) -> tuple[dict[str, float], dict[str, float], int, int]:
    """A hold's fault severities (the mean over its frames), measured values (the median) and
    frames in the position (trunk horizontal, hips seen) and without a fault."""
    horizontal = (series["lean"] > 55.0) & np.isfinite(series["hips"])
    severities: dict[str, float] = {}
    measured: dict[str, float] = {}
    faulty = np.zeros(horizontal.shape, dtype=bool)
    for rule in rules:
        values = series["hips"][horizontal]
        per_frame = np.array([_severity(rule, float(v)) for v in values])
        severities[rule.fault] = float(per_frame.mean()) if per_frame.size else 0.0
        measured[rule.fault] = nanmedian(values)
        faulty[horizontal] |= per_frame >= REP_FAULT_LEVEL
    held = int(horizontal.sum())
    return severities, measured, held, held - int(faulty.sum())


def analyse(
    landmarks: NDArray[np.floating] | list[list[list[float]]],
    exercise: str | None = None,
    *,
    coordinates: Coordinates = "world",
    stages: Sequence[str | None] | None = None,
    stage_min_frames: int = STAGE_MIN_FRAMES,
) -> FormAnalysis:
    """Reps (or, for a hold, time in position), bottom angles, faults with cues and rule scores
    for one set. ``exercise`` (one of :data:`ALL_EXERCISES`) is classified from the movement
    when not given. ``coordinates``: ``"world"`` (MediaPipe's world landmarks, metres) or
    ``"image"`` (its image landmarks, fractions of the frame): image landmarks are measured in
    the image plane with the thresholds calibrated on real image landmarks. ``stages``, one a
    frame ("up"/"down", None unjudged), count the reps where any frame has one
    (:func:`count_stage_reps`, debounced by ``stage_min_frames``); else the working joint's
    angle counts them (:func:`count_reps`)."""
    lm = prepare(landmarks)
    if exercise is None:
        exercise = classify_exercise(image_plane(lm) if coordinates == "image" else lm)
    if exercise not in RULES:
        raise ValueError(f"unknown exercise {exercise!r}; choose from {', '.join(ALL_EXERCISES)}")
    rules = rules_for(exercise, coordinates)
    series = frame_series(lm, exercise, coordinates)
    angles = joint_angles(_plane(lm, exercise, coordinates))
    held = good = 0
    counted_from = ""
    if exercise in HOLDS:
        reps: list[Rep] = []
        severities, measured_one, held, good = _hold(rules, series)
        measured = {f: [v] for f, v in measured_one.items()}
        per_fault = {f: [v] for f, v in severities.items()}
    else:
        staged = stages is not None and any(s is not None for s in stages)
        if stages is not None and staged:
            counted_from = "stages"
            reps = count_stage_reps(stages, series["work"], min_frames=stage_min_frames)
        else:
            counted_from = "angle"
            reps = count_reps(series["work"])
        per_fault = {r.fault: [] for r in rules}
        measured = {r.fault: [] for r in rules}
        for rep in reps:
            for rule in rules:
                value = _measure(rule, exercise, rep, series)
                measured[rule.fault].append(value)
                per_fault[rule.fault].append(_severity(rule, value))
        severities = {f: float(np.mean(v)) if v else 0.0 for f, v in per_fault.items()}
    faults = [
        Fault(
            fault=rule.fault,
            severity=severities[rule.fault],
            reps=0 if exercise in HOLDS else sum(1 for s in per_fault[rule.fault] if s >= 0.25),
            cue=rule.cue,
            measured=_mean_finite(measured[rule.fault]),
            validated_on_real_data=validated_on_real_data(exercise, rule.fault, coordinates),
        )
        for rule in rules
        if severities[rule.fault] >= REPORT_LEVEL
    ]
    faults.sort(key=lambda f: -f.severity)
    if reps:
        bottoms = np.array([r.bottom for r in reps])
        bottom_angles = np.nanmean(angles[bottoms], axis=0)
    else:
        with np.errstate(invalid="ignore"):
            finite = np.isfinite(angles).any(axis=0)
            bottom_angles = np.where(
                finite, np.nanmin(np.where(np.isfinite(angles), angles, np.inf), axis=0), np.nan
            )
    features = {
        f"{fault}_measured": _mean_finite(values) if values else float("nan")
        for fault, values in measured.items()
    }
    score = form_score(severities)
    breakdown = breaks_down(exercise, score)
    return FormAnalysis(
        exercise=exercise,
        reps=reps,
        angles_deg={n: float(v) for n, v in zip(ANGLE_NAMES, bottom_angles, strict=True)},
        faults=faults,
        severities=severities,
        form_score=score,
        risk_score=risk_score(exercise, severities),
        breakdown=breakdown,
        features=features,
        hold_frames=held,
        good_hold_frames=good,
        reps_counted_from=counted_from,
        coordinates=coordinates,
    )


def _mean_finite(values: list[float]) -> float:
    ok = [v for v in values if np.isfinite(v)]
    return float(np.mean(ok)) if ok else float("nan")
