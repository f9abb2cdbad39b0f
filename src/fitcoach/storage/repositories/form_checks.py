"""Form check jobs (``models.form_checks``): record one, read a set's latest, the athlete's
running ones, and end one. Every query is scoped to the athlete."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import FormCheckJob, FormJobStatus


def add(
    session: Session, scope: AthleteScope, set_id: int, *, at: datetime, deadline: datetime
) -> FormCheckJob:
    """A running job for one of the scoped athlete's sets (flushed: it has its id)."""
    row = FormCheckJob(
        athlete_id=scope.athlete_id,
        set_id=set_id,
        status=FormJobStatus.running,
        message="",
        created_at=at,
        deadline_at=deadline,
    )
    session.add(row)
    session.flush()
    return row


def latest_for_set(session: Session, scope: AthleteScope, set_id: int) -> FormCheckJob | None:
    """The set's newest job (None: never checked through a job)."""
    return session.execute(
        select(FormCheckJob)
        .where(FormCheckJob.athlete_id == scope.athlete_id, FormCheckJob.set_id == set_id)
        .order_by(FormCheckJob.id.desc())
        .limit(1)
    ).scalar_one_or_none()


def running(session: Session, scope: AthleteScope) -> Sequence[FormCheckJob]:
    """The scoped athlete's jobs still marked running (some may be past their deadline)."""
    return (
        session.execute(
            select(FormCheckJob)
            .where(
                FormCheckJob.athlete_id == scope.athlete_id,
                FormCheckJob.status == FormJobStatus.running,
            )
            .order_by(FormCheckJob.id)
        )
        .scalars()
        .all()
    )


def finish(
    session: Session,
    scope: AthleteScope,
    job_id: int,
    status: FormJobStatus,
    *,
    at: datetime,
    message: str = "",
) -> bool:
    """End a running job as ``done`` or ``failed``; False when it was not running any more
    (ended already: failed as overdue, or its set deleted with it)."""
    ended = session.execute(
        update(FormCheckJob)
        .where(
            FormCheckJob.id == job_id,
            FormCheckJob.athlete_id == scope.athlete_id,
            FormCheckJob.status == FormJobStatus.running,
        )
        .values(status=status, message=message[:500], finished_at=at)
        .execution_options(synchronize_session="fetch")
    )
    return bool(getattr(ended, "rowcount", 0))
