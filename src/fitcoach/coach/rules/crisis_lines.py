"""Crisis lines by country (``crisis_lines.yaml``): the line the self-harm reply adds. The
athlete's country picks it first; without a country the file lists, their time zone (a zone the
file names, or the country the tz database names the zone for); else the international
directory. No number is ever invented: every line is one the file holds."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.countries import country_of_zone
from fitcoach.core.yamlfiles import load_yaml


class CrisisLine(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str = Field(pattern=r"^[A-Z]{2}$")
    country: str = Field(min_length=2)
    line: str = Field(min_length=3)
    source: str = Field(min_length=3)
    zones: tuple[str, ...] = Field(min_length=1)


class Directory(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    line: str = Field(min_length=3)
    source: str = Field(min_length=3)


class CrisisLines(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    lines: tuple[CrisisLine, ...]
    international: Directory

    def by_code(self, code: str | None) -> CrisisLine | None:
        return next((c for c in self.lines if c.code == (code or "").upper()), None)

    def by_zone(self, timezone: str | None) -> CrisisLine | None:
        named = next((c for c in self.lines if timezone in c.zones), None)
        return named or self.by_code(country_of_zone(timezone))


@lru_cache(maxsize=1)
def crisis_lines() -> CrisisLines:
    """The file, checked."""
    text = (Path(__file__).parent / "crisis_lines.yaml").read_text(encoding="utf-8")
    return CrisisLines.model_validate(load_yaml(text))


def crisis_line_text(country: str | None, timezone: str | None) -> str:
    """What the self-harm reply adds for an athlete in ``country`` (an ISO code, or None when
    not given) whose time zone is ``timezone``: ``In <country>: <line>.`` for the country when
    the file lists it, else for the time zone's country, else the international directory. A
    line found by the time zone of an athlete who gave another country (a traveller, or a
    country the file lacks) comes with the directory too: it may not be the line of home."""
    lines = crisis_lines()
    directory = lines.international.line
    own = lines.by_code(country)
    if own is not None:
        return f"In {own.country}: {own.line}."
    local = lines.by_zone(timezone)
    if local is None:
        return f"{directory[:1].upper()}{directory[1:]}."
    found = f"In {local.country}: {local.line}."
    return f"{found} Elsewhere, {directory}." if country else found
