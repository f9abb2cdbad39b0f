"""A fresh block ("a new plan with the same settings", "start a fresh block", "regenerate my
plan"): a new plan generated from the profile (with any goal, days, minutes or equipment the
athlete said in place of the profile's), starting next Monday, or today when the plan in force
has nothing left this week; proposed as a version that waits for approval like any edit."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import day_words, jsonable, reason_texts
from fitcoach.coach import wording
from fitcoach.coach.edits import Regenerate
from fitcoach.coach.explanations import reason
from fitcoach.coach.today import upcoming
from fitcoach.services import plans


def fresh_block(
    tctx: ToolContext, constraints: Regenerate, words: Sequence[str], *, weeks: int | None
) -> ToolResult:
    """The fresh block as a proposal; ``words``: the constraints as the reply says them;
    ``weeks``: its length (None: as long as the plan in force)."""
    ctx, aid, today = tctx.service, tctx.athlete_id, tctx.today()
    current = plans.current(ctx, aid).plan
    monday = today + timedelta(days=7 - today.weekday())
    left = [p.on for p in upcoming(current, today) if p.on and p.on < monday] if current else []
    start = monday if left else today
    length = weeks or (len(current.weeks) if current else 4)
    given = constraints if constraints.model_dump(exclude_none=True, exclude={"op"}) else None
    made = "your profile" + (f" with {', '.join(words)}" if words else "")
    asked = reason("fresh_block", start=day_words(start, today), what=made, who=wording.IN_CHAT)
    view = plans.generate(
        ctx,
        aid,
        weeks=length,
        start=start,
        proposed_by="assistant",
        constraints=given,
        because=[asked],
    )
    reasons = reason_texts(view.reasons)
    data = {"version": view.version, "status": view.status, "start": start, "reasons": reasons}
    if view.status not in ("proposed", "active") or view.plan is None:
        why = view.escalation or "; ".join(reasons) or view.status
        return ToolResult(
            "generate_plan",
            ok=False,
            data=jsonable(data),
            error=f"the safety check refused a fresh block: {why}. Your plan is unchanged",
        )
    plan = view.plan
    with_words = " and what you asked" if words else ""
    text = (
        f"Proposed plan version {view.version}, waiting for your approval: a fresh "
        f"{len(plan.weeks)}-week block from {day_words(start, today)}, made from your "
        f"profile{with_words}: "
        f"{plan.goal.replace('_', ' ')}, {plan.days_per_week} days a week, "
        f"{plan.session_minutes}-minute sessions, {plan.split.replace('_', ' ')} split."
    )
    if left:
        text += (
            f" Approving it before then also drops the sessions still planned this week "
            f"({', '.join(day_words(d, today) for d in left)})."
        )
    repaired = list(dict.fromkeys(v.reason.text.rstrip(".") for v in view.verdict.violations))
    if repaired:
        more = f" (and {len(repaired) - 3} more)" if len(repaired) > 3 else ""
        text += f" The safety check adjusted it: {'; '.join(repaired[:3])}{more}."
    return ToolResult(
        "generate_plan", ok=True, data=jsonable(data), summary=text, proposed_version=view.version
    )
