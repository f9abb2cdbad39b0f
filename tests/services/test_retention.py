"""Retention: `fitcoach db prune` deletes only what is older than each kind's period, in
batches; open red flags, open alerts, the plan in force and proposals always stay. SQLite
and PostgreSQL."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session
from tests.conftest import Database
from tests.factories import make_athlete, workout
from tests.services.test_sensors_service import store_recording
from typer.testing import CliRunner

from fitcoach.cli import app as cli_app
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings, get_settings
from fitcoach.services import health, plans, retention, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import (
    AuditEntry,
    CardioSession,
    Conversation,
    DailyMetric,
    Feedback,
    HealthFlag,
    Meal,
    Message,
    PlanVersion,
    SensorEvent,
    SetLog,
    SleepSession,
    Vital,
    WaveformChunk,
    WorkoutSession,
)

DAYS = 30


def _log_all(ctx: ServiceContext, athlete_id: int, at: datetime, tag: str) -> None:
    iso = at.isoformat()
    training_log.log_workout(
        ctx, athlete_id, workout(at, ("barbell-back-squat", 5, 100, 2), source_id=f"w{tag}")
    )
    training_log.log_cardio(
        ctx, athlete_id, {"activity_type": "cycling", "started_at": iso, "duration_s": "1h"}
    )
    training_log.log_daily(ctx, athlete_id, {"day": at.date().isoformat(), "resting_hr": 50})
    training_log.log_sleep(
        ctx,
        athlete_id,
        {"started_at": (at - timedelta(hours=8)).isoformat(), "ended_at": iso},
    )
    training_log.log_meal(ctx, athlete_id, {"eaten_at": iso, "calories_kcal": 700})
    training_log.log_feedback(ctx, athlete_id, {"recorded_at": iso, "mood": 7})
    conversation = ctx.session.execute(
        select(Conversation).where(Conversation.athlete_id == athlete_id)
    ).scalar_one_or_none()
    if conversation is None:
        conversation = Conversation(athlete_id=athlete_id, created_at=at, updated_at=at)
        ctx.session.add(conversation)
        ctx.session.flush()
    ctx.session.add(
        Message(
            conversation_id=conversation.id,
            athlete_id=athlete_id,
            role="user",
            text=f"hello {tag}",
            channel="cli",
            created_at=at,
        )
    )


def _count(session: Session, model: Any, *where: Any) -> int:
    return int(session.execute(select(func.count()).select_from(model).where(*where)).scalar_one())


@pytest.fixture
def world(ctx: ServiceContext) -> dict[str, Any]:
    clock = ctx.clock
    assert isinstance(clock, FixedClock)
    now = clock.now()
    old, new = now - timedelta(days=400), now - timedelta(days=2)
    a = make_athlete(ctx).id

    clock.set(old)
    _log_all(ctx, a, old, "old")
    store_recording(ctx, a, started_at=old, alerts=1, cleared=1)  # an old open alert stays
    resolved = health.raise_flag(ctx, a, "fainting")
    health.clear_flag(ctx, a, resolved, "seen by my GP")
    still_open = health.raise_flag(ctx, a, "chest_pain")
    health.clear_flag(ctx, a, still_open, "checked")  # open it again below, after the plans
    plans.generate(ctx, a, seed=1)  # v1
    clock.set(old + timedelta(days=1))
    plans.generate(ctx, a, seed=2, replace=True)  # v2 in force; v1 superseded long ago
    rejected = plans.generate(ctx, a, seed=3)  # v3 proposed ...
    plans.reject(ctx, a, rejected.version)  # ... and rejected long ago
    plans.generate(ctx, a, seed=4)  # v4 proposed long ago: waits, stays
    open_flag = health.raise_flag(ctx, a, "chest_pain")  # open, old: never pruned

    clock.set(new)
    _log_all(ctx, a, new, "new")
    store_recording(ctx, a, started_at=new, alerts=0, cleared=1)
    recent = health.raise_flag(ctx, a, "fainting")
    health.clear_flag(ctx, a, recent, "fine")
    clock.set(now)
    ctx.session.commit()
    return {"athlete": a, "old": old, "new": new, "open_flag": open_flag, "recent": recent}


def _everything(days: int | None) -> dict[str, int | None]:
    return dict.fromkeys(retention.KIND_NAMES, days)


def test_only_old_rows_go_and_what_must_stay_stays(
    ctx: ServiceContext, database: Database, world: dict[str, Any]
) -> None:
    s = ctx.session
    cutoff = ctx.clock.now() - timedelta(days=DAYS)
    old_sets = _count(s, SetLog)
    assert _count(s, WorkoutSession) == 2
    assert old_sets == 2

    # A dry run counts and deletes nothing.
    dry = retention.prune(
        database.factory, _everything(DAYS), clock=ctx.clock, dry_run=True, batch_size=2
    )
    s.rollback()
    assert {k.kind: k.deleted for k in dry.kinds} == dict.fromkeys(retention.KIND_NAMES, 0)
    assert _count(s, WorkoutSession) == 2

    batches: list[tuple[str, int]] = []
    report = retention.prune(
        database.factory,
        _everything(DAYS),
        clock=ctx.clock,
        batch_size=2,
        on_batch=lambda k, n: batches.append((k.kind, n)),
    )
    s.rollback()
    deleted = {k.kind: k.deleted for k in report.kinds}
    for kind in ("workouts", "cardio", "daily_metrics", "sleep", "meals", "feedback", "messages"):
        assert deleted[kind] == 1, kind
    assert deleted["health_flags"] == 2  # the old resolved ones; the open one stays
    assert deleted["plan_versions"] == 2  # v1 (superseded) and v3 (rejected)
    assert deleted["sensor_events"] == 1  # the old cleared alert; the old open one stays
    assert deleted["vitals"] > 2
    assert deleted["waveform_chunks"] > 2
    assert deleted["audit"] > 0
    # Big kinds went in several batches of at most 2.
    assert all(n <= 2 for _, n in batches)
    assert sum(1 for kind, n in batches if kind == "vitals" and n) > 1

    for model, column in (
        (WorkoutSession, WorkoutSession.started_at),
        (CardioSession, CardioSession.started_at),
        (SleepSession, SleepSession.ended_at),
        (Meal, Meal.eaten_at),
        (Feedback, Feedback.recorded_at),
        (Message, Message.created_at),
        (Vital, Vital.at),
        (WaveformChunk, WaveformChunk.received_at),
        (AuditEntry, AuditEntry.at),
    ):
        assert _count(s, model, column < cutoff) == 0, model.__name__
        assert _count(s, model, column >= cutoff) > 0, model.__name__  # the newest stay
    assert _count(s, DailyMetric) == 1
    assert _count(s, SetLog) == 1  # the old workout's set went with it
    # The open old alert and the recent cleared one stay.
    events = s.execute(select(SensorEvent.at, SensorEvent.cleared_at)).all()
    assert sorted(e.cleared_at is None for e in events) == [False, True]
    # The open flag (old) and the recently resolved one stay.
    flags = set(s.execute(select(HealthFlag.id)).scalars())
    assert flags == {world["open_flag"], world["recent"]}
    # The plan in force (made long ago) and the proposal stay.
    versions = dict(s.execute(select(PlanVersion.version, PlanVersion.status)).all())
    assert versions == {2: "active", 4: "proposed"}

    # Pruning again finds nothing; the prune itself is audited with its counts.
    again = retention.prune(database.factory, _everything(DAYS), clock=ctx.clock)
    assert again.deleted == 0
    s.rollback()
    audit = s.execute(
        select(AuditEntry.detail).where(AuditEntry.action == "prune").order_by(AuditEntry.id)
    ).scalars()
    assert [d["workouts"] for d in audit] == [1]


def test_keep_forever_is_the_default(
    ctx: ServiceContext, database: Database, world: dict[str, Any]
) -> None:
    days = retention.policy(Settings(_env_file=None))  # type: ignore[call-arg]
    assert days["waveform_chunks"] == 30  # finite defaults: raw waveforms, as before,
    assert days["held_imports"] == 30  # and files held for review (never the athlete's log)
    finite = {"waveform_chunks", "held_imports"}
    assert all(v is None for k, v in days.items() if k not in finite)
    report = retention.prune(database.factory, days, clock=ctx.clock)
    ctx.session.rollback()
    assert {k.kind for k in report.kinds if k.deleted} == {"waveform_chunks"}
    assert _count(ctx.session, WorkoutSession) == 2
    assert _count(ctx.session, PlanVersion) == 4


def test_bad_overrides_are_refused() -> None:
    settings = Settings(_env_file=None)  # type: ignore[call-arg]
    with pytest.raises(InvalidInput, match="unknown kind"):
        retention.policy(settings, {"diaries": 5})
    with pytest.raises(InvalidInput, match="at least 1 day"):
        retention.policy(settings, {"messages": 0})
    assert retention.policy(settings, {"messages": 90})["messages"] == 90


def test_db_prune_command(cli_db: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    runner = CliRunner()
    made = runner.invoke(
        cli_app, ["athlete", "create", "--name", "Ana", "--email", "ana@example.org"]
    )
    assert made.exit_code == 0, made.output
    logged = runner.invoke(
        cli_app,
        ["log", "daily", "-a", "ana@example.org", "--day", "2020-01-01", "--resting-hr", "50"],
    )
    assert logged.exit_code == 0, logged.output
    monkeypatch.setenv("FITCOACH_RETENTION_DAILY_METRICS_DAYS", "365")
    get_settings.cache_clear()
    dry = runner.invoke(cli_app, ["db", "prune", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "dry run" in dry.output
    assert "daily_metrics" in dry.output
    assert "forever" in dry.output
    done = runner.invoke(cli_app, ["db", "prune", "--keep", "audit=3650", "--json"])
    assert done.exit_code == 0, done.output
    kinds = {k["kind"]: k for k in json.loads(done.output)["kinds"]}
    assert (kinds["daily_metrics"]["days"], kinds["daily_metrics"]["deleted"]) == (365, 1)
    assert kinds["audit"]["days"] == 3650
    assert kinds["meals"]["days"] is None
    bad = runner.invoke(cli_app, ["db", "prune", "--keep", "diaries=3"])
    assert bad.exit_code == 2
    assert "unknown kind" in bad.output
