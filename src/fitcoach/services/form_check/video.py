"""The uploaded video: its container read from its first bytes, saved to a private file named
here, and checked against the limits before the pose environment reads it.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import BinaryIO

from fitcoach.core.errors import InvalidInput
from fitcoach.services.form_check.limits import CONTAINERS, HEAD_BYTES, VideoLimits


def container_of(head: bytes) -> str:
    """The suffix of the video container that starts with ``head`` (its first bytes), from an
    allow-list; anything else is ``InvalidInput``. The client's file name and content type are
    never used: a name is not a container, and a path is never built from one."""
    if len(head) >= 12 and head[4:8] == b"ftyp":  # ISO base media: MP4, MOV (QuickTime), M4V
        return ".mov" if head[8:12] == b"qt  " else ".mp4"
    if len(head) >= 8 and head[4:8] in (b"moov", b"mdat", b"wide", b"free", b"skip"):
        return ".mov"  # an older QuickTime file, without an ftyp box first
    if head.startswith(b"\x1a\x45\xdf\xa3"):  # EBML: WebM (what browsers record), Matroska
        return ".webm" if b"webm" in head else ".mkv"
    if len(head) >= 12 and head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return ".avi"
    if head.startswith((b"\xff\xd8\xff", b"\x89PNG")):
        raise InvalidInput(
            f"video: a photo cannot show a set; film the set and send the video ({CONTAINERS})"
        )
    raise InvalidInput(f"video: not a video fitcoach reads; send {CONTAINERS}")


def save_upload(source: BinaryIO, folder: Path, limits: VideoLimits) -> Path:
    """Copy an uploaded video into a new private file in ``folder`` (mode 0600, a random name
    with the suffix of its container), refusing what is not an allowed container or is larger
    than ``limits.max_bytes`` (nothing is left behind then)."""
    head = source.read(HEAD_BYTES)
    suffix = container_of(head)
    handle, name = tempfile.mkstemp(prefix="set-", suffix=suffix, dir=folder)
    path = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(head)
            size = len(head)
            while chunk := source.read(1 << 20):
                size += len(chunk)
                if size > limits.max_bytes:
                    raise limits.too_large()
                out.write(chunk)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return path


def _check_file(video: Path, limits: VideoLimits) -> None:
    """A video file the caller named (the command line): an allowed container, not too large."""
    if not video.is_file():
        raise InvalidInput(f"video: no such file {video}")
    try:
        with video.open("rb") as file:
            head = file.read(HEAD_BYTES)
    except OSError as exc:
        raise InvalidInput(f"video: cannot read {video} ({exc.strerror})") from None
    container_of(head)
    if video.stat().st_size > limits.max_bytes:
        raise limits.too_large()
