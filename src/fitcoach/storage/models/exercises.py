"""The exercise library (shipped as data, loaded idempotently) and athletes' own exercises.

An athlete's own exercise (a name an app uses that the library lacks, kept as theirs) is a row
of the same table with ``athlete_id`` set, so sets, records, history and exports treat it
like any library exercise; library rows have ``athlete_id`` NULL. Its slug starts
``own-<athlete id>-`` (unique across athletes), and every query that lists or resolves
exercises reads library rows plus, at most, the requesting athlete's own.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.core.domain import OWN_EXERCISE_PREFIX
from fitcoach.storage.db import Base, UTCDateTime

OWN_PREFIX = OWN_EXERCISE_PREFIX


class Exercise(Base):
    """One exercise of the curated library, or an athlete's own (``athlete_id`` set)."""

    __tablename__ = "exercises"
    # Names are unique per owner: two athletes may each keep a "Machine Row" of their own.
    __table_args__ = (
        UniqueConstraint("athlete_id", "name"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    category: Mapped[str] = mapped_column(String(16), index=True)
    movement_pattern: Mapped[str] = mapped_column(String(32), index=True)
    primary_muscles: Mapped[list[str]] = mapped_column(JSON, default=list)
    secondary_muscles: Mapped[list[str]] = mapped_column(JSON, default=list)
    equipment: Mapped[list[str]] = mapped_column(JSON, default=list)
    level: Mapped[str] = mapped_column(String(16))
    mechanics: Mapped[str] = mapped_column(String(16))
    unilateral: Mapped[bool] = mapped_column(default=False)
    body_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    contraindicated_regions: Mapped[list[str]] = mapped_column(JSON, default=list)
    contraindicated_conditions: Mapped[list[str]] = mapped_column(JSON, default=list)
    met: Mapped[float | None]
    description: Mapped[str] = mapped_column(Text, default="")
    # The athlete whose own exercise this is (NULL: the shipped library).
    athlete_id: Mapped[int | None] = mapped_column(
        ForeignKey("athletes.id", ondelete="CASCADE"), index=True, nullable=True, default=None
    )
    created_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True, default=None)
