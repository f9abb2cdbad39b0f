"""Telegram chat links and link codes.

A chat is looked up by its Telegram id before anyone is known (that lookup is what tells the
bot who is writing), so these queries take ids, not an ``AthleteScope``; the service checks
access to the athlete whenever a subject asks for one.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models.telegram import LinkCode, TelegramChat


def chat(session: Session, chat_id: int) -> TelegramChat | None:
    """The link of one Telegram chat, if any."""
    return session.execute(
        select(TelegramChat).where(TelegramChat.chat_id == chat_id)
    ).scalar_one_or_none()


def chats_of(session: Session, scope: AthleteScope) -> list[TelegramChat]:
    """The chats linked to the scoped athlete, oldest first."""
    return list(
        session.execute(
            select(TelegramChat)
            .where(TelegramChat.athlete_id == scope.athlete_id)
            .order_by(TelegramChat.id)
        ).scalars()
    )


def all_chats(session: Session) -> list[TelegramChat]:
    """Every linked chat (the proactive jobs go through them, then act per athlete)."""
    return list(session.execute(select(TelegramChat).order_by(TelegramChat.id)).scalars())


def add(session: Session, row: TelegramChat | LinkCode) -> None:
    """Store a new row."""
    session.add(row)
    session.flush()


def delete_chat(session: Session, row: TelegramChat) -> None:
    """Forget one chat link."""
    session.delete(row)
    session.flush()


def code_by_hash(session: Session, code_hash: str) -> LinkCode | None:
    """A link code by its hash."""
    return session.execute(
        select(LinkCode).where(LinkCode.code_hash == code_hash)
    ).scalar_one_or_none()


def void_open_codes(session: Session, account_id: int, at: datetime) -> int:
    """Mark the account's unused codes used (a new code replaces them); how many."""
    result = session.execute(
        update(LinkCode)
        .where(LinkCode.account_id == account_id, LinkCode.used_at.is_(None))
        .values(used_at=at)
    )
    session.flush()
    return int(getattr(result, "rowcount", 0) or 0)
