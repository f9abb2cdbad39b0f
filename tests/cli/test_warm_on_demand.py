"""The warm process started on demand: the first daily command that finds none starts one in
the background (and says so once), runs in process itself, and the next one runs warm; not for
other commands, nor with ``FITCOACH_WARM=off`` or ``manual``, nor where ``CI`` is set unless
``FITCOACH_WARM=on``; it stops when idle; two starts at once make one; a file replaced with
the same modification time still counts as changed code."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests.cli.warm_support import LAUNCH

from fitcoach import launcher, warm

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")


class Shell:
    """A user's shell: its own runtime directory, the demo database, no CI and no
    ``FITCOACH_WARM`` unless a test sets them."""

    def __init__(self, runtime: Path, database: str, stats: Path) -> None:
        self.runtime = runtime
        self.directory = str(runtime / "fitcoach")
        self.stats = stats
        base = {k: v for k, v in os.environ.items() if k not in ("CI", launcher.WARM_ENV)}
        self.env = {
            **base,
            "XDG_RUNTIME_DIR": str(runtime),
            "FITCOACH_DATABASE_URL": database,
            "FITCOACH_LOG_LEVEL": "WARNING",
            "COLUMNS": "120",
            launcher.STATS_ENV: str(stats),
        }

    def run(self, argv: list[str], **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", LAUNCH, *argv],
            env={**self.env, **env},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def ran_warm(self) -> int:
        return len(self.stats.read_text().splitlines()) if self.stats.exists() else 0

    def answers(self) -> bool:
        return warm.request(b"ping", self.directory) is not None

    def wait(self, until: bool, timeout_s: float = 90.0) -> bool:
        """Until the warm process answers (``until``) or no longer does."""
        deadline = time.monotonic() + timeout_s
        while time.monotonic() < deadline:
            if self.answers() == until:
                return True
            time.sleep(0.1)
        return False

    def started_any(self) -> bool:
        """Whether a warm process was ever started here (its lock file is made first)."""
        return Path(launcher.lock_path(self.directory)).exists()


@pytest.fixture
def shell(demo_sqlite_template: tuple[Path, int], tmp_path: Path) -> Iterator[Shell]:
    template, _ = demo_sqlite_template
    db = tmp_path / "demand.sqlite3"
    shutil.copyfile(template, db)
    # A short directory: a Unix socket's path holds at most 107 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="fd-"))
    ready = Shell(runtime, f"sqlite:///{db}", tmp_path / "stats")
    try:
        yield ready
    finally:
        warm.request(b"stop", ready.directory)
        ready.wait(until=False, timeout_s=30)
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_daily_command_starts_the_warm_process_and_says_so_once(
    shell: Shell, demo_sqlite_template: tuple[Path, int]
) -> None:
    _, athlete = demo_sqlite_template
    argv = ["records", "-a", str(athlete)]
    expected = shell.run(argv, FITCOACH_WARM="off")
    assert expected.returncode == 0, expected.stderr
    assert not shell.started_any()

    first = shell.run(argv)
    assert first.returncode == 0, first.stderr
    assert first.stdout == expected.stdout  # in process, as before
    assert first.stderr == launcher.NOTICE
    assert shell.ran_warm() == 0
    assert shell.wait(until=True)

    second = shell.run(argv)
    assert (second.returncode, second.stdout, second.stderr) == (0, expected.stdout, "")
    assert shell.ran_warm() == 1  # the next command ran in the warm process

    # Stopped (`fitcoach warm stop`), the next daily command starts one again, silently now.
    stopped = shell.run(["warm", "stop"])
    assert stopped.returncode == 0, stopped.stderr
    assert "Stopped the warm process" in stopped.stdout
    assert not shell.answers()
    third = shell.run(argv)
    assert (third.returncode, third.stdout, third.stderr) == (0, expected.stdout, "")
    assert shell.wait(until=True)


@pytest.mark.parametrize(
    ("argv", "env"),
    [
        (["records", "-a", "1"], {launcher.WARM_ENV: "off"}),
        (["records", "-a", "1"], {launcher.WARM_ENV: "manual"}),
        (["records", "-a", "1"], {"CI": "true"}),
        (["--help"], {}),
        (["plan", "today", "--help"], {}),
        (["db", "current"], {}),
    ],
    ids=["off", "manual", "ci", "help", "command-help", "not-daily"],
)
def test_no_warm_process_is_started(shell: Shell, argv: list[str], env: dict[str, str]) -> None:
    ran = shell.run(argv, **env)
    assert ran.returncode == 0, ran.stderr
    assert launcher.NOTICE.strip() not in ran.stderr
    assert not shell.started_any()
    assert not shell.answers()


def test_ci_starts_one_when_asked_and_it_stops_when_idle(shell: Shell) -> None:
    ran = shell.run(
        ["records", "-a", "1"], CI="true", FITCOACH_WARM="on", FITCOACH_WARM_IDLE_MINUTES="0.05"
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stderr == launcher.NOTICE
    assert shell.wait(until=True)
    # 3 s without a command (a ping is one: none now): it stops, takes its socket away and
    # lets go of its lock.
    socket_file = Path(launcher.socket_path(shell.directory))
    deadline = time.monotonic() + 60
    while socket_file.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not socket_file.exists()
    assert _lock_freed(launcher.lock_path(shell.directory), timeout_s=30)  # it has ended
    # The lock is free: the next daily command starts a new one (and says nothing this time).
    again = shell.run(["records", "-a", "1"], CI="true", FITCOACH_WARM="on")
    assert (again.returncode, again.stderr) == (0, "")
    assert shell.wait(until=True)


def _lock_freed(path: str, timeout_s: float) -> bool:
    deadline = time.monotonic() + timeout_s
    with open(path) as lock:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(lock, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except OSError:
                time.sleep(0.1)
                continue
            fcntl.flock(lock, fcntl.LOCK_UN)
            return True
    return False


def test_a_second_start_while_one_starts_does_nothing(tmp_path: Path) -> None:
    """The lock is taken before any import: the launcher does not start a second one, and a
    second warm process that starts all the same exits at once (3) without preloading."""
    runtime = Path(tempfile.mkdtemp(prefix="fd-"))
    directory = runtime / "fitcoach"
    directory.mkdir(mode=0o700)
    try:
        with open(launcher.lock_path(str(directory)), "w") as held:
            fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
            assert not launcher.start_warm(str(directory))
            assert not Path(directory / f"warm-{launcher.installation_key()}.log").exists()
            code = (
                "import sys; from fitcoach.warm import main; code = main(); "
                "print(code, 'sqlalchemy' in sys.modules)"
            )
            done = subprocess.run(
                [sys.executable, "-c", code],
                env={**os.environ, "XDG_RUNTIME_DIR": str(runtime)},
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
            )
        assert done.stdout.split() == ["3", "False"], done.stderr
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_a_file_replaced_with_the_same_modification_time_is_changed_code(tmp_path: Path) -> None:
    """An installer that keeps the wheel's timestamps: the new file has the old modification
    time, but not the old inode (nor, mostly, the old size)."""
    source = tmp_path / "module.py"
    source.write_text("VALUE = 1\n")
    before = warm.signature(str(source))
    replacement = tmp_path / "module.py.new"
    replacement.write_text("VALUE = 2\n")
    os.utime(replacement, ns=(before[0], before[0]))
    os.replace(replacement, source)
    after = warm.signature(str(source))
    assert after[0] == before[0]
    assert after != before


@pytest.mark.parametrize(
    ("argv", "env", "starts"),
    [
        (["fitcoach", "plan", "today"], {}, True),
        (["fitcoach", "log", "daily", "--sleep", "7h"], {}, True),
        (["fitcoach", "readiness"], {"FITCOACH_WARM": "on", "CI": "1"}, True),
        (["fitcoach", "readiness"], {"CI": "1"}, False),
        (["fitcoach", "readiness"], {"FITCOACH_WARM": "off"}, False),
        (["fitcoach", "readiness"], {"FITCOACH_WARM": "manual"}, False),
        (["fitcoach", "serve"], {}, False),
        (["fitcoach"], {}, False),
        (["fitcoach", "records", "--help"], {}, False),
    ],
)
def test_which_commands_start_one(argv: list[str], env: dict[str, str], starts: bool) -> None:
    assert launcher.starts_warm(argv, env) is starts


def test_the_idle_time_is_read_from_the_environment() -> None:
    assert launcher.idle_seconds({}) == launcher.DEFAULT_IDLE_MINUTES * 60
    assert launcher.idle_seconds({launcher.IDLE_ENV: "2"}) == 120.0
    assert launcher.idle_seconds({launcher.IDLE_ENV: "soon"}) == launcher.DEFAULT_IDLE_MINUTES * 60


def test_without_a_runtime_directory_the_socket_is_beside_not_in_the_yaml_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``~/.cache/fitcoach`` holds the parsed YAML (made with the umask's bits, 0755 here): the
    socket goes in a private directory of its own under it."""
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    monkeypatch.setenv("HOME", str(tmp_path))
    cache = tmp_path / ".cache" / "fitcoach"
    (cache / "yaml").mkdir(parents=True)
    cache.chmod(0o755)
    assert launcher.runtime_dir() == str(cache / "warm")
    os.makedirs(launcher.runtime_dir(), mode=0o700)
    assert launcher.is_private(launcher.runtime_dir())
    assert not launcher.is_private(str(cache))
