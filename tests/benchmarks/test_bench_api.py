"""The API benchmark's load client (``benchmarks/httpload.py``) reads answers right and counts
what it claims, and the benchmark itself runs end to end at a tiny size (SQLite, one worker).
Timings are never asserted."""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, ClassVar

import pytest

from benchmarks import api_servers, bench_api, common, httpload


def test_parse_a_response_by_content_length() -> None:
    raw = b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello"
    assert httpload.parse_response(raw[:-1]) is None
    response, used = httpload.parse_response(raw + b"HTTP/1.1 ...") or (None, 0)
    assert response == httpload.Response(200, b"hello", close=False)
    assert used == len(raw)


def test_parse_a_chunked_response() -> None:
    raw = (
        b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n"
    )
    for cut in (10, len(raw) - 1):
        assert httpload.parse_response(raw[:cut]) is None
    parsed = httpload.parse_response(raw)
    assert parsed == (httpload.Response(200, b"abcde", close=False), len(raw))


def test_parse_an_answer_without_a_body_and_a_closing_one() -> None:
    raw = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    assert httpload.parse_response(raw) == (httpload.Response(204, b"", close=True), len(raw))
    with pytest.raises(httpload.ResponseError):
        httpload.parse_response(b"SSH-2.0-OpenSSH\r\n\r\n")


def test_a_request_is_keep_alive_http_1_1() -> None:
    got = httpload.request_bytes("POST", "/x", host="h", headers={"A": "b"}, body=b"{}")
    assert got == b"POST /x HTTP/1.1\r\nHost: h\r\nA: b\r\nContent-Length: 2\r\n\r\n{}"
    assert b"Content-Length" not in httpload.request_bytes("GET", "/", host="h")


class _Counting(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"  # keep-alive
    served: ClassVar[list[str]] = []
    lock = threading.Lock()

    def do_GET(self) -> None:
        with self.lock:
            self.served.append(self.path)
        status = 500 if self.path == "/fail" else 200
        if self.path == "/chunked":
            self.send_response(status)
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            self.wfile.write(b"2\r\nok\r\n0\r\n\r\n")
            return
        body = b'{"error": "boom"}' if status == 500 else b'{"status": "ok"}'
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *_args: Any) -> None:
        return None


class _Server(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Quiet: the client closes its connections at the end of the window, mid-answer."""


@pytest.fixture
def server() -> Iterator[ThreadingHTTPServer]:
    _Counting.served = []
    httpd = _Server(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _drive(httpd: ThreadingHTTPServer, path: str, connections: int) -> httpload.Tally:
    host, port = httpd.server_address[:2]
    socks = [httpload.connect(str(host), int(port)) for _ in range(connections)]
    request = httpload.request_bytes("GET", path, host="127.0.0.1")
    begin = time.monotonic()
    tally, cpu = httpload.run(str(host), int(port), [request], socks, begin, begin + 0.5)
    for sock in socks:
        sock.close()
    assert cpu >= 0
    return tally


@pytest.mark.parametrize("path", ["/ok", "/chunked"])
def test_the_client_counts_the_answers_it_got(server: ThreadingHTTPServer, path: str) -> None:
    tally = _drive(server, path, connections=3)
    served = len(_Counting.served)
    # Every counted answer was served; at most one request per connection was still open.
    assert served - 3 <= len(tally.latencies) <= served
    assert len(tally.latencies) > 0
    assert not tally.errors
    assert all(latency > 0 for latency in tally.latencies)


def test_requests_are_sent_in_turn_from_the_offset(server: ThreadingHTTPServer) -> None:
    host, port = server.server_address[:2]
    sock = httpload.connect(str(host), int(port))
    paths = ["/a", "/b", "/c"]
    requests = [httpload.request_bytes("GET", p, host="127.0.0.1") for p in paths]
    begin = time.monotonic()
    tally, _ = httpload.run(str(host), int(port), requests, [sock], begin, begin + 0.3, offset=1)
    sock.close()
    served = _Counting.served
    assert len(served) >= 4
    assert served[:4] == ["/b", "/c", "/a", "/b"]
    assert tally.statuses[200] == len(tally.latencies)


def test_answers_outside_2xx_are_errors_with_their_body(server: ThreadingHTTPServer) -> None:
    tally = _drive(server, "/fail", connections=2)
    assert len(tally.latencies) > 0
    assert tally.errors == {'500 {"error": "boom"}': len(tally.latencies)}


def test_connections_spread_over_the_client_processes() -> None:
    assert api_servers.client_processes(1, 4) == [1]
    assert api_servers.client_processes(10, 4) == [3, 3, 2, 2]
    assert api_servers.client_processes(50, 2) == [25, 25]


def test_a_process_tree_has_cpu_time() -> None:
    if not os.path.isdir("/proc/self/task"):
        pytest.skip("reads /proc")
    spent = api_servers.tree_cpu_seconds(os.getpid())
    assert spent is not None
    assert spent > 0


def test_the_benchmark_runs_end_to_end_on_sqlite() -> None:
    results = bench_api.bench(
        duration_s=0.3, warmup_s=0.1, repeat=1, counts=(1, 2), workers=1, postgres=False
    )
    rates = [r for r in results if r.figure is not None]
    names = {r.name for r in rates}
    for endpoint in (
        "GET athlete",
        "GET readiness",
        "GET plan/today",
        "POST plan (generate new)",
        "POST plan (generate again)",
    ):
        for clients in (1, 2):
            assert f"api SQLite {endpoint} · {clients} clients" in names
    assert any(r.name == "api PostgreSQL · skipped" for r in results)
    for result in rates:
        _check(result)
    # Each new seed stores a version (201); the same request again is answered with the one
    # stored (200).
    by_name = {r.name: r for r in rates}
    assert by_name["api SQLite POST plan (generate new) · 1 clients"].extra["answered_again"] == 0
    again = by_name["api SQLite POST plan (generate again) · 1 clients"].extra["answered_again"]
    assert again > 0.5
    # A read answers 200 either way: it carries no such share.
    assert "answered_again" not in by_name["api SQLite GET athlete · 1 clients"].extra


def _check(result: common.Result) -> None:
    assert result.unit == "req/s"
    assert result.group == bench_api.NAME
    assert result.baseline_name == bench_api.BASELINE
    assert result.baseline is not None
    assert result.baseline > 0
    assert result.figure is not None
    assert result.figure > 0
    assert result.ratio == pytest.approx(result.figure / result.baseline)
    assert result.extra["errors"] == 0, result.extra["error_kinds"]
    assert result.extra["requests"] > 0
    assert len(result.samples) == len(result.baseline_samples) == 1
