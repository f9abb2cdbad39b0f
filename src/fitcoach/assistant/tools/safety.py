"""``record_injury`` and ``report_symptoms``: what the athlete says about injuries and symptoms,
kept where the planner, the safety validator and the health flags see it.
"""

from __future__ import annotations

from typing import Literal

import structlog
from pydantic import Field

from fitcoach.assistant.guardrails import Screen
from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import RegionName, ToolArgs, day_words
from fitcoach.core.errors import InvalidInput
from fitcoach.services import athletes, health, plans

log = structlog.get_logger(__name__)


class RecordInjuryArgs(ToolArgs):
    """An injury or pain the athlete reports, kept in their profile so plans spare the region."""

    region: RegionName = Field(description="The body region that is hurt.")
    kind: Literal["injury", "pain"] = "injury"


def record_injury(tctx: ToolContext, args: RecordInjuryArgs) -> ToolResult:
    """Add the region to the profile's injuries (once; since today). The safety validator and the
    planner read them: new plans and plan changes avoid exercises that load the region, the
    sessions served from now on (today, the guided workout, the next sessions) swap what the
    region rules out, and when the plan in force holds such exercises a revised version is
    proposed for the athlete to approve."""
    ctx, aid = tctx.service, tctx.athlete_id
    athlete = athletes.get_athlete(ctx, aid)
    if athlete.profile is None:
        raise InvalidInput("there is no profile to note the injury in; fill in your profile first")
    injuries = [dict(i) for i in athlete.profile.injuries]
    region = args.region.replace("_", " ")
    already = any(i.get("region") == args.region for i in injuries)
    proposal = None
    if not already:
        injuries.append(
            {
                "region": args.region,
                "severity": "moderate",
                "note": f"reported in chat ({args.kind})",
                "since": tctx.today().isoformat(),
            }
        )
        athletes.update_profile(ctx, aid, {"injuries": injuries})
        proposal = plans.propose_for_profile(ctx, aid, ["injuries"], proposed_by="assistant")
    article = "an" if region[:1] in "aeiou" else "a"  # "an ankle injury"
    text = (
        f"Your {region} injury is already noted in your profile."
        if already
        else f"I noted {article} {region} injury in your profile (since {day_words(tctx.today())}): your sessions "
        f"from today, new plans and plan changes avoid exercises that load your {region} until "
        f"you remove it from your profile."
    )
    if proposal is not None:
        text += (
            f" Your plan had some of them: plan version {proposal.version} swaps them "
            f"({len(proposal.diff)} change(s))."
        )
    return ToolResult(
        "record_injury",
        ok=True,
        data={
            "region": args.region,
            "already_noted": already,
            "proposed_version": proposal.version if proposal is not None else None,
        },
        summary=text,
        proposed_version=proposal.version if proposal is not None else None,
    )


class ReportSymptomsArgs(ToolArgs):
    text: str = Field(
        min_length=1,
        max_length=2000,
        description="What the athlete said about how they feel, in their own words.",
    )


def report_red_flags(tctx: ToolContext, check: Screen) -> list[int]:
    """Open a health flag for each red flag ``check`` found that is not open yet (the same
    service call a check-in or the API makes); the new flags' ids. The caller's unit of work
    commits them with the conversation."""
    if not check.red_flags:
        return []
    opened = health.raise_reported(
        tctx.service, tctx.athlete_id, check.red_flags, value=check.spo2, note="reported in chat"
    )
    if opened:
        log.info("red_flag_opened", athlete_id=tctx.athlete_id, flags=len(opened))
    return opened


def crisis_line(tctx: ToolContext) -> str:
    """The crisis line for the athlete (``coach/rules/crisis_lines.yaml``): their profile's
    country's, else their time zone's, else the international directory of lines."""
    from fitcoach.coach.rules.crisis_lines import crisis_line_text

    athlete = athletes.get_athlete(tctx.service, tctx.athlete_id)
    country = athlete.profile.country if athlete.profile is not None else None
    return crisis_line_text(country, athlete.timezone)


def crisis_help(tctx: ToolContext, check: Screen) -> str:
    """What the reply to ``check``'s red flags adds for a crisis: the crisis line after the
    self-harm message, or for another red flag the student reads as possibly self-harm
    (``Screen.crisis_offered``) the offer of crisis help with the line; else nothing."""
    if "self_harm" in check.red_flags:
        return f"\n{crisis_line(tctx)}"
    if check.crisis_offered:
        from fitcoach.coach.rules.safety import safety_limits

        return f"\n{safety_limits().escalation.crisis_offer} {crisis_line(tctx)}"
    return ""


def report_symptoms(tctx: ToolContext, args: ReportSymptomsArgs) -> ToolResult:
    """Screen the athlete's words with the guardrails; each red flag found opens a health flag
    (once per kind while open), and the answer is the escalation to pass on."""
    from fitcoach.assistant import student_runtime
    from fitcoach.assistant.guardrails import escalation_message, screen
    from fitcoach.assistant.student import second_net

    # The chat's triage: the rules ∪ the fine-tuned student where the settings run it.
    check = second_net(screen(args.text), args.text, student_runtime.current())
    opened = report_red_flags(tctx, check)
    paused = health.escalation_for(tctx.service, tctx.athlete_id)
    data = {"red_flags": list(check.red_flags), "opened": len(opened), "escalation": paused}
    if check.red_flags:
        summary = f"{escalation_message(check)}{crisis_help(tctx, check)}"
        return ToolResult("report_symptoms", ok=True, data=data, summary=summary)
    text = "No red flag in that. For pain or symptoms that worry you, see a doctor."
    if paused is not None:
        text += f" Training stays paused: {paused}"
    return ToolResult("report_symptoms", ok=True, data=data, summary=text)
