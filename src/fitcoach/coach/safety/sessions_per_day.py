"""Sessions on one day: sessions moved to the same day ("move them all to Saturday") must not
stack hard training beyond ``sessions_per_day`` in ``rules/safety.yaml``."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.plan import PlannedSession, StrengthItem
from fitcoach.coach.rules.safety import SessionsPerDay
from fitcoach.coach.safety.run import Run
from fitcoach.coach.today import project


def is_hard(session: PlannedSession, rule: SessionsPerDay) -> bool:
    """Lifting, intervals, or cardio at a hard zone or RPE: a session that needs recovery."""
    for item in session.items:
        if isinstance(item, StrengthItem) or item.intervals is not None:
            return True
        value = item.intensity.value
        if item.intensity.kind == "hr_zone" and value >= rule.hard_zone:
            return True
        if item.intensity.kind == "rpe" and value >= rule.hard_rpe:
            return True
        if item.intensity.kind == "pace":
            return True  # a pace target is a workout, not easy aerobic work
    return False


def check_sessions_per_day(run: Run) -> None:
    """Reject a plan whose projected days hold more hard sessions, or more sessions, than the
    rule allows (only moved sessions can share a day: projection never stacks the others).
    Days are projected from the plan's start; a session moved to a day stays on it."""
    rule = run.rules.sessions_per_day
    plan = run.plan
    by_day: dict[date, list[PlannedSession]] = defaultdict(list)
    for p in project(plan, plan.start):
        if p.status == "planned" and p.on is not None:
            by_day[p.on].append(plan.session(p.key))
    for day, sessions in sorted(by_day.items()):
        hard = sum(is_hard(s, rule) for s in sessions)
        if hard <= rule.max_hard and len(sessions) <= rule.max_sessions:
            continue
        why = make_reason(
            "sessions_per_day",
            day=day.strftime("%a %-d %b"),
            count=len(sessions),
            sessions=", ".join(s.name for s in sessions),
            hard=rule.max_hard,
            most=rule.max_sessions,
        )
        run.add("sessions_per_day", "rejected", why, sessions[-1])
