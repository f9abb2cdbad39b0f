"""Blind evaluation set for the exercise-form checks (``blind_pose_split.json``).

Written blind on 2026-11-26 by a helper who had not seen the product's form code, form models
or their tests. Do not change the split, its seed, the segmentation or this protocol to fit a
model: train and tune on "dev" only and report "test" once.

Data, tasks and the stored split: :mod:`fitcoach.ml.splits.blind_pose`, which the product's
form models train from. This module holds how the clips were cut and the split drawn (to check
or regenerate the stored JSON) and the scoring protocol.

Segmentation into clips (the rows carry no video or person id)
    Rows are *not* shuffled: labels come in long runs (e.g. 74 runs in 4,160 squat rows) and the
    median frame-to-frame jump is ~0.0005 of the frame against ~0.1 between random rows. A
    *jump* between consecutive rows is the median over the task's anchor landmarks of their 2-D
    (x, y) displacement. Per file, a clip boundary is put where the jump exceeds the task's
    threshold; then, walking forward, any clip shorter than the task's ``min_rows`` is merged
    into the next one (the last into the previous one). Anchors are landmarks that stay still
    within one take (squat: ankles; bicep curl: hips; plank and lunge: all landmarks, since
    feet step in a lunge). Merging errs on the safe side: a merged clip can never leak, a
    wrongly cut take can. Known limits: (1) the authors kept frames by key presses, so lunge
    stage runs of one video are separated by large jumps; ``min_rows=60`` glues neighbouring
    runs into blocks but a video may still straddle two clips; (2) a clip may hold several takes
    of one person and the same person appears in many clips (few contributors): this split is
    by clip, not by person, and scores are optimistic for unseen people; (3) the Kaggle plank
    file holds groups of near-identical frames of different people/images, merged into blocks;
    (4) many clips mix labels (stage tasks by nature; lunge error 15 of 21 and plank 8 of 19
    clips, where correct and faulty reps follow each other without a jump), so stratifying by
    the majority label balances labels only roughly; (5) clips are few (10 to 24 per task, 3 to
    7 on TEST), so clip-bootstrap intervals are wide, as they should be. Lunge stage has 20
    pairs of byte-identical rows; each pair lies within one side.

Split
    Per task, clips in (file, start row) order; each clip's stratum is its majority label (ties:
    first in class order). One ``numpy.random.default_rng(SEED)`` permutes each stratum in class
    order, tasks in ``TASKS`` order, and the first ``round(TEST_FRACTION * n)`` clips of each
    stratum go to "test". The JSON stores every clip's file, row range and side. Check or
    regenerate with ``python -m research.validation.blind_pose [--write]``.

Protocol
    ``evaluate(task, predictions=..., scores=..., split="test")``: the caller gives per-frame
    predicted labels and/or scores for the rows of ``load_task(task, split)`` in that order
    (scores: P(positive) for binary tasks, else one column per class in ``TASK_SPECS[task].classes``
    order). Reported: balanced accuracy, ROC AUC (binary, or macro one-vs-rest for 3 classes),
    per-clip majority-vote accuracy; and the same for two baselines on the same rows: the DEV
    majority class, and a logistic regression on the raw landmark columns (standardised) fitted
    on DEV only. Every figure has a 95 % percentile bootstrap CI resampling *clips* (2,000
    resamples, seeded), never frames.
"""

from __future__ import annotations

import itertools
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline, make_pipeline
from sklearn.preprocessing import StandardScaler

from fitcoach.ml.splits.blind_pose import META_COLUMNS as META_COLUMNS
from fitcoach.ml.splits.blind_pose import SEED as SEED
from fitcoach.ml.splits.blind_pose import SPLIT_PATH as SPLIT_PATH
from fitcoach.ml.splits.blind_pose import TASK_SPECS as TASK_SPECS
from fitcoach.ml.splits.blind_pose import TASKS as TASKS
from fitcoach.ml.splits.blind_pose import TEST_FRACTION as TEST_FRACTION
from fitcoach.ml.splits.blind_pose import Split as Split
from fitcoach.ml.splits.blind_pose import TaskSpec as TaskSpec
from fitcoach.ml.splits.blind_pose import _spec
from fitcoach.ml.splits.blind_pose import default_pose_dir as default_pose_dir
from fitcoach.ml.splits.blind_pose import landmark_columns as landmark_columns
from fitcoach.ml.splits.blind_pose import load_task as load_task
from fitcoach.ml.splits.blind_pose import read_raw as read_raw
from fitcoach.ml.splits.blind_pose import stored as _stored

N_BOOT: Final = 2000
FloatArray = NDArray[np.float64]


def frame_jumps(frame: pd.DataFrame, anchors: Sequence[str] | None) -> FloatArray:
    """Jump from each row to the next: median over anchors of the 2-D (x, y) displacement."""
    names = anchors or sorted({c.rsplit("_", 1)[0] for c in landmark_columns(frame)})
    xy = frame[[f"{n}_{a}" for n in names for a in "xy"]].to_numpy(float)
    steps = np.diff(xy, axis=0).reshape(len(xy) - 1, len(names), 2)
    return np.asarray(np.median(np.linalg.norm(steps, axis=2), axis=1), dtype=np.float64)


def segment(jumps: FloatArray, threshold: float, min_rows: int) -> list[tuple[int, int]]:
    """Clips as ``(start, stop)`` row ranges: cut where a jump exceeds ``threshold``, then merge
    each clip shorter than ``min_rows`` into the next (the last into the previous)."""
    n = len(jumps) + 1
    cuts = [0, *(int(i) + 1 for i in np.flatnonzero(jumps > threshold)), n]
    pieces = list(itertools.pairwise(cuts))
    merged: list[tuple[int, int]] = []
    start: int | None = None
    for lo, hi in pieces:
        start = lo if start is None else start
        if hi - start >= min_rows:
            merged.append((start, hi))
            start = None
    if start is not None:
        if merged:
            merged[-1] = (merged[-1][0], n)
        else:
            merged.append((start, n))
    return merged


def _majority(labels: Sequence[str], classes: Sequence[str]) -> str:
    counts = pd.Series(list(labels)).value_counts()
    return max(classes, key=lambda c: (int(counts.get(c, 0)), -classes.index(c)))


def make_split(root: Path | None = None, seed: int = SEED) -> dict[str, Any]:
    """Cut every task into clips and draw the dev/test split (see the module docstring)."""
    rng = np.random.default_rng(seed)
    tasks: dict[str, Any] = {}
    for task, spec in TASK_SPECS.items():
        raw = read_raw(task, root)
        clips: list[dict[str, Any]] = []
        for name in spec.files:
            part = raw[raw["file"] == name]
            jumps = frame_jumps(part, spec.anchors)
            for lo, hi in segment(jumps, spec.jump_threshold, spec.min_rows):
                labels = [spec.labels[v] for v in part["label"].iloc[lo:hi]]
                counts = pd.Series(labels).value_counts()
                clips.append(
                    {
                        "clip": f"{task}/{len(clips):03d}",
                        "file": name,
                        "start": lo,
                        "stop": hi,
                        "majority": _majority(labels, spec.classes),
                        "label_counts": {c: int(counts.get(c, 0)) for c in spec.classes},
                    }
                )
        for cls in spec.classes:
            members = [c for c in clips if c["majority"] == cls]
            n_test = round(TEST_FRACTION * len(members))
            for rank, i in enumerate(rng.permutation(len(members))):
                members[int(i)]["split"] = "test" if rank < n_test else "dev"
        tasks[task] = {
            "files": list(spec.files),
            "labels": spec.labels,
            "classes": list(spec.classes),
            "anchors": list(spec.anchors) if spec.anchors else "all",
            "jump_threshold": spec.jump_threshold,
            "min_rows": spec.min_rows,
            "clips": clips,
        }
    return {
        "dataset": "pose-exercise-correction (NgoQuocBao1010/Exercise-Correction, MIT)",
        "written": "2026-11-26, blind (without sight of the product's form code or tests)",
        "seed": seed,
        "test_fraction": TEST_FRACTION,
        "how": (
            # As the stored file has it (this module's former name): regenerating gives the same bytes.
            "python -m fitcoach.ml.validation.blind_pose [--write]: per file, cut where the "
            "median anchor-landmark 2-D jump between consecutive rows exceeds jump_threshold, "
            "merge clips shorter than min_rows forward; stratify clips by majority label; one "
            "numpy.random.default_rng(seed) permutes each stratum (tasks, then classes, in "
            "order); the first round(test_fraction * n) go to test. start/stop are 0-based data "
            "rows (header excluded), stop exclusive. Train and tune on dev only; report test once."
        ),
        "tasks": tasks,
    }


def check_split(root: Path | None = None, split_path: Path | None = None) -> list[str]:
    """Problems with the stored split (empty list = sound and reproducible)."""
    stored = _stored(split_path)
    problems: list[str] = []
    regenerated = make_split(root, int(stored["seed"]))
    for task in TASKS:
        clips = stored["tasks"][task]["clips"]
        if regenerated["tasks"][task] != stored["tasks"][task]:
            problems.append(f"{task}: regenerating gives a different segmentation or split")
        raw = read_raw(task, root)
        for name in TASK_SPECS[task].files:
            ranges = sorted((c["start"], c["stop"]) for c in clips if c["file"] == name)
            n = int((raw["file"] == name).sum())
            if [r[0] for r in ranges] != [0, *(r[1] for r in ranges[:-1])] or ranges[-1][1] != n:
                problems.append(f"{task}/{name}: clips do not tile rows 0..{n}")
    return problems


# --------------------------------------------------------------------------- protocol


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95 % clip-bootstrap percentile interval."""

    value: float
    low: float
    high: float
    n_boot_used: int  # resamples where the metric was defined (both classes present)


@dataclass(frozen=True)
class Scores:
    """The protocol's figures for one predictor on one split (None = not computable)."""

    balanced_accuracy: Estimate | None
    roc_auc: Estimate | None
    clip_majority_accuracy: Estimate | None
    n_rows: int
    n_clips: int


@dataclass(frozen=True)
class Report:
    """A predictor's scores next to the two baselines, on the same rows."""

    task: str
    split: Split
    model: Scores | None
    majority_baseline: Scores
    logistic_baseline: Scores


def clip_weight_draws(n_clips: int, n_boot: int, seed: int) -> FloatArray:
    """``n_boot`` bootstrap resamples of whole clips, as clip multiplicities (n_boot, n_clips)."""
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, n_clips, size=(n_boot, n_clips))
    weights = np.zeros((n_boot, n_clips))
    np.add.at(weights, (np.arange(n_boot)[:, None], draws), 1.0)
    return weights


def _bootstrap(
    stat: Callable[[FloatArray], FloatArray], n_clips: int, n_boot: int, seed: int
) -> Estimate:
    """``stat`` maps clip weights (m, n_clips) to m values; it is evaluated on the sample (all
    weights 1) and on resamples of whole clips, so the frames of one clip always travel
    together. Resamples where the metric is undefined (NaN) are dropped and counted."""
    value = float(stat(np.ones((1, n_clips)))[0])
    boots = stat(clip_weight_draws(n_clips, n_boot, seed))
    boots = boots[np.isfinite(boots)]
    if len(boots) == 0:
        return Estimate(value, float("nan"), float("nan"), 0)
    low, high = np.percentile(boots, [2.5, 97.5])
    return Estimate(value, float(low), float(high), len(boots))


def _one_hot(codes: NDArray[np.int64], n: int) -> FloatArray:
    out = np.zeros((len(codes), n))
    out[np.arange(len(codes)), codes] = 1.0
    return out


def _balanced_accuracy(conf: FloatArray) -> FloatArray:
    """Mean per-class recall of confusion matrices (m, k, k) [true, pred]; NaN unless every
    class is present (the metric averages k recalls)."""
    support = conf.sum(axis=2)
    with np.errstate(invalid="ignore", divide="ignore"):
        recall = np.diagonal(conf, axis1=1, axis2=2) / support
    out = recall.mean(axis=1)
    out[(support == 0).any(axis=1)] = np.nan
    return np.asarray(out, dtype=np.float64)


def _auc_pairs(
    positive: NDArray[np.bool_], score: FloatArray, clip_onehot: FloatArray
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Clip-by-clip sums of the Mann-Whitney kernel (1 if pos > neg, 1/2 if tied) and per-clip
    positive and negative counts, so that any clip weighting gives the exact weighted AUC."""
    pos, neg = score[positive], score[~positive]
    kernel = (pos[:, None] > neg[None, :]) + 0.5 * (pos[:, None] == neg[None, :])
    pairs = clip_onehot[positive].T @ kernel @ clip_onehot[~positive]
    return pairs, clip_onehot[positive].sum(axis=0), clip_onehot[~positive].sum(axis=0)


def score_frames(
    y_true: Sequence[str] | pd.Series,
    clips: Sequence[str] | pd.Series,
    classes: Sequence[str],
    predictions: Sequence[str] | pd.Series | None = None,
    scores: FloatArray | None = None,
    n_boot: int = N_BOOT,
    seed: int = SEED,
) -> Scores:
    """Balanced accuracy, ROC AUC and per-clip majority-vote accuracy, with clip-bootstrap CIs.

    ``scores``: P(classes[1]) per frame for two classes, else an (n, k) array in ``classes``
    order (AUC is then the unweighted mean of the one-vs-rest AUCs, as sklearn's macro "ovr").
    Without ``predictions`` they are derived from ``scores`` (>= 0.5, or argmax)."""
    classes = list(classes)
    k = len(classes)
    index = {c: i for i, c in enumerate(classes)}
    y = np.array([index[c] for c in y_true], dtype=np.int64)
    codes, uniques = pd.factorize(pd.Series(list(clips)), sort=True)
    clip_codes = np.asarray(codes, dtype=np.int64)
    n_clips = len(uniques)
    if len(clip_codes) != len(y):
        raise ValueError("clips and y_true differ in length")
    onehot = _one_hot(clip_codes, n_clips)
    s: FloatArray | None = None
    p: NDArray[np.int64] | None = None
    if scores is not None:
        s = np.asarray(scores, dtype=np.float64)
        expected = (len(y),) if k == 2 else (len(y), k)
        if s.shape != expected:
            raise ValueError(f"scores must have shape {expected}, not {s.shape}")
        p = (s >= 0.5).astype(np.int64) if k == 2 else np.argmax(s, axis=1).astype(np.int64)
    if predictions is not None:
        p = np.array([index[c] for c in predictions], dtype=np.int64)
        if len(p) != len(y):
            raise ValueError("predictions and y_true differ in length")

    bal = clip_acc = roc = None
    if p is not None:
        # Per-clip confusion counts: a resample's confusion is their clip-weighted sum.
        conf = np.zeros((n_clips, k, k))
        np.add.at(conf, (clip_codes, y, p), 1.0)
        flat = conf.reshape(n_clips, k * k)
        bal = _bootstrap(
            lambda w: _balanced_accuracy((w @ flat).reshape(-1, k, k)), n_clips, n_boot, seed
        )
        # Majority vote per clip (ties: first class) against the clip's majority label.
        truth = np.argmax(conf.sum(axis=2), axis=1)
        voted = np.argmax(conf.sum(axis=1), axis=1)
        ok = (truth == voted).astype(np.float64)
        clip_acc = _bootstrap(lambda w: (w @ ok) / w.sum(axis=1), n_clips, n_boot, seed)
    if s is not None:
        columns = [s] if k == 2 else [s[:, c] for c in range(k)]
        targets = [y == 1] if k == 2 else [y == c for c in range(k)]
        parts = [_auc_pairs(t, col, onehot) for t, col in zip(targets, columns, strict=True)]

        def auc(w: FloatArray) -> FloatArray:
            values = []
            for pairs, n_pos, n_neg in parts:
                with np.errstate(invalid="ignore", divide="ignore"):
                    num = np.einsum("bi,ij,bj->b", w, pairs, w)
                    values.append(num / ((w @ n_pos) * (w @ n_neg)))
            out = np.mean(values, axis=0)
            return np.asarray(np.where(np.isfinite(out), out, np.nan), dtype=np.float64)

        roc = _bootstrap(auc, n_clips, n_boot, seed)
    return Scores(bal, roc, clip_acc, len(y), n_clips)


def fit_logistic_baseline(dev: pd.DataFrame, classes: Sequence[str]) -> Pipeline:
    """Standardised raw landmark columns -> multinomial logistic regression, on ``dev`` only."""
    model = make_pipeline(StandardScaler(), LogisticRegression(max_iter=5000))
    model.fit(dev[landmark_columns(dev)].to_numpy(float), dev["label"].to_numpy())
    if list(model.classes_) != sorted(classes):
        raise ValueError(f"dev rows lack classes: {sorted(set(classes) - set(model.classes_))}")
    return model


def baseline_scores(
    task: str, dev: pd.DataFrame, rows: pd.DataFrame, n_boot: int = N_BOOT, seed: int = SEED
) -> tuple[Scores, Scores]:
    """(majority-class, logistic) baselines fitted on ``dev`` and scored on ``rows``."""
    classes = list(_spec(task).classes)
    majority = _majority(list(dev["label"]), classes)
    const = np.zeros((len(rows), len(classes))) + np.eye(len(classes))[classes.index(majority)]
    model = fit_logistic_baseline(dev, classes)
    proba = model.predict_proba(rows[landmark_columns(rows)].to_numpy(float))
    proba = proba[:, [list(model.classes_).index(c) for c in classes]]

    def as_scores(m: FloatArray) -> FloatArray:
        return m[:, 1] if len(classes) == 2 else m

    out = []
    for matrix in (const, proba):
        preds = [classes[i] for i in np.argmax(matrix, axis=1)]
        out.append(
            score_frames(
                rows["label"], rows["clip"], classes, preds, as_scores(matrix), n_boot, seed
            )
        )
    return out[0], out[1]


def evaluate(
    task: str,
    predictions: Sequence[str] | pd.Series | None = None,
    scores: FloatArray | None = None,
    split: Split = "test",
    n_boot: int = N_BOOT,
    seed: int = SEED,
    root: Path | None = None,
) -> Report:
    """Score per-frame predictions/scores for the rows of ``load_task(task, split)`` (in that
    order), next to the majority and logistic baselines fitted on DEV. Either may be omitted;
    with both omitted only the baselines are reported."""
    spec = _spec(task)
    dev = load_task(task, "dev", root)
    rows = dev if split == "dev" else load_task(task, split, root)
    model = None
    if predictions is not None or scores is not None:
        model = score_frames(
            rows["label"], rows["clip"], spec.classes, predictions, scores, n_boot, seed
        )
    majority, logistic = baseline_scores(task, dev, rows, n_boot, seed)
    return Report(task, split, model, majority, logistic)


def _fmt(e: Estimate | None) -> str:
    return "-" if e is None else f"{e.value:.3f} [{e.low:.3f}, {e.high:.3f}]"


def main(argv: Sequence[str] | None = None) -> int:
    """Check the stored split (``--write`` regenerates it first); ``--baselines`` prints the
    baselines on TEST."""
    args = list(sys.argv[1:] if argv is None else argv)
    if "--write" in args:
        SPLIT_PATH.write_text(json.dumps(make_split(), indent=1) + "\n")
    problems = check_split()
    sys.stdout.write("\n".join(problems or ["split OK"]) + "\n")
    if "--baselines" in args:
        for task in TASKS:
            report = evaluate(task)
            for name, sc in (
                ("majority", report.majority_baseline),
                ("logistic", report.logistic_baseline),
            ):
                sys.stdout.write(
                    f"{task:20s} {name:9s} rows={sc.n_rows:5d} clips={sc.n_clips:3d} "
                    f"bal_acc={_fmt(sc.balanced_accuracy)} auc={_fmt(sc.roc_auc)} "
                    f"clip_acc={_fmt(sc.clip_majority_accuracy)}\n"
                )
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
