"""The load the plan in force is expected to bring: planned RPE per session and session-RPE load
per day over the coming weeks.
"""

from __future__ import annotations

from datetime import date, timedelta

from fitcoach.analysis.strength import rpe_from_rir
from fitcoach.coach.plan import PlannedSession, StrengthItem
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput
from fitcoach.services import health, monitoring
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.matching import as_logged
from fitcoach.services.plans.store import plan_in_force

# RPE a planned item is expected to feel like, for the load projection: strength at its target
# RIR (``analysis.strength.rpe_from_rir``), cardio by its RPE or heart-rate zone (zone 1-5 as
# RPE 2, 3, 5, 7, 9 on the CR-10 scale, Foster et al. 2001), a pace target as moderate.
ZONE_RPE = {1: 2.0, 2: 3.0, 3: 5.0, 4: 7.0, 5: 9.0}
PACE_RPE = 6.0
PROJECTION_DAYS = 28


def planned_rpe(session: PlannedSession) -> float:
    """The session's expected RPE: the mean of its items' (see ``ZONE_RPE``)."""
    values = []
    for item in session.items:
        if isinstance(item, StrengthItem):
            values.append(rpe_from_rir(item.target_rir))
        elif item.intensity.kind == "rpe":
            values.append(item.intensity.value)
        elif item.intensity.kind == "hr_zone":
            values.append(ZONE_RPE[round(item.intensity.value)])
        else:
            values.append(PACE_RPE)
    return sum(values) / len(values)


def planned_loads(
    ctx: ServiceContext, athlete_id: int, days: int = PROJECTION_DAYS
) -> dict[date, float]:
    """Expected session-RPE load (AU) of the plan's sessions over the ``days`` after today.

    Each upcoming session on its projected day counts ``estimated minutes x planned RPE``
    (Foster 2001); no plan in force, or an open red flag, projects nothing.
    """
    if not 1 <= days <= monitoring.MAX_PLAN_DAYS:
        raise InvalidInput(f"days must be 1-{monitoring.MAX_PLAN_DAYS}, got {days}")
    local = monitoring.local_today(ctx, athlete_id)
    if health.safety_profile(ctx, athlete_id).open_flags:
        return {}
    found = plan_in_force(ctx, athlete_id)  # kept per process by its text: read, not changed
    if found is None:
        return {}
    # Sessions logged up to today are done, not projected again (as the day view sees them).
    plan = as_logged(ctx, athlete_id, found[1], local + timedelta(days=1), local)
    out: dict[date, float] = {}
    for projected in upcoming(plan, local + timedelta(days=1)):
        if projected.on is None or not local < projected.on <= local + timedelta(days=days):
            continue
        session = plan.session(projected.key)
        load = session.estimated_minutes * planned_rpe(session)
        out[projected.on] = round(out.get(projected.on, 0.0) + load, 1)
    return out
