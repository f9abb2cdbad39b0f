"""Plan generation rules: ``planning.yaml`` loaded and validated.

The numbers and tables live in the YAML file next to this module, each with its source (ACSM
2009 progression models, Garber et al. 2011, Schoenfeld et al. 2016/2017, Helms et al. 2016,
Zourdos et al. 2016, Seiler 2010, Blagrove et al. 2018 ...); this module checks them (types,
ranges, vocabularies, cross-references between programs, splits and templates) and hands out
one frozen ``PlanningRules``. A broken file fails loudly with an ``InvalidInput`` naming the field.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fitcoach.coach import rules as rule_files
from fitcoach.coach import vocabulary as vocab

Role = Literal["power", "main", "accessory", "core"]
SessionKind = Literal["strength", "strength+finisher", "easy", "intervals", "long", "easy+strength"]
CardioKind = Literal["easy", "intervals", "long"]
ROLES: tuple[Role, ...] = ("power", "main", "accessory", "core")
DAYS = (1, 2, 3, 4, 5, 6)


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check(values: Any, allowed: tuple[str, ...], what: str) -> None:
    unknown = sorted(set(values) - set(allowed))
    if unknown:
        raise ValueError(f"unknown {what} {unknown}")


def _all_days(value: dict[int, Any], what: str) -> None:
    missing = [d for d in DAYS if d not in value]
    extra = [d for d in value if d not in DAYS]
    if missing or extra:
        raise ValueError(
            f"{what} needs exactly the day counts 1-6 (missing {missing}, extra {extra})"
        )


class Program(_Rule):
    """A week's make-up for a primary goal."""

    scheme: str
    volume: Literal["targets", "coverage"]
    layout: dict[int, tuple[SessionKind, ...]]
    mixed_split: str | None = None
    strength_templates: tuple[str, ...] = ()
    power_first: bool = False

    @model_validator(mode="after")
    def _layout(self) -> Program:
        _all_days(self.layout, "layout")
        for days, kinds in self.layout.items():
            if len(kinds) != days:
                raise ValueError(f"layout {days} lists {len(kinds)} sessions")
        return self


class Split(_Rule):
    """A named cycle of session templates."""

    name: str = Field(min_length=1)
    cycle: tuple[str, ...] = Field(min_length=1)


class Slot(_Rule):
    """A movement pattern in a session, with its role and (optionally) the muscles it trains."""

    pattern: str
    role: Role
    muscles: tuple[str, ...] = ()

    @field_validator("pattern")
    @classmethod
    def _pattern(cls, value: str) -> str:
        _check([value], vocab.MOVEMENT_PATTERNS, "movement pattern")
        return value

    @field_validator("muscles")
    @classmethod
    def _muscles(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        _check(value, vocab.MUSCLES, "muscles")
        return value


class Template(_Rule):
    """A session: a name, a focus and its slots in priority order."""

    name: str = Field(min_length=1)
    focus: str = Field(min_length=1)
    slots: tuple[Slot, ...] = Field(min_length=1)


class SetRange(_Rule):
    min: int = Field(ge=1, le=10)
    start: int = Field(ge=1, le=10)
    max: int = Field(ge=1, le=10)

    @model_validator(mode="after")
    def _ordered(self) -> SetRange:
        if not self.min <= self.start <= self.max:
            raise ValueError("sets must satisfy min <= start <= max")
        return self


class RepTarget(_Rule):
    reps: tuple[int, int]
    rir: float = Field(ge=0, le=5)

    @field_validator("reps")
    @classmethod
    def _reps(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 1 <= value[0] <= value[1] <= 50:
            raise ValueError("reps must be [low, high] with 1 <= low <= high <= 50")
        return value


class RoleTargets(_Rule):
    main: RepTarget
    accessory: RepTarget
    core: RepTarget
    power: RepTarget

    def of(self, role: Role) -> RepTarget:
        target: RepTarget = getattr(self, role)
        return target


class RirFloor(_Rule):
    levels: dict[str, float]
    minor_age_years: float = Field(gt=0, lt=30)
    minor: float = Field(ge=0, le=5)
    older_adult_age_years: float = Field(gt=30, lt=120)
    older_adult: float = Field(ge=0, le=5)

    @field_validator("levels")
    @classmethod
    def _levels(cls, value: dict[str, float]) -> dict[str, float]:
        if set(value) != set(vocab.LEVELS):
            raise ValueError(f"levels must be exactly {list(vocab.LEVELS)}")
        if any(not 1 <= v <= 5 for v in value.values()):
            raise ValueError("a planned RIR floor lies between 1 and 5 (no sets to failure)")
        return value


class RoleRest(_Rule):
    power: int = Field(ge=15, le=600)
    main: int = Field(ge=15, le=600)
    accessory: int = Field(ge=15, le=600)
    core: int = Field(ge=15, le=600)

    def of(self, role: Role) -> int:
        value: int = getattr(self, role)
        return value


class Warmup(_Rule):
    fraction: float = Field(gt=0, lt=1)
    min_minutes: float = Field(ge=0, le=30)
    max_minutes: float = Field(ge=0, le=30)


class Combined(_Rule):
    cardio_fraction: float = Field(gt=0, lt=1)
    min_cardio_minutes: float = Field(ge=5, le=120)
    min_strength_minutes: float = Field(ge=5, le=120)


class Finisher(_Rule):
    minutes: float = Field(ge=1, le=60)
    fraction: float = Field(gt=0, lt=1)
    min_session_minutes: float = Field(ge=10, le=300)


class Timing(_Rule):
    seconds_per_rep: float = Field(gt=0, le=15)
    changeover_s: float = Field(ge=0, le=600)
    warmup: Warmup
    combined: Combined
    finisher: Finisher


class Volume(_Rule):
    major_muscles: tuple[str, ...] = Field(min_length=1)
    fill_patterns: dict[str, tuple[str, ...]]

    @model_validator(mode="after")
    def _vocab(self) -> Volume:
        _check(self.major_muscles, vocab.MUSCLES, "muscles")
        _check(self.fill_patterns, vocab.MUSCLES, "muscles")
        for patterns in self.fill_patterns.values():
            _check(patterns, vocab.MOVEMENT_PATTERNS, "movement patterns")
        return self


class Progression(_Rule):
    rir_step_per_week: float = Field(ge=0, le=1)
    sets_step_per_week: int = Field(ge=0, le=2)
    cardio_start_fraction: float = Field(gt=0, le=1)
    cardio_step: float = Field(ge=0, le=0.2)


class Deload(_Rule):
    min_weeks: int = Field(ge=2, le=12)
    set_fraction: float = Field(gt=0, lt=1)
    rir_add: float = Field(gt=0, le=4)
    cardio_fraction: float = Field(gt=0, lt=1)


class Variety(_Rule):
    pool_size: int = Field(ge=1, le=10)


class Loads(_Rule):
    increment_kg: dict[str, float]
    bodyweight_equipment: frozenset[str]

    @model_validator(mode="after")
    def _vocab(self) -> Loads:
        if "default" not in self.increment_kg:
            raise ValueError("increment_kg needs a default")
        _check(self.increment_kg, (*vocab.EQUIPMENT, "default"), "equipment")
        if any(not 0 < v <= 10 for v in self.increment_kg.values()):
            raise ValueError("increments lie between 0 and 10 kg")
        _check(self.bodyweight_equipment, vocab.EQUIPMENT, "equipment")
        return self


class Zone(_Rule):
    low: float = Field(gt=0, le=1)
    high: float = Field(gt=0, le=1)
    feel: str = Field(min_length=3)


class HrMax(_Rule):
    intercept: float = Field(gt=100, lt=250)
    slope: float = Field(ge=0, le=2)


class IntensityRule(_Rule):
    kind: Literal["hr_zone", "rpe"]
    value: float = Field(gt=0, le=10)


class IntervalRule(_Rule):
    repeats: int = Field(ge=1, le=50)
    min_repeats: int = Field(ge=1, le=50)
    work_s: int = Field(ge=5, le=3600)
    rest_s: int = Field(ge=0, le=1800)
    work: IntensityRule
    rest: IntensityRule

    @model_validator(mode="after")
    def _ordered(self) -> IntervalRule:
        if self.min_repeats > self.repeats:
            raise ValueError("min_repeats is above repeats")
        return self


class EasyRule(_Rule):
    zone: int = Field(ge=1, le=5)
    max_minutes: dict[str, float]


class LongRule(_Rule):
    zone: int = Field(ge=1, le=5)


class CardioRules(_Rule):
    hr_max: HrMax
    zones: dict[int, Zone]
    zone_cap: dict[str, int]
    rpe_for_zone: dict[int, float]
    rpe_instead_of_zones: frozenset[str]
    easy: EasyRule
    long: LongRule
    intervals: dict[str, IntervalRule]

    @model_validator(mode="after")
    def _complete(self) -> CardioRules:
        for what, table in (("zones", self.zones), ("rpe_for_zone", self.rpe_for_zone)):
            if sorted(table) != [1, 2, 3, 4, 5]:
                raise ValueError(f"{what} needs zones 1-5")
        _check(self.zone_cap, vocab.CONDITIONS, "conditions")
        if any(not 1 <= z <= 5 for z in self.zone_cap.values()):
            raise ValueError("a zone cap lies between 1 and 5")
        _check(self.rpe_instead_of_zones, vocab.CONDITIONS, "conditions")
        for what, levels in (
            ("easy.max_minutes", self.easy.max_minutes),
            ("intervals", self.intervals),
        ):
            if set(levels) != set(vocab.LEVELS):
                raise ValueError(f"{what} needs exactly the levels {list(vocab.LEVELS)}")
        return self


class SportRule(_Rule):
    modality: str
    endurance: bool


class ModalityRule(_Rule):
    easy: tuple[str, ...] = Field(min_length=1)
    intervals: tuple[str, ...] = Field(min_length=1)
    long: tuple[str, ...] = Field(min_length=1)

    def of(self, kind: CardioKind) -> tuple[str, ...]:
        value: tuple[str, ...] = getattr(self, kind)
        return value


class WarmupDrills(_Rule):
    count: int = Field(ge=0, le=6)
    by_focus: dict[str, tuple[str, ...]]


class PlanningRules(_Rule):
    """Every plan-generation rule, validated and cross-checked."""

    version: int = Field(ge=1)
    programs: dict[str, Program]
    endurance_sport_goals: frozenset[str]
    split_for: dict[int, dict[str, str]]
    splits: dict[str, Split]
    default_schedule: dict[int, tuple[int, ...]]
    templates: dict[str, Template]
    power_slot: Slot
    focus_regions: dict[str, frozenset[Literal["upper", "lower", "core"]]]
    lower_muscles: frozenset[str]
    core_muscles: frozenset[str]
    pattern_muscles: dict[str, tuple[str, ...]]
    role_categories: dict[Role, frozenset[str]]
    timed_holds: frozenset[str]
    exercise_order: dict[str, tuple[str, ...]]
    sets: dict[str, SetRange]
    schemes: dict[str, dict[str, RoleTargets]]
    rir_floor: RirFloor
    rest_s: dict[str, RoleRest]
    timing: Timing
    volume: Volume
    progression: Progression
    deload: Deload
    variety: Variety
    loads: Loads
    cardio: CardioRules
    sports: dict[str, SportRule]
    modalities: dict[str, ModalityRule]
    fallback: tuple[str, ...] = Field(min_length=1)
    warmup_drills: WarmupDrills

    @model_validator(mode="after")
    def _consistent(self) -> PlanningRules:
        levels = set(vocab.LEVELS)
        _check(self.programs, vocab.GOALS, "goals")
        missing = sorted(set(vocab.GOALS) - set(self.programs))
        if missing:
            raise ValueError(f"programs missing for goals {missing}")
        _check(self.endurance_sport_goals, vocab.GOALS, "goals")
        for name, program in self.programs.items():
            if program.scheme not in self.schemes:
                raise ValueError(f"program {name}: unknown scheme {program.scheme!r}")
            if program.scheme not in self.rest_s:
                raise ValueError(f"program {name}: no rest_s for scheme {program.scheme!r}")
            if program.mixed_split is not None and program.mixed_split not in self.splits:
                raise ValueError(f"program {name}: unknown split {program.mixed_split!r}")
            for template_key in program.strength_templates:
                if template_key not in self.templates:
                    raise ValueError(f"program {name}: unknown template {template_key!r}")
        if "endurance" not in self.programs or not self.programs["endurance"].strength_templates:
            raise ValueError("the endurance program needs strength_templates")
        _all_days(self.split_for, "split_for")
        for days, by_level in self.split_for.items():
            if set(by_level) != levels:
                raise ValueError(f"split_for {days} needs exactly the levels {sorted(levels)}")
            for split_key in by_level.values():
                if split_key not in self.splits:
                    raise ValueError(f"split_for {days}: unknown split {split_key!r}")
        for name, split in self.splits.items():
            for template_key in split.cycle:
                if template_key not in self.templates:
                    raise ValueError(f"split {name}: unknown template {template_key!r}")
        _all_days(self.default_schedule, "default_schedule")
        for days, weekdays in self.default_schedule.items():
            if len(set(weekdays)) != days or any(not 0 <= d <= 6 for d in weekdays):
                raise ValueError(f"default_schedule {days} needs {days} distinct weekdays 0-6")
        for name, tpl in self.templates.items():
            if tpl.focus not in self.focus_regions:
                raise ValueError(f"template {name}: focus {tpl.focus!r} has no focus_regions")
        _check(self.lower_muscles | self.core_muscles, vocab.MUSCLES, "muscles")
        _check(self.pattern_muscles, vocab.MOVEMENT_PATTERNS, "movement patterns")
        for muscles in self.pattern_muscles.values():
            _check(muscles, vocab.MUSCLES, "muscles")
        used = {s.pattern for t in self.templates.values() for s in t.slots}
        used |= {self.power_slot.pattern}
        used |= {p for ps in self.volume.fill_patterns.values() for p in ps}
        lacking = sorted(used - set(self.pattern_muscles))
        if lacking:
            raise ValueError(f"pattern_muscles misses patterns used by slots: {lacking}")
        if set(self.role_categories) != set(ROLES):
            raise ValueError(f"role_categories needs exactly the roles {list(ROLES)}")
        for cats in self.role_categories.values():
            _check(cats, vocab.CATEGORIES, "categories")
        _check(self.exercise_order, vocab.MOVEMENT_PATTERNS, "movement patterns")
        if set(self.sets) != levels:
            raise ValueError(f"sets needs exactly the levels {sorted(levels)}")
        for name, targets in self.schemes.items():
            if set(targets) != levels:
                raise ValueError(f"scheme {name} needs exactly the levels {sorted(levels)}")
        for name in self.schemes:
            if name not in self.rest_s:
                raise ValueError(f"scheme {name} has no rest_s")
        for word, sport in self.sports.items():
            if sport.modality not in self.modalities:
                raise ValueError(f"sport {word}: unknown modality {sport.modality!r}")
        if "general" not in self.modalities:
            raise ValueError("modalities needs a general entry")
        _check(self.warmup_drills.by_focus, (*self.focus_regions, "cardio"), "focus")
        return self

    def exercise_slugs(self) -> set[str]:
        """Every exercise slug the rules name (checked against the library by the tests)."""
        slugs = set(self.timed_holds) | set(self.fallback)
        slugs |= {s for order in self.exercise_order.values() for s in order}
        for modality in self.modalities.values():
            slugs |= {*modality.easy, *modality.intervals, *modality.long}
        slugs |= {s for drills in self.warmup_drills.by_focus.values() for s in drills}
        return slugs


def parse_rules(data: Any, *, where: str = "planning.yaml") -> PlanningRules:
    """Validate rule data (a parsed YAML document); errors name the file and the field."""
    return rule_files.parse(PlanningRules, data, where)


def load_rules(path: Path | None = None) -> PlanningRules:
    """Rules from ``path``, or the shipped ``planning.yaml`` when None."""
    return planning_rules() if path is None else rule_files.read(PlanningRules, path)


@lru_cache(maxsize=1)
def planning_rules() -> PlanningRules:
    """The shipped planning rules (validated once per process)."""
    return rule_files.shipped(PlanningRules, "planning.yaml")
