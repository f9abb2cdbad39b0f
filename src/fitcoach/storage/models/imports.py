"""Files imported from devices and apps, files waiting for the person's review, and the
exercise names the person has mapped (remembered for the next import)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedText
from fitcoach.storage.db import Base, UTCDateTime


class ImportedFile(Base):
    """One file imported into an athlete, by its content's SHA-256: the same file imported
    again (another name, another day) is recognised and stores nothing twice."""

    __tablename__ = "imported_files"
    __table_args__ = (
        UniqueConstraint("athlete_id", "sha256"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(24))
    # A file name can say who and where ("ana_physio_knee.fit"): encrypted like notes.
    filename: Mapped[str] = mapped_column(EncryptedText(), default="")
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime())
    counts: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # The ids of the records this import created, by kind ("workouts", "cardio", "sleep",
    # "recordings"): what taking the import back deletes. {} for files imported before.
    records: Mapped[dict[str, list[int]]] = mapped_column(JSON, default=dict, server_default="{}")


class PendingImport(Base):
    """A file held back until the person says which exercises its names are; ``names`` are
    the app's names still to review, ``options["records"]`` what it stored already (its
    resolved names' sets). Imported whole (and deleted) once the names are decided."""

    __tablename__ = "pending_imports"
    __table_args__ = (
        UniqueConstraint("athlete_id", "sha256"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    sha256: Mapped[str] = mapped_column(String(64))
    format: Mapped[str] = mapped_column(String(24))
    filename: Mapped[str] = mapped_column(EncryptedText(), default="")
    # The file itself (base64), encrypted: a training history is personal data.
    content: Mapped[str] = mapped_column(EncryptedText())
    names: Mapped[list[str]] = mapped_column(JSON, default=list)
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())


class ExerciseNameChoice(Base):
    """What an app's exercise name means for this athlete, as the athlete chose it: an
    exercise of the library, or nothing (``exercise_id`` NULL: leave those sets out)."""

    __tablename__ = "exercise_name_choices"
    __table_args__ = (
        UniqueConstraint("athlete_id", "name_key"),
        Index("ix_exercise_name_choices_exercise", "exercise_id"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    # The name as normalised words (fitcoach.coach.exercise_names.name_key), so "Squat
    # (Barbell)" and "squat (barbell) " are one choice.
    name_key: Mapped[str] = mapped_column(String(200))
    name: Mapped[str] = mapped_column(String(200))
    exercise_id: Mapped[int | None] = mapped_column(
        ForeignKey("exercises.id", ondelete="RESTRICT"), nullable=True
    )
    chosen_at: Mapped[datetime] = mapped_column(UTCDateTime())
