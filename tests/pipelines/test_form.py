"""The form pipeline: the generator (deterministic, labelled, held-out bodies) and training
(seeded, saved, loaded, compared with the rule). Tiny sizes."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from tests.conftest import unavailable

from fitcoach.analysis import pose
from fitcoach.pipelines.form import generate as gen


def test_generator_is_deterministic_by_seed() -> None:
    a = gen.generate_sequence(11, exercise="squat", level="poor")
    b = gen.generate_sequence(11, exercise="squat", level="poor")
    c = gen.generate_sequence(12, exercise="squat", level="poor")
    assert np.array_equal(a.landmarks, b.landmarks, equal_nan=True)
    assert a.severities == b.severities
    assert not np.array_equal(a.landmarks[:20], c.landmarks[:20], equal_nan=True)
    assert a.landmarks.shape[1:] == (33, 3)
    assert np.isnan(a.landmarks).any()  # dropped landmarks


def test_levels_order_scores_and_rule_sees_reps() -> None:
    good = gen.generate_sequence(3, exercise="deadlift", level="excellent")
    poor = gen.generate_sequence(3, exercise="deadlift", level="poor")
    assert good.form_score > 90 > 75 > poor.form_score
    assert poor.risk_score > good.risk_score
    for seq in (good, poor):
        assert len(pose.analyse(seq.landmarks, "deadlift").reps) == seq.reps


def test_heldout_bodies_are_outside_the_training_range() -> None:
    rng = np.random.default_rng(0)
    train = [gen.Body.sample(rng, "train").height_m for _ in range(50)]
    held = [gen.Body.sample(rng, "heldout").height_m for _ in range(50)]
    assert all(1.60 <= h <= 1.88 for h in train)
    assert all(h < 1.60 or h > 1.88 for h in held)


TINY = {"n_train": 10, "n_val": 4, "n_test": 4, "epochs": 2, "batch_size": 8}
TINY_MODEL = {"gcn_hidden": 8, "gcn_out": 4, "frame_dim": 16, "lstm_hidden": 16}


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict, dict, dict]:
    """Tiny data generated once; two trainings with the same seed into two directories."""
    try:
        import torch  # noqa: F401
    except ImportError:
        unavailable("torch is not installed (the ml extra)")
    from fitcoach.pipelines.form.train import TrainConfig, build_data, train

    root = tmp_path_factory.mktemp("form")
    config = TrainConfig(**TINY, model=TINY_MODEL)
    data = build_data(config)
    from research.pipelines.form import figures

    def draw(report: dict, history: list, sets: dict, predicted: dict) -> None:
        figures.plots(report, history, sets, predicted, root / "plots")

    first = train(config, root / "a", figures=draw, data=data)
    second = train(config, root / "b", data=data)
    return root, first, second, data


def test_train_is_seeded_and_reports_model_beside_rule(trained: tuple) -> None:
    root, first, second, _ = trained
    assert first["version"] == second["version"]
    assert first["model"] == second["model"]
    for split in ("val", "heldout", "handwritten"):
        for key in ("form_mae", "form_rmse", "angles_mae_deg", "exercise_accuracy", "risk_mae"):
            assert np.isfinite(first["model"][split][key])
            assert np.isfinite(first["baseline"][split][key])
        assert first["baseline"][split]["reps_exact"] > 0.5
    assert first["sizes"] == {"train": 10, "val": 4, "heldout": 4, "handwritten": 6}
    assert sorted(p.name for p in (root / "plots").iterdir()) == [
        "form_heldout_errors.png",
        "form_heldout_scatter.png",
        "form_training.png",
    ]


def test_saved_model_loads_and_predicts_the_same(trained: tuple) -> None:
    from fitcoach.ml.form import assess, load
    from fitcoach.ml.form.features import features

    root, first, _, _ = trained
    model = load(root / "a")
    assert model.manifest.version == first["version"]
    assert model.manifest.metrics["report"]["model"]["heldout"] == first["model"]["heldout"]
    seq = gen.generate_sequence(5, exercise="bench_press", level="good")
    out = model.predict_batch(features(seq.landmarks)[None])
    again = load(root / "b").predict_batch(features(seq.landmarks)[None])
    assert np.allclose(out["form"], again["form"])
    assessment = assess(seq.landmarks, model_dir=root / "a")
    assert assessment.model.available
    assert assessment.model.version == first["version"]
    assert 0 <= assessment.to_dict()["form_score"] <= 100


def test_damaged_artefact_is_refused(trained: tuple) -> None:
    from fitcoach.ml import registry
    from fitcoach.ml.form import NAME, SCHEMA

    root, first, _, _ = trained
    path = root / "b" / NAME / first["version"] / "model.pt"
    path.write_bytes(path.read_bytes()[:-10] + b"0123456789")
    with pytest.raises(registry.ArtefactError, match="does not match"):
        registry.load(root / "b", NAME, schema=SCHEMA)


def test_assess_without_the_model_still_gives_geometry() -> None:
    from fitcoach.ml.form import assess

    seq = gen.generate_sequence(9, exercise="lunge", level="fair")
    result = assess(seq.landmarks, use_model=False)
    assert not result.model.available
    assert result.form_score == result.geometry.form_score
    assert result.to_dict()["reps"] == seq.reps
