"""Transports and the recording format: fake, pseudo-terminal via pyserial, replay."""

from __future__ import annotations

import math
import os
import struct
from pathlib import Path

import pytest

from fitcoach.core.errors import DeviceUnavailable, InvalidInput
from fitcoach.sensors.recording import RecordingReader, RecordingWriter
from fitcoach.sensors.transports import (
    EndOfStream,
    FakeTransport,
    PtyPair,
    RecordingTransport,
    ReplayTransport,
    SerialTransport,
)


class StepClock:
    """A clock that only moves when something sleeps on it."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds


def test_fake_transport_plays_its_script() -> None:
    lost = DeviceUnavailable("gone")
    fake = FakeTransport([b"abcdef", lost, b"xy"], open_failures=1)
    with pytest.raises(DeviceUnavailable):
        fake.read(10, 0.0)  # not open yet
    fake.open()
    assert fake.read(4, 0.0) == b"abcd"
    assert fake.read(4, 0.0) == b"ef"
    with pytest.raises(DeviceUnavailable):
        fake.read(4, 0.0)
    fake.close()
    with pytest.raises(DeviceUnavailable):
        fake.open()  # the one failing re-open
    fake.open()
    assert fake.read(4, 0.0) == b"xy"
    fake.write(b"\x01\x02")
    assert bytes(fake.written) == b"\x01\x02"
    with pytest.raises(EndOfStream):
        fake.read(4, 0.0)
    assert (fake.opens, fake.closes) == (3, 1)


def test_pty_bytes_reach_pyserial_unchanged() -> None:
    # Every byte value, newlines and XON/XOFF included: the link must be raw.
    payload = bytes(range(256)) * 8
    pair = PtyPair()
    port = SerialTransport(pair.slave_path)
    try:
        port.open()
        pair.write(payload)
        got = bytearray()
        for _ in range(200):
            got += port.read(4096, 0.05)
            if len(got) >= len(payload):
                break
        assert bytes(got) == payload
        assert port.read(4096, 0.01) == b""  # nothing more: a timeout, not an error
    finally:
        port.close()
        pair.close()


def test_pty_master_closed_means_device_unavailable() -> None:
    pair = PtyPair()
    port = SerialTransport(pair.slave_path)
    try:
        port.open()
        pair.close_master()

        def read_until_error() -> None:
            for _ in range(20):
                port.read(64, 0.05)

        with pytest.raises(DeviceUnavailable):
            read_until_error()
        port.close()
        with pytest.raises(DeviceUnavailable):
            pair.write(b"x")
    finally:
        port.close()
        pair.close()


def test_pty_with_write_timeout_drops_when_nobody_reads() -> None:
    pair = PtyPair(write_timeout_s=0.0)
    try:
        chunk = b"\x55" * 4096
        for _ in range(64):  # far more than the kernel buffers
            pair.write(chunk)
        assert pair.dropped_bytes > 0
    finally:
        pair.close()


def test_serial_open_of_missing_port_is_device_unavailable(tmp_path: Path) -> None:
    port = SerialTransport(str(tmp_path / "ttyNOPE"))
    with pytest.raises(DeviceUnavailable, match="cannot open serial port"):
        port.open()
    with pytest.raises(DeviceUnavailable, match="not open"):
        port.read(10, 0.0)


def _recording(path: Path, chunks: list[tuple[float, bytes]]) -> None:
    with RecordingWriter(path, metadata={"source": "test"}) as writer:
        for t, data in chunks:
            writer.write(data, t)


def test_recording_round_trip_and_truncation(tmp_path: Path) -> None:
    path = tmp_path / "a.rec"
    chunks = [(0.0, b"\x01\x02\x00"), (0.25, b"abc"), (1.5, bytes(range(200)))]
    _recording(path, chunks)
    rec = RecordingReader.open(path)
    assert rec.metadata == {"source": "test"}
    assert [(c.t_s, c.data) for c in rec] == chunks
    assert not rec.truncated

    # A crash mid-write: the last record is cut short.
    path.write_bytes(path.read_bytes()[:-50])
    rec = RecordingReader.open(path)
    assert [c.data for c in rec] == [b"\x01\x02\x00", b"abc"]
    assert rec.truncated


def test_not_a_recording_is_refused_clearly(tmp_path: Path) -> None:
    bad = tmp_path / "bad.rec"
    bad.write_bytes(b"hello world, not a recording")
    with pytest.raises(InvalidInput, match="not a fitcoach recording"):
        RecordingReader.open(bad)
    future = tmp_path / "v9.rec"
    future.write_bytes(struct.pack("<6sBBI", b"FCREC\x00", 9, 0, 2) + b"{}")
    with pytest.raises(InvalidInput, match="version 9"):
        RecordingReader.open(future)
    with pytest.raises(InvalidInput, match="cannot read"):
        RecordingReader.open(tmp_path / "missing.rec")


def test_replay_at_max_speed_returns_every_byte(tmp_path: Path) -> None:
    path = tmp_path / "r.rec"
    chunks = [(i * 0.1, os.urandom(100)) for i in range(20)]
    _recording(path, chunks)
    replay = ReplayTransport(path, speed=math.inf)
    replay.open()
    got = bytearray()

    def read_to_the_end() -> None:
        while True:
            got.extend(replay.read(64, 0.0))  # smaller than a chunk: the rest comes next time

    with pytest.raises(EndOfStream):
        read_to_the_end()
    assert bytes(got) == b"".join(data for _, data in chunks)


def test_replay_in_real_time_waits_for_each_chunk(tmp_path: Path) -> None:
    path = tmp_path / "r.rec"
    _recording(path, [(0.0, b"a"), (1.0, b"b"), (3.0, b"c")])
    clock = StepClock()
    replay = ReplayTransport(path, speed=2.0, clock=clock, sleep=clock.sleep)
    replay.open()
    assert replay.read(10, 5.0) == b"a"
    assert replay.read(10, 5.0) == b"b"
    assert clock.now == pytest.approx(0.5)  # 1.0 s of recording at twice real time
    assert replay.read(10, 0.25) == b""  # not due yet: the read times out
    assert replay.read(10, 5.0) == b"c"
    assert clock.now == pytest.approx(1.5)
    with pytest.raises(EndOfStream):
        replay.read(10, 5.0)
    with pytest.raises(ValueError, match="speed"):
        ReplayTransport(path, speed=0)


def test_recording_transport_keeps_what_was_read(tmp_path: Path) -> None:
    path = tmp_path / "tee.rec"
    with RecordingWriter(path) as writer:
        tee = RecordingTransport(FakeTransport([b"one", b"", b"two"]), writer)
        tee.open()
        assert [tee.read(10, 0.0) for _ in range(3)] == [b"one", b"", b"two"]
        tee.close()
    assert [c.data for c in RecordingReader.open(path)] == [b"one", b"two"]
