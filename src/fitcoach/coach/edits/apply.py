"""Applying an edit: ``apply_edit`` returns a new plan and its diff (item, session and
profile edits; a profile edit regenerates what is not done)."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from pydantic import ValidationError

from fitcoach.coach.edits.diff import Change, diff_plans
from fitcoach.coach.edits.render import (
    edit_reason,
    show,
)
from fitcoach.coach.edits.resolve import is_cardio, resolve_record
from fitcoach.coach.edits.types import (
    PROFILE_OPS,
    AddExercise,
    ChangeLoad,
    ChangeReps,
    ChangeRir,
    ChangeSets,
    EditOp,
    MoveSession,
    Regenerate,
    RemoveExercise,
    ReplaceExercise,
    SetDaysPerWeek,
    SetEquipment,
    SetSessionMinutes,
    SkipSession,
)
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import (
    CardioItem,
    Intensity,
    Item,
    Load,
    Plan,
    PlannedSession,
    StrengthItem,
    Week,
)
from fitcoach.coach.planner import PlannerInputs, generate_plan
from fitcoach.coach.rules.planning import planning_rules
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput, invalid_from

# A distance-only cardio item without a pace target is timed at an easy running pace.
EASY_PACE_S_PER_KM = 360.0


def _add_reason(reasons: Sequence[Reason], new: Reason) -> list[Reason]:
    return [*[r for r in reasons if r != new], new]


def _strength(data: dict[str, Any]) -> StrengthItem:
    """A strength item from data, its validation errors as ``InvalidInput``."""
    try:
        return StrengthItem.model_validate(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix="edit: ") from None


def _planned(plan: Plan, key: str) -> PlannedSession:
    try:
        session = plan.session(key)
    except KeyError:
        keys = ", ".join(s.key for s in plan.sessions() if s.status == "planned")
        raise InvalidInput(
            f"the plan has no session {key!r}; planned sessions: {keys or 'none'}"
        ) from None
    if session.status != "planned":
        raise InvalidInput(f"session {key} is {session.status}; only planned sessions can change")
    return session


def _targets(plan: Plan, key: str | None, slug: str) -> list[str]:
    """Keys of the planned sessions an item edit applies to; each has the exercise."""
    if key is not None:
        session = _planned(plan, key)
        if not any(i.exercise == slug for i in session.items):
            has = ", ".join(i.exercise for i in session.items)
            raise InvalidInput(f"session {key} has no {slug}; it has: {has}")
        return [key]
    keys = [
        s.key
        for s in plan.sessions()
        if s.status == "planned" and any(i.exercise == slug for i in s.items)
    ]
    if not keys:
        raise InvalidInput(f"no planned session has {slug}; name the session")
    return keys


def replace_sessions(plan: Plan, sessions: dict[str, PlannedSession]) -> Plan:
    """``plan`` with the sessions of the given keys replaced, in place in their weeks."""
    weeks = [
        w.model_copy(update={"sessions": [sessions.get(s.key, s) for s in w.sessions]})
        for w in plan.weeks
    ]
    return plan.model_copy(update={"weeks": weeks})


def _map_items(plan: Plan, keys: list[str], slug: str, change: Any, why: Reason) -> Plan:
    """Apply ``change(item) -> item`` to every item of ``slug`` in the sessions ``keys``."""
    updated: dict[str, PlannedSession] = {}
    for key in keys:
        session = plan.session(key)
        items = []
        for item in session.items:
            if item.exercise == slug:
                new = change(item)
                new = new.model_copy(update={"reasons": _add_reason(new.reasons, why)})
                items.append(new)
            else:
                items.append(item)
        updated[key] = session.model_copy(update={"items": items})
    return replace_sessions(plan, updated)


def _strength_only(item: Item, what: str) -> StrengthItem:
    if not isinstance(item, StrengthItem):
        raise InvalidInput(f"{item.exercise} is cardio: it has no {what}")
    return item


def _new_item(
    record: ExerciseRecord, like: Item | None, op: AddExercise | None, why: Reason
) -> Item:
    reasons = [why]
    if is_cardio(record):
        if isinstance(like, CardioItem):
            return like.model_copy(
                update={"exercise": record.slug, "reasons": reasons, "max_test": False}
            )
        minutes = op.minutes if op is not None else 20
        zone = op.zone if op is not None else 2
        return CardioItem(
            exercise=record.slug,
            duration_s=max(60, minutes * 60),
            intensity=Intensity(kind="hr_zone", value=zone),
            reasons=reasons,
        )
    load = Load(kind="bodyweight") if not record.equipment else Load(kind="by_rir")
    if op is not None and op.load_kg is not None:
        load = Load(kind="kg", value=op.load_kg)
    if isinstance(like, StrengthItem):
        return like.model_copy(
            update={"exercise": record.slug, "load": load, "reasons": reasons, "max_test": False}
        )
    return _strength(
        {
            "exercise": record.slug,
            "sets": op.sets if op else 3,
            "rep_min": op.rep_min if op else 8,
            "rep_max": op.rep_max if op else 12,
            "target_rir": op.target_rir if op else 2.0,
            "load": load,
            "rest_s": op.rest_s if op else 90,
            "reasons": reasons,
        },
    )


def apply_edit(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    by: str = "athlete",
    inputs: PlannerInputs | None = None,
    now: datetime | None = None,
) -> tuple[Plan, list[Change]]:
    """Apply ``op`` to ``plan``: the new plan and what changed (the input is not modified).

    Profile edits need ``inputs`` (the athlete's planner inputs, which the edit then changes)
    and ``now``. Raises ``InvalidInput`` when the edit cannot apply (an unknown session or
    exercise, a done session, a session's last exercise ...).

    Every changed item or session carries an ``edit_applied`` reason (what changed, who asked);
    a session the edit makes longer or shorter gets its ``estimated_minutes`` moved by the time
    added or taken away (``session_seconds``); regenerated sessions keep the planner's estimate.
    """
    why = edit_reason(op, by)
    new = _apply(plan, op, library, why=why, inputs=inputs, now=now)
    if op.op not in PROFILE_OPS:
        new = re_estimated(plan, new)
    checked = Plan.model_validate(new.model_dump())
    return checked, diff_plans(plan, checked)


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


def _apply(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    why: Reason,
    inputs: PlannerInputs | None,
    now: datetime | None,
) -> Plan:
    if isinstance(op, ReplaceExercise):
        old = resolve_record(library, op.exercise)
        new = resolve_record(library, op.to)
        if old.slug == new.slug:
            raise InvalidInput(f"{old.slug} would be replaced by itself; name another exercise")
        if is_cardio(old) != is_cardio(new):
            kind = "a cardio exercise" if is_cardio(old) else "a strength exercise"
            raise InvalidInput(f"replace {old.slug} with {kind}, not {new.slug}")
        keys = _targets(plan, op.session, old.slug)
        for key in keys:
            if any(i.exercise == new.slug for i in plan.session(key).items):
                raise InvalidInput(
                    f"session {key} already has {new.slug}; remove {old.slug} instead"
                )
        return _map_items(plan, keys, old.slug, lambda item: _new_item(new, item, None, why), why)
    if isinstance(op, AddExercise):
        record = resolve_record(library, op.exercise)
        session = _planned(plan, op.session)
        if any(i.exercise == record.slug for i in session.items):
            raise InvalidInput(
                f"session {op.session} already has {record.slug}; change its sets instead"
            )
        items = list(session.items)
        at = len(items) if op.position is None else min(op.position - 1, len(items))
        items.insert(at, _new_item(record, None, op, why))
        return replace_sessions(plan, {op.session: session.model_copy(update={"items": items})})
    if isinstance(op, RemoveExercise):
        record = resolve_record(library, op.exercise)
        keys = _targets(plan, op.session, record.slug)
        updated = {}
        for key in keys:
            session = plan.session(key)
            items = [i for i in session.items if i.exercise != record.slug]
            if not items:
                raise InvalidInput(
                    f"{record.slug} is the only exercise of {key}; skip the session instead"
                )
            updated[key] = session.model_copy(
                update={"items": items, "reasons": _add_reason(session.reasons, why)}
            )
        return replace_sessions(plan, updated)
    if isinstance(op, ChangeSets | ChangeReps | ChangeLoad | ChangeRir):
        record = resolve_record(library, op.exercise)
        keys = _targets(plan, op.session, record.slug)
        return _map_items(plan, keys, record.slug, lambda item: _change(item, op), why)
    if isinstance(op, MoveSession):
        return _move(plan, op, why)
    if isinstance(op, SetSessionMinutes):
        if op.session is not None:
            _planned(plan, op.session)
        names = {r.slug: r.name for r in library}
        return _fit_minutes(plan, op.minutes, why, names, only=op.session)
    if isinstance(op, SkipSession):
        session = _planned(plan, op.session)
        return replace_sessions(
            plan,
            {
                op.session: session.model_copy(
                    update={
                        "status": "skipped",
                        "reasons": _add_reason(session.reasons, why),
                    }
                )
            },
        )
    return _regenerate(plan, op, library, why=why, inputs=inputs, now=now)


def _change(item: Item, op: ChangeSets | ChangeReps | ChangeLoad | ChangeRir) -> Item:
    strength = _strength_only(
        item,
        {"change_sets": "sets", "change_reps": "reps", "change_load": "load", "change_rir": "RIR"}[
            op.op
        ],
    )
    data = strength.model_dump()
    if isinstance(op, ChangeSets):
        data["sets"] = op.sets
    elif isinstance(op, ChangeReps):
        data["rep_min"], data["rep_max"] = op.rep_min, op.rep_max
    elif isinstance(op, ChangeLoad):
        data["load"] = {"kind": "kg", "value": op.load_kg}
    else:
        data["target_rir"] = op.target_rir
    return _strength(data)


# The fewest minutes a trimmed cardio item keeps, and the fewest lifts a trim keeps before it
# takes sets away (the planner's own order: slots, then sets, then slots down to one).
MIN_CARDIO_S = 600
KEEP_LIFTS = 2


def _fit_minutes(
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
            i.model_copy(update={"reasons": _add_reason(i.reasons, why)}) if id(i) in cut else i
            for i in items
        ]
        reasons = _add_reason(session.reasons, why)
        if dropped:
            what = [names.get(d, d) for d in dropped]
            reasons = _add_reason(reasons, reason("time_trimmed", what=what, minutes=minutes))
        updated[session.key] = session.model_copy(update={"items": items, "reasons": reasons})
    fitted = replace_sessions(plan, updated) if updated else plan
    return fitted if only is not None else fitted.model_copy(update={"session_minutes": minutes})


def _sets(item: Item) -> int:
    return item.sets if isinstance(item, StrengthItem) else 0


def _move(plan: Plan, op: MoveSession, why: Reason) -> Plan:
    """A position moves the session in the sequence (its day follows from the schedule). A
    date puts it on that very day (``PlannedSession.on``), in date order among the others:
    before the first other session that falls on or after the day, which then follows on the
    next schedule day unless it was itself moved to a day. Sessions moved to one day stay
    there, together; whether that is allowed is the validator's call."""
    session = _planned(plan, op.session)
    order = [s.key for s in plan.sessions() if s.status == "planned"]
    order.remove(op.session)
    if op.position is not None:
        position = min(op.position, len(order) + 1)
        on = None
    else:
        assert op.on is not None
        as_of = op.as_of or plan.start
        if op.on < as_of:
            raise InvalidInput(f"{op.on} has passed; move the session to a day from {as_of} on")
        dates = {p.key: p.on for p in upcoming(plan, as_of)}
        position = next(
            (i + 1 for i, key in enumerate(order) if (dates.get(key) or op.on) >= op.on),
            len(order) + 1,
        )
        on = op.on
    order.insert(position - 1, op.session)
    moved = session.model_copy(update={"reasons": _add_reason(session.reasons, why), "on": on})
    by_key = {s.key: s for s in plan.sessions()}
    by_key[op.session] = moved
    queue = iter(order)
    weeks: list[Week] = []
    for week in plan.weeks:
        sessions = [s if s.status != "planned" else by_key[next(queue)] for s in week.sessions]
        weeks.append(week.model_copy(update={"sessions": sessions}))
    new = plan.model_copy(update={"weeks": weeks})
    if on is None:
        return new
    return _keep_days(plan, new, op.session, op.as_of or plan.start)


def _keep_days(old: Plan, new: Plan, moved: str, as_of: date) -> Plan:
    """``new`` with every other planned session kept on the day it fell on in ``old``: moving
    one session to a day changes that session only (the ones between would otherwise shift
    a slot along the schedule). A session kept on a day that already has the moved one
    stays there too: the validator then refuses the stacked day with its reason."""
    was = {p.key: p.on for p in upcoming(old, as_of)}
    for _ in range(len(was)):
        now = {p.key: p.on for p in upcoming(new, as_of)}
        drift = {
            key: day
            for key, day in was.items()
            if key != moved and day is not None and now.get(key) != day
        }
        if not drift:
            break
        key = min(drift, key=lambda k: drift[k])  # the earliest first: the rest may follow it
        session = new.session(key)
        new = replace_sessions(new, {key: session.model_copy(update={"on": drift[key]})})
    return new


# --- profile edits: regenerate what is not done ---------------------------------------------------


def changed_inputs(inputs: PlannerInputs, op: EditOp) -> tuple[PlannerInputs, str]:
    """The planner inputs after a profile edit, and what changed in words."""
    update: dict[str, Any] = {}
    words: list[str] = []
    days = minutes = goal = None
    equipment: list[str] | None = None
    if isinstance(op, SetDaysPerWeek):
        days = op.days
    elif isinstance(op, SetSessionMinutes):
        minutes = op.minutes
    elif isinstance(op, SetEquipment):
        equipment = list(op.equipment)
    elif isinstance(op, Regenerate):
        days, minutes, goal, equipment = op.days, op.minutes, op.goal, op.equipment
    else:
        raise InvalidInput(f"{op.op} is not a profile edit")
    if goal is not None:
        update["goals"] = (goal, *(g for g in inputs.goals if g != goal))
        words.append(f"goal {goal.replace('_', ' ')}")
    if days is not None:
        update["days_per_week"] = days
        update["schedule"] = None  # the planner picks weekdays for the new number of days
        words.append(f"{days} days a week")
    if minutes is not None:
        update["session_minutes"] = minutes
        words.append(f"{minutes}-minute sessions")
    if equipment is not None:
        update["equipment"] = frozenset(equipment)
        words.append(f"equipment: {show(equipment)}")
    return replace(inputs, **update), ", ".join(words) or "your current profile"


def _regenerate(
    plan: Plan,
    op: EditOp,
    library: Sequence[ExerciseRecord],
    *,
    why: Reason,
    inputs: PlannerInputs | None,
    now: datetime | None,
) -> Plan:
    if inputs is None or now is None:
        raise InvalidInput(
            f"{op.op} regenerates the plan and needs the athlete's planner inputs; "
            "edit it through the plan service"
        )
    new_inputs, what = changed_inputs(inputs, op)
    fresh = generate_plan(new_inputs, library, seed=plan.seed, now=now)
    return splice(plan, fresh, reason("regenerated", what=what), why)


def splice(old: Plan, fresh: Plan, *reasons: Reason) -> Plan:
    """``fresh``'s sessions in place of ``old``'s planned ones; done and skipped sessions stay
    in their weeks. Each week keeps what is done and fills up to ``fresh``'s number of sessions
    for that week from ``fresh``'s same week (later weeks come from ``fresh`` as they are)."""
    used = {s.key for s in old.sessions() if s.status != "planned"}
    weeks: list[Week] = []
    for index in range(max(len(old.weeks), len(fresh.weeks))):
        old_week = old.weeks[index] if index < len(old.weeks) else None
        new_week = fresh.weeks[index] if index < len(fresh.weeks) else None
        kept = [s for s in (old_week.sessions if old_week else []) if s.status != "planned"]
        fill = list(new_week.sessions if new_week else [])[len(kept) :]
        sessions = list(kept)
        for s in fill:
            key = s.key
            n = len(sessions) + 1
            while key in used:
                key = f"w{index + 1}s{n}"
                n += 1
            used.add(key)
            sessions.append(s.model_copy(update={"key": key, "reasons": [*s.reasons, *reasons]}))
        base = new_week or old_week
        assert base is not None
        if not sessions:
            continue
        weeks.append(
            base.model_copy(
                update={
                    "index": index + 1,
                    "sessions": sessions,
                    "deload": new_week.deload if new_week else base.deload,
                }
            )
        )
    return fresh.model_copy(
        update={
            "start": old.start,
            "weeks": weeks,
            "created_at": fresh.created_at,
            "reasons": [*fresh.reasons, *reasons],
        }
    )
