"""MediaPipe Pose's 33-landmark layout and the names the form analysis speaks in: the exercises
it knows, the faults it measures, the joint angles and which of them drive a rep.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float64]


LANDMARKS: Final = (
    "nose",
    "left_eye_inner",
    "left_eye",
    "left_eye_outer",
    "right_eye_inner",
    "right_eye",
    "right_eye_outer",
    "left_ear",
    "right_ear",
    "mouth_left",
    "mouth_right",
    "left_shoulder",
    "right_shoulder",
    "left_elbow",
    "right_elbow",
    "left_wrist",
    "right_wrist",
    "left_pinky",
    "right_pinky",
    "left_index",
    "right_index",
    "left_thumb",
    "right_thumb",
    "left_hip",
    "right_hip",
    "left_knee",
    "right_knee",
    "left_ankle",
    "right_ankle",
    "left_heel",
    "right_heel",
    "left_foot_index",
    "right_foot_index",
)


N_LANDMARKS: Final = 33


IDX: Final = {name: i for i, name in enumerate(LANDMARKS)}


# MediaPipe's POSE_CONNECTIONS: the skeleton's bones, the graph the model convolves over.
EDGES: Final = (
    (0, 1), (1, 2), (2, 3), (3, 7), (0, 4), (4, 5), (5, 6), (6, 8), (9, 10),
    (11, 12), (11, 13), (13, 15), (15, 17), (15, 19), (15, 21), (17, 19),
    (12, 14), (14, 16), (16, 18), (16, 20), (16, 22), (18, 20),
    (11, 23), (12, 24), (23, 24), (23, 25), (24, 26), (25, 27), (26, 28),
    (27, 29), (28, 30), (29, 31), (30, 32), (27, 31), (28, 32),
)  # fmt: skip


# The lifts the synthetic generator draws and the learned model classifies (its head has five
# outputs and its artefact's schema lists them): do not extend this tuple without retraining.
EXERCISES: Final = ("squat", "deadlift", "bench_press", "overhead_press", "lunge")


# Exercises only the geometric rule knows, measured in the image plane (side view).
BODYWEIGHT_EXERCISES: Final = ("push_up", "plank", "bicep_curl")


ALL_EXERCISES: Final = EXERCISES + BODYWEIGHT_EXERCISES


HOLDS: Final = ("plank",)  # held, not repeated: time in a good position instead of reps


FAULTS: Final = (
    "knee_valgus",
    "shallow_depth",
    "forward_lean",
    "rounded_back",
    "incomplete_lockout",
    "hips_sagging",
    "hips_piking",
    "knee_over_toe",
    "leaning_back",
    "elbow_drift",
)


ANGLE_NAMES: Final = (
    "left_knee",
    "right_knee",
    "left_hip",
    "right_hip",
    "left_elbow",
    "right_elbow",
)


# (a, vertex, b): the angle at the vertex between the bones to a and b, degrees (180 = straight).
_ANGLE_TRIPLES: Final = (
    (IDX["left_hip"], IDX["left_knee"], IDX["left_ankle"]),
    (IDX["right_hip"], IDX["right_knee"], IDX["right_ankle"]),
    (IDX["left_shoulder"], IDX["left_hip"], IDX["left_knee"]),
    (IDX["right_shoulder"], IDX["right_hip"], IDX["right_knee"]),
    (IDX["left_shoulder"], IDX["left_elbow"], IDX["left_wrist"]),
    (IDX["right_shoulder"], IDX["right_elbow"], IDX["right_wrist"]),
)


# Which angle pair drives a rep (its bottom is the small angle) and which one must lock out.
_WORKING: Final = {
    "squat": ("knee", "knee"),
    "lunge": ("knee", "knee"),
    "deadlift": ("hip", "hip"),
    "bench_press": ("elbow", "elbow"),
    "overhead_press": ("elbow", "elbow"),
    "push_up": ("elbow", "elbow"),
    "bicep_curl": ("elbow", "elbow"),
    "plank": ("elbow", "elbow"),  # a hold: no reps are counted
}


_PAIR: Final = {"knee": (0, 1), "hip": (2, 3), "elbow": (4, 5)}


Coordinates = Literal["world", "image"]
