"""Factories that build records through the services, as a user would."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Engine, event

from fitcoach.coach.schemas import AthleteOut
from fitcoach.core.domain import Role
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.repositories import athletes as athlete_repo

_seq = itertools.count(1)


def make_athlete(ctx: ServiceContext, **profile: Any) -> AthleteOut:
    """A new athlete with a plausible profile; keyword arguments override profile fields."""
    n = next(_seq)
    base: dict[str, Any] = {
        "birth_date": "1992-05-17",
        "sex": "female",
        "height_cm": 168,
        "weight_kg": 64,
        "goals": ["strength"],
        "experience_level": "intermediate",
        "days_per_week": 4,
        "session_minutes": 60,
        "equipment": ["barbell", "squat_rack", "bench", "dumbbell"],
    }
    base.update(profile)
    return athletes.create_athlete(
        ctx, {"name": f"Athlete {n}", "email": f"athlete{n}@example.org", "profile": base}
    )


def subject_of(ctx: ServiceContext, athlete: AthleteOut) -> Subject:
    """The athlete's own subject (as if they were logged in)."""
    found = athlete_repo.athlete_for_account(ctx.session, _account_id(ctx, athlete))
    assert found is not None
    return Subject(account_id=found.account_id, role=Role.athlete)


def _account_id(ctx: ServiceContext, athlete: AthleteOut) -> int:
    account = athlete_repo.account_by_email(ctx.session, athlete.email)
    assert account is not None
    return account.id


def as_subject(ctx: ServiceContext, subject: Subject) -> ServiceContext:
    """The same session and clock, another requesting subject."""
    return ServiceContext(session=ctx.session, subject=subject, clock=ctx.clock)


def workout(
    at: datetime, *sets: tuple[str, int, float | None, float | None], **extra: Any
) -> dict[str, Any]:
    """A workout document: sets as (exercise, reps, weight_kg, rir)."""
    return {
        "started_at": at.isoformat(),
        "sets": [{"exercise": e, "reps": r, "weight_kg": w, "rir": rir} for e, r, w, rir in sets],
        **extra,
    }


def log_weeks(ctx: ServiceContext, athlete_id: int, start: datetime, weeks: int) -> None:
    """Twice-weekly squat sessions with a load that rises 2.5 kg a week."""
    for week in range(weeks):
        for day in (0, 3):
            at = start + timedelta(weeks=week, days=day)
            load = 80 + 2.5 * week
            training_log.log_workout(
                ctx, athlete_id, workout(at, *[("barbell-back-squat", 5, load, 2)] * 3)
            )


@contextmanager
def statements_sent(engine: Engine) -> Iterator[list[str]]:
    """The SQL statements ``engine`` sends inside the block (a commit's among them)."""
    sent: list[str] = []

    def note(*args: Any) -> None:
        sent.append(str(args[2]))

    event.listen(engine, "before_cursor_execute", note)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", note)
