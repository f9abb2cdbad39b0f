"""The vitals worker's writes: 1 Hz vitals, alerts as sensor events, and their red flags.

A raised alert is a new ``sensor_events`` row unless one of its kind is still open for the
recording (a restarted worker raising it again); a cleared alert closes the open row. A newly
raised low-SpO2 or irregular-rhythm alert also asks for a ``HealthFlag`` (``low_resting_spo2``
/ ``rhythm_alert``, source ``"sensor"``): the flags of a whole batch are opened with one call of
``services.health.open_sensor_flags``, which opens each unless one of that kind is already
open for the athlete and audits every opening (without health details), as for any other
flag, so that the coach stops training advice. Not a medical device: the flag's note says to
see a professional; it is not a diagnosis. Every read and write goes through the athlete's
scope.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from fitcoach.core.errors import Conflict
from fitcoach.core.settings import SignalThresholds
from fitcoach.services import health
from fitcoach.services.context import ServiceContext
from fitcoach.services.health import SENSOR_FLAG_KINDS as FLAG_KINDS
from fitcoach.services.health import FlagOpening
from fitcoach.services.sensor_ingest.rows import finite
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import Recording, SensorEvent
from fitcoach.storage.repositories import sensors as repo
from fitcoach.storage.rows import VitalRow

if TYPE_CHECKING:  # the analysis (NeuroKit2, SciPy) loads with the worker, not with this module
    from fitcoach.analysis.signals.online import Alert


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


class AlertAt(NamedTuple):
    """An alert of a recording at a second, to store."""

    scope: AthleteScope
    recording_id: int
    key: str
    at: datetime
    alert: Alert


def store_alerts(
    ctx: ServiceContext, alerts: Sequence[AlertAt], thresholds: SignalThresholds
) -> tuple[list[bool], int]:
    """Store each alert (a raised one as a new event, a cleared one closing the open event) and
    open the red flags the newly raised ones ask for, in one call for the whole batch; returns
    whether each alert stored or closed an event (False: a no-op) and how many flags opened."""
    stored: list[bool] = []
    openings: list[FlagOpening] = []
    for item in alerts:
        done = _store_alert(ctx, item)
        stored.append(done)
        kind = FLAG_KINDS.get(item.alert.kind)
        if done and kind is not None and item.alert.state != "cleared":
            openings.append(
                FlagOpening(
                    item.scope.athlete_id,
                    kind,
                    value=finite(item.alert.value),
                    note=flag_note(item.alert, item.key, thresholds),
                    raised_at=item.at,
                )
            )
    opened = health.open_sensor_flags(ctx, openings) if openings else []
    return stored, len(opened)


def _store_alert(ctx: ServiceContext, item: AlertAt) -> bool:
    alert, at, scope = item.alert, item.at, item.scope
    base = alert.message.removeprefix("cleared: ")[:500]
    kind = alert.kind[:40]
    # Two rules (ECG, PPG) share the kind "sensor_off"; their texts tell them apart.
    message = base if alert.kind == "sensor_off" else None
    open_event = repo.open_event(ctx.session, scope, item.recording_id, kind, message=message)
    if alert.state == "cleared":
        if open_event is None or open_event.at >= at:
            return False
        repo.clear_event(ctx.session, scope, open_event.id, at)
        return True
    if open_event is not None:  # still open (a restarted worker raising it again)
        return False
    repo.add_event(
        ctx.session,
        scope,
        SensorEvent(
            recording_id=item.recording_id,
            at=at,
            kind=kind,
            severity=alert.severity,
            value=finite(alert.value),
            message=base,
        ),
    )
    return True


def keep_counters(
    ctx: ServiceContext, counters: Sequence[tuple[AthleteScope, int, str, int]]
) -> None:
    """Keep a counter value on each (scope, recording id, name, value) (the vitals worker's
    clock origin of a new recording)."""
    for scope, recording_id, name, value in counters:
        repo.keep_counter(ctx.session, scope, recording_id, name, value)


def stored_seconds(
    ctx: ServiceContext,
    recordings: Sequence[tuple[AthleteScope, int]],
    *,
    first: datetime,
    last: datetime,
) -> dict[int, set[datetime]]:
    """The seconds from ``first`` to ``last`` already stored of each recording, in one query."""
    return repo.vital_times_many(ctx.session, recordings, first=first, last=last)


def add_vitals(
    ctx: ServiceContext, rows: Sequence[tuple[AthleteScope, int, list[VitalRow]]]
) -> int:
    """Store every recording's new seconds (``rows.vital_row``) in one insert; a second already
    stored is skipped. Returns how many were stored."""
    return repo.add_vitals_many(ctx.session, rows)


def last_vital_at(ctx: ServiceContext, scope: AthleteScope, recording_id: int) -> datetime | None:
    """The last second stored of a recording (a resumed recording ticks on from it)."""
    return repo.last_vital_at(ctx.session, scope, recording_id)


def recording_owner(ctx: ServiceContext, key: str) -> int | None:
    """The one athlete who has a recording ``key`` (only routing: read it through their
    scope), None when nobody has; ``Conflict`` when several have (keys are unique per
    athlete), without saying who."""
    owners = repo.recording_owners(ctx.session, key)
    if len(owners) > 1:
        raise Conflict(
            f"{len(owners)} athletes have a recording named {key!r}; say whose it is "
            "(fitcoach ingest vitals --finish KEY --athlete ID)"
        )
    return owners[0] if owners else None


def recording_by_key(ctx: ServiceContext, scope: AthleteScope, key: str) -> Recording | None:
    """The scoped athlete's recording ``key`` (None: not theirs, or none)."""
    return repo.recording_by_key(ctx.session, scope, key)
