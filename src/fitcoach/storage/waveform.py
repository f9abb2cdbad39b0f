"""The waveform chunk codec: integer samples → delta encoding → zlib, with a small header.

A chunk is stored as::

    offset size  field
    0      1     magic           0xF7
    1      1     version << 4 | codec   (version 1; codec 0: plain body, 1: zlib'd body)
    2      1     sample_width << 4 | delta_width   (bytes, signed: 1, 2, 4 or 8)
    3      4     n_samples       (u32)
    7      ...   body: the first sample (sample_width bytes), then the n-1 differences between
                 neighbours (delta_width bytes each), all little-endian; zlib'd if codec 1

Neighbouring samples of a physiological waveform differ little, so the differences usually
fit in one byte where the samples need two; zlib then removes most of what is left in longer
chunks. The body stays plain (codec 0) when zlib would not make it smaller (short chunks).
A body of at most ``SHORT_BODY`` bytes (one firmware frame: 25 ECG samples with one-byte
differences make 26) is not even offered to zlib unless at least half its differences are
zero or all are equal: zlib costs about 3 µs a call, a sixth of what storing a frame costs,
and on such short bodies it only wins on runs (a flat line, a ramp). On MIT-BIH record 100
(the table below) and records 105, 119 and 121, the rule skips zlib for 84–100 % of 25- and
10-sample chunks and stores the same bytes on record 100, within 0.01 % more on the others;
on the simulator's frames it skips 98 %, for the same bytes. A flat line toggling its last
bit at random, the worst case found, stores 1.9 % more.
Decoding is exact: ``decode(encode(x, w))`` equals ``x`` for every integer array whose values
fit in ``w`` signed bytes.

Measured on MIT-BIH record 100 (30 min; ``ecg_mv`` resampled 360 → 250 Hz and turned into
the reference board's counts with ``BOARD_V1``: AD8232 gain 1100 into the UNO's 10-bit ADC
on its 5 V reference, about 225 counts per mV; raw is 2 bytes a sample), compression ratio
= raw bytes / stored bytes, header included::

    samples per chunk    25     50    125    250    255    whole record
    ratio               1.45   1.66   2.05   2.17   2.18   2.88
    bytes per sample    1.38   1.21   0.98   0.92   0.92   0.69

A chunk is one device frame, so the frame size the firmware picks sets the ratio: 25 samples
(100 ms of ECG) save 31 % of the bytes, 250 samples (1 s) 54 %.
``tests/storage/test_sensor_storage.py`` checks these on the real record.
"""

from __future__ import annotations

import struct
import zlib
from collections.abc import Sequence
from typing import Any

import numpy as np
import numpy.typing as npt

MAGIC = 0xF7
VERSION = 1
CODEC_RAW = 0
CODEC_ZLIB = 1
HEADER = struct.Struct("<BBBI")
HEADER_SIZE = HEADER.size  # 7
ZLIB_LEVEL = 6
SHORT_BODY = 32  # bytes; see the module docstring

_DTYPES: dict[int, type[np.signedinteger[Any]]] = {
    1: np.int8,
    2: np.int16,
    4: np.int32,
    8: np.int64,
}

IntArray = npt.NDArray[np.signedinteger[Any]]


class WaveformCodecError(ValueError):
    """Bytes that are not a waveform chunk of this codec."""


def _narrowest(low: int, high: int) -> int:
    for width in (1, 2, 4):
        bound = 1 << (8 * width - 1)
        if -bound <= low and high < bound:
            return width
    return 8


def encode(samples: Sequence[int] | npt.NDArray[np.integer[Any]], sample_width: int) -> bytes:
    """Encode integer samples that each fit in ``sample_width`` signed bytes."""
    if sample_width not in _DTYPES:
        raise ValueError(f"sample_width {sample_width} is not 1, 2, 4 or 8")
    values = np.asarray(samples, dtype=np.int64)
    if values.ndim != 1:
        raise ValueError("samples must be one-dimensional")
    n = int(values.size)
    if n > 0xFFFFFFFF:
        raise ValueError("too many samples for one chunk")
    if n:
        bound = 1 << (8 * sample_width - 1)
        if int(values.min()) < -bound or int(values.max()) >= bound:
            raise ValueError(f"a sample does not fit in {sample_width} signed bytes")
    # Differences of 8-byte samples may overflow int64; they wrap, and the cumulative sum on
    # the way back wraps the same way, so the round trip stays exact.
    with np.errstate(over="ignore"):
        deltas = np.diff(values)
    delta_width = _narrowest(int(deltas.min()), int(deltas.max())) if deltas.size else 1
    body = (
        values[:1].astype(_le(sample_width)).tobytes() + deltas.astype(_le(delta_width)).tobytes()
    )
    worth = _worth_zlib(
        len(body),
        int(deltas.size),
        int(np.count_nonzero(deltas == 0)),
        bool(deltas.size) and int(deltas.min()) == int(deltas.max()),
    )
    packed = zlib.compress(body, ZLIB_LEVEL) if worth else body
    codec = CODEC_ZLIB if len(packed) < len(body) else CODEC_RAW
    header = HEADER.pack(MAGIC, VERSION << 4 | codec, sample_width << 4 | delta_width, n)
    return header + (packed if codec == CODEC_ZLIB else body)


def _worth_zlib(body: int, deltas: int, zeros: int, constant: bool) -> bool:
    """Whether a body of ``body`` bytes with ``deltas`` differences (``zeros`` of them zero;
    ``constant``: all equal) goes through zlib. Its smallest output (2-byte header, 2-byte
    empty block, 4-byte checksum) is 8 bytes, so a body of 8 bytes or less never shrinks; a
    short body is tried only when it has the runs zlib can shorten (module docstring)."""
    if body <= 8:
        return False
    return body > SHORT_BODY or constant or 2 * zeros >= deltas


def encode_many(
    chunks: Sequence[npt.NDArray[np.integer[Any]]], sample_widths: Sequence[int]
) -> list[bytes]:
    """``[encode(c, w) for c, w in zip(chunks, sample_widths)]``, the same bytes, faster.

    The stream consumer encodes every frame of a batch: chunks of the same length and width
    (one device channel) get their differences and byte layout in one NumPy pass each, leaving
    only zlib per chunk, for the bodies ``encode`` offers it (``_worth_zlib``).
    """
    if len(chunks) != len(sample_widths):
        raise ValueError("one sample width per chunk")
    out: list[bytes] = [b""] * len(chunks)
    groups: dict[tuple[int, int], list[int]] = {}
    for i, (chunk, width) in enumerate(zip(chunks, sample_widths, strict=True)):
        groups.setdefault((len(chunk), width), []).append(i)
    for (n, width), index in groups.items():
        if width not in _DTYPES:
            raise ValueError(f"sample_width {width} is not 1, 2, 4 or 8")
        if n < 2:
            for i in index:
                out[i] = encode(chunks[i], width)
            continue
        values = np.array([chunks[i] for i in index], dtype=np.int64)
        if values.ndim != 2:
            raise ValueError("samples must be one-dimensional")
        bound = 1 << (8 * width - 1)
        if int(values.min()) < -bound or int(values.max()) >= bound:
            for i in index:  # the first that does not fit raises encode's own error
                encode(chunks[i], width)
        with np.errstate(over="ignore"):
            deltas = np.diff(values, axis=1)
        low, high = deltas.min(axis=1), deltas.max(axis=1)
        constant = (low == high).tolist()
        zeros = np.count_nonzero(deltas == 0, axis=1).tolist()
        delta_widths = np.full(len(index), 8, dtype=np.int64)
        for w in (4, 2, 1):
            b = 1 << (8 * w - 1)
            delta_widths[(low >= -b) & (high < b)] = w
        firsts = values[:, 0].astype(_le(width)).tobytes()
        for dw in np.unique(delta_widths).tolist():
            rows = np.flatnonzero(delta_widths == dw)
            packed_deltas = deltas[rows].astype(_le(dw)).tobytes()
            step = (n - 1) * dw
            widths = width << 4 | dw
            zlib_header = HEADER.pack(MAGIC, VERSION << 4 | CODEC_ZLIB, widths, n)
            raw_header = HEADER.pack(MAGIC, VERSION << 4 | CODEC_RAW, widths, n)
            size = width + step
            for k, row in enumerate(rows.tolist()):
                body = (
                    firsts[row * width : (row + 1) * width]
                    + packed_deltas[k * step : (k + 1) * step]
                )
                worth = _worth_zlib(size, n - 1, zeros[row], constant[row])
                packed = zlib.compress(body, ZLIB_LEVEL) if worth else body
                if len(packed) < len(body):
                    out[index[row]] = zlib_header + packed
                else:
                    out[index[row]] = raw_header + body
    return out


def _le(width: int) -> np.dtype[Any]:
    return np.dtype(_DTYPES[width]).newbyteorder("<")


def _header(data: bytes) -> tuple[int, int, int, int]:
    if len(data) < HEADER_SIZE:
        raise WaveformCodecError(f"chunk too short ({len(data)} bytes)")
    magic, version_codec, widths, n = HEADER.unpack_from(data)
    if magic != MAGIC or version_codec >> 4 != VERSION:
        raise WaveformCodecError("not a version-1 waveform chunk")
    sample_width, delta_width = widths >> 4, widths & 0x0F
    if sample_width not in _DTYPES or delta_width not in _DTYPES:
        raise WaveformCodecError("bad sample or delta width")
    return version_codec & 0x0F, sample_width, delta_width, n


def decode(data: bytes) -> IntArray:
    """The samples of a chunk, as an array of the original sample width."""
    codec, sample_width, delta_width, n = _header(data)
    body = bytes(data[HEADER_SIZE:])
    if codec == CODEC_ZLIB:
        try:
            body = zlib.decompress(body)
        except zlib.error as exc:
            raise WaveformCodecError(f"corrupt chunk: {exc}") from None
    elif codec != CODEC_RAW:
        raise WaveformCodecError(f"unknown codec {codec}")
    expected = sample_width + (n - 1) * delta_width if n else 0
    if len(body) != expected:
        raise WaveformCodecError(f"body holds {len(body)} bytes, expected {expected}")
    if not n:
        return np.zeros(0, dtype=_DTYPES[sample_width])
    first = np.frombuffer(body, dtype=_le(sample_width), count=1).astype(np.int64)
    deltas = np.frombuffer(body, dtype=_le(delta_width), offset=sample_width).astype(np.int64)
    with np.errstate(over="ignore"):
        values = np.cumsum(np.concatenate([first, deltas]), dtype=np.int64)
    return values.astype(_DTYPES[sample_width])


def sample_count(data: bytes) -> int:
    """How many samples a chunk holds, from its header alone."""
    return _header(data)[3]
