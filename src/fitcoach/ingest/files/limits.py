"""How much of a file the readers may take in: bytes read whole, bytes streamed, what a zip
member may unpack to, and records. A file past a limit is refused with a ``FileTooLarge``
that says which limit and what to do, before (or as soon as) the excess is read: a zip's own
figures for its members are checked first, then the bytes actually unpacked, since a zip can
lie about them.

The defaults are ``Settings``' (``import_max_*``); docs/security.md, "Imported files", says
why each is what it is.
"""

from __future__ import annotations

import sys
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from fitcoach.ingest.files.model import FileFormatError

MIB = 1 << 20
_CHUNK = 1 << 20
# A member smaller than this is not judged by its compression ratio: short text repeats
# enough to pack far better than 1:100 (an empty CSV with a header, a one-line manifest).
_RATIO_FLOOR_BYTES = 1 * MIB


class FileTooLarge(FileFormatError):
    """A file (or a zip member) over one of the import's limits; nothing of it is stored."""

    code = "file_too_large"


@dataclass(frozen=True)
class ReadLimits:
    """What one imported file may be.

    ``max_file_bytes``: a file read whole (CSV, FIT, TCX, GPX, a fitcoach export's JSON or
    CSV), after unzipping; also what a zip's members together may unpack to.
    ``max_stream_bytes``: Apple Health's export.xml, which is read in pieces.
    ``max_zip_ratio``: how many times its packed size a zip member may unpack to.
    ``max_records``: workouts, sets, cardio sessions, nights, days and measurements (a
    fitcoach export: its rows) in one file.
    """

    max_file_bytes: int = 12 * MIB
    max_stream_bytes: int = 1024 * MIB
    max_zip_ratio: int = 100
    max_records: int = 50_000

    def check_file(self, size: int, what: str) -> None:
        """``FileTooLarge`` when a file read whole is over ``max_file_bytes``."""
        if size > self.max_file_bytes:
            raise FileTooLarge(
                f"{what} is {_mib(size)}, more than the {_mib(self.max_file_bytes)} fitcoach "
                "reads of one file; export a shorter period, or split the file"
            )

    def check_stream(self, size: int, what: str) -> None:
        """``FileTooLarge`` when a streamed file is over ``max_stream_bytes``."""
        if size > self.max_stream_bytes:
            raise FileTooLarge(
                f"{what} is {_mib(size)}, more than the {_mib(self.max_stream_bytes)} fitcoach "
                "reads of one export"
            )

    def check_records(self, found: int, what: str) -> None:
        """``FileTooLarge`` when a file holds more records than one import takes."""
        if found > self.max_records:
            raise FileTooLarge(
                f"{what} holds {found:,} records (workouts, sets, sessions, nights, days), "
                f"more than the {self.max_records:,} one import takes; export a shorter "
                "period from the app and import each part"
            )


def _mib(size: int) -> str:
    return f"{size / MIB:,.1f} MiB" if size < 10 * MIB else f"{size / MIB:,.0f} MiB"


class ZipBudget:
    """What the members of one zip read whole may unpack to, together: ``max_file_bytes``."""

    def __init__(self, limits: ReadLimits, label: str) -> None:
        self.limits = limits
        self.label = label
        self.left = limits.max_file_bytes

    def read(self, archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bytes:
        """The member's bytes, refused before reading when the zip says it is too large, and
        as soon as more is unpacked than its ratio or the budget allows (a zip's figures may
        lie)."""
        allowed = min(self.left, _ratio_cap(info, self.limits))
        if info.file_size > allowed:
            self._refuse(info, info.file_size)
        parts: list[bytes] = []
        size = 0
        with archive.open(info) as member:
            while chunk := member.read(min(_CHUNK, allowed - size + 1)):
                size += len(chunk)
                if size > allowed:
                    self._refuse(info, size)
                parts.append(chunk)
        self.left -= size
        return b"".join(parts)

    def _refuse(self, info: zipfile.ZipInfo, size: int) -> None:
        if size > _ratio_cap(info, self.limits):
            raise FileTooLarge(
                f"{self.label}: {info.filename} unpacks to more than "
                f"{self.limits.max_zip_ratio} times its packed size, which no export does (a "
                "zip bomb?); it was not read"
            )
        raise FileTooLarge(
            f"{self.label}: the files inside unpack to more than the "
            f"{_mib(self.limits.max_file_bytes)} fitcoach reads of one zip; export a shorter "
            "period, or split the export"
        )


def _ratio_cap(info: zipfile.ZipInfo, limits: ReadLimits) -> int:
    """The most a member may unpack to by its packed size (at least ``_RATIO_FLOOR_BYTES``)."""
    return max(_RATIO_FLOOR_BYTES, info.compress_size * limits.max_zip_ratio)


class BoundedStream:
    """A stream read in pieces (Apple Health's export.xml, from its zip or bare) that stops
    with ``FileTooLarge`` once more than ``max_stream_bytes`` come out of it, or, for a zip
    member (``info``), more than its packed size times ``max_zip_ratio``."""

    def __init__(
        self,
        stream: IO[bytes],
        limits: ReadLimits,
        label: str,
        info: zipfile.ZipInfo | None = None,
    ) -> None:
        self.stream = stream
        self.label = label
        self.limits = limits
        self.name = "" if info is None else f"{info.filename} "
        self.by_ratio = sys.maxsize if info is None else _ratio_cap(info, limits)
        self.allowed = min(limits.max_stream_bytes, self.by_ratio)
        self.size = 0
        if info is not None and info.file_size > self.allowed:
            self._refuse(info.file_size)

    def read(self, n: int = -1) -> bytes:
        chunk = self.stream.read(n)
        self.size += len(chunk)
        if self.size > self.allowed:
            self._refuse(self.size)
        return chunk

    def _refuse(self, size: int) -> None:
        if size > self.by_ratio:
            raise FileTooLarge(
                f"{self.label}: {self.name}unpacks to more than {self.limits.max_zip_ratio} "
                "times its packed size, which no export does (a zip bomb?); it was not read "
                "further"
            )
        self.limits.check_stream(size, f"{self.label}: {self.name}".rstrip())


ZIP_READ_ERRORS = (
    zipfile.BadZipFile,
    zlib.error,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)
"""What reading a damaged, encrypted or oddly compressed zip member may raise."""
