"""Training the dosing agent: PPO (stable-baselines3) on simulated-athlete environments;
export of the actor to NumPy; evaluation; the artefact to the registry. The model card's
figures are research (``research.pipelines.dosing.figures``).

Two modes (``TrainConfig.composed``):

- **agent alone** (run 2, the seed's hyperparameters): the agent sets the dose in
  ``DosingEnv``, with a fixed injury penalty; evaluated beside the rules, a linear progression
  and random.
- **constrained, in the composition** (run 3): the agent acts inside
  ``composition.ComposedEnv``, the product's path (the rules' plan, its change on top, the
  safety validator), and the injury rate is a constraint, not a fixed price: a Lagrangian PPO
  (Ray, Achiam & Amodei 2019, "Benchmarking safe exploration in deep RL"; Stooke et al. 2020)
  where the injury term's weight λ is a multiplier raised by dual ascent after every rollout,
  λ ← max(0, λ + η·(rate / bar − 1)), ``bar`` being ``bar_ratio`` × the rules' own injury rate
  measured in the same composition on training athletes. PPO itself is SB3's; the multiplier
  is a callback. Evaluated against the rules alone and the unconstrained agent's composition
  with paired bootstrap CIs over fresh athletes under both injury models
  (``evaluation.evaluate_composition``); that evaluation is stored in the artefact and decides
  whether the agent may drive (``fitcoach.ml.dosing.gate``).

``train(config) -> TrainResult`` is seeded: the same config gives the same weights (torch on
one CPU thread). Needs the ``ml`` extra.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from fitcoach.ml import registry
from fitcoach.ml.dosing import observation
from fitcoach.ml.dosing.athlete import HAND_WRITTEN, INJURY_MODELS
from fitcoach.ml.dosing.env import EPISODE_WEEKS, INJURY_PENALTY, DosingEnv
from fitcoach.ml.dosing.gate import from_metrics as gate_from_metrics
from fitcoach.ml.dosing.policy import NAME, WEIGHTS, NumpyPolicy
from fitcoach.ml.dosing.policy import load as load_policy
from fitcoach.pipelines.dosing import evaluation
from fitcoach.pipelines.dosing.baselines import (
    AgentPolicy,
    LinearPolicy,
    Policy,
    RandomPolicy,
    RulesPolicy,
)

SIMULATOR = "dosing-sim-3"  # bump when the simulated athlete changes: part of the data hash
ZIP = "policy.zip"
# Run 2, the agent trained alone with a fixed injury penalty (shipped before run 3): the
# "rules + agent + validator" row of the composition's table.
UNCONSTRAINED_VERSION = "a5ced152024983cb"
COMPOSED_NAME = "rules+constrained"  # the composition row of the agent being trained


@dataclass(frozen=True)
class TrainConfig:
    """The seed's PPO hyperparameters (n_steps is per environment, as SB3 counts it)."""

    timesteps: int = 400_000
    seed: int = 0
    n_envs: int = 4
    n_steps: int = 4096
    batch_size: int = 1024
    n_epochs: int = 10
    gamma: float = 0.995
    gae_lambda: float = 0.98
    learning_rate: float = 3e-4  # decays linearly to 0
    clip_range: float = 0.1
    ent_coef: float = 0.01
    vf_coef: float = 0.5
    net_arch: tuple[int, ...] = (64, 64)
    episode_weeks: int = EPISODE_WEEKS
    eval_athletes: int = 60  # per generated set
    hand_seeds: int = 12  # episodes per hand-written profile
    # Run 3: constrained, inside the composition (module doc).
    composed: bool = False
    injury_model: str = "acwr"  # the model trained on; the evaluation uses every model
    bar_ratio: float = 0.7  # the injury bar, × the rules' rate in the composition
    bar_athletes: int = 100  # training athletes the rules' rate is measured on
    injury_cost: float = INJURY_PENALTY  # λ's start
    dual_lr: float = 20.0  # η: λ's step for an injury rate 100 % over the bar
    max_injury_cost: float = 300.0
    composed_athletes: int = 500  # fresh athletes per injury model and seed set
    seed_sets: int = 3  # sets of composed_athletes, pooled (the gate reads the pooled figure)
    resamples: int = 2000  # bootstrap resamples of the paired differences

    def params(self) -> dict[str, Any]:
        out = asdict(self)
        out["net_arch"] = list(self.net_arch)
        return out


def constrained_config(**changes: Any) -> TrainConfig:
    """Run 3's configuration: inside the composition, on the ``acwr`` injury model, with short
    rollouts (4 × 512 steps) so that λ moves every 2,048 athlete-weeks (20 times in the
    40,960 steps a run takes: each step runs the validator twice, about 10 ms)."""
    base: dict[str, Any] = {
        "composed": True,
        "timesteps": 40_960,
        "n_steps": 512,
        "batch_size": 512,
    }
    base.update(changes)
    return TrainConfig(**base)


@dataclass
class TrainResult:
    metrics: dict[str, Any]
    manifest: registry.Manifest | None
    policy: NumpyPolicy
    seconds: float
    curve: list[tuple[int, float]] = field(default_factory=list)
    episodes: dict[str, dict[str, list[evaluation.Episode]]] = field(default_factory=dict)


def _numpy_policy(model: Any) -> NumpyPolicy:
    """The actor's layers (policy MLP, then the action mean) as NumPy arrays."""
    import torch

    linears = [m for m in model.policy.mlp_extractor.policy_net if isinstance(m, torch.nn.Linear)]
    linears.append(model.policy.action_net)
    return NumpyPolicy(
        weights=tuple(m.weight.detach().cpu().numpy().astype(np.float64) for m in linears),
        biases=tuple(m.bias.detach().cpu().numpy().astype(np.float64) for m in linears),
    )


def build_model(config: TrainConfig, tensorboard_dir: Path | None = None) -> Any:
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    from fitcoach.pipelines.dosing.composition import ComposedEnv

    if config.injury_model not in INJURY_MODELS:
        raise ValueError(f"injury_model is one of {INJURY_MODELS}, not {config.injury_model!r}")
    torch.set_num_threads(1)  # determinism, and two shared cores
    env_kwargs: dict[str, Any] = {
        "episode_weeks": config.episode_weeks,
        "injury_model": config.injury_model,
        "injury_cost": config.injury_cost,
    }
    envs = make_vec_env(
        ComposedEnv if config.composed else DosingEnv,
        n_envs=config.n_envs,
        seed=config.seed,
        env_kwargs=env_kwargs,
    )
    lr = config.learning_rate
    return PPO(
        "MlpPolicy",
        envs,
        n_steps=config.n_steps,
        batch_size=config.batch_size,
        n_epochs=config.n_epochs,
        gamma=config.gamma,
        gae_lambda=config.gae_lambda,
        learning_rate=lambda remaining: lr * remaining,
        clip_range=config.clip_range,
        ent_coef=config.ent_coef,
        vf_coef=config.vf_coef,
        policy_kwargs={"net_arch": {"pi": list(config.net_arch), "vf": list(config.net_arch)}},
        tensorboard_log=str(tensorboard_dir) if tensorboard_dir else None,
        seed=config.seed,
        device="cpu",
        verbose=0,
    )


def baselines(seed: int) -> list[Policy]:
    return [RulesPolicy(), LinearPolicy(), RandomPolicy(seed)]


def evaluate_policy(
    agent: NumpyPolicy, config: TrainConfig
) -> tuple[dict[str, Any], dict[str, dict[str, list[evaluation.Episode]]]]:
    """The agent beside the baselines on the three sets; the metrics the artefact stores."""
    sets = {
        "training": evaluation.training_cases(config.seed, config.eval_athletes),
        "held_out": evaluation.held_out_cases(config.eval_athletes),
        "hand_written": evaluation.hand_written_cases(config.hand_seeds),
    }
    metrics: dict[str, Any] = {}
    episodes: dict[str, dict[str, list[evaluation.Episode]]] = {}
    for set_name, cases in sets.items():
        policies: list[Policy] = [AgentPolicy(agent), *baselines(config.seed)]
        summaries, eps = evaluation.evaluate(policies, cases, config.episode_weeks)
        episodes[set_name] = eps
        metrics[set_name] = {k: v.as_dict() for k, v in summaries.items()}
        metrics[set_name]["beats_rules"] = evaluation.beats_rules(summaries)
    held = metrics["held_out"]
    metrics["held_out_gain"] = held["ppo"]["gain"]
    metrics["held_out_injuries"] = held["ppo"]["injuries"]
    metrics["rules_gain"] = held["rules"]["gain"]
    metrics["rules_injuries"] = held["rules"]["injuries"]
    metrics["beats_rules"] = bool(held["beats_rules"] and metrics["hand_written"]["beats_rules"])
    return metrics, episodes


def rules_injury_rate(config: TrainConfig) -> float:
    """The rules' injuries per athlete-week in the composition (rules alone, validator), on
    ``bar_athletes`` training athletes under the training injury model: the bar's base."""
    from fitcoach.pipelines.dosing.composition import ComposedEnv

    env = ComposedEnv(config.episode_weeks, config.injury_model, agent=False)
    injuries = weeks = 0
    idle = np.zeros(2, dtype=np.float32)
    for case in evaluation.training_cases(config.seed, config.bar_athletes):
        env.reset(seed=case.seed)
        done = False
        while not done:
            _, _, done, _, info = env.step(idle)
            weeks += 1
        injuries += int(info["injuries"])
    return injuries / max(weeks, 1)


def _lagrangian(config: TrainConfig, bar: float, history: list[dict[str, float]]) -> Any:
    """The dual ascent on the injury weight, as an SB3 callback (module doc)."""
    from stable_baselines3.common.callbacks import BaseCallback

    class Lagrangian(BaseCallback):
        def __init__(self) -> None:
            super().__init__()
            self.cost = config.injury_cost
            self.injuries = 0
            self.weeks = 0

        def _on_step(self) -> bool:
            for info in self.locals.get("infos", ()):
                self.weeks += 1
                self.injuries += int(bool(info.get("injured", False)))
            return True

        def _on_rollout_end(self) -> None:
            rate = self.injuries / max(self.weeks, 1)
            step = config.dual_lr * (rate / bar - 1.0) if bar > 0 else 0.0
            self.cost = float(np.clip(self.cost + step, 0.0, config.max_injury_cost))
            self.training_env.env_method("set_injury_cost", self.cost)
            self.logger.record("constraint/injury_rate", rate)
            self.logger.record("constraint/injury_cost", self.cost)
            history.append(
                {
                    "timesteps": int(self.num_timesteps),
                    "injuries_per_season": round(rate * config.episode_weeks, 4),
                    "injury_cost": round(self.cost, 3),
                }
            )
            self.injuries = self.weeks = 0

    return Lagrangian()


def evaluate_composed(
    agent: NumpyPolicy,
    config: TrainConfig,
    *,
    unconstrained: NumpyPolicy | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The composition's table (``evaluation.evaluate_composition``): the rules alone, the
    rules with run 2's unconstrained agent (when given) and with ``agent``, each through the
    validator, on ``composed_athletes`` fresh athletes under every injury model."""
    policies = [evaluation.ComposedPolicy(evaluation.RULES)]
    if unconstrained is not None:
        policies.append(evaluation.ComposedPolicy("rules+ppo", unconstrained))
    policies.append(evaluation.ComposedPolicy(COMPOSED_NAME, agent))
    return evaluation.evaluate_composition(
        policies,
        athletes=config.composed_athletes,
        injury_models=INJURY_MODELS,
        shipped=COMPOSED_NAME,
        trained_on=config.injury_model,
        episode_weeks=config.episode_weeks,
        resamples=config.resamples,
        seed_sets=config.seed_sets,
        on_progress=on_progress,
    )


def unconstrained_policy() -> NumpyPolicy | None:
    """Run 2's agent from the package, if it is still there."""
    try:
        return load_policy(None, version=UNCONSTRAINED_VERSION)
    except registry.ArtefactError:
        return None


def train(
    config: TrainConfig,
    *,
    model_dir: Path | None = None,
    tensorboard_dir: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
    on_evaluation: Callable[[int, int], None] | None = None,
    compare_unconstrained: bool = True,
) -> TrainResult:
    """Train, evaluate and (with ``model_dir``) save the artefact; returns the metrics.
    ``on_progress`` follows the training steps, ``on_evaluation`` the evaluation's episodes
    (composed mode)."""
    from stable_baselines3.common.callbacks import BaseCallback, CallbackList

    curve: list[tuple[int, float]] = []

    class _Progress(BaseCallback):
        def _on_step(self) -> bool:
            if on_progress is not None:
                on_progress(self.num_timesteps, config.timesteps)
            return True

        def _on_rollout_end(self) -> None:
            rewards = [ep["r"] for ep in self.model.ep_info_buffer or ()]
            if rewards:
                curve.append((self.num_timesteps, float(np.mean(rewards))))

    started = time.perf_counter()
    callbacks: list[Any] = [_Progress()]
    constraint: dict[str, Any] = {}
    history: list[dict[str, float]] = []
    if config.composed:
        rate = rules_injury_rate(config)
        bar = config.bar_ratio * rate
        constraint = {
            "rules_injuries_per_season": round(rate * config.episode_weeks, 4),
            "bar_injuries_per_season": round(bar * config.episode_weeks, 4),
            "history": history,
        }
        callbacks.append(_lagrangian(config, bar, history))
    model = build_model(config, tensorboard_dir)
    model.learn(
        total_timesteps=config.timesteps, callback=CallbackList(callbacks), tb_log_name="ppo"
    )
    seconds = time.perf_counter() - started
    agent = _numpy_policy(model)
    episodes: dict[str, dict[str, list[evaluation.Episode]]] = {}
    if config.composed:
        metrics: dict[str, Any] = {
            "constraint": constraint,
            "composition": evaluate_composed(
                agent,
                config,
                unconstrained=unconstrained_policy() if compare_unconstrained else None,
                on_progress=on_evaluation,
            ),
        }
    else:
        metrics, episodes = evaluate_policy(agent, config)
    metrics["train_seconds"] = round(seconds, 1)
    metrics["timesteps"] = int(model.num_timesteps)
    agent = NumpyPolicy(agent.weights, agent.biases, gate=gate_from_metrics(metrics))
    manifest = None
    if model_dir is not None:
        buffer = io.BytesIO()
        model.save(buffer, exclude=["tensorboard_log"])
        manifest = registry.save(
            model_dir,
            name=NAME,
            files={ZIP: buffer.getvalue(), WEIGHTS: agent.to_bytes()},
            schema=observation.SCHEMA,
            seed=config.seed,
            params=config.params(),
            data=data_fingerprint(config),
            metrics=metrics,
        )
        agent = NumpyPolicy(agent.weights, agent.biases, manifest.version, agent.gate)
    return TrainResult(metrics, manifest, agent, seconds, curve, episodes)


def data_fingerprint(config: TrainConfig) -> str:
    """The simulated data's identity: the simulator version, the seed, the hand-written set
    and, in composed mode, the validator's rules the composition runs through."""
    parts = [SIMULATOR, str(config.seed), repr([p.name for p in HAND_WRITTEN])]
    if config.composed:
        from fitcoach.coach.rules.safety import safety_limits

        parts.append(safety_limits().model_dump_json())
    return registry.data_hash(parts)


def load_sb3(artefact: registry.Artefact) -> Any:
    """The stored SB3 model (for ``predict`` and further training)."""
    from stable_baselines3 import PPO

    return PPO.load(artefact.file(ZIP), device="cpu")
