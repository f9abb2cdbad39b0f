"""The dosing agent beside the weekly review: shown with the rules' decision, in force only for
an athlete who opted in, only when the evaluation stored with the agent shows no more injuries
than the rules alone, and only as the safety validator accepts it."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import pytest
from tests.factories import make_athlete
from tests.ml.dosing_agents import (
    CLOSED,
    OPEN,
    composition_metrics,
    forget_agents,
    point_app_at,
    store_agent,
)

from fitcoach.coach.plan import CardioItem, Plan
from fitcoach.ml.dosing import gate
from fitcoach.ml.dosing import policy as dosing_policy
from fitcoach.services import health, plans
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import dosing
from fitcoach.services.plans.review import rules_review

START = date(2026, 11, 16)
WEEK_END = date(2026, 11, 22)


@pytest.fixture
def model_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty model directory the app reads (agents go in with ``store_agent``)."""
    root = tmp_path / "models"
    point_app_at(monkeypatch, root)
    yield root
    forget_agents()


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
    result = dosing.after_review(ctx, a, reviewed, forward=_fixed([0.0, -0.5]), gate=OPEN)
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
    result = dosing.after_review(ctx, a, reviewed, forward=_fixed([1.0, 1.0]), gate=OPEN)
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


# --- the gate: the stored evaluation decides whether the agent may drive ---------------------


def test_the_gate_opens_only_when_no_ci_reaches_above_zero() -> None:
    assert OPEN.allowed  # upper ends −0.01 and 0.00, pooled over 3 sets of 500
    assert not CLOSED.allowed  # the strain model's CI reaches +0.03
    assert not gate.from_metrics(composition_metrics(0.02, -0.01)).allowed
    assert not gate.from_metrics({}).allowed  # nothing stored: it may not drive
    broken = composition_metrics(-0.01, -0.01)
    del broken["composition"]["models"]["acwr"]["paired"]
    assert not gate.from_metrics(broken).allowed
    assert [c.injury_model for c in OPEN.comparisons] == ["acwr", "strain"]  # trained-on first


def test_the_gate_needs_a_comparison_pooled_over_three_sets_of_500() -> None:
    """One set of 500 moved the injury difference more than the effect in question (the
    shipped agent's first set said −0.03, the next two +0.00 and +0.04): the gate reads only
    a pooled comparison, and one set, or sets too small, keep it closed however good."""
    one_set = gate.from_metrics(composition_metrics(-0.01, -0.01, seed_sets=1))
    assert not one_set.allowed
    assert "fewer than 3 separate sets of 500 athletes" in one_set.statement()
    small = gate.from_metrics(composition_metrics(-0.01, -0.01, seed_sets=3, per_set=100))
    assert not small.allowed
    legacy = composition_metrics(-0.01, -0.01)  # stored before seed sets existed
    for result in legacy["composition"]["models"].values():
        del result["seed_sets"], result["athletes_per_set"]
        result["athletes"] = 500
    assert not gate.from_metrics(legacy).allowed
    assert gate.from_metrics(composition_metrics(-0.01, -0.01, seed_sets=4)).allowed


def test_the_statement_gives_the_pooled_comparison_in_plain_words() -> None:
    text = CLOSED.statement()
    assert text.startswith(
        "The rules with the agent on top were compared with the rules alone on 1,500 "
        "simulated athletes (3 separate sets of 500, 26-week seasons). Under an injury model "
        "driven by load spikes (acute:chronic ratio, monotony) they had 0.06 fewer injuries "
        "per athlete a season (0.40 against 0.46 for the rules alone; 95 % CI from 0.11 "
        "fewer to 0.01 fewer); under a second injury model, driven by cumulative strain and "
        "hidden fragility, 0.02 fewer injuries per athlete a season (0.33 against 0.35 for "
        "the rules alone; 95 % CI from 0.07 fewer to 0.03 more)."
    )
    assert "it only makes suggestions: it cannot change your plan" in text
    assert "not real people" in text
    assert "you may let it adjust your plan" in OPEN.statement()
    assert "never compared with the rules" in gate.Gate(False, ()).statement()


def test_the_shipped_agent_is_judged_on_its_pooled_evaluation() -> None:
    """The packaged agent carries the evaluation pooled over 3 sets of 500 (seeds 3,000,000
    to 3,001,499); the gate and the plan page read those pooled figures, and the strain
    model's excess keeps it closed."""
    agent = dosing_policy.load(None)
    assert not agent.gate.allowed
    for comparison in agent.gate.comparisons:
        assert comparison.seed_sets >= gate.MIN_SEED_SETS
        assert comparison.athletes == 1500
        assert len(comparison.per_set) == comparison.seed_sets
    strain = next(c for c in agent.gate.comparisons if c.injury_model == "strain")
    assert strain.injuries.low > 0  # more injuries under the second model, in every set too
    assert all(d.low > 0 for d in strain.per_set)
    assert "1,500 simulated athletes (3 separate sets of 500" in agent.gate.statement()


def test_a_closed_gate_keeps_an_opted_in_athletes_plan_as_the_rules_left_it(
    ctx: ServiceContext,
) -> None:
    a = _athlete_with_plan(ctx)
    dosing.set_opt_in(ctx, a, True)
    reviewed = rules_review(ctx, a, WEEK_END)
    in_force = plans.current(ctx, a)
    result = dosing.after_review(ctx, a, reviewed, forward=_fixed([0.0, -0.5]), gate=CLOSED)
    agent = result.agent
    assert agent is not None
    assert agent.status == "suggested"
    assert agent.opted_in
    assert not agent.may_drive
    assert "may only suggest" in agent.message
    assert agent.evidence == CLOSED.statement()
    assert plans.current(ctx, a).version == in_force.version
    assert not plans.versions(ctx, a, status="rejected")


def test_the_gate_comes_from_the_agent_stored_in_the_model_directory(
    ctx: ServiceContext, model_dir: Path
) -> None:
    a = _athlete_with_plan(ctx)
    first = store_agent(model_dir, composition_metrics(-0.01, 0.03))
    closed = dosing.suggest(ctx, a, WEEK_END)
    assert closed.status == "suggested"
    assert not closed.may_drive
    assert closed.evidence is not None
    assert "0.02 fewer injuries per athlete a season" in closed.evidence
    assert "95 % CI from 0.07 fewer to 0.03 more" in closed.evidence
    assert dosing.set_opt_in(ctx, a, True)  # the choice is stored; the gate decides
    held = dosing.after_review(ctx, a, rules_review(ctx, a, WEEK_END)).agent
    assert held is not None
    assert held.status == "suggested"
    assert "may only suggest" in held.message
    # Replaced by an agent whose stored evaluation shows no more injuries: it may drive.
    store_agent(model_dir, composition_metrics(-0.01, -0.01))
    shutil.rmtree(model_dir / dosing_policy.NAME / first)
    dosing._policy.cache_clear()
    opened = dosing.suggest(ctx, a, WEEK_END)
    assert opened.may_drive
    assert opened.model_version != closed.model_version
