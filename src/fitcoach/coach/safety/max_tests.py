"""Maximal tests: removed where they are not for the athlete (level, age, conditions)."""

from __future__ import annotations

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import Intensity, StrengthItem
from fitcoach.coach.safety.run import Run, num, updated


def refused_for(run: Run) -> list[str]:
    """Who the athlete is, when maximal tests are not for them (ACSM Guidelines 11th ed.)."""
    rule = run.rules.max_test
    who = []
    if run.level not in rule.levels:
        who.append(f"{run.level}s")
    age = run.profile.age_years
    if age is None:
        who.append("athletes whose age is unknown")
    elif age < rule.min_age_years:
        who.append(f"under-{num(rule.min_age_years)}s")
    if rule.no_conditions and run.profile.conditions:
        who.append(f"athletes with {', '.join(sorted(run.profile.conditions))}")
    return who


def check_max_tests(run: Run) -> None:
    who = refused_for(run)
    if not who:
        return
    rule = run.rules.max_test
    for _, _, session in run.planned():
        for index, item in enumerate(session.items):
            if not item.max_test:
                continue
            why = make_reason("no_max_test", who=who)
            reasons = [*item.reasons, why]
            if isinstance(item, StrengthItem):
                session.items[index] = updated(
                    item,
                    max_test=False,
                    target_rir=max(item.target_rir, rule.repaired_rir),
                    reasons=reasons,
                )
            else:
                intervals = item.intervals
                if intervals is not None:
                    intervals = updated(
                        intervals, work_intensity=_capped(run, intervals.work_intensity)
                    )
                session.items[index] = updated(
                    item,
                    max_test=False,
                    intensity=_capped(run, item.intensity),
                    intervals=intervals,
                    reasons=reasons,
                )
            run.add("max_test", "repaired", why, session, index)


def _capped(run: Run, intensity: Intensity) -> Intensity:
    """A refused max test's cardio intensity, capped at the zone / RPE in the rules."""
    caps = run.rules.max_test.cardio_caps
    cap = next((v for k, v in caps.items() if k == intensity.kind), None)
    if cap is None or intensity.value <= cap:
        return intensity
    return updated(intensity, value=cap)
