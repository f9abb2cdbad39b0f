"""The week ahead: the sessions of the next days of the plan in force, as served for the
athlete's profile now (the facade's ``/workout``).

With no plan yet, one is generated first when the caller may write (``may_generate``);
otherwise that is ``PermissionDenied``. While a health flag is open there are no sessions:
the status is ``blocked`` and ``escalation`` says what to do instead.
"""

from __future__ import annotations

from datetime import timedelta

from fitcoach.core.errors import NotFound, PermissionDenied
from fitcoach.services import monitoring
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans.generation import generate
from fitcoach.services.plans.serving import next_sessions
from fitcoach.services.plans.store import current
from fitcoach.services.plans.views import DatedSession, WeekView

WEEK_DAYS = 7


def week_ahead(
    ctx: ServiceContext, athlete_id: int, *, may_generate: bool, days: int = WEEK_DAYS
) -> WeekView:
    """The sessions of the ``days`` days from the athlete's today of the plan in force, each as
    ``serving.serve`` makes it for the athlete's profile now, its reasons after the stored
    session's own; a session with nothing safe left is no session that day. With no plan, one
    is generated first if ``may_generate``, else ``PermissionDenied``."""
    try:
        view = current(ctx, athlete_id)
    except NotFound:
        # An athlete the subject may not see stays NotFound (recorded as the profile, as the
        # facade always has).
        ctx.scope(athlete_id, kind="profile")
        if not may_generate:
            raise PermissionDenied(
                "there is no plan yet; a 'write' token is needed to generate one"
            ) from None
        view = generate(ctx, athlete_id)
    start = monitoring.local_today(ctx, athlete_id)
    end = start + timedelta(days=days - 1)
    sessions: list[DatedSession] = []
    if view.plan is not None and view.escalation is None:
        for p in next_sessions(ctx, athlete_id, start, plan=view.plan, until=end):
            if p.session is None:
                continue
            session = p.session.model_copy(update={"reasons": [*p.session.reasons, *p.reasons]})
            sessions.append(DatedSession(on=p.on, moved_from=p.moved_from, session=session))
    return WeekView(
        athlete_id=athlete_id,
        start=start,
        end=end,
        plan_version=view.version,
        status="blocked" if view.escalation is not None else view.status,
        escalation=view.escalation,
        sessions=sessions,
    )
