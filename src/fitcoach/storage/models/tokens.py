"""Tokens: only the SHA-256 hash of a token is stored, with a short prefix for display.

Two kinds share the table: ``api`` tokens (``Authorization: Bearer``, the CLI, MCP) and
``session`` tokens (the web's sign-in cookie). Each credential is accepted only where its
kind belongs, so an API token is no browser session and a session is no bearer token.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.core.domain import TokenKind, TokenScope
from fitcoach.storage.db import Base, UTCDateTime


class ApiToken(Base):
    """A bearer token of one account; revoked tokens stay for the record."""

    __tablename__ = "api_tokens"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    prefix: Mapped[str] = mapped_column(String(16))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    scope: Mapped[TokenScope] = mapped_column(Enum(TokenScope, native_enum=False, length=16))
    kind: Mapped[TokenKind] = mapped_column(
        Enum(TokenKind, native_enum=False, length=16),
        default=TokenKind.api,
        server_default=TokenKind.api.value,
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # After this the token is refused (sessions always have one; API tokens may not).
    expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
