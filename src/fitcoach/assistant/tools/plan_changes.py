"""``propose_plan_edit``, ``generate_plan``, ``approve_plan_change`` and ``reject_plan_change``:
every plan change is stored as a proposal that waits for the athlete's own approval; the
safety validator's refusals come back as failed results with its reasons.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator
from rapidfuzz import fuzz

from fitcoach.assistant.registry import ToolContext, ToolResult
from fitcoach.assistant.tools.common import (
    EquipmentName,
    ExerciseName,
    GoalName,
    LoadChangeKg,
    LoadKg,
    ToolArgs,
    all_change_lines,
    change_lines,
    day_words,
    exercise_name,
    jsonable,
    num,
    own_exercise,
    own_in_plan,
    own_not_planned,
    reason_texts,
    shown_changes,
)
from fitcoach.assistant.tools.plan_fresh import fresh_block
from fitcoach.assistant.tools.plan_loads import (
    NeedsCurrentLoad,
    load_base,
    planned_kg,
    set_load_check,
)
from fitcoach.coach import wording
from fitcoach.coach.edits import MoveSession, Regenerate, resolve_record
from fitcoach.coach.edits.sessions import replace_sessions
from fitcoach.coach.library import ExerciseRecord
from fitcoach.coach.plan import StrengthItem
from fitcoach.coach.rules.safety import safety_limits
from fitcoach.coach.today import upcoming
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import own_exercises, plans
from fitcoach.services.exercises import library_records
from fitcoach.services.plans.editing import edit_plan
from fitcoach.services.plans.store import validate


class SwapExercise(ToolArgs):
    """Swap an exercise for another everywhere it is planned (or in one session)."""

    op: Literal["swap_exercise"] = "swap_exercise"
    exercise: ExerciseName
    to: ExerciseName
    session: str | None = Field(
        default=None, pattern=r"^w\d+s\d+$", description="Only this session key (w1s2)."
    )


class ChangeEquipment(ToolArgs):
    """Plan around only this equipment from now on (an empty list: bodyweight only)."""

    op: Literal["set_equipment"] = "set_equipment"
    equipment: list[EquipmentName]


class MoveSessionTo(ToolArgs):
    """Move the session planned on ``from_date`` (or the session ``session``) to ``to_date``."""

    op: Literal["move_session"] = "move_session"
    from_date: date | None = Field(default=None, description="The day the session falls on now.")
    session: str | None = Field(
        default=None, pattern=r"^w\d+s\d+$", description="Or its key (w1s2)."
    )
    to_date: date

    @model_validator(mode="after")
    def _one_source(self) -> MoveSessionTo:
        if (self.from_date is None) == (self.session is None):
            raise ValueError("give either from_date or session (the session to move)")
        return self


class SessionMinutes(ToolArgs):
    """Fit every session from now on (or only the one on ``on_date``) into ``minutes``, or
    make it ``shorter_by`` minutes: the sessions are trimmed, exercises and earlier edits kept."""

    op: Literal["set_session_minutes"] = "set_session_minutes"
    minutes: int | None = Field(default=None, ge=10, le=300)
    shorter_by: int | None = Field(default=None, ge=1, le=290)
    on_date: date | None = Field(default=None, description="Only the session on this day.")

    @model_validator(mode="after")
    def _one_length(self) -> SessionMinutes:
        if (self.minutes is None) == (self.shorter_by is None):
            raise ValueError("give either minutes (the new length) or shorter_by")
        return self


class DaysPerWeek(ToolArgs):
    """Train this many days a week from now on."""

    op: Literal["set_days_per_week"] = "set_days_per_week"
    days: int = Field(ge=1, le=7)


class ChangeExerciseLoad(ToolArgs):
    """Change the planned load of one exercise: to ``load_kg``, or by ``delta_kg`` (+ or -)."""

    op: Literal["change_load"] = "change_load"
    exercise: ExerciseName
    load_kg: LoadKg | None = None
    delta_kg: LoadChangeKg | None = None

    @model_validator(mode="after")
    def _one_amount(self) -> ChangeExerciseLoad:
        if (self.load_kg is None) == (self.delta_kg is None):
            raise ValueError("give either load_kg (the new load) or delta_kg (the change)")
        return self


class RemoveFromPlan(ToolArgs):
    """Take an exercise out of every planned session that has it."""

    op: Literal["remove_exercise"] = "remove_exercise"
    exercise: ExerciseName


class SkipPlannedSession(ToolArgs):
    """Mark the session planned on ``on_date`` (or the session ``session``) skipped."""

    op: Literal["skip_session"] = "skip_session"
    on_date: date | None = Field(default=None, description="The day the session falls on now.")
    session: str | None = Field(
        default=None, pattern=r"^w\d+s\d+$", description="Or its key (w1s2)."
    )
    cardio: bool = Field(
        default=False,
        description="The athlete named a run, ride or swim: skip only a session that has cardio.",
    )

    @model_validator(mode="after")
    def _one_source(self) -> SkipPlannedSession:
        if (self.on_date is None) == (self.session is None):
            raise ValueError("give either on_date or session (the session to skip)")
        return self


PlanOperation = Annotated[
    SwapExercise
    | ChangeEquipment
    | MoveSessionTo
    | SessionMinutes
    | DaysPerWeek
    | ChangeExerciseLoad
    | RemoveFromPlan
    | SkipPlannedSession,
    Field(discriminator="op"),
]


def _plain_union(schema: dict[str, Any]) -> None:
    """``anyOf`` without pydantic's ``discriminator``: the subset every provider reads."""
    operation = schema.get("properties", {}).get("operation", {})
    if "oneOf" in operation:
        operation["anyOf"] = operation.pop("oneOf")
    operation.pop("discriminator", None)


class ProposePlanEditArgs(ToolArgs):
    model_config = ConfigDict(
        extra="forbid", str_strip_whitespace=True, json_schema_extra=_plain_union
    )

    operation: PlanOperation


def _edit_op(tctx: ToolContext, operation: BaseModel) -> dict[str, Any]:
    """The ``coach.edits`` operation for a tool operation (sessions found by their date)."""
    if isinstance(operation, SwapExercise):
        library = own_exercises.plan_records(tctx.service, tctx.athlete_id)
        slug = _in_plan(tctx, operation.exercise)
        if (own := own_exercise(tctx, operation.to)) is not None:
            why_not = own_not_planned(tctx, own)
            if why_not is not None:
                raise InvalidInput(
                    f"{why_not}; or ask for substitutes for {own['name']} to find a library "
                    "exercise like it"
                )
            to = str(own["slug"])
        else:
            to = resolve_record(library, operation.to).slug
        op: dict[str, Any] = {"op": "replace_exercise", "exercise": slug, "to": to}
        if operation.session:
            op["session"] = operation.session
        return op
    if isinstance(operation, ChangeEquipment):
        return {"op": "set_equipment", "equipment": list(dict.fromkeys(operation.equipment))}
    if isinstance(operation, SessionMinutes):
        return _minutes_op(tctx, operation)
    if isinstance(operation, DaysPerWeek):
        return {"op": "set_days_per_week", "days": operation.days}
    if isinstance(operation, RemoveFromPlan):
        return {"op": "remove_exercise", "exercise": _in_plan(tctx, operation.exercise)}
    if isinstance(operation, SkipPlannedSession):
        key = operation.session or _session_on(tctx, operation.on_date)
        if operation.cardio:
            plan = plans.current(tctx.service, tctx.athlete_id).plan
            assert plan is not None
            session = plan.session(key)
            if all(isinstance(item, StrengthItem) for item in session.items):
                day = day_words(operation.on_date, tctx.today()) if operation.on_date else key
                raise InvalidInput(
                    f"your session on {day} is {session.name}, with no cardio in it; say "
                    f'"skip {day}" if you want to skip that session'
                )
        return {"op": "skip_session", "session": key}
    if isinstance(operation, ChangeExerciseLoad):
        return _load_op(tctx, operation)[0]
    assert isinstance(operation, MoveSessionTo)
    today = tctx.today()
    if operation.to_date < today:
        raise InvalidInput(
            f"to_date {day_words(operation.to_date, today)} has passed "
            f"(today is {day_words(today)})"
        )
    key = operation.session or _session_on(tctx, operation.from_date)
    return {"op": "move_session", "session": key, "on": operation.to_date.isoformat()}


def _minutes_op(tctx: ToolContext, operation: SessionMinutes) -> dict[str, Any]:
    """A ``set_session_minutes`` edit: for one day's session or the plan; a shortening is taken
    from that session's estimate (or the plan's session length)."""
    op: dict[str, Any] = {"op": "set_session_minutes"}
    minutes = operation.minutes
    if operation.on_date is not None:
        op["session"] = _session_on(tctx, operation.on_date)
    if operation.shorter_by is not None:
        plan = plans.current(tctx.service, tctx.athlete_id).plan
        assert plan is not None
        now = (
            plan.session(op["session"]).estimated_minutes
            if "session" in op
            else plan.session_minutes
        )
        minutes = now - operation.shorter_by
        if minutes < 10:
            raise InvalidInput(
                f"that leaves {minutes} min of a {now}-minute session; sessions are at least 10 minutes"
            )
    op["minutes"] = minutes
    return op


def _session_on(tctx: ToolContext, day: date | None) -> str:
    """The key of the planned session that falls on ``day`` in the plan in force."""
    today = tctx.today()
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    assert plan is not None
    assert day is not None
    left = upcoming(plan, today)
    found = [p.key for p in left if p.on == day]
    if not found:
        days = ", ".join(day_words(p.on, today) for p in left[:5] if p.on)
        raise InvalidInput(
            f"no planned session falls on {day_words(day, today)}; "
            f"the next ones are on {days or 'no day'}"
        )
    return found[0]


# How close a planned exercise's name must be to the name asked for (rapidfuzz WRatio) to be
# taken for it when the library entry named is not in the plan.
PLAN_NAME_SCORE = 60


def _in_plan(tctx: ToolContext, text: str, *, load: bool = False) -> str:
    """The exercise ``text`` names, preferring the athlete's plan: an edit is about what they
    train, so when the library entry the words name is not planned but a planned exercise of
    the same movement pattern has a close name ("barbell squats" → the planned back squat, not
    the box squat), that one is meant. Otherwise the library entry (the edit then says it is
    not planned). An own exercise of the athlete's is itself, in the plan or said not to be.
    For a ``load`` the planned one must also be the same lift in other words (``_same_lift``):
    a front squat's load is no back squat's, a lat pulldown's no floor pulldown's."""
    if (own := own_exercise(tctx, text)) is not None:
        return own_in_plan(tctx, own)
    library = library_records()
    record = resolve_record(library, text)
    try:
        plan = plans.current(tctx.service, tctx.athlete_id).plan
    except NotFound:
        return record.slug
    if plan is None:
        return record.slug
    planned = {
        item.exercise for p in upcoming(plan, tctx.today()) for item in plan.session(p.key).items
    }
    if record.slug in planned:
        return record.slug
    by_slug = {r.slug: r for r in library}
    scored = sorted(
        (
            (_closeness(text, record, by_slug[slug]), slug)
            for slug in planned
            if slug in by_slug
            and by_slug[slug].movement_pattern == record.movement_pattern
            and by_slug[slug].category == record.category
        ),
        reverse=True,
    )
    if (
        scored
        and scored[0][0] >= PLAN_NAME_SCORE
        and (
            len(scored) == 1 or scored[1][0] < scored[0][0]  # two fit equally: do not guess
        )
        and (not load or _same_lift(record, by_slug[scored[0][1]]))
    ):
        return scored[0][1]
    if scored:  # say what the plan has in its place instead of "no planned session has ..."
        names = ", ".join(exercise_name(slug) for _, slug in scored)
        raise InvalidInput(
            f"{record.name} is not in your plan; your plan's "
            f"{record.movement_pattern.replace('_', ' ')} exercises are {names}: name one of them"
        )
    # Nothing of that movement is planned either: say so in words, not with a library slug.
    raise InvalidInput(f"{record.name} is not in your plan, so there is nothing to change")


# The implements a load is lifted with, in the order that names a lift's own.
_IMPLEMENTS = ("barbell", "trap_bar", "ez_bar", "smith_machine", "dumbbell", "kettlebell", "cable", "machine")  # fmt: skip


def _same_lift(named: ExerciseRecord, planned: ExerciseRecord) -> bool:
    """Whether ``planned`` is the lift ``named`` in other words, for a load: lifted with the same
    implement, and every word of the name said in one of the planned one's names ("barbell
    squat" is the back squat; "front squat", "goblet squat" and "RDL" are other lifts)."""

    def implement(r: ExerciseRecord) -> str | None:
        return next((e for e in _IMPLEMENTS if e in r.equipment), None)

    def words(name: str) -> set[str]:
        return {w.rstrip("s") for w in re.findall(r"[a-z0-9]+", name.lower())}

    theirs = set().union(*(words(n) for n in (planned.name, planned.slug, *planned.aliases)))
    return implement(named) == implement(planned) and words(named.name) <= theirs


def _closeness(text: str, named: ExerciseRecord, planned: ExerciseRecord) -> float:
    words = [planned.name, planned.slug.replace("-", " "), *planned.aliases]
    asked = [text.replace("-", " "), named.name]
    return max(fuzz.WRatio(a.lower(), w.lower()) for a in asked for w in words)


def _load_op(tctx: ToolContext, operation: ChangeExerciseLoad) -> tuple[dict[str, Any], str]:
    """The ``change_load`` edit and, for a change added to a logged load, where that load came
    from in words ("your last Barbell Back Squat was 100 kg on Mon 16 Nov")."""
    slug = _in_plan(tctx, operation.exercise, load=True)
    target, said = operation.load_kg, ""
    if operation.delta_kg is not None:
        base = load_base(tctx, slug, operation.delta_kg)
        target, said = base.kg + operation.delta_kg, base.said
    assert target is not None
    if operation.delta_kg is None:  # refused over one safe step from the last logged load
        set_load_check(tctx, slug, target)
    if target < 0:
        raise InvalidInput(f"{exercise_name(slug)} would go below 0 kg; choose a smaller change")
    op = {"op": "change_load", "exercise": slug, "load_kg": round(target, 2)}
    return op, (f"{said}, so {num(target, 2)} kg" if said else "")


def _capped_load(result: plans.EditResult, slug: str) -> str | None:
    """The validator's reason when it had to cap the load just asked for (it repairs a plan
    by lowering the load; a load change it lowers is refused instead, with that reason)."""
    name = exercise_name(slug)
    for v in result.verdict.violations:
        if v.rule == "load_increase" and name in v.text:
            return v.text.rstrip(".")
    return None


def _edit_result(tctx: ToolContext, tool: str, result: plans.EditResult, what: str) -> ToolResult:
    every = all_change_lines(tctx, result)
    changes = shown_changes(every)
    reasons = reason_texts(result.reasons)
    data = {
        "version": result.version,
        "status": result.status,
        "accepted": result.accepted,
        "changes": changes,
        "reasons": reasons,
        "verdict": result.verdict.status,
        "escalation": result.escalation,
    }
    if not result.accepted:
        why = "; ".join(v.text for v in result.verdict.violations) or result.escalation or "refused"
        return ToolResult(
            tool,
            ok=False,
            data=jsonable(data),
            summary=f"The safety check refused {what}: {why}. Your plan is unchanged.",
            error=f"refused by the safety validator: {why}",
        )
    text = (
        f"Proposed plan version {result.version} ({what}), waiting for your approval: "
        f"{len(every)} change(s): {'; '.join(c.rstrip('.') for c in changes)}."
    )
    repaired = list(dict.fromkeys(v.text.rstrip(".") for v in result.verdict.violations))
    if repaired:
        more = f" (and {len(repaired) - 3} more)" if len(repaired) > 3 else ""
        text += f" The safety check adjusted it: {'; '.join(repaired[:3])}{more}."
    return ToolResult(
        tool, ok=True, data=jsonable(data), summary=text, proposed_version=result.version
    )


def _describe(tctx: ToolContext, operation: BaseModel) -> str:
    if isinstance(operation, SwapExercise):
        own = own_exercise(tctx, operation.to)
        to = str(own["name"]) if own is not None else _name_of(operation.to)
        return f"{_planned_name(tctx, operation.exercise)} → {to}"
    if isinstance(operation, ChangeEquipment):
        names = [e.replace("_", " ") for e in operation.equipment]  # pull_up_bar: a slug
        return "equipment: " + (", ".join(names) or "bodyweight only")
    if isinstance(operation, SessionMinutes):
        length = (
            f"{operation.minutes} minutes"
            if operation.minutes is not None
            else f"{operation.shorter_by} minutes shorter"
        )
        if operation.on_date is not None:
            return f"the session on {day_words(operation.on_date, tctx.today())}: {length}"
        return f"{operation.minutes}-minute sessions" if operation.minutes else f"sessions {length}"
    if isinstance(operation, DaysPerWeek):
        return f"{operation.days} days a week"
    if isinstance(operation, RemoveFromPlan):
        return f"remove {_name_of(operation.exercise)}"
    if isinstance(operation, SkipPlannedSession):
        if operation.on_date is not None:
            return f"skip the session on {day_words(operation.on_date, tctx.today())}"
        return f"skip {_session_words(tctx, operation.session or '')}"
    if isinstance(operation, ChangeExerciseLoad):
        if operation.delta_kg is not None:
            sign = "+" if operation.delta_kg >= 0 else "-"
            # To the hundredth of a kg: a change typed in lb ("+5 lb") reads back as typed.
            return f"{_name_of(operation.exercise)} load {sign}{num(abs(operation.delta_kg), 2)} kg"
        return f"{_name_of(operation.exercise)} load {num(operation.load_kg, 2)} kg"
    assert isinstance(operation, MoveSessionTo)
    today = tctx.today()
    if operation.from_date is not None:
        source = f"the session on {day_words(operation.from_date, today)}"
    else:
        source = _session_words(tctx, operation.session or "")
    return f"move {source} to {day_words(operation.to_date, today)}"


def _session_words(tctx: ToolContext, key: str) -> str:
    """A session key as a person names it: ``the Tue 24 Nov session`` (the key itself only
    when the plan in force has no such session)."""
    today = tctx.today()
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    days = wording.session_days(plan, today) if plan is not None else {}
    return f"the {day_words(days[key], today)} session" if key in days else f"session {key}"


def _planned_name(tctx: ToolContext, text: str) -> str:
    """The plan's exercise an edit names, saying so when it is not the library entry the
    words name ("Conventional Barbell Deadlift (your plan's, for Barbell Romanian Deadlift)")."""
    try:
        slug = _in_plan(tctx, text)
    except InvalidInput:
        return text
    asked = _name_of(text)
    name = exercise_name(slug)
    return name if name == asked else f"{name} (your plan's, for {asked})"


def _name_of(text: str) -> str:
    try:
        return resolve_record(library_records(), text).name
    except InvalidInput:
        return text


def propose_plan_edit(tctx: ToolContext, args: ProposePlanEditArgs) -> ToolResult:
    based = ""
    try:
        if isinstance(args.operation, ChangeExerciseLoad):
            op, based = _load_op(tctx, args.operation)
        else:
            op = _edit_op(tctx, args.operation)
    except NeedsCurrentLoad as exc:  # nothing to add the change to: ask, propose nothing
        return ToolResult(
            "propose_plan_edit",
            ok=True,
            data={"changes": [], "needs": "current_load"},
            summary=exc.message,
        )
    what = _describe(tctx, args.operation)
    moved: plans.MoveWords | None = None
    try:
        if isinstance(args.operation, MoveSessionTo):
            # The plan page's move (``plans.move_session``), from the assistant: it waits.
            done = plans.move_session(
                tctx.service,
                tctx.athlete_id,
                op["session"],
                date.fromisoformat(op["on"]),
                proposed_by="assistant",
            )
            result, moved = done.result, done.words
        else:
            result = plans.propose_edit(tctx.service, tctx.athlete_id, op, proposed_by="assistant")
    except InvalidInput as exc:
        if "changes nothing" not in exc.message:
            raise
        return ToolResult(
            "propose_plan_edit",
            ok=True,
            data={"changes": []},
            summary=f"Your plan already fits that ({what}): nothing to change.",
        )
    if isinstance(args.operation, ChangeExerciseLoad) and (
        cap := _capped_load(result, op["exercise"])
    ):
        # Asked for a load over the step the rules allow: refuse (the registry rolls the stored
        # proposal back) rather than propose a different number than the athlete asked for,
        # and offer the step the rules allow.
        raise InvalidInput(
            f"the safety check refused {what}: {cap}. Your plan is unchanged. "
            f"{_safe_step(tctx, op['exercise'], cap)}"
        )
    out = _edit_result(tctx, "propose_plan_edit", result, what)
    if not out.ok and any(v.rule == "sessions_per_day" for v in result.verdict.violations):
        free = _free_days(tctx, args.operation)
        if free:
            out = replace(out, error=f"{out.error}; free days: {free}")
    if out.ok and moved is not None:
        # The words the plan page says of the move: which session goes from which day to
        # which, and anything else it changes.
        return replace(out, summary=moved.said)
    if out.ok and based:  # where the load added to came from
        return replace(out, summary=f"{based[0].upper()}{based[1:]}. {out.summary}")
    return out


def _safe_step(tctx: ToolContext, slug: str, cap: str) -> str:
    """An offer of the increase the rules allow (``cap`` names the capped load), or the rule."""
    rule = safety_limits().load_increase
    name = exercise_name(slug)
    m = re.search(r"capped at (\d+(?:\.\d+)?) kg", cap)
    current = planned_kg(tctx, slug)
    if m is not None and current is not None and float(m.group(1)) > current:
        step = float(m.group(1)) - current
        return (
            f"A safe increase is up to {num(step)} kg at a time (to {num(float(m.group(1)))} kg); "
            f'say "add {num(step)} kg to my {name.lower()}" if you want that.'
        )
    return (
        f"Loads go up by at most max({num(rule.kg_min_step)} kg, {round(rule.relative * 100)} %) "
        f"a week, and your plan already raises {name} that much; keep it as planned for now."
    )


def _free_days(tctx: ToolContext, operation: BaseModel) -> str:
    """The days of the week from the day asked for that hold no session (a stacked day's
    alternatives)."""
    today = tctx.today()
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    start = getattr(operation, "to_date", None) or today
    if plan is None:
        return ""
    taken = {p.on for p in upcoming(plan, today)}
    days = [start + timedelta(days=n) for n in range(-3, 4)]
    return ", ".join(day_words(d, today) for d in days if d >= today and d not in taken)


def sessions_on(tctx: ToolContext, days: Sequence[date]) -> list[date]:
    """Those of ``days`` that hold an upcoming session of the plan in force (``NotFound``
    without a plan)."""
    plan = plans.current(tctx.service, tctx.athlete_id).plan
    assert plan is not None
    held = {p.on for p in upcoming(plan, tctx.today())}
    return [d for d in dict.fromkeys(days) if d in held]


def check_stacked_move(tctx: ToolContext, from_dates: Sequence[date], to_date: date) -> str:
    """Several sessions onto one day ("put Monday's, Tuesday's and Thursday's sessions on
    Saturday"): the moves are made together on a copy of the plan in force and checked by the
    safety validator, so the answer is the validator's own; nothing is stored either way (a
    proposal is one move, which the athlete can then ask for). The refusal with its reason and
    the free days, or, when that day could hold them all, how to ask for each move."""
    today = tctx.today()
    if to_date < today:
        raise InvalidInput(f"{day_words(to_date, today)} has passed (today is {day_words(today)})")
    base = plans.current(tctx.service, tctx.athlete_id).plan
    assert base is not None
    keys = [_session_on(tctx, d) for d in from_dates if d != to_date]
    # The day's own session is one of those it is to hold: pinned there, it makes no room.
    held = {p.key: base.session(p.key) for p in upcoming(base, today) if p.on == to_date}
    moved = replace_sessions(
        base, {k: s.model_copy(update={"on": to_date}) for k, s in held.items()}
    )
    for key in keys:
        op = MoveSession(session=key, on=to_date, as_of=today)
        moved, _ = edit_plan(tctx.service, tctx.athlete_id, moved, op, "assistant")
    verdict = validate(tctx.service, tctx.athlete_id, moved, base)
    moving = sorted(d for d in dict.fromkeys(from_dates) if d != to_date)
    sources = ", ".join(day_words(d, today) for d in moving)
    target = day_words(to_date, today)
    if verdict.status in ("rejected", "blocked") or verdict.plan is None:
        refused = [v.reason.text.rstrip(".") for v in verdict.violations if v.action == "rejected"]
        why = "; ".join(dict.fromkeys(refused)) or verdict.escalation or "refused"
        around = _free_days(tctx, MoveSessionTo(from_date=moving[0], to_date=to_date))
        free = [d for d in around.split(", ") if d and d != target]
        return (
            f"I can't move the sessions on {sources} to {target}: the safety check refuses it: "
            f"{why}. Your plan is unchanged." + (f" Free days: {', '.join(free)}." if free else "")
        )
    first = day_words(moving[0], today)
    return (
        f"{target} could hold the sessions on {sources}, but I propose one move at a time so "
        f'you can approve each: say "move the session on {first} to {target}" to start. Your '
        "plan is unchanged."
    )


class GeneratePlanArgs(ToolArgs):
    """What the new plan should be; left out: the athlete's profile decides."""

    goal: GoalName | None = None
    days_per_week: int | None = Field(default=None, ge=1, le=7)
    session_minutes: int | None = Field(default=None, ge=10, le=300)
    equipment: list[EquipmentName] | None = None
    weeks: int = Field(default=4, ge=1, le=12, description="Length of a first plan in weeks.")
    fresh: bool = Field(
        default=False,
        description="A fresh block was asked for (a new plan, start over, regenerate): a new "
        "plan from next Monday even when the plan in force already fits.",
    )


def generate_plan(tctx: ToolContext, args: GeneratePlanArgs) -> ToolResult:
    """A new plan as a proposal: with a plan in force, what is not done is regenerated for the
    constraints (a ``regenerate`` edit, waiting for approval). Without one, the first plan is
    generated from the profile and put in force (there is nothing to replace), and the
    constraints, when given, come as a proposal on top of it."""
    ctx, aid = tctx.service, tctx.athlete_id
    op: dict[str, Any] = {"op": "regenerate"}
    words: list[str] = []
    if args.goal:
        op["goal"] = args.goal
        words.append(args.goal.replace("_", " "))
    if args.days_per_week:
        op["days"] = args.days_per_week
        words.append(f"{args.days_per_week} days a week")
    if args.session_minutes:
        op["minutes"] = args.session_minutes
        words.append(f"{args.session_minutes}-minute sessions")
    if args.equipment is not None:
        op["equipment"] = list(dict.fromkeys(args.equipment))
        words.append("equipment: " + (", ".join(op["equipment"]) or "bodyweight only"))
    what = "a new plan" + (f" ({', '.join(words)})" if words else "")
    try:
        plans.current(ctx, aid)
        first = None
        if args.fresh:
            weeks = args.weeks if "weeks" in args.model_fields_set else None
            return fresh_block(tctx, Regenerate.model_validate(op), words, weeks=weeks)
    except NotFound:
        first = plans.generate(ctx, aid, weeks=args.weeks, start=tctx.today())
        if first.status != "active" or first.plan is None:
            why = first.escalation or "; ".join(reason_texts(first.reasons)) or first.status
            return ToolResult(
                "generate_plan",
                ok=False,
                data=jsonable({"status": first.status, "reasons": reason_texts(first.reasons)}),
                error=f"no plan could be generated: {why}",
            )
        if len(op) == 1:
            plan = first.plan
            return ToolResult(
                "generate_plan",
                ok=True,
                data=jsonable({"version": first.version, "status": first.status}),
                summary=(
                    f"Your first plan (version {first.version}) is in force: {plan.goal.replace('_', ' ')}, "
                    f"{plan.days_per_week} days a week, {plan.session_minutes}-minute sessions, "
                    f"{len(plan.weeks)} weeks."
                ),
            )
    try:
        result = plans.propose_edit(ctx, aid, op, proposed_by="assistant")
    except InvalidInput as exc:
        if "changes nothing" not in exc.message:
            raise
        return ToolResult(
            "generate_plan",
            ok=True,
            data={"version": first.version if first else None, "changes": []},
            summary="Your plan already fits that: nothing to change.",
        )
    out = _edit_result(tctx, "generate_plan", result, what)
    if first is not None and out.ok:
        out = replace(
            out,
            summary=f"You had no plan, so version {first.version} was made from your profile. {out.summary}",
        )
    return out


class VersionArgs(ToolArgs):
    version: int = Field(ge=1, description="The proposed plan version.")


def approve_plan_change(tctx: ToolContext, args: VersionArgs) -> ToolResult:
    result = plans.approve(tctx.service, tctx.athlete_id, args.version)
    if not result.applied:
        why = "; ".join(v.text for v in result.verdict.violations) or "refused"
        return ToolResult(
            "approve_plan_change",
            ok=False,
            data=jsonable({"version": args.version, "status": result.status}),
            error=f"the safety check now refuses version {args.version}: {why}",
        )
    return ToolResult(
        "approve_plan_change",
        ok=True,
        data=jsonable(
            {
                "version": result.version,
                "status": result.status,
                "changes": change_lines(tctx, result),
            }
        ),
        summary=f"Plan version {result.version} is now in force ({len(result.diff)} change(s)).",
    )


def reject_plan_change(tctx: ToolContext, args: VersionArgs) -> ToolResult:
    result = plans.reject(tctx.service, tctx.athlete_id, args.version)
    return ToolResult(
        "reject_plan_change",
        ok=True,
        data=jsonable({"version": result.version, "status": result.status}),
        summary=f"Plan version {result.version} turned down; your plan in force stays as it was.",
    )
