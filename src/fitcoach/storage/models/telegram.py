"""Telegram chats linked to athletes, and the one-time codes that link them.

A link code is shown once on the web (or the CLI) and stored only as its SHA-256 hash; it
expires after ten minutes and works once. A chat is linked to exactly one athlete; the bot acts
as that athlete's account in every update from the chat.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base, UTCDateTime


class TelegramChat(Base):
    """A private Telegram chat acting as one athlete, with its notification preferences.

    ``morning_at`` is the athlete's local time (``HH:MM``) for the morning readiness message;
    ``last_morning_on`` and ``last_weekly`` remember what was already sent, so a restart
    neither repeats nor skips a message.
    """

    __tablename__ = "telegram_chats"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    chat_id: Mapped[int] = mapped_column(BigInteger, unique=True)
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    account_id: Mapped[int] = mapped_column(ForeignKey("accounts.id", ondelete="CASCADE"))
    linked_at: Mapped[datetime] = mapped_column(UTCDateTime())
    notify_alerts: Mapped[bool] = mapped_column(default=True)
    notify_readiness: Mapped[bool] = mapped_column(default=True)
    notify_weekly: Mapped[bool] = mapped_column(default=True)
    morning_at: Mapped[str] = mapped_column(String(5), default="07:30")
    last_morning_on: Mapped[date | None]
    last_weekly: Mapped[str | None] = mapped_column(String(10))


class LinkCode(Base):
    """A one-time code that links a Telegram chat to an account (only its hash is kept)."""

    __tablename__ = "telegram_link_codes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
