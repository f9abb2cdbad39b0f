"""structlog configuration: key-value events on stderr, JSON when asked."""

from __future__ import annotations

import io
import json
import subprocess
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


def test_configured_before_structlog_is_imported_it_applies_on_import() -> None:
    """Configuring does not import structlog (~30 ms that most ``fitcoach`` commands, which log
    nothing, do without); whichever module imports it first gets it configured as the last
    ``configure_logging`` asked: JSON on stderr, filtered at the level, with its own loader."""
    code = (
        "import sys\n"
        "from fitcoach.core.logging import configure_logging, get_logger\n"
        "configure_logging('DEBUG')\n"
        "configure_logging('WARNING', json=True)\n"
        "print('structlog' in sys.modules)\n"
        "import structlog\n"
        "print(type(structlog.__loader__).__name__)\n"
        "log = structlog.get_logger(component='worker')\n"
        "log.info('hidden')\n"
        "log.warning('heard', n=1)\n"
        "get_logger('cli').error('also_heard')\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "SourceFileLoader"]
    events = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["event"], e["level"], e["component"]) for e in events] == [
        ("heard", "warning", "worker"),
        ("also_heard", "error", "cli"),
    ]
    assert events[0]["n"] == 1
