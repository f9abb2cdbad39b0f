"""What the exercise names of an athlete's imported files mean: the athlete's remembered
choice, else a confident library match, else a review by the athlete (the import of device files and app exports).

A name is never mapped silently when the resolver is unsure (``coach.exercise_names``:
below ``AUTO_MAP_CONFIDENCE``, ambiguous or unknown): it goes to review with suggestions, and
what the athlete chooses there (an exercise, or "leave these sets out") is remembered under the
name's ``name_key``, for the next import and for the chat (``remembered_slugs``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from fitcoach.coach import app_names
from fitcoach.coach import own_exercises as own
from fitcoach.coach.exercise_names import (
    NameResolver,
    Resolution,
    library_resolver,
    name_key,
    parse_name,
)
from fitcoach.coach.library import ExerciseRecord, library_records
from fitcoach.coach.library import name_key as library_key
from fitcoach.core import bounds
from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import Exercise
from fitcoach.storage.repositories import exercise_names as repo
from fitcoach.storage.repositories import exercises as exercise_repo

Status = Literal["chosen", "matched", "skip", "review", "own"]
MAX_NAME_CHARS = 200  # the stored name and key columns
SUGGESTIONS = 5


@dataclass(frozen=True)
class NameMatch:
    """What one name of a file means.

    ``status``: "chosen" (the athlete's remembered choice), "matched" (a confident library
    match), "skip" (the athlete chose to leave these sets out) or "review" (unknown, ambiguous
    or doubtful: ask the athlete; ``exercise_slug`` is then None, the doubtful entry being the
    first suggestion). ``confidence``: 1.0 for the athlete's own choice, else the resolver's
    (0 when nothing fits). ``suggestions``: library names to offer, best first (up to 5).
    ``assisted``: the name or the exercise is an assisted movement, so the weight an app logs
    for it is the assistance, not added load. ``own``: status "own", a name no library
    exercise is but that clearly names one movement: the import keeps it as the athlete's own
    exercise with this suggestion (``coach.own_exercises``), rather than asking.
    """

    name: str
    status: Status
    exercise_slug: str | None
    exercise_name: str | None
    confidence: float
    suggestions: tuple[str, ...] = ()
    assisted: bool = False
    own: own.OwnDraft | None = None


def _checked(name: str) -> str:
    """``name_key`` of ``name``, or ``InvalidInput`` saying what is wrong with the name."""
    bounds.check_text(name, "exercise name")
    if len(name) > MAX_NAME_CHARS:
        raise InvalidInput(
            f"exercise name {name[:40]!r}... is {len(name)} characters long; at most "
            f"{MAX_NAME_CHARS} are remembered: shorten it"
        )
    key = name_key(name)
    if not key:
        raise InvalidInput(
            f"exercise name {name!r} has no letters or digits; name the exercise in words"
        )
    return key[:MAX_NAME_CHARS]


class _Library:
    """The library table loaded once per call, with the resolver over the shipped records."""

    def __init__(self, ctx: ServiceContext, athlete_id: int | None = None) -> None:
        scope = ctx.scope(athlete_id) if athlete_id is not None else None
        rows = list(exercise_repo.all_exercises(ctx.session, scope))
        if not rows:
            raise InvalidInput(
                "the exercise library is empty; the operator must migrate the database first"
            )
        self.by_slug = {e.slug: e for e in rows}
        self.resolver: NameResolver = library_resolver()
        self.records: dict[str, ExerciseRecord] = {r.slug: r for r in library_records()}

    def agrees(self, name: str, slug: str | None, logged: str | None) -> bool:
        """Whether the entry ``slug`` can be ``name`` in kind (``app_names.agrees``)."""
        record = self.records.get(slug) if slug else None
        return record is not None and app_names.agrees(name, record, logged)

    def doubtful(self, name: str, found: Resolution, logged: str | None) -> bool:
        """Whether a name not mapped by itself may still be a library exercise: the resolver
        found an entry or candidates that agree with it in kind (then the athlete says)."""
        near = [found.slug] if found.slug else []
        return any(self.agrees(name, s, logged) for s in (*near, *found.candidates))

    def name(self, slug: str | None) -> str | None:
        row = self.by_slug.get(slug) if slug else None
        return row.name if row is not None else None

    def suggestions(self, name: str, logged: str | None = None) -> tuple[str, ...]:
        """Library names to offer for ``name``: only entries that agree with it in kind
        (equipment, and what its sets log), never a neighbour of another kind."""
        slugs = self.resolver.suggest(name, limit=SUGGESTIONS * 3)
        kept = [s for s in slugs if self.agrees(name, s, logged)]
        names = [n for n in (self.name(s) for s in kept) if n is not None]
        return tuple(names[:SUGGESTIONS])

    def assisted(self, name: str, slug: str | None) -> bool:
        return parse_name(name).assisted or (slug is not None and self.resolver.is_assisted(slug))

    def remembered(self, name: str, choice: repo.StoredChoice) -> NameMatch:
        return NameMatch(
            name=name,
            status="chosen" if choice.exercise_id is not None else "skip",
            exercise_slug=choice.slug,
            exercise_name=self.name(choice.slug),
            confidence=1.0,
            suggestions=self.suggestions(name),
            assisted=self.assisted(name, choice.slug),
        )


def map_names(
    ctx: ServiceContext,
    athlete_id: int,
    names: Sequence[str],
    logged: Mapping[str, str] | None = None,
) -> dict[str, NameMatch]:
    """What each of ``names`` (as a file writes them) means for the athlete, by name: their
    remembered choice first, then the apps' catalogue (``coach.app_names``: a name Strong,
    Hevy or FitNotes ships), then a confident library match that agrees with the name in kind,
    else "review". ``logged``: per name, what its sets log ("lifted" or "timed"), so that sets
    of reps never map to a cardio entry. One query reads the choices; the library is loaded
    once. A name without letters or digits, or longer than 200 characters, is refused
    (``InvalidInput``): the caller leaves such rows out first."""
    scope = ctx.scope(athlete_id)
    keys = {name: _checked(name) for name in dict.fromkeys(names)}
    stored = repo.choices_for(ctx.session, scope, set(keys.values()))
    library = _Library(ctx, athlete_id)
    out: dict[str, NameMatch] = {}
    for name, key in keys.items():
        choice = stored.get(key)
        if choice is not None:
            out[name] = library.remembered(name, choice)
            continue
        kind = (logged or {}).get(name)
        shipped, slug = app_names.lookup(name)
        if shipped and slug is not None and slug in library.by_slug:
            out[name] = NameMatch(
                name=name,
                status="matched",
                exercise_slug=slug,
                exercise_name=library.name(slug),
                confidence=1.0,
                suggestions=library.suggestions(name, kind),
                assisted=library.assisted(name, slug),
            )
            continue
        found = library.resolver.resolve(name)
        confident = (
            not shipped  # a shipped name the library lacks is never mapped to a neighbour
            and found.confident
            and found.slug in library.by_slug
            and library.agrees(name, found.slug, kind)
        )
        # A name an app ships that the catalogue says the library lacks is never a neighbour;
        # another name is doubtful when the library has an entry or candidates of its kind.
        if not confident and (shipped or not library.doubtful(name, found, kind)):
            # No library exercise is it: when the name clearly says one movement, it is
            # suggested as the athlete's own exercise (kept at the import), not asked about.
            draft = own.suggest(name, lifted=kind != "timed", resolver=library.resolver)
            # A name the library has exactly is never kept as an own exercise (``add`` refuses
            # it and the whole file would fail): a catalogue's null older than the library's
            # entry ("Zercher Squat (Barbell)") is asked about, the entry suggested.
            if draft.clear and own.library_named(name, library.resolver) is None:
                out[name] = NameMatch(
                    name=name,
                    status="own",
                    exercise_slug=None,
                    exercise_name=None,
                    confidence=found.confidence,
                    suggestions=library.suggestions(name, kind),
                    assisted=found.assisted,
                    own=draft,
                )
                continue
        out[name] = NameMatch(
            name=name,
            status="matched" if confident else "review",
            exercise_slug=found.slug if confident else None,
            exercise_name=library.name(found.slug) if confident else None,
            confidence=found.confidence,
            suggestions=library.suggestions(name, kind),
            assisted=found.assisted,
        )
    return out


def _exact(library: _Library, exercise: str) -> Exercise:
    """The library exercise ``exercise`` names exactly (slug, name or alias)."""
    bounds.check_text(exercise, "exercise")
    wanted = library_key(exercise)
    if exercise in library.by_slug:
        return library.by_slug[exercise]
    for row in library.by_slug.values():
        if wanted in (library_key(row.name), library_key(row.slug)):
            return row
    aliased = [r for r in library.by_slug.values() if wanted in map(library_key, r.aliases)]
    if len(aliased) == 1:
        return aliased[0]
    names = list(library.suggestions(exercise))
    hint = f"; did you mean {', '.join(repr(n) for n in names[:3])}?" if names else ""
    raise InvalidInput(
        f"exercise {exercise!r} is not a name or slug of the exercise library{hint} Give one "
        "of its exact names, or none to leave these sets out",
        details={"suggestions": names},
    )


def choose(ctx: ServiceContext, athlete_id: int, name: str, exercise: str | None) -> NameMatch:
    """Remember what ``name`` means for the athlete: ``exercise`` (a slug or an exact name of
    the library), or None to leave its sets out. Replaces an earlier choice; audited."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    key = _checked(name)
    library = _Library(ctx, athlete_id)
    row = _exact(library, exercise) if exercise is not None else None
    choice = repo.upsert(
        ctx.session,
        scope,
        name_key=key,
        name=name.strip()[:MAX_NAME_CHARS],
        exercise_id=row.id if row is not None else None,
        at=ctx.clock.now(),
    )
    ctx.audit(
        "update",
        "exercise_name_choice",
        athlete_id=athlete_id,
        detail={"exercise": row.slug if row is not None else None},
    )
    return library.remembered(name, choice)


def choices(ctx: ServiceContext, athlete_id: int) -> list[NameMatch]:
    """The athlete's remembered choices, by name key ("chosen" or "skip")."""
    rows = repo.all_choices(ctx.session, ctx.scope(athlete_id))
    if not rows:
        return []
    library = _Library(ctx, athlete_id)
    return [library.remembered(row.name, row) for row in rows]


def forget(ctx: ServiceContext, athlete_id: int, name: str) -> None:
    """Forget the athlete's choice for ``name`` (the next import asks again); ``NotFound``
    when there is none. Audited."""
    scope = ctx.scope(athlete_id)
    if not repo.forget(ctx.session, scope, _checked(name)):
        raise NotFound(f"no remembered choice for the exercise name {name!r}")
    ctx.audit("delete", "exercise_name_choice", athlete_id=athlete_id)


def remembered_slugs(ctx: ServiceContext, athlete_id: int) -> dict[str, str]:
    """``name_key`` → slug of the athlete's chosen names (not those left out): what the chat
    reads a name as before the library, so a name mapped at an import means the same there."""
    rows = repo.all_choices(ctx.session, ctx.scope(athlete_id))
    return {row.name_key: row.slug for row in rows if row.slug is not None}
