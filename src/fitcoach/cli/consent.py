"""``fitcoach consent``: show, grant and withdraw an athlete's consent per purpose.

The command line is the operator at their own installation recording what the athlete
decided; on the API and the web only the athlete themself may change it.
"""

from __future__ import annotations

import typer
from rich.table import Table

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context

app = typer.Typer(
    help="Consent per purpose: training_logs, sensor_data, coach_sharing, model_training.",
    no_args_is_help=True,
)

PURPOSE = typer.Option(
    ...,
    "--purpose",
    "-p",
    help="training_logs, sensor_data, coach_sharing or model_training.",
)


@app.command()
def show(
    athlete: str = ATHLETE,
    history: bool = typer.Option(False, "--history", help="Also list every past decision."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Show the athlete's consent per purpose (and, with --history, every decision).

    Example: fitcoach consent show -a ana@example.org --history
    """
    from fitcoach.services import consent

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        states = consent.current(ctx, aid)
        events = consent.history(ctx, aid) if history else []
    if json_out:
        print_json({"athlete_id": aid, "consents": states, "history": events})
        return
    table = Table("purpose", "granted", "since", "text version", "source")
    for s in states:
        table.add_row(
            s.purpose.value,
            "yes" if s.granted else "no",
            s.at.isoformat(timespec="seconds") if s.at else "never decided",
            s.version or "",
            s.source or "",
        )
    console.print(table)
    if history:
        past = Table("at", "purpose", "decision", "text version", "source", title="history")
        for e in events:
            past.add_row(
                e.at.isoformat(timespec="seconds"),
                e.purpose.value,
                "granted" if e.granted else "withdrawn",
                e.version,
                e.source,
            )
        console.print(past)


@app.command()
def grant(athlete: str = ATHLETE, purpose: str = PURPOSE, json_out: bool = JSON_OPTION) -> None:
    """Record that the athlete grants a purpose (under the current consent text).

    Example: fitcoach consent grant -a ana@example.org --purpose model_training
    """
    from fitcoach.services import consent

    with service_context() as ctx:
        state = consent.grant(ctx, athlete_id(ctx, athlete), purpose)
    if json_out:
        print_json(state)
    else:
        console.print(f"{state.purpose.value}: granted (text version {state.version})")


@app.command()
def withdraw(athlete: str = ATHLETE, purpose: str = PURPOSE, json_out: bool = JSON_OPTION) -> None:
    """Record that the athlete withdraws a purpose; what it covers stops from now on.

    Example: fitcoach consent withdraw -a 3 --purpose coach_sharing
    """
    from fitcoach.services import consent

    with service_context() as ctx:
        state = consent.withdraw(ctx, athlete_id(ctx, athlete), purpose)
    if json_out:
        print_json(state)
    else:
        console.print(f"{state.purpose.value}: withdrawn (text version {state.version})")
