"""Frames off the bus: a payload checked into a ``ParsedFrame``, and how much a worker reads.

The frame consumer and the vitals worker (``fitcoach.workers``) read the same frames stream
with groups of their own; both decode each payload with ``parse_frame`` (a payload of the
in-process bus is parsed once for both). A malformed payload (a frame on a channel the format
does not define included: ``sensors.frames.KNOWN_CHANNELS``) raises ``BadPayload`` with a short
reason without data, which the worker dead-letters.
"""

from __future__ import annotations

import binascii
import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from fitcoach.ingest.bus import Message, SharedPayload
from fitcoach.ingest.producers import NOMINAL_RATE_HZ, PAYLOAD_VERSION
from fitcoach.sensors.frames import KNOWN_CHANNELS

DEFAULT_BATCH = 5000  # messages per read at most: fewer, larger transactions when busy
# With many boards streaming, a read may take up to about a second of every board's frames
# (ECG 10, each PPG LED 10, CO2 5 frames a second): what a batch costs per recording (its
# scope, consent, counters) is then paid once a second, not once per 5,000 frames.
FRAMES_PER_RECORDING = 35
MAX_BATCH = 50_000  # and never more than this (memory, and the length of one transaction)
_DTYPES: dict[int, np.dtype[np.signedinteger[Any]]] = {
    1: np.dtype("<i1"),
    2: np.dtype("<i2"),
    4: np.dtype("<i4"),
}
_U32 = 0xFFFFFFFF


class ParsedFrame(NamedTuple):
    """A frame payload, checked."""

    athlete_id: int
    recording_key: str
    device_id: int
    seq: int
    t_device_us: int
    channel: int
    flags: int
    sample_width: int
    sample_rate_hz: float
    samples: np.ndarray[Any, np.dtype[np.signedinteger[Any]]]


def payload_athlete(payload: Mapping[str, Any]) -> int | None:
    """The athlete a payload names (its ``athlete_id``, when that is a valid id), even in a
    payload that is otherwise malformed: so that a malformed frame of an athlete without
    ``sensor_data`` consent is withheld, not dead-lettered with their samples."""
    athlete = payload.get("athlete_id")
    if type(athlete) is int and 1 <= athlete <= _MAX_ATHLETE:
        return athlete
    return None


def busy_read_count(batch: int, recordings: int) -> int:
    """How many frames a worker reads next: ``batch``, or about a second of frames for each
    of the ``recordings`` its last batch held when that is more (at most ``MAX_BATCH``). A
    busy stream of many boards is then handled in batches that hold more than a few frames
    of each, and what a batch costs per recording is paid about once a second."""
    return max(batch, min(MAX_BATCH, FRAMES_PER_RECORDING * recordings))


class BadPayload(ValueError):
    """A payload that is not a frame; the message is a short reason without data."""


def _int(payload: Mapping[str, Any], name: str, low: int, high: int) -> int:
    value = payload.get(name)
    # ``type(...) is int``: the common case, and it leaves out bool (an int to Python).
    if type(value) is not int and (not isinstance(value, int) or isinstance(value, bool)):
        raise BadPayload(f"{name} missing or not an integer")
    if not low <= value <= high:
        raise BadPayload(f"{name} out of range")
    return value


_ABSENT = object()
_MAX_ATHLETE = 2**31 - 1


def parse_frame(payload: Mapping[str, Any]) -> ParsedFrame:
    """Check a frame payload (see ``ingest.producers``); raises ``BadPayload``.

    A well-formed payload, as ``frame_payload`` writes it, is checked in one expression; any
    other goes through the checks one by one, which name the first thing wrong.

    A payload of the in-process bus (``bus.SharedPayload``: the one object every reader of
    the message gets) is parsed once for all of them: the frame consumer and the vitals
    worker of one process share the result (or the reason it is malformed). The frame is
    immutable (a tuple; its samples a read-only view of bytes), so sharing it is safe."""
    if type(payload) is SharedPayload:
        memo = payload.memo
        if memo is None or memo[0] is not parse_frame:
            try:
                memo = (parse_frame, _parse(payload))
            except BadPayload as exc:
                memo = (parse_frame, str(exc))
            payload.memo = memo
        result = memo[1]
        if type(result) is str:
            raise BadPayload(result)
        return result  # type: ignore[return-value]
    return _parse(payload)


def _parse(payload: Mapping[str, Any]) -> ParsedFrame:
    """``parse_frame`` of a payload, without the shared payload's memo."""
    get = payload.get
    key, width, channel = get("recording_key"), get("sample_width"), get("channel")
    rate, text = get("sample_rate_hz", _ABSENT), get("samples")
    athlete, device, seq = get("athlete_id"), get("device_id"), get("seq")
    t_us, flags = get("t_device_us"), get("flags")
    if (
        get("v") == PAYLOAD_VERSION
        and type(key) is str
        and 0 < len(key) <= 120
        and type(width) is int
        and width in _DTYPES
        and type(channel) is int
        and channel in KNOWN_CHANNELS
        and type(rate) is float
        and 0.0 <= rate < math.inf
        and type(text) is str
        and type(athlete) is int
        and 1 <= athlete <= _MAX_ATHLETE
        and type(device) is int
        and 0 <= device <= 0xFFFF
        and type(seq) is int
        and 0 <= seq <= _U32
        and type(t_us) is int
        and 0 <= t_us <= _U32
        and type(flags) is int
        and 0 <= flags <= 0xFF
    ):
        # ``_samples`` inline, and the tuple made without the named tuple's Python-level
        # ``__new__``: the same checks and the same frame, on every message of both workers.
        try:
            raw = _a2b_base64(text, strict_mode=True)
        except (binascii.Error, ValueError):
            raise BadPayload("samples not base64") from None
        if len(raw) % width or len(raw) // width > 255:
            raise BadPayload("samples not 0-255 whole samples")
        return _new_frame(
            ParsedFrame,
            (
                athlete,
                key,
                device,
                seq,
                t_us,
                channel,
                flags,
                width,
                rate,
                _frombuffer(raw, _DTYPES[width]),
            ),
        )
    return _parse_checked(payload)


_a2b_base64 = binascii.a2b_base64
_frombuffer = np.frombuffer
_new_frame = tuple.__new__


def _samples(text: str, width: int) -> np.ndarray[Any, np.dtype[np.signedinteger[Any]]]:
    try:
        # base64.b64decode(text, validate=True) without its wrapper: the same check.
        raw = binascii.a2b_base64(text, strict_mode=True)
    except (binascii.Error, ValueError):
        raise BadPayload("samples not base64") from None
    if len(raw) % width or len(raw) // width > 255:
        raise BadPayload("samples not 0-255 whole samples")
    return np.frombuffer(raw, dtype=_DTYPES[width])


def _parse_checked(payload: Mapping[str, Any]) -> ParsedFrame:
    """``parse_frame`` field by field, in order: the first problem is the one reported."""
    if not payload:
        raise BadPayload("empty or undecodable payload")
    if payload.get("v") != PAYLOAD_VERSION:
        raise BadPayload("unsupported payload version")
    key = payload.get("recording_key")
    if not isinstance(key, str) or not 0 < len(key) <= 120:
        raise BadPayload("recording_key missing or too long")
    width = _int(payload, "sample_width", 1, 4)
    if width not in _DTYPES:
        raise BadPayload("sample_width out of range")
    channel = _int(payload, "channel", 0, 0xFF)
    if channel not in KNOWN_CHANNELS:
        # Stored, its samples would mean nothing to anyone (no unit, no rate, no analysis).
        raise BadPayload("unknown channel")
    rate = payload.get("sample_rate_hz", NOMINAL_RATE_HZ.get(channel, 0.0))
    if (
        not isinstance(rate, int | float)
        or isinstance(rate, bool)
        or not math.isfinite(rate)
        or rate < 0
    ):
        raise BadPayload("sample_rate_hz not a non-negative number")
    text = payload.get("samples")
    if not isinstance(text, str):
        raise BadPayload("samples missing")
    samples = _samples(text, width)
    return ParsedFrame(
        _int(payload, "athlete_id", 1, _MAX_ATHLETE),
        key,
        _int(payload, "device_id", 0, 0xFFFF),
        _int(payload, "seq", 0, _U32),
        _int(payload, "t_device_us", 0, _U32),
        channel,
        _int(payload, "flags", 0, 0xFF),
        width,
        float(rate),
        samples,
    )


Groups = dict[tuple[int, str], list[tuple[Message, ParsedFrame]]]


def parse_batch(
    messages: Sequence[Message], bad: list[tuple[Message, str]]
) -> Iterable[tuple[Message, ParsedFrame]]:
    """Each message's frame, in order; a malformed one goes to ``bad`` with its reason."""
    for message in messages:
        try:
            yield message, parse_frame(message.payload)
        except BadPayload as exc:
            bad.append((message, str(exc)))
