"""Training plans: generate, show, edit (propose, approve, reject), today's session, and the
weekly review that adapts next week to what was logged.

Every version of an athlete's plan is a ``PlanVersion`` row with its document, the operations
that made it, the diff from its parent, the reasons and the safety validator's verdict. At most
one version is ``active``; an edit waiting for approval is ``proposed``; the validator's refusals
are stored ``rejected`` and never become active. Services only flush; the boundary commits.

Whoever proposes a change (the athlete, a coach, the assistant, a learned policy, the weekly
review), it passes ``safety.validate_plan`` against the athlete's ``SafetyProfile`` with the
version in force as ``previous``; a repaired plan is stored repaired, with the validator's
reasons beside the change's own. What is served as something to do (today, the guided
workout, the next sessions) passes the validator again against the profile as it is *now*, so
an injury recorded after approval takes effect at once; a proposal brings the stored plan up
to date.

One module a use case: ``generation`` (generate), ``store`` (storing and reading versions:
current, get_version, versions), ``editing`` (request_edit, propose_edit, preview_edit,
propose_for_profile), ``moving`` (move_session, and the words a page and the chat both say of
a move), ``approval`` (approve, reject, who may approve), ``serving`` (serve,
next_sessions), ``daily`` (today, pain_advice), ``projection`` (planned_loads), ``matching``
(logged days to planned sessions), ``adjustments`` and ``review`` (review_week), ``dosing``
(the dosing agent's suggestion beside the review, the athlete's opt-in), ``week`` (week_ahead:
the week as served, the facade's ``/workout``); ``views``
holds the models they return.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fitcoach.services.plans.adjustments import REVIEW_CODES
    from fitcoach.services.plans.approval import approvable, approve, check_approver, reject
    from fitcoach.services.plans.daily import pain_advice, today, today_json
    from fitcoach.services.plans.dosing import agent_suggestion
    from fitcoach.services.plans.dosing import opted_in as agent_opted_in
    from fitcoach.services.plans.dosing import set_opt_in as set_agent_opt_in
    from fitcoach.services.plans.editing import (
        preview_edit,
        propose_edit,
        propose_for_profile,
        proposer_for,
        request_edit,
    )
    from fitcoach.services.plans.generation import (
        Generated,
        generate,
        generate_answer,
        planner_inputs,
    )
    from fitcoach.services.plans.matching import MATCH_OVERLAP, Logs, match_sessions, overlap
    from fitcoach.services.plans.moving import (
        MOVE_FORCES,
        MoveDone,
        MoveWords,
        forced_by_move,
        move_session,
        move_words,
    )
    from fitcoach.services.plans.projection import (
        PACE_RPE,
        PROJECTION_DAYS,
        ZONE_RPE,
        planned_loads,
        planned_rpe,
    )
    from fitcoach.services.plans.review import review_week
    from fitcoach.services.plans.serving import next_sessions, serve
    from fitcoach.services.plans.store import (
        change_sentences,
        current,
        get_version,
        plan_in_force,
        versions,
    )
    from fitcoach.services.plans.views import (
        PROPOSERS,
        AgentSuggestion,
        DatedSession,
        EditPreview,
        EditResult,
        GeneratedOp,
        ItemDecision,
        PlanOperation,
        PlanView,
        Proposer,
        ReviewedOp,
        ReviewResult,
        ServedSession,
        SessionMatch,
        TodayReadiness,
        TodayView,
        VerdictView,
        ViolationView,
        WeekView,
    )
    from fitcoach.services.plans.week import WEEK_DAYS, week_ahead

# Each name from the module that defines it, imported on first use (PEP 562): a command or a
# page that reads the plan in force should not import the planner, the editor, the weekly
# review and the dosing agent (and numpy, pandas and the rules behind them) before it can
# answer. ``tests/cli/test_startup.py`` checks what ``plan today`` and ``plan show`` import.
_WHERE: dict[str, tuple[str, str]] = {
    "REVIEW_CODES": ("adjustments", "REVIEW_CODES"),
    "approvable": ("approval", "approvable"),
    "approve": ("approval", "approve"),
    "check_approver": ("approval", "check_approver"),
    "reject": ("approval", "reject"),
    "pain_advice": ("daily", "pain_advice"),
    "today": ("daily", "today"),
    "today_json": ("daily", "today_json"),
    "agent_suggestion": ("dosing", "agent_suggestion"),
    "agent_opted_in": ("dosing", "opted_in"),
    "set_agent_opt_in": ("dosing", "set_opt_in"),
    "preview_edit": ("editing", "preview_edit"),
    "propose_edit": ("editing", "propose_edit"),
    "propose_for_profile": ("editing", "propose_for_profile"),
    "proposer_for": ("editing", "proposer_for"),
    "request_edit": ("editing", "request_edit"),
    "Generated": ("generation", "Generated"),
    "generate": ("generation", "generate"),
    "generate_answer": ("generation", "generate_answer"),
    "planner_inputs": ("generation", "planner_inputs"),
    "MATCH_OVERLAP": ("matching", "MATCH_OVERLAP"),
    "Logs": ("matching", "Logs"),
    "match_sessions": ("matching", "match_sessions"),
    "overlap": ("matching", "overlap"),
    "MOVE_FORCES": ("moving", "MOVE_FORCES"),
    "MoveDone": ("moving", "MoveDone"),
    "MoveWords": ("moving", "MoveWords"),
    "forced_by_move": ("moving", "forced_by_move"),
    "move_session": ("moving", "move_session"),
    "move_words": ("moving", "move_words"),
    "PACE_RPE": ("projection", "PACE_RPE"),
    "PROJECTION_DAYS": ("projection", "PROJECTION_DAYS"),
    "ZONE_RPE": ("projection", "ZONE_RPE"),
    "planned_loads": ("projection", "planned_loads"),
    "planned_rpe": ("projection", "planned_rpe"),
    "review_week": ("review", "review_week"),
    "next_sessions": ("serving", "next_sessions"),
    "serve": ("serving", "serve"),
    "change_sentences": ("store", "change_sentences"),
    "current": ("store", "current"),
    "get_version": ("store", "get_version"),
    "plan_in_force": ("store", "plan_in_force"),
    "versions": ("store", "versions"),
    "PROPOSERS": ("views", "PROPOSERS"),
    "AgentSuggestion": ("views", "AgentSuggestion"),
    "DatedSession": ("views", "DatedSession"),
    "EditPreview": ("views", "EditPreview"),
    "EditResult": ("views", "EditResult"),
    "GeneratedOp": ("views", "GeneratedOp"),
    "ItemDecision": ("views", "ItemDecision"),
    "PlanOperation": ("views", "PlanOperation"),
    "PlanView": ("views", "PlanView"),
    "Proposer": ("views", "Proposer"),
    "ReviewedOp": ("views", "ReviewedOp"),
    "ReviewResult": ("views", "ReviewResult"),
    "ServedSession": ("views", "ServedSession"),
    "SessionMatch": ("views", "SessionMatch"),
    "TodayReadiness": ("views", "TodayReadiness"),
    "TodayView": ("views", "TodayView"),
    "VerdictView": ("views", "VerdictView"),
    "ViolationView": ("views", "ViolationView"),
    "WeekView": ("views", "WeekView"),
    "WEEK_DAYS": ("week", "WEEK_DAYS"),
    "week_ahead": ("week", "week_ahead"),
}


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _WHERE[name]
    except KeyError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    value = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    globals()[name] = value  # once: later reads are plain attribute reads
    return value


__all__ = [
    "MATCH_OVERLAP",
    "MOVE_FORCES",
    "PACE_RPE",
    "PROJECTION_DAYS",
    "PROPOSERS",
    "REVIEW_CODES",
    "WEEK_DAYS",
    "ZONE_RPE",
    "AgentSuggestion",
    "DatedSession",
    "EditPreview",
    "EditResult",
    "Generated",
    "GeneratedOp",
    "ItemDecision",
    "Logs",
    "MoveDone",
    "MoveWords",
    "PlanOperation",
    "PlanView",
    "Proposer",
    "ReviewResult",
    "ReviewedOp",
    "ServedSession",
    "SessionMatch",
    "TodayReadiness",
    "TodayView",
    "VerdictView",
    "ViolationView",
    "WeekView",
    "agent_opted_in",
    "agent_suggestion",
    "approvable",
    "approve",
    "change_sentences",
    "check_approver",
    "current",
    "forced_by_move",
    "generate",
    "generate_answer",
    "get_version",
    "match_sessions",
    "move_session",
    "move_words",
    "next_sessions",
    "overlap",
    "pain_advice",
    "plan_in_force",
    "planned_loads",
    "planned_rpe",
    "planner_inputs",
    "preview_edit",
    "propose_edit",
    "propose_for_profile",
    "proposer_for",
    "reject",
    "request_edit",
    "review_week",
    "serve",
    "set_agent_opt_in",
    "today",
    "today_json",
    "versions",
    "week_ahead",
]
