"""Taking an import back as a whole: the records one file's import created, and nothing else.

An import is one act of the person's, so it is undone as one: every workout (with its sets),
cardio session, night of sleep and heart-rate recording that the file brought in is deleted,
personal records are folded again once, and the file is forgotten, so it may be imported again.
Records the import found stored already (from another file) are not the import's and stay;
so do a day's readings, which other logs share. The one-entry undo (``training_log.undo_last``)
never takes an imported record: it is not "the last thing logged".
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete

from fitcoach.core.domain import ConsentPurpose
from fitcoach.core.errors import Conflict, NotFound
from fitcoach.services import consent
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import AthleteScope
from fitcoach.storage.models import CardioSession, SetLog, SleepSession, WorkoutSession
from fitcoach.storage.models.sensors import Recording, Vital
from fitcoach.storage.repositories import imports as repo
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories import training_log as log_repo

_MODELS: dict[str, Any] = {
    "workouts": WorkoutSession,
    "cardio": CardioSession,
    "sleep": SleepSession,
}


def take_back(ctx: ServiceContext, athlete_id: int, sha256: str) -> dict[str, Any]:
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
    removed: dict[str, int] = {}
    workout_ids = [int(i) for i in created.get("workouts", [])]
    if workout_ids:
        sets = log_repo.sets_of(ctx.session, scope, workout_ids)
        exercise_ids = {s.exercise_id for s in sets}
        ctx.session.execute(
            delete(SetLog).where(
                SetLog.athlete_id == scope.athlete_id, SetLog.session_id.in_(workout_ids)
            )
        )
        removed["sets"] = len(sets)
    for kind, model in _MODELS.items():
        ids = [int(i) for i in created.get(kind, [])]
        if ids:
            result = ctx.session.execute(
                delete(model).where(model.athlete_id == scope.athlete_id, model.id.in_(ids))
            )
            removed[kind] = int(getattr(result, "rowcount", 0) or 0)
    recording_ids = [int(i) for i in created.get("recordings", [])]
    if recording_ids:
        owned = Vital.athlete_id == scope.athlete_id
        ctx.session.execute(delete(Vital).where(owned, Vital.recording_id.in_(recording_ids)))
        ctx.session.execute(
            delete(Recording).where(
                Recording.athlete_id == scope.athlete_id, Recording.id.in_(recording_ids)
            )
        )
        removed["recordings"] = len(recording_ids)
    ctx.session.flush()
    if workout_ids:
        records_repo.recompute(ctx.session, scope, exercise_ids)
    order = ("workouts", "sets", "cardio", "sleep", "recordings")
    return {k: removed[k] for k in order if k in removed}
