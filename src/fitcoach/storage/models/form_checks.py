"""Form check jobs: a filmed set being analysed, done or failed.

The upload is answered at once (202) and analysed by a bounded pool of the process that took
it (``services.form_jobs``); the job row is what every server process answers a poll from.
The result itself goes on the set (``set_logs.form_check``).
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import CheckConstraint, Enum, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from fitcoach.storage.db import Base, UTCDateTime


class FormJobStatus(enum.StrEnum):
    """Where a form check stands."""

    running = "running"
    done = "done"
    failed = "failed"


class FormCheckJob(Base):
    """One form check of a set: running until its worker stores the result or fails; one left
    running past ``deadline_at`` (its process died) is failed by the next poll."""

    __tablename__ = "form_check_jobs"
    __table_args__ = (
        CheckConstraint("status IN ('running', 'done', 'failed')", name="status"),
        # The set's latest job (the poll) and the athlete's running ones (one at a time).
        Index("ix_form_check_jobs_athlete_set", "athlete_id", "set_id"),
        Index("ix_form_check_jobs_athlete_status", "athlete_id", "status"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    set_id: Mapped[int] = mapped_column(ForeignKey("set_logs.id", ondelete="CASCADE"))
    status: Mapped[FormJobStatus] = mapped_column(
        Enum(FormJobStatus, native_enum=False, length=16), default=FormJobStatus.running
    )
    # Why it failed, for the person (what to film differently); empty otherwise.
    message: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime())
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
