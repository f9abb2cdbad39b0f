"""``fitcoach exercise``: search the library, show one exercise, find substitutes, load it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

import typer
from rich.table import Table

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context

if TYPE_CHECKING:
    from fitcoach.services.exercises import ExerciseHit

app = typer.Typer(
    help="The exercise library: search, show, substitutes; an athlete's own exercises.",
    no_args_is_help=True,
)

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


# --- an athlete's own exercises ------------------------------------------------------------

ATHLETE = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail.")
OWN_PATTERN = typer.Option(
    None, "--pattern", help="Movement pattern, e.g. horizontal_pull (default: from the name)."
)
OWN_EQUIPMENT = typer.Option(
    None,
    "--equipment",
    "-e",
    help="What carries the load; repeat or comma-separate (machine,cable). 'none': bodyweight. "
    "Default: what the name says, else unknown (then no plan prescribes it).",
)
OWN_MUSCLE = typer.Option(
    None, "--muscle", "-m", help="Primary muscle; repeat (default: from the name)."
)
OWN_SECONDARY = typer.Option(None, "--secondary", help="Secondary muscle; repeat.")
OWN_CATEGORY = typer.Option(None, "--category", help="strength, core, cardio, ...")
OWN_MECHANICS = typer.Option(None, "--mechanics", help="compound or isolation.")


def _listed(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    items = [v.strip() for value in values for v in value.split(",") if v.strip()]
    return [] if items == ["none"] else items


def _own_table(rows: Sequence[Mapping[str, Any]], title: str) -> Table:
    table = Table("exercise", title=title)
    table.add_column("slug", overflow="fold")
    for column in ("pattern", "equipment", "primary muscles", "sets", "in plans"):
        table.add_column(column)
    for e in rows:
        table.add_row(
            str(e["name"]),
            str(e["slug"]),
            str(e["movement_pattern"]),
            ", ".join(e["equipment"]) or "bodyweight",
            ", ".join(e["primary_muscles"]) or "-",
            str(e.get("sets", 0)),
            "yes" if e["plannable"] else "no (pattern or equipment unknown)",
        )
    return table


@app.command("add-own")
def add_own(
    name: str = typer.Argument(..., help="The name, as your app writes it."),
    athlete: str = ATHLETE,
    pattern: str | None = OWN_PATTERN,
    equipment: list[str] | None = OWN_EQUIPMENT,
    muscle: list[str] | None = OWN_MUSCLE,
    secondary: list[str] | None = OWN_SECONDARY,
    category: str | None = OWN_CATEGORY,
    mechanics: str | None = OWN_MECHANICS,
    json_out: bool = JSON_OPTION,
) -> None:
    """Keep a name the library lacks as the athlete's own exercise: its sets, records and
    exports then treat it like any exercise, the next import and the chat read the name as
    it, and no other athlete sees it. What is not given is suggested from the name.

    Example: fitcoach exercise add-own "My Weird Machine Row" -a 1 --equipment machine
    """
    from dataclasses import replace

    from fitcoach.services import own_exercises

    with service_context() as ctx:
        draft = own_exercises.suggest(name)
        given: dict[str, Any] = {
            "movement_pattern": pattern,
            "equipment": _listed(equipment),
            "primary_muscles": _listed(muscle),
            "secondary_muscles": _listed(secondary),
            "category": category,
            "mechanics": mechanics,
        }
        draft = replace(draft, **{k: v for k, v in given.items() if v is not None})
        row = own_exercises.add(ctx, athlete_id(ctx, athlete), draft)
    if json_out:
        print_json(row)
    else:
        console.print(_own_table([row], f"kept as your own: {row['name']}"))


@app.command("own")
def own_list(athlete: str = ATHLETE, json_out: bool = JSON_OPTION) -> None:
    """List the athlete's own exercises, with how many sets each has.

    Example: fitcoach exercise own -a 1
    """
    from fitcoach.services import own_exercises

    with service_context() as ctx:
        rows = own_exercises.listed(ctx, athlete_id(ctx, athlete))
    if json_out:
        print_json(rows)
    elif not rows:
        console.print(
            "no own exercises; an import keeps names the library lacks, or add one with "
            "fitcoach exercise add-own"
        )
    else:
        console.print(_own_table(rows, f"{len(rows)} own exercise(s)"))


@app.command("edit-own")
def edit_own(
    slug: str = typer.Argument(..., help="The own exercise's slug (fitcoach exercise own)."),
    athlete: str = ATHLETE,
    name: str | None = typer.Option(None, "--name", help="A new name."),
    pattern: str | None = OWN_PATTERN,
    equipment: list[str] | None = OWN_EQUIPMENT,
    muscle: list[str] | None = OWN_MUSCLE,
    secondary: list[str] | None = OWN_SECONDARY,
    category: str | None = OWN_CATEGORY,
    mechanics: str | None = OWN_MECHANICS,
    json_out: bool = JSON_OPTION,
) -> None:
    """Change an own exercise (its sets stay with it); only what is given changes.

    Example: fitcoach exercise edit-own own-1-my-weird-machine-row -a 1 --pattern vertical_pull
    """
    from fitcoach.services import own_exercises

    with service_context() as ctx:
        row = own_exercises.update(
            ctx,
            athlete_id(ctx, athlete),
            slug,
            name=name,
            movement_pattern=pattern,
            equipment=_listed(equipment),
            primary_muscles=_listed(muscle),
            secondary_muscles=_listed(secondary),
            category=category,
            mechanics=mechanics,
        )
    if json_out:
        print_json(row)
    else:
        console.print(_own_table([row], f"changed: {row['name']}"))


@app.command("delete-own")
def delete_own(
    slug: str = typer.Argument(..., help="The own exercise's slug (fitcoach exercise own)."),
    athlete: str = ATHLETE,
) -> None:
    """Delete an own exercise no set is logged under (the next import asks about its name).

    Example: fitcoach exercise delete-own own-1-my-weird-machine-row -a 1
    """
    from fitcoach.services import own_exercises

    with service_context() as ctx:
        own_exercises.delete(ctx, athlete_id(ctx, athlete), slug)
    console.print(f"deleted {slug}")
