"""``fitcoach history`` and ``fitcoach records``: reading the log back."""

from __future__ import annotations

from datetime import date

import typer
from rich.table import Table

from fitcoach.cli.athletes import ATHLETE, athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context, show_paged
from fitcoach.core.errors import InvalidInput

# The kinds of services.training_log.MODELS, repeated so that --help need not import the services
KINDS = ("workouts", "cardio", "daily", "sleep", "meals", "feedback")


def _day(text: str | None, option: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option} {text!r} is not a day like 2026-10-31") from None


def history(
    kind: str = typer.Argument(..., help=f"One of: {', '.join(KINDS)}."),
    athlete: str = ATHLETE,
    start: str | None = typer.Option(None, "--from", help="First day, YYYY-MM-DD."),
    end: str | None = typer.Option(None, "--to", help="Last day, YYYY-MM-DD."),
    limit: int = typer.Option(30, min=1, max=500, help="At most this many: the latest."),
    exercise: str | None = typer.Option(
        None, help="Workouts only: those with a set of this exercise (name, alias or slug)."
    ),
    pager: bool | None = typer.Option(
        None,
        "--pager/--no-pager",
        help="Page a table taller than the terminal (default: on a terminal).",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """The latest records of one kind, oldest first, in your time zone.

    Example: fitcoach history workouts -a 1 --from 2026-10-01 --to 2026-10-31 --exercise squat
    """
    from fitcoach.cli.views import history_table
    from fitcoach.services import athletes, training_log

    with service_context() as ctx:
        if exercise and kind != "workouts":
            raise InvalidInput(
                f"--exercise picks workouts, not {kind}; e.g. fitcoach history workouts "
                f"--exercise {exercise!r}"
            )
        aid = athlete_id(ctx, athlete)
        shown = athletes.get_athlete(ctx, aid)
        zone = shown.timezone
        units = shown.profile.units if shown.profile else None  # how they read kg and km
        first, last = _day(start, "--from"), _day(end, "--to")
        if exercise:
            # The web history's filter (local days), newest first: shown oldest first.
            limit = min(limit, training_log.FEED_MAX)
            found = training_log.feed(
                ctx, aid, exercise=exercise, start=first, end=last, limit=limit
            )
            rows = found.items[::-1]
        else:
            rows = training_log.history(
                ctx,
                aid,
                kind,  # type: ignore[arg-type]
                first,
                last,
                limit=limit,
                latest=True,
            )
    if json_out:
        print_json(rows)
        return
    if not rows:
        console.print("no records in that range")
        return
    table = history_table(kind, rows, zone, units)
    more = f"the latest {limit}; --limit or --from shows more" if len(rows) == limit else ""
    if more:
        table.caption = f"{table.caption}; {more}" if table.caption else more
    show_paged(table, pager)


def records(
    athlete: str = ATHLETE,
    exercise: str | None = typer.Option(None, help="Only this exercise (name, alias or slug)."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Personal records and estimated 1RM (Epley on reps + RIR) per exercise.

    Example: fitcoach records -a 1 --exercise squat
    """
    from fitcoach.coach import wording
    from fitcoach.core.units import format_mass, mass_number, mass_unit, units_or_default
    from fitcoach.services import athletes, training_log

    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        profile = athletes.get_athlete(ctx, aid).profile
        prs = training_log.records(ctx, aid, exercise)
    if json_out:
        print_json(prs)  # kg, as the field names say
        return
    units = units_or_default(profile.units if profile else None)
    # The heaviest weight lifted (with its reps), then the estimated 1RM on its own: never
    # reps x weight, which is a volume and reads like an impossible weight. In the athlete's
    # unit; a dumbbell in each hand said per hand.
    table = Table("exercise", "heaviest", "on", f"e1RM {mass_unit(units)}", "most reps")
    for p in prs:
        heaviest = format_mass(p.heaviest_kg, units, per_hand=wording.per_hand(p.exercise))
        e1rm = mass_number(p.best_e1rm_kg, units, places=1)
        table.add_row(
            wording.exercise_name(p.exercise),
            f"{heaviest} x {p.heaviest_reps}",
            p.heaviest_at.date().isoformat(),
            f"{e1rm}{'' if p.e1rm_reliable else ' (≥12 reps: rough)'}",
            str(p.most_reps),
        )
    console.print(table)
