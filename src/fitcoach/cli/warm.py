"""``fitcoach warm``: start or stop the warm process the console script hands commands to, and
enable or disable the login service that keeps one from login to logout."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time

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
        "start",
        help="start (the default), stop, enable (from every login on) or disable.",
        show_default=False,
        metavar="[start|stop|enable|disable]",
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

    `fitcoach warm enable` keeps one from login to logout (a systemd user unit, about 75 MB
    resident), so that even the first command of the day starts warm without a server running;
    `fitcoach warm disable` removes it.

    Example: `fitcoach warm`, then commands as usual; `fitcoach warm stop`.

    Example: `fitcoach warm enable` (once), then commands as usual from every login on.
    """
    from fitcoach import warm as daemon
    from fitcoach.launcher import lock_path, runtime_dir, socket_path

    if not hasattr(socket, "SO_PEERCRED"):
        err_console.print("[bold red]error:[/] the warm process needs Linux (SO_PEERCRED).")
        raise typer.Exit(code=2)

    if action not in ("start", "stop", "enable", "disable"):
        err_console.print(
            f"[bold red]error:[/] unknown action {escape(repr(action))}: "
            "start, stop, enable or disable."
        )
        raise typer.Exit(code=2)
    if action == "enable":
        _enable()
        return
    if action == "disable":
        _disable()
        return
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


def _systemctl(*args: str) -> str | None:
    """``systemctl --user ARGS``: None when it succeeded, else why not (its last line)."""
    try:
        done = subprocess.run(
            ["systemctl", "--user", *args], capture_output=True, text=True, timeout=60
        )
    except FileNotFoundError:
        return "systemctl is not installed"
    except subprocess.TimeoutExpired:
        return "systemctl did not answer within 60 s"
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"systemctl exited with {done.returncode}"


def _enable() -> None:
    """Write this installation's user unit and have systemd start it now and at every login."""
    from fitcoach import warm_hold

    path = warm_hold.unit_path(os.environ)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(warm_hold.unit_text(os.environ), encoding="utf-8")
    problem = _systemctl("daemon-reload") or _systemctl("enable", "--now", path.name)
    if problem is not None:
        err_console.print(
            f"[bold red]error:[/] wrote {escape(str(path))}, but systemd's user manager did not "
            f"take it ({escape(problem)}). Where there is none (a container, WSL without "
            "systemd), start the holder from your login script instead: "
            f"`{escape(warm_hold.foreground_command())} &`; `fitcoach warm disable` removes "
            "the unit.",
            highlight=False,
        )
        raise typer.Exit(code=1)
    console.print(
        f"Enabled {path.name}: a warm process now runs from login to logout (about 75 MB), "
        "so daily commands start warm without a server. `fitcoach warm disable` undoes it.",
        highlight=False,
    )


def _disable() -> None:
    """Stop and remove this installation's user unit (the warm process then stops when idle)."""
    from fitcoach import warm_hold

    path = warm_hold.unit_path(os.environ)
    if not path.exists():
        console.print(f"Not enabled: there is no {escape(str(path))}.", highlight=False)
        return
    problem = _systemctl("disable", "--now", path.name)
    path.unlink()
    reload_problem = _systemctl("daemon-reload")
    if problem is not None or reload_problem is not None:
        err_console.print(
            f"[yellow]warning:[/] removed {escape(str(path))}; systemd's user manager said: "
            f"{escape(problem or reload_problem or '')}. A holder started from a login script "
            f"(`{escape(warm_hold.foreground_command())}`) is yours to remove.",
            highlight=False,
        )
    console.print(
        f"Disabled {path.name}: the warm process stops when idle, and daily "
        "commands start one again on demand.",
        highlight=False,
    )
