"""Alerts become sensor events, and the serious ones red flags that stop training advice.

A raised alert is a new ``sensor_events`` row unless one of its kind is still open for the
recording (a restarted worker raising it again); a cleared alert closes the open row. A
low-SpO2 or irregular-rhythm alert also opens a ``HealthFlag`` (``low_resting_spo2`` /
``rhythm_alert``, source ``"sensor"``) unless one of that kind is already open for the athlete,
so that the coach stops training advice. Not a medical device: the flag's note says to see a
professional; it is not a diagnosis. Every read and write goes through the athlete's scope.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fitcoach.analysis.signals.online import Alert
from fitcoach.core.settings import SignalThresholds
from fitcoach.ingest.vitals.rows import finite
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.db import Session
from fitcoach.storage.models import HealthFlag, SensorEvent
from fitcoach.storage.repositories import health as health_repo
from fitcoach.storage.repositories import sensors as repo

SENSOR_SOURCE = "sensor"
FLAG_KINDS = {"spo2_low": "low_resting_spo2", "irregular_rhythm": "rhythm_alert"}
"""Alert kind → the red flag it opens."""


@dataclass(frozen=True)
class AlertOutcome:
    """What storing one alert did."""

    stored: bool  # an event row was added or closed (False: a no-op)
    flag_opened: bool


def flag_note(alert: Alert, key: str, thresholds: SignalThresholds) -> str:
    """The red flag's note: what was recorded, and that it is not a diagnosis."""
    what = (
        f"SpO2 estimate {alert.value:.0f} % below {thresholds.spo2_low_pct:.0f} % for "
        f"{thresholds.spo2_raise_s:.0f} s"
        if alert.kind == "spo2_low" and alert.value is not None
        else "an irregular heart rhythm"
    )
    return (
        f"The sensor recorded {what} (recording {key}). fitcoach is not a medical device and "
        "this is not a diagnosis: see a health professional before training again."
    )[:500]


def store_alert(
    session: Session,
    scope: AthleteScope,
    *,
    recording_id: int,
    key: str,
    at: datetime,
    alert: Alert,
    thresholds: SignalThresholds,
) -> AlertOutcome:
    """Store a raised alert (and its red flag) or clear the open one."""
    base = alert.message.removeprefix("cleared: ")[:500]
    kind = alert.kind[:40]
    # Two rules (ECG, PPG) share the kind "sensor_off"; their texts tell them apart.
    message = base if alert.kind == "sensor_off" else None
    open_event = repo.open_event(session, scope, recording_id, kind, message=message)
    if alert.state == "cleared":
        if open_event is None or open_event.at >= at:
            return AlertOutcome(stored=False, flag_opened=False)
        repo.clear_event(session, scope, open_event.id, at)
        return AlertOutcome(stored=True, flag_opened=False)
    if open_event is not None:  # still open (a restarted worker raising it again)
        return AlertOutcome(stored=False, flag_opened=False)
    repo.add_event(
        session,
        scope,
        SensorEvent(
            recording_id=recording_id,
            at=at,
            kind=kind,
            severity=alert.severity,
            value=finite(alert.value),
            message=base,
        ),
    )
    flag_kind = FLAG_KINDS.get(alert.kind)
    if flag_kind is None or flag_kind in health_repo.open_kinds(session, scope):
        return AlertOutcome(stored=True, flag_opened=False)
    health_repo.add(
        session,
        scope,
        HealthFlag(
            kind=flag_kind,
            source=SENSOR_SOURCE,
            value=finite(alert.value),
            note=flag_note(alert, key, thresholds),
            raised_at=at,
        ),
    )
    return AlertOutcome(stored=True, flag_opened=True)
