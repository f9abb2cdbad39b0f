"""The form rule's real-data runner: landmark mapping, bands, the DEV calibration stored in
``analysis.pose`` and deterministic figures on a small TEST slice. The data-dependent tests
need ``shared/data/pose-exercise-correction`` and are skipped without it."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score, roc_auc_score

from fitcoach.analysis import pose
from research.validation import blind_pose as bp
from research.validation import pose_check as pc

ROOT = bp.default_pose_dir()
needs_data = pytest.mark.skipif(
    not (ROOT / "plank_model__test.csv").is_file(), reason=f"pose data not found at {ROOT}"
)
SLICE = ("plank_form/002", "plank_form/006")  # two TEST clips holding all three classes
N_BOOT = 50


def test_predict_bands_and_missing() -> None:
    values = np.array([-20.0, 0.0, 80.0, np.nan])
    assert list(pc.predict("plank_form", values, (-11.5, 70.0))) == [
        "low_back",
        "correct",
        "high_back",
        "correct",
    ]
    knees = np.array([170.0, 120.0, np.nan])
    assert list(pc.predict("squat_stage", knees, (166.0,))) == ["up", "down", "up"]


def test_scores_agree_with_predictions() -> None:
    rng = np.random.default_rng(0)
    knees = rng.uniform(30.0, 180.0, 200)
    p = pc.scores("squat_stage", knees, (166.0,))  # P(down): classes are (up, down)
    assert np.array_equal(p > 0.5, pc.predict("squat_stage", knees, (166.0,)) == "down")
    dev = rng.uniform(-40.0, 110.0, 200)
    m = pc.scores("plank_form", dev, (-11.5, 70.0))
    classes = np.array(bp.TASK_SPECS["plank_form"].classes)
    assert np.array_equal(classes[m.argmax(axis=1)], pc.predict("plank_form", dev, (-11.5, 70.0)))


def test_report_point_of_moved_rules() -> None:
    for task in ("lunge_knee_over_toe", "plank_form", "bicep_lean_back"):
        stored = pc.thresholds(task, "image")
        assert all(np.isfinite(stored))
    rule = pose.FaultRule("x", 10.0, 25.0, "")
    assert pc.report_point(rule) == pytest.approx(12.25)


@needs_data
def test_landmarks_of_maps_columns_and_visibility() -> None:
    rows = bp.load_task("bicep_lean_back", "dev").head(20)
    lm = pc.landmarks_of(rows, min_visibility=0.0)
    assert lm.shape == (20, 33, 3)
    i = pose.IDX["left_elbow"]
    assert np.allclose(lm[:, i, 0], rows["left_elbow_x"].to_numpy())
    assert np.allclose(lm[:, i, 2], rows["left_elbow_z"].to_numpy())
    assert np.isnan(lm[:, pose.IDX["left_knee"]]).all()  # the curl file has no legs
    hidden = pc.landmarks_of(rows, min_visibility=1.01)
    assert np.isnan(hidden).all()


@needs_data
def test_stored_calibration_is_the_dev_calibration() -> None:
    """The cuts in analysis.pose are what calibrating on DEV gives now (no TEST row read)."""
    assert pc.check_stored() == []


@needs_data
def test_calibration_reads_dev_only() -> None:
    dev = bp.load_task("bicep_lean_back", "dev")
    assert set(dev["split"]) == {"dev"}
    shuffled = dev.assign(label=dev["label"].sample(frac=1.0, random_state=0).to_numpy())
    assert pc.calibrate("bicep_lean_back", dev) == pc.thresholds("bicep_lean_back", "image")
    assert pc.calibrate("bicep_lean_back", shuffled) != pc.calibrate("bicep_lean_back", dev)


@needs_data
def test_runner_is_deterministic_and_matches_sklearn_on_a_slice() -> None:
    a = pc.evaluate_task("plank_form", n_boot=N_BOOT, clips=SLICE)
    b = pc.evaluate_task("plank_form", n_boot=N_BOOT, clips=SLICE)
    assert pc.figures([a]) == pc.figures([b])
    assert a.n_test_clips == 2
    assert set(a.test) == {"first pass", "calibrated"}
    rows = bp.load_task("plank_form", "test")
    rows = rows[rows["clip"].isin(SLICE)].reset_index(drop=True)
    values = pc.measure("plank_form", rows)
    cuts = pc.thresholds("plank_form", "image")
    ours = a.test["calibrated"]
    assert ours.balanced_accuracy is not None
    assert ours.roc_auc is not None
    assert ours.balanced_accuracy.value == pytest.approx(
        balanced_accuracy_score(rows["label"], pc.predict("plank_form", values, cuts))
    )
    classes = list(bp.TASK_SPECS["plank_form"].classes)
    matrix = pc.scores("plank_form", values, cuts)
    auc = np.mean([roc_auc_score(rows["label"] == c, matrix[:, k]) for k, c in enumerate(classes)])
    assert ours.roc_auc.value == pytest.approx(auc)
    # The slice's figures, pinned: a change to a measure or a cut shows here.
    assert ours.balanced_accuracy.value == pytest.approx(0.9863163656267105)
    first = a.test["first pass"].balanced_accuracy
    assert first is not None
    assert first.value < ours.balanced_accuracy.value


@needs_data
def test_stage_tasks_also_score_the_3d_measure() -> None:
    result = pc.evaluate_task("squat_stage", n_boot=N_BOOT, clips=["squat_stage/000"])
    assert set(result.test) == {"3-D, written cuts", "first pass", "calibrated"}
    text = pc.markdown([result])
    assert "rule, calibrated, on DEV (tuned there)" in text
    assert "logistic on raw landmarks" in text


def test_registered_with_fitcoach_ml_validate() -> None:
    from research.validation import checks

    (check,) = checks.selected(["form"])
    assert check.card == "form.md"
