"""Conversations and messages, scoped to the athlete."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fitcoach.core.errors import NotFound
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Conversation, Message
from fitcoach.storage.repositories.bulk import upsert_insert
from fitcoach.storage.rows import ConversationSummary


def conversation(session: Session, scope: AthleteScope) -> Conversation | None:
    """The scoped athlete's conversation, if they ever wrote."""
    return session.execute(
        select(Conversation).where(Conversation.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()


def get_or_create(session: Session, scope: AthleteScope, now: datetime) -> Conversation:
    """The scoped athlete's conversation, created on their first message.

    Concurrent first messages (two tabs, the web and Telegram) race to create it: the insert
    does nothing when another transaction's row is there (``athlete_id`` is unique; on
    PostgreSQL it waits for that transaction to commit), and the row is read afterwards. A
    plain insert would fail the later requests with an integrity error and lose their message.
    """
    found = conversation(session, scope)
    if found is not None:
        return found
    session.execute(
        upsert_insert(session.get_bind().dialect.name, Conversation)
        .values(
            athlete_id=scope.athlete_id,
            summary={},
            summary_upto_id=0,
            created_at=now,
            updated_at=now,
        )
        .on_conflict_do_nothing(index_elements=[Conversation.athlete_id])
    )
    created = conversation(session, scope)
    if created is None:  # deleted between the insert and the read: the athlete is gone
        raise NotFound(f"athlete {scope.athlete_id} not found")
    return created


def add_message(
    session: Session, scope: AthleteScope, conv: Conversation, **values: Any
) -> Message:
    """Store a message of the scoped athlete in their conversation."""
    if conv.athlete_id != scope.athlete_id:
        raise ValueError("the conversation belongs to another athlete")
    message = Message(athlete_id=scope.athlete_id, conversation_id=conv.id, **values)
    session.add(message)
    session.flush()
    return message


def recent(
    session: Session, scope: AthleteScope, limit: int, *, before_id: int | None = None
) -> list[Message]:
    """The scoped athlete's last ``limit`` messages (before ``before_id``), oldest first."""
    stmt = select(Message).where(Message.athlete_id == scope.athlete_id)
    if before_id is not None:
        stmt = stmt.where(Message.id < before_id)
    rows = session.execute(stmt.order_by(Message.id.desc()).limit(limit)).scalars().all()
    return list(reversed(rows))


def between(
    session: Session, scope: AthleteScope, after_id: int, before_id: int
) -> Sequence[Message]:
    """The scoped athlete's messages with ``after_id < id < before_id``, oldest first."""
    return (
        session.execute(
            select(Message)
            .where(
                Message.athlete_id == scope.athlete_id,
                Message.id > after_id,
                Message.id < before_id,
            )
            .order_by(Message.id)
        )
        .scalars()
        .all()
    )


def save_summary(
    session: Session,
    scope: AthleteScope,
    conv: Conversation,
    summary: ConversationSummary,
    upto_id: int,
    now: datetime,
) -> None:
    """Store the folded summary of the scoped athlete's messages up to ``upto_id``."""
    if conv.athlete_id != scope.athlete_id:
        raise ValueError("the conversation belongs to another athlete")
    conv.summary = dict(summary)
    conv.summary_upto_id = upto_id
    conv.updated_at = now
    session.flush()
