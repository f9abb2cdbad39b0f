"""The ``fitcoach`` console script: hands the command to the warm process when one answers.

A command spends most of its CPU importing Typer, Rich, pydantic, SQLAlchemy and the ORM before
it does any work. ``fitcoach warm`` starts a process that has imported them once
(``fitcoach.warm``); this launcher, which imports only the standard library, sends it the
command's arguments, working directory, environment and standard streams (the file descriptors
themselves, ``SCM_RIGHTS``), and the warm process forks a child that runs the command as this
process would have. When no warm process answers, or anything in the handshake fails, the
command runs here, in process, as it always did: correctness never depends on the warm process.

The socket lives in a directory only this user can open (``0700``, checked before connecting),
and each side checks the other's uid (``SO_PEERCRED``): the environment, which may hold secrets,
is only ever sent to a process of the same user.

A daily command that finds no warm process starts one in the background (``start_warm``) and
still runs in process itself; the next command finds it. ``FITCOACH_WARM`` says whether: unset
or ``on``, start one on demand (not where ``CI`` is set, unless ``on``); ``manual``, use one
``fitcoach warm`` started but start none; ``off``, never use one.
"""

from __future__ import annotations

import os
import sys

TYPE_CHECKING = False  # `typing` is an import more for every command; mypy reads this as True

# `socket` and `signal` are imported once a warm process's socket exists: a command with none
# pays only this module's import and a stat before it runs in process.
if TYPE_CHECKING:
    import socket
    from collections.abc import Mapping

PROTOCOL = b"fitcoach-warm/1"
# "off": never use the warm process (every command in process, as before); "manual": use one
# that `fitcoach warm` started, start none; "on" (or unset, but where CI is set): also start one
# when a daily command finds none.
WARM_ENV = "FITCOACH_WARM"
# Minutes without a command after which a warm process started on demand stops.
IDLE_ENV = "FITCOACH_WARM_IDLE_MINUTES"
DEFAULT_IDLE_MINUTES = 15.0
# The first word of the commands people type day to day: one of them starts a warm process.
# Not `serve`, `db`, `demo`, `ml` ... : a server or a one-off job has no next command to speed.
DAILY_COMMANDS = frozenset(
    ("plan", "readiness", "records", "log", "load", "nutrition", "athlete", "measure", "health")
)
NOTICE = (
    "fitcoach: started a warm process for faster commands, stopping when idle; "
    "`fitcoach warm enable` keeps one from every login, `fitcoach warm stop` ends it, "
    "FITCOACH_WARM=off turns this off\n"
)
# What a warm process started on demand runs (`-c` puts the working directory first on
# sys.path: taken off before anything is imported from it).
START_CODE = (
    "import sys; sys.path[:] = [p for p in sys.path if p]; "
    "from fitcoach.warm import main; sys.exit(main(idle_s={idle_s!r}, directory={directory!r}))"
)
# A file the launcher appends "<child CPU seconds> <child pid>\n" to after a command ran in the
# warm process (the benchmark counts the child's CPU beside the launcher's; tests see which way
# a command ran).
STATS_ENV = "FITCOACH_WARM_STATS"
# How long the handshake may take before the command runs in process instead.
HANDSHAKE_TIMEOUT_S = 5.0
_CRED_SIZE = 12  # struct ucred: pid, uid, gid (three C ints)


def runtime_dir() -> str:
    """This user's directory for the socket: ``$XDG_RUNTIME_DIR/fitcoach`` (a per-user tmpfs),
    else ``~/.cache/fitcoach/warm`` (``~/.cache/fitcoach`` holds the parsed YAML, made with the
    umask's bits: not private)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime:
        return os.path.join(runtime, "fitcoach")
    return os.path.join(os.path.expanduser("~"), ".cache", "fitcoach", "warm")


def is_private(directory: str) -> bool:
    """Whether ``directory`` is a real directory (not a link) owned by this user that nobody
    else may open (no group or other permission bits)."""
    try:
        st = os.lstat(directory)
    except OSError:
        return False
    is_dir = (st.st_mode & 0o170000) == 0o040000
    return is_dir and st.st_uid == os.getuid() and st.st_mode & 0o077 == 0


def installation_key() -> str:
    """Which installation a warm process serves: this interpreter and this copy of the package
    (FNV-1a of their paths), so that two virtual environments or checkouts never share one."""
    digest = 0x811C9DC5
    for byte in os.fsencode(f"{sys.executable}\0{os.path.dirname(os.path.abspath(__file__))}"):
        digest = ((digest ^ byte) * 0x01000193) & 0xFFFFFFFF
    return f"{digest:08x}"


def socket_path(directory: str | None = None) -> str:
    return os.path.join(directory or runtime_dir(), f"warm-{installation_key()}.sock")


def lock_path(directory: str | None = None) -> str:
    """The file this installation's warm process holds locked (``flock``) from its start to
    its end: one at a time, and none started while one is starting."""
    return os.path.join(directory or runtime_dir(), f"warm-{installation_key()}.lock")


def peer_allowed(credentials: bytes, uid: int) -> bool:
    """Whether a peer whose ``SO_PEERCRED`` answer is ``credentials`` runs as ``uid``."""
    if len(credentials) < _CRED_SIZE:
        return False
    return int.from_bytes(credentials[4:8], sys.byteorder, signed=True) == uid


def peer_credentials(sock: socket.socket) -> bytes:
    import socket

    return sock.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, _CRED_SIZE)


def encode(fields: list[bytes]) -> bytes:
    """Fields joined by NUL (no argument, path or environment entry can hold one)."""
    return b"\0".join(fields)


def connect(directory: str | None = None) -> socket.socket | None:
    """A connection to this installation's warm process, or None when none answers here."""
    directory = directory or runtime_dir()
    path = socket_path(directory)
    if not is_private(directory) or not os.path.exists(path):
        return None
    import socket

    if not hasattr(socket, "SO_PEERCRED"):
        return None  # no way to check the peer's uid here (not Linux): always in process
    sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        sock.settimeout(HANDSHAKE_TIMEOUT_S)
        sock.connect(path)
        if not peer_allowed(peer_credentials(sock), os.getuid()):
            raise OSError("the warm process runs as another user")
    except OSError:
        sock.close()
        return None
    return sock


def send(sock: socket.socket, fields: list[bytes], fds: list[int] | None = None) -> None:
    """One request: its length with the file descriptors ``fds``, then the fields."""
    import socket

    payload = encode(fields)
    socket.send_fds(sock, [len(payload).to_bytes(4, "big")], fds or [])
    sock.sendall(payload)


def read_line(sock: socket.socket) -> bytes:
    """One reply line (without its newline); b"" when the other side closed first."""
    line = bytearray()
    while not line.endswith(b"\n"):
        chunk = sock.recv(1)
        if not chunk:
            return b""
        line += chunk
    return bytes(line[:-1])


def _request(argv: list[str]) -> list[bytes]:
    """What the child needs to be this process: its argv (``sys.argv`` whole, the program's
    name first), working directory, umask, streams' encodings and environment."""
    umask = os.umask(0)
    os.umask(umask)
    streams = [
        f"{s.encoding}:{s.errors}".encode() if s is not None else b"utf-8:strict"
        for s in (sys.stdin, sys.stdout, sys.stderr)
    ]
    env = [os.fsencode(k) + b"=" + os.fsencode(v) for k, v in os.environ.items()]
    return [
        PROTOCOL,
        b"run",
        os.fsencode(sys.executable),
        os.fsencode(os.getcwd()),
        b"%o" % umask,
        *streams,
        b"%d" % len(argv),
        *map(os.fsencode, argv),
        *env,
    ]


def hold(directory: str | None = None) -> socket.socket | None:
    """Ask this installation's warm process not to stop when idle while the connection this
    returns stays open (``fitcoach serve`` holds one); None when none answers or it refused. A
    ``recv`` on it returns when the warm process ends."""
    sock = connect(directory)
    if sock is None:
        return None
    try:
        send(sock, [PROTOCOL, b"hold"])
        if read_line(sock).startswith(b"holding "):
            sock.settimeout(None)
            return sock
    except OSError:
        pass
    sock.close()
    return None


def serve_holds(environ: Mapping[str, str]) -> tuple[bool, bool]:
    """Whether ``fitcoach serve`` holds a warm process while it runs, and whether it may start
    one: unset or ``on``, both (not where ``CI`` is set, unless ``on``); ``manual``, it holds
    one ``fitcoach warm`` started but starts none; ``off``, neither. Linux only."""
    setting = environ.get(WARM_ENV, "")
    if not sys.platform.startswith("linux") or setting == "off":
        return False, False
    if setting == "manual":
        return True, False
    starts = setting == "on" or (setting == "" and not environ.get("CI"))
    return starts, starts


def run_warm(argv: list[str]) -> int | None:
    """Run ``argv`` (``sys.argv``: the program's name, then its arguments) in the warm process:
    its exit code, or None when the command did not start there (no warm process, a refusal, a
    failed handshake) and must run here."""
    sock = connect()
    if sock is None:
        return None
    import signal

    # What a terminal or a supervisor sends the command: passed to its process group.
    forwarded = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGQUIT)
    # Signals wait during the handshake: once the child exists they go to it, else (the command
    # runs here) they arrive as they would have.
    signal.pthread_sigmask(signal.SIG_BLOCK, forwarded)
    try:
        pid = _start(sock, argv)
        if pid is None:
            sock.close()
            return None
        # From here the command runs in the warm process: never run it a second time.
        for signum in forwarded:
            signal.signal(signum, lambda s, _frame: _forward(pid, s))
    finally:
        signal.pthread_sigmask(signal.SIG_UNBLOCK, forwarded)
    sock.settimeout(None)
    try:
        ended = read_line(sock).split()
    except OSError:
        ended = []
    finally:
        sock.close()
    if len(ended) != 3 or ended[0] != b"exit":
        sys.stderr.write("fitcoach: the warm process stopped before the command ended\n")
        return 1
    status, cpu = int(ended[1]), ended[2].decode()
    stats = os.environ.get(STATS_ENV)
    if stats:
        with open(stats, "a", encoding="ascii") as out:
            out.write(f"{cpu} {pid}\n")
    code = os.waitstatus_to_exitcode(status)
    if code < 0:  # killed by a signal: end the same way, as a shell would see it
        signal.signal(-code, signal.SIG_DFL)
        os.kill(os.getpid(), -code)
        return 128 - code
    return code


def _start(sock: socket.socket, argv: list[str]) -> int | None:
    """Send the command: the child's pid once it is forked, None when it was not."""
    try:
        send(sock, _request(argv), [0, 1, 2])
        started = read_line(sock)
        if not started.startswith(b"pid "):
            return None  # refused (another interpreter, changed code, stopping): run here
        return int(started[4:])
    except (OSError, ValueError):
        return None


def _forward(pid: int, signum: int) -> None:
    """Pass a signal this terminal sent us to the command's process group (the child and what
    it started, a pager for one)."""
    try:  # noqa: SIM105 - contextlib is one import more for every command
        os.killpg(pid, signum)
    except OSError:
        pass  # ended already


def command_word(argv: list[str]) -> str:
    """The command's first word (``plan`` in ``fitcoach plan today``): the first argument that
    is not an option; "" when there is none."""
    return next((arg for arg in argv[1:] if not arg.startswith("-")), "")


def starts_warm(argv: list[str], environ: Mapping[str, str]) -> bool:
    """Whether this command, finding no warm process, starts one: a daily command (not
    ``--help``), on Linux, unless ``FITCOACH_WARM`` says otherwise or ``CI`` is set without
    ``FITCOACH_WARM=on``."""
    setting = environ.get(WARM_ENV, "")
    if setting not in ("", "on") or (setting != "on" and environ.get("CI")):
        return False
    if not sys.platform.startswith("linux") or "--help" in argv:
        return False
    return command_word(argv) in DAILY_COMMANDS


def idle_seconds(environ: Mapping[str, str]) -> float:
    try:
        minutes = float(environ.get(IDLE_ENV, DEFAULT_IDLE_MINUTES))
    except ValueError:
        minutes = DEFAULT_IDLE_MINUTES
    return max(minutes, 0.01) * 60.0


def start_warm(directory: str | None = None) -> bool:
    """Start this installation's warm process in the background, detached (its own session, no
    terminal, its errors appended to ``warm-<key>.log`` beside the socket): True when started,
    False when one holds the lock (running or starting) or the directory is not private."""
    directory = directory or runtime_dir()
    if not sys.executable:
        return False  # an embedded interpreter: nothing to start the warm process with
    try:
        os.makedirs(directory, mode=0o700, exist_ok=True)
    except OSError:
        return False
    if not is_private(directory):
        return False
    import fcntl

    try:
        lock = os.open(lock_path(directory), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o600)
    except OSError:
        return False
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False  # a warm process holds it: running, starting or ending
    finally:
        os.close(lock)  # the lock goes with it; the warm process takes it again first thing
    log = os.path.join(directory, f"warm-{installation_key()}.log")
    code = START_CODE.format(idle_s=idle_seconds(os.environ), directory=directory)
    try:
        os.posix_spawn(
            sys.executable,
            [sys.executable, "-c", code],
            os.environ,
            file_actions=[
                (os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
                (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0),
                (os.POSIX_SPAWN_OPEN, 2, log, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600),
            ],
            setsid=True,  # not ended by this terminal's hang-up or Ctrl-C
        )
    except OSError:
        return False
    return True


def tell_once(directory: str | None = None) -> None:
    """Say on stderr that a warm process was started: the first time only (a marker beside the
    socket, so once per runtime directory: per login on a system with ``XDG_RUNTIME_DIR``)."""
    marker = os.path.join(directory or runtime_dir(), "warm-notice-given")
    try:
        os.close(os.open(marker, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600))
    except OSError:
        return  # said before (or nowhere to remember it: then not at all rather than always)
    if sys.stderr is not None:
        sys.stderr.write(NOTICE)


def main() -> int | None:
    """The console script: the warm process when it answers, else the command in process
    (having started a warm process for the next command, where ``starts_warm`` says so)."""
    # `fitcoach warm` itself always runs here (it starts and stops the warm process).
    if os.environ.get(WARM_ENV) != "off" and sys.argv[1:2] != ["warm"]:
        code = run_warm(sys.argv)
        if code is not None:
            return code
        if starts_warm(sys.argv, os.environ) and start_warm():
            tell_once()
    from fitcoach.cli import app

    result: int | None = app()
    return result


if __name__ == "__main__":
    sys.exit(main())
