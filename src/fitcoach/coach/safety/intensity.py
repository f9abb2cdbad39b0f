"""Intensity: the reps in reserve beginners and athletes with some conditions keep (min RIR)."""

from __future__ import annotations

from fitcoach.coach.explanations import Reason
from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.safety.run import EPS, Run, updated


def check_min_rir(run: Run) -> None:
    """Beginners (Helms et al. 2016) and athletes with hypertension or a heart condition
    (AHA 2007; ACSM 2004) keep reps in reserve on every strength item."""
    minima: list[tuple[str, float, Reason]] = []
    if run.level == "beginner":
        rir = run.rules.min_rir.beginner
        minima.append(("min_rir_beginner", rir, make_reason("min_rir_beginner", rir=rir)))
    for condition in sorted(run.profile.conditions):
        needed = run.rules.min_rir.conditions.get(condition)
        if needed is not None:
            why = make_reason("min_rir_condition", condition=condition, rir=needed)
            minima.append(("min_rir_condition", needed, why))
    if not minima:
        return
    for _, _, session in run.planned():
        for index, item in enumerate(session.items):
            if not isinstance(item, StrengthItem):
                continue
            broken = [m for m in minima if item.target_rir < m[1] - EPS]
            if not broken:
                continue
            session.items[index] = updated(
                item,
                target_rir=max(m[1] for m in broken),
                reasons=[*item.reasons, *(m[2] for m in broken)],
            )
            for rule, _, why in broken:
                run.add(rule, "repaired", why, session, index)
