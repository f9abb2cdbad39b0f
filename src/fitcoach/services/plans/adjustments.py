"""The item changes the weekly review makes: strength decisions applied to next week's items,
cardio scaled, deload prescriptions, and the review's own reasons replaced on each review.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import CardioItem, Plan, PlannedSession, StrengthItem
from fitcoach.coach.progression import DeloadDecision, StrengthDecision, round_load
from fitcoach.coach.rules.progression import ProgressionRules

# Reason codes the weekly review writes on items; a new review replaces the previous ones.
REVIEW_CODES = frozenset(
    {
        "double_progression_reps",
        "double_progression_load",
        "double_progression_reset",
        "rir_autoregulation_up",
        "rir_autoregulation_down",
        "missed_reduce",
        "hold",
        "cardio_ramp",
        "deload_readiness",
        "deload_load_spike",
        "deload_limits",
        "deload_applied",
        "after_deload",
        "bodyweight_range_up",
        "bodyweight_range_down",
        "feedback_too_hard",
        "feedback_too_easy",
        "pain_hold",
        "form_breakdown_hold",
        "load_vs_plan",
        "load_as_logged",
    }
)


def without_review_reasons(reasons: Sequence[Reason]) -> list[Reason]:
    return [r for r in reasons if r.code not in REVIEW_CODES]


def cardio_seconds(sessions: Sequence[PlannedSession]) -> float:
    return float(
        sum(i.duration_s or 0 for s in sessions for i in s.items if isinstance(i, CardioItem))
    )


def scaled_cardio(item: CardioItem, factor: float, reasons: Sequence[Reason]) -> CardioItem:
    update: dict[str, Any] = {"reasons": [*without_review_reasons(item.reasons), *reasons]}
    if factor < 1 - 1e-9:
        if item.duration_s is not None:
            update["duration_s"] = max(60, int(item.duration_s * factor) // 60 * 60)
        if item.distance_m is not None:
            update["distance_m"] = max(100.0, float(int(item.distance_m * factor)))
        if item.intervals is not None:
            repeats = max(1, int(item.intervals.repeats * factor))
            update["intervals"] = item.intervals.model_copy(update={"repeats": repeats})
    return item.model_copy(update=update)


def reference_session(
    plan: Plan, key: str, slug: str, start: date, end: date
) -> tuple[PlannedSession, StrengthItem] | None:
    """The session done in [start, end] the next one of ``key`` is compared with: the same slot
    (``sN``) when it had the exercise, else the latest done session that had it."""
    slot = key.split("s", 1)[1] if "s" in key else ""
    done = [
        s
        for s in plan.sessions()
        if s.status == "done" and s.done_on is not None and start <= s.done_on <= end
    ]
    with_it = [
        (s, i) for s in done for i in s.items if isinstance(i, StrengthItem) and i.exercise == slug
    ]
    if not with_it:
        return None
    same = [(s, i) for s, i in with_it if s.key.split("s", 1)[1] == slot]
    pool = same or with_it
    return max(pool, key=lambda pair: pair[0].done_on or start)


def last_heavy_load(plan: Plan, slug: str) -> float | None:
    """The kg load of ``slug`` in the latest done session outside a deload week."""
    best: tuple[date, float] | None = None
    for week in plan.weeks:
        if week.deload:
            continue
        for s in week.sessions:
            if s.status != "done" or s.done_on is None:
                continue
            for i in s.items:
                if (
                    isinstance(i, StrengthItem)
                    and i.exercise == slug
                    and i.load.kind == "kg"
                    and i.load.value
                    and (best is None or s.done_on >= best[0])
                ):
                    best = (s.done_on, i.load.value)
    return best[1] if best else None


def apply_strength(
    item: StrengthItem, decision: StrengthDecision, reference: StrengthItem
) -> StrengthItem:
    """``item`` with a decision made against ``reference`` (the item that was logged): the new
    load, and a bodyweight range moved by as much as the decision moved the reference's."""
    data = item.model_dump()
    if decision.load_kg is not None:
        data["load"] = {"kind": "kg", "value": decision.load_kg}
    shift = decision.rep_min - reference.rep_min
    if shift:
        data["rep_min"] = max(1, min(50, item.rep_min + shift))
        data["rep_max"] = max(data["rep_min"], min(50, item.rep_max + shift))
    reasons = [
        reason("double_progression_reset", reps=data["rep_min"])
        if r.code == "double_progression_reset"
        else r
        for r in decision.reasons
    ]
    data["reasons"] = [*without_review_reasons(item.reasons), *reasons]
    return StrengthItem.model_validate(data)


def deloaded(
    item: StrengthItem, basis_kg: float | None, deload: DeloadDecision, r: ProgressionRules
) -> StrengthItem:
    d = r.deload
    sets = max(1, round(item.sets * d.volume_pct / 100))
    data = item.model_dump()
    data["sets"] = min(sets, item.sets)
    data["target_rir"] = min(5.0, item.target_rir + d.rir_add)
    data["max_test"] = False
    if basis_kg:
        data["load"] = {
            "kind": "kg",
            "value": round_load(basis_kg * d.load_pct / 100, r.double_progression.increment_kg),
        }
    applied = reason(
        "deload_applied", sets=data["sets"], was=item.sets, pct=d.load_pct, rir=d.rir_add
    )
    data["reasons"] = [*without_review_reasons(item.reasons), *deload.reasons, applied]
    return StrengthItem.model_validate(data)
