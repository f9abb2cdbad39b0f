"""API token queries."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from fitcoach.storage.models import Account
from fitcoach.storage.models.tokens import ApiToken


def add(session: Session, token: ApiToken) -> ApiToken:
    """Store a new token row."""
    session.add(token)
    session.flush()
    return token


def by_hash(session: Session, token_hash: str) -> tuple[ApiToken, Account] | None:
    """The token with this hash and its account, or None."""
    row = session.execute(
        select(ApiToken, Account)
        .join(Account, Account.id == ApiToken.account_id)
        .where(ApiToken.token_hash == token_hash)
    ).one_or_none()
    return None if row is None else (row[0], row[1])


def get(session: Session, token_id: int) -> ApiToken | None:
    """One token by id."""
    return session.get(ApiToken, token_id)


def list_all(session: Session, account_id: int | None = None) -> list[tuple[ApiToken, Account]]:
    """Tokens (of one account, or all) with their accounts, oldest first."""
    stmt = select(ApiToken, Account).join(Account, Account.id == ApiToken.account_id)
    if account_id is not None:
        stmt = stmt.where(ApiToken.account_id == account_id)
    return [(t, a) for t, a in session.execute(stmt.order_by(ApiToken.id)).all()]


def touch(session: Session, token_id: int, now: datetime, stale_before: datetime) -> bool:
    """Set ``last_used_at = now`` if it is unset or older than ``stale_before``."""
    result = session.execute(
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < stale_before),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False, fitcoach_use_stamp=True)
    )
    return bool(getattr(result, "rowcount", 0))
