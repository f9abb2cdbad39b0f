"""Sensor data: devices, recordings, raw waveform chunks, 1 Hz vitals and sensor events.

Raw waveforms are stored one row per device frame (a *chunk* of up to 255 samples of one
channel, compressed with ``storage.waveform``), never one row per sample. A chunk is unique
per (recording, channel, seq), so a frame delivered twice by the bus is stored once.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column
from typing_extensions import TypedDict

from fitcoach.storage.db import Base, UTCDateTime

# SQLite only auto-increments an INTEGER PRIMARY KEY; PostgreSQL gets a 64-bit key.
BigId = BigInteger().with_variant(Integer(), "sqlite")

RECORDING_STATUSES = ("active", "ended")
EVENT_SEVERITIES = ("info", "warning", "critical")


def _range(column: str, low: float, high: float) -> CheckConstraint:
    return CheckConstraint(f"{column} IS NULL OR ({column} BETWEEN {low} AND {high})", name=column)


class SummaryHrv(TypedDict):
    """HRV over the session; a domain is None when the beats could not carry it (``reason``)."""

    rmssd_ms: float | None
    sdnn_ms: float | None
    lf_hf: float | None
    n_beats: int
    reason: str | None


class SessionSummary(TypedDict):
    """The after-session analysis of a recording's ECG, kept as ``Recording.counters["summary"]``
    (made by ``services.sensor_ingest.summary``)."""

    duration_s: float
    mean_hr_bpm: float | None
    peak_hr_bpm: float | None
    max_hr_bpm: float
    zone_minutes: list[float]
    trimp_edwards: float
    hr_recovery_bpm: float | None
    hr_recovery_reason: str | None
    hrv: SummaryHrv


class Device(Base):
    """A sensor board, keyed by the 16-bit ``device_id`` it puts in every frame."""

    __tablename__ = "devices"
    __table_args__ = (CheckConstraint("id BETWEEN 0 AND 65535", name="id_u16"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    label: Mapped[str] = mapped_column(String(80), default="")
    last_seen: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Recording(Base):
    """One continuous session of one device on one athlete, named by the producer's ``key``:
    unique per athlete (another athlete may use the same key for a recording of theirs)."""

    __tablename__ = "recordings"
    __table_args__ = (
        UniqueConstraint("athlete_id", "key"),
        CheckConstraint("status IN ('active', 'ended')", name="status"),
        Index("ix_recordings_athlete_started", "athlete_id", "started_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    device_id: Mapped[int | None] = mapped_column(ForeignKey("devices.id", ondelete="SET NULL"))
    key: Mapped[str] = mapped_column(String(120))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status: Mapped[str] = mapped_column(String(16), default="active")
    counters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class WaveformChunk(Base):
    """The samples of one frame: one channel, ``n_samples`` samples from ``t_device_us``.

    ``seq`` and ``t_device_us`` are the frame's (unsigned 32-bit, device clock); ``received_at``
    is when fitcoach stored it (UTC wall clock), which retention uses.
    """

    __tablename__ = "waveform_chunks"
    __table_args__ = (
        UniqueConstraint("recording_id", "channel", "seq"),
        CheckConstraint("n_samples >= 0", name="n_samples"),
        CheckConstraint("sample_width IN (1, 2, 4)", name="sample_width"),
        CheckConstraint("sample_rate_hz >= 0", name="sample_rate"),
        Index("ix_waveform_chunks_received_at", "received_at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"))
    device_id: Mapped[int] = mapped_column(Integer)
    channel: Mapped[int] = mapped_column(SmallInteger)
    seq: Mapped[int] = mapped_column(BigInteger)
    t_device_us: Mapped[int] = mapped_column(BigInteger)
    flags: Mapped[int] = mapped_column(SmallInteger, default=0)
    sample_rate_hz: Mapped[float]
    n_samples: Mapped[int] = mapped_column(Integer)
    sample_width: Mapped[int] = mapped_column(SmallInteger)
    data: Mapped[bytes] = mapped_column(LargeBinary)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime())


class Vital(Base):
    """Derived vitals once a second; a missing value is NULL (never the last one repeated)."""

    __tablename__ = "vitals"
    __table_args__ = (
        UniqueConstraint("recording_id", "at"),
        _range("hr_bpm", 0, 300),
        _range("hrv_rmssd_ms", 0, 1000),
        _range("spo2_pct", 0, 100),
        _range("breathing_rate_bpm", 0, 120),
        _range("etco2_mmhg", 0, 150),
        _range("sqi_ecg", 0, 1),
        _range("sqi_ppg", 0, 1),
        _range("sqi_co2", 0, 1),
        Index("ix_vitals_athlete_at", "athlete_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    recording_id: Mapped[int] = mapped_column(ForeignKey("recordings.id", ondelete="CASCADE"))
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    hr_bpm: Mapped[float | None]
    hrv_rmssd_ms: Mapped[float | None]
    spo2_pct: Mapped[float | None]
    spo2_calibrated: Mapped[bool] = mapped_column(default=False)
    breathing_rate_bpm: Mapped[float | None]
    etco2_mmhg: Mapped[float | None]
    sqi_ecg: Mapped[float | None]
    sqi_ppg: Mapped[float | None]
    sqi_co2: Mapped[float | None]


class SensorEvent(Base):
    """An alert (low SpO2, irregular rhythm ...) or a device event (lead off, device lost)."""

    __tablename__ = "sensor_events"
    __table_args__ = (
        CheckConstraint("severity IN ('info', 'warning', 'critical')", name="severity"),
        Index("ix_sensor_events_athlete_at", "athlete_id", "at"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True)
    athlete_id: Mapped[int] = mapped_column(ForeignKey("athletes.id", ondelete="CASCADE"))
    recording_id: Mapped[int | None] = mapped_column(
        ForeignKey("recordings.id", ondelete="CASCADE")
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(40))
    severity: Mapped[str] = mapped_column(String(16), default="info")
    value: Mapped[float | None]
    message: Mapped[str] = mapped_column(String(500), default="")
    cleared_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
