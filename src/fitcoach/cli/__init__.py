"""The ``fitcoach`` command line: one Typer app."""

from __future__ import annotations

import copy
import sys
from collections.abc import Sequence
from typing import Any

import typer

from fitcoach.cli import (
    athletes,
    bot,
    chat,
    consent,
    db,
    demo,
    distill,
    exercises,
    form,
    health,
    history,
    imports,
    ingest,
    invitations,
    log,
    mcp,
    measure,
    ml,
    monitoring,
    nutrition,
    plans,
    portability,
    reports,
    sensors,
    serve,
    signals,
    tokens,
    vitals,
    wearables,
)
from fitcoach.cli.common import pause_collector


class _CommandLine(typer.Typer):
    """The app, built for the command being run.

    Typer turns every registered command into a Click command (reading each function's
    signature, evaluating its annotations) before it reads the arguments: for the ~90 commands
    here, tens of milliseconds of every run (issue 38). When the first argument names one
    command or group, only that one is built, under the same callback and settings. Otherwise
    the whole tree is: no arguments, an option first (``--help``, completion), a name that is
    not one (Click suggests from all of them). ``typer.main.get_command(app)`` (the tests'
    runner) always builds the whole tree.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        argv = kwargs.get("args", args[0] if args else None)
        return typer.Typer.__call__(
            self.narrowed(sys.argv[1:] if argv is None else argv), *args, **kwargs
        )

    def narrowed(self, argv: Sequence[str]) -> typer.Typer:
        """This app with only the command or group ``argv`` starts with (itself when that
        names none, or several)."""
        if not argv or argv[0].startswith("-"):
            return self
        name = argv[0]
        groups = [g for g in self.registered_groups if g.name == name]
        commands = [
            c
            for c in self.registered_commands
            if c.callback is not None
            and (c.name or c.callback.__name__.lower().replace("_", "-")) == name
        ]
        if len(groups) + len(commands) != 1:
            return self
        narrowed = copy.copy(self)
        narrowed.registered_groups = groups
        narrowed.registered_commands = commands
        return narrowed


app = _CommandLine(
    help="fitcoach: an open-source AI personal trainer. Run `fitcoach COMMAND --help` for examples.",
    no_args_is_help=True,
    pretty_exceptions_show_locals=False,
)


@app.callback()
def _before_every_command() -> None:
    # Runs before the command (not for --help): its imports with the collector off.
    pause_collector()


app.add_typer(db.app, name="db")
app.add_typer(athletes.app, name="athlete")
app.add_typer(log.app, name="log")
app.add_typer(measure.app, name="measure")
app.add_typer(exercises.app, name="exercise")
app.add_typer(form.app, name="form")
app.add_typer(demo.app, name="demo")
app.add_typer(health.app, name="health")
app.add_typer(plans.app, name="plan")
app.add_typer(nutrition.app, name="nutrition")
app.add_typer(signals.app, name="signals")
app.add_typer(sensors.app, name="simulate")
ingest.app.command("serial")(sensors.ingest_serial)
ingest.app.command("wearables")(wearables.consume_wearables)
ingest.app.command("vitals")(vitals.vitals_worker)
sensors.app.command("wearables")(wearables.simulate_wearables)
app.add_typer(ingest.app, name="ingest")
app.add_typer(tokens.app, name="token")
app.add_typer(invitations.app, name="invite")
app.add_typer(consent.app, name="consent")
app.add_typer(reports.app, name="report")
app.add_typer(mcp.app, name="mcp")
app.add_typer(ml.app, name="ml")
app.add_typer(distill.app, name="distill")
app.command()(chat.chat)
app.command()(bot.bot)
athletes.app.command("telegram-code")(bot.telegram_code)
app.command()(history.history)
app.command()(history.records)
app.command()(serve.serve)
app.command("export")(portability.export)
app.command("import")(imports.import_)
app.command("import-review")(imports.import_review)
app.command("load")(monitoring.load)
app.command("readiness")(monitoring.readiness)
