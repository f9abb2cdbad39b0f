"""Wearable streams: the generator's realism, unit conversion at the edge, and the consumer end
to end (SQLite and PostgreSQL; the in-process bus and Redis Streams)."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import redis
import typer
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from tests.conftest import Database, redis_reachable
from typer.testing import CliRunner

from fitcoach.cli import wearables as cli
from fitcoach.core.clock import FixedClock
from fitcoach.core.settings import get_settings
from fitcoach.ingest.bus import Bus, InMemoryBus, RedisBus
from fitcoach.pipelines.wearables import ACTIVITIES, generate_wearables, publish_wearables
from fitcoach.services import training_log
from fitcoach.services import wearables as service
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import unit_of_work
from fitcoach.storage.models import Account, Athlete, CardioSession, Feedback, Meal, SleepSession
from fitcoach.storage.repositories import wearables as wearable_repo
from fitcoach.storage.repositories.wearables import athletes_for_users, wearable_email
from fitcoach.workers import wearables as worker

END = date(2026, 11, 20)
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
ID_FIELDS = {
    "events": "event_id",
    "sleep": "session_id",
    "nutrition": "meal_id",
    "feedback": "feedback_id",
}
RECORD_TABLES = {
    "events": CardioSession,
    "sleep": SleepSession,
    "nutrition": Meal,
    "feedback": Feedback,
}


def _time_of(stream_kind: str, payload: Mapping[str, Any]) -> datetime | None:
    key = {"events": "event_ts", "sleep": "end_ts", "nutrition": "ts", "feedback": "ts"}
    if stream_kind not in key:
        return None
    return datetime.fromisoformat(payload[key[stream_kind]])


def _kind(stream: str) -> str:
    return stream.rpartition(":")[2]


# --------------------------------------------------------------------------------------------
# The generator


def test_generator_is_deterministic_and_per_user_stable() -> None:
    a = list(generate_wearables(3, 5, seed=7, end=END))
    assert a == list(generate_wearables(3, 5, seed=7, end=END))
    assert a != list(generate_wearables(3, 5, seed=8, end=END))
    # User 0 has the same history whether 3 or 4 users are simulated.
    more = list(generate_wearables(4, 5, seed=7, end=END))
    first_user = a[0][1]["user_id"]
    mine = [(s, p) for s, p in a if p.get("user_id") == first_user]
    assert mine == [(s, p) for s, p in more if p.get("user_id") == first_user]


def test_generator_realism_invariants() -> None:
    athletes, days = 12, 28
    messages = list(generate_wearables(athletes, days, seed=3, end=END))
    by_kind: dict[str, list[dict[str, Any]]] = {}
    for stream, payload in messages:
        assert stream.startswith("fitness:")
        by_kind.setdefault(_kind(stream), []).append(payload)
    users = {u["user_id"]: u for u in by_kind["users"]}
    assert len(users) == athletes
    # Profiles and devices come first; then records in time order, all before END 00:00.
    first_record = next(i for i, (s, _) in enumerate(messages) if _kind(s) in RECORD_TABLES)
    assert {_kind(s) for s, _ in messages[:first_record]} == {"users", "devices"}
    times = [_time_of(_kind(s), p) for s, p in messages[first_record:]]
    stamps = [t for t in times if t is not None]
    assert len(stamps) == len(times)
    assert stamps == sorted(stamps)
    start = datetime(2026, 10, 23, tzinfo=UTC)
    assert min(stamps) >= start - timedelta(hours=12)
    assert max(stamps) < datetime(2026, 11, 20, tzinfo=UTC)
    # Ids are unique, and every record's user has a profile and every device a user.
    for kind, id_field in ID_FIELDS.items():
        ids = [p[id_field] for p in by_kind[kind]]
        assert len(ids) == len(set(ids)), kind
        assert {p["user_id"] for p in by_kind[kind]} <= set(users)
    devices = {d["device_id"]: d for d in by_kind["devices"]}
    assert {d["user_id"] for d in devices.values()} == set(users)
    # Physiology.
    for e in by_kind["events"]:
        user = users[e["user_id"]]
        hr_max = 208 - 0.7 * user["age"]
        assert e["activity_type"] in ACTIVITIES
        assert 40 <= e["heart_rate_bpm"] <= e["max_heart_rate_bpm"] <= round(hr_max)
        kcal_per_min = e["calories_burned"] / (e["duration_s"] / 60)
        assert 1.0 <= kcal_per_min <= 20.0
        on_foot = ACTIVITIES[e["activity_type"]].cadence is not None
        assert ("step_increment" in e) == on_foot
        if e["activity_type"] in ("running", "walking"):
            steps_per_min = e["step_increment"] / (e["duration_s"] / 60)
            assert 95 <= steps_per_min <= 185
            speed_kmh = e["distance_m"] / 1000 / (e["duration_s"] / 3600)
            assert 4 <= speed_kmh <= 13.5
    runs = [e for e in by_kind["events"] if e["activity_type"] == "running"]
    walks = [e for e in by_kind["events"] if e["activity_type"] == "walking"]
    assert runs
    assert walks
    assert sum(e["heart_rate_bpm"] for e in runs) / len(runs) > sum(
        e["heart_rate_bpm"] for e in walks
    ) / len(walks)
    assert len(by_kind["sleep"]) == athletes * days  # one night per user per day
    for s in by_kind["sleep"]:
        in_bed_min = (
            datetime.fromisoformat(s["end_ts"]) - datetime.fromisoformat(s["start_ts"])
        ).total_seconds() / 60
        assert sum(s["sleep_stage_breakdown"].values()) == pytest.approx(in_bed_min, abs=1)
        assert 4.5 * 60 <= in_bed_min <= 12 * 60
        assert 0 <= s["quality"] <= 1
    per_day = Counter((m["user_id"], m["ts"][:10]) for m in by_kind["nutrition"])
    assert set(per_day.values()) <= {3, 4}
    assert len(per_day) == athletes * days
    for m in by_kind["nutrition"]:
        atwater = 4 * m["protein_g"] + 4 * m["carbs_g"] + 9 * m["fat_g"]
        assert m["calories"] == pytest.approx(atwater, rel=0.05, abs=5)
    daily_kcal = Counter[tuple[str, str]]()
    for m in by_kind["nutrition"]:
        daily_kcal[(m["user_id"], m["ts"][:10])] += m["calories"]
    assert min(daily_kcal.values()) >= 1100  # the generator's floor, less rounding and noise
    assert max(daily_kcal.values()) <= 5000
    for f in by_kind["feedback"]:
        assert 1 <= f["mood"] <= 10
        assert 1 <= f["energy"] <= 10
        assert 0 <= f.get("perceived_exertion", 0) <= 10
    # Every message is valid for the consumer's schemas.
    for stream, payload in messages:
        service.parse_message(_kind(stream), payload)


# --------------------------------------------------------------------------------------------
# Messages: units at the edge, reasons for the dead letter


def test_unit_conversions() -> None:
    assert [service.quality_1_to_5(q) for q in (0.0, 0.2, 0.5, 0.85, 1.0)] == [1, 2, 3, 4, 5]
    ctx_clock = FixedClock(NOW)
    user = str(uuid.uuid4())
    night = {
        "session_id": "s1",
        "user_id": user,
        "start_ts": "2026-11-18T23:00:00Z",
        "end_ts": "2026-11-19T07:00:00Z",
        "quality": 0.85,
        "sleep_stage_breakdown": {"deep": 90, "light": 240, "REM": 100, "wake": 20},
        "awakenings": 2,
    }
    msg = service.parse_message("sleep", night)
    row = service.record_row(_Ctx(ctx_clock), "sleep", msg, {})
    assert row["stages_s"] == {"deep": 5400.0, "light": 14400.0, "rem": 6000.0, "awake": 1200.0}
    assert row["quality"] == 4
    assert (row["source"], row["source_id"]) == ("wearable:sleep", "s1")
    assert row["started_at"] == datetime(2026, 11, 18, 23, tzinfo=UTC)
    seconds = {**night, "stage_unit": "s", "sleep_stage_breakdown": {"deep": 5400}}
    as_seconds = service.parse_message("sleep", seconds)
    assert service.record_row(_Ctx(ctx_clock), "sleep", as_seconds, {})["stages_s"] == {
        "deep": 5400.0
    }
    wrong = {**night, "sleep_stage_breakdown": {"deep": 5400, "light": 14400}}
    with pytest.raises(service.InvalidRecord, match="seconds sent as minutes"):
        service.record_row(_Ctx(ctx_clock), "sleep", service.parse_message("sleep", wrong), {})


class _Ctx(ServiceContext):
    """Only the clock is used by ``record_row``."""

    def __init__(self, clock: FixedClock) -> None:
        self.clock = clock


@pytest.mark.parametrize(
    ("kind", "change", "reason"),
    [
        ("events", {"heart_rate_bpm": "145"}, "heart_rate_bpm: Input should be a valid number"),
        (
            "events",
            {"heart_rate_bpm": 2.4},
            "heart_rate_bpm: Input should be greater than or equal to 25",
        ),
        ("events", {"distance_km": 5}, "distance_km: Extra inputs are not permitted"),
        (
            "events",
            {"event_ts": "2026-11-19T10:00:00"},
            "event_ts: Input should have timezone info",
        ),
        ("events", {"event_ts": "2026-12-19T10:00:00Z"}, "in the future"),
        ("events", {"user_id": "bob"}, "user_id: Input should be a valid UUID"),
        ("events", {"heart_rate_bpm": 170, "max_heart_rate_bpm": 150}, "cannot exceed max_hr"),
        ("nutrition", {"calories": "600 kcal"}, "calories: Input should be a valid number"),
        ("feedback", {"energy": 11}, "energy: Input should be less than or equal to 10"),
        ("users", {"height_cm": 1.78}, "height_cm: Input should be greater than 50"),
        ("users", {"goals": ["get_huge"]}, "unknown goal 'get_huge'"),
        ("users", {"sex": "q"}, "unknown sex"),
    ],
)
def test_bad_messages_name_the_field(kind: str, change: dict[str, Any], reason: str) -> None:
    base = {
        "events": {
            "event_id": "e1",
            "activity_type": "running",
            "event_ts": "2026-11-19T10:00:00Z",
            "duration_s": 1800,
            "heart_rate_bpm": 150,
        },
        "nutrition": {"meal_id": "m1", "ts": "2026-11-19T12:00:00Z", "calories": 600},
        "feedback": {"feedback_id": "f1", "ts": "2026-11-19T21:00:00Z", "energy": 6},
        "users": {
            "age": 30,
            "sex": "f",
            "height_cm": 170,
            "weight_kg": 60,
            "goals": ["muscle_gain"],
        },
    }[kind]
    payload = {"user_id": str(uuid.uuid4()), **base, **change}

    def check() -> None:
        msg = service.parse_message(kind, payload)
        if kind != "users":
            service.record_row(_Ctx(FixedClock(NOW)), kind, msg, {})

    with pytest.raises(service.InvalidRecord) as caught:
        check()
    assert reason in caught.value.reason


# --------------------------------------------------------------------------------------------
# End to end


@pytest.fixture(params=["memory", "redis"])
def bus(request: pytest.FixtureRequest) -> Iterator[tuple[Bus, service.WearableStreams]]:
    """A bus and a stream prefix of this test's own (Redis streams are deleted afterwards)."""
    streams = service.WearableStreams(f"test-{uuid.uuid4().hex[:12]}")
    if request.param == "memory":
        yield InMemoryBus(maxlen=1_000_000), streams
        return
    client = redis.Redis.from_url(redis_reachable(), socket_connect_timeout=2)
    redis_bus = RedisBus(client, maxlen=1_000_000)
    names = [*streams.all().values(), streams.dead_letter]
    try:
        yield redis_bus, streams
    finally:
        redis_bus.delete(*names)
        client.close()


def _factory(database: Database) -> Callable[[], AbstractContextManager[ServiceContext]]:
    @contextmanager
    def ctx_factory() -> Iterator[ServiceContext]:
        with unit_of_work(database.factory) as session:
            yield ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))

    return ctx_factory


def _count(session: Session, model: Any, athlete_id: int | None = None) -> int:
    stmt = select(func.count()).select_from(model)
    if athlete_id is not None:
        stmt = stmt.where(model.athlete_id == athlete_id)
    return int(session.execute(stmt).scalar_one())


MALFORMED: list[tuple[str, dict[str, Any], str]] = [
    ("events", {}, "empty or undecodable payload"),
    ("events", {"heart_rate_bpm": "fast"}, "heart_rate_bpm"),
    ("sleep", {"sleep_stage_breakdown": {"deep": 6000, "light": 20000}}, "seconds sent as minutes"),
    ("nutrition", {"user_id": "00000000-0000-4000-8000-000000000000"}, "unknown user"),
    ("feedback", {"mood": 0}, "mood"),
]


def test_end_to_end_store_redeliver_dead_letter(
    database: Database, bus: tuple[Bus, service.WearableStreams]
) -> None:
    the_bus, streams = bus
    athletes, days = 6, 10
    messages = list(generate_wearables(athletes, days, seed=11, end=END, streams=streams))
    published = publish_wearables(the_bus, athletes, days, 11, END, streams=streams)
    assert published.total == len(messages)
    expected = Counter(_kind(s) for s, _ in messages)
    # Malformed messages, each a copy of a good one with one thing wrong.
    samples = {_kind(s): p for s, p in reversed(messages)}
    for kind, change, _ in MALFORMED:
        payload = {} if not change else {**samples[kind], **change}
        if change:
            payload[ID_FIELDS[kind]] = f"bad-{uuid.uuid4().hex}"
        the_bus.publish(streams.name(kind), payload)

    factory = _factory(database)
    report = worker.consume(factory, the_bus, streams=streams, batch=250, once=True)

    bad = Counter(kind for kind, _, _ in MALFORMED)
    for kind in service.KINDS:
        c = report.counts[kind]
        assert c.read == expected[kind] + bad[kind], kind
        assert c.dead_lettered == bad[kind], kind
        assert c.stored == expected[kind], kind
        assert c.duplicates == 0, kind
    with database.factory() as session:
        assert _count(session, Athlete) == athletes
        for kind, model in RECORD_TABLES.items():
            assert _count(session, model) == expected[kind], kind
        # Scoped per athlete: each user's records belong to their athlete.
        users = [p["user_id"] for s, p in messages if _kind(s) == "users"]
        known = athletes_for_users(session, users)
        assert set(known) == set(users)
        for user in users:
            email = session.execute(
                select(Account.email).join(Athlete).where(Athlete.id == known[user])
            ).scalar_one()
            assert email == wearable_email(user)
            for kind, model in RECORD_TABLES.items():
                mine = sum(1 for s, p in messages if _kind(s) == kind and p["user_id"] == user)
                assert _count(session, model, known[user]) == mine
        sources = set(session.execute(select(CardioSession.source)).scalars())
        assert sources == {"wearable:events"}
    # The dead letters carry the reasons.
    dead = list(worker.read_dead_letters(the_bus, streams, "inspector"))
    assert len(dead) == len(MALFORMED)
    for (kind, _, reason), letter in zip(MALFORMED, dead, strict=False):
        assert any(reason in d["reason"] and d["stream"] == streams.name(kind) for d in dead), (
            reason,
            dead,
            letter,
        )

    # A second delivery of everything stores nothing.
    publish_wearables(the_bus, athletes, days, 11, END, streams=streams)
    again = worker.consume(factory, the_bus, streams=streams, batch=1000, once=True)
    assert again.stored == 0
    assert again.duplicates == len(messages)
    assert again.dead_lettered == 0
    with database.factory() as session:
        assert _count(session, Athlete) == athletes
        for kind, model in RECORD_TABLES.items():
            assert _count(session, model) == expected[kind]
        # And the stored rows read back through the scoped service.
        ctx = ServiceContext(session=session, subject=Subject.system(), clock=FixedClock(NOW))
        some = next(iter(known.values()))
        rows = training_log.history(ctx, some, "cardio", END - timedelta(days=days), END)
        assert rows
        assert {r["source"] for r in rows} == {"wearable:events"}


def test_copies_in_one_run_are_stored_once(database: Database) -> None:
    """The same messages twice on the bus before one consumer run: the copies are duplicates,
    device registrations included."""
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    the_bus = InMemoryBus()
    first = publish_wearables(the_bus, 3, 2, 4, END, streams=streams)
    publish_wearables(the_bus, 3, 2, 4, END, streams=streams)
    report = worker.consume(_factory(database), the_bus, streams=streams, batch=50, once=True)
    assert report.stored == first.total
    assert report.duplicates == first.total
    assert report.counts["devices"].duplicates == report.counts["devices"].stored
    with database.factory() as session:
        assert _count(session, Athlete) == 3
        cardio_notes = set(session.execute(select(CardioSession.notes)).scalars())
        assert all(n.startswith("Recorded by ") for n in cardio_notes)


class _FailingAck:
    """A bus whose first ``ack`` fails: the crash window between commit and ack."""

    def __init__(self, inner: InMemoryBus) -> None:
        self.inner = inner
        self.failed = False

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None:
        if not self.failed:
            self.failed = True
            raise ConnectionError("bus went away")
        self.inner.ack(stream, group, ids)


def test_commit_then_ack_and_redelivery_after_a_crash(database: Database) -> None:
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    inner = InMemoryBus()
    messages = list(generate_wearables(2, 3, seed=5, end=END, streams=streams))
    publish_wearables(inner, 2, 3, 5, END, streams=streams)
    factory = _factory(database)

    # 1. The database fails: nothing is stored, nothing acknowledged.
    @contextmanager
    def broken() -> Iterator[ServiceContext]:
        with factory() as ctx:
            yield ctx
            raise ConnectionError("database went away before the commit")

    with pytest.raises(ConnectionError):
        worker.consume(broken, inner, streams=streams, once=True)
    with database.factory() as session:
        assert _count(session, Athlete) == 0
    assert sum(len(inner.pending(n, "wearables")) for n in streams.all().values()) == len(messages)

    # 2. Stored and committed, but the ack is lost: the messages stay pending.
    failing = _FailingAck(inner)
    with pytest.raises(ConnectionError):
        worker.consume(factory, failing, streams=streams, once=True, reclaim_idle_ms=0)
    with database.factory() as session:
        stored = _count(session, Meal)
        assert stored == sum(1 for s, _ in messages if _kind(s) == "nutrition")

    # 3. A restarted consumer reclaims them: counted as duplicates, nothing stored twice.
    report = worker.consume(factory, inner, streams=streams, once=True, reclaim_idle_ms=0)
    assert report.stored == 0
    assert report.duplicates == len(messages)
    assert sum(len(inner.pending(n, "wearables")) for n in streams.all().values()) == 0
    with database.factory() as session:
        assert _count(session, Meal) == stored


class _Journal:
    """A bus that writes down, in order, every dead letter it publishes and every ack."""

    def __init__(self, inner: InMemoryBus, events: list[tuple[str, str]]) -> None:
        self.inner = inner
        self.events = events

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)

    def publish(self, stream: str, payload: Mapping[str, Any]) -> str:
        self.events.append(("dead-letter", str(payload["stream"])))
        return self.inner.publish(stream, payload)

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None:
        self.events.append(("ack", stream))
        self.inner.ack(stream, group, ids)


def test_the_shared_loop_retries_a_database_error_and_acks_only_after_the_commit(
    database: Database,
) -> None:
    """The wearables consumer runs on ``ingest.worker.StreamWorker`` like the frame consumer:
    a failed commit (the database restarting) is retried after a pause with nothing acked or
    dead-lettered; once it commits, the dead letters go out, then the acks."""
    from sqlalchemy.exc import OperationalError

    from fitcoach.ingest.worker import StreamWorker

    assert issubclass(worker.WearablesConsumer, StreamWorker)
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    inner = InMemoryBus()
    published = publish_wearables(inner, 1, 2, 3, END, streams=streams)
    good = next(
        p for s, p in generate_wearables(1, 2, 3, END, streams=streams) if _kind(s) == "feedback"
    )
    inner.publish(streams.name("feedback"), {**good, "feedback_id": "bad", "mood": 0})
    events: list[tuple[str, str]] = []
    attempts = {"n": 0}
    base = _factory(database)

    @contextmanager
    def flaky() -> Iterator[ServiceContext]:
        attempts["n"] += 1
        with base() as ctx:
            yield ctx
            if attempts["n"] == 1:
                raise OperationalError("COMMIT", {}, ConnectionError("database restarting"))
        events.append(("commit", ""))

    report = worker.consume(
        flaky, _Journal(inner, events), streams=streams, once=True, retry_pause_s=0.01
    )

    assert report.retried == 1
    assert report.stored == published.total
    assert report.dead_lettered == 1
    assert "mood" in report.dead_letters[0].reason
    first_commit = events.index(("commit", ""))
    assert first_commit == 0  # no dead letter and no ack before a commit
    dead = events.index(("dead-letter", streams.name("feedback")))
    feedback_ack = events.index(("ack", streams.name("feedback")))
    assert first_commit < dead < feedback_ack
    assert {s for kind, s in events if kind == "ack"} == set(streams.all().values())
    assert sum(len(inner.pending(n, "wearables")) for n in streams.all().values()) == 0
    with database.factory() as session:
        assert _count(session, Athlete) == 1
        assert _count(session, Feedback) == sum(
            1
            for s, _ in generate_wearables(1, 2, 3, END, streams=streams)
            if _kind(s) == "feedback"
        )


def test_records_of_an_unknown_user_wait_for_the_profile(database: Database) -> None:
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    the_bus = InMemoryBus()
    messages = list(generate_wearables(1, 2, seed=9, end=END, streams=streams))
    records = [(s, p) for s, p in messages if _kind(s) in RECORD_TABLES]
    profile = [(s, p) for s, p in messages if _kind(s) not in RECORD_TABLES]
    for stream, payload in records:  # the records arrive before the user
        the_bus.publish(stream, payload)
    factory = _factory(database)
    rounds = iter(range(3))
    first = worker.consume(
        factory,
        the_bus,
        streams=streams,
        block_ms=1,
        unknown_user_wait_s=3600,
        should_stop=lambda: next(rounds, None) is None,
    )
    assert first.waiting == len(records)
    assert first.stored == first.dead_lettered == 0
    for stream, payload in profile:
        the_bus.publish(stream, payload)
    # A restarted consumer takes the waiting records back and finds their user now.
    second = worker.consume(factory, the_bus, streams=streams, once=True, reclaim_idle_ms=0)
    assert second.dead_lettered == 0
    assert second.stored == len(messages)
    with database.factory() as session:
        assert _count(session, Athlete) == 1
        assert _count(session, SleepSession) == 2

    # With --once semantics, records whose user never comes are dead-lettered, not kept.
    stranger = {**records[0][1], "user_id": str(uuid.uuid4()), "session_id": "x"}
    the_bus.publish(streams.name("sleep"), stranger)
    third = worker.consume(factory, the_bus, streams=streams, once=True)
    assert third.dead_lettered == 1
    assert "unknown user" in third.dead_letters[0].reason


def test_a_record_the_database_refuses_is_dead_lettered_alone(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A value the schemas let through but the database cannot hold costs only its message."""
    streams = service.WearableStreams(f"t{uuid.uuid4().hex[:8]}")
    the_bus = InMemoryBus()
    publish_wearables(the_bus, 1, 2, 3, END, streams=streams)
    factory = _factory(database)
    worker.consume(factory, the_bus, streams=streams, once=True)
    with database.factory() as session:
        athlete_id = session.execute(select(Athlete.id)).scalar_one()
    good = next(
        p for s, p in generate_wearables(1, 2, 3, END, streams=streams) if _kind(s) == "nutrition"
    )
    for i in range(3):
        the_bus.publish(streams.name("nutrition"), {**good, "meal_id": f"new-{i}"})
    # PostgreSQL text cannot hold NUL: the schema refuses it first, on both databases, so that
    # it costs only its message there too (it once reached PostgreSQL and failed the insert).
    the_bus.publish(
        streams.name("nutrition"), {**good, "meal_id": "new-1b", "description": "a\x00b"}
    )
    original = wearable_repo.insert_for_athletes

    def refusing(session: Session, scopes: Any, model: Any, rows: Sequence[Any]) -> int:
        if any(r["source_id"] == "new-1" for r in rows):
            raise IntegrityError("INSERT", {}, Exception("CHECK constraint failed: meals"))
        return original(session, scopes, model, rows)

    # The fake stands for a constraint SQLite has no natural trigger for.
    monkeypatch.setattr(wearable_repo, "insert_for_athletes", refusing)
    report = worker.consume(factory, the_bus, streams=streams, once=True)
    assert report.counts["nutrition"].stored == 2
    assert report.counts["nutrition"].dead_lettered == 2
    reasons = sorted(d.reason for d in report.dead_letters)
    assert sum("the database refused it" in r for r in reasons) == 1, reasons
    assert sum("NUL character" in r for r in reasons) == 1, reasons
    with database.factory() as session:
        stmt = select(Meal.source_id).where(Meal.athlete_id == athlete_id)
        ids = set(session.execute(stmt).scalars())
        assert {"new-0", "new-2"} <= ids
        assert not {"new-1", "new-1b"} & ids


# --------------------------------------------------------------------------------------------
# Command line


def test_cli_help_has_examples() -> None:
    app = typer.Typer()
    app.command("simulate")(cli.simulate_wearables)
    app.command("ingest")(cli.consume_wearables)
    runner = CliRunner()
    for name in ("simulate", "ingest"):
        result = runner.invoke(app, [name, "--help"])
        assert result.exit_code == 0
        assert "Example:" in result.stdout


def test_cli_simulate_and_consume_in_process(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> None:
    import json
    import shutil

    db = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, db)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("simulate")(cli.simulate_wearables)
    app.command("ingest")(cli.consume_wearables)
    runner = CliRunner()
    try:
        args = [
            "simulate",
            "-n",
            "3",
            "-d",
            "4",
            "--end",
            "2026-11-20",
            "--consume",
            "--faults",
            "0.05",
            "--json",
        ]
        result = runner.invoke(app, args)
        assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
        out = json.loads(result.stdout)
        consumed = out["consumed"]
        assert consumed["read"] == out["total"]
        assert consumed["stored"] + consumed["dead_lettered"] == out["total"]
        assert consumed["dead_lettered"] >= 1
        assert all(d["reason"] for d in consumed["dead_letters"])
        bad = runner.invoke(app, ["simulate", "--end", "20-11-2026"])
        assert bad.exit_code == 2
        assert "--end must be a day" in bad.stderr
    finally:
        get_settings.cache_clear()
