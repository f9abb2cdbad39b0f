"""Training plans in an export: every version, as stored, with which one was in force.

A version is identified by its number; on import, a version whose creation time and document
match a stored one is that version (skipped). When the athlete's own plan history uses the
document's numbers, the imported versions are numbered after theirs (parents and the
conversation's ``proposed_version`` follow). The version in force in the document is put in
force after the import unless the athlete already has a plan in force; then it is kept as
history (``superseded``) and the import report says so.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from fitcoach.coach.edits import Change
from fitcoach.coach.explanations import ParamValue, Reason, render
from fitcoach.coach.plan import Plan
from fitcoach.core.bounds import Instant
from fitcoach.services.context import ServiceContext
from fitcoach.services.plans import PlanOperation, Proposer, VerdictView
from fitcoach.services.portability.checks import (
    Locator,
    Problems,
    check_not_future,
    iso,
    message_of,
    validate_record,
)
from fitcoach.services.portability.format import PLAN_FIELDS
from fitcoach.services.portability.report import KindCount
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import PlanVersion
from fitcoach.storage.repositories import plans as plan_repo
from fitcoach.storage.repositories import portability as repo

KIND = "plans"
Status = Literal["active", "proposed", "superseded", "rejected"]
ActorRole = Literal["athlete", "coach", "admin"]
_MAX_VERSION = 2**31 - 1


class ReasonIn(BaseModel):
    """A stored reason: its code, parameters and the sentence it rendered to."""

    model_config = ConfigDict(extra="forbid")

    code: str = Field(min_length=1)
    params: dict[str, ParamValue] = Field(default_factory=dict)
    text: str = ""


class PlanVersionIn(BaseModel):
    """One plan version as a document gives it (the document without the athlete's id)."""

    model_config = ConfigDict(extra="forbid")

    version: int = Field(ge=1, le=_MAX_VERSION)
    parent_version: int | None = Field(default=None, ge=1, le=_MAX_VERSION)
    status: Status
    proposed_by: Proposer
    actor: ActorRole | None = None
    created_at: Instant
    decided_at: Instant | None = None
    document: dict[str, Any] | None = None
    # Checked as the plan views read them (an edit, a generation or a review), stored as given.
    operations: list[PlanOperation] = Field(default_factory=list)
    diff: list[Change] = Field(default_factory=list)
    reasons: list[ReasonIn] = Field(default_factory=list)
    verdict: VerdictView | None = None


def export_plans(ctx: ServiceContext, scope: AthleteScope) -> list[dict[str, Any]]:
    """Every plan version of the athlete, oldest first, as stored (the document without the
    athlete's internal id; who proposed or decided it as a role)."""
    rows = repo.plan_versions(ctx.session, scope)
    roles = repo.actor_roles(ctx.session, scope, (r.actor_account_id for r in rows))
    out = []
    for row in rows:
        document = {k: v for k, v in (row.document or {}).items() if k != "athlete_id"}
        values = {
            "version": row.version,
            "parent_version": row.parent_version,
            "status": row.status,
            "proposed_by": row.proposed_by,
            "actor": roles.get(row.actor_account_id) if row.actor_account_id else None,
            "created_at": iso(row.created_at),
            "decided_at": iso(row.decided_at),
            "document": document or None,
            "operations": list(row.operations or []),
            "diff": list(row.diff or []),
            "reasons": list(row.reasons or []),
            "verdict": dict(row.verdict) if row.verdict else None,
        }
        out.append({k: values[k] for k in PLAN_FIELDS})
    return out


# --------------------------------------------------------------------------------------------
# Check


def _reasons_in(value: Any, loc: list[int | str]) -> Iterator[tuple[list[int | str], Reason]]:
    """Every ``Reason`` inside a validated model, with its place."""
    if isinstance(value, Reason):
        yield loc, value
    elif isinstance(value, BaseModel):
        for name in type(value).model_fields:
            yield from _reasons_in(getattr(value, name), [*loc, name])
    elif isinstance(value, list | tuple):
        for i, item in enumerate(value):
            yield from _reasons_in(item, [*loc, i])


def _unrenderable(reason: Reason) -> str | None:
    """Why a stored reason cannot be shown (an unknown code, a missing parameter), or None."""
    try:
        render(reason)
    except (KeyError, IndexError, ValueError, AttributeError):
        return (
            f"reason code {reason.code!r} with parameters {sorted(reason.params)} is not one "
            "this fitcoach can show"
        )
    return None


@dataclass
class _Version:
    spec: PlanVersionIn
    index: int
    raw: dict[str, Any]
    document: dict[str, Any]  # validated and normalised, without the athlete's id


@dataclass
class CheckedPlans:
    """What an import will do with plans: the versions to store (numbered as they will be),
    the document's numbers mapped to the stored ones, and notes for the report."""

    read: int = 0
    rows: list[dict[str, Any]] = field(default_factory=list)
    numbers: dict[int, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    activate: int | None = None  # the stored number of the version to put in force

    @property
    def count(self) -> KindCount:
        return KindCount(self.read, len(self.rows), self.read - len(self.rows))


def _validate_version(index: int, raw: Any, where: Locator, problems: Problems) -> _Version | None:
    spec = validate_record(PlanVersionIn, KIND, index, raw, where, problems, columns={})
    if spec is None:
        return None
    ok = True
    document: dict[str, Any] = {}
    if spec.document is not None:
        try:
            # The athlete's id is not part of an export: the plan belongs to the athlete it is
            # imported into (filled in when it is written).
            plan = Plan.model_validate({**spec.document, "athlete_id": 0})
        except ValidationError as exc:
            for err in exc.errors():
                problems.add(f"{where(KIND, index, ['document', *err['loc']])}: {message_of(err)}")
            return None
        document = plan.model_dump(mode="json")
        del document["athlete_id"]
        for loc, reason in _reasons_in(plan, ["document"]):
            problem = _unrenderable(reason)
            if problem:
                problems.add(f"{where(KIND, index, loc)}: {problem}")
                ok = False
    reasons: list[tuple[list[int | str], Reason]] = [
        (["reasons", i], Reason(code=r.code, params=r.params)) for i, r in enumerate(spec.reasons)
    ]
    if spec.verdict is not None:
        reasons += [(["verdict", *loc], r) for loc, r in _reasons_in(spec.verdict, [])]
    for loc, reason in reasons:
        problem = _unrenderable(reason)
        if problem:
            problems.add(f"{where(KIND, index, loc)}: {problem}")
            ok = False
    return _Version(spec, index, raw, document) if ok else None


def _consistent(versions: list[_Version], where: Locator, problems: Problems) -> bool:
    """Numbers given once, at most one version in force, parents among the versions."""
    ok = True
    seen: dict[int, int] = {}
    for v in versions:
        if v.spec.version in seen:
            problems.add(
                f"{where(KIND, v.index, ['version'])}: version {v.spec.version} repeats "
                f"{where(KIND, seen[v.spec.version], [])}; each version must be given once"
            )
            ok = False
        seen.setdefault(v.spec.version, v.index)
    active = [v for v in versions if v.spec.status == "active"]
    for extra in active[1:]:
        problems.add(
            f"{where(KIND, extra.index, ['status'])}: version {active[0].spec.version} is "
            f"already the one in force; at most one version is active"
        )
        ok = False
    for v in versions:
        parent = v.spec.parent_version
        if parent is not None and (parent not in seen or parent == v.spec.version):
            problems.add(
                f"{where(KIND, v.index, ['parent_version'])}: version {parent} is not another "
                "version in the document"
            )
            ok = False
    return ok


def renamed(value: Any, slugs: Mapping[str, str]) -> Any:
    """``value`` (a document, a diff, operations) with every string that is a key of ``slugs``
    replaced by its value: the exporting athlete's own exercises' slugs as they are here."""
    if isinstance(value, str):
        return slugs.get(value, value)
    if isinstance(value, dict):
        return {k: renamed(v, slugs) for k, v in value.items()}
    if isinstance(value, list):
        return [renamed(v, slugs) for v in value]
    return value


def check_plans(
    ctx: ServiceContext,
    doc: Mapping[str, Any],
    scope: AthleteScope | None,
    problems: Problems,
    own_slugs: Mapping[str, str] | None = None,
) -> CheckedPlans:
    """Validate every version (its document as a plan, its reasons renderable) and decide
    numbers and statuses against the athlete's stored versions. Reads only. ``own_slugs``:
    the document's own exercises' slugs → those of the athlete's own exercises they will be
    (the ones of the same name the athlete has), so a version stored already is known."""
    checked = CheckedPlans()
    records = doc.get(KIND)
    if records is None:
        return checked
    if not isinstance(records, list):
        problems.add(f"{KIND}: must be a list of plan versions")
        return checked
    where = Locator(doc)
    versions = []
    for index, raw in enumerate(records):
        version = _validate_version(index, raw, where, problems)
        if version is None:
            continue
        place = where(KIND, index, ["created_at"])
        if check_not_future(
            ctx, version.spec.created_at, "created_at", "plan version time", place, problems
        ):
            versions.append(version)
    checked.read = len(records)
    if len(versions) != len(records) or not _consistent(versions, where, problems):
        return checked
    stored = repo.plan_versions(ctx.session, scope) if scope is not None else []
    _number(checked, versions, stored, scope, own_slugs or {})
    _statuses(checked, stored)
    return checked


def _number(
    checked: CheckedPlans,
    versions: list[_Version],
    stored: list[PlanVersion],
    scope: AthleteScope | None,
    own_slugs: Mapping[str, str],
) -> None:
    """Map the document's numbers to stored ones: a version already stored keeps its number;
    new versions keep theirs unless the athlete's own history uses one of them, in which case
    all new ones are numbered after the athlete's last version."""
    athlete_id = scope.athlete_id if scope is not None else None
    by_identity = {(row.created_at, _comparable(row.document)): row.version for row in stored}
    new = []
    for v in sorted(versions, key=lambda v: v.spec.version):
        key = (
            v.spec.created_at.astimezone(UTC),
            _comparable({**renamed(v.document, own_slugs), "athlete_id": athlete_id}),
        )
        if key in by_identity:
            checked.numbers[v.spec.version] = by_identity.pop(key)
        else:
            new.append(v)
    taken = {row.version for row in stored}
    if any(v.spec.version in taken for v in new):
        last = max(taken)
        for offset, v in enumerate(new, start=1):
            checked.numbers[v.spec.version] = last + offset
        checked.notes.append(
            f"the athlete's plan history already uses version numbers "
            f"{min(taken)}-{last}; the imported versions are numbered from {last + 1}"
        )
    else:
        for v in new:
            checked.numbers[v.spec.version] = v.spec.version
    checked.rows = [_row(v, checked.numbers) for v in new]


def _comparable(document: Mapping[str, Any] | None) -> str:
    """A document as text, for comparing a stored version with an imported one."""
    return json.dumps(document or {}, sort_keys=True, default=str)


def _row(v: _Version, numbers: Mapping[int, int]) -> dict[str, Any]:
    spec = v.spec
    return {
        "version": numbers[spec.version],
        "parent_version": numbers.get(spec.parent_version) if spec.parent_version else None,
        "status": spec.status,
        "proposed_by": spec.proposed_by,
        "actor": spec.actor,
        "document": v.document,
        "operations": list(v.raw.get("operations") or []),
        "diff": list(v.raw.get("diff") or []),
        "reasons": list(v.raw.get("reasons") or []),
        "verdict": dict(v.raw.get("verdict") or {}),
        "created_at": spec.created_at.astimezone(UTC),
        "decided_at": spec.decided_at.astimezone(UTC) if spec.decided_at else None,
    }


def _statuses(checked: CheckedPlans, stored: list[PlanVersion]) -> None:
    """The document's version in force goes in force unless the athlete has one; then it is
    stored as history. (It is not validated again: it was in force for the same profile,
    which the import brings along, and any change to it passes the validator as usual.)"""
    row = next((r for r in checked.rows if r["status"] == "active"), None)
    if row is None:
        return
    mine = next((s for s in stored if s.status == "active"), None)
    if mine is not None:
        row["status"] = "superseded"
        checked.notes.append(
            f"the athlete's own plan (version {mine.version}) stays in force; the document's "
            f"plan in force is stored as version {row['version']} (history)"
        )
        return
    if not row["document"]:
        row["status"] = "superseded"
        checked.notes.append(f"plan version {row['version']} has no document; not put in force")
        return
    checked.activate = row["version"]


# --------------------------------------------------------------------------------------------
# Write


def write_plans(
    ctx: ServiceContext,
    scope: AthleteScope,
    checked: CheckedPlans,
    own_slugs: Mapping[str, str] | None = None,
) -> KindCount:
    """Store the new versions (documents for this athlete); the athlete's plan is locked
    first, as every plan change does, and a plan put in force meanwhile stays in force.
    ``own_slugs``: the document's own exercises' slugs → this athlete's (documents, diffs and
    operations name them so)."""
    slugs = own_slugs or {}
    if not checked.rows:
        return checked.count
    plan_repo.lock(ctx.session, scope)
    own = repo.athlete_account_id(ctx.session, scope)
    if checked.activate is not None and plan_repo.active(ctx.session, scope) is not None:
        for row in checked.rows:
            if row["version"] == checked.activate:
                row["status"] = "superseded"
        checked.notes.append("a plan was put in force during the import; it stays in force")
    rows = []
    for row in checked.rows:
        values = {k: v for k, v in row.items() if k != "actor"}
        if slugs:
            for key in ("document", "diff", "operations"):
                values[key] = renamed(values[key], slugs)
        values["document"] = (
            {**values["document"], "athlete_id": scope.athlete_id} if values["document"] else {}
        )
        values["actor_account_id"] = own if row["actor"] == "athlete" else None
        rows.append(values)
    repo.insert_plan_versions(ctx.session, scope, rows)
    return checked.count
