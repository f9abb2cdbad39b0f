"""The adaptive dosing agent beside the weekly review: its suggestion for next week, shown with
the rules' decision, and applied only for an athlete who opted in, only when the evaluation
stored with the agent shows the composition has no more injuries than the rules alone
(``fitcoach.ml.dosing.gate``: otherwise it may only suggest, and the screen says why, with the
measured comparison), and only when the safety validator accepts the change unchanged.

The agent is the PPO policy of ``fitcoach.ml.dosing`` run in NumPy (no torch needed): it reads
the last 30 days (session-RPE load, session RPE, readiness, sleep, ACWR) and answers with an
intensity delta (session RPE points; for lifts, reps in reserve the other way) and a duration
delta (cardio minutes and sets). The review decides first; the agent's change goes on top of
the plan the review put in force, as its own version (``proposed_by="rl"``). A verdict other
than "ok" (repaired or rejected) leaves the plan as the review left it and is stored rejected,
so a change the validator would cut is never half-applied. Red flags stop the agent like
every other training advice. :func:`compose` is that path as a pure function; the simulator's
evaluation runs it too (``pipelines.dosing.composition``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt

from fitcoach.analysis import load as load_analysis
from fitcoach.coach import edits
from fitcoach.coach.edits import Change, diff_plans
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import CardioItem, Item, Plan, PlannedSession, StrengthItem
from fitcoach.coach.safety import Verdict
from fitcoach.coach.today import upcoming
from fitcoach.core.domain import Role
from fitcoach.core.errors import PermissionDenied
from fitcoach.ml import registry
from fitcoach.ml.dosing import actions, observation
from fitcoach.ml.dosing import policy as dosing_policy
from fitcoach.ml.dosing.gate import Gate
from fitcoach.services import health, monitoring
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.store import active_row, store_version, validate, violation_reasons
from fitcoach.services.plans.views import AgentSuggestion, ReviewResult, VerdictView
from fitcoach.storage.repositories import athletes as athletes_repo

Forward = Callable[[npt.NDArray[np.float32]], npt.ArrayLike]
HISTORY_DAYS = observation.WINDOW_DAYS + 27


@lru_cache(maxsize=4)
def _policy(root: str) -> dosing_policy.NumpyPolicy:
    return dosing_policy.load(Path(root))


def agent_policy() -> dosing_policy.NumpyPolicy:
    """The policy from the model directory (``FITCOACH_MODEL_DIR``), else the shipped one;
    cached per directory."""
    from fitcoach.core.settings import get_settings

    return _policy(str(get_settings().models_path))


def agent_gate() -> Gate:
    """Whether the agent in force may drive plans, from the evaluation stored with it (closed
    when there is no usable agent)."""
    try:
        return agent_policy().gate
    except registry.ArtefactError:
        return Gate(False, ())


def opted_in(ctx: ServiceContext, athlete_id: int) -> bool:
    return athletes_repo.adaptive_dosing(ctx.session, ctx.scope(athlete_id))


def set_opt_in(ctx: ServiceContext, athlete_id: int, enabled: bool) -> bool:
    """Store whether the agent's suggestion takes effect after each weekly review. Only the
    athlete decides (a coach or an admin gets 403; the operator at the command line may). The
    choice is stored as made; whether the agent in force may act on it is the gate's call at
    each review (``after_review``), and the screen says which."""
    scope = ctx.scope(athlete_id)
    operator = ctx.subject.role == Role.admin and ctx.subject.account_id is None
    if ctx.subject.role != Role.athlete and not operator:
        raise PermissionDenied("only the athlete may opt in to the dosing agent")
    athletes_repo.set_adaptive_dosing(ctx.session, scope, enabled)
    ctx.audit(
        "update", "adaptive_dosing", athlete_id, athlete_id=athlete_id, detail={"on": enabled}
    )
    return enabled


def observation_for(
    ctx: ServiceContext, athlete_id: int, end: date
) -> tuple[npt.NDArray[np.float32], dict[str, float | None]]:
    """The agent's 30 × 5 window ending ``end`` from the athlete's log, and the facts shown as
    its reason (ACWR, the week's mean readiness and sleep)."""
    start = end - timedelta(days=HISTORY_DAYS - 1)
    report = monitoring.training_load(ctx, athlete_id, start=start, end=end)
    by_day = {d.day: d.load_au for d in report.days}
    rpe_by_day: dict[date, float] = {}
    for session in report.sessions:
        if session.rpe is not None:
            rpe_by_day[session.day] = max(rpe_by_day.get(session.day, 0.0), float(session.rpe))
    days = [start + timedelta(days=i) for i in range(HISTORY_DAYS)]
    window = days[-observation.WINDOW_DAYS :]
    ready = monitoring.readiness_range(ctx, athlete_id, window[0], end)
    score = {r.day: (float(r.score) if r.score is not None else None) for r in ready}
    sleep: dict[date, float | None] = {}
    for r in ready:
        part = next((c for c in r.components if c.name == "sleep"), None)
        value = part.value if part is not None else None
        sleep[r.day] = float(value) if isinstance(value, int | float) else None
    obs = observation.build(
        [float(by_day.get(d, 0.0)) for d in days],
        [rpe_by_day.get(d) for d in window],
        [score.get(d) for d in window],
        [sleep.get(d) for d in window],
    )
    week = window[-7:]
    scores = [s for d in week if (s := score.get(d)) is not None]
    slept = [h for d in week if (h := sleep.get(d)) is not None]
    last = report.days[-1] if report.days else None
    facts = {
        "acwr": last.acwr if last is not None else None,
        "history_days": float(report.history_days),
        "readiness": round(sum(scores) / len(scores)) if scores else None,
        "sleep_h": round(sum(slept) / len(slept), 1) if slept else None,
    }
    return obs, facts


def _why(facts: dict[str, float | None]) -> str:
    """What the agent read, in words: the ratio only once its 28-day window holds the
    athlete's own history (one workout alone read 4.00)."""
    parts = []
    chronic = load_analysis.CHRONIC_DAYS
    history = int(facts.get("history_days") or 0)
    if facts["acwr"] is not None:
        parts.append(f"acute:chronic load ratio {facts['acwr']:.2f}")
    elif history < chronic:
        parts.append(
            f"acute:chronic load ratio: not enough history yet ({history} of {chronic} days)"
        )
    if facts["readiness"] is not None:
        parts.append(f"readiness {facts['readiness']:.0f} on average this week")
    if facts["sleep_h"] is not None:
        parts.append(f"{facts['sleep_h']:.1f} h of sleep a night")
    seen = "; ".join(parts) if parts else "no readiness or sleep logged"
    return f"It read your last 30 days: {seen}."


def suggest(
    ctx: ServiceContext,
    athlete_id: int,
    end: date,
    *,
    forward: Forward | None = None,
    gate: Gate | None = None,
) -> AgentSuggestion:
    """The agent's suggestion for the week after ``end`` (nothing stored), with whether it may
    drive and the measured comparison behind that (``gate``: default the stored agent's)."""
    chosen = opted_in(ctx, athlete_id)
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return AgentSuggestion(
            status="blocked",
            opted_in=chosen,
            message="An open health flag stops training advice, the agent's included.",
        )
    version: str | None = None
    if forward is None:
        try:
            agent = agent_policy()
        except registry.ArtefactError as exc:
            return AgentSuggestion(
                status="unavailable", opted_in=chosen, message=f"The agent is unavailable: {exc}"
            )
        forward, version = agent, agent.version
        gate = gate or agent.gate
    gate = gate or agent_gate()
    obs, facts = observation_for(ctx, athlete_id, end)
    action = np.clip(np.asarray(forward(obs), dtype=float).reshape(2), -1.0, 1.0)
    delta = proposal_delta(action)
    return AgentSuggestion(
        status="suggested",
        opted_in=chosen,
        message="The agent's suggestion for next week, beside the rules' decision.",
        model_version=version,
        intensity_delta=round(float(action[0]), 3),
        duration_delta=round(float(action[1]), 3),
        rpe_points=delta.rpe_points,
        minutes_pct=round(delta.minutes_pct, 1),
        change=actions.describe(delta),
        why=_why(facts),
        may_drive=gate.allowed,
        evidence=gate.statement(),
    )


def proposal_delta(action: npt.ArrayLike) -> actions.Delta:
    """The change an action asks of the plan in force, as the product applies it: the plan's
    own level is the reference (no recent peak), RPE points to 0.01 and minutes to 0.1 %."""
    a = np.clip(np.asarray(action, dtype=float).reshape(2), -1.0, 1.0)
    delta = actions.decode(a)
    return actions.Delta(
        rpe_points=round(delta.rpe_points, 2),
        minutes_factor=1.0 + round(delta.minutes_pct, 1) / 100.0,
    )


@dataclass(frozen=True)
class Composition:
    """The agent's change on top of the rules' plan and what the validator made of it.

    ``in_force`` is the proposal when the validator accepted it as it is (``accepted``), else
    the rules' plan unchanged; ``verdict`` is None when the change changes nothing."""

    proposal: Plan
    changes: list[Change]
    verdict: Verdict | None
    in_force: Plan
    accepted: bool


Check = Callable[[Plan, Plan], Verdict]


def compose(
    base: Plan, week_end: date, delta: actions.Delta, why: Reason, check: Check
) -> Composition:
    """Rules first, the agent on top, then the validator: ``delta`` on every session of
    ``base`` still planned after ``week_end``, kept only when ``check(proposal, base)`` (the
    safety validator against the plan it replaces) answers "ok". Pure: the service passes its
    stored profile's validator, the simulator a simulated athlete's
    (``pipelines.dosing.composition``), so both run this same path."""
    proposal = adjusted(base, week_end, delta, why)
    changes = diff_plans(base, proposal)
    if not changes:
        return Composition(proposal, changes, None, base, False)
    verdict = check(proposal, base)
    accepted = verdict.status == "ok" and verdict.plan is not None
    in_force = verdict.plan if accepted and verdict.plan is not None else base
    return Composition(proposal, changes, verdict, in_force, accepted)


def _scaled_item(item: Item, delta: actions.Delta, why: Reason) -> Item:
    """One item with the agent's change: cardio minutes (or distance, or repeats) by the
    factor and its RPE by the points; a lift's sets by the factor and its RIR the other way."""
    factor = delta.minutes_factor
    if isinstance(item, CardioItem):
        update: dict[str, Any] = {"reasons": [*item.reasons, why]}
        if item.duration_s is not None:
            update["duration_s"] = max(60, round(item.duration_s * factor / 60) * 60)
        if item.distance_m is not None:
            update["distance_m"] = max(100.0, round(item.distance_m * factor))
        if item.intervals is not None:
            repeats = max(1, round(item.intervals.repeats * factor))
            update["intervals"] = item.intervals.model_copy(update={"repeats": repeats})
        if item.intensity.kind == "rpe":
            rpe = min(10.0, max(1.0, round((item.intensity.value + delta.rpe_points) * 2) / 2))
            update["intensity"] = item.intensity.model_copy(update={"value": rpe})
        return item.model_copy(update=update)
    assert isinstance(item, StrengthItem)
    rir = min(5.0, max(0.0, round((item.target_rir - delta.rpe_points) * 2) / 2))
    sets = min(10, max(1, round(item.sets * factor)))
    return item.model_copy(
        update={"sets": sets, "target_rir": rir, "reasons": [*item.reasons, why]}
    )


def adjusted(plan: Plan, week_end: date, delta: actions.Delta, why: Reason) -> Plan:
    """``plan`` with the agent's change on every session still planned after ``week_end``.

    The change is a new level from next week on (as in the simulated athlete, where the deltas
    persist), so the plan's own week-over-week steps after it stay what they were.
    """
    targets = upcoming(plan, week_end + timedelta(days=1))
    updated: dict[str, PlannedSession] = {}
    for p in targets:
        session = plan.session(p.key)
        items = [_scaled_item(i, delta, why) for i in session.items]
        updated[p.key] = session.model_copy(update={"items": items})
    return Plan.model_validate(edits.replace_sessions(plan, updated).model_dump())


def agent_suggestion(
    ctx: ServiceContext, athlete_id: int, week_end: date | None = None
) -> AgentSuggestion:
    """The agent's suggestion for the week after ``week_end`` (default: the athlete's today),
    as the plan page and the API show it; nothing is stored."""
    end = week_end or monitoring.local_today(ctx, athlete_id)
    monitoring.check_day(end, "week end")
    return suggest(ctx, athlete_id, end)


def after_review(
    ctx: ServiceContext,
    athlete_id: int,
    result: ReviewResult,
    *,
    forward: Forward | None = None,
    gate: Gate | None = None,
) -> ReviewResult:
    """The review's result with the agent's suggestion beside it; for an athlete who opted in,
    the suggestion put in force when the agent may drive (``gate``) and the validator accepts
    it as it is."""
    if result.status == "blocked":
        agent = AgentSuggestion(
            status="blocked", message="An open health flag stops training advice."
        )
        return result.model_copy(update={"agent": agent})
    suggestion = suggest(ctx, athlete_id, result.week_end, forward=forward, gate=gate)
    if suggestion.status != "suggested" or not suggestion.opted_in:
        return result.model_copy(update={"agent": suggestion})
    if not suggestion.may_drive:
        held = suggestion.model_copy(
            update={
                "message": "You opted in, but this agent may only suggest: its measured "
                "comparison with the rules does not show it has no more injuries. "
                "The plan stays as the rules left it."
            }
        )
        return result.model_copy(update={"agent": held})
    return result.model_copy(update={"agent": _apply(ctx, athlete_id, result, suggestion)})


def _apply(
    ctx: ServiceContext, athlete_id: int, result: ReviewResult, suggestion: AgentSuggestion
) -> AgentSuggestion:
    row = active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    delta = actions.Delta(
        rpe_points=float(suggestion.rpe_points or 0.0),
        minutes_factor=1.0 + float(suggestion.minutes_pct or 0.0) / 100.0,
    )
    why = reason("dosing_agent", change=suggestion.change or "")
    composed = compose(
        base,
        result.week_end,
        delta,
        why,
        lambda proposal, previous: validate(ctx, athlete_id, proposal, previous),
    )
    if composed.verdict is None:
        return suggestion.model_copy(
            update={"status": "unchanged", "message": "The suggestion changes nothing."}
        )
    verdict, proposal, changes = composed.verdict, composed.proposal, composed.changes
    operations = [
        {
            "op": "dosing_agent",
            "week_end": result.week_end.isoformat(),
            "intensity_delta": suggestion.intensity_delta,
            "duration_delta": suggestion.duration_delta,
            "model_version": suggestion.model_version,
        }
    ]
    accepted = composed.accepted
    stored = store_version(
        ctx,
        athlete_id,
        status="active" if accepted else "rejected",
        proposed_by="rl",
        plan=composed.in_force if accepted else proposal,
        parent=row.version,
        verdict=VerdictView.of(verdict),
        reasons=[why, *violation_reasons(verdict)],
        diff=changes,
        operations=operations,
    )
    if accepted:
        return suggestion.model_copy(
            update={
                "status": "applied",
                "plan_version": stored.version,
                "message": "You opted in: the agent's change is in force (the validator agreed).",
            }
        )
    return suggestion.model_copy(
        update={
            "status": "refused",
            "refusal": violation_reasons(verdict),
            "message": "The safety validator did not accept the agent's change as it was; "
            "the plan stays as the rules left it.",
        }
    )
