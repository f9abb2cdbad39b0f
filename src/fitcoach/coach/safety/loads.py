"""Load increases: a load rises at most one step over its baselines."""

from __future__ import annotations

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import Load, StrengthItem
from fitcoach.coach.rules.safety import LoadIncrease
from fitcoach.coach.safety.run import (
    EPS,
    Run,
    floor_to,
    matching,
    num,
    occurrence_of,
    session_slot,
    updated,
)


def kg_cap(rule: LoadIncrease, kg: float) -> float:
    """The most ``kg`` may become in one step (ACSM 2009: 2-10 % steps)."""
    step = max(rule.kg_min_step, rule.relative * kg)
    return max(kg, floor_to(kg + step, rule.kg_increment))


def load_cap(run: Run, base: Load) -> float:
    """The most a load may become one step after ``base`` (ACSM 2009: 2-10 % steps)."""
    rule = run.rules.load_increase
    value = base.value or 0.0
    if base.kind == "kg":
        return kg_cap(rule, value)
    step = max(rule.pct_e1rm_min_step, rule.relative * value)
    return max(value, min(1.0, floor_to(value + step, rule.pct_e1rm_increment)))


def check_load_increases(run: Run) -> None:
    """A kg or e1RM-fraction load rises at most one step from the same session of the
    version this one replaces and from the same session slot of the last non-deload week."""
    for position, _, session in run.planned():
        earlier = run.earlier_week(position)
        slot = session_slot(session.key)
        inside = (
            next((s for s in earlier.sessions if session_slot(s.key) == slot), None)
            if earlier
            else None
        )
        before = run.previous_sessions.get(session.key)
        for index, item in enumerate(session.items):
            if not isinstance(item, StrengthItem) or item.load.kind not in ("kg", "pct_e1rm"):
                continue
            occurrence = occurrence_of(session.items, index)
            caps = []
            for base_session in (before, inside):
                base = matching(base_session, item.exercise, occurrence)
                if base is not None and base.load.kind == item.load.kind:
                    caps.append(load_cap(run, base.load))
            value = item.load.value or 0.0
            if not caps or value <= min(caps) + EPS:
                continue
            cap = min(caps)
            name = run.name(item.exercise)
            rule = run.rules.load_increase
            pct = num(rule.relative * 100)
            if item.load.kind == "kg":
                limit = f"{num(cap)} kg (a step is max({num(rule.kg_min_step)} kg, {pct} %))"
            else:
                step = num(rule.pct_e1rm_min_step * 100)
                limit = f"{num(round(cap * 100, 3))} % of e1RM (a step is max({step}, {pct} %))"
            why = make_reason("increase_capped", what=f"{name} load", limit=limit)
            session.items[index] = updated(
                item, load=updated(item.load, value=cap), reasons=[*item.reasons, why]
            )
            run.add("load_increase", "repaired", why, session, index)
