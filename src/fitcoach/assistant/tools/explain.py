"""``explain_decision``: the engine's reasons for today's session, the plan, one exercise's
prescription, the latest plan change, readiness, or the risk (the load rule's reasons, or the
risk model's SHAP reasons where it is validated on real data; otherwise the model is called
experimental).
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field, model_validator

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    ExerciseName,
    ToolArgs,
    athlete_units,
    change_lines,
    day_words,
    exercise_name,
    jsonable,
    load_words,
    own_exercise,
    own_not_planned,
    reason_texts,
)
from fitcoach.assistant.tools.metrics import readiness_metric
from fitcoach.coach.edits import item_text, resolve_record
from fitcoach.coach.plan import Plan, StrengthItem
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import quantities_in_text
from fitcoach.services import own_exercises, plans


class ExplainArgs(ToolArgs):
    about: Literal["today", "plan", "exercise", "last_change", "readiness", "burnout_risk"] = Field(
        default="today",
        description=(
            "today: today's session; plan: the plan in force; exercise: how one exercise is "
            "prescribed; last_change: the latest proposed or decided plan change; readiness; "
            "burnout_risk: today's training load as facts (fitcoach gives no injury or "
            "burnout risk level), or a model's chance where real data validated it."
        ),
    )
    exercise: ExerciseName | None = None

    @model_validator(mode="after")
    def _exercise_given(self) -> ExplainArgs:
        if self.about == "exercise" and not self.exercise:
            raise ValueError("about=exercise needs the exercise")
        return self


def explain_decision(tctx: ToolContext, args: ExplainArgs) -> ToolResult:
    ctx, aid = tctx.service, tctx.athlete_id
    units = athlete_units(tctx)  # the engine's loads and distances, said in the athlete's
    if args.about == "readiness":
        data, text = readiness_metric(tctx, tctx.today())
        return ToolResult("explain_decision", ok=True, data=jsonable(data), summary=text)
    if args.about == "burnout_risk":
        return _burnout(tctx)
    if args.about == "today":
        day_view = plans.today(ctx, aid, tctx.today())
        reasons = reason_texts(day_view.reasons, units)
        items: list[str] = []
        if day_view.session is not None:
            for item in day_view.session.items:
                items += [
                    f"{exercise_name(item.exercise)}: {t}"
                    for t in reason_texts(item.reasons, units)
                ]
        data = {"status": day_view.status, "reasons": reasons, "item_reasons": items}
        text = f"Today ({day_view.status}): {' '.join(reasons) or 'as planned.'}"
        if items:
            text += " " + " ".join(items[:6])
        return ToolResult("explain_decision", ok=True, data=jsonable(data), summary=text)
    if args.about == "last_change":
        versions = [v for v in plans.versions(ctx, aid) if v.operations]
        if not versions:
            return ToolResult(
                "explain_decision",
                ok=True,
                data={},
                summary="Your plan has not been changed since it was made.",
            )
        v = versions[0]
        changes = [quantities_in_text(c, units) for c in change_lines(tctx, v)]
        reasons = reason_texts(v.reasons, units)
        data = {
            "version": v.version,
            "status": v.status,
            "proposed_by": v.proposed_by,
            "changes": changes,
            "reasons": reasons,
        }
        text = (
            f"Plan version {v.version} ({v.status}, proposed by {v.proposed_by}): "
            f"{'; '.join(changes) or 'no changes'}. Why: {' '.join(reasons) or 'no reason recorded.'}"
        )
        return ToolResult("explain_decision", ok=True, data=jsonable(data), summary=text)
    view = plans.current(ctx, aid)
    plan: Plan | None = view.plan
    assert plan is not None
    if args.about == "plan":
        reasons = reason_texts(plan.reasons, units)
        data = {"version": view.version, "reasons": reasons}
        return ToolResult(
            "explain_decision",
            ok=True,
            data=jsonable(data),
            summary=f"Plan version {view.version}: {' '.join(reasons)}",
        )
    assert args.exercise is not None
    own = own_exercise(tctx, args.exercise)
    why_not = own_not_planned(tctx, own) if own is not None else None
    if own is not None and why_not is not None:
        data = {"exercise": own["slug"], "own": True, "planned": False}
        return ToolResult(
            "explain_decision",
            ok=True,
            data=data,
            summary=f"No session prescribes {own['name']}: {why_not}.",
        )
    library = own_exercises.plan_records(ctx, aid)
    record = resolve_record(library, own["slug"] if own is not None else args.exercise)
    # The upcoming sessions as they are served for the athlete's profile now: an exercise a
    # later injury ruled out is not explained as if it were still to do.
    for p in plans.next_sessions(ctx, aid, tctx.today(), plan=plan):
        session = p.session
        if session is None:
            continue
        for item in session.items:
            if item.exercise == record.slug:
                reasons = reason_texts(item.reasons, units, own_exercises.exercise_names(ctx, aid))
                line = quantities_in_text(
                    item_text(item).replace(item.exercise, record.name, 1), units
                )
                data = {
                    "exercise": record.slug,
                    "session": session.key,
                    "on": p.on,
                    "prescription": line,
                    "reasons": reasons,
                }
                load = ""
                if isinstance(item, StrengthItem) and item.load.kind == "kg":
                    load = f" ({load_words(item.load.value, units, item.exercise)})"
                return ToolResult(
                    "explain_decision",
                    ok=True,
                    data=jsonable(data),
                    summary=f"{line} in {session.name} on {day_words(p.on, tctx.today()) if p.on else 'a later day'}{load}. Why: {' '.join(reasons) or 'planned by your profile.'}",
                )
    raise InvalidInput(
        f"{record.name} is not in your upcoming sessions; ask about today or the plan instead"
    )


NO_RISK_LEVEL = (
    "fitcoach gives no injury or burnout risk level: on real athletes the load figures it "
    "could use ranked injuries no better than chance."
)


def _burnout(tctx: ToolContext) -> ToolResult:
    """Today's training load in words, as the service shows it: the validated model's chance
    and SHAP reasons where the real-data gate lets it be shown; otherwise the load's facts and
    that no risk level is given (the experimental model's figures are never quoted)."""
    from fitcoach.services import burnout

    load = burnout.load_report(tctx.service, tctx.athlete_id, tctx.today())
    data = load.model_dump(mode="json")
    if load.shown == "model":
        pct = round((load.model.probability or 0.0) * 100)
        text = (
            f"Your injury and overload risk is {load.model.level}: about {pct} % over the next "
            f"{load.model.horizon_days} days."
        )
        if load.reasons:
            text += " What raises it most: " + " ".join(r.text for r in load.reasons)
        else:
            text += " Nothing in your recent records stands out as raising it."
    else:
        text = NO_RISK_LEVEL + " Your load as it is: " + load.summary
        spike = next((f for f in load.facts if f.code in ("acwr", "spike") and f.value), None)
        if spike is not None:
            text += f" ({spike.evidence})"
        text += " How you feel is the better guide: do today's check-in."
    text += f" ({load.disclaimer})"
    return ToolResult("explain_decision", ok=True, data=data, summary=text)
