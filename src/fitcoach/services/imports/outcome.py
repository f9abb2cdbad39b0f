"""What an import of device files and app exports did, file by file, and its one-line summary."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Literal, TypedDict

Status = Literal["imported", "already imported", "needs review", "failed", "nothing to import"]

# Count keys in the order a summary names them, with their singular and plural words.
COUNT_WORDS: dict[str, tuple[str, str]] = {
    "workouts": ("workout", "workouts"),
    "sets": ("set", "sets"),
    "cardio": ("cardio session", "cardio sessions"),
    "sleeps": ("night of sleep", "nights of sleep"),
    "days": ("day of readings", "days of readings"),
    "measurements": ("body measurement", "body measurements"),
    "hr_samples": ("heart-rate sample", "heart-rate samples"),
    "records": ("record", "records"),
}
# Keys only a taken-back import names.
COUNT_WORDS.update(
    {
        "sleep": ("night of sleep", "nights of sleep"),
        "recordings": ("heart-rate recording", "heart-rate recordings"),
    }
)


def _counted(n: int, key: str) -> str:
    one, many = COUNT_WORDS.get(key, (key, key))
    return f"{n:,} {one if n == 1 else many}"


@dataclass
class ReviewName:
    """An exercise name waiting for the athlete's choice, with the library's suggestions."""

    name: str
    suggestions: list[str] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    sets: int = 0
    # What "keep as my own exercise" would keep (``coach.own_exercises.OwnDraft.as_dict``:
    # pattern, equipment, muscles suggested by the name; "unknown" where it says none).
    own: dict[str, Any] | None = None


class FileOutcomeDict(TypedDict):
    """A ``FileOutcome`` as plain data (the CLI's JSON, the import pages)."""

    name: str
    format: str | None
    status: Status
    counts: dict[str, int]
    message: str
    notes: list[str]
    review: list[dict[str, Any]]
    asks: dict[str, Any] | None
    rows: list[str]
    rows_more: int
    sha256: str


class ImportSummaryDict(TypedDict):
    """An ``ImportSummary`` as plain data."""

    athlete_id: int
    summary: str
    totals: dict[str, int]
    files: list[FileOutcomeDict]
    review: list[dict[str, Any]]


@dataclass
class FileOutcome:
    """One file: what it was, what became of it and why."""

    name: str
    format: str | None
    status: Status
    counts: dict[str, int] = field(default_factory=dict)
    message: str = ""
    notes: list[str] = field(default_factory=list)
    review: list[ReviewName] = field(default_factory=list)
    sha256: str = ""
    # What the person must say before the file can be read ({"what": "weight", "choices":
    # ["kg", "lb"]}): the import asks (CLI prompt, a field of the upload form), never guesses.
    asks: dict[str, Any] | None = None
    # Rows left out or repaired, each named in words, and how many more past those named.
    rows: list[str] = field(default_factory=list)
    rows_more: int = 0
    # The ids of the records created, by kind: kept with the imported file (to take it back),
    # never shown.
    records: dict[str, list[int]] = field(default_factory=dict)

    def as_dict(self) -> FileOutcomeDict:
        return {
            "name": self.name,
            "format": self.format,
            "status": self.status,
            "counts": dict(self.counts),
            "message": self.message,
            "notes": list(self.notes),
            "review": [vars(r) for r in self.review],
            "asks": self.asks,
            "rows": list(self.rows),
            "rows_more": self.rows_more,
            "sha256": self.sha256,
        }


@dataclass
class ImportSummary:
    """Every file of one import, in the order given."""

    athlete_id: int
    files: list[FileOutcome] = field(default_factory=list)

    @property
    def totals(self) -> dict[str, int]:
        """What was stored, over the files that imported (or stored all but their held
        names' sets)."""
        total: Counter[str] = Counter()
        for outcome in self.files:
            if outcome.status in ("imported", "needs review"):  # a held file stored the rest
                total.update(outcome.counts)
        return {k: total[k] for k in COUNT_WORDS if total.get(k)}

    @property
    def review(self) -> list[ReviewName]:
        """The names to review over every held file, each once."""
        merged: dict[str, ReviewName] = {}
        for outcome in self.files:
            for item in outcome.review:
                known = merged.setdefault(
                    item.name, ReviewName(item.name, list(item.suggestions), own=item.own)
                )
                known.files.extend(f for f in item.files if f not in known.files)
                known.sets += item.sets
        return list(merged.values())

    def by_status(self, status: Status) -> list[FileOutcome]:
        return [f for f in self.files if f.status == status]

    def text(self) -> str:
        """One sentence: "83 workouts, 2,440 sets, 12 cardio sessions imported; 9 exercise
        names need your review; 1 file failed"."""
        totals = self.totals
        parts = [_counted(n, k) for k, n in totals.items() if k != "hr_samples"]
        head = f"{', '.join(parts)} imported" if parts else "nothing new imported"
        tail: list[str] = []
        review = self.review
        if review:
            tail.append(
                f"{len(review)} exercise name{'s' if len(review) != 1 else ''} "
                f"need{'s' if len(review) == 1 else ''} your review"
            )
        for status, word in (("already imported", "already imported"), ("failed", "failed")):
            n = len(self.by_status(status))  # type: ignore[arg-type]
            if n:
                tail.append(f"{n} file{'s' if n != 1 else ''} {word}")
        return "; ".join([head, *tail])

    def as_dict(self) -> ImportSummaryDict:
        return {
            "athlete_id": self.athlete_id,
            "summary": self.text(),
            "totals": self.totals,
            "files": [f.as_dict() for f in self.files],
            "review": [vars(r) for r in self.review],
        }
