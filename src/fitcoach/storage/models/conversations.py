"""Conversations with the coach: one per athlete across channels, and its messages.

One conversation per athlete (not per channel) so that what the athlete said on Telegram is
remembered when they continue in the web or through MCP; each message records its channel.
The conversation row keeps the bounded summary of the messages that fell out of the verbatim
memory window, with the id of the last message it covers.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedJSON, EncryptedText
from fitcoach.storage.db import Base, UTCDateTime

ROLES = ("user", "assistant")
CHANNELS = ("web", "telegram", "mcp", "cli")


def _one_of(column: str, values: tuple[str, ...], name: str) -> CheckConstraint:
    listed = ", ".join(f"'{v}'" for v in values)
    return CheckConstraint(f"{column} IN ({listed})", name=name)


class Conversation(Base):
    """An athlete's conversation; ``summary`` folds the messages up to ``summary_upto_id``."""

    __tablename__ = "conversations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), unique=True
    )
    summary: Mapped[dict[str, Any]] = mapped_column(EncryptedJSON(), default=dict)
    summary_upto_id: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Message(Base):
    """One message: the athlete's text, or the coach's reply with its tool calls and source."""

    __tablename__ = "messages"
    __table_args__ = (
        _one_of("role", ROLES, "role"),
        _one_of("channel", CHANNELS, "channel"),
        Index("ix_messages_athlete_id_id", "athlete_id", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    role: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(EncryptedText())
    channel: Mapped[str] = mapped_column(String(16))
    intent: Mapped[str | None] = mapped_column(String(40))
    tool_calls: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    source: Mapped[str | None] = mapped_column(String(16))
    provider: Mapped[str | None] = mapped_column(String(40))
    model: Mapped[str | None] = mapped_column(String(120))
    proposed_version: Mapped[int | None]
    escalated: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
