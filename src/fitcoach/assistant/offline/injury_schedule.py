"""A change of schedule asked for beside a pain (plans20): fewer days a week, sessions set
shorter than the plan's, a session moved or skipped ("sprained my ankle, can we go down to 2
days a week", "hip's niggling, make sessions 40 min", "knee's sore, move thursday's session to
saturday"). Each is less training, or the same training later, so it is proposed as if said
alone, after the injury is noted so that the validator checks it against it (and answers with
its reason when it refuses). More days or longer sessions beside the pain are not made here."""

from __future__ import annotations

import re

from fitcoach.assistant.nlu import ExerciseMatcher, Understanding, normalise, understand
from fitcoach.assistant.offline.actions import days_per_week, session_minutes
from fitcoach.assistant.offline.draft import ReplyDraft, jsonable_args, tool_answer

_SCHEDULE = ("generate_plan", "set_session_minutes", "move_session", "skip_session")
# Where a request may start after the story: a sentence, a comma, a dash, "but" or "so"
# ("sprained it last week. can we go down to 2 days", "ankle's sore, move thursday's session").
_PIECES = r"[.;!?\n]+|\s*(?:,|\s[-–—]\s|\bbut\b|\bso\b)\s*"


def _schedule_asked(text: str, turn: ReplyDraft, matcher: ExerciseMatcher) -> Understanding | None:
    """The schedule change in the whole message, else in the first piece after the story that
    reads as one (the story's own "last week" is no report of training then)."""
    today = turn.tctx.today()
    pieces = [text, *(p for p in re.split(_PIECES, normalise(text)) if p and p.strip())]
    for piece in pieces:
        u = understand(piece, today=today, exercises=matcher)
        if u.intent not in _SCHEDULE or u.problems:
            continue
        if u.intent == "generate_plan" and set(u.slots) != {"days_per_week"}:
            continue  # a new plan beside the pain is the plan's own business, not a change
        if u.intent == "move_session" and "from_date" not in u.slots:
            continue  # several sessions onto one day: not made beside the pain
        return u
    return None


def schedule_beside_pain(turn: ReplyDraft, text: str, matcher: ExerciseMatcher) -> str | None:
    """The tool's answer to the schedule change asked for beside the pain, or None when none
    is asked or it would mean more training (more days, longer sessions)."""
    asked = _schedule_asked(text, turn, matcher)
    if asked is None:
        return None
    slots = asked.slots
    if asked.intent in ("generate_plan", "set_session_minutes") and not slots.get("shorter_by"):
        plan = turn.call("get_plan", {})
        if not plan.ok:
            return None
        if asked.intent == "generate_plan":
            now = plan.data.get("days_per_week")
            if now is None or slots["days_per_week"] >= now:
                return None
            return days_per_week(turn, slots["days_per_week"])
        now = plan.data.get("session_minutes")
        if now is None or slots["minutes"] >= now:
            return None
    if asked.intent == "set_session_minutes":
        return session_minutes(turn, slots)
    if asked.intent == "move_session":
        operation = {"op": "move_session", "from_date": slots["from_date"], "to_date": slots["to_date"]}  # fmt: skip
    else:
        operation = {"op": "skip_session", "on_date": slots["date"], **({"cardio": True} if slots.get("cardio") else {})}  # fmt: skip
    return tool_answer(turn.call("propose_plan_edit", jsonable_args({"operation": operation})))
