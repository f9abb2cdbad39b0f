"""The ``fitcoach`` command line: one Typer app."""

from __future__ import annotations

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

app = typer.Typer(
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
