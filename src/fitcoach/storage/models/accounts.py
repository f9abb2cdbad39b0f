"""Accounts, athletes, profiles and coach links."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    CheckConstraint,
    Enum,
    ForeignKey,
    Integer,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from fitcoach.core.domain import Role
from fitcoach.storage.crypto import EncryptedJSON
from fitcoach.storage.db import Base, UTCDateTime


class Account(Base):
    """A login: an athlete, a coach or an admin."""

    __tablename__ = "accounts"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    role: Mapped[Role] = mapped_column(Enum(Role, native_enum=False, length=16))
    password_hash: Mapped[str | None] = mapped_column(String(255))
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())

    athlete: Mapped[Athlete | None] = relationship(back_populates="account", lazy="raise")


class Athlete(Base):
    """A person whose training fitcoach keeps; owned by one athlete account."""

    __tablename__ = "athletes"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(String(120))
    timezone: Mapped[str] = mapped_column(String(64), default="UTC")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    # The athlete lets the dosing agent's weekly suggestion take effect (within the validator).
    adaptive_dosing: Mapped[bool] = mapped_column(default=False, server_default=false())

    account: Mapped[Account] = relationship(back_populates="athlete", lazy="raise")
    profile: Mapped[Profile | None] = relationship(
        back_populates="athlete", lazy="raise", cascade="all, delete-orphan", passive_deletes=True
    )


class CoachLink(Base):
    """A coach account linked to an athlete: the coach may see and edit that athlete."""

    __tablename__ = "coach_links"
    __table_args__ = (
        UniqueConstraint("coach_account_id", "athlete_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    coach_account_id: Mapped[int] = mapped_column(
        ForeignKey("accounts.id", ondelete="CASCADE"), index=True
    )
    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Profile(Base):
    """What the coach needs to know about an athlete (one per athlete)."""

    __tablename__ = "profiles"
    __table_args__ = (
        CheckConstraint("height_cm IS NULL OR (height_cm > 50 AND height_cm < 275)", name="height"),
        CheckConstraint("weight_kg IS NULL OR (weight_kg > 20 AND weight_kg < 400)", name="weight"),
        CheckConstraint("days_per_week BETWEEN 1 AND 7", name="days_per_week"),
        CheckConstraint("session_minutes BETWEEN 10 AND 300", name="session_minutes"),
        CheckConstraint("units IN ('metric', 'imperial')", name="units"),
    )

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    birth_date: Mapped[date | None]
    sex: Mapped[str | None] = mapped_column(String(16))
    height_cm: Mapped[float | None]
    weight_kg: Mapped[float | None]
    sports: Mapped[list[str]] = mapped_column(JSON, default=list)
    goals: Mapped[list[str]] = mapped_column(JSON, default=list)
    experience_level: Mapped[str] = mapped_column(String(16), default="beginner")
    days_per_week: Mapped[int] = mapped_column(Integer, default=3)
    session_minutes: Mapped[int] = mapped_column(Integer, default=60)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    injuries: Mapped[list[dict[str, Any]]] = mapped_column(EncryptedJSON(), default=list)
    conditions: Mapped[list[str]] = mapped_column(EncryptedJSON(), default=list)
    dietary_restrictions: Mapped[list[str]] = mapped_column(JSON, default=list)
    preferences: Mapped[list[str]] = mapped_column(JSON, default=list)
    dislikes: Mapped[list[str]] = mapped_column(JSON, default=list)
    # The bar and plates: {"unit": "kg"|"lb", "bar": float, "plates": [float]}; None: a 20 kg
    # bar and standard kg plates.
    plates: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    # How pages show weights and distances: "metric" (kg, km) or "imperial" (lb, mi).
    units: Mapped[str] = mapped_column(String(8), default="metric", server_default="metric")
    # Where the athlete lives (ISO 3166-1 alpha-2), when they said: the crisis line to show.
    country: Mapped[str | None] = mapped_column(String(2), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())

    athlete: Mapped[Athlete] = relationship(back_populates="profile", lazy="raise")
