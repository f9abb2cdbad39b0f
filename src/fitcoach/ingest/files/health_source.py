"""Opening Apple Health's export for streaming: the bare ``export.xml`` or its member of
``export.zip`` (from bytes, a path or a file object), bounded by the import's limits
(``BoundedStream``). The parsing is ``apple_health``'s."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, cast

from fitcoach.ingest.files.limits import BoundedStream, ReadLimits
from fitcoach.ingest.files.model import FileFormatError

CHUNK_BYTES = 1 << 16
SPOOL_BYTES = 32 << 20  # a zip from a non-seekable stream stays in memory up to this size
EXPORT_HINT = (
    "Export it again from the Health app (profile picture → Export All Health Data) and "
    "upload the export.zip it writes, or the export.xml inside it."
)
_ZIP_MAGIC = b"PK\x03\x04"


@contextmanager
def open_export(
    source: bytes | BinaryIO | Path, limits: ReadLimits
) -> Iterator[tuple[IO[bytes], bytes]]:
    """The export.xml as a byte stream within ``limits`` (``BoundedStream``), and bytes
    already read from it (to be parsed first)."""
    with ExitStack() as stack:
        if isinstance(source, bytes | bytearray | memoryview):
            data = bytes(source)
            if data.startswith(_ZIP_MAGIC):
                yield _zip_member(stack, io.BytesIO(data), limits), b""
            else:
                limits.check_stream(len(data), "export.xml")
                yield io.BytesIO(data), b""
            return
        if isinstance(source, Path):
            if source.is_dir() and (source / "export.xml").is_file():  # the unzipped folder
                source = source / "export.xml"
            if not source.is_file():
                raise FileFormatError(f"{source.name}: no such file")
            stream: IO[bytes] = stack.enter_context(source.open("rb"))
        else:
            stream = source
        head = stream.read(CHUNK_BYTES)
        if not isinstance(head, bytes):
            raise FileFormatError("the upload must be read in binary mode (bytes, not text)")
        if not head.startswith(_ZIP_MAGIC):
            bounded = BoundedStream(stream, limits, "export.xml")
            bounded.size = len(head)
            yield cast(IO[bytes], bounded), head
            return
        if stream.seekable():
            stream.seek(-len(head), io.SEEK_CUR)
            yield _zip_member(stack, stream, limits), b""
            return
        # zipfile needs to seek (the directory is at the end): spool the upload, to disk
        # beyond SPOOL_BYTES, so that memory stays bounded here too.
        spool = stack.enter_context(tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES))
        spool.write(head)
        while chunk := stream.read(CHUNK_BYTES):
            spool.write(chunk)
        spool.seek(0)
        yield _zip_member(stack, spool, limits), b""


def _zip_member(stack: ExitStack, file: IO[bytes], limits: ReadLimits) -> IO[bytes]:
    """The export.xml inside an export.zip, opened for streaming decompression, bounded."""
    try:
        archive = stack.enter_context(zipfile.ZipFile(file))
        member = _pick_member(archive)
        opened = stack.enter_context(archive.open(member))
        return cast(IO[bytes], BoundedStream(opened, limits, "the export", member))
    except zipfile.BadZipFile as exc:
        raise FileFormatError(
            f"the zip archive cannot be read ({exc}); it may be cut off. {EXPORT_HINT}"
        ) from exc
    except (RuntimeError, NotImplementedError) as exc:  # encrypted, unsupported compression
        raise FileFormatError(f"the zip archive cannot be opened: {exc}. {EXPORT_HINT}") from exc


def _pick_member(archive: zipfile.ZipFile) -> zipfile.ZipInfo:
    """``apple_health_export/export.xml`` (or the one export.xml-like member of the zip)."""
    members = [
        info
        for info in archive.infolist()
        if not info.is_dir() and not info.filename.startswith("__MACOSX/")
    ]
    xml = [i for i in members if i.filename.lower().endswith(".xml")]
    exact = [i for i in xml if PurePosixPath(i.filename).name.lower() == "export.xml"]
    if exact:
        return min(exact, key=lambda i: i.filename.count("/"))
    # Some locales translate the file's name; the other XML files of an export are the CDA
    # document and per-item files in subfolders.
    others = [
        i
        for i in xml
        if PurePosixPath(i.filename).name.lower() != "export_cda.xml" and i.filename.count("/") <= 1
    ]
    if len(others) == 1:
        return others[0]
    raise FileFormatError(
        "the zip holds no apple_health_export/export.xml, so it is not an Apple Health "
        f"export. {EXPORT_HINT}"
    )
