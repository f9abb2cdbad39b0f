"""The form models' research side: the per-frame models' hyperparameter search over DEV clips
(``real_frames_select``) and a saved GNN-LSTM scored on fresh sets (``evaluate``)."""

from __future__ import annotations

import pytest
from tests.conftest import unavailable

from fitcoach.ml.form import real_frames as rf
from fitcoach.ml.splits import blind_pose as bp
from research.pipelines.form import real_frames_select as sel

needs_data = pytest.mark.skipif(
    not (bp.default_pose_dir() / "bicep_model__test.csv").is_file(),
    reason=f"pose data not found at {bp.default_pose_dir()}",
)
POINT = {"max_iter": 10, "max_leaf_nodes": 7, "min_samples_leaf": 20}


@needs_data
def test_select_scores_each_point_with_and_without_generated_frames(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The real cross-validation runs; its calls are recorded rather than run again (each takes
    # about a minute on 2 cores: this test was the suite's slowest, stop 88).
    calls: list[tuple[str, dict[str, object], object, float]] = []
    real = rf.cv_balanced_accuracy

    def recorded(task: str, dev: object, params: dict[str, object], *args: object, **kw: object) -> float:  # fmt: skip
        score = real(task, dev, params, *args, **kw)  # type: ignore[arg-type]
        calls.append((task, dict(params), kw.get("extra"), score))
        return score

    monkeypatch.setattr(sel, "GRID", (POINT,))
    monkeypatch.setattr(rf, "cv_balanced_accuracy", recorded)
    drawn = sel.select("lunge_stage")
    assert [row["augment"] for row in drawn["table"]] == [False, True]
    assert [c[1] for c in calls] == [{**POINT, "augment": False}, {**POINT, "augment": True}]
    assert all(c[0] == "lunge_stage" for c in calls)
    # The generated frames go to both points (the model leaves them out where augment is off).
    assert calls[0][2] is not None
    assert calls[0][2] is calls[1][2]
    assert [row["cv_bal_acc"] for row in drawn["table"]] == [c[3] for c in calls]
    assert all(0.0 <= c[3] <= 1.0 for c in calls)
    best = max(drawn["table"], key=lambda r: r["cv_bal_acc"])
    assert drawn["best"] == {k: v for k, v in best.items() if k != "cv_bal_acc"}
    # The generator draws no plank: the search there has no augmented rows.
    calls.clear()
    assert [r["augment"] for r in sel.select("plank_form")["table"]] == [False]
    assert [c[2] for c in calls] == [None]


def test_the_grid_is_the_eight_points_the_choice_was_made_on() -> None:
    assert len(sel.GRID) == 8
    assert {tuple(sorted(p)) for p in sel.GRID} == {tuple(sorted(POINT))}
    chosen = {k: v for k, v in rf.CHOSEN["squat_stage"].items() if k != "augment"}
    assert chosen in [dict(p) for p in sel.GRID]


def test_evaluate_scores_the_packaged_model_beside_the_rule_on_fresh_sets() -> None:
    try:
        import torch  # noqa: F401
    except ImportError:
        unavailable("torch is not installed (the ml extra)")
    from fitcoach.ml.form import load
    from fitcoach.pipelines.form.generate import generate
    from fitcoach.pipelines.form.train import Data, TrainConfig, baseline
    from research.pipelines.form.evaluate import evaluate

    config = TrainConfig(n_test=3, seed=7)
    report = evaluate(None, config)
    assert report["version"] == load(None).manifest.version
    assert set(report["model"]) == set(report["baseline"]) == {"heldout", "handwritten"}
    fresh = Data.of(generate(3, config.seed + 2, "heldout"))
    assert report["baseline"]["heldout"] == baseline(fresh)[0]
    assert 0.0 <= report["model"]["heldout"]["exercise_accuracy"] <= 1.0
