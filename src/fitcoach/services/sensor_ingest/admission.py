"""Which athletes of a batch a sensor worker may store: resolved, and with consent.

Both groups of ``fitcoach:frames`` (the frame consumer and the vitals worker) and the
wearables consumer decide by this one rule, read once per batch: an athlete no scope resolves
is unknown (dead-lettered by the worker), one resolved without ``sensor_data`` consent is
*refused* (their entries withheld: not stored, not dead-lettered, acked and deleted from the
stream after the commit).

The frame consumer and the vitals worker read the same stream with groups of their own, and
each deletes what it withholds from the stream for both. That is safe because both decide by
this rule on the same per-athlete consent: an entry one group withholds, the other withholds
as well whenever it reads it, so deleting it takes nothing that a consented path still needs.
Consent read at different moments may differ: granted after one group withheld the entry, the
other never gets it (it was published without consent); withdrawn after one group stored it,
the other withholds it (and, having it pending, still acks it). The vitals worker acks the
channels it does not use (ambient CO2, status) without reading consent; the frame consumer
withholds and deletes those.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from fitcoach.core.domain import ConsentPurpose
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope


@dataclass(frozen=True)
class Admission:
    """The athletes of a batch: their scopes (those the subject may see) and, of those, the
    ones with ``sensor_data`` consent."""

    scopes: dict[int, AthleteScope]
    granted: set[int]

    @property
    def refused(self) -> set[int]:
        """Known (resolved) but without consent: their entries are withheld."""
        return set(self.scopes) - self.granted

    def merged(self, other: Admission) -> Admission:
        return Admission({**self.scopes, **other.scopes}, self.granted | other.granted)


def admit(ctx: ServiceContext, athlete_ids: Iterable[int]) -> Admission:
    """Resolve ``athlete_ids`` for the worker's subject and read their ``sensor_data`` consent:
    two queries for the whole batch (scopes, then consent)."""
    scopes = ctx.scopes(athlete_ids)
    granted = consent.granted_athletes(ctx, scopes.values(), ConsentPurpose.sensor_data)
    return Admission(scopes, granted)
