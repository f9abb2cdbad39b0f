"""Rest days: at most as many sessions a week as the rest days the athlete needs allow."""

from __future__ import annotations

from fitcoach.coach.explanations import reason as make_reason
from fitcoach.coach.safety.run import Run


def check_rest_days(run: Run) -> None:
    """At least 1 rest day a week, 2 for beginners and from 65 (ACSM 2009; ACSM/AHA 2007)."""
    days, most = run.rules.max_sessions_per_week(run.level, run.profile.age_years)
    if run.plan.days_per_week > most or any(len(w.sessions) > most for w in run.plan.weeks):
        run.add("rest_days", "rejected", make_reason("rest_days", days=days))
