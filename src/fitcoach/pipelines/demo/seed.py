"""Storing the demo: ``seed_demo`` logs the generated history through the training-log services
(the same validation and idempotence as real data) and clears the simulated sensors' flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fitcoach.coach.schemas import AthleteCreate, DailyMetricsIn
from fitcoach.core.clock import today
from fitcoach.core.errors import InvalidInput
from fitcoach.pipelines.demo.accounts import athlete_by_email
from fitcoach.pipelines.demo.history import DemoHistory, generate_demo
from fitcoach.services import athletes, health, sensors, training_log
from fitcoach.services.context import ServiceContext

DEMO_EMAIL = "demo@fitcoach.local"

# LiveDemo's recording keys start "demo-"; a sensor flag's note names its recording.
SIMULATED_KEY_PREFIX = "demo-"
SIMULATED_NOTE = f"(recording {SIMULATED_KEY_PREFIX}"
DEMO_RESET_REASON = (
    "demo reset: raised by the demo's simulated sensors (a test signal, not a person's reading)"
)


@dataclass(frozen=True)
class SeedReport:
    """What ``seed_demo`` did: the athlete, and per record kind how many were new."""

    athlete_id: int
    email: str
    athlete_created: bool
    inserted: dict[str, int]
    already_present: dict[str, int]
    flags_resolved: int = 0  # red flags of the simulated sensors, resolved (see seed_demo)
    # Cardio rows the simulated board's recordings became on their own in earlier versions.
    recording_sessions_removed: int = 0

    @property
    def total_inserted(self) -> int:
        return sum(self.inserted.values())

    @property
    def total_present(self) -> int:
        return sum(self.already_present.values())


_LOGGERS: dict[str, Callable[[ServiceContext, int, Any], training_log.Logged]] = {
    "workouts": training_log.log_workout,
    "cardio": training_log.log_cardio,
    "daily": training_log.log_daily,
    "sleep": training_log.log_sleep,
    "meals": training_log.log_meal,
    "feedback": training_log.log_feedback,
}


def _demo_athlete(ctx: ServiceContext, email: str, history: DemoHistory) -> tuple[int, bool]:
    """The athlete with this e-mail, created with the demo profile when missing."""
    existing = athlete_by_email(ctx, email)
    if existing is not None:
        return existing, False
    created = athletes.create_athlete(
        ctx,
        AthleteCreate(
            name=history.name, email=email, timezone=history.timezone, profile=history.profile
        ),
    )
    return created.id, True


def seed_demo(
    ctx: ServiceContext,
    seed: int = 42,
    weeks: int = 8,
    end: date | None = None,
    email: str = DEMO_EMAIL,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Create the demo athlete if missing and log their history through the services.

    Source ``demo`` with source ids keyed by day makes a second run with the same options add
    nothing; days that already have a daily row keep it. ``end`` defaults to today (UTC), so
    the newest record is from yesterday. ``progress(done, total)`` follows each record.

    The demo athlete must be able to train after seeding: open red flags that the demo's own
    simulated sensors raised (an earlier ``serve --simulate`` with abnormal scenarios) are
    resolved, with ``DEMO_RESET_REASON``. A flag someone reported stays open. The cardio
    sessions that simulated recordings became on their own (in earlier versions) are removed.
    """
    now_day = today(ctx.clock)
    end = end or now_day
    if end > now_day:
        raise InvalidInput(f"end {end.isoformat()} is in the future; the demo history must be past")
    history = generate_demo(seed, weeks, end)
    athlete_id, created = _demo_athlete(ctx, email.strip().lower(), history)
    # Daily rows are upserts by day: leave days that already have one alone, so that a second
    # run (or one with other options) never rewrites what is stored.
    stored_days = {
        row["day"]
        for row in training_log.history(
            ctx, athlete_id, "daily", history.start, history.end - timedelta(days=1)
        )
    }
    inserted = dict.fromkeys(_LOGGERS, 0)
    present = dict.fromkeys(_LOGGERS, 0)
    total = sum(history.counts().values())
    done = 0
    for kind, records in history.records().items():
        log = _LOGGERS[kind]
        for record in records:
            if isinstance(record, DailyMetricsIn) and record.day in stored_days:
                present[kind] += 1
            elif log(ctx, athlete_id, record).created:
                inserted[kind] += 1
            else:
                present[kind] += 1
            done += 1
            if progress is not None:
                progress(done, total)
    resolved = clear_simulated_flags(ctx, athlete_id)
    # In earlier versions every simulated scenario (about 40 an hour) became a cardio session on
    # its own; the demo's log keeps only what the athlete logged or chose.
    removed = sensors.drop_automatic_sessions(ctx, athlete_id, SIMULATED_KEY_PREFIX)
    ctx.audit(
        "seed",
        "demo",
        athlete_id=athlete_id,
        detail={"seed": seed, "weeks": weeks, "inserted": sum(inserted.values())},
    )
    return SeedReport(
        athlete_id, email.strip().lower(), created, inserted, present, resolved, removed
    )


def clear_simulated_flags(ctx: ServiceContext, athlete_id: int) -> int:
    """Resolve the athlete's open red flags raised by the demo's simulated sensor board (source
    ``sensor``, a ``demo-`` recording); how many. Anything else stays open."""
    simulated = [
        f
        for f in health.open_flags(ctx, athlete_id)
        if f.source == "sensor" and SIMULATED_NOTE in f.note
    ]
    for flag in simulated:
        health.clear_flag(ctx, athlete_id, flag.id, DEMO_RESET_REASON)
    return len(simulated)
