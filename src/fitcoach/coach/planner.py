"""Plan generation: a mesocycle built from an athlete's profile (pure: no database).

``generate_plan`` turns ``PlannerInputs`` and the exercise library into a ``Plan``; the same
inputs and seed give the same plan. Every number comes from ``rules/planning.yaml`` (splits,
slots, rep ranges, rest, timing, progression, deload, cardio), ``rules/safety.yaml`` (rest
days, minimum reps in reserve, the +20 %/week set cap and +10 %/week cardio cap, so that the
safety validator has nothing to repair) and ``rules/volume_landmarks.yaml`` (weekly MEV-MAV).

How a plan is built:

1. **Days.** Training days are capped so that the week keeps the rest days safety.yaml asks
   for (1; 2 for beginners and from 65); a 7-day request becomes 6 (or 5) and says so.
2. **Week layout.** The primary goal picks a program: all-strength weeks (strength,
   hypertrophy), strength with easy/interval cardio (general fitness, fat loss: Garber et al.
   2011; Donnelly et al. 2009), or mostly easy cardio with one interval and one long session
   plus short strength blocks for endurance athletes (Seiler 2010; Blagrove et al. 2018).
3. **Split and slots.** The number of strength sessions and the level pick a split (ACSM
   2009; Schoenfeld et al. 2016); each session is a list of movement-pattern slots.
4. **Exercises.** Each slot takes the best permitted exercise: level at most the athlete's,
   equipment available, not contraindicated for injured regions or conditions (derived from
   its biomechanics by ``rules/contraindications.yaml``), not disliked,
   preferences first, the athlete's logged lifts next, then the rules' order. Main lifts stay
   the whole mesocycle; accessories rotate (seeded). A slot with nothing permitted takes the
   best substitute for the same muscles (``rank_substitutes``) or is dropped with a reason.
5. **Time.** Minutes per set (reps x tempo + rest) plus changeovers and the warm-up must fit
   the session; the lowest-priority slots go first, then sets.
6. **Volume.** Weekly fractional sets per muscle are steered between MEV and MAV (Schoenfeld
   et al. 2017; Israetel et al. 2021) by adding or removing sets, swapping or dropping
   accessories and adding fill exercises where time allows.
7. **Progression and deload.** Reps in reserve fall 0.5 a week to the floor, accessories gain
   a set where volume, time and the weekly cap allow, cardio grows at most 10 % a week; the
   last week (of 3 or more) is a deload: about 55 % of the sets and RIR + 2 (Bell et al. 2023).
8. **Loads.** kg from a logged e1RM by the RIR-adjusted Epley relation, rounded down;
   bodyweight exercises by feel; the rest found by feel at the target RIR.

The planner never writes a maximal test.
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from fitcoach.analysis import volume as volume_analysis
from fitcoach.analysis.strength import e1rm_kg as epley_e1rm
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.plan import (
    CardioItem,
    Intensity,
    Interval,
    Load,
    Plan,
    PlannedSession,
    StrengthItem,
    WarmUp,
    Week,
)
from fitcoach.coach.rules.planning import (
    CardioKind,
    IntensityRule,
    PlanningRules,
    Program,
    RepTarget,
    Role,
    SessionKind,
    Slot,
    Template,
    planning_rules,
)
from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.rules.volume import volume_landmarks
from fitcoach.coach.schemas import ProfileOut
from fitcoach.coach.services.exercises import (
    Constraints,
    ExerciseRecord,
    constraints_for,
    rank_substitutes,
)
from fitcoach.core.errors import InvalidInput

LEVEL_RANK = {level: rank for rank, level in enumerate(vocab.LEVELS)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ROLE_ORDER = {"power": 0, "main": 1, "accessory": 2, "core": 3}
_PROGRESS_ORDER = {"accessory": 0, "core": 1, "main": 2, "power": 3}
_EPS = 1e-9
_MAX_WEEKS = 12
_BALANCE_STEPS = 80


# --- inputs ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlannerInputs:
    """Everything the planner needs about an athlete (see ``inputs_from_profile``)."""

    athlete_id: int
    goals: tuple[str, ...]
    sports: tuple[str, ...]
    level: str
    days_per_week: int
    session_minutes: int
    equipment: frozenset[str]
    injury_regions: frozenset[str]
    conditions: frozenset[str]
    dislikes: frozenset[str]
    preferences: frozenset[str]
    age_years: float | None
    e1rm_kg: Mapping[str, float]
    start: date
    weeks: int = 4
    schedule: tuple[int, ...] | None = None


def inputs_from_profile(
    athlete_id: int,
    profile: ProfileOut,
    *,
    e1rm_kg: Mapping[str, float],
    start: date,
    today: date,
    weeks: int = 4,
) -> PlannerInputs:
    """Planner inputs from a stored profile; age in years on ``today`` (None without a birth date)."""
    age = None
    if profile.birth_date is not None:
        age = round((today - profile.birth_date).days / 365.2425, 2)
    return PlannerInputs(
        athlete_id=athlete_id,
        goals=tuple(profile.goals),
        sports=tuple(profile.sports),
        level=profile.experience_level,
        days_per_week=profile.days_per_week,
        session_minutes=profile.session_minutes,
        equipment=frozenset(profile.equipment),
        injury_regions=constraints_for(profile).regions,
        conditions=frozenset(profile.conditions),
        dislikes=frozenset(profile.dislikes),
        preferences=frozenset(profile.preferences),
        age_years=age,
        e1rm_kg=MappingProxyType(dict(e1rm_kg)),
        start=start,
        weeks=weeks,
    )


def _word(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


def _check_inputs(inputs: PlannerInputs) -> None:
    problems: list[str] = []

    def unknown(values: Iterable[str], allowed: Iterable[str], what: str) -> None:
        bad = sorted(set(values) - set(allowed))
        if bad:
            problems.append(f"unknown {what} {bad}")

    unknown(inputs.goals, vocab.GOALS, "goals")
    unknown([inputs.level], vocab.LEVELS, "level")
    unknown(inputs.equipment, (*vocab.EQUIPMENT, "bodyweight", "none"), "equipment")
    unknown(inputs.injury_regions, vocab.BODY_REGIONS, "body regions")
    unknown(inputs.conditions, vocab.CONDITIONS, "conditions")
    if not 1 <= inputs.days_per_week <= 7:
        problems.append(f"days_per_week must lie between 1 and 7, got {inputs.days_per_week}")
    if not 10 <= inputs.session_minutes <= 300:
        problems.append(
            f"session_minutes must lie between 10 and 300, got {inputs.session_minutes}"
        )
    if not 1 <= inputs.weeks <= _MAX_WEEKS:
        problems.append(f"weeks must lie between 1 and {_MAX_WEEKS}, got {inputs.weeks}")
    if inputs.age_years is not None and not 0 < inputs.age_years < 130:
        problems.append(f"age_years must lie between 0 and 130, got {inputs.age_years}")
    if inputs.schedule is not None and any(not 0 <= d <= 6 for d in inputs.schedule):
        problems.append("schedule holds weekdays 0 (Monday) to 6 (Sunday)")
    bad_e1rm = sorted(k for k, v in inputs.e1rm_kg.items() if not (v > 0 and math.isfinite(v)))
    if bad_e1rm:
        problems.append(f"e1RM must be a positive number of kg: {bad_e1rm}")
    if problems:
        raise InvalidInput("cannot plan: " + "; ".join(problems), details={"errors": problems})


# --- words: dislikes and preferences ---------------------------------------------------------------

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


# --- the athlete as the planner sees them ----------------------------------------------------------


class _Reasons:
    """Reasons made once per plan and shared (they are immutable)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Reason] = {}

    def __call__(self, code: str, **params: Any) -> Reason:
        key = (code, tuple(sorted((k, _hashable(v)) for k, v in params.items())))
        found = self._cache.get(key)
        if found is None:
            found = self._cache[key] = reason(code, **params)
        return found


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("list", tuple(value))
    return value


def _num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


@dataclass
class _Athlete:
    """Everything derived once per plan from the inputs and the rules."""

    inputs: PlannerInputs
    rules: PlanningRules
    limits: SafetyLimits
    library: Sequence[ExerciseRecord]
    seed: int
    r: _Reasons
    goal: str = ""
    level: str = ""
    level_rank: int = 0
    program_name: str = ""
    program: Program | None = None
    scheme: str = ""
    equipment: frozenset[str] = frozenset()
    constraints: Constraints = field(default_factory=Constraints)
    dislike_words: tuple[str, ...] = ()
    preference_words: tuple[str, ...] = ()
    rir_floor: float = 1.0
    training_days: int = 1
    rest_days: int = 1
    schedule: list[int] = field(default_factory=list)
    modality: str = "general"
    sport: str | None = None
    endurance_sport: bool = False
    zone_cap: tuple[int, str] | None = None
    use_rpe: bool = False
    hr_max: float | None = None
    landmarks: dict[str, volume_analysis.Landmarks] = field(default_factory=dict)
    plan_reasons: list[Reason] = field(default_factory=list)

    def prog(self) -> Program:
        assert self.program is not None
        return self.program


def _athlete(
    inputs: PlannerInputs, library: Sequence[ExerciseRecord], seed: int, r: _Reasons
) -> _Athlete:
    rules = planning_rules()
    limits = safety_limits()
    a = _Athlete(inputs=inputs, rules=rules, limits=limits, library=library, seed=seed, r=r)
    a.goal = inputs.goals[0] if inputs.goals else "general_fitness"
    a.level = inputs.level
    a.level_rank = LEVEL_RANK[inputs.level]
    a.equipment = frozenset(e for e in inputs.equipment if e in vocab.EQUIPMENT)
    a.dislike_words = tuple(sorted({_word(d) for d in inputs.dislikes if d.strip()}))
    a.preference_words = tuple(sorted({_word(p) for p in inputs.preferences if p.strip()}))
    a.constraints = Constraints(
        equipment=a.equipment,
        regions=inputs.injury_regions,
        conditions=inputs.conditions,
        dislikes=frozenset(inputs.dislikes),
    )
    age = inputs.age_years

    # Sports: the modality for cardio, and whether the athlete is an endurance athlete.
    for word in (_word(s) for s in inputs.sports):
        sport = rules.sports.get(word)
        if sport is not None:
            a.sport, a.modality, a.endurance_sport = word, sport.modality, sport.endurance
            if sport.endurance:
                break
    if a.sport is None:
        liked = [rules.sports[w].modality for w in a.preference_words if w in rules.sports]
        if liked:
            a.modality = liked[0]

    a.program_name = a.goal
    if a.endurance_sport and a.goal in rules.endurance_sport_goals:
        a.program_name = "endurance"
    a.program = rules.programs[a.program_name]
    a.scheme = a.program.scheme

    # Days: keep the rest days safety.yaml asks for.
    a.rest_days, most = limits.max_sessions_per_week(a.level, age)
    a.training_days = min(inputs.days_per_week, most, 6)
    if a.training_days < inputs.days_per_week:
        a.plan_reasons.append(
            r(
                "days_capped",
                asked=inputs.days_per_week,
                days=a.training_days,
                rest=7 - a.training_days,
            )
        )
    a.plan_reasons.append(r("rest_days", days=a.rest_days))
    a.schedule = _schedule(inputs.schedule, a.training_days, rules)

    # Effort floor: the level, age and conditions (planning.yaml and safety.yaml).
    floor = rules.rir_floor.levels[a.level]
    if a.level == "beginner":
        floor = max(floor, limits.min_rir.beginner)
        a.plan_reasons.append(r("min_rir_beginner", rir=_num(limits.min_rir.beginner)))
    if age is not None and age < rules.rir_floor.minor_age_years:
        floor = max(floor, rules.rir_floor.minor)
        who = f"athletes under {_num(rules.rir_floor.minor_age_years)}"
        a.plan_reasons.append(r("rir_floor_age", rir=_num(rules.rir_floor.minor), who=who))
    if age is not None and age >= rules.rir_floor.older_adult_age_years:
        floor = max(floor, rules.rir_floor.older_adult)
        who = f"athletes aged {_num(rules.rir_floor.older_adult_age_years)} and over"
        a.plan_reasons.append(r("rir_floor_age", rir=_num(rules.rir_floor.older_adult), who=who))
    for condition in sorted(inputs.conditions):
        needed = limits.min_rir.conditions.get(condition)
        if needed is not None:
            floor = max(floor, needed)
            a.plan_reasons.append(r("min_rir_condition", condition=condition, rir=_num(needed)))
        a.plan_reasons.append(r("condition_avoid", condition=condition))
    a.rir_floor = floor
    no_tests: list[str] = []
    if a.level == "beginner":
        no_tests.append("beginners")
    if age is not None and age < limits.max_test.min_age_years:
        no_tests.append(f"under-{_num(limits.max_test.min_age_years)}s")
    if inputs.conditions:
        no_tests.append(f"athletes with {', '.join(sorted(inputs.conditions))}")
    if no_tests:
        a.plan_reasons.append(r("no_max_test", who=no_tests))

    # Cardio intensity: zone caps for conditions, RPE where heart rate is unreliable.
    caps = [
        (rules.cardio.zone_cap[c], c)
        for c in sorted(inputs.conditions)
        if c in rules.cardio.zone_cap
    ]
    a.zone_cap = min(caps) if caps else None
    a.use_rpe = bool(rules.cardio.rpe_instead_of_zones & inputs.conditions)
    if age is not None:
        a.hr_max = rules.cardio.hr_max.intercept - rules.cardio.hr_max.slope * age

    table = volume_landmarks().for_level(a.level)
    a.landmarks = dict(table)
    return a


def _schedule(preferred: tuple[int, ...] | None, days: int, rules: PlanningRules) -> list[int]:
    """Preferred weekdays (first ``days`` of them), topped up from the default spread."""
    chosen = list(dict.fromkeys(preferred or ()))[:days]
    for day in (*rules.default_schedule[days], *range(7)):
        if len(chosen) >= days:
            break
        if day not in chosen:
            chosen.append(day)
    return sorted(chosen)


# --- exercise choice -------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Word:
    """A dislike or preference as the matcher uses it."""

    word: str
    tokens: frozenset[str]
    exact: bool
    sport_slugs: frozenset[str]


@dataclass(frozen=True)
class _Choice:
    """A slot's exercise: the week-1 pick, the rotation pool and why it was chosen."""

    pool: tuple[ExerciseRecord, ...]
    offset: int
    reasons: tuple[Reason, ...]
    substitute: bool = False


class _Catalog:
    """The library seen through the athlete's constraints (built once per plan)."""

    def __init__(self, a: _Athlete) -> None:
        self.a = a
        self.by_slug = {rec.slug: rec for rec in a.library}
        self._dislikes = (
            Constraints(dislikes=frozenset(a.inputs.dislikes)) if a.dislike_words else None
        )
        self._dislike_words = self._words(a.dislike_words)
        self._preference_words = self._words(a.preference_words)
        self._preferred: dict[str, str | None] = {}
        # slug → (kind, what, why) when the athlete may not do it; why is the contraindication
        # rule's reason (rules/contraindications.yaml) for regions and conditions.
        self.blocker: dict[str, tuple[str, str, str] | None] = {}
        self.by_pattern: dict[str, list[ExerciseRecord]] = {}
        for rec in sorted(a.library, key=lambda x: x.slug):
            self.blocker[rec.slug] = self._blocker(rec)
            self.by_pattern.setdefault(rec.movement_pattern, []).append(rec)
        self._ranked: dict[tuple[str, str, tuple[str, ...]], list[ExerciseRecord]] = {}
        self._weights: dict[str, dict[str, float]] = {}
        self._cap_weights: dict[str, dict[str, float]] = {}
        self._pools: dict[str, list[ExerciseRecord]] = {}

    # why an exercise is out -----------------------------------------------------------------

    def _blocker(self, rec: ExerciseRecord) -> tuple[str, str, str] | None:
        a = self.a
        if LEVEL_RANK[rec.level] > a.level_rank:
            return ("level", rec.level, "")
        missing = sorted(set(rec.equipment) - a.equipment)
        if missing:
            return ("equipment", missing[0], "")
        found = a.constraints.contraindications(rec)
        if found:  # regions first (the rules file's order within them)
            first = min(found, key=lambda e: e.kind != "region")
            return (first.kind, first.what, first.reason)
        disliked = self._disliked_by(rec)
        if disliked is not None:
            return ("dislike", disliked, "")
        return None

    def _words(self, words: tuple[str, ...]) -> list[_Word]:
        """Each word with its tokens, whether it is the full name of an exercise (then only
        that exercise matches, not every exercise containing its words; a single word such as
        "lunges" always matches broadly) and the exercises of the sport it names (if any)."""
        if not words:
            return []
        rules = self.a.rules
        names = {n for rec in self.a.library for n in _names_of(rec)}
        out = []
        for word in words:
            sport = rules.sports.get(word)
            slugs = _modality_slugs(rules, sport.modality) if sport else frozenset()
            tokens = _tokens(word)
            out.append(_Word(word, tokens, len(tokens) > 1 and tokens in names, slugs))
        return out

    @staticmethod
    def _matches(rec: ExerciseRecord, words: list[_Word]) -> str | None:
        tokens = _tokens_of(rec)
        for w in words:
            if w.tokens and (w.tokens in _names_of(rec) if w.exact else w.tokens <= tokens):
                return w.word
            if w.word in rec.equipment or rec.slug in w.sport_slugs:
                return w.word
        return None

    def _disliked_by(self, rec: ExerciseRecord) -> str | None:
        """The dislike that rules ``rec`` out: its name (``Constraints``), a word in its name,
        its equipment, or a sport whose exercises it is."""
        if self._dislikes is None:
            return None
        if not self._dislikes.allows(rec):
            return rec.name
        return self._matches(rec, self._dislike_words)

    def allowed(self, rec: ExerciseRecord) -> bool:
        return self.blocker[rec.slug] is None

    def preferred(self, rec: ExerciseRecord) -> str | None:
        """The preference ``rec`` matches: a word in its name, its equipment, pattern, primary
        muscle or category, or a sport whose exercises it is."""
        if rec.slug in self._preferred:
            return self._preferred[rec.slug]
        liked = self._matches(rec, self._preference_words)
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

    def choose(self, slot: Slot, key: str, used: set[str], avoid: set[str]) -> _Choice | None:
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
            if blocked is None or blocked[0] in ("level", "equipment") or blocked[0] in seen:
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
        return _Choice(pool=pool, offset=offset, reasons=tuple(reasons))

    def _substitute(
        self, slot: Slot, ranked: list[ExerciseRecord], used: set[str]
    ) -> _Choice | None:
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
            return _Choice(pool=(rec,), offset=0, reasons=(why, *extra), substitute=True)
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


# --- drafts: a week under construction --------------------------------------------------------------


@dataclass
class _Lift:
    """A strength item being planned."""

    slot: Slot
    key: str
    choice: _Choice
    index: int  # position in the pool this week
    sets: int
    fill: str | None = None
    flags: set[str] = field(default_factory=set)

    @property
    def record(self) -> ExerciseRecord:
        return self.choice.pool[self.index]

    @property
    def role(self) -> Role:
        return self.slot.role

    def copy(self) -> _Lift:
        return _Lift(
            self.slot, self.key, self.choice, self.index, self.sets, self.fill, set(self.flags)
        )


@dataclass
class _Cardio:
    """A cardio item being planned: full size (``target_s``) and this week's size."""

    kind: CardioKind
    role: str  # session | finisher | block
    record: ExerciseRecord
    reasons: tuple[Reason, ...]
    target_s: int
    duration_s: int
    repeats: int = 0

    def copy(self) -> _Cardio:
        return _Cardio(
            self.kind,
            self.role,
            self.record,
            self.reasons,
            self.target_s,
            self.duration_s,
            self.repeats,
        )


@dataclass
class _Draft:
    """A session being planned."""

    kind: SessionKind
    template: str | None
    name: str
    focus: str
    warmup_min: float
    cardio: list[_Cardio]
    lifts: list[_Lift]
    notes: list[Reason] = field(default_factory=list)

    def copy(self) -> _Draft:
        return _Draft(
            self.kind,
            self.template,
            self.name,
            self.focus,
            self.warmup_min,
            [c.copy() for c in self.cardio],
            [lift.copy() for lift in self.lifts],
            list(self.notes),
        )


class _Planner:
    """One plan: the athlete, the catalog and the weeks."""

    def __init__(self, a: _Athlete) -> None:
        self.a = a
        self.rules = a.rules
        self.catalog = _Catalog(a)
        self.minutes = float(a.inputs.session_minutes)
        self.set_range = a.rules.sets[a.level]
        self.targets = a.rules.schemes[a.scheme][a.level]
        self.rest = a.rules.rest_s[a.scheme]
        self.choices: dict[str, _Choice | None] = {}
        self.week_mains: dict[str, set[str]] = {}
        self.split_key = ""
        self.split_name = ""
        self._set_minutes: dict[str, float] = {}

    # timing -----------------------------------------------------------------------------------

    def target(self, role: Role) -> RepTarget:
        return self.targets.of(role)

    def set_minutes(self, role: Role) -> float:
        found = self._set_minutes.get(role)
        if found is None:
            low, high = self.target(role).reps
            seconds = (low + high) / 2 * self.rules.timing.seconds_per_rep + self.rest.of(role)
            found = self._set_minutes[role] = seconds / 60
        return found

    def lift_minutes(self, lift: _Lift, sets: int | None = None) -> float:
        count = lift.sets if sets is None else sets
        return self.rules.timing.changeover_s / 60 + count * self.set_minutes(lift.role)

    def cardio_minutes(self, draft: _Draft, *, full: bool = False) -> float:
        return sum((c.target_s if full else c.duration_s) / 60 for c in draft.cardio)

    def total(self, draft: _Draft, *, full: bool = True) -> float:
        lifting = sum(self.lift_minutes(lift) for lift in draft.lifts)
        return draft.warmup_min + self.cardio_minutes(draft, full=full) + lifting

    def fits(self, draft: _Draft, extra: float) -> bool:
        return self.total(draft) + extra <= self.minutes + _EPS

    def warmup_minutes(self) -> float:
        w = self.rules.timing.warmup
        return float(round(min(w.max_minutes, max(w.min_minutes, w.fraction * self.minutes))))

    # the week's layout -----------------------------------------------------------------------------

    def layout(self) -> list[tuple[SessionKind, str | None]]:
        """Session kinds with their strength templates, in order."""
        a = self.a
        program = a.prog()
        kinds = list(program.layout[a.training_days])
        warm = self.warmup_minutes()
        avail = self.minutes - warm
        comb = self.rules.timing.combined
        for i, kind in enumerate(kinds):
            if (
                kind == "easy+strength"
                and avail < comb.min_cardio_minutes + comb.min_strength_minutes
            ):
                kinds[i] = "strength"
        strength = [k for k in kinds if "strength" in k]
        if program.strength_templates:
            cycle = program.strength_templates
            self.split_key = f"{a.program_name}+strength"
            self.split_name = f"{a.program_name.replace('_', ' ')} with strength"
        else:
            mixed = any(k in ("easy", "intervals", "long") for k in kinds)
            if mixed and program.mixed_split is not None:
                self.split_key = program.mixed_split
            else:
                self.split_key = self.rules.split_for[max(1, len(strength))][a.level]
            split = self.rules.splits[self.split_key]
            cycle = split.cycle
            self.split_name = split.name
        out: list[tuple[SessionKind, str | None]] = []
        n = 0
        for kind in kinds:
            if "strength" in kind:
                out.append((kind, cycle[n % len(cycle)]))
                n += 1
            else:
                out.append((kind, None))
        return out

    def template_slots(self, template: Template) -> tuple[Slot, ...]:
        if self.a.prog().power_first:
            return (self.rules.power_slot, *template.slots)
        return template.slots

    # week 1 -------------------------------------------------------------------------------------

    def first_week(self) -> list[_Draft]:
        drafts = []
        for kind, template_name in self.layout():
            draft = self.draft(kind, template_name)
            if draft is not None:
                drafts.append(draft)
            else:
                what = kind.replace("+", " + ") if template_name is None else "strength"
                self.a.plan_reasons.append(self.a.r("session_dropped", what=what))
        self.balance(drafts)
        return drafts

    def draft(self, kind: SessionKind, template_name: str | None) -> _Draft | None:
        a = self.a
        r = a.r
        warm = self.warmup_minutes()
        avail = self.minutes - warm
        cardio: list[_Cardio] = []
        if kind in ("easy", "intervals", "long"):
            item = self.cardio_item(kind, "session", avail)
            if item is None:
                return None
            label = item.record.name.lower()
            names = {
                "easy": f"Easy {label}",
                "intervals": f"Intervals: {label}",
                "long": f"Long {label}",
            }
            return _Draft(kind, None, names[kind], "cardio", warm, [item], [])
        if kind == "easy+strength":
            comb = self.rules.timing.combined
            cardio_min = max(comb.min_cardio_minutes, comb.cardio_fraction * avail)
            cardio_min = min(cardio_min, avail - comb.min_strength_minutes)
            item = self.cardio_item("easy", "block", cardio_min)
            if item is not None:
                cardio.append(item)
        if kind == "strength+finisher":
            fin = self.rules.timing.finisher
            if self.minutes >= fin.min_session_minutes:
                item = self.cardio_item("easy", "finisher", min(fin.minutes, fin.fraction * avail))
                if item is not None:
                    cardio.append(item)
        assert template_name is not None
        template = self.rules.templates[template_name]
        name = template.name
        if kind == "easy+strength" and cardio:
            name = f"Easy {cardio[0].record.name.lower()} + {template.name[0].lower()}{template.name[1:]}"
        draft = _Draft(kind, template_name, name, template.focus, warm, cardio, [])
        used: set[str] = set()
        for index, slot in enumerate(self.template_slots(template)):
            key = f"{template_name}:{index}"
            if key not in self.choices:
                avoid = self.week_mains.get(slot.pattern, set()) if slot.role == "main" else set()
                self.choices[key] = self.catalog.choose(slot, key, used, avoid)
                choice = self.choices[key]
                if choice is not None and slot.role == "main":
                    self.week_mains.setdefault(slot.pattern, set()).add(choice.pool[0].slug)
            choice = self.choices[key]
            if choice is None:
                draft.notes.append(r("slot_dropped", pattern=slot.pattern))
                continue
            index_in_pool = self.free_index(choice, used)
            if index_in_pool is None:
                draft.notes.append(r("slot_dropped", pattern=slot.pattern))
                continue
            lift = _Lift(slot, key, choice, index_in_pool, self.set_range.start)
            used.add(lift.record.slug)
            draft.lifts.append(lift)
        self.fit(draft)
        if not draft.lifts and not draft.cardio:
            # Nothing permitted for this template: easy cardio keeps the training day.
            instead = self.draft("easy", None)
            if instead is not None:
                instead.notes.append(r("session_dropped", what=template.focus.replace("_", " ")))
            return instead
        return draft

    def free_index(self, choice: _Choice, used: set[str], week: int = 1) -> int | None:
        """The pool position for ``week`` (rotating accessories), skipping exercises in use."""
        size = len(choice.pool)
        for step in range(size):
            index = (choice.offset + week - 1 + step) % size
            if choice.pool[index].slug not in used:
                return index
        return None

    def fit(self, draft: _Draft) -> None:
        """Trim a session to the session length: drop the lowest-priority slots (keeping two),
        then sets below the usual minimum, then slots down to one."""
        a = self.a
        dropped: list[str] = []
        while self.total(draft) > self.minutes + _EPS and draft.lifts:
            if len(draft.lifts) > 2:
                # The lowest-priority slot goes first, unless it holds something the athlete likes.
                liked = [self.catalog.preferred(x.record) is not None for x in draft.lifts]
                at = max((i for i, keep in enumerate(liked) if not keep), default=len(liked) - 1)
                dropped.append(draft.lifts.pop(at).record.name)
                continue
            heavy = max(draft.lifts, key=lambda lift: (lift.sets, -_ROLE_ORDER[lift.role]))
            if heavy.sets > 1:
                heavy.sets -= 1
                heavy.flags.add("short")
                continue
            dropped.append(draft.lifts.pop().record.name)
        if dropped:
            draft.notes.append(
                a.r("time_trimmed", what=list(reversed(dropped)), minutes=a.inputs.session_minutes)
            )

    # cardio ---------------------------------------------------------------------------------------

    def cardio_item(self, kind: CardioKind, role: str, minutes: float) -> _Cardio | None:
        """A cardio block of ``kind`` sized to at most ``minutes``."""
        a = self.a
        found = self.catalog.cardio(kind)
        if found is None:
            return None
        record, reasons = found
        cardio = self.rules.cardio
        repeats = 0
        if kind == "intervals":
            rule = cardio.intervals[a.level]
            each = rule.work_s + rule.rest_s
            repeats = min(rule.repeats, int(minutes * 60 // each))
            if repeats < 1:
                return self.cardio_item("easy", role, minutes)
            target = repeats * each
        elif kind == "easy" and role == "session":
            target = int(min(minutes, cardio.easy.max_minutes[a.level])) * 60
        else:
            target = int(minutes) * 60
        if target < 60:
            return None
        start = target
        if kind != "intervals":
            start = max(60, int(target * self.rules.progression.cardio_start_fraction) // 60 * 60)
        return _Cardio(kind, role, record, tuple(reasons), target, start, repeats)

    # volume -------------------------------------------------------------------------------------

    def bounds(self) -> dict[str, tuple[float, float]]:
        """(low, high) weekly fractional sets per muscle the week aims for."""
        a = self.a
        major = set(self.rules.volume.major_muscles)
        out: dict[str, tuple[float, float]] = {}
        if a.prog().volume == "targets":
            for muscle, marks in a.landmarks.items():
                low = max(marks.mev, 1.0) if muscle in major else marks.mev
                out[muscle] = (low, marks.mav)
        else:
            for muscle in major:
                found = a.landmarks.get(muscle)
                out[muscle] = (1.0, found.mav if found is not None else math.inf)
        return out

    def totals(self, drafts: Sequence[_Draft], *, cap: bool = False) -> dict[str, float]:
        out: dict[str, float] = {}
        weights = self.catalog.cap_weights if cap else self.catalog.weights
        for draft in drafts:
            for lift in draft.lifts:
                for muscle, w in weights(lift.record).items():
                    out[muscle] = out.get(muscle, 0.0) + w * lift.sets
        return out

    def balance(self, drafts: list[_Draft]) -> None:
        """Steer weekly sets per muscle into [low, high] by greedy local moves: remove or add
        a set, swap or drop an accessory, or add a fill exercise where time allows."""
        bounds = self.bounds()
        if not bounds:
            return
        totals = self.totals(drafts)

        def miss(muscle: str, value: float) -> float:
            low, high = bounds[muscle]
            return max(0.0, low - value) + max(0.0, value - high)

        def gain(delta: Mapping[str, float]) -> float:
            change = 0.0
            for muscle, d in delta.items():
                if muscle in bounds and d:
                    value = totals.get(muscle, 0.0)
                    change += miss(muscle, value + d) - miss(muscle, value)
            return change

        def scaled(rec: ExerciseRecord, sets: float) -> dict[str, float]:
            return {m: w * sets for m, w in self.catalog.weights(rec).items()}

        for _ in range(_BALANCE_STEPS):
            off = {m for m in bounds if miss(m, totals.get(m, 0.0)) > _EPS}
            if not off:
                return
            # Best move: the largest improvement; then the gentler kind of move; then, between
            # equal moves, taking from the longest session and adding to the shortest.
            best: tuple[tuple[float, int, float], Any] | None = None

            def consider(score: float, rank: int, tie: float, move: Any) -> None:
                nonlocal best
                key = (round(score, 9), rank, round(tie, 9))
                if key[0] < -_EPS and (best is None or key < best[0]):
                    best = (key, move)

            for d_index, draft in enumerate(drafts):
                if not draft.lifts:
                    continue
                length = self.total(draft)
                used = {x.record.slug for x in draft.lifts}
                for l_index, lift in enumerate(draft.lifts):
                    rec = lift.record
                    if not off.intersection(self.catalog.weights(rec)):
                        continue
                    if lift.sets > self.set_range.min:
                        consider(gain(scaled(rec, -1)), 0, -length, ("minus", d_index, l_index))
                    per_set = self.set_minutes(lift.role)
                    if lift.sets < self.set_range.max and length + per_set <= self.minutes + _EPS:
                        consider(gain(scaled(rec, 1)), 1, length, ("plus", d_index, l_index))
                    if lift.role not in ("accessory", "core"):
                        continue
                    removed = scaled(rec, -lift.sets)
                    for alt in self.catalog.pool(lift.slot):
                        if alt.slug in used:
                            continue
                        delta = scaled(alt, lift.sets)
                        for m, v in removed.items():
                            delta[m] = delta.get(m, 0.0) + v
                        consider(gain(delta), 2, -length, ("swap", d_index, l_index, alt))
                    if len(draft.lifts) > 1:
                        consider(gain(removed), 3, -length, ("drop", d_index, l_index))
            for muscle in sorted(off):
                if totals.get(muscle, 0.0) >= bounds[muscle][0]:
                    continue
                found = self.fill_move(drafts, muscle)
                if found is not None:
                    d_index, lift = found
                    length = self.total(drafts[d_index])
                    consider(
                        gain(scaled(lift.record, lift.sets)), 4, length, ("fill", d_index, lift)
                    )
            if best is None:
                return
            self.apply(drafts, best[1])
            totals = self.totals(drafts)

    def apply(self, drafts: list[_Draft], move: tuple[Any, ...]) -> None:
        kind, d_index = move[0], move[1]
        draft = drafts[d_index]
        if kind == "fill":
            draft.lifts.append(move[2])
            return
        lift = draft.lifts[move[2]]
        if kind == "minus":
            lift.sets -= 1
            lift.flags.add("balanced")
        elif kind == "plus":
            lift.sets += 1
            lift.flags.add("balanced")
        elif kind == "drop":
            draft.lifts.pop(move[2])
        elif kind == "swap":
            alt: ExerciseRecord = move[3]
            lift.choice = _Choice(pool=(alt,), offset=0, reasons=lift.choice.reasons)
            lift.index = 0
            lift.flags.add("balanced")

    def fill_move(self, drafts: list[_Draft], muscle: str) -> tuple[int, _Lift] | None:
        """A fill exercise for ``muscle`` in the session with the most spare time that may hold it."""
        rules = self.rules
        region = (
            "lower"
            if muscle in rules.lower_muscles
            else "core"
            if muscle in rules.core_muscles
            else "upper"
        )
        slots = [
            Slot(
                pattern=p,
                role="core" if p in ("anti_extension", "trunk_flexion") else "accessory",
                muscles=(muscle,),
            )
            for p in rules.volume.fill_patterns.get(muscle, ())
        ]
        order = sorted(
            (i for i, d in enumerate(drafts) if d.template is not None),
            key=lambda i: (self.total(drafts[i]), i),
        )
        for d_index in order:
            draft = drafts[d_index]
            if region not in rules.focus_regions.get(draft.focus, frozenset()):
                continue
            used = {x.record.slug for x in draft.lifts}
            for slot in slots:
                if not self.fits(
                    draft,
                    self.rules.timing.changeover_s / 60
                    + self.set_range.min * self.set_minutes(slot.role),
                ):
                    continue
                key = f"fill:{muscle}:{slot.pattern}"
                choice = self.catalog.choose(slot, key, used, set())
                if choice is None or choice.substitute:
                    continue
                index = self.free_index(choice, used)
                if index is None:
                    continue
                reasons = (*choice.reasons, self.a.r("volume_fill", muscle=muscle))
                choice = _Choice(pool=choice.pool, offset=choice.offset, reasons=reasons)
                return d_index, _Lift(slot, key, choice, index, self.set_range.min, fill=muscle)
        return None

    # later weeks ------------------------------------------------------------------------------------

    def next_week(self, previous: list[_Draft], week: int) -> list[_Draft]:
        """``previous`` one week on: accessories rotate, a set is added where allowed, cardio
        grows by at most the weekly step; the safety caps hold against ``previous``."""
        drafts = [d.copy() for d in previous]
        for draft in drafts:
            for lift in draft.lifts:
                lift.flags.discard("progressed")
                lift.flags.discard("rotated")
        rise = 1 + self.a.limits.weekly_sets.max_increase
        before = self.totals(previous, cap=True)
        bounds = self.bounds()
        # Rotate accessories, unless that breaks the weekly cap or moves volume off target.
        missed = self.missed(drafts, bounds)
        for draft in drafts:
            used = {x.record.slug for x in draft.lifts if x.role in ("main", "power")}
            for lift in draft.lifts:
                if lift.role in ("accessory", "core") and len(lift.choice.pool) > 1:
                    index = self.free_index(lift.choice, used, week)
                    if index is not None and index != lift.index:
                        old = lift.index
                        lift.index = index
                        now = self.missed(drafts, bounds)
                        if now > missed + _EPS or not self.within_cap(drafts, before, rise):
                            lift.index = old
                        else:
                            missed = now
                            lift.flags.add("rotated")
                used.add(lift.record.slug)
        # One more set where volume, time and the cap allow.
        step = self.rules.progression.sets_step_per_week
        if step:
            for draft in drafts:
                for lift in sorted(draft.lifts, key=lambda x: _PROGRESS_ORDER[x.role]):
                    if lift.role == "power" or lift.sets + step > self.set_range.max:
                        continue
                    if not self.fits(draft, step * self.set_minutes(lift.role)):
                        continue
                    lift.sets += step
                    totals = self.totals(drafts)
                    above = any(
                        totals.get(m, 0.0) > bounds[m][1] + _EPS
                        for m in self.catalog.weights(lift.record)
                        if m in bounds
                    )
                    if above or not self.within_cap(drafts, before, rise):
                        lift.sets -= step
                    else:
                        lift.flags.update(("progressed", "built"))
        # Cardio grows toward its full size, at most the weekly step.
        grow = min(self.rules.progression.cardio_step, self.a.limits.cardio_weekly.max_increase)
        for draft in drafts:
            for item in draft.cardio:
                if item.kind == "intervals":
                    continue
                bigger = int(item.duration_s * (1 + grow)) // 60 * 60
                item.duration_s = max(item.duration_s, min(item.target_s, bigger))
        return drafts

    def missed(self, drafts: Sequence[_Draft], bounds: Mapping[str, tuple[float, float]]) -> float:
        """How far the week's sets per muscle lie outside ``bounds``, summed over muscles."""
        totals = self.totals(drafts)
        out = 0.0
        for muscle, (low, high) in bounds.items():
            value = totals.get(muscle, 0.0)
            out += max(0.0, low - value) + max(0.0, value - high)
        return out

    def over_cap(
        self, drafts: Sequence[_Draft], before: Mapping[str, float], rise: float
    ) -> set[str]:
        """Muscles whose weekly sets rise more than the safety cap over ``before``."""
        now = self.totals(drafts, cap=True)
        return {
            m for m, base in before.items() if base > 0 and now.get(m, 0.0) > base * rise + _EPS
        }

    def within_cap(
        self, drafts: Sequence[_Draft], before: Mapping[str, float], rise: float
    ) -> bool:
        return not self.over_cap(drafts, before, rise)

    def deload_week(self, previous: list[_Draft]) -> list[_Draft]:
        """About half the sets, shorter easy cardio, intervals turned into easy work."""
        d = self.rules.deload
        drafts = [x.copy() for x in previous]
        for draft in drafts:
            for lift in draft.lifts:
                lift.flags = {f for f in lift.flags if f in ("short",)}
                lift.sets = max(1, math.floor(lift.sets * d.set_fraction + 0.5))
        # Single sets cannot be halved: leave out low-priority exercises instead, keeping at
        # least one per session, until the week is near the deload fraction of the sets.
        target = math.floor(sum(x.sets for p in previous for x in p.lifts) * d.set_fraction + 0.5)
        while sum(x.sets for p in drafts for x in p.lifts) > max(1, target):
            longest = max(
                (p for p in drafts if len(p.lifts) > 1),
                key=lambda p: sum(x.sets for x in p.lifts),
                default=None,
            )
            if longest is None:
                break
            longest.lifts.pop()
            for i, item in enumerate(draft.cardio):
                seconds = max(60, int(item.duration_s * d.cardio_fraction) // 60 * 60)
                if item.kind == "intervals":
                    easy = self.catalog.cardio("easy")
                    if easy is not None:
                        if draft.template is None:
                            draft.name = f"Easy {easy[0].name.lower()}"
                        draft.cardio[i] = _Cardio(
                            "easy", item.role, easy[0], tuple(easy[1]), seconds, seconds
                        )
                        continue
                    item.repeats = max(1, math.floor(item.repeats * d.cardio_fraction))
                    rule = self.rules.cardio.intervals[self.a.level]
                    item.duration_s = item.repeats * (rule.work_s + rule.rest_s)
                    continue
                item.duration_s = min(item.duration_s, seconds)
        return drafts

    # output ---------------------------------------------------------------------------------------

    def rir_for(self, role: Role, week: int, deload: bool, last_rir: float | None = None) -> float:
        start = max(self.a.rir_floor, self.target(role).rir)
        rir = max(self.a.rir_floor, start - self.rules.progression.rir_step_per_week * (week - 1))
        if deload:
            base = rir if last_rir is None else last_rir
            return min(5.0, base + self.rules.deload.rir_add)
        return rir

    def load(self, lift: _Lift, rir: float) -> tuple[Load, list[Reason]]:
        a = self.a
        rec = lift.record
        rules = self.rules.loads
        if set(rec.equipment) <= rules.bodyweight_equipment:
            return Load(kind="bodyweight"), [a.r("load_bodyweight", rir=_num(rir))]
        e1rm = a.inputs.e1rm_kg.get(rec.slug)
        if e1rm is None:
            return Load(kind="by_rir"), [a.r("start_load_unknown", rir=_num(rir))]
        low, high = self.target(lift.role).reps
        reps = (low + high + 1) // 2
        fraction = 1.0 / epley_e1rm(1.0, reps, rir)
        increment = min(
            (rules.increment_kg[e] for e in rec.equipment if e in rules.increment_kg),
            default=rules.increment_kg["default"],
        )
        kg = math.floor(e1rm * fraction / increment + 1e-6) * increment
        if kg < increment:
            return Load(kind="by_rir"), [a.r("start_load_unknown", rir=_num(rir))]
        kg = round(kg, 2)
        why = [
            a.r("start_load_estimate", e1rm=_num(round(e1rm, 1))),
            a.r(
                "load_from_e1rm", kg=_num(kg), pct=round(100 * kg / e1rm), reps=reps, rir=_num(rir)
            ),
        ]
        return Load(kind="kg", value=kg), why

    def strength_item(self, lift: _Lift, week: int, deload: Reason | None) -> StrengthItem:
        """The output item of a lift in ``week`` (``deload``: the deload week's reason)."""
        a = self.a
        r = a.r
        rec = lift.record
        target = self.target(lift.role)
        is_deload = deload is not None
        rir = self.rir_for(
            lift.role, week, is_deload, self.last_rir(lift.role) if is_deload else None
        )
        load, load_reasons = self.load(lift, rir)
        low, high = target.reps
        reasons = [
            r("goal_rep_range", reps=f"{low}-{high}", goal=a.goal),
            r("level_rir", rir=_num(rir), level=a.level),
        ]
        if deload is not None:
            reasons.append(deload)
        elif lift.sets == self.set_range.start:
            reasons.append(r("level_volume", sets=lift.sets, level=a.level))
        if "short" in lift.flags and lift.sets < self.set_range.min:
            reasons.append(
                r(
                    "short_session_sets",
                    sets=lift.sets,
                    usual=self.set_range.min,
                    minutes=a.inputs.session_minutes,
                )
            )
        if "balanced" in lift.flags:
            reasons.append(r("volume_adjusted", sets=lift.sets))
        if "progressed" in lift.flags:
            reasons.append(r("progression_sets", sets=lift.sets))
        elif "built" in lift.flags and deload is None:
            reasons.append(r("sets_built", sets=lift.sets))
        reasons += [
            r("pattern_balance", pattern=rec.movement_pattern),
            r("muscle_coverage", muscles=list(rec.primary_muscles)),
            r("equipment_fit", equipment=list(rec.equipment) or ["bodyweight"]),
            *lift.choice.reasons,
            *load_reasons,
        ]
        if "rotated" in lift.flags:
            reasons.append(r("variety"))
        if a.program_name == "endurance" and lift.fill is None:
            reasons.append(r("strength_block"))
        return StrengthItem(
            exercise=rec.slug,
            sets=lift.sets,
            rep_min=low,
            rep_max=high,
            target_rir=rir,
            load=load,
            rest_s=self.rest.of(lift.role),
            max_test=False,
            reasons=reasons,
        )

    def last_rir(self, role: Role) -> float:
        weeks = self.a.inputs.weeks
        return self.rir_for(role, weeks - 1, False)

    def intensity(
        self, rule: IntensityRule | None, zone: int | None
    ) -> tuple[Intensity, list[Reason]]:
        """An intensity from a zone or an RPE rule, capped for conditions, with its reason."""
        a = self.a
        r = a.r
        cardio = self.rules.cardio
        reasons: list[Reason] = []
        if rule is not None and rule.kind == "rpe":
            rpe = rule.value
            if a.zone_cap is not None and rpe > cardio.rpe_for_zone[a.zone_cap[0]]:
                rpe = cardio.rpe_for_zone[a.zone_cap[0]]
                reasons.append(r("intensity_capped", zone=a.zone_cap[0], condition=a.zone_cap[1]))
            feel = next(
                (z.feel for k, z in sorted(cardio.zones.items()) if cardio.rpe_for_zone[k] >= rpe),
                cardio.zones[5].feel,
            )
            reasons.append(r("cardio_rpe", rpe=_num(rpe), feel=feel))
            return Intensity(kind="rpe", value=rpe), reasons
        value = int(rule.value) if rule is not None else (zone or 2)
        if a.zone_cap is not None and value > a.zone_cap[0]:
            value = a.zone_cap[0]
            reasons.append(r("intensity_capped", zone=value, condition=a.zone_cap[1]))
        if a.use_rpe:
            rpe = cardio.rpe_for_zone[value]
            reasons.append(r("cardio_rpe", rpe=_num(rpe), feel=cardio.zones[value].feel))
            return Intensity(kind="rpe", value=rpe), reasons
        if a.hr_max is not None:
            z = cardio.zones[value]
            reasons.append(
                r(
                    "cardio_zone",
                    zone=value,
                    low=round(z.low * a.hr_max),
                    high=round(z.high * a.hr_max),
                )
            )
        else:
            reasons.append(r("cardio_feel", zone=value, feel=cardio.zones[value].feel))
        return Intensity(kind="hr_zone", value=value), reasons

    def cardio_output(
        self, item: _Cardio, previous: int | None, deload: Reason | None
    ) -> CardioItem:
        """The output item of a cardio block (``previous``: last week's seconds, for the ramp)."""
        a = self.a
        r = a.r
        rules = self.rules.cardio
        reasons: list[Reason] = [
            r(
                "cardio_goal",
                minutes=_num(round(item.duration_s / 60, 1)),
                modality=item.record.name,
                goal=a.goal,
            ),
            *item.reasons,
        ]
        intervals = None
        if item.kind == "intervals":
            rule = rules.intervals[a.level]
            work, work_why = self.intensity(rule.work, None)
            rest, _ = self.intensity(rule.rest, None)
            intervals = Interval(
                repeats=item.repeats,
                work_s=rule.work_s,
                rest_s=rule.rest_s,
                work_intensity=work,
                rest_intensity=rest,
            )
            intensity = work
            reasons += work_why
            reasons.append(
                r(
                    "cardio_intervals",
                    repeats=item.repeats,
                    work=_duration(rule.work_s),
                    rest=_duration(rule.rest_s),
                )
            )
        else:
            zone = rules.long.zone if item.kind == "long" else rules.easy.zone
            intensity, why = self.intensity(None, zone)
            reasons += why
            if item.role == "finisher":
                reasons.append(r("cardio_finisher", modality=item.record.name.lower()))
            elif item.kind == "long":
                reasons.append(r("cardio_long", minutes=a.inputs.session_minutes))
            else:
                reasons.append(r("cardio_easy"))
        if previous is not None and item.duration_s > previous:
            pct = round(100 * (item.duration_s - previous) / previous)
            reasons.append(r("cardio_ramp", pct=pct))
        if deload is not None:
            reasons.append(deload)
        return CardioItem(
            exercise=item.record.slug,
            duration_s=item.duration_s,
            intensity=intensity,
            intervals=intervals,
            max_test=False,
            reasons=reasons,
        )

    def warmup(self, draft: _Draft) -> WarmUp:
        a = self.a
        rules = self.rules.warmup_drills
        focus = draft.focus if draft.template is not None else "cardio"
        drills = [
            self.catalog.by_slug[s].name
            for s in rules.by_focus.get(focus, ())
            if s in self.catalog.by_slug and self.catalog.allowed(self.catalog.by_slug[s])
        ][: rules.count]
        minutes = _num(draft.warmup_min)
        steps: list[str] = []
        reasons: list[Reason]
        if draft.template is None:
            name = draft.cardio[0].record.name.lower() if draft.cardio else "cardio"
            steps.append(f"{minutes} min easy {name}, building gradually")
            steps += [f"{d}: a few slow repetitions" for d in drills]
            reasons = [a.r("warmup_cardio", minutes=minutes)]
        else:
            pulse = self.catalog.cardio("easy")
            pulse_name = pulse[0].name.lower() if pulse else "easy movement"
            steps.append(f"{max(2, round(draft.warmup_min / 2))} min {pulse_name}, easy")
            steps += [f"{d}: 5-8 controlled repetitions" for d in drills]
            first = next(
                (x for x in sorted(draft.lifts, key=_execution_key) if x.role in ("main", "power")),
                None,
            )
            if first is not None:
                steps.append(
                    f"Ramp-up sets of {first.record.name}: 2-3 lighter sets, fewer reps each"
                )
            reasons = [a.r("warmup")]
        return WarmUp(duration_s=int(draft.warmup_min * 60), steps=steps, reasons=reasons)


def _execution_key(lift: _Lift) -> tuple[int, int]:
    rec = lift.record
    return (_ROLE_ORDER[lift.role], 0 if rec.mechanics == "compound" else 1)


def _duration(seconds: int) -> str:
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"


# --- the plan ------------------------------------------------------------------------------------


def generate_plan(
    inputs: PlannerInputs, library: Sequence[ExerciseRecord], *, seed: int, now: datetime
) -> Plan:
    """A mesocycle for ``inputs`` from ``library`` (pure; the same inputs and seed give the
    same plan). See the module docstring for the rules applied."""
    _check_inputs(inputs)
    r = _Reasons()
    a = _athlete(inputs, library, seed, r)
    planner = _Planner(a)
    first = planner.first_week()
    deload = inputs.weeks >= a.rules.deload.min_weeks
    building = inputs.weeks - 1 if deload else inputs.weeks
    weeks_drafts = [first]
    for week in range(2, building + 1):
        weeks_drafts.append(planner.next_week(weeks_drafts[-1], week))
    if deload:
        weeks_drafts.append(planner.deload_week(weeks_drafts[-1]))

    weeks: list[Week] = []
    previous: list[_Draft] | None = None
    for w_index, drafts in enumerate(weeks_drafts, start=1):
        is_deload = deload and w_index == len(weeks_drafts)
        week_reason: Reason
        if is_deload:
            before_sets = sum(x.sets for d in weeks_drafts[-2] for x in d.lifts)
            now_sets = sum(x.sets for d in drafts for x in d.lifts)
            pct = (
                round(100 * now_sets / before_sets)
                if before_sets
                else round(100 * a.rules.deload.cardio_fraction)
            )
            week_reason = r("deload_scheduled", pct=pct)
        else:
            rir = planner.rir_for("main", w_index, False)
            week_reason = r("progression_rir", week=w_index, rir=_num(rir))
        sessions = []
        for s_index, draft in enumerate(drafts, start=1):
            before = previous[s_index - 1] if previous is not None and not is_deload else None
            deload_why = week_reason if is_deload else None
            sessions.append(_session(planner, draft, w_index, s_index, deload_why, before))
        week_reasons = [week_reason]
        weeks.append(Week(index=w_index, deload=is_deload, sessions=sessions, reasons=week_reasons))
        previous = drafts

    split_label = planner.split_name
    plan_reasons = [
        r("plan_program", goal=a.goal, split=split_label, days=a.training_days),
        *a.plan_reasons,
    ]
    plan_reasons += _volume_reasons(planner, first)
    return Plan(
        athlete_id=inputs.athlete_id,
        goal=a.goal,
        level=a.level,
        split=planner.split_key,
        days_per_week=a.training_days,
        session_minutes=inputs.session_minutes,
        equipment=sorted(a.equipment),
        schedule=a.schedule,
        start=inputs.start,
        seed=seed,
        weeks=weeks,
        created_at=now,
        reasons=plan_reasons,
    )


def _session(
    planner: _Planner,
    draft: _Draft,
    week: int,
    index: int,
    deload: Reason | None,
    before: _Draft | None,
) -> PlannedSession:
    a = planner.a
    r = a.r
    items: list[StrengthItem | CardioItem] = []
    cardio_first = draft.kind == "easy+strength"
    cardio_items = []
    for c_index, item in enumerate(draft.cardio):
        prev = None
        if before is not None and c_index < len(before.cardio):
            prev = before.cardio[c_index].duration_s
        cardio_items.append(planner.cardio_output(item, prev, deload))
    lifts = [
        planner.strength_item(lift, week, deload)
        for lift in sorted(draft.lifts, key=_execution_key)
    ]
    items = [*cardio_items, *lifts] if cardio_first or not draft.lifts else [*lifts, *cardio_items]
    reasons: list[Reason] = []
    if draft.template is not None:
        reasons.append(r("session_focus", focus=draft.name, split=planner.split_name))
    reasons.append(r("session_length_fit", minutes=a.inputs.session_minutes))
    reasons += draft.notes
    minutes = planner.total(draft, full=False)
    return PlannedSession(
        key=f"w{week}s{index}",
        name=draft.name,
        focus=draft.focus,
        warmup=planner.warmup(draft),
        items=items,
        estimated_minutes=max(5, math.ceil(minutes - 1e-6)),
        reasons=reasons,
    )


def _volume_reasons(planner: _Planner, first: list[_Draft]) -> list[Reason]:
    """Plan reasons for muscles the first week leaves short (volume or coverage)."""
    a = planner.a
    bounds = planner.bounds()
    totals = planner.totals(first)
    short = sorted(m for m, (low, _) in bounds.items() if totals.get(m, 0.0) < low - _EPS)
    if not short or not any(d.lifts for d in first):
        return []
    untrained = [m for m in short if totals.get(m, 0.0) <= 0]
    out = []
    if a.prog().volume == "targets":
        out.append(a.r("volume_short", muscles=short))
    if untrained:
        out.append(a.r("muscles_uncovered", muscles=untrained))
    return out
