"""The Python frame codec: round trips, stream decoding, corruption and recovery."""

from __future__ import annotations

import random
import struct

import pytest
from cobs import cobs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fitcoach.sensors.frames import (
    CRC_SIZE,
    HEADER,
    HEADER_SIZE,
    MAX_ENCODED_BYTES,
    MAX_SAMPLES,
    Channel,
    Flag,
    Frame,
    FrameError,
    StreamDecoder,
    crc16,
    decode,
    encode,
    pack,
    unpack,
)


@st.composite
def frames(draw: st.DrawFn, max_samples: int = MAX_SAMPLES) -> Frame:
    width = draw(st.sampled_from([1, 2, 4]))
    bound = 1 << (8 * width - 1)
    samples = draw(st.lists(st.integers(-bound, bound - 1), max_size=max_samples))
    return Frame(
        device_id=draw(st.integers(0, 0xFFFF)),
        seq=draw(st.integers(0, 0xFFFFFFFF)),
        t_device_us=draw(st.integers(0, 0xFFFFFFFF)),
        channel=draw(st.integers(0, 0xFF)),
        samples=tuple(samples),
        flags=draw(st.integers(0, 0xFF)),
        sample_width=width,
    )


def _feed_in_chunks(decoder: StreamDecoder, data: bytes, sizes: list[int]) -> list[Frame]:
    out: list[Frame] = []
    i = 0
    for size in sizes:
        out += decoder.feed(data[i : i + size])
        i += size
    out += decoder.feed(data[i:])
    return out


def _raw_with_crc(body: bytes) -> bytes:
    return body + struct.pack("<H", crc16(body))


ECG = Frame(7, 100, 123_456_789, Channel.ECG, tuple(range(500, 525)), Flag.LEAD_OFF, 2)
PPG = Frame(7, 101, 123_460_000, Channel.PPG_IR, tuple(range(100_000, 100_010)), 0, 4)
CO2 = Frame(7, 102, 123_470_000, Channel.CO2, (0, 3, 380, 372), 0, 2)


# --------------------------------------------------------------------------- round trips


@given(frames())
def test_round_trip(frame: Frame) -> None:
    wire = encode(frame)
    assert decode(wire) == frame
    assert decode(wire[:-1]) == frame  # the delimiter is optional for decode()
    assert unpack(pack(frame)) == frame
    assert len(pack(frame)) == HEADER_SIZE + len(frame.samples) * frame.sample_width + CRC_SIZE
    assert wire.endswith(b"\x00")
    assert 0 not in wire[:-1]
    assert len(wire) <= MAX_ENCODED_BYTES


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(frames(max_samples=40), min_size=1, max_size=12),
    st.lists(st.integers(0, 80), max_size=30),
)
def test_stream_decoder_reassembles_any_chunking(batch: list[Frame], sizes: list[int]) -> None:
    decoder = StreamDecoder()
    data = b"".join(encode(f) for f in batch)
    assert _feed_in_chunks(decoder, data, sizes) == batch
    assert decoder.stats.frames == len(batch)
    assert decoder.stats.bytes_in == len(data)
    assert decoder.stats.crc_errors == decoder.stats.malformed == decoder.stats.resyncs == 0


def test_header_layout_is_little_endian() -> None:
    raw = pack(Frame(0x0201, 0x06050403, 0x0A090807, 0x0B, (0x0E0D,), 0x0C, 2))
    assert raw[:HEADER_SIZE] == bytes([1, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 2, 1])
    assert raw[HEADER_SIZE:-CRC_SIZE] == bytes([0x0D, 0x0E])
    assert raw[-CRC_SIZE:] == struct.pack("<H", crc16(raw[:-CRC_SIZE]))
    assert crc16(b"123456789") == 0x29B1  # the CRC-16/CCITT-FALSE check value


# --------------------------------------------------------------------------- fuzzing


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=3000), st.lists(st.integers(1, 300), max_size=20))
def test_random_bytes_never_raise_and_are_counted(noise: bytes, sizes: list[int]) -> None:
    decoder = StreamDecoder()
    frames_out = _feed_in_chunks(decoder, noise, sizes)
    stats = decoder.stats
    assert stats.bytes_in == len(noise)
    assert stats.frames == len(frames_out)
    assert sum(stats.by_reason.values()) == stats.crc_errors + stats.malformed
    assert stats.crc_errors == stats.by_reason.get("CRC mismatch", 0)
    # every complete non-empty packet was either a frame or an error
    packets = [p for p in noise.split(b"\x00")[:-1] if p]
    if stats.oversize == 0:
        assert stats.frames + stats.crc_errors + stats.malformed == len(packets)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=600), frames(max_samples=30), frames(max_samples=30))
def test_recovery_within_one_frame_after_garbage(
    garbage: bytes, first: Frame, second: Frame
) -> None:
    """Garbage can take the frame it runs into, never the one after."""
    decoder = StreamDecoder()
    out = decoder.feed(garbage + encode(first) + encode(second))
    assert out[-1] == second
    if garbage.endswith(b"\x00") or not garbage:
        assert out[-2:] == [first, second]
    # and the decoder is back in step: the next frame comes out alone
    assert decoder.feed(encode(first)) == [first]


@given(frames(max_samples=30), st.data())
def test_truncated_frame_costs_only_itself_and_its_neighbour(
    frame: Frame, data: st.DataObject
) -> None:
    wire = encode(frame)
    cut = data.draw(st.integers(1, len(wire) - 2))
    decoder = StreamDecoder()
    # the cut frame glued to ECG: one bad packet; CO2 and PPG decode
    out = decoder.feed(wire[:cut] + encode(ECG) + encode(CO2) + encode(PPG))
    assert out[-2:] == [CO2, PPG]
    assert decoder.stats.crc_errors + decoder.stats.malformed >= 1
    assert decoder.stats.resyncs >= 1
    # a truncated frame that is delimited (a sender reset mid-frame) costs only itself
    decoder = StreamDecoder()
    assert decoder.feed(wire[:cut] + b"\x00" + encode(ECG)) == [ECG]
    assert decoder.stats.crc_errors + decoder.stats.malformed == 1


@pytest.mark.parametrize("frame", [ECG, PPG, CO2, Frame(1, 0, 0, Channel.STATUS, (), 8, 2)])
def test_every_single_bit_flip_is_caught(frame: Frame) -> None:
    wire = encode(frame)
    for index in range(len(wire) - 1):  # the delimiter itself is not corruptible this way
        for bit in range(8):
            bad = bytearray(wire)
            bad[index] ^= 1 << bit
            with pytest.raises(FrameError):
                decode(bytes(bad))
            decoder = StreamDecoder()
            out = decoder.feed(bytes(bad) + encode(CO2))
            assert out == [CO2], (index, bit)
            assert decoder.stats.crc_errors + decoder.stats.malformed >= 1


def test_random_multi_byte_corruption_is_caught_by_crc_or_cobs() -> None:
    rng = random.Random(11)
    wire = encode(ECG)
    caught = {"CRC mismatch": 0, "other": 0}
    for _ in range(2000):
        bad = bytearray(wire[:-1])
        for _ in range(rng.randint(2, 6)):
            bad[rng.randrange(len(bad))] = rng.randint(1, 255)
        if bytes(bad) == wire[:-1]:
            continue
        with pytest.raises(FrameError) as info:
            decode(bytes(bad))
        key = "CRC mismatch" if str(info.value) == "CRC mismatch" else "other"
        caught[key] += 1
    assert caught["CRC mismatch"] > 0
    assert caught["other"] > 0


def test_oversize_run_is_dropped_until_the_next_delimiter() -> None:
    decoder = StreamDecoder()
    junk = b"\x55" * (MAX_ENCODED_BYTES + 1)
    assert decoder.feed(junk) == []
    assert decoder.stats.oversize == 1
    # still no delimiter: keeps discarding, without growing a buffer or counting again
    assert decoder.feed(encode(ECG)[:-1] + b"\x55" * 5000) == []
    assert decoder.stats.oversize == 1
    out = decoder.feed(b"\x00" + encode(PPG) + encode(CO2))
    assert out == [PPG, CO2]
    assert decoder.stats.resyncs == 1
    assert decoder.stats.crc_errors == decoder.stats.malformed == 0


def test_oversize_across_many_small_chunks() -> None:
    decoder = StreamDecoder()
    for _ in range(MAX_ENCODED_BYTES // 10 + 2):
        assert decoder.feed(b"\x01" * 10) == []
    assert decoder.stats.oversize == 1
    assert decoder.feed(b"\x00" + encode(ECG)) == [ECG]


def test_longest_legal_frame_is_not_oversize() -> None:
    big = Frame(0xFFFF, 2**32 - 1, 2**32 - 1, 0xFF, (-1,) * MAX_SAMPLES, 0xFF, 4)
    wire = encode(big)
    assert len(wire) <= MAX_ENCODED_BYTES
    decoder = StreamDecoder()
    assert _feed_in_chunks(decoder, wire, [1] * 100) == [big]
    assert decoder.stats.oversize == 0


def test_empty_packets_are_ignored() -> None:
    decoder = StreamDecoder()
    assert decoder.feed(b"\x00\x00" + encode(ECG) + b"\x00\x00\x00") == [ECG]
    assert decoder.stats.malformed == decoder.stats.crc_errors == decoder.stats.resyncs == 0


# --------------------------------------------------------------------------- errors


def test_decode_error_messages() -> None:
    with pytest.raises(FrameError, match=r"^bad COBS encoding"):
        decode(b"\x05\x01\x02")  # the code byte promises 4 bytes, 2 follow
    with pytest.raises(FrameError, match=r"^frame too short \(3 bytes\)$"):
        decode(cobs.encode(b"\x01\x02\x03"))
    raw = bytearray(pack(ECG))
    raw[-1] ^= 0xFF
    with pytest.raises(FrameError, match=r"^CRC mismatch$"):
        decode(cobs.encode(bytes(raw)))
    body = HEADER.pack(2, 1, 0, 0, 1, 0, 2, 0)
    with pytest.raises(FrameError, match=r"^unsupported frame version 2$"):
        decode(cobs.encode(_raw_with_crc(body)))
    body = HEADER.pack(1, 1, 0, 0, 1, 0, 3, 1) + b"\x01\x02\x03"
    with pytest.raises(FrameError, match=r"^sample width 3 is not 1, 2 or 4$"):
        decode(cobs.encode(_raw_with_crc(body)))
    body = HEADER.pack(1, 1, 0, 0, 1, 0, 2, 2) + b"\x01\x02\x03\x04\x05"
    with pytest.raises(FrameError, match=r"^length 20 does not match 2 samples of 2 bytes$"):
        decode(cobs.encode(_raw_with_crc(body)))


def test_stream_decoder_counts_reasons() -> None:
    decoder = StreamDecoder()
    bad_crc = bytearray(pack(CO2))
    bad_crc[HEADER_SIZE] ^= 0x01
    data = (
        cobs.encode(bytes(bad_crc))
        + b"\x00"
        + b"\x05\x01\x02\x00"  # bad COBS
        + cobs.encode(b"\x01\x02")
        + b"\x00"  # too short
        + encode(CO2)
    )
    assert decoder.feed(data) == [CO2]
    assert decoder.stats.crc_errors == 1
    assert decoder.stats.malformed == 2
    assert decoder.stats.resyncs == 3
    assert decoder.stats.by_reason == {
        "CRC mismatch": 1,
        "bad COBS encoding": 1,
        "frame too short (2 bytes)": 1,
    }


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"device_id": 70_000}, "device_id 70000 outside 0..65535"),
        ({"seq": -1}, "seq and t_device_us are unsigned 32-bit"),
        ({"t_device_us": 2**32}, "seq and t_device_us are unsigned 32-bit"),
        ({"channel": 256}, "channel and flags are unsigned 8-bit"),
        ({"flags": -1}, "channel and flags are unsigned 8-bit"),
        ({"sample_width": 3}, "sample_width 3 is not 1, 2 or 4"),
        ({"samples": (0,) * 256}, "256 samples; at most 255 per frame"),
        ({"samples": (32768,)}, "a sample does not fit in 2 signed bytes"),
        ({"samples": (-129,), "sample_width": 1}, "a sample does not fit in 1 signed bytes"),
    ],
)
def test_frame_validation_messages(kwargs: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {
        "device_id": 1,
        "seq": 0,
        "t_device_us": 0,
        "channel": 1,
        "samples": (),
        "flags": 0,
        "sample_width": 2,
    } | kwargs
    with pytest.raises(FrameError) as info:
        Frame(**fields)  # type: ignore[arg-type]
    assert str(info.value) == message
