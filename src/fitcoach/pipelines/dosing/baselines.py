"""The policies the agent is measured against, each driven through the same environment.

- :class:`RulesPolicy`: the coach's own progression, as the planner and the weekly review apply
  it to aerobic work: blocks of three building weeks (+10 % a week, ``planning.yaml``) and a
  scheduled deload week (60 % of the minutes, easier); each review deloads early when
  :func:`fitcoach.coach.progression.deload_decision` says so (readiness low on 3 of the last 5
  days, or ACWR above 1.5: 60 % of the volume, about one RPE point easier) and otherwise grows
  the volume by :func:`fitcoach.coach.progression.cardio_decision` (at most 10 % over what was
  done, never above the plan; a week not completed holds).
- :class:`LinearPolicy`: a fixed linear progression: +5 % of the starting minutes a week.
- :class:`RandomPolicy`: uniform actions (seeded).
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
import numpy.typing as npt

from fitcoach.coach.progression import ReadinessDay, cardio_decision, deload_decision
from fitcoach.coach.rules.planning import planning_rules
from fitcoach.ml.dosing import actions
from fitcoach.ml.dosing.athlete import ORIGIN

Action = npt.NDArray[np.float32]


class Policy(Protocol):
    name: str

    def reset(self, info: dict[str, Any]) -> None: ...

    def act(self, obs: npt.NDArray[np.float32], info: dict[str, Any]) -> Action: ...


class RulesPolicy:
    """The rules engine's weekly progression (see the module's docstring)."""

    name = "rules"

    def __init__(self) -> None:
        planning = planning_rules()
        deload = planning.deload
        self.block_weeks = 4
        self.cardio_step = float(planning.progression.cardio_step)
        self.deload_fraction = float(deload.cardio_fraction)
        self.in_deload = False

    def reset(self, info: dict[str, Any]) -> None:
        self.in_deload = False
        self.scheduled_from = 0.0

    def act(self, obs: npt.NDArray[np.float32], info: dict[str, Any]) -> Action:
        week = int(info["week"])  # weeks done; the decision is for week + 1
        minutes = float(info["minutes"])
        if info.get("resting"):  # injured: the plan waits
            return actions.encode(0.0, 1.0)
        scheduled = (week + 1) % self.block_weeks == 0
        readiness = [
            ReadinessDay(day=ORIGIN, colour=None, score=float(s)) for s in info["readiness_days"]
        ]
        decision = deload_decision(scheduled=scheduled, readiness=readiness, acwr=info["acwr"])
        if decision.deload:
            # A scheduled deload is the planner's last week of the block: the next block
            # starts where the building weeks ended. A triggered one is the review's own.
            self.scheduled_from = minutes if decision.trigger == "scheduled" else 0.0
            self.in_deload = True
            return actions.encode(-1.0, self.deload_fraction)
        back = 1.0 if self.in_deload else 0.0  # effort returns after a deload week
        self.in_deload = False
        if self.scheduled_from > 0:
            resume, self.scheduled_from = self.scheduled_from, 0.0
            return actions.encode(back, resume / max(minutes, 1e-9), minutes, info["peak_minutes"])
        sessions = max(1.0, float(info["planned_minutes"]) / max(minutes, 1e-9))
        # The plan's next week: one planner step (+10 %) over this week's prescription.
        planned_next = minutes * (1.0 + self.cardio_step) * sessions
        cardio = cardio_decision(
            planned_this=float(info["planned_minutes"]),
            logged_this=float(info["done_minutes"]),
            planned_next=planned_next,
        )
        return actions.encode(
            back, cardio.volume / sessions / max(minutes, 1e-9), minutes, info["peak_minutes"]
        )


class LinearPolicy:
    """+5 % of the starting session length every week, effort unchanged."""

    name = "linear"

    def __init__(self, weekly_pct: float = 5.0) -> None:
        self.weekly = weekly_pct / 100.0
        self.start = 1.0

    def reset(self, info: dict[str, Any]) -> None:
        self.start = float(info["minutes"])

    def act(self, obs: npt.NDArray[np.float32], info: dict[str, Any]) -> Action:
        target = self.start * (1.0 + self.weekly * (int(info["week"]) + 1))
        minutes = float(info["minutes"])
        return actions.encode(0.0, target / max(minutes, 1e-9), minutes, info["peak_minutes"])


class RandomPolicy:
    """Uniform random actions from a seeded generator."""

    name = "random"

    def __init__(self, seed: int = 0) -> None:
        self.rng = np.random.default_rng(seed)

    def reset(self, info: dict[str, Any]) -> None:
        return None

    def act(self, obs: npt.NDArray[np.float32], info: dict[str, Any]) -> Action:
        return self.rng.uniform(-1.0, 1.0, size=2).astype(np.float32)


class AgentPolicy:
    """A trained policy's deterministic action (NumPy forward of the exported network)."""

    def __init__(self, forward: Any, name: str = "ppo") -> None:
        self.forward = forward
        self.name = name

    def reset(self, info: dict[str, Any]) -> None:
        return None

    def act(self, obs: npt.NDArray[np.float32], info: dict[str, Any]) -> Action:
        return np.asarray(self.forward(obs), dtype=np.float32)
