"""Vitals: bulk inserts that store a vital delivered twice once (one recording or a batch),
the times already stored, and the vitals read back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fitcoach.core.errors import NotFound
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import among
from fitcoach.storage.models import Recording, Vital
from fitcoach.storage.repositories.bulk import insert_ignore, insert_rows
from fitcoach.storage.rows import VitalRow

VITAL_CONFLICT = ("recording_id", "at")


VITAL_FIELDS = (
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


def add_vitals(
    session: Session, scope: AthleteScope, recording_id: int, rows: Iterable[Mapping[str, Any]]
) -> int:
    """Store 1 Hz vitals of the scoped athlete's recording; a second already stored is kept.

    Each row has ``at`` and any of ``VITAL_FIELDS`` (missing ones are NULL; ``spo2_calibrated``
    defaults to False). Returns how many rows were new.
    """
    owner = session.execute(
        select(Recording.id).where(
            Recording.id == recording_id, Recording.athlete_id == scope.athlete_id
        )
    ).first()
    if owner is None:
        raise NotFound("recording not found")
    columns = ("athlete_id", "recording_id", "at", *VITAL_FIELDS)
    full = (
        {
            "athlete_id": scope.athlete_id,
            "recording_id": recording_id,
            "at": row["at"],
            **{f: row.get(f) for f in VITAL_FIELDS},
            "spo2_calibrated": bool(row.get("spo2_calibrated", False)),
        }
        for row in rows
    )
    return insert_ignore(
        session,
        Vital.__table__,  # type: ignore[arg-type]
        full,
        conflict_columns=VITAL_CONFLICT,
        columns=columns,
    )


def add_vitals_many(
    session: Session,
    batches: Sequence[tuple[AthleteScope, int, Sequence[VitalRow]]],
) -> int:
    """``add_vitals`` for several recordings of scoped athletes ((scope, recording id, rows)
    each) in two statements: one check that every recording is its scope's athlete's
    (``NotFound`` otherwise, and nothing is stored) and one insert. Returns how many rows
    were new."""
    batches = [b for b in batches if b[2]]
    if not batches:
        return 0
    pairs = {(recording_id, scope.athlete_id) for scope, recording_id, _ in batches}
    owned = {
        (int(r), int(a))
        for r, a in session.execute(
            select(Recording.id, Recording.athlete_id).where(
                among(session, Recording.id, (r for r, _ in pairs)),
                among(session, Recording.athlete_id, (a for _, a in pairs)),
            )
        )
    }
    if not pairs <= owned:
        raise NotFound("recording not found")
    columns = ("athlete_id", "recording_id", "at", *VITAL_FIELDS)
    rows = [
        (
            scope.athlete_id,
            recording_id,
            row["at"],
            *[
                bool(row.get(f, False)) if f == "spo2_calibrated" else row.get(f)
                for f in VITAL_FIELDS
            ],
        )
        for scope, recording_id, items in batches
        for row in items
    ]
    return insert_rows(
        session,
        Vital.__table__,  # type: ignore[arg-type]
        columns,
        rows,
        conflict_columns=VITAL_CONFLICT,
    )


def vital_times_many(
    session: Session,
    recordings: Sequence[tuple[AthleteScope, int]],
    *,
    first: datetime,
    last: datetime,
) -> dict[int, set[datetime]]:
    """``vital_times`` for several recordings of scoped athletes in one query: recording id →
    the seconds already stored in ``[first, last]`` (UTC)."""
    if not recordings:
        return {}
    pairs = {(scope.athlete_id, recording_id) for scope, recording_id in recordings}
    out: dict[int, set[datetime]] = {recording_id: set() for _, recording_id in recordings}
    rows = session.execute(
        select(Vital.athlete_id, Vital.recording_id, Vital.at).where(
            among(session, Vital.athlete_id, (a for a, _ in pairs)),
            among(session, Vital.recording_id, (r for _, r in pairs)),
            Vital.at >= first,
            Vital.at <= last,
        )
    )
    for athlete_id, recording_id, at in rows:
        if (athlete_id, recording_id) in pairs:
            out[int(recording_id)].add(_utc(at))
    return out


def last_vital_at(session: Session, scope: AthleteScope, recording_id: int) -> datetime | None:
    """The time of the scoped athlete's recording's latest stored second, if any."""
    value = session.execute(
        select(func.max(Vital.at)).where(
            Vital.athlete_id == scope.athlete_id, Vital.recording_id == recording_id
        )
    ).scalar_one_or_none()
    return None if value is None else _utc(value)


def vital_times(
    session: Session, scope: AthleteScope, recording_id: int, *, first: datetime, last: datetime
) -> set[datetime]:
    """The seconds of the scoped athlete's recording already stored in ``[first, last]`` (UTC)."""
    rows = session.execute(
        select(Vital.at).where(
            Vital.athlete_id == scope.athlete_id,
            Vital.recording_id == recording_id,
            Vital.at >= first,
            Vital.at <= last,
        )
    ).scalars()
    return {_utc(at) for at in rows}


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def vitals(
    session: Session, scope: AthleteScope, *, since: datetime, until: datetime
) -> Sequence[Vital]:
    """The scoped athlete's vitals in ``[since, until)``, oldest first."""
    return (
        session.execute(
            select(Vital)
            .where(Vital.athlete_id == scope.athlete_id, Vital.at >= since, Vital.at < until)
            .order_by(Vital.at, Vital.id)
        )
        .scalars()
        .all()
    )
