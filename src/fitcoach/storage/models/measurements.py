"""Body measurements from a tape (and body fat), one row per athlete, day and site."""

from __future__ import annotations

from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.crypto import EncryptedText
from fitcoach.storage.db import Base


class BodyMeasurement(Base):
    """One reading: a circumference in cm at ``site`` (``waist``, ``upper_arm_left``, ...) or
    body fat in % of body mass (``site`` ``body_fat``), for a day. A second reading of the same
    site on the same day replaces the first (the unique key), so that every view reads one
    value per site and day. The plausible range of each site is checked by the service
    (``coach.measurements``); the database holds the outer bound any site may take."""

    __tablename__ = "body_measurements"
    __table_args__ = (
        UniqueConstraint("athlete_id", "day", "site"),
        CheckConstraint("value > 0 AND value < 300", name="value"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    day: Mapped[date]
    site: Mapped[str] = mapped_column(String(20))
    value: Mapped[float]
    notes: Mapped[str] = mapped_column(EncryptedText(), default="")
    source: Mapped[str] = mapped_column(String(40), default="manual")
    source_id: Mapped[str] = mapped_column(String(120))
