"""``fitcoach serve --workers N``: several server processes on one port, and a clear refusal
of what must run in one process (the simulated sensors, the Telegram webhook)."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

import fitcoach
from fitcoach.cli import app
from fitcoach.cli.serve import WORKER_APP
from fitcoach.core.settings import get_settings

runner = CliRunner()
START_DEADLINE_S = 120  # a hang guard on a busy machine, not a measurement


@pytest.fixture
def migrated(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, sqlite_template: Path
) -> Iterator[Path]:
    db = tmp_path / "serve.sqlite3"
    shutil.copyfile(sqlite_template, db)
    monkeypatch.chdir(tmp_path)  # no .env from the repository
    monkeypatch.setenv("FITCOACH_DATABASE_URL", f"sqlite:///{db}")
    monkeypatch.setenv("FITCOACH_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("COLUMNS", "200")
    monkeypatch.delenv("FITCOACH_TELEGRAM_WEBHOOK_URL", raising=False)
    get_settings.cache_clear()
    yield db
    get_settings.cache_clear()


def test_workers_refuse_the_simulated_sensors(migrated: Path) -> None:
    result = runner.invoke(app, ["serve", "--workers", "2", "--simulate"])
    assert result.exit_code == 2
    assert "--simulate" in result.stderr
    assert "one process" in result.stderr


def test_workers_refuse_the_telegram_webhook(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FITCOACH_TELEGRAM_WEBHOOK_URL", "https://coach.example.org")
    monkeypatch.setenv("FITCOACH_TELEGRAM_WEBHOOK_SECRET", "s" * 32)
    get_settings.cache_clear()
    result = runner.invoke(app, ["serve", "--workers", "3"])
    assert result.exit_code == 2
    assert "webhook" in result.stderr
    assert "fitcoach bot" in result.stderr


def test_workers_must_be_at_least_one(migrated: Path) -> None:
    result = runner.invoke(app, ["serve", "--workers", "0"])
    assert result.exit_code == 2
    assert "--workers" in result.stderr


def test_the_worker_factory_is_importable() -> None:
    import importlib

    from fitcoach.interfaces.api.app import app_from_environment

    module, _, name = WORKER_APP.partition(":")
    assert getattr(importlib.import_module(module), name) is app_from_environment


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def _children(pid: int) -> list[int]:
    found = []
    for task in os.listdir(f"/proc/{pid}/task"):
        found += [int(c) for c in Path(f"/proc/{pid}/task/{task}/children").read_text().split()]
    return found


def _is_worker(pid: int) -> bool:
    """A uvicorn worker: a ``multiprocessing`` spawned child (not its resource tracker)."""
    try:
        return b"spawn_main" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return False


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads processes from /proc")
def test_two_worker_processes_answer_on_one_port(migrated: Path) -> None:
    port = _free_port()
    # This checkout's package, also from the temporary directory the test runs in.
    source = str(Path(fitcoach.__file__).resolve().parents[1])
    path = os.pathsep.join([source, *filter(None, [os.environ.get("PYTHONPATH")])])
    env = {**os.environ, "FITCOACH_LOG_LEVEL": "WARNING", "PYTHONPATH": path}
    command = ["serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(
        [sys.executable, "-c", "from fitcoach.cli import app; app()", *command],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + START_DEADLINE_S
        status = None
        while status != 200 and time.monotonic() < deadline:
            assert server.poll() is None, server.stdout.read().decode()  # type: ignore[union-attr]
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=2) as r:
                    status = r.status
            except OSError:
                time.sleep(0.2)
        assert status == 200
        workers = [p for p in _children(server.pid) if _is_worker(p)]
        assert len(workers) == 2
        server.send_signal(signal.SIGINT)
        out, _ = server.communicate(timeout=60)
        assert server.returncode == 0, out.decode()
        assert "with 2 processes" in out.decode()
        assert not [p for p in workers if Path(f"/proc/{p}").exists() and _is_worker(p)]
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def test_serve_runs_start_up_without_the_collector_and_leaves_it_on(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The collector is off while the app is built and uvicorn starts it (its lifespan turns it
    back on, tests/interfaces/test_api_startup.py); on again when the command returns, and in
    the process that only supervises ``--workers``."""
    import gc

    import uvicorn

    seen: list[tuple[object, bool]] = []
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: seen.append((app, gc.isenabled())))
    assert runner.invoke(app, ["serve", "--port", "8765"]).exit_code == 0
    assert gc.isenabled()
    assert runner.invoke(app, ["serve", "--workers", "2", "--port", "8765"]).exit_code == 0
    assert gc.isenabled()
    (one, collecting_one), (many, collecting_many) = seen
    assert not isinstance(one, str)  # the app itself
    assert collecting_one is False
    assert many == WORKER_APP
    assert collecting_many is True


def test_serve_and_each_worker_load_the_models_once_started(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``fitcoach serve`` (one process) and the ``--workers`` factory both start the models'
    warm-up thread from their lifespan (``interfaces.api.warm_models``)."""
    import uvicorn
    from fastapi.testclient import TestClient

    from fitcoach.interfaces.api import warm_models
    from fitcoach.interfaces.api.app import app_from_environment

    warmed: list[Path] = []
    monkeypatch.setattr(warm_models, "warm", lambda s, _intents=None: warmed.append(s.models_path))
    built: list[object] = []
    monkeypatch.setattr(uvicorn, "run", lambda served, **_: built.append(served))
    assert runner.invoke(app, ["serve", "--port", "8765"]).exit_code == 0
    for served in (built[0], app_from_environment()):
        with TestClient(served) as client:  # type: ignore[arg-type]
            assert client.get("/health").status_code == 200
            served.state.model_warmup.join(30)  # type: ignore[attr-defined]
    assert warmed == [get_settings().models_path] * 2


def test_the_server_holds_the_warm_process_while_uvicorn_runs(
    migrated: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Both ways of serving run inside ``held_while_serving`` (the hold itself:
    tests/cli/test_warm_held_by_serve.py), so the hold lasts exactly as long as the server."""
    import contextlib

    import uvicorn

    from fitcoach.cli import serve as serve_module

    events: list[str] = []

    @contextlib.contextmanager
    def held() -> Iterator[None]:
        events.append("hold")
        yield
        events.append("release")

    monkeypatch.setattr(serve_module, "held_while_serving", held)
    monkeypatch.setattr(uvicorn, "run", lambda app, **_: events.append("serve"))
    assert runner.invoke(app, ["serve", "--port", "8765"]).exit_code == 0
    assert runner.invoke(app, ["serve", "--workers", "2", "--port", "8765"]).exit_code == 0
    assert events == ["hold", "serve", "release"] * 2
