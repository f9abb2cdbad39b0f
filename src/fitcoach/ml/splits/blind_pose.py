"""The blind clip split of the exercise-form data (``blind_pose_split.json``) and its loader:
what the form models train on ("dev") and are scored on once ("test").

The split was written blind (see ``research.validation.blind_pose`` in a source checkout for
how clips were cut, how the split is checked or regenerated, and the scoring protocol). The
JSON is data: it stores every clip's file, row range and side, so clip ids never move with code.
Do not change it to fit a model.

Data
    ``shared/data/pose-exercise-correction/`` (MIT licence, copyright Ngo Quoc Bao; from the
    GitHub project NgoQuocBao1010/Exercise-Correction). One CSV row per video frame kept by the
    authors: ``label`` then ``<landmark>_x/_y/_z/_v`` for the subset of the 33 MediaPipe Pose
    landmarks each exercise uses. x and y are *image-normalised* coordinates (fractions of the
    frame width/height, y pointing down: values sit in [0, 1] and run slightly outside it when
    a limb leaves the frame, e.g. -0.03..1.17 in the Kaggle plank file; hip y is 0.4-0.7, not
    ~0 as it would be in MediaPipe's hip-centred world coordinates in metres). z is MediaPipe's
    relative depth on roughly the x scale, _v its visibility score in [0, 1].

Tasks and label meanings (from the project's READMEs and checked against the landmarks)
    squat_stage          squat_model__train.csv + squat_model__test.csv: "up" / "down"
                         (mean hip y 0.44 up vs 0.63 down).
    lunge_stage          lunge_model__stage.test.csv: I = "init" (standing), M = "mid",
                         D = "down" (mean hip y 0.44 / 0.51 / 0.65).
    lunge_knee_over_toe  lunge_model__err.test.csv: C = "correct", L = "knee_over_toe".
    plank_form           plank_model__test.csv + plank_model__kaggle.csv (all C): C = "correct",
                         H = "high_back" (hips 0.25 above the shoulders in y), L = "low_back"
                         (hips 0.11 below them).
    bicep_lean_back      bicep_model__test.csv: C = "correct", L = "lean_back".
    The projects' train files for lunge, plank and bicep are not in the shared copy.

Split
    Per task, clips in (file, start row) order; each clip's stratum is its majority label (ties:
    first in class order). One ``numpy.random.default_rng(SEED)`` permutes each stratum in class
    order, tasks in ``TASKS`` order, and the first ``round(TEST_FRACTION * n)`` clips of each
    stratum go to "test". The JSON stores every clip's file, row range and side. Check or
    regenerate with ``python -m research.validation.blind_pose [--write]``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final, Literal

import numpy as np
import pandas as pd

SEED: Final = 20261126
TEST_FRACTION: Final = 0.3
SPLIT_PATH: Final = Path(__file__).with_name("blind_pose_split.json")
META_COLUMNS: Final = ("file", "row", "clip", "split", "label")

Split = Literal["dev", "test"]


@dataclass(frozen=True)
class TaskSpec:
    """Where a task's frames live, what their raw labels mean and how clips are cut."""

    files: tuple[str, ...]
    labels: dict[str, str]  # raw CSV label -> clear name
    classes: tuple[str, ...]  # clear names; for binary tasks the second is the positive class
    anchors: tuple[str, ...] | None  # landmarks for the jump; None = all in the file
    jump_threshold: float
    min_rows: int


TASK_SPECS: Final[dict[str, TaskSpec]] = {
    "squat_stage": TaskSpec(
        ("squat_model__train.csv", "squat_model__test.csv"),
        {"up": "up", "down": "down"},
        ("up", "down"),
        ("left_ankle", "right_ankle"),
        0.03,
        20,
    ),
    "lunge_stage": TaskSpec(
        ("lunge_model__stage.test.csv",),
        {"I": "init", "M": "mid", "D": "down"},
        ("init", "mid", "down"),
        None,
        0.05,
        60,
    ),
    "lunge_knee_over_toe": TaskSpec(
        ("lunge_model__err.test.csv",),
        {"C": "correct", "L": "knee_over_toe"},
        ("correct", "knee_over_toe"),
        None,
        0.05,
        20,
    ),
    "plank_form": TaskSpec(
        ("plank_model__test.csv", "plank_model__kaggle.csv"),
        {"C": "correct", "H": "high_back", "L": "low_back"},
        ("correct", "high_back", "low_back"),
        None,
        0.03,
        20,
    ),
    "bicep_lean_back": TaskSpec(
        ("bicep_model__test.csv",),
        {"C": "correct", "L": "lean_back"},
        ("correct", "lean_back"),
        ("left_hip", "right_hip"),
        0.03,
        20,
    ),
}
TASKS: Final = tuple(TASK_SPECS)


def default_pose_dir() -> Path:
    """``$FITCOACH_POSE_DIR``, else the first ``shared/data/pose-exercise-correction`` above
    this file."""
    env = os.environ.get("FITCOACH_POSE_DIR")
    if env:
        return Path(env)
    for parent in Path(__file__).resolve().parents:
        candidate = parent / "shared" / "data" / "pose-exercise-correction"
        if candidate.is_dir():
            return candidate
    return Path("shared/data/pose-exercise-correction")


def _spec(task: str) -> TaskSpec:
    if task not in TASK_SPECS:
        raise KeyError(f"unknown task {task!r}; known: {', '.join(TASKS)}")
    return TASK_SPECS[task]


def read_raw(task: str, root: Path | None = None) -> pd.DataFrame:
    """The task's CSVs as written, concatenated, with ``file`` and ``row`` (0-based data row)."""
    root = root if root is not None else default_pose_dir()
    parts = []
    for name in _spec(task).files:
        frame = pd.read_csv(root / name)
        frame.insert(0, "row", np.arange(len(frame)))
        frame.insert(0, "file", name)
        parts.append(frame)
    return pd.concat(parts, ignore_index=True)


def landmark_columns(frame: pd.DataFrame) -> list[str]:
    """The ``<landmark>_x/_y/_z/_v`` columns, in file order."""
    return [c for c in frame.columns if c not in META_COLUMNS]


def stored(split_path: Path | None = None) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((split_path or SPLIT_PATH).read_text())
    return data


def load_task(
    task: str,
    split: Split | None = None,
    root: Path | None = None,
    split_path: Path | None = None,
) -> pd.DataFrame:
    """Frames of ``task`` (``split`` = "dev"/"test", or None for all) with ``file``, ``row``,
    ``clip``, ``split``, ``label`` (clear name) and the landmark columns, in file/row order.

    Clip ids come from the stored JSON, so they never move with code."""
    spec = _spec(task)
    raw = read_raw(task, root)
    raw["label"] = raw["label"].map(spec.labels)
    if raw["label"].isna().any():
        raise ValueError(f"{task}: unexpected raw labels")
    raw.insert(2, "clip", "")
    raw.insert(3, "split", "")
    for clip in stored(split_path)["tasks"][task]["clips"]:
        rows = (raw["file"] == clip["file"]) & raw["row"].between(clip["start"], clip["stop"] - 1)
        raw.loc[rows, "clip"] = clip["clip"]
        raw.loc[rows, "split"] = clip["split"]
    if (raw["clip"] == "").any():
        raise ValueError(f"{task}: {(raw['clip'] == '').sum()} rows outside every stored clip")
    if split is not None:
        raw = raw[raw["split"] == split].reset_index(drop=True)
    return raw
