"""structlog configuration: key-value events on stderr, JSON when asked."""

from __future__ import annotations

import io
import json
import sys

import pytest
import structlog

from fitcoach.core.logging import configure_logging, get_logger


@pytest.fixture(autouse=True)
def _reset_structlog() -> object:
    yield
    structlog.reset_defaults()


def test_json_events_carry_the_component_and_level(monkeypatch: pytest.MonkeyPatch) -> None:
    err = io.StringIO()
    monkeypatch.setattr(sys, "stderr", err)
    configure_logging("INFO", json=True)
    get_logger("api").info("request_done", status=200)
    get_logger("api").debug("hidden")
    (line,) = err.getvalue().splitlines()
    event = json.loads(line)
    assert event["event"] == "request_done"
    assert (event["component"], event["level"], event["status"]) == ("api", "info", 200)
    assert event["timestamp"].endswith("Z")


def test_logs_follow_stderr_when_it_is_replaced(monkeypatch: pytest.MonkeyPatch) -> None:
    first, second = io.StringIO(), io.StringIO()
    monkeypatch.setattr(sys, "stderr", first)
    configure_logging("INFO", json=True)
    first.close()  # e.g. a test runner's capture ends, or a daemon re-opens its streams
    monkeypatch.setattr(sys, "stderr", second)
    get_logger("cli").warning("still_heard")
    assert "still_heard" in second.getvalue()
