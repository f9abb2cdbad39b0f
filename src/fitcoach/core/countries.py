"""Countries by ISO 3166-1 alpha-2 code, and the country a time zone is usually in.

Both come from the IANA time zone database (public domain), copied as shipped in tzdata
2025b: ``tz_iso3166.tab`` (code and name) and ``tz_zone.tab`` (each zone with the one country
it is named for: Europe/London GB, Europe/Dublin IE, Asia/Kolkata IN). Only zones that file
names count; a link such as "Iceland" or "Pacific/Truk" points at a zone of another country
when their clocks agree, so a zone the file does not name (UTC, Etc/GMT+3, the old aliases)
has no usual country.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

_HERE = Path(__file__).parent


def _rows(name: str) -> list[list[str]]:
    text = (_HERE / name).read_text(encoding="utf-8")
    return [line.split("\t") for line in text.splitlines() if line and not line.startswith("#")]


@cache
def country_names() -> dict[str, str]:
    """Every country code and its name, in code order ("GB": "Britain (UK)")."""
    return {row[0]: row[1] for row in _rows("tz_iso3166.tab")}


@cache
def _zone_countries() -> dict[str, str]:
    return {row[2]: row[0] for row in _rows("tz_zone.tab")}


def country_of_zone(timezone: str | None) -> str | None:
    """The code of the country ``timezone`` is named for, or None when it names none."""
    return _zone_countries().get(timezone or "")


def country_code(value: str) -> str:
    """``value`` as a known country code (upper case), or ``ValueError``."""
    code = value.strip().upper()
    if code not in country_names():
        raise ValueError(
            f"unknown country {value[:20]!r}; use an ISO 3166-1 alpha-2 code like GB or IE"
        )
    return code
