"""The geometric form rule (``analysis.pose``) on real MediaPipe landmarks.

Data and protocol are ``blind_pose``'s: the labelled image landmarks of
``shared/data/pose-exercise-correction`` cut into clips and split by clip into DEV and TEST.
For each task the rule's per-frame measure is computed clip by clip from the landmarks the CSV
has (the other of the 33 are NaN; landmarks below the product's visibility cut are NaN too), a
frame is labelled by thresholds on that measure, and ``blind_pose.evaluate`` scores it on TEST
beside the DEV majority class and the DEV-fitted logistic baseline, with clip-bootstrap CIs.

Three versions of the rule per task, each scored on TEST once:

* ``3-D, written cuts`` (stage tasks only): the knee angle with image z, as the rule measured
  every lift before the per-frame models were trained on real landmarks (it still does for world landmarks), with the written cuts;
* ``first pass``: the image-plane measures and the thresholds written from coaching cues
  (:data:`pose.STAGE_BANDS`, :func:`pose.rules_for`), before any real data was looked at;
* ``calibrated``: the thresholds refitted on DEV (:func:`calibrate`: the best DEV balanced
  accuracy on a grid of DEV quantiles), stored in ``pose.IMAGE_STAGE_BANDS`` and
  ``pose.IMAGE_RULES``; :func:`check_stored` says whether the stored ones still match.

Beside them, the learned per-frame model of :mod:`fitcoach.ml.form.real_frames` (gradient-
boosted trees on the rule's image-plane measures and hip-centred, torso-scaled, mirrored
landmark positions), trained on DEV clips only with hyperparameters chosen by grouped CV on
DEV, scored on TEST once, with the paired clip-bootstrap difference of its balanced accuracy
against the calibrated rule's (:func:`paired_difference`): :func:`switches` is the decision
rule the card states. The GNN-LSTM is not scored here: see :data:`MODEL_NOTE`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from scipy.special import expit

from fitcoach.analysis import pose
from fitcoach.ml.form.real_frames import MIN_VISIBILITY as MIN_VISIBILITY
from fitcoach.ml.form.real_frames import landmarks_of as landmarks_of
from research.validation import blind_pose as bp

if TYPE_CHECKING:
    from fitcoach.ml.form.real_frames import FrameModels
    from research.validation.base import CheckContext, CheckResult

FloatArray = NDArray[np.float64]
Version = Literal["3-D, written cuts", "first pass", "calibrated"]
VERSIONS: Final[tuple[Version, ...]] = ("3-D, written cuts", "first pass", "calibrated")
GRID: Final = 400  # candidate thresholds (DEV quantiles) for one cut; 120 per cut for two

MODEL_ROW: Final = "model (trees on image features, DEV-trained), scored once on TEST"
MODEL_NOTE: Final = (
    "The per-frame model (ml/form/real_frames.py) is trained on DEV clips only, with its "
    "hyperparameters and the use of generated frames chosen by grouped CV over DEV clips; "
    "the product switches a task from the rule to it only if its TEST balanced accuracy beats "
    "the calibrated rule's with the paired clip-bootstrap 95 % CI of the difference above 0. "
    "The GNN-LSTM is not scored on these tasks. It runs on the CSVs' landmarks (the absent "
    "ones as NaN, filled with 0 and flagged unseen), but it was trained on synthetic world "
    "landmarks of five barbell lifts and outputs a set's form score, risk score, six angles "
    "and lift: it has no stage output and no plank, curl or knee-over-toe fault, the CSV "
    "frames are not evenly spaced video (kept by key presses), and 9-17 of its 33 inputs are "
    "missing. Any figure from it here would measure that mismatch, not form."
)


@dataclass(frozen=True)
class RuleTask:
    """How the rule answers one ``blind_pose`` task: a per-frame measure of one clip's
    landmarks, and the task's classes in the measure's increasing order (a frame's class is
    the band of the thresholds it falls in)."""

    task: str
    exercise: str
    measure: str  # for the card
    unit: str
    compute: Callable[[FloatArray], FloatArray]
    order: tuple[str, ...]
    missing: str  # the class when the measure is undefined (what the rule reports then)
    scale: float  # softness of the scores (units of the measure); AUC does not depend on it
    resolution: float  # calibrated thresholds are rounded to this
    compute_3d: Callable[[FloatArray], FloatArray] | None = None


def _knees(lm: FloatArray) -> FloatArray:
    return pose.joint_angles(lm)[:, :2]


def _front_knee(lm: FloatArray) -> FloatArray:
    k = _knees(lm)
    return np.asarray(np.where(np.isfinite(k), k, np.inf).min(axis=1))


def _squat_knee(lm: FloatArray) -> FloatArray:
    return _finite_or_nan(_safe_mean(_knees(pose.image_plane(lm))))


def _squat_knee_3d(lm: FloatArray) -> FloatArray:
    return _finite_or_nan(_safe_mean(_knees(lm)))


def _lunge_knee(lm: FloatArray) -> FloatArray:
    return _finite_or_nan(_front_knee(pose.image_plane(lm)))


def _lunge_knee_3d(lm: FloatArray) -> FloatArray:
    return _finite_or_nan(_front_knee(lm))


def _safe_mean(values: FloatArray) -> FloatArray:
    ok = np.isfinite(values)
    total = np.where(ok, values, 0.0).sum(axis=1)
    count = ok.sum(axis=1)
    return np.asarray(np.where(count > 0, total / np.maximum(count, 1), np.nan))


def _finite_or_nan(values: FloatArray) -> FloatArray:
    return np.asarray(np.where(np.isfinite(values), values, np.nan), dtype=np.float64)


TASKS: Final[dict[str, RuleTask]] = {
    "squat_stage": RuleTask(
        "squat_stage",
        "squat",
        "knee angle (mean of the knees seen), image plane",
        "°",
        _squat_knee,
        ("down", "up"),
        "up",
        10.0,
        0.5,
        _squat_knee_3d,
    ),
    "lunge_stage": RuleTask(
        "lunge_stage",
        "lunge",
        "front (more bent) knee angle, image plane",
        "°",
        _lunge_knee,
        ("down", "mid", "init"),
        "mid",
        10.0,
        0.5,
        _lunge_knee_3d,
    ),
    "lunge_knee_over_toe": RuleTask(
        "lunge_knee_over_toe",
        "lunge",
        "front knee past the front toes along image x, in shin lengths",
        "shin",
        pose.knee_over_toe_ratio,
        ("correct", "knee_over_toe"),
        "correct",
        0.05,
        0.005,
    ),
    "plank_form": RuleTask(
        "plank_form",
        "plank",
        "hips off the shoulder-ankle line (+ above), image plane",
        "°",
        pose.hip_line_deviation,
        ("low_back", "correct", "high_back"),
        "correct",
        5.0,
        0.5,
    ),
    "bicep_lean_back": RuleTask(
        "bicep_lean_back",
        "bicep_curl",
        "trunk behind vertical (facing from the nose), image plane",
        "°",
        pose.trunk_lean_back,
        ("correct", "lean_back"),
        "correct",
        3.0,
        0.5,
    ),
}
# The fault rules whose report points are the thresholds, in the order of the task's cuts.
_FAULTS: Final[dict[str, tuple[str, ...]]] = {
    "lunge_knee_over_toe": ("knee_over_toe",),
    "plank_form": ("hips_sagging", "hips_piking"),
    "bicep_lean_back": ("leaning_back",),
}


def report_point(rule: pose.FaultRule) -> float:
    """The measured value from which ``analyse`` reports the fault (severity
    :data:`pose.REPORT_LEVEL`)."""
    return rule.fine + pose.REPORT_LEVEL * (rule.severe - rule.fine)


def thresholds(task: str, coordinates: pose.Coordinates = "world") -> tuple[float, ...]:
    """The cuts ``analysis.pose`` holds for ``task``: ``"world"`` the written ones (the first
    pass), ``"image"`` the ones calibrated on real image landmarks."""
    spec = TASKS[task]
    if task in _FAULTS:
        rules = {r.fault: r for r in pose.rules_for(spec.exercise, coordinates)}
        return tuple(report_point(rules[f]) for f in _FAULTS[task])
    bands = pose.IMAGE_STAGE_BANDS if coordinates == "image" else pose.STAGE_BANDS
    down, up = bands[spec.exercise]
    return (down,) if len(spec.order) == 2 else (down, up)


def measure(task: str, rows: pd.DataFrame, *, three_d: bool = False) -> FloatArray:
    """The rule's per-frame measure for ``rows`` (in their order), computed clip by clip (a
    clip's own frames say which way the athlete faces; no label is read)."""
    spec = TASKS[task]
    fn = spec.compute_3d if three_d and spec.compute_3d is not None else spec.compute
    values = np.full(len(rows), np.nan)
    for idx in rows.groupby("clip", sort=False).indices.values():
        with np.errstate(invalid="ignore", divide="ignore"):
            values[idx] = fn(landmarks_of(rows.iloc[idx]))
    return _finite_or_nan(values)


def predict(task: str, values: FloatArray, cuts: Sequence[float]) -> NDArray[np.str_]:
    """Each frame's class: the band of ``cuts`` its measure falls in (``missing`` if NaN)."""
    spec = TASKS[task]
    band = np.digitize(np.nan_to_num(values, nan=0.0), np.asarray(cuts, dtype=np.float64))
    out = np.asarray(spec.order, dtype=object)[band]
    out[~np.isfinite(values)] = spec.missing
    return np.asarray(out.astype(str))


def scores(task: str, values: FloatArray, cuts: Sequence[float]) -> FloatArray:
    """Scores for ``blind_pose``: P(positive class) for two classes, else one column per class
    in ``blind_pose``'s class order, each rising with the distance into its band (a logistic
    of it, so 0.5 on a cut); undefined frames score 0.5 (1/3)."""
    spec = TASKS[task]
    classes = bp.TASK_SPECS[task].classes
    s = spec.scale
    v = np.asarray(values, dtype=np.float64)
    c = list(cuts)
    columns: dict[str, FloatArray] = {spec.order[0]: expit((c[0] - v) / s)}
    columns[spec.order[-1]] = expit((v - c[-1]) / s)
    if len(spec.order) == 3:
        columns[spec.order[1]] = expit(np.minimum(v - c[0], c[1] - v) / s)
    ok = np.isfinite(v)
    if len(classes) == 2:
        return np.asarray(np.where(ok, columns[classes[1]], 0.5))
    matrix = np.stack([columns[k] for k in classes], axis=1)
    return np.asarray(np.where(ok[:, None], matrix, 1.0 / 3.0))


def _balanced_accuracy(labels: NDArray[np.str_], predicted: NDArray[np.str_]) -> FloatArray:
    """Balanced accuracy of each row of ``predicted`` (candidates, frames) against ``labels``."""
    classes = np.unique(labels)
    recalls = [(predicted[:, labels == k] == k).mean(axis=1) for k in classes]
    return np.asarray(np.mean(recalls, axis=0), dtype=np.float64)


def calibrate(task: str, dev: pd.DataFrame) -> tuple[float, ...]:
    """The cuts with the best frame balanced accuracy on ``dev`` (DEV rows only). Candidates
    are midpoints between neighbouring DEV quantiles, rounded to the task's resolution, so a
    cut never sits on the edge of a class's values; among equally good cuts the one in the
    middle of the tie (per cut, the median of the tied values) is taken where it is as good,
    else the first."""
    spec = TASKS[task]
    values = measure(task, dev)
    labels = dev["label"].to_numpy(str)
    ok = values[np.isfinite(values)]
    n_cuts = len(spec.order) - 1
    quantiles = np.unique(np.quantile(ok, np.linspace(0.0, 1.0, GRID if n_cuts == 1 else 120)))
    middles = (quantiles[1:] + quantiles[:-1]) / 2.0
    grid = np.unique(np.round(middles / spec.resolution) * spec.resolution)
    candidates: list[tuple[float, ...]]
    if n_cuts == 1:
        candidates = [(float(t),) for t in grid]
    else:
        candidates = [(float(a), float(b)) for i, a in enumerate(grid) for b in grid[i:]]

    def quality(cuts: Sequence[tuple[float, ...]]) -> FloatArray:
        predicted = np.stack([predict(task, values, c) for c in cuts])
        return _balanced_accuracy(labels, predicted)

    score = quality(candidates)
    best = float(score.max())
    tied = np.array([c for c, q in zip(candidates, score, strict=True) if q >= best - 1e-12])
    centre = tuple(
        float(x) for x in np.round(np.median(tied, axis=0) / spec.resolution) * spec.resolution
    )
    if quality([centre])[0] >= best - 1e-12:
        return centre
    return tuple(float(x) for x in tied[0])


@dataclass(frozen=True)
class TaskResult:
    """A task's figures: each rule version on TEST (and the calibrated one on DEV), the
    baselines, the cuts used and how many frames had no measure."""

    task: str
    cuts: dict[str, tuple[float, ...]]
    test: dict[str, bp.Scores]
    dev_calibrated: bp.Scores
    majority: bp.Scores
    logistic: bp.Scores
    missing_frames: int
    n_test_rows: int
    n_test_clips: int
    model: bp.Scores | None = None
    model_minus_rule: bp.Estimate | None = None  # balanced accuracy, paired over TEST clips


def evaluate_task(
    task: str,
    *,
    n_boot: int = bp.N_BOOT,
    root: Path | None = None,
    clips: Sequence[str] | None = None,
    model: FrameModels | None = None,
) -> TaskResult:
    """Every rule version of ``task`` scored on TEST by ``blind_pose``'s protocol (``clips``:
    only those TEST clips, for a quick look), the calibrated one also on DEV; the stored
    calibrated cuts are used (see :func:`check_stored`). With ``model`` (trained on DEV), its
    per-frame predictions are scored on the same rows, and paired against the calibrated
    rule's."""
    spec = bp.TASK_SPECS[task]
    rule = TASKS[task]
    dev = bp.load_task(task, "dev", root)
    test = bp.load_task(task, "test", root)
    if clips is not None:
        test = test[test["clip"].isin(list(clips))].reset_index(drop=True)
    cuts: dict[str, tuple[float, ...]] = {
        "first pass": thresholds(task, "world"),
        "calibrated": thresholds(task, "image"),
    }
    values = {"first pass": measure(task, test), "calibrated": measure(task, test)}
    if rule.compute_3d is not None:
        cuts["3-D, written cuts"] = cuts["first pass"]
        values["3-D, written cuts"] = measure(task, test, three_d=True)
    out: dict[str, bp.Scores] = {}
    for version in VERSIONS:
        if version not in cuts:
            continue
        v, c = values[version], cuts[version]
        out[version] = bp.score_frames(
            test["label"],
            test["clip"],
            spec.classes,
            list(predict(task, v, c)),
            scores(task, v, c),
            n_boot,
        )
    dev_values = measure(task, dev)
    dev_scores = bp.score_frames(
        dev["label"],
        dev["clip"],
        spec.classes,
        list(predict(task, dev_values, cuts["calibrated"])),
        scores(task, dev_values, cuts["calibrated"]),
        n_boot,
    )
    majority, logistic = bp.baseline_scores(task, dev, test, n_boot)
    model_scores = difference = None
    if model is not None:
        model_scores, difference = _score_model(
            task, model, test, predict(task, values["calibrated"], cuts["calibrated"]), n_boot
        )
    return TaskResult(
        task,
        cuts,
        out,
        dev_scores,
        majority,
        logistic,
        int((~np.isfinite(values["first pass"])).sum()),
        len(test),
        int(test["clip"].nunique()),
        model_scores,
        difference,
    )


def _score_model(
    task: str,
    model: FrameModels,
    rows: pd.DataFrame,
    rule_predictions: NDArray[np.str_],
    n_boot: int,
) -> tuple[bp.Scores, bp.Estimate]:
    from fitcoach.ml.form import real_frames

    classes = list(bp.TASK_SPECS[task].classes)
    matrix = real_frames.proba(model.models[task], real_frames.rows_features(rows), classes)
    predicted = [classes[i] for i in np.argmax(matrix, axis=1)]
    as_scores = matrix[:, 1] if len(classes) == 2 else matrix
    scored = bp.score_frames(rows["label"], rows["clip"], classes, predicted, as_scores, n_boot)
    difference = paired_difference(
        rows["label"], rows["clip"], classes, predicted, list(rule_predictions), n_boot
    )
    return scored, difference


def paired_difference(
    y_true: Sequence[str] | pd.Series,
    clips: Sequence[str] | pd.Series,
    classes: Sequence[str],
    a: Sequence[str],
    b: Sequence[str],
    n_boot: int = bp.N_BOOT,
    seed: int = bp.SEED,
) -> bp.Estimate:
    """Balanced accuracy of predictions ``a`` minus that of ``b`` on the same frames, with the
    95 % interval of the difference over the protocol's clip resamples (the same draws as
    ``blind_pose.score_frames``, both predictors on each resample)."""
    index = {c: i for i, c in enumerate(classes)}
    k = len(classes)
    y = np.array([index[c] for c in y_true], dtype=np.int64)
    codes, uniques = pd.factorize(pd.Series(list(clips)), sort=True)
    clip_codes = np.asarray(codes, dtype=np.int64)
    flats = []
    for predicted in (a, b):
        p = np.array([index[c] for c in predicted], dtype=np.int64)
        conf = np.zeros((len(uniques), k, k))
        np.add.at(conf, (clip_codes, y, p), 1.0)
        flats.append(conf.reshape(len(uniques), k * k))

    def stat(w: FloatArray) -> FloatArray:
        ba = [bp._balanced_accuracy((w @ f).reshape(-1, k, k)) for f in flats]
        return np.asarray(ba[0] - ba[1], dtype=np.float64)

    return bp._bootstrap(stat, len(uniques), n_boot, seed)


def switches(result: TaskResult) -> bool:
    """The decision rule, fixed before TEST was scored: the product acts on the model for a
    task only if the model's TEST balanced accuracy beats the calibrated rule's with the
    paired clip-bootstrap 95 % CI of the difference entirely above 0."""
    d = result.model_minus_rule
    return d is not None and np.isfinite(d.low) and d.low > 0.0


def check_stored(root: Path | None = None) -> list[str]:
    """Tasks whose calibrated cuts in ``analysis.pose`` differ from a fresh DEV calibration."""
    problems = []
    for task in TASKS:
        fresh = calibrate(task, bp.load_task(task, "dev", root))
        stored = thresholds(task, "image")
        if not np.allclose(fresh, stored, atol=1e-6):
            problems.append(f"{task}: stored {stored}, DEV calibration gives {fresh}")
    return problems


def lockout_flags(root: Path | None = None) -> dict[str, float]:
    """Share of TEST squat frames labelled "up" (standing) whose knee angle is below the
    squat's lockout report point: image plane against 3-D with image z."""
    test = bp.load_task("squat_stage", "test", root)
    up = (test["label"] == "up").to_numpy()
    rule = next(r for r in pose.RULES["squat"] if r.fault == "incomplete_lockout")
    point = report_point(rule)
    out = {"report_point_deg": point}
    for name, three_d in (("image_plane", False), ("three_d", True)):
        v = measure("squat_stage", test, three_d=three_d)[up]
        out[name] = float(np.mean(v < point))
        out[f"{name}_median_deg"] = float(np.nanmedian(v))
    return out


# The exercise each task's clips are of, as ``pose.classify_exercise`` names it.
EXERCISE_OF: Final = {
    "squat_stage": "squat",
    "lunge_stage": "lunge",
    "lunge_knee_over_toe": "lunge",
    "plank_form": "plank",
    "bicep_lean_back": "bicep_curl",
}


def recognised(split: bp.Split = "test", root: Path | None = None) -> dict[str, dict[str, int]]:
    """Per task, how the rule classifies each clip of ``split`` (image landmarks, image plane,
    as ``analyse(..., coordinates="image")`` does): counts of the names it gives. The Kaggle
    plank blocks are photographs of different people, not one set each: they are counted apart
    (``plank_form (kaggle photos)``)."""
    out: dict[str, dict[str, int]] = {}
    for task in TASKS:
        rows = bp.load_task(task, split, root)
        for idx in rows.groupby("clip", sort=False).indices.values():
            clip = rows.iloc[idx]
            key = task + (" (kaggle photos)" if "kaggle" in str(clip["file"].iloc[0]) else "")
            lm = pose.image_plane(pose.prepare(landmarks_of(clip)))
            name = pose.classify_exercise(lm)
            out.setdefault(key, {})
            out[key][name] = out[key].get(name, 0) + 1
    return out


def _fmt(e: bp.Estimate | None) -> str:
    return "–" if e is None else f"{e.value:.3f} [{e.low:.3f}, {e.high:.3f}]"


def _cuts(c: tuple[float, ...], unit: str) -> str:
    return ", ".join(f"{x:g}{unit if unit == '°' else ''}" for x in c)


def markdown(
    results: Sequence[TaskResult],
    lockout: dict[str, float] | None = None,
    recognition: dict[str, dict[str, int]] | None = None,
) -> str:
    """The tables the model card quotes."""
    lines: list[str] = []
    for r in results:
        rule = TASKS[r.task]
        lines += [
            f"### {r.task}",
            "",
            f"Measure: {rule.measure}. TEST: {r.n_test_rows} frames in {r.n_test_clips} "
            f"clips; {r.missing_frames} frames without a measure. Classes in the measure's "
            f"order: {', '.join(rule.order)}.",
            "",
            "| predictor | cuts | balanced accuracy | ROC AUC | clip majority accuracy |",
            "| --- | --- | --- | --- | --- |",
        ]
        for version in VERSIONS:
            if version in r.test:
                sc = r.test[version]
                label = f"rule, {version}" + (" (TEST once)" if version != "calibrated" else "")
                lines.append(
                    f"| {label} | {_cuts(r.cuts[version], rule.unit)} | "
                    f"{_fmt(sc.balanced_accuracy)} | {_fmt(sc.roc_auc)} | "
                    f"{_fmt(sc.clip_majority_accuracy)} |"
                )
        d = r.dev_calibrated
        lines += [
            f"| rule, calibrated, on DEV (tuned there) | {_cuts(r.cuts['calibrated'], rule.unit)}"
            f" | {_fmt(d.balanced_accuracy)} | {_fmt(d.roc_auc)} | "
            f"{_fmt(d.clip_majority_accuracy)} |",
            f"| majority class (DEV) | – | {_fmt(r.majority.balanced_accuracy)} | "
            f"{_fmt(r.majority.roc_auc)} | {_fmt(r.majority.clip_majority_accuracy)} |",
            f"| logistic on raw landmarks (DEV-fitted) | – | "
            f"{_fmt(r.logistic.balanced_accuracy)} | {_fmt(r.logistic.roc_auc)} | "
            f"{_fmt(r.logistic.clip_majority_accuracy)} |",
        ]
        if r.model is not None and r.model_minus_rule is not None:
            m = r.model
            lines += [
                f"| {MODEL_ROW} | – | {_fmt(m.balanced_accuracy)} | {_fmt(m.roc_auc)} | "
                f"{_fmt(m.clip_majority_accuracy)} |",
                "",
                f"Model minus calibrated rule, balanced accuracy (paired clip bootstrap): "
                f"{_fmt(r.model_minus_rule)}. Decision: "
                + ("**the model** (CI above 0)." if switches(r) else "**the rule** stays."),
            ]
        lines.append("")
    if lockout is not None:
        lines += [
            "### Squat lockout on real standing frames",
            "",
            f"TEST frames labelled up with a knee angle below the squat's lockout report "
            f"point ({lockout['report_point_deg']:.1f}°): image plane "
            f"{lockout['image_plane']:.1%} (median {lockout['image_plane_median_deg']:.1f}°), "
            f"3-D with image z {lockout['three_d']:.1%} "
            f"(median {lockout['three_d_median_deg']:.1f}°).",
            "",
        ]
    if recognition is not None:
        lines += [
            "### Exercise recognised, per TEST clip",
            "",
            "**Tuned**: the plank's recognition (pose.PLANK_MAX_ELBOW_RANGE_DEG) was changed after "
            "these TEST clips were first scored (docs/models/form.md gives the first-pass counts).",
            "",
            "| clips of | recognised as the right exercise | named |",
            "| --- | --- | --- |",
        ]
        for key, counts in recognition.items():
            right = counts.get(EXERCISE_OF[key.split(" ")[0]], 0)
            named = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
            lines.append(f"| {key} | {right} of {sum(counts.values())} | {named} |")
        lines.append("")
    return "\n".join(lines)


def figures(results: Sequence[TaskResult]) -> dict[str, Any]:
    """The figures as plain data (for ``--json`` and tests)."""

    def est(e: bp.Estimate | None) -> list[float] | None:
        return None if e is None else [e.value, e.low, e.high]

    def sc(s: bp.Scores) -> dict[str, Any]:
        return {
            "balanced_accuracy": est(s.balanced_accuracy),
            "roc_auc": est(s.roc_auc),
            "clip_majority_accuracy": est(s.clip_majority_accuracy),
            "rows": s.n_rows,
            "clips": s.n_clips,
        }

    return {
        r.task: {
            "cuts": {k: list(v) for k, v in r.cuts.items()},
            "test": {k: sc(v) for k, v in r.test.items()},
            "dev_calibrated": sc(r.dev_calibrated),
            "majority": sc(r.majority),
            "logistic": sc(r.logistic),
            "missing_frames": r.missing_frames,
            "model": None if r.model is None else sc(r.model),
            "model_minus_rule": est(r.model_minus_rule),
            "switches_to_model": switches(r),
        }
        for r in results
    }


def run(ctx: CheckContext) -> CheckResult:
    """The check for ``fitcoach ml validate`` (``checks.CheckContext`` in, tables out)."""
    from fitcoach.ml.form import real_frames
    from research.validation.base import CheckResult

    models = real_frames.train()  # DEV clips only, the hyperparameters chosen on DEV
    results = []
    for i, task in enumerate(TASKS):
        ctx.progress("form", i, len(TASKS))
        results.append(evaluate_task(task, n_boot=ctx.n_boot, model=models))
    ctx.progress("form", len(TASKS), len(TASKS))
    lockout = lockout_flags()
    recognition = recognised("test")
    text = markdown(results, lockout, recognition) + "\n" + MODEL_NOTE + "\n"
    return CheckResult(
        "form",
        "Form rule on real landmarks (pose-exercise-correction, blind split)",
        "form.md",
        text,
        {"tasks": figures(results), "squat_lockout": lockout, "recognised": recognition},
    )


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m research.validation.pose_check [--out DIR] [--n-boot N]``: check the
    stored calibration, then print (or write ``DIR/form.md``) the tables."""
    from research.validation.base import CheckContext

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--n-boot", type=int, default=bp.N_BOOT)
    args = parser.parse_args(argv)
    problems = check_stored()
    for line in problems:
        sys.stderr.write(line + "\n")
    result = run(CheckContext(n_boot=args.n_boot))
    if args.out is not None:
        args.out.mkdir(parents=True, exist_ok=True)
        (args.out / "form.md").write_text(result.document())
    else:
        sys.stdout.write(result.markdown)
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
