"""The record pages kept per process (``training_log.history_json``, issue 41) answer, byte for
byte, what the API answered before they were kept: ``history``'s records in a ``Page`` of the
kind's item model, validated and serialized as FastAPI does for the route's response model.

- After any sequence of logged, corrected and deleted workouts, sets, meals and sleep, undos,
  time zone changes, commits and rollbacks, every page (kind, days, limit, offset) equals the
  fresh computation, whether served from the cache or not; inside a transaction that has
  written nothing is kept nor served from what is kept.
- The records a page is built from (``history``, read as Core rows) equal the same rows read
  as mapped objects, with their sets, notes and form checks.
- A write committed by another session is seen by this one's next read.
- Deleting the athlete forgets their pages (``results.forget``).
- A page read again after a write serializes only the records the write changed
  (``training_log.ITEMS``, kept by their rows' values); a record holding a form check (a JSON
  value) is serialized every time, and still answered alike.
- At the same data versions, a page of records already serialized (another window, or a page
  no longer kept) reads no sets (``paging.BY_VERSION``); the demo athlete's page is the route's
  answer byte for byte whichever way it is built.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from sqlalchemy import event, select, update
from sqlalchemy.orm import Session
from tests.factories import make_athlete

from fitcoach.core.clock import FixedClock, zone_named
from fitcoach.core.errors import InvalidInput, NotFound
from fitcoach.interfaces.api.routers.training_log import router
from fitcoach.interfaces.api.schemas import (
    Page,
    StoredMealOut,
    StoredSleepOut,
    StoredWorkoutOut,
)
from fitcoach.services import results, training_log
from fitcoach.services.context import ServiceContext
from fitcoach.services.training_log import paging
from fitcoach.storage.access import Subject
from fitcoach.storage.models import Athlete, Exercise, SetLog
from fitcoach.storage.repositories import training_log as repo

_FIXTURE_OK = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow]

TODAY = date(2026, 11, 20)  # the fixed clock's
FIRST = TODAY - timedelta(days=20)
LIFTS = ("barbell-back-squat", "barbell-bench-press", "romanian-deadlift")
ZONES = ("UTC", "Pacific/Auckland", "America/Los_Angeles")  # sleep is paged by local day
PAGES: dict[str, type[BaseModel]] = {
    "workouts": Page[StoredWorkoutOut],
    "meals": Page[StoredMealOut],
    "sleep": Page[StoredSleepOut],
}


def as_fastapi_answered(kind: str, items: list[dict[str, Any]], limit: int, offset: int) -> bytes:
    """The route's answer before the pages were kept: ``Page[Any]`` of ``history``'s records,
    checked and dumped by the route's own response field as FastAPI's ``serialize_response``
    does for a route without a response class of its own (validated from attributes, then
    ``serialize_json`` with the route's defaults)."""
    route = next(r for r in router.routes if getattr(r, "name", "") == f"list_{kind}")
    field = route.response_field  # type: ignore[attr-defined]
    returned = Page[Any](items=items, limit=limit, offset=offset, count=len(items))
    value, errors = field.validate(returned, {}, loc=("response",))
    assert not errors
    answer: bytes = field.serialize_json(value)
    return answer


def fresh(ctx: ServiceContext, athlete_id: int, kind: Any, start: date | None, end: date | None,
          limit: int, offset: int) -> bytes:  # fmt: skip
    items = training_log.history(ctx, athlete_id, kind, start, end, limit=limit, offset=offset)
    return as_fastapi_answered(kind, items, limit, offset)


def kept(ctx: ServiceContext, athlete_id: int, kind: Any, start: date | None, end: date | None,
         limit: int, offset: int) -> bytes:  # fmt: skip
    return training_log.history_json(
        ctx, athlete_id, kind, PAGES[kind], start, end, limit=limit, offset=offset
    )


def by_orm(ctx: ServiceContext, athlete_id: int, kind: Any, start: date | None,
           end: date | None, limit: int, offset: int) -> list[dict[str, Any]]:  # fmt: skip
    """``history``'s records read as mapped objects (``repo.between``, ``columns_of``), each
    workout with its sets (``repo.sets_of``) and their exercises' slugs and names: what the
    Core reads of the pages must equal."""
    scope = ctx.scope(athlete_id)
    model = training_log.MODELS[kind]
    zone = training_log.athlete_zone(ctx, athlete_id)
    lo, hi = training_log._time_window(model, start, end, zone)
    rows = [
        repo.columns_of(r)
        for r in repo.between(ctx.session, scope, model, lo, hi, limit=limit, offset=offset)
    ]
    if kind == "workouts" and rows:
        exercises = {e.id: e for e in ctx.session.execute(select(Exercise)).scalars()}
        sets = repo.sets_of(ctx.session, scope, [r["id"] for r in rows])
        for row in rows:
            row["sets"] = [
                {
                    **repo.columns_of(s),
                    "exercise": exercises[s.exercise_id].slug,
                    "exercise_name": exercises[s.exercise_id].name,
                }
                for s in sets
                if s.session_id == row["id"]
            ]
    return rows


def _form_check(set_id: int, score: float, breakdown: bool) -> dict[str, Any]:
    """A form check as ``form_check.store`` keeps it with a set (``FormCheck``'s fields)."""
    return {
        "set_id": set_id,
        "exercise": "squat",
        "reps": 5,
        "logged_reps": 5,
        "form_score": score,
        "breakdown": breakdown,
        "faults": [{"fault": "knee_valgus", "severity": 0.4, "reps": 2, "cue": "knees out"}]
        if breakdown
        else [],
        "angles_deg": {"knee": 92.5},
        "scored_by": "rule",
        "frames": 240,
        "person_found": 0.98,
    }


def _at(day: int, minute: int) -> datetime:
    return datetime.combine(FIRST + timedelta(days=day), time(0), tzinfo=UTC) + timedelta(
        minutes=minute
    )


_SET = st.fixed_dictionaries(
    {
        "exercise": st.sampled_from(LIFTS),
        "reps": st.integers(1, 12),
        "weight_kg": st.sampled_from([None, 40.0, 62.5, 100.0]),
        "rir": st.sampled_from([None, 0, 2.5]),
        "notes": st.sampled_from(["", "felt heavy", "ünïcödé"]),
    }
)
# A title the API stores: a NUL character is refused (``core.bounds.check_text``), and so is a
# lone surrogate (not Unicode text: pydantic's str refuses it; no UTF-8 request can carry one).
_TITLE = st.text(st.characters(exclude_categories=("Cs",), exclude_characters="\x00"), max_size=8)
_OP = st.one_of(
    st.tuples(
        st.just("log"),
        st.integers(0, 19),
        st.integers(0, 1439),
        st.lists(_SET, min_size=1, max_size=4),
        st.sampled_from(["", "Push day"]),
    ),
    st.tuples(st.just("meal"), st.integers(0, 19), st.integers(0, 1439), st.integers(100, 900)),
    st.tuples(st.just("sleep"), st.integers(0, 19), st.integers(-180, 180), st.integers(4, 9)),
    st.tuples(st.just("correct_set"), st.integers(0, 99), st.integers(1, 15)),
    st.tuples(st.just("correct_workout"), st.integers(0, 99), st.integers(-3, 3), _TITLE),
    st.tuples(st.just("delete_set"), st.integers(0, 99)),
    st.tuples(
        st.just("form_check"),
        st.integers(0, 99),
        st.sampled_from([0.0, 61.25, 88.0]),
        st.booleans(),
        st.sampled_from([None, True, False]),
    ),
    st.tuples(
        st.just("delete"), st.sampled_from(["workouts", "meals", "sleep"]), st.integers(0, 99)
    ),
    st.tuples(st.just("undo")),
    st.tuples(st.just("zone"), st.sampled_from(ZONES)),
    st.tuples(st.just("commit")),
    st.tuples(st.just("rollback")),
)
_DAY = st.one_of(st.none(), st.integers(-2, 21))
_READ = st.tuples(
    st.sampled_from(list(PAGES)),
    _DAY,
    _DAY,
    st.sampled_from([0, 1, 3, 100]),
    st.sampled_from([0, 1, 2]),
)


def _day(offset: int | None) -> date | None:
    return None if offset is None else FIRST + timedelta(days=offset)


def _apply(ctx: ServiceContext, athlete_id: int, op: tuple[Any, ...]) -> None:
    """One write (``_OP``), a commit or a rollback; nothing when there is no entry to pick."""
    kind = op[0]
    if kind == "none":
        return
    if kind == "commit":
        ctx.session.commit()
        return
    if kind == "rollback":
        ctx.session.rollback()
        return
    if kind == "log":
        _, day, minute, sets, title = op
        body = {"started_at": _at(day, minute).isoformat(), "title": title, "sets": sets}
        training_log.log_workout(ctx, athlete_id, body)
    elif kind == "meal":
        _, day, minute, kcal = op
        meal = {"eaten_at": _at(day, minute).isoformat(), "calories_kcal": kcal}
        training_log.log_meal(ctx, athlete_id, meal)
    elif kind == "sleep":
        _, day, minute, hours = op
        end = _at(day, 7 * 60 + minute)
        night = {"started_at": (end - timedelta(hours=hours)).isoformat(), "ended_at": end.isoformat()}  # fmt: skip
        training_log.log_sleep(ctx, athlete_id, night)
    elif kind == "undo":
        with contextlib.suppress(NotFound):  # nothing left to undo
            training_log.undo_last(ctx, athlete_id)
    elif kind == "zone":
        stmt = update(Athlete).where(Athlete.id == athlete_id).values(timezone=op[1])
        ctx.session.execute(stmt)
    elif kind == "delete":
        _, which, pick = op
        stored = training_log.history(ctx, athlete_id, which)
        if stored:
            training_log.delete_entry(ctx, athlete_id, which, stored[pick % len(stored)]["id"])
    else:
        workouts = training_log.history(ctx, athlete_id, "workouts")
        sets = [(w["id"], s["id"]) for w in workouts for s in w["sets"]]
        if kind == "correct_workout" and workouts:
            _, pick, days, title = op
            workout = workouts[pick % len(workouts)]
            moved = workout["started_at"] + timedelta(days=days)
            changes = {"started_at": moved.isoformat(), "title": title}
            if moved > ctx.clock.now():  # a start moved past the clock is refused, nothing kept
                with pytest.raises(InvalidInput, match="in the future"):
                    training_log.correct_workout(ctx, athlete_id, workout["id"], changes)
                return
            training_log.correct_workout(ctx, athlete_id, workout["id"], changes)
        elif kind == "correct_set" and sets:
            workout_id, set_id = sets[op[1] % len(sets)]
            training_log.correct_set(ctx, athlete_id, workout_id, set_id, {"reps": op[2]})
        elif kind == "delete_set" and sets:
            workout_id, set_id = sets[op[1] % len(sets)]
            training_log.delete_set(ctx, athlete_id, workout_id, set_id)
        elif kind == "form_check" and sets:
            _, pick, score, stored, breakdown = op
            _, set_id = sets[pick % len(sets)]
            check = _form_check(set_id, score, bool(breakdown)) if stored else None
            stmt = update(SetLog).where(SetLog.id == set_id)
            ctx.session.execute(stmt.values(form_check=check, form_breakdown=breakdown))


def _check(ctx: ServiceContext, athlete_id: int, read: tuple[Any, ...]) -> None:
    kind, lo, hi, limit, offset = read
    start, end = _day(lo), _day(hi)
    if start and end and end < start:
        start, end = end, start
    items = training_log.history(ctx, athlete_id, kind, start, end, limit=limit, offset=offset)
    # repr: the same values of the same types (1 and 1.0, or two zones' times, are equal)
    assert repr(items) == repr(by_orm(ctx, athlete_id, kind, start, end, limit, offset)), read
    expected = fresh(ctx, athlete_id, kind, start, end, limit, offset)
    for _ in range(2):  # the first may keep it, the second may be served what was kept
        assert kept(ctx, athlete_id, kind, start, end, limit, offset) == expected, read


@pytest.fixture(autouse=True)
def _no_pages_of_an_earlier_test() -> None:
    """The pooled PostgreSQL test databases are reset between tests with their sequences and
    data versions, under the same URL: a page kept by an earlier test could match a new
    athlete's id and version here (a real server's database never goes back)."""
    results.PAGES.clear()
    training_log.ITEMS.clear()
    paging.BY_VERSION.clear()


def _new_athlete(ctx: ServiceContext) -> int:
    athlete_id = make_athlete(ctx).id
    training_log.log_workout(
        ctx, athlete_id, {"started_at": _at(3, 600).isoformat(),
                          "sets": [{"exercise": LIFTS[0], "reps": 5, "weight_kg": 80.0}]},
    )  # fmt: skip
    ctx.session.commit()
    return athlete_id


# Pages asked after every step, so that a page kept before a write is asked again after it:
# every kind, whole and windowed (sleep by local days), limits and offsets that cut the page.
_EVERY_STEP = [
    ("workouts", None, None, 100, 0),
    ("workouts", 2, 12, 3, 1),
    ("workouts", 5, None, 0, 0),
    ("meals", None, None, 100, 0),
    ("meals", None, 10, 2, 2),
    ("sleep", None, None, 100, 0),
    ("sleep", 4, 9, 100, 0),
]


@settings(max_examples=20, deadline=None, suppress_health_check=_FIXTURE_OK)
@given(
    steps=st.lists(
        st.tuples(_OP, st.sampled_from(["commit", "commit", "rollback", "none"]), _READ),
        min_size=1,
        max_size=8,
    )
)
def test_a_kept_page_equals_the_fresh_one(
    ctx: ServiceContext, steps: list[tuple[tuple[Any, ...], str, tuple[Any, ...]]]
) -> None:
    athlete_id = _new_athlete(ctx)
    hits = results.PAGES.hits
    for op, then, read in steps:
        _apply(ctx, athlete_id, op)
        for page in [*_EVERY_STEP, read]:
            _check(ctx, athlete_id, page)
        _apply(ctx, athlete_id, (then,))
        for page in _EVERY_STEP:
            _check(ctx, athlete_id, page)
    if any(then != "none" for _, then, _ in steps):  # read outside a writing transaction
        assert results.PAGES.hits > hits  # pages were served from what was kept
    # Committed: a page asked twice is read once, and the second answer is the kept bytes.
    _apply(ctx, athlete_id, ("log", 1, 1, [{"exercise": LIFTS[2], "reps": 3}], "last"))
    ctx.session.commit()
    hits, misses = results.PAGES.hits, results.PAGES.misses
    _check(ctx, athlete_id, ("workouts", None, None, 100, 0))
    assert (results.PAGES.hits, results.PAGES.misses) == (hits + 1, misses + 1)


def test_nothing_is_kept_nor_served_inside_a_writing_transaction(ctx: ServiceContext) -> None:
    athlete_id = _new_athlete(ctx)
    kept(ctx, athlete_id, "workouts", None, None, 100, 0)  # kept
    training_log.log_workout(
        ctx,
        athlete_id,
        {"started_at": _at(5, 0).isoformat(), "sets": [{"exercise": LIFTS[1], "reps": 5}]},
    )
    hits, misses = results.PAGES.hits, results.PAGES.misses
    page = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
    assert page == fresh(ctx, athlete_id, "workouts", None, None, 100, 0)
    assert b'"count":2' in page  # the uncommitted workout is in this transaction's answer
    assert (results.PAGES.hits, results.PAGES.misses) == (hits, misses)
    ctx.session.rollback()  # never committed: the page kept before is still the database's
    assert b'"count":1' in kept(ctx, athlete_id, "workouts", None, None, 100, 0)
    assert results.PAGES.hits == hits + 1


def test_a_write_committed_elsewhere_is_seen_at_the_next_read(
    ctx: ServiceContext, database: Any, clock: FixedClock
) -> None:
    athlete_id = _new_athlete(ctx)
    other: Session = database.factory()
    try:
        writer = ServiceContext(session=other, subject=Subject.system(), clock=clock)
        first = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
        ctx.session.commit()
        assert kept(ctx, athlete_id, "workouts", None, None, 100, 0) == first  # kept
        ctx.session.commit()
        training_log.log_workout(
            writer, athlete_id, {"started_at": _at(6, 0).isoformat(), "title": "elsewhere",
                                 "sets": [{"exercise": LIFTS[1], "reps": 8}]},
        )  # fmt: skip
        other.commit()
        after = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
        assert b'"title":"elsewhere"' in after
        assert after == fresh(ctx, athlete_id, "workouts", None, None, 100, 0)
        ctx.session.commit()
        workouts = training_log.history(writer, athlete_id, "workouts")
        set_id = workouts[-1]["sets"][0]["id"]
        training_log.correct_set(writer, athlete_id, workouts[-1]["id"], set_id, {"reps": 11})
        other.commit()
        corrected = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
        assert corrected != after
        assert corrected == fresh(ctx, athlete_id, "workouts", None, None, 100, 0)
    finally:
        other.rollback()
        other.close()


def test_each_athlete_is_served_their_own_page_and_a_deleted_one_is_forgotten(
    ctx: ServiceContext,
) -> None:
    one, two = _new_athlete(ctx), _new_athlete(ctx)
    training_log.log_workout(ctx, two, {"started_at": _at(4, 0).isoformat(), "title": "two's",
                                        "sets": [{"exercise": LIFTS[1], "reps": 5}]})  # fmt: skip
    ctx.session.commit()
    for athlete_id in (one, two, one, two):
        page = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
        assert page == fresh(ctx, athlete_id, "workouts", None, None, 100, 0)
        assert (b"two's" in page) == (athlete_id == two)
    url = str(ctx.session.get_bind().engine.url)
    key = (url, one, "history", ("workouts", PAGES["workouts"], None, None, 100, 0))
    assert results.PAGES.get(key) is not None
    results.forget(one)
    assert results.PAGES.get(key) is None


@pytest.mark.parametrize("zone", ["Pacific/Auckland"])
def test_a_sleep_page_follows_a_time_zone_change(ctx: ServiceContext, zone: str) -> None:
    athlete_id = _new_athlete(ctx)
    end = datetime.combine(FIRST + timedelta(days=2), time(23, 30), tzinfo=UTC)
    night = {"started_at": (end - timedelta(hours=8)).isoformat(), "ended_at": end.isoformat()}
    training_log.log_sleep(ctx, athlete_id, night)
    ctx.session.commit()
    day = FIRST + timedelta(days=2)
    assert b'"count":1' in kept(ctx, athlete_id, "sleep", day, day, 100, 0)
    ctx.session.execute(update(Athlete).where(Athlete.id == athlete_id).values(timezone=zone))
    ctx.session.commit()
    assert end.astimezone(zone_named(zone)).date() != day  # the night now ends a day later
    assert b'"count":0' in kept(ctx, athlete_id, "sleep", day, day, 100, 0)


def test_a_page_after_a_write_serializes_only_what_the_write_changed(
    ctx: ServiceContext,
) -> None:
    athlete_id = _new_athlete(ctx)
    for day in range(1, 6):
        training_log.log_workout(ctx, athlete_id, {
            "started_at": _at(day, 600).isoformat(), "title": f"day {day}",
            "sets": [{"exercise": LIFTS[day % 3], "reps": day, "weight_kg": 50.0 + day,
                      "notes": "felt heavy" if day == 2 else ""}] * 3,
        })  # fmt: skip
    ctx.session.commit()
    items = training_log.ITEMS
    args: tuple[Any, ...] = ("workouts", None, None, 100, 0)
    assert kept(ctx, athlete_id, *args) == fresh(ctx, athlete_id, *args)
    assert (items.hits, items.misses) == (0, 6)  # six workouts, each serialized once

    # One set corrected: the page is read again (a new data version), one workout serialized.
    workouts = {w["title"]: w for w in training_log.history(ctx, athlete_id, "workouts")}
    changed = workouts["day 4"]
    training_log.correct_set(ctx, athlete_id, changed["id"], changed["sets"][1]["id"], {"reps": 9})
    ctx.session.commit()
    page = kept(ctx, athlete_id, *args)
    assert page == fresh(ctx, athlete_id, *args)
    assert (items.hits, items.misses) == (5, 7)

    # A form check on a set: that workout is not kept by its rows (a dict among its values),
    # and answered alike on every read; the others are still served from what was kept. At the
    # same data versions all six are served by their ids (``BY_VERSION``).
    set_id = workouts["day 5"]["sets"][0]["id"]
    check = _form_check(set_id, 61.25, True)
    ctx.session.execute(update(SetLog).where(SetLog.id == set_id).values(form_check=check))
    training_log.correct_set(ctx, athlete_id, workouts["day 5"]["id"], set_id, {"reps": 4})
    ctx.session.commit()
    by_version = paging.BY_VERSION.hits
    for _ in range(2):
        results.PAGES.clear()
        page = kept(ctx, athlete_id, *args)
        assert page == fresh(ctx, athlete_id, *args)
        assert b'"knee_valgus"' in page
    assert (items.hits, items.misses) == (5 + 5, 7 + 1)
    assert paging.BY_VERSION.hits == by_version + 6

    # Deleting the athlete forgets their records' JSON too.
    assert len(items._entries) == 7  # six workouts, and "day 4" before its correction
    assert len(paging.BY_VERSION._entries) == 3 * 6  # the six at each of three versions
    results.forget(athlete_id)
    assert len(items._entries) == len(paging.BY_VERSION._entries) == 0


def _set_statements(sent: list[str]) -> int:
    return sum("FROM set_logs" in statement for statement in sent)


@pytest.fixture
def set_reads(ctx: ServiceContext) -> Iterator[list[str]]:
    """The statements the test's engine sends that read sets, or workouts' titles (their
    rows, not only their ids: noted as ``"workout rows"``)."""
    sent: list[str] = []
    engine = ctx.session.get_bind().engine

    def note(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if "FROM set_logs" in statement:
            sent.append(statement)
        elif "FROM workout_sessions" in statement and "workout_sessions.title" in statement:
            sent.append("workout rows")

    event.listen(engine, "before_cursor_execute", note)
    yield sent
    event.remove(engine, "before_cursor_execute", note)


def test_a_page_asked_while_another_thread_computes_it_is_computed_once(
    ctx: ServiceContext, database: Any, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On SQLite cold computations take turns (``results.COMPUTING``): a thread that missed the
    cache and waited for its turn is served what the thread before it computed, not computing it
    again (ten clients opening a page after one write compute it once). On PostgreSQL nothing
    waits for a turn."""
    athlete_id = _new_athlete(ctx)
    computed: list[str] = []
    real_page_json = training_log._page_json

    def counted(*args: Any) -> bytes:
        computed.append(threading.current_thread().name)
        return real_page_json(*args)

    monkeypatch.setattr(paging, "_page_json", counted)  # where history_json looks it up
    real_hit = results._hit
    waiting = threading.Event()

    def watched(*args: Any) -> Any:
        found = real_hit(*args)
        if threading.current_thread().name == "second" and found is None:
            waiting.set()  # it missed and goes on to wait for its turn
        return found

    monkeypatch.setattr(results, "_hit", watched)
    answers: dict[str, bytes] = {}

    def second() -> None:
        session: Session = database.factory()
        try:
            other = ServiceContext(session=session, subject=Subject.system(), clock=clock)
            answers["second"] = kept(other, athlete_id, "workouts", None, None, 100, 0)
        finally:
            session.rollback()
            session.close()

    thread = threading.Thread(target=second, name="second")
    if ctx.session.get_bind().dialect.name != "sqlite":
        # PostgreSQL: no turns (its driver fetches a result at once): nothing waits.
        with results.COMPUTING:
            thread.start()
            thread.join(timeout=30)
        assert not thread.is_alive()
        assert computed == ["second"]
        assert kept(ctx, athlete_id, "workouts", None, None, 100, 0) == answers["second"]
        return
    with results.COMPUTING:  # this thread's turn
        thread.start()
        assert waiting.wait(timeout=30)
        answers["first"] = kept(ctx, athlete_id, "workouts", None, None, 100, 0)
    thread.join(timeout=30)
    assert not thread.is_alive()
    assert computed == [threading.current_thread().name]  # once, by the first
    assert (
        answers["second"]
        == answers["first"]
        == fresh(ctx, athlete_id, "workouts", None, None, 100, 0)
    )
    assert (results.PAGES.hits, results.PAGES.misses) == (1, 1)


def test_a_page_of_workouts_kept_at_these_versions_reads_no_sets(
    ctx: ServiceContext, set_reads: list[str]
) -> None:
    """Another window or offset over workouts a page already answered at the athlete's data
    version (or the same page once the kept pages dropped it) reads the workouts and not their
    sets; after a write it reads them again, and every answer is the fresh one."""
    athlete_id = _new_athlete(ctx)
    for day in range(1, 6):
        training_log.log_workout(ctx, athlete_id, {
            "started_at": _at(day, 600).isoformat(), "title": f"day {day}",
            "sets": [{"exercise": LIFTS[day % 3], "reps": day, "weight_kg": 50.0 + day}] * 2,
        })  # fmt: skip
    ctx.session.commit()
    set_reads.clear()
    args: tuple[Any, ...] = ("workouts", None, None, 100, 0)
    page = kept(ctx, athlete_id, *args)
    assert set_reads.count("workout rows") == 1
    assert _set_statements(set_reads) == 1
    assert page == fresh(ctx, athlete_id, *args)
    # Their ids alone then: every record's JSON is kept at these versions.
    for window in [(1, None, 100, 0), (-2, 21, 100, 0), (None, None, 3, 2), (2, 4, 1, 1)]:
        set_reads.clear()
        page = kept(ctx, athlete_id, "workouts", _day(window[0]), _day(window[1]), *window[2:])
        assert set_reads == []
        assert page == fresh(ctx, athlete_id, "workouts", _day(window[0]), _day(window[1]), *window[2:])  # fmt: skip
    results.PAGES.clear()
    set_reads.clear()
    assert kept(ctx, athlete_id, *args) == fresh(ctx, athlete_id, *args)
    assert set_reads.count("workout rows") == 1  # the fresh one's

    # A corrected set moves the data version: the page reads the sets again.
    first = training_log.history(ctx, athlete_id, "workouts")[0]
    training_log.correct_set(ctx, athlete_id, first["id"], first["sets"][0]["id"], {"reps": 11})
    ctx.session.commit()
    set_reads.clear()
    page = kept(ctx, athlete_id, *args)
    assert set_reads.count("workout rows") == 1
    assert _set_statements(set_reads) == 1
    assert b'"reps":11' in page
    assert page == fresh(ctx, athlete_id, *args)


def test_the_demo_athletes_page_is_the_one_fastapi_answered(
    ctx: ServiceContext, demo: int, set_reads: list[str]
) -> None:
    """The 100-workout page of the demo athlete (8 weeks, hundreds of sets), byte for byte as
    the route answered it before its pages and records were kept: read cold, from the records
    kept at the athlete's data versions, and from those kept by their rows (after a write that
    moved the version and changed no workout)."""
    since = date(2026, 9, 1)
    expected = fresh(ctx, demo, "workouts", since, None, 100, 0)
    assert expected.count(b'"session_id"') > 300
    set_reads.clear()
    assert kept(ctx, demo, "workouts", since, None, 100, 0) == expected  # cold
    assert _set_statements(set_reads) == 1
    results.PAGES.clear()
    assert kept(ctx, demo, "workouts", since, None, 100, 0) == expected  # kept at the versions
    assert _set_statements(set_reads) == 1
    assert set_reads.count("workout rows") == 1  # the cold read's: then their ids alone
    training_log.log_meal(ctx, demo, {"eaten_at": _at(1, 600).isoformat(), "calories_kcal": 500})
    ctx.session.commit()
    hits, misses = training_log.ITEMS.hits, training_log.ITEMS.misses
    assert kept(ctx, demo, "workouts", since, None, 100, 0) == expected  # kept by their rows
    assert _set_statements(set_reads) == 2
    assert training_log.ITEMS.misses == misses
    assert training_log.ITEMS.hits > hits
