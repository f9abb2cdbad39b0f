"""Rows given as one JSON parameter (``repositories.json_rows``, PostgreSQL's path for a
workout's sets and its records): the same rows stored as the executemany stores them, values
through their columns' types (encrypted notes, exact floats, timestamps to the microsecond),
and the executemany again for a value JSON cannot carry. SQLite and PostgreSQL (SQLite always
takes the executemany: the stored rows must be the same either way)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from sqlalchemy import select, text
from tests.conftest import NOW, Database
from tests.factories import make_athlete, statements_sent

from fitcoach.core.clock import FixedClock
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject, resolved_scope
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Exercise, PersonalRecord, SetLog
from fitcoach.storage.repositories import json_rows
from fitcoach.storage.repositories import personal_records as records_repo
from fitcoach.storage.repositories.training_log import workouts

_STARTED = datetime(2025, 3, 4, 5, 6, 7, 891234, tzinfo=UTC)  # microseconds kept


@contextmanager
def _ctx(database: Database) -> Iterator[ServiceContext]:
    with unit_of_work(database.factory) as session:
        yield ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))


def _store(database: Database, athlete: int, source_id: str) -> tuple[int, list[int]]:
    """A workout of four sets with awkward values; its id and the exercises it used."""
    with _ctx(database) as ctx:
        exercise_ids = list(ctx.session.execute(select(Exercise.id).limit(2)).scalars())
        if len(exercise_ids) < 2:  # an empty library: two exercises of the test's own
            exercise_ids = [_exercise(ctx, "json rows one"), _exercise(ctx, "json rows two")]
        scope = resolved_scope(ctx.session, ctx.subject, athlete)
        sets: list[dict[str, Any]] = [
            {"exercise_id": exercise_ids[0], "reps": 5, "weight_kg": 0.1 + 0.2, "rir": 1.5},
            {"exercise_id": exercise_ids[0], "reps": 3, "weight_kg": None, "rir": None},
            {
                "exercise_id": exercise_ids[1],
                "reps": 8,
                "weight_kg": 61.25,
                "rir": 2,
                "notes": "élan — “knees out”\nsecond line",
                "is_warmup": True,
            },
            {
                "exercise_id": exercise_ids[1],
                "reps": 1,
                "weight_kg": 142.5,
                "rir": 0,
                "completed": False,
            },
        ]
        workout_id = workouts.store_workout(
            ctx.session,
            scope,
            {"started_at": _STARTED, "source": "test", "source_id": source_id},
            sets,
        )
        assert workout_id is not None
    return workout_id, exercise_ids


def _exercise(ctx: ServiceContext, name: str) -> int:
    exercise = Exercise(slug=name.replace(" ", "-"), name=name)
    ctx.session.add(exercise)
    ctx.session.flush()
    return exercise.id


def _stored(database: Database, workout_id: int) -> list[tuple[Any, ...]]:
    with unit_of_work(database.factory) as session:
        rows = session.execute(
            select(SetLog).where(SetLog.session_id == workout_id).order_by(SetLog.id)
        ).scalars()
        return [
            (
                s.position,
                s.exercise_id,
                s.reps,
                s.weight_kg,
                s.rir,
                s.completed,
                s.is_warmup,
                s.notes,
                s.form_check,
                s.form_breakdown,
            )
            for s in rows
        ]


def _records(database: Database, athlete: int) -> list[tuple[Any, ...]]:
    with unit_of_work(database.factory) as session:
        rows = session.execute(
            select(PersonalRecord)
            .where(PersonalRecord.athlete_id == athlete)
            .order_by(PersonalRecord.exercise_id)
        ).scalars()
        return [(r.exercise_id, *(getattr(r, name) for name in records_repo.BESTS)) for r in rows]


def test_json_rows_store_what_the_executemany_stores(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The same workout stored through the JSON parameter and through the executemany (the
    JSON path turned off) gives the same sets, in order, and the same records; a set's notes
    are stored encrypted, not as their text."""
    with _ctx(database) as ctx:
        by_json, by_many = make_athlete(ctx).id, make_athlete(ctx).id
    with statements_sent(database.engine) as sent:
        json_workout, _ = _store(database, by_json, "a")
    by_recordset = [s for s in sent if "json_to_recordset" in s]
    assert len(by_recordset) == (2 if database.engine.dialect.name == "postgresql" else 0)
    with monkeypatch.context() as patched:
        patched.setattr(json_rows, "payload", lambda *_args: None)
        many_workout, _ = _store(database, by_many, "a")
    stored = _stored(database, json_workout)
    assert stored == _stored(database, many_workout)
    assert [row[0] for row in stored] == [0, 1, 2, 3]  # ids follow the positions
    assert stored[0][3] == 0.1 + 0.2  # the same double, not 0.3
    assert stored[2][7] == "élan — “knees out”\nsecond line"
    assert _records(database, by_json) == _records(database, by_many)
    heaviest_at = _records(database, by_json)[0][records_repo.BESTS.index("heaviest_at") + 1]
    assert heaviest_at == _STARTED
    with unit_of_work(database.factory) as session:
        raw = session.execute(
            text("SELECT notes FROM set_logs WHERE session_id = :w AND position = 2"),
            {"w": json_workout},
        ).scalar_one()
    assert "élan" not in raw


def test_records_merge_through_json_keeps_the_better_best(database: Database) -> None:
    """A second, lighter workout merged through the JSON upsert keeps the stored bests; a
    heavier one replaces them, with its time."""
    with _ctx(database) as ctx:
        athlete = make_athlete(ctx).id
    _workout_id, exercises = _store(database, athlete, "first")
    before = _records(database, athlete)
    with _ctx(database) as ctx:
        scope = resolved_scope(ctx.session, ctx.subject, athlete)
        later = _STARTED + timedelta(days=1)
        records_repo.merge(
            ctx.session,
            scope,
            [
                records_repo.StoredSet(later, exercises[0], 5, 0.25, 1.5, True, False),
                records_repo.StoredSet(later, exercises[1], 1, 150.0, 0, True, False),
            ],
        )
    after = {row[0]: row for row in _records(database, athlete)}
    assert after[exercises[0]] == before[0]
    heaviest = records_repo.BESTS.index("heaviest_kg") + 1
    heaviest_at = records_repo.BESTS.index("heaviest_at") + 1
    assert (after[exercises[1]][heaviest], after[exercises[1]][heaviest_at]) == (150.0, later)


@pytest.mark.parametrize("odd", [math.nan, math.inf, Decimal("1.5")])
def test_a_value_json_cannot_carry_exactly_takes_the_executemany(odd: Any) -> None:
    """NaN, infinity and any type JSON has no exact form for: no payload (the caller's
    executemany stores or refuses them as before)."""
    keys = ("a", "b")
    assert json_rows.payload([{"a": 1, "b": odd}], keys, [None, None]) is None
    at = datetime(2025, 1, 2, 3, 4, 5, 6, tzinfo=UTC)
    assert json_rows.payload([{"a": 1, "b": at}], keys, [None, None]) == (
        '[{"a": 1, "b": "2025-01-02T03:04:05.000006+00:00"}]'
    )
