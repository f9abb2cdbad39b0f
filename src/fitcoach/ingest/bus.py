"""The message bus: an in-process queue or Redis Streams, with the same semantics.

Both implementations follow Redis Streams' consumer-group model:

* ``publish`` appends a message to a stream and returns its id (``"<ms>-<n>"``); streams are
  capped at about ``maxlen`` messages (the oldest are trimmed, like ``XADD MAXLEN ~``) and,
  with ``max_age_s``, hold nothing older than that (``XTRIM MINID`` with each publish).
* ``read`` hands a consumer of a group messages no one in the group has seen yet; each stays
  *pending* (owned by that consumer) until it is ``ack``-ed.
* ``reclaim`` takes over pending messages idle for at least ``min_idle_ms`` (a crashed
  consumer's), so that someone processes them; a message is therefore delivered at least once,
  and consumers must be idempotent.
* ``subscribe`` is a fan-out for live views: it yields messages published after it started,
  outside any group (nothing is pending, nothing needs an ack).
* ``delete_matching`` removes every message whose payload a predicate accepts (``XDEL``) and
  acks it in every group, so that nothing of it stays pending: deleting an athlete erases
  their messages with it.
* ``ack_delete`` acks messages in one group and removes them from the stream at once (``XACK``
  then ``XDEL``, in one ``MULTI``): what a consumer withholds (an athlete without
  ``sensor_data`` consent) must not wait on the bus for the length cap to trim it. Other
  groups that have not read such a message never get it; one that holds it pending acks it
  as usual (a reclaim drops it, as for a trimmed message).

``make_bus`` picks Redis when ``FITCOACH_REDIS_URL`` is set and the in-process bus otherwise.
Payloads are JSON objects; bytes travel as base64 text inside them (see ``ingest.producers``).
"""

from __future__ import annotations

import bisect
import itertools
import json
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

from pydantic_core import to_json as _to_json

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.settings import Settings

if TYPE_CHECKING:  # redis-py loads when a RedisBus is made: the in-process bus does without it
    import redis

PAYLOAD_FIELD = "d"
REMOVE_IN_PLACE = 100  # the in-process bus deletes up to this many messages at once in place


class Message(NamedTuple):
    """One message: its stream id, the stream it came from and its decoded payload.

    A payload that cannot be decoded (not JSON, not an object) arrives as ``{}``; consumers
    treat it as malformed.
    """

    id: str
    stream: str
    payload: dict[str, Any]


class Bus(Protocol):
    """What producers and consumers need from a bus (see the module docstring)."""

    def publish(self, stream: str, payload: Mapping[str, Any]) -> str: ...

    def publish_many(self, stream: str, payloads: Sequence[Mapping[str, Any]]) -> list[str]: ...

    def ensure_group(self, stream: str, group: str) -> None: ...

    def read(
        self, stream: str, group: str, consumer: str, *, count: int = 100, block_ms: int = 1000
    ) -> list[Message]: ...

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None: ...

    def reclaim(
        self, stream: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 100
    ) -> list[Message]: ...

    def subscribe(self, stream: str) -> Iterator[Message]: ...

    def delete_matching(self, stream: str, match: Callable[[dict[str, Any]], bool]) -> int: ...

    def ack_delete(self, stream: str, group: str, ids: Sequence[str]) -> int: ...


# What ``json.dumps(payload, separators=(",", ":"))`` makes and uses, made once: ``dumps`` builds
# a new encoder on every call with separators other than the default ones.
_ENCODER = json.JSONEncoder(separators=(",", ":"))


def encode_payload(payload: Mapping[str, Any]) -> str:
    """The JSON text a payload travels as: ``json.dumps(payload, separators=(",", ":"))``.

    A flat object of JSON scalars with str keys (a frame payload: thousands a second) is
    written by pydantic-core's serializer where its text is the same as ``json``'s: printable
    ASCII only (``json`` escapes the rest, DEL included), and floats that both write in plain
    decimals (zero, or 1e-4 <= |x| < 1e16; outside that the exponents' forms differ). With
    the checks it costs 1.6 µs a frame payload against ``json``'s 2.6. Anything else goes
    through ``json``."""
    if (
        type(payload) is dict
        and _STR.issuperset(map(type, payload))
        and _JSON_SCALARS.issuperset(map(type, payload.values()))
    ):
        for value in payload.values():
            if type(value) is float and not (1e-4 <= abs(value) < 1e16 or value == 0.0):
                break
        else:
            text = _to_json(payload)
            if text.isascii() and b"\x7f" not in text:
                return text.decode()
    return _ENCODER.encode(payload)


def decode_payload(raw: str | bytes | None) -> dict[str, Any]:
    """A payload back from its JSON text; ``{}`` when it is not a JSON object."""
    if raw is None:
        return {}
    try:
        value = json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return {}
    return value if isinstance(value, dict) else {}


_JSON_SCALARS = frozenset({str, int, float, bool, type(None)})


_STR = frozenset({str})


class SharedPayload(dict[str, Any]):
    """A payload as the in-process bus holds it: one object, handed to every reader of the
    message (every group's), and never changed after publishing (readers must not change
    it either). So the readers of one process can decode it once: ``memo`` holds
    ``(decoder, result)`` of the first reader's decoding (``consumer.parse_frame`` is the one
    decoder that uses it), or None."""

    __slots__ = ("memo",)
    memo: tuple[object, object] | None


def _json_copy(payload: Mapping[str, Any]) -> SharedPayload:
    """``decode_payload(encode_payload(payload))``. A flat object of JSON scalars (str keys;
    str, int, float, bool or None values, of exactly those types) comes back from JSON equal
    to itself, so it is copied as it is: a frame payload, published many times a second."""
    if _JSON_SCALARS.issuperset(map(type, payload.values())) and _STR.issuperset(
        map(type, payload)
    ):
        copy = SharedPayload(payload)
    else:
        copy = SharedPayload(decode_payload(encode_payload(payload)))
    copy.memo = None
    return copy


_new_tuple = tuple.__new__


def _parse_id(message_id: str) -> tuple[int, int]:
    ms, _, n = message_id.partition("-")
    return int(ms), int(n or 0)


# --------------------------------------------------------------------------- in memory


class _Pending(NamedTuple):  # one per message read: a tuple is the cheapest record
    consumer: str
    delivered_ms: float
    deliveries: int = 1


@dataclass
class _Group:
    last_delivered: tuple[int, int] = (0, 0)
    pending: dict[str, _Pending] = field(default_factory=dict)


@dataclass
class _Stream:
    keys: list[tuple[int, int]] = field(default_factory=list)
    ids: list[str] = field(default_factory=list)
    payloads: list[SharedPayload] = field(default_factory=list)
    groups: dict[str, _Group] = field(default_factory=dict)
    last_key: tuple[int, int] = (0, 0)

    def index_after(self, key: tuple[int, int]) -> int:
        return bisect.bisect_right(self.keys, key)

    def position(self, message_id: str) -> int | None:
        """Where the message lies in the stream (None when it is not there)."""
        try:
            key = _parse_id(message_id)
        except ValueError:
            return None
        i = bisect.bisect_left(self.keys, key)
        if i < len(self.keys) and self.keys[i] == key:
            return i
        return None

    def get(self, message_id: str) -> dict[str, Any] | None:
        i = self.position(message_id)
        return None if i is None else self.payloads[i]

    def remove(self, positions: Sequence[int]) -> None:
        """Drop the messages at ``positions`` (sorted, distinct), payloads included. A few
        are deleted in place (from the back: each ``del`` moves only what follows it); many
        rebuild the lists from the stretches between them (on 100,000 messages the rebuild
        costs about 9 ms, a ``del`` about 15 µs)."""
        if len(positions) <= REMOVE_IN_PLACE:
            for i in reversed(positions):
                del self.keys[i], self.ids[i], self.payloads[i]
            return
        cuts = [-1, *positions, len(self.keys)]
        spans = [(a + 1, b) for a, b in itertools.pairwise(cuts) if b > a + 1]
        chain = itertools.chain.from_iterable
        self.keys = list(chain(self.keys[a:b] for a, b in spans))
        self.ids = list(chain(self.ids[a:b] for a, b in spans))
        self.payloads = list(chain(self.payloads[a:b] for a, b in spans))


class InMemoryBus:
    """A thread-safe, in-process bus with the consumer-group semantics of Redis Streams.

    ``maxlen`` caps each stream approximately (trimmed in steps of a tenth, like ``~``);
    ``clock_ms`` (monotonic milliseconds) decides idle times and can be injected in tests;
    ``clock`` (wall time, UTC) stamps message ids the way Redis does (``<ms>-<n>``).
    Messages live in this process only: they are gone when it exits. Each message's payload
    is one ``SharedPayload`` (a copy made at publishing), the same object for every reader.
    """

    def __init__(
        self,
        *,
        maxlen: int = 100_000,
        max_age_s: float | None = None,
        clock_ms: Callable[[], float] | None = None,
        clock: Clock | None = None,
    ) -> None:
        if maxlen < 1:
            raise ValueError("maxlen must be at least 1")
        self.maxlen = maxlen
        self.max_age_s = max_age_s
        # Idle times and read timeouts are durations: a monotonic clock, so that a wall-clock
        # step (NTP, a test's fixed clock) can neither expire nor freeze them.
        self._clock_ms = clock_ms or (lambda: time.monotonic() * 1000.0)
        self._clock = clock or SystemClock()
        self._streams: dict[str, _Stream] = {}
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)

    def _stream(self, name: str) -> _Stream:
        stream = self._streams.get(name)
        if stream is None:
            stream = self._streams[name] = _Stream()
        return stream

    @staticmethod
    def _next_key(stream: _Stream, ms: int) -> tuple[int, int]:
        # Ids carry wall time like Redis's; a clock that stands still or steps back only
        # advances the sequence part, so ids stay increasing.
        last_ms, last_n = stream.last_key
        key = (ms, 0) if ms > last_ms else (last_ms, last_n + 1)
        stream.last_key = key
        return key

    def publish(self, stream: str, payload: Mapping[str, Any]) -> str:
        return self.publish_many(stream, [payload])[0]

    def publish_many(self, stream: str, payloads: Sequence[Mapping[str, Any]]) -> list[str]:
        # What a JSON round trip gives, so that both buses hand consumers the same values.
        copies = [_json_copy(p) for p in payloads]
        ms = int(self._clock.now().timestamp() * 1000)  # one stamp for the call, as one XADD
        with self._changed:
            s = self._stream(stream)
            if not copies:
                return []
            # ``_next_key`` for each message, at once: the call's one stamp gives the first key,
            # every later one the next sequence number of the same milliseconds.
            first_ms, first_n = self._next_key(s, ms)
            numbers = range(first_n, first_n + len(copies))
            keys = [(first_ms, n) for n in numbers]
            ids = [f"{first_ms}-{n}" for n in numbers]
            s.last_key = keys[-1]
            s.keys.extend(keys)
            s.ids.extend(ids)
            s.payloads.extend(copies)
            excess = len(s.keys) - self.maxlen
            if excess > max(1, self.maxlen // 10) or (excess > 0 and self.maxlen < 10):
                del s.keys[:excess], s.ids[:excess], s.payloads[:excess]
            if self.max_age_s is not None:  # as ``XTRIM MINID``: older than the age bound
                old = bisect.bisect_left(s.keys, (ms - int(self.max_age_s * 1000), 0))
                if old:
                    del s.keys[:old], s.ids[:old], s.payloads[:old]
            self._changed.notify_all()
        return ids

    def length(self, stream: str) -> int:
        """How many messages the stream holds now."""
        with self._lock:
            return len(self._stream(stream).keys)

    def ensure_group(self, stream: str, group: str) -> None:
        with self._lock:
            self._stream(stream).groups.setdefault(group, _Group())

    def _group(self, stream: str, group: str) -> tuple[_Stream, _Group]:
        s = self._stream(stream)
        g = s.groups.get(group)
        if g is None:
            raise KeyError(f"no group {group!r} on stream {stream!r}; call ensure_group first")
        return s, g

    def read(
        self, stream: str, group: str, consumer: str, *, count: int = 100, block_ms: int = 1000
    ) -> list[Message]:
        deadline = time.monotonic() + max(block_ms, 0) / 1000.0
        with self._changed:
            while True:
                s, g = self._group(stream, group)
                start = s.index_after(g.last_delivered)
                stop = min(start + max(count, 1), len(s.keys))
                if stop > start:
                    entry = _Pending(consumer, self._clock_ms())  # immutable: one serves all
                    ids = s.ids[start:stop]
                    g.pending.update(dict.fromkeys(ids, entry))
                    g.last_delivered = s.keys[stop - 1]
                    # ``Message(i, stream, p)`` without the named tuple's Python-level
                    # ``__new__``: thousands of messages a read.
                    return [
                        _new_tuple(Message, (i, stream, p))
                        for i, p in zip(ids, s.payloads[start:stop], strict=True)
                    ]
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._changed.wait(remaining)

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None:
        with self._lock:
            _, g = self._group(stream, group)
            for message_id in ids:
                g.pending.pop(message_id, None)

    def pending(self, stream: str, group: str) -> dict[str, str]:
        """Pending message ids of the group and the consumer that owns each."""
        with self._lock:
            _, g = self._group(stream, group)
            return {mid: p.consumer for mid, p in g.pending.items()}

    def reclaim(
        self, stream: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 100
    ) -> list[Message]:
        with self._lock:
            s, g = self._group(stream, group)
            now = self._clock_ms()
            out: list[Message] = []
            for message_id in sorted(g.pending, key=_parse_id):
                if len(out) >= count:
                    break
                entry = g.pending[message_id]
                if now - entry.delivered_ms < min_idle_ms:
                    continue
                payload = s.get(message_id)
                if payload is None:  # trimmed away meanwhile: nothing left to deliver
                    del g.pending[message_id]
                    continue
                g.pending[message_id] = _Pending(consumer, now, entry.deliveries + 1)
                out.append(Message(message_id, stream, payload))
            return out

    def delete_matching(self, stream: str, match: Callable[[dict[str, Any]], bool]) -> int:
        """Remove the stream's messages whose payload ``match`` accepts (and their pending
        entries in every group); returns how many were removed."""
        with self._lock:
            s = self._streams.get(stream)
            if s is None:
                return 0
            gone = [i for i, payload in enumerate(s.payloads) if match(payload)]
            if not gone:
                return 0
            ids = {s.ids[i] for i in gone}
            keep = [i for i in range(len(s.ids)) if s.ids[i] not in ids]
            s.keys = [s.keys[i] for i in keep]
            s.ids = [s.ids[i] for i in keep]
            s.payloads = [s.payloads[i] for i in keep]
            for g in s.groups.values():
                for message_id in ids:
                    g.pending.pop(message_id, None)
            return len(ids)

    def ack_delete(self, stream: str, group: str, ids: Sequence[str]) -> int:
        """Ack ``ids`` in ``group`` and remove them from the stream, under one lock (see the
        module docstring); returns how many were still in the stream and are now gone.
        Another group's pending entry of such a message stays until that group acks it (its
        ``reclaim`` drops it), as Redis does."""
        with self._lock:
            s, g = self._group(stream, group)
            for message_id in ids:
                g.pending.pop(message_id, None)
            positions = sorted(
                {i for message_id in ids if (i := s.position(message_id)) is not None}
            )
            s.remove(positions)
            return len(positions)

    def last_id(self, stream: str) -> str:
        """The id of the stream's newest message (``"0-0"`` when it is empty): a starting
        point for ``read_after``."""
        with self._lock:
            key = self._stream(stream).last_key
        return f"{key[0]}-{key[1]}"

    def read_after(
        self, positions: Mapping[str, str], *, count: int = 1000, block_ms: int = 0
    ) -> list[Message]:
        """Messages after each stream's id in ``positions``, outside any group (a live view's
        tail, like ``XREAD``): at most ``count`` per stream, waiting up to ``block_ms`` when
        there are none. The caller keeps the last id of each stream for the next call."""
        deadline = time.monotonic() + max(block_ms, 0) / 1000.0
        with self._changed:
            while True:
                out: list[Message] = []
                for name, after in positions.items():
                    s = self._stream(name)
                    start = s.index_after(_parse_id(after))
                    stop = min(start + max(count, 1), len(s.keys))
                    out.extend(Message(s.ids[i], name, s.payloads[i]) for i in range(start, stop))
                remaining = deadline - time.monotonic()
                if out or remaining <= 0:
                    return out
                self._changed.wait(remaining)

    def group_info(self, stream: str) -> list[dict[str, Any]]:
        """Each consumer group of the stream: its name, pending count and lag (messages in the
        stream not yet delivered to the group)."""
        with self._lock:
            s = self._stream(stream)
            return [
                {
                    "name": name,
                    "pending": len(g.pending),
                    "lag": len(s.keys) - s.index_after(g.last_delivered),
                    "consumers": len({p.consumer for p in g.pending.values()}),
                    "last_delivered": f"{g.last_delivered[0]}-{g.last_delivered[1]}",
                }
                for name, g in s.groups.items()
            ]

    def subscribe(self, stream: str) -> Iterator[Message]:
        # The starting point is taken now, not at the first ``next``.
        with self._lock:
            start = self._stream(stream).last_key
        return self._follow(stream, start)

    def _follow(self, stream: str, last: tuple[int, int]) -> Iterator[Message]:
        while True:
            with self._changed:
                s = self._stream(stream)
                start = s.index_after(last)
                if start >= len(s.keys):
                    self._changed.wait(1.0)
                    continue
                batch = [
                    Message(s.ids[i], stream, s.payloads[i]) for i in range(start, len(s.keys))
                ]
                last = s.keys[-1]
            yield from batch


# --------------------------------------------------------------------------- Redis


class RedisBus:
    """Redis Streams (redis-py with hiredis): XADD MAXLEN ~, XREADGROUP, XACK, XAUTOCLAIM.

    Each message has one field, ``d``, holding the payload's JSON text.
    """

    def __init__(
        self,
        client: redis.Redis,
        *,
        maxlen: int = 100_000,
        max_age_s: float | None = None,
        clock: Clock | None = None,
    ) -> None:
        self.client = client
        self.maxlen = maxlen
        self.max_age_s = max_age_s
        self._clock = clock or SystemClock()

    @classmethod
    def from_url(
        cls, url: str, *, maxlen: int = 100_000, max_age_s: float | None = None
    ) -> RedisBus:
        import redis

        return cls(
            redis.Redis.from_url(url, decode_responses=False), maxlen=maxlen, max_age_s=max_age_s
        )

    def publish(self, stream: str, payload: Mapping[str, Any]) -> str:
        return self.publish_many(stream, [payload])[0]

    def publish_many(self, stream: str, payloads: Sequence[Mapping[str, Any]]) -> list[str]:
        if not payloads:
            return []
        pipe = self.client.pipeline(transaction=False)
        # The command ``pipe.xadd(stream, {PAYLOAD_FIELD: body}, maxlen=..., approximate=True)``
        # sends, without assembling and checking its arguments again for every message.
        command: Callable[..., Any] = pipe.execute_command
        maxlen = str(self.maxlen)
        for payload in payloads:
            command(
                "XADD", stream, b"MAXLEN", b"~", maxlen, "*", PAYLOAD_FIELD, encode_payload(payload)
            )
        if self.max_age_s is not None:
            # The age bound: entries older than it go, processed or not (exact, so that none
            # outlives it; each call removes only what aged since the last).
            oldest = int(self._clock.now().timestamp() * 1000 - self.max_age_s * 1000)
            command("XTRIM", stream, b"MINID", f"{max(oldest, 0)}-0")
            return [_text(i) for i in pipe.execute()[:-1]]
        return [_text(i) for i in pipe.execute()]

    def ensure_group(self, stream: str, group: str) -> None:
        import redis

        try:
            self.client.xgroup_create(stream, group, id="0", mkstream=True)
        except redis.ResponseError as exc:
            if "BUSYGROUP" not in str(exc):
                raise

    def read(
        self, stream: str, group: str, consumer: str, *, count: int = 100, block_ms: int = 1000
    ) -> list[Message]:
        reply: Any = self.client.xreadgroup(
            group, consumer, {stream: ">"}, count=max(count, 1), block=block_ms or None
        )
        out: list[Message] = []
        for _name, entries in reply or []:
            out.extend(_message(stream, mid, fields) for mid, fields in entries)
        return out

    def ack(self, stream: str, group: str, ids: Sequence[str]) -> None:
        if ids:
            self.client.xack(stream, group, *ids)

    def pending(self, stream: str, group: str) -> dict[str, str]:
        """Pending message ids of the group and the consumer that owns each."""
        out: dict[str, str] = {}
        start = "-"
        while True:
            rows: Any = self.client.xpending_range(stream, group, min=start, max="+", count=1000)
            for row in rows:
                out[_text(row["message_id"])] = _text(row["consumer"])
            if len(rows) < 1000:
                return out
            ms, n = _parse_id(_text(rows[-1]["message_id"]))
            start = f"{ms}-{n + 1}"

    def reclaim(
        self, stream: str, group: str, consumer: str, *, min_idle_ms: int, count: int = 100
    ) -> list[Message]:
        out: list[Message] = []
        cursor: str | bytes = "0-0"
        while len(out) < count:
            reply: Any = self.client.xautoclaim(
                stream, group, consumer, min_idle_ms, start_id=cursor, count=count - len(out)
            )
            cursor, entries = reply[0], reply[1]
            # Entries trimmed from the stream come back as None (and leave the pending list).
            out.extend(_message(stream, mid, fields) for mid, fields in entries if fields)
            if _text(cursor) == "0-0":
                break
        return out

    def last_id(self, stream: str) -> str:
        """The id of the stream's newest message (``"0-0"`` when it is empty)."""
        newest: Any = self.client.xrevrange(stream, count=1)
        return _text(newest[0][0]) if newest else "0-0"

    def read_after(
        self, positions: Mapping[str, str], *, count: int = 1000, block_ms: int = 0
    ) -> list[Message]:
        """``XREAD`` after each stream's id (see ``InMemoryBus.read_after``)."""
        if not positions:
            return []
        wanted: dict[Any, Any] = dict(positions)
        reply: Any = self.client.xread(
            wanted, count=max(count, 1), block=block_ms if block_ms > 0 else None
        )
        out: list[Message] = []
        for name, entries in reply or []:
            stream = _text(name)
            out.extend(_message(stream, mid, fields) for mid, fields in entries)
        return out

    def group_info(self, stream: str) -> list[dict[str, Any]]:
        """``XINFO GROUPS``: name, pending count, lag (None where Redis cannot tell)."""
        import redis

        try:
            rows: Any = self.client.xinfo_groups(stream)
        except redis.ResponseError:  # no such stream
            return []
        out = []
        for row in rows:
            lag = row.get("lag")
            out.append(
                {
                    "name": _text(row["name"]),
                    "pending": int(row["pending"]),
                    "lag": None if lag is None else int(lag),
                    "consumers": int(row["consumers"]),
                    "last_delivered": _text(row["last-delivered-id"]),
                }
            )
        return out

    def subscribe(self, stream: str) -> Iterator[Message]:
        # The starting point is taken now (the stream's last id), not at the first ``next``.
        newest: Any = self.client.xrevrange(stream, count=1)
        return self._follow(stream, _text(newest[0][0]) if newest else "0-0")

    def length(self, stream: str) -> int:
        """How many messages the stream holds now."""
        return int(self.client.xlen(stream))

    def _follow(self, stream: str, last: str) -> Iterator[Message]:
        while True:
            reply: Any = self.client.xread({stream: last}, block=1000, count=1000)
            for _name, entries in reply or []:
                for mid, fields in entries:
                    message = _message(stream, mid, fields)
                    last = message.id
                    yield message

    def delete_matching(
        self, stream: str, match: Callable[[dict[str, Any]], bool], *, page: int = 1000
    ) -> int:
        """``XDEL`` the stream's messages whose payload ``match`` accepts, read page by page
        with ``XRANGE``, and ``XACK`` them in every group (a deleted message would otherwise
        stay pending until a reclaim). Returns how many were removed."""
        import redis

        try:
            groups: Any = self.client.xinfo_groups(stream)
        except redis.ResponseError:  # no such stream
            return 0
        removed = 0
        start = "-"
        while True:
            entries: Any = self.client.xrange(stream, min=start, max="+", count=page)
            ids = [
                _text(mid)
                for mid, fields in entries
                if match(_message(stream, mid, fields).payload)
            ]
            for i in range(0, len(ids), 500):
                chunk = ids[i : i + 500]
                removed += int(self.client.xdel(stream, *chunk))
                for group in groups:
                    self.client.xack(stream, _text(group["name"]), *chunk)
            if len(entries) < page:
                return removed
            ms, n = _parse_id(_text(entries[-1][0]))
            start = f"{ms}-{n + 1}"

    def ack_delete(self, stream: str, group: str, ids: Sequence[str]) -> int:
        """``XACK`` ``ids`` in ``group``, then ``XDEL`` them, in one ``MULTI``/``EXEC`` (in
        chunks of 1,000 ids, all in the one transaction): no other client sees them acked but
        still in the stream. Returns how many ``XDEL`` removed (ids another group deleted
        first, or trimmed away, are not counted).

        Redis only marks an ``XDEL``-ed entry deleted inside its stream node; the node's
        memory (and what a later RDB snapshot writes of it) is freed when every entry of the
        node is deleted or trimmed. No command returns the entry again."""
        if not ids:
            return 0
        pipe = self.client.pipeline(transaction=True)
        chunks = [list(ids[i : i + 1000]) for i in range(0, len(ids), 1000)]
        for chunk in chunks:
            pipe.xack(stream, group, *chunk)
            pipe.xdel(stream, *chunk)
        replies: list[Any] = pipe.execute()
        return sum(int(n) for n in replies[1::2])

    def delete(self, *streams: str) -> None:
        """Delete streams (with their groups): tests and tools clean up with this."""
        if streams:
            self.client.delete(*streams)


def _text(value: str | bytes) -> str:
    return value.decode() if isinstance(value, bytes) else value


_PAYLOAD_KEY = PAYLOAD_FIELD.encode()


def _message(stream: str, message_id: str | bytes, fields: Mapping[Any, Any]) -> Message:
    raw = fields.get(_PAYLOAD_KEY)
    if raw is None:  # a client that decodes responses gives str keys
        raw = fields.get(PAYLOAD_FIELD)
    return Message(_text(message_id), stream, decode_payload(raw))


def make_bus(settings: Settings) -> Bus:
    """Redis when ``FITCOACH_REDIS_URL`` is set, otherwise an in-process bus."""
    if settings.redis_url:
        return RedisBus.from_url(
            settings.redis_url, maxlen=settings.bus_maxlen, max_age_s=settings.bus_max_age_s
        )
    return InMemoryBus(maxlen=settings.bus_maxlen, max_age_s=settings.bus_max_age_s)
