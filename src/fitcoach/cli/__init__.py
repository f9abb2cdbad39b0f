"""The ``fitcoach`` command line: one Typer app."""

from __future__ import annotations

import copy
import functools
import importlib
import os
import sys
from collections.abc import Sequence
from typing import Any

import typer
from typer.models import CommandInfo, TyperInfo

from fitcoach.cli.common import pause_collector, skip_collection_at_exit

# The command groups: name -> the command module whose ``app`` it is, in the order ``--help``
# lists them.
GROUPS: dict[str, str] = {
    "db": "db",
    "athlete": "athletes",
    "log": "log",
    "measure": "measure",
    "exercise": "exercises",
    "form": "form",
    "demo": "demo",
    "health": "health",
    "plan": "plans",
    "nutrition": "nutrition",
    "signals": "signals",
    "simulate": "sensors",
    "ingest": "ingest",
    "token": "tokens",
    "invite": "invitations",
    "consent": "consent",
    "report": "reports",
    "mcp": "mcp",
    "ml": "ml",
    "distill": "distill",
}

# Commands a group takes from another command module: group -> [(command, module, function)].
GROUP_EXTRAS: dict[str, tuple[tuple[str, str, str], ...]] = {
    "ingest": (
        ("serial", "sensors", "ingest_serial"),
        ("wearables", "wearables", "consume_wearables"),
        ("vitals", "vitals", "vitals_worker"),
    ),
    "simulate": (("wearables", "wearables", "simulate_wearables"),),
    "athlete": (("telegram-code", "bot", "telegram_code"),),
    "ml": (("score", "squad", "score"),),
    "distill": (
        ("slot-folds", "distill_slots", "slot_folds"),
        ("train-slot-tagger", "distill_slots", "train_slot_tagger"),
        ("train-student", "distill_student", "train_student"),
        ("student-folds", "distill_student", "student_folds"),
        ("student-encode", "distill_student", "student_encode"),
        ("student-threshold", "distill_student", "student_threshold"),
        ("student-onnx", "distill_student", "student_onnx"),
        ("student-bundle", "distill_student", "student_bundle"),
    ),
}

# The top-level commands: name -> (module, function, whether the name is given explicitly or
# Typer derives it from the function's), in the order ``--help`` lists them.
COMMANDS: dict[str, tuple[str, str, bool]] = {
    "chat": ("chat", "chat", False),
    "bot": ("bot", "bot", False),
    "history": ("history", "history", False),
    "records": ("history", "records", False),
    "serve": ("serve", "serve", False),
    "export": ("portability", "export", True),
    "import": ("imports", "import_", True),
    "import-review": ("imports", "import_review", True),
    "import-take-back": ("imports", "import_take_back", True),
    "load": ("monitoring", "load", True),
    "readiness": ("monitoring", "readiness", True),
    "checkin": ("monitoring", "checkin", True),
    "warm": ("warm", "warm", False),
}


def _module(name: str) -> Any:
    return importlib.import_module(f"{__name__}.{name}")


@functools.cache
def _group(name: str) -> TyperInfo:
    """The group ``name`` as registered on the app, with the commands other modules add to it
    (once: they are added to the command module's own app)."""
    sub: typer.Typer = _module(GROUPS[name]).app
    for command, module, function in GROUP_EXTRAS.get(name, ()):
        sub.command(command)(getattr(_module(module), function))
    scratch = typer.Typer()
    scratch.add_typer(sub, name=name)
    return scratch.registered_groups[0]


@functools.cache
def _command(name: str) -> CommandInfo:
    """The top-level command ``name`` as registered on the app."""
    module, function, explicit = COMMANDS[name]
    scratch = typer.Typer()
    scratch.command(name if explicit else None)(getattr(_module(module), function))
    return scratch.registered_commands[0]


class _CommandLine(typer.Typer):
    """The app, built for the command being run.

    Typer turns every registered command into a Click command (reading each function's
    signature, evaluating its annotations) before it reads the arguments: for the ~90 commands
    here, tens of milliseconds of every run. When the first argument names one
    command or group, only that one is built, under the same callback and settings, and only
    its command modules are imported (``GROUPS``, ``COMMANDS``). Otherwise the whole tree is:
    no arguments, an option first (``--help``, completion), a name that is not one (Click
    suggests from all of them). Reading ``registered_groups`` or ``registered_commands``
    (``typer.main.get_command(app)``, the tests' runner) imports every command module and
    gives the whole tree.
    """

    @property
    def registered_groups(self) -> list[TyperInfo]:
        self._register_all()
        groups: list[TyperInfo] = self.__dict__["_groups"]
        return groups

    @registered_groups.setter
    def registered_groups(self, value: list[TyperInfo]) -> None:
        self.__dict__["_groups"] = value

    @property
    def registered_commands(self) -> list[CommandInfo]:
        self._register_all()
        commands: list[CommandInfo] = self.__dict__["_commands"]
        return commands

    @registered_commands.setter
    def registered_commands(self, value: list[CommandInfo]) -> None:
        self.__dict__["_commands"] = value

    def _register_all(self) -> None:
        if self.__dict__.get("_complete"):
            return
        self.__dict__["_complete"] = True
        self.__dict__["_groups"] = [*self.__dict__["_groups"], *map(_group, GROUPS)]
        self.__dict__["_commands"] = [*self.__dict__["_commands"], *map(_command, COMMANDS)]

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        skip_collection_at_exit()  # the console script's process
        argv = kwargs.get("args", args[0] if args else None)
        return typer.Typer.__call__(
            self.narrowed(sys.argv[1:] if argv is None else argv), *args, **kwargs
        )

    def narrowed(self, argv: Sequence[str]) -> typer.Typer:
        """This app with only the command or group ``argv`` starts with (itself when that
        names none)."""
        if not argv or argv[0].startswith("-"):
            return self
        name = argv[0]
        if name in GROUPS:
            groups, commands = [_group(name)], []
        elif name in COMMANDS:
            groups, commands = [], [_command(name)]
        else:
            return self
        narrowed = copy.copy(self)
        narrowed.__dict__["_complete"] = True
        narrowed.registered_groups = groups
        narrowed.registered_commands = commands
        return narrowed


PYDANTIC_PLUGINS_ENV = "PYDANTIC_DISABLE_PLUGINS"

app = _CommandLine(
    help="fitcoach: an open-source AI personal trainer. Run `fitcoach COMMAND --help` for examples.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _before_every_command() -> None:
    # Runs before the command (not for --help): its imports with the collector off.
    pause_collector()
    # pydantic looks for its plugins at the first model it builds by reading the entry points of
    # every installed distribution (about 0.05 of a daily command's CPU); fitcoach ships and
    # uses none. An explicit PYDANTIC_DISABLE_PLUGINS (even empty: look for them) is kept.
    os.environ.setdefault(PYDANTIC_PLUGINS_ENV, "__all__")
