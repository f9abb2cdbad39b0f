"""Training the dosing agent: PPO (stable-baselines3) with the seed's hyperparameters on four
simulated-athlete environments; export of the actor to NumPy; evaluation against the rules, a
linear progression and random; the artefact to the registry; the model card's plots.

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
from fitcoach.ml.dosing.athlete import HAND_WRITTEN
from fitcoach.ml.dosing.env import EPISODE_WEEKS, DosingEnv
from fitcoach.ml.dosing.policy import NAME, WEIGHTS, NumpyPolicy
from fitcoach.pipelines.dosing import evaluation
from fitcoach.pipelines.dosing.baselines import (
    AgentPolicy,
    LinearPolicy,
    Policy,
    RandomPolicy,
    RulesPolicy,
)

SIMULATOR = "dosing-sim-2"  # bump when the simulated athlete changes: part of the data hash
ZIP = "policy.zip"


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

    def params(self) -> dict[str, Any]:
        out = asdict(self)
        out["net_arch"] = list(self.net_arch)
        return out


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

    torch.set_num_threads(1)  # determinism, and two shared cores
    envs = make_vec_env(
        DosingEnv,
        n_envs=config.n_envs,
        seed=config.seed,
        env_kwargs={"episode_weeks": config.episode_weeks},
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


def train(
    config: TrainConfig,
    *,
    model_dir: Path | None = None,
    tensorboard_dir: Path | None = None,
    on_progress: Callable[[int, int], None] | None = None,
) -> TrainResult:
    """Train, evaluate and (with ``model_dir``) save the artefact; returns the metrics."""
    from stable_baselines3.common.callbacks import BaseCallback

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
    model = build_model(config, tensorboard_dir)
    model.learn(total_timesteps=config.timesteps, callback=_Progress(), tb_log_name="ppo")
    seconds = time.perf_counter() - started
    agent = _numpy_policy(model)
    metrics, episodes = evaluate_policy(agent, config)
    metrics["train_seconds"] = round(seconds, 1)
    metrics["timesteps"] = int(model.num_timesteps)
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
        agent = NumpyPolicy(agent.weights, agent.biases, version=manifest.version)
    return TrainResult(metrics, manifest, agent, seconds, curve, episodes)


def data_fingerprint(config: TrainConfig) -> str:
    """The simulated data's identity: the simulator version, the seed and the hand-written set."""
    return registry.data_hash([SIMULATOR, str(config.seed), repr([p.name for p in HAND_WRITTEN])])


def load_sb3(artefact: registry.Artefact) -> Any:
    """The stored SB3 model (for ``predict`` and further training)."""
    from stable_baselines3 import PPO

    return PPO.load(artefact.file(ZIP), device="cpu")


def plots(result: TrainResult, out_dir: Path) -> list[Path]:
    """The model card's figures (small PNGs): results per policy and set, one held-out
    athlete's season under each policy, and the training curve."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    m = result.metrics
    sets = ["training", "held_out", "hand_written"]
    names = ["ppo", "rules", "linear", "random"]
    fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), dpi=80)
    width = 0.2
    for i, name in enumerate(names):
        xs = np.arange(len(sets)) + (i - 1.5) * width
        axes[0].bar(xs, [m[s][name]["gain"] for s in sets], width, label=name)
        axes[1].bar(xs, [m[s][name]["injuries"] for s in sets], width, label=name)
    for ax, title in zip(
        axes, ["performance gain / season", "injuries / athlete-season"], strict=False
    ):
        ax.set_xticks(np.arange(len(sets)), [s.replace("_", "-") for s in sets])
        ax.set_title(title, fontsize=9)
        ax.tick_params(labelsize=8)
    axes[0].legend(fontsize=7)
    fig.tight_layout()
    path = out_dir / "ppo_results.png"
    fig.savefig(path)
    plt.close(fig)
    written.append(path)

    held = result.episodes.get("held_out", {})
    if held:
        fig, axes = plt.subplots(1, 2, figsize=(8, 3.2), dpi=80)
        for name in names:
            ep = held[name][0]
            axes[0].plot(ep.weekly_load, label=name)
            axes[1].plot(ep.performance, label=name)
        axes[0].set_title("held-out athlete 1: planned weekly load (AU/session)", fontsize=9)
        axes[1].set_title("performance gained (Banister)", fontsize=9)
        for ax in axes:
            ax.set_xlabel("week", fontsize=8)
            ax.tick_params(labelsize=8)
        axes[0].legend(fontsize=7)
        fig.tight_layout()
        path = out_dir / "ppo_season.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)

    if result.curve:
        fig, ax = plt.subplots(figsize=(5, 3), dpi=80)
        steps, rewards = zip(*result.curve, strict=True)
        ax.plot(steps, rewards)
        ax.set_title("mean episode reward during training", fontsize=9)
        ax.set_xlabel("timesteps", fontsize=8)
        ax.tick_params(labelsize=8)
        fig.tight_layout()
        path = out_dir / "ppo_training.png"
        fig.savefig(path)
        plt.close(fig)
        written.append(path)
    return written
