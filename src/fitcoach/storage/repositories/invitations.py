"""Invitation queries (the codes to sign up with; only their hashes are stored)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fitcoach.storage.models import Account
from fitcoach.storage.models.invitations import Invitation


def add(session: Session, invitation: Invitation) -> Invitation:
    """Store a new invitation."""
    session.add(invitation)
    session.flush()
    return invitation


def get(session: Session, invitation_id: int) -> Invitation | None:
    return session.get(Invitation, invitation_id)


def by_hash(session: Session, code_hash: str) -> Invitation | None:
    """The invitation whose code has this hash, or None."""
    return session.execute(
        select(Invitation).where(Invitation.code_hash == code_hash)
    ).scalar_one_or_none()


def list_all(
    session: Session, created_by: int | None = None
) -> list[tuple[Invitation, Account | None, Account | None]]:
    """Invitations (all, or those one account made), newest first, each with the account
    that made it and the account made with it (None when removed or unused)."""
    stmt = select(Invitation).order_by(Invitation.id.desc())
    if created_by is not None:
        stmt = stmt.where(Invitation.created_by_account_id == created_by)
    rows = list(session.execute(stmt).scalars())
    ids = {i for row in rows for i in (row.created_by_account_id, row.used_by_account_id) if i}
    found: dict[int, Account] = {}
    if ids:
        stmt_accounts = select(Account).where(Account.id.in_(ids))
        found = {a.id: a for a in session.execute(stmt_accounts).scalars()}

    def account(account_id: int | None) -> Account | None:
        return found.get(account_id) if account_id is not None else None

    return [
        (row, account(row.created_by_account_id), account(row.used_by_account_id)) for row in rows
    ]


def claim(session: Session, invitation_id: int, now: datetime) -> bool:
    """Mark an invitation used if it still can be (unused, not revoked, not expired): one
    conditional UPDATE, so of two sign-ups racing for one code only one gets it."""
    result = session.execute(
        update(Invitation)
        .where(
            Invitation.id == invitation_id,
            Invitation.used_at.is_(None),
            Invitation.revoked_at.is_(None),
            Invitation.expires_at > now,
        )
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0))
