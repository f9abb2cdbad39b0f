"""Push-up faults measured over a whole filmed set, and the set's verdict (image landmarks).

Real push-ups (``shared/data/pushfit-landmarks``: 225 clips labelled only *correct* or *wrong*
per clip) are judged here set by set, not rep by rep: the clips are short (a median of 1-2 reps
found), so each measure is a percentile over **every frame of the set with the trunk seen** (only
the frames with the trunk lying, more than 45 or 55 degrees from vertical, did worse in 5-fold
cross-validation on the development clips: balanced accuracy 0.66 and 0.63 against 0.70). Image
plane, side view, as the rest of the bodyweight rules
(:mod:`fitcoach.analysis.pose`). Each measure grows with the fault, and the fault is found when
it passes its cut-off:

* ``hips_off_line``: the median over the frames of the hips' distance off the shoulder-ankle
  line, degrees (:func:`pose.hip_line_deviation`); named *sagging* or *piking* by the side of the
  line the hips are on most (the labels cannot tell which);
* ``knees_bent``: 180 minus the 5th percentile of the knee angle, degrees (legs not straight);
* ``shallow_depth``: the 5th percentile of the elbow angle, degrees (the bottom of the set's
  reps: a partial range stays high);
* ``elbows_flaring``: the upper arm's angle off the trunk (:func:`pose.elbow_drift`) at the
  bottom (the frames of the lowest 15 % of elbow angles), degrees;
* ``head_dropping``: the 95th percentile of the head's angle below the trunk's line (shoulder
  to ear against hip to shoulder), degrees.

The cut-offs (:data:`CUTS`) and which faults make the verdict (:data:`VERDICT_FAULTS`) were
fitted on the development clips only (``research.validation.pushup_check``, which checks that
they still match); the verdict (a breakdown: any verdict fault found) was scored on held-out
clips (docs/models/form.md, "Real push-ups"). No fault is validated on its own: the labels say
only whether a clip's form was correct.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Final

import numpy as np
from numpy.typing import NDArray

from fitcoach.analysis import pose

FloatArray = NDArray[np.float64]

MEASURES: Final = (
    "hips_off_line",
    "knees_bent",
    "shallow_depth",
    "elbows_flaring",
    "head_dropping",
)
BOTTOM_SHARE: Final = 15.0  # the bottom: frames of the lowest 15 % of elbow angles
MIN_FRAMES: Final = 5  # fewer frames with the trunk seen: nothing to judge

# Fitted on the development clips (``pushup_check.calibrate``): the cut-off of each measure
# alone with the best development balanced accuracy (grid of development quantiles).
CUTS: Final[dict[str, float]] = {
    "hips_off_line": 10.35,
    "knees_bent": 63.83,
    "shallow_depth": 65.81,
    "elbows_flaring": 28.05,
    "head_dropping": 66.19,
}
# Chosen on the development clips by forward selection (``pushup_check.select``): the faults
# whose union (a set is a breakdown when any is found) gave the best development balanced
# accuracy; adding another did not raise it.
VERDICT_FAULTS: Final[tuple[str, ...]] = ("hips_off_line", "knees_bent")

CUES: Final[dict[str, str]] = {
    "hips_sagging": "Squeeze glutes and brace: hips in line with shoulders and heels.",
    "hips_piking": "Lower your hips into one straight line, head to heels.",
    "knees_bent": "Straighten your legs: knees locked, off the floor.",
    "shallow_depth": "Lower your chest to a fist above the floor.",
    "elbows_flaring": "Tuck your elbows to about 45 degrees from your sides.",
    "head_dropping": "Keep your head in line with your back: eyes just ahead of your hands.",
}


def _pct(values: FloatArray, q: float) -> float:
    ok = values[np.isfinite(values)]
    return float(np.percentile(ok, q)) if ok.size else float("nan")


def head_drop(landmarks: FloatArray) -> FloatArray:
    """The head's angle below the trunk's line per frame, degrees: the angle from the hips-to-
    shoulders direction to the shoulders-to-ears one, **positive towards the floor** (y down).
    Image plane; side view."""
    flat = pose.image_plane(landmarks)[:, :, :2]
    shoulder = pose._either(flat, "shoulder")
    trunk = shoulder - pose._either(flat, "hip")
    head = pose._either(flat, "ear") - shoulder
    cross = trunk[:, 0] * head[:, 1] - trunk[:, 1] * head[:, 0]
    dot = np.sum(trunk * head, axis=1)
    with np.errstate(invalid="ignore"):
        # With the head to the image's right (trunk x > 0), a head below the line has cross > 0.
        return np.asarray(np.degrees(np.arctan2(cross * np.sign(trunk[:, 0]), dot)))


@dataclass(frozen=True)
class SetMeasures:
    """A push-up set's measures (degrees; NaN where not seen) and the frames they came from."""

    values: dict[str, float]
    hips_side: float  # the median signed hip-line deviation: below 0 sagging, above piking
    frames_seen: int


def measure(prepared: FloatArray, frames: slice | None = None) -> SetMeasures:
    """The set's measures from prepared landmarks (:func:`pose.prepare`), image plane; over
    ``frames`` only where given (one rep's)."""
    flat = pose.image_plane(prepared)[frames if frames is not None else slice(None)]
    seen = np.isfinite(pose.trunk_lean(flat))
    n = int(seen.sum())
    if n < MIN_FRAMES:
        return SetMeasures(dict.fromkeys(MEASURES, float("nan")), float("nan"), n)
    angles = pose.joint_angles(flat)[seen]
    elbow = pose._pair_mean(angles, "elbow")
    knee = pose._pair_mean(angles, "knee")
    hips = pose.hip_line_deviation(flat)[seen]
    drift = pose.elbow_drift(flat)[seen]
    with np.errstate(invalid="ignore"):
        bottom = elbow <= _pct(elbow, BOTTOM_SHARE)
    values = {
        "hips_off_line": _pct(np.abs(hips), 50.0),
        "knees_bent": 180.0 - _pct(knee, 5.0),
        "shallow_depth": _pct(elbow, 5.0),
        "elbows_flaring": _pct(drift[bottom], 50.0),
        "head_dropping": _pct(head_drop(flat)[seen], 95.0),
    }
    return SetMeasures(values, _pct(hips, 50.0), n)


@dataclass(frozen=True)
class Finding:
    """A fault found in a set: its name for the athlete's cue, the measure and its cut-off."""

    fault: str
    measure: str
    measured: float
    cut: float
    cue: str

    @property
    def severity(self) -> float:
        """How far past the cut-off, 0.15 at it and 1 at twice the way from 0: the scale the
        form score's weights read (:data:`pose.FORM_WEIGHTS`)."""
        span = max(abs(self.cut), 1e-9)
        return float(np.clip(0.15 + 0.85 * (self.measured - self.cut) / span, 0.0, 1.0))


def fault_name(measure_name: str, hips_side: float) -> str:
    """The fault a measure names: the hips off the line sag below it or pike above it."""
    if measure_name == "hips_off_line":
        return "hips_piking" if hips_side > 0 else "hips_sagging"
    return measure_name


def findings(
    measures: SetMeasures,
    cuts: dict[str, float] | None = None,
    verdict: tuple[str, ...] | None = None,
) -> list[Finding]:
    """The verdict's faults found in a set (:data:`VERDICT_FAULTS` by default): each measure
    past its cut-off (:data:`CUTS`), worst first."""
    cuts = CUTS if cuts is None else cuts
    out = []
    for name in VERDICT_FAULTS if verdict is None else verdict:
        value = measures.values[name]
        if np.isfinite(value) and value > cuts[name]:
            fault = fault_name(name, measures.hips_side)
            out.append(Finding(fault, name, value, cuts[name], CUES[fault]))
    return sorted(out, key=lambda f: -f.severity)


def judged(measures: SetMeasures) -> bool:
    """Whether the set could be judged: enough frames with the trunk seen, and every verdict
    measure seen (a missing one would make a breakdown impossible to find)."""
    return measures.frames_seen >= MIN_FRAMES and all(
        np.isfinite(measures.values[m]) for m in VERDICT_FAULTS
    )


@dataclass(frozen=True)
class Verdict:
    """What the calibrated verdict says about a push-up set, in :mod:`pose`'s terms."""

    judged: bool  # False: too little of the body seen to judge (never a breakdown)
    faults: list[pose.Fault]  # the verdict's faults found, worst first
    severities: dict[str, float]  # every fault the verdict can name (0 where not found)
    measured: dict[str, float]  # every measure, for developers

    @property
    def breakdown(self) -> bool:
        return self.judged and bool(self.faults)


def assess(
    prepared: FloatArray, reps: list[pose.Rep], verdict: tuple[str, ...] = VERDICT_FAULTS
) -> Verdict:
    """The verdict of a push-up set from prepared image landmarks and its reps: the faults of
    ``verdict`` (the calibrated rule's by default; the learned verdict, ``ml.form.pushup_model``,
    names every measure) found over the set, each with the reps whose own frames show it."""
    measures = measure(prepared)
    ok = judged(measures)
    found = findings(measures, verdict=verdict) if ok else []
    names = sorted({fault_name(m, side) for m in verdict for side in (-1.0, 1.0)})
    severities = dict.fromkeys(names, 0.0)
    faults = []
    for f in found:
        severities[f.fault] = f.severity
        in_reps = sum(
            bool(
                np.isfinite(v := measure(prepared, slice(r.start, r.end + 1)).values[f.measure])
                and v > f.cut
            )
            for r in reps
        )
        faults.append(pose.Fault(f.fault, f.severity, in_reps, f.cue, f.measured, False))
    return Verdict(ok, faults, severities, dict(measures.values))


def with_verdict(
    analysis: pose.FormAnalysis, landmarks: NDArray[np.floating] | list[list[list[float]]]
) -> pose.FormAnalysis:
    """``analysis`` (``pose.analyse`` of these landmarks) judged by the calibrated verdict: for a
    push-up on image landmarks its faults, severities, score and breakdown are the verdict's
    (``verdict``: "verdict", or "not_judged" where too little of the body was seen). Anything
    else comes back unchanged. Applied here, by the caller, rather than inside ``pose.analyse``,
    because this module builds on ``pose`` (no import circle)."""
    if not (
        analysis.exercise == "push_up"
        and analysis.coordinates == "image"
        and pose.PUSH_UP_VERDICT_ON_REAL_DATA
    ):
        return analysis
    judged = assess(pose.prepare(landmarks), analysis.reps)
    return replace(
        analysis,
        faults=judged.faults,
        severities=judged.severities,
        features={f"{m}_measured": v for m, v in judged.measured.items()},
        form_score=pose.form_score(judged.severities),
        risk_score=pose.risk_score("push_up", judged.severities),
        breakdown=judged.breakdown,
        verdict="verdict" if judged.judged else "not_judged",
    )
