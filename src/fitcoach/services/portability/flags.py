"""Health (red) flags in an export: open and resolved, with who resolved them and why.

A flag is identified by its kind, source, the time it was raised, its reading and note. An imported open flag is stored
open, so it pauses training advice exactly as a flag raised here does (``health.open_flags``);
a flag already stored is left as it is (resolved here or not). Only the kinds and sources of
this installation's safety rules are accepted, so that every imported flag is one the safety
checks know.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal, TypedDict

from pydantic import BaseModel, ConfigDict, Field, model_validator

from fitcoach.coach.rules.safety import safety_limits
from fitcoach.core.bounds import Instant, Text
from fitcoach.services.context import ServiceContext
from fitcoach.services.health import NOTE_MAX, REASON_MAX
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
from fitcoach.storage.rows import FlagRow

KIND = "health_flags"
ActorRole = Literal["athlete", "coach", "admin"]


class FlagIn(BaseModel):
    """One red flag as a document gives it."""

    model_config = ConfigDict(extra="forbid")

    kind: str = Field(min_length=1, max_length=40)
    source: str = Field(min_length=1, max_length=40)
    raised_at: Instant
    value: float | None = None
    note: Text = Field(default="", max_length=NOTE_MAX)
    resolved_at: Instant | None = None
    resolved_by: ActorRole | None = None
    resolution_note: Text = Field(default="", max_length=REASON_MAX)

    @model_validator(mode="after")
    def _resolution(self) -> FlagIn:
        if self.resolved_at is None and (self.resolved_by or self.resolution_note):
            raise ValueError(
                "resolved_by and resolution_note belong to a resolved flag; give resolved_at "
                "too, or leave them out for an open flag"
            )
        return self


class FlagOut(TypedDict):
    """A red flag as an export writes it, with its resolution."""

    kind: str
    source: str
    raised_at: str
    value: float | None
    note: str
    resolved_at: str | None
    resolved_by: str | None
    resolution_note: str


def export_flags(ctx: ServiceContext, scope: AthleteScope) -> list[FlagOut]:
    """Every red flag of the athlete, oldest first, with its resolution."""
    rows = repo.flag_rows(ctx.session, scope)
    roles = repo.actor_roles(ctx.session, scope, (r["resolved_by_account_id"] for r in rows))
    return [
        {
            "kind": row["kind"],
            "source": row["source"],
            "raised_at": iso(row["raised_at"]),
            "value": row["value"],
            "note": row["note"],
            "resolved_at": iso(row["cleared_at"]),
            "resolved_by": roles.get(by)
            if (by := row["resolved_by_account_id"]) is not None
            else None,
            "resolution_note": row["resolution_note"] or "",
        }
        for row in rows
    ]


class CheckedFlag(TypedDict):
    """A flag that passed the checks: who resolved it as a role, not yet as an account."""

    kind: str
    source: str
    value: float | None
    note: str
    raised_at: datetime
    cleared_at: datetime | None
    resolved_by: ActorRole | None
    resolution_note: str


@dataclass
class CheckedFlags:
    """Flags that passed every check, ready to store (those not stored yet)."""

    rows: list[CheckedFlag] = field(default_factory=list)

    def open_kinds(self) -> list[str]:
        return [r["kind"] for r in self.rows if r["cleared_at"] is None]


def _problem(spec: FlagIn) -> tuple[str, str] | None:
    """(field, message) when the flag is not one this installation's safety rules know."""
    limits = safety_limits()
    if spec.kind not in limits.red_flags:
        return "kind", (
            f"unknown red flag kind {spec.kind!r}; the kinds are "
            + ", ".join(sorted(limits.red_flags))
        )
    if spec.source not in limits.flag_sources:
        return "source", (
            f"unknown flag source {spec.source!r}; use one of " + ", ".join(limits.flag_sources)
        )
    rule = limits.red_flags[spec.kind].value
    if spec.value is None:
        return None
    if rule is None:
        return "value", f"a {spec.kind} flag takes no value"
    if not rule.above < spec.value < rule.below:
        return "value", (
            f"a {spec.kind} reading lies between {rule.above:g} and {rule.below:g} "
            f"{rule.unit}, not {spec.value:g}"
        )
    return None


def check_flags(ctx: ServiceContext, doc: Mapping[str, Any], problems: Problems) -> CheckedFlags:
    """Validate the document's flags (kind, source and reading against the safety rules)."""
    checked = CheckedFlags()
    records = doc.get(KIND)
    if records is None:
        return checked
    if not isinstance(records, list):
        problems.add(f"{KIND}: must be a list of records")
        return checked
    where = Locator(doc)
    for index, raw in enumerate(records):
        spec = validate_record(FlagIn, KIND, index, raw, where, problems)
        if spec is None:
            continue
        problem = _problem(spec)
        if problem is not None:
            problems.add(f"{where(KIND, index, [problem[0]])}: {problem[1]}")
            continue
        place = where(KIND, index, ["raised_at"])
        if not check_not_future(ctx, spec.raised_at, "raised_at", "flag time", place, problems):
            continue
        checked.rows.append(
            {
                "kind": spec.kind,
                "source": spec.source,
                "value": spec.value,
                "note": spec.note,
                "raised_at": spec.raised_at.astimezone(UTC),
                "cleared_at": spec.resolved_at.astimezone(UTC) if spec.resolved_at else None,
                "resolved_by": spec.resolved_by,
                "resolution_note": spec.resolution_note,
            }
        )
    return checked


def _key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """What identifies a flag: its kind, source and time, and what was reported (two flags of
    one kind at the same instant, as a fixed clock in a test makes, stay two)."""
    return (row["kind"], row["source"], row["raised_at"], row["value"], row["note"])


def write_flags(ctx: ServiceContext, scope: AthleteScope, checked: CheckedFlags) -> KindCount:
    """Store the flags not stored yet. A resolution by the athlete is recorded as theirs; a
    coach's or admin's account is not carried between installations (stored as unknown)."""
    present = Counter(_key(r) for r in repo.flag_rows(ctx.session, scope))
    own = repo.athlete_account_id(ctx.session, scope)
    new = []
    for row in checked.rows:
        key = _key(row)
        if present[key] > 0:
            present[key] -= 1  # already stored
            continue
        new.append(
            FlagRow(
                kind=row["kind"],
                source=row["source"],
                value=row["value"],
                note=row["note"],
                raised_at=row["raised_at"],
                cleared_at=row["cleared_at"],
                resolved_by_account_id=own if row["resolved_by"] == "athlete" else None,
                resolution_note=row["resolution_note"],
            )
        )
    inserted = repo.insert_flags(ctx.session, scope, new)
    return KindCount(len(checked.rows), inserted, len(checked.rows) - inserted)
