"""What every command shares: settings, the unit of work, errors and output.

Every ``fitcoach`` run imports this module and the command modules of the group it names (all
of them for ``--help``) before it parses its arguments. So they import only Typer, Rich and the
standard library at module level; the settings, the database, the services and the libraries
behind them (SQLAlchemy, pydantic, NumPy, pandas, SciPy ...) are imported inside the commands
that use them (``tests/cli/test_startup.py`` keeps it so).
"""

from __future__ import annotations

import atexit
import gc
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, is_dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, NoReturn

import typer
from rich.console import Console
from rich.markup import escape

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import FitcoachError

if TYPE_CHECKING:
    from fitcoach.core.settings import Settings
    from fitcoach.services.context import ServiceContext

console = Console()
err_console = Console(stderr=True)

JSON_OPTION = typer.Option(False, "--json", help="Print machine-readable JSON.")


_CLOCK: list[Clock] = [SystemClock()]

# How long a command runs with Python's cyclic garbage collector off (``pause_collector``).
COLLECTOR_PAUSE_S = 2.0
_PAUSE: list[threading.Timer] = []


def pause_collector(seconds: float = COLLECTOR_PAUSE_S) -> None:
    """Turn Python's cyclic garbage collector off for the command's first ``seconds``.

    A command imports a few hundred modules on its way (SQLAlchemy, the models, the pydantic
    schemas and rules ...), hundreds of thousands of objects that live as long as the process;
    collecting as they come was about a fifth of ``fitcoach plan today``'s CPU. Then the
    collector is on again, so a long command (an import, a training run, the bot) collects as
    usual; the cyclic garbage of those seconds waits for it. ``fitcoach serve`` does the same
    for its start-up (``keep_collector_off``). A collector already off is left to whoever
    turned it off.
    """
    if not gc.isenabled():
        return
    gc.disable()
    timer = threading.Timer(seconds, _resume_collector)
    timer.daemon = True
    _PAUSE[:] = [timer]
    timer.start()


def _resume_collector() -> None:
    gc.enable()


def keep_collector_off() -> None:
    """The command turns the collector on itself (``serve``, after its start-up): the pause
    ends without turning it on."""
    for timer in _PAUSE:
        timer.cancel()
    _PAUSE.clear()


_FREEZE_AT_EXIT: list[bool] = []


def skip_collection_at_exit() -> None:
    """At the process's exit, after the ``atexit`` handlers registered from here on, move every
    object left to the collector's permanent generation (``gc.freeze``).

    The interpreter runs full collections as it shuts down, whether the collector is on or
    not: with the ~130,000 objects a command leaves (the modules, the ORM, the schemas), longer
    than the command's own work. What they would find is what the process is about
    to hand back to the system anyway; standard streams, ``atexit`` handlers (logging's flush,
    ``weakref.finalize``) and the objects that reference counting frees run as before. The
    console script only (``cli.app()``); a test runner's process exits as usual. Once per
    process.
    """
    if not _FREEZE_AT_EXIT:
        _FREEZE_AT_EXIT.append(True)
        atexit.register(gc.freeze)


def clock() -> Clock:
    """The clock every command reads "now" and "today" from: the system's, unless ``use_clock``
    set another (tests run a command on each day of a week; a simulation could too)."""
    return _CLOCK[0]


@contextmanager
def use_clock(replacement: Clock) -> Iterator[Clock]:
    """Run the commands inside the block on ``replacement``'s time."""
    previous = _CLOCK[0]
    _CLOCK[0] = replacement
    try:
        yield replacement
    finally:
        _CLOCK[0] = previous


def settings() -> Settings:
    """The process settings, with logging configured once."""
    from fitcoach.core.logging import configure_logging
    from fitcoach.core.settings import get_settings

    s = get_settings()
    configure_logging(s.log_level, json=s.log_json)
    return s


@contextmanager
def service_context() -> Iterator[ServiceContext]:
    """A unit of work as the local operator: commit on success, roll back on error.

    Expected errors end the command with a one-line message and exit code 2, never a traceback.
    """
    from fitcoach.services.context import ServiceContext
    from fitcoach.storage.access import Subject
    from fitcoach.storage.db import make_engine, make_session_factory, unit_of_work

    s = settings()
    engine = make_engine(s.sqlalchemy_url)
    try:
        with errors(), unit_of_work(make_session_factory(engine)) as session:
            yield ServiceContext(
                session=session, subject=Subject.system(), clock=clock(), audit_operator=True
            )
    finally:
        engine.dispose()


@contextmanager
def errors() -> Iterator[None]:
    """Turn expected failures into a clear message and exit code 2."""
    try:
        yield
    except FitcoachError as exc:
        # One line whatever the terminal width, and the message is text, not rich markup
        # (unescaped, "[rirN]" in a message would vanish).
        err_console.print(
            f"[bold red]error:[/] {escape(exc.message)}{escape(_cli_hint(exc))}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(code=2) from None
    except Exception as exc:
        # The database's errors are looked up once something failed: importing them
        # (SQLAlchemy) cost a command that never opens the database most of a second.
        from fitcoach.storage.db import DATABASE_ERRORS, database_problem

        if not isinstance(exc, DATABASE_ERRORS):
            raise
        # A database that is down, or not migrated yet, is an expected failure too. Other
        # database errors (a wrong statement) are bugs and keep their traceback.
        problem = database_problem(exc)
        if problem is None:
            raise
        hint = (
            "run `fitcoach db upgrade` first"
            if problem.missing_table
            else "is the database running?"
        )
        err_console.print(
            f"[bold red]error:[/] the database cannot be used ({escape(problem.message)}); {hint}",
            highlight=False,
            soft_wrap=True,
        )
        raise typer.Exit(code=2) from None


# Example values for the profile fields a service names as missing (``details["missing"]``).
_PROFILE_EXAMPLES = {"height_cm": "175", "birth_date": "1990-04-01", "weight_kg": "72"}


def _cli_hint(exc: FitcoachError) -> str:
    """The command that fixes an error, where the command line has one: the services' messages
    are written for every interface and name no command."""
    purpose = exc.details.get("purpose")
    if exc.code == "consent_required" and isinstance(purpose, str):
        return f" (fitcoach consent grant -a ATHLETE --purpose {purpose})"
    missing = exc.details.get("missing")
    if isinstance(missing, list) and missing and set(missing) <= set(_PROFILE_EXAMPLES):
        sets = " ".join(f"--set {m}={_PROFILE_EXAMPLES[m]}" for m in missing)
        return f" (fitcoach athlete update -a ATHLETE {sets})"
    return ""


def _default(value: Any) -> Any:
    from pydantic import BaseModel  # loaded already wherever a model is printed

    if isinstance(value, BaseModel):
        return value.model_dump(mode="json")
    if is_dataclass(value) and not isinstance(value, type):
        return asdict(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    raise TypeError(f"cannot serialise {type(value).__name__}")


def to_jsonable(value: Any) -> Any:
    """Plain JSON data from models, dataclasses and dates."""
    return json.loads(json.dumps(value, default=_default))


def print_json(value: Any) -> None:
    """Print ``value`` as indented JSON on stdout."""
    console.print_json(json.dumps(value, default=_default))


def show_paged(renderable: Any, pager: bool | None = None) -> None:
    """Print ``renderable``, through the pager (``$PAGER``, else ``less``) when it is taller than
    the terminal. ``pager``: force it on or off; None decides by the terminal (never when the
    output is piped or redirected)."""
    if pager is None:
        pager = (
            console.is_terminal
            and len(console.render_lines(renderable, console.options, pad=False))
            > console.size.height
        )
    if pager:
        # Plain text in the pager: colour codes need `less -R`, which not every $PAGER takes.
        with console.pager():
            console.print(renderable)
    else:
        console.print(renderable)


def research_on_path() -> None:
    """Put the source checkout that holds this package on the path, when it has research/: the
    evaluations live there, outside the wheel, and a console script does not start in the
    checkout."""
    import sys
    from pathlib import Path

    import fitcoach

    root = Path(fitcoach.__file__).resolve().parents[2]
    if (root / "research" / "__init__.py").is_file() and str(root) not in sys.path:
        sys.path.append(str(root))


def needs_research(exc: ModuleNotFoundError, command: str, module: str) -> NoReturn:
    """Say plainly that ``command`` needs a source checkout when ``module`` (in research/) is
    missing; re-raise when the missing module is another."""
    if exc.name is None or not (module == exc.name or module.startswith(exc.name + ".")):
        raise exc
    console.print(
        f"[red]{command} needs a source checkout (research/ is not in the wheel): run it "
        "from a clone of the repository, where research/ sits beside src/.[/red]"
    )
    raise typer.Exit(2) from None
