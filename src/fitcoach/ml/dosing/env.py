"""The gymnasium environment: one episode is 26 weeks of one simulated athlete; one step is a
week. The agent sees the last 30 days (:mod:`.observation`) and sets next week's intensity and
duration deltas (:mod:`.actions`).

Reward per week: the change in Banister performance (fitness minus fatigue, /``PERF_SCALE``),
minus ``INJURY_PENALTY`` for an injury, ``OVERREACH_PENALTY`` for an overreaching week, and
``SMOOTHNESS`` × the squared change of the action since last week (the seed's "health improvement
against adjustment smoothness"). The sum of the performance terms is the performance gained over
the episode, so a policy cannot farm reward by oscillating.

``injury_model`` picks the simulated athlete's injury hazard (``acwr`` or ``strain``,
:mod:`.athlete`); ``injury_cost`` is the injury term's weight, which a constrained (Lagrangian)
training moves between rollouts through :meth:`DosingEnv.set_injury_cost`.
:meth:`DosingEnv.advance` lives a week under a prescription decided elsewhere (the composition
of rules, agent and validator in ``pipelines.dosing.composition``).

Needs the ``ml`` extra (gymnasium). Seeded: the same seed gives the same athlete and weeks.
"""

from __future__ import annotations

from typing import Any

import gymnasium as gym
import numpy as np
import numpy.typing as npt

from fitcoach.ml.dosing import actions, observation
from fitcoach.ml.dosing.athlete import (
    INJURY_MODELS,
    AthleteParams,
    SimulatedAthlete,
    draw_params,
)

EPISODE_WEEKS = 26
WARMUP_WEEKS = 9  # 63 days of history before the first decision (the window and its ACWR)
PERF_SCALE = 5.0
INJURY_PENALTY = 15.0
OVERREACH_PENALTY = 4.0
SMOOTHNESS = 0.05

Obs = npt.NDArray[np.float32]


class DosingEnv(gym.Env[Obs, npt.NDArray[np.float32]]):
    """A simulated athlete, week by week. ``options={"params": AthleteParams}`` on reset fixes
    the athlete (held-out and hand-written evaluation); otherwise one is drawn from the seed."""

    metadata = {"render_modes": []}  # noqa: RUF012  (gymnasium declares it so)

    def __init__(
        self,
        episode_weeks: int = EPISODE_WEEKS,
        injury_model: str = "acwr",
        injury_cost: float = INJURY_PENALTY,
    ) -> None:
        super().__init__()
        if injury_model not in INJURY_MODELS:
            raise ValueError(f"injury_model is one of {INJURY_MODELS}, not {injury_model!r}")
        self.episode_weeks = episode_weeks
        self.injury_model = injury_model
        self.injury_cost = float(injury_cost)
        self.observation_space = gym.spaces.Box(observation.LOW, observation.HIGH, dtype=np.float32)
        self.action_space = gym.spaces.Box(-1.0, 1.0, shape=(2,), dtype=np.float32)
        self.athlete: SimulatedAthlete | None = None
        self._week = 0
        self._last_action = np.zeros(2, dtype=np.float32)
        self._prescribed: list[float] = []

    def _obs(self) -> Obs:
        assert self.athlete is not None
        h = self.athlete.history
        return observation.build(h.loads, h.rpe, h.readiness, h.sleep_h)

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Obs, dict[str, Any]]:
        super().reset(seed=seed)
        params = (options or {}).get("params")
        if not isinstance(params, AthleteParams):
            params = draw_params(self.np_random)
        self.athlete = SimulatedAthlete(params, self.np_random, self.injury_model)
        last = None
        for _ in range(WARMUP_WEEKS):
            last = self.athlete.week()
        # The warm-up's events are history, not the agent's doing.
        self.athlete.injuries = self.athlete.overreaches = 0
        self.athlete.rest_weeks = self.athlete.light_weeks = 0
        self._week = 0
        self._start_performance = self.athlete.performance
        self._last_action = np.zeros(2, dtype=np.float32)
        self._prescribed = [self.athlete.minutes]
        return self._obs(), self._info(last)

    def peak_minutes(self) -> float:
        """The most minutes a session prescribed in the last four weeks (this one included)."""
        return max(self._prescribed[-4:], default=0.0)

    def _info(self, result: Any) -> dict[str, Any]:
        assert self.athlete is not None
        a = self.athlete
        return {
            "week": self._week,
            "rpe": a.rpe,
            "minutes": a.minutes,
            "peak_minutes": self.peak_minutes(),
            "performance": a.performance,
            "performance_gain": a.performance - self._start_performance,
            "injuries": a.injuries,
            "overreaches": a.overreaches,
            "planned_minutes": getattr(result, "planned_minutes", 0.0),
            "done_minutes": getattr(result, "done_minutes", 0.0),
            "acwr": getattr(result, "acwr", None),
            "monotony": getattr(result, "monotony", None),
            "readiness_days": list(a.history.readiness[-5:]),
            "resting": a.rest_weeks > 0,
        }

    def set_start(self, rpe: float, minutes: float) -> None:
        """Replace the starting prescription right after ``reset`` (the composition states it
        in plan units); the warm-up history stays as it was lived."""
        if self.athlete is None or self._week:
            raise RuntimeError("set_start() is for the start of an episode, after reset()")
        self.athlete.prescribe(rpe, minutes)
        self._prescribed = [self.athlete.minutes]

    def set_injury_cost(self, cost: float) -> None:
        """The injury term's weight from the next step on (the Lagrange multiplier)."""
        self.injury_cost = float(cost)

    def step(
        self, action: npt.NDArray[np.float32]
    ) -> tuple[Obs, float, bool, bool, dict[str, Any]]:
        if self.athlete is None:
            raise RuntimeError("call reset() before step()")
        a = np.clip(np.asarray(action, dtype=np.float32).reshape(2), -1.0, 1.0)
        athlete = self.athlete
        delta = actions.decode(a, athlete.minutes, self.peak_minutes())
        return self.advance(
            athlete.rpe + delta.rpe_points, athlete.minutes * delta.minutes_factor, a
        )

    def advance(
        self, rpe: float, minutes: float, action: npt.NDArray[np.float32]
    ) -> tuple[Obs, float, bool, bool, dict[str, Any]]:
        """Live next week at ``rpe`` × ``minutes`` a session (ignored while the athlete is
        injured: the plan waits); ``action`` is what the agent asked, for the smoothness term."""
        if self.athlete is None:
            raise RuntimeError("call reset() before advance()")
        a = np.clip(np.asarray(action, dtype=np.float32).reshape(2), -1.0, 1.0)
        athlete = self.athlete
        if athlete.rest_weeks == 0:  # an injured athlete's plan waits for them
            athlete.prescribe(rpe, minutes)
        self._prescribed.append(athlete.minutes)
        result = athlete.week()
        reward = result.performance_change / PERF_SCALE
        reward -= self.injury_cost * result.injured + OVERREACH_PENALTY * result.overreached
        reward -= SMOOTHNESS * float(np.sum((a - self._last_action) ** 2))
        self._last_action = a
        self._week += 1
        terminated = self._week >= self.episode_weeks
        info = self._info(result)
        info["injured"] = result.injured
        info["overreached"] = result.overreached
        info["action"] = a.copy()
        return self._obs(), float(reward), terminated, False, info
