"""The server processes and the load client the HTTP benchmarks share (``api``, ``cold``):
a fitcoach or bare FastAPI server in a process group of its own, its CPU time from ``/proc``,
and ``drive``, which runs ``httpload.py`` client processes in a closed loop over a measured
window."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.common import BenchmarkError, percentile

ROOT = Path(__file__).resolve().parent.parent
HTTPLOAD = Path(__file__).resolve().parent / "httpload.py"
START_TIMEOUT_S = 120.0
IDLE_TIMEOUT_S = 60.0
HOST = "127.0.0.1"

_BARE_SERVE = """
import sys, uvicorn
from fitcoach.cli.serve import uvicorn_options
from fitcoach.core.settings import get_settings
port, workers = int(sys.argv[1]), int(sys.argv[2])
uvicorn.run("benchmarks.bare_app:app", workers=workers,
            **uvicorn_options(get_settings(), "127.0.0.1", port))
"""
_FITCOACH_SERVE = "from fitcoach.cli import app; app()"


# --------------------------------------------------------------------------- servers


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        port: int = s.getsockname()[1]
        return port


def _tree(pid: int) -> list[int]:
    """``pid`` and its descendants (Linux ``/proc``; empty elsewhere)."""
    found = [pid]
    for parent in found:
        try:
            tasks = os.listdir(f"/proc/{parent}/task")
        except OSError:
            continue
        for task in tasks:
            try:
                children = Path(f"/proc/{parent}/task/{task}/children").read_text().split()
            except OSError:
                continue
            found += [int(c) for c in children if int(c) not in found]
    return found


_TICK = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def tree_cpu_seconds(pid: int) -> float | None:
    """User + system CPU seconds of ``pid`` and its descendants now; None without ``/proc``."""
    if not Path(f"/proc/{pid}/stat").exists():
        return None
    total = 0
    for p in _tree(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
    return total / _TICK


@dataclass
class Server:
    label: str
    workers: int
    process: subprocess.Popen[bytes]
    port: int
    log: Path

    def cpu(self) -> float | None:
        return tree_cpu_seconds(self.process.pid)

    def wait_idle(self, timeout: float = IDLE_TIMEOUT_S) -> None:
        """Until the server's processes use (almost) no CPU: start-up, deferred imports, the
        requests a client left and the writes after a response are over."""
        deadline = time.monotonic() + timeout
        calm = 0
        last = self.cpu()
        while last is not None and calm < 2 and time.monotonic() < deadline:
            time.sleep(0.2)
            now = self.cpu()
            calm = calm + 1 if now is not None and now - last < 0.01 else 0
            last = now


def start_fitcoach(label: str, env: dict[str, str], logs: Path, workers: int) -> Server:
    port = free_port()
    command = [sys.executable, "-c", _FITCOACH_SERVE, "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    return _popen(label, command, env, logs / f"{label}.log", port, workers)


def start_bare(label: str, env: dict[str, str], logs: Path, workers: int) -> Server:
    port = free_port()
    command = [sys.executable, "-c", _BARE_SERVE, str(port), str(workers)]
    return _popen(label, command, env, logs / f"{label}.log", port, workers)


def _popen(
    label: str, command: list[str], env: dict[str, str], log: Path, port: int, workers: int
) -> Server:
    with log.open("wb") as out:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=ROOT,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a process group: the workers go with it
        )
    return Server(label, workers, process, port, log)


def wait_ready(server: Server, probe: str) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    url = f"http://{HOST}:{server.port}{probe}"
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise BenchmarkError(f"{server.label} exited: {server.log.read_text()[-2000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            pass
        time.sleep(0.1)
    raise BenchmarkError(f"{server.label} did not answer {probe} within {START_TIMEOUT_S:.0f} s")


def stop(server: Server) -> None:
    if server.process.poll() is None:
        server.process.send_signal(signal.SIGINT)
        with suppress(subprocess.TimeoutExpired):
            server.process.wait(timeout=20)
    with suppress(OSError):  # whatever of the group is left (a worker that did not stop)
        os.killpg(server.process.pid, signal.SIGKILL)
    server.process.wait()


# --------------------------------------------------------------------------- the load client


@dataclass
class Run:
    """One measured window of one endpoint at one client count."""

    requests: int
    seconds: float
    latencies: list[float]
    errors: Counter[str] = field(default_factory=Counter)
    statuses: Counter[int] = field(default_factory=Counter)
    client_cpu_s: float = 0.0
    server_cpu_s: float | None = None

    @property
    def answered_again(self) -> float | None:
        """The share of 2xx answers that were 200: for a generation, a version answered
        again rather than stored (201)."""
        ok = sum(v for k, v in self.statuses.items() if 200 <= k < 300)
        return self.statuses[200] / ok if ok else None

    @property
    def rps(self) -> float:
        return self.requests / self.seconds

    def ms(self, pct: float) -> float:
        return percentile(self.latencies, pct) * 1000 if self.latencies else float("nan")

    @property
    def server_ms_per_request(self) -> float | None:
        if self.server_cpu_s is None or not self.requests:
            return None
        return self.server_cpu_s * 1000 / self.requests

    @property
    def client_share(self) -> float | None:
        """The client's share of the CPU time the client and the server used."""
        if self.server_cpu_s is None or self.client_cpu_s + self.server_cpu_s <= 0:
            return None
        return self.client_cpu_s / (self.client_cpu_s + self.server_cpu_s)


def client_processes(clients: int, wanted: int) -> list[int]:
    """Connections per client process: ``clients`` spread over at most ``wanted`` processes."""
    procs = max(1, min(clients, wanted))
    return [clients // procs + (1 if i < clients % procs else 0) for i in range(procs)]


def drive(
    server: Server,
    requests: list[bytes],
    *,
    clients: int,
    warmup_s: float,
    duration_s: float,
    client_procs: int,
) -> Run:
    """``clients`` keep-alive connections in a closed loop on ``requests`` (sent in turn, each
    client process from its own place in the list): warm up, then measure
    ``duration_s``; afterwards the server is left idle."""
    procs = []
    try:
        spread = client_processes(clients, client_procs)
        for n, connections in enumerate(spread):
            config = {
                "host": HOST,
                "port": server.port,
                "requests": [r.decode("latin-1") for r in requests],
                "offset": n * len(requests) // len(spread),
                "connections": connections,
            }
            proc = subprocess.Popen(
                [sys.executable, str(HTTPLOAD)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            assert proc.stdin is not None
            proc.stdin.write(json.dumps(config) + "\n")
            proc.stdin.flush()
            procs.append(proc)
        for proc in procs:
            assert proc.stdout is not None
            if proc.stdout.readline().strip() != "ready":
                raise BenchmarkError(f"a load client did not start: {proc.stderr.read()[-2000:]}")  # type: ignore[union-attr]
        begin = time.monotonic() + warmup_s
        end = begin + duration_s
        for proc in procs:
            assert proc.stdin is not None
            proc.stdin.write(json.dumps({"begin": begin, "end": end}) + "\n")
            proc.stdin.flush()
        time.sleep(max(0.0, begin - time.monotonic()))
        cpu_begin = server.cpu()
        time.sleep(max(0.0, end - time.monotonic()))
        cpu_end = server.cpu()
        outs = []
        for proc in procs:
            out, err = proc.communicate(timeout=120)
            if proc.returncode != 0:
                raise BenchmarkError(f"a load client failed: {err[-2000:]}")
            outs.append(json.loads(out.strip().splitlines()[-1]))
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
    server.wait_idle()
    latencies = [x for o in outs for x in o["latencies"]]
    errors: Counter[str] = Counter()
    statuses: Counter[int] = Counter()
    for o in outs:
        errors.update(o["errors"])
        statuses.update({int(k): v for k, v in o["statuses"].items()})
    server_cpu = None if cpu_begin is None or cpu_end is None else cpu_end - cpu_begin
    return Run(
        requests=sum(o["requests"] for o in outs),
        seconds=duration_s,
        latencies=latencies,
        errors=errors,
        statuses=statuses,
        client_cpu_s=sum(o["cpu_s"] for o in outs),
        server_cpu_s=server_cpu,
    )
