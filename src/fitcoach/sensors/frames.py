"""The binary frame format between the sensor board and fitcoach (version 1).

A frame, before framing, is little-endian::

    offset size field
    0      1    version        (1)
    1      2    device_id      (u16)
    3      4    seq            (u32, per device and channel, +1 per frame, wraps)
    7      4    t_device_us    (u32, device clock in microseconds at the first sample, wraps)
    11     1    channel        (u8, see ``Channel``)
    12     1    flags          (u8, see ``Flag``)
    13     1    sample_width   (1, 2 or 4 bytes per sample, signed)
    14     1    count          (u8, number of samples, 0-255)
    15     n    samples        (count * sample_width bytes, signed little-endian)
    15+n   2    crc            (CRC-16/CCITT-FALSE over bytes 0..15+n-1, little-endian)

The whole is COBS-encoded (Cheshire & Baker 1999) and followed by one 0x00 delimiter, so a
reader can resynchronise on the next zero after any corruption. The C encoder in
``firmware/`` produces the same bytes; ``tests/fixtures/frames/`` holds shared test vectors.
"""

from __future__ import annotations

import binascii
import enum
import struct
from dataclasses import dataclass, field

from cobs import cobs

VERSION = 1
HEADER = struct.Struct("<BHIIBBBB")
HEADER_SIZE = HEADER.size  # 15
CRC_SIZE = 2
MAX_SAMPLES = 255
DELIMITER = b"\x00"
MAX_FRAME_BYTES = HEADER_SIZE + MAX_SAMPLES * 4 + CRC_SIZE
# COBS adds at most one byte per 254, plus one.
MAX_ENCODED_BYTES = MAX_FRAME_BYTES + MAX_FRAME_BYTES // 254 + 2

_SAMPLE_FORMATS = {1: "b", 2: "h", 4: "i"}


class Channel(enum.IntEnum):
    """What a frame carries. Rates are the firmware's nominal sample rates."""

    ECG = 1  # AD8232 analog out, 10-bit ADC counts, 250 Hz
    PPG_RED = 2  # MAX30102 red LED, 18-bit counts, 100 Hz
    PPG_IR = 3  # MAX30102 infrared LED, 18-bit counts, 100 Hz
    CO2 = 4  # fast mainstream/sidestream CO2, 0.1 mmHg units, 20 Hz (capnogram)
    CO2_AMBIENT = 5  # slow ambient CO2, ppm, about 0.2 Hz
    STATUS = 6  # device status: samples are event codes (see ``Flag`` for lead-off)


KNOWN_CHANNELS = frozenset(int(c) for c in Channel)
"""Channel ids this format version defines; a frame on another one is dead-lettered by the
ingest consumers (it decodes, but nothing knows what its samples mean)."""


class Flag(enum.IntFlag):
    """Per-frame conditions reported by the device."""

    NONE = 0
    LEAD_OFF = 1  # ECG electrodes not in contact (AD8232 LO+/LO- pins)
    SATURATED = 2  # a sample at its source's output rail (ECG: the AD8232's, not the ADC's)
    FINGER_OFF = 4  # the oximeter sees no finger (IR below threshold)
    CLOCK_RESET = 8  # the device restarted: sequence and clock begin again


class FrameError(ValueError):
    """A frame that cannot be decoded; the message says why."""


@dataclass(frozen=True)
class Frame:
    """One decoded frame."""

    device_id: int
    seq: int
    t_device_us: int
    channel: int
    samples: tuple[int, ...]
    flags: int = 0
    sample_width: int = 2
    version: int = VERSION

    def __post_init__(self) -> None:
        if not 0 <= self.device_id <= 0xFFFF:
            raise FrameError(f"device_id {self.device_id} outside 0..65535")
        if not 0 <= self.seq <= 0xFFFFFFFF or not 0 <= self.t_device_us <= 0xFFFFFFFF:
            raise FrameError("seq and t_device_us are unsigned 32-bit")
        if not 0 <= self.channel <= 0xFF or not 0 <= self.flags <= 0xFF:
            raise FrameError("channel and flags are unsigned 8-bit")
        if self.sample_width not in _SAMPLE_FORMATS:
            raise FrameError(f"sample_width {self.sample_width} is not 1, 2 or 4")
        if len(self.samples) > MAX_SAMPLES:
            raise FrameError(f"{len(self.samples)} samples; at most {MAX_SAMPLES} per frame")
        low = -(1 << (8 * self.sample_width - 1))
        high = (1 << (8 * self.sample_width - 1)) - 1
        if any(not low <= s <= high for s in self.samples):
            raise FrameError(f"a sample does not fit in {self.sample_width} signed bytes")


def crc16(data: bytes) -> int:
    """CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), as the firmware computes it."""
    return binascii.crc_hqx(data, 0xFFFF)


def pack(frame: Frame) -> bytes:
    """The frame's bytes with CRC, before COBS."""
    fmt = "<" + _SAMPLE_FORMATS[frame.sample_width] * len(frame.samples)
    body = HEADER.pack(
        frame.version,
        frame.device_id,
        frame.seq,
        frame.t_device_us,
        frame.channel,
        frame.flags,
        frame.sample_width,
        len(frame.samples),
    ) + struct.pack(fmt, *frame.samples)
    return body + struct.pack("<H", crc16(body))


def unpack(raw: bytes) -> Frame:
    """Parse the bytes of one frame (after COBS decoding); raises ``FrameError``."""
    if len(raw) < HEADER_SIZE + CRC_SIZE:
        raise FrameError(f"frame too short ({len(raw)} bytes)")
    body, (crc,) = raw[:-CRC_SIZE], struct.unpack("<H", raw[-CRC_SIZE:])
    if crc16(body) != crc:
        raise FrameError("CRC mismatch")
    version, device, seq, t_us, channel, flags, width, count = HEADER.unpack_from(body)
    if version != VERSION:
        raise FrameError(f"unsupported frame version {version}")
    if width not in _SAMPLE_FORMATS:
        raise FrameError(f"sample width {width} is not 1, 2 or 4")
    if len(body) != HEADER_SIZE + count * width:
        raise FrameError(f"length {len(body)} does not match {count} samples of {width} bytes")
    samples = struct.unpack_from("<" + _SAMPLE_FORMATS[width] * count, body, HEADER_SIZE)
    return Frame(device, seq, t_us, channel, tuple(samples), flags, width, version)


def encode(frame: Frame) -> bytes:
    """COBS-encode a frame and append the 0x00 delimiter: the bytes that go on the wire."""
    return bytes(cobs.encode(pack(frame))) + DELIMITER


def decode(packet: bytes) -> Frame:
    """Decode one wire packet (with or without its trailing delimiter)."""
    packet = packet.rstrip(DELIMITER) if packet.endswith(DELIMITER) else packet
    try:
        raw = cobs.decode(packet)
    except cobs.DecodeError as exc:
        raise FrameError(f"bad COBS encoding: {exc}") from None
    return unpack(bytes(raw))


@dataclass
class DecoderStats:
    """Counters of a stream decoder (exported as metrics and shown by the CLI)."""

    frames: int = 0
    crc_errors: int = 0
    malformed: int = 0
    oversize: int = 0
    resyncs: int = 0
    bytes_in: int = 0
    by_reason: dict[str, int] = field(default_factory=dict)


class StreamDecoder:
    """Incremental decoder: feed bytes as they arrive, get whole frames back.

    Garbage, truncated or corrupted frames are counted and skipped; decoding resumes at the
    next delimiter, so one bad frame costs at most that frame.
    """

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._discarding = False
        self.stats = DecoderStats()

    def feed(self, data: bytes) -> list[Frame]:
        """Decode every complete frame in ``data`` (plus what was buffered)."""
        self.stats.bytes_in += len(data)
        frames: list[Frame] = []
        start = 0
        while True:
            end = data.find(DELIMITER, start)
            if end < 0:
                self._append(data[start:])
                return frames
            self._append(data[start:end])
            packet, discarding = bytes(self._buffer), self._discarding
            self._buffer.clear()
            self._discarding = False
            start = end + 1
            if discarding:
                self.stats.resyncs += 1
                continue
            if not packet:
                continue  # back-to-back delimiters (line noise or a keep-alive)
            try:
                frames.append(decode(packet))
                self.stats.frames += 1
            except FrameError as exc:
                reason = str(exc).split(":")[0]
                self.stats.by_reason[reason] = self.stats.by_reason.get(reason, 0) + 1
                if reason == "CRC mismatch":
                    self.stats.crc_errors += 1
                else:
                    self.stats.malformed += 1
                self.stats.resyncs += 1

    def _append(self, chunk: bytes) -> None:
        if self._discarding:
            return
        self._buffer.extend(chunk)
        if len(self._buffer) > MAX_ENCODED_BYTES:
            # No delimiter for longer than any frame: drop until the next one.
            self._buffer.clear()
            self._discarding = True
            self.stats.oversize += 1
