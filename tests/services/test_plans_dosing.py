"""The dosing agent beside the weekly review: shown with the rules' decision, in force only for
an athlete who opted in and only as the safety validator accepts it."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.factories import make_athlete

from fitcoach.coach.plan import CardioItem, Plan
from fitcoach.ml.dosing import policy as dosing_policy
from fitcoach.services import health, plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import dosing
from fitcoach.services.plans.review import rules_review

START = date(2026, 11, 16)
WEEK_END = date(2026, 11, 22)


def _fixed(action: list[float]):  # type: ignore[no-untyped-def]
    return lambda obs: np.array(action, dtype=np.float32)


def _cardio_minutes(plan: Plan, keys: list[str]) -> list[float]:
    return [
        (i.duration_s or 0) / 60
        for k in keys
        for i in plan.session(k).items
        if isinstance(i, CardioItem)
    ]


def _athlete_with_plan(ctx: ServiceContext) -> int:
    a = make_athlete(ctx, goals=["endurance"], days_per_week=3).id
    plans.generate(ctx, a, start=START)
    ctx.clock.set(datetime(2026, 11, 22, 20, tzinfo=UTC))  # type: ignore[attr-defined]
    return a


def _next_week_keys(ctx: ServiceContext, a: int) -> list[str]:
    plan = plans.current(ctx, a).plan
    assert plan is not None
    return [s.key for s in plan.weeks[1].sessions]


def test_without_opt_in_the_suggestion_is_only_shown(ctx: ServiceContext) -> None:
    a = _athlete_with_plan(ctx)
    result = dosing.after_review(
        ctx, a, rules_review(ctx, a, WEEK_END), forward=_fixed([0.5, -0.5])
    )
    agent = result.agent
    assert agent is not None
    assert agent.status == "suggested"
    assert not agent.opted_in
    assert agent.change == "Sessions 0.5 RPE points harder; sessions 20 % shorter."
    assert agent.why is not None
    assert "last 30 days" in agent.why
    assert plans.current(ctx, a).proposed_by != "rl"


def test_opted_in_a_lighter_week_takes_effect(ctx: ServiceContext) -> None:
    a = _athlete_with_plan(ctx)
    dosing.set_opt_in(ctx, a, True)
    keys = _next_week_keys(ctx, a)
    reviewed = rules_review(ctx, a, WEEK_END)
    before = plans.current(ctx, a).plan
    assert before is not None
    result = dosing.after_review(ctx, a, reviewed, forward=_fixed([0.0, -0.5]))
    agent = result.agent
    assert agent is not None
    assert agent.status == "applied", agent
    now = plans.current(ctx, a)
    assert now.proposed_by == "rl"
    assert now.version == agent.plan_version
    assert now.plan is not None
    old, new = _cardio_minutes(before, keys), _cardio_minutes(now.plan, keys)
    assert old
    assert all(n == pytest.approx(o * 0.8, abs=1) for o, n in zip(old, new, strict=True))


def test_a_suggestion_the_validator_refuses_never_takes_effect(ctx: ServiceContext) -> None:
    """+10 % on a week the plan already raises 10 % is more than the weekly cap: the validator
    would repair it, so nothing of it goes in force."""
    a = _athlete_with_plan(ctx)
    dosing.set_opt_in(ctx, a, True)
    reviewed = rules_review(ctx, a, WEEK_END)
    in_force = plans.current(ctx, a)
    result = dosing.after_review(ctx, a, reviewed, forward=_fixed([1.0, 1.0]))
    agent = result.agent
    assert agent is not None
    assert agent.status == "refused", agent
    assert agent.refusal  # the validator's reasons are shown
    after = plans.current(ctx, a)
    assert after.version == in_force.version
    assert after.plan == in_force.plan
    rejected = plans.versions(ctx, a, status="rejected")
    assert rejected
    assert rejected[0].proposed_by == "rl"


def test_a_red_flag_stops_the_agent(ctx: ServiceContext) -> None:
    a = _athlete_with_plan(ctx)
    dosing.set_opt_in(ctx, a, True)
    health.raise_flag(ctx, a, "fainting")
    result = plans.review_week(ctx, a, WEEK_END)
    assert result.status == "blocked"
    assert result.agent is not None
    assert result.agent.status == "blocked"


def test_without_a_model_the_agent_says_it_is_unavailable(
    ctx: ServiceContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    a = _athlete_with_plan(ctx)
    monkeypatch.setattr(dosing_policy, "SHIPPED", tmp_path / "none")
    monkeypatch.setenv("FITCOACH_MODEL_DIR", str(tmp_path / "models"))
    dosing._policy.cache_clear()
    from fitcoach.core.settings import get_settings

    get_settings.cache_clear()  # type: ignore[attr-defined]
    try:
        agent = dosing.suggest(ctx, a, WEEK_END)
    finally:
        dosing._policy.cache_clear()
        get_settings.cache_clear()  # type: ignore[attr-defined]
    assert agent.status == "unavailable"
    assert "Train one" in agent.message


def test_the_shipped_policy_suggests_through_the_review(ctx: ServiceContext) -> None:
    a = _athlete_with_plan(ctx)
    result = plans.review_week(ctx, a, WEEK_END)
    agent = result.agent
    assert agent is not None
    assert agent.status == "suggested", agent
    assert agent.model_version
    assert agent.change
    assert -1 <= (agent.intensity_delta or 0) <= 1
    assert -1 <= (agent.duration_delta or 0) <= 1
