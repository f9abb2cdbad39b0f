"""``fitcoach warm``: start (or stop) the warm process the console script hands commands to."""

from __future__ import annotations

import contextlib
import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

import typer
from rich.markup import escape

from fitcoach.cli.common import console, err_console

# How long `fitcoach warm` waits for the process it started to answer (it imports ~700
# modules first).
START_TIMEOUT_S = 60.0
_POLL_S = 0.05

_START = "from fitcoach.warm import main; import sys; sys.exit(main(idle_s={idle_s!r}))"


def warm(
    action: str = typer.Argument(
        "start", help="start (the default) or stop.", show_default=False, metavar="[start|stop]"
    ),
    stop: bool = typer.Option(False, "--stop", help="Stop the warm process (as `stop`)."),
    idle_minutes: float = typer.Option(
        15.0, "--idle-minutes", min=0.1, help="Stop after this long without a command."
    ),
) -> None:
    """Keep the command line's libraries loaded, so that commands start in a fraction of the time.

    A daily command (plan, readiness, records, log ...) that finds none starts one itself
    (FITCOACH_WARM=off: never; =manual: only this command does), and `fitcoach serve` keeps one
    running for as long as the server runs. The warm process imports
    Typer, Rich, pydantic, SQLAlchemy, the models and the services once (no settings, no database
    connection: each command reads those afresh) and forks a child per command, which takes the
    command's arguments, environment, directory and terminal. It listens on a socket in a
    directory only you can open (mode 0700) and answers only processes of your own user.

    Example: `fitcoach warm`, then commands as usual; `fitcoach warm stop`.
    """
    from fitcoach import warm as daemon
    from fitcoach.launcher import lock_path, runtime_dir, socket_path

    if not hasattr(socket, "SO_PEERCRED"):
        err_console.print("[bold red]error:[/] the warm process needs Linux (SO_PEERCRED).")
        raise typer.Exit(code=2)

    if action not in ("start", "stop"):
        err_console.print(
            f"[bold red]error:[/] unknown action {escape(repr(action))}: start or stop."
        )
        raise typer.Exit(code=2)
    if stop or action == "stop":
        answer = daemon.request(b"stop")
        if answer is None:
            console.print("No warm process is running.")
            return
        _wait_gone(socket_path(), lock_path())
        console.print(f"Stopped the warm process ({answer.decode().split()[-1]}).")
        return
    answer = daemon.request(b"ping")
    if answer is not None:
        console.print(f"Already warm (process {answer.decode().split()[-1]}).")
        return
    started = subprocess.Popen(
        [sys.executable, "-c", _START.format(idle_s=idle_minutes * 60.0)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # not stopped by the terminal's hang-up or Ctrl-C
        close_fds=True,
    )
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        answer = daemon.request(b"ping")
        if answer is not None:
            if started.stderr is not None:
                started.stderr.close()  # the process keeps running; its errors go nowhere
            console.print(
                f"Warm (process {answer.decode().split()[-1]}, socket in {runtime_dir()}); "
                f"it stops after {idle_minutes:g} min without a command."
            )
            return
        if started.poll() is not None:
            problem = started.stderr.read().decode().strip() if started.stderr else ""
            if started.returncode == 3:  # another one answers: it started meanwhile
                console.print("Already warm.")
                return
            err_console.print(f"[bold red]error:[/] the warm process did not start. {problem}")
            raise typer.Exit(code=1)
        time.sleep(_POLL_S)
    started.terminate()
    err_console.print("[bold red]error:[/] the warm process did not answer in time.")
    raise typer.Exit(code=1)


def _wait_gone(path: str, lock: str, timeout_s: float = 10.0) -> None:
    """Until the socket is removed and the process has ended (its lock free): it stops
    accepting at once and ends after the commands it runs, and a command right after may then
    start the next one."""
    import fcntl
    import os

    deadline = time.monotonic() + timeout_s
    while os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(_POLL_S)
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        while time.monotonic() < deadline:
            try:
                fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
                return
            except OSError:
                time.sleep(_POLL_S)
    finally:
        os.close(fd)


class ServerHold:
    """What ``fitcoach serve`` runs beside the server: a thread that holds this installation's
    warm process (``launcher.hold``) for as long as the server runs, starting one where
    ``launcher.serve_holds`` allows, so that the daily commands typed beside a running server
    always find one (the first of them after 15 idle minutes would otherwise run in process).

    When the warm process ends the thread holds the next: one it starts at once after a code
    change (``code-changed``), or after a crash; after ``fitcoach warm stop`` it starts none
    but holds the next one a command starts. A start that never answers is tried again after
    ``retry_s``, doubling to 30 minutes, so a broken installation costs little.
    """

    MAX_RETRY_S = 1800.0

    def __init__(
        self,
        directory: str | None = None,
        *,
        start: bool = True,
        first_delay_s: float = 20.0,
        retry_s: float = 60.0,
    ) -> None:
        self.directory = directory
        self.start = start
        # The server's own start-up (models warming) goes first: both want the cores.
        self.first_delay_s = first_delay_s
        self.retry_s = retry_s
        self.holds = 0  # how many warm processes it has held
        self._stopped = threading.Event()
        self._sock: socket.socket | None = None
        self._thread = threading.Thread(target=self._run, name="fitcoach-warm-hold", daemon=True)

    def begin(self) -> ServerHold:
        self._thread.start()
        return self

    def stop(self, timeout_s: float = 5.0) -> None:
        self._stopped.set()
        sock = self._sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)  # wakes the read below
        self._thread.join(timeout_s)

    def _run(self) -> None:
        from fitcoach import launcher

        delay, retry = self.first_delay_s, self.retry_s
        while not self._stopped.wait(delay):
            sock = launcher.hold(self.directory)
            if sock is None and self.start and launcher.start_warm(self.directory):
                sock = self._hold_started()
            if sock is None:
                delay, retry = retry, min(retry * 2, self.MAX_RETRY_S)
                continue
            self.holds += 1
            self._sock = sock
            try:
                why = launcher.read_line(sock)  # until the warm process ends
            except OSError:
                why = b""
            finally:
                self._sock = None
                sock.close()
            if why == b"code-changed":
                delay, retry = 1.0, self.retry_s  # a fresh one imports the new code
            elif why == b"stopped":
                self.start = False  # asked to stop: hold the next a command starts, start none
                delay, retry = self.retry_s, self.retry_s
            else:  # it died: try again, less and less often if it keeps dying
                delay, retry = retry, min(retry * 2, self.MAX_RETRY_S)

    def _hold_started(self) -> socket.socket | None:
        from fitcoach import launcher

        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline and not self._stopped.is_set():
            sock = launcher.hold(self.directory)
            if sock is not None:
                return sock
            time.sleep(0.2)
        return None


@contextlib.contextmanager
def held_while_serving(
    directory: str | None = None, first_delay_s: float = 20.0
) -> Iterator[ServerHold | None]:
    """``fitcoach serve``'s hold on the warm process (None where ``FITCOACH_WARM`` or ``CI``
    say not to), stopped when the server ends."""
    from fitcoach import launcher

    holds, starts = launcher.serve_holds(os.environ)
    if not holds:
        yield None
        return
    hold = ServerHold(directory, start=starts, first_delay_s=first_delay_s).begin()
    try:
        yield hold
    finally:
        hold.stop()
