"""Moving a planned session to another day: the one move the plan page's calendar and the
chat both make, and the words both say of it.

A move moves that session. Anything else it forces (the safety validator's repairs, another
session's day) is named in words and waits for the athlete's approval; it is never applied
silently (``editing.propose_edit`` stores such a move ``proposed``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from fitcoach.coach import wording
from fitcoach.coach.edits import MoveSession, apply_edit, diff_plans
from fitcoach.coach.plan import Plan
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import library_records
from fitcoach.services.plans.editing import _timed, request_edit
from fitcoach.services.plans.store import get_version
from fitcoach.services.plans.views import EditResult, PlanView, Proposer
from fitcoach.services.training_log import athlete_zone

SHOWN = 3  # other changes named in the sentence; the proposal lists every one
# What a page and the chat say of a move (``MoveWords.said``): one sentence whoever shows it.
MOVED = "{name} moves from {source} to {target}"
MOVED_ALONE = "{moved}; nothing else in your plan changes."
WAITS = "It is waiting for your approval."
MOVE_FORCES = (
    "Not moved yet: moving {name} from {source} to {target} also changes {what}: {changes}. "
    "It is waiting for your approval: approve it to move the session with these changes, or "
    "reject it to keep your plan as it is."
)


@dataclass(frozen=True)
class MoveWords:
    """A stored move in words: the session, its day before and after (the athlete's local
    days), what else the version changes (other sessions' days, the validator's repairs) as
    sentences, and whether it waits for approval."""

    name: str
    source: date
    target: date
    others: tuple[str, ...]
    waiting: bool
    today: date

    @property
    def moved(self) -> str:
        """ "Lower moves from Mon 23 Nov to Sat 28 Nov"."""
        return MOVED.format(
            name=self.name,
            source=wording.day_text(self.source, self.today),
            target=wording.day_text(self.target, self.today),
        )

    @property
    def said(self) -> str:
        """What the plan page and the chat both show of the move."""
        if not self.others:
            alone = MOVED_ALONE.format(moved=self.moved)
            return f"{alone} {WAITS}" if self.waiting else alone
        count = len(self.others)
        changes = "; ".join(s.rstrip(".") for s in self.others[:SHOWN])
        if count > SHOWN:
            changes += f"; and {count - SHOWN} more (the proposal lists them all)"
        return MOVE_FORCES.format(
            name=self.name,
            source=wording.day_text(self.source, self.today),
            target=wording.day_text(self.target, self.today),
            what="one other thing" if count == 1 else f"{count} other things",
            changes=changes,
        )


@dataclass(frozen=True)
class MoveDone:
    """A move as stored (``result``) and its words (None when the safety validator refused
    it: the version is stored rejected and nothing moved)."""

    result: EditResult
    words: MoveWords | None


def move_session(
    ctx: ServiceContext,
    athlete_id: int,
    session: str,
    to_day: date,
    *,
    proposed_by: Proposer | None = None,
) -> MoveDone:
    """Move ``session`` to ``to_day`` (the athlete's local day) through ``request_edit``: the
    athlete's own move applies at once when it changes nothing else; one that forces other
    changes, or comes from anyone else (a coach, the assistant), waits for the athlete's
    approval. ``InvalidInput`` when the session is already on that day."""
    operation = {"op": "move_session", "session": session, "on": to_day.isoformat()}
    result = request_edit(ctx, athlete_id, operation, proposed_by=proposed_by)
    return MoveDone(result, move_words(ctx, athlete_id, result) if result.accepted else None)


def move_words(ctx: ServiceContext, athlete_id: int, view: PlanView) -> MoveWords | None:
    """A stored move version in words, as on the day (the athlete's) it was made; None for a
    version that is not one move, or whose parent is gone."""
    found = _move_and_alone(ctx, athlete_id, view)
    if found is None:
        return None
    edit, parent, alone, made = found
    assert view.plan is not None
    before = wording.session_days(parent, made)
    after = wording.session_days(alone, made)
    key = edit.session
    if key not in before or key not in after:
        return None
    shifted = [
        f"{alone.session(k).name} {wording.day_text(day, made)} → "
        f"{wording.day_text(after[k], made)}"
        for k, day in before.items()
        if k != key and k in after and after[k] != day and alone.session(k).status == "planned"
    ]
    forced = _forced_sentences(view, alone, made)
    return MoveWords(
        name=alone.session(key).name,
        source=before[key],
        target=after[key],
        others=(*shifted, *forced),
        waiting=view.status == "proposed",
        today=made,
    )


def forced_by_move(ctx: ServiceContext, athlete_id: int, view: PlanView) -> list[str]:
    """What a stored move version changes beyond the move itself, as sentences: the plan the
    move alone makes from the version's parent, against the version as stored (the safety
    validator's repairs). Empty for any other version, or a move that changes nothing else."""
    found = _move_and_alone(ctx, athlete_id, view)
    if found is None:
        return []
    _, _, alone, made = found
    return _forced_sentences(view, alone, made)


def _move_and_alone(
    ctx: ServiceContext, athlete_id: int, view: PlanView
) -> tuple[MoveSession, Plan, Plan, date] | None:
    """A move version's edit, its parent plan, the plan the move alone makes from it, and the
    athlete's day the version was made; None for any other version."""
    ctx.scope(athlete_id)  # another athlete's plan is not this subject's to read
    [edit] = view.operations if len(view.operations) == 1 else [None]
    if not isinstance(edit, MoveSession) or view.parent_version is None or view.plan is None:
        return None
    try:
        parent = get_version(ctx, athlete_id, view.parent_version).plan
    except NotFound:
        return None
    if parent is None:
        return None
    zone = athlete_zone(ctx, athlete_id)
    made = (view.created_at or ctx.clock.now()).astimezone(zone).date()
    if edit.on is not None and edit.as_of is None:
        edit = edit.model_copy(update={"as_of": made})
    try:
        alone, _ = apply_edit(parent, edit, library_records(), by=view.proposed_by or "athlete")
    except InvalidInput:
        return None
    return edit, parent, _timed(parent, alone, edit), made


def _forced_sentences(view: PlanView, alone: Plan, made: date) -> list[str]:
    assert view.plan is not None
    forced = diff_plans(alone, view.plan)
    lines = wording.change_lines(forced, alone, view.plan, made, reasons=view.reasons, today=made)
    return [line.sentence for line in lines]
