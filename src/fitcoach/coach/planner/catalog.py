"""Exercise selection: the library seen through the athlete's level, equipment, injuries,
conditions, dislikes and preferences; the best permitted exercise for a slot (or a
substitute for the same muscles) and for each kind of cardio, with the reasons.
"""

from __future__ import annotations

import random
import re
import threading
from collections import OrderedDict
from collections.abc import Hashable
from dataclasses import dataclass
from functools import lru_cache

from fitcoach.analysis import volume as volume_analysis
from fitcoach.coach.explanations import Reason
from fitcoach.coach.library import Constraints, ExerciseRecord, rank_substitutes
from fitcoach.coach.own_planning import is_own
from fitcoach.coach.planner.athlete import LEVEL_RANK, Athlete
from fitcoach.coach.rules.planning import CardioKind, PlanningRules, Role, Slot

_SPLIT = re.compile(r"[^a-z0-9]+")


def _singular(token: str) -> str:
    if len(token) > 3 and token.endswith("s") and not token.endswith("ss"):
        return token[:-1]
    return token


def _tokens(text: str) -> frozenset[str]:
    return frozenset(_singular(t) for t in _SPLIT.split(text.lower()) if t)


@lru_cache(maxsize=4096)
def _record_tokens(slug: str, name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    out = set(_tokens(slug)) | _tokens(name)
    for alias in aliases:
        out |= _tokens(alias)
    return frozenset(out)


def _tokens_of(record: ExerciseRecord) -> frozenset[str]:
    return _record_tokens(record.slug, record.name, tuple(record.aliases))


@lru_cache(maxsize=4096)
def _record_names(slug: str, name: str, aliases: tuple[str, ...]) -> frozenset[frozenset[str]]:
    return frozenset({_tokens(slug), _tokens(name), *(_tokens(a) for a in aliases)})


def _names_of(record: ExerciseRecord) -> frozenset[frozenset[str]]:
    """The token sets of an exercise's slug, name and aliases."""
    return _record_names(record.slug, record.name, tuple(record.aliases))


@dataclass(frozen=True)
class _Word:
    """A dislike or preference as the matcher uses it."""

    word: str
    tokens: frozenset[str]
    exact: bool
    sport_slugs: frozenset[str]


@dataclass(frozen=True)
class Choice:
    """A slot's exercise: the week-1 pick, the rotation pool and why it was chosen."""

    pool: tuple[ExerciseRecord, ...]
    offset: int
    reasons: tuple[Reason, ...]
    substitute: bool = False


class Catalog:
    """The library seen through the athlete's constraints: one plan's view of a shared index.

    What it works out (which exercises are out and why, each slot's ranking, the preferences
    an exercise matches, muscle weights, substitute pools) depends on the athlete's level,
    equipment, injuries, conditions, dislikes, preferences and logged lifts, never on the
    seed: it is kept per process for those (``_index``), so that a coach's or a client's
    plans for the same athlete, one seed after another, work it out once (about a tenth of a
    generation). What depends on the seed (the rotation offset) is worked out per plan, and
    reasons come from the planner's ``ReasonCache``, never from here. The shared maps are only
    ever added to, each entry a function of the key, so threads filling them at once agree."""

    def __init__(self, a: Athlete) -> None:
        self.a = a
        index = _index(a)
        self.by_slug = index.by_slug
        self._preference_words = index.preference_words
        # slug → (kind, what, why) when the athlete may not do it; why is the contraindication
        # rule's reason (rules/contraindications.yaml) for regions and conditions.
        self.blocker = index.blocker
        self.by_pattern = index.by_pattern
        self._preferred = index.preferred
        self._ranked = index.ranked
        self._weights = index.weights
        self._cap_weights = index.cap_weights
        self._pools = index.pools

    def allowed(self, rec: ExerciseRecord) -> bool:
        return self.blocker[rec.slug] is None

    def preferred(self, rec: ExerciseRecord) -> str | None:
        """The preference ``rec`` matches: a word in its name, its equipment, pattern, primary
        muscle or category, or a sport whose exercises it is."""
        if rec.slug in self._preferred:
            return self._preferred[rec.slug]
        liked = _matches(rec, self._preference_words)
        if liked is None:
            attributes = {rec.movement_pattern, rec.category, *rec.primary_muscles}
            liked = next((w.word for w in self._preference_words if w.word in attributes), None)
        self._preferred[rec.slug] = liked
        return liked

    # muscles ----------------------------------------------------------------------------------

    def weights(self, rec: ExerciseRecord) -> dict[str, float]:
        """Fractional sets per set of ``rec`` (fitcoach.analysis.volume's convention)."""
        found = self._weights.get(rec.slug)
        if found is None:
            found = dict.fromkeys(rec.secondary_muscles, volume_analysis.SECONDARY_CREDIT)
            found.update(dict.fromkeys(rec.primary_muscles, volume_analysis.PRIMARY_CREDIT))
            self._weights[rec.slug] = found
        return found

    def cap_weights(self, rec: ExerciseRecord) -> dict[str, float]:
        """Per-set weights as the safety validator counts them for its weekly cap."""
        found = self._cap_weights.get(rec.slug)
        if found is None:
            secondary = self.a.limits.weekly_sets.secondary_weight
            found = dict.fromkeys(rec.secondary_muscles, secondary)
            found.update(dict.fromkeys(rec.primary_muscles, 1.0))
            self._cap_weights[rec.slug] = found
        return found

    # slots ------------------------------------------------------------------------------------

    def ranked(self, slot: Slot) -> list[ExerciseRecord]:
        """Candidates for a slot at the athlete's level, best first, before their constraints."""
        key = (slot.pattern, slot.role, slot.muscles)
        found = self._ranked.get(key)
        if found is not None:
            return found
        rules = self.a.rules
        muscles = set(slot.muscles or rules.pattern_muscles.get(slot.pattern, ()))
        categories = rules.role_categories[slot.role]
        order = rules.exercise_order.get(slot.pattern, ())
        position = {slug: i for i, slug in enumerate(order)}
        e1rm = self.a.inputs.e1rm_kg
        compound_first = slot.role in ("main", "power")
        candidates = [
            rec
            for rec in self.by_pattern.get(slot.pattern, [])
            if rec.category in categories
            and rec.slug not in rules.timed_holds
            and (not muscles or muscles.intersection(rec.primary_muscles))
            and LEVEL_RANK[rec.level] <= self.a.level_rank
        ]
        found = sorted(
            candidates,
            key=lambda rec: (
                self.preferred(rec) is None,
                rec.slug not in e1rm,
                position.get(rec.slug, len(order)),
                compound_first and rec.mechanics != "compound",
                rec.slug,
            ),
        )
        self._ranked[key] = found
        return found

    def pool(self, slot: Slot) -> list[ExerciseRecord]:
        """The best permitted exercises for a slot (the rotation and swap candidates)."""
        size = self.a.rules.variety.pool_size
        allowed = [rec for rec in self.ranked(slot) if self.allowed(rec)]
        preferred = [rec for rec in allowed if self.preferred(rec) is not None]
        return (preferred or allowed)[: size + 1]

    def choose(self, slot: Slot, key: str, used: set[str], avoid: set[str]) -> Choice | None:
        """The exercise for a slot (not in ``used``; not in ``avoid`` when there is a choice)."""
        a = self.a
        ranked = self.ranked(slot)
        allowed = [rec for rec in ranked if self.allowed(rec) and rec.slug not in used]
        if not allowed:
            return self._substitute(slot, ranked, used)
        preferred = [rec for rec in allowed if self.preferred(rec) is not None]
        if slot.role in ("main", "power"):
            fresh = [rec for rec in (preferred or allowed) if rec.slug not in avoid]
            pool: tuple[ExerciseRecord, ...] = ((fresh or preferred or allowed)[0],)
            offset = 0
        else:
            pool = tuple((preferred or allowed)[: a.rules.variety.pool_size])
            offset = random.Random(f"{a.seed}:{key}").randrange(len(pool))
        pick = pool[offset]
        reasons: list[Reason] = []
        seen: set[str] = set()
        for rec in ranked:
            if rec.slug == pick.slug:
                break
            blocked = self.blocker[rec.slug]
            if blocked is None or blocked[0] in _UNSAID or blocked[0] in seen:
                continue
            seen.add(blocked[0])
            kind, what, why = blocked
            if kind == "region":
                reasons.append(
                    a.r("injury_avoid", avoided=rec.name, region=_region(what), severity=why)
                )
            elif kind == "condition":
                reasons.append(a.r("condition_avoid", condition=what))
            else:
                reasons.append(a.r("dislike_avoid", what=rec.name))
        liked = self.preferred(pick)
        if liked is not None:
            reasons.append(a.r("preference", what=liked))
        if slot.role == "main":
            reasons.append(a.r("main_lift_stable"))
        if slot.role == "power":
            reasons.append(a.r("power_first"))
        return Choice(pool=pool, offset=offset, reasons=tuple(reasons))

    def _substitute(
        self, slot: Slot, ranked: list[ExerciseRecord], used: set[str]
    ) -> Choice | None:
        """The best permitted exercise for the same muscles when a slot has nothing permitted."""
        a = self.a
        target = ranked[0] if ranked else None
        if target is None:
            return None
        pool = self._substitute_pool(slot.role)
        if not pool:
            return None
        for hit in rank_substitutes(pool, target, a.constraints, limit=len(pool)):
            rec = self.by_slug[hit.slug]
            if not self.allowed(rec) or rec.slug in used or rec.slug in a.rules.timed_holds:
                continue
            shared = [m for m in target.primary_muscles if m in rec.primary_muscles]
            why = a.r("slot_substitute", pattern=slot.pattern, exercise=rec.name, muscles=shared)
            blocked = self.blocker[target.slug]
            extra: list[Reason] = []
            if blocked is not None and blocked[0] == "region":
                extra.append(
                    a.r(
                        "injury_avoid",
                        avoided=target.name,
                        region=_region(blocked[1]),
                        severity=blocked[2],
                    )
                )
            return Choice(pool=(rec,), offset=0, reasons=(why, *extra), substitute=True)
        return None

    def _substitute_pool(self, role: Role) -> list[ExerciseRecord]:
        """Permitted exercises of the role's categories (what a substitute is drawn from)."""
        found = self._pools.get(role)
        if found is None:
            categories = self.a.rules.role_categories[role]
            holds = self.a.rules.timed_holds
            found = [
                rec
                for rec in self.by_slug.values()
                if rec.category in categories and rec.slug not in holds and self.allowed(rec)
            ]
            self._pools[role] = found
        return found

    def cardio(self, kind: CardioKind) -> tuple[ExerciseRecord, list[Reason]] | None:
        """The cardio exercise for a session kind: the sport's list, else the fallback list
        (low impact first), else any permitted cardio exercise."""
        a = self.a
        rules = a.rules
        wanted = rules.modalities[a.modality].of(kind)
        reasons: list[Reason] = []
        for slug in wanted:
            rec = self.by_slug.get(slug)
            if rec is not None and self.allowed(rec):
                if a.sport is not None and a.modality != "general":
                    reasons.append(a.r("sport_modality", modality=a.modality, sport=a.sport))
                return rec, reasons
        first = next((self.by_slug[s] for s in wanted if s in self.by_slug), None)
        if first is not None:
            blocked = self.blocker[first.slug]
            if blocked is not None and blocked[0] == "region":
                reasons.append(
                    a.r(
                        "injury_avoid",
                        avoided=first.name,
                        region=_region(blocked[1]),
                        severity=blocked[2],
                    )
                )
            elif blocked is not None and blocked[0] == "condition":
                reasons.append(a.r("condition_avoid", condition=blocked[1]))
            elif blocked is not None and blocked[0] == "dislike":
                reasons.append(a.r("dislike_avoid", what=first.name))
        for slug in rules.fallback:
            rec = self.by_slug.get(slug)
            if rec is not None and self.allowed(rec):
                return rec, reasons
        others = sorted(
            (r for r in self.by_slug.values() if r.category == "cardio" and self.allowed(r)),
            key=lambda r: (abs((r.met or 6.0) - 6.0), r.slug),
        )
        return (others[0], reasons) if others else None


def _region(region: str) -> str:
    """A body region as a reason names it ("lower back")."""
    return region.replace("_", " ")


def _modality_slugs(rules: PlanningRules, modality: str) -> frozenset[str]:
    m = rules.modalities.get(modality)
    if m is None:
        return frozenset()
    return frozenset((*m.easy, *m.intervals, *m.long))


class _Index:
    """The seed-independent part of a ``Catalog`` for one key (see ``_index``): which
    exercises are out and why, made at once; rankings, preferences, weights and pools as the
    plans ask for them."""

    def __init__(self, a: Athlete) -> None:
        self.library = a.library  # held: the key names them by identity
        self.rules = a.rules
        self.limits = a.limits
        self.by_slug = {rec.slug: rec for rec in a.library}
        self.preference_words = _words_for(a, a.preference_words)
        dislikes = Constraints(dislikes=frozenset(a.inputs.dislikes)) if a.dislike_words else None
        dislike_words = _words_for(a, a.dislike_words)
        self.blocker: dict[str, tuple[str, str, str] | None] = {}
        self.by_pattern: dict[str, list[ExerciseRecord]] = {}
        for rec in sorted(a.library, key=lambda x: x.slug):
            self.blocker[rec.slug] = _blocker(
                a, rec, dislikes, dislike_words, self.preference_words
            )
            self.by_pattern.setdefault(rec.movement_pattern, []).append(rec)
        self.preferred: dict[str, str | None] = {}
        self.ranked: dict[tuple[str, str, tuple[str, ...]], list[ExerciseRecord]] = {}
        self.weights: dict[str, dict[str, float]] = {}
        self.cap_weights: dict[str, dict[str, float]] = {}
        self.pools: dict[str, list[ExerciseRecord]] = {}


# Blockers no reason names: the athlete's level or kit, and an own exercise not asked for.
_UNSAID = ("level", "equipment", "not_asked")


def _asked_for(rec: ExerciseRecord, preference_words: list[_Word]) -> bool:
    """Whether a preference names the own exercise ``rec`` by its whole name ("my" aside)."""
    name = _tokens(rec.name) - {"my"}
    return bool(name) and any(w.tokens - {"my"} == name for w in preference_words)


def _blocker(
    a: Athlete,
    rec: ExerciseRecord,
    dislikes: Constraints | None,
    dislike_words: list[_Word],
    preference_words: list[_Word],
) -> tuple[str, str, str] | None:
    """Why ``a`` may not do ``rec`` (kind, what, why), or None. An athlete's own exercise is
    chosen only where they ask for it by name in their preferences (its safety is inferred,
    ``coach.own_planning``, so the planner never reaches for it on its own)."""
    if is_own(rec.slug) and not _asked_for(rec, preference_words):
        return ("not_asked", rec.name, "")
    if LEVEL_RANK[rec.level] > a.level_rank:
        return ("level", rec.level, "")
    missing = sorted(set(rec.equipment) - a.equipment)
    if missing:
        return ("equipment", missing[0], "")
    found = a.constraints.contraindications(rec)
    if found:  # regions first (the rules file's order within them)
        first = min(found, key=lambda e: e.kind != "region")
        return (first.kind, first.what, first.reason)
    # A dislike rules it out by its name (``Constraints``), a word in its name, its equipment,
    # or a sport whose exercises it is.
    if dislikes is not None:
        if not dislikes.allows(rec):
            return ("dislike", rec.name, "")
        disliked = _matches(rec, dislike_words)
        if disliked is not None:
            return ("dislike", disliked, "")
    return None


def _words_for(a: Athlete, words: tuple[str, ...]) -> list[_Word]:
    """Each word with its tokens, whether it is the full name of an exercise (then only that
    exercise matches, not every exercise containing its words; a single word such as "lunges"
    always matches broadly) and the exercises of the sport it names (if any)."""
    if not words:
        return []
    rules = a.rules
    names = {n for rec in a.library for n in _names_of(rec)}
    out = []
    for word in words:
        sport = rules.sports.get(word)
        slugs = _modality_slugs(rules, sport.modality) if sport else frozenset()
        tokens = _tokens(word)
        out.append(_Word(word, tokens, len(tokens) > 1 and tokens in names, slugs))
    return out


def _matches(rec: ExerciseRecord, words: list[_Word]) -> str | None:
    """The first of ``words`` that ``rec`` matches."""
    tokens = _tokens_of(rec)
    for w in words:
        if w.tokens and (w.tokens in _names_of(rec) if w.exact else w.tokens <= tokens):
            return w.word
        if w.word in rec.equipment or rec.slug in w.sport_slugs:
            return w.word
    return None


_INDEX_ENTRIES = 64  # about 50 kB each
_indexes: OrderedDict[Hashable, _Index] = OrderedDict()
_indexes_lock = threading.Lock()


def _index_key(a: Athlete) -> Hashable:
    """Everything of the athlete a ``Catalog`` reads: the library and rules by identity (the
    entry holds them, so an identity is never reused while its entry lives)."""
    return (
        id(a.library),
        id(a.rules),
        id(a.limits),
        a.level_rank,
        a.equipment,
        a.constraints,
        frozenset(a.inputs.dislikes),
        a.dislike_words,
        a.preference_words,
        frozenset(a.inputs.e1rm_kg),
    )


def _index(a: Athlete) -> _Index:
    """The shared index for ``a``'s key, made on first use (least recently used go first) and
    published only once made."""
    key = _index_key(a)
    with _indexes_lock:
        found = _indexes.get(key)
        if found is not None:
            _indexes.move_to_end(key)
    if (
        found is not None
        and found.library is a.library
        and found.rules is a.rules
        and found.limits is a.limits
    ):
        return found
    made = _Index(a)
    with _indexes_lock:
        _indexes[key] = made
        while len(_indexes) > _INDEX_ENTRIES:
            _indexes.popitem(last=False)
    return made
