"""Crisis lines by country (``crisis_lines.yaml``): the line the self-harm reply adds for an
athlete whose time zone names a country the file lists; None elsewhere (the general message of
``safety.yaml`` stands alone, and no number is ever invented)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.yamlfiles import load_yaml


class CrisisLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    country: str = Field(min_length=2)
    line: str = Field(min_length=3)
    source: str = Field(min_length=3)
    zones: tuple[str, ...] = Field(min_length=1)


class _File(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lines: tuple[CrisisLine, ...]


@lru_cache(maxsize=1)
def crisis_lines() -> dict[str, CrisisLine]:
    """Each listed time zone and its country's line."""
    text = (Path(__file__).parent / "crisis_lines.yaml").read_text(encoding="utf-8")
    parsed = _File.model_validate(load_yaml(text))
    return {zone: line for line in parsed.lines for zone in line.zones}


def crisis_line_text(timezone: str | None) -> str | None:
    """``In <country>: <line>.`` for the athlete's time zone, or None when it names no country
    the file lists (UTC, an unlisted zone, none)."""
    found = crisis_lines().get(timezone or "")
    return f"In {found.country}: {found.line}." if found is not None else None
