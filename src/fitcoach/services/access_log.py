"""The athlete's access log: who other than the athlete opened their data, and when.

Entries are written by ``ServiceContext.scope`` (see ``docs/security.md``). Who may read
the log: the athlete and admins (and the operator at the command line) see every entry; a
linked coach sees only the entries of their own accesses, never those of other coaches or
admins.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel

from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput
from fitcoach.services.context import ServiceContext
from fitcoach.storage.db import Session
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import audit as audit_repo
from fitcoach.storage.repositories.audit import Access

__all__ = ["Access", "AccessEntryOut", "access_log", "record_accesses"]

MAX_LIMIT = 500


class AccessEntryOut(BaseModel):
    """One access: when, who (account id and name; none for the operator), their role and
    the kind of data. No content and no health details."""

    at: datetime
    viewer_account_id: int | None
    viewer_name: str | None
    role: str
    kind: str


def access_log(
    ctx: ServiceContext, athlete_id: int, *, limit: int = 100, offset: int = 0
) -> list[AccessEntryOut]:
    """The athlete's access entries, newest first; ``NotFound`` for an athlete the subject may
    not see. A coach gets only their own entries."""
    if not 1 <= limit <= MAX_LIMIT or offset < 0:
        raise InvalidInput(f"limit must be 1..{MAX_LIMIT} and offset at least 0")
    scope = ctx.scope(athlete_id, kind="access_log")
    coach = ctx.subject.role == Role.coach
    rows = audit_repo.entries(
        ctx.session,
        scope,
        viewer_id=ctx.subject.account_id,
        only_viewer=coach,
        limit=limit,
        offset=offset,
    )
    names = athlete_repo.display_names(
        ctx.session, {r.actor_account_id for r in rows if r.actor_account_id is not None}
    )
    return [
        AccessEntryOut(
            at=r.at,
            viewer_account_id=r.actor_account_id,
            viewer_name=names.get(r.actor_account_id) if r.actor_account_id else None,
            role=str(r.detail.get("role", "unknown")),
            kind=r.entity,
        )
        for r in rows
    ]


def record_accesses(session: Session, accesses: list[Access]) -> int:
    """Write a request's accesses in the caller's own unit of work (the HTTP interface writes
    them after the response, see ``interfaces.api.sessions.with_access_log``); an access
    already recorded in its minute is skipped. Returns how many were added."""
    return audit_repo.record(session, accesses)
