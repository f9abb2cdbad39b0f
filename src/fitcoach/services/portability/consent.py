"""Consent records in an export: every decision with its purpose, time and text version.

An import records the document's decisions as *imported* (``source`` ``import:<original>``,
with the original time and text version; the importing account as the one who stored them),
and never grants more than the document says:

- an athlete the import creates gets the document's decisions and nothing else (no onboarding
  defaults), so a purpose the document never granted stays refused;
- into an existing athlete, a decision not later than the athlete's own latest decision on
  that purpose is left out (their choice stands; the state is the latest decision), and one
  already stored is skipped, so importing twice adds nothing.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from fitcoach.core.bounds import Instant, Text
from fitcoach.core.domain import ConsentPurpose
from fitcoach.services.context import ServiceContext
from fitcoach.services.portability.checks import (
    Locator,
    Problems,
    check_not_future,
    iso,
    validate_record,
)
from fitcoach.services.portability.report import KindCount
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import portability as repo
from fitcoach.storage.rows import ConsentRow

KIND = "consent"
IMPORTED = "import"
SOURCE_MAX = 24  # "import:" + the original source fits the column's 32 characters


class ConsentIn(BaseModel):
    """One consent decision as a document gives it."""

    model_config = ConfigDict(extra="forbid")

    purpose: ConsentPurpose
    granted: bool
    at: Instant
    version: Text = Field(min_length=1, max_length=32)
    source: Text | None = Field(default=None, min_length=1, max_length=SOURCE_MAX)


def original_source(stored: str) -> str:
    """The source a decision had before it was imported (``import:athlete`` → ``athlete``)."""
    return stored.removeprefix(f"{IMPORTED}:")


def stored_source(given: str | None) -> str:
    """How an imported decision's source is stored: marked as imported."""
    if given is None or given == IMPORTED or given.startswith(f"{IMPORTED}:"):
        return given or IMPORTED
    return f"{IMPORTED}:{given}"


class ConsentOut(TypedDict):
    """A consent decision as an export writes it."""

    purpose: str
    granted: bool
    at: str
    version: str
    source: str


def export_consent(ctx: ServiceContext, scope: AthleteScope) -> list[ConsentOut]:
    """Every consent decision of the athlete, in the order it was recorded."""
    return [
        {
            "purpose": row["purpose"].value,
            "granted": row["granted"],
            "at": iso(row["at"]),
            "version": row["version"],
            "source": original_source(row["source"]),
        }
        for row in repo.consent_rows(ctx.session, scope)
    ]


_Key = tuple[ConsentPurpose, bool, datetime, str, str]


def _key(purpose: ConsentPurpose, granted: bool, at: datetime, version: str, source: str) -> _Key:
    return (purpose, granted, at, version, original_source(source))


@dataclass
class CheckedConsent:
    """What an import will do with consent: the rows to append (in order), and the state of
    every purpose afterwards."""

    given: bool  # whether the document has a consent section at all
    rows: list[ConsentRow] = field(default_factory=list)
    read: int = 0
    final: dict[ConsentPurpose, bool] = field(default_factory=dict)

    @property
    def count(self) -> KindCount:
        return KindCount(self.read, len(self.rows), self.read - len(self.rows))


def check_consent(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    scope: AthleteScope | None,
    problems: Problems,
) -> CheckedConsent:
    """Validate the document's consent decisions and decide which to append (reads the
    athlete's stored decisions; writes nothing)."""
    stored = repo.consent_rows(ctx.session, scope) if scope is not None else []
    records = doc.get(KIND)
    checked = CheckedConsent(given=records is not None)
    by_purpose: dict[ConsentPurpose, list[ConsentRow]] = {}
    for row in stored:
        by_purpose.setdefault(row["purpose"], []).append(row)
    checked.final = {p: rows[-1]["granted"] for p, rows in by_purpose.items()}
    if records is None:
        return checked
    if not isinstance(records, list):
        problems.add(f"{KIND}: must be a list of records")
        return checked
    where = Locator(doc)
    valid: list[ConsentIn] = []
    for index, raw in enumerate(records):
        spec = validate_record(ConsentIn, KIND, index, raw, where, problems)
        if spec is None:
            continue
        place = where(KIND, index, ["at"])
        if check_not_future(ctx, spec.at, "at", "decision time", place, problems):
            valid.append(spec)
    checked.read = len(records)
    # Per purpose, in time order (stable: decisions at the same instant keep their order).
    for purpose in ConsentPurpose:
        mine = by_purpose.get(purpose, [])
        remaining = Counter(
            _key(purpose, r["granted"], r["at"], r["version"], r["source"]) for r in mine
        )
        latest = mine[-1]["at"] if mine else None
        for spec in sorted((s for s in valid if s.purpose == purpose), key=lambda s: s.at):
            source = stored_source(spec.source)
            key = _key(purpose, spec.granted, spec.at, spec.version, source)
            if remaining[key] > 0:
                remaining[key] -= 1  # already stored
                continue
            if latest is not None and spec.at <= latest:
                continue  # not after the athlete's own latest decision: theirs stands
            checked.rows.append(
                {
                    "purpose": purpose,
                    "granted": spec.granted,
                    "at": spec.at.astimezone(UTC),
                    "version": spec.version,
                    "source": source,
                }
            )
            checked.final[purpose] = spec.granted
    checked.rows.sort(key=lambda r: r["at"])
    return checked


def write_consent(ctx: ServiceContext, scope: AthleteScope, checked: CheckedConsent) -> KindCount:
    """Append the decisions the check chose."""
    repo.insert_consent(ctx.session, scope, checked.rows)
    return checked.count
