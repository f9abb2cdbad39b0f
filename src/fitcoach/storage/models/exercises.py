"""The exercise library (shipped as data, loaded idempotently)."""

from __future__ import annotations

from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base


class Exercise(Base):
    """One exercise of the curated library."""

    __tablename__ = "exercises"
    __table_args__ = ({"sqlite_autoincrement": True},)

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
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
