"""Versioned training plans: every change is a new version with its diff and reasons."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, BigInteger, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedText
from fitcoach.storage.db import Base, UTCDateTime


class PlanVersion(Base):
    """One version of an athlete's plan.

    ``status``: ``active`` (the one in force; at most one per athlete), ``proposed`` (waiting
    for the athlete's approval), ``superseded`` (an older active one), ``rejected``.
    """

    __tablename__ = "plan_versions"
    __table_args__ = (
        UniqueConstraint("athlete_id", "version"),
        Index("ix_plan_versions_athlete_status", "athlete_id", "status"),
        # A generation asked again looks its version up by the athlete's data version: without
        # it, every version the athlete ever had is read (with its plan) for each request.
        Index("ix_plan_versions_athlete_data_version", "athlete_id", "data_version"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    version: Mapped[int]
    parent_version: Mapped[int | None]
    status: Mapped[str] = mapped_column(String(16))
    proposed_by: Mapped[str] = mapped_column(String(32))
    document: Mapped[dict[str, Any]] = mapped_column(JSON)
    operations: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    diff: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    reasons: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    verdict: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    actor_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    # A generated version: its request (a hash) and the athlete's and everyone's data versions
    # its commit left. While both are current, the same request is answered with this version
    # (``services.plans.generation``); None when that no longer holds or was never known.
    request_key: Mapped[str | None] = mapped_column(String(64))
    data_version: Mapped[int | None] = mapped_column(BigInteger)
    global_version: Mapped[int | None] = mapped_column(BigInteger)


class HealthFlag(Base):
    """A red flag: reported by the athlete (chest pain, fainting ...) or raised by a sensor
    alert (resting SpO2 below 90 %, an irregular-rhythm alert). While one is open the coach
    prescribes no training and points to a professional; it is closed when resolved (by the
    athlete, a linked coach or an admin, with a stated reason)."""

    __tablename__ = "health_flags"
    __table_args__ = (
        Index("ix_health_flags_athlete_open", "athlete_id", "cleared_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    source: Mapped[str] = mapped_column(String(40))
    value: Mapped[float | None]
    note: Mapped[str] = mapped_column(EncryptedText(), default="")
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Who resolved it (the athlete, a linked coach or an admin; NULL for the local operator or
    # an account since deleted) and the reason they gave.
    resolved_by_account_id: Mapped[int | None] = mapped_column(
        ForeignKey("accounts.id", ondelete="SET NULL")
    )
    resolution_note: Mapped[str] = mapped_column(EncryptedText(), default="", server_default="")
