"""Training the dosing agent with tiny configs: determinism by seed, save and load through the
registry, the NumPy actor equal to SB3's predict, and the evaluation against the baselines."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from tests.conftest import unavailable

from fitcoach.ml import registry
from fitcoach.ml.dosing import observation, policy

# SB3 (and torch under it, about 2 s) is imported when a test here runs, not when the module is
# collected: every test run collects every module, in each worker.
MISSING: str | None = (
    None if importlib.util.find_spec("stable_baselines3") else "No module named 'stable_baselines3'"
)
baselines: ModuleType
evaluation: ModuleType
training: ModuleType

TINY = {
    "timesteps": 128,
    "n_steps": 32,
    "batch_size": 64,
    "n_epochs": 2,
    "eval_athletes": 2,
    "hand_seeds": 1,
}


@pytest.fixture(autouse=True, scope="module")
def _ml() -> None:
    if MISSING is not None:
        unavailable(f"the ml extra is missing ({MISSING}); pip install 'fitcoach[ml]'")
    global baselines, evaluation, training
    from fitcoach.pipelines.dosing import baselines, evaluation, training


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, Path]:
    if MISSING is not None:
        unavailable(f"the ml extra is missing ({MISSING}); pip install 'fitcoach[ml]'")
    root = tmp_path_factory.mktemp("models")
    result = training.train(training.TrainConfig(**TINY), model_dir=root)  # type: ignore[arg-type]
    return result, root


def test_same_seed_same_weights_other_seed_other_weights(trained: tuple[object, Path]) -> None:
    first, _ = trained
    again = training.train(training.TrainConfig(**TINY))  # type: ignore[arg-type]
    other = training.train(training.TrainConfig(**{**TINY, "seed": 1}))  # type: ignore[arg-type]
    for a, b in zip(first.policy.weights, again.policy.weights, strict=True):  # type: ignore[attr-defined]
        np.testing.assert_array_equal(a, b)
    assert not np.array_equal(first.policy.weights[0], other.policy.weights[0])  # type: ignore[attr-defined]


def test_saved_artefact_loads_and_matches_sb3_predict(trained: tuple[object, Path]) -> None:
    result, root = trained
    manifest = result.manifest  # type: ignore[attr-defined]
    assert manifest.params["n_steps"] == 32
    assert manifest.params["gamma"] == 0.995
    assert manifest.metrics["timesteps"] >= 128
    artefact = registry.load(root, "ppo", schema=observation.SCHEMA)
    loaded = policy.load(root)
    assert loaded.version == manifest.version
    model = training.load_sb3(artefact)
    rng = np.random.default_rng(0)
    batch = rng.uniform(observation.LOW, observation.HIGH, size=(16, 30, 5)).astype(np.float32)
    expected, _ = model.predict(batch, deterministic=True)
    np.testing.assert_allclose(loaded(batch), expected, atol=1e-5)
    np.testing.assert_allclose(loaded(batch[0]), expected[0], atol=1e-5)


def test_a_changed_schema_or_file_is_refused(trained: tuple[object, Path]) -> None:
    _, root = trained
    with pytest.raises(registry.ArtefactError, match="another schema"):
        registry.load(root, "ppo", schema={**observation.SCHEMA, "version": "other"})


def test_metrics_report_every_policy_on_every_set(trained: tuple[object, Path]) -> None:
    metrics = trained[0].metrics  # type: ignore[attr-defined]
    for set_name in ("training", "held_out", "hand_written"):
        assert set(metrics[set_name]) >= {"ppo", "rules", "linear", "random", "beats_rules"}
        assert metrics[set_name][(set_name == "hand_written" and "ppo") or "rules"]["cases"] >= 2
    assert metrics["held_out_gain"] == metrics["held_out"]["ppo"]["gain"]
    assert isinstance(metrics["beats_rules"], bool)


def test_rules_policy_deloads_on_an_acwr_spike_and_holds_an_incomplete_week() -> None:
    rules = baselines.RulesPolicy()
    info = {
        "week": 1, "minutes": 40.0, "peak_minutes": 40.0, "planned_minutes": 160.0,
        "done_minutes": 160.0, "acwr": 1.7, "readiness_days": [70.0] * 5, "resting": False,
    }  # fmt: skip
    rules.reset(info)
    from fitcoach.ml.dosing import actions

    spike = actions.decode(rules.act(np.zeros((30, 5), np.float32), info), 40.0, 40.0)
    assert spike.minutes_factor == pytest.approx(0.6)
    assert spike.rpe_points == -1.0
    rules.reset(info)
    missed = {**info, "acwr": 1.0, "done_minutes": 100.0}
    hold = actions.decode(rules.act(np.zeros((30, 5), np.float32), missed), 40.0, 40.0)
    assert hold.minutes_factor == pytest.approx(1.0)  # week not completed: no increase
    done = {**info, "acwr": 1.0}
    ramp = actions.decode(rules.act(np.zeros((30, 5), np.float32), done), 40.0, 40.0)
    assert ramp.minutes_factor == pytest.approx(1.10)  # completed: +10 %


def test_evaluation_scores_policies_on_the_same_athletes() -> None:
    cases = evaluation.held_out_cases(3)
    summaries, episodes = evaluation.evaluate(
        [baselines.RulesPolicy(), baselines.RandomPolicy(0)], cases
    )
    assert summaries["rules"].cases == 3
    assert len(episodes["random"][0].weekly_load) == 27
    assert summaries["random"].load_change_pct > summaries["rules"].load_change_pct / 10
    again, _ = evaluation.evaluate([baselines.RulesPolicy()], cases)
    assert again["rules"] == summaries["rules"]  # seeded: the same figures


def test_plots_are_written(trained: tuple[object, Path], tmp_path: Path) -> None:
    from research.pipelines.dosing import figures

    written = figures.plots(trained[0], tmp_path)  # type: ignore[arg-type]
    assert {p.name for p in written} >= {"ppo_results.png", "ppo_season.png"}
    assert all(0 < p.stat().st_size < 200_000 for p in written)
