"""What the plan services return: stored versions, edit results and previews, a day's session
and the weekly review, as frozen pydantic models; and who may propose a change.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.coach.edits import Change, EditOp
from fitcoach.coach.edits.types import OmitNone
from fitcoach.coach.explanations import Reason
from fitcoach.coach.plan import Plan, PlannedSession
from fitcoach.coach.safety import Verdict
from fitcoach.core.domain import ReadinessColour as Colour
from fitcoach.core.domain import ReadinessStatus

Proposer = Literal["athlete", "coach", "assistant", "rl", "review"]
PROPOSERS: tuple[str, ...] = ("athlete", "coach", "assistant", "rl", "review")


# The views' validators and serializers are built on first use, not at import: a command
# returns one or two of these 19 models (`fitcoach plan today`: the day's; built on use for the CLI's start-up).
class _View(BaseModel):
    model_config = ConfigDict(frozen=True, defer_build=True)


# --- what made a version: the operations stored with it -------------------------------------


class _Made(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)


class GeneratedOp(_Made):
    """A plan generated from the profile (``plans.generate``)."""

    op: Literal["generate"] = "generate"
    seed: int
    weeks: int
    start: date
    # A fresh block's constraints in place of the profile's (``generate``'s ``constraints``).
    goal: OmitNone[str] = None
    days: OmitNone[int] = None
    minutes: OmitNone[int] = None
    equipment: OmitNone[list[str]] = None


class ReviewedOp(_Made):
    """Next week adapted by the weekly review (``plans.review_week``)."""

    op: Literal["review"] = "review"
    week_start: date
    week_end: date


class DosedOp(_Made):
    """The dosing agent's change after a review, for an athlete who opted in
    (``services.plans.dosing``): the action and the model that chose it."""

    op: Literal["dosing_agent"] = "dosing_agent"
    week_end: date
    intensity_delta: float
    duration_delta: float
    model_version: str | None = None


# An operation as a plan version stores it: an edit (``coach.edits``), a generation, a review
# or the dosing agent's change, told apart by ``op``.
PlanOperation = Annotated[EditOp | GeneratedOp | ReviewedOp | DosedOp, Field(discriminator="op")]


class ViolationView(_View):
    """One thing the safety validator changed or refused."""

    rule: str
    action: str
    session_key: str | None
    item_index: int | None
    reason: Reason
    text: str


class VerdictView(_View):
    """The safety validator's verdict as stored with a version."""

    status: str
    violations: list[ViolationView] = Field(default_factory=list)
    escalation: str | None = None

    @classmethod
    def of(cls, verdict: Verdict) -> VerdictView:
        return cls(
            status=verdict.status,
            violations=[
                ViolationView(
                    rule=v.rule,
                    action=v.action,
                    session_key=v.session_key,
                    item_index=v.item_index,
                    reason=v.reason,
                    text=v.reason.text,
                )
                for v in verdict.violations
            ],
            escalation=verdict.escalation,
        )


class PlanView(_View):
    """A stored plan version (or, when generation was blocked, why there is none)."""

    athlete_id: int
    version: int | None
    parent_version: int | None = None
    status: str
    proposed_by: str | None = None
    created_at: datetime | None = None
    decided_at: datetime | None = None
    plan: Plan | None = None
    verdict: VerdictView
    reasons: list[Reason] = Field(default_factory=list)
    diff: list[Change] = Field(default_factory=list)
    operations: list[PlanOperation] = Field(default_factory=list)
    escalation: str | None = None

    @property
    def reasons_text(self) -> list[str]:
        return [r.text for r in self.reasons]


V = TypeVar("V", bound=PlanView)


class EditResult(PlanView):
    """A proposed edit: ``accepted`` when the validator let it through (ok or repaired),
    ``applied`` when it is now the active plan."""

    accepted: bool = False
    applied: bool = False


class EditPreview(_View):
    """What an edit would do, computed and validated but not stored.

    ``accepted``: the validator lets it through (ok or repaired; ``plan`` is the plan as it
    would be stored); ``diff`` is against the plan in force (empty when it changes nothing).
    """

    athlete_id: int
    base_version: int
    proposed_by: str
    operation: EditOp
    accepted: bool
    changes_anything: bool
    verdict: VerdictView
    reasons: list[Reason] = Field(default_factory=list)
    diff: list[Change] = Field(default_factory=list)
    plan: Plan | None = None
    escalation: str | None = None


class TodayReadiness(_View):
    """The day's readiness as today's session reads it (``monitoring.readiness``)."""

    status: ReadinessStatus
    score: int | None
    colour: Colour | None
    summary: str


class TodayView(_View):
    """What to do on a day.

    ``status``: ``train`` (as planned), ``lighter`` (yellow readiness), ``recovery`` (red
    readiness: easy aerobic work instead, the planned session stays next), ``rest`` (no session
    falls on this day, or nothing of the session is safe for the profile now), ``blocked`` (an
    open red flag: no training, see ``escalation``), ``finished`` (nothing left in the plan).
    ``done``: the day's session is already logged done on that day (a finished guided workout
    or a log); it stays the day's session (the guided workout shows it finished), but nothing
    offers to start it again.
    ``session`` and ``planned`` (the next planned session) are served for the athlete's profile
    as it is now: what it rules out since the plan was approved is swapped or left out, and the
    reasons say so (``planned`` is None when nothing of it is safe).
    """

    athlete_id: int
    day: date
    status: Literal["train", "lighter", "recovery", "rest", "blocked", "finished"]
    version: int | None = None
    session: PlannedSession | None = None
    planned: PlannedSession | None = None
    scheduled_for: date | None = None
    moved_from: date | None = None
    readiness: TodayReadiness | None = None
    reasons: list[Reason] = Field(default_factory=list)
    escalation: str | None = None
    done: bool = False

    @property
    def reasons_text(self) -> list[str]:
        return [r.text for r in self.reasons]


class ServedSession(_View):
    """A planned session as it may be done on its projected day.

    ``session`` is what to do: the stored session, or (``changed``) the one the safety check
    made of it for the athlete's current profile, with ``reasons`` saying what changed and why;
    None when nothing in it may be done now (the day is a rest day then).
    """

    key: str
    name: str
    on: date
    moved_from: date | None = None
    session: PlannedSession | None
    changed: bool = False
    reasons: list[Reason] = Field(default_factory=list)


class DatedSession(_View):
    """A session of the week ahead on the day it now falls on (``moved_from``: its planned
    day, when a missed session moved it); ``session`` as served, its reasons after the stored
    session's own."""

    on: date
    moved_from: date | None = None
    session: PlannedSession


class WeekView(_View):
    """The sessions of the days ``start``-``end`` of the plan in force (``plans.week_ahead``);
    ``status`` is ``blocked`` with the ``escalation`` while a health flag is open."""

    athlete_id: int
    start: date
    end: date
    plan_version: int | None
    status: str
    escalation: str | None = None
    sessions: list[DatedSession] = Field(default_factory=list)


class SessionMatch(_View):
    """A logged day matched to a planned session, and by which rule."""

    day: date
    session: str
    rule: Literal["same day", "next in sequence"]
    overlap: float
    exercises: list[str]


class ItemDecision(_View):
    """What the review decided for one item of next week."""

    session: str
    exercise: str
    action: str
    before: str
    after: str
    reasons: list[Reason]


class AgentSuggestion(_View):
    """What the dosing agent suggests for next week, and what became of it: ``suggested``
    (shown beside the rules' decision), ``applied`` (opted in, the validator agreed),
    ``refused`` (opted in, the validator did not accept it as it was), ``unchanged``,
    ``blocked`` (an open health flag) or ``unavailable`` (no usable model). ``may_drive``:
    whether the evaluation stored with the agent lets an opt-in take effect; ``evidence``: that
    measured comparison with the rules, in words."""

    status: Literal["unavailable", "blocked", "suggested", "applied", "refused", "unchanged"]
    message: str
    opted_in: bool = False
    model_version: str | None = None
    intensity_delta: float | None = None
    duration_delta: float | None = None
    rpe_points: float | None = None
    minutes_pct: float | None = None
    change: str | None = None
    why: str | None = None
    plan_version: int | None = None
    refusal: list[Reason] = Field(default_factory=list)
    may_drive: bool = False
    evidence: str | None = None


class ReviewResult(_View):
    """The weekly review: matched sessions, next week's decisions, the new version."""

    athlete_id: int
    week_start: date
    week_end: date
    status: str
    version: int | None
    matches: list[SessionMatch]
    decisions: list[ItemDecision]
    unmatched: list[date] = Field(default_factory=list)
    deload: bool
    deload_trigger: str | None
    deload_reasons: list[Reason]
    verdict: VerdictView | None = None
    diff: list[Change] = Field(default_factory=list)
    escalation: str | None = None
    # The dosing agent's suggestion beside the rules' decision (services.plans.dosing).
    agent: AgentSuggestion | None = None
