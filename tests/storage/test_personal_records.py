"""Personal records kept on write: after any sequence of logging, appending, importing, pruning,
editing and deleting, the stored records equal a fold over the stored sets, athlete by athlete.
SQLite and PostgreSQL."""

from __future__ import annotations

import copy
import random
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session
from tests.conftest import NOW, Database
from tests.factories import as_subject, make_athlete, subject_of, workout

from fitcoach.analysis.strength import PersonalRecords, SetRecord, personal_records
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import NotFound
from fitcoach.services import athletes, portability, retention, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject, scope_for
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Exercise, PersonalRecord, SetLog, WorkoutSession
from fitcoach.storage.repositories import personal_records as repo
from fitcoach.storage.repositories import portability as portability_repo
from fitcoach.storage.repositories import training_log as log_repo

LIFTS = ("barbell-back-squat", "barbell-bench-press", "barbell-deadlift")
START = NOW - timedelta(days=400)


@contextmanager
def boundary(database: Database) -> Iterator[ServiceContext]:
    """One unit of work on the test database, as the boundaries open them (commit on success)."""
    with unit_of_work(database.factory) as session:
        yield ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))


def folded(session: Session, athlete_id: int) -> dict[str, PersonalRecords]:
    """Records folded from every stored set of the athlete: the definition."""
    scope = scope_for(session, Subject.system(), athlete_id)
    return personal_records(
        SetRecord(at, slug, reps, weight, rir, completed, warmup)
        for at, _e, slug, reps, weight, rir, completed, warmup in log_repo.set_history(
            session, scope
        )
    )


def served(ctx: ServiceContext, athlete_id: int) -> dict[str, PersonalRecords]:
    return {p.exercise: p for p in training_log.records(ctx, athlete_id)}


class Times:
    """Distinct workout start times (two workouts never start at the same instant here, so
    the fold's order is the time order alone)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[datetime] = set()

    def next(self) -> datetime:
        while True:
            at = START + timedelta(days=self.rng.randrange(395), minutes=self.rng.randrange(1440))
            if at not in self.used:
                self.used.add(at)
                return at


def random_set(rng: random.Random) -> dict[str, Any]:
    """A set with ties likely: few loads, few rep counts."""
    return {
        "exercise": rng.choice(LIFTS),
        "reps": rng.choice((0, 1, 3, 5, 5, 8, 12, 15)),
        "weight_kg": rng.choice((None, 0, 60.0, 80.0, 80.0, 100.0, 102.5, 120.0)),
        "rir": rng.choice((None, 0, 1, 2, 2, 4)),
        "completed": rng.random() > 0.1,
        "is_warmup": rng.random() < 0.15,
    }


def _exercise_id(session: Session, slug: str) -> int:
    return int(session.execute(select(Exercise.id).where(Exercise.slug == slug)).scalar_one())


@pytest.mark.parametrize("seed", [1, 2])
def test_records_equal_a_fold_over_the_stored_sets_after_any_writes(
    database: Database, seed: int
) -> None:
    rng = random.Random(seed)
    times = Times(rng)
    with boundary(database) as ctx:
        athletes = [make_athlete(ctx).id for _ in range(2)]
        donor = make_athlete(ctx).id
        for _ in range(6):
            sets = [random_set(rng) for _ in range(rng.randint(1, 4))]
            training_log.log_workout(
                ctx, donor, {"started_at": times.next().isoformat(), "sets": sets}
            )
        exported = portability.export_athlete(ctx, donor)
    done: dict[str, int] = {}
    for step in range(36):
        op = rng.choice(("log", "log", "append", "import", "prune", "edit", "delete"))
        aid = rng.choice(athletes)
        with boundary(database) as ctx:
            scope = ctx.scope(aid)
            workouts = list(
                ctx.session.execute(
                    select(WorkoutSession).where(WorkoutSession.athlete_id == aid)
                ).scalars()
            )
            stored = list(
                ctx.session.execute(select(SetLog).where(SetLog.athlete_id == aid)).scalars()
            )
            if op == "log" or (op in ("append", "edit", "delete") and not stored):
                op = "log"
                sets = [random_set(rng) for _ in range(rng.randint(1, 5))]
                training_log.log_workout(
                    ctx, aid, {"started_at": times.next().isoformat(), "sets": sets}
                )
            elif op == "append":  # what the guided workout does, set by set
                s = random_set(rng)
                log_repo.append_set(
                    ctx.session,
                    scope,
                    rng.choice(workouts),
                    SetLog(
                        exercise_id=_exercise_id(ctx.session, s.pop("exercise")),
                        notes="",
                        **s,
                    ),
                )
            elif op == "import":
                doc = copy.deepcopy(exported)
                picked = rng.sample(doc["workouts"], rng.randint(1, len(doc["workouts"])))
                for n, w in enumerate(picked):
                    w["source_id"] = f"import-{step}-{n}"
                    w["started_at"] = times.next().isoformat()
                doc["workouts"] = picked
                for kind in ("cardio", "daily", "sleep", "meals", "feedback"):
                    doc[kind] = []
                portability.import_document(ctx, doc, athlete_id=aid)
            elif op == "prune":
                pass  # below, outside this unit of work: pruning opens its own
            elif op == "edit":  # an edit that may lower a record, then what it must call
                target = rng.choice(stored)
                ctx.session.execute(
                    update(SetLog)
                    .where(SetLog.id == target.id)
                    .values(weight_kg=rng.choice((None, 40.0, 80.0)), reps=rng.choice((1, 5)))
                )
                repo.recompute(ctx.session, scope, [target.exercise_id])
            else:  # delete
                target = rng.choice(stored)
                ctx.session.execute(delete(SetLog).where(SetLog.id == target.id))
                repo.recompute(ctx.session, scope, [target.exercise_id])
        if op == "prune":
            days = rng.randrange(20, 400)
            retention.prune(
                database.factory, {"workouts": days}, clock=FixedClock(NOW), batch_size=3
            )
        done[op] = done.get(op, 0) + 1
        with database.factory() as session:
            ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
            for athlete_id in athletes:
                assert served(ctx, athlete_id) == folded(session, athlete_id), (step, op)
    assert done.keys() == {"log", "append", "import", "prune", "edit", "delete"}


def test_an_earlier_set_of_the_same_best_is_the_record_whatever_the_order_logged(
    ctx: ServiceContext,
) -> None:
    aid = make_athlete(ctx).id
    late, early = NOW - timedelta(days=2), NOW - timedelta(days=9)
    training_log.log_workout(ctx, aid, workout(late, ("barbell-back-squat", 5, 100, 2)))
    # The same e1RM, heaviest load and set volume, logged afterwards for an earlier day.
    training_log.log_workout(ctx, aid, workout(early, ("barbell-back-squat", 5, 100, 2)))
    record = served(ctx, aid)["barbell-back-squat"]
    assert record.best_e1rm_at == record.heaviest_at == record.best_set_volume_at == early
    # More reps at the heaviest load wins the heaviest; a lighter set with more reps does not.
    training_log.log_workout(
        ctx,
        aid,
        workout(NOW - timedelta(days=1), ("barbell-back-squat", 6, 100, 0)),
    )
    training_log.log_workout(
        ctx,
        aid,
        workout(NOW - timedelta(hours=2), ("barbell-back-squat", 12, 60, 0)),
    )
    record = served(ctx, aid)["barbell-back-squat"]
    assert (record.heaviest_kg, record.heaviest_reps) == (100, 6)
    assert record.heaviest_at == NOW - timedelta(days=1)
    assert record.most_reps == 12
    assert served(ctx, aid) == folded(ctx.session, aid)


def test_records_are_scoped_to_their_athlete(ctx: ServiceContext) -> None:
    ana, ben_out = make_athlete(ctx).id, make_athlete(ctx)
    ben = ben_out.id
    training_log.log_workout(ctx, ana, workout(NOW - timedelta(days=3), (LIFTS[0], 5, 80, 2)))
    before = served(ctx, ana)
    training_log.log_workout(ctx, ben, workout(NOW - timedelta(days=2), (LIFTS[0], 5, 140, 0)))
    training_log.log_workout(ctx, ben, workout(NOW - timedelta(days=1), (LIFTS[1], 5, 90, 1)))
    assert served(ctx, ana) == before == folded(ctx.session, ana)
    assert set(served(ctx, ben)) == {LIFTS[0], LIFTS[1]}
    # Recomputing or rebuilding one athlete leaves the other's rows alone.
    ben_rows = _rows(ctx.session, ben)
    repo.rebuild(ctx.session, ctx.scope(ana))
    repo.recompute(ctx.session, ctx.scope(ana), [_exercise_id(ctx.session, LIFTS[0])])
    assert _rows(ctx.session, ben) == ben_rows
    # Another athlete cannot read them: an unseen athlete is not found.
    as_ben = as_subject(ctx, subject_of(ctx, ben_out))
    with pytest.raises(NotFound):
        training_log.records(as_ben, ana)
    assert set(served(as_ben, ben)) == {LIFTS[0], LIFTS[1]}


def _rows(session: Session, athlete_id: int) -> list[tuple[Any, ...]]:
    return [
        tuple(r)
        for r in session.execute(
            select(PersonalRecord.__table__)
            .where(PersonalRecord.athlete_id == athlete_id)
            .order_by(PersonalRecord.exercise_id)
        )
    ]


def test_bulk_inserted_sets_already_stored_are_recomputed_not_merged(ctx: ServiceContext) -> None:
    aid = make_athlete(ctx).id
    training_log.log_workout(ctx, aid, workout(NOW - timedelta(days=1), (LIFTS[0], 5, 100, 2)))
    scope = ctx.scope(aid)
    workout_id = ctx.session.execute(
        select(WorkoutSession.id).where(WorkoutSession.athlete_id == aid)
    ).scalar_one()
    squat = _exercise_id(ctx.session, LIFTS[0])
    row = {
        "session_id": workout_id,
        "exercise_id": squat,
        "reps": 5,
        "weight_kg": 150.0,
        "rir": 0.0,
        "completed": True,
        "is_warmup": False,
        "notes": "",
    }
    # Position 0 is taken: that row is skipped and must not count; position 1 is new.
    inserted = portability_repo.insert_sets(
        ctx.session,
        scope,
        [{**row, "position": 0}, {**row, "position": 1, "weight_kg": 110.0}],
        [workout_id],
    )
    assert inserted == 1
    assert served(ctx, aid)[LIFTS[0]].heaviest_kg == 110.0
    assert served(ctx, aid) == folded(ctx.session, aid)


def test_deleting_the_athlete_deletes_their_records(ctx: ServiceContext) -> None:
    aid = make_athlete(ctx).id
    training_log.log_workout(ctx, aid, workout(NOW - timedelta(days=1), (LIFTS[0], 5, 100, 2)))
    assert _rows(ctx.session, aid)
    athletes.delete_athlete(ctx, aid)
    ctx.session.flush()
    assert _rows(ctx.session, aid) == []
