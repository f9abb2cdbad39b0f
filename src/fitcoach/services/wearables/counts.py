"""What happened to the messages: per stream counts, dead letters, a batch's outcome and the
consumer's report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from fitcoach.ingest.bus import Message
from fitcoach.ingest.producers import WEARABLE_KINDS as KINDS


@dataclass
class StreamCount:
    """What happened to one stream's messages."""

    read: int = 0
    stored: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    withheld: int = 0  # records of athletes without sensor_data consent: acked, not stored

    def add(self, other: StreamCount) -> None:
        self.read += other.read
        self.stored += other.stored
        self.duplicates += other.duplicates
        self.dead_lettered += other.dead_lettered
        self.withheld += other.withheld


@dataclass(frozen=True)
class DeadLetter:
    """A message that could not be stored, and why."""

    stream: str
    message_id: str
    reason: str
    payload: dict[str, Any]


@dataclass
class ConsumeReport:
    """Per stream counts, the dead letters seen (the first 100) and how long it took."""

    counts: dict[str, StreamCount] = field(
        default_factory=lambda: {k: StreamCount() for k in KINDS}
    )
    dead_letters: list[DeadLetter] = field(default_factory=list)
    batches: int = 0
    seconds: float = 0.0
    waiting: int = 0  # records still waiting for their user's profile
    retried: int = 0  # batches tried again after a database error

    @property
    def read(self) -> int:
        return sum(c.read for c in self.counts.values())

    @property
    def stored(self) -> int:
        return sum(c.stored for c in self.counts.values())

    @property
    def duplicates(self) -> int:
        return sum(c.duplicates for c in self.counts.values())

    @property
    def dead_lettered(self) -> int:
        return sum(c.dead_lettered for c in self.counts.values())

    @property
    def withheld(self) -> int:
        return sum(c.withheld for c in self.counts.values())

    @property
    def per_second(self) -> float:
        return self.read / self.seconds if self.seconds > 0 else 0.0


MAX_KEPT_DEAD_LETTERS = 100


@dataclass
class BatchOutcome:
    counts: dict[str, StreamCount] = field(
        default_factory=lambda: {k: StreamCount() for k in KINDS}
    )
    dead: list[DeadLetter] = field(default_factory=list)
    done: list[Message] = field(default_factory=list)  # stored, duplicate or dead: ack these
    waiting: list[Message] = field(default_factory=list)  # unknown user for now
    # No sensor_data consent: ack and delete these (with the athlete of each).
    withheld: list[tuple[Message, int]] = field(default_factory=list)

    def merge(self, other: BatchOutcome) -> None:
        for kind, c in other.counts.items():
            self.counts[kind].add(c)
        self.dead.extend(other.dead)
        self.done.extend(other.done)
        self.waiting.extend(other.waiting)
        self.withheld.extend(other.withheld)
