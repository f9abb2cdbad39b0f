"""How long a session takes: its length from the document (the planner's timing), the minutes
estimated again after an edit, and the plan trimmed to fit a number of minutes
(``set_session_minutes``)."""

from __future__ import annotations

import math

from fitcoach.coach.edits.sessions import add_reason, replace_sessions
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import CardioItem, Item, Plan, PlannedSession, StrengthItem
from fitcoach.coach.rules.planning import planning_rules

# A distance-only cardio item without a pace target is timed at an easy running pace.
EASY_PACE_S_PER_KM = 360.0


def session_seconds(session: PlannedSession) -> float:
    """A session's length in seconds from its document, the planner's way (``planning.yaml``
    timing): the warm-up, each cardio item's duration (a distance at its pace, else at
    ``EASY_PACE_S_PER_KM``) and, per lift, a changeover plus each set's reps at
    ``seconds_per_rep`` and its rest."""
    timing = planning_rules().timing
    seconds = float(session.warmup.duration_s)
    for item in session.items:
        if isinstance(item, StrengthItem):
            per_set = (item.rep_min + item.rep_max) / 2 * timing.seconds_per_rep + item.rest_s
            seconds += timing.changeover_s + item.sets * per_set
        elif item.duration_s is not None:
            seconds += item.duration_s
        elif item.distance_m is not None:
            pace = item.intensity.value if item.intensity.kind == "pace" else EASY_PACE_S_PER_KM
            seconds += item.distance_m / 1000 * pace
    return seconds


def _minutes(seconds: float) -> int:
    return max(5, min(300, math.ceil(seconds / 60 - 1e-6)))


def re_estimated(old: Plan, new: Plan) -> Plan:
    """(Also applied by the plan service after the safety validator's repairs, which may cut
    sets.) ``new`` with the minutes of each session the edit made longer or shorter estimated
    again: the old estimate moved by the time the edit added or took away (a new session is
    estimated from scratch), so a load or RIR change leaves the planner's estimate as it was."""
    before = {s.key: s for s in old.sessions()}
    updated = {}
    for s in new.sessions():
        was = before.get(s.key)
        if was is None:
            minutes = _minutes(session_seconds(s))
        else:
            delta = session_seconds(s) - session_seconds(was)
            if abs(delta) < 1e-6:
                continue
            minutes = _minutes(was.estimated_minutes * 60 + delta)
        if minutes != s.estimated_minutes:
            updated[s.key] = s.model_copy(update={"estimated_minutes": minutes})
    return replace_sessions(new, updated) if updated else new


# The fewest minutes a trimmed cardio item keeps, and the fewest lifts a trim keeps before it
# takes sets away (the planner's own order: slots, then sets, then slots down to one).
MIN_CARDIO_S = 600
KEEP_LIFTS = 2


def fit_minutes(
    plan: Plan, minutes: int, why: Reason, names: dict[str, str], *, only: str | None = None
) -> Plan:
    """The plan in force with every planned session that runs over ``minutes`` trimmed to fit:
    the lowest-priority lifts go first (down to two), then sets (down to one), then lifts down
    to one; cardio is shortened (to at least ``MIN_CARDIO_S``). Everything else stays as the
    athlete has it (their earlier swaps and loads included): a chat request for shorter
    sessions is an edit of this plan, not a new one. Sessions that already fit are untouched
    (a longer limit never adds work); the plan's ``session_minutes`` becomes ``minutes``, unless
    only the session ``only`` is fitted ("I've only got 30 min today")."""
    limit = minutes * 60
    updated: dict[str, PlannedSession] = {}
    for session in plan.sessions():
        if session.status != "planned" or only not in (None, session.key):
            continue
        base = session.estimated_minutes * 60 - session_seconds(session)
        items = list(session.items)
        dropped: list[str] = []
        cut: set[int] = set()

        def over(
            current: list[Item], session: PlannedSession = session, base: float = base
        ) -> float:
            probe = session.model_copy(update={"items": current})
            return base + session_seconds(probe) - limit

        while over(items) > 1e-6:
            lifts = [i for i, item in enumerate(items) if isinstance(item, StrengthItem)]
            cardio = [
                i
                for i, item in enumerate(items)
                if isinstance(item, CardioItem) and (item.duration_s or 0) > MIN_CARDIO_S
            ]
            if len(lifts) > KEEP_LIFTS:
                dropped.append(items.pop(lifts[-1]).exercise)
                continue
            if cardio:
                at = cardio[-1]
                item = items[at]
                assert isinstance(item, CardioItem)
                assert item.duration_s is not None
                short = max(MIN_CARDIO_S, math.floor(item.duration_s - over(items)))
                items[at] = item.model_copy(update={"duration_s": short, "intervals": None})
                cut.add(id(items[at]))
                continue
            heavy = max(
                (i for i in lifts if _sets(items[i]) > 1),
                key=lambda i: _sets(items[i]),
                default=None,
            )
            if heavy is not None:
                item = items[heavy]
                assert isinstance(item, StrengthItem)
                items[heavy] = item.model_copy(update={"sets": item.sets - 1})
                cut.add(id(items[heavy]))
                continue
            if len(items) <= 1:
                break  # one set of one exercise: as short as a session gets
            dropped.append(items.pop().exercise)
        if not dropped and not cut:
            continue
        items = [
            i.model_copy(update={"reasons": add_reason(i.reasons, why)}) if id(i) in cut else i
            for i in items
        ]
        reasons = add_reason(session.reasons, why)
        if dropped:
            what = [names.get(d, d) for d in dropped]
            reasons = add_reason(reasons, reason("time_trimmed", what=what, minutes=minutes))
        updated[session.key] = session.model_copy(update={"items": items, "reasons": reasons})
    fitted = replace_sessions(plan, updated) if updated else plan
    return fitted if only is not None else fitted.model_copy(update={"session_minutes": minutes})


def _sets(item: Item) -> int:
    return item.sets if isinstance(item, StrengthItem) else 0
