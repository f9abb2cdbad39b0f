"""The per-frame form model on real image landmarks (issue 40): features that do not depend on
where the person stands, how large they appear or which way they face; NaN robustness;
deterministic training; the artefact; its scoring beside the rule. Tests that read
``shared/data/pose-exercise-correction`` are skipped without it."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from sklearn.metrics import balanced_accuracy_score

from fitcoach.analysis import pose
from fitcoach.ml import registry
from fitcoach.ml.form import real_frames as rf
from fitcoach.ml.splits import blind_pose as bp
from fitcoach.pipelines.form import generate as gen
from fitcoach.pipelines.form import real_frames as prf
from research.validation import pose_check as pc

ROOT = bp.default_pose_dir()
needs_data = pytest.mark.skipif(
    not (ROOT / "bicep_model__test.csv").is_file(), reason=f"pose data not found at {ROOT}"
)
SMALL = {"max_iter": 10, "max_leaf_nodes": 7, "min_samples_leaf": 20, "augment": False}
LUNGE_CSV = (
    "nose",
    *(f"{s}_{p}" for s in ("left", "right") for p in ("shoulder", "hip", "knee", "ankle")),
    *(f"{s}_{p}" for s in ("left", "right") for p in ("heel", "foot_index")),
)


def _side_view_lunge(seed: int = 1) -> np.ndarray:
    """A lunge seen from the side in image-like coordinates (x, y in [0, 1], y down)."""
    rng = np.random.default_rng(seed)
    body = gen.Body.sample(rng, "train")
    style = gen.Style({}, 0.0, 0.0, 1.5, 10.0, 1.0)
    clean = np.stack(
        [gen.skeleton("lunge", body, float(p), {}, style) for p in np.linspace(0, 1, 12)]
    )
    seen = gen._to_camera(clean, 80.0, 3.0) * 0.25 + np.array([0.5, 0.5, 0.0])
    seen = seen + rng.normal(0.0, 0.002, seen.shape)
    keep = np.zeros(pose.N_LANDMARKS, dtype=bool)
    keep[[pose.IDX[n] for n in LUNGE_CSV]] = True
    seen[:, ~keep] = np.nan
    return np.asarray(seen)


def test_feature_names_and_shape() -> None:
    lm = _side_view_lunge()
    x = rf.frame_features(lm)
    assert x.shape == (12, len(rf.FEATURES))
    assert len(set(rf.FEATURES)) == len(rf.FEATURES)
    # The landmarks the clip has are defined everywhere; the others are NaN, not 0.
    col = rf.FEATURES.index
    assert np.isfinite(x[:, col("left_knee_x")]).all()
    assert np.isnan(x[:, col("left_wrist_x")]).all()
    assert np.allclose(x[:, col("left_hip_y")] + x[:, col("right_hip_y")], 0.0, atol=1e-9)
    with pytest.raises(ValueError, match="33, 3"):
        rf.frame_features(lm[:, :20])


def test_features_ignore_shift_scale_mirror_and_depth() -> None:
    lm = _side_view_lunge()
    base = rf.frame_features(lm)
    moved = lm.copy()
    moved[..., :2] = (moved[..., :2] - 0.5) * 1.7 + np.array([0.12, -0.3])
    mirrored = lm.copy()
    mirrored[..., 0] = 1.0 - mirrored[..., 0]
    deep = lm.copy()
    deep[..., 2] = np.random.default_rng(0).normal(0.0, 0.3, deep.shape[:2])
    for other in (moved, mirrored, deep):
        np.testing.assert_allclose(rf.frame_features(other), base, rtol=1e-9, atol=1e-9)
    # The person faces +x after mirroring, whichever way they faced in the image.
    assert rf.facing(lm) == -rf.facing(mirrored)
    nose = base[:, rf.FEATURES.index("nose_x")]
    assert np.nanmedian(nose) > 0.0


def test_features_are_nan_robust() -> None:
    lm = _side_view_lunge()
    lm[3, pose.IDX["left_knee"]] = np.nan
    lm[5] = np.nan  # a frame with nobody seen
    x = rf.frame_features(lm)
    assert np.isnan(x[5]).all()
    assert np.isfinite(x[4, : len(rf.MEASURES)]).sum() > 0
    empty = rf.frame_features(np.full((4, 33, 3), np.nan))
    assert np.isnan(empty).all()


def test_synthetic_frames_are_labelled_from_the_phase() -> None:
    x, y = prf.synthetic_frames("lunge_stage", 3, LUNGE_CSV, seed=4)
    assert x.shape == (3 * prf.FRAMES_PER_CLIP, len(rf.FEATURES))
    assert set(y) <= {"init", "mid", "down"}
    # The front knee bends more in frames labelled "down" than in "init" ones.
    knee = x[:, rf.FEATURES.index("front_knee_deg")]
    assert np.nanmedian(knee[y == "down"]) < np.nanmedian(knee[y == "init"])
    again = prf.synthetic_frames("lunge_stage", 3, LUNGE_CSV, seed=4)
    assert np.array_equal(np.nan_to_num(again[0], nan=-9.0), np.nan_to_num(x, nan=-9.0))


def test_training_is_deterministic_by_seed() -> None:
    x, y = prf.synthetic_frames("squat_stage", 6, LUNGE_CSV, seed=2)
    params = {**SMALL, "max_iter": 20}
    a = rf.proba(rf.fit(x, y, params, seed=3), x, ("up", "down"))
    b = rf.proba(rf.fit(x, y, params, seed=3), x, ("up", "down"))
    assert np.array_equal(a, b)
    assert np.allclose(a.sum(axis=1), 1.0)


@needs_data
def test_two_trainings_on_dev_give_identical_predictions(tmp_path: Path) -> None:
    params = {"bicep_lean_back": SMALL}
    a = rf.train(tasks=["bicep_lean_back"], params=params, seed=5)
    b = rf.train(tasks=["bicep_lean_back"], params=params, seed=5)
    rows = bp.load_task("bicep_lean_back", "dev")
    x = rf.rows_features(rows)
    classes = bp.TASK_SPECS["bicep_lean_back"].classes
    pa = rf.proba(a.models["bicep_lean_back"], x, classes)
    assert np.array_equal(pa, rf.proba(b.models["bicep_lean_back"], x, classes))
    # The artefact: versioned by the DEV data and the parameters, verified on load.
    first = rf.save(a, tmp_path, seed=5)
    assert rf.save(b, tmp_path, seed=5).version == first.version
    loaded = rf.load(tmp_path)
    assert np.array_equal(rf.proba(loaded.models["bicep_lean_back"], x, classes), pa)
    other = rf.train(
        tasks=["bicep_lean_back"], params={"bicep_lean_back": {**SMALL, "max_iter": 11}}
    )
    assert rf.save(other, tmp_path / "o", seed=5).version != first.version
    (tmp_path / rf.NAME / first.version / "models.pkl.gz").write_bytes(b"changed")
    with pytest.raises(registry.ArtefactError):
        rf.load(tmp_path, version=first.version)


def test_paired_difference_matches_balanced_accuracies() -> None:
    rng = np.random.default_rng(0)
    classes = ("correct", "lean_back")
    y = rng.choice(classes, 300)
    clips = np.repeat([f"c{i}" for i in range(10)], 30)
    a = np.where(rng.random(300) < 0.9, y, rng.choice(classes, 300))
    b = np.where(rng.random(300) < 0.6, y, rng.choice(classes, 300))
    d = pc.paired_difference(y, clips, classes, list(a), list(b), n_boot=200)
    expected = balanced_accuracy_score(y, a) - balanced_accuracy_score(y, b)
    assert d.value == pytest.approx(expected)
    assert d.low <= d.value <= d.high
    same = pc.paired_difference(y, clips, classes, list(a), list(a), n_boot=200)
    assert (same.value, same.low, same.high) == (0.0, 0.0, 0.0)


@needs_data
def test_model_row_in_the_check() -> None:
    models = rf.train(tasks=["plank_form"], params={"plank_form": SMALL})
    clips = ("plank_form/002", "plank_form/006")
    result = pc.evaluate_task("plank_form", n_boot=50, clips=clips, model=models)
    assert result.model is not None
    assert result.model.balanced_accuracy is not None
    assert result.model_minus_rule is not None
    rule = result.test["calibrated"].balanced_accuracy
    assert rule is not None
    assert result.model_minus_rule.value == pytest.approx(
        result.model.balanced_accuracy.value - rule.value
    )
    assert pc.switches(result) == (result.model_minus_rule.low > 0)
    text = pc.markdown([result])
    assert pc.MODEL_ROW in text
    assert "Decision:" in text


# --------------------------------------------------------------------------- the product


def _runs(stages: tuple[str | None, ...], value: str) -> int:
    """How many separate runs of ``value`` the stage sequence holds."""
    flags = [s == value for s in stages]
    return sum(1 for i, f in enumerate(flags) if f and (i == 0 or not flags[i - 1]))


def _squat(name: str = "squat, good depth and posture") -> gen.Sequence:
    from fitcoach.pipelines.form.handwritten import HANDWRITTEN, build

    return build(next(s for s in HANDWRITTEN if s["name"] == name))


def test_the_packaged_model_stages_a_squat_and_the_rule_takes_unreadable_frames() -> None:
    seq = _squat()
    lm = np.array(seq.landmarks)
    lm[10:14, [pose.IDX["left_hip"], pose.IDX["right_hip"]]] = np.nan  # no knee angle
    lm[20:22, pose.IDX["left_knee"]] = np.nan  # one knee is enough
    staged = rf.stages("squat", lm)
    assert staged is not None
    assert staged.version is not None
    assert len(staged.stages) == len(lm)
    assert staged.stages[10:14] == (None,) * 4
    assert staged.source[10:14] == ("",) * 4
    assert staged.source[20:22] == ("model", "model")
    assert staged.source.count("model") == len(lm) - 4
    # Each rep is one run of "down" frames between standing ones.
    assert _runs(staged.stages, "down") == seq.reps
    assert staged.stages[0] == "up"
    assert rf.stages("lunge", lm) is None  # the rule keeps the lunge's stage (no switch)
    # Without the shoulders the model has no torso to scale by: the rule stages every frame.
    blind = np.array(seq.landmarks)
    blind[:, [pose.IDX["left_shoulder"], pose.IDX["right_shoulder"]]] = np.nan
    ruled = rf.stages("squat", blind)
    assert ruled is not None
    assert set(ruled.source) == {"rule"}
    assert ruled.version is None
    assert list(ruled.stages) == rf.rule_stages("squat", blind)


def test_without_a_model_the_rule_stages_every_frame(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken() -> tuple[rf.FrameModels, str]:
        raise registry.ArtefactError("changed on disk")

    monkeypatch.setattr(rf, "_packaged", broken)
    lm = _squat().landmarks
    staged = rf.stages("squat", lm)
    assert staged is not None
    assert staged.version is None
    assert set(staged.source) == {"rule"}
    assert list(staged.stages) == rf.rule_stages("squat", lm)
    assert "changed on disk" in staged.note


def test_the_form_check_carries_the_squat_stages() -> None:
    from fitcoach.sensors.pose import PoseTrack
    from fitcoach.services import form_check

    seq = _squat("squat, shallow with knees caving in")
    world = np.array(seq.landmarks)
    visibility = np.where(np.isfinite(world).all(axis=2), 1.0, np.nan)
    track = PoseTrack(
        world=world, image=world.copy(), visibility=visibility, fps=30.0, width=640, height=480
    )
    analysis = form_check.assess_track(track, "squat", model_dir=None)
    assert len(analysis.stages) == analysis.frames
    assert analysis.stages_by.startswith(f"model {rf.NAME} ")
    assert _runs(analysis.stages, "down") == len(analysis.assessment.geometry.reps)
    assert analysis.staging is not None
    assert analysis.staging.source == "model"
    assert analysis.assessment.geometry.reps_counted_from == "stages"
    assert form_check.frame_stages("deadlift", world) is None


@needs_data
def test_the_packaged_artefact_is_what_training_on_dev_gives(tmp_path: Path) -> None:
    """The shipped models are the DEV training's (same version and predictions): nothing in
    them was fitted on TEST."""
    fresh = rf.train(tasks=["squat_stage"])
    packaged = rf.load()
    rows = bp.load_task("squat_stage", "dev")
    x = rf.rows_features(rows)
    classes = bp.TASK_SPECS["squat_stage"].classes
    assert np.array_equal(
        rf.proba(fresh.models["squat_stage"], x, classes),
        rf.proba(packaged.models["squat_stage"], x, classes),
    )
    assert packaged.params == {t: dict(p) for t, p in rf.CHOSEN.items()}
    (manifest,) = registry.versions(rf.PACKAGED_ROOT, rf.NAME)
    assert manifest.data_hash == rf.data_fingerprint()
    assert manifest.version == registry.version_of(
        manifest.data_hash, {"per_task": rf.CHOSEN, "fixed": rf.FIXED}, rf.SCHEMA
    )
