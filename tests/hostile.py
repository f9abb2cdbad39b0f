"""Hostile and awkward uploads, made at run time (nothing of the kind is committed): pictures
whose header claims far more pixels than their bytes hold, and a phone-sized photo.

The tests and the upload probe (``benchmarks/probe_uploads.py``) use them.
"""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np


def _chunk(kind: bytes, data: bytes) -> bytes:
    return (
        struct.pack(">I", len(data))
        + kind
        + data
        + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    )


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header says ``width`` × ``height`` 1-bit pixels, with one row of data:
    what a reader sees before it decodes anything."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(row))
        + _chunk(b"IEND", b"")
    )


def png_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A complete 1-bit black PNG of ``width`` × ``height``: about 109 KB for 30000 × 30000,
    which a decoder would make into 900 million pixels (a few GB as RGB)."""
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    rows = 1000
    block = row * rows
    parts = []
    for start in range(0, height, rows):
        parts.append(packer.compress(block if start + rows <= height else row * (height - start)))
    parts.append(packer.flush())
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", b"".join(parts))
        + _chunk(b"IEND", b"")
    )


def jpeg_claiming(width: int, height: int) -> bytes:
    """A tiny JPEG (well under a kilobyte) whose frame header says ``width`` × ``height``."""
    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (120, 80, 40)).save(buf, format="JPEG", quality=50)
    data = bytearray(buf.getvalue())
    at = data.find(b"\xff\xc0")  # the baseline frame header: length, precision, height, width
    assert at > 0, "no SOF0 marker"
    data[at + 5 : at + 9] = struct.pack(">HH", height, width)
    return bytes(data)


def phone_jpeg(width: int = 4032, height: int = 3024, quality: int = 85, seed: int = 0) -> bytes:
    """A 12-megapixel photo as a phone sends it (about 2 MB of JPEG): smooth colour with the
    sensor's grain, so that it compresses as a photo does."""
    from PIL import Image

    rng = np.random.default_rng(seed)
    y = np.linspace(0.0, 1.0, height, dtype=np.float32)[:, None]
    x = np.linspace(0.0, 1.0, width, dtype=np.float32)[None, :]
    planes = (200 * x + 30 * y, 120 + 80 * np.sin(6 * x + 3 * y), 90 + 100 * y + 0 * x)
    image = np.empty((height, width, 3), dtype=np.uint8)
    for channel, plane in enumerate(planes):
        grain = rng.normal(0.0, 7.0, (height, width)).astype(np.float32)
        image[:, :, channel] = np.clip(plane + grain, 0, 255).astype(np.uint8)
    buf = io.BytesIO()
    Image.fromarray(image).save(buf, format="JPEG", quality=quality)
    return buf.getvalue()
