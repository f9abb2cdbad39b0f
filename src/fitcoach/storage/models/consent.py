"""Consent per athlete and purpose: an append-only history; the latest row is the state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.core.domain import ConsentPurpose
from fitcoach.storage.db import Base, UTCDateTime


class ConsentRecord(Base):
    """One decision: ``purpose`` granted or withdrawn at ``at`` under text ``version``.

    Rows are never updated or deleted (except with the athlete): a change is a new row, so
    the history shows what was agreed to, when, and under which wording.
    """

    __tablename__ = "consent_records"
    __table_args__ = (
        Index("ix_consent_records_athlete_purpose", "athlete_id", "purpose", "id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    purpose: Mapped[ConsentPurpose] = mapped_column(
        Enum(ConsentPurpose, native_enum=False, length=32)
    )
    granted: Mapped[bool]
    version: Mapped[str] = mapped_column(String(32))  # of the consent text, or "implicit-0"
    source: Mapped[str] = mapped_column(String(32))  # onboarding, athlete, migration
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
