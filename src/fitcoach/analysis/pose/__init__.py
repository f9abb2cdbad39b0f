"""Exercise form from pose landmarks, geometrically: joint angles, reps, faults, a rule score.

Input is MediaPipe Pose's 33-landmark layout as a float array ``(frames, 33, 3)`` of x, y, z
with **y pointing down** (MediaPipe's image and world landmarks both do); a missing landmark
(dropped or not visible) is NaN. Units cancel in every angle, so metres (MediaPipe's world
landmarks) and normalised image coordinates both work; the horizontal-plane measures (knee
valgus) need all three coordinates.

Everything here is pure NumPy: the geometric baseline the learned model (``fitcoach.ml.form``)
is compared against, and what the product falls back on where no model is installed. The fault
rules and their thresholds are written from common coaching cues, not fitted to data:

* depth: the bottom angle of the working joint (knee for squat and lunge, elbow for bench
  press and overhead press) above its target;
* incomplete lockout: the top angle of the working joint (knee, hip for the deadlift, elbow)
  short of straight;
* forward lean: the trunk's angle from vertical at the bottom beyond what the lift needs;
* knee valgus: the knees closer together than the ankles at the bottom, in the horizontal
  plane (so the camera's yaw does not matter);
* rounded back: the head and neck carried forward and down from the line of the trunk
  (33 landmarks have no spine points, so flexion of the upper back shows only there).

Push-up, plank, bicep curl and the lunge's knee over toe are measured **in the image
plane** (x, y only): they assume a **side view**, the way these exercises are filmed and the way
the real labelled landmarks of ``shared/data/pose-exercise-correction`` were. MediaPipe's image
landmarks are fractions of the frame's width and height (y down) with a depth z that is far
noisier than x and y, so z is left out there; a front view makes those measures meaningless
(hips in line with the shoulders whatever their height, the knee over the toes always). The
frame's aspect ratio stretches image-plane angles (x and y are fractions of different lengths);
world landmarks (metres) do not have that problem. For image landmarks
(``analyse(..., coordinates="image")``) every angle is taken in the image plane, and the cuts
calibrated on real labelled image landmarks (:data:`IMAGE_RULES`, :data:`IMAGE_STAGE_BANDS`)
replace the written ones; the world thresholds stay as written (no real world landmarks with
labels were available).

* hips sagging / piking (push-up, plank): the hips' signed angle off the shoulder-ankle line
  (the knees where the ankles are not seen), positive above it;
* knee over toe (lunge): how far the front knee is past the front toes horizontally, in shin
  lengths, in the direction the foot points;
* leaning back (bicep curl): the trunk's angle behind vertical (facing from the nose);
* elbow drift (bicep curl): the upper arm's angle off the trunk, the elbow leaving the side.

One module a job: ``landmarks`` (MediaPipe's 33-landmark layout, the exercises, faults and
joint angles by name), ``rules`` (the fault rules, the image-plane cuts calibrated on real
landmarks, what real data validated, the form and risk scores), ``geometry`` (gap filling,
smoothing, joint angles and the other measures of a frame), ``reps`` (stages and rep counting),
``classify`` (which exercise a set is) and ``assessment`` (faults per rep and hold, and
``analyse``, the whole form analysis). Each imports only the ones listed before it.
"""

from __future__ import annotations

from fitcoach.analysis.pose.assessment import (
    REP_FAULT_LEVEL,
    Fault,
    FormAnalysis,
    analyse,
    breaks_down,
    frame_series,
)
from fitcoach.analysis.pose.classify import classify_exercise
from fitcoach.analysis.pose.geometry import _either as _either
from fitcoach.analysis.pose.geometry import _pair_mean as _pair_mean
from fitcoach.analysis.pose.geometry import (
    as_landmarks,
    elbow_drift,
    fill_gaps,
    hip_line_deviation,
    image_plane,
    joint_angles,
    knee_ankle_ratio,
    knee_over_toe_ratio,
    nanmedian,
    neck_flexion,
    normalise,
    prepare,
    smooth,
    trunk_lean,
    trunk_lean_back,
)
from fitcoach.analysis.pose.landmarks import _ANGLE_TRIPLES as _ANGLE_TRIPLES
from fitcoach.analysis.pose.landmarks import _PAIR as _PAIR
from fitcoach.analysis.pose.landmarks import _WORKING as _WORKING
from fitcoach.analysis.pose.landmarks import (
    ALL_EXERCISES,
    ANGLE_NAMES,
    BODYWEIGHT_EXERCISES,
    EDGES,
    EXERCISES,
    FAULTS,
    HOLDS,
    IDX,
    LANDMARKS,
    N_LANDMARKS,
    Coordinates,
    FloatArray,
)
from fitcoach.analysis.pose.reps import (
    MIN_RANGE_DEG,
    PLANK_MAX_ELBOW_RANGE_DEG,
    STAGE_MIN_FRAMES,
    Rep,
    count_reps,
    count_stage_reps,
    rule_stages,
    stage,
    stage_phases,
)
from fitcoach.analysis.pose.rules import (
    BREAKDOWN_SCORE,
    EXTRA_RULES,
    FORM_WEIGHTS,
    IMAGE_RULES,
    IMAGE_STAGE_BANDS,
    LOAD_FACTOR,
    PUSH_UP_VERDICT_ON_REAL_DATA,
    REAL_DATA_VALIDATED,
    REFUTED_ON_REAL_DATA,
    REPORT_LEVEL,
    RISK_BASE,
    RISK_WEIGHTS,
    RULES,
    STAGE_BANDS,
    FaultRule,
    form_score,
    risk_score,
    rules_for,
    validated_on_real_data,
)

__all__ = [
    "ALL_EXERCISES",
    "ANGLE_NAMES",
    "BODYWEIGHT_EXERCISES",
    "BREAKDOWN_SCORE",
    "EDGES",
    "EXERCISES",
    "EXTRA_RULES",
    "FAULTS",
    "FORM_WEIGHTS",
    "HOLDS",
    "IDX",
    "IMAGE_RULES",
    "IMAGE_STAGE_BANDS",
    "LANDMARKS",
    "LOAD_FACTOR",
    "MIN_RANGE_DEG",
    "N_LANDMARKS",
    "PLANK_MAX_ELBOW_RANGE_DEG",
    "PUSH_UP_VERDICT_ON_REAL_DATA",
    "REAL_DATA_VALIDATED",
    "REFUTED_ON_REAL_DATA",
    "REPORT_LEVEL",
    "REP_FAULT_LEVEL",
    "RISK_BASE",
    "RISK_WEIGHTS",
    "RULES",
    "STAGE_BANDS",
    "STAGE_MIN_FRAMES",
    "Coordinates",
    "Fault",
    "FaultRule",
    "FloatArray",
    "FormAnalysis",
    "Rep",
    "analyse",
    "as_landmarks",
    "breaks_down",
    "classify_exercise",
    "count_reps",
    "count_stage_reps",
    "elbow_drift",
    "fill_gaps",
    "form_score",
    "frame_series",
    "hip_line_deviation",
    "image_plane",
    "joint_angles",
    "knee_ankle_ratio",
    "knee_over_toe_ratio",
    "nanmedian",
    "neck_flexion",
    "normalise",
    "prepare",
    "risk_score",
    "rule_stages",
    "rules_for",
    "smooth",
    "stage",
    "stage_phases",
    "trunk_lean",
    "trunk_lean_back",
    "validated_on_real_data",
]
