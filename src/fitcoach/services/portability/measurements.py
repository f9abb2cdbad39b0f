"""Body measurements in an export (version 4): one record per day and site, a circumference in
cm or body fat in % (site ``body_fat``), with its notes and where it came from.

A record is identified by its day and site, as stored (one reading per athlete, day and
site). An import adds the readings not stored yet and never replaces one: the athlete's own
reading of a day stays theirs. Values are checked against each site's plausible range, as
every other entry path checks them (``coach.measurements``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fitcoach.coach.measurements import (
    BODY_FAT,
    BY_KEY,
    KINDS,
    NOTES_MAX,
    check_body_fat,
    check_site,
)
from fitcoach.core.bounds import Day, Text
from fitcoach.core.errors import InvalidInput
from fitcoach.core.units import to_precision
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.checks import (
    Locator,
    Problems,
    check_not_future,
    iso,
    validate_record,
)
from fitcoach.services.portability.format import COLUMNS
from fitcoach.services.portability.report import KindCount
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import measurements as repo
from fitcoach.storage.rows import MeasurementValues, picked

KIND = "measurements"


class MeasurementRecordIn(BaseModel):
    """One reading as a document gives it: cm for a site, % for body fat."""

    model_config = ConfigDict(extra="forbid")

    source: Text = Field(min_length=1, max_length=40)
    source_id: Text = Field(min_length=1, max_length=120)
    day: Day
    site: str = Field(description=f"One of {', '.join(KINDS)}.")
    value: float
    notes: Text = Field(default="", max_length=NOTES_MAX)

    @model_validator(mode="after")
    def _plausible(self) -> MeasurementRecordIn:
        if self.site not in KINDS:
            raise ValueError(f"unknown site {self.site!r}; use one of {', '.join(KINDS)}")
        try:
            if self.site == BODY_FAT:
                self.value = check_body_fat(round(self.value, 1))
            else:
                self.value = check_site(
                    BY_KEY[self.site], to_precision(self.value, "length_cm"), None
                )
        except InvalidInput as exc:
            raise ValueError(exc.message) from None
        return self


def export_measurements(ctx: ServiceContext, scope: AthleteScope) -> list[dict[str, Any]]:
    """Every reading of the athlete, by day then site."""
    names = [c.name for c in COLUMNS[KIND]]
    return [
        {k: iso(v) for k, v in picked(row, names).items()}
        for row in repo.export_rows(ctx.session, scope)
    ]


@dataclass
class CheckedMeasurements:
    """Readings that passed every check, ready to store."""

    rows: list[MeasurementValues] = field(default_factory=list)


def check_measurements(
    ctx: ServiceContext, doc: Mapping[str, Any], problems: Problems
) -> CheckedMeasurements:
    """Validate the document's readings: a known site, a plausible value, a day not in the
    future, each (day, site) given once."""
    checked = CheckedMeasurements()
    records = doc.get(KIND)
    if records is None:
        return checked
    if not isinstance(records, list):
        problems.add(f"{KIND}: must be a list of records")
        return checked
    where = Locator(doc)
    seen: dict[tuple[Any, str], int] = {}
    for index, raw in enumerate(records):
        spec = validate_record(MeasurementRecordIn, KIND, index, raw, where, problems)
        if spec is None:
            continue
        place = where(KIND, index, ["day"])
        if not check_not_future(ctx, spec.day, "day", "day", place, problems):
            continue
        key = (spec.day, spec.site)
        if key in seen:
            problems.add(
                f"{where(KIND, index, ['site'])}: {spec.site} on {spec.day.isoformat()} repeats "
                f"{where(KIND, seen[key], [])}; one reading per day and site"
            )
            continue
        seen[key] = index
        checked.rows.append(
            MeasurementValues(
                source=spec.source,
                source_id=spec.source_id,
                day=spec.day,
                site=spec.site,
                value=spec.value,
                notes=spec.notes,
            )
        )
    return checked


def write_measurements(
    ctx: ServiceContext, scope: AthleteScope, checked: CheckedMeasurements
) -> KindCount:
    """Store the readings whose (day, site) is not stored yet."""
    inserted = repo.insert_new(ctx.session, scope, checked.rows)
    return KindCount(len(checked.rows), inserted, len(checked.rows) - inserted)
