"""Smoke test of the PPO benchmark: tiny sizes; shapes and ratios, never timings."""

from __future__ import annotations

import importlib.util

import pytest
from benchmarks.common import BenchArgs
from tests.conftest import unavailable

from benchmarks import bench_ppo as bench


@pytest.fixture(autouse=True)
def _ml() -> None:
    if any(importlib.util.find_spec(m) is None for m in ("stable_baselines3", "gymnasium")):
        unavailable("the ml extra is missing; pip install 'fitcoach[ml]'")


def test_env_rate_and_inference_beside_their_baselines() -> None:
    sizes = bench.Sizes(episodes=2, repeat=1, train_steps=64, inference_calls=20)
    rate = bench.env_rate(sizes)
    assert rate.unit == "steps/s"
    assert rate.extra["steps"] == 52  # two episodes of 26 weeks
    assert rate.figure
    assert rate.baseline
    assert rate.ratio == pytest.approx(rate.figure / rate.baseline)
    assert rate.figure < rate.baseline  # the simulation costs more than the trivial floor
    (inference,) = bench.inference(sizes)
    assert inference.unit == "µs"
    assert inference.figure
    assert inference.figure > 0


def test_training_time_is_extrapolated_to_100k_steps() -> None:
    sizes = bench.Sizes(
        episodes=1, repeat=1, train_steps=128, inference_calls=1, n_steps=32, batch_size=64
    )
    result = bench.train_time(sizes)
    assert result.unit == "s"
    assert result.figure
    assert result.figure > 0
    assert "extrapolated from 128 steps" in result.notes
    assert result.extra["cpu_s_per_100k"] > 0


def test_sizes_follow_the_runner_options() -> None:
    assert bench.sizes(BenchArgs(quick=True)).train_steps == bench.ROLLOUT
    assert bench.sizes(BenchArgs(rows=7)).episodes == 7
