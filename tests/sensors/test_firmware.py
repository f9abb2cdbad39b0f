"""The firmware's C frame encoder against the Python codec, byte for byte, both directions.

``firmware/fitcoach_sensors/fc_frame.c`` is compiled on the host with gcc together with
``firmware/host/make_vectors.c``; its frames must decode in Python to exactly the inputs, and
Python's ``encode`` must produce the same bytes. The checked-in ``vectors.json`` is the
program's output and is checked against both. With avr-gcc (Debian ``gcc-avr``) the encoder
and the sketch are also compiled for the UNO's ATmega328P.
"""

from __future__ import annotations

import json
import random
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any, Protocol

import pytest
from cobs import cobs
from tests.conftest import service_missing, unavailable

from fitcoach.sensors.frames import (
    HEADER_SIZE,
    MAX_ENCODED_BYTES,
    MAX_SAMPLES,
    VERSION,
    Channel,
    Flag,
    Frame,
    FrameError,
    StreamDecoder,
    crc16,
    decode,
    encode,
    pack,
)
from fitcoach.sensors.profiles import BOARD_V1

ROOT = Path(__file__).resolve().parents[2]
SKETCH_DIR = ROOT / "firmware" / "fitcoach_sensors"
ENCODER_C = SKETCH_DIR / "fc_frame.c"
SKETCH = SKETCH_DIR / "fitcoach_sensors.ino"
MAKE_VECTORS_C = ROOT / "firmware" / "host" / "make_vectors.c"
VECTORS_JSON = ROOT / "tests" / "fixtures" / "frames" / "vectors.json"
CFLAGS = ["-std=c99", "-Wall", "-Wextra", "-Werror", "-O2"]
# The Arduino AVR core as Debian's arduino-core-avr installs it (headers only are needed).
ARDUINO_AVR = Path("/usr/share/arduino/hardware/arduino/avr")


class Runner(Protocol):
    def __call__(self, mode: str, stdin: str = "") -> str: ...


def _build(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=120)
    assert done.returncode == 0, f"{' '.join(command)}\n{done.stderr}"


@pytest.fixture(scope="module")
def make_vectors(tmp_path_factory: pytest.TempPathFactory) -> Path:
    gcc = shutil.which("gcc")
    if gcc is None:
        unavailable("gcc is not installed: the C encoder cannot be built on this host")
    binary = tmp_path_factory.mktemp("firmware") / "make_vectors"
    _build(
        [
            gcc,
            *CFLAGS,
            "-I",
            str(SKETCH_DIR),
            str(ENCODER_C),
            str(MAKE_VECTORS_C),
            "-o",
            str(binary),
        ]
    )
    return binary


@pytest.fixture(scope="module")
def run_c(make_vectors: Path) -> Runner:
    def run(mode: str, stdin: str = "") -> str:
        done = subprocess.run(
            [str(make_vectors), mode],
            input=stdin,
            capture_output=True,
            text=True,
            check=True,
            timeout=60,
        )
        return done.stdout

    return run


def _frame_of(vector: dict[str, Any]) -> Frame:
    return Frame(
        device_id=vector["device_id"],
        seq=vector["seq"],
        t_device_us=vector["t_device_us"],
        channel=vector["channel"],
        samples=tuple(vector["samples"]),
        flags=vector["flags"],
        sample_width=vector["sample_width"],
    )


def _line(frame: Frame, cap: int = -1) -> str:
    fields = [cap, frame.device_id, frame.seq, frame.t_device_us, frame.channel, frame.flags]
    fields += [frame.sample_width, len(frame.samples), *frame.samples]
    return " ".join(str(v) for v in fields)


def _c_encode(run_c: Runner, frames: list[Frame], cap: int = -1) -> list[str]:
    out = run_c("--frames", "".join(_line(f, cap) + "\n" for f in frames)).splitlines()
    assert len(out) == len(frames)
    return out


def _random_frame(rng: random.Random) -> Frame:
    width = rng.choice([1, 2, 4])
    low, high = -(1 << (8 * width - 1)), (1 << (8 * width - 1)) - 1
    count = rng.choice([0, 1, 4, 10, 25, rng.randint(0, MAX_SAMPLES), MAX_SAMPLES])
    style = rng.choice(["uniform", "extremes", "small", "zeros"])
    samples: list[int] = []
    for _ in range(count):
        if style == "uniform":
            samples.append(rng.randint(low, high))
        elif style == "extremes":
            samples.append(rng.choice([low, high, 0, -1, 1, low + 1, high - 1]))
        elif style == "small":
            samples.append(rng.randint(-3, 3))
        else:
            samples.append(rng.choice([0, 0, 0, rng.randint(low, high)]))
    return Frame(
        device_id=rng.choice([0, 1, 0xFFFF, rng.randint(0, 0xFFFF)]),
        seq=rng.choice([0, 0xFFFFFFFF, rng.randint(0, 0xFFFFFFFF)]),
        t_device_us=rng.choice([0, 0xFFFFFFFF, rng.randint(0, 0xFFFFFFFF)]),
        channel=rng.choice([*list(Channel), rng.randint(0, 255)]),
        samples=tuple(samples),
        flags=rng.randint(0, 255),
        sample_width=width,
    )


# --------------------------------------------------------------------------- constants


def test_c_constants_match_python(run_c: Runner) -> None:
    constants = json.loads(run_c("--constants"))
    assert constants["version"] == VERSION
    assert constants["header_size"] == HEADER_SIZE
    assert constants["max_samples"] == MAX_SAMPLES
    assert constants["channels"] == {c.name: c.value for c in Channel}
    assert constants["flags"] == {f.name: f.value for f in Flag} | {"NONE": 0}
    worst = encode(Frame(0, 0, 0, 1, (-1,) * MAX_SAMPLES, 0xFF, 4))
    assert constants["encoded_max"]["max_255x4"] == MAX_ENCODED_BYTES >= len(worst)
    # The sketch's buffers: 25 ECG samples of 2 bytes, 10 PPG of 4, 4 CO2 of 2, all <= 72.
    sizes = {"ecg_25x2": (2, 25), "ppg_10x4": (4, 10), "co2_4x2": (2, 4)}
    for name, (width, count) in sizes.items():
        longest = encode(Frame(0xFFFF, 2**32 - 1, 2**32 - 1, 1, (-1,) * count, 0xFF, width))
        assert len(longest) <= constants["encoded_max"][name] <= 72


def test_crc16_check_value_and_cobs(run_c: Runner) -> None:
    cobs_hex, crc = run_c("--cobs", b"123456789".hex() + "\n").split()
    assert int(crc, 16) == 0x29B1 == crc16(b"123456789")
    assert bytes.fromhex(cobs_hex) == cobs.encode(b"123456789")


def test_cobs_edge_cases_match_python_package(run_c: Runner) -> None:
    rng = random.Random(7)
    nonzero = bytes(rng.randint(1, 255) for _ in range(800))
    cases = [
        b"",
        b"\x00",
        b"\x00\x00",
        b"\x01",
        nonzero[:253],
        nonzero[:254],  # a full block ends the input: no trailing 0x01
        nonzero[:254] + b"\x00",
        nonzero[:255],
        nonzero[:253] + b"\x00",
        nonzero[:508],
        nonzero[:509],
        nonzero[:254] + b"\x00" + nonzero[:254],
        b"\x00" * 300,
        nonzero[:800],
        *(bytes(rng.choice([0, 0, rng.randint(1, 255)]) for _ in range(n)) for n in range(60)),
    ]
    lines = "".join((c.hex() or "-") + "\n" for c in cases)
    for case, row in zip(cases, run_c("--cobs", lines).splitlines(), strict=True):
        cobs_hex, crc = row.split()
        assert bytes.fromhex(cobs_hex) == cobs.encode(case), case.hex()
        assert int(crc, 16) == crc16(case)
        assert cobs.decode(bytes.fromhex(cobs_hex)) == case


# --------------------------------------------------------------------------- vectors.json


def test_checked_in_vectors_are_the_c_programs_output(run_c: Runner) -> None:
    assert json.loads(run_c("--json")) == json.loads(VECTORS_JSON.read_text())


def _checked_in_vectors() -> list[dict[str, Any]]:
    vectors: list[dict[str, Any]] = json.loads(VECTORS_JSON.read_text())["vectors"]
    return vectors


@pytest.mark.parametrize("vector", _checked_in_vectors(), ids=lambda v: str(v["name"]))
def test_checked_in_vector_matches_python(vector: dict[str, Any]) -> None:
    wire = bytes.fromhex(vector["wire_hex"])
    frame = decode(wire)
    assert frame == _frame_of(vector)
    assert (frame.device_id, frame.seq, frame.t_device_us) == (
        vector["device_id"],
        vector["seq"],
        vector["t_device_us"],
    )
    assert list(frame.samples) == vector["samples"]
    assert encode(frame) == wire
    assert wire[-1] == 0
    assert 0 not in wire[:-1]


def test_checked_in_vectors_cover_the_edge_cases() -> None:
    by_name = {v["name"]: v for v in _checked_in_vectors()}
    assert by_name["status_boot_empty"]["samples"] == []
    assert by_name["status_boot_empty"]["flags"] & Flag.CLOCK_RESET
    wide = by_name["width1_255"]
    assert wide["sample_width"] == 1
    assert len(wide["samples"]) == 255
    assert {-128, 0, 127} <= set(wide["samples"])
    zeros = _frame_of(by_name["zero_bytes_in_samples"])
    assert pack(zeros)[HEADER_SIZE:-2].count(0) >= 12
    assert {32767, -32768} <= set(by_name["int16_limits"]["samples"])
    assert {2**31 - 1, -(2**31)} <= set(by_name["int32_limits"]["samples"])
    railed = by_name["ecg_lead_off_saturated"]
    assert set(railed["samples"]) == {BOARD_V1.ecg.rail_low_counts, BOARD_V1.ecg.rail_high_counts}
    assert railed["flags"] == Flag.LEAD_OFF | Flag.SATURATED
    exact = _frame_of(by_name["run254_exact"])
    assert len(pack(exact)) == 254
    assert 0 not in pack(exact)
    wire = bytes.fromhex(by_name["run254_exact"]["wire_hex"])
    assert wire[0] == 0xFF
    assert len(wire) == 256
    then_zero = pack(_frame_of(by_name["run254_then_zero"]))
    assert 0 not in then_zero[:254]
    assert then_zero[254] == 0


def test_checked_in_vectors_as_one_stream() -> None:
    vectors = _checked_in_vectors()
    stream = b"".join(bytes.fromhex(v["wire_hex"]) for v in vectors)
    decoder = StreamDecoder()
    frames = [f for i in range(0, len(stream), 7) for f in decoder.feed(stream[i : i + 7])]
    assert frames == [_frame_of(v) for v in vectors]
    assert decoder.stats.frames == len(vectors)
    assert decoder.stats.crc_errors == decoder.stats.malformed == decoder.stats.resyncs == 0


# --------------------------------------------------------------------------- both directions


def test_random_frames_c_encodes_python_decodes_and_vice_versa(run_c: Runner) -> None:
    rng = random.Random(20261122)
    frames = [_random_frame(rng) for _ in range(600)]
    wires = [bytes.fromhex(h) for h in _c_encode(run_c, frames)]
    for frame, wire in zip(frames, wires, strict=True):
        decoded = decode(wire)
        assert decoded == frame
        assert decoded.samples == frame.samples
        assert decoded.flags == frame.flags
        assert encode(frame) == wire
    decoder = StreamDecoder()
    assert decoder.feed(b"".join(wires)) == frames


def test_sketch_frame_shapes_round_trip(run_c: Runner) -> None:
    """The frames the sketch sends: 25 ECG counts, 10 + 10 PPG counts, 4 CO2, STATUS pairs."""
    railed = (BOARD_V1.ecg.rail_high_counts,) * 25  # leads off: the AD8232 at its high rail
    ecg = Frame(1, 12, 48_000_000, Channel.ECG, railed, Flag.LEAD_OFF | Flag.SATURATED, 2)
    red = Frame(1, 5, 47_990_000, Channel.PPG_RED, (0x3FFFF,) * 10, Flag.SATURATED, 4)
    ir = Frame(1, 5, 47_990_000, Channel.PPG_IR, (49_999,) * 10, Flag.FINGER_OFF, 4)
    co2 = Frame(1, 2, 47_950_000, Channel.CO2, (0, 3, 380, 1520), 0, 2)
    boot = Frame(1, 0, 1_032, Channel.STATUS, (1, 3), Flag.CLOCK_RESET, 2)
    frames = [ecg, red, ir, co2, boot]
    for frame, hexed in zip(frames, _c_encode(run_c, frames), strict=True):
        assert bytes.fromhex(hexed) == encode(frame)
        assert decode(bytes.fromhex(hexed)) == frame


def test_output_capacity_is_respected(run_c: Runner) -> None:
    rng = random.Random(3)
    frames = [_random_frame(rng) for _ in range(20)]
    frames.append(Frame(1, 0, 0, Channel.ECG, (0x0101,) * 25, 0, 2))
    for frame in frames:
        size = len(encode(frame))
        caps = sorted({0, 1, size - 2, size - 1, size, size + 1, rng.randint(0, size)})
        caps = [c for c in caps if c >= 0]
        results = run_c("--frames", "".join(_line(frame, c) + "\n" for c in caps)).splitlines()
        for cap, result in zip(caps, results, strict=True):
            assert result != "OVERRUN", f"wrote past out_cap={cap}"
            if cap >= size:
                assert bytes.fromhex(result) == encode(frame)
            else:
                assert result == "ERR", f"cap {cap} < {size} must fail"


@pytest.mark.parametrize(
    ("width", "samples"),
    [
        (0, [1]),
        (3, [1]),
        (8, [1]),
        (1, [128]),
        (1, [-129]),
        (2, [32768]),
        (2, [0, -32769]),
    ],
)
def test_invalid_arguments_are_refused_by_both(
    run_c: Runner, width: int, samples: list[int]
) -> None:
    line = " ".join(str(v) for v in [-1, 1, 0, 0, 1, 0, width, len(samples), *samples])
    assert run_c("--frames", line + "\n").strip() == "ERR"
    with pytest.raises(FrameError):
        Frame(1, 0, 0, 1, tuple(samples), 0, width)


# --------------------------------------------------------------------------- ECG rails


def _sketch_defines() -> dict[str, str]:
    """The sketch's ``#define NAME value`` lines, comments dropped, continuations joined."""
    text = re.sub(r"/\*.*?\*/", " ", SKETCH.read_text(), flags=re.DOTALL).replace("\\\n", " ")
    return {
        m[1]: " ".join(m[2].split())
        for m in re.finditer(r"^[ \t]*#define[ \t]+(\w+)[ \t]+(.+)$", text, flags=re.MULTILINE)
    }


def test_sketch_ecg_rails_are_the_board_profile_s(tmp_path: Path) -> None:
    """The firmware's SATURATED test and BOARD_V1 agree on the AD8232's rails: the inputs
    (5 V AVcc reference, 3.3 V supply, margin, 10 bits) and the counts the C compiler makes of
    them, so the two cannot drift apart."""
    defines = _sketch_defines()
    ecg = BOARD_V1.ecg
    inputs = {
        "ECG_ADC_REF_MV": ecg.adc_ref_v * 1000,
        "ECG_SUPPLY_MV": ecg.supply_v * 1000,
        "ECG_RAIL_MARGIN_MV": ecg.rail_margin_v * 1000,
        "ECG_ADC_STEPS": 1 << ecg.adc_bits,
    }
    for name, value in inputs.items():
        assert int(defines[name].rstrip("UL")) == round(value), name
    sketch = SKETCH.read_text()
    # The ADC really is on AVcc (REFS0 alone), and the ISR tests against these rails.
    assert re.search(r"ADMUX = _BV\(REFS0\);", sketch)
    assert re.search(r"value <= ECG_RAIL_LOW \|\| value >= ECG_RAIL_HIGH", sketch)
    gcc = shutil.which("gcc")
    if gcc is None:
        unavailable("gcc is not installed: the sketch's rail arithmetic cannot be evaluated")
    names = [*inputs, "ECG_RAIL_LOW", "ECG_RAIL_HIGH"]
    source = tmp_path / "rails.c"
    source.write_text(
        "#include <stdio.h>\n"
        + "".join(f"#define {n} {defines[n]}\n" for n in names)
        + 'int main(void) { printf("%lu %lu", (unsigned long)ECG_RAIL_LOW, '
        "(unsigned long)ECG_RAIL_HIGH); return 0; }\n"
    )
    _build([gcc, *CFLAGS, str(source), "-o", str(tmp_path / "rails")])
    out = subprocess.run([str(tmp_path / "rails")], capture_output=True, text=True, check=True)
    low, high = (int(v) for v in out.stdout.split())
    assert (low, high) == (ecg.rail_low_counts, ecg.rail_high_counts) == (20, 655)
    assert BOARD_V1.channel(Channel.ECG).rails == (low, high)


# --------------------------------------------------------------------------- avr-gcc


def _avr_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        # CI installs the toolchain (.ci/run), so there a missing compiler is a failure.
        service_missing(name, "Debian: apt-get install gcc-avr avr-libc arduino-core-avr")
    return path


def test_encoder_compiles_for_the_atmega328p(tmp_path: Path) -> None:
    avr_gcc = _avr_tool("avr-gcc")
    obj = tmp_path / "fc_frame.o"
    _build(
        [
            avr_gcc,
            "-mmcu=atmega328p",
            "-Os",
            "-std=c99",
            "-Wall",
            "-Wextra",
            "-Werror",
            "-c",
            str(ENCODER_C),
            "-o",
            str(obj),
        ]
    )
    sizes = (
        subprocess.run(
            [_avr_tool("avr-size"), str(obj)], check=True, capture_output=True, text=True
        )
        .stdout.splitlines()[1]
        .split()
    )
    text, data, bss = (int(v) for v in sizes[:3])
    assert 0 < text < 2048  # flash: the UNO has 32 KB
    assert data == bss == 0  # no static RAM: the caller's buffer is all it uses


@pytest.mark.parametrize("scd4x", [0, 1])
def test_sketch_compiles_for_the_uno(tmp_path: Path, scd4x: int) -> None:
    """The .ino as the Arduino builder compiles it (C++), warnings as errors, no linking."""
    avr_gxx = _avr_tool("avr-g++")
    if not (ARDUINO_AVR / "cores" / "arduino" / "Arduino.h").exists():
        service_missing("the Arduino AVR core", f"not at {ARDUINO_AVR}; Debian: arduino-core-avr")
    includes = [
        ARDUINO_AVR / "cores" / "arduino",
        ARDUINO_AVR / "variants" / "standard",
        ARDUINO_AVR / "libraries" / "Wire" / "src",
        ARDUINO_AVR / "libraries" / "SoftwareSerial" / "src",
        SKETCH_DIR,
    ]
    _build(
        [avr_gxx, "-x", "c++", "-std=gnu++11", "-mmcu=atmega328p", "-DF_CPU=16000000L"]
        + ["-DARDUINO=10819", "-DARDUINO_AVR_UNO", "-DARDUINO_ARCH_AVR", f"-DFC_HAVE_SCD4X={scd4x}"]
        + ["-Os", "-Wall", "-Wextra", "-Werror", "-fno-exceptions", "-fno-threadsafe-statics"]
        + [f"-I{p}" for p in includes]
        + ["-c", str(SKETCH), "-o", str(tmp_path / "sketch.o")]
    )
    assert (tmp_path / "sketch.o").stat().st_size > 0
