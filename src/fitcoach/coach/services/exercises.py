"""The exercise library: load the shipped data, resolve what people type to an exercise."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from rapidfuzz import fuzz, process, utils

from fitcoach.coach import vocabulary as vocab
from fitcoach.coach.services.context import ServiceContext, invalid_from
from fitcoach.core.errors import InvalidInput
from fitcoach.storage.models import Exercise
from fitcoach.storage.repositories import exercises as repo


class ExerciseRecord(BaseModel):
    """One curated exercise as shipped in ``fitcoach/data/exercises.yaml``."""

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
    body_regions: list[str]
    contraindicated_regions: list[str]
    contraindicated_conditions: list[str]
    met: float | None = Field(default=None, gt=0, lt=25)
    description: str

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

    @field_validator("body_regions", "contraindicated_regions")
    @classmethod
    def _regions(cls, v: list[str]) -> list[str]:
        return [_one_of(r, vocab.BODY_REGIONS, "body region") for r in v]

    @field_validator("contraindicated_conditions")
    @classmethod
    def _conditions(cls, v: list[str]) -> list[str]:
        return [_one_of(c, vocab.CONDITIONS, "condition") for c in v]


def _one_of(value: str, allowed: tuple[str, ...], what: str) -> str:
    if value not in allowed:
        raise ValueError(f"unknown {what} {value!r}")
    return value


@lru_cache(maxsize=1)
def library_records() -> tuple[ExerciseRecord, ...]:
    """The curated library shipped with the package, validated (cached per process)."""
    text = resources.files("fitcoach.data").joinpath("exercises.yaml").read_text(encoding="utf-8")
    raw = yaml.safe_load(text)["exercises"]
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


def load_library(ctx: ServiceContext) -> tuple[int, int]:
    """Insert or update the shipped library by slug; running it again changes nothing."""
    added, updated = repo.upsert(ctx.session, (r.model_dump() for r in library_records()))
    if added or updated:
        ctx.audit("load", "exercise_library", detail={"added": added, "updated": updated})
    return added, updated


def _key(text: str) -> str:
    return utils.default_process(text.replace("-", " "))


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


def resolve(ctx: ServiceContext, text: str) -> Exercise:
    """The exercise ``text`` names exactly (slug, name or alias), or ``InvalidInput``
    with the closest names as suggestions."""
    exercises = list(repo.all_exercises(ctx.session))
    if not exercises:
        raise InvalidInput("the exercise library is empty; run `fitcoach db upgrade` first")
    index = name_index(exercises)
    found = index.get(_key(text))
    if found is not None:
        return found
    choices = list(index)
    close = process.extract(_key(text), choices, scorer=fuzz.WRatio, limit=8, score_cutoff=60)
    names = list(dict.fromkeys(index[c].name for c, _, _ in close))[:3]
    hint = f"; did you mean {', '.join(repr(n) for n in names)}?" if names else ""
    raise InvalidInput(
        f"unknown exercise {text!r}{hint} (`fitcoach exercise search` lists the library)",
        details={"suggestions": names},
    )


def as_dict(exercise: Exercise) -> dict[str, Any]:
    """An exercise as plain data."""
    return ExerciseRecord.model_validate(exercise, from_attributes=True).model_dump()
