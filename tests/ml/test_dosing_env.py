"""The dosing agent's simulated athlete and environment: SB3's check, determinism by seed,
the observation, the action mapping, and the risks rising where the model says they do."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest
from tests.conftest import unavailable

from fitcoach.ml.dosing import actions, observation
from fitcoach.ml.dosing.athlete import HAND_WRITTEN, SimulatedAthlete, draw_params

try:
    from fitcoach.ml.dosing.env import DosingEnv
except ImportError as exc:  # the ml extra is missing
    DosingEnv = None  # type: ignore[assignment,misc]
    MISSING = str(exc)


def _env() -> DosingEnv:
    if DosingEnv is None:
        unavailable(f"gymnasium is not installed ({MISSING}); pip install 'fitcoach[ml]'")
    return DosingEnv()


def _rollout(seed: int, actions_seq: np.ndarray) -> tuple[list[float], list[np.ndarray]]:
    env = _env()
    obs, _ = env.reset(seed=seed)
    rewards, observations = [], [obs]
    for a in actions_seq:
        obs, reward, done, _, _ = env.step(a)
        rewards.append(reward)
        observations.append(obs)
        if done:
            break
    return rewards, observations


def test_passes_sb3_check_env() -> None:
    env = _env()
    try:
        from stable_baselines3.common.env_checker import check_env
    except ImportError as exc:  # a skip, or a failure under FITCOACH_REQUIRE_SERVICES=1
        unavailable(f"stable-baselines3 is not installed ({exc}); pip install 'fitcoach[ml]'")

    check_env(env, warn=False)
    obs, _ = env.reset(seed=3)
    assert obs.shape == (observation.WINDOW_DAYS, len(observation.FEATURES))
    assert env.observation_space.contains(obs)


def test_same_seed_same_episode_other_seed_other_athlete() -> None:
    steps = np.random.default_rng(0).uniform(-1, 1, size=(26, 2)).astype(np.float32)
    r1, o1 = _rollout(11, steps)
    r2, o2 = _rollout(11, steps)
    r3, _ = _rollout(12, steps)
    assert r1 == r2
    assert all(np.array_equal(a, b) for a, b in zip(o1, o2, strict=True))
    assert r1 != r3
    assert len(r1) == 26  # 26 weekly steps, then the episode ends


def test_injury_risk_rises_with_load_spikes() -> None:
    """A season of +10 % weeks and harder sessions gets more injuries than holding steady."""
    env = _env()
    counts = {}
    for name, action in {"hold": [0.0, 0.0], "spike": [1.0, 1.0]}.items():
        total = 0
        for seed in range(12):
            env.reset(seed=seed)
            done = False
            while not done:
                _, _, done, _, info = env.step(np.array(action, dtype=np.float32))
            total += info["injuries"] + info["overreaches"]
        counts[name] = total
    assert counts["spike"] > counts["hold"] + 3


def test_banister_performance_rises_then_settles_with_more_load() -> None:
    params = replace(HAND_WRITTEN[1], adherence=1.0, injury_base=0.0)
    athlete = SimulatedAthlete(params, np.random.default_rng(0))
    start = athlete.performance
    athlete.prescribe(params.start_rpe, params.start_minutes * 1.3)
    for _ in range(12):
        athlete.week()
    assert athlete.performance > start  # more load, once fatigue clears, is more fitness
    assert athlete.injuries == 0


def test_observation_is_relative_and_uses_the_analysis_acwr() -> None:
    loads = [0.0, 300.0, 0.0, 300.0, 0.0, 300.0, 0.0] * 9  # 63 days, 3 sessions a week
    obs = observation.build(loads, [0, 6, 0, 6, 0, 6, 0] * 9, [70.0] * 63, [None] * 63)
    assert obs.shape == (30, 5)
    doubled = observation.build([2 * x for x in loads], [0, 6, 0, 6, 0, 6, 0] * 9, [70.0] * 63, [])
    assert np.allclose(obs[:, 0], doubled[:, 0])  # load is relative to the window's mean
    assert np.allclose(obs[:, 3], observation.UNKNOWN_SLEEP_H / 8)  # unknown sleep is neutral
    assert obs[-1, 4] == pytest.approx(1.0, abs=0.2)  # steady load: ACWR near 1
    short = observation.build([100.0] * 5, [5.0] * 5, [50.0] * 5, [7.0] * 5)
    assert np.all(short[:25, 0] == 0)
    assert np.all(short[:, 4] == 1.0)


@pytest.mark.parametrize(("minutes", "peak"), [(40.0, 0.0), (24.0, 40.0)])
def test_action_encode_decode_round_trip(minutes: float, peak: float) -> None:
    for rpe, factor in [(0.5, 1.05), (-1.0, 0.6), (0.0, 1.0), (0.2, 0.9)]:
        delta = actions.decode(actions.encode(rpe, factor, minutes, peak), minutes, peak)
        assert delta.rpe_points == pytest.approx(rpe, abs=1e-6)
        assert delta.minutes_factor == pytest.approx(factor, abs=1e-6)
    assert actions.decode(np.array([1, 1]), 40.0).minutes_factor == pytest.approx(1.10)
    # After a deload to 24 of a recent 40 minutes, +1 may go back to 10 % over 40.
    assert actions.decode(np.array([0, 1]), 24.0, 40.0).minutes_factor == pytest.approx(44 / 24)
    assert actions.decode(np.array([-1, -1]), 40.0).minutes_factor == pytest.approx(0.6)


def test_describe_says_the_change_in_words() -> None:
    assert actions.describe(actions.Delta(0.5, 1.08)) == (
        "Sessions 0.5 RPE points harder; sessions 8 % longer."
    )
    assert actions.describe(actions.Delta(0.0, 1.0)) == (
        "Keep the effort where it is; keep the session length."
    )
    assert "easier" in actions.describe(actions.Delta(-1.0, 0.6))


def test_drawn_athletes_differ_and_hand_written_are_named() -> None:
    a, b = draw_params(np.random.default_rng(1)), draw_params(np.random.default_rng(2))
    assert a != b
    assert a.k2 > a.k1
    assert len({p.name for p in HAND_WRITTEN}) == len(HAND_WRITTEN) >= 5


# --- two injury models -------------------------------------------------------------------------


def _hazards(model: str, weeks: int, factor: float) -> list[float]:
    """Weekly hazards of a robust athlete (no injury draws can hit: hazards are tiny) after
    a step to ``factor`` × the starting minutes and 1.5 RPE points more, held."""
    from fitcoach.ml.dosing.athlete import INJURY_MODELS

    assert model in INJURY_MODELS
    params = replace(HAND_WRITTEN[1], adherence=1.0, injury_base=1e-7)
    athlete = SimulatedAthlete(params, np.random.default_rng(5), model)
    for _ in range(6):
        athlete.week()
    athlete.prescribe(params.start_rpe + 1.5, params.start_minutes * factor)
    return [athlete.week().hazard for _ in range(weeks)]


def test_the_injury_models_differ_in_structure() -> None:
    """A step up, then held: under ``acwr`` the risk spikes and settles as the chronic load
    catches up (a ratio); under ``strain`` it stays up (cumulative strain against a fixed
    capacity), and intensity costs more than its load."""
    acwr, strain = _hazards("acwr", 10, 1.8), _hazards("strain", 10, 1.8)
    held_acwr, held_strain = _hazards("acwr", 10, 1.0), _hazards("strain", 10, 1.0)
    assert max(acwr[:2]) > 1.5 * acwr[-1]  # the spike settles ...
    assert acwr[-1] <= 1.05 * held_acwr[-1]  # ... back to where holding the dose is
    assert strain[-1] > strain[1]  # strain does not settle: it builds
    assert strain[-1] > 3 * held_strain[-1]  # and the load itself is the risk


def test_same_seed_same_athlete_under_both_injury_models() -> None:
    env_a, env_s = _env(), DosingEnv(injury_model="strain")
    env_a.reset(seed=21)
    env_s.reset(seed=21)
    assert env_a.athlete is not None
    assert env_s.athlete is not None
    assert env_a.athlete.params == env_s.athlete.params
    assert env_a.athlete.history.loads == env_s.athlete.history.loads  # warm-up days alike
    with pytest.raises(ValueError, match="injury_model"):
        DosingEnv(injury_model="none")


def test_the_injury_weight_is_what_the_reward_charges() -> None:
    env = _env()
    env.reset(seed=4)
    env.set_injury_cost(0.0)
    assert env.injury_cost == 0.0
    done, injured_rewards = False, []
    while not done:
        _, reward, done, _, info = env.step(np.array([1.0, 1.0], dtype=np.float32))
        if info["injured"]:
            injured_rewards.append(reward)
    assert all(r > -5 for r in injured_rewards)  # no −15 for an injury at weight 0
