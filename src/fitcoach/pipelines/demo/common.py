"""What the demo's generators share: the record source, the random generator and rounding."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import numpy as np

DEMO_SOURCE = "demo"

Rng = np.random.Generator


def at_hours(day: date, hours: float) -> datetime:
    """``day`` 00:00 UTC plus ``hours``, to the minute (hours may be negative or past 24)."""
    return datetime.combine(day, time.min, tzinfo=UTC) + timedelta(minutes=round(hours * 60))


def round_to(value: float, step: float) -> float:
    return round(round(value / step) * step, 2)


def scale5(value: float) -> int:
    return int(np.clip(round(value), 1, 5))
