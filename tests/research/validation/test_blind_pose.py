"""Tests of the blind pose evaluator itself: loaders, clip split, metrics, bootstrap, baselines.

These test the measuring instrument, not any form model. Data-dependent tests need the shared
``pose-exercise-correction`` copy; without it they skip, or fail when
``FITCOACH_REQUIRE_SERVICES=1`` (as in CI).
"""

from __future__ import annotations

import csv
import json
import os
from collections import Counter

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import balanced_accuracy_score, roc_auc_score

from research.validation import blind_pose as bp

ROOT = bp.default_pose_dir()
HAVE_DATA = all((ROOT / f).is_file() for spec in bp.TASK_SPECS.values() for f in spec.files)
REQUIRE = os.environ.get("FITCOACH_REQUIRE_SERVICES") == "1"
N_BOOT = 200  # enough to exercise the code; the protocol's own default is 2000


@pytest.fixture(autouse=False)
def data() -> None:
    if not HAVE_DATA:
        message = f"pose-exercise-correction data not found at {ROOT}"
        if REQUIRE:
            pytest.fail(message)
        pytest.skip(message)


needs_data = pytest.mark.usefixtures("data")

# Row and raw-label counts as the CSV files hold them (checked with `wc -l` and pandas).
EXPECTED = {
    "squat_stage": (5013, {"up": 2456, "down": 2557}),
    "lunge_stage": (1205, {"I": 402, "M": 387, "D": 416}),
    "lunge_knee_over_toe": (1107, {"C": 546, "L": 561}),
    "plank_form": (881, {"C": 405, "H": 241, "L": 235}),
    "bicep_lean_back": (604, {"C": 339, "L": 265}),
}


def _csv_labels(task: str) -> list[str]:
    labels: list[str] = []
    for name in bp.TASK_SPECS[task].files:
        with (ROOT / name).open(newline="") as fh:
            labels += [row["label"] for row in csv.DictReader(fh)]
    return labels


# --------------------------------------------------------------------------- segmentation (pure)


def test_segment_cuts_at_jumps_and_merges_short_clips_forward() -> None:
    jumps = np.zeros(29)
    jumps[[4, 9, 19]] = 1.0  # pieces: rows 0-4, 5-9, 10-19, 20-29
    assert bp.segment(jumps, 0.5, 1) == [(0, 5), (5, 10), (10, 20), (20, 30)]
    assert bp.segment(jumps, 0.5, 10) == [(0, 10), (10, 20), (20, 30)]
    assert bp.segment(jumps, 0.5, 11) == [(0, 30)]  # 0-19 merged, the short tail joins it
    assert bp.segment(jumps, 2.0, 1) == [(0, 30)]


def test_frame_jumps_uses_the_median_over_anchor_landmarks() -> None:
    frame = pd.DataFrame(
        {
            "a_x": [0.0, 0.0, 0.3],
            "a_y": [0.0, 0.0, 0.4],  # moves 0.5 on the 2nd step
            "b_x": [0.0, 0.1, 0.1],
            "b_y": [0.0, 0.0, 0.0],
            "a_z": [0.0, 9.0, 0.0],  # z and visibility are ignored
            "a_v": [1.0, 1.0, 1.0],
            "b_z": [0.0, 0.0, 0.0],
            "b_v": [1.0, 1.0, 1.0],
        }
    )
    assert bp.frame_jumps(frame, ["a"]) == pytest.approx([0.0, 0.5])
    assert bp.frame_jumps(frame, None) == pytest.approx([0.05, 0.25])


# --------------------------------------------------------------------------- loaders and split


@needs_data
@pytest.mark.parametrize("task", bp.TASKS)
def test_loader_counts_rows_and_labels_as_the_files_hold_them(task: str) -> None:
    n_rows, raw_counts = EXPECTED[task]
    assert Counter(_csv_labels(task)) == raw_counts
    frame = bp.load_task(task)
    assert len(frame) == n_rows
    spec = bp.TASK_SPECS[task]
    assert Counter(frame["label"]) == {spec.labels[k]: v for k, v in raw_counts.items()}
    assert list(frame["label"]) == [spec.labels[v] for v in _csv_labels(task)]  # same order
    columns = bp.landmark_columns(frame)
    assert columns
    assert len(columns) % 4 == 0
    assert {c.rsplit("_", 1)[1] for c in columns} == {"x", "y", "z", "v"}
    assert frame[columns].notna().all().all()
    # Image-normalised x, y: essentially inside the frame.
    xy = frame[[c for c in columns if c[-2:] in ("_x", "_y")]].to_numpy()
    assert np.quantile(xy, 0.01) > -0.1
    assert np.quantile(xy, 0.99) < 1.1


@needs_data
def test_stored_split_is_sound_and_reproducible() -> None:
    assert bp.check_split() == []
    stored = json.loads(bp.SPLIT_PATH.read_text())
    assert bp.make_split() == stored
    assert bp.make_split(seed=bp.SEED + 1)["tasks"] != stored["tasks"]  # the seed matters


def _keys(frame: pd.DataFrame) -> set[tuple[str, int]]:
    return set(zip(frame["file"], frame["row"], strict=True))


@needs_data
@pytest.mark.parametrize("task", bp.TASKS)
def test_split_is_disjoint_by_clip_and_covers_every_row(task: str) -> None:
    frame = bp.load_task(task)
    assert set(frame["split"]) == {"dev", "test"}
    sides = frame.groupby("clip")["split"].nunique()
    assert (sides == 1).all()
    dev, test = bp.load_task(task, "dev"), bp.load_task(task, "test")
    assert len(dev) + len(test) == len(frame)
    assert not set(dev["clip"]) & set(test["clip"])
    assert _keys(dev) | _keys(test) == _keys(frame)
    assert not _keys(dev) & _keys(test)
    # Clips are contiguous row ranges of one file.
    for _, rows in frame.groupby("clip"):
        assert rows["file"].nunique() == 1
        assert (np.diff(rows["row"].to_numpy()) == 1).all()
    # About 70/30 of clips, stratified: each stratum contributes round(0.3 * n) test clips.
    clips = json.loads(bp.SPLIT_PATH.read_text())["tasks"][task]["clips"]
    for cls in bp.TASK_SPECS[task].classes:
        members = [c for c in clips if c["majority"] == cls]
        assert sum(c["split"] == "test" for c in members) == round(0.3 * len(members))


# --------------------------------------------------------------------------- metrics (pure)


def _synthetic(k: int, seed: int = 0) -> tuple[list[str], list[str], np.ndarray, list[str]]:
    rng = np.random.default_rng(seed)
    classes = [f"c{i}" for i in range(k)]
    clips = [f"clip{i // 15:02d}" for i in range(300)]
    y = [classes[int(rng.integers(k))] for _ in clips]
    noise = rng.normal(size=(300, k))
    logits = noise + 1.5 * np.eye(k)[[classes.index(v) for v in y]]
    proba = np.exp(logits) / np.exp(logits).sum(axis=1, keepdims=True)
    return y, clips, proba, classes


@pytest.mark.parametrize("k", [2, 3])
def test_point_values_match_sklearn(k: int) -> None:
    y, clips, proba, classes = _synthetic(k)
    scores = proba[:, 1] if k == 2 else proba
    pred = [classes[i] for i in np.argmax(proba, axis=1)]
    out = bp.score_frames(y, clips, classes, pred, scores, n_boot=N_BOOT)
    assert out.balanced_accuracy is not None
    assert out.roc_auc is not None
    assert out.balanced_accuracy.value == pytest.approx(balanced_accuracy_score(y, pred))
    expected_auc = (
        roc_auc_score([v == "c1" for v in y], scores)
        if k == 2
        else roc_auc_score(y, scores, multi_class="ovr", average="macro", labels=classes)
    )
    assert out.roc_auc.value == pytest.approx(expected_auc)
    assert out.balanced_accuracy.low < out.balanced_accuracy.value < out.balanced_accuracy.high
    assert out.n_clips == 20
    assert out.n_rows == 300


def test_bootstrap_resamples_clips_not_frames() -> None:
    y, clips, proba, classes = _synthetic(2)
    base = bp.score_frames(y, clips, classes, scores=proba[:, 1], n_boot=N_BOOT)
    y10 = [v for v in y for _ in range(10)]
    # Ten copies of every frame of every clip: the clip bootstrap gives the very same CIs.
    rep = bp.score_frames(
        y10, [c for c in clips for _ in range(10)], classes, scores=np.repeat(proba[:, 1], 10),
        n_boot=N_BOOT,
    )  # fmt: skip
    for name in ("balanced_accuracy", "roc_auc", "clip_majority_accuracy"):
        a, b = getattr(rep, name), getattr(base, name)
        assert (a.value, a.low, a.high) == pytest.approx((b.value, b.low, b.high))
    assert (rep.n_clips, rep.n_rows) == (base.n_clips, 10 * base.n_rows)
    # Treating each frame as its own clip (a frame bootstrap) would give narrower intervals.
    frames = bp.score_frames(
        y10, [f"f{i}" for i in range(3000)], classes,
        scores=np.repeat(proba[:, 1], 10), n_boot=N_BOOT,
    )  # fmt: skip
    assert base.roc_auc is not None
    assert frames.roc_auc is not None
    assert frames.roc_auc.high - frames.roc_auc.low < 0.5 * (base.roc_auc.high - base.roc_auc.low)
    weights = bp.clip_weight_draws(7, 50, 1)
    assert weights.shape == (50, 7)
    assert (weights.sum(axis=1) == 7).all()


def test_bootstrap_is_seeded() -> None:
    y, clips, proba, classes = _synthetic(3)
    a = bp.score_frames(y, clips, classes, scores=proba, n_boot=N_BOOT, seed=5)
    b = bp.score_frames(y, clips, classes, scores=proba, n_boot=N_BOOT, seed=5)
    c = bp.score_frames(y, clips, classes, scores=proba, n_boot=N_BOOT, seed=6)
    assert a == b
    assert a != c


def test_clip_majority_vote() -> None:
    y = ["a"] * 3 + ["b"] * 3 + ["a", "b", "b"]
    clips = ["x"] * 3 + ["y"] * 3 + ["z"] * 3
    pred = ["a", "a", "b", "a", "a", "b", "b", "b", "a"]  # x right, y wrong, z right
    out = bp.score_frames(y, clips, ["a", "b"], pred, n_boot=N_BOOT)
    assert out.clip_majority_accuracy is not None
    assert out.clip_majority_accuracy.value == pytest.approx(2 / 3)
    assert out.roc_auc is None


# --------------------------------------------------------------------------- protocol on real data


def _perfect(task: str, rows: pd.DataFrame) -> tuple[list[str], np.ndarray]:
    classes = list(bp.TASK_SPECS[task].classes)
    onehot = np.eye(len(classes))[[classes.index(v) for v in rows["label"]]]
    return list(rows["label"]), onehot[:, 1] if len(classes) == 2 else onehot


@needs_data
@pytest.mark.parametrize("task", bp.TASKS)
def test_perfect_predictor_scores_one(task: str) -> None:
    rows = bp.load_task(task, "test")
    pred, scores = _perfect(task, rows)
    report = bp.evaluate(task, pred, scores, n_boot=N_BOOT)
    assert report.model is not None
    for est in (
        report.model.balanced_accuracy,
        report.model.roc_auc,
        report.model.clip_majority_accuracy,
    ):
        assert est is not None
        assert (est.value, est.low, est.high) == (1.0, 1.0, 1.0)


@needs_data
@pytest.mark.parametrize("task", bp.TASKS)
def test_constant_predictor_scores_the_majority_baseline(task: str) -> None:
    classes = list(bp.TASK_SPECS[task].classes)
    dev, rows = bp.load_task(task, "dev"), bp.load_task(task, "test")
    majority = Counter(dev["label"]).most_common(1)[0][0]
    const = np.eye(len(classes))[[classes.index(majority)] * len(rows)]
    report = bp.evaluate(
        task, [majority] * len(rows), const[:, 1] if len(classes) == 2 else const, n_boot=N_BOOT
    )
    assert report.model == report.majority_baseline
    assert report.majority_baseline.balanced_accuracy is not None
    assert report.majority_baseline.balanced_accuracy.value == pytest.approx(1 / len(classes))
    assert report.majority_baseline.roc_auc is not None
    assert report.majority_baseline.roc_auc.value == pytest.approx(0.5)


@needs_data
def test_logistic_baseline_is_fitted_on_dev_only(monkeypatch: pytest.MonkeyPatch) -> None:
    task = "bicep_lean_back"
    seen: list[pd.DataFrame] = []
    fit = bp.fit_logistic_baseline

    def spy(dev: pd.DataFrame, classes: list[str]) -> object:
        seen.append(dev)
        return fit(dev, classes)

    monkeypatch.setattr(bp, "fit_logistic_baseline", spy)
    report = bp.evaluate(task, n_boot=N_BOOT)
    assert len(seen) == 1
    assert set(seen[0]["split"]) == {"dev"}
    dev, test = bp.load_task(task, "dev"), bp.load_task(task, "test")
    assert len(seen[0]) == len(dev)
    assert not set(seen[0]["clip"]) & set(test["clip"])
    # Same figures as a model fitted on DEV by hand and scored on TEST.
    model = fit(dev, list(bp.TASK_SPECS[task].classes))
    proba = model.predict_proba(test[bp.landmark_columns(test)].to_numpy(float))[:, 1]
    assert model.classes_[1] == "lean_back"
    assert report.logistic_baseline.roc_auc is not None
    assert report.logistic_baseline.roc_auc.value == pytest.approx(
        roc_auc_score(test["label"] == "lean_back", proba)
    )
    assert report.model is None
