"""The guardrails' vocabulary as data: the red-flag and injury patterns live in YAML beside the
coach's rules (``coach/rules/red_flag_*.yaml``, ``injury_vocabulary.yaml``), each with what it
catches. Every file is read and checked once, at import; each pattern is compiled on first use
(``_lazy``): the API imports the guardrails at start-up, and compiling them all took a dozen
milliseconds before its first answer."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.yamlfiles import load_cached_yaml

RULES_DIR = Path(__file__).resolve().parents[2] / "coach" / "rules"
FILES = (
    "red_flag_phrases",
    "red_flag_concepts_body",
    "red_flag_concepts_context",
    "injury_vocabulary",
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


def _read(name: str) -> VocabularyFile:
    text = (RULES_DIR / f"{name}.yaml").read_text(encoding="utf-8")
    return VocabularyFile.model_validate(load_cached_yaml(text))


_FILES = {name: _read(name) for name in FILES}


def patterns(name: str) -> dict[str, Callable[[], re.Pattern[str]]]:
    """The patterns of vocabulary file ``name``, by key, each compiled on first use."""
    return {key: _lazy("".join(p.regex)) for key, p in _FILES[name].patterns.items()}


def regions(name: str) -> tuple[tuple[str, str | None], ...]:
    """The ordered (pattern, region) pairs of vocabulary file ``name``: the first that matches
    names the region."""
    return tuple(("".join(r.regex), r.region) for r in _FILES[name].regions)
