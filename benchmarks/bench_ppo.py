"""The dosing agent (PPO): environment steps/s, training time per 100k steps, inference time.

Measured, each beside a baseline from the same run:

(a) environment steps/s: ``DosingEnv.step`` with random actions through whole episodes (resets
    included), beside a trivial gymnasium env with the same spaces (``step`` returns a constant
    observation: the floor of the gymnasium call itself). Median of repeats.
(b) training seconds per 100k steps: ``PPO.learn`` with the seed's hyperparameters (4 envs,
    n_steps 4096, batch 1024) for ``train_steps`` steps (two rollouts by default; one quick),
    **extrapolated linearly to 100k** (the per-step cost of PPO is flat after the first
    rollout), beside the same PPO on the trivial env (the learner's own cost). CPU seconds of
    the process are reported too, since wall time on a shared machine says as much about the
    neighbours.
(c) policy inference: the NumPy actor (``fitcoach.ml.dosing.policy``) on one observation, p50
    in microseconds, beside SB3's ``predict(deterministic=True)`` on the same weights.

Skipped with a note when the ``ml`` extra (stable-baselines3, gymnasium) is not installed.
"""

from __future__ import annotations

import importlib.util
import io
import statistics
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from benchmarks.common import BenchArgs, Result, cpu_seconds, percentile

NAME = "ppo"
DEFAULT_EPISODES = 20
QUICK_EPISODES = 4
DEFAULT_REPEAT = 3
ROLLOUT = 4 * 4096


@dataclass(frozen=True)
class Sizes:
    episodes: int
    repeat: int
    train_steps: int
    inference_calls: int
    n_steps: int = 4096
    batch_size: int = 1024


def sizes(args: BenchArgs) -> Sizes:
    episodes = args.rows or (QUICK_EPISODES if args.quick else DEFAULT_EPISODES)
    return Sizes(
        episodes=episodes,
        repeat=args.repeat or (1 if args.quick else DEFAULT_REPEAT),
        train_steps=ROLLOUT if args.quick else 2 * ROLLOUT,
        inference_calls=200 if args.quick else 2_000,
    )


def _trivial_env() -> Any:
    import gymnasium as gym

    from fitcoach.ml.dosing import observation

    class Trivial(gym.Env[np.ndarray, np.ndarray]):
        """Same spaces, no simulation: 26 steps an episode, constant observation."""

        def __init__(self) -> None:
            self.observation_space = gym.spaces.Box(
                observation.LOW, observation.HIGH, dtype=np.float32
            )
            self.action_space = gym.spaces.Box(-1.0, 1.0, shape=(2,), dtype=np.float32)
            self._obs = np.zeros(observation.LOW.shape, dtype=np.float32)
            self._t = 0

        def reset(
            self, *, seed: int | None = None, options: dict[str, Any] | None = None
        ) -> tuple[np.ndarray, dict[str, Any]]:
            super().reset(seed=seed)
            self._t = 0
            return self._obs, {}

        def step(self, action: np.ndarray) -> tuple[np.ndarray, float, bool, bool, dict[str, Any]]:
            self._t += 1
            return self._obs, float(action[0]), self._t >= 26, False, {}

    return Trivial


def _steps_per_s(env: Any, episodes: int, seed: int) -> tuple[float, int]:
    rng = np.random.default_rng(seed)
    steps = 0
    start = time.perf_counter()
    for episode in range(episodes):
        env.reset(seed=seed + episode)
        done = False
        while not done:
            _, _, done, _, _ = env.step(rng.uniform(-1, 1, size=2).astype(np.float32))
            steps += 1
    return steps / (time.perf_counter() - start), steps


def env_rate(s: Sizes) -> Result:
    from fitcoach.ml.dosing.env import DosingEnv

    trivial = _trivial_env()
    ours = [_steps_per_s(DosingEnv(), s.episodes, 7) for _ in range(s.repeat)]
    floor = [_steps_per_s(trivial(), s.episodes, 7) for _ in range(s.repeat)]
    figure = statistics.median(r for r, _ in ours)
    base = statistics.median(r for r, _ in floor)
    return Result(
        name="dosing env steps/s",
        figure=figure,
        unit="steps/s",
        baseline=base,
        ratio=figure / base,
        baseline_name="trivial env, same spaces",
        group=NAME,
        notes=f"{ours[0][1]} steps ({s.episodes} episodes of 26 weeks, resets included)",
        extra={"steps": ours[0][1], "repeats": s.repeat},
    )


def _train_seconds(env_cls: Any, s: Sizes) -> tuple[float, float]:
    import torch
    from stable_baselines3 import PPO
    from stable_baselines3.common.env_util import make_vec_env

    torch.set_num_threads(1)
    envs = make_vec_env(env_cls, n_envs=4, seed=0)
    model = PPO(
        "MlpPolicy", envs, n_steps=s.n_steps, batch_size=s.batch_size, gamma=0.995,
        gae_lambda=0.98, learning_rate=3e-4, clip_range=0.1, ent_coef=0.01, vf_coef=0.5,
        seed=0, device="cpu",
    )  # fmt: skip
    cpu0, wall0 = cpu_seconds(), time.perf_counter()
    model.learn(total_timesteps=s.train_steps)
    steps = model.num_timesteps
    return (
        (time.perf_counter() - wall0) * 100_000 / steps,
        (cpu_seconds() - cpu0) * 100_000 / steps,
    )


def train_time(s: Sizes) -> Result:
    from fitcoach.ml.dosing.env import DosingEnv

    wall, cpu = _train_seconds(DosingEnv, s)
    base_wall, base_cpu = _train_seconds(_trivial_env(), s)
    return Result(
        name="PPO training s per 100k steps",
        figure=wall,
        unit="s",
        baseline=base_wall,
        ratio=wall / base_wall,
        baseline_name="same PPO on the trivial env",
        group=NAME,
        notes=f"extrapolated from {s.train_steps} steps; CPU {cpu:.0f} s (trivial {base_cpu:.0f} s)",
        extra={"cpu_s_per_100k": cpu, "baseline_cpu_s_per_100k": base_cpu},
    )


def inference(s: Sizes) -> list[Result]:
    import torch
    from stable_baselines3 import PPO

    from fitcoach.ml.dosing import observation
    from fitcoach.ml.dosing.env import DosingEnv
    from fitcoach.pipelines.dosing.training import _numpy_policy

    torch.set_num_threads(1)
    model = PPO("MlpPolicy", DosingEnv(), seed=0, device="cpu")
    buffer = io.BytesIO()
    model.save(buffer)
    actor = _numpy_policy(model)
    rng = np.random.default_rng(0)
    obs = rng.uniform(observation.LOW, observation.HIGH).astype(np.float32)
    ours, theirs = [], []
    for _ in range(s.inference_calls):
        start = time.perf_counter()
        actor(obs)
        ours.append((time.perf_counter() - start) * 1e6)
        start = time.perf_counter()
        model.predict(obs, deterministic=True)
        theirs.append((time.perf_counter() - start) * 1e6)
    figure, base = percentile(ours, 50), percentile(theirs, 50)
    return [
        Result(
            name="policy inference p50",
            figure=figure,
            unit="µs",
            baseline=base,
            ratio=figure / base,
            baseline_name="SB3 predict (torch)",
            group=NAME,
            notes=f"NumPy actor, one observation, {s.inference_calls} calls",
            extra={"p95_us": percentile(ours, 95), "baseline_p95_us": percentile(theirs, 95)},
        )
    ]


def main(args: BenchArgs) -> list[Result]:
    if any(importlib.util.find_spec(m) is None for m in ("stable_baselines3", "gymnasium")):
        return [
            Result(
                name="dosing agent",
                figure=None,
                unit="",
                group=NAME,
                notes="skipped: the ml extra (stable-baselines3, gymnasium) is not installed",
            )
        ]
    s = sizes(args)
    args.progress("environment steps")
    results = [env_rate(s)]
    args.progress(f"training {s.train_steps} steps, twice")
    results.append(train_time(s))
    args.progress("inference")
    results += inference(s)
    return results
