"""Serving the plan in force: a session offered as something to do passes the safety validator
against the athlete's profile as it is *now*, not as it was when the plan was approved.

An injury, a condition or a change of equipment recorded after approval (a chat message, a
profile edit) takes effect at the next request: ``serve`` checks one session with
``coach.safety.check_session`` (contraindicated exercises get the validator's substitute, one
without a permitted substitute is left out, a session with nothing safe left is not served) and
says why. ``today``, the guided workout (which follows ``today``) and ``next_sessions`` (the
Telegram ``/plan`` list, the assistant's and MCP ``get_plan``) serve through it. The stored
plan catches up through a proposal (``editing.propose_for_profile``) the athlete approves.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import Plan, PlannedSession, Week
from fitcoach.coach.safety import SafetyProfile, SessionCheck, check_session
from fitcoach.coach.today import upcoming
from fitcoach.core import bounds
from fitcoach.services import health, monitoring, own_exercises
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.matching import as_logged
from fitcoach.services.plans.store import active_row
from fitcoach.services.plans.views import ServedSession


def _alone(plan: Plan, session: PlannedSession) -> Plan:
    return plan.model_copy(update={"weeks": [Week(index=1, sessions=[session])]})


def serve(
    plan: Plan,
    session: PlannedSession,
    profile: SafetyProfile,
    library: Mapping[str, ExerciseRecord],
) -> SessionCheck:
    """``session`` of ``plan`` as it may be served to an athlete with ``profile``: the safety
    check of the one session, its minutes estimated again where exercises were left out.
    ``library``: the athlete's (``own_exercises.plan_library``: with their own exercises)."""
    check = check_session(plan, session, profile, library)
    if check.status != "repaired" or check.session is None:
        return check
    # Here: the editor's timing brings the planning rules (30 models), which a session served
    # as planned (most days, `fitcoach plan today`) does without.
    from fitcoach.coach.edits import re_estimated

    timed = re_estimated(_alone(plan, session), _alone(plan, check.session))
    return check.model_copy(update={"session": timed.weeks[0].sessions[0]})


def next_sessions(
    ctx: ServiceContext,
    athlete_id: int,
    day: date | None = None,
    *,
    plan: Plan | None = None,
    until: date | None = None,
    limit: int | None = None,
) -> list[ServedSession]:
    """The planned sessions from ``day`` (default the athlete's today) in order, on their
    projected days up to ``until`` and at most ``limit`` of them, each as ``serve`` makes it
    for the athlete's current profile. ``plan`` defaults to the plan in force. Empty while a
    health flag is open: nothing is served then (the callers show the escalation)."""
    profile = health.safety_profile(ctx, athlete_id)
    if profile.open_flags:
        return []
    local = monitoring.local_today(ctx, athlete_id)
    day = bounds.check_day(day or local)
    if plan is None:
        plan = Plan.model_validate(active_row(ctx, athlete_id).document)
    plan = as_logged(ctx, athlete_id, plan, day, local)  # done since the last review: not next
    library = own_exercises.plan_library(ctx, athlete_id)
    out: list[ServedSession] = []
    for p in upcoming(plan, day):
        assert p.on is not None
        if (until is not None and p.on > until) or (limit is not None and len(out) >= limit):
            break
        stored = plan.session(p.key)
        check = serve(plan, stored, profile, library)
        out.append(
            ServedSession(
                key=p.key,
                name=stored.name,
                on=p.on,
                moved_from=p.moved_from,
                session=check.session,
                changed=check.status != "ok",
                reasons=check.reasons,
            )
        )
    return out
