"""``fitcoach demo``: a demo athlete with weeks of realistic history, to try fitcoach on."""

from __future__ import annotations

import time as timer
from dataclasses import asdict
from datetime import date

import typer
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context
from fitcoach.core.errors import InvalidInput

# ``fitcoach.pipelines.demo``'s DEMO_EMAIL and MAX_WEEKS, repeated here so that the option
# declarations do not import the pipeline (numpy and the services) at start-up
# (tests/cli/test_startup.py checks that they stay the same).
DEMO_EMAIL = "demo@fitcoach.local"
MAX_WEEKS = 52
# The demo's dashboard password: the server listens on 127.0.0.1 unless told otherwise; set
# FITCOACH_DEMO_PASSWORD (or --password) before exposing a demo anywhere else.
DEMO_PASSWORD = "fitcoach-demo"

app = typer.Typer(
    help="The demo athlete: realistic, seeded history to explore.", no_args_is_help=True
)


def _day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--end must be a day as YYYY-MM-DD, got {text!r}") from None


def _served_url() -> str:
    """Where ``fitcoach serve`` answers with the configured host and port (FITCOACH_HOST/PORT)."""
    from fitcoach.core.settings import get_settings

    s = get_settings()
    # A server bound to every interface is reached locally on the loopback address.
    host = "127.0.0.1" if s.host in ("0.0.0.0", "::") else s.host
    return f"http://{f'[{host}]' if ':' in host else host}:{s.port}"


@app.command()
def seed(
    weeks: int = typer.Option(8, min=1, max=MAX_WEEKS, help="How many weeks of history."),
    seed_: int = typer.Option(
        42, "--seed", help="Random seed: the same seed gives the same history."
    ),
    email: str = typer.Option(DEMO_EMAIL, help="The demo athlete's e-mail (created if missing)."),
    end: str | None = typer.Option(
        None, help="The history stops the day before this one, YYYY-MM-DD (default: today, UTC)."
    ),
    password: str = typer.Option(
        DEMO_PASSWORD,
        envvar="FITCOACH_DEMO_PASSWORD",
        help="Password for the demo's sign-ins (athlete, coach, admin) when they have none yet.",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Create the demo athlete and log weeks of training, sleep, meals and daily metrics.

    Running it again with the same options adds nothing (records are keyed by day). The demo
    also gets sign-ins for the dashboard: the athlete, a coach linked to them and an admin
    (passwords are only set where none exists; change them with `fitcoach token set-password`).

    Example: fitcoach demo seed --weeks 8 --seed 42
    """
    from rich.progress import (  # on use: every command imports this module at start-up
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )

    from fitcoach.pipelines.demo import prepare_demo_sign_ins, seed_demo  # numpy: on use

    started = timer.perf_counter()
    with (
        service_context() as ctx,
        Progress(
            TextColumn("seeding the demo athlete"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
            disable=json_out,
        ) as progress,
    ):
        task = progress.add_task("seed", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        report = seed_demo(
            ctx, seed=seed_, weeks=weeks, end=_day(end), email=email, progress=advance
        )
        sign_ins = prepare_demo_sign_ins(ctx, report.athlete_id, password)
    elapsed = timer.perf_counter() - started
    if json_out:
        print_json(
            {
                **asdict(report),
                "sign_ins": [asdict(s) for s in sign_ins],
                "seconds": round(elapsed, 2),
            }
        )
        return
    table = Table("records", "added", "already there")
    for kind, added in report.inserted.items():
        table.add_row(kind, str(added), str(report.already_present[kind]))
    console.print(table)
    if report.flags_resolved:
        console.print(
            f"resolved {report.flags_resolved} red flag(s) raised by the demo's simulated "
            "sensors: the demo athlete can train",
            highlight=False,
        )
    if report.recording_sessions_removed:
        console.print(
            f"removed {report.recording_sessions_removed} cardio session(s) that simulated "
            "recordings had become on their own: recordings stay on the Recordings page",
            highlight=False,
        )
    who = "created" if report.athlete_created else "found"
    console.print(
        f"{who} demo athlete [bold]{report.email}[/] (id {report.athlete_id}): "
        f"{report.total_inserted} records added, {report.total_present} already there, "
        f"in {elapsed:.1f} s"
    )
    logins = Table("sign in as", "e-mail", "password")
    for s in sign_ins:
        logins.add_row(s.role, s.email, password if s.password_set else "(unchanged)")
    console.print(logins)
    console.print(
        "Try next:\n"
        f"  [bold]fitcoach history workouts -a {report.email}[/]\n"
        f"  [bold]fitcoach records -a {report.email}[/]\n"
        f"  [bold]fitcoach serve[/], then open {_served_url()}",
        highlight=False,
        soft_wrap=True,
    )
