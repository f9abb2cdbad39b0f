"""The exercise library: load the shipped data, resolve what people type to an exercise,
search it with typo-tolerant names and filters, and find substitutes an athlete can do."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from fitcoach.coach.exercise_names import library_resolver
from fitcoach.coach.library import (
    SEARCH_CUTOFF,
    Constraints,
    ExerciseHit,
    ExerciseRecord,
    as_record_dict,
    available_equipment,
    best_name_scores,
    constraints_for,
    db_row,
    library_by_slug,
    library_records,
    name_choices,
    name_key,
    parse_library,
    rank_substitutes,
    search_records,
    vocabulary_value,
)
from fitcoach.coach.library import name_key as _key
from fitcoach.core import bounds
from fitcoach.core.errors import InvalidInput
from fitcoach.services.athletes import get_athlete
from fitcoach.services.context import ServiceContext
from fitcoach.storage import versions
from fitcoach.storage.models import Exercise
from fitcoach.storage.models.exercises import OWN_PREFIX
from fitcoach.storage.repositories import exercises as repo

# The engine's library (``fitcoach.coach.library``) is part of this service's interface.
__all__ = [
    "SEARCH_CUTOFF", "Constraints", "ExerciseHit", "ExerciseRecord", "as_dict", "as_record_dict",
    "available_equipment", "best_name_scores", "constraints_for", "db_row", "get",
    "library_by_slug", "library_records", "load_library", "name_choices", "name_index",
    "name_key", "parse_library", "rank_substitutes", "resolve", "resolve_ids", "resolve_many",
    "search",
    "search_records", "substitutes", "vocabulary_value",
]  # fmt: skip


def load_library(ctx: ServiceContext) -> tuple[int, int]:
    """Insert or update the shipped library by slug; running it again changes nothing."""
    added, updated = repo.upsert(ctx.session, (db_row(r) for r in library_records()))
    if added or updated:
        ctx.audit("load", "exercise_library", detail={"added": added, "updated": updated})
    return added, updated


def name_index(exercises: list[Exercise] | tuple[Exercise, ...]) -> dict[str, Exercise]:
    """Normalised slug, name and alias → exercise, for exact lookups."""
    index: dict[str, Exercise] = {}
    for exercise in exercises:
        for alias in exercise.aliases:
            index.setdefault(_key(alias), exercise)
    for exercise in exercises:  # names and slugs win over aliases
        index[_key(exercise.name)] = exercise
        index[_key(exercise.slug)] = exercise
    return index


def resolve(ctx: ServiceContext, text: str, *, athlete_id: int | None = None) -> Exercise:
    """The exercise ``text`` names exactly (slug, name or alias), or ``InvalidInput``
    with the closest names as suggestions. With ``athlete_id``, that athlete's own exercises
    (by slug or name) come first; without it, only the library is seen."""
    return resolve_many(ctx, [text], athlete_id=athlete_id)[0]


def _own_index(ctx: ServiceContext, athlete_id: int | None) -> dict[str, Exercise]:
    """The athlete's own exercises by normalised slug and name (none without an athlete)."""
    if athlete_id is None:
        return {}
    out: dict[str, Exercise] = {}
    for row in repo.own_exercises(ctx.session, ctx.scope(athlete_id)):
        out[_key(row.name)] = row
        out[_key(row.slug)] = row
    return out


def resolve_many(
    ctx: ServiceContext, texts: Sequence[str], *, athlete_id: int | None = None
) -> list[Exercise]:
    """``resolve`` for several names, loading and indexing the library once."""
    for text in texts:
        bounds.check_text(text, "exercise name")  # no name has one; PostgreSQL cannot compare
    own = _own_index(ctx, athlete_id)
    if own:
        mine = {t: own[_key(t)] for t in texts if _key(t) in own}
        if mine:
            rest = [t for t in texts if t not in mine]
            found = dict(zip(rest, resolve_many(ctx, rest), strict=True)) if rest else {}
            return [mine[t] if t in mine else found[t] for t in texts]
    slugs = repo.by_slugs(ctx.session, texts)
    if all(t in slugs for t in texts):  # logs from apps and imports name slugs
        return [slugs[t] for t in texts]
    names = _names(ctx)
    if names is not None:  # names people type: their slugs from the process's index
        named = [t if t in slugs else _slug_in(names.by_key, t) for t in texts]
        wanted = [n for n in named if n is not None]
        if len(wanted) == len(named):
            found = repo.by_slugs(ctx.session, wanted)
            if all(n in found for n in wanted):
                return [found[n] for n in wanted]
    # A name the index does not know (or the library just changed): the whole library, which
    # also finds the suggestions of an unknown name.
    exercises = _all(ctx)
    by_name = name_index(tuple(exercises))
    return [_resolve_in(exercises, text, by_name) for text in texts]


@dataclass(frozen=True)
class _Names:
    """The library's names as a process keeps them, read at one global data version."""

    version: int
    by_key: dict[str, str]  # normalised slug, name or alias → slug (``slug_index``)
    ids: dict[str, int]  # slug → id


# Per database. The library changes only through writes that raise the global version
# (``storage.versions``), so a write made by any process is seen at the next resolution here.
_NAMES: dict[str, _Names] = {}
_NAMES_LOCK = threading.Lock()


def slug_index(rows: Iterable[tuple[str, str, Sequence[str]]]) -> dict[str, str]:
    """``name_index`` over (slug, name, aliases) rows, to slugs: the same keys win."""
    listed = list(rows)
    index: dict[str, str] = {}
    for slug, _name, aliases in listed:
        for alias in aliases:
            index.setdefault(_key(alias), slug)
    for slug, name, _aliases in listed:  # names and slugs win over aliases
        index[_key(name)] = slug
        index[_key(slug)] = slug
    return index


def _names(ctx: ServiceContext) -> _Names | None:
    """The library's names, read once per process and global version: resolving a typed name
    read and indexed every row of the library, about half of logging a workout's CPU. None
    inside a transaction that has written to the library (not yet committed)."""
    session = ctx.session
    pending = (*session.new, *session.dirty, *session.deleted)
    if versions.GLOBAL in versions.touched(session) or any(
        isinstance(o, Exercise) for o in pending
    ):
        return None
    # The version first: rows read after it are at least as new as what it stands for.
    version = versions.global_version(session)
    database = str(session.get_bind().engine.url)
    cached = _NAMES.get(database)
    if cached is not None and cached.version == version:
        return cached
    rows = repo.name_rows(session)
    names = _Names(
        version,
        slug_index((slug, name, aliases) for _id, slug, name, aliases in rows),
        {slug: id_ for id_, slug, _name, _aliases in rows},
    )
    with _NAMES_LOCK:
        _NAMES[database] = names
    return names


Muscles = dict[str, tuple[str, list[str], list[str]]]
# Per database: (global version, slug → (category, primary, secondary muscles)) of every entry.
_MUSCLES: dict[str, tuple[int, Muscles]] = {}


def muscles_by_slugs(ctx: ServiceContext, slugs: Iterable[str]) -> Muscles:
    """``repo.muscles_by_slugs`` (category, primary and secondary muscles by slug; absent slugs
    left out) from the process's copy of the whole library's, read once per global version as
    the names are (``_names``): every load report counted its weeks' hard sets with a query
    of its exercises' rows. The lists are shared: read them, do not change them."""
    wanted = set(slugs)
    if not wanted:
        return {}
    session = ctx.session
    pending = (*session.new, *session.dirty, *session.deleted)
    if versions.GLOBAL in versions.touched(session) or any(
        isinstance(o, Exercise) for o in pending
    ):
        return repo.muscles_by_slugs(session, wanted)
    version = versions.global_version(session)  # first: the rows read after are as new
    database = str(session.get_bind().engine.url)
    cached = _MUSCLES.get(database)
    if cached is None or cached[0] != version:
        cached = (version, repo.all_muscles(session))
        with _NAMES_LOCK:
            _MUSCLES[database] = cached
    every = cached[1]
    out = {slug: every[slug] for slug in wanted if slug in every}
    missing = wanted - set(out)
    if missing:  # own exercises kept since the copy was read (they raise no global version)
        out.update(repo.muscles_by_slugs(session, missing))
    return out


def resolve_ids(
    ctx: ServiceContext, texts: Sequence[str], *, athlete_id: int | None = None
) -> list[int]:
    """The ids of the exercises ``texts`` name, as ``resolve_many`` resolves them (slugs
    first, then names), from the process's copy of the names: no query but the version's,
    where logging a workout needs only the ids. With ``athlete_id``, names of that athlete's
    own exercises (``own-`` slugs) resolve to them (one scoped query)."""
    for text in texts:
        bounds.check_text(text, "exercise name")
    if athlete_id is not None and any(t.startswith(OWN_PREFIX) for t in texts):
        return [e.id for e in resolve_many(ctx, texts, athlete_id=athlete_id)]
    names = _names(ctx)
    if names is not None:
        slugs = [t if t in names.ids else _slug_in(names.by_key, t) for t in texts]
        found = [names.ids.get(s) for s in slugs if s is not None]
        if len(found) == len(texts) and all(i is not None for i in found):
            return [i for i in found if i is not None]
    return [e.id for e in resolve_many(ctx, texts, athlete_id=athlete_id)]


def _slug_in(index: Mapping[str, str], text: str) -> str | None:
    """The slug ``text`` names in ``index`` as ``_resolve_in`` finds it (exactly, or an app's
    name of a single entry); None where ``_resolve_in`` would ask or refuse."""
    found = index.get(_key(text))
    if found is not None:
        return found
    named = library_resolver().resolve(text, typos=False)
    if named.slug is not None:
        return index.get(_key(named.slug))
    return None


def _all(ctx: ServiceContext) -> list[Exercise]:
    exercises = list(repo.all_exercises(ctx.session))
    if not exercises:
        raise InvalidInput(
            "the exercise library is empty; the operator must migrate the database first"
        )
    return exercises


def _resolve_in(
    exercises: Sequence[Exercise], text: str, index: dict[str, Exercise] | None = None
) -> Exercise:
    """``resolve`` over rows already loaded (callers that need the whole library load it once)."""
    index = index if index is not None else name_index(tuple(exercises))
    found = index.get(_key(text))
    if found is not None:
        return found
    # App names ("Squat (Barbell)", "Lateral Raise (Cable)"): movement words and equipment.
    named = library_resolver().resolve(text, typos=False)  # a typo gets suggestions, below
    if named.slug is not None and _key(named.slug) in index:
        return index[_key(named.slug)]
    names = [index[_key(s)].name for s in named.candidates if _key(s) in index]
    if names:  # several entries fit (or one with more words): ask, never pick one
        options = " or ".join(repr(n) for n in names)
        ask = f"did you mean {options}" if len(names) == 1 else options
        raise InvalidInput(f"which exercise is {text!r}? {ask}?", details={"suggestions": names})
    from rapidfuzz import fuzz, process  # on a miss only (the CLI's start-up)

    choices = list(index)
    close = process.extract(_key(text), choices, scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    names = list(dict.fromkeys(index[c].name for c, _, _ in close))[:3]
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    raise InvalidInput(
        f"unknown exercise {text!r}{hint}; search the exercise library for its name",
        details={"suggestions": names},
    )


_ROW_FIELDS = (
    "slug", "name", "aliases", "category", "movement_pattern", "primary_muscles",
    "secondary_muscles", "equipment", "level", "mechanics", "unilateral", "body_regions",
    "contraindicated_regions", "contraindicated_conditions", "met", "description",
)  # fmt: skip


def as_dict(exercise: Exercise) -> dict[str, Any]:
    """An exercise as plain data: the shipped record (with its biomechanics and derived
    contraindications), or what the table stored for an athlete's own exercise (``own``) or a
    row the shipped library no longer has."""
    record = library_by_slug().get(exercise.slug)
    if record is not None and exercise.athlete_id is None:
        return as_record_dict(record)
    return {
        **{f: getattr(exercise, f) for f in _ROW_FIELDS},
        "own": exercise.athlete_id is not None,
    }


def get(ctx: ServiceContext, slug_or_name: str) -> dict[str, Any]:
    """One exercise as plain data, named by slug, name or alias."""
    return as_dict(resolve(ctx, slug_or_name))


def _records(rows: Iterable[Exercise]) -> list[ExerciseRecord]:
    """The shipped records of table rows (a row the shipped library dropped is left out: its
    biomechanics, and so its safety, are unknown)."""
    shipped = library_by_slug()
    return [shipped[e.slug] for e in rows if e.slug in shipped]


def _record_of(exercise: Exercise) -> ExerciseRecord:
    record = library_by_slug().get(exercise.slug)
    if record is None:
        raise InvalidInput(
            f"{exercise.name} is no longer in the shipped exercise library, so it cannot be "
            f"matched safely; choose another exercise"
        )
    return record


def search(
    ctx: ServiceContext,
    query: str | None = None,
    *,
    muscle: str | None = None,
    equipment: Iterable[str] | None = None,
    pattern: str | None = None,
    category: str | None = None,
    level: str | None = None,
    limit: int = 20,
) -> list[ExerciseHit]:
    """Exercises matching a name typed with typos (names and aliases) and the filters.

    ``muscle`` matches primary or secondary muscles, primary ones ranked first; ``equipment``
    is what is available (``[]`` or ``["none"]``: bodyweight only) and keeps exercises that
    need nothing else; ``pattern``, ``category`` and ``level`` match exactly. Without a query
    the score is 100 (50 where the muscle is only a secondary one) and the order is by name.
    """
    return search_records(
        _records(_all(ctx)),
        query,
        muscle=muscle,
        equipment=equipment,
        pattern=pattern,
        category=category,
        level=level,
        limit=limit,
    )


def substitutes(
    ctx: ServiceContext,
    exercise: str,
    *,
    athlete_id: int | None = None,
    equipment: Iterable[str] | None = None,
    limit: int = 5,
) -> list[ExerciseHit]:
    """Exercises that can replace ``exercise`` (see ``rank_substitutes`` for the ranking).

    With ``athlete_id``, only what the athlete's equipment allows (bodyweight always does),
    nothing contraindicated for their injured regions or conditions, nothing they dislike;
    ``equipment`` (words as in ``available_equipment``) replaces the athlete's equipment.
    """
    rows = _all(ctx)
    target = _resolve_in(rows, exercise)
    constraints = Constraints()
    if athlete_id is not None:
        constraints = constraints_for(get_athlete(ctx, athlete_id).profile)
    if equipment is not None:
        constraints = replace(constraints, equipment=available_equipment(equipment))
    return rank_substitutes(
        _records(rows),
        _record_of(target),
        constraints,
        limit=limit,
    )
