"""Contraindications derived from biomechanics: ``contraindications.yaml`` and its calculator.

Every exercise of the library carries typed ``Biomechanics`` (joint load per region, knee
flexion depth under weight bearing, impact, spinal load, loaded spinal flexion and rotation,
overhead work, body position, Valsalva straining, fall risk, maximal effort). The rules file
says which attribute values an injured region or a health condition rules out, each with its
source; ``exclusions`` evaluates them for one exercise and returns every exclusion with a
readable reason ("deep knee flexion under load: not with a knee injury"). Nothing is listed
by hand per exercise: changing an attribute or a rule changes what every user of the library
(planner, substitutes, safety validator, guided workouts) allows.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from fitcoach.coach import rules as rule_files
from fitcoach.coach import vocabulary as vocab

# Ordered vocabularies of the attributes (docs/safety.md and exercises.yaml's header explain them).
JOINT_LOADS = ("none", "low", "moderate", "high")
KNEE_FLEXION = ("none", "partial", "deep")
IMPACTS = ("none", "low", "moderate", "high")
SPINAL_LOADS = ("none", "low", "moderate", "high")
POSITIONS = (
    "standing", "seated", "reclined", "supine", "prone", "side_lying", "kneeling", "quadruped",
    "plank", "hanging", "inverted", "in_water", "varied",
)  # fmt: skip
FLAGS = (
    "spinal_flexion", "spinal_rotation", "overhead", "valsalva", "fall_risk", "maximal_effort",
)  # fmt: skip
# Attribute name → its values, for the ``when`` clauses of rules.
ATTRIBUTES: dict[str, tuple[Any, ...]] = {
    **{f"load.{region}": JOINT_LOADS for region in (*vocab.BODY_REGIONS, "injured")},
    "knee_flexion": KNEE_FLEXION,
    "impact": IMPACTS,
    "spinal_load": SPINAL_LOADS,
    "position": POSITIONS,
    **dict.fromkeys(FLAGS, (True, False)),
}

JointLoad = Literal["low", "moderate", "high"]


class Biomechanics(BaseModel):
    """How an exercise loads the body: what the contraindication rules decide from.

    ``joint_load`` names each region the exercise loads (a region left out is not loaded);
    ``knee_flexion`` is how far the knee bends while the leg bears weight (open-chain leg curls
    and extensions: none); the yes/no attributes say whether the spine is flexed or twisted
    against resistance (own body weight counts), the arms work loaded above the head, heavy
    lifts invite a held breath (Valsalva), falls or contact are a real risk, and the effort is
    all-out by nature.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    joint_load: dict[str, JointLoad]
    knee_flexion: Literal["none", "partial", "deep"]
    impact: Literal["none", "low", "moderate", "high"]
    spinal_load: Literal["none", "low", "moderate", "high"]
    spinal_flexion: bool
    spinal_rotation: bool
    overhead: bool
    position: Literal[
        "standing", "seated", "reclined", "supine", "prone", "side_lying", "kneeling",
        "quadruped", "plank", "hanging", "inverted", "in_water", "varied",
    ]  # fmt: skip
    valsalva: bool
    fall_risk: bool
    maximal_effort: bool

    @field_validator("joint_load")
    @classmethod
    def _regions(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(vocab.BODY_REGIONS))
        if unknown:
            raise ValueError(f"unknown body regions {unknown}")
        if not value:
            raise ValueError("name at least one region the exercise loads")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> Biomechanics:
        # Attributes that contradict each other are a data error, not a judgement call.
        if self.knee_flexion != "none" and "knee" not in self.joint_load:
            raise ValueError("knee_flexion needs a knee load in joint_load")
        if self.spinal_load == "high" and "lower_back" not in self.joint_load:
            raise ValueError("a high spinal_load needs a lower_back load in joint_load")
        if self.overhead and "shoulder" not in self.joint_load:
            raise ValueError("overhead work needs a shoulder load in joint_load")
        return self

    def value(self, attribute: str, injured: str | None = None) -> Any:
        """The value of a rule attribute (``load.<region>``, ``load.injured`` or a field)."""
        if attribute.startswith("load."):
            region = injured if attribute == "load.injured" else attribute[len("load.") :]
            return self.joint_load.get(region or "", "none")
        return getattr(self, attribute)


class _Rule(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Rule(_Rule):
    """One contraindication: the regions or conditions it is for, and when it applies."""

    id: str = Field(pattern=r"^[a-z0-9]+(_[a-z0-9]+)*$")
    regions: tuple[str, ...] = ()
    conditions: tuple[str, ...] = ()
    when: dict[str, tuple[Any, ...]] = Field(min_length=1)
    reason: str = Field(min_length=3)
    source: str = Field(min_length=3, description="The publication the rule comes from.")

    @field_validator("regions")
    @classmethod
    def _known_regions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(vocab.BODY_REGIONS))
        if unknown:
            raise ValueError(f"unknown body regions {unknown}")
        return value

    @field_validator("conditions")
    @classmethod
    def _known_conditions(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        unknown = sorted(set(value) - set(vocab.CONDITIONS))
        if unknown:
            raise ValueError(f"unknown conditions {unknown}")
        return value

    @field_validator("when")
    @classmethod
    def _known_attributes(cls, value: dict[str, tuple[Any, ...]]) -> dict[str, tuple[Any, ...]]:
        for attribute, values in value.items():
            allowed = ATTRIBUTES.get(attribute)
            if allowed is None:
                raise ValueError(f"unknown attribute {attribute!r}; use one of {list(ATTRIBUTES)}")
            bad = [
                v
                for v in values
                if v not in allowed or isinstance(v, bool) != (allowed == (True, False))
            ]
            if bad or not values:
                raise ValueError(
                    f"{attribute} takes values from {list(allowed)}, got {list(values)}"
                )
        return value

    @model_validator(mode="after")
    def _one_target(self) -> Rule:
        if "{region}" in self.reason and not self.regions:
            raise ValueError(f"rule {self.id}: {{region}} in a reason needs region rules")
        if bool(self.regions) == bool(self.conditions):
            raise ValueError(f"rule {self.id}: name regions or conditions (exactly one of them)")
        if "load.injured" in self.when and not self.regions:
            raise ValueError(f"rule {self.id}: load.injured only applies to region rules")
        return self

    def matches(self, mech: Biomechanics, injured: str | None = None) -> bool:
        """Whether ``mech`` meets every ``when`` entry (for one injured region, if any)."""
        return all(mech.value(a, injured) in values for a, values in self.when.items())


class ContraindicationRules(_Rule):
    """Every contraindication rule, validated."""

    version: int = Field(ge=1)
    rules: tuple[Rule, ...] = Field(min_length=1)

    @field_validator("rules")
    @classmethod
    def _unique(cls, value: tuple[Rule, ...]) -> tuple[Rule, ...]:
        ids = [r.id for r in value]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise ValueError(f"duplicate rule ids {duplicates}")
        return value


_ARTICLE = {"ankle": "an", "elbow": "an", "upper_back": "an"}
_CONDITION_WORDS = {"heart_condition": "a heart condition"}


def label(kind: Literal["region", "condition"], what: str) -> str:
    """How a reason names an injured region ("a knee injury") or a condition ("pregnancy")."""
    if kind == "region":
        return f"{_ARTICLE.get(what, 'a')} {what.replace('_', ' ')} injury"
    return _CONDITION_WORDS.get(what, what.replace("_", " "))


@dataclass(frozen=True)
class Exclusion:
    """An exercise ruled out for an injured region or a condition, by which rule and why."""

    kind: Literal["region", "condition"]
    what: str
    rule: str
    reason: str

    @property
    def text(self) -> str:
        """The sentence an athlete reads, e.g. "impact on landing: not with a knee injury"."""
        return f"{self.reason}: not with {label(self.kind, self.what)}"

    def as_dict(self) -> dict[str, str]:
        """Plain data (API and tool answers)."""
        return {
            "kind": self.kind,
            "what": self.what,
            "rule": self.rule,
            "reason": self.reason,
            "text": self.text,
        }


def exclusions(
    mech: Biomechanics, rules: ContraindicationRules | None = None
) -> tuple[Exclusion, ...]:
    """Every region and condition the rules rule ``mech`` out for, each with its reason.

    One exclusion per (region or condition, rule), in the rules file's order.
    """
    rules = rules or contraindication_rules()
    found: list[Exclusion] = []
    for rule in rules.rules:
        for region in rule.regions:
            if rule.matches(mech, region):
                why = rule.reason.replace("{region}", region.replace("_", " "))
                found.append(Exclusion("region", region, rule.id, why))
        if rule.conditions and rule.matches(mech):
            found.extend(Exclusion("condition", c, rule.id, rule.reason) for c in rule.conditions)
    return tuple(found)


def blocking(
    found: tuple[Exclusion, ...], regions: frozenset[str], conditions: frozenset[str]
) -> list[Exclusion]:
    """The exclusions among ``found`` that concern these injured regions or conditions."""
    return [e for e in found if (e.what in regions if e.kind == "region" else e.what in conditions)]


def parse_rules(data: Any, *, where: str = "contraindications.yaml") -> ContraindicationRules:
    """Validate rule data (a parsed YAML document); errors name the file and the field."""
    return rule_files.parse(ContraindicationRules, data, where)


def load_rules(path: Path | None = None) -> ContraindicationRules:
    """Rules from ``path``, or the shipped ``contraindications.yaml`` when None."""
    return (
        contraindication_rules() if path is None else rule_files.read(ContraindicationRules, path)
    )


@lru_cache(maxsize=1)
def contraindication_rules() -> ContraindicationRules:
    """The shipped rules (validated once per process)."""
    return rule_files.shipped(ContraindicationRules, "contraindications.yaml")
