"""Workout sessions with set logs, personal records kept from them, and cardio/activity sessions."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedJSON, EncryptedText
from fitcoach.storage.db import Base, UTCDateTime


class WorkoutSession(Base):
    """A strength session; its sets are ``SetLog`` rows."""

    __tablename__ = "workout_sessions"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "source_id"),
        CheckConstraint("session_rpe IS NULL OR (session_rpe BETWEEN 0 AND 10)", name="rpe"),
        Index("ix_workout_sessions_athlete_started", "athlete_id", "started_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_s: Mapped[float | None]
    # Free text the athlete writes, as personal as the notes: encrypted too (at most 120
    # characters, checked where a title comes in; the stored token is longer).
    title: Mapped[str] = mapped_column(EncryptedText(), default="")
    notes: Mapped[str] = mapped_column(EncryptedText(), default="")
    session_rpe: Mapped[float | None]
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))


class SetLog(Base):
    """One set: reps at a weight, with reps in reserve."""

    __tablename__ = "set_logs"
    __table_args__ = (
        UniqueConstraint("session_id", "position"),
        CheckConstraint("reps >= 0 AND reps <= 1000", name="reps"),
        CheckConstraint(
            "weight_kg IS NULL OR (weight_kg >= 0 AND weight_kg <= 1000)", name="weight"
        ),
        CheckConstraint("rir IS NULL OR (rir BETWEEN 0 AND 10)", name="rir"),
        Index("ix_set_logs_athlete_exercise", "athlete_id", "exercise_id"),
        # The sets of some of an athlete's workouts (history, the guided workout's next
        # position): without it SQLite walks every set of the athlete by the index above.
        Index("ix_set_logs_athlete_session", "athlete_id", "session_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("workout_sessions.id", ondelete="CASCADE"))
    # Denormalised so that every query can be scoped to the athlete without a join.
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    exercise_id: Mapped[int] = mapped_column(ForeignKey("exercises.id", ondelete="RESTRICT"))
    position: Mapped[int]
    reps: Mapped[int]
    weight_kg: Mapped[float | None]
    rir: Mapped[float | None]
    completed: Mapped[bool] = mapped_column(default=True)
    is_warmup: Mapped[bool] = mapped_column(default=False)
    notes: Mapped[str] = mapped_column(EncryptedText(), default="")
    # The form check of a filmed set (``services.guided.check_set_form``): reps counted, faults
    # with cues, the form score (encrypted JSON), and whether the form broke down (plain, so
    # progression reads it without decrypting): a breakdown never earns a load increase.
    form_check: Mapped[Any | None] = mapped_column(EncryptedJSON(), nullable=True, default=None)
    form_breakdown: Mapped[bool | None] = mapped_column(nullable=True, default=None)


class PersonalRecord(Base):
    """An athlete's bests on one exercise, derived from their sets and kept on every write.

    Reading records must not cost a pass over every set ever logged, so each write of sets
    merges their bests in (``repositories.personal_records``), and a change that can lower a
    best (sets deleted) recomputes the exercises it touched. Derived data: never exported,
    rebuilt after an import. Over completed working sets with a load, Epley's e1RM, each best
    with the time of the earliest set that reached it (``analysis.strength.personal_records``).
    """

    __tablename__ = "personal_records"

    athlete_id: Mapped[int] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), primary_key=True
    )
    exercise_id: Mapped[int] = mapped_column(
        ForeignKey("exercises.id", ondelete="CASCADE"), primary_key=True
    )
    best_e1rm_kg: Mapped[float]
    best_e1rm_at: Mapped[datetime] = mapped_column(UTCDateTime())
    e1rm_reliable: Mapped[bool]
    heaviest_kg: Mapped[float]
    heaviest_reps: Mapped[int]
    heaviest_at: Mapped[datetime] = mapped_column(UTCDateTime())
    best_set_volume_kg: Mapped[float]
    best_set_volume_at: Mapped[datetime] = mapped_column(UTCDateTime())
    most_reps: Mapped[int]


class CardioSession(Base):
    """A cardio or other activity session (a run, a ride, a game)."""

    __tablename__ = "cardio_sessions"
    __table_args__ = (
        UniqueConstraint("athlete_id", "source", "source_id"),
        CheckConstraint("duration_s > 0 AND duration_s <= 172800", name="duration"),
        CheckConstraint("distance_m IS NULL OR distance_m >= 0", name="distance"),
        CheckConstraint("avg_hr IS NULL OR (avg_hr BETWEEN 25 AND 250)", name="avg_hr"),
        CheckConstraint("max_hr IS NULL OR (max_hr BETWEEN 25 AND 250)", name="max_hr"),
        CheckConstraint("session_rpe IS NULL OR (session_rpe BETWEEN 0 AND 10)", name="rpe"),
        Index("ix_cardio_sessions_athlete_started", "athlete_id", "started_at"),
        # The highest logged maximum HR (TRIMP's ceiling) is one index probe, not a scan.
        Index("ix_cardio_sessions_athlete_max_hr", "athlete_id", "max_hr"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    activity_type: Mapped[str] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    duration_s: Mapped[float]
    distance_m: Mapped[float | None]
    avg_hr: Mapped[float | None]
    max_hr: Mapped[float | None]
    calories_kcal: Mapped[float | None]
    steps: Mapped[int | None]
    session_rpe: Mapped[float | None]
    notes: Mapped[str] = mapped_column(EncryptedText(), default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))
