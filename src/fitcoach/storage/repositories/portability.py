"""Scoped reads and bulk writes for exporting and importing an athlete's whole history.

Reads select plain columns (no ORM objects) so that exports of many thousand sets or vitals
stay fast; writes go through ``bulk.insert_ignore`` where a unique key exists, so that records
already stored are skipped by the database rather than by a query per record. The kinds
without one (consent, flags, messages, events) are compared with what is stored by the
importer, which reads their keys here first. Every query is scoped to one athlete.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import (
    Account,
    Athlete,
    CardioSession,
    ConsentRecord,
    Conversation,
    DailyMetric,
    Exercise,
    Feedback,
    HealthFlag,
    Meal,
    Message,
    PlanVersion,
    Recording,
    SensorEvent,
    SetLog,
    SleepSession,
    Vital,
    WaveformChunk,
    WorkoutSession,
)
from fitcoach.storage.repositories import bulk, personal_records
from fitcoach.storage.repositories.training_log import TIME_COLUMN
from fitcoach.storage.rows import (
    ConsentRow,
    EventExportRow,
    FlagRow,
    RecordingRow,
    RecordingValues,
    SetExportRow,
    VitalExportRow,
    WaveformTrackRow,
    WorkoutExportRow,
)

SourcedModel = type[WorkoutSession | CardioSession | SleepSession | Meal | Feedback]
RecordModel = type[WorkoutSession | CardioSession | SleepSession | Meal | Feedback | DailyMetric]

_SOURCE_KEY = ("athlete_id", "source", "source_id")
_SET_COLUMNS = (
    "reps",
    "weight_kg",
    "rir",
    "completed",
    "is_warmup",
    "notes",
    "form_check",
    "form_breakdown",
)


def _data_columns(model: RecordModel) -> list[Any]:
    """The columns of a record table that carry data (not the row id or the athlete id)."""
    return [c for c in model.__table__.columns if c.key not in ("id", "athlete_id")]


def record_rows(session: Session, scope: AthleteScope, model: RecordModel) -> list[dict[str, Any]]:
    """Every record of one kind for the scoped athlete as plain dicts, in a stable order.

    The order (time, then source and source id) does not depend on row ids, so an export of
    an imported copy lists records in the same order as the original.
    """
    stmt = select(*_data_columns(model)).where(model.athlete_id == scope.athlete_id)
    time_column = TIME_COLUMN[model]
    if model is DailyMetric:
        stmt = stmt.order_by(time_column)
    else:
        stmt = stmt.order_by(time_column, model.source, model.source_id)
    return [dict(row) for row in session.execute(stmt).mappings()]


def workout_rows(session: Session, scope: AthleteScope) -> list[WorkoutExportRow]:
    """The scoped athlete's workouts with their row id (to attach sets), in export order."""
    stmt = (
        select(WorkoutSession.id, *_data_columns(WorkoutSession))
        .where(WorkoutSession.athlete_id == scope.athlete_id)
        .order_by(WorkoutSession.started_at, WorkoutSession.source, WorkoutSession.source_id)
    )
    return cast("list[WorkoutExportRow]", [dict(row) for row in session.execute(stmt).mappings()])


def set_rows(session: Session, scope: AthleteScope) -> list[SetExportRow]:
    """Every set of the scoped athlete with its workout id and exercise slug, in order."""
    stmt = (
        select(
            SetLog.session_id,
            SetLog.position,
            Exercise.slug.label("exercise"),
            *(getattr(SetLog, c) for c in _SET_COLUMNS),
        )
        .join(Exercise, Exercise.id == SetLog.exercise_id)
        .where(SetLog.athlete_id == scope.athlete_id)
        .order_by(SetLog.session_id, SetLog.position)
    )
    return cast("list[SetExportRow]", [dict(row) for row in session.execute(stmt).mappings()])


def set_ids(
    session: Session, scope: AthleteScope, workout_ids: Sequence[int]
) -> dict[tuple[int, int], int]:
    """(workout id, position) → set id for the sets of some of the scoped athlete's workouts."""
    if not workout_ids:
        return {}
    stmt = select(SetLog.session_id, SetLog.position, SetLog.id).where(
        SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids)
    )
    return {(workout, position): sid for workout, position, sid in session.execute(stmt)}


def put_form_checks(session: Session, scope: AthleteScope, checks: Mapping[int, Any]) -> None:
    """Store form check results on sets of the scoped athlete (set id → the result)."""
    for set_id, check in sorted(checks.items()):
        session.execute(
            update(SetLog)
            .where(SetLog.id == set_id, SetLog.athlete_id == scope.athlete_id)
            .values(form_check=check)
        )


def source_ids(
    session: Session, scope: AthleteScope, model: SourcedModel
) -> dict[tuple[str, str], int]:
    """(source, source_id) → row id for every record of one kind of the scoped athlete."""
    stmt = select(model.source, model.source_id, model.id).where(
        model.athlete_id == scope.athlete_id
    )
    return {(source, sid): rid for source, sid, rid in session.execute(stmt)}


def stored_days(session: Session, scope: AthleteScope) -> set[date]:
    """The days that already have a daily-metrics row for the scoped athlete."""
    stmt = select(DailyMetric.day).where(DailyMetric.athlete_id == scope.athlete_id)
    return set(session.execute(stmt).scalars())


def insert_records(
    session: Session,
    scope: AthleteScope,
    model: RecordModel,
    rows: Iterable[Mapping[str, Any]],
) -> int:
    """Insert records of one kind for the scoped athlete, skipping those already stored.

    Sourced records are keyed by (source, source_id), daily metrics by day. Returns how many
    rows were inserted.
    """
    conflict = ("athlete_id", "day") if model is DailyMetric else _SOURCE_KEY
    return bulk.insert_ignore(
        session,
        model.__table__,  # type: ignore[arg-type]
        ({**row, "athlete_id": scope.athlete_id} for row in rows),
        conflict_columns=conflict,
    )


def insert_sets(
    session: Session,
    scope: AthleteScope,
    rows: Iterable[Mapping[str, Any]],
    workout_ids: Sequence[int],
) -> int:
    """Insert sets of the scoped athlete's workouts; (workout, position) already stored skips.
    The athlete's personal records take the new sets in.

    ``workout_ids`` must be workouts of the scoped athlete: the check costs one query and keeps
    a caller from attaching sets to someone else's session.
    """
    wanted = set(workout_ids)
    started: dict[int, datetime] = {}
    if wanted:
        started = dict(
            session.execute(
                select(WorkoutSession.id, WorkoutSession.started_at).where(
                    WorkoutSession.athlete_id == scope.athlete_id
                )
            ).all()
        )
        if not wanted <= started.keys():
            raise ValueError("sets refer to workouts outside the athlete scope")
    listed = [{**row, "athlete_id": scope.athlete_id} for row in rows]
    inserted = bulk.insert_ignore(
        session,
        SetLog.__table__,  # type: ignore[arg-type]
        listed,
        conflict_columns=("session_id", "position"),
    )
    if inserted == len(listed):
        ordered = sorted(
            listed, key=lambda r: (started[r["session_id"]], r["session_id"], r["position"])
        )
        personal_records.merge(
            session,
            scope,
            (
                personal_records.StoredSet(
                    started[r["session_id"]],
                    r["exercise_id"],
                    r["reps"],
                    r.get("weight_kg"),
                    r.get("rir"),
                    r.get("completed", True),
                    r.get("is_warmup", False),
                )
                for r in ordered
            ),
        )
    else:  # some rows were already stored: which of them count is for the stored sets to say
        personal_records.recompute(session, scope, {r["exercise_id"] for r in listed})
    return inserted


# --------------------------------------------------------------------------------------------
# Who did something: the athlete, or an account's role


def athlete_account_id(session: Session, scope: AthleteScope) -> int:
    """The account of the scoped athlete."""
    return int(
        session.execute(
            select(Athlete.account_id).where(Athlete.id == scope.athlete_id)
        ).scalar_one()
    )


def actor_roles(
    session: Session, scope: AthleteScope, account_ids: Iterable[int | None]
) -> dict[int, str]:
    """For each account id: ``athlete`` when it is the scoped athlete's own account, otherwise
    the account's role (``coach``, ``admin``). Deleted accounts are absent."""
    ids = sorted({i for i in account_ids if i is not None})
    if not ids:
        return {}
    own = athlete_account_id(session, scope)
    rows = session.execute(select(Account.id, Account.role).where(Account.id.in_(ids)))
    return {i: "athlete" if i == own else role.value for i, role in rows}


# --------------------------------------------------------------------------------------------
# Consent


def consent_rows(session: Session, scope: AthleteScope) -> list[ConsentRow]:
    """Every consent decision of the scoped athlete, in the order they were recorded."""
    stmt = (
        select(
            ConsentRecord.purpose,
            ConsentRecord.granted,
            ConsentRecord.at,
            ConsentRecord.version,
            ConsentRecord.source,
        )
        .where(ConsentRecord.athlete_id == scope.athlete_id)
        .order_by(ConsentRecord.id)
    )
    return cast("list[ConsentRow]", [dict(row) for row in session.execute(stmt).mappings()])


def insert_consent(session: Session, scope: AthleteScope, rows: Sequence[ConsentRow]) -> int:
    """Append consent decisions (purpose, granted, at, version, source) in the given order;
    the importing subject's account is recorded as the one who stored them."""
    session.add_all(
        ConsentRecord(athlete_id=scope.athlete_id, actor_account_id=scope.subject.account_id, **row)
        for row in rows
    )
    session.flush()
    return len(rows)


# --------------------------------------------------------------------------------------------
# Health flags


_FLAG_COLUMNS = (
    HealthFlag.kind,
    HealthFlag.source,
    HealthFlag.value,
    HealthFlag.note,
    HealthFlag.raised_at,
    HealthFlag.cleared_at,
    HealthFlag.resolved_by_account_id,
    HealthFlag.resolution_note,
)


def flag_rows(session: Session, scope: AthleteScope) -> list[FlagRow]:
    """Every red flag of the scoped athlete (open and resolved), oldest first."""
    stmt = (
        select(*_FLAG_COLUMNS)
        .where(HealthFlag.athlete_id == scope.athlete_id)
        .order_by(HealthFlag.raised_at, HealthFlag.kind, HealthFlag.id)
    )
    return cast("list[FlagRow]", [dict(row) for row in session.execute(stmt).mappings()])


def insert_flags(session: Session, scope: AthleteScope, rows: Sequence[FlagRow]) -> int:
    """Store flags of the scoped athlete as given (an open one has no ``cleared_at``)."""
    session.add_all(HealthFlag(athlete_id=scope.athlete_id, **row) for row in rows)
    session.flush()
    return len(rows)


# --------------------------------------------------------------------------------------------
# Plans


def plan_versions(session: Session, scope: AthleteScope) -> list[PlanVersion]:
    """Every plan version of the scoped athlete, oldest first."""
    stmt = (
        select(PlanVersion)
        .where(PlanVersion.athlete_id == scope.athlete_id)
        .order_by(PlanVersion.version)
    )
    return list(session.execute(stmt).scalars())


def insert_plan_versions(
    session: Session, scope: AthleteScope, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Store plan versions of the scoped athlete as given (numbers, statuses and times)."""
    session.add_all(PlanVersion(athlete_id=scope.athlete_id, **row) for row in rows)
    session.flush()
    return len(rows)


# --------------------------------------------------------------------------------------------
# Conversation


def conversation_messages(
    session: Session, scope: AthleteScope
) -> tuple[Conversation | None, list[Message]]:
    """The scoped athlete's conversation and its messages in time order (plaintext)."""
    conv = session.execute(
        select(Conversation).where(Conversation.athlete_id == scope.athlete_id)
    ).scalar_one_or_none()
    if conv is None:
        return None, []
    messages = session.execute(
        select(Message)
        .where(Message.athlete_id == scope.athlete_id, Message.conversation_id == conv.id)
        .order_by(Message.created_at, Message.id)
    ).scalars()
    return conv, list(messages)


def insert_messages(
    session: Session, scope: AthleteScope, conv: Conversation, rows: Sequence[Mapping[str, Any]]
) -> int:
    """Append messages to the scoped athlete's conversation, in the given order."""
    if conv.athlete_id != scope.athlete_id:
        raise ValueError("the conversation belongs to another athlete")
    session.add_all(
        Message(athlete_id=scope.athlete_id, conversation_id=conv.id, **row) for row in rows
    )
    session.flush()
    return len(rows)


# --------------------------------------------------------------------------------------------
# Sensor data


_RECORDING_COLUMNS = (
    Recording.key,
    Recording.device_id,
    Recording.started_at,
    Recording.ended_at,
    Recording.status,
    Recording.counters,
)


def recording_rows(session: Session, scope: AthleteScope) -> list[RecordingRow]:
    """The scoped athlete's recordings, oldest first (by start, then key)."""
    stmt = (
        select(Recording.id, *_RECORDING_COLUMNS)
        .where(Recording.athlete_id == scope.athlete_id)
        .order_by(Recording.started_at, Recording.key)
    )
    return cast("list[RecordingRow]", [dict(row) for row in session.execute(stmt).mappings()])


def recording_ids(session: Session, scope: AthleteScope) -> dict[str, int]:
    """Key → row id of the scoped athlete's recordings."""
    stmt = select(Recording.key, Recording.id).where(Recording.athlete_id == scope.athlete_id)
    return {str(row.key): int(row.id) for row in session.execute(stmt)}


def insert_recordings(
    session: Session, scope: AthleteScope, rows: Sequence[RecordingValues]
) -> int:
    """Store recordings of the scoped athlete as given; the caller skipped stored keys and
    created their devices (``sensors.touch_devices``)."""
    session.add_all(Recording(athlete_id=scope.athlete_id, **row) for row in rows)
    session.flush()
    return len(rows)


_VITAL_FIELDS = (
    "hr_bpm",
    "hrv_rmssd_ms",
    "spo2_pct",
    "spo2_calibrated",
    "breathing_rate_bpm",
    "etco2_mmhg",
    "sqi_ecg",
    "sqi_ppg",
    "sqi_co2",
)


def vital_rows(session: Session, scope: AthleteScope) -> list[VitalExportRow]:
    """The scoped athlete's 1 Hz vitals with their recording's key, in recording then time
    order."""
    stmt = (
        select(
            Recording.key.label("recording"),
            Vital.at,
            *(getattr(Vital, name) for name in _VITAL_FIELDS),
        )
        .join(Recording, Recording.id == Vital.recording_id)
        .where(Vital.athlete_id == scope.athlete_id, Recording.athlete_id == scope.athlete_id)
        .order_by(Recording.started_at, Recording.key, Vital.at)
    )
    return cast("list[VitalExportRow]", [dict(row) for row in session.execute(stmt).mappings()])


def event_rows(session: Session, scope: AthleteScope) -> list[EventExportRow]:
    """The scoped athlete's sensor events (alerts and device events) with their recording's
    key (None for an event outside a recording), oldest first."""
    stmt = (
        select(
            Recording.key.label("recording"),
            SensorEvent.at,
            SensorEvent.kind,
            SensorEvent.severity,
            SensorEvent.value,
            SensorEvent.message,
            SensorEvent.cleared_at,
        )
        .outerjoin(Recording, Recording.id == SensorEvent.recording_id)
        .where(SensorEvent.athlete_id == scope.athlete_id)
        .order_by(SensorEvent.at, SensorEvent.kind, Recording.key, SensorEvent.id)
    )
    return cast("list[EventExportRow]", [dict(row) for row in session.execute(stmt).mappings()])


def insert_events(session: Session, scope: AthleteScope, rows: Sequence[Mapping[str, Any]]) -> int:
    """Store sensor events of the scoped athlete; ``recording_id`` must come from
    ``recording_ids`` (the scoped athlete's)."""
    session.add_all(SensorEvent(athlete_id=scope.athlete_id, **row) for row in rows)
    session.flush()
    return len(rows)


def waveform_tracks(session: Session, scope: AthleteScope) -> list[WaveformTrackRow]:
    """One row per (recording, channel) of the scoped athlete's raw waveforms: the recording's
    id and key, the channel, the device, sample rate and width of its first chunk, and how many
    chunks and samples it holds. In recording then channel order."""
    first = (
        select(
            WaveformChunk.recording_id,
            WaveformChunk.channel,
            func.min(WaveformChunk.seq).label("first_seq"),
            func.count().label("chunks"),
            func.sum(WaveformChunk.n_samples).label("samples"),
        )
        .join(Recording, Recording.id == WaveformChunk.recording_id)
        .where(Recording.athlete_id == scope.athlete_id)
        .group_by(WaveformChunk.recording_id, WaveformChunk.channel)
        .subquery()
    )
    stmt = (
        select(
            Recording.id.label("recording_id"),
            Recording.key.label("recording"),
            first.c.channel,
            WaveformChunk.device_id.label("device"),
            WaveformChunk.sample_rate_hz,
            WaveformChunk.sample_width,
            first.c.chunks,
            first.c.samples,
        )
        .join(Recording, Recording.id == first.c.recording_id)
        .join(
            WaveformChunk,
            (WaveformChunk.recording_id == first.c.recording_id)
            & (WaveformChunk.channel == first.c.channel)
            & (WaveformChunk.seq == first.c.first_seq),
        )
        .where(Recording.athlete_id == scope.athlete_id)
        .order_by(Recording.started_at, Recording.key, first.c.channel)
    )
    return cast("list[WaveformTrackRow]", [dict(row) for row in session.execute(stmt).mappings()])
