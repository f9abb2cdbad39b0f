"""An athlete's own exercises: names an app uses that the library lacks, kept as theirs with
the muscles, equipment and movement pattern they chose or that the name suggests
(``coach.own_exercises``), as Strong, Hevy and wger keep custom exercises.

An own exercise is a row of the exercise table owned by the athlete (``storage.models.
exercises``), so its sets are in the history, its bests in the records and its sets in an
export like any other. Its name is remembered as the athlete's choice for that name
(``exercise_names``), so the next import and the chat ("3x8 my weird machine row") read it
as this exercise; no other athlete sees it. Every query is scoped to the athlete.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Mapping
from types import MappingProxyType
from typing import Any, NotRequired, TypedDict

from fitcoach.coach import own_exercises as drafts
from fitcoach.coach.exercise_names import library_resolver, name_key
from fitcoach.coach.library import ExerciseRecord, library_records
from fitcoach.coach.own_exercises import UNKNOWN, OwnDraft
from fitcoach.coach.own_planning import missing_for_plan, own_record
from fitcoach.coach.safety import default_library
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Exercise
from fitcoach.storage.models.exercises import OWN_PREFIX
from fitcoach.storage.repositories import exercise_names as choice_repo
from fitcoach.storage.repositories import exercises as repo
from fitcoach.storage.repositories import plans as plan_repo
from fitcoach.storage.rows import ExerciseValues

__all__ = [
    "UNKNOWN", "OwnDraft", "OwnExerciseRow", "add", "as_dict", "delete", "exercise_names", "keep", "kept", "kept_as",
    "listed", "named", "names", "not_planned_why", "own_row", "plan_library", "plan_records",
    "suggest", "update",
]  # fmt: skip


def suggest(name: str, *, lifted: bool = True) -> OwnDraft:
    """What an own exercise named ``name`` would be (pattern, equipment, muscles)."""
    return drafts.suggest(name, lifted=lifted)


class OwnExerciseRow(TypedDict):
    """An own exercise as plain data (``as_dict``); ``sets`` only where it was counted."""

    slug: str
    name: str
    own: bool
    category: str
    movement_pattern: str
    equipment: list[str]
    primary_muscles: list[str]
    secondary_muscles: list[str]
    mechanics: str
    plannable: bool
    sets: NotRequired[int]


def as_dict(row: Exercise, sets: int | None = None) -> OwnExerciseRow:
    """An own exercise as plain data (``plannable``: its pattern and equipment are known)."""
    out: OwnExerciseRow = {
        "slug": row.slug,
        "name": row.name,
        "own": True,
        "category": row.category,
        "movement_pattern": row.movement_pattern,
        "equipment": list(row.equipment),
        "primary_muscles": list(row.primary_muscles),
        "secondary_muscles": list(row.secondary_muscles),
        "mechanics": row.mechanics,
        "plannable": missing_for_plan(row.movement_pattern, row.equipment) is None,
    }
    if sets is not None:
        out["sets"] = sets
    return out


def _slug_words(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-") or "exercise"


def _row_values(slug: str, draft: OwnDraft) -> ExerciseValues:
    return {
        "slug": slug,
        "name": draft.name,
        "aliases": [],
        "category": draft.category,
        "movement_pattern": draft.movement_pattern,
        "primary_muscles": list(draft.primary_muscles),
        "secondary_muscles": list(draft.secondary_muscles),
        "equipment": list(draft.equipment),
        "level": "intermediate",
        "mechanics": draft.mechanics,
        "unilateral": False,
        "body_regions": [],
        "contraindicated_regions": [],
        "contraindicated_conditions": [],
        "met": None,
        "description": "",
    }


def _refuse_library_name(name: str) -> None:
    slug = drafts.library_named(name)
    if slug is not None:
        names = {r.slug: r.name for r in library_resolver().records}
        raise InvalidInput(
            f"{name!r} is the library's {names[slug]}: log it under that name, or give "
            "your exercise a name of its own",
            details={"field": "name", "exercise": slug},
        )


def _own_by_key(ctx: ServiceContext, scope: AthleteScope) -> dict[str, Exercise]:
    return {name_key(row.name): row for row in repo.own_exercises(ctx.session, scope)}


def add(
    ctx: ServiceContext, athlete_id: int, draft: OwnDraft, *, also_for: str | None = None
) -> OwnExerciseRow:
    """Keep ``draft`` as one of the athlete's own exercises; its name (and ``also_for``, the
    app's name it stands for, when another) is remembered as that exercise for imports and
    the chat. ``Conflict`` when the athlete has one of that name; ``InvalidInput`` when the
    name is a library exercise's. Audited."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    draft = drafts.checked(
        name=draft.name,
        category=draft.category,
        movement_pattern=draft.movement_pattern,
        equipment=draft.equipment,
        primary_muscles=draft.primary_muscles,
        secondary_muscles=draft.secondary_muscles,
        mechanics=draft.mechanics,
    )
    key = name_key(draft.name)
    if not key:
        raise InvalidInput("name an own exercise in words", details={"field": "name"})
    _refuse_library_name(draft.name)
    if key in _own_by_key(ctx, scope):
        raise Conflict(f"you have an own exercise named {draft.name!r} already")
    base = f"{OWN_PREFIX}{athlete_id}-{_slug_words(draft.name)}"[:72].rstrip("-")
    slug, n = base, 1
    while repo.by_slug(ctx.session, slug, scope) is not None:
        n += 1
        slug = f"{base}-{n}"
    row = repo.add_own(ctx.session, scope, _row_values(slug, draft), ctx.clock.now())
    for said in dict.fromkeys(n for n in (draft.name, also_for) if n):
        said_key = name_key(said)
        if said_key:
            choice_repo.upsert(
                ctx.session,
                scope,
                name_key=said_key[:200],
                name=said.strip()[:200],
                exercise_id=row.id,
                at=ctx.clock.now(),
            )
    ctx.audit("create", "own_exercise", row.id, athlete_id=athlete_id)
    return as_dict(row, 0)


def keep(ctx: ServiceContext, athlete_id: int, name: str, *, lifted: bool = True) -> OwnExerciseRow:
    """Keep the app's ``name`` as an own exercise with what the name suggests; the athlete's
    own exercise of that name when there is one already (its choice remembered again)."""
    scope = ctx.scope(athlete_id)
    existing = _own_by_key(ctx, scope).get(name_key(name))
    if existing is not None:
        choice_repo.upsert(
            ctx.session,
            scope,
            name_key=name_key(name)[:200],
            name=name.strip()[:200],
            exercise_id=existing.id,
            at=ctx.clock.now(),
        )
        return as_dict(existing)
    return add(ctx, athlete_id, suggest(name[:120], lifted=lifted))


def kept(ctx: ServiceContext, athlete_id: int, draft: OwnDraft) -> OwnExerciseRow:
    """The athlete's own exercise named as ``draft`` is, unchanged, when they have one (keeping
    a name twice keeps it once; ``update`` changes it), else ``draft`` kept as a new one."""
    scope = ctx.scope(athlete_id)
    existing = _own_by_key(ctx, scope).get(name_key(draft.name))
    if existing is not None:
        return as_dict(existing, repo.sets_of(ctx.session, scope, existing.id))
    return add(ctx, athlete_id, draft)


def kept_as(ctx: ServiceContext, athlete_id: int, draft: OwnDraft) -> int:
    """The id of ``kept`` (an import of an export maps its sets to it)."""
    return own_row(ctx, athlete_id, kept(ctx, athlete_id, draft)["slug"]).id


def own_row(ctx: ServiceContext, athlete_id: int, slug: str) -> Exercise:
    """The athlete's own exercise ``slug`` as stored (``NotFound`` when they have none)."""
    return _own(ctx, ctx.scope(athlete_id), slug)


def _own(ctx: ServiceContext, scope: AthleteScope, slug: str) -> Exercise:
    row = repo.own_by_slug(ctx.session, scope, slug)
    if row is None:
        raise NotFound(f"you have no own exercise {slug!r}")
    return row


def listed(ctx: ServiceContext, athlete_id: int) -> list[OwnExerciseRow]:
    """The athlete's own exercises, by name, each with how many sets are logged of it."""
    scope = ctx.scope(athlete_id)
    return [
        as_dict(row, repo.sets_of(ctx.session, scope, row.id))
        for row in repo.own_exercises(ctx.session, scope)
    ]


def named(ctx: ServiceContext, athlete_id: int, text: str) -> OwnExerciseRow | None:
    """The athlete's own exercise ``text`` names (its name or slug, any case, spacing or
    filler word), or None: another athlete's own exercises are never seen."""
    want = name_key(text)
    if not want:
        return None
    for row in repo.own_exercises(ctx.session, ctx.scope(athlete_id)):
        if want in (name_key(row.name), name_key(row.slug)):
            return as_dict(row)
    return None


def update(ctx: ServiceContext, athlete_id: int, slug: str, **changes: Any) -> OwnExerciseRow:
    """Change an own exercise's name, category, pattern, equipment, muscles or mechanics
    (each checked as when it was added); its sets stay with it. Audited."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    row = _own(ctx, scope, slug)
    allowed = {
        "name", "category", "movement_pattern", "equipment", "primary_muscles",
        "secondary_muscles", "mechanics",
    }  # fmt: skip
    unknown = set(changes) - allowed
    if unknown:
        raise InvalidInput(f"an own exercise has no {', '.join(sorted(unknown))}")
    current = {k: getattr(row, k) for k in allowed}
    merged = {**current, **{k: v for k, v in changes.items() if v is not None}}
    draft = drafts.checked(**merged)
    if not draft.plannable and _in_plan_in_force(ctx, scope, row.slug):
        raise Conflict(
            f"{row.name} is in your plan, which needs its movement pattern and equipment: "
            "swap it out of the plan first, or keep them known"
        )
    if name_key(draft.name) != name_key(row.name):
        _refuse_library_name(draft.name)
        if name_key(draft.name) in _own_by_key(ctx, scope):
            raise Conflict(f"you have an own exercise named {draft.name!r} already")
        choice_repo.upsert(
            ctx.session,
            scope,
            name_key=name_key(draft.name)[:200],
            name=draft.name[:200],
            exercise_id=row.id,
            at=ctx.clock.now(),
        )
    for key, value in _row_values(row.slug, draft).items():
        if key in allowed:
            setattr(row, key, value)
    ctx.session.flush()
    ctx.audit("update", "own_exercise", row.id, athlete_id=athlete_id)
    return as_dict(row, repo.sets_of(ctx.session, scope, row.id))


def _in_plan_in_force(ctx: ServiceContext, scope: AthleteScope, slug: str) -> bool:
    """Whether the plan in force names ``slug`` (its stored text holds it as a JSON string)."""
    found = plan_repo.active_text(ctx.session, scope)
    return found is not None and f'"{slug}"' in found[1]


def delete(ctx: ServiceContext, athlete_id: int, slug: str) -> None:
    """Delete an own exercise that no set is logged under (``Conflict`` saying how many are:
    a history is never lost by deleting its exercise), with the names remembered as it (the
    next import asks about them again). Audited."""
    scope = ctx.scope(athlete_id)
    row = _own(ctx, scope, slug)
    if _in_plan_in_force(ctx, scope, row.slug):
        raise Conflict(f"{row.name} is in your plan: swap it out of the plan first")
    sets = repo.sets_of(ctx.session, scope, row.id)
    if sets:
        raise Conflict(
            f"{sets:,} set{'s are' if sets != 1 else ' is'} logged as {row.name}; delete "
            "or take back those sets first (or rename the exercise instead)"
        )
    choice_repo.forget_exercise(ctx.session, scope, row.id)
    repo.delete_own(ctx.session, scope, row.id)
    ctx.audit("delete", "own_exercise", row.id, athlete_id=athlete_id)


# --- plans --------------------------------------------------------------------------------------

# The planning library by the athlete's plannable own exercises as they are (their values are
# the key): the same tuple and mapping while nothing changes, so the planner's per-library
# index (``coach.planner.catalog``) is made once, not on every generation.
_LIBRARIES: OrderedDict[
    tuple[Any, ...], tuple[tuple[ExerciseRecord, ...], Mapping[str, ExerciseRecord]]
]
_LIBRARIES = OrderedDict()
_LIBRARIES_LOCK = threading.Lock()
_LIBRARY_ENTRIES = 128


def _plan_key(row: Exercise) -> tuple[Any, ...]:
    return (
        row.slug, row.name, row.category, row.movement_pattern, tuple(row.equipment),
        tuple(row.primary_muscles), tuple(row.secondary_muscles), row.mechanics,
    )  # fmt: skip


def _libraries(
    ctx: ServiceContext, athlete_id: int
) -> tuple[tuple[ExerciseRecord, ...], Mapping[str, ExerciseRecord]]:
    rows = [
        row
        for row in repo.own_exercises(ctx.session, ctx.scope(athlete_id))
        if missing_for_plan(row.movement_pattern, row.equipment) is None
    ]
    if not rows:
        return library_records(), default_library()
    key = tuple(_plan_key(row) for row in rows)
    with _LIBRARIES_LOCK:
        found = _LIBRARIES.get(key)
        if found is not None:
            _LIBRARIES.move_to_end(key)
            return found
    shipped = library_records()
    own = [
        record
        for row in rows
        if (
            record := own_record(
                slug=row.slug,
                name=row.name,
                category=row.category,
                movement_pattern=row.movement_pattern,
                equipment=row.equipment,
                primary_muscles=row.primary_muscles,
                secondary_muscles=row.secondary_muscles,
                mechanics=row.mechanics,
                library=shipped,
            )
        )
        is not None
    ]
    records = (*shipped, *own)
    made = (records, MappingProxyType({r.slug: r for r in records}))
    with _LIBRARIES_LOCK:
        _LIBRARIES[key] = made
        while len(_LIBRARIES) > _LIBRARY_ENTRIES:
            _LIBRARIES.popitem(last=False)
    return made


def plan_records(ctx: ServiceContext, athlete_id: int) -> tuple[ExerciseRecord, ...]:
    """The exercises a plan of the athlete's may hold: the library and those of their own
    exercises whose pattern and equipment are known, each judged for safety as
    ``coach.own_planning`` infers it. Read only."""
    return _libraries(ctx, athlete_id)[0]


def plan_library(ctx: ServiceContext, athlete_id: int) -> Mapping[str, ExerciseRecord]:
    """``plan_records`` by slug (the safety validator's library). Read only."""
    return _libraries(ctx, athlete_id)[1]


def not_planned_why(ctx: ServiceContext, athlete_id: int, slug: str) -> str | None:
    """Why the athlete's own exercise ``slug`` cannot be planned, in words (what to fill in
    and where), or None when it can."""
    row = repo.own_by_slug(ctx.session, ctx.scope(athlete_id), slug)
    if row is None:
        raise NotFound(f"you have no own exercise {slug!r}")
    missing = missing_for_plan(row.movement_pattern, row.equipment)
    if missing is not None:
        return f"{row.name} is your own exercise: to plan it, {missing}"
    if plan_library(ctx, athlete_id).get(slug) is None:
        return (
            f"{row.name} is your own exercise, and the library has no "
            f"{row.movement_pattern.replace('_', ' ')} exercise to judge its safety by; "
            "choose another movement pattern for it on the Exercises page"
        )
    return None


def exercise_names(ctx: ServiceContext, athlete_id: int) -> dict[str, str]:
    """The library's names by slug with the athlete's own exercises' among them."""
    return {**_library_names(), **names(ctx, athlete_id)}


@functools.cache
def _library_names() -> dict[str, str]:
    return {r.slug: r.name for r in library_records()}


def names(ctx: ServiceContext, athlete_id: int) -> dict[str, str]:
    """The athlete's own exercises' names by slug (pages and answers show them so)."""
    return {row.slug: row.name for row in repo.own_exercises(ctx.session, ctx.scope(athlete_id))}
