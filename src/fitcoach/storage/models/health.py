"""Daily metrics, sleep sessions, meals and subjective feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedText
from fitcoach.storage.db import Base, UTCDateTime


def _scale(column: str, low: int, high: int) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR ({column} BETWEEN {low} AND {high})", name=column)


class DailyMetric(Base):
    """One row per athlete per day; later readings of the same day update it."""

    __tablename__ = "daily_metrics"
    __table_args__ = (
        UniqueConstraint("athlete_id", "day"),
        CheckConstraint("sleep_s IS NULL OR (sleep_s >= 0 AND sleep_s <= 86400)", name="sleep_s"),
        CheckConstraint("weight_kg IS NULL OR (weight_kg > 20 AND weight_kg < 400)", name="weight"),
        CheckConstraint("resting_hr IS NULL OR (resting_hr BETWEEN 20 AND 150)", name="resting_hr"),
        CheckConstraint(
            "hrv_rmssd_ms IS NULL OR (hrv_rmssd_ms > 0 AND hrv_rmssd_ms < 500)", name="hrv"
        ),
        CheckConstraint("calories_in_kcal IS NULL OR calories_in_kcal >= 0", name="calories"),
        CheckConstraint("protein_g IS NULL OR protein_g >= 0", name="protein"),
        _scale("sleep_quality", 1, 5),
        _scale("mood", 1, 5),
        _scale("energy", 1, 5),
        _scale("soreness", 1, 5),
        _scale("stress", 1, 5),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[date]
    sleep_s: Mapped[float | None]
    sleep_quality: Mapped[int | None]
    weight_kg: Mapped[float | None]
    resting_hr: Mapped[float | None]
    hrv_rmssd_ms: Mapped[float | None]
    calories_in_kcal: Mapped[float | None]
    protein_g: Mapped[float | None]
    mood: Mapped[int | None]
    energy: Mapped[int | None]
    soreness: Mapped[int | None]
    stress: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))


class SleepSession(Base):
    """A night (or nap) of sleep with its stages in seconds."""

    __tablename__ = "sleep_sessions"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "source_id"),
        CheckConstraint("ended_at > started_at", name="order"),
        CheckConstraint("awakenings IS NULL OR awakenings >= 0", name="awakenings"),
        # A night belongs to the day it ends: every windowed read filters and orders on
        # ended_at (migration 0011 replaced the index on started_at, which nothing read by).
        Index("ix_sleep_sessions_athlete_ended", "athlete_id", "ended_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime] = mapped_column(UTCDateTime())
    stages_s: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    awakenings: Mapped[int | None]
    quality: Mapped[int | None]
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))


class Meal(Base):
    """Something eaten, with its energy and macros."""

    __tablename__ = "meals"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "source_id"),
        CheckConstraint("calories_kcal IS NULL OR calories_kcal >= 0", name="calories"),
        CheckConstraint("protein_g IS NULL OR protein_g >= 0", name="protein"),
        CheckConstraint("carbs_g IS NULL OR carbs_g >= 0", name="carbs"),
        CheckConstraint("fat_g IS NULL OR fat_g >= 0", name="fat"),
        Index("ix_meals_athlete_eaten", "athlete_id", "eaten_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    eaten_at: Mapped[datetime] = mapped_column(UTCDateTime())
    meal_type: Mapped[str] = mapped_column(String(20), default="meal")
    description: Mapped[str] = mapped_column(EncryptedText(), default="")
    calories_kcal: Mapped[float | None]
    protein_g: Mapped[float | None]
    carbs_g: Mapped[float | None]
    fat_g: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))


class Feedback(Base):
    """How the athlete feels: energy, mood (1–10) and perceived exertion (RPE 0–10)."""

    __tablename__ = "feedback"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "source_id"),
        _scale("energy", 1, 10),
        _scale("mood", 1, 10),
        _scale("perceived_exertion", 0, 10),
        Index("ix_feedback_athlete_recorded", "athlete_id", "recorded_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    energy: Mapped[int | None]
    mood: Mapped[int | None]
    perceived_exertion: Mapped[float | None]
    notes: Mapped[str] = mapped_column(EncryptedText(), default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))
