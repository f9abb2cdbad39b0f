"""``get_today_session`` and ``get_plan``: a day's session and the plan in force, read only."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from pydantic import Field

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    DayArgs,
    ToolArgs,
    athlete_units,
    day_words,
    jsonable,
    reason_texts,
    session_data,
    session_lines,
)
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.core.units import Units
from fitcoach.services import health, own_exercises, plans


def get_today_session(tctx: ToolContext, args: DayArgs) -> ToolResult:
    today = tctx.today()
    day = args.date or today
    view = plans.today(tctx.service, tctx.athlete_id, day)
    units = athlete_units(tctx)
    own = own_exercises.names(tctx.service, tctx.athlete_id)
    reasons = reason_texts(view.reasons, units)
    data: dict[str, Any] = {
        "day": day.isoformat(),
        "status": view.status,
        "version": view.version,
        "scheduled_for": view.scheduled_for,
        "readiness": view.readiness,
        "reasons": reasons,
        "escalation": view.escalation,
        "session": session_data(view.session, units, own) if view.session else None,
        "planned": session_data(view.planned, units, own) if view.planned else None,
    }
    if view.status == "blocked":
        text = f"No training on {day_words(day, today)}: {view.escalation or ' '.join(reasons)}"
    elif view.status == "finished":
        text = "Every session of your plan is done or skipped: generate the next plan."
    elif view.status == "rest" or view.session is None:
        nxt = (
            f" Next: {view.planned.name} on {day_words(view.scheduled_for, today)}."
            if view.planned and view.scheduled_for is not None
            else ""
        )
        text = f"{day_words(day, today)} is a rest day.{nxt}"
    else:
        session = view.session
        label = {
            "train": "as planned",
            "lighter": "lighter than planned",
            "recovery": "recovery instead of the planned session",
        }[view.status]
        text = (
            f"{day_words(day, today)}: {session.name}, about {session.estimated_minutes} min ({label}): "
            f"{'; '.join(session_lines(session, units, own))}."
        )
    if reasons and view.status != "blocked":
        text += " Why: " + " ".join(reasons)
    return ToolResult("get_today_session", ok=True, data=jsonable(data), summary=text)


class GetPlanArgs(ToolArgs):
    version: int | None = Field(
        default=None, ge=1, description="A plan version; default the plan in force."
    )
    start: date | None = Field(
        default=None, description="Show sessions from this day (default today)."
    )
    end: date | None = Field(
        default=None, description="Show sessions up to this day (default 6 days on)."
    )


def get_plan(tctx: ToolContext, args: GetPlanArgs) -> ToolResult:
    ctx, aid = tctx.service, tctx.athlete_id
    view = plans.get_version(ctx, aid, args.version) if args.version else plans.current(ctx, aid)
    if view.plan is None:
        raise NotFound(f"plan version {view.version} has no sessions ({view.status})")
    paused = health.escalation_for(ctx, aid)
    if paused is not None:
        # An open health flag: no sessions at all, only what to do instead.
        blocked: dict[str, Any] = {
            "version": view.version,
            "status": "blocked",
            "escalation": paused,
            "sessions": [],
        }
        return ToolResult("get_plan", ok=True, data=blocked, summary=f"No training: {paused}")
    plan = view.plan
    today = tctx.today()
    units = athlete_units(tctx)
    start = args.start or today
    end = args.end or start + timedelta(days=6)
    if end < start:
        raise InvalidInput(
            f"end {day_words(end, today)} lies before start {day_words(start, today)}; swap them"
        )
    # As they would be served: for the athlete's profile as it is now (an injury noted after
    # the plan was approved swaps what it rules out; the reasons say so).
    own = own_exercises.names(ctx, aid)
    sessions = [
        _served_data(s, units, own)
        for s in plans.next_sessions(ctx, aid, max(start, today), plan=plan, until=end)
        if start <= s.on
    ]
    proposals = [v.version for v in plans.versions(ctx, aid, "proposed")]
    data = {
        "version": view.version,
        "status": view.status,
        "goal": plan.goal,
        "level": plan.level,
        "split": plan.split,
        "days_per_week": plan.days_per_week,
        "session_minutes": plan.session_minutes,
        "equipment": plan.equipment,
        "weeks": len(plan.weeks),
        "start": plan.start,
        "sessions": sessions,
        "reasons": reason_texts(plan.reasons, units),
        "proposed_versions": proposals,
    }
    text = (
        f"Plan version {view.version} ({view.status}): {plan.goal.replace('_', ' ')}, "
        f"{plan.split.replace('_', ' ')}, {plan.days_per_week} days a week, "
        f"{plan.session_minutes}-minute sessions, {len(plan.weeks)} weeks from {day_words(plan.start, today)}."
    )
    if sessions:
        text += " " + " ".join(_served_line(s, today) for s in sessions)
    else:
        text += f" No sessions fall between {day_words(start, today)} and {day_words(end, today)}."
    if proposals:
        text += f" Waiting for your approval: version(s) {', '.join(map(str, proposals))}."
    return ToolResult("get_plan", ok=True, data=jsonable(data), summary=text)


def _served_data(served: plans.ServedSession, units: Units, own: dict[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {"on": served.on.isoformat(), "key": served.key, "name": served.name}
    if served.session is not None:
        data.update(session_data(served.session, units, own))
    else:
        data.update({"items": [], "exercises": [], "not_safe_now": True})
    if served.changed:
        data["changed_for_your_profile"] = reason_texts(served.reasons, units)
    return data


def _served_line(data: dict[str, Any], today: date) -> str:
    why = data.get("changed_for_your_profile")
    note = f" Changed for your profile: {' '.join(why)}" if why else ""
    on = day_words(date.fromisoformat(data["on"]), today)
    if data.get("not_safe_now"):
        return f"{on}: {data['name']} (nothing in it is safe for you now).{note}"
    return f"{on}: {data['name']} ({', '.join(data['items'])}).{note}"
