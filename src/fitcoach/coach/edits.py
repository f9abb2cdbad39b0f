"""Plan edits as typed operations: apply one to a plan and say what changed.

An edit is a pydantic model, one per kind, told apart by ``op`` (``parse_edit`` reads one from
plain data). ``apply_edit(plan, op, library)`` is pure: it returns a new plan and the diff, a
list of readable ``Change`` records (path, before, after); the plan given is never modified.

- Item edits (``replace_exercise``, ``add_exercise``, ``remove_exercise``, ``change_sets``,
  ``change_reps``, ``change_load``, ``change_rir``) name a session key (``w1s2``) or none, which
  means every planned session that has the exercise. Done and skipped sessions never change.
- Session edits: ``move_session`` changes the order of what is left (sessions are a sequence;
  the moved session takes the place of the one at the target position and the others shift,
  each week keeping its number of sessions), ``skip_session`` marks one skipped.
- Profile edits (``set_days_per_week``, ``set_session_minutes``, ``set_equipment``,
  ``regenerate``) regenerate the sessions that are not done with ``planner.generate_plan``;
  done (and skipped) sessions stay where they are.

Every changed item or session carries an ``edit_applied`` reason: what changed and who asked;
a session whose items changed has its minutes estimated again.
Whether the result is *allowed* is the safety validator's call, not this module's.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, model_validator
from rapidfuzz import fuzz, process, utils

from fitcoach.coach import vocabulary as vocab
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

Proposer = Literal["athlete", "coach", "assistant", "rl", "review"]
# A distance-only cardio item without a pace target is timed at an easy running pace.
EASY_PACE_S_PER_KM = 360.0


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


T = TypeVar("T")


def _is_none(value: object) -> bool:
    return value is None


# An optional field that an edit's JSON leaves out when it is None: plan versions store edits
# that way (``edit_json``), and the views answer them as stored.
OmitNone = Annotated[T | None, Field(exclude_if=_is_none)]


SessionKey = Annotated[str, Field(pattern=r"^w\d+s\d+$", description="A session key: w1s2.")]


class ReplaceExercise(_Op):
    """Swap an exercise for another (same kind: lift for lift, cardio for cardio)."""

    op: Literal["replace_exercise"] = "replace_exercise"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1, description="The exercise to replace.")
    to: str = Field(min_length=1, description="Its replacement.")


class AddExercise(_Op):
    """Add an exercise to a session (lifts: sets x reps at a target RIR; cardio: minutes)."""

    op: Literal["add_exercise"] = "add_exercise"
    session: SessionKey
    exercise: str = Field(min_length=1)
    sets: int = Field(default=3, ge=1, le=10)
    rep_min: int = Field(default=8, ge=1, le=50)
    rep_max: int = Field(default=12, ge=1, le=50)
    target_rir: float = Field(default=2.0, ge=0, le=5)
    load_kg: OmitNone[float] = Field(default=None, ge=0, le=1000)
    rest_s: int = Field(default=90, ge=15, le=600)
    minutes: int = Field(default=20, ge=1, le=360, description="Cardio only.")
    zone: int = Field(default=2, ge=1, le=5, description="Cardio only: heart-rate zone.")
    position: OmitNone[int] = Field(default=None, ge=1, description="1 = first; default last.")

    @model_validator(mode="after")
    def _range(self) -> AddExercise:
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min is above rep_max")
        return self


class RemoveExercise(_Op):
    """Remove an exercise from a session (a session keeps at least one)."""

    op: Literal["remove_exercise"] = "remove_exercise"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)


class ChangeSets(_Op):
    op: Literal["change_sets"] = "change_sets"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    sets: int = Field(ge=1, le=10)


class ChangeReps(_Op):
    op: Literal["change_reps"] = "change_reps"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    rep_min: int = Field(ge=1, le=50)
    rep_max: int = Field(ge=1, le=50)

    @model_validator(mode="after")
    def _range(self) -> ChangeReps:
        if self.rep_min > self.rep_max:
            raise ValueError("rep_min is above rep_max")
        return self


class ChangeLoad(_Op):
    op: Literal["change_load"] = "change_load"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    load_kg: float = Field(ge=0, le=1000)


class ChangeRir(_Op):
    op: Literal["change_rir"] = "change_rir"
    session: OmitNone[SessionKey] = None
    exercise: str = Field(min_length=1)
    target_rir: float = Field(ge=0, le=5)


class MoveSession(_Op):
    """Move a planned session to a position among what is left (1 = next) or to a date.

    A date is turned into the position whose projected date is the first on or after it;
    ``as_of`` is the day the projection starts from (the service fills in today).
    """

    op: Literal["move_session"] = "move_session"
    session: SessionKey
    position: OmitNone[int] = Field(default=None, ge=1)
    on: OmitNone[date] = None
    as_of: OmitNone[date] = None

    @model_validator(mode="after")
    def _one_target(self) -> MoveSession:
        if (self.position is None) == (self.on is None):
            raise ValueError("give either a position or a date (on) to move the session to")
        return self


class SkipSession(_Op):
    op: Literal["skip_session"] = "skip_session"
    session: SessionKey


class SetDaysPerWeek(_Op):
    op: Literal["set_days_per_week"] = "set_days_per_week"
    days: int = Field(ge=1, le=7)


class SetSessionMinutes(_Op):
    op: Literal["set_session_minutes"] = "set_session_minutes"
    minutes: int = Field(ge=10, le=300)


class SetEquipment(_Op):
    op: Literal["set_equipment"] = "set_equipment"
    equipment: list[str]

    @model_validator(mode="after")
    def _known(self) -> SetEquipment:
        unknown = [e for e in self.equipment if e not in vocab.EQUIPMENT]
        if unknown:
            raise ValueError(
                f"unknown equipment {unknown}; choose from {', '.join(vocab.EQUIPMENT)}"
            )
        return self


class Regenerate(_Op):
    """Regenerate what is not done, optionally with a new goal, days, minutes or equipment."""

    op: Literal["regenerate"] = "regenerate"
    goal: OmitNone[str] = None
    days: OmitNone[int] = Field(default=None, ge=1, le=7)
    minutes: OmitNone[int] = Field(default=None, ge=10, le=300)
    equipment: OmitNone[list[str]] = None

    @model_validator(mode="after")
    def _known(self) -> Regenerate:
        if self.goal is not None and self.goal not in vocab.GOALS:
            raise ValueError(f"unknown goal {self.goal!r}; choose from {', '.join(vocab.GOALS)}")
        unknown = [e for e in self.equipment or [] if e not in vocab.EQUIPMENT]
        if unknown:
            raise ValueError(
                f"unknown equipment {unknown}; choose from {', '.join(vocab.EQUIPMENT)}"
            )
        return self


EditOp = Annotated[
    ReplaceExercise
    | AddExercise
    | RemoveExercise
    | ChangeSets
    | ChangeReps
    | ChangeLoad
    | ChangeRir
    | MoveSession
    | SkipSession
    | SetDaysPerWeek
    | SetSessionMinutes
    | SetEquipment
    | Regenerate,
    Field(discriminator="op"),
]
EDIT_OPS: tuple[str, ...] = (
    "replace_exercise",
    "add_exercise",
    "remove_exercise",
    "change_sets",
    "change_reps",
    "change_load",
    "change_rir",
    "move_session",
    "skip_session",
    "set_days_per_week",
    "set_session_minutes",
    "set_equipment",
    "regenerate",
)
PROFILE_OPS = ("set_days_per_week", "set_session_minutes", "set_equipment", "regenerate")
_ADAPTER: TypeAdapter[EditOp] = TypeAdapter(EditOp)


def parse_edit(data: Any) -> EditOp:
    """An edit from plain data (``{"op": "change_sets", ...}``); ``InvalidInput`` names the
    field that is wrong."""
    if isinstance(data, BaseModel) and getattr(data, "op", None) in EDIT_OPS:
        return data  # type: ignore[return-value]
    if isinstance(data, dict) and data.get("op") not in EDIT_OPS:
        raise InvalidInput(
            f"unknown edit op {data.get('op')!r}; choose from {', '.join(EDIT_OPS)}",
            details={"allowed": list(EDIT_OPS)},
        )
    try:
        return _ADAPTER.validate_python(data)
    except ValidationError as exc:
        raise invalid_from(exc, prefix="edit.") from None


def edit_json(op: EditOp) -> dict[str, Any]:
    """An edit as JSON data (what plan versions store in ``operations``); its unset optional
    fields are left out (``OmitNone``), as the plan views answer it."""
    return op.model_dump(mode="json")


# --- the diff -----------------------------------------------------------------------------------


class Change(BaseModel):
    """One readable change: where, what it was, what it is (None: absent)."""

    model_config = ConfigDict(frozen=True)

    path: str
    before: Any = None
    after: Any = None

    @property
    def text(self) -> str:
        if self.before is None:
            return f"{self.path}: added {self.after}"
        if self.after is None:
            return f"{self.path}: removed {self.before}"
        return f"{self.path}: {self.before} → {self.after}"


def load_text(load: Load) -> str:
    """A load as people read it."""
    if load.kind == "kg":
        return f"{load.value:g} kg"
    if load.kind == "pct_e1rm":
        return f"{(load.value or 0) * 100:g} % of e1RM"
    if load.kind == "bodyweight":
        return "bodyweight"
    return "by feel (RIR)"


def _intensity_text(intensity: Intensity) -> str:
    if intensity.kind == "hr_zone":
        return f"zone {intensity.value:g}"
    if intensity.kind == "rpe":
        return f"RPE {intensity.value:g}"
    return f"{int(intensity.value) // 60}:{int(intensity.value) % 60:02d}/km"


def item_text(item: Item) -> str:
    """An item in one line: ``barbell-bench-press 3x8-12 @RIR2, 60 kg``."""
    if isinstance(item, StrengthItem):
        return (
            f"{item.exercise} {item.sets}x{item.rep_min}-{item.rep_max} "
            f"@RIR{item.target_rir:g}, {load_text(item.load)}"
        )
    amount = []
    if item.duration_s is not None:
        amount.append(f"{item.duration_s / 60:g} min")
    if item.distance_m is not None:
        amount.append(f"{item.distance_m / 1000:g} km")
    text = f"{item.exercise} {' / '.join(amount)} at {_intensity_text(item.intensity)}"
    if item.intervals is not None:
        i = item.intervals
        text += f" ({i.repeats}x{i.work_s}s on / {i.rest_s}s off)"
    return text


def session_text(session: PlannedSession) -> str:
    """A session in one line."""
    return f"{session.name} ({', '.join(i.exercise for i in session.items)})"


def _fields(item: Item) -> dict[str, Any]:
    if isinstance(item, StrengthItem):
        return {
            "sets": item.sets,
            "reps": f"{item.rep_min}-{item.rep_max}",
            "target_rir": item.target_rir,
            "load": load_text(item.load),
            "rest_s": item.rest_s,
            "max_test": item.max_test,
        }
    return {
        "duration_min": None if item.duration_s is None else round(item.duration_s / 60, 2),
        "distance_km": None if item.distance_m is None else round(item.distance_m / 1000, 3),
        "intensity": _intensity_text(item.intensity),
        "intervals": None
        if item.intervals is None
        else f"{item.intervals.repeats}x{item.intervals.work_s}s/{item.intervals.rest_s}s",
        "max_test": item.max_test,
    }


def _stable(positions: list[int]) -> set[int]:
    """Indices of a longest increasing subsequence (the elements that did not move)."""
    n = len(positions)
    if n == 0:
        return set()
    best = [1] * n
    prev = [-1] * n
    for i in range(n):
        for j in range(i):
            if positions[j] < positions[i] and best[j] + 1 > best[i]:
                best[i], prev[i] = best[j] + 1, j
    i = max(range(n), key=lambda k: best[k])
    keep: set[int] = set()
    while i != -1:
        keep.add(i)
        i = prev[i]
    return keep


def diff_plans(old: Plan, new: Plan) -> list[Change]:
    """What changed from ``old`` to ``new``: plan settings, sessions added, removed, moved or
    marked, and every item field (items are matched by exercise within a session)."""
    changes: list[Change] = []
    for name in ("goal", "days_per_week", "session_minutes", "equipment", "schedule"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(Change(path=f"plan.{name}", before=before, after=after))
    old_sessions = {s.key: s for s in old.sessions()}
    new_sessions = {s.key: s for s in new.sessions()}
    old_order = [s.key for s in old.sessions()]
    new_order = [s.key for s in new.sessions()]
    for key in old_order:
        if key not in new_sessions:
            changes.append(Change(path=key, before=session_text(old_sessions[key])))
    common = [k for k in new_order if k in old_sessions]
    old_pos = {k: i for i, k in enumerate(k for k in old_order if k in new_sessions)}
    stable = _stable([old_pos[k] for k in common])
    old_week = {s.key: w.index for w in old.weeks for s in w.sessions}
    new_week = {s.key: w.index for w in new.weeks for s in w.sessions}
    for index, key in enumerate(common):
        if index not in stable:
            changes.append(
                Change(
                    path=f"{key}.position",
                    before=f"week {old_week[key]}, #{old_order.index(key) + 1}",
                    after=f"week {new_week[key]}, #{new_order.index(key) + 1}",
                )
            )
    for key in new_order:
        after = new_sessions[key]
        if key not in old_sessions:
            changes.append(Change(path=key, after=session_text(after)))
            continue
        changes.extend(_session_diff(key, old_sessions[key], after))
    for old_w, new_w in zip(old.weeks, new.weeks, strict=False):
        if old_w.deload != new_w.deload:
            changes.append(
                Change(path=f"week{new_w.index}.deload", before=old_w.deload, after=new_w.deload)
            )
    return changes


def _session_diff(key: str, old: PlannedSession, new: PlannedSession) -> list[Change]:
    changes: list[Change] = []
    for name in ("status", "done_on", "name", "estimated_minutes"):
        before, after = getattr(old, name), getattr(new, name)
        if before != after:
            changes.append(
                Change(
                    path=f"{key}.{name}",
                    before=before.isoformat() if isinstance(before, date) else before,
                    after=after.isoformat() if isinstance(after, date) else after,
                )
            )
    old_items, new_items = list(old.items), list(new.items)
    taken: set[int] = set()
    source: list[int | None] = []  # for each new item, the old item it continues (or None)
    for item in new_items:
        found = next(
            (
                k
                for k, o in enumerate(old_items)
                if k not in taken and o.exercise == item.exercise and o.kind == item.kind
            ),
            None,
        )
        if found is not None:
            taken.add(found)
        source.append(found)
    removed = [k for k in range(len(old_items)) if k not in taken]
    # An item removed and one added at the same place is a replacement.
    for j, found in enumerate(source):
        if found is None and j in removed and old_items[j].kind == new_items[j].kind:
            removed.remove(j)
            source[j] = j
    for k in removed:
        changes.append(
            Change(path=f"{key}.{old_items[k].exercise}", before=item_text(old_items[k]))
        )
    for j, i in enumerate(source):
        item = new_items[j]
        if i is None:
            changes.append(Change(path=f"{key}.{item.exercise}", after=item_text(item)))
            continue
        before_item = old_items[i]
        if before_item.exercise != item.exercise:
            changes.append(
                Change(
                    path=f"{key}.items[{j + 1}].exercise",
                    before=before_item.exercise,
                    after=item.exercise,
                )
            )
        a, b = _fields(before_item), _fields(item)
        for name, value in b.items():
            if a.get(name) != value:
                changes.append(
                    Change(path=f"{key}.{item.exercise}.{name}", before=a.get(name), after=value)
                )
    return changes


# --- resolving exercises ------------------------------------------------------------------------


def _norm(text: str) -> str:
    return str(utils.default_process(text.replace("-", " ").replace("_", " ")))


def resolve_record(library: Sequence[ExerciseRecord], text: str) -> ExerciseRecord:
    """The library record ``text`` names (slug, name or alias, any case or spacing), or
    ``InvalidInput`` with the closest names."""
    want = _norm(text)
    for record in library:
        if want in (_norm(record.slug), _norm(record.name)):
            return record
    for record in library:
        if any(_norm(a) == want for a in record.aliases):
            return record
    names = {_norm(r.name): r.name for r in library}
    close = process.extract(want, list(names), scorer=fuzz.WRatio, limit=3, score_cutoff=60)
    hint = f"; did you mean {', '.join(repr(names[c]) for c, _, _ in close)}?" if close else ""
    raise InvalidInput(
        f"unknown exercise {text!r}{hint}; search the exercise library for its name",
        details={"suggestions": [names[c] for c, _, _ in close]},
    )


def is_cardio(record: ExerciseRecord) -> bool:
    """Whether a record is prescribed as a cardio item (duration at an intensity)."""
    return record.category == "cardio"


# --- applying -----------------------------------------------------------------------------------


# Who asked for an edit, as the athlete reads it.
WHO: dict[str, str] = {
    "athlete": "you",
    "coach": "your coach",
    "assistant": "the assistant",
    "rl": "the learned policy",
    "review": "the weekly review",
}


def describe(op: EditOp) -> str:
    """What an edit does, in a few words (the ``edit_applied`` reason's ``what``)."""
    session = getattr(op, "session", None)
    where = f" in {session}" if session else ""
    if isinstance(op, ReplaceExercise):
        return f"{op.exercise} replaced by {op.to}{where}"
    if isinstance(op, AddExercise):
        return f"{op.exercise} added to {op.session}"
    if isinstance(op, RemoveExercise):
        return f"{op.exercise} removed{where}"
    if isinstance(op, ChangeSets):
        return f"{op.exercise} set to {op.sets} set(s){where}"
    if isinstance(op, ChangeReps):
        return f"{op.exercise} set to {op.rep_min}-{op.rep_max} reps{where}"
    if isinstance(op, ChangeLoad):
        return f"{op.exercise} set to {op.load_kg:g} kg{where}"
    if isinstance(op, ChangeRir):
        return f"{op.exercise} set to {op.target_rir:g} reps in reserve{where}"
    if isinstance(op, MoveSession):
        to = f"position {op.position}" if op.position is not None else f"{op.on}"
        return f"{op.session} moved to {to}"
    if isinstance(op, SkipSession):
        return f"{op.session} skipped"
    if isinstance(op, SetDaysPerWeek):
        return f"{op.days} training day(s) a week"
    if isinstance(op, SetSessionMinutes):
        return f"{op.minutes}-minute sessions"
    if isinstance(op, SetEquipment):
        return f"equipment set to {_show(list(op.equipment))}"
    return "the plan regenerated"


def edit_reason(op: EditOp, by: str) -> Reason:
    """The reason an applied edit carries: what changed and who asked for it."""
    return reason("edit_applied", what=describe(op), who=WHO.get(by, by))


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


def _move(plan: Plan, op: MoveSession, why: Reason) -> Plan:
    session = _planned(plan, op.session)
    order = [s.key for s in plan.sessions() if s.status == "planned"]
    if op.position is not None:
        position = min(op.position, len(order))
    else:
        assert op.on is not None
        as_of = op.as_of or plan.start
        dates = [p.on for p in upcoming(plan, as_of)]
        position = next(
            (i + 1 for i, d in enumerate(dates) if d is not None and d >= op.on), len(order)
        )
    order.remove(op.session)
    order.insert(position - 1, op.session)
    moved = session.model_copy(update={"reasons": _add_reason(session.reasons, why)})
    by_key = {s.key: s for s in plan.sessions()}
    by_key[op.session] = moved
    queue = iter(order)
    weeks: list[Week] = []
    for week in plan.weeks:
        sessions = [s if s.status != "planned" else by_key[next(queue)] for s in week.sessions]
        weeks.append(week.model_copy(update={"sessions": sessions}))
    return plan.model_copy(update={"weeks": weeks})


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
        words.append(f"equipment: {_show(equipment)}")
    return replace(inputs, **update), ", ".join(words) or "your current profile"


def _show(value: Any) -> str:
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "bodyweight only"
    return str(value)


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
