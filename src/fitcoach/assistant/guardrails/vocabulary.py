"""The guardrails' vocabulary as data: the red-flag and injury patterns live in YAML beside the
coach's rules (``coach/rules/red_flag_*.yaml``, ``injury_vocabulary.yaml``), each with what it
catches. Every file is read and checked once and each pattern compiled, on first use: the API
imports the guardrails at start-up, and reading the YAML and compiling every pattern there cost
PyYAML's import and a dozen milliseconds before its first answer."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cache
from pathlib import Path
from typing import overload

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.yamlfiles import load_cached_yaml

RULES_DIR = Path(__file__).resolve().parents[2] / "coach" / "rules"
FILES = (
    "red_flag_phrases",
    "red_flag_concepts_body",
    "red_flag_concepts_context",
    "red_flag_concepts_allergy",
    "red_flag_concepts_abdomen",
    "red_flag_concepts_medication",
    "red_flag_concepts_older",
    "red_flag_lookalikes",
    "red_flag_self_harm",
    "red_flag_self_harm_lookalikes",
    "red_flag_young_speech",
    "red_flag_long_conditions",
    "red_flag_work_speech",
    "red_flag_outdoor_speech",
    "red_flag_journey_speech",
    "red_flag_diaspora_speech",
    "red_flag_east_asia_speech",
    "red_flag_family_speech",
    "red_flag_eurasia_speech",
    "red_flag_latin_speech",
    "red_flag_mind_speech",
    "red_flag_travel_faith_speech",
    "red_flag_daily_life_speech",
    "red_flag_combat_gym_speech",
    "red_flag_movement_care_speech",
    "red_flag_tracker_speech",
    "red_flag_quantified_speech",
    "red_flag_ramble_speech",
    "red_flag_pasted_speech",
    "red_flag_meet_field_speech",
    "red_flag_box_englishes_speech",
    "red_flag_loose_speech",
    "injury_vocabulary",
    "red_flag_body_words",
)


class Pattern(BaseModel):
    """One pattern: what it catches, and its regular expression in pieces joined with nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    catches: str = Field(min_length=10)
    regex: tuple[str, ...] = Field(min_length=1)


class Region(Pattern):
    """A body part's words and the library region they map to (None: a part with no region)."""

    region: str | None


class VocabularyFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    patterns: dict[str, Pattern] = Field(default_factory=dict)
    regions: tuple[Region, ...] = ()


def _lazy(pattern: str) -> Callable[[], re.Pattern[str]]:
    """``pattern``, compiled (with no flags) on first use."""
    return cache(lambda: re.compile(pattern))


@cache
def _read(name: str) -> VocabularyFile:
    """Vocabulary file ``name``, read and checked once, on first use: ``create_app`` imports
    the guardrails, and reading YAML there would bring PyYAML into every start-up."""
    if name not in FILES:
        raise KeyError(f"no guardrails vocabulary file {name!r}")
    text = (RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    return VocabularyFile.model_validate(load_cached_yaml(text))


class _Patterns(Mapping[str, Callable[[], re.Pattern[str]]]):
    """A file's patterns by key, each read and compiled on first use."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._compiled: dict[str, Callable[[], re.Pattern[str]]] = {}

    def __getitem__(self, key: str) -> Callable[[], re.Pattern[str]]:
        found = self._compiled.get(key)
        if found is None:

            def compiled(name: str = self._name, key: str = key) -> re.Pattern[str]:
                return _compile("".join(_read(name).patterns[key].regex))

            found = self._compiled[key] = cache(compiled)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(_read(self._name).patterns)

    def __len__(self) -> int:
        return len(_read(self._name).patterns)


@cache
def _compile(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern)


class _Regions(Sequence[tuple[str, str | None]]):
    """A file's ordered (pattern, region) pairs, read on first use."""

    def __init__(self, name: str) -> None:
        self._name = name
        self._read: tuple[tuple[str, str | None], ...] | None = None

    def _pairs(self) -> tuple[tuple[str, str | None], ...]:
        if self._read is None:
            self._read = tuple(("".join(r.regex), r.region) for r in _read(self._name).regions)
        return self._read

    @overload
    def __getitem__(self, index: int) -> tuple[str, str | None]: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[tuple[str, str | None]]: ...
    def __getitem__(
        self, index: int | slice
    ) -> tuple[str, str | None] | Sequence[tuple[str, str | None]]:
        return self._pairs()[index]

    def __len__(self) -> int:
        return len(self._pairs())

    def __iter__(self) -> Iterator[tuple[str, str | None]]:
        return iter(self._pairs())


def patterns(name: str) -> Mapping[str, Callable[[], re.Pattern[str]]]:
    """The patterns of vocabulary file ``name``, by key, each compiled on first use."""
    if name not in FILES:
        raise KeyError(f"no guardrails vocabulary file {name!r}")
    return _Patterns(name)


def regions(name: str) -> _Regions:
    """The ordered (pattern, region) pairs of vocabulary file ``name``: the first that matches
    names the region."""
    if name not in FILES:
        raise KeyError(f"no guardrails vocabulary file {name!r}")
    return _Regions(name)
