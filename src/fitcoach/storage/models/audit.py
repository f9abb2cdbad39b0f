"""The audit log: who did what to which record, without personal content."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base, UTCDateTime


class AuditEntry(Base):
    """One action. ``athlete_id`` is not a foreign key: entries outlive deleted athletes."""

    __tablename__ = "audit_log"
    __table_args__ = (
        Index("ix_audit_log_athlete_at", "athlete_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    athlete_id: Mapped[int | None]
    action: Mapped[str] = mapped_column(String(60))
    entity: Mapped[str] = mapped_column(String(40))
    entity_id: Mapped[str | None] = mapped_column(String(60))
    detail: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
