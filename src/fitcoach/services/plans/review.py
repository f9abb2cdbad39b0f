"""The weekly review: next week's sessions adapted to what was logged in the week that ended."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fitcoach.coach import edits
from fitcoach.coach.edits import diff_plans
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import CardioItem, Item, Plan, PlannedSession, StrengthItem
from fitcoach.coach.progression import (
    DeloadDecision,
    ReadinessDay,
    StrengthTarget,
    against_plan,
    cardio_decision,
    deload_decision,
    strength_decision,
)
from fitcoach.coach.rules.progression import ProgressionRules, rules
from fitcoach.coach.safety import escalation_message
from fitcoach.coach.today import Projected, project, upcoming
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, health, monitoring, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import dosing
from fitcoach.services.plans.adjustments import (
    REVIEW_CODES,
    apply_strength,
    cardio_seconds,
    deloaded,
    last_heavy_load,
    reference_session,
    scaled_cardio,
    without_review_reasons,
)
from fitcoach.services.plans.matching import Logs, kg_text, match_sessions
from fitcoach.services.plans.store import active_row, store_version, validate, violation_reasons
from fitcoach.services.plans.views import ItemDecision, ReviewResult, SessionMatch, VerdictView
from fitcoach.storage.repositories import plans as repo


def _unique(reasons: Sequence[Reason]) -> list[Reason]:
    """Reasons in order, each once."""
    out: list[Reason] = []
    for r in reasons:
        if r not in out:
            out.append(r)
    return out


def _readiness_days(
    ctx: ServiceContext, athlete_id: int, end: date, window: int
) -> list[ReadinessDay]:
    """Readiness of the ``window`` days ending ``end``, newest first, from one read of the
    history (``readiness_range``: each day's report is the one ``readiness`` gives)."""
    reports = monitoring.readiness_range(ctx, athlete_id, end - timedelta(days=window - 1), end)
    out = []
    for report in reversed(reports):
        ok = report.status == "ok"
        out.append(
            ReadinessDay(
                day=report.day,
                colour=report.colour if ok else None,
                score=float(report.score) if ok and report.score is not None else None,
            )
        )
    return out


def _acwr(ctx: ServiceContext, athlete_id: int, end: date) -> float | None:
    report = monitoring.training_load(ctx, athlete_id, start=end, end=end)
    return report.days[-1].acwr if report.days else None


def review_week(ctx: ServiceContext, athlete_id: int, week_end: date | None = None) -> ReviewResult:
    """The weekly review (:func:`rules_review`) with the dosing agent's suggestion beside the
    rules' decision; it takes effect only for an athlete who opted in, and only when the safety
    validator accepts it as it is (``services.plans.dosing``)."""
    return dosing.after_review(ctx, athlete_id, rules_review(ctx, athlete_id, week_end))


def rules_review(
    ctx: ServiceContext, athlete_id: int, week_end: date | None = None
) -> ReviewResult:
    """Review the seven days ending ``week_end`` (default: the athlete's today) and adapt the
    sessions of the seven days after it.

    1. Logged days are matched to planned sessions, which are marked done (``match_sessions``).
    2. Each lift of next week gets a progression decision from its logs (``strength_decision``:
       double progression, RIR autoregulation, missed reps; no logs: hold); cardio grows at
       most 10 % over what was done (``cardio_decision``).
    3. A deload overrides it when readiness was low on 3 of the last 5 days or ACWR is above
       1.5 (``deload_decision``); a scheduled deload week keeps its own prescription and takes
       no increases.
    4. The result is validated against the plan in force and activated (the review's changes
       are the engine's own, within its limits); a refusal is stored ``rejected`` and only the
       sessions marked done are kept.
    """
    r = rules()
    week_end = _week_end(ctx, athlete_id, week_end)
    start = week_end - timedelta(days=6)
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return _blocked(athlete_id, start, week_end, profile.open_flags)
    repo.lock(ctx.session, ctx.scope(athlete_id))
    row = active_row(ctx, athlete_id)
    base = Plan.model_validate(row.document)
    reviewed, matches, unmatched = _matched_week(ctx, athlete_id, base, start, week_end, r)
    targets = _next_sessions(reviewed)
    deload = _deload(ctx, athlete_id, reviewed, targets, r)
    triggered = deload.deload and deload.trigger != "scheduled"
    library = own_exercises.plan_library(ctx, athlete_id)
    cardio = _cardio_scaling(reviewed, targets, deload, triggered, r)
    decisions: list[ItemDecision] = []
    updated: dict[str, PlannedSession] = {}
    for p in targets:
        updated[p.key], made = _adapt_session(
            reviewed, p.key, cardio, deload, triggered, library, r
        )
        decisions += made
    adapted = edits.replace_sessions(reviewed.marked, updated)
    adapted = Plan.model_validate(adapted.model_dump())

    common: dict[str, Any] = {
        "athlete_id": athlete_id,
        "week_start": start,
        "week_end": week_end,
        "matches": matches,
        "unmatched": unmatched,
        "decisions": decisions,
        "deload": deload.deload,
        "deload_trigger": deload.trigger,
        "deload_reasons": list(deload.reasons),
    }
    if not diff_plans(base, adapted):
        return ReviewResult(**common, status="unchanged", version=None)
    operations = [
        {"op": "review", "week_start": start.isoformat(), "week_end": week_end.isoformat()}
    ]
    summary = _unique([*deload.reasons, *(x for d in decisions for x in d.reasons)])
    return _put_in_force(
        ctx, athlete_id, row.version, base, reviewed.marked, adapted, summary, operations, common
    )


@dataclass(frozen=True)
class _ReviewedWeek:
    """What every step of one review reads: the week reviewed, how far back logs count for a
    lift's progression, the logs, and the plan with the sessions they matched marked done."""

    start: date
    end: date
    lookback: date
    logs: Logs
    marked: Plan


@dataclass(frozen=True)
class _CardioScaling:
    """Next week's cardio: the decision's action, the factor every cardio item is scaled by,
    and the reasons each scaled item carries."""

    action: str
    factor: float
    reasons: list[Reason]


def _week_end(ctx: ServiceContext, athlete_id: int, week_end: date | None) -> date:
    """Decides the last day reviewed: the athlete's today by default; a day still to come is
    refused (only a week that is over can be reviewed)."""
    local = monitoring.local_today(ctx, athlete_id)
    week_end = week_end or local
    monitoring.check_day(week_end, "week end")
    if week_end > local:
        raise InvalidInput(
            f"week end {week_end} is in the future; review a week that is over (up to {local})"
        )
    return week_end


def _blocked(
    athlete_id: int, start: date, week_end: date, open_flags: Sequence[str]
) -> ReviewResult:
    """An open red flag stops the review: nothing is matched or changed, and the escalation
    says what to do instead."""
    return ReviewResult(
        athlete_id=athlete_id,
        week_start=start,
        week_end=week_end,
        status="blocked",
        version=None,
        matches=[],
        decisions=[],
        deload=False,
        deload_trigger=None,
        deload_reasons=[],
        escalation=escalation_message(open_flags),
    )


def _matched_week(
    ctx: ServiceContext,
    athlete_id: int,
    base: Plan,
    start: date,
    week_end: date,
    r: ProgressionRules,
) -> tuple[_ReviewedWeek, list[SessionMatch], list[date]]:
    """Decides which planned sessions the week's logs mark done (``match_sessions``), reading
    the logs in the athlete's time zone from as far back as missed reps are looked for."""
    tz = zone_named(athletes.get_athlete(ctx, athlete_id).timezone)
    lookback = start - timedelta(days=r.missed_reps.lookback_days)
    logs = Logs(ctx, athlete_id, tz, lookback, start, week_end)
    marked, matches, unmatched = match_sessions(base, logs, start, week_end)
    return _ReviewedWeek(start, week_end, lookback, logs, marked), matches, unmatched


def _next_sessions(reviewed: _ReviewedWeek) -> list[Projected]:
    """Decides which sessions the review adapts: those left in the plan that fall in the seven
    days after the week reviewed."""
    week_end = reviewed.end
    next_day = week_end + timedelta(days=1)
    return [
        p
        for p in upcoming(reviewed.marked, next_day)
        if p.on is not None and p.on <= week_end + timedelta(days=7)
    ]


def _deload(
    ctx: ServiceContext,
    athlete_id: int,
    reviewed: _ReviewedWeek,
    targets: Sequence[Projected],
    r: ProgressionRules,
) -> DeloadDecision:
    """Decides whether next week is a deload: scheduled in the plan, or triggered by readiness
    low on enough recent days or by a load spike (ACWR) (``deload_decision``)."""
    week_end = reviewed.end
    return deload_decision(
        scheduled=any(reviewed.marked.week_of(p.key).deload for p in targets),
        readiness=_readiness_days(ctx, athlete_id, week_end, r.deload.readiness_window_days),
        acwr=_acwr(ctx, athlete_id, week_end),
        r=r,
    )


def _cardio_scaling(
    reviewed: _ReviewedWeek,
    targets: Sequence[Projected],
    deload: DeloadDecision,
    triggered: bool,
    r: ProgressionRules,
) -> _CardioScaling:
    """Decides next week's cardio volume against this week's, planned and logged
    (``cardio_decision``); a triggered deload caps it at the deload's volume and gives its
    own reasons."""
    marked, start, week_end = reviewed.marked, reviewed.start, reviewed.end
    this_week = [
        marked.session(p.key)
        for p in project(marked, start)
        if p.status != "skipped" and start <= p.original <= week_end
    ]
    next_sessions = [marked.session(p.key) for p in targets]
    planned_next = cardio_seconds(next_sessions)
    cardio = cardio_decision(
        planned_this=cardio_seconds(this_week),
        logged_this=sum(reviewed.logs.cardio.values()),
        planned_next=planned_next,
        r=r,
    )
    factor = cardio.volume / planned_next if planned_next > 0 else 1.0
    cardio_reasons: list[Reason] = list(cardio.reasons)
    if triggered:
        factor = min(factor, r.deload.volume_pct / 100)
        cardio_reasons = [*deload.reasons]
    return _CardioScaling(cardio.action, factor, cardio_reasons)


def _adapt_session(
    reviewed: _ReviewedWeek,
    key: str,
    cardio: _CardioScaling,
    deload: DeloadDecision,
    triggered: bool,
    library: Mapping[str, ExerciseRecord],
    r: ProgressionRules,
) -> tuple[PlannedSession, list[ItemDecision]]:
    """Decides every item of one of next week's sessions: cardio scaled by the week's factor,
    each lift by ``_adapt_lift``; one ``ItemDecision`` an item, in the session's order."""
    session = reviewed.marked.session(key)
    items: list[Item] = []
    decisions: list[ItemDecision] = []
    for item in session.items:
        if isinstance(item, CardioItem):
            new_cardio = scaled_cardio(item, cardio.factor, cardio.reasons)
            items.append(new_cardio)
            decisions.append(
                ItemDecision(
                    session=key,
                    exercise=item.exercise,
                    action="deload" if triggered else cardio.action,
                    before=edits.item_text(item),
                    after=edits.item_text(new_cardio),
                    reasons=list(cardio.reasons),
                )
            )
            continue
        new_item, action = _adapt_lift(reviewed, key, item, deload, triggered, library, r)
        items.append(new_item)
        decisions.append(
            ItemDecision(
                session=key,
                exercise=item.exercise,
                action=action,
                before=edits.item_text(item),
                after=edits.item_text(new_item),
                reasons=[x for x in new_item.reasons if x.code in REVIEW_CODES],
            )
        )
    return session.model_copy(update={"items": items}), decisions


def _adapt_lift(
    reviewed: _ReviewedWeek,
    key: str,
    item: StrengthItem,
    deload: DeloadDecision,
    triggered: bool,
    library: Mapping[str, ExerciseRecord],
    r: ProgressionRules,
) -> tuple[StrengthItem, str]:
    """Decides one lift of next week and the action taken. The progression decision is made
    from what was logged against the session it is compared with (``reference_session``),
    then: a triggered deload deloads it; the first week after a deload returns to the last
    heavy load; a scheduled deload week takes no increases; otherwise the decision applies
    (nothing logged this week: hold)."""
    marked, start, week_end = reviewed.marked, reviewed.start, reviewed.end
    week = marked.week_of(key)
    lower = r.double_progression.lower_patterns
    record = library.get(item.exercise)
    ref = reference_session(marked, key, item.exercise, start, week_end)
    ref_item = ref[1] if ref else item
    ref_week_deload = ref is not None and marked.week_of(ref[0].key).deload
    exposures = reviewed.logs.exposures(item.exercise, reviewed.lookback, week_end)
    if not any(start <= e.day for e in exposures):
        exposures = []  # nothing logged this week: hold
    target = StrengthTarget(
        rep_min=ref_item.rep_min,
        rep_max=ref_item.rep_max,
        target_rir=ref_item.target_rir,
        load_kg=item.load.value if item.load.kind == "kg" else None,
        lower_body=record is not None and record.movement_pattern in lower,
        bodyweight=item.load.kind == "bodyweight",
    )
    # Measured from what was lifted, then made to agree with the load planned next.
    decision = against_plan(strength_decision(target, exposures, r), target.load_kg)
    action: str = decision.action
    if triggered:
        basis = decision.logged_load_kg or target.load_kg
        new_item = deloaded(item, basis, deload, r)
        action = "deload"
    elif ref_week_deload and not week.deload and exposures:
        heavy = last_heavy_load(marked, item.exercise)
        data = item.model_dump()
        if heavy:
            data["load"] = {"kind": "kg", "value": heavy}
        data["reasons"] = [
            *without_review_reasons(item.reasons),
            reason("after_deload", load=kg_text(heavy) if heavy else "as planned"),
        ]
        new_item = StrengthItem.model_validate(data)
        action = "after_deload"
    elif week.deload:
        why = "scheduled deload week, no load increases"
        if decision.direction < 0:
            new_item = apply_strength(item, decision, ref_item)
        else:
            new_item = item.model_copy(
                update={
                    "reasons": [
                        *without_review_reasons(item.reasons),
                        reason("hold", why=why),
                    ]
                }
            )
            action = "hold"
    else:
        new_item = (
            apply_strength(item, decision, ref_item)
            if exposures
            else item.model_copy(
                update={"reasons": [*without_review_reasons(item.reasons), *decision.reasons]}
            )
        )
    return new_item, action


def _put_in_force(
    ctx: ServiceContext,
    athlete_id: int,
    parent: int,
    base: Plan,
    marked: Plan,
    adapted: Plan,
    summary: list[Reason],
    operations: list[dict[str, Any]],
    common: dict[str, Any],
) -> ReviewResult:
    """Decides what the review puts in force: the adapted plan when the safety validator
    accepts it (ok or repaired). Refused, the refusal is stored ``rejected`` and only the
    sessions marked done go in force (nothing, when that changes nothing)."""
    verdict = validate(ctx, athlete_id, adapted, base)
    if verdict.plan is not None and verdict.status in ("ok", "repaired"):
        stored = store_version(
            ctx,
            athlete_id,
            status="active",
            proposed_by="review",
            plan=verdict.plan,
            parent=parent,
            verdict=VerdictView.of(verdict),
            reasons=[*summary, *violation_reasons(verdict)],
            diff=diff_plans(base, verdict.plan),
            operations=operations,
        )
        return ReviewResult(
            **common,
            status="active",
            version=stored.version,
            verdict=VerdictView.of(verdict),
            diff=diff_plans(base, verdict.plan),
        )
    # Refused: keep the refusal on record, then keep only the sessions marked done.
    store_version(
        ctx,
        athlete_id,
        status="rejected",
        proposed_by="review",
        plan=adapted,
        parent=parent,
        verdict=VerdictView.of(verdict),
        reasons=[*summary, *violation_reasons(verdict)],
        diff=diff_plans(base, adapted),
        operations=operations,
    )
    fallback = validate(ctx, athlete_id, marked, base)
    if fallback.plan is None or not diff_plans(base, fallback.plan):
        return ReviewResult(
            **common, status="rejected", version=None, verdict=VerdictView.of(verdict)
        )
    stored = store_version(
        ctx,
        athlete_id,
        status="active",
        proposed_by="review",
        plan=fallback.plan,
        parent=parent,
        verdict=VerdictView.of(fallback),
        reasons=[
            reason(
                "hold", why="the safety validator refused the changes; sessions done are recorded"
            ),
            *violation_reasons(verdict),
        ],
        diff=diff_plans(base, fallback.plan),
        operations=operations,
    )
    return ReviewResult(
        **common,
        status="rejected",
        version=stored.version,
        verdict=VerdictView.of(verdict),
        diff=diff_plans(base, fallback.plan),
    )
