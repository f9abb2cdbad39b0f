"""``fitcoach simulate sensors`` and ``fitcoach ingest serial``: the sensor board, real or simulated."""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from fitcoach.cli.common import (
    clock,
    console,
    err_console,
    errors,
    service_context,
    settings,
)
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from fitcoach.ingest.bus import Bus
    from fitcoach.sensors.frames import Frame
    from fitcoach.sensors.reader import ReaderStats
    from fitcoach.sensors.simulator import SimulatedStream

app = typer.Typer(help="Simulated devices and data.", no_args_is_help=True)

# sensors.simulator.SCENARIOS and sensors.transports.DEFAULT_BAUDRATE, repeated so that --help
# need not import the simulator (NumPy) or pyserial
SCENARIOS = (
    "rest",
    "warmup",
    "intervals",
    "recovery",
    "desaturation",
    "pvc",
    "lead_off",
    "motion",
)
DEFAULT_BAUDRATE = 115_200

MAX_SIMULATED_S = 7200  # the frames are built in memory first (35 frames a second)


def _utc_stamp() -> str:
    return clock().now().strftime("%Y%m%dT%H%M%SZ")


def _make_bus() -> Bus:
    from fitcoach.ingest.bus import make_bus  # the ingest side is optional for the simulator

    s = settings()
    if not s.redis_url:
        err_console.print(
            "[yellow]note:[/] FITCOACH_REDIS_URL is not set: frames go to an in-process bus "
            "and are gone when this command ends.",
            highlight=False,
        )
    return make_bus(s)


def _athlete_id(ref: str) -> int:
    if ref.strip().isdigit():
        return int(ref)
    from fitcoach.cli.athletes import athlete_id

    with service_context() as ctx:
        return athlete_id(ctx, ref)


def _consented_athlete(ref: str) -> int:
    """The athlete a board is connected to, refused (``consent.device_refused``: exit code 2
    and what to do) when they have not granted ``sensor_data``: then nothing is published."""
    from fitcoach.cli.athletes import athlete_id
    from fitcoach.services import consent

    with service_context() as ctx:
        found = athlete_id(ctx, ref.strip())
        consent.require_for_device(ctx, found)
        return found


def _summary(stream: SimulatedStream, scenario: str, seed: int) -> Table:
    truth = stream.truth
    table = Table(title=f"simulated {scenario} (seed {seed})")
    for name in ("", "min", "mean", "max"):
        table.add_column(name, justify="right" if name else "left")
    for label, values in (
        ("heart rate (bpm)", truth.hr_bpm),
        ("SpO2 (%)", truth.spo2_pct),
        ("breathing (/min)", truth.resp_rate_per_min),
        ("EtCO2 (mmHg)", truth.etco2_mmhg),
    ):
        if len(values):
            table.add_row(
                label, f"{values.min():.1f}", f"{values.mean():.1f}", f"{values.max():.1f}"
            )
    table.caption = (
        f"{len(stream)} frames, {len(truth.beat_times_s)} beats "
        f"({int(truth.pvc.sum())} premature), {len(truth.breath_onsets_s)} breaths"
    )
    return table


@app.command("sensors")
def sensors(
    scenario: str = typer.Option(
        "rest", "--scenario", "-s", help=f"One of: {', '.join(SCENARIOS)}."
    ),
    duration: float = typer.Option(60.0, "--duration", "-d", help="Seconds to simulate."),
    seed: int = typer.Option(1, "--seed", help="Random seed; the same seed gives the same frames."),
    device_id: int = typer.Option(1, "--device-id", help="Device id in the frames (0-65535)."),
    pty: bool = typer.Option(
        False, "--pty", help="Serve the frames in real time on a new pseudo-terminal."
    ),
    out: Path | None = typer.Option(
        None, "--out", "-o", help="Write a recording file (replay it with the reader)."
    ),
    bus: bool = typer.Option(False, "--bus", help="Publish the frames to the message bus."),
    athlete: str = typer.Option(
        "1", "--athlete", "-a", help="Athlete id or e-mail the frames belong to (with --bus)."
    ),
    fast: bool = typer.Option(
        False, "--fast", help="With --bus or --pty: do not wait, send as fast as possible."
    ),
) -> None:
    """Simulate the sensor board (ECG, red/IR PPG, capnogram) for a scenario.

    Without --pty, --out or --bus it prints the scenario's ground truth.

    Example:
        fitcoach simulate sensors --scenario intervals --duration 60 --seed 1 --pty
    """
    from fitcoach.sensors.recording import write_frames
    from fitcoach.sensors.simulator import Simulator

    with errors():
        if scenario not in SCENARIOS:
            raise InvalidInput(
                f"unknown scenario {scenario!r}; choose one of {', '.join(SCENARIOS)}"
            )
        if not (0 < duration <= MAX_SIMULATED_S) or not math.isfinite(duration):
            raise InvalidInput(f"--duration must be more than 0 and at most {MAX_SIMULATED_S} s")
        if not 0 <= device_id <= 0xFFFF:
            raise InvalidInput("--device-id must be between 0 and 65535")
        if sum((pty, out is not None, bus)) > 1:
            raise InvalidInput("choose one of --pty, --out and --bus")
        settings()
        stream = Simulator(scenario, seed, device_id).frames(duration)
        speed = math.inf if fast else 1.0
        if out is not None:
            meta = {
                "source": "simulator",
                "scenario": scenario,
                "seed": seed,
                "device_id": device_id,
                "duration_s": duration,
                "created_at": clock().now().isoformat(),
            }
            try:
                size = write_frames(out, stream.frames, stream.emit_times_s, metadata=meta)
            except OSError as exc:
                raise InvalidInput(f"cannot write {out}: {exc.strerror or exc}") from None
            console.print(f"wrote {len(stream)} frames ({size} bytes) to {out}")
            console.print(_summary(stream, scenario, seed))
        elif pty:
            _serve_pty(stream, speed)
        elif bus:
            athlete_ref = _athlete_id(athlete)
            the_bus = _make_bus()
            from fitcoach.ingest.producers import publish_frames

            key = f"sim{device_id}-{scenario}-{_utc_stamp()}"

            def send(frames: list[Frame]) -> None:
                publish_frames(the_bus, frames, athlete_id=athlete_ref, recording_key=key)

            sent = _paced_with_progress(stream, speed, send_frames=send)
            console.print(f"published {sent} frames as recording {key}")
        else:
            console.print(_summary(stream, scenario, seed))


def _paced_with_progress(
    stream: SimulatedStream,
    speed: float,
    *,
    send_bytes: Callable[[bytes], None] | None = None,
    send_frames: Callable[[list[Frame]], None] | None = None,
) -> int:
    """Send the stream paced at ``speed``, with a progress bar; Ctrl-C stops cleanly."""
    from rich.progress import BarColumn, Progress, TextColumn, TimeRemainingColumn

    from fitcoach.sensors.simulator import pace

    stop = threading.Event()
    total = stream.emit_times_s[-1] if stream.emit_times_s else 0.0
    frames = stream.frames
    index = {"i": 0}
    with Progress(
        TextColumn("[bold]sending"),
        BarColumn(),
        TextColumn("{task.completed:.0f}/{task.total:.0f} s"),
        TimeRemainingColumn(),
        console=err_console,
    ) as progress:
        task = progress.add_task("frames", total=total)

        def write(data: bytes) -> None:
            if send_bytes is not None:
                send_bytes(data)

        def on_progress(written: int, t_s: float) -> None:
            if send_frames is not None:
                send_frames(frames[index["i"] : written])
            index["i"] = written
            progress.update(task, completed=t_s)

        try:
            return pace(stream, write, speed=speed, stop_event=stop, on_progress=on_progress)
        except KeyboardInterrupt:
            stop.set()
            return index["i"]


def _serve_pty(stream: SimulatedStream, speed: float) -> None:
    from fitcoach.sensors.transports import PtyPair

    pair = PtyPair(write_timeout_s=0.05)  # a UART drops what nobody reads
    try:
        console.print(
            f"serving frames on [bold]{pair.slave_path}[/]: point "
            f"`fitcoach ingest serial {pair.slave_path} --athlete ID` at it",
            highlight=False,
            soft_wrap=True,
        )
        console.file.flush()  # a script waiting for the path must see it now
        sent = _paced_with_progress(stream, speed, send_bytes=pair.write)
        dropped = (
            f"; {pair.dropped_bytes} bytes dropped while nobody was reading"
            if pair.dropped_bytes
            else ""
        )
        console.print(f"sent {sent} frames{dropped}", highlight=False)
    finally:
        pair.close()


def _stats_table(
    port: str,
    stats: ReaderStats,
    published: int,
    present: bool,
    elapsed_s: float = 0.0,
    duration_s: float | None = None,
) -> Table:
    """The live counters, with how long it has run (of how long) and the frame rate."""
    table = Table(title=f"{port} ({'connected' if present else 'waiting for device'})")
    table.add_column("counter")
    table.add_column("value", justify="right")
    ran = f"{elapsed_s:.0f} s" + (f" of {duration_s:g} s" if duration_s is not None else "")
    table.add_row("running", ran)
    for name, value in stats.as_dict().items():
        table.add_row(name.replace("_", " "), str(value))
    table.add_row("published", str(published))
    table.add_row("frames per second", f"{published / elapsed_s if elapsed_s > 0 else 0:.0f}")
    return table


class _KeyPerRestart:
    """A recording key per device, renewed when the device restarts (``CLOCK_RESET``)."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._keys: dict[int, str] = {}
        self._seen: dict[int, set[int]] = {}
        self._restarts: dict[int, int] = {}
        self._all: dict[str, None] = {}

    def key(self, frame: Frame) -> str:
        # On use: every command imports this module at start-up.
        from fitcoach.sensors.frames import Flag

        device = frame.device_id
        seen = self._seen.setdefault(device, set())
        if device not in self._keys or (frame.flags & Flag.CLOCK_RESET and frame.channel in seen):
            n = self._restarts.get(device, -1) + 1
            self._restarts[device] = n
            suffix = f"-r{n}" if n else ""
            self._keys[device] = f"{self.prefix}-dev{device}-{_utc_stamp()}{suffix}"
            seen.clear()
        seen.add(frame.channel)
        self._all.setdefault(self._keys[device], None)
        return self._keys[device]

    def used(self) -> list[str]:
        """Every key handed out, in order."""
        return list(self._all)


class _InProcessWorkers:
    """``pipelines.live.InProcessWorkers`` on an engine of its own, disposed after draining."""

    def __init__(self, bus: Bus) -> None:
        from fitcoach.pipelines.live import InProcessWorkers
        from fitcoach.storage.db import make_engine, make_session_factory

        s = settings()
        self.engine = make_engine(s.sqlalchemy_url)
        self.workers = InProcessWorkers(
            bus, make_session_factory(self.engine), clock=clock(), thresholds=s.signals
        )

    def start(self) -> None:
        self.workers.start()

    def drain(self, keys: list[str]) -> None:
        """Stop the loops, store what is left, and close the recordings."""
        try:
            self.workers.drain(keys)
        finally:
            self.engine.dispose()

    def summary(self) -> str:
        return self.workers.summary()


def ingest_serial(
    port: str = typer.Argument(..., help="Serial port, e.g. /dev/ttyACM0 or a pty path."),
    athlete: str = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail."),
    duration: float | None = typer.Option(
        None, "--duration", "-d", help="Stop after this many seconds (default: until Ctrl-C)."
    ),
    baudrate: int = typer.Option(DEFAULT_BAUDRATE, "--baudrate", help="Serial speed."),
    record: Path | None = typer.Option(
        None, "--record", help="Also keep the raw bytes in a recording file."
    ),
) -> None:
    """Read frames from a sensor board on a serial port and publish them to the bus.

    Shows live counters (frames, CRC errors, gaps, reconnects). A board that is unplugged is
    waited for and picked up again when it comes back. Refused, with nothing published, when
    the athlete has not granted sensor_data consent.

    Example:
        fitcoach ingest serial /dev/ttyACM0 --athlete 7 --duration 600
    """
    from rich.live import Live

    from fitcoach.sensors.reader import SensorReader
    from fitcoach.sensors.recording import RecordingWriter
    from fitcoach.sensors.transports import RecordingTransport, SerialTransport, Transport

    with errors():
        if duration is not None and (not duration > 0 or not math.isfinite(duration)):
            raise InvalidInput("--duration must be a positive number of seconds")
        athlete_ref = _consented_athlete(athlete)
        from fitcoach.ingest.producers import publish_frames

        bus = _make_bus()
        keys = _KeyPerRestart("serial")
        published = {"n": 0}

        def on_frames(frames: list[Frame]) -> None:
            by_key: dict[str, list[Frame]] = {}
            for frame in frames:
                by_key.setdefault(keys.key(frame), []).append(frame)
            for key, batch in by_key.items():
                published["n"] += publish_frames(
                    bus, batch, athlete_id=athlete_ref, recording_key=key
                )

        writer = None
        transport: Transport = SerialTransport(port, baudrate)
        if record is not None:
            try:
                writer = RecordingWriter(
                    record,
                    metadata={"source": "serial", "created_at": clock().now().isoformat()},
                )
            except OSError as exc:
                raise InvalidInput(f"cannot write {record}: {exc.strerror or exc}") from None
            transport = RecordingTransport(transport, writer)
        reader = SensorReader(transport, on_frames=on_frames)
        stop = threading.Event()
        failure: list[BaseException] = []

        def work() -> None:
            try:
                if duration is None:
                    reader.run(stop)
                else:
                    reader.run_for(duration, stop)
            except BaseException as exc:  # handed to the main thread, shown as an error
                failure.append(exc)

        thread = threading.Thread(target=work, name="sensor-reader", daemon=True)
        began = time.monotonic()
        thread.start()
        # With the in-process bus nothing outside this process can read the frames, so the
        # frame consumer and the vitals worker run here, beside the reader. They start after
        # the port is open (their imports take a moment; the bus keeps what arrives meanwhile).
        workers = None if settings().redis_url else _InProcessWorkers(bus)
        if workers is not None:
            workers.start()
        try:
            with Live(
                _stats_table(port, reader.stats, 0, False, 0.0, duration),
                console=console,
                refresh_per_second=4,
            ) as live:
                while thread.is_alive():
                    thread.join(0.25)
                    live.update(
                        _stats_table(
                            port,
                            reader.stats,
                            published["n"],
                            reader.device_present,
                            time.monotonic() - began,
                            duration,
                        )
                    )
        except KeyboardInterrupt:
            stop.set()
            thread.join(5.0)
        finally:
            if writer is not None:
                writer.close()
            if workers is not None:
                # Storing the frames still on the bus and the session analysis take a while.
                with console.status("storing the last frames and analysing the recordings ..."):
                    workers.drain(keys.used())
        if failure:
            raise failure[0]
        stats = reader.stats
        ran_s = time.monotonic() - began
        console.print(
            f"published {published['n']} frames in {ran_s:.1f} s "
            f"({published['n'] / ran_s:.0f} per second); {stats.crc_errors} CRC errors, "
            f"{stats.malformed} malformed, {stats.frames_missing} missing in {stats.seq_gaps} gaps, "
            f"{stats.seq_resyncs} sequence resyncs, {stats.unknown_channels} on unknown channels, "
            f"{stats.reconnects} reconnects",
            highlight=False,
        )
        if workers is not None:
            console.print(workers.summary(), highlight=False)
