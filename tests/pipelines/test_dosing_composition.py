"""The composition the product ships, on simulated athletes: the rules' plan through the
validator, the agent's change on top through the product's own ``compose``, the paired
evaluation over fresh athletes under both injury models, the constrained (Lagrangian)
training, and what is stored for the gate; all deterministic by seed."""

from __future__ import annotations

import importlib.util
from types import ModuleType
from typing import Any

import numpy as np
import pytest
from tests.conftest import unavailable

from fitcoach.ml.dosing import gate
from fitcoach.ml.dosing import policy as dosing_policy

MISSING: str | None = (
    None if importlib.util.find_spec("stable_baselines3") else "No module named 'stable_baselines3'"
)
composition: ModuleType
evaluation: ModuleType
training: ModuleType

TINY: dict[str, Any] = {
    "timesteps": 512,
    "n_steps": 64,
    "batch_size": 128,
    "n_epochs": 2,
    "bar_athletes": 4,
    "composed_athletes": 4,
    "resamples": 200,
}


@pytest.fixture(autouse=True, scope="module")
def _ml() -> None:
    if MISSING is not None:
        unavailable(f"the ml extra is missing ({MISSING}); pip install 'fitcoach[ml]'")
    global composition, evaluation, training
    from fitcoach.pipelines.dosing import composition, evaluation, training


def _episode(env: Any, seed: int, action: list[float]) -> list[Any]:
    env.reset(seed=seed)
    done, infos = False, []
    while not done:
        _, _, done, _, info = env.step(np.array(action, dtype=np.float32))
        infos.append(info)
    return infos


def test_the_rules_alone_pass_the_validator_and_replay_by_seed() -> None:
    env = composition.ComposedEnv(agent=False)
    first = _episode(env, 7, [1.0, 1.0])  # the action is ignored without an agent
    log = list(env.log)
    again = _episode(env, 7, [-1.0, -1.0])
    assert [i["minutes"] for i in first] == [i["minutes"] for i in again]
    assert {w.rules_status for w in log} <= {"ok", "waiting"}  # the rules stay within the caps
    assert {w.agent for w in log} == {"none"}


def test_the_agents_harder_weeks_are_refused_and_lighter_ones_kept() -> None:
    env = composition.ComposedEnv()
    _episode(env, 11, [1.0, 1.0])  # a point harder and longer, every week
    harder = [w.agent for w in env.log if w.rules_status != "waiting"]
    assert harder.count("refused") > len(harder) / 2
    _episode(env, 11, [-0.5, -0.5])  # easier and shorter: within every cap
    lighter = [w.agent for w in env.log if w.rules_status != "waiting"]
    assert "refused" not in lighter  # (unchanged: a week already at the simulator's floor)
    assert lighter.count("accepted") > len(lighter) / 2


def test_the_simulated_plan_goes_through_the_products_compose() -> None:
    """A +1 RPE week over a rules' week is over the weekly effort cap: the validator's
    reason is the new rule's and the plan in force stays the rules'."""
    from fitcoach.coach.explanations import reason
    from fitcoach.ml.dosing import actions
    from fitcoach.services.plans.dosing import compose, proposal_delta

    plan = composition.SimPlan(3)
    plan.weeks.append(composition.Dose(5.0, 40.0))
    base = plan.build(composition.Dose(5.0, 44.0))  # the rules' +10 %
    why = reason("dosing_agent", change="test")
    harder = compose(base, plan.week_end(), actions.Delta(1.0, 1.0), why, composition._check)
    assert harder.verdict is not None
    assert not harder.accepted
    assert harder.in_force == base
    assert "weekly_effort" in {v.rule for v in harder.verdict.violations}
    easier = compose(base, plan.week_end(), proposal_delta([-1.0, 0.0]), why, composition._check)
    assert easier.accepted
    assert composition.next_dose(easier.in_force, False).rpe == 4.0


def test_paired_cis_cover_the_mean_and_collapse_when_nothing_differs() -> None:
    ci = evaluation.paired_ci([0, 1, 0, 0, 2, 0, 1, 0], resamples=500, seed=1)
    assert ci["low"] <= ci["mean"] == 0.5 <= ci["high"]
    assert evaluation.paired_ci([0, 0, 0], resamples=500, seed=1) == {
        "mean": 0.0,
        "low": 0.0,
        "high": 0.0,
    }


def test_the_evaluation_pairs_the_same_athletes_and_replays_exactly() -> None:
    agent = dosing_policy.load(None)
    policies = [
        evaluation.ComposedPolicy("rules"),
        evaluation.ComposedPolicy("rules+agent", agent),
    ]
    kwargs = {
        "athletes": 3,
        "injury_models": ("acwr", "strain"),
        "shipped": "rules+agent",
        "trained_on": "acwr",
        "resamples": 200,
    }
    block = evaluation.evaluate_composition(policies, **kwargs)
    assert block == evaluation.evaluate_composition(policies, **kwargs)
    assert set(block["models"]) == {"acwr", "strain"}
    for result in block["models"].values():
        per = result["per_athlete"]
        diff = np.array(per["rules+agent"]["injuries"]) - np.array(per["rules"]["injuries"])
        assert result["paired"]["rules+agent"]["injuries"]["mean"] == pytest.approx(diff.mean())
        assert result["policies"]["rules"]["refused_share"] == 0.0
    parsed = gate.from_metrics({"composition": block})
    assert [c.injury_model for c in parsed.comparisons] == ["acwr", "strain"]
    assert not parsed.allowed  # one set of 3 athletes: never enough for the gate
    # Three seed sets: the first set is the same athletes as before, and the pooled figures
    # are those of every athlete of the three sets.
    pooled = evaluation.evaluate_composition(policies, **kwargs, seed_sets=3)
    for model, result in pooled["models"].items():
        assert (result["athletes"], result["seed_sets"], len(result["sets"])) == (9, 3, 3)
        first = result["sets"][0]
        assert first["policies"] == block["models"][model]["policies"]
        per = result["per_athlete"]
        assert (
            per["rules"]["injuries"][:3]
            == block["models"][model]["per_athlete"]["rules"]["injuries"]
        )
        diff = np.array(per["rules+agent"]["injuries"]) - np.array(per["rules"]["injuries"])
        pooled_mean = result["paired"]["rules+agent"]["injuries"]["mean"]
        assert pooled_mean == pytest.approx(diff.mean(), abs=1e-4)
        assert [s["seeds_from"] for s in result["sets"]] == [
            evaluation.COMPOSED_BASE + 3 * k for k in range(3)
        ]
    with pytest.raises(ValueError, match="rules alone"):
        evaluation.evaluate_composition(policies[1:], **kwargs)


@pytest.fixture(scope="module")
def constrained() -> Any:
    if MISSING is not None:
        unavailable(f"the ml extra is missing ({MISSING}); pip install 'fitcoach[ml]'")
    config = training.constrained_config(**TINY)
    return training.train(config, compare_unconstrained=False)


def test_constrained_training_is_deterministic_by_seed(constrained: Any) -> None:
    again = training.train(training.constrained_config(**TINY), compare_unconstrained=False)
    for a, b in zip(constrained.policy.weights, again.policy.weights, strict=True):
        np.testing.assert_array_equal(a, b)
    assert again.metrics["composition"] == constrained.metrics["composition"]
    assert again.metrics["constraint"] == constrained.metrics["constraint"]
    other = training.train(
        training.constrained_config(**{**TINY, "seed": 1}), compare_unconstrained=False
    )
    assert not np.array_equal(other.policy.weights[0], constrained.policy.weights[0])


def test_the_multiplier_follows_the_injury_rate_against_the_bar(constrained: Any) -> None:
    bar = constrained.metrics["constraint"]
    history = bar["history"]
    assert len(history) == TINY["timesteps"] // (TINY["n_steps"] * 4)
    config = training.constrained_config(**TINY)
    cost, limit = config.injury_cost, bar["bar_injuries_per_season"]
    for h in history:  # dual ascent: up after a rollout over the bar, down after one under
        step = config.dual_lr * (h["injuries_per_season"] / limit - 1) if limit > 0 else 0.0
        expected = min(max(cost + step, 0.0), config.max_injury_cost)
        assert h["injury_cost"] == pytest.approx(expected, abs=0.02)
        cost = h["injury_cost"]
    block = constrained.metrics["composition"]
    assert block["shipped"] == training.COMPOSED_NAME
    assert set(block["models"]) == {"acwr", "strain"}
    assert constrained.policy.gate == gate.from_metrics(constrained.metrics)


def test_the_shipped_agents_stored_evaluation_replays_on_its_first_athletes() -> None:
    """What the gate reads was made by this code: the first athletes of the stored evaluation
    run again give the same seasons, athlete by athlete."""
    from fitcoach.ml import registry
    from fitcoach.ml.dosing import observation

    artefact = registry.load(dosing_policy.SHIPPED, dosing_policy.NAME, schema=observation.SCHEMA)
    block = artefact.manifest.metrics.get("composition")
    assert block is not None, "the shipped agent carries its composition's evaluation"
    agent = dosing_policy.load(None)
    assert agent.version == artefact.manifest.version
    count = 3
    for model, result in block["models"].items():
        stored = result["per_athlete"]
        for name, forward in (("rules", None), (block["shipped"], agent)):
            policy = evaluation.ComposedPolicy(name, forward)
            for i, seed in enumerate(evaluation.composed_seeds(count, block["seeds_from"])):
                season = evaluation.run_composed(policy, seed, model, result["weeks"])
                assert season.injuries == stored[name]["injuries"][i], (model, name, seed)
                assert round(season.gain, 2) == pytest.approx(stored[name]["gain"][i], abs=0.011)
