"""The athlete as the planner sees them, derived once per plan from the inputs and the rules:
the program, training and rest days, the effort floor, cardio intensity limits and volume
landmarks, with the plan-level reasons they give.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from fitcoach.analysis import volume as volume_analysis
from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.explanations import Reason, reason
from fitcoach.coach.library import Constraints, ExerciseRecord
from fitcoach.coach.planner.inputs import PlannerInputs
from fitcoach.coach.rules.planning import PlanningRules, Program, planning_rules
from fitcoach.coach.rules.safety import SafetyLimits, safety_limits
from fitcoach.coach.rules.volume import volume_landmarks

LEVEL_RANK = {level: rank for rank, level in enumerate(vocab.LEVELS)}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def _word(value: str) -> str:
    return value.strip().lower().replace("-", "_").replace(" ", "_")


class ReasonCache:
    """Reasons made once and shared (they are immutable): per process, across plans (one
    athlete's plans, seed after seed, give mostly the same reasons; making one validates and
    renders it). Bounded: past ``max_entries`` it starts again empty (the parameters hold
    loads and dates, so over a server's life the reasons it could keep have no end)."""

    def __init__(self, max_entries: int = 10_000) -> None:  # about 1 kB each
        self.max_entries = max_entries
        self._cache: dict[tuple[str, tuple[tuple[str, Any], ...]], Reason] = {}
        # The same reasons by the parameters in the order given: a call site passes them in
        # one order, and sorting them into the key above cost more than making most reasons.
        self._as_given: dict[tuple[Any, ...], Reason] = {}

    def __call__(self, code: str, **params: Any) -> Reason:
        given = (code, *params.items())
        try:
            found = self._as_given.get(given)
        except TypeError:  # a list among the values: only the sorted key takes it
            return self._by_sorted_key(code, params)
        if found is None:
            found = self._as_given[given] = self._by_sorted_key(code, params)
        return found

    def _by_sorted_key(self, code: str, params: dict[str, Any]) -> Reason:
        key = (code, tuple(sorted((k, _hashable(v)) for k, v in params.items())))
        found = self._cache.get(key)
        if found is None:
            if len(self._cache) + len(self._as_given) >= self.max_entries:
                # Threads may add meanwhile: a dict's own operations hold the interpreter
                # lock, so at worst a reason is made again.
                self._cache.clear()
                self._as_given.clear()
            found = self._cache[key] = reason(code, **params)
        return found


# Every plan's reasons (``generate_plan``).
REASONS = ReasonCache()


def _hashable(value: Any) -> Any:
    if isinstance(value, list):
        return ("list", tuple(value))
    return value


def num(value: float) -> float | int:
    return int(value) if float(value).is_integer() else round(value, 2)


@dataclass
class Athlete:
    """Everything derived once per plan from the inputs and the rules."""

    inputs: PlannerInputs
    rules: PlanningRules
    limits: SafetyLimits
    library: Sequence[ExerciseRecord]
    seed: int
    r: ReasonCache
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


def derive_athlete(
    inputs: PlannerInputs, library: Sequence[ExerciseRecord], seed: int, r: ReasonCache
) -> Athlete:
    rules = planning_rules()
    limits = safety_limits()
    a = Athlete(inputs=inputs, rules=rules, limits=limits, library=library, seed=seed, r=r)
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
        a.plan_reasons.append(r("min_rir_beginner", rir=num(limits.min_rir.beginner)))
    if age is not None and age < rules.rir_floor.minor_age_years:
        floor = max(floor, rules.rir_floor.minor)
        who = f"athletes under {num(rules.rir_floor.minor_age_years)}"
        a.plan_reasons.append(r("rir_floor_age", rir=num(rules.rir_floor.minor), who=who))
    if age is not None and age >= rules.rir_floor.older_adult_age_years:
        floor = max(floor, rules.rir_floor.older_adult)
        who = f"athletes aged {num(rules.rir_floor.older_adult_age_years)} and over"
        a.plan_reasons.append(r("rir_floor_age", rir=num(rules.rir_floor.older_adult), who=who))
    for condition in sorted(inputs.conditions):
        needed = limits.min_rir.conditions.get(condition)
        if needed is not None:
            floor = max(floor, needed)
            a.plan_reasons.append(r("min_rir_condition", condition=condition, rir=num(needed)))
        a.plan_reasons.append(r("condition_avoid", condition=condition))
    a.rir_floor = floor
    no_tests: list[str] = []
    if a.level == "beginner":
        no_tests.append("beginners")
    if age is not None and age < limits.max_test.min_age_years:
        no_tests.append(f"under-{num(limits.max_test.min_age_years)}s")
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
