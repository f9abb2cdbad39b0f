"""Probe a running fitcoach server with hostile uploads: what each costs the server's memory and
what another athlete waits meanwhile.

Not one of the ``bench_*`` benchmarks (the runner does not pick it up): it starts
``fitcoach serve`` (uvicorn, one process, SQLite in a temporary folder) in a subprocess from a
source tree (``--src``, default this checkout's ``src``, so that the same probe runs against
an older commit's tree), then sends, one scenario at a time:

* ``form-check-no-token``: a 94 MiB form check upload without a token;
* ``import-no-token``: a 63 MiB file import without a token;
* ``stalled-bodies``: three signed-in clients that send 30 MiB of a 60 MiB file import, then
  nothing (each waits up to 45 s for an answer);
* ``png-bomb``, ``jpeg-bomb``: a 109 KB PNG of 30000 × 30000 and a 632-byte JPEG claiming
  65000 × 65000, to the API's photo route;
* ``phone-photo``: a 12-megapixel phone JPEG of about 2 MB, to the API's photo route;
* ``web-photos``: four 2-megapixel photos (under 1 MiB each) at once to the web page's photo
  form.

For each it prints the answers, the seconds until the server answered (or gave up), the
bytes the client got to send, the server's peak resident memory over its resident memory
before the scenario (read from ``/proc``, every 20 ms) and the worst latency meanwhile of
another athlete logging meals (``POST .../meals``) and of ``GET /health``. Hostile files are
made at run time (``tests/hostile.py``). Run it under ``nice``; about two minutes.

    nice -n 10 .venv/bin/python benchmarks/probe_uploads.py
    nice -n 10 .venv/bin/python benchmarks/probe_uploads.py --src /tmp/old/src --label before
"""

from __future__ import annotations

import argparse
import json
import os
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.hostile import jpeg_claiming, phone_jpeg, png_bomb  # noqa: E402

MIB = 2**20
PASSWORD = "probe password 1"
SERVE = "from fitcoach.cli import app; app()"
SETUP = (
    f"PASSWORD = {PASSWORD!r}\n"
    """
import json
from fitcoach.core.settings import get_settings
from fitcoach.core.clock import SystemClock
from fitcoach.core.domain import TokenScope
from fitcoach.services import accounts, athletes
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work
from fitcoach.storage.repositories import athletes as repo

factory = make_session_factory(make_engine(get_settings().sqlalchemy_url))
out = []
with unit_of_work(factory) as session:
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=SystemClock())
    for n in (1, 2):
        email = f"probe{n}@example.org"
        made = athletes.create_athlete(ctx, {"name": f"Probe {n}", "email": email, "profile": {
            "birth_date": "1990-01-01", "sex": "female", "height_cm": 168, "weight_kg": 64}})
        account = repo.account_by_email(session, email)
        accounts.set_password(ctx, account.id, PASSWORD)
        token = accounts.create_token(ctx, account.id, scope=TokenScope.write, name="probe").secret
        out.append({"id": made.id, "email": email, "token": token})
print(json.dumps(out))
"""
)


@dataclass
class Outcome:
    name: str
    answers: list[str] = field(default_factory=list)
    seconds: float = 0.0
    sent_mib: float = 0.0
    peak_mib: float = 0.0
    other_write_ms: float = 0.0
    health_ms: float = 0.0


def rss_kib(pid: int) -> int:
    text = Path(f"/proc/{pid}/status").read_text()
    match = re.search(r"VmRSS:\s+(\d+)", text)
    return int(match.group(1)) if match else 0


class Watch:
    """The server's peak RSS and another client's worst latencies while a scenario runs."""

    def __init__(self, pid: int, base: str, other: dict[str, object]) -> None:
        self.pid = pid
        self.base = base
        self.other = other
        self.stop = threading.Event()
        self.peak = 0
        self.write_s = 0.0
        self.health_s = 0.0

    def _memory(self) -> None:
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_kib(self.pid))
            time.sleep(0.02)

    def _client(self) -> None:
        headers = {"Authorization": f"Bearer {self.other['token']}"}
        url = f"{self.base}/api/v1/athletes/{self.other['id']}/meals"
        with httpx.Client(timeout=300) as client:
            while not self.stop.is_set():
                started = time.monotonic()
                answer = client.post(
                    url,
                    json={
                        "eaten_at": datetime.now(UTC).isoformat(),
                        "description": "probe meal",
                        "calories_kcal": 500,
                    },
                    headers=headers,
                )
                if answer.status_code >= 400:
                    raise SystemExit(f"the other athlete's meal was refused: {answer.text}")
                self.write_s = max(self.write_s, time.monotonic() - started)
                started = time.monotonic()
                client.get(f"{self.base}/health")
                self.health_s = max(self.health_s, time.monotonic() - started)
                time.sleep(0.1)

    def __enter__(self) -> Watch:
        self.before = rss_kib(self.pid)
        self.peak = self.before
        self.threads = [
            threading.Thread(target=f, daemon=True) for f in (self._memory, self._client)
        ]
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        time.sleep(0.3)
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=400)


def raw_upload(
    port: int,
    path: str,
    *,
    declared: int,
    send: int,
    headers: dict[str, str],
    content_type: str,
    stall_s: float = 0.0,
    wait_s: float = 60.0,
    prefix: bytes = b"",
) -> tuple[str, float, int]:
    """Send ``send`` bytes of a ``declared``-byte body (as fast as the server takes them),
    then nothing for up to ``stall_s``; the status line (or how the connection ended), the
    seconds until then and the bytes sent."""
    started = time.monotonic()
    sock = socket.create_connection(("127.0.0.1", port))
    sock.settimeout(wait_s)
    head = [f"POST {path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {declared}",
            f"Content-Type: {content_type}"]  # fmt: skip
    head += [f"{k}: {v}" for k, v in headers.items()]
    sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + prefix)
    sent = len(prefix)
    chunk = b"\0" * (256 * 1024)
    answer = ""
    sock.setblocking(False)
    try:
        while sent < send:
            try:
                reply = sock.recv(4096)
                if reply:
                    answer = reply.split(b"\r\n", 1)[0].decode(errors="replace")
                    break
            except BlockingIOError:
                pass
            try:
                sent += sock.send(chunk[: send - sent])
            except BlockingIOError:
                time.sleep(0.002)
            except (BrokenPipeError, ConnectionResetError):
                answer = answer or "connection closed by the server"
                break
        if not answer:
            sock.setblocking(True)
            sock.settimeout(stall_s or wait_s)
            try:
                reply = sock.recv(4096)
                answer = (
                    reply.split(b"\r\n", 1)[0].decode(errors="replace")
                    if reply
                    else "connection closed by the server"
                )
            except TimeoutError:
                answer = f"no answer after {stall_s or wait_s:.0f} s"
            except ConnectionResetError:
                answer = "connection reset by the server"
    finally:
        sock.close()
    return answer, time.monotonic() - started, sent


def multipart(field_name: str, filename: str, kind: str, size: int) -> tuple[str, int, bytes]:
    """The content type, the declared length and the opening of a one-file multipart body."""
    boundary = "probeboundary"
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field_name}"; '
        f'filename="{filename}"\r\nContent-Type: {kind}\r\n\r\n'
    )
    tail = f"\r\n--{boundary}--\r\n"
    return f"multipart/form-data; boundary={boundary}", len(head) + size + len(tail), head.encode()


def scenario(
    name: str,
    pid: int,
    base: str,
    other: dict[str, object],
    run: Callable[[], tuple[list[str], float, int]],
) -> Outcome:
    with Watch(pid, base, other) as watch:
        answers, seconds, sent = run()
    return Outcome(
        name,
        answers,
        seconds,
        sent / MIB,
        (watch.peak - watch.before) / 1024,
        watch.write_s * 1000,
        watch.health_s * 1000,
    )


def web_session(base: str, email: str) -> tuple[httpx.Client, str]:
    client = httpx.Client(base_url=base, timeout=300)
    form = client.get("/login")
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    assert csrf, form.text[:300]
    done = client.post(
        "/login",
        data={"email": email, "password": PASSWORD, "csrf_token": csrf.group(1), "next": "/app"},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text[:300]
    return client, ""


def page_csrf(client: httpx.Client, athlete_id: object) -> str:
    page = client.get(f"/athletes/{athlete_id}/nutrition")
    found = re.search(r'<meta name="csrf-token" content="([^"]+)">', page.text)
    assert found, page.text[:300]
    return found.group(1)


def start(src: Path, folder: Path, port: int) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": str(src),
        "FITCOACH_DATABASE_URL": f"sqlite:///{folder / 'probe.sqlite3'}",
        "FITCOACH_DATA_DIR": str(folder / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "FITCOACH_PASSWORD_HASH_MEMORY_KIB": "19456",
        "FITCOACH_PASSWORD_HASH_TIME_COST": "2",
        "FITCOACH_PASSWORD_HASH_PARALLELISM": "1",
        # The four photos of ``web-photos`` come from one browser: let them all in.
        "FITCOACH_UPLOADS_PER_ACCOUNT": "4",
    }
    for name in ("FITCOACH_REDIS_URL", "FITCOACH_TELEGRAM_WEBHOOK_URL"):
        env.pop(name, None)
    python = sys.executable
    subprocess.run([python, "-c", SERVE, "db", "upgrade"], env=env, check=True, capture_output=True)
    setup = subprocess.run([python, "-c", SETUP], env=env, check=True, capture_output=True)
    (folder / "people.json").write_bytes(setup.stdout.strip().splitlines()[-1])
    log = (folder / "server.log").open("wb")
    server = subprocess.Popen(
        [python, "-c", SERVE, "serve", "--port", str(port)], env=env, stdout=log, stderr=log
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit(f"the server did not start; see {folder / 'server.log'}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def probe(src: Path) -> Iterator[Outcome]:
    folder = Path(tempfile.mkdtemp(prefix="fitcoach-probe-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    server = start(src, folder, port)
    try:
        me, other = json.loads((folder / "people.json").read_text())
        pid = server.pid
        bearer = {"Authorization": f"Bearer {me['token']}"}
        photo_url = f"/api/v1/athletes/{me['id']}/meals/photo"
        phone = phone_jpeg()
        with httpx.Client(base_url=base, timeout=300) as client:  # load the model first
            client.post(
                photo_url, files={"photo": ("warm.jpg", phone, "image/jpeg")}, headers=bearer
            )

        def no_token(
            path: str, size: int, field_name: str
        ) -> Callable[[], tuple[list[str], float, int]]:
            def run() -> tuple[list[str], float, int]:
                kind, declared, opening = multipart(
                    field_name, "big.bin", "application/octet-stream", size
                )
                answer, seconds, sent = raw_upload(
                    port,
                    path,
                    declared=declared,
                    send=declared,
                    headers={},
                    content_type=kind,
                    prefix=opening,
                )
                return [answer], seconds, sent

            return run

        yield scenario("form-check-no-token", pid, base, other,
                       no_token(f"/api/v1/athletes/{me['id']}/workout/sets/1/form", 94 * MIB, "video"))  # fmt: skip
        yield scenario("import-no-token", pid, base, other,
                       no_token(f"/api/v1/athletes/{me['id']}/imports", 63 * MIB, "files"))  # fmt: skip

        def stalled() -> tuple[list[str], float, int]:
            kind, declared, opening = multipart("files", "slow.csv", "text/csv", 60 * MIB)
            results: list[tuple[str, float, int]] = []
            threads = [
                threading.Thread(
                    target=lambda: results.append(
                        raw_upload(
                            port,
                            f"/api/v1/athletes/{me['id']}/imports",
                            declared=declared,
                            send=30 * MIB,
                            headers=bearer,
                            content_type=kind,
                            stall_s=45,
                            prefix=opening,
                        )
                    )
                )
                for _ in range(3)
            ]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            return [r[0] for r in results], max(r[1] for r in results), sum(r[2] for r in results)

        yield scenario("stalled-bodies", pid, base, other, stalled)

        def photo(name: str, data: bytes) -> Callable[[], tuple[list[str], float, int]]:
            def run() -> tuple[list[str], float, int]:
                started = time.monotonic()
                with httpx.Client(base_url=base, timeout=300) as client:
                    answer = client.post(
                        photo_url, files={"photo": (name, data, "image/jpeg")}, headers=bearer
                    )
                return (
                    [f"{answer.status_code} {answer.text[:90]}"],
                    time.monotonic() - started,
                    len(data),
                )

            return run

        yield scenario("png-bomb", pid, base, other, photo("bomb.png", png_bomb()))
        yield scenario(
            "jpeg-bomb", pid, base, other, photo("bomb.jpg", jpeg_claiming(65_000, 65_000))
        )
        yield scenario("phone-photo", pid, base, other, photo("IMG_0001.jpg", phone))

        def web_photos() -> tuple[list[str], float, int]:
            client, _ = web_session(base, str(me["email"]))
            csrf = page_csrf(client, me["id"])
            # Under 1 MiB each, so that the older tree's 1 MiB limit takes them too.
            photos = [phone_jpeg(1600, 1200, seed=n) for n in range(4)]
            answers: list[str] = []
            started = time.monotonic()

            def one(data: bytes) -> None:
                sent = client.post(
                    f"/athletes/{me['id']}/meals/photo",
                    data={"csrf_token": csrf, "meal_type": "lunch"},
                    files={"photo": ("IMG.jpg", data, "image/jpeg")},
                    headers={"Accept": "text/html"},
                )
                answers.append(f"{sent.status_code} {sent.headers.get('content-type', '')}")

            threads = [threading.Thread(target=one, args=(p,)) for p in photos]
            for thread in threads:
                thread.start()
            for thread in threads:
                thread.join()
            client.close()
            return answers, time.monotonic() - started, sum(len(p) for p in photos)

        yield scenario("web-photos", pid, base, other, web_photos)
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree to serve")
    parser.add_argument("--label", default="this checkout")
    args = parser.parse_args()
    print(f"# {args.label}: {args.src}")
    print(f"{'scenario':<22} {'seconds':>8} {'sent MiB':>9} {'peak +MiB':>10} {'other write ms':>15} {'health ms':>10}  answers")  # fmt: skip
    for out in probe(args.src.resolve()):
        print(
            f"{out.name:<22} {out.seconds:8.1f} {out.sent_mib:9.1f} {out.peak_mib:10.0f} "
            f"{out.other_write_ms:15.0f} {out.health_ms:10.0f}  {' | '.join(out.answers)}",
            flush=True,
        )


if __name__ == "__main__":
    main()
