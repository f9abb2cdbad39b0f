"""Holding the warm process (``fitcoach.warm``) so that it does not stop when idle.

Two holders run the same ``ServerHold`` thread: ``fitcoach serve``, for as long as the server
runs (``held_while_serving``), and the login service ``fitcoach warm enable`` installs (a
systemd user unit running ``python -m fitcoach.warm_hold``), for as long as the person is
logged in, so that a daily command typed without a server running finds the warm process too.
Standard library only: the login service's process imports nothing else (about 10 MB resident;
the warm process it holds is the one with the libraries).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import socket
import sys
import threading
import time
from collections.abc import Iterator, Mapping
from pathlib import Path

# How long a holder waits for the warm process it started to answer (it imports ~700 modules).
START_TIMEOUT_S = 60.0
# What the console script's environment carries into the unit: the variables the warm process
# compares with each command's at import time (``warm.IMPORT_TIME_ENV_PREFIXES``), so that
# commands typed in the shell that ran `fitcoach warm enable` are not refused for a difference.
_CARRIED_PREFIXES = ("PYTHON", "TYPER_", "_TYPER_")


class ServerHold:
    """What ``fitcoach serve`` and the login service run: a thread that holds this
    installation's warm process (``launcher.hold``) for as long as its holder runs, starting one
    where ``start`` allows (``launcher.serve_holds`` says where the server may), so that the
    daily commands typed meanwhile always find one (the first of them after 15 idle minutes
    would otherwise run in process).

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


def unit_name() -> str:
    """One unit per installation (the warm process's own key: this interpreter and this copy of
    the package), so that two virtual environments each keep their own warm."""
    from fitcoach.launcher import installation_key

    return f"fitcoach-warm-{installation_key()}.service"


def unit_path(environ: Mapping[str, str]) -> Path:
    """Where systemd looks for a user's own units: ``$XDG_CONFIG_HOME/systemd/user``."""
    config = environ.get("XDG_CONFIG_HOME") or os.path.join(os.path.expanduser("~"), ".config")
    return Path(config) / "systemd" / "user" / unit_name()


def _quoted(value: str) -> str:
    """A value as systemd reads it in ``ExecStart=`` and ``Environment=``: double-quoted, with
    ``\\``, ``"`` escaped and ``%`` (a specifier) and ``$`` (a variable) doubled."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + escaped.replace("%", "%%").replace("$", "$$") + '"'


def unit_text(environ: Mapping[str, str], executable: str | None = None) -> str:
    """The systemd user unit that holds this installation's warm process from login to logout,
    started with this interpreter (the one the console script runs: the same installation)."""
    python = executable or sys.executable
    carried = sorted(
        (key, value) for key, value in environ.items() if key.startswith(_CARRIED_PREFIXES)
    )
    lines = [
        "# Written by `fitcoach warm enable`; `fitcoach warm disable` removes it.",
        "[Unit]",
        "Description=fitcoach: keeps the command line warm (daily commands start in a fraction"
        " of the time)",
        "",
        "[Service]",
        "Type=simple",
        f"ExecStart={_quoted(python)} -m fitcoach.warm_hold",
        *(f"Environment={_quoted(f'{key}={value}')}" for key, value in carried),
        "Restart=on-failure",
        "RestartSec=60",
        "",
        "[Install]",
        "WantedBy=default.target",
        "",
    ]
    return "\n".join(lines)


def foreground_command(executable: str | None = None) -> str:
    """The holder as a shell command, for a login script where systemd's user manager is not
    there (a container, WSL without systemd)."""
    return f"{shlex.quote(executable or sys.executable)} -m fitcoach.warm_hold"


def main() -> int:
    """The login service: hold this installation's warm process (starting one at once, a fresh
    one after a code change) until SIGTERM or SIGINT."""
    if not hasattr(socket, "SO_PEERCRED"):
        print("fitcoach warm: the warm process needs Linux (SO_PEERCRED)", file=sys.stderr)  # noqa: T201
        return 2
    done = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: done.set())
    hold = ServerHold(start=True, first_delay_s=0.0).begin()
    try:
        while not done.wait(3600.0):
            pass  # woken by the signal handler; the hold runs in its thread
    finally:
        hold.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
