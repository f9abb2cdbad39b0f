"""The domain's own words that every layer shares: who an account is, what an athlete consents
to, what a token may do and where it is accepted.

They are plain enums, not ORM types: the pure layers (the coach, the assistant's parsing) use
them without loading SQLAlchemy, and the storage models map them to columns.
"""

from __future__ import annotations

import enum
from typing import Literal

# A readiness score's state and colour (``analysis.readiness``): here, so that what carries them
# (``services.plans.views``, today's session) need not import the analysis and NumPy.
ReadinessStatus = Literal["ok", "no_checkin"]  # no_checkin: no score, the question
ReadinessColour = Literal["green", "yellow", "red"]


class Role(enum.StrEnum):
    """What an account may do: athletes own their data, coaches see linked athletes."""

    athlete = "athlete"
    coach = "coach"
    admin = "admin"


class ConsentPurpose(enum.StrEnum):
    """What an athlete may allow or refuse, each on its own."""

    training_logs = "training_logs"  # storing workout, daily and meal logs
    sensor_data = "sensor_data"  # storing sensor waveforms, vitals and wearable streams
    coach_sharing = "coach_sharing"  # a linked coach may see the athlete's data
    model_training = "model_training"  # anonymised use of their data to train models


class TokenScope(enum.StrEnum):
    """What a token may do: ``read`` only reads, ``write`` also changes data."""

    read = "read"
    write = "write"


class TokenKind(enum.StrEnum):
    """Where a token is accepted: ``api`` as a bearer token, ``session`` as the web cookie."""

    api = "api"
    session = "session"


OWN_EXERCISE_PREFIX = "own-"
"""How the slug of an athlete's own exercise starts (``own-<athlete id>-<name>``): an app's
name the library lacks, kept as theirs; library slugs never start so."""
