"""A light HTTP/1.1 load client: keep-alive connections over raw sockets, one process.

The API benchmark (``bench_api.py``) starts several of these at once so that the client is
not what limits the figures: a request costs it a ``send``, a ``recv`` and a few bytes of
parsing (tens of microseconds), where an HTTP library costs some hundreds, as much as a bare
FastAPI endpoint costs the server. Standard library only, so that a process starts in
milliseconds.

Protocol (one run per process): ``python benchmarks/httpload.py``, then a first line on stdin,
the configuration (JSON, one line: a thousand requests are too long for an argument); it connects
``connections`` sockets to ``host:port``, prints ``ready`` and waits for one line on stdin,
``{"begin": T0, "end": T1}`` (``time.monotonic()`` seconds, the same clock in every process
on the machine). Each connection then sends a request, waits for the whole answer, sends
the next at once (a closed loop) until ``end``; the time before ``begin`` is warm-up. With
several requests (``requests``), each one sent is the next of the list, round the process's
connections, starting at ``offset``. It prints one JSON line: the requests that completed
inside ``[begin, end]``, their latencies, the answers by status, the errors by kind (a status
outside 2xx with the start of its body, or a transport error) and the CPU seconds the process
used inside the window.
"""

from __future__ import annotations

import itertools
import json
import selectors
import socket
import sys
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

RECV_BYTES = 256 * 1024


class ResponseError(Exception):
    """An answer that is not HTTP/1.1 as this client reads it."""


@dataclass
class Response:
    status: int
    body: bytes
    close: bool  # the server closes the connection after this answer


def parse_response(buffer: bytes | bytearray) -> tuple[Response, int] | None:
    """The first complete response in ``buffer`` and the bytes it took, or None if more is
    needed. Bodies by ``Content-Length`` or chunked; no body for 1xx, 204 and 304."""
    head_end = buffer.find(b"\r\n\r\n")
    if head_end < 0:
        return None
    head = bytes(buffer[:head_end]).decode("latin-1").split("\r\n")
    parts = head[0].split(" ", 2)
    if len(parts) < 2 or not parts[0].startswith("HTTP/1.") or not parts[1].isdigit():
        raise ResponseError(f"not an HTTP/1.x status line: {head[0][:80]!r}")
    status = int(parts[1])
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    close = headers.get("connection", "").lower() == "close" or parts[0] == "HTTP/1.0"
    start = head_end + 4
    if status < 200 or status in (204, 304):
        return Response(status, b"", close), start
    if "chunked" in headers.get("transfer-encoding", "").lower():
        return _chunked(buffer, start, status, close)
    if "content-length" not in headers:
        raise ResponseError("an answer without Content-Length or chunks (read until close)")
    end = start + int(headers["content-length"])
    if len(buffer) < end:
        return None
    return Response(status, bytes(buffer[start:end]), close), end


def _chunked(
    buffer: bytes | bytearray, at: int, status: int, close: bool
) -> tuple[Response, int] | None:
    body = bytearray()
    while True:
        line_end = buffer.find(b"\r\n", at)
        if line_end < 0:
            return None
        size = int(bytes(buffer[at:line_end]).split(b";")[0], 16)
        at = line_end + 2
        if size == 0:  # no trailers are sent by the servers measured here
            if len(buffer) < at + 2:
                return None
            return Response(status, bytes(body), close), at + 2
        if len(buffer) < at + size + 2:
            return None
        body += buffer[at : at + size]
        at += size + 2


@dataclass
class Connection:
    sock: socket.socket
    buffer: bytearray = field(default_factory=bytearray)
    sent_at: float = 0.0


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    errors: Counter[str] = field(default_factory=Counter)
    transport_errors: int = 0
    statuses: Counter[int] = field(default_factory=Counter)


def connect(host: str, port: int) -> socket.socket:
    sock = socket.create_connection((host, port), timeout=60)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    return sock


def run(
    host: str,
    port: int,
    requests: Sequence[bytes],
    connections: list[socket.socket],
    begin: float,
    end: float,
    offset: int = 0,
) -> tuple[Tally, float]:
    """Drive ``connections`` in a closed loop until ``end``, sending ``requests`` in turn;
    what completed inside ``[begin, end]`` and the CPU seconds this process used from
    ``begin`` to the end."""
    tally = Tally()
    turn = itertools.islice(itertools.cycle(requests), offset % len(requests), None)
    selector = selectors.DefaultSelector()
    cpu_at_begin: float | None = None

    def start(conn: Connection) -> None:
        conn.sent_at = time.monotonic()
        conn.sock.sendall(next(turn))  # a request is far smaller than the socket's buffer
        selector.register(conn.sock, selectors.EVENT_READ, conn)

    def replace(conn: Connection) -> Connection:
        selector.unregister(conn.sock)
        conn.sock.close()
        return Connection(connect(host, port))

    for sock in connections:
        start(Connection(sock))
    while True:
        now = time.monotonic()
        if cpu_at_begin is None and now >= begin:
            cpu_at_begin = time.process_time()
        if now >= end:
            break
        for key, _events in selector.select(timeout=min(0.05, end - now)):
            conn: Connection = key.data
            try:
                chunk = conn.sock.recv(RECV_BYTES)
                if not chunk:
                    raise ConnectionResetError("the server closed the connection")
                conn.buffer += chunk
                parsed = parse_response(conn.buffer)
            except (OSError, ResponseError, ValueError) as exc:
                done = time.monotonic()
                if begin <= done <= end:
                    tally.errors[f"{type(exc).__name__}: {exc}"[:200]] += 1
                    tally.transport_errors += 1
                if done < end:
                    start(replace(conn))
                continue
            if parsed is None:
                continue
            response, used = parsed
            done = time.monotonic()
            if begin <= done <= end:
                tally.latencies.append(done - conn.sent_at)
                tally.statuses[response.status] += 1
                if not 200 <= response.status < 300:
                    text = response.body[:160].decode("utf-8", "replace")
                    tally.errors[f"{response.status} {text}"] += 1
            del conn.buffer[:used]
            if done >= end:
                continue
            if response.close:
                conn = replace(conn)
            else:
                selector.unregister(conn.sock)
            start(conn)
    cpu = time.process_time() - (cpu_at_begin if cpu_at_begin is not None else time.process_time())
    selector.close()
    return tally, cpu


def main(argv: list[str]) -> int:
    config: dict[str, Any] = json.loads(argv[1] if len(argv) > 1 else sys.stdin.readline())
    host, port = config["host"], int(config["port"])
    requests = [r.encode("latin-1") for r in config["requests"]]
    connections = [connect(host, port) for _ in range(int(config["connections"]))]
    print("ready", flush=True)
    window = json.loads(sys.stdin.readline())
    begin, end = window["begin"], window["end"]
    tally, cpu = run(host, port, requests, connections, begin, end, int(config.get("offset", 0)))
    for sock in connections:
        sock.close()
    out = {
        "requests": len(tally.latencies),
        "latencies": [round(x, 7) for x in tally.latencies],
        "errors": dict(tally.errors),
        "statuses": {str(k): v for k, v in tally.statuses.items()},
        "cpu_s": cpu,
    }
    print(json.dumps(out), flush=True)
    return 0


def request_bytes(
    method: str,
    path: str,
    *,
    host: str,
    headers: dict[str, str] | None = None,
    body: bytes = b"",
) -> bytes:
    """An HTTP/1.1 keep-alive request, ready to send as it is."""
    lines = [f"{method} {path} HTTP/1.1", f"Host: {host}"]
    lines += [f"{name}: {value}" for name, value in (headers or {}).items()]
    if body or method not in ("GET", "HEAD"):
        lines.append(f"Content-Length: {len(body)}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body


if __name__ == "__main__":
    sys.exit(main(sys.argv))
