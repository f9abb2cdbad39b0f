"""The training log: every record kind stored and read back; bad input stores nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from tests.factories import as_subject, log_weeks, make_athlete, subject_of, workout
from tests.fixtures.tables import changed, row_counts

from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import Conflict, InvalidInput, NotFound
from fitcoach.services import athletes, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.storage import versions
from fitcoach.storage.models import AuditEntry, SetLog, SleepSession, WorkoutSession

NOV = datetime(2026, 11, 1, 7, 30, tzinfo=UTC)


@dataclass(frozen=True)
class Kind:
    """How to log one record kind at a time, and what reads back."""

    name: str
    log: Callable[..., training_log.Logged]
    doc: Callable[[datetime], dict[str, Any]]
    expect: Callable[[datetime], dict[str, Any]]


KINDS = [
    Kind(
        "workouts",
        training_log.log_workout,
        lambda at: workout(
            at,
            ("barbell-back-squat", 5, "220 lb", 2),
            ("barbell-bench-press", 8, 60, None),
            title="Lower A",
            duration_s="1:05:00",
        ),
        lambda at: {"started_at": at, "title": "Lower A", "duration_s": 3900.0},
    ),
    Kind(
        "cardio",
        training_log.log_cardio,
        lambda at: {
            "activity_type": "Trail Running",
            "started_at": at.isoformat(),
            "duration_s": "45:30",
            "distance_m": "6.2 mi",
            "avg_hr": 150,
            "max_hr": 176,
        },
        lambda at: {
            "started_at": at,
            "activity_type": "trail_running",
            "duration_s": 2730.0,
            "distance_m": 9978.0,  # 6.2 mi to the metre
            "avg_hr": 150.0,
        },
    ),
    Kind(
        "daily",
        training_log.log_daily,
        lambda at: {"day": at.date().isoformat(), "weight_kg": "160 lb", "sleep_s": "7.5h"},
        lambda at: {
            "day": at.date(),
            "weight_kg": 72.6,  # 160 lb to the scale's 0.1 kg
            "sleep_s": 27000.0,
        },
    ),
    Kind(
        "sleep",
        training_log.log_sleep,
        # A sleep is dated by its end (the wake-up day): ``at`` is when it ended.
        lambda at: {
            "started_at": (at - timedelta(hours=8)).isoformat(),
            "ended_at": at.isoformat(),
            "stages_s": {"deep": 4800, "rem": 6000, "light": 15000, "awake": 1200},
            "quality": 4,
        },
        lambda at: {
            "started_at": at - timedelta(hours=8),
            "ended_at": at,
            "stages_s": {"deep": 4800, "rem": 6000, "light": 15000, "awake": 1200},
            "quality": 4,
        },
    ),
    Kind(
        "meals",
        training_log.log_meal,
        lambda at: {
            "eaten_at": at.isoformat(),
            "meal_type": "breakfast",
            "description": "oats, milk, banana",
            "calories_kcal": 520,
            "protein_g": 22,
        },
        lambda at: {"eaten_at": at, "meal_type": "breakfast", "calories_kcal": 520.0},
    ),
    Kind(
        "feedback",
        training_log.log_feedback,
        lambda at: {"recorded_at": at.isoformat(), "energy": 6, "perceived_exertion": 7.5},
        lambda at: {"recorded_at": at, "energy": 6, "perceived_exertion": 7.5},
    ),
]
BY_NAME = {k.name: k for k in KINDS}


def test_every_record_kind_is_covered() -> None:
    assert set(BY_NAME) == set(training_log.MODELS)


def _time_key(kind: str) -> str:
    return {
        "daily": "day",
        "sleep": "ended_at",
        "meals": "eaten_at",
        "feedback": "recorded_at",
    }.get(kind, "started_at")


@pytest.mark.parametrize("kind", KINDS, ids=lambda k: k.name)
def test_each_kind_logs_and_reads_back_by_inclusive_days_oldest_first(
    ctx: ServiceContext, kind: Kind
) -> None:
    athlete = make_athlete(ctx)
    at = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
    logged = kind.log(ctx, athlete.id, kind.doc(at))
    assert logged.created
    (row,) = training_log.history(ctx, athlete.id, kind.name)  # type: ignore[arg-type]
    assert row["id"] == logged.id
    assert row["athlete_id"] == athlete.id
    assert {k: row[k] for k in kind.expect(at)} == kind.expect(at)
    if kind.name == "workouts":
        assert [(s["exercise"], s["reps"], s["rir"], s["position"]) for s in row["sets"]] == [
            ("barbell-back-squat", 5, 2.0, 0),
            ("barbell-bench-press", 8, None, 1),
        ]
        assert row["sets"][0]["weight_kg"] == pytest.approx(99.79, abs=0.01)

    # More, logged out of order; 4, 5 and 6 November sit at the edges of their UTC days.
    times = [
        datetime(2026, 11, 5, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 4, 23, 59, 59, tzinfo=UTC),
        datetime(2026, 11, 6, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 7, 0, 0, tzinfo=UTC),
        datetime(2026, 11, 1, 8, 0, tzinfo=UTC),
    ]
    for when in times:
        kind.log(ctx, athlete.id, kind.doc(when))

    def days(start: date | None, end: date | None, **page: int) -> list[date]:
        rows = training_log.history(ctx, athlete.id, kind.name, start, end, **page)  # type: ignore[arg-type]
        values = [r[_time_key(kind.name)] for r in rows]
        return [
            v if isinstance(v, date) and not isinstance(v, datetime) else v.date() for v in values
        ]

    all_days = sorted(t.date() for t in [at, *times])
    assert days(None, None) == all_days
    assert days(date(2026, 11, 5), date(2026, 11, 6)) == [date(2026, 11, 5), date(2026, 11, 6)]
    assert days(date(2026, 11, 5), date(2026, 11, 5)) == [date(2026, 11, 5)]
    assert days(date(2026, 11, 7), None) == [date(2026, 11, 7), date(2026, 11, 10)]
    assert days(None, date(2026, 11, 4)) == [date(2026, 11, 1), date(2026, 11, 4)]
    assert days(date(2026, 11, 11), date(2026, 11, 30)) == []
    assert days(None, None, limit=2) == all_days[:2]
    assert days(None, None, limit=2, offset=2) == all_days[2:4]
    assert days(None, None, offset=5) == all_days[5:]
    assert days(date(2026, 11, 2), None, limit=1, offset=1) == [date(2026, 11, 5)]


def test_history_refuses_bad_ranges_and_kinds(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    with pytest.raises(InvalidInput, match="before its start"):
        training_log.history(ctx, athlete.id, "workouts", date(2026, 11, 5), date(2026, 11, 4))
    with pytest.raises(InvalidInput, match="unknown record kind 'naps'"):
        training_log.history(ctx, athlete.id, "naps")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="limit"):
        training_log.history(ctx, athlete.id, "meals", limit=-1)
    with pytest.raises(InvalidInput, match="offset"):
        training_log.history(ctx, athlete.id, "meals", offset=-3)


def test_the_same_source_id_is_stored_once_per_athlete(ctx: ServiceContext) -> None:
    athlete, other_athlete = make_athlete(ctx).id, make_athlete(ctx).id
    key = {"source": "garmin", "source_id": "activity-42"}
    for kind in KINDS:
        if kind.name == "daily":  # one row per day instead; see the next test
            continue
        first = kind.log(ctx, athlete, {**kind.doc(NOV), **key})
        before = row_counts(ctx.session)
        again = kind.log(ctx, athlete, {**kind.doc(NOV + timedelta(hours=3)), **key})
        assert (again.id, again.created, first.created) == (first.id, False, True), kind.name
        assert changed(before, row_counts(ctx.session)) == {}, kind.name
        # Another source with the same id, or another athlete, is another record.
        other = kind.log(ctx, athlete, {**kind.doc(NOV), **key, "source": "strava"})
        assert other.created, kind.name
        assert other.id != first.id, kind.name
        assert kind.log(ctx, other_athlete, {**kind.doc(NOV), **key}).created, kind.name
        stored = training_log.history(ctx, athlete, kind.name)  # type: ignore[arg-type]
        assert [r["source"] for r in stored] == ["garmin", "strava"], kind.name


def test_a_workout_stores_its_sets_in_order_with_the_defaults_and_one_audit_entry(
    ctx: ServiceContext,
) -> None:
    """``log_workout`` writes with Core INSERTs (``repo.store_workout``): every set column
    given is stored, in order, and those not given take the model's defaults, as a flushed
    object would; the athlete's data version is to rise and the action is audited once."""
    athlete = make_athlete(ctx).id
    doc = workout(NOV, ("barbell-back-squat", 5, 100, 2), ("barbell-bench-press", 8, None, None))
    doc["sets"][1].update(completed=False, is_warmup=True, notes="elbow ached")
    ctx.session.commit()
    logged = training_log.log_workout(ctx, athlete, doc)
    assert versions.touched(ctx.session) == {athlete}  # raised when it commits
    stored = ctx.session.execute(
        select(WorkoutSession).where(WorkoutSession.id == logged.id)
    ).scalar_one()
    assert (stored.athlete_id, stored.started_at, stored.title, stored.notes) == (
        athlete,
        NOV,
        "",
        "",
    )
    assert (stored.source, stored.duration_s, stored.session_rpe) == ("manual", None, None)
    sets = ctx.session.execute(
        select(SetLog).where(SetLog.session_id == logged.id).order_by(SetLog.position)
    ).scalars()
    columns = ("athlete_id", "position", "reps", "weight_kg", "rir", "completed", "is_warmup")
    columns += ("notes", "form_check", "form_breakdown")
    got = [tuple(getattr(s, c) for c in columns) for s in sets]
    assert got == [
        (athlete, 0, 5, 100.0, 2.0, True, False, "", None, None),
        (athlete, 1, 8, None, None, False, True, "elbow ached", None, None),
    ]
    entries = ctx.session.execute(
        select(AuditEntry).where(AuditEntry.entity == "workout", AuditEntry.athlete_id == athlete)
    ).scalars()
    assert [(e.action, e.entity_id, e.detail) for e in entries] == [
        ("create", str(logged.id), {"sets": 2})
    ]
    assert [r.exercise for r in training_log.records(ctx, athlete)] == ["barbell-back-squat"]


def test_daily_metrics_merge_into_one_row_per_day(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    first = training_log.log_daily(ctx, athlete.id, {"day": "2026-11-03", "weight_kg": 70})
    second = training_log.log_daily(
        ctx, athlete.id, {"day": "2026-11-03", "mood": 4, "resting_hr": 52}
    )
    third = training_log.log_daily(ctx, athlete.id, {"day": "2026-11-03", "weight_kg": "150 lb"})
    assert (first.created, second.created, third.created) == (True, False, False)
    assert first.id == second.id == third.id
    training_log.log_daily(ctx, athlete.id, {"day": "2026-11-04", "mood": 2})
    rows = training_log.history(ctx, athlete.id, "daily")
    assert [r["day"] for r in rows] == [date(2026, 11, 3), date(2026, 11, 4)]
    day = rows[0]
    assert day["weight_kg"] == 68.0  # 150 lb = 68.039 kg, to 0.1 kg
    assert (day["mood"], day["resting_hr"], day["energy"]) == (4, 52.0, None)
    assert rows[1]["weight_kg"] is None


def test_stored_values_are_rounded_to_their_measurements_precision(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx, weight_kg="154 lb").id
    training_log.log_daily(
        ctx,
        athlete,
        {
            "day": "2026-11-03",
            "weight_kg": "160 lb",
            "resting_hr": 52.4,
            "hrv_rmssd_ms": "61.2345",
            "sleep_s": "7.51h",
            "calories_in_kcal": 2100.4,
            "protein_g": 120.06,
        },
    )
    day = training_log.history(ctx, athlete, "daily")[0]
    assert (day["weight_kg"], day["resting_hr"], day["hrv_rmssd_ms"]) == (72.6, 52.0, 61.2)
    assert (day["sleep_s"], day["calories_in_kcal"], day["protein_g"]) == (27060, 2100, 120.1)
    training_log.log_workout(
        ctx,
        athlete,
        workout(NOV, ("barbell-bench-press", 8, "135 lb", 2), ("dumbbell-row", 10, 11.25, 2)),
    )
    sets = training_log.history(ctx, athlete, "workouts")[0]["sets"]
    assert [s["weight_kg"] for s in sets] == [61.23, 11.25]  # plates stay exact
    training_log.log_cardio(
        ctx,
        athlete,
        {
            "activity_type": "running",
            "started_at": NOV.isoformat(),
            "duration_s": "45.55min",
            "distance_m": "6.2 mi",
            "avg_hr": 150.6,
        },
    )
    run = training_log.history(ctx, athlete, "cardio")[0]
    assert (run["duration_s"], run["distance_m"], run["avg_hr"]) == (2733, 9978, 151)
    training_log.log_sleep(
        ctx,
        athlete,
        {
            "started_at": "2026-11-02T23:00:00+00:00",
            "ended_at": "2026-11-03T06:00:00+00:00",
            "stages_s": {"deep": 4810.6, "rem": 6000},
        },
    )
    assert training_log.history(ctx, athlete, "sleep")[0]["stages_s"] == {"deep": 4811, "rem": 6000}
    profile = athletes.get_athlete(ctx, athlete).profile
    assert profile is not None
    assert profile.weight_kg == 69.9  # 154 lb


def test_a_sleep_belongs_to_the_local_day_it_ends(ctx: ServiceContext) -> None:
    # In Tokyo, 23:30 Monday to 07:00 Tuesday is Monday 14:30 to 22:00 UTC: a UTC date (of its
    # start or its end) would put it on Monday; it is Tuesday's sleep.
    tokyo = athletes.create_athlete(
        ctx, {"name": "Aki", "email": "aki@example.org", "timezone": "Asia/Tokyo"}
    ).id
    monday, tuesday = date(2026, 11, 16), date(2026, 11, 17)
    training_log.log_sleep(
        ctx,
        tokyo,
        {
            "started_at": "2026-11-16T23:30:00+09:00",
            "ended_at": "2026-11-17T07:00:00+09:00",
            "stages_s": {"light": 14400, "deep": 5400, "rem": 6000, "awake": 1200},
        },
    )
    assert training_log.history(ctx, tokyo, "sleep", monday, monday) == []
    (night,) = training_log.history(ctx, tokyo, "sleep", tuesday, tuesday)
    assert training_log.night_of(night["ended_at"], ZoneInfo("Asia/Tokyo")) == tuesday
    hours = training_log.sleep_hours([], [night], ZoneInfo("Asia/Tokyo"))
    assert hours == {tuesday: pytest.approx((14400 + 5400 + 6000) / 3600)}
    # The morning check-in for Tuesday ("slept 7 h") is the same night: it takes its place.
    training_log.log_daily(ctx, tokyo, {"day": "2026-11-17", "sleep_s": "7h"})
    daily = training_log.history(ctx, tokyo, "daily", tuesday, tuesday)
    assert training_log.sleep_hours(daily, [night], ZoneInfo("Asia/Tokyo")) == {tuesday: 7.0}


def test_records_and_trend_from_logged_workouts(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    log_weeks(ctx, athlete.id, NOV - timedelta(weeks=4), 4)  # 80 → 87.5 kg, 5 reps at RIR 2
    training_log.log_workout(
        ctx,
        athlete.id,
        {
            "started_at": NOV.isoformat(),
            "sets": [
                {"exercise": "barbell-bench-press", "reps": 5, "weight_kg": 60, "rir": 1},
                {"exercise": "barbell-back-squat", "reps": 3, "weight_kg": 200, "is_warmup": True},
                {"exercise": "barbell-back-squat", "reps": 3, "weight_kg": 190, "completed": False},
            ],
        },
    )
    prs = {p.exercise: p for p in training_log.records(ctx, athlete.id)}
    assert set(prs) == {"barbell-back-squat", "barbell-bench-press"}
    squat = prs["barbell-back-squat"]
    assert squat.heaviest_kg == 87.5
    assert squat.best_e1rm_kg == pytest.approx(87.5 * (1 + 7 / 30))
    assert squat.best_e1rm_at == NOV - timedelta(weeks=1)
    assert prs["barbell-bench-press"].best_e1rm_kg == pytest.approx(60 * (1 + 6 / 30))
    only = training_log.records(ctx, athlete.id, "barbell-bench-press")
    assert [p.exercise for p in only] == ["barbell-bench-press"]
    trend = training_log.e1rm_trend(ctx, athlete.id, "barbell-back-squat")
    assert len(trend) == 8
    values = [v for _, v in trend]
    assert values == sorted(values)
    assert values[0] == pytest.approx(80 * (1 + 7 / 30))
    # A window in SQL: the sessions of the last two weeks only.
    recent = training_log.e1rm_trend(
        ctx, athlete.id, "barbell-back-squat", start=(NOV - timedelta(weeks=2)).date()
    )
    assert recent == trend[-4:]
    assert (
        training_log.e1rm_trend(
            ctx, athlete.id, "barbell-back-squat", end=(NOV - timedelta(weeks=4)).date()
        )
        == trend[:1]
    )


def _set(exercise: str = "barbell-back-squat", **kw: Any) -> dict[str, Any]:
    return {"exercise": exercise, "reps": 5, "weight_kg": 100, "rir": 2, **kw}


def _workout(*sets: dict[str, Any], at: str = "2026-11-19T18:00:00+00:00") -> dict[str, Any]:
    return {"started_at": at, "sets": list(sets)}


BAD = [
    ("negative reps", training_log.log_workout, _workout(_set(reps=-1)), ["sets.0.reps"]),
    ("rir 15", training_log.log_workout, _workout(_set(), _set(rir=15)), ["sets.1.rir", "10"]),
    (
        "unknown exercise in set 3",
        training_log.log_workout,
        _workout(_set(), _set("barbell-bench-press"), _set("moon press")),
        ["unknown exercise 'moon press'"],
    ),
    (
        "weight in words",
        training_log.log_workout,
        _workout(_set(weight_kg="eighty")),
        ["sets.0.weight_kg", "'eighty'", "80 kg"],
    ),
    (
        "workout in 2090",
        training_log.log_workout,
        _workout(_set(), at="2090-01-01T10:00:00+00:00"),
        ["started_at", "2090-01-01", "future"],
    ),
    (
        "naive time",
        training_log.log_workout,
        _workout(_set(), at="2026-11-19T18:00"),
        ["started_at"],
    ),
    ("no sets", training_log.log_workout, _workout(), ["sets"]),
    (
        "avg hr above max hr",
        training_log.log_cardio,
        {
            "activity_type": "running",
            "started_at": "2026-11-19T07:00:00+00:00",
            "duration_s": "30min",
            "avg_hr": 170,
            "max_hr": 160,
        },
        ["avg_hr", "max_hr"],
    ),
    (
        "cardio distance in words",
        training_log.log_cardio,
        {
            "activity_type": "running",
            "started_at": "2026-11-19T07:00:00+00:00",
            "duration_s": "30min",
            "distance_m": "far",
        },
        ["distance_m", "'far'"],
    ),
    (
        "sleep ends before it starts",
        training_log.log_sleep,
        {"started_at": "2026-11-19T07:00:00+00:00", "ended_at": "2026-11-18T23:00:00+00:00"},
        ["ended_at", "started_at"],
    ),
    (
        "sleep stage unknown",
        training_log.log_sleep,
        {
            "started_at": "2026-11-18T23:00:00+00:00",
            "ended_at": "2026-11-19T07:00:00+00:00",
            "stages_s": {"dreaming": 100},
        },
        ["dreaming"],
    ),
    ("daily in 2090", training_log.log_daily, {"day": "2090-05-01", "mood": 3}, ["day", "future"]),
    ("daily mood 9", training_log.log_daily, {"day": "2026-11-19", "mood": 9}, ["mood", "5"]),
    (
        "meal type",
        training_log.log_meal,
        {"eaten_at": "2026-11-19T12:00:00+00:00", "meal_type": "brunch"},
        ["meal_type"],
    ),
    (
        "feedback energy 11",
        training_log.log_feedback,
        {"recorded_at": "2026-11-19T12:00:00+00:00", "energy": 11},
        ["energy"],
    ),
]


def test_bad_input_is_refused_clearly_and_stores_nothing(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    training_log.log_daily(ctx, athlete.id, {"day": "2026-11-19", "mood": 3, "weight_kg": 70})
    before = row_counts(ctx.session)
    for case, log, doc, words in BAD:
        with pytest.raises(InvalidInput) as caught:
            log(ctx, athlete.id, doc)
        message = caught.value.message
        for word in words:
            assert word in message, (case, message)
        assert "\n" not in message, case
        assert changed(before, row_counts(ctx.session)) == {}, case
    day = training_log.history(ctx, athlete.id, "daily")[0]
    assert (day["mood"], day["weight_kg"]) == (3, 70.0)

    # An unknown name comes with the closest names of the library.
    with pytest.raises(InvalidInput) as caught:
        training_log.log_workout(ctx, athlete.id, _workout(_set("barbell back squatt")))
    assert "Barbell Back Squat" in caught.value.details["suggestions"]
    assert "did you mean" in caught.value.message

    # A time up to a day and a half ahead is accepted (time zones, clock skew).
    soon = ctx.clock.now() + timedelta(hours=20)
    assert training_log.log_workout(ctx, athlete.id, _workout(_set(), at=soon.isoformat())).created


# --- sleep told twice: a correction replaces, overlapping sessions never add -------------------


def store_legacy_nights(
    ctx: ServiceContext, athlete_id: int, ended_at: datetime, hours: tuple[float, ...]
) -> None:
    """Typed nights (no stages) all ending at ``ended_at``, stored as rows, as "slept N hours"
    told again and again was stored before a correction replaced: each one added."""
    ctx.session.add_all(
        SleepSession(
            athlete_id=athlete_id,
            started_at=ended_at - timedelta(hours=h),
            ended_at=ended_at,
            stages_s={},
            source="manual",
            source_id=f"legacy-{i}",
        )
        for i, h in enumerate(hours)
    )
    ctx.session.flush()


def _night(start: str, end: str, **more: Any) -> dict[str, Any]:
    return {"started_at": start, "ended_at": end, **more}


def test_a_second_sleep_for_the_same_night_from_the_same_source_replaces_the_first(
    ctx: ServiceContext,
) -> None:
    athlete = make_athlete(ctx).id
    friday = date(2026, 11, 20)
    first = training_log.log_sleep(
        ctx, athlete, _night("2026-11-20T02:00Z", "2026-11-20T07:00Z", source_id="a")
    )
    assert first.created
    # "actually I slept 6 hours": the same night told again, not a second night.
    again = training_log.log_sleep(
        ctx, athlete, _night("2026-11-20T01:00Z", "2026-11-20T07:00Z", source_id="b", quality=4)
    )
    assert (again.id, again.created, again.changed) == (first.id, False, True)
    assert again.fields == ("quality", "started_at")
    (night,) = training_log.history(ctx, athlete, "sleep", friday, friday)
    assert night["ended_at"] - night["started_at"] == timedelta(hours=6)
    assert (night["source_id"], night["quality"]) == ("a", 4)  # it keeps its id and source id
    assert training_log.sleep_hours([], [night], ZoneInfo("UTC")) == {friday: 6.0}
    # Retries store nothing: the first by its source id, the second because it says the same.
    for source_id in ("a", "b"):
        retry = training_log.log_sleep(
            ctx,
            athlete,
            _night("2026-11-20T01:00Z", "2026-11-20T07:00Z", source_id=source_id, quality=4),
        )
        assert (retry.created, retry.changed) == (False, False)
    # A nap the same afternoon does not overlap the night: both are kept and both count.
    nap = training_log.log_sleep(ctx, athlete, _night("2026-11-20T13:00Z", "2026-11-20T14:00Z"))
    assert nap.created
    # Another source's account of the night is kept beside it (counted_sleep chooses).
    device = training_log.log_sleep(
        ctx,
        athlete,
        _night(
            "2026-11-19T23:30Z",
            "2026-11-20T06:30Z",
            source="wearable:sleep",
            source_id="s-1",
            stages_s={"awake": 1800, "light": 14400, "deep": 3600, "rem": 5400},
        ),
    )
    assert device.created
    nights = training_log.history(ctx, athlete, "sleep", friday, friday)
    assert len(nights) == 3
    # The device's night is the latest account of 23:30-06:30: it replaces the typed one.
    assert training_log.sleep_hours([], nights, ZoneInfo("UTC")) == {friday: 6.5 + 1.0}


def test_a_correction_also_removes_duplicates_stored_before(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx).id
    friday = date(2026, 11, 20)
    store_legacy_nights(ctx, athlete, datetime(2026, 11, 20, 7, tzinfo=UTC), (7, 6, 7, 6))
    nights = training_log.history(ctx, athlete, "sleep", friday, friday)
    assert training_log.sleep_hours([], nights, ZoneInfo("UTC")) == {friday: 6.0}  # the last
    logged = training_log.log_sleep(ctx, athlete, _night("2026-11-19T23:30Z", "2026-11-20T07:00Z"))
    assert (logged.created, logged.changed, logged.id) == (False, True, nights[-1]["id"])
    (night,) = training_log.history(ctx, athlete, "sleep", friday, friday)
    assert training_log.sleep_hours([], [night], ZoneInfo("UTC")) == {friday: 7.5}


def test_overlapping_sessions_never_add(ctx: ServiceContext) -> None:
    utc = ZoneInfo("UTC")
    friday = date(2026, 11, 20)

    def at(hour: int, minute: int = 0, day: int = 20) -> datetime:
        return datetime(2026, 11, day, hour, minute, tzinfo=UTC)

    def session(id_: int, start: datetime, end: datetime, **stages: float) -> dict[str, Any]:
        return {"id": id_, "started_at": start, "ended_at": end, "stages_s": stages}

    # A device's night, re-sent with its stages scored again, and a nap that afternoon.
    night = session(1, at(23, 0, 19), at(7), light=16000, deep=5000, rem=5800, awake=2000)
    resent = session(2, at(23, 10, 19), at(6, 50), light=15000, deep=5400, rem=5600, awake=1200)
    nap = session(3, at(14), at(14, 40))
    assert training_log.sleep_hours([], [night, resent, nap], utc) == {
        friday: pytest.approx((15000 + 5400 + 5600 + 2400) / 3600)
    }
    # A nap inside the night is the same time: the later account counts, never both.
    inside = session(4, at(2), at(3))
    assert training_log.counted_sleep([night, resent, inside]) == [inside]
    # Chains: 1 overlaps 2, 2 overlaps 3, 1 and 3 do not: 3 wins over 2, then 1 counts.
    a, b, c = session(1, at(0), at(3)), session(2, at(2), at(5)), session(3, at(4), at(8))
    assert training_log.counted_sleep([a, b, c]) == [a, c]
    # Sessions that end on one day and do not overlap may add up to more than a day has (only
    # stored data can: each is at most 24 h): the day counts 24 h.
    both = [session(1, at(0, 10), at(12)), session(2, at(12, 5), at(23, 55), awake=0)]
    assert training_log.sleep_hours([], both, utc) == {friday: pytest.approx(23.67, abs=0.01)}
    evening = session(3, at(12, 0, 19), at(0, 5))
    assert training_log.sleep_hours([], [*both, evening], utc) == {friday: 24.0}


# --- the history pages' services: one set corrected or deleted, the feed, progress, undo ------


def test_one_set_corrected_or_deleted_folds_its_records_again(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    wid = training_log.log_workout(
        ctx,
        athlete.id,
        workout(NOV, ("barbell-back-squat", 5, 100, 2), ("barbell-back-squat", 1, 150, 0)),
    ).id
    heavy = training_log.entry(ctx, athlete.id, "workouts", wid)["sets"][1]
    [record] = training_log.records(ctx, athlete.id, "barbell-back-squat")
    assert (record.heaviest_kg, record.best_e1rm_kg) == (150, 150)
    done = training_log.correct_set(ctx, athlete.id, wid, heavy["id"], {"weight_kg": "240 lb"})
    assert done["changed"] == ["weight_kg"]
    [record] = training_log.records(ctx, athlete.id, "barbell-back-squat")
    assert record.heaviest_kg == pytest.approx(108.86, abs=0.01)  # 240 lb
    assert record.best_e1rm_kg == pytest.approx(100 * (1 + 7 / 30))  # now the 5 × 100 set's
    assert training_log.correct_set(ctx, athlete.id, wid, heavy["id"], {"reps": 1})["changed"] == []
    for bad, message in (
        ({}, "give one or more of reps, weight_kg, rir, is_warmup"),
        ({"reps": -1}, "reps"),
        ({"sets": 3}, "sets"),
    ):
        with pytest.raises(InvalidInput, match=message):
            training_log.correct_set(ctx, athlete.id, wid, heavy["id"], bad)
    left = training_log.delete_set(ctx, athlete.id, wid, heavy["id"])
    assert left["sets_left"] == 1
    [record] = training_log.records(ctx, athlete.id, "barbell-back-squat")
    assert record.heaviest_kg == 100
    other = training_log.log_workout(
        ctx, athlete.id, workout(NOV + timedelta(days=1), ("barbell-bench-press", 5, 60, 2))
    ).id
    first = training_log.entry(ctx, athlete.id, "workouts", wid)["sets"][0]["id"]
    with pytest.raises(NotFound):  # a set is found only under its own workout
        training_log.delete_set(ctx, athlete.id, other, first)
    training_log.delete_set(ctx, athlete.id, wid, first)
    assert training_log.records(ctx, athlete.id, "barbell-back-squat") == []  # none left


def test_feed_pages_both_kinds_newest_first_and_filters(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    log_weeks(ctx, athlete.id, NOV, weeks=2)  # four squat sessions
    bench = training_log.log_workout(
        ctx, athlete.id, workout(NOV + timedelta(days=12), ("barbell-bench-press", 5, 60, 2))
    ).id
    run = training_log.log_cardio(
        ctx,
        athlete.id,
        {"activity_type": "run", "started_at": NOV + timedelta(days=13), "duration_s": 1200},
    ).id
    page = training_log.feed(ctx, athlete.id, limit=2)
    assert page.total == 6
    assert [(i["kind"], i["id"]) for i in page.items] == [("cardio", run), ("workouts", bench)]
    assert page.items[1]["exercises"] == ["Barbell Bench Press"]
    assert page.items[1]["volume_kg"] == 300
    rest = training_log.feed(ctx, athlete.id, limit=10, offset=2)
    assert [i["kind"] for i in rest.items] == ["workouts"] * 4
    assert [i["started_at"] for i in rest.items] == sorted(
        (i["started_at"] for i in rest.items), reverse=True
    )
    squats = training_log.feed(ctx, athlete.id, exercise="Barbell Back Squat")
    assert squats.total == 4
    window = training_log.feed(ctx, athlete.id, start=date(2026, 11, 13), end=date(2026, 11, 14))
    assert [i["id"] for i in window.items] == [run, bench]
    assert training_log.logged_exercises(ctx, athlete.id) == [
        ("barbell-back-squat", "Barbell Back Squat"),
        ("barbell-bench-press", "Barbell Bench Press"),
    ]
    for kwargs in ({"limit": 0}, {"limit": 101}, {"offset": -1}):
        with pytest.raises(InvalidInput):
            training_log.feed(ctx, athlete.id, **kwargs)
    with pytest.raises(InvalidInput, match="before its start"):
        training_log.feed(ctx, athlete.id, start=date(2026, 11, 5), end=date(2026, 11, 1))


def test_exercise_progress_gives_each_days_bests(ctx: ServiceContext) -> None:
    athlete = make_athlete(ctx)
    day = NOV + timedelta(days=2)
    training_log.log_workout(
        ctx,
        athlete.id,
        workout(
            day,
            ("barbell-back-squat", 10, 60, 0),  # most reps, best volume (600)
            ("barbell-back-squat", 3, 100, 1),  # heaviest, best e1RM (100 × 4/30 + 100)
        ),
    )
    warmup = workout(day + timedelta(days=3), ("barbell-back-squat", 5, 140, 0))
    warmup["sets"][0]["is_warmup"] = True  # a warm-up never counts
    training_log.log_workout(ctx, athlete.id, warmup)
    progress = training_log.exercise_progress(ctx, athlete.id, "back squat")
    assert progress.name == "Barbell Back Squat"
    [best] = progress.days
    assert best.day == day.date()
    assert (best.heaviest_kg, best.heaviest_reps, best.most_reps) == (100, 3, 10)
    assert best.best_set_volume_kg == 600
    assert best.e1rm_kg == pytest.approx(100 * (1 + 4 / 30))
    assert progress.record is not None
    assert progress.record.best_e1rm_kg == pytest.approx(best.e1rm_kg)
    assert training_log.exercise_progress(ctx, athlete.id, "back squat", end=NOV.date()).days == []


def test_last_entry_is_the_requesting_accounts_own_within_the_window(
    ctx: ServiceContext, clock: FixedClock
) -> None:
    athlete = make_athlete(ctx)
    own = as_subject(ctx, subject_of(ctx, athlete))
    training_log.log_workout(ctx, athlete.id, workout(NOV, ("barbell-back-squat", 5, 100, 2)))
    assert training_log.last_entry(own, athlete.id) is None  # the operator logged that one
    meal = training_log.log_meal(
        own, athlete.id, {"eaten_at": clock.now(), "meal_type": "lunch", "calories_kcal": 600}
    ).id
    mine = training_log.log_workout(
        own, athlete.id, workout(clock.now(), ("barbell-bench-press", 5, 60, 2))
    ).id
    last = training_log.last_entry(own, athlete.id)
    assert last is not None
    assert (last.kind, last.id, last.row["set_count"]) == ("workouts", mine, 1)
    with pytest.raises(Conflict):  # the page showed the meal; the workout came after it
        training_log.undo_last(own, athlete.id, "meals", meal)
    assert training_log.undo_last(own, athlete.id, "workouts", mine)["sets"] == 1
    last = training_log.last_entry(own, athlete.id)  # then the one before it
    assert last is not None
    assert (last.kind, last.id) == ("meals", meal)
    clock.set(clock.now() + training_log.UNDO_WINDOW + timedelta(seconds=1))
    assert training_log.last_entry(own, athlete.id) is None
    with pytest.raises(NotFound, match="nothing you logged in the last 30 minutes"):
        training_log.undo_last(own, athlete.id, "meals", meal)


def test_a_correction_of_an_entry_is_checked_as_its_log_was(ctx: ServiceContext) -> None:
    """``correct_entry`` (the chat's corrections) holds each value to the limits, units and
    precision of the entry's own schema: a body weight to 0.1 kg, text in the athlete's unit,
    no negative reps, no heart rate of 400."""
    athlete = make_athlete(ctx, units="imperial").id
    wid = training_log.log_workout(ctx, athlete, workout(NOV, ("barbell-back-squat", 5, 100, 2))).id
    day = training_log.log_daily(ctx, athlete, {"day": "2026-11-01", "weight_kg": 80}).id
    run = training_log.log_cardio(
        ctx, athlete, {"activity_type": "run", "started_at": NOV, "duration_s": 1800}
    ).id
    training_log.correct_entry(ctx, athlete, "daily", day, {"weight_kg": "178"})  # lb
    assert training_log.history(ctx, athlete, "daily")[0]["weight_kg"] == 80.7
    training_log.correct_entry(ctx, athlete, "workouts", wid, {"weight_kg": "235 lb"})
    assert training_log.entry(ctx, athlete, "workouts", wid)["sets"][0]["weight_kg"] == 106.59
    for kind, entry, change, message in (
        (
            "workouts",
            wid,
            {"reps": -5},
            "changes: reps: Input should be greater than or equal to 0",
        ),
        ("workouts", wid, {"weight_kg": "2500 lb"}, "changes: weight_kg"),
        ("daily", day, {"weight_kg": 900}, "changes: weight_kg"),
        ("cardio", run, {"avg_hr": 400}, "changes: avg_hr"),
        ("cardio", run, {"distance_m": "heaps"}, "changes: distance_m"),
    ):
        before = training_log.entry(ctx, athlete, "workouts", wid)["sets"]
        with pytest.raises(InvalidInput) as refused:
            training_log.correct_entry(ctx, athlete, kind, entry, change)  # type: ignore[arg-type]
        assert message in refused.value.message, refused.value.message
        assert training_log.entry(ctx, athlete, "workouts", wid)["sets"] == before
