"""An athlete's own exercise suggested from its name: what kind of movement an app's name
that the library lacks is ("My Weird Machine Row": a horizontal pull on a machine, for the
lats and upper back), and whether the name says so clearly.

The movement is the name's head word (its last movement word before a variant or the
equipment: "Iso-Lateral Row (Machine)" is a row). The library entries that are that movement
(their names have the head word) lend the pattern, category, mechanics and muscles: those
with the named equipment first, then the resolver's closest. The equipment is what the name
says ("(Band)", "Machine", "Cable"); a name that says none leaves it unknown (``UNKNOWN``),
so a plan never prescribes it. A name is ``clear`` when its head word is one movement of the
library (all its entries agree on the pattern among the closest); otherwise it is doubtful
and an import asks about it. Pure: no database.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.exercise_names import (
    BODYWEIGHT,
    EXACT,
    NameResolver,
    fits,
    library_resolver,
    parse_name,
    words,
)
from fitcoach.coach.library import ExerciseRecord, library_by_slug
from fitcoach.core.errors import InvalidInput

UNKNOWN = "unknown"
"""A movement pattern or equipment the athlete has not said and the name does not tell: an
own exercise with either unknown is logged, charted and exported, never planned."""
# Words that are no movement of their own: a name whose only movement words are these says
# nothing of what is done ("My Exercise", "Machine 3").
_EMPTY = frozenset({"my", "exercise", "movement", "new", "custom", "own", "one", "two", "station"})
# Among the entries sharing the head word, the pattern must be this share of them to be clear.
_AGREEMENT = 0.6
_NEIGHBOURS = 12


@dataclass(frozen=True)
class OwnDraft:
    """What an own exercise named ``name`` is, as suggested (or as the athlete said)."""

    name: str
    category: str = "strength"
    movement_pattern: str = UNKNOWN
    equipment: tuple[str, ...] = (UNKNOWN,)
    primary_muscles: tuple[str, ...] = ()
    secondary_muscles: tuple[str, ...] = ()
    mechanics: str = "compound"
    clear: bool = False
    like: str | None = None  # the library entry the suggestion follows (its slug)
    reasons: tuple[str, ...] = field(default=())

    @property
    def plannable(self) -> bool:
        """Whether a plan may prescribe it: its pattern and equipment are known."""
        return self.movement_pattern != UNKNOWN and UNKNOWN not in self.equipment

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "category": self.category,
            "movement_pattern": self.movement_pattern,
            "equipment": list(self.equipment),
            "primary_muscles": list(self.primary_muscles),
            "secondary_muscles": list(self.secondary_muscles),
            "mechanics": self.mechanics,
            "clear": self.clear,
            "like": self.like,
            "plannable": self.plannable,
        }


def library_named(name: str, resolver: NameResolver | None = None) -> str | None:
    """The library entry ``name`` is exactly (its name or an alias, no typo allowed), else
    None: such a name is never kept as an own exercise (``services.own_exercises`` refuses it,
    and an import asks about it rather than keeping it)."""
    found = (resolver or library_resolver()).resolve(name, typos=False)
    return found.slug if found.slug is not None and found.confidence >= EXACT else None


def head_word(name: str) -> str | None:
    """The movement a name names: its last movement word before a variant or the equipment."""
    parts = parse_name(name)
    main = [w for w in words(re.split(r"\(| - ", name)[0]) if w in parts.movement]
    main = [w for w in main if w not in _EMPTY and not w.isdigit()]
    if main:
        return main[-1]
    rest = sorted(w for w in parts.movement if w not in _EMPTY and not w.isdigit())
    return rest[-1] if len(rest) == 1 else None


def _equipment(name: str) -> tuple[str, ...]:
    named = parse_name(name).equipment
    if not named:
        return (UNKNOWN,)
    if named == {BODYWEIGHT}:
        return ()
    return tuple(sorted(named - {BODYWEIGHT}))


def suggest(name: str, *, lifted: bool = True, resolver: NameResolver | None = None) -> OwnDraft:
    """The own exercise ``name`` suggests (see the module's docstring). ``lifted``: its sets
    log reps or weights, so cardio and stretches are not suggested."""
    resolver = resolver or library_resolver()
    shipped = library_by_slug()
    equipment = _equipment(name)
    head = head_word(name)
    if head is None:
        return _vague(name, equipment, "the name says no movement", lifted)
    allowed = {"strength", "core", "plyometric"} if lifted else set(vocab.CATEGORIES)
    same: list[ExerciseRecord] = []
    for slug in resolver.suggest(name, limit=_NEIGHBOURS):
        record = shipped.get(slug)
        if record is not None and record.category in allowed and head in _words_of(record):
            same.append(record)
    if not same:  # the closest by words may miss it: every entry that is the movement
        same = [r for r in shipped.values() if r.category in allowed and head in _words_of(r)]
    if not same:
        return _vague(name, equipment, f"no exercise of the library is a {head!r}", lifted)
    # The entries that share most of the name's other words ("bicep curl": the biceps curls,
    # not the leg curls) say which movement the head word is here.
    said = parse_name(name).movement
    overlap = {r.slug: len(said & _words_of(r)) for r in same}
    most = max(overlap.values())
    if most > 1:
        same = [r for r in same if overlap[r.slug] == most]
    named = frozenset(e for e in equipment if e != UNKNOWN)
    with_kit = [r for r in same if fits(named, r.equipment, near=True)] if named else []
    ranked = with_kit or same
    patterns = Counter(r.movement_pattern for r in same)
    pattern, votes = patterns.most_common(1)[0]
    clear = votes / len(same) >= _AGREEMENT
    like = next((r for r in ranked if r.movement_pattern == pattern), ranked[0])
    if not clear:  # several movements share the word: suggest nothing of what it trains
        return _vague(name, equipment, f"{head!r} is several movements in the library", lifted)
    return OwnDraft(
        name=name.strip(),
        category=like.category,
        movement_pattern=pattern,
        equipment=equipment,
        primary_muscles=tuple(like.primary_muscles),
        secondary_muscles=tuple(like.secondary_muscles),
        mechanics=like.mechanics,
        clear=True,
        like=like.slug,
        reasons=(f"a {head} like {like.name}",),
    )


def _vague(name: str, equipment: tuple[str, ...], why: str, lifted: bool) -> OwnDraft:
    """A name that says no one movement: what it trains is not suggested. Its kind follows
    its sets: sets of reps are a lift, sets of only times or distances cardio (an app's
    "Airdyne" or "Versaclimber"), so it is never charted as a lift it is not."""
    if lifted:
        return OwnDraft(name.strip(), equipment=equipment, reasons=(why,))
    return OwnDraft(
        name.strip(),
        category="cardio",
        equipment=equipment,
        reasons=(why, "logged as times or distances, so kept as cardio"),
    )


def _words_of(record: ExerciseRecord) -> frozenset[str]:
    out: set[str] = set()
    for text in (record.name, *record.aliases):
        out |= parse_name(text).movement
    return frozenset(out)


def checked(
    *,
    name: str,
    category: str,
    movement_pattern: str,
    equipment: tuple[str, ...] | list[str],
    primary_muscles: tuple[str, ...] | list[str],
    secondary_muscles: tuple[str, ...] | list[str] = (),
    mechanics: str = "compound",
) -> OwnDraft:
    """An own exercise as the athlete describes it, each value checked against the library's
    vocabulary (``InvalidInput`` naming the field and the values it takes)."""

    def one(value: str, allowed: tuple[str, ...], what: str) -> str:
        if value not in allowed:
            raise InvalidInput(
                f"{what} {value!r} is not one of: {', '.join(allowed)}",
                details={"field": what.replace(" ", "_")},
            )
        return value

    clean = " ".join(name.split())
    if not clean or len(clean) > 120:
        raise InvalidInput("name an own exercise in 1 to 120 characters", details={"field": "name"})
    return OwnDraft(
        name=clean,
        category=one(category, vocab.CATEGORIES, "category"),
        movement_pattern=one(
            movement_pattern, (*vocab.MOVEMENT_PATTERNS, UNKNOWN), "movement pattern"
        ),
        equipment=tuple(one(e, (*vocab.EQUIPMENT, UNKNOWN), "equipment") for e in equipment),
        primary_muscles=tuple(one(m, vocab.MUSCLES, "muscle") for m in primary_muscles),
        secondary_muscles=tuple(one(m, vocab.MUSCLES, "muscle") for m in secondary_muscles),
        mechanics=one(mechanics, ("compound", "isolation"), "mechanics"),
        clear=True,
    )
