"""The warm process: the command line's libraries imported once, a fork per command.

``fitcoach warm`` starts it (``cli.warm``); the console script (``fitcoach.launcher``) hands it
each command. It imports what the daily commands import (``PRELOAD``) and nothing else: no
settings read, no engine, no connection, no command module (``fitcoach.cli`` creates its
consoles for the terminal it finds, so the child imports it). For each command it forks a child
that takes the launcher's standard streams, environment, working directory and umask, then runs
the same Typer app with the same arguments, so the settings and the database are the child's
own, read after the fork. The child's exit status and CPU time (``os.wait4``) go back to the
launcher.

Refused (the launcher then runs the command in process): a peer of another uid, another
interpreter, an environment that differs in what is read at import time (``IMPORT_TIME_ENV``),
and any imported file changed on disk since the start (the process then stops: a checkout moved
on). It stops after ``idle_s`` without a command, and on ``fitcoach warm --stop`` or SIGTERM
once the commands running have ended. A process that sent ``hold`` (``fitcoach serve``) keeps it
from stopping when idle for as long as that connection is open: the idle time counts from its
close, however the holder ended.
"""

from __future__ import annotations

import atexit
import contextlib
import fcntl
import gc
import importlib
import io
import os
import selectors
import signal
import socket
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

from fitcoach import launcher

# What the daily commands (plan today, readiness, records, log ...) import before their work:
# the libraries, the settings' class, the ORM with its models and the services behind them.
PRELOAD = (
    "typer",
    "typer.main",
    "click",
    "rich.console",
    "rich.markup",
    "rich.table",
    "rich.tree",
    "pydantic",
    "pydantic_settings",
    "sqlalchemy",
    "sqlalchemy.orm",
    "sqlalchemy.dialects.sqlite.pysqlite",
    "sqlalchemy.dialects.postgresql.psycopg",
    "fitcoach.core.settings",
    "fitcoach.core.logging",
    "fitcoach.storage.db",
    "fitcoach.storage.models",
    "fitcoach.services.context",
    "fitcoach.services.training_log",
    "fitcoach.services.plans",
    "fitcoach.services.monitoring",
    "fitcoach.services.health",
    "fitcoach.coach.today",
    "fitcoach.coach.safety",
    "fitcoach.coach.edits",
    "fitcoach.coach.feedback",
    "fitcoach.coach.progression",
    # What those import on first use (PEP 562 packages, encryption at rest, the accounts that
    # resolve an athlete by e-mail), measured per command as the modules the child still imported.
    "fitcoach.services.accounts",
    "fitcoach.services.plans.daily",
    "fitcoach.services.plans.serving",
    "fitcoach.services.plans.views",
    "fitcoach.coach.edits.render",
    "fitcoach.storage.repositories.tokens",
    "fitcoach.data",
    "cryptography.fernet",
    "cryptography.hazmat.primitives.hashes",
    "cryptography.hazmat.primitives.kdf.hkdf",
    "rich._emoji_codes",
)
# Environment variables some of those modules read when imported (the interpreter's own, Typer's
# choice of Rich): a command whose environment differs in one runs in process instead.
IMPORT_TIME_ENV_PREFIXES = ("PYTHON", "TYPER_", "_TYPER_")
DEFAULT_IDLE_S = 15 * 60.0
_HEADER = 4


@dataclass
class Request:
    kind: bytes
    executable: str = ""
    cwd: str = ""
    umask: int = 0o022
    streams: list[tuple[str, str]] = field(default_factory=list)
    argv: list[str] = field(default_factory=list)
    env: dict[str, str] = field(default_factory=dict)


def parse(payload: bytes) -> Request:
    """A request as the launcher encodes it (``launcher._request``); ValueError if malformed."""
    fields = payload.split(b"\0")
    if len(fields) < 2 or fields[0] != launcher.PROTOCOL:
        raise ValueError("not a fitcoach request")
    if fields[1] != b"run":
        return Request(kind=fields[1])
    executable, cwd, umask = fields[2:5]
    streams = [tuple(os.fsdecode(s).split(":", 1)) for s in fields[5:8]]
    argc = int(fields[8])
    argv = [os.fsdecode(a) for a in fields[9 : 9 + argc]]
    env = dict(os.fsdecode(e).split("=", 1) for e in fields[9 + argc :] if b"=" in e)
    if len(argv) != argc or any(len(s) != 2 for s in streams):
        raise ValueError("truncated request")
    return Request(
        kind=b"run",
        executable=os.fsdecode(executable),
        cwd=os.fsdecode(cwd),
        umask=int(umask, 8),
        streams=[(s[0], s[1]) for s in streams],
        argv=argv,
        env=env,
    )


def import_time_env(env: dict[str, str]) -> dict[str, str]:
    return {k: v for k, v in env.items() if k.startswith(IMPORT_TIME_ENV_PREFIXES)}


def preload() -> None:
    """Import ``PRELOAD`` (a module the installation lacks, a database driver, is skipped)."""
    for name in PRELOAD:
        with contextlib.suppress(ImportError):
            importlib.import_module(name)


def threads() -> int:
    """This process's threads, native ones included where ``/proc`` lists them (NumPy's BLAS
    starts one that ``threading`` does not see)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return threading.active_count()


def signature(path: str) -> tuple[int, int, int]:
    """What says a file is the same: its modification time, size and inode (an installer that
    keeps a wheel's timestamps still writes new files, so a new version has new inodes)."""
    st = os.stat(path)
    return st.st_mtime_ns, st.st_size, st.st_ino


def sources() -> dict[str, tuple[int, int, int]]:
    """The ``signature`` of every imported module's file."""
    found = {}
    for module in list(sys.modules.values()):
        path = getattr(module, "__file__", None)
        if isinstance(path, str):
            with contextlib.suppress(OSError):
                found[path] = signature(path)
    return found


class Server:
    """The accept loop: one child per command, reaped as SIGCHLD arrives."""

    def __init__(self, directory: str, idle_s: float) -> None:
        self.directory = directory
        self.path = launcher.socket_path(directory)
        self.idle_s = idle_s
        self.children: dict[int, socket.socket] = {}
        # Connections that sent ``hold``: while one is open the process never stops when idle.
        self.holders: set[socket.socket] = set()
        self.stopping = False
        self.sources = sources()
        self.env = import_time_env(dict(os.environ))
        self.listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.wakeup_r, self.wakeup_w = os.pipe()
        self.selector = selectors.DefaultSelector()

    def bind(self) -> bool:
        """Listen on the socket; False when another warm process answers on it already."""
        answering = launcher.connect(self.directory)
        if answering is not None:
            answering.close()
            return False
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)  # left by a process that did not stop cleanly
        previous = os.umask(0o077)
        try:
            self.listener.bind(self.path)
        finally:
            os.umask(previous)
        self.listener.listen(64)
        return True

    def serve(self) -> None:
        os.set_blocking(self.wakeup_w, False)
        signal.set_wakeup_fd(self.wakeup_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)  # wakes the selector (wakeup fd)
        signal.signal(signal.SIGTERM, lambda *_: self.stop())
        signal.signal(signal.SIGINT, lambda *_: self.stop())
        self.selector.register(self.listener, selectors.EVENT_READ)
        self.selector.register(self.wakeup_r, selectors.EVENT_READ)
        # The imports are done: what is left lives as long as the process, so the collector
        # need not walk it, in the daemon or in a child (whose pages stay shared).
        gc.collect()
        gc.freeze()
        try:
            while not (self.stopping and not self.children):
                waiting = self.children or self.stopping or self.holders
                events = self.selector.select(None if waiting else self.idle_s)
                if not events and not self.children and not self.holders:
                    break  # idle
                for key, _ in events:
                    if key.fileobj is self.listener and not self.stopping:
                        self.accept()
                    elif key.fileobj in self.holders:
                        self.let_go(key.fileobj)
                    elif key.fileobj == self.wakeup_r:
                        with contextlib.suppress(BlockingIOError):
                            os.read(self.wakeup_r, 512)
                self.reap()
        finally:
            self.close_listener()

    def stop(self, reason: bytes = b"stopped") -> None:
        """Stop accepting, end once the running commands have, and tell each holder why:
        ``stopped`` (asked to: a holder starts no other) or ``code-changed`` (one may)."""
        self.stopping = True
        self.close_listener()
        for holder in list(self.holders):
            with contextlib.suppress(OSError):
                holder.sendall(reason + b"\n")
            self.let_go(holder)

    def hold(self, conn: socket.socket) -> None:
        """Keep running while ``conn`` stays open (its other end sends nothing more: anything
        readable on it, its close included, ends the hold)."""
        conn.sendall(b"holding %d\n" % os.getpid())
        conn.setblocking(False)
        self.holders.add(conn)
        self.selector.register(conn, selectors.EVENT_READ)

    def let_go(self, conn: socket.socket) -> None:
        self.holders.discard(conn)
        with contextlib.suppress(KeyError, ValueError):
            self.selector.unregister(conn)
        conn.close()

    def close_listener(self) -> None:
        if self.listener.fileno() >= 0:
            with contextlib.suppress(KeyError, ValueError):
                self.selector.unregister(self.listener)
            self.listener.close()
            with contextlib.suppress(FileNotFoundError):
                os.unlink(self.path)

    def reap(self) -> None:
        """Send each ended child's status and CPU seconds to its launcher."""
        while self.children:
            try:
                pid, status, usage = os.wait4(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            conn = self.children.pop(pid, None)
            if conn is None:
                continue
            cpu = usage.ru_utime + usage.ru_stime
            with contextlib.suppress(OSError):
                conn.sendall(b"exit %d %.6f\n" % (status, cpu))
            conn.close()

    def accept(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        fds: list[int] = []
        try:
            conn.settimeout(launcher.HANDSHAKE_TIMEOUT_S)
            if not launcher.peer_allowed(launcher.peer_credentials(conn), os.getuid()):
                conn.close()
                return
            request, fds = _receive(conn)
            self.answer(conn, request, fds)
        except (OSError, ValueError):
            conn.close()
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)

    def answer(self, conn: socket.socket, request: Request, fds: list[int]) -> None:
        if request.kind == b"ping":
            conn.sendall(b"pong %d\n" % os.getpid())
            conn.close()
            return
        if request.kind == b"stop":
            self.stop()
            conn.sendall(b"stopping %d\n" % os.getpid())
            conn.close()
            return
        if request.kind == b"hold" and not self.stopping:
            self.hold(conn)
            return
        reason = self.refusal(request, fds)
        if reason:
            conn.sendall(b"refused " + reason + b"\n")
            conn.close()
            return
        pid = os.fork()
        if pid == 0:
            self.selector.close()
            self.listener.close()
            for other in (*self.children.values(), *self.holders):
                other.close()
            os.close(self.wakeup_r)
            os.close(self.wakeup_w)
            release_lock()  # the lock is the warm process's alone, not a command's
            run_child(conn, request, fds)
        # Its own process group before the launcher hears of it (the child makes it too:
        # whichever runs first), so that a forwarded signal always finds the group.
        with contextlib.suppress(OSError):
            os.setpgid(pid, pid)
        self.children[pid] = conn
        conn.sendall(b"pid %d\n" % pid)

    def code_changed(self) -> bool:
        for path, known in self.sources.items():
            try:
                if signature(path) != known:
                    return True
            except OSError:
                return True
        return False

    def refusal(self, request: Request, fds: list[int]) -> bytes:
        if request.kind != b"run" or len(fds) != 3:
            return b"malformed"
        if self.stopping:
            return b"stopping"
        if request.executable != sys.executable:
            return b"another-interpreter"
        if import_time_env(request.env) != self.env:
            return b"import-time-environment"
        if self.code_changed():
            self.stop(b"code-changed")  # the code on disk moved on: a fresh process imports it
            return b"code-changed"
        return b""


def _receive(conn: socket.socket) -> tuple[Request, list[int]]:
    header, fds, _flags, _addr = socket.recv_fds(conn, _HEADER, 3)
    while len(header) < _HEADER:
        more = conn.recv(_HEADER - len(header))
        if not more:
            raise ValueError("closed in the header")
        header += more
    size = int.from_bytes(header, "big")
    payload = bytearray()
    while len(payload) < size:
        chunk = conn.recv(min(size - len(payload), 1 << 16))
        if not chunk:
            raise ValueError("closed in the request")
        payload += chunk
    return parse(bytes(payload)), list(fds)


# The daemon's own standard streams, kept alive: replaced in a child, they must not be
# collected (closing descriptors 0-2, which are the launcher's by then).
_DAEMON_STREAMS: list[object] = []


def run_child(conn: socket.socket, request: Request, fds: list[int]) -> None:
    """In the forked child: become the launcher's command, run it, exit with its status."""
    code = 1
    try:
        conn.close()
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.default_int_handler)
        signal.set_wakeup_fd(-1)
        with contextlib.suppress(OSError):  # made already by the warm process, or now
            os.setpgid(0, 0)  # the launcher forwards signals to this group (the child, a pager)
        for target, fd in enumerate(fds):
            os.dup2(fd, target)
            os.close(fd)
        fds.clear()
        os.chdir(request.cwd)
        os.umask(request.umask)
        os.environ.clear()
        os.environ.update(request.env)
        _adopt_streams(request.streams)
        sys.argv = request.argv
    except BaseException:  # the child could not become the command: say so where it can
        with contextlib.suppress(BaseException):
            sys.excepthook(*sys.exc_info())
        os._exit(1)
    try:
        code = _run()
    finally:
        os._exit(code)


def _adopt_streams(streams: list[tuple[str, str]]) -> None:
    """New ``sys.stdin``/``stdout``/``stderr`` on descriptors 0-2 with the launcher's encoding
    and errors, buffered as the interpreter buffers them (by line on a terminal and stderr)."""
    _DAEMON_STREAMS.extend([sys.stdin, sys.stdout, sys.stderr])
    (in_enc, in_err), (out_enc, out_err), (err_enc, err_err) = streams
    sys.stdin = io.TextIOWrapper(
        open(0, "rb", closefd=False),  # noqa: SIM115 - the process's stream, never closed
        encoding=in_enc,
        errors=in_err,
    )
    # PYTHONUNBUFFERED (the same as the warm process's, or the command ran in process):
    # unbuffered output, as `python -u` has it.
    unbuffered = bool(os.environ.get("PYTHONUNBUFFERED"))
    sys.stdout = io.TextIOWrapper(
        open(1, "wb", buffering=0 if unbuffered else -1, closefd=False),  # noqa: SIM115
        encoding=out_enc,
        errors=out_err,
        line_buffering=os.isatty(1),
        write_through=unbuffered,
    )
    sys.stderr = io.TextIOWrapper(
        open(2, "wb", buffering=0 if unbuffered else -1, closefd=False),  # noqa: SIM115
        encoding=err_enc,
        errors=err_err,
        line_buffering=True,
        write_through=unbuffered,
    )
    for name in ("stdin", "stdout", "stderr"):  # what the interpreter started with, too
        setattr(sys, f"__{name}__", getattr(sys, name))


def _run() -> int:
    """Run the app as the console script does, then end as the interpreter ends a process:
    non-daemon threads joined, ``atexit`` handlers run, streams flushed."""
    code = 0
    try:
        from fitcoach.cli import app

        app()
    except SystemExit as exc:
        code = _exit_code(exc.code)
    except KeyboardInterrupt:
        sys.excepthook(*sys.exc_info())
        code = 128 + signal.SIGINT
    except BaseException:
        sys.excepthook(*sys.exc_info())
        code = 1
    shutdown = getattr(threading, "_shutdown", None)
    if callable(shutdown):
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):
            code = 120  # what the interpreter exits with when flushing stdout fails
    return code


def _exit_code(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int):
        return value & 0xFF
    print(value, file=sys.stderr)  # noqa: T201 - as the interpreter reports sys.exit("text")
    return 1


# The descriptor holding ``launcher.lock_path`` locked for as long as this process lives.
_LOCK: list[int] = []


def take_lock(directory: str) -> bool:
    """Lock this installation's lock file (``flock``, released by the kernel when the process
    ends, however it ends): False when another warm process holds it."""
    fd = os.open(launcher.lock_path(directory), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        os.close(fd)
        return False
    _LOCK.append(fd)
    return True


def release_lock() -> None:
    while _LOCK:
        os.close(_LOCK.pop())


def main(idle_s: float = DEFAULT_IDLE_S, directory: str | None = None) -> int:
    """The warm process's entry point (``cli.warm`` or the launcher start it detached): 0 after
    it stopped, 1 when the directory is not private, 3 when another warm process runs or is
    starting already (before any import: two commands that both started one cost one)."""
    if sys.path and sys.path[0] == "":
        del sys.path[0]  # `python -c`: the commands' working directories are not import paths
    directory = directory or launcher.runtime_dir()
    Path(directory).mkdir(mode=0o700, parents=True, exist_ok=True)
    if not launcher.is_private(directory):
        print(f"fitcoach warm: {directory} is not private to this user", file=sys.stderr)  # noqa: T201
        return 1
    if not take_lock(directory):
        return 3
    preload()
    if threads() != 1:
        # fork() copies one thread: a lock another holds would stay held in every child.
        print("fitcoach warm: a preloaded module started a thread", file=sys.stderr)  # noqa: T201
        return 1
    server = Server(directory, idle_s)
    if not server.bind():
        return 3
    _detach()
    server.serve()
    return 0


def _detach() -> None:
    """Let go of what the starting command gave it: its working directory and its streams
    (``fitcoach warm`` reads errors only until the socket answers)."""
    os.chdir("/")
    devnull = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1, 2):
        os.dup2(devnull, fd)
    os.close(devnull)


def request(kind: bytes, directory: str | None = None) -> bytes | None:
    """Send ``ping`` or ``stop`` to the warm process: its answer, None when none answers."""
    sock = launcher.connect(directory)
    if sock is None:
        return None
    try:
        launcher.send(sock, [launcher.PROTOCOL, kind])
        return launcher.read_line(sock) or None
    except OSError:
        return None
    finally:
        sock.close()
