"""Two exercises ruled out in one clause beside the pain ("wrist hurts, no push-ups or bench for
now", plans23): one proposal holds one change, so both go only when the injury's own proposal
(the region spared) has already taken one of them out; the other is then removed on top, and
the validator, which knows the injury, spares the region in that proposal as it did in the
first. With both still planned, the options are offered as before (nothing half done); with
neither planned, the reply says so, and one the injury's proposal put in is taken out on top
(plans57k)."""

from __future__ import annotations

import re

from fitcoach.assistant import templates as t
from fitcoach.assistant.nlu import ExerciseMatcher, understand
from fitcoach.assistant.offline.actions import planned_among, settled_removal
from fitcoach.assistant.offline.draft import ReplyDraft, tool_answer
from fitcoach.coach.wording import exercise_name

# "push-ups or bench", "box jumps and lunges", "squats nor lunges": two names, one joint.
_TWO = re.compile(r"^(?P<a>[a-z][a-z' -]*?)\s+(?:or|and|nor|&)\s+(?:no\s+|the\s+)?(?P<b>[a-z][a-z' -]*?)$")  # fmt: skip


def two_named(named: str, matcher: ExerciseMatcher) -> list[str]:
    """The two exercises of a clause's object ("push-ups or bench"), or none: one name with
    "and" in it ("clean and jerk") is one exercise."""
    m = _TWO.match(named.strip())
    if m is None or matcher.match(named.strip()) is not None:
        return []
    return [m.group("a"), m.group("b")]


def _held(turn: ReplyDraft, version: int) -> set[str]:
    """The exercises of a proposed version's upcoming sessions."""
    from fitcoach.coach.today import upcoming
    from fitcoach.services import plans

    plan = plans.get_version(turn.tctx.service, turn.tctx.athlete_id, version).plan
    if plan is None:
        return set()
    return {
        str(getattr(i, "exercise", ""))
        for p in upcoming(plan, turn.tctx.today())
        for i in plan.session(p.key).items
    }


def remove_both(turn: ReplyDraft, named: str, matcher: ExerciseMatcher) -> str | None:
    """The proposal without both exercises of ``named`` ("push-ups or bench"), or None when
    one proposal cannot do it (not two names, a name not read, neither planned, or both still
    held by the proposal made for the injury)."""
    names = two_named(named, matcher)
    if not names:
        return None
    slugs = []
    for name in names:
        asked = understand(f"remove the {name}", today=turn.tctx.today(), exercises=matcher)
        u = settled_removal(turn, asked)
        if u.intent != "remove_exercise" or not u.slots.get("exercise"):
            return None
        slugs.append(str(u.slots["exercise"]))
    planned = planned_among(turn, slugs)
    # (plans57k) What the injury's proposal holds, a substitute it put in included ("no push
    # ups or planks" where it swapped the mountain climbers for planks): that is taken out.
    held = _held(turn, turn.proposed) if turn.proposed else set(planned)
    still = [s for s in dict.fromkeys(slugs) if s in held]
    if not planned and not still:
        # neither is planned: said so, the injury kept all the same
        if len(set(slugs)) < 2:
            return None
        return t.INJURY_NEITHER_PLANNED.format(a=exercise_name(slugs[0]), b=exercise_name(slugs[1]))
    if len(still) != 1:
        return None
    operation = {"op": "remove_exercise", "exercise": still[0]}
    return tool_answer(turn.call("propose_plan_edit", {"operation": operation}))
