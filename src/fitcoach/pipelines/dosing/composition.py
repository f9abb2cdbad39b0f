"""The composition the product ships, run on simulated athletes: the rules decide next week,
the agent's change goes on top, the safety validator has the last word.

Each week of a :class:`ComposedEnv`:

1. The rules' weekly review (:class:`~fitcoach.pipelines.dosing.baselines.RulesPolicy`, the
   coach's own ``deload_decision`` and ``cardio_decision``) sets next week's session RPE and
   minutes. They are written into a real :class:`~fitcoach.coach.plan.Plan` (the weeks since
   the last non-deload week, done, and next week, planned: one ``steady-run`` at an RPE per
   session, in half RPE points and whole minutes as plans state them) and validated by
   :func:`fitcoach.coach.safety.validate_plan` like the review's plan: accepted repaired or
   not; refused, next week holds the level in force.
2. With an agent, its action becomes the product's change
   (:func:`fitcoach.services.plans.dosing.proposal_delta`) and goes through
   :func:`fitcoach.services.plans.dosing.compose`, the same function the opted-in athlete's
   weekly review runs: ``adjusted`` on the rules' plan, then the validator against it (the
   weekly caps, the new effort cap among them), kept only when it answers "ok".
3. The simulated athlete lives the week of the plan in force (``DosingEnv.advance``).

An injured athlete's plan waits (no review, no agent: an acute injury is a red flag in the
product). The agent sees the same observation as in ``DosingEnv``; the reward is the
environment's, with its injury weight (``set_injury_cost``) for the Lagrangian training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any

import gymnasium as gym
import numpy as np
import numpy.typing as npt

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import reason
from fitcoach.coach.plan import CardioItem, Plan
from fitcoach.coach.safety import SafetyProfile, Verdict, default_library, validate_plan
from fitcoach.ml.dosing import actions
from fitcoach.ml.dosing.athlete import MINUTES_MAX, MINUTES_MIN, ORIGIN, RPE_MAX, RPE_MIN
from fitcoach.ml.dosing.env import EPISODE_WEEKS, INJURY_PENALTY, DosingEnv
from fitcoach.services.plans.dosing import compose, proposal_delta

Obs = npt.NDArray[np.float32]
Forward = Any  # a callable: observation (30 × 5) -> action (2,)

EXERCISE = "steady-run"
# A healthy adult without flags, injuries or conditions, with every piece of equipment: the
# validator's athlete-specific rules stay out of the way; its weekly caps do not.
PROFILE = SafetyProfile(
    athlete_id=1,
    age_years=35.0,
    level="intermediate",
    equipment=frozenset(vocab.EQUIPMENT),
    injury_regions=frozenset(),
    conditions=frozenset(),
    open_flags=(),
)
_SCHEDULES = {3: (0, 2, 4), 4: (0, 1, 3, 5), 5: (0, 1, 2, 4, 5)}


@dataclass(frozen=True)
class Dose:
    """One week's prescription as the plan states it."""

    rpe: float
    minutes: float
    deload: bool = False


def plan_dose(rpe: float, minutes: float, deload: bool = False) -> Dose:
    """A prescription in plan units: RPE in half points, whole minutes (rounded down, as the
    planner and the validator round a capped duration), inside the simulator's bounds."""
    rpe = float(np.clip(round(rpe * 2) / 2, RPE_MIN, RPE_MAX))
    minutes = float(np.clip(math.floor(minutes + 1e-6), MINUTES_MIN, MINUTES_MAX))
    return Dose(rpe, minutes, deload)


@lru_cache(maxsize=1)
def _library() -> Any:
    return default_library()


def _check(proposal: Plan, previous: Plan) -> Verdict:
    return validate_plan(proposal, PROFILE, _library(), previous=previous)


class SimPlan:
    """One simulated athlete's plan document: the weeks lived (done) and next week."""

    def __init__(self, sessions_per_week: int) -> None:
        self.schedule = list(_SCHEDULES[sessions_per_week])
        self.weeks: list[Dose] = []  # every week lived, in order (week n has index n + 1)

    def window(self) -> int:
        """The first lived week the plan shows: the last non-deload week, so the validator's
        week-over-week caps have the base they have in the product."""
        for i in range(len(self.weeks) - 1, -1, -1):
            if not self.weeks[i].deload:
                return i
        return max(0, len(self.weeks) - 1)

    def week_end(self) -> date:
        """The last day lived (the review's week end)."""
        return ORIGIN + timedelta(days=7 * len(self.weeks) - 1)

    def build(self, next_week: Dose) -> Plan:
        first = self.window()
        shown = [(i, d, "done") for i, d in enumerate(self.weeks) if i >= first]
        shown.append((len(self.weeks), next_week, "planned"))
        weeks = [
            {
                "index": i + 1,
                "deload": dose.deload,
                "sessions": [
                    _session(f"w{i + 1}s{j + 1}", dose, status) for j in range(len(self.schedule))
                ],
            }
            for i, dose, status in shown
        ]
        return Plan.model_validate(
            {
                "athlete_id": PROFILE.athlete_id,
                "goal": "endurance",
                "level": PROFILE.level,
                "split": "endurance",
                "days_per_week": len(self.schedule),
                "session_minutes": int(MINUTES_MAX),
                "equipment": [],
                "schedule": self.schedule,
                "start": (ORIGIN + timedelta(days=7 * first)).isoformat(),
                "seed": 0,
                "created_at": "2024-01-01T00:00:00Z",
                "weeks": weeks,
            }
        )


def _session(key: str, dose: Dose, status: str) -> dict[str, Any]:
    return {
        "key": key,
        "name": "Run",
        "focus": "aerobic",
        "warmup": {"duration_s": 0, "steps": []},
        "items": [
            {
                "kind": "cardio",
                "exercise": EXERCISE,
                "duration_s": int(dose.minutes * 60),
                "intensity": {"kind": "rpe", "value": dose.rpe},
            }
        ],
        "status": status,
        "estimated_minutes": int(max(5, min(300, dose.minutes))),
    }


def next_dose(plan: Plan, deload: bool) -> Dose:
    """Next week's prescription in ``plan`` (its first planned session; all are alike)."""
    session = next(s for s in plan.weeks[-1].sessions if s.status == "planned")
    item = session.items[0]
    assert isinstance(item, CardioItem)
    assert item.duration_s is not None
    return Dose(float(item.intensity.value), item.duration_s / 60.0, deload)


@dataclass
class WeekLog:
    """What the composition did in one week (for the evaluation's counts)."""

    rules_status: str  # the validator on the rules' plan: ok, repaired, rejected, waiting
    agent: str  # none, unchanged, accepted, refused


class ComposedEnv(gym.Env[Obs, npt.NDArray[np.float32]]):
    """The shipped composition as an environment; ``agent=False`` is the rules alone (the
    action is then ignored). Seeded exactly like :class:`DosingEnv`."""

    metadata = {"render_modes": []}  # noqa: RUF012  (gymnasium declares it so)

    def __init__(
        self,
        episode_weeks: int = EPISODE_WEEKS,
        injury_model: str = "acwr",
        injury_cost: float = INJURY_PENALTY,
        agent: bool = True,
    ) -> None:
        super().__init__()
        from fitcoach.pipelines.dosing.baselines import RulesPolicy

        self.env = DosingEnv(episode_weeks, injury_model, injury_cost)
        self.observation_space = self.env.observation_space
        self.action_space = self.env.action_space
        self.agent = agent
        self.rules = RulesPolicy()
        self.plan = SimPlan(3)
        self.log: list[WeekLog] = []
        self._obs: Obs | None = None
        self._info: dict[str, Any] = {}
        self._why = reason("dosing_agent", change="the simulated agent's change")

    def set_injury_cost(self, cost: float) -> None:
        self.env.set_injury_cost(cost)

    @property
    def injury_cost(self) -> float:
        return self.env.injury_cost

    def reset(
        self, *, seed: int | None = None, options: dict[str, Any] | None = None
    ) -> tuple[Obs, dict[str, Any]]:
        super().reset(seed=seed)
        obs, info = self.env.reset(seed=seed, options=options)
        athlete = self.env.athlete
        assert athlete is not None
        self.plan = SimPlan(athlete.params.sessions_per_week)
        start = plan_dose(athlete.rpe, athlete.minutes)
        self.env.set_start(start.rpe, start.minutes)
        self.plan.weeks.append(start)  # the warm-up's habit, as the plan's first week
        self.rules.reset(info)
        self.log = []
        self._obs, self._info = obs, info
        return obs, info

    def step(
        self, action: npt.NDArray[np.float32]
    ) -> tuple[Obs, float, bool, bool, dict[str, Any]]:
        if self._obs is None or self.env.athlete is None:
            raise RuntimeError("call reset() before step()")
        athlete = self.env.athlete
        a = np.clip(np.asarray(action, dtype=np.float32).reshape(2), -1.0, 1.0)
        if athlete.rest_weeks > 0:  # injured: the plan waits, the agent is stopped
            obs, reward, done, trunc, info = self.env.advance(athlete.rpe, athlete.minutes, a)
            self.log.append(WeekLog("waiting", "none"))
        else:
            dose, entry = self._decide(a)
            obs, reward, done, trunc, info = self.env.advance(dose.rpe, dose.minutes, a)
            self.plan.weeks.append(dose)
            self.log.append(entry)
            info["agent"] = entry.agent
        self._obs, self._info = obs, info
        return obs, reward, done, trunc, info

    def _decide(self, action: npt.NDArray[np.float32]) -> tuple[Dose, WeekLog]:
        """Next week: the rules' plan through the validator, then the agent's change through
        the product's composition."""
        athlete = self.env.athlete
        assert athlete is not None
        assert self._obs is not None
        wanted = self.rules.act(self._obs, self._info)
        delta = actions.decode(wanted, athlete.minutes, self.env.peak_minutes())
        deload = self.rules.in_deload
        asked = plan_dose(athlete.rpe + delta.rpe_points, athlete.minutes * delta.minutes_factor)
        rules_plan = self.plan.build(Dose(asked.rpe, asked.minutes, deload))
        verdict = validate_plan(rules_plan, PROFILE, _library())
        if verdict.plan is not None and verdict.status in ("ok", "repaired"):
            base = verdict.plan
        else:  # refused: next week holds the level in force
            base = self.plan.build(Dose(self.plan.weeks[-1].rpe, self.plan.weeks[-1].minutes))
        agent = "none"
        if self.agent:
            composed = compose(
                base, self.plan.week_end(), proposal_delta(action), self._why, _check
            )
            base = composed.in_force
            if composed.verdict is None:
                agent = "unchanged"
            else:
                agent = "accepted" if composed.accepted else "refused"
        # The simulated athlete's bounds (RPE 2-9, 15-150 min) hold whatever the plan says.
        dose = next_dose(base, deload)
        return plan_dose(dose.rpe, dose.minutes, deload), WeekLog(verdict.status, agent)
