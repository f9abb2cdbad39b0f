"""What an import did: per record kind, how many records were read, inserted and skipped."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class KindCount:
    """Records of one kind in an import: read from the document, inserted, and skipped
    (already stored, or, for consent, older than the athlete's own latest decision)."""

    read: int
    inserted: int
    skipped: int


@dataclass(frozen=True)
class ImportReport:
    """What an import did, per record kind, and what the importer decided for the athlete
    (``notes``: e.g. that their own plan stays in force)."""

    athlete_id: int
    athlete_created: bool
    profile_updated: bool
    counts: dict[str, KindCount] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    @property
    def inserted(self) -> int:
        """Records inserted over all kinds (sets included)."""
        return sum(c.inserted for c in self.counts.values())
