"""Retention: delete records older than a cutoff, one kind at a time, in batches.

All athletes at once: pruning is the operator's task (``fitcoach db prune``). Each kind names
the rows that may go; what must stay is excluded in SQL, not left to the caller: open red
flags, open sensor alerts, the plan in force and proposed plans are never selected.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import ColumnElement, Table, and_, delete, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session, aliased

from fitcoach.storage.db import Base
from fitcoach.storage.models import (
    AuditEntry,
    BodyMeasurement,
    CardioSession,
    DailyMetric,
    Feedback,
    HealthFlag,
    Meal,
    Message,
    PendingImport,
    PlanVersion,
    SensorEvent,
    SetLog,
    SleepSession,
    Vital,
    WaveformChunk,
    WorkoutSession,
)
from fitcoach.storage.repositories import personal_records


def _older(column: InstrumentedAttribute[datetime]) -> Callable[[datetime], ColumnElement[bool]]:
    return lambda cutoff: column < cutoff


def _daily(cutoff: datetime) -> ColumnElement[bool]:
    return DailyMetric.day < cutoff.date()


def _measured(cutoff: datetime) -> ColumnElement[bool]:
    return BodyMeasurement.day < cutoff.date()


def _resolved_flag(cutoff: datetime) -> ColumnElement[bool]:
    # Only resolved flags, by when they were resolved: an open flag is never pruned.
    return and_(HealthFlag.cleared_at.is_not(None), HealthFlag.cleared_at < cutoff)


def _event(cutoff: datetime) -> ColumnElement[bool]:
    # An alert nobody has cleared yet stays, whatever its age.
    open_alert = and_(SensorEvent.severity != "info", SensorEvent.cleared_at.is_(None))
    return and_(SensorEvent.at < cutoff, ~open_alert)


def _old_plan(cutoff: datetime) -> ColumnElement[bool]:
    """Rejected versions decided before ``cutoff``; superseded versions that a later version
    had replaced before ``cutoff``. Active and proposed versions never."""
    later = aliased(PlanVersion)
    replaced = (
        select(later.id)
        .where(
            later.athlete_id == PlanVersion.athlete_id,
            later.version > PlanVersion.version,
            later.status.in_(("active", "superseded")),
            func.coalesce(later.decided_at, later.created_at) < cutoff,
        )
        .exists()
    )
    rejected = and_(
        PlanVersion.status == "rejected",
        func.coalesce(PlanVersion.decided_at, PlanVersion.created_at) < cutoff,
    )
    return or_(rejected, and_(PlanVersion.status == "superseded", replaced))


@dataclass(frozen=True)
class Kind:
    """One kind of record: its setting, its models and which rows are older than a cutoff."""

    name: str
    setting: str
    model: type[Base]
    older: Callable[[datetime], ColumnElement[bool]]


# Workouts and cardio share one setting; a workout's sets go with it (ON DELETE CASCADE).
KINDS: tuple[Kind, ...] = (
    Kind("workouts", "retention_workouts_days", WorkoutSession, _older(WorkoutSession.started_at)),
    Kind("cardio", "retention_workouts_days", CardioSession, _older(CardioSession.started_at)),
    Kind("daily_metrics", "retention_daily_metrics_days", DailyMetric, _daily),
    Kind(
        "body_measurements",
        "retention_body_measurements_days",
        BodyMeasurement,
        _measured,
    ),
    Kind("sleep", "retention_sleep_days", SleepSession, _older(SleepSession.ended_at)),
    Kind("meals", "retention_meals_days", Meal, _older(Meal.eaten_at)),
    Kind("feedback", "retention_feedback_days", Feedback, _older(Feedback.recorded_at)),
    Kind("messages", "retention_messages_days", Message, _older(Message.created_at)),
    Kind("vitals", "retention_vitals_days", Vital, _older(Vital.at)),
    Kind("sensor_events", "retention_sensor_events_days", SensorEvent, _event),
    Kind(
        "waveform_chunks",
        "waveform_retention_days",
        WaveformChunk,
        _older(WaveformChunk.received_at),
    ),
    Kind("health_flags", "retention_health_flags_days", HealthFlag, _resolved_flag),
    Kind("plan_versions", "retention_plan_versions_days", PlanVersion, _old_plan),
    # Files held for the review of their exercise names, by when they were held.
    Kind(
        "held_imports",
        "retention_held_imports_days",
        PendingImport,
        _older(PendingImport.created_at),
    ),
    Kind("audit", "retention_audit_days", AuditEntry, _older(AuditEntry.at)),
)


def count_due(session: Session, kind: Kind, cutoff: datetime) -> int:
    """How many rows of ``kind`` are older than ``cutoff``."""
    table = kind.model.__table__
    return int(
        session.execute(
            select(func.count()).select_from(table).where(kind.older(cutoff))
        ).scalar_one()
    )


def delete_batch(session: Session, kind: Kind, cutoff: datetime, size: int) -> int:
    """Delete at most ``size`` rows of ``kind`` older than ``cutoff``; returns how many.

    Workouts take their sets with them, so the personal records of the exercises those sets
    were of are folded again from the sets that stay (a record may have been set in them)."""
    table = cast(Table, kind.model.__table__)
    ids = select(table.c.id).where(kind.older(cutoff)).order_by(table.c.id).limit(size)
    found = list(session.execute(ids).scalars())
    if not found:
        return 0
    touched: list[tuple[int, int]] = []
    if kind.model is WorkoutSession:
        touched = [
            (athlete_id, exercise_id)
            for athlete_id, exercise_id in session.execute(
                select(SetLog.athlete_id, SetLog.exercise_id)
                .where(SetLog.session_id.in_(found))
                .distinct()
            )
        ]
    session.execute(delete(table).where(table.c.id.in_(found)))
    personal_records.recompute_pairs(session, touched)
    return len(found)
