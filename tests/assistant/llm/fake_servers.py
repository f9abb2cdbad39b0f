"""Fake language-model APIs on 127.0.0.1, so the real ``openai`` and ``google-genai`` clients run.

Each server answers with responses recorded from the real APIs (``tests/fixtures/llm``), in the
order a test queues them, and records every request it received so that tests can assert what
was sent (the tools schema, the system prompt, what a model never saw). The OpenAI server speaks
``POST /v1/chat/completions`` (JSON, or server-sent events when the request says
``"stream": true``); the Gemini server speaks ``POST /{v1,v1beta}/models/{model}:generateContent``
and ``:streamGenerateContent?alt=sse``. A queued response may carry a delay (to exceed a client's
timeout) or an error status.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "llm"

OPENAI_SERVER_ERROR = {
    "error": {
        "message": "The server had an error while processing your request. Sorry about that!",
        "type": "server_error",
        "param": None,
        "code": None,
    }
}
GEMINI_UNAVAILABLE = {
    "error": {
        "code": 503,
        "message": "The model is overloaded. Please try again later.",
        "status": "UNAVAILABLE",
    }
}


def recorded(name: str) -> Any:
    """A recorded API response (or, for streams, the list of its events' payloads)."""
    return json.loads((FIXTURES / name).read_text("utf-8"))


@dataclass(frozen=True)
class Response:
    """One queued answer: a JSON body, or ``events`` sent as server-sent events."""

    body: Any = None
    events: list[Any] | None = None
    status: int = 200
    delay_s: float = 0.0
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Request:
    """What the server received."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: Any

    @property
    def streaming(self) -> bool:
        return "streamGenerateContent" in self.path or bool(
            isinstance(self.body, dict) and self.body.get("stream")
        )


class FakeServer:
    """A threaded HTTP server answering from a queue of recorded responses."""

    def __init__(self, kind: Literal["openai", "gemini"]) -> None:
        self.kind = kind
        self.requests: list[Request] = []
        self._queue: deque[Response] = deque()
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    @property
    def url(self) -> str:
        """The base URL a client is given (OpenAI clients include the ``/v1``)."""
        host, port = self._httpd.server_address[:2]
        root = f"http://{host!s}:{port}"
        return f"{root}/v1" if self.kind == "openai" else root

    def push(self, *responses: Response) -> None:
        with self._lock:
            self._queue.extend(responses)

    @property
    def pending(self) -> int:
        return len(self._queue)

    def start(self) -> FakeServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def __enter__(self) -> FakeServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _next(self, request: Request) -> Response:
        with self._lock:
            self.requests.append(request)
            if self._queue:
                return self._queue.popleft()
        message = "the fake server has no recorded response left for this request"
        return Response({"error": {"message": message, "code": 500}}, status=500)

    def _routes(self, path: str) -> bool:
        if self.kind == "openai":
            return path == "/v1/chat/completions"
        return path.startswith(("/v1/models/", "/v1beta/models/")) and path.endswith(
            (":generateContent", ":streamGenerateContent")
        )

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # Headers and body go out as separate small writes: without TCP_NODELAY, Nagle's
            # algorithm and the client's delayed ACK add ~40 ms to some answers, at random.
            disable_nagle_algorithm = True

            def log_message(self, format: str, *args: Any) -> None:
                return None  # quiet: tests read server.requests instead

            def do_POST(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                if not server._routes(parts.path):
                    self._json(404, {"error": {"message": f"no route {parts.path}", "code": 404}})
                    return
                request = Request(
                    "POST",
                    parts.path,
                    parse_qs(parts.query),
                    {k.lower(): v for k, v in self.headers.items()},
                    body,
                )
                response = server._next(request)
                if response.delay_s:
                    time.sleep(response.delay_s)
                try:
                    if response.events is not None and response.status == 200:
                        self._sse(response)
                    else:
                        self._json(response.status, response.body, response.headers)
                except (BrokenPipeError, ConnectionResetError):
                    return  # the client gave up (a timeout test): nothing to answer

            def _json(self, status: int, body: Any, headers: dict[str, str] | None = None) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json; charset=UTF-8")
                self.send_header("content-length", str(len(data)))
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            def _sse(self, response: Response) -> None:
                self.send_response(200)
                self.send_header("content-type", "text/event-stream")
                self.send_header("transfer-encoding", "chunked")
                self.send_header("cache-control", "no-cache")
                self.end_headers()
                events = [json.dumps(e) for e in response.events or []]
                if server.kind == "openai":
                    events.append("[DONE]")
                for event in events:
                    chunk = f"data: {event}\r\n\r\n".encode()
                    self.wfile.write(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
                    self.wfile.flush()
                self.wfile.write(b"0\r\n\r\n")

        return Handler
