"""The login service (`fitcoach warm enable`): a systemd user unit that runs the holder
(``python -m fitcoach.warm_hold``) from login to logout, so that a daily command typed with no
server running finds the warm process, the first of the day included.

systemd's user manager cannot run here (no user bus in the container): the unit is checked by
the real ``systemd-analyze verify --user``, the holder runs for real as the unit would run it,
and ``systemctl`` is a script on PATH that records what it was asked and answers as systemctl
does with and without a user manager.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.warm_support import LAUNCH, until
from tests.conftest import unavailable

from fitcoach import launcher, warm, warm_hold

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")


@pytest.fixture
def runtime() -> Iterator[Path]:
    # A short path: a Unix socket's path holds at most 107 bytes.
    place = Path(tempfile.mkdtemp(prefix="fl-"))
    place.chmod(0o700)
    try:
        yield place
    finally:
        warm.request(b"stop", str(place / "fitcoach"))
        shutil.rmtree(place, ignore_errors=True)


def test_the_unit_is_one_systemd_accepts_and_runs_this_installation(
    runtime: Path, tmp_path: Path
) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        unavailable("systemd-analyze is not installed (Debian's systemd package)")
    env = {"PYTHONPATH": "/opt/a dir/with 100%", "TYPER_USE_RICH": "1", "HOME": "/home/x"}
    text = warm_hold.unit_text(env)
    assert f'ExecStart="{sys.executable}" -m fitcoach.warm_hold' in text
    # The import-time variables go with it (else the warm process refuses the shell's
    # commands), escaped as systemd reads them; nothing else of the environment does.
    assert 'Environment="PYTHONPATH=/opt/a dir/with 100%%"' in text
    assert 'Environment="TYPER_USE_RICH=1"' in text
    assert "HOME" not in text
    unit = tmp_path / warm_hold.unit_name()

    def verify(content: str) -> subprocess.CompletedProcess[str]:
        unit.write_text(content)
        return subprocess.run(
            [analyze, "verify", "--user", str(unit)],
            env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
            capture_output=True,
            text=True,
            check=False,
            timeout=60,
        )

    checked = verify(text)
    assert checked.returncode == 0, checked.stderr
    # And it does fail on a unit systemd would not run (so the check above can fail).
    assert verify(text.replace(f'"{sys.executable}"', "no-such-python")).returncode != 0


def test_the_holder_keeps_a_warm_process_past_its_idle_time_and_commands_run_in_it(
    runtime: Path, demo_sqlite_template: tuple[Path, int], tmp_path: Path
) -> None:
    template, athlete = demo_sqlite_template
    db = tmp_path / "login.sqlite3"
    shutil.copyfile(template, db)
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        launcher.IDLE_ENV: "0.03",  # 1.8 s without a command: unheld, it would stop
        "FITCOACH_DATABASE_URL": f"sqlite:///{db}",
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        launcher.STATS_ENV: str(tmp_path / "stats"),
        launcher.WARM_ENV: "manual",  # the command itself starts none: the holder did
    }
    directory = str(runtime / "fitcoach")
    # As systemd runs the unit's ExecStart.
    holder = subprocess.Popen(
        [sys.executable, "-m", "fitcoach.warm_hold"],
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert until(lambda: warm.request(b"ping", directory) is not None)
        time.sleep(5.0)  # well past the idle time
        records = subprocess.run(
            [sys.executable, "-c", LAUNCH, "records", "-a", str(athlete)],
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert records.returncode == 0, records.stderr
        stats = tmp_path / "stats"
        assert stats.exists(), "the command ran in process"
        assert len(stats.read_text().splitlines()) == 1
        holder.send_signal(signal.SIGTERM)  # systemd's stop, at logout or `disable`
        assert holder.wait(timeout=30) == 0
        socket_file = Path(launcher.socket_path(directory))
        assert until(lambda: not socket_file.exists(), timeout_s=60)  # its idle time, unheld
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait()


def _systemctl(bin_dir: Path, log: Path, *, manager: bool) -> None:
    """A ``systemctl`` that records its arguments; without a user manager it fails as
    systemctl does in a container."""
    answer = "exit 0" if manager else 'echo "Failed to connect to bus: No medium found" >&2; exit 1'
    script = bin_dir / "systemctl"
    script.write_text(f'#!/bin/sh\necho "$*" >> "{log}"\n{answer}\n')
    script.chmod(0o755)


def _fitcoach(argv: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", LAUNCH, *argv],
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_enable_writes_the_unit_and_has_systemd_start_it_and_disable_undoes_it(
    tmp_path: Path,
) -> None:
    bin_dir, config = tmp_path / "bin", tmp_path / "config"
    bin_dir.mkdir()
    log = tmp_path / "systemctl.log"
    _systemctl(bin_dir, log, manager=True)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "XDG_CONFIG_HOME": str(config),
        "COLUMNS": "200",
    }
    enabled = _fitcoach(["warm", "enable"], env)
    assert enabled.returncode == 0, enabled.stderr
    name = warm_hold.unit_name()
    unit = config / "systemd" / "user" / name
    assert unit.read_text() == warm_hold.unit_text(env)
    assert "fitcoach warm disable" in enabled.stdout
    assert log.read_text().splitlines() == ["--user daemon-reload", f"--user enable --now {name}"]

    disabled = _fitcoach(["warm", "disable"], env)
    assert disabled.returncode == 0, disabled.stderr
    assert not unit.exists()
    assert log.read_text().splitlines()[2:] == [
        f"--user disable --now {name}",
        "--user daemon-reload",
    ]
    again = _fitcoach(["warm", "disable"], env)
    assert again.returncode == 0
    assert "Not enabled" in again.stdout


def test_enable_without_a_user_manager_says_what_to_do_instead(tmp_path: Path) -> None:
    bin_dir, config = tmp_path / "bin", tmp_path / "config"
    bin_dir.mkdir()
    _systemctl(bin_dir, tmp_path / "systemctl.log", manager=False)
    env = {
        **os.environ,
        "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}",
        "XDG_CONFIG_HOME": str(config),
        "COLUMNS": "400",
    }
    enabled = _fitcoach(["warm", "enable"], env)
    assert enabled.returncode == 1
    said = " ".join(enabled.stderr.split())
    assert "Failed to connect to bus" in said
    assert "-m fitcoach.warm_hold &" in said  # the login-script way
    assert (config / "systemd" / "user" / warm_hold.unit_name()).exists()
