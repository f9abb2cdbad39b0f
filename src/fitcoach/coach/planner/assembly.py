"""The plan assembled: the weeks drafted, prescribed and explained, with the plan's own reasons."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime

from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import CardioItem, Plan, PlannedSession, StrengthItem, Week
from fitcoach.coach.planner.athlete import REASONS, derive_athlete, num
from fitcoach.coach.planner.drafts import EPS, Draft, execution_key
from fitcoach.coach.planner.inputs import PlannerInputs, check_inputs
from fitcoach.coach.planner.prescription import PrescriptionPlanner
from fitcoach.coach.planner.progression import ProgressionPlanner
from fitcoach.coach.planner.sessions import SessionPlanner


class _Planner(SessionPlanner, ProgressionPlanner, PrescriptionPlanner):
    """One plan: the athlete, the catalog and the weeks."""


def generate_plan(
    inputs: PlannerInputs, library: Sequence[ExerciseRecord], *, seed: int, now: datetime
) -> Plan:
    """A mesocycle for ``inputs`` from ``library`` (pure; the same inputs and seed give the
    same plan). See the module docstring for the rules applied."""
    check_inputs(inputs)
    r = REASONS
    a = derive_athlete(inputs, library, seed, r)
    planner = _Planner(a)
    first = planner.first_week()
    deload = inputs.weeks >= a.rules.deload.min_weeks
    building = inputs.weeks - 1 if deload else inputs.weeks
    weeks_drafts = [first]
    for week in range(2, building + 1):
        weeks_drafts.append(planner.next_week(weeks_drafts[-1], week))
    if deload:
        weeks_drafts.append(planner.deload_week(weeks_drafts[-1]))

    weeks: list[Week] = []
    previous: list[Draft] | None = None
    for w_index, drafts in enumerate(weeks_drafts, start=1):
        is_deload = deload and w_index == len(weeks_drafts)
        week_reason: Reason
        if is_deload:
            before_sets = sum(x.sets for d in weeks_drafts[-2] for x in d.lifts)
            now_sets = sum(x.sets for d in drafts for x in d.lifts)
            pct = (
                round(100 * now_sets / before_sets)
                if before_sets
                else round(100 * a.rules.deload.cardio_fraction)
            )
            week_reason = r("deload_scheduled", pct=pct)
        else:
            rir = planner.rir_for("main", w_index, False)
            week_reason = r("progression_rir", week=w_index, rir=num(rir))
        sessions = []
        for s_index, draft in enumerate(drafts, start=1):
            before = previous[s_index - 1] if previous is not None and not is_deload else None
            deload_why = week_reason if is_deload else None
            sessions.append(_session(planner, draft, w_index, s_index, deload_why, before))
        week_reasons = [week_reason]
        weeks.append(Week(index=w_index, deload=is_deload, sessions=sessions, reasons=week_reasons))
        previous = drafts

    split_label = planner.split_name
    plan_reasons = [
        r("plan_program", goal=a.goal, split=split_label, days=a.training_days),
        *a.plan_reasons,
    ]
    plan_reasons += _volume_reasons(planner, first)
    return Plan(
        athlete_id=inputs.athlete_id,
        goal=a.goal,
        level=a.level,
        split=planner.split_key,
        days_per_week=a.training_days,
        session_minutes=inputs.session_minutes,
        equipment=sorted(a.equipment),
        schedule=a.schedule,
        start=inputs.start,
        seed=seed,
        weeks=weeks,
        created_at=now,
        reasons=plan_reasons,
    )


def _session(
    planner: _Planner,
    draft: Draft,
    week: int,
    index: int,
    deload: Reason | None,
    before: Draft | None,
) -> PlannedSession:
    a = planner.a
    r = a.r
    items: list[StrengthItem | CardioItem] = []
    cardio_first = draft.kind == "easy+strength"
    cardio_items = []
    for c_index, item in enumerate(draft.cardio):
        prev = None
        if before is not None and c_index < len(before.cardio):
            prev = before.cardio[c_index].duration_s
        cardio_items.append(planner.cardio_output(item, prev, deload))
    lifts = [
        planner.strength_item(lift, week, deload) for lift in sorted(draft.lifts, key=execution_key)
    ]
    items = [*cardio_items, *lifts] if cardio_first or not draft.lifts else [*lifts, *cardio_items]
    reasons: list[Reason] = []
    if draft.template is not None:
        reasons.append(r("session_focus", focus=draft.name, split=planner.split_name))
    reasons.append(r("session_length_fit", minutes=a.inputs.session_minutes))
    reasons += draft.notes
    minutes = planner.total(draft, full=False)
    return PlannedSession(
        key=f"w{week}s{index}",
        name=draft.name,
        focus=draft.focus,
        warmup=planner.warmup(draft),
        items=items,
        estimated_minutes=max(5, math.ceil(minutes - 1e-6)),
        reasons=reasons,
    )


def _volume_reasons(planner: _Planner, first: list[Draft]) -> list[Reason]:
    """Plan reasons for muscles the first week leaves short (volume or coverage)."""
    a = planner.a
    bounds = planner.bounds()
    totals = planner.totals(first)
    short = sorted(m for m, (low, _) in bounds.items() if totals.get(m, 0.0) < low - EPS)
    if not short or not any(d.lifts for d in first):
        return []
    untrained = [m for m in short if totals.get(m, 0.0) <= 0]
    out = []
    if a.prog().volume == "targets":
        out.append(a.r("volume_short", muscles=short))
    if untrained:
        out.append(a.r("muscles_uncovered", muscles=untrained))
    return out
