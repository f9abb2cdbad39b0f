"""Invitation codes for the web's sign-up when ``FITCOACH_SIGNUP=invite``.

An admin or a coach makes one; its code is shown once (as a link) and only its SHA-256 hash is
stored, as for API tokens, so a database dump holds no usable code. A code works once and
until it expires; revoking it stops it earlier. Used, revoked and expired rows stay for the
record (who invited whom).
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base, UTCDateTime


class Invitation(Base):
    """One invitation to sign up (only its code's hash is kept)."""

    __tablename__ = "invitations"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    # Who the code is for, in the inviter's words (shown to the inviter only).
    note: Mapped[str] = mapped_column(String(120), default="")
    created_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    used_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
