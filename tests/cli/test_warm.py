"""The warm process (``fitcoach warm``) and the console script that hands it commands: the same
output and exit codes as in process, settings read per command, only the standard library in
the launcher, and every way of not using it (none running, a refusal) still runs the command."""

from __future__ import annotations

import contextlib
import os
import select
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from tests.cli.warm_support import LAUNCH

from fitcoach import launcher

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="SO_PEERCRED is Linux's")


@dataclass(frozen=True)
class Ran:
    code: int
    stdout: str
    stderr: str


@dataclass
class Warm:
    """A warm process serving this test, its runtime directory and a stats file."""

    runtime: Path
    stats: Path
    env: dict[str, str]

    def run(self, argv: list[str], *, warm: bool = True, env: dict[str, str] | None = None) -> Ran:
        done = subprocess.run(
            [sys.executable, "-c", LAUNCH, *argv],
            env={**self.env, launcher.WARM_ENV: "manual" if warm else "off", **(env or {})},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        return Ran(done.returncode, done.stdout, done.stderr)

    def ran_warm(self) -> int:
        """How many commands the warm process has run (one stats line each)."""
        return len(self.stats.read_text().splitlines()) if self.stats.exists() else 0


def _database(template: Path, directory: Path, name: str) -> str:
    db = directory / f"{name}.sqlite3"
    shutil.copyfile(template, db)
    return f"sqlite:///{db}"


@contextlib.contextmanager
def _warm(template: Path, tmp_path: Path, **extra: str) -> Iterator[Warm]:
    # A short directory: a Unix socket's path holds at most 107 bytes.
    runtime = Path(tempfile.mkdtemp(prefix="fw-"))
    env = {
        **os.environ,
        "XDG_RUNTIME_DIR": str(runtime),
        "FITCOACH_DATABASE_URL": _database(template, tmp_path, "warm"),
        "FITCOACH_DATA_DIR": str(tmp_path / "data"),
        "FITCOACH_LOG_LEVEL": "WARNING",
        "COLUMNS": "120",
        launcher.STATS_ENV: str(tmp_path / "stats"),
        # Use the warm process this fixture starts; start none on demand (test_warm_on_demand).
        launcher.WARM_ENV: "manual",
        **extra,
    }
    ready = Warm(runtime, tmp_path / "stats", env)
    started = ready.run(["warm", "--idle-minutes", "5"])
    assert started.code == 0, started.stderr
    assert "Warm (process" in started.stdout
    try:
        yield ready
    finally:
        stopped = ready.run(["warm", "--stop"])
        assert stopped.code == 0, stopped.stderr
        shutil.rmtree(runtime, ignore_errors=True)


@pytest.fixture
def warm(demo_sqlite_template: tuple[Path, int], tmp_path: Path) -> Iterator[Warm]:
    with _warm(demo_sqlite_template[0], tmp_path) as ready:
        yield ready


def test_daily_commands_print_and_exit_the_same_warm_as_in_process(
    warm: Warm, demo_sqlite_template: tuple[Path, int], tmp_path: Path
) -> None:
    """Each command on its own copy of the demo database, in process and through the warm
    process, in the same order (``log workout`` writes): byte-identical output, same codes."""
    template, athlete = demo_sqlite_template
    a = str(athlete)
    commands = [
        ["plan", "today", "-a", a],
        ["readiness", "-a", a],
        ["records", "-a", a],
        ["log", "workout", "-a", a, "-s", "squat 3x5@100kg rir2"],
        ["records", "-a", a],
        ["plan", "today", "-a", "99999"],  # no such athlete: an expected error, exit 2
        ["plan", "todya"],  # a usage error from Click, exit 2
        ["--help"],
    ]
    cold_db = _database(template, tmp_path, "cold")
    for argv in commands:
        cold = warm.run(argv, warm=False, env={"FITCOACH_DATABASE_URL": cold_db})
        before = warm.ran_warm()
        hot = warm.run(argv)
        assert warm.ran_warm() == before + 1, f"{argv} did not run in the warm process"
        assert hot == cold, argv
    codes = [
        warm.run(argv, warm=False, env={"FITCOACH_DATABASE_URL": cold_db}).code for argv in commands
    ]
    assert codes[-3:] == [2, 2, 0]
    assert "squat" in warm.run(["records", "-a", a]).stdout.lower()


def test_each_command_reads_its_own_settings(warm: Warm, tmp_path: Path) -> None:
    """A database URL that changes between commands is honoured: the child reads the settings
    after the fork, from the command's environment."""
    empty = tmp_path / "empty.sqlite3"  # not migrated: the command says so
    other = {"FITCOACH_DATABASE_URL": f"sqlite:///{empty}"}
    hot = warm.run(["records", "-a", "1"], env=other)
    cold = warm.run(["records", "-a", "1"], warm=False, env=other)
    assert warm.ran_warm() == 1
    assert hot == cold
    assert hot.code == 2
    assert "fitcoach db upgrade" in hot.stderr
    assert warm.run(["records", "-a", "1"]).code == 0  # the fixture's database again


def test_the_launcher_imports_only_the_standard_library_when_warm(
    warm: Warm, tmp_path: Path
) -> None:
    seen = tmp_path / "modules"
    code = (
        "import sys\n"
        "from fitcoach.launcher import main\n"
        "sys.argv = ['fitcoach', 'records', '-a', '1']\n"
        "code = main()\n"
        f"open({str(seen)!r}, 'w').write('\\n'.join(sorted(sys.modules)))\n"
        "sys.exit(code)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], env=warm.env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert warm.ran_warm() == 1
    modules = seen.read_text().split()
    third_party = {"typer", "click", "rich", "sqlalchemy", "pydantic", "pydantic_settings"}
    assert [m for m in modules if m.split(".")[0] in third_party] == []
    assert [m for m in modules if m.startswith("fitcoach")] == ["fitcoach", "fitcoach.launcher"]


def test_without_a_warm_process_the_command_runs_in_process(
    demo_sqlite_template: tuple[Path, int], tmp_path: Path
) -> None:
    template, athlete = demo_sqlite_template
    runtime = Path(tempfile.mkdtemp(prefix="fw-"))
    try:
        nobody = Warm(
            runtime,
            tmp_path / "stats",
            {
                **os.environ,
                "XDG_RUNTIME_DIR": str(runtime),
                "FITCOACH_DATABASE_URL": _database(template, tmp_path, "alone"),
                "FITCOACH_LOG_LEVEL": "WARNING",
                launcher.STATS_ENV: str(tmp_path / "stats"),
            },
        )
        ran = nobody.run(["records", "-a", str(athlete)])
        assert ran.code == 0, ran.stderr
        assert ran.stdout
        assert nobody.ran_warm() == 0
        # `warm --stop` with none running says so and succeeds.
        assert "No warm process" in nobody.run(["warm", "--stop"]).stdout
    finally:
        shutil.rmtree(runtime, ignore_errors=True)


def test_an_environment_read_at_import_time_runs_the_command_in_process(warm: Warm) -> None:
    """The warm process imported its modules under its own PYTHON* variables: a command with
    others is refused by it and runs in process, with the same result."""
    hot = warm.run(["records", "-a", "1"], env={"PYTHONWARNINGS": "ignore"})
    assert warm.ran_warm() == 0
    assert hot == warm.run(["records", "-a", "1"], warm=False)
    assert hot.code == 0


def test_a_second_warm_start_finds_the_first(warm: Warm) -> None:
    again = warm.run(["warm"])
    assert again.code == 0
    assert "Already warm" in again.stdout


def test_stop_removes_the_socket(warm: Warm) -> None:
    path = Path(launcher.socket_path(str(warm.runtime / "fitcoach")))
    assert path.is_socket()
    assert warm.run(["warm", "--stop"]).code == 0
    assert not path.exists()
    ran = warm.run(["records", "-a", "1"])  # in process now
    assert ran.code == 0
    assert warm.ran_warm() == 0


def test_peer_credentials_of_another_user_are_refused() -> None:
    me = os.getuid()
    assert launcher.peer_allowed(struct.pack("3i", 4242, me, os.getgid()), me)
    assert not launcher.peer_allowed(struct.pack("3i", 4242, me + 1, os.getgid()), me)
    assert not launcher.peer_allowed(struct.pack("3i", 4242, me, 0)[:8], me)  # truncated


def test_peer_credentials_of_a_real_connection_are_this_user() -> None:
    left, right = socket.socketpair(socket.AF_UNIX)
    with left, right:
        assert launcher.peer_allowed(launcher.peer_credentials(left), os.getuid())


def test_only_a_private_directory_is_used(tmp_path: Path) -> None:
    private = tmp_path / "private"
    private.mkdir(mode=0o700)
    assert launcher.is_private(str(private))
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    assert not launcher.is_private(str(shared))
    link = tmp_path / "link"
    link.symlink_to(private)
    assert not launcher.is_private(str(link))
    assert not launcher.is_private(str(tmp_path / "missing"))
    assert launcher.connect(str(shared)) is None


def test_a_request_is_read_back_as_sent() -> None:
    from fitcoach.warm import parse

    argv = ["fitcoach", "log", "workout", "-s", "squat 3x5@100kg rir2", "é"]
    fields = [
        launcher.PROTOCOL,
        b"run",
        b"/usr/bin/python3",
        b"/home/someone",
        b"22",
        b"utf-8:strict",
        b"utf-8:strict",
        b"utf-8:backslashreplace",
        b"%d" % len(argv),
        *(a.encode() for a in argv),
        b"A=1",
        b"B=x=y",
    ]
    request = parse(launcher.encode(fields))
    assert request.argv == argv
    assert request.env == {"A": "1", "B": "x=y"}
    assert request.cwd == "/home/someone"
    assert request.umask == 0o22
    assert request.streams[2] == ("utf-8", "backslashreplace")
    with pytest.raises(ValueError, match="not a fitcoach request"):
        parse(launcher.encode([b"other/1", b"run"]))


def test_code_changed_on_disk_runs_in_process_and_stops_the_warm_process(
    demo_sqlite_template: tuple[Path, int], tmp_path: Path
) -> None:
    """A checkout that moved on: the warm process holds the old code, so it refuses the command
    (which runs in process) and stops. The changed file is a module only this test's processes
    import (a ``sitecustomize`` on their PYTHONPATH, imported at start-up): touching one the
    package preloads would stop the warm processes other tests run at the same time."""
    own = tmp_path / "own"
    own.mkdir()
    source = own / "sitecustomize.py"
    source.write_text("IMPORTED_AT_START_UP = True\n")
    with _warm(demo_sqlite_template[0], tmp_path, PYTHONPATH=str(own)) as warm:
        assert warm.run(["records", "-a", "1"]).code == 0
        assert warm.ran_warm() == 1  # the same module on disk: served warm
        before = source.stat()
        os.utime(source, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000_000))
        ran = warm.run(["records", "-a", "1"])
        assert ran.code == 0, ran.stderr
        assert warm.ran_warm() == 1  # refused: ran in process
        assert not Path(launcher.socket_path(str(warm.runtime / "fitcoach"))).exists()


def _interrupted_chat(warm: Warm, *, through_warm: bool) -> Ran:
    """``fitcoach chat`` waiting for a line, then Ctrl-C (SIGINT to the launcher)."""
    process = subprocess.Popen(
        [sys.executable, "-c", LAUNCH, "chat", "-a", "1"],
        env={**warm.env, launcher.WARM_ENV: "manual" if through_warm else "off"},
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    # Ctrl-C once the chat waits for its first line (its prompt is out), not after a fixed
    # sleep: on a loaded machine a cold start can take longer than any sleep chosen.
    assert process.stdout is not None
    seen = b""
    deadline = time.monotonic() + 120
    while b"you>" not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([process.stdout], [], [], 1.0)
        if ready:
            chunk = os.read(process.stdout.fileno(), 4096)
            if not chunk:
                break
            seen += chunk
    time.sleep(1)  # from writing its prompt to waiting in the read: a few calls, given time
    process.send_signal(signal.SIGINT)
    # Standard input stays open until the command has ended: closing it (as `communicate`
    # does) ends the chat by end-of-file, which raced the forwarded signal, so that the
    # signal could land in the goodbye instead (exit 130) or never be needed at all.
    try:
        process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        process.kill()  # the signal never reached the chat: end it, then fail
        raise
    out, err = process.communicate(timeout=60)
    return Ran(process.returncode, (seen + out).decode(), err.decode())


def test_ctrl_c_reaches_the_command_in_the_warm_process(warm: Warm) -> None:
    """The launcher forwards SIGINT: the chat, still reading an open standard input, ends on
    the signal alone, says goodbye and exits 0, as it does in process."""
    hot = _interrupted_chat(warm, through_warm=True)
    assert warm.ran_warm() == 1
    cold = _interrupted_chat(warm, through_warm=False)
    assert cold.code == 0
    assert "you>" in hot.stdout
    assert hot == cold


def test_threads_count_native_ones() -> None:
    from fitcoach.warm import threads

    assert threads() >= 1
    code = "import numpy; from fitcoach.warm import threads; print(threads())"
    env = {**os.environ, "OPENBLAS_NUM_THREADS": "2"}  # one thread more, whatever the cores
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    assert int(done.stdout) > 1  # NumPy's BLAS thread, which a fork would not copy


def test_the_warm_process_imports_only(tmp_path: Path) -> None:
    """What the warm process holds before any command: modules, no settings read (the cache of
    ``get_settings`` empty), no thread but the main one (a fork copies one), no ``fitcoach.cli``
    module (their consoles are made for the command's terminal, in the child)."""
    code = (
        "import sys\n"
        "from fitcoach.warm import preload, threads\n"
        "preload()\n"
        "from fitcoach.core.settings import get_settings\n"
        "print(get_settings.cache_info().currsize, threads(),\n"
        "      [m for m in sys.modules if m.startswith('fitcoach.cli')],\n"
        "      'sqlalchemy.orm' in sys.modules, 'fitcoach.services.plans' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "FITCOACH_DATABASE_URL": f"sqlite:///{tmp_path / 'none.sqlite3'}"},
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["0", "1", "[]", "True", "True"]
    assert not (tmp_path / "none.sqlite3").exists()  # no engine connected
