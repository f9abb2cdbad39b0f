"""Bus semantics shared by the in-process bus and Redis Streams (the same tests run on both)."""

from __future__ import annotations

import json
import threading
import time
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from fitcoach.core.settings import Settings
from fitcoach.ingest.bus import InMemoryBus, Message, RedisBus, encode_payload, make_bus

Bus = InMemoryBus | RedisBus


def _payloads(n: int, start: int = 0) -> list[dict[str, int]]:
    return [{"n": i} for i in range(start, start + n)]


def test_publish_read_ack_and_pending(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "g")
    ids = any_bus.publish_many(stream, _payloads(5))
    one = any_bus.publish(stream, {"n": 5, "text": "ü", "nested": {"a": [1, 2.5, None]}})
    assert len({*ids, one}) == 6

    got = any_bus.read(stream, "g", "c1", count=4, block_ms=100)
    assert [m.payload["n"] for m in got] == [0, 1, 2, 3]
    assert [m.id for m in got] == ids[:4]
    assert all(m.stream == stream for m in got)
    rest = any_bus.read(stream, "g", "c1", count=10, block_ms=100)
    assert [m.id for m in rest] == [*ids[4:], one]
    assert rest[-1].payload == {"n": 5, "text": "ü", "nested": {"a": [1, 2.5, None]}}
    # Delivered once to the group: nothing new now, and all six are pending until acked.
    assert any_bus.read(stream, "g", "c1", count=10, block_ms=50) == []
    assert set(any_bus.pending(stream, "g")) == {*ids, one}
    any_bus.ack(stream, "g", [m.id for m in got])
    assert set(any_bus.pending(stream, "g")) == {*ids[4:], one}
    any_bus.ack(stream, "g", [m.id for m in rest])
    assert any_bus.pending(stream, "g") == {}


def test_consumers_share_a_group_and_groups_each_get_everything(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "a")
    any_bus.ensure_group(stream, "a")  # idempotent
    any_bus.ensure_group(stream, "b")
    any_bus.publish_many(stream, _payloads(10))
    first = any_bus.read(stream, "a", "c1", count=6, block_ms=100)
    second = any_bus.read(stream, "a", "c2", count=6, block_ms=100)
    assert [m.payload["n"] for m in first + second] == list(range(10))
    other = any_bus.read(stream, "b", "c1", count=100, block_ms=100)
    assert [m.payload["n"] for m in other] == list(range(10))
    owners = any_bus.pending(stream, "a")
    assert sorted(owners.values()) == ["c1"] * 6 + ["c2"] * 4


def test_read_blocks_until_a_message_or_the_timeout(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "g")
    started = time.monotonic()
    assert any_bus.read(stream, "g", "c", block_ms=200) == []
    assert 0.15 <= time.monotonic() - started < 2.0

    timer = threading.Timer(0.2, lambda: any_bus.publish(stream, {"late": True}))
    timer.start()
    started = time.monotonic()
    # Woken by the message, not by the timeout: a minute's block against a bound of half of it,
    # so a loaded machine cannot blur the two.
    got = any_bus.read(stream, "g", "c", block_ms=60_000)
    timer.join()
    assert [m.payload for m in got] == [{"late": True}]
    assert time.monotonic() - started < 30.0


def test_reclaim_takes_over_only_idle_pending_messages(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "g")
    ids = any_bus.publish_many(stream, _payloads(3))
    crashed = any_bus.read(stream, "g", "dead", count=10, block_ms=100)
    assert [m.id for m in crashed] == ids
    # Not idle long enough: a live consumer's work is not stolen.
    assert any_bus.reclaim(stream, "g", "heir", min_idle_ms=60_000) == []
    time.sleep(0.15)
    taken = any_bus.reclaim(stream, "g", "heir", min_idle_ms=100, count=2)
    assert [m.id for m in taken] == ids[:2]
    assert [m.payload["n"] for m in taken] == [0, 1]
    assert any_bus.pending(stream, "g") == {ids[0]: "heir", ids[1]: "heir", ids[2]: "dead"}
    # Reclaiming resets the idle time: only the third (still idle) one comes now.
    assert [m.id for m in any_bus.reclaim(stream, "g", "heir", min_idle_ms=100)] == [ids[2]]
    any_bus.ack(stream, "g", ids)
    assert any_bus.pending(stream, "g") == {}
    assert any_bus.reclaim(stream, "g", "heir", min_idle_ms=0) == []


def test_streams_are_capped_at_about_maxlen(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.maxlen = 100
    for start in range(0, 2_000, 100):
        any_bus.publish_many(stream, _payloads(100, start))
    length = any_bus.length(stream)
    # Approximate trimming (XADD MAXLEN ~): at least maxlen kept, far fewer than published.
    assert 100 <= length <= 300
    any_bus.ensure_group(stream, "g")
    got = any_bus.read(stream, "g", "c", count=1_000, block_ms=100)
    assert len(got) == length
    assert got[-1].payload["n"] == 1_999  # the newest are kept, in order
    assert [m.payload["n"] for m in got] == list(range(2_000 - length, 2_000))


def test_streams_hold_nothing_older_than_their_age_bound(any_bus: Bus, prefix: str) -> None:
    """Consented raw frames do not outlive ``max_age_s`` on the bus, processed or not (the
    length cap alone kept them as long as the stream was quiet): each publish trims what is
    older (XTRIM MINID)."""
    stream = f"{prefix}:s"
    any_bus.max_age_s = 1.0
    any_bus.ensure_group(stream, "g")
    any_bus.publish_many(stream, _payloads(5, 0))
    assert len(any_bus.read(stream, "g", "c", count=10, block_ms=100)) == 5  # pending
    time.sleep(1.2)
    newest = any_bus.publish(stream, {"n": 5})
    assert [m.id for m in _held(any_bus, stream)] == [newest]
    assert any_bus.length(stream) == 1


def _held(bus: Bus, stream: str) -> list[Message]:
    """Every message the stream still holds, oldest first (``XRANGE``, outside any group)."""
    out: list[Message] = []
    after = "0-0"
    while batch := bus.read_after({stream: after}, count=1000):
        out.extend(batch)
        after = batch[-1].id
    return out


def test_ack_delete_acks_and_removes_the_messages_from_the_stream(
    any_bus: Bus, prefix: str
) -> None:
    """What a consumer withholds leaves the bus at once: acked in its group and gone from the
    stream (XLEN, XRANGE), the rest untouched; a group that has not read it never gets it,
    and one holding it pending acks it as usual (a reclaim drops it)."""
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "storage")
    any_bus.ensure_group(stream, "vitals")
    ids = any_bus.publish_many(stream, _payloads(6))
    got = any_bus.read(stream, "storage", "c", count=10, block_ms=100)
    early = any_bus.read(stream, "vitals", "v", count=2, block_ms=100)  # holds 0 and 1
    refused = [ids[1], ids[3], ids[4]]

    assert any_bus.ack_delete(stream, "storage", refused) == 3
    any_bus.ack(stream, "storage", [m.id for m in got if m.id not in refused])

    assert any_bus.length(stream) == 3
    assert [m.id for m in _held(any_bus, stream)] == [ids[0], ids[2], ids[5]]
    assert any_bus.pending(stream, "storage") == {}
    # The other group: what it holds stays pending until it acks; the rest it never gets.
    assert [m.id for m in early] == ids[:2]
    assert set(any_bus.pending(stream, "vitals")) == {ids[0], ids[1]}
    later = any_bus.read(stream, "vitals", "v", count=10, block_ms=100)
    assert [m.payload["n"] for m in later] == [2, 5]
    time.sleep(0.05)
    taken = any_bus.reclaim(stream, "vitals", "heir", min_idle_ms=10)
    assert ids[1] not in {m.id for m in taken}  # deleted: nothing left to hand out
    any_bus.ack(stream, "vitals", ids)
    assert any_bus.pending(stream, "vitals") == {}
    # Deleting again (another group got there first) removes nothing and is no error.
    assert any_bus.ack_delete(stream, "vitals", refused) == 0
    assert any_bus.ack_delete(stream, "vitals", []) == 0
    assert any_bus.length(stream) == 3


def test_ack_delete_of_messages_far_apart_keeps_the_others_in_order(
    any_bus: Bus, prefix: str
) -> None:
    stream = f"{prefix}:s"
    any_bus.ensure_group(stream, "g")
    ids = any_bus.publish_many(stream, _payloads(2_500))
    any_bus.read(stream, "g", "c", count=3_000, block_ms=100)
    gone = ids[::3]  # more than one Redis chunk (1,000 ids) of the transaction

    assert any_bus.ack_delete(stream, "g", gone) == len(gone)

    kept = [m.payload["n"] for m in _held(any_bus, stream)]
    assert kept == [n for n in range(2_500) if n % 3]
    assert set(any_bus.pending(stream, "g")) == set(ids) - set(gone)


def test_subscribe_sees_new_messages_only_without_a_group(any_bus: Bus, prefix: str) -> None:
    stream = f"{prefix}:s"
    any_bus.publish(stream, {"old": True})
    feed = any_bus.subscribe(stream)
    received: list[Message] = []

    def listen() -> None:
        for message in feed:
            received.append(message)
            if len(received) == 3:
                return

    thread = threading.Thread(target=listen, daemon=True)
    thread.start()
    time.sleep(0.1)
    ids = any_bus.publish_many(stream, _payloads(3))
    thread.join(timeout=5)
    assert not thread.is_alive()
    assert [m.id for m in received] == ids
    assert [m.payload["n"] for m in received] == [0, 1, 2]


def test_read_without_a_group_is_an_error(any_bus: Bus, prefix: str) -> None:
    with pytest.raises(Exception, match=r"(?i)group"):
        any_bus.read(f"{prefix}:nogroup", "g", "c", block_ms=10)


def test_a_redis_entry_that_is_not_json_arrives_as_an_empty_payload(
    redis_bus: RedisBus, prefix: str
) -> None:
    stream = f"{prefix}:s"
    redis_bus.ensure_group(stream, "g")
    redis_bus.client.xadd(stream, {"d": b"\xff not json"})
    redis_bus.client.xadd(stream, {"other": "field"})
    redis_bus.client.xadd(stream, {"d": "[1, 2]"})
    got = redis_bus.read(stream, "g", "c", count=10, block_ms=100)
    assert [m.payload for m in got] == [{}, {}, {}]


def test_redis_publish_many_stores_the_json_text_as_xadd_would(
    redis_bus: RedisBus, prefix: str
) -> None:
    stream = f"{prefix}:s"
    payloads = [
        {"v": 1, "samples": "AAE=", "rate": 250.0, "none": None, "flag": True},
        {"text": "é \u2603", "nested": {"a": [1, 2.5, None]}, "nan": float("nan")},
    ]
    ids = redis_bus.publish_many(stream, payloads)
    entries = redis_bus.client.xrange(stream)
    assert [e[0].decode() for e in entries] == ids
    assert [e[1] for e in entries] == [
        {b"d": json.dumps(p, separators=(",", ":")).encode()} for p in payloads
    ]
    assert encode_payload(payloads[1]) == json.dumps(payloads[1], separators=(",", ":"))


_SCALARS = (
    st.text()
    | st.text(st.characters(max_codepoint=0x7F))
    | st.integers()
    | st.integers(-(2**70), 2**70)
    | st.floats()
    | st.floats(-1e17, 1e17)
    | st.floats(-1e-3, 1e-3)
    | st.sampled_from([0.0, -0.0, 1e-4, -1e-4, 1e16, 9.999999999999998e15, 250.0])
    | st.booleans()
    | st.none()
)


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.text(max_size=8), _SCALARS, max_size=12))
def test_the_json_text_is_json_dumps_for_flat_payloads(payload: dict[str, Any]) -> None:
    # encode_payload writes flat payloads with pydantic-core where the text is the same.
    assert encode_payload(payload) == json.dumps(payload, separators=(",", ":"))


def test_make_bus_picks_redis_only_when_a_url_is_set(redis_url: str) -> None:
    assert isinstance(make_bus(Settings(redis_url=None, bus_maxlen=50)), InMemoryBus)
    bus = make_bus(Settings(redis_url=redis_url, bus_maxlen=50))
    assert isinstance(bus, RedisBus)
    assert bus.maxlen == 50
    bus.client.close()


def test_in_memory_bus_is_thread_safe(prefix: str) -> None:
    bus = InMemoryBus()
    stream = f"{prefix}:s"
    bus.ensure_group(stream, "g")
    seen: list[int] = []
    lock = threading.Lock()

    def produce(base: int) -> None:
        for i in range(500):
            bus.publish(stream, {"n": base + i})

    def consume(name: str) -> None:
        while True:
            got = bus.read(stream, "g", name, count=37, block_ms=200)
            if not got:
                return
            with lock:
                seen.extend(m.payload["n"] for m in got)
            bus.ack(stream, "g", [m.id for m in got])

    producers = [threading.Thread(target=produce, args=(k * 1000,)) for k in range(4)]
    consumers = [threading.Thread(target=consume, args=(f"c{k}",)) for k in range(3)]
    for t in producers + consumers:
        t.start()
    for t in producers + consumers:
        t.join(timeout=20)
    assert sorted(seen) == sorted(k * 1000 + i for k in range(4) for i in range(500))
    assert bus.pending(stream, "g") == {}


def test_in_memory_ids_take_wall_time_from_the_injected_clock() -> None:
    """Ids are ``<ms>-<n>`` like Redis's, the ms from ``core.clock``; a clock that stands still
    or steps back only advances ``n``, so ids keep increasing."""
    from datetime import UTC, datetime, timedelta

    from fitcoach.core.clock import FixedClock

    at = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
    clock = FixedClock(at)
    bus = InMemoryBus(clock=clock)
    ms = int(at.timestamp() * 1000)
    assert bus.publish_many("s", _payloads(2)) == [f"{ms}-0", f"{ms}-1"]
    assert bus.publish_many("s", []) == []
    assert bus.length("s") == 2
    clock.set(at - timedelta(seconds=5))
    assert bus.publish("s", {"n": 2}) == f"{ms}-2"
    clock.set(at + timedelta(seconds=1))
    assert bus.publish("s", {"n": 3}) == f"{ms + 1000}-0"
