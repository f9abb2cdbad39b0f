"""Byte transports between a sensor board and the reader: serial, pseudo-terminal, replay, fake.

Every transport has the same four methods (``Transport``). A transport that cannot reach its
device raises ``DeviceUnavailable`` (from ``open``, ``read`` or ``write``); the reader handles
that by closing, backing off and reopening. A finite source (a replay, a fake) raises
``EndOfStream`` once everything has been read.
"""

from __future__ import annotations

import contextlib
import errno
import math
import os
import select
import time
import tty
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Protocol

import serial

from fitcoach.core.errors import DeviceUnavailable
from fitcoach.sensors.recording import Chunk, RecordingReader, RecordingWriter

DEFAULT_BAUDRATE = 115200


class EndOfStream(Exception):
    """A finite transport (a replay, a fake) has delivered all of its bytes."""


class Transport(Protocol):
    """A bidirectional byte link to one device."""

    def open(self) -> None: ...

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        """Up to ``max_bytes`` bytes; waits at most ``timeout_s`` and may return ``b""``."""
        ...

    def write(self, data: bytes) -> None: ...

    def close(self) -> None: ...


class SerialTransport:
    """A serial port through pyserial (USB CDC, UART adapter, or a pty slave path)."""

    def __init__(self, port: str, baudrate: int = DEFAULT_BAUDRATE) -> None:
        self.port = port
        self.baudrate = baudrate
        self._serial: serial.Serial | None = None

    def open(self) -> None:
        self.close()
        try:
            self._serial = serial.Serial(self.port, self.baudrate, timeout=0)
        except (serial.SerialException, OSError, ValueError) as exc:
            raise DeviceUnavailable(
                f"cannot open serial port {self.port}", details={"reason": _reason(exc)}
            ) from None

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        ser = self._require()
        try:
            waiting = ser.in_waiting
            if not waiting:
                ser.timeout = max(0.0, timeout_s)
                first = bytes(ser.read(1))
                if not first:
                    return b""
                waiting = ser.in_waiting
                if not waiting or max_bytes <= 1:
                    return first
                ser.timeout = 0
                return first + bytes(ser.read(min(waiting, max_bytes - 1)))
            ser.timeout = 0
            return bytes(ser.read(min(waiting, max_bytes)))
        except (serial.SerialException, OSError) as exc:
            raise DeviceUnavailable(
                f"serial port {self.port} failed", details={"reason": _reason(exc)}
            ) from None

    def write(self, data: bytes) -> None:
        ser = self._require()
        try:
            ser.write(data)
        except (serial.SerialException, OSError) as exc:
            raise DeviceUnavailable(
                f"serial port {self.port} failed", details={"reason": _reason(exc)}
            ) from None

    def close(self) -> None:
        ser, self._serial = self._serial, None
        if ser is not None:
            with contextlib.suppress(serial.SerialException, OSError):
                ser.close()

    def _require(self) -> serial.Serial:
        if self._serial is None:
            raise DeviceUnavailable(f"serial port {self.port} is not open")
        return self._serial


class PtyPair:
    """A pseudo-terminal pair: the device side writes to the master, a reader opens the slave.

    ``slave_path`` (``/dev/pts/N``) is a real serial device for pyserial, so tests and the
    ``--pty`` simulator exercise the same code as a USB board. Both ends are raw (no echo, no
    newline translation). ``write_timeout_s=None`` blocks until the reader takes the bytes;
    a number waits that long and then drops what does not fit (counted in ``dropped_bytes``),
    as a UART does when nobody listens. As a ``Transport`` it is the device end (the master).
    """

    def __init__(self, *, write_timeout_s: float | None = None) -> None:
        self.master_fd, self._slave_fd = os.openpty()
        tty.setraw(self.master_fd)
        tty.setraw(self._slave_fd)
        self.slave_path = os.ttyname(self._slave_fd)
        self.write_timeout_s = write_timeout_s
        self.dropped_bytes = 0
        self._master_open = True
        if write_timeout_s is not None:
            os.set_blocking(self.master_fd, False)

    def open(self) -> None:
        if not self._master_open:
            raise DeviceUnavailable("the pseudo-terminal was closed")

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        if not self._master_open:
            raise DeviceUnavailable("the pseudo-terminal was closed")
        ready, _, _ = select.select([self.master_fd], [], [], max(0.0, timeout_s))
        if not ready:
            return b""
        try:
            return os.read(self.master_fd, max_bytes)
        except OSError as exc:
            raise DeviceUnavailable(
                "pseudo-terminal failed", details={"reason": _reason(exc)}
            ) from None

    def write(self, data: bytes) -> None:
        if not self._master_open:
            raise DeviceUnavailable("the pseudo-terminal was closed")
        view = memoryview(data)
        deadline = None if self.write_timeout_s is None else time.monotonic() + self.write_timeout_s
        while view:
            if deadline is not None:
                left = deadline - time.monotonic()
                _, ready, _ = select.select([], [self.master_fd], [], max(0.0, left))
                if not ready:
                    self.dropped_bytes += len(view)
                    return
            try:
                n = os.write(self.master_fd, view)
            except BlockingIOError:
                continue
            except OSError as exc:
                raise DeviceUnavailable(
                    "pseudo-terminal failed", details={"reason": _reason(exc)}
                ) from None
            view = view[n:]

    def close_master(self) -> None:
        """Close the device end: the slave's reader sees the device vanish."""
        if self._master_open:
            self._master_open = False
            os.close(self.master_fd)

    def close(self) -> None:
        self.close_master()
        if self._slave_fd >= 0:
            os.close(self._slave_fd)
            self._slave_fd = -1


class ReplayTransport:
    """Replays a recording (see ``recording``) at ``speed`` times real time (``math.inf``: max).

    Chunks come back no earlier than their recorded time divided by ``speed`` after ``open``;
    after the last one, ``read`` raises ``EndOfStream``.
    """

    def __init__(
        self,
        file: str | Path,
        speed: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,  # replay pacing: monotonic
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        if not speed > 0:
            raise ValueError("speed must be positive (math.inf replays as fast as possible)")
        self.recording = RecordingReader.open(file)
        self.speed = speed
        self._clock = clock
        self._sleep = sleep
        self._iter: Iterator[Chunk] | None = None
        self._pending = b""
        self._next: tuple[float, bytes] | None = None
        self._start = 0.0
        self._done = False

    def open(self) -> None:
        self._iter = iter(self.recording)
        self._pending = b""
        self._next = None
        self._done = False
        self._start = self._clock()

    @property
    def truncated(self) -> bool:
        """Whether the recording ended in the middle of a record."""
        return self.recording.truncated

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        if self._iter is None:
            raise DeviceUnavailable("replay transport is not open")
        if self._pending:
            out, self._pending = self._pending[:max_bytes], self._pending[max_bytes:]
            return out
        if self._next is None and not self._done:
            chunk = next(self._iter, None)
            if chunk is None:
                self._done = True
            else:
                self._next = (chunk.t_s, chunk.data)
        if self._next is None:
            raise EndOfStream
        t_s, data = self._next
        if not math.isinf(self.speed):
            wait = self._start + t_s / self.speed - self._clock()
            if wait > timeout_s:
                self._sleep(max(0.0, timeout_s))
                return b""
            if wait > 0:
                self._sleep(wait)
        self._next = None
        out, self._pending = data[:max_bytes], data[max_bytes:]
        return out

    def write(self, data: bytes) -> None:
        """A replay has no device to talk to; writes are discarded."""

    def close(self) -> None:
        self._iter = None


class FakeTransport:
    """A scripted transport for unit tests.

    Each ``read`` returns the next item of ``chunks``, or raises it when it is an exception
    (``DeviceUnavailable`` simulates a lost device). The next ``open_failures`` re-opens after
    the first fail with ``DeviceUnavailable``. Writes are kept in ``written``.
    """

    def __init__(self, chunks: Iterable[bytes | BaseException], *, open_failures: int = 0) -> None:
        self._chunks: deque[bytes | BaseException] = deque(chunks)
        self.open_failures = open_failures
        self.opens = 0
        self.closes = 0
        self.is_open = False
        self.written = bytearray()

    def open(self) -> None:
        self.opens += 1
        if self.opens > 1 and self.open_failures > 0:
            self.open_failures -= 1
            raise DeviceUnavailable("fake device is still away")
        self.is_open = True

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        if not self.is_open:
            raise DeviceUnavailable("fake transport is not open")
        if not self._chunks:
            raise EndOfStream
        item = self._chunks.popleft()
        if isinstance(item, BaseException):
            raise item
        if len(item) > max_bytes:
            self._chunks.appendleft(item[max_bytes:])
            item = item[:max_bytes]
        return item

    def write(self, data: bytes) -> None:
        if not self.is_open:
            raise DeviceUnavailable("fake transport is not open")
        self.written.extend(data)

    def close(self) -> None:
        self.closes += 1
        self.is_open = False


def _reason(exc: BaseException) -> str:
    """A short, personal-data-free reason for logs (the exception class and errno name)."""
    code = getattr(exc, "errno", None)
    if isinstance(code, int) and code in errno.errorcode:
        return f"{type(exc).__name__}:{errno.errorcode[code]}"
    return type(exc).__name__


class RecordingTransport:
    """Wraps a transport and records every byte read from it (see ``recording``)."""

    def __init__(self, inner: Transport, writer: RecordingWriter) -> None:
        self.inner = inner
        self.writer = writer

    def open(self) -> None:
        self.inner.open()

    def read(self, max_bytes: int, timeout_s: float) -> bytes:
        data = self.inner.read(max_bytes, timeout_s)
        if data:
            self.writer.write(data)
        return data

    def write(self, data: bytes) -> None:
        self.inner.write(data)

    def close(self) -> None:
        self.inner.close()
