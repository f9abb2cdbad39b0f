"""Bulk inserts that skip duplicates: executemany on SQLite, COPY on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session
from tests.factories import make_athlete

from fitcoach.services import training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage.crypto import PREFIX
from fitcoach.storage.models import DailyMetric, Meal, SleepSession
from fitcoach.storage.repositories import bulk
from fitcoach.storage.repositories.bulk import insert_ignore

DAILY = DailyMetric.__table__
SLEEP = SleepSession.__table__
MEALS = Meal.__table__
DAY_KEY = ["athlete_id", "day"]
SOURCE_KEY = ["athlete_id", "source", "source_id"]
NIGHT = datetime(2026, 11, 1, 22, 30, tzinfo=UTC)


def _daily(athlete_id: int, day: date, **values: Any) -> dict[str, Any]:
    return {
        "athlete_id": athlete_id,
        "day": day,
        "source": "import",
        "source_id": day.isoformat(),
        "resting_hr": 50.0,
        **values,
    }


def _count(session: Session, table: Any, athlete_id: int) -> int:
    stmt = select(func.count()).select_from(table).where(table.c.athlete_id == athlete_id)
    return session.execute(stmt).scalar_one()


def test_inserts_and_counts(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    days = [date(2026, 10, 1) + timedelta(days=i) for i in range(25)]
    rows = [_daily(athlete, d, resting_hr=48.0 + i % 5) for i, d in enumerate(days)]
    assert insert_ignore(ctx.session, DAILY, rows, conflict_columns=DAY_KEY) == 25
    stored = training_log.history(ctx, athlete, "daily")
    assert [r["day"] for r in stored] == days
    assert [r["resting_hr"] for r in stored] == [r["resting_hr"] for r in rows]


def test_duplicates_within_a_call_and_against_stored_rows_are_skipped(
    ctx: ServiceContext,
) -> None:
    athlete, other = make_athlete(ctx).id, make_athlete(ctx).id
    d1, d2, d3 = date(2026, 10, 1), date(2026, 10, 2), date(2026, 10, 3)
    first = [_daily(athlete, d1), _daily(athlete, d2), _daily(athlete, d1, resting_hr=99.0)]
    assert insert_ignore(ctx.session, DAILY, first, conflict_columns=DAY_KEY) == 2
    again = [
        _daily(athlete, d2, resting_hr=77.0),
        _daily(athlete, d3),
        _daily(other, d1),  # the same day for another athlete is another row
    ]
    assert insert_ignore(ctx.session, DAILY, again, conflict_columns=DAY_KEY) == 2
    assert insert_ignore(ctx.session, DAILY, again, conflict_columns=DAY_KEY) == 0
    assert _count(ctx.session, DAILY, athlete) == 3
    assert _count(ctx.session, DAILY, other) == 1
    stored = {r["day"]: r["resting_hr"] for r in training_log.history(ctx, athlete, "daily")}
    assert stored == {d1: 50.0, d2: 50.0, d3: 50.0}  # the first row of a key wins


def test_nothing_to_insert(ctx: ServiceContext) -> None:
    assert insert_ignore(ctx.session, DAILY, [], conflict_columns=DAY_KEY) == 0
    assert insert_ignore(ctx.session, DAILY, iter(()), conflict_columns=DAY_KEY) == 0


def test_counts_stay_right_across_batches(
    ctx: ServiceContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(bulk, "BATCH_ROWS", 3)
    athlete = make_athlete(ctx).id
    days = [date(2026, 9, 1) + timedelta(days=i % 7) for i in range(11)]  # 7 distinct days
    rows = (_daily(athlete, d) for d in days)  # a generator, consumed once
    assert insert_ignore(ctx.session, DAILY, rows, conflict_columns=DAY_KEY) == 7
    more = [_daily(athlete, date(2026, 9, 1) + timedelta(days=i)) for i in range(5, 10)]
    assert insert_ignore(ctx.session, DAILY, more, conflict_columns=DAY_KEY) == 3
    assert _count(ctx.session, DAILY, athlete) == 10


def test_columns_fix_what_is_written(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    row = {**_daily(athlete, date(2026, 10, 1)), "mood": 5}
    cols = ["athlete_id", "day", "source", "source_id"]
    assert insert_ignore(ctx.session, DAILY, [row], conflict_columns=DAY_KEY, columns=cols) == 1
    stored = training_log.history(ctx, athlete, "daily")[0]
    assert (stored["mood"], stored["resting_hr"]) == (None, None)


STAGES = [
    {"deep": 5400.0, "rem": 6300.5, "light": 14000, "awake": 600},
    {},
    {"deep": 0, "note": 'ünïcode "quoted" \\ back\tslash\nnewline', "nested": {"a": [1, None]}},
]


def test_json_and_awkward_text_survive(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    rows = [
        {
            "athlete_id": athlete,
            "started_at": NIGHT + timedelta(days=i),
            "ended_at": NIGHT + timedelta(days=i, hours=8),
            "stages_s": stages,
            "awakenings": None if i == 1 else i,
            "quality": None,
            "source": "watch",
            "source_id": f"night-{i}",
        }
        for i, stages in enumerate(STAGES)
    ]
    assert insert_ignore(ctx.session, SLEEP, rows, conflict_columns=SOURCE_KEY) == 3
    ctx.session.commit()
    stored = training_log.history(ctx, athlete, "sleep")
    assert [r["stages_s"] for r in stored] == STAGES
    assert [r["awakenings"] for r in stored] == [0, None, 2]
    assert [r["started_at"] for r in stored] == [r["started_at"] for r in rows]
    assert all(r["started_at"].tzinfo is not None for r in stored)

    text = 'porridge\twith\\ backslash,\nnewline and "quotes" — 🍌'
    meal = {
        "athlete_id": athlete,
        "eaten_at": NIGHT,
        "meal_type": "breakfast",
        "description": text,
        "calories_kcal": 450.5,
        "protein_g": None,
        "carbs_g": None,
        "fat_g": None,
        "source": "app",
        "source_id": "m-1",
    }
    assert insert_ignore(ctx.session, MEALS, [meal, meal], conflict_columns=SOURCE_KEY) == 1
    read = training_log.history(ctx, athlete, "meals")
    assert [(m["description"], m["calories_kcal"]) for m in read] == [(text, 450.5)]


def test_rows_go_in_the_callers_transaction(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    ctx.session.commit()
    insert_ignore(
        ctx.session, DAILY, [_daily(athlete, date(2026, 10, 1))], conflict_columns=DAY_KEY
    )
    assert _count(ctx.session, DAILY, athlete) == 1
    ctx.session.rollback()
    assert _count(ctx.session, DAILY, athlete) == 0


def test_encrypted_columns_are_encrypted_on_both_paths(ctx: ServiceContext) -> None:
    """COPY (PostgreSQL) bypasses the column types: the meal description must still be stored
    as ciphertext and read back as plaintext."""
    athlete = make_athlete(ctx).id
    rows = [
        {
            "athlete_id": athlete,
            "eaten_at": NIGHT + timedelta(hours=i),
            "description": f"gluten-free pasta {i}",
            "source": "import",
            "source_id": f"m{i}",
        }
        for i in range(3)
    ]
    assert insert_ignore(ctx.session, MEALS, rows, conflict_columns=SOURCE_KEY) == 3
    raw = ctx.session.execute(
        text("SELECT description FROM meals WHERE athlete_id = :a"), {"a": athlete}
    ).scalars()
    assert all(v.startswith(PREFIX) and "gluten" not in v for v in raw)
    stored = ctx.session.execute(
        select(Meal.description).where(Meal.athlete_id == athlete).order_by(Meal.eaten_at)
    ).scalars()
    assert list(stored) == [f"gluten-free pasta {i}" for i in range(3)]
