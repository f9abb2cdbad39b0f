"""Record and replay the raw wire bytes of a sensor link, with their arrival times.

A recording keeps exactly what came over the wire (COBS frames, garbage and all), so that a
replay exercises the same decoder paths as the live link. File format, version 1 (all
integers little-endian)::

    offset size field
    0      6    magic        b"FCREC\\x00"
    6      1    version      (1)
    7      1    reserved     (0)
    8      4    meta_len     (u32, length of the JSON metadata that follows)
    12     n    metadata     (UTF-8 JSON object: source, scenario, seed, created_at, ...)
    then records, each:
           8    t_us         (u64, microseconds since the recording began, non-decreasing)
           4    length       (u32, number of bytes)
           m    data         (the bytes as they arrived)

A file cut short (a crash while recording) replays up to its last whole record and reports
``truncated``; a file that is not a recording is refused with a clear ``InvalidInput``.
"""

from __future__ import annotations

import json
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any, BinaryIO

from fitcoach.core.errors import InvalidInput
from fitcoach.sensors.frames import Frame, encode

MAGIC = b"FCREC\x00"
FORMAT_VERSION = 1
_PREAMBLE = struct.Struct("<6sBBI")
_RECORD = struct.Struct("<QI")
MAX_RECORD_BYTES = 1 << 24  # a single read is never this large; a bigger length is corruption


@dataclass(frozen=True)
class Chunk:
    """Bytes that arrived together, ``t_s`` seconds after the recording began."""

    t_s: float
    data: bytes


class RecordingWriter:
    """Append chunks to a recording file; use as a context manager."""

    def __init__(
        self,
        path: str | Path,
        *,
        metadata: dict[str, Any] | None = None,
        clock: Callable[[], float] = time.monotonic,  # offsets from the start: monotonic
    ) -> None:
        self.path = Path(path)
        self._clock = clock
        self._file: BinaryIO = self.path.open("wb")
        meta = json.dumps(metadata or {}, sort_keys=True).encode()
        self._file.write(_PREAMBLE.pack(MAGIC, FORMAT_VERSION, 0, len(meta)) + meta)
        self._start = clock()
        self._last_us = 0
        self.chunks = 0
        self.bytes = 0

    def write(self, data: bytes, t_s: float | None = None) -> None:
        """Record ``data``; ``t_s`` defaults to the time since the writer was created."""
        if not data:
            return
        if len(data) > MAX_RECORD_BYTES:
            raise InvalidInput(f"a chunk of {len(data)} bytes is larger than a record may be")
        elapsed = self._clock() - self._start if t_s is None else t_s
        t_us = max(self._last_us, round(max(0.0, elapsed) * 1e6))
        self._last_us = t_us
        self._file.write(_RECORD.pack(t_us, len(data)) + data)
        self.chunks += 1
        self.bytes += len(data)

    def close(self) -> None:
        if not self._file.closed:
            self._file.close()

    def __enter__(self) -> RecordingWriter:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


@dataclass
class RecordingReader:
    """Iterate over the chunks of a recording file (streaming; the file is not loaded)."""

    path: Path
    metadata: dict[str, Any] = field(default_factory=dict)
    truncated: bool = False
    _data_offset: int = 0

    @classmethod
    def open(cls, path: str | Path) -> RecordingReader:
        """Check the preamble and read the metadata; raises ``InvalidInput`` if not a recording."""
        p = Path(path)
        try:
            with p.open("rb") as f:
                pre = f.read(_PREAMBLE.size)
                if len(pre) < _PREAMBLE.size:
                    raise InvalidInput(f"{p} is not a fitcoach recording (too short)")
                magic, version, _reserved, meta_len = _PREAMBLE.unpack(pre)
                if magic != MAGIC:
                    raise InvalidInput(f"{p} is not a fitcoach recording (bad magic bytes)")
                if version != FORMAT_VERSION:
                    raise InvalidInput(f"{p}: recording format version {version} is not supported")
                raw_meta = f.read(meta_len)
        except OSError as exc:
            raise InvalidInput(f"cannot read recording {p}: {exc.strerror or exc}") from None
        try:
            meta = json.loads(raw_meta.decode()) if len(raw_meta) == meta_len else None
        except (UnicodeDecodeError, json.JSONDecodeError):
            meta = None
        if not isinstance(meta, dict):
            raise InvalidInput(f"{p}: the recording's metadata is damaged")
        return cls(path=p, metadata=meta, _data_offset=_PREAMBLE.size + meta_len)

    def __iter__(self) -> Iterator[Chunk]:
        self.truncated = False
        with self.path.open("rb") as f:
            f.seek(self._data_offset)
            while True:
                head = f.read(_RECORD.size)
                if not head:
                    return
                if len(head) < _RECORD.size:
                    self.truncated = True
                    return
                t_us, length = _RECORD.unpack(head)
                if length > MAX_RECORD_BYTES:
                    self.truncated = True
                    return
                data = f.read(length)
                if len(data) < length:
                    self.truncated = True
                    return
                yield Chunk(t_us / 1e6, data)


def write_frames(
    path: str | Path,
    frames: Iterable[Frame],
    emit_times_s: Iterable[float],
    *,
    metadata: dict[str, Any] | None = None,
) -> int:
    """Record frames as the wire would carry them, each at its emission time; returns bytes."""
    with RecordingWriter(path, metadata=metadata) as writer:
        for frame, t_s in zip(frames, emit_times_s, strict=True):
            writer.write(encode(frame), t_s)
        return writer.bytes
