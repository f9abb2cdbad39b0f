"""Taking an import back as a whole: the records one file's import created, and nothing else.

An import is one act of the person's, so it is undone as one: every workout (with its sets),
cardio session, night of sleep and heart-rate recording that the file brought in is deleted,
personal records are folded again once, and the file is forgotten, so it may be imported again.
Records the import found stored already (from another file) are not the import's and stay;
so do a day's readings, which other logs share. The one-entry undo (``training_log.undo_last``)
never takes an imported record: it is not "the last thing logged".
"""

from __future__ import annotations

from typing import TypedDict

from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.repositories import imports as repo
from fitcoach.storage.repositories import personal_records as records_repo


class TakenBack(TypedDict):
    """An import taken back: the file's name and format, and how many records of each kind
    went."""

    name: str
    format: str
    removed: dict[str, int]


def take_back(ctx: ServiceContext, athlete_id: int, sha256: str) -> TakenBack:
    """Delete what the import of the file with this SHA-256 created and forget the file.
    ``NotFound`` when the athlete imported no such file; ``Conflict`` for a file imported
    before fitcoach kept what each import created. Answers the file's name and what was
    deleted, by kind ({"workouts": 83, "sets": 2440, ...}). The caller commits."""
    scope = ctx.scope(athlete_id)
    consent.require(ctx, athlete_id, ConsentPurpose.training_logs)
    done = repo.imported(ctx.session, scope, sha256)
    if done is None:
        raise NotFound("no such imported file; it may have been taken back already")
    created: dict[str, list[int]] = dict(done.records or {})
    if not created:
        raise Conflict(
            "this import cannot be taken back as a whole (it stored nothing new, or it was "
            "imported before fitcoach kept what each import stored); delete its entries from "
            "the history"
        )
    removed = delete_records(ctx, scope, created)
    repo.forget_imported(ctx.session, scope, sha256)
    ctx.audit(
        "delete", "import", str(done.id), athlete_id=athlete_id, detail={"taken_back": removed}
    )
    return {"name": done.filename, "format": done.format, "removed": removed}


def delete_records(
    ctx: ServiceContext, scope: AthleteScope, created: dict[str, list[int]]
) -> dict[str, int]:
    """Delete the scoped athlete's records listed in ``created`` (by kind, as an import keeps
    them), folding personal records again once; answers how many of each went."""
    removed, exercise_ids = repo.delete_records(ctx.session, scope, created)
    if exercise_ids:
        records_repo.recompute(ctx.session, scope, exercise_ids)
    return removed
