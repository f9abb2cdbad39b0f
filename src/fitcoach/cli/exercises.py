"""``fitcoach exercise``: search the library, show one exercise, find substitutes, load it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.table import Table

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context

if TYPE_CHECKING:
    from fitcoach.services.exercises import ExerciseHit

app = typer.Typer(help="The exercise library: search, show, substitutes.", no_args_is_help=True)

EQUIPMENT = typer.Option(
    None,
    "--equipment",
    "-e",
    help="Equipment available; repeat or comma-separate (e.g. dumbbell,bench). "
    "'none' means bodyweight only; presets such as home_gym work too.",
)
LIMIT = typer.Option(20, "--limit", "-n", min=1, help="How many results at most.")


def _equipment(values: list[str] | None) -> list[str] | None:
    # Typer gives an empty list when the option is absent: no equipment filter.
    return list(values) if values else None


def _hits_table(hits: list[ExerciseHit], title: str) -> Table:
    table = Table("exercise", title=title)
    table.add_column("slug", overflow="fold")  # whole, so it can be copied into other commands
    for column in ("pattern", "primary muscles", "equipment", "level", "score"):
        table.add_column(column)
    for hit in hits:
        e = hit.exercise
        table.add_row(
            e["name"],
            e["slug"],
            e["movement_pattern"],
            ", ".join(e["primary_muscles"]),
            ", ".join(e["equipment"]) or "bodyweight",
            e["level"],
            f"{hit.score:g}",
        )
    return table


def _substitutes_table(hits: list[ExerciseHit], title: str) -> Table:
    # The reason already names the pattern, the shared muscles and the equipment.
    table = Table("exercise", title=title)
    table.add_column("slug", overflow="fold")
    for column in ("level", "score", "why"):
        table.add_column(column)
    for hit in hits:
        e = hit.exercise
        table.add_row(e["name"], e["slug"], e["level"], f"{hit.score:g}", hit.reason)
    return table


@app.command()
def search(
    query: str | None = typer.Argument(None, help="Name or alias; typos are fine."),
    muscle: str | None = typer.Option(None, help="Primary or secondary muscle, e.g. chest."),
    equipment: list[str] | None = EQUIPMENT,
    pattern: str | None = typer.Option(None, help="Movement pattern, e.g. horizontal_push."),
    category: str | None = typer.Option(None, help="strength, cardio, plyometric, core, mobility."),
    level: str | None = typer.Option(None, help="beginner, intermediate or advanced."),
    limit: int = LIMIT,
    json_out: bool = JSON_OPTION,
) -> None:
    """Search the exercise library by name (typo-tolerant) and filters.

    Example: fitcoach exercise search "bech pres" --equipment barbell,bench --muscle chest
    """
    from fitcoach.services import exercises

    with service_context() as ctx:
        hits = exercises.search(
            ctx,
            query,
            muscle=muscle,
            equipment=_equipment(equipment),
            pattern=pattern,
            category=category,
            level=level,
            limit=limit,
        )
    if json_out:
        print_json(hits)
    elif not hits:
        console.print("no exercise matches; try fewer filters or another spelling")
    else:
        console.print(_hits_table(hits, f"{len(hits)} exercise(s)"))


@app.command()
def show(
    name: str = typer.Argument(..., help="Slug, name or alias."), json_out: bool = JSON_OPTION
) -> None:
    """Show one exercise: muscles, equipment, biomechanics, the contraindications the rules
    derive from them (with reasons), description.

    Example: fitcoach exercise show "bench press"
    """
    from fitcoach.services import exercises

    with service_context() as ctx:
        exercise = exercises.get(ctx, name)
    if json_out:
        print_json(exercise)
        return
    table = Table("field", "value", title=f"{exercise['name']} ({exercise['slug']})")
    for key, value in exercise.items():
        if key in ("name", "slug", "contraindications"):
            continue
        table.add_row(key, _shown(value))
    # The derived contraindications, one readable reason per line.
    reasons = [c["text"] for c in exercise.get("contraindications", [])]
    table.add_row("contraindications", "\n".join(reasons) or "none")
    console.print(table)


def _shown(value: object) -> str:
    """A field value as text: lists joined, mappings (biomechanics) as key: value lines."""
    if isinstance(value, dict):
        return "\n".join(f"{k}: {_shown(v)}" for k, v in value.items())
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


@app.command()
def substitutes(
    name: str = typer.Argument(..., help="The exercise to replace (slug, name or alias)."),
    athlete: str | None = typer.Option(
        None,
        "--athlete",
        "-a",
        help="Athlete id or e-mail: respect their equipment, injuries, conditions, dislikes.",
    ),
    equipment: list[str] | None = EQUIPMENT,
    limit: int = typer.Option(5, "--limit", "-n", min=1, help="How many substitutes at most."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Find exercises that can replace one: same pattern, shared primary muscles.

    Example: fitcoach exercise substitutes "barbell bench press" --athlete 1 --equipment dumbbell
    """
    from fitcoach.services import exercises

    with service_context() as ctx:
        hits = exercises.substitutes(
            ctx,
            name,
            athlete_id=athlete_id(ctx, athlete) if athlete else None,
            equipment=_equipment(equipment),
            limit=limit,
        )
    if json_out:
        print_json(hits)
    elif not hits:
        console.print(
            "no substitute fits; try more --equipment or check the athlete's injuries and dislikes"
        )
    else:
        console.print(_substitutes_table(hits, f"substitutes for {name}"))


@app.command()
def load() -> None:
    """Load (or update) the shipped exercise library; running it again changes nothing.

    Example: fitcoach exercise load
    """
    from fitcoach.services import exercises

    with service_context() as ctx:
        added, updated = exercises.load_library(ctx)
    console.print(f"exercise library: {added} added, {updated} updated")
