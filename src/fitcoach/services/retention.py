"""Retention: prune every kind of record older than its configured period.

Each kind has a setting in days (``Settings.retention_*_days``; ``waveform_retention_days``
for raw waveform chunks). Unset means keep forever, the default for the athlete's own log.
Rows go in batches, each in its own transaction, so that a large prune never holds the
database's write lock for long; what must stay (open red flags, open sensor alerts, the
plan in force and proposed plans) is excluded in the repository's SQL.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import InvalidInput
from fitcoach.core.settings import Settings
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session, sessionmaker, unit_of_work
from fitcoach.storage.repositories import retention as repo

KIND_NAMES = tuple(k.name for k in repo.KINDS)


@dataclass
class KindReport:
    """What pruning did for one kind: its period (None: kept forever), cutoff and count."""

    kind: str
    days: int | None
    cutoff: datetime | None
    due: int = 0
    deleted: int = 0


@dataclass
class PruneReport:
    kinds: list[KindReport] = field(default_factory=list)
    dry_run: bool = False

    @property
    def deleted(self) -> int:
        return sum(k.deleted for k in self.kinds)


def policy(settings: Settings, overrides: dict[str, int] | None = None) -> dict[str, int | None]:
    """Days kept per kind: the settings, with ``overrides`` (kind name → days) on top."""
    days: dict[str, int | None] = {k.name: getattr(settings, k.setting) for k in repo.KINDS}
    for name, value in (overrides or {}).items():
        if name not in days:
            raise InvalidInput(f"unknown kind {name!r}; one of {', '.join(KIND_NAMES)}")
        if value < 1:
            raise InvalidInput(f"{name}: keep at least 1 day")
        days[name] = value
    return days


def prune(
    factory: sessionmaker[Session],
    days: dict[str, int | None],
    *,
    clock: Clock | None = None,
    batch_size: int = 5000,
    dry_run: bool = False,
    on_batch: Callable[[KindReport, int], None] | None = None,
) -> PruneReport:
    """Delete what is older than each kind's period, ``batch_size`` rows per transaction.

    ``on_batch(report, deleted)`` is called after each committed batch (and once per kind
    with 0 before the first, when the number due is known). With ``dry_run`` only counts.
    The prune is audited with the counts per kind (no athlete, no content).
    """
    if batch_size < 1:
        raise InvalidInput("batch size must be at least 1")
    now = (clock or SystemClock()).now()
    report = PruneReport(dry_run=dry_run)
    for kind in repo.KINDS:
        keep = days.get(kind.name)
        cutoff = None if keep is None else now - timedelta(days=keep)
        item = KindReport(kind.name, keep, cutoff)
        report.kinds.append(item)
        if cutoff is None:
            continue
        with unit_of_work(factory) as session:
            item.due = repo.count_due(session, kind, cutoff)
        if on_batch is not None:
            on_batch(item, 0)
        while not dry_run and item.deleted < item.due:
            with unit_of_work(factory) as session:
                n = repo.delete_batch(session, kind, cutoff, batch_size)
            if n == 0:
                break
            item.deleted += n
            if on_batch is not None:
                on_batch(item, n)
    if not dry_run and report.deleted:
        with unit_of_work(factory) as session:
            ctx = ServiceContext(
                session=session, subject=Subject.system(), clock=clock or SystemClock()
            )
            ctx.audit(
                "prune",
                "retention",
                detail={k.kind: k.deleted for k in report.kinds if k.deleted},
            )
    return report
