"""Hostile imports against a running server: memory and the other athletes' write latency.

Each case is a file (or an upload of several) that an athlete may send to
``POST /api/v1/athletes/{id}/imports``, generated here at run time (no bomb is kept in the
repository): a zip bomb dressed as a fitcoach export, a WHOOP zip with one huge CSV, an Apple
Health zip of a gigabyte of XML, a FIT file of 20,000 sessions, a long Strong export, a CSV
whose header cell is longer than Python's CSV field limit sent with a valid GPX run, and nine
large strength exports held for review followed by the list of imports. The sizes are those
of the probe that found the defects, times ``--scale``.

For each case a fresh server (``fitcoach serve`` with the interpreter ``--python``, one
process, a SQLite file in a temporary folder, seeded by that same interpreter: the exercise
library, athlete A and athlete B with a write token each) answers a few requests and idles;
then its peak resident memory is reset (``/proc/PID/clear_refs``), athlete B logs a meal every
50 ms (``POST .../meals``) and asks ``GET /health`` from a second thread while athlete A sends
the case, and for as long as the upload runs plus a second. Printed per case: the answer's
status (and what became of each file), how long the upload took, the server's peak memory
growth (``VmHWM`` less ``VmRSS`` before), the memory still held a second after the answer, and
the worst latency of B's meal writes and of ``/health`` during the upload. The first case is an
ordinary small GPX run: the baseline of the same run, on the same machine.

Run it on a branch's code (its own virtualenv imports its own ``src``)::

    .venv/bin/python benchmarks/probe_hostile_imports.py                    # this tree
    .venv/bin/python benchmarks/probe_hostile_imports.py --scale 0.1 \\
        --python /work/main/.venv/bin/python                                # another tree

Figures are wall-clock on a shared machine: compare cases of one run, and runs made one after
the other. Nothing here asserts a figure; the run fails only when a server cannot start.
"""

from __future__ import annotations

import argparse
import io
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
MIB = 1 << 20
START_TIMEOUT_S = 180.0
UPLOAD_TIMEOUT_S = 900.0
MEAL_EVERY_S = 0.05

_SERVE = "from fitcoach.cli import app; app()"
_SEED = """
import json, sys
from fitcoach.core.clock import SystemClock
from fitcoach.core.domain import TokenScope
from fitcoach.services import accounts, athletes
from fitcoach.services.context import ServiceContext
from fitcoach.services.exercises import load_library
from fitcoach.storage import migrate
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories import athletes as athlete_repo

url = sys.argv[1]
migrate.upgrade(url)
engine = make_engine(url)
out = {}
with unit_of_work(make_session_factory(engine)) as session:
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
    load_library(ctx)
    for who in ("a", "b"):
        made = athletes.create_athlete(ctx, {
            "name": f"Probe {who}", "email": f"probe-{who}@example.org",
            "profile": {"birth_date": "1990-01-01", "sex": "female", "height_cm": 168,
                        "weight_kg": 64, "goals": ["strength"],
                        "experience_level": "intermediate", "days_per_week": 4,
                        "session_minutes": 60, "equipment": ["barbell", "bench"]}})
        account = athlete_repo.account_by_email(session, made.email)
        token = accounts.create_token(ctx, account.id, scope=TokenScope.write, name="probe")
        out[who] = {"id": made.id, "token": token.secret}
engine.dispose()
print(json.dumps(out))
"""


# --------------------------------------------------------------------------- hostile files


def _zip_of(members: dict[str, Callable[[Any], None] | bytes]) -> bytes:
    """A deflated zip; a member given as a function writes its content in pieces."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            if isinstance(content, bytes):
                archive.writestr(name, content)
                continue
            with archive.open(name, "w", force_zip64=True) as member:
                content(member)
    return buffer.getvalue()


def _repeat(head: bytes, line: bytes, total: int) -> Callable[[Any], None]:
    """Writes ``head`` then ``line`` until ``total`` bytes, a mebibyte at a time."""

    def write(out: Any) -> None:
        out.write(head)
        block = line * max(1, MIB // len(line))
        written = len(head)
        while written < total:
            out.write(block)
            written += len(block)

    return write


def export_bomb(unpacked: int) -> bytes:
    """A fitcoach export (CSV form, version 4) whose workouts.csv unpacks to ``unpacked``."""
    manifest = json.dumps({"format": "fitcoach-export", "version": 4, "counts": {}}).encode()
    head = b"source,source_id,started_at,duration_s,title,notes,session_rpe\n"
    line = b"app,w1,2026-01-05T07:00:00Z,3600,Push,,7\n"
    return _zip_of({"manifest.json": manifest, "workouts.csv": _repeat(head, line, unpacked)})


def whoop_zip(unpacked: int) -> bytes:
    """WHOOP's export with one physiological_cycles.csv of ``unpacked`` bytes."""
    head = (
        b"Cycle start time,Cycle end time,Cycle timezone,Recovery score %,"
        b"Resting heart rate (bpm),Heart rate variability (ms),Sleep onset,Wake onset\n"
    )
    line = (
        b"2026-01-05 22:00:00,2026-01-06 22:00:00,UTC+01:00,70,52,61,"
        b"2026-01-05 23:00:00,2026-01-06 07:00:00\n"
    )
    return _zip_of({"my_whoop_data/physiological_cycles.csv": _repeat(head, line, unpacked)})


def apple_health_zip(unpacked: int) -> bytes:
    """Apple Health's export.zip whose export.xml is ``unpacked`` bytes of heart-rate records."""
    head = b'<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_US">\n'
    line = (
        b' <Record type="HKQuantityTypeIdentifierHeartRate" sourceName="Watch" unit="count/min"'
        b' creationDate="2026-01-05 07:00:00 +0100" startDate="2026-01-05 07:00:00 +0100"'
        b' endDate="2026-01-05 07:00:00 +0100" value="72"/>\n'
    )

    def write(out: Any) -> None:
        _repeat(head, line, unpacked - 20)(out)
        out.write(b"</HealthData>\n")

    return _zip_of({"apple_health_export/export.xml": write})


def fit_sessions(sessions: int) -> bytes:
    """A FIT activity file of ``sessions`` one-minute running sessions (fit-tool)."""
    from fit_tool.fit_file_builder import FitFileBuilder
    from fit_tool.profile.messages.file_id_message import FileIdMessage
    from fit_tool.profile.messages.session_message import SessionMessage
    from fit_tool.profile.profile_type import FileType, Manufacturer, Sport

    start = datetime(2024, 1, 1, 7, 0, tzinfo=UTC)
    builder = FitFileBuilder(auto_define=True)
    file_id = FileIdMessage()
    file_id.type = FileType.ACTIVITY
    file_id.manufacturer = Manufacturer.DEVELOPMENT.value
    file_id.product = 0
    file_id.serial_number = 0x5EED
    file_id.time_created = round(start.timestamp() * 1000)
    builder.add(file_id)
    messages = []
    for i in range(sessions):
        began = start + timedelta(hours=i)
        session = SessionMessage()
        session.start_time = round(began.timestamp() * 1000)
        session.timestamp = round((began.timestamp() + 60) * 1000)
        session.total_elapsed_time = 60.0
        session.total_timer_time = 60.0
        session.total_distance = 200.0
        session.sport = Sport.RUNNING
        messages.append(session)
    builder.add_all(messages)
    data: bytes = builder.build().to_bytes()
    return data


def strong_csv(sets: int) -> bytes:
    """Strong's export (classic layout, weights in kg) of ``sets`` sets."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.bench_strong import strong_export

    return strong_export(sets)


def long_header_strong() -> bytes:
    """A Strong export whose header has one cell of 200 KiB (over the CSV field limit)."""
    return (
        b"Date,Workout Name,Duration,Exercise Name,Set Order,Weight,Reps,Distance,Seconds,"
        b"Notes,Workout Notes,RPE," + b"x" * (200 * 1024) + b"\n"
        b'2024-01-05 18:03:12,"Push Day",1h 5m,"Bench Press (Barbell)",1,60.0,8,0,0,"",,8,\n'
    )


def gpx_run(start: datetime = datetime(2026, 3, 10, 7, 0, tzinfo=UTC)) -> bytes:
    """A 9-minute GPX run with heart rate (the ordinary upload)."""
    points = "".join(
        f'<trkpt lat="{46.05 + i * 0.002:.4f}" lon="14.5000"><time>'
        f"{(start + timedelta(minutes=i)).strftime('%Y-%m-%dT%H:%M:%SZ')}</time>"
        f"<extensions><gpxtpx:TrackPointExtension><gpxtpx:hr>{120 + i}</gpxtpx:hr>"
        "</gpxtpx:TrackPointExtension></extensions></trkpt>"
        for i in range(10)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="probe" '
        'xmlns="http://www.topografix.com/GPX/1/1" '
        'xmlns:gpxtpx="http://www.garmin.com/xmlschemas/TrackPointExtension/v1">'
        f"<trk><name>Run</name><type>running</type><trkseg>{points}</trkseg></trk></gpx>\n"
    ).encode()


def held_hevy(size: int, seed: int) -> bytes:
    """A Hevy export of about ``size`` bytes whose exercise names no library knows (held)."""
    head = (
        b'"title","start_time","end_time","description","exercise_title","superset_id",'
        b'"exercise_notes","set_index","set_type","weight_kg","reps","distance_km",'
        b'"duration_seconds","rpe"\n'
    )
    rows = [head]
    written = len(head)
    day = datetime(2020, 1, 1, 7, 0, tzinfo=UTC) + timedelta(minutes=seed)
    i = 0
    while written < size:
        when = (day + timedelta(days=i // 20)).strftime("%d %b %Y, %H:%M")
        row = (
            f'"Day {seed}","{when}","{when}","","Zorblax Flip {seed}",,"",{i % 20},"normal",'
            f"40,8,,,\n"
        ).encode()
        rows.append(row)
        written += len(row)
        i += 1
    return b"".join(rows)


# --------------------------------------------------------------------------- cases


@dataclass
class Case:
    name: str
    what: str
    files: Callable[[float], list[tuple[str, bytes]]]
    form: dict[str, str] = field(default_factory=dict)
    repeat: int = 1  # uploads of the same files one after the other (a held file each time)
    then_list: bool = False  # GET .../imports after the uploads (the held files listed)


def _held_files(scale: float) -> list[tuple[str, bytes]]:
    size = max(64 * 1024, round(19_000_000 * scale))
    return [(f"hevy-{n}.csv", held_hevy(size, n)) for n in range(9)]


CASES = [
    Case("baseline", "a 9-minute GPX run (an ordinary upload)", lambda s: [("run.gpx", gpx_run())]),
    Case(
        "export_bomb",
        "fitcoach export zip, workouts.csv of 1 GiB × scale",
        lambda s: [("export.zip", export_bomb(round(1024 * MIB * s)))],
    ),
    Case(
        "whoop_zip",
        "WHOOP zip, one 250 MiB × scale CSV",
        lambda s: [("whoop.zip", whoop_zip(round(250 * MIB * s)))],
    ),
    Case(
        "apple_health",
        "Apple Health zip, 1 GiB × scale of XML",
        lambda s: [("export.zip", apple_health_zip(round(1024 * MIB * s)))],
    ),
    Case(
        "fit_sessions",
        "FIT file of 20,000 × scale sessions",
        lambda s: [("many.fit", fit_sessions(max(2, round(20_000 * s))))],
    ),
    Case(
        "strong_long",
        "Strong CSV of 90,000 × scale sets (7.5 MB × scale)",
        lambda s: [("strong.csv", strong_csv(max(20, round(90_000 * s))))],
        form={"weight_unit": "kg"},
    ),
    Case(
        "long_header",
        "Strong CSV with a 200 KiB header cell, sent with a valid GPX run",
        lambda s: [("strong.csv", long_header_strong()), ("run.gpx", gpx_run())],
        form={"weight_unit": "kg"},
    ),
    Case(
        "held_files",
        "nine Hevy exports of 19 MB × scale held for review, then GET .../imports",
        _held_files,
        then_list=True,
    ),
]


# --------------------------------------------------------------------------- the server


def free_port() -> int:
    with socket.socket() as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


def _kib(pid: int, key: str) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1])
    raise RuntimeError(f"no {key} for process {pid}")


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    seeded: dict[str, Any]

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    def rss_mib(self) -> float:
        return _kib(self.process.pid, "VmRSS") / 1024

    def peak_mib(self) -> float:
        return _kib(self.process.pid, "VmHWM") / 1024

    def reset_peak(self) -> None:
        Path(f"/proc/{self.process.pid}/clear_refs").write_text("5")


@contextmanager
def server(python: str, folder: Path) -> Iterator[Server]:
    url = f"sqlite:///{folder / 'probe.sqlite3'}"
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("FITCOACH_")},
        "FITCOACH_DATABASE_URL": url,
        "FITCOACH_DATA_DIR": str(folder),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "FITCOACH_RATE_LIMIT_STORAGE_URI": "memory://",
    }
    seeded = json.loads(
        subprocess.run(
            [python, "-c", _SEED, url], env=env, cwd=folder, check=True, capture_output=True
        ).stdout
    )
    port = free_port()
    log = folder / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [python, "-c", _SERVE, "serve", "--port", str(port)],
            env=env,
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    running = Server(process, port, log, seeded)
    try:
        _wait_ready(running)
        yield running
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=20)
        with suppress(OSError):
            os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def _wait_ready(running: Server) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if running.process.poll() is not None:
            raise RuntimeError(f"the server exited: {running.log.read_text()[-3000:]}")
        with suppress(httpx.HTTPError):
            if httpx.get(running.url + "/health", timeout=2).status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError("the server did not answer /health in time")


def _headers(running: Server, who: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {running.seeded[who]['token']}"}


def _meal(running: Server, client: httpx.Client, n: int) -> int:
    athlete = running.seeded["b"]["id"]
    eaten = datetime.now(UTC) - timedelta(minutes=1, seconds=n)
    response = client.post(
        f"{running.url}/api/v1/athletes/{athlete}/meals",
        json={"eaten_at": eaten.isoformat(), "calories_kcal": 500, "description": f"meal {n}"},
        headers=_headers(running, "b"),
    )
    return response.status_code


def _warm(running: Server) -> None:
    """A few requests of each kind, then idle (the deferred imports loaded)."""
    with httpx.Client(timeout=60) as client:
        for n in range(5):
            _meal(running, client, 10_000 + n)
            client.get(running.url + "/health")
        athlete = running.seeded["a"]["id"]
        client.get(
            f"{running.url}/api/v1/athletes/{athlete}/imports", headers=_headers(running, "a")
        )
    _wait_idle(running)


def _cpu_s(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _wait_idle(running: Server, timeout_s: float = 120.0) -> None:
    """Until the server uses (almost) no CPU for a second: the deferred imports it loads after
    its first answers (a hundred MiB and more) are done before memory is measured."""
    deadline = time.monotonic() + timeout_s
    calm = 0
    last = _cpu_s(running.process.pid)
    while calm < 5 and time.monotonic() < deadline:
        time.sleep(0.2)
        now = _cpu_s(running.process.pid)
        calm = calm + 1 if now - last < 0.01 else 0
        last = now


@dataclass
class Watch:
    """Athlete B's meal writes and ``/health`` reads while the upload runs."""

    meals: list[float] = field(default_factory=list)
    meal_errors: list[int] = field(default_factory=list)
    health: list[float] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)


def _meals(running: Server, watch: Watch) -> None:
    with httpx.Client(timeout=UPLOAD_TIMEOUT_S) as client:
        n = 0
        while not watch.stop.is_set():
            began = time.monotonic()
            try:
                status = _meal(running, client, n)
            except httpx.HTTPError:
                status = 0
            watch.meals.append(time.monotonic() - began)
            if status != 201:
                watch.meal_errors.append(status)
            n += 1
            time.sleep(MEAL_EVERY_S)


def _health(running: Server, watch: Watch) -> None:
    with httpx.Client(timeout=UPLOAD_TIMEOUT_S) as client:
        while not watch.stop.is_set():
            began = time.monotonic()
            with suppress(httpx.HTTPError):
                client.get(running.url + "/health")
            watch.health.append(time.monotonic() - began)
            time.sleep(MEAL_EVERY_S)


@dataclass
class Outcome:
    case: str
    status: str
    upload_s: float
    peak_growth_mib: float
    held_after_mib: float
    worst_meal_s: float
    meals: int
    meal_errors: int
    worst_health_s: float
    files: str
    list_s: float | None = None


def _upload(
    running: Server, client: httpx.Client, case: Case, files: list[tuple[str, bytes]]
) -> httpx.Response:
    athlete = running.seeded["a"]["id"]
    return client.post(
        f"{running.url}/api/v1/athletes/{athlete}/imports",
        files=[("files", (name, data, "application/octet-stream")) for name, data in files],
        data=case.form,
        headers=_headers(running, "a"),
    )


def _describe(response: httpx.Response) -> str:
    try:
        body = response.json()
    except ValueError:
        return response.text[:200]
    if "files" not in body:
        return str(body.get("message", body))[:200]
    return "; ".join(
        f"{f['name']}: {f['status']} {f['message'][:120]}".strip() for f in body["files"]
    )


def run_case(python: str, case: Case, scale: float) -> Outcome:
    files = case.files(scale)
    with (
        tempfile.TemporaryDirectory(prefix="fitcoach-probe-") as tmp,
        server(python, Path(tmp)) as running,
    ):
        _warm(running)
        before = running.rss_mib()
        running.reset_peak()
        watch = Watch()
        threads = [
            threading.Thread(target=_meals, args=(running, watch), daemon=True),
            threading.Thread(target=_health, args=(running, watch), daemon=True),
        ]
        for thread in threads:
            thread.start()
        time.sleep(0.5)
        list_s = None
        began = time.monotonic()
        with httpx.Client(timeout=UPLOAD_TIMEOUT_S) as client:
            responses = []
            for upload in files if case.then_list else [None]:
                chosen = [upload] if upload is not None else files
                responses.append(_upload(running, client, case, chosen))
            upload_s = time.monotonic() - began
            if case.then_list:
                athlete = running.seeded["a"]["id"]
                listed = time.monotonic()
                client.get(
                    f"{running.url}/api/v1/athletes/{athlete}/imports",
                    headers=_headers(running, "a"),
                )
                list_s = time.monotonic() - listed
        time.sleep(1.0)
        watch.stop.set()
        for thread in threads:
            thread.join(timeout=UPLOAD_TIMEOUT_S)
        peak = running.peak_mib()
        after = running.rss_mib()
    statuses = sorted({str(r.status_code) for r in responses})
    return Outcome(
        case=case.name,
        status="/".join(statuses),
        upload_s=upload_s,
        peak_growth_mib=peak - before,
        held_after_mib=after - before,
        worst_meal_s=max(watch.meals, default=math.nan),
        meals=len(watch.meals),
        meal_errors=len(watch.meal_errors),
        worst_health_s=max(watch.health, default=math.nan),
        files=_describe(responses[-1]),
        list_s=list_s,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--python", default=sys.executable, help="the server's interpreter")
    parser.add_argument("--scale", type=float, default=1.0, help="sizes × this (1: the probe's)")
    parser.add_argument("--only", action="append", help="a case (repeatable)", default=[])
    parser.add_argument("--json", type=Path, help="write the outcomes here too")
    args = parser.parse_args(argv)
    cases = [c for c in CASES if not args.only or c.name in args.only or c.name == "baseline"]
    print(f"server: {args.python}  scale: {args.scale:g}", flush=True)
    outcomes = []
    for case in cases:
        print(f"-- {case.name}: {case.what}", flush=True)
        outcome = run_case(args.python, case, args.scale)
        outcomes.append(outcome)
        listed = "" if outcome.list_s is None else f"  list {outcome.list_s:.2f} s"
        print(
            f"   status {outcome.status}  upload {outcome.upload_s:.1f} s  peak +"
            f"{outcome.peak_growth_mib:.0f} MiB  held after +{outcome.held_after_mib:.0f} MiB  "
            f"worst meal write {outcome.worst_meal_s:.2f} s ({outcome.meals} meals, "
            f"{outcome.meal_errors} refused)  worst /health {outcome.worst_health_s:.2f} s{listed}",
            flush=True,
        )
        print(f"   {outcome.files}", flush=True)
    if args.json:
        args.json.write_text(json.dumps([vars(o) for o in outcomes], indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
