"""The reader: pty end to end, garbage, sequence gaps, clock unwrapping, lost and back."""

from __future__ import annotations

import itertools
import logging
import math
import re
import threading
import time
from collections.abc import Iterator, MutableMapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import structlog
import typer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from structlog.testing import LogCapture
from typer.testing import CliRunner

from fitcoach.cli.common import use_clock
from fitcoach.cli.sensors import ingest_serial
from fitcoach.core.clock import FixedClock
from fitcoach.core.errors import DeviceUnavailable
from fitcoach.sensors.frames import Channel, Flag, Frame, encode
from fitcoach.sensors.reader import SEQ_WINDOW, DeviceClock, SensorReader, TimedFrame
from fitcoach.sensors.recording import RecordingReader, write_frames
from fitcoach.sensors.simulator import Simulator, pace
from fitcoach.sensors.transports import FakeTransport, PtyPair, ReplayTransport, SerialTransport

WRAP = 1 << 32


def ecg(seq: int, *, t_us: int | None = None, flags: int = 0, channel: int = Channel.ECG) -> Frame:
    return Frame(
        device_id=3,
        seq=seq % WRAP,
        t_device_us=(seq * 100_000 if t_us is None else t_us) % WRAP,
        channel=channel,
        samples=tuple(range(seq % 7, seq % 7 + 25)),
        flags=flags,
    )


class Collect:
    def __init__(self) -> None:
        self.frames: list[Frame] = []
        self.timed: list[TimedFrame] = []

    def __call__(self, frames: list[Frame]) -> None:
        self.frames.extend(frames)

    def on_timed(self, timed: list[TimedFrame]) -> None:
        self.timed.extend(timed)


@contextmanager
def reader_logs() -> Iterator[list[MutableMapping[str, Any]]]:
    """The structlog events logged by this thread inside the block, at every level.

    ``capture_logs`` alone depends on what ran before in the process: it keeps the configured
    level filter (``configure_logging`` at WARNING hides "device back") and it catches every
    thread's events (a server or pipeline thread an earlier test left running). The readers here
    run in the test's own thread, so their events are exactly this thread's.
    """
    me = threading.get_ident()

    def this_thread(_logger: Any, _method: str, event: MutableMapping[str, Any]) -> Any:
        if threading.get_ident() != me:
            raise structlog.DropEvent
        return event

    capture = LogCapture()
    saved = structlog.get_config()
    structlog.configure(
        processors=[this_thread, capture],
        wrapper_class=structlog.make_filtering_bound_logger(logging.DEBUG),
    )
    try:
        yield capture.entries
    finally:
        structlog.configure(processors=saved["processors"], wrapper_class=saved["wrapper_class"])


def wait_until_open(reader: SensorReader, timeout_s: float = 10.0) -> None:
    deadline = time.monotonic() + timeout_s
    while not reader.device_present and time.monotonic() < deadline:
        time.sleep(0.005)


def read_all(chunks: list[bytes | BaseException], **kwargs: object) -> tuple[Collect, SensorReader]:
    got = Collect()
    reader = SensorReader(
        FakeTransport(chunks),
        on_frames=got,
        on_timed_frames=got.on_timed,
        backoff_initial_s=0.001,
        **kwargs,  # type: ignore[arg-type]
    )
    reader.run(threading.Event())
    assert reader.ended
    return got, reader


def over_pty(wire: bytes, *, timeout_s: float = 20.0) -> tuple[Collect, SensorReader]:
    """``wire`` sent by a board on a pseudo-terminal and read through pyserial.

    The board waits until the reader has opened the port (pyserial flushes the input on open),
    writes every byte (``PtyPair.write`` goes on after a partial write), and the reader stops
    once it has taken every byte in, not after a guessed time or frame count."""
    pair = PtyPair()
    got = Collect()
    reader = SensorReader(SerialTransport(pair.slave_path), on_frames=got)
    stop = threading.Event()

    def board() -> None:
        wait_until_open(reader)
        pair.write(wire)

    def stop_when_all_read() -> None:
        deadline = time.monotonic() + timeout_s
        while reader.stats.bytes_in < len(wire) and time.monotonic() < deadline:
            time.sleep(0.005)
        stop.set()

    threads = [threading.Thread(target=board), threading.Thread(target=stop_when_all_read)]
    for thread in threads:
        thread.start()
    try:
        reader.run(stop)
    finally:
        for thread in threads:
            thread.join()
        pair.close()
    assert reader.stats.bytes_in == len(wire), "the reader did not get every byte the board sent"
    return got, reader


def test_pty_end_to_end_through_pyserial() -> None:
    stream = Simulator("intervals", seed=5, device_id=9).frames(4.0)
    got, reader = over_pty(stream.wire_bytes())
    stats = reader.stats
    assert got.frames == stream.frames
    assert stats.frames == stats.delivered == len(stream.frames)
    assert (stats.crc_errors, stats.malformed, stats.resyncs, stats.seq_gaps) == (0, 0, 0, 0)
    assert (stats.device_lost, stats.reconnects, stats.duplicates) == (0, 0, 0)


# A board's numbering gone wrong: per frame, the number it should carry, that number off by a
# little (within the window, where a replay can be told by the clock), or any 32-bit value.
_near = st.integers(-(1 << 13), 1 << 13).filter(lambda j: j != 0)
_any = st.integers(0, WRAP - 1).map(lambda n: ("any", n))
_numbers = st.lists(st.one_of(st.none(), _near, _any), min_size=2, max_size=60)


def _board(plan: list[Any], start: int) -> list[Frame]:
    """The frames of ``plan`` (None: the right number; an int: off by that much; ("any", n):
    number n), sent at 10 frames/s; a wild number never repeats the frame before's."""
    seqs: list[int] = []
    for i, wrong in enumerate(plan):
        right = (start + i) % WRAP
        number = right if wrong is None else wrong[1] if isinstance(wrong, tuple) else right + wrong
        seqs.append(right if seqs and number % WRAP == seqs[-1] else number % WRAP)
    return sent(seqs)


@given(plan=_numbers, start=st.integers(0, WRAP - 1))
@settings(max_examples=300, deadline=None)
def test_wild_numbers_never_silence_a_channel_whose_clock_moves_on(
    plan: list[Any], start: int
) -> None:
    """Whatever the numbers, a frame whose device time is after the last one's is delivered."""
    frames = _board(plan, start)
    got, reader = read_all([encode(f) for f in frames])
    assert got.frames == frames
    assert reader.stats.delivered == reader.stats.frames == len(frames)


@given(
    plan=st.lists(st.one_of(st.none(), _near), min_size=2, max_size=60),
    start=st.integers(0, WRAP - 1),
    replays=st.lists(st.integers(0, 59)),
)
@settings(max_examples=300, deadline=None)
def test_a_replayed_frame_is_never_delivered(
    plan: list[Any], start: int, replays: list[int]
) -> None:
    """Among numbers off by up to 8,192, a replay of an earlier frame (its number and device
    time) is dropped, and every new frame is still delivered. (After a number off by more than
    the window, the next frame starts a new segment whatever its time: that is how a board that
    restarted without saying so is followed.)"""
    frames = _board(plan, start)
    wire: list[Frame] = []
    for i, frame in enumerate(frames):
        wire.append(frame)
        wire.extend(frames[r] for r in replays if r < i and i % 7 == r % 7)
    got, reader = read_all([encode(f) for f in wire])
    assert got.frames == frames
    s = reader.stats
    assert s.delivered + s.duplicates + s.out_of_order == s.frames == len(wire)


@given(plan=_numbers, start=st.integers(0, WRAP - 1))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_wild_numbers_over_a_real_pty(plan: list[Any], start: int) -> None:
    """The same property end to end: bytes through a pseudo-terminal and pyserial."""
    frames = _board(plan, start)
    got, reader = over_pty(b"".join(encode(f) for f in frames))
    assert got.frames == frames
    assert reader.stats.delivered == len(frames)


def test_garbage_between_frames_costs_at_most_one_frame() -> None:
    frames = [ecg(i) for i in range(30)]
    chunks: list[bytes | BaseException] = []
    for i, frame in enumerate(frames):
        if i == 5:
            chunks.append(b"\x00\xff\x13\x37\x00")  # garbage between delimiters: no frame lost
        if i == 10:
            chunks.append(b"\x42\x42\x42")  # glued to frame 10, which is lost
        if i == 20:
            chunks.append(b"\xaa" * 3000)  # longer than any frame: oversize, frame 20 lost
        chunks.append(encode(frame))
    wire = b"".join(c for c in chunks if isinstance(c, bytes))
    # Also split the bytes at awkward places.
    pieces: list[bytes | BaseException] = [wire[i : i + 37] for i in range(0, len(wire), 37)]
    got, reader = read_all(pieces)
    lost = {10, 20}
    assert got.frames == [f for i, f in enumerate(frames) if i not in lost]
    s = reader.stats
    assert s.frames == 28
    assert s.crc_errors + s.malformed == 2  # the garbage packet at 5, and frame 10 with garbage
    assert s.oversize == 1
    assert s.resyncs == 3
    assert (s.seq_gaps, s.frames_missing) == (2, 2)
    assert s.gaps_by_stream == {(3, Channel.ECG): 2}


def test_a_flipped_bit_is_a_crc_error_and_one_missing_frame() -> None:
    frames = [ecg(i) for i in range(5)]
    wire = [bytearray(encode(f)) for f in frames]
    wire[2][8] ^= 0x10
    got, reader = read_all([bytes(w) for w in wire])
    assert [f.seq for f in got.frames] == [0, 1, 3, 4]
    assert reader.stats.crc_errors == 1
    assert reader.stats.frames_missing == 1


def test_sequence_gaps_wrap_duplicates_and_late_frames() -> None:
    seqs = [WRAP - 2, WRAP - 1, 0, 1, 1, 4, 3, 5]
    got, reader = read_all([encode(ecg(s)) for s in seqs])
    # 0xFFFFFFFF -> 0 is the next frame, not a gap; 1 again is a duplicate; 3 after 4 is late.
    assert [f.seq for f in got.frames] == [WRAP - 2, WRAP - 1, 0, 1, 4, 5]
    s = reader.stats
    assert (s.seq_gaps, s.frames_missing, s.duplicates, s.out_of_order) == (1, 2, 1, 1)
    assert s.delivered == 6


@pytest.mark.parametrize("jump", [1 << 31, (1 << 31) - 1, (1 << 31) + 1, SEQ_WINDOW + 10])
def test_a_wild_sequence_number_does_not_silence_the_channel(jump: int) -> None:
    """One frame (valid CRC) whose number jumps far ahead is a resync, not a gap after which
    every frame looks late: the frames after it are delivered."""
    seqs = [10, 11, 12, 12 + jump, 13, 14, 15]
    with reader_logs() as logs:
        got, reader = read_all([encode(ecg(s)) for s in seqs])
    assert [f.seq for f in got.frames] == [s % WRAP for s in seqs]
    s = reader.stats
    assert s.seq_resyncs == 2  # there and back
    assert (s.seq_gaps, s.frames_missing, s.out_of_order, s.duplicates) == (0, 0, 0, 0)
    assert [e["event"] for e in logs if e["event"] == "sequence resync"] == ["sequence resync"] * 2


def sent(seqs: list[int], *, period_us: int = 100_000) -> list[Frame]:
    """Frames carrying ``seqs`` as a board sends them: its clock moves on one period a frame,
    whatever number each frame carries."""
    return [ecg(s, t_us=i * period_us) for i, s in enumerate(seqs)]


@pytest.mark.parametrize("jump", [2, 3, 1000, 32_768, SEQ_WINDOW - 1, SEQ_WINDOW, -5, -1000])
def test_a_wild_number_within_the_window_keeps_every_frame(jump: int) -> None:
    """A frame (valid CRC) whose number jumps by 2 to 65,536 while the board's clock moves on
    by one frame is a resync, not a gap after which every frame looks late: 402 frames at
    10 frames/s, one of them wild, are all delivered (the old reader dropped 300 of them)."""
    seqs = list(range(402))
    seqs[100] = (100 + jump) % WRAP
    with reader_logs() as logs:
        got, reader = read_all([encode(f) for f in sent(seqs)])
    assert [f.seq for f in got.frames] == seqs
    s = reader.stats
    assert s.seq_resyncs == 2  # there and back
    assert (s.seq_gaps, s.frames_missing, s.out_of_order, s.duplicates) == (0, 0, 0, 0)
    assert [e["event"] for e in logs if e["event"] == "sequence resync"] == ["sequence resync"] * 2


def test_the_device_clock_tells_a_gap_from_a_wild_number() -> None:
    """Frames lost on the wire leave a gap the board's clock bears out: still a gap. A replay
    (an old number with an old device time) is still late, and the same frame twice a
    duplicate; a reused number with a new device time is new data."""
    lost = [ecg(s) for s in (0, 1, 2, 1000, 1001)]  # the clock moved on 998 periods: lost frames
    got, reader = read_all([encode(f) for f in lost])
    assert [f.seq for f in got.frames] == [0, 1, 2, 1000, 1001]
    assert (reader.stats.seq_gaps, reader.stats.frames_missing) == (1, 997)
    assert reader.stats.seq_resyncs == 0
    replayed = [ecg(0), ecg(1), ecg(2), ecg(3), ecg(1), ecg(3), ecg(4)]
    got, reader = read_all([encode(f) for f in replayed])
    assert [f.seq for f in got.frames] == [0, 1, 2, 3, 4]
    assert (reader.stats.out_of_order, reader.stats.duplicates) == (1, 1)
    # 30,000 frames at 10 frames/s (50 min) is more than the 32-bit clock can show: a new segment.
    got, reader = read_all([encode(ecg(s)) for s in (0, 1, 2, 30_002, 30_003)])
    assert len(got.frames) == 5
    assert (reader.stats.seq_gaps, reader.stats.seq_resyncs) == (0, 1)
    reused = sent([0, 1, 2, 2, 3])  # the board sent 2 twice, with new samples the second time
    got, reader = read_all([encode(f) for f in reused])
    assert [f.t_device_us for f in got.frames] == [f.t_device_us for f in reused]
    assert (reader.stats.duplicates, reader.stats.seq_resyncs) == (0, 1)


def test_a_new_segment_goes_on_from_its_number_and_the_window_edges() -> None:
    """After a resync the channel follows the new numbers (gaps, duplicates, late frames and
    the 32-bit wrap as before); a step of exactly SEQ_WINDOW is still a gap, on a channel fast
    enough for its clock to show it (100 frames/s: 11 min)."""
    start = WRAP - 3
    seqs = [10**6, start, start + 1, start + 1, start + 3, start + 2, start + 4,
            start + 4 + SEQ_WINDOW]  # fmt: skip
    got, reader = read_all([encode(ecg(s, t_us=s * 10_000)) for s in seqs])
    assert [f.seq for f in got.frames] == [s % WRAP for s in (10**6, start, start + 1, start + 3,
                                                                start + 4, start + 4 + SEQ_WINDOW)]  # fmt: skip
    s = reader.stats
    assert s.seq_resyncs == 1
    assert (s.duplicates, s.out_of_order, s.seq_gaps) == (1, 1, 2)
    assert s.frames_missing == 1 + SEQ_WINDOW - 1
    # Far behind (beyond the window) is a resync too, not a late frame.
    got, reader = read_all([encode(ecg(s)) for s in (100_000, 100_001, 100_001 - SEQ_WINDOW - 5)])
    assert len(got.frames) == 3
    assert (reader.stats.seq_resyncs, reader.stats.out_of_order) == (1, 0)


def test_a_frame_on_an_unknown_channel_is_counted_and_handed_on() -> None:
    got, reader = read_all([encode(ecg(0)), encode(ecg(0, channel=9)), encode(ecg(1))])
    assert [f.channel for f in got.frames] == [Channel.ECG, 9, Channel.ECG]
    assert reader.stats.unknown_channels == 1
    assert reader.stats.as_dict()["unknown_channels"] == 1


def test_channels_and_devices_are_counted_apart() -> None:
    frames = [
        ecg(0),
        ecg(0, channel=Channel.PPG_IR),
        ecg(1),
        ecg(5, channel=Channel.PPG_IR),
        Frame(device_id=4, seq=0, t_device_us=0, channel=Channel.ECG, samples=(1,)),
        Frame(device_id=4, seq=1, t_device_us=1, channel=Channel.ECG, samples=(1,)),
    ]
    _, reader = read_all([encode(f) for f in frames])
    assert reader.stats.gaps_by_stream == {(3, Channel.PPG_IR): 1}
    assert reader.stats.frames_missing == 4  # PPG_IR 0 -> 5


def test_device_clock_unwraps_across_the_32_bit_wrap() -> None:
    start = WRAP - 1_000_000  # the device clock wraps 1 s into the stream
    stream = Simulator("rest", seed=1, clock_start_us=start, seq_start=WRAP - 5).frames(3.0)
    got, reader = read_all([stream.wire_bytes()])
    assert got.frames == stream.frames
    assert reader.stats.seq_gaps == 0
    by_channel: dict[int, list[int]] = {}
    for timed in got.timed:
        by_channel.setdefault(timed.frame.channel, []).append(timed.t_us)
    ecg_times = by_channel[Channel.ECG]
    assert ecg_times == [start + k * 100_000 for k in range(len(ecg_times))]
    assert ecg_times[-1] > WRAP  # 64-bit: past the wrap
    for times in by_channel.values():
        assert all(b > a for a, b in itertools.pairwise(times))


def test_clock_reset_starts_a_new_epoch_once_per_restart() -> None:
    before = [ecg(100, t_us=5_000_000), ecg(100, t_us=5_000_000, channel=Channel.CO2)]
    restart = [
        ecg(0, t_us=0, flags=Flag.CLOCK_RESET),
        ecg(0, t_us=0, flags=Flag.CLOCK_RESET, channel=Channel.CO2),
        ecg(1, t_us=100_000),
        ecg(1, t_us=200_000, channel=Channel.CO2),
    ]
    got, reader = read_all([encode(f) for f in before + restart])
    s = reader.stats
    assert s.clock_resets == 1
    assert (s.seq_gaps, s.out_of_order, s.duplicates) == (0, 0, 0)
    times = [t.t_us for t in got.timed]
    assert times[:2] == [5_000_000, 5_000_000]
    assert times[2] == times[3] > 5_000_000  # the new epoch continues after the old one
    assert times[4] == times[2] + 100_000
    assert times[5] == times[3] + 200_000


def test_device_clock_places_interleaved_channels() -> None:
    clock = DeviceClock()
    assert clock.unwrap(ecg(0, t_us=WRAP - 10), 0.0) == (WRAP - 10, False)
    # A frame of another channel that started a little earlier, then one after the wrap.
    assert clock.unwrap(ecg(0, t_us=WRAP - 50, channel=Channel.CO2), 0.0)[0] == WRAP - 50
    assert clock.unwrap(ecg(1, t_us=30), 0.0)[0] == WRAP + 30


def test_lost_and_back_are_logged_once_each() -> None:
    frames = [encode(ecg(i)) for i in range(6)]
    lost = DeviceUnavailable("port failed", details={"reason": "SerialException"})
    chunks: list[bytes | BaseException] = [*frames[:3], lost, *frames[3:]]
    got = Collect()
    transport = FakeTransport(chunks, open_failures=4)  # four failed re-opens: still one "lost"
    reader = SensorReader(transport, on_frames=got, backoff_initial_s=0.001)
    with reader_logs() as logs:
        stats = reader.run(threading.Event())
    events = [entry["event"] for entry in logs]
    assert events == ["device lost", "device back"]
    assert logs[0]["reason"] == "SerialException"
    assert [f.seq for f in got.frames] == list(range(6))
    assert (stats.device_lost, stats.reconnects) == (1, 1)
    assert transport.opens == 6
    assert stats.seq_gaps == 0


def test_a_frame_cut_by_the_loss_is_not_glued_to_the_next_connection() -> None:
    first, second, third = (encode(ecg(i)) for i in range(3))
    lost = DeviceUnavailable("gone")
    got, reader = read_all([first, second[:10], lost, third])
    assert [f.seq for f in got.frames] == [0, 2]
    assert reader.stats.frames_missing == 1
    assert reader.stats.crc_errors + reader.stats.malformed == 0  # the stub was dropped


def test_unplugged_pty_is_reported_once_while_retrying() -> None:
    stream = Simulator("rest", seed=2).frames(1.0)
    pair = PtyPair()
    got = Collect()
    reader = SensorReader(
        SerialTransport(pair.slave_path), on_frames=got, backoff_initial_s=0.01, backoff_max_s=0.05
    )

    def device() -> None:
        wait_until_open(reader)
        pace(stream, pair.write, speed=math.inf)
        time.sleep(0.2)
        pair.close_master()  # the board is unplugged; its path disappears

    writer = threading.Thread(target=device)
    writer.start()
    with reader_logs() as logs:
        stats = reader.run_for(1.2)
    writer.join()
    pair.close()
    assert got.frames == stream.frames
    assert [entry["event"] for entry in logs] == ["device lost"]
    assert stats.device_lost == 1
    assert stats.reconnects == 0


def test_replay_of_a_recording(tmp_path: Path) -> None:
    stream = Simulator("pvc", seed=4).frames(5.0)
    path = tmp_path / "pvc.rec"
    write_frames(path, stream.frames, stream.emit_times_s, metadata={"scenario": "pvc"})
    got = Collect()
    replay = ReplayTransport(path, speed=math.inf)
    reader = SensorReader(replay, on_frames=got)
    stats = reader.run(threading.Event())
    assert reader.ended
    assert replay.recording.metadata == {"scenario": "pvc"}
    assert got.frames == stream.frames
    assert stats.delivered == len(stream.frames)

    # Cut the file in the middle of the last records: what is whole still replays.
    path.write_bytes(path.read_bytes()[:-100])
    got2 = Collect()
    replay2 = ReplayTransport(path, speed=math.inf)
    SensorReader(replay2, on_frames=got2).run(threading.Event())
    assert replay2.truncated
    assert got2.frames == stream.frames[: len(got2.frames)]
    assert len(stream.frames) - 3 <= len(got2.frames) < len(stream.frames)


def test_run_for_stops_on_time_with_a_silent_device() -> None:
    pair = PtyPair()
    try:
        reader = SensorReader(SerialTransport(pair.slave_path), on_frames=Collect())
        started = time.monotonic()
        stats = reader.run_for(0.3)
        assert 0.25 <= time.monotonic() - started < 1.5
        assert stats.frames == 0
    finally:
        pair.close()


def test_ingest_serial_publishes_what_the_board_sends(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On the embedded defaults (in-process bus, SQLite) the command also stores the frames."""
    from tests.factories import make_athlete

    from fitcoach.core.settings import get_settings
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage import migrate
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    url = f"sqlite:///{tmp_path / 'ingest.sqlite3'}"
    migrate.upgrade(url)
    engine = make_engine(url)
    with unit_of_work(make_session_factory(engine)) as session:
        athlete = make_athlete(ServiceContext(session=session, subject=Subject.system()))
    engine.dispose()
    monkeypatch.setenv("FITCOACH_DATABASE_URL", url)
    monkeypatch.delenv("FITCOACH_REDIS_URL", raising=False)
    get_settings.cache_clear()
    stream = Simulator("rest", seed=3).frames(2.0)
    pair = PtyPair()
    app = typer.Typer()
    app.command()(ingest_serial)
    now = datetime(2026, 11, 20, 7, 30, tzinfo=UTC)
    raw = tmp_path / "serial.rec"

    # The board sends once the command has opened the port (pyserial flushes the input when
    # it opens it): the transport's own open, observed, not a guessed delay.
    port_open = threading.Event()
    real_open = SerialTransport.open

    def open_and_tell(transport: SerialTransport) -> None:
        real_open(transport)
        port_open.set()

    monkeypatch.setattr(SerialTransport, "open", open_and_tell)

    def device() -> None:
        if port_open.wait(timeout=30):
            pace(stream, pair.write, speed=math.inf)

    writer = threading.Thread(target=device)
    writer.start()
    try:
        with use_clock(FixedClock(now)):  # the CLI's clock dates the raw recording
            result = CliRunner().invoke(
                app,
                [
                    pair.slave_path,
                    *("--athlete", str(athlete.id), "--duration", "2.5"),
                    *("--record", str(raw)),
                ],
                catch_exceptions=False,
            )
    finally:
        writer.join()
        pair.close()
        get_settings.cache_clear()
    assert result.exit_code == 0, result.output
    # How long it ran and the rate, beside the counters (live on a terminal, at the end here).
    assert re.search(r"running +│ +\d+ s of 2\.5 s", result.output), result.output
    summary = re.search(
        rf"published {len(stream.frames)} frames in (\d+\.\d) s \((\d+) per second\); "
        "0 CRC errors",
        result.output,
    )
    assert summary is not None, result.output
    ran_s, rate = float(summary[1]), int(summary[2])
    assert ran_s >= 2.5  # --duration
    assert abs(rate - len(stream.frames) / ran_s) <= 1  # the time is printed rounded
    samples = sum(len(f.samples) for f in stream.frames)
    assert f"stored {samples} samples" in " ".join(result.output.split())
    assert RecordingReader.open(raw).metadata == {
        "source": "serial",
        "created_at": now.isoformat(),
    }


def test_ingest_serial_help_has_an_example() -> None:
    app = typer.Typer()
    app.command()(ingest_serial)
    result = CliRunner().invoke(app, ["--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
