"""The exercise library as the engine sees it: the shipped records with their derived
contraindications, an athlete's constraints, typo-tolerant name matching, search over records
in memory and the ranking of substitutes. Pure: no database (the service in
``fitcoach.services.exercises`` resolves names against the stored library)."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.rules.contraindications import Biomechanics, Exclusion, blocking, exclusions
from fitcoach.coach.schemas import ProfileOut
from fitcoach.core.errors import InvalidInput, invalid_from
from fitcoach.core.yamlfiles import load_cached_yaml, load_yaml


class ExerciseRecord(BaseModel):
    """One curated exercise as shipped in ``fitcoach/data/exercises.yaml``.

    Its contraindications are not listed by hand: they are derived from ``biomechanics`` by the
    rules in ``coach/rules/contraindications.yaml`` when the record is validated
    (``exclusions``; ``contraindicated_regions`` and ``contraindicated_conditions`` sum them up).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    slug: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    name: str
    aliases: list[str]
    category: str
    movement_pattern: str
    primary_muscles: list[str] = Field(min_length=1)
    secondary_muscles: list[str]
    equipment: list[str]
    level: str
    mechanics: str
    unilateral: bool
    biomechanics: Biomechanics
    met: float | None = Field(default=None, gt=0, lt=25)
    description: str
    _exclusions: tuple[Exclusion, ...] | None = PrivateAttr(default=None)

    @property
    def exclusions(self) -> tuple[Exclusion, ...]:
        """Every injured region and condition this exercise is ruled out for, with reasons
        (derived from the shipped rules on first use: a command that only names exercises
        does not match 300 exercises against every rule, a tenth of its start)."""
        if self._exclusions is None:
            self._exclusions = exclusions(self.biomechanics)
        return self._exclusions

    @property
    def body_regions(self) -> list[str]:
        """The regions the exercise loads (vocabulary order)."""
        return [r for r in vocab.BODY_REGIONS if r in self.biomechanics.joint_load]

    @property
    def contraindicated_regions(self) -> list[str]:
        """Injured regions the rules rule this exercise out for (vocabulary order)."""
        found = {e.what for e in self.exclusions if e.kind == "region"}
        return [r for r in vocab.BODY_REGIONS if r in found]

    @property
    def contraindicated_conditions(self) -> list[str]:
        """Conditions the rules rule this exercise out for (vocabulary order)."""
        found = {e.what for e in self.exclusions if e.kind == "condition"}
        return [c for c in vocab.CONDITIONS if c in found]

    def contraindications(
        self, regions: Iterable[str] = (), conditions: Iterable[str] = ()
    ) -> list[Exclusion]:
        """The exclusions that concern these injured regions or conditions (empty: allowed)."""
        return blocking(self.exclusions, frozenset(regions), frozenset(conditions))

    @field_validator("category")
    @classmethod
    def _category(cls, v: str) -> str:
        return _one_of(v, vocab.CATEGORIES, "category")

    @field_validator("movement_pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        return _one_of(v, vocab.MOVEMENT_PATTERNS, "movement pattern")

    @field_validator("level")
    @classmethod
    def _level(cls, v: str) -> str:
        return _one_of(v, vocab.LEVELS, "level")

    @field_validator("mechanics")
    @classmethod
    def _mechanics(cls, v: str) -> str:
        return _one_of(v, ("compound", "isolation"), "mechanics")

    @field_validator("primary_muscles", "secondary_muscles")
    @classmethod
    def _muscles(cls, v: list[str]) -> list[str]:
        return [_one_of(m, vocab.MUSCLES, "muscle") for m in v]

    @field_validator("equipment")
    @classmethod
    def _equipment(cls, v: list[str]) -> list[str]:
        return [_one_of(e, vocab.EQUIPMENT, "equipment") for e in v]


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}")
    return value


@lru_cache(maxsize=1)
def library_records() -> tuple[ExerciseRecord, ...]:
    """The curated library shipped with the package, validated (cached per process)."""
    text = resources.files("fitcoach.data").joinpath("exercises.yaml").read_text(encoding="utf-8")
    return parse_library(text, cached=True)


def parse_library(text: str, *, cached: bool = False) -> tuple[ExerciseRecord, ...]:
    """Validate an exercise library document (the shape of ``exercises.yaml``); an entry
    that breaks the schema, e.g. one without its biomechanics, is an ``InvalidInput`` naming
    the entry and the field. ``cached``: the parsed document may come from the YAML cache
    (``core.yamlfiles.load_cached_yaml``; for the shipped file)."""
    data = load_cached_yaml(text) if cached else load_yaml(text)
    if not isinstance(data, dict) or not isinstance(data.get("exercises"), list):
        raise InvalidInput("exercises.yaml: expected a mapping with a list under 'exercises'")
    raw = data["exercises"]
    records = []
    for index, item in enumerate(raw):
        try:
            records.append(ExerciseRecord.model_validate(item))
        except ValidationError as exc:
            raise invalid_from(exc, prefix=f"exercises.yaml entry {index}: ") from None
    slugs = [r.slug for r in records]
    if len(set(slugs)) != len(slugs):
        raise InvalidInput("exercises.yaml has duplicate slugs")
    return tuple(records)


@lru_cache(maxsize=1)
def library_by_slug() -> dict[str, ExerciseRecord]:
    """The shipped library by slug (cached per process; do not modify)."""
    return {r.slug: r for r in library_records()}


# A dumbbell in each hand, as the library's descriptions say it ("hold dumbbells at your sides",
# "a dumbbell in each hand"); one dumbbell is "one dumbbell", "a dumbbell", "the dumbbell".
_TWO_DUMBBELLS = re.compile(r"\bdumbbells\b|\bin each hand\b", re.IGNORECASE)


def load_per_hand(record: ExerciseRecord) -> bool:
    """Whether a logged or planned load of ``record`` is each dumbbell's (shown "per hand").

    The rule, from the library's fields: the equipment lists ``dumbbell`` and the description
    has the athlete hold one in each hand (it says "dumbbells" or "in each hand"). ``unilateral``
    cannot tell on its own: a walking lunge is unilateral with a dumbbell in each hand, a goblet
    squat bilateral with one dumbbell in both hands. One dumbbell held in both hands (goblet
    squat, pullover), in one hand (one-arm row, suitcase carry) or between the feet: the load is
    that dumbbell, said without "per hand".
    """
    return "dumbbell" in record.equipment and _TWO_DUMBBELLS.search(record.description) is not None


def db_row(record: ExerciseRecord) -> dict[str, Any]:
    """What the exercise table stores for a record: its data with the derived body regions and
    contraindications (the biomechanics stay in the shipped YAML, the source of truth)."""
    row = record.model_dump(exclude={"biomechanics"})
    row["body_regions"] = record.body_regions
    row["contraindicated_regions"] = record.contraindicated_regions
    row["contraindicated_conditions"] = record.contraindicated_conditions
    return row


def fold_accents(text: str) -> str:
    """``text`` with its letters' accents dropped ("elíptica" -> "eliptica", "Bankdrücken" ->
    "Bankdrucken", "ß" -> "ss"): names are matched on plain letters, so a name written with
    or without its accents ("natação", "natacao") is one name and no letter is lost."""
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFKD", text.replace("ß", "ss"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _key(text: str) -> str:
    # rapidfuzz is imported where a name is matched: the commands that only read (plan today,
    # readiness, records) never match one, and its import was ~3 % of their start-up.
    from rapidfuzz import utils

    return utils.default_process(fold_accents(text).replace("-", " "))


# --- search and substitutes -------------------------------------------------------------------

# Fuzzy scores (0-100, rapidfuzz WRatio) below this are not a match for a search query.
SEARCH_CUTOFF = 70.0
_BODYWEIGHT_WORDS = ("none", "bodyweight")
_LEVEL_RANK = {level: rank for rank, level in enumerate(vocab.LEVELS)}


@dataclass(frozen=True)
class ExerciseHit:
    """One exercise a search or substitution found: its data, a 0-100 score, and why."""

    exercise: dict[str, Any]
    score: float
    reason: str = ""

    @property
    def slug(self) -> str:
        """The exercise's slug."""
        return str(self.exercise["slug"])

    @property
    def name(self) -> str:
        """The exercise's name."""
        return str(self.exercise["name"])


@dataclass(frozen=True)
class Constraints:
    """What an athlete has and must avoid: every substitute passes ``allows``.

    ``equipment`` is what is available (``None``: anything; an empty set: bodyweight only);
    ``dislikes`` are slugs, names or aliases in any spelling of case, spaces and hyphens.
    """

    equipment: frozenset[str] | None = None
    regions: frozenset[str] = frozenset()
    conditions: frozenset[str] = frozenset()
    dislikes: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        # Profiles store dislikes as words ("barbell_bench_press"); compare normalised.
        object.__setattr__(self, "dislikes", frozenset(_key(d) for d in self.dislikes))

    def contraindications(self, record: ExerciseRecord) -> list[Exclusion]:
        """Why ``record`` is ruled out for these injured regions and conditions (empty: it
        is not); derived from its biomechanics by ``rules/contraindications.yaml``."""
        if not self.regions and not self.conditions:
            return []  # the usual case, asked for every exercise of the library per plan
        return record.contraindications(self.regions, self.conditions)

    def allows(self, record: ExerciseRecord) -> bool:
        """Whether the athlete can do ``record`` with what they have, safely and willingly."""
        if self.equipment is not None and not set(record.equipment) <= self.equipment:
            return False
        if self.contraindications(record):
            return False
        return not self.dislikes.intersection(_names_of(record))


def _names_of(record: ExerciseRecord) -> frozenset[str]:
    return _names(record.slug, record.name, tuple(record.aliases))


@lru_cache(maxsize=4096)
def _names(slug: str, name: str, aliases: tuple[str, ...]) -> frozenset[str]:
    """The normalised slug, name and aliases (rapidfuzz's processing is per call otherwise)."""
    return frozenset({_key(slug), _key(name), *(_key(a) for a in aliases)})


def _word(value: str) -> str:
    return value.strip().lower().replace(" ", "_").replace("-", "_")


def vocabulary_value(value: str, allowed: Sequence[str], what: str) -> str:
    """``value`` normalised (case, spaces, hyphens) if it is one of ``allowed``; otherwise
    ``InvalidInput`` with the closest values and the full list to choose from."""
    word = _word(value)
    if word in allowed:
        return word
    from rapidfuzz import fuzz, process

    close = [
        c
        for c, score, _ in process.extract(word, allowed, scorer=fuzz.ratio, limit=3)
        if score >= 60
    ]
    hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
    raise InvalidInput(
        f"unknown {what} {value!r}{hint}; choose from: {', '.join(allowed)}",
        details={"allowed": list(allowed), "suggestions": close},
    )


def available_equipment(values: Iterable[str]) -> frozenset[str]:
    """The equipment a list of words makes available.

    Words are vocabulary items, presets such as ``home_gym``, or ``none``/``bodyweight`` (which
    add nothing: bodyweight is always available); comma-separated lists are split.
    """
    allowed = (*vocab.EQUIPMENT, *vocab.EQUIPMENT_PRESETS, "bodyweight")
    out: set[str] = set()
    for value in values:
        for part in value.split(","):
            if not part.strip():
                continue
            word = vocabulary_value(part, allowed, "equipment")
            if word in _BODYWEIGHT_WORDS:
                continue
            out.update(vocab.EQUIPMENT_PRESETS.get(word, (word,)))
    return frozenset(out)


def constraints_for(profile: ProfileOut | None) -> Constraints:
    """An athlete's constraints: their equipment, injured regions, conditions and dislikes.

    Every injury counts whatever its severity: substitutes err on the safe side.
    """
    if profile is None:
        return Constraints(equipment=frozenset())
    return Constraints(
        equipment=frozenset(profile.equipment),
        regions=frozenset(str(i["region"]) for i in profile.injuries if i.get("region")),
        conditions=frozenset(profile.conditions),
        dislikes=frozenset(profile.dislikes),
    )


def _check_limit(limit: int) -> None:
    if limit < 1:
        raise InvalidInput(f"limit must be at least 1, got {limit}")


def name_key(text: str) -> str:
    """A name as the fuzzy matching compares it: lower case, hyphens as spaces, no punctuation."""
    return _key(text)


def name_choices(records: Sequence[ExerciseRecord]) -> tuple[list[str], list[int]]:
    """Every name, slug and alias of ``records`` as a normalised choice, and the index of the
    record each choice belongs to (build once, then match many queries with
    ``best_name_scores``)."""
    choices: list[str] = []
    owners: list[int] = []
    for index, r in enumerate(records):
        for name in dict.fromkeys((r.name, r.slug, *r.aliases)):
            choices.append(_key(name))
            owners.append(index)
    return choices, owners


def best_name_scores(
    text: str, choices: Sequence[str], owners: Sequence[int], cutoff: float = SEARCH_CUTOFF
) -> dict[int, tuple[float, float]]:
    """Owner index → (best fuzzy score 0-100, closeness) of a normalised query ``text``.

    The score is rapidfuzz's WRatio over every choice at or above ``cutoff``; an exercise
    scores its best choice. Ties (a query that is part of many names) are broken by the
    closeness (plain ratio) to the whole string. Pure: the one fuzzy matcher of the library.
    """
    from rapidfuzz import fuzz, process

    best: dict[int, tuple[float, float]] = {}
    for choice, score, at in process.extract(
        text, choices, scorer=fuzz.WRatio, processor=None, limit=None, score_cutoff=cutoff
    ):
        closeness = fuzz.ratio(text, choice)
        owner = owners[at]
        best[owner] = max(best.get(owner, (0.0, 0.0)), (float(score), closeness))
    return best


def search_records(
    records: Sequence[ExerciseRecord],
    query: str | None = None,
    *,
    muscle: str | None = None,
    equipment: Iterable[str] | None = None,
    pattern: str | None = None,
    category: str | None = None,
    level: str | None = None,
    limit: int = 20,
) -> list[ExerciseHit]:
    """``search`` over records already in memory (pure: no database)."""
    _check_limit(limit)
    want_muscle = vocabulary_value(muscle, vocab.MUSCLES, "muscle") if muscle else None
    want_pattern = (
        vocabulary_value(pattern, vocab.MOVEMENT_PATTERNS, "movement pattern") if pattern else None
    )
    want_category = vocabulary_value(category, vocab.CATEGORIES, "category") if category else None
    want_level = vocabulary_value(level, vocab.LEVELS, "level") if level else None
    have = available_equipment(equipment) if equipment is not None else None

    candidates = [
        r
        for r in records
        if (want_muscle is None or want_muscle in (*r.primary_muscles, *r.secondary_muscles))
        and (have is None or set(r.equipment) <= have)
        and (want_pattern is None or r.movement_pattern == want_pattern)
        and (want_category is None or r.category == want_category)
        and (want_level is None or r.level == want_level)
    ]

    def secondary_only(r: ExerciseRecord) -> bool:
        return want_muscle is not None and want_muscle not in r.primary_muscles

    text = _key(query) if query else ""
    if not text:
        ordered = sorted(candidates, key=lambda r: (secondary_only(r), r.name))
        return [
            ExerciseHit(as_record_dict(r), 50.0 if secondary_only(r) else 100.0)
            for r in ordered[:limit]
        ]

    choices, owners = name_choices(candidates)
    best = best_name_scores(text, choices, owners)
    ranked = sorted(
        best.items(),
        key=lambda item: (
            secondary_only(candidates[item[0]]),
            -item[1][0],
            -item[1][1],
            candidates[item[0]].name,
        ),
    )
    return [
        ExerciseHit(as_record_dict(candidates[i]), round(score, 1))
        for i, (score, _) in ranked[:limit]
    ]


def as_record_dict(record: ExerciseRecord) -> dict[str, Any]:
    """A library record as plain data (the same shape as ``as_dict``): its fields, the regions
    it loads and the derived contraindications with their reasons."""
    data = record.model_dump()
    data["body_regions"] = record.body_regions
    data["contraindicated_regions"] = record.contraindicated_regions
    data["contraindicated_conditions"] = record.contraindicated_conditions
    data["contraindications"] = [e.as_dict() for e in record.exclusions]
    return data


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a or b else 0.0


def _said(name: str) -> str:
    """A vocabulary name as words ("squat_rack" → "squat rack"): a reason is read by people."""
    return name.replace("_", " ")


def _needs(record: ExerciseRecord) -> str:
    if not record.equipment:
        return "no equipment"
    return f"needs {', '.join(_said(e) for e in record.equipment)}"


def rank_substitutes(
    records: Sequence[ExerciseRecord],
    target: ExerciseRecord,
    constraints: Constraints = Constraints(),
    *,
    limit: int = 5,
) -> list[ExerciseHit]:
    """Exercises that can replace ``target`` within ``constraints`` (pure: no database).

    Candidates share the movement pattern and at least one primary muscle, ranked by the
    Jaccard overlap of primary muscles, then the same mechanics, then the closest level
    (then secondary-muscle overlap and the same category break ties).
    When none qualifies, exercises of other patterns that share a primary muscle stand in
    (same category first), and each hit's reason says so. The score is 100 x the overlap.
    """
    _check_limit(limit)
    muscles = set(target.primary_muscles)
    # The cheap muscle test first: ``allows`` (equipment, contraindications, dislikes) then runs
    # on the few records that share a primary muscle, not on the whole library.
    pool = [
        r
        for r in records
        if r.slug != target.slug
        and not muscles.isdisjoint(r.primary_muscles)
        and constraints.allows(r)
    ]
    same = [r for r in pool if r.movement_pattern == target.movement_pattern]
    fallback = not same
    level = _LEVEL_RANK[target.level]

    secondary = set(target.secondary_muscles)

    def key(r: ExerciseRecord) -> tuple[bool, float, bool, int, float, bool, str]:
        return (
            fallback and r.category != target.category,
            -_jaccard(muscles, set(r.primary_muscles)),
            r.mechanics != target.mechanics,
            abs(_LEVEL_RANK[r.level] - level),
            -_jaccard(secondary, set(r.secondary_muscles)),
            r.category != target.category,
            r.name,
        )

    hits = []
    for r in sorted(pool if fallback else same, key=key)[:limit]:
        shared = ", ".join(_said(m) for m in target.primary_muscles if m in r.primary_muscles)
        pattern = _said(r.movement_pattern)
        if fallback:
            reason = (
                f"no allowed {_said(target.movement_pattern)} alternative, so another pattern "
                f"({pattern}); shares {shared}; {_needs(r)}"
            )
        else:
            reason = f"same pattern ({pattern}), shares {shared}; {_needs(r)}"
        score = round(100 * _jaccard(muscles, set(r.primary_muscles)), 1)
        hits.append(ExerciseHit(as_record_dict(r), score, reason))
    return hits
