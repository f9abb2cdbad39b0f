"""The cold paths of issue 41 answer what the full computation answers.

- A typed exercise name resolves, through the process's index of names (kept under the global
  data version), to what the whole library resolves it to, and a change to the library is seen
  at the next resolution.
- The training load report, cut from the per-day series the process keeps per athlete and
  data version (``monitoring.SERIES``: the sessions of its days, resting heart rates, hard
  sets and best e1RM per day), equals the report recomputed from every set and every column
  (``load_reference``, the computation before the series), after any sequence of logged,
  corrected and deleted workouts, cardio sessions and resting heart rates around the
  window's first day (local days of a zone far from UTC): for a series read for one report
  inside a writing transaction, and for several windows cut from one kept series (read
  further back when a window reaches before it), and after a write is committed.
- The API's JSON of the report, kept with the cached answer, is the report's JSON.
- The exercises' muscles the report counts hard sets with, kept per process and global data
  version, are the library's, and a change to the library is seen at the next report.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select, update
from tests.factories import make_athlete
from tests.services.load_reference import full_report

from fitcoach.coach.library import library_records
from fitcoach.core.clock import zone_named
from fitcoach.core.errors import InvalidInput
from fitcoach.services import exercises, monitoring, results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.monitoring.load_report import _training_load
from fitcoach.storage.models import Athlete, Exercise
from fitcoach.storage.repositories import exercises as exercise_repo

_FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

_RECORDS = library_records()
_TEXTS = sorted(
    {r.slug for r in _RECORDS}
    | {r.name for r in _RECORDS}
    | {a for r in _RECORDS for a in r.aliases}
    # As apps name them (movement words and equipment), a typo, and names no entry has.
    | {"Squat (Barbell)", "Bench Press (Dumbbell)", "Lateral Raise (Cable)", "Deadlift (Barbell)"}
    | {"bench pres", "squatt", "curl", "row", "press", "underwater basket weaving"}
)


def _reshaped(text: str, upper: bool, pad: bool) -> str:
    shaped = text.upper() if upper else text
    return f"  {shaped} " if pad else shaped


def _by_whole_library(library: list[Exercise], text: str) -> str:
    """What resolving ``text`` against every row of the library answers: a slug or the error."""
    try:
        return exercises._resolve_in(library, text).slug
    except InvalidInput as exc:
        return f"error: {exc.message} {exc.details}"


def _resolved(ctx: ServiceContext, texts: list[str]) -> list[str]:
    try:
        return [e.slug for e in exercises.resolve_many(ctx, texts)]
    except InvalidInput as exc:
        return [f"error: {exc.message} {exc.details}"]


def _resolved_ids(ctx: ServiceContext, texts: list[str]) -> list[str]:
    """``resolve_ids``'s answer, as slugs (or the error)."""
    try:
        ids = exercises.resolve_ids(ctx, texts)
    except InvalidInput as exc:
        return [f"error: {exc.message} {exc.details}"]
    slugs: dict[int, str] = dict(ctx.session.execute(select(Exercise.id, Exercise.slug)).all())
    return [slugs[i] for i in ids]


@settings(max_examples=120, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(
    picks=st.lists(
        st.tuples(st.sampled_from(_TEXTS), st.booleans(), st.booleans()), min_size=1, max_size=4
    )
)
def test_a_typed_name_resolves_as_the_whole_library_does(
    ctx: ServiceContext, picks: list[tuple[str, bool, bool]]
) -> None:
    texts = [_reshaped(t, upper, pad) for t, upper, pad in picks]
    library = exercises._all(ctx)  # read once per example, not once per name
    expected = [_by_whole_library(library, t) for t in texts]
    errors = [e for e in expected if e.startswith("error")]
    # Several names: the first that cannot be resolved is the answer, as before.
    assert _resolved(ctx, texts) == (errors[:1] if errors else expected)
    assert _resolved_ids(ctx, texts) == (errors[:1] if errors else expected)


def test_the_name_index_follows_a_change_to_the_library(ctx: ServiceContext) -> None:
    new_alias = "cold path test lift"
    assert _resolved(ctx, ["back squat"]) == ["barbell-back-squat"]  # the index is built
    with pytest.raises(InvalidInput):
        exercises.resolve(ctx, new_alias)
    with pytest.raises(InvalidInput):
        exercises.resolve_ids(ctx, [new_alias])
    ctx.session.rollback()
    stmt = update(Exercise).where(Exercise.slug == "barbell-front-squat")
    ctx.session.execute(stmt.values(aliases=[new_alias]))
    # Written but not committed: this transaction resolves with what it wrote.
    assert _resolved_ids(ctx, [new_alias]) == ["barbell-front-squat"]
    assert exercises.resolve(ctx, new_alias).slug == "barbell-front-squat"
    ctx.session.commit()
    assert _resolved_ids(ctx, [new_alias]) == ["barbell-front-squat"]
    assert exercises.resolve(ctx, new_alias).slug == "barbell-front-squat"
    ctx.session.execute(stmt.values(aliases=[]))
    ctx.session.commit()
    with pytest.raises(InvalidInput):
        exercises.resolve_ids(ctx, [new_alias])
    with pytest.raises(InvalidInput):
        exercises.resolve(ctx, new_alias)


_SLUGS = sorted({r.slug for r in _RECORDS})


@settings(max_examples=40, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(picks=st.lists(st.sampled_from([*_SLUGS[:40], "no-such-exercise"]), max_size=12))
def test_the_muscles_kept_per_process_are_the_librarys(
    ctx: ServiceContext, picks: list[str]
) -> None:
    assert exercises.muscles_by_slugs(ctx, picks) == exercise_repo.muscles_by_slugs(
        ctx.session, picks
    )


def test_the_muscles_kept_per_process_follow_a_change_to_the_library(
    ctx: ServiceContext,
) -> None:
    slug = "barbell-back-squat"
    before = exercises.muscles_by_slugs(ctx, [slug])[slug]  # kept
    ctx.session.rollback()
    stmt = update(Exercise).where(Exercise.slug == slug)
    ctx.session.execute(stmt.values(primary_muscles=["calves"]))
    # Written but not committed: this transaction reads what it wrote.
    assert exercises.muscles_by_slugs(ctx, [slug])[slug][1] == ["calves"]
    ctx.session.commit()
    assert exercises.muscles_by_slugs(ctx, [slug])[slug][1] == ["calves"]
    ctx.session.execute(stmt.values(primary_muscles=before[1]))
    ctx.session.commit()
    assert exercises.muscles_by_slugs(ctx, [slug])[slug] == before


# --------------------------------------------------------------------------- the load report

END = date(2026, 11, 19)  # the day before the fixed clock's today
START = END - timedelta(days=27)  # a four-week report
ZONE = "Pacific/Auckland"  # local days straddle UTC days: the first day's edge is tested
LIFTS = ("barbell-back-squat", "barbell-bench-press", "romanian-deadlift")


def _full_report(ctx: ServiceContext, athlete_id: int, start: date = START, end: date = END) -> Any:
    """The report recomputed from every row (``load_reference``: the code before the series)."""
    return full_report(ctx, athlete_id, start, end)


def _at(day_offset: int, minute: int) -> datetime:
    """A start around the report's first day, local midnight ± a day, in UTC."""
    local = datetime.combine(START, time(0), tzinfo=zone_named(ZONE))
    return (local + timedelta(days=day_offset, minutes=minute)).astimezone(UTC)


_SET = st.fixed_dictionaries(
    {
        "exercise": st.sampled_from(LIFTS),
        "reps": st.integers(1, 12),
        "weight_kg": st.sampled_from([None, 40.0, 60.0, 80.0, 100.0]),
        "rir": st.sampled_from([None, 0, 1, 2, 3]),
    }
)
_OP = st.one_of(
    st.tuples(
        st.just("log"),
        st.integers(-3, 28),
        st.integers(-180, 180),
        st.lists(_SET, min_size=1, max_size=4),
        st.sampled_from([None, 3600]),
    ),
    st.tuples(st.just("move"), st.integers(0, 50), st.integers(-2, 2), st.integers(-180, 180)),
    st.tuples(st.just("correct_set"), st.integers(0, 50), st.integers(1, 12)),
    st.tuples(st.just("delete_set"), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    # Cardio (TRIMP from its heart rate and the resting heart rates) and a day's resting HR.
    st.tuples(
        st.just("cardio"),
        st.integers(-3, 28),
        st.integers(-180, 180),
        st.sampled_from([None, 5, 8]),
        st.sampled_from([None, 120, 150]),
    ),
    st.tuples(st.just("resting"), st.integers(-200, 28), st.integers(40, 70)),
)


# Report windows (first day's offset from START, days): inside the four weeks, across their
# first day's edge, months before them (the series read further back), one day, up to today.
_WINDOW = st.tuples(st.integers(-70, 28), st.integers(1, 60))


def _window(offset: int, length: int) -> tuple[date, date]:
    first = START + timedelta(days=offset)
    return first, min(first + timedelta(days=length - 1), END + timedelta(days=1))


def _apply(ctx: ServiceContext, athlete_id: int, op: tuple[Any, ...]) -> None:
    """One logged, corrected or deleted entry (``_OP``); nothing when there is none to pick."""
    stored = training_log.history(ctx, athlete_id, "workouts", START - timedelta(days=30), END)
    kind = op[0]
    if kind == "log":
        _, day, minute, sets, duration = op
        body = {"started_at": _at(day, minute).isoformat(), "session_rpe": 7, "sets": sets}
        if duration is not None:
            body["duration_s"] = duration
        training_log.log_workout(ctx, athlete_id, body)
    elif kind == "cardio":
        _, day, minute, rpe, avg_hr = op
        cardio = {"activity_type": "running", "started_at": _at(day, minute).isoformat(),
                  "duration_s": 1800, "session_rpe": rpe, "avg_hr": avg_hr}  # fmt: skip
        training_log.log_cardio(ctx, athlete_id, {k: v for k, v in cardio.items() if v})
    elif kind == "resting":
        day = (START + timedelta(days=op[1])).isoformat()
        training_log.log_daily(ctx, athlete_id, {"day": day, "resting_hr": op[2]})
    elif not stored:
        return
    elif kind == "move":  # a start corrected across the first day's edge, or not
        _, pick, days, minutes = op
        workout = stored[pick % len(stored)]
        moved = workout["started_at"] + timedelta(days=days, minutes=minutes)
        training_log.correct_workout(
            ctx, athlete_id, workout["id"], {"started_at": moved.isoformat()}
        )
    elif kind in ("correct_set", "delete_set"):
        sets = [(w["id"], s["id"]) for w in stored for s in w["sets"]]
        if not sets:
            return
        workout_id, set_id = sets[op[1] % len(sets)]
        if kind == "correct_set":
            training_log.correct_set(ctx, athlete_id, workout_id, set_id, {"reps": op[2]})
        else:
            training_log.delete_set(ctx, athlete_id, workout_id, set_id)
    else:
        workout = stored[op[1] % len(stored)]
        training_log.delete_entry(ctx, athlete_id, "workouts", workout["id"])


def _new_athlete(ctx: ServiceContext) -> int:
    athlete_id = make_athlete(ctx).id
    ctx.session.execute(update(Athlete).where(Athlete.id == athlete_id).values(timezone=ZONE))
    training_log.log_workout(  # a warm-up month's session, always there
        ctx, athlete_id, {"started_at": _at(-20, 0).isoformat(), "session_rpe": 6,
                          "duration_s": 2400, "sets": [{"exercise": LIFTS[0], "reps": 5}]},
    )  # fmt: skip
    return athlete_id


@settings(max_examples=25, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(ops=st.lists(_OP, min_size=1, max_size=8), windows=st.lists(_WINDOW, min_size=3, max_size=6))
def test_the_load_report_equals_the_one_read_with_every_set(
    ctx: ServiceContext, ops: list[tuple[Any, ...]], windows: list[tuple[int, int]]
) -> None:
    """Inside the writing transaction each report reads a series of its own; committed, the
    windows are cut from the one series the process keeps (read further back when a window
    reaches before it), and a write after them is seen at the next report."""
    athlete_id = _new_athlete(ctx)
    for op in ops:
        _apply(ctx, athlete_id, op)
        report = _training_load(ctx, athlete_id, START, END, None)
        assert report == _full_report(ctx, athlete_id), op
    ctx.session.commit()  # kept only outside a transaction that has written
    key = (str(ctx.session.get_bind().engine.url), athlete_id)
    reads = monitoring.SERIES.misses
    for offset, length in [(0, 28), *windows]:
        first, last = _window(offset, length)
        report = _training_load(ctx, athlete_id, first, last, None)
        assert report == _full_report(ctx, athlete_id, first, last), (first, last)
        assert monitoring.SERIES.get(key) is not None
    # The first window read the series; after it only a window before its sets reads again.
    assert 1 <= monitoring.SERIES.misses - reads <= 1 + len(windows)
    _apply(ctx, athlete_id, ops[-1])
    ctx.session.commit()  # the athlete's version rises: the series kept is not served
    for offset, length in [(0, 28), *windows[:2]]:
        first, last = _window(offset, length)
        report = _training_load(ctx, athlete_id, first, last, None)
        assert report == _full_report(ctx, athlete_id, first, last), (first, last)


def test_many_windows_are_cut_from_one_series(ctx: ServiceContext) -> None:
    """After the first report, windows inside the series are slices of it (no read), and
    deleting the athlete drops it (``results.forget``)."""
    athlete_id = _new_athlete(ctx)
    for n in range(12):
        _apply(ctx, athlete_id, ("log", 3 * n - 8, 60 * n, [{"exercise": LIFTS[n % 3],
               "reps": 5, "weight_kg": 60.0 + n, "rir": n % 4}], 3600))  # fmt: skip
        _apply(ctx, athlete_id, ("cardio", 3 * n - 7, 0, 6, 140))
        _apply(ctx, athlete_id, ("resting", 3 * n - 9, 50 + n))
    for day, bpm in ((-150, 40), (-128, 41), (-115, 42)):  # warm-up months of some windows
        _apply(ctx, athlete_id, ("resting", day, bpm))
    ctx.session.commit()
    key = (str(ctx.session.get_bind().engine.url), athlete_id)
    hits, misses = monitoring.SERIES.hits, monitoring.SERIES.misses
    windows = [_window(0, 28), _window(7, 21), _window(1, 1), _window(-3, 40), _window(14, 9)]
    reports = [_training_load(ctx, athlete_id, *w, None) for w in windows]
    # Read twice: the first window, and the one before its first day (sets read further back).
    assert (monitoring.SERIES.hits, monitoring.SERIES.misses) == (hits + 3, misses + 2)
    for (first, last), report in zip(windows, reports, strict=True):
        assert report == _full_report(ctx, athlete_id, first, last), (first, last)
    assert reports[3].e1rm_trends
    assert any(m.sets for w in reports[3].weeks for m in w.hard_sets)
    results.forget(athlete_id)
    assert monitoring.SERIES.get(key) is None


def test_the_api_json_of_the_load_report_is_the_reports(ctx: ServiceContext) -> None:
    athlete_id = make_athlete(ctx).id
    for n in range(6):
        at = datetime.combine(START + timedelta(days=4 * n), time(18), tzinfo=UTC)
        training_log.log_workout(
            ctx,
            athlete_id,
            {"started_at": at.isoformat(), "session_rpe": 7, "duration_s": 3000,
             "sets": [{"exercise": LIFTS[n % 3], "reps": 5, "weight_kg": 60.0 + n}] * 3},
        )  # fmt: skip
    ctx.session.commit()  # cached only outside a transaction that has written
    report = monitoring.training_load(ctx, athlete_id, start=START, end=END)
    first = monitoring.training_load_json(ctx, athlete_id, start=START, end=END)
    again = monitoring.training_load_json(ctx, athlete_id, start=START, end=END)
    assert json.loads(first) == report.model_dump(mode="json") == json.loads(again)
    assert report.e1rm_trends  # the sets in the window were read
    assert report.weeks
