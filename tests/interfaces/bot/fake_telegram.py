"""A fake Telegram Bot API server: a real HTTP server on 127.0.0.1 for python-telegram-bot.

It speaks the Bot API's wire format (``POST /bot<token>/<method>`` with form or multipart
fields; ``{"ok": true, "result": ...}`` answers) for the methods the bot uses, records every
call, and serves ``getUpdates`` from a queue the test fills (long polling included), so the
real library runs unchanged against it. Unknown tokens get 401 and unknown methods 404, as the
real server answers.
"""

from __future__ import annotations

import email.parser
import email.policy
import itertools
import json
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, unquote

BOT_ID = 4242
BOT_USER = {
    "id": BOT_ID,
    "is_bot": True,
    "first_name": "fitcoach",
    "username": "fitcoach_test_bot",
    "can_join_groups": False,
    "can_read_all_group_messages": False,
    "supports_inline_queries": False,
}


@dataclass
class Call:
    """One Bot API call as the fake received it."""

    method: str
    params: dict[str, Any]
    files: dict[str, bytes] = field(default_factory=dict)

    @property
    def chat_id(self) -> int | None:
        value = self.params.get("chat_id")
        return None if value is None else int(value)

    @property
    def text(self) -> str:
        return str(self.params.get("text") or self.params.get("caption") or "")

    @property
    def reply_markup(self) -> dict[str, Any] | None:
        raw = self.params.get("reply_markup")
        return json.loads(raw) if isinstance(raw, str) else raw


def _parse_body(content_type: str, body: bytes) -> tuple[dict[str, Any], dict[str, bytes]]:
    if not body:
        return {}, {}
    if content_type.startswith("multipart/form-data"):
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
            b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body
        )
        params: dict[str, Any] = {}
        files: dict[str, bytes] = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            if part.get_filename() is not None:
                files[str(name)] = payload
            else:
                params[str(name)] = payload.decode()
        return params, files
    if content_type.startswith("application/json"):
        return json.loads(body), {}
    # Form fields: strings as they are, anything else JSON-encoded (as the library sends them).
    return {k: v[-1] for k, v in parse_qs(body.decode(), keep_blank_values=True).items()}, {}


class FakeTelegram:
    """The fake server. ``base_url`` goes to ``FITCOACH_TELEGRAM_BASE_URL``."""

    def __init__(self, token: str) -> None:
        self.token = token
        self.calls: list[Call] = []
        self._updates: list[dict[str, Any]] = []
        self._changed = threading.Condition()
        self._message_ids = itertools.count(1000)
        self._update_ids = itertools.count(1)
        self.webhook: dict[str, Any] | None = None
        self.commands: list[dict[str, Any]] = []
        self.fail_next: dict[str, int] = {}  # method → HTTP status to answer once
        self.files: dict[str, bytes] = {}  # file_id → the bytes getFile and /file/ serve
        self.downloads: list[str] = []  # the file paths downloaded
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # small writes; avoid Nagle + delayed-ACK stalls

            def log_message(self, *_args: Any) -> None:  # quiet
                return

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                content_type = "application/json"
                path = unquote(self.path)  # the client quotes the token's colon in file URLs
                if path.startswith(f"/file/bot{fake.token}/"):
                    status, data = fake._download(path)
                    content_type = "image/jpeg"
                else:
                    status, payload = fake._handle(
                        self.path, self.headers.get("Content-Type", ""), body
                    )
                    data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST  # noqa: N815  (http.server names the method)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    # --- lifecycle ---------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> FakeTelegram:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    # --- what the test does -------------------------------------------------------------------

    def queue_update(self, update: dict[str, Any]) -> dict[str, Any]:
        """Make ``update`` the next answer of ``getUpdates`` (an ``update_id`` is added)."""
        with self._changed:
            update = {"update_id": next(self._update_ids), **update}
            self._updates.append(update)
            self._changed.notify_all()
        return update

    def add_file(self, file_id: str, data: bytes) -> None:
        """A file the bot can fetch with ``getFile`` and download from ``/file/bot<token>/``."""
        self.files[file_id] = data

    def next_update_id(self) -> int:
        return next(self._update_ids)

    def sent(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        """Calls of ``method`` (every send method when None) to ``chat_id``."""
        sends = ("sendMessage", "sendPhoto", "editMessageText", "editMessageReplyMarkup")
        return [
            c
            for c in list(self.calls)
            if (c.method == method if method else c.method in sends)
            and (chat_id is None or c.chat_id == chat_id)
        ]

    def wait_for(
        self, method: str, count: int = 1, timeout_s: float = 10.0, chat_id: int | None = None
    ) -> list[Call]:
        """Wait until ``count`` calls of ``method`` (to ``chat_id``) arrived."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            found = self.sent(method, chat_id)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(
            f"only {len(self.sent(method, chat_id))} {method} calls, wanted {count}"
        )

    def texts(self, chat_id: int | None = None) -> Iterator[str]:
        return (c.text for c in self.sent(chat_id=chat_id))

    # --- the server side ----------------------------------------------------------------------

    def _message(self, chat_id: int, **extra: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            **extra,
        }

    def _handle(self, path: str, content_type: str, body: bytes) -> tuple[int, dict[str, Any]]:
        prefix = f"/bot{self.token}/"
        if not path.startswith(prefix):
            return 401, {"ok": False, "error_code": 401, "description": "Unauthorized"}
        method = path[len(prefix) :]
        params, files = _parse_body(content_type, body)
        if method != "getUpdates":
            self.calls.append(Call(method, params, files))
        if method in self.fail_next:
            status = self.fail_next.pop(method)
            return status, {"ok": False, "error_code": status, "description": "Bad Request: test"}
        if method == "getFile" and params.get("file_id") not in self.files:
            return 400, {
                "ok": False,
                "error_code": 400,
                "description": "Bad Request: invalid file_id",
            }
        result = self._result(method, params, files)
        if result is NotImplemented:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        return 200, {"ok": True, "result": result}

    def _result(self, method: str, params: dict[str, Any], files: dict[str, bytes]) -> Any:
        chat_id = int(params["chat_id"]) if "chat_id" in params else 0
        if method == "getMe":
            return BOT_USER
        if method == "getUpdates":
            return self._get_updates(params)
        if method == "sendMessage":
            extra: dict[str, Any] = {"text": params.get("text", "")}
            if "reply_markup" in params:
                markup = json.loads(params["reply_markup"])
                if "inline_keyboard" in markup:
                    extra["reply_markup"] = markup
            return self._message(chat_id, **extra)
        if method == "sendPhoto":
            if "photo" not in files:
                return NotImplemented
            photo = {"file_id": "photo-1", "file_unique_id": "p1", "width": 900, "height": 700}
            return self._message(chat_id, photo=[photo], caption=params.get("caption", ""))
        if method in ("editMessageText", "editMessageReplyMarkup"):
            return self._message(chat_id, text=params.get("text", ""))
        if method == "getFile":
            file_id = str(params["file_id"])
            return {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_size": len(self.files[file_id]),
                "file_path": f"photos/{file_id}.jpg",
            }
        if method == "answerCallbackQuery":
            return True
        if method == "setWebhook":
            self.webhook = params
            return True
        if method == "deleteWebhook":
            self.webhook = None
            return True
        if method == "getWebhookInfo":
            return {
                "url": (self.webhook or {}).get("url", ""),
                "has_custom_certificate": False,
                "pending_update_count": 0,
            }
        if method == "setMyCommands":
            self.commands = json.loads(params.get("commands", "[]"))
            return True
        if method in ("deleteMyCommands", "close", "logOut"):
            return True
        return NotImplemented

    def _download(self, path: str) -> tuple[int, bytes]:
        """``GET /file/bot<token>/photos/<file_id>.jpg``: the file's bytes, or 404."""
        name = path.rsplit("/", 1)[-1].removesuffix(".jpg")
        if name not in self.files:
            return 404, b"Not Found"
        self.downloads.append(path)
        return 200, self.files[name]

    def _get_updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        timeout = min(float(params.get("timeout") or 0), 1.0)
        deadline = time.monotonic() + timeout
        with self._changed:
            while True:
                # Telegram forgets updates below the offset: the client confirmed them.
                self._updates = [u for u in self._updates if u["update_id"] >= offset]
                if self._updates:
                    return list(self._updates)
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return []
                self._changed.wait(remaining)


# --- updates as Telegram sends them -------------------------------------------------------------

_ids = itertools.count(1)


def user(chat_id: int) -> dict[str, Any]:
    return {"id": chat_id, "is_bot": False, "first_name": "Alex", "language_code": "en"}


def message_update(
    chat_id: int, text: str | None = None, *, chat_type: str = "private", **extra: Any
) -> dict[str, Any]:
    """An update with a message; a text starting with / carries its bot_command entity."""
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": chat_type},
        "from": user(chat_id if chat_type == "private" else 77),
        **extra,
    }
    if text is not None:
        message["text"] = text
        if text.startswith("/"):
            command = text.split()[0]
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(command)}]
    return {"message": message}


def photo_sizes(
    file_id: str, size: int, width: int = 1280, height: int = 960
) -> list[dict[str, Any]]:
    """A photo message's sizes as Telegram sends them: a thumbnail, then the full picture."""
    return [
        {
            "file_id": f"{file_id}-thumb",
            "file_unique_id": "t",
            "width": 90,
            "height": 68,
            "file_size": 1500,
        },
        {
            "file_id": file_id,
            "file_unique_id": file_id,
            "width": width,
            "height": height,
            "file_size": size,
        },
    ]


def callback_update(chat_id: int, data: str, message_text: str = "") -> dict[str, Any]:
    """An inline-button press under a message the bot sent."""
    return {
        "callback_query": {
            "id": str(next(_ids)),
            "from": user(chat_id),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT_USER,
                "text": message_text,
            },
        }
    }
