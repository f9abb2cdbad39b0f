"""Per-frame form classifiers trained on real image landmarks.

The labelled CSVs of ``shared/data/pose-exercise-correction`` hold single frames (kept by key
presses) with 9-17 of MediaPipe's 33 landmarks, in *image* coordinates (x, y fractions of the
frame, y down; z MediaPipe's noisy relative depth). The GNN-LSTM of :mod:`fitcoach.ml.form`
needs whole evenly sampled sets of all 33 world landmarks, so it cannot read them. This module
is the learned alternative that can: one small gradient-boosted tree model per task of
:mod:`fitcoach.ml.splits.blind_pose`, trained on DEV clips only.

Features (:func:`frame_features`, one row per frame, NaN where a landmark is missing):

* the rule's own image-plane measures: six joint angles, the front (more bent) knee, the trunk's
  angle from vertical, the hips off the shoulder-ankle line, the knee past the toes, the trunk
  behind vertical, the upper arm off the trunk (:mod:`fitcoach.analysis.pose`);
* every landmark's (x, y) relative to the hips' midpoint, divided by the clip's median torso
  length and mirrored so that the athlete faces +x (the side of the shoulders the nose is on
  over the clip, else the way the toes point).

Only x and y are read: z is dropped (image versus world coordinates: the same features come
from image landmarks and from world or generated landmarks seen by an orthographic camera), so
nothing depends on where the person stands, how large they appear or which way they face.

Generated frames (``fitcoach.pipelines.form.real_frames``; the hyperparameters were chosen by
grouped CV over DEV clips in ``research.pipelines.form.real_frames_select``) can join the training set (``extra``): the form
generator draws squats and lunges, projected to the same image features; on DEV they lowered
the CV score of both stage tasks, so :data:`CHOSEN` uses none. :func:`stages` is what the
product runs (the squat's stage, where the model beat the rule on TEST).
"""

from __future__ import annotations

import gzip
import io
import json
import pickle
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from fitcoach.analysis import pose
from fitcoach.ml import registry
from fitcoach.ml.splits import blind_pose as bp

FloatArray = NDArray[np.float64]

NAME: Final = "form_frames"
PACKAGED_ROOT: Final = Path(__file__).resolve().parent.parent / "artefacts"
SEED: Final = 0
MIN_VISIBILITY: Final = 0.5  # as ``sensors.pose``: a landmark seen less surely is missing
MEASURES: Final[tuple[str, ...]] = (
    *(f"{a}_deg" for a in pose.ANGLE_NAMES),
    "front_knee_deg",
    "trunk_lean_deg",
    "hip_line_deg",
    "knee_over_toe_shin",
    "trunk_lean_back_deg",
    "elbow_drift_deg",
)
POSITIONS: Final[tuple[str, ...]] = tuple(
    f"{name}_{axis}" for name in pose.LANDMARKS for axis in "xy"
)
FEATURES: Final[tuple[str, ...]] = (*MEASURES, *POSITIONS)
SCHEMA: Final[dict[str, Any]] = {
    "version": "form-frames-1",
    "features": list(FEATURES),
    "tasks": {t: list(bp.TASK_SPECS[t].classes) for t in bp.TASKS},
}

# Fixed for every fit; the grid of the others is ``GRID`` in research's hyperparameter search
# (``research.pipelines.form.real_frames_select``).
FIXED: Final[dict[str, Any]] = {"learning_rate": 0.1, "l2_regularization": 1.0}


def _chosen(max_iter: int, leaves: int, leaf: int) -> dict[str, Any]:
    return {
        "max_iter": max_iter,
        "max_leaf_nodes": leaves,
        "min_samples_leaf": leaf,
        "augment": False,
    }


# ``python -m research.pipelines.form.real_frames_select`` (2026-11-26): the best DEV CV balanced
# accuracy per task (ties: the first grid point). Generated frames lowered it on both stage
# tasks (best with them: squat 0.990, lunge stage 0.944), so no task uses them.
CHOSEN: Final[dict[str, dict[str, Any]]] = {
    "squat_stage": _chosen(150, 15, 60),
    "lunge_stage": _chosen(50, 7, 60),
    "lunge_knee_over_toe": _chosen(50, 7, 20),
    "plank_form": _chosen(50, 7, 60),
    "bicep_lean_back": _chosen(50, 7, 20),
}
DEV_CV: Final[dict[str, dict[str, float]]] = {
    "squat_stage": {"chosen": 0.9948, "best_augmented": 0.9899},
    "lunge_stage": {"chosen": 0.9626, "best_augmented": 0.9444},
    "lunge_knee_over_toe": {"chosen": 0.9825},
    "plank_form": {"chosen": 0.9123},
    "bicep_lean_back": {"chosen": 0.9930},
}

# --------------------------------------------------------------------------- features


def _either(xy: FloatArray, part: str) -> FloatArray:
    """``(frames, 2)``: the mean of the left and right ``part`` seen (NaN if neither)."""
    pair = xy[:, [pose.IDX[f"left_{part}"], pose.IDX[f"right_{part}"]]]
    ok = np.isfinite(pair).all(axis=2, keepdims=True)
    count = ok.sum(axis=1)
    total = np.where(ok, pair, 0.0).sum(axis=1)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan))


def facing(landmarks: FloatArray) -> float:
    """+1 if the athlete faces +x in the image, -1 if -x, over the whole clip: the side of the
    shoulders the nose is on, else the way the toes point from the heels; +1 if neither says."""
    xy = np.asarray(landmarks, dtype=np.float64)[:, :, :2]
    nose = pose.nanmedian(xy[:, pose.IDX["nose"], 0] - _either(xy, "shoulder")[:, 0])
    if np.isfinite(nose) and nose != 0.0:
        return float(np.sign(nose))
    toes = pose.nanmedian(_either(xy, "foot_index")[:, 0] - _either(xy, "heel")[:, 0])
    if np.isfinite(toes) and toes != 0.0:
        return float(np.sign(toes))
    return 1.0


def measures(landmarks: FloatArray) -> FloatArray:
    """``(frames, len(MEASURES))``: the rule's image-plane measures of one clip."""
    flat = pose.image_plane(np.asarray(landmarks, dtype=np.float64))
    with np.errstate(invalid="ignore", divide="ignore"):
        angles = pose.joint_angles(flat)
        knees = angles[:, :2]
        front = np.where(np.isfinite(knees), knees, np.inf).min(axis=1)
        columns = [
            *(angles[:, i] for i in range(angles.shape[1])),
            np.where(np.isfinite(front), front, np.nan),
            pose.trunk_lean(flat),
            pose.hip_line_deviation(flat),
            pose.knee_over_toe_ratio(flat),
            pose.trunk_lean_back(flat),
            pose.elbow_drift(flat),
        ]
        out = np.stack(columns, axis=1).astype(np.float64)
    return np.asarray(np.where(np.isfinite(out), out, np.nan))


def positions(landmarks: FloatArray) -> FloatArray:
    """``(frames, 66)``: each landmark's (x, y) from the hips' midpoint in units of the clip's
    median torso length (shoulders' to hips' midpoint), x mirrored so the athlete faces +x."""
    xy = np.asarray(landmarks, dtype=np.float64)[:, :, :2]
    hips = _either(xy, "hip")
    torso = pose.nanmedian(np.linalg.norm(_either(xy, "shoulder") - hips, axis=1))
    if not np.isfinite(torso) or torso <= 0.0:
        return np.full((len(xy), 2 * pose.N_LANDMARKS), np.nan)
    rel = (xy - hips[:, None, :]) / torso
    rel[:, :, 0] *= facing(landmarks)
    return np.asarray(rel.reshape(len(xy), -1), dtype=np.float64)


def frame_features(landmarks: FloatArray) -> FloatArray:
    """``(frames, len(FEATURES))`` features of one clip (or set) of ``(frames, 33, 3)`` image
    landmarks (z is ignored); NaN where undefined."""
    lm = np.asarray(landmarks, dtype=np.float64)
    if lm.ndim != 3 or lm.shape[1:] != (pose.N_LANDMARKS, 3):
        raise ValueError(f"landmarks must be (frames, 33, 3), not {lm.shape}")
    return np.concatenate([measures(lm), positions(lm)], axis=1)


def landmarks_of(rows: pd.DataFrame, min_visibility: float = MIN_VISIBILITY) -> FloatArray:
    """``(frames, 33, 3)`` image landmarks of CSV rows: NaN for the landmarks the file does
    not hold and where the visibility is below ``min_visibility`` (as the product drops them)."""
    out = np.full((len(rows), pose.N_LANDMARKS, 3), np.nan)
    names = {c.rsplit("_", 1)[0] for c in bp.landmark_columns(rows)}
    for name in names:
        xyz = rows[[f"{name}_{a}" for a in "xyz"]].to_numpy(np.float64)
        seen = rows[f"{name}_v"].to_numpy(np.float64) >= min_visibility
        out[:, pose.IDX[name]] = np.where(seen[:, None], xyz, np.nan)
    return out


def rows_features(rows: pd.DataFrame) -> FloatArray:
    """Features of ``blind_pose`` rows (in their order), computed clip by clip."""
    out = np.full((len(rows), len(FEATURES)), np.nan)
    for idx in rows.groupby("clip", sort=False).indices.values():
        out[idx] = frame_features(landmarks_of(rows.iloc[idx]))
    return out


# --------------------------------------------------------------------------- training


def present_landmarks(rows: pd.DataFrame) -> list[str]:
    return sorted({c.rsplit("_", 1)[0] for c in bp.landmark_columns(rows)})


@dataclass(frozen=True)
class TaskModel:
    """A fitted classifier and the feature columns it reads (those with at least two distinct
    finite values in its training set: a task's CSV holds only some landmarks)."""

    estimator: Any
    columns: tuple[int, ...]

    @property
    def classes_(self) -> list[str]:
        return [str(c) for c in self.estimator.classes_]


def fit(
    x: FloatArray,
    y: NDArray[np.str_],
    params: dict[str, Any],
    seed: int = SEED,
    weight: FloatArray | None = None,
) -> TaskModel:
    """A histogram gradient-boosted tree classifier (classes weighted to balance), one thread."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from fitcoach.ml.threads import one_thread

    columns = tuple(j for j in range(x.shape[1]) if len(np.unique(x[np.isfinite(x[:, j]), j])) >= 2)
    model = HistGradientBoostingClassifier(
        max_iter=int(params["max_iter"]),
        max_leaf_nodes=int(params["max_leaf_nodes"]),
        min_samples_leaf=int(params["min_samples_leaf"]),
        learning_rate=float(FIXED["learning_rate"]),
        l2_regularization=float(FIXED["l2_regularization"]),
        class_weight="balanced",
        early_stopping=False,
        random_state=seed,
    )
    with one_thread():
        model.fit(x[:, list(columns)], y, sample_weight=weight)
    return TaskModel(model, columns)


def proba(model: TaskModel, x: FloatArray, classes: Sequence[str]) -> FloatArray:
    """``(frames, len(classes))`` probabilities in ``classes`` order (0 for a class the model
    never saw)."""
    from fitcoach.ml.threads import one_thread

    with one_thread():
        raw = model.estimator.predict_proba(x[:, list(model.columns)])
    out = np.zeros((len(x), len(classes)))
    known = model.classes_
    for j, c in enumerate(classes):
        if c in known:
            out[:, j] = raw[:, known.index(c)]
    return out


Generated = tuple[FloatArray, NDArray[np.str_]]  # features and labels of generated frames
GENERATED_WEIGHT: Final = 0.5  # each generated frame's weight (as many as the DEV frames)


def _with(
    x: FloatArray, y: NDArray[np.str_], extra: Generated | None
) -> tuple[FloatArray, NDArray[np.str_], FloatArray]:
    w = np.ones(len(y))
    if extra is None:
        return x, y, w
    xs, ys = extra
    return (
        np.concatenate([x, xs]),
        np.concatenate([y, ys]),
        np.concatenate([w, np.full(len(ys), GENERATED_WEIGHT)]),
    )


def _extra(task: str, params: dict[str, Any], extra: Generated | None) -> Generated | None:
    if not params.get("augment"):
        return None
    if extra is None:
        raise ValueError(
            f"{task}: augment needs generated frames "
            "(fitcoach.pipelines.form.real_frames.generated_for makes them)"
        )
    return extra


def train_task(
    task: str,
    dev: pd.DataFrame,
    params: dict[str, Any],
    seed: int = SEED,
    extra: Generated | None = None,
) -> TaskModel:
    """The task's model fitted on ``dev`` rows (DEV clips only) with ``params`` (and the
    generated frames ``extra`` when ``params["augment"]``)."""
    x, y, w = _with(rows_features(dev), dev["label"].to_numpy(str), _extra(task, params, extra))
    return fit(x, y, params, seed, w)


def cv_balanced_accuracy(
    task: str,
    dev: pd.DataFrame,
    params: dict[str, Any],
    seed: int = SEED,
    folds: int = 5,
    extra: Generated | None = None,
) -> float:
    """Frame balanced accuracy of out-of-fold predictions, folds of whole DEV clips
    (GroupKFold; generated frames only ever join the training folds)."""
    from sklearn.model_selection import GroupKFold

    classes = list(bp.TASK_SPECS[task].classes)
    x = rows_features(dev)
    y = dev["label"].to_numpy(str)
    groups = dev["clip"].to_numpy(str)
    n = min(folds, len(np.unique(groups)))
    synth = _extra(task, params, extra)
    predicted = np.empty(len(y), dtype=object)
    for train, held in GroupKFold(n_splits=n).split(x, y, groups):
        xt, yt, wt = _with(x[train], y[train], synth)
        model = fit(xt, yt, params, seed, wt)
        predicted[held] = np.asarray(classes)[np.argmax(proba(model, x[held], classes), axis=1)]
    recalls = [float(np.mean(predicted[y == c] == c)) for c in classes if np.any(y == c)]
    return float(np.mean(recalls))


# --------------------------------------------------------------------------- artefact


@dataclass(frozen=True)
class FrameModels:
    """The trained per-task models and the parameters they were trained with."""

    models: dict[str, TaskModel]
    params: dict[str, dict[str, Any]]
    landmarks: dict[str, tuple[str, ...]]  # per task, the landmarks its training CSV holds

    def features(self, task: str, landmarks: FloatArray) -> FloatArray:
        """Features of one clip of image landmarks, reading only the landmarks the task's
        model was trained with (a video has all 33; the CSVs 9-17, and a measure such as the
        trunk's angle must mean the same as in training)."""
        lm = np.array(landmarks, dtype=np.float64)
        keep = np.zeros(pose.N_LANDMARKS, dtype=bool)
        keep[[pose.IDX[n] for n in self.landmarks[task]]] = True
        lm[:, ~keep] = np.nan
        return frame_features(lm)

    def predict_proba(self, task: str, landmarks: FloatArray) -> FloatArray:
        """``(frames, classes)`` probabilities for one clip of image landmarks."""
        classes = bp.TASK_SPECS[task].classes
        return proba(self.models[task], self.features(task, landmarks), classes)


def data_fingerprint(root: Path | None = None) -> str:
    """SHA-256 of the DEV rows of every task (the only rows training reads) and the split."""
    parts: list[bytes | str] = [bp.SPLIT_PATH.read_bytes()]
    for task in bp.TASKS:
        dev = bp.load_task(task, "dev", root)
        parts.append(task)
        parts.append(dev.to_csv(index=False))
    return registry.data_hash(parts)


def train(
    root: Path | None = None,
    tasks: Sequence[str] = bp.TASKS,
    params: dict[str, dict[str, Any]] | None = None,
    seed: int = SEED,
    extra: Mapping[str, Generated] | None = None,
) -> FrameModels:
    """One model per task on its DEV clips with the chosen parameters (seconds on one core);
    ``extra``: generated frames per task, for the tasks whose parameters augment."""
    chosen = params if params is not None else CHOSEN
    models: dict[str, TaskModel] = {}
    present: dict[str, tuple[str, ...]] = {}
    for task in tasks:
        dev = bp.load_task(task, "dev", root)
        models[task] = train_task(task, dev, chosen[task], seed, (extra or {}).get(task))
        present[task] = tuple(present_landmarks(dev))
    return FrameModels(models, {t: dict(chosen[t]) for t in tasks}, present)


def _pickle(value: Any) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(fileobj=buffer, mode="wb", compresslevel=9, mtime=0) as handle:
        pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
    return buffer.getvalue()


def save(
    models: FrameModels,
    out: Path,
    *,
    root: Path | None = None,
    seed: int = SEED,
    metrics: dict[str, Any] | None = None,
) -> registry.Manifest:
    """Write the models as a registry artefact, versioned by the DEV data hash and params."""
    meta = {
        "params": models.params,
        "landmarks": {t: list(v) for t, v in models.landmarks.items()},
        "fixed": FIXED,
        "seed": seed,
    }
    return registry.save(
        out,
        name=NAME,
        files={
            "models.pkl.gz": _pickle(models.models),
            "meta.json": (json.dumps(meta, indent=1, sort_keys=True) + "\n").encode(),
        },
        schema=SCHEMA,
        seed=seed,
        params={"per_task": models.params, "fixed": FIXED},
        data=data_fingerprint(root),
        metrics=metrics if metrics is not None else {"dev_cv_balanced_accuracy": DEV_CV},
    )


def _from_artefact(artefact: registry.Artefact) -> FrameModels:
    meta = json.loads(artefact.file("meta.json").read_text())
    # Only files that matched their manifest hashes reach here (registry.load).
    models = pickle.loads(gzip.decompress(artefact.file("models.pkl.gz").read_bytes()))
    landmarks = {str(t): tuple(str(n) for n in v) for t, v in meta["landmarks"].items()}
    return FrameModels(dict(models), dict(meta["params"]), landmarks)


def load(root: Path | None = None, version: str | None = None) -> FrameModels:
    """The newest verified artefact under ``root``, else the packaged one."""
    base = root if root is not None and registry.versions(root, NAME) else PACKAGED_ROOT
    return _from_artefact(registry.load(base, NAME, schema=SCHEMA, version=version))


# --------------------------------------------------------------------------- the product

# Lifts whose per-frame stage the product takes from the model: the tasks where the model beat
# the calibrated rule on TEST with the paired clip-bootstrap CI of the difference above 0
# (docs/models/form.md, "A learned per-frame model"). Only the squat's stage did.
SWITCHED: Final[dict[str, str]] = {"squat": "squat_stage"}
_STAGE_NAMES: Final[dict[str, str]] = {"up": "up", "down": "down"}


@dataclass(frozen=True)
class Stages:
    """Each frame's stage ("up", "down", or None where neither model nor rule can say) and
    who said it per frame ("model", "rule" or "")."""

    stages: tuple[str | None, ...]
    source: tuple[str, ...]
    version: str | None  # the model artefact's, None where the rule said everything
    note: str = ""

    def by(self) -> str:
        """A one-line account: how many frames each source staged."""
        n_model = sum(1 for s in self.source if s == "model")
        n_rule = sum(1 for s in self.source if s == "rule")
        parts = []
        if n_model:
            parts.append(f"model {NAME} {self.version} ({n_model} frames)")
        if n_rule:
            parts.append(f"rule ({n_rule} frames)")
        return ", ".join(parts) or "none"


# The calibrated rule's stages (the fallback for frames the model cannot read), kept beside the
# model's for the callers and tests that compare the two.
rule_stages = pose.rule_stages


_loaded: list[tuple[FrameModels, str]] = []


def _packaged() -> tuple[FrameModels, str]:
    if not _loaded:
        artefact = registry.load(PACKAGED_ROOT, NAME, schema=SCHEMA)
        _loaded.append((_from_artefact(artefact), artefact.manifest.version))
    return _loaded[0]


def stages(
    lift: str,
    image_landmarks: FloatArray,
    models: tuple[FrameModels, str] | None = None,
) -> Stages | None:
    """Per-frame stages of a set of ``lift`` from its image landmarks, for the lifts in
    :data:`SWITCHED` (None for the others): the model (``models``: models and version, else
    the packaged artefact) on frames where the hips and a knee are seen (in a set whose
    shoulders give the torso's length), the calibrated rule
    on the rest, and on every frame when the model cannot be loaded (scikit-learn missing, no
    artefact, or one that fails its hashes: the note says which)."""
    task = SWITCHED.get(lift)
    if task is None:
        return None
    lm = np.asarray(image_landmarks, dtype=np.float64)
    rule = rule_stages(lift, lm)
    note = ""
    try:
        found = models if models is not None else _packaged()
    except (ImportError, registry.ArtefactError, OSError, pickle.UnpicklingError) as exc:
        found, note = None, f"the frame model is unavailable ({exc}); the rule staged every frame"
    if found is None:
        return Stages(tuple(rule), tuple("rule" if r else "" for r in rule), None, note)
    frame_models, version = found
    x = frame_models.features(task, lm)
    col = FEATURES.index
    seen = np.isfinite(x[:, col("left_hip_y")]) | np.isfinite(x[:, col("right_hip_y")])
    seen &= np.isfinite(x[:, col("left_knee_deg")]) | np.isfinite(x[:, col("right_knee_deg")])
    classes = bp.TASK_SPECS[task].classes
    p = proba(frame_models.models[task], x, classes)
    out: list[str | None] = []
    source: list[str] = []
    for i, r in enumerate(rule):
        if seen[i]:
            out.append(_STAGE_NAMES[classes[int(np.argmax(p[i]))]])
            source.append("model")
        else:
            out.append(r)
            source.append("rule" if r else "")
    used = version if "model" in source else None
    return Stages(tuple(out), tuple(source), used, note)
