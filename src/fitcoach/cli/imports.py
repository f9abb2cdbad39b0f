"""``fitcoach import``: device files, app exports and fitcoach's own exports, through one door;
``fitcoach import-review``: the exercise names an import could not be sure of;
``fitcoach import-take-back``: an import taken back as a whole."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    err_console,
    print_json,
    service_context,
    settings,
)

if TYPE_CHECKING:
    from fitcoach.ingest.files.detect import ReadOptions as ReadOptionsT
    from fitcoach.services.context import ServiceContext
    from fitcoach.services.imports import ImportSummary, ReviewName

_STYLE = {
    "imported": "green",
    "already imported": "dim",
    "needs review": "yellow",
    "failed": "red",
    "nothing to import": "dim",
}


def _is_export(path: Path) -> bool:
    """A fitcoach export (JSON, zip with a manifest, or a CSV directory)."""
    if path.is_dir():
        return True
    from fitcoach.ingest.files.detect import FITCOACH, detect

    try:
        return detect(path, path.name) == FITCOACH
    except Exception:  # an unreadable file is reported by the import itself
        return False


def _files_table(summary: ImportSummary) -> Table:
    table = Table("file", "format", "result", "stored", "why / notes")
    for f in summary.files:
        stored = ", ".join(f"{n:,} {k}" for k, n in f.counts.items()) or "-"
        why = "; ".join([m for m in [f.message, *f.notes] if m])
        table.add_row(f.name, f.format or "?", f"[{_STYLE[f.status]}]{f.status}[/]", stored, why)
    return table


def _print(summary: ImportSummary, athlete: int) -> None:
    console.print(_files_table(summary))
    for f in summary.files:  # rows left out or repaired, each named
        if f.rows:
            console.print(f"{f.name}: rows left out or repaired", highlight=False)
            for line in f.rows:
                console.print(f"  - {line}", highlight=False, markup=False)
            if f.rows_more:
                console.print(f"  - and {f.rows_more:,} more like these", highlight=False)
    console.print(summary.text(), highlight=False)
    if summary.review:
        console.print(
            f"review them with: fitcoach import-review -a {athlete}  (then the held files "
            "are imported)",
            highlight=False,
        )


def _ask_names(ctx: ServiceContext, athlete: int, names: list[ReviewName]) -> int:
    """Ask which exercise each name is; returns how many were decided."""
    from rich.prompt import Prompt  # on use: every command imports this module at start-up

    from fitcoach.core.errors import Conflict, InvalidInput
    from fitcoach.services import exercise_names, own_exercises

    decided = 0
    for item in names:
        console.print(f"\n[bold]{item.name}[/] ({item.sets} sets)", highlight=False)
        for number, suggestion in enumerate(item.suggestions, start=1):
            console.print(f"  {number}. {suggestion}", highlight=False)
        if item.own:
            kept = item.own
            console.print(
                f"  o. keep as my own exercise ({kept['movement_pattern']}, "
                f"{', '.join(kept['equipment']) or 'bodyweight'})",
                highlight=False,
            )
        console.print("  s. leave these sets out   Enter: decide later", highlight=False)
        while True:
            answer = Prompt.ask("which exercise? (a number, or type a library name)", default="")
            answer = answer.strip()
            if not answer:
                break
            if answer.lower() == "s":
                exercise_names.choose(ctx, athlete, item.name, None)
                decided += 1
                break
            if answer.lower() == "o":
                try:
                    own = own_exercises.keep(ctx, athlete, item.name)
                except (InvalidInput, Conflict) as exc:
                    err_console.print(f"{exc}", highlight=False)
                    continue
                console.print(f"  → your own exercise {own['name']}", highlight=False)
                decided += 1
                break
            chosen = (
                item.suggestions[int(answer) - 1]
                if answer.isdigit() and 1 <= int(answer) <= len(item.suggestions)
                else answer
            )
            try:
                match = exercise_names.choose(ctx, athlete, item.name, chosen)
            except InvalidInput as exc:
                err_console.print(f"{exc}", highlight=False)
                continue
            console.print(f"  → {match.exercise_name}", highlight=False)
            decided += 1
            break
    return decided


def _told(options: ReadOptionsT, what: str, unit: str) -> ReadOptionsT:
    """``options`` with the unit the person named for ``what`` (weight or distance)."""
    if what == "weight":
        return replace(options, weight_unit="lb" if unit == "lb" else "kg")
    return replace(options, distance_unit="mi" if unit == "mi" else "km")


def import_(
    paths: list[Path] = typer.Argument(
        ...,
        help="Files: FIT, TCX, GPX; Strong, Hevy, FitNotes or WHOOP exports; Apple Health's "
        "export.zip; or a fitcoach export (.json, .zip or a CSV directory).",
    ),
    athlete: str | None = typer.Option(
        None,
        "--athlete",
        "-a",
        help="The athlete (id or e-mail). Required for device files and app exports; for a "
        "fitcoach export, default: the document's athlete, created when their e-mail is new.",
    ),
    weight_unit: str | None = typer.Option(
        None,
        "--weight-unit",
        help="kg or lb: the unit of an export that does not say it (Strong's older CSV).",
    ),
    distance_unit: str | None = typer.Option(
        None,
        "--distance-unit",
        help="km or mi: the distance unit of an export that does not say it (Strong's older CSV).",
    ),
    interactive: bool = typer.Option(
        True,
        "--ask/--no-ask",
        help="Ask about doubtful exercise names and missing units now (in a terminal); with "
        "--no-ask such files are held for `fitcoach import-review`.",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Import training history: device files and app exports (the format is told from each
    file's content), or a fitcoach export (version 4, or an older 1, 2 or 3).

    Each file is all-or-nothing and a file imported before is recognised and skipped. A broken
    file is reported with its problem and the other files go on. Exercise names fitcoach is not
    sure of are asked about (or held for `fitcoach import-review`), never guessed; your answers
    are remembered for the next import. Formats and what each becomes: docs/data-format.md.

    Example: fitcoach import ~/Downloads/*.fit strong_workouts.csv -a ana@example.org

    More: `fitcoach import export.zip -a 3 --no-ask --json` (Apple Health, doubtful names held
    for review); `fitcoach import ana.zip` (a fitcoach export: creates the athlete if new).
    """
    from fitcoach.cli.portability import import_export

    if len(paths) == 1 and _is_export(paths[0]):
        import_export(paths[0], athlete, json_out)
        return
    exports = [p for p in paths if _is_export(p)]
    if exports:
        err_console.print(
            f"error: {exports[0]} is a fitcoach export; import it on its own "
            f"(fitcoach import {exports[0]} -a ATHLETE)",
            highlight=False,
        )
        raise typer.Exit(code=2)
    if athlete is None:
        err_console.print(
            "error: say whose history this is: --athlete ID or e-mail (`fitcoach athlete list`)",
            highlight=False,
        )
        raise typer.Exit(code=2)
    if weight_unit is not None and weight_unit not in ("kg", "lb"):
        err_console.print("error: --weight-unit is kg or lb", highlight=False)
        raise typer.Exit(code=2)
    if distance_unit is not None and distance_unit not in ("km", "mi"):
        err_console.print("error: --distance-unit is km or mi", highlight=False)
        raise typer.Exit(code=2)
    from fitcoach.ingest.files.detect import ReadOptions

    given = ReadOptions(
        weight_unit=None if weight_unit is None else "lb" if weight_unit == "lb" else "kg",
        distance_unit=None if distance_unit is None else "mi" if distance_unit == "mi" else "km",
    )
    missing = [p for p in paths if not p.is_file()]
    if missing:
        err_console.print(f"error: {missing[0]} is not a file", highlight=False)
        raise typer.Exit(code=2)
    from rich.progress import (  # on use: every command imports this module at start-up
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
    )
    from rich.prompt import Prompt

    from fitcoach.services import imports

    ask = interactive and not json_out and console.is_terminal
    files = [imports.IncomingFile(p.name, p) for p in paths]
    # Within the import limits of the settings (FITCOACH_IMPORT_MAX_*): raise them for one run
    # to import a larger file on the server.
    limits = imports.ImportLimits.from_settings(settings())
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err_console,
            transient=True,
            disable=json_out or not err_console.is_terminal,
        ) as bar:
            task = bar.add_task("importing", total=len(files))

            def step(name: str, done: int, total: int) -> None:
                bar.update(task, completed=done, description=f"imported {name}")

            summary = imports.import_files(
                ctx, aid, files, options=given, progress=step, limits=limits
            )
        if ask:
            for index, outcome in enumerate(summary.files):
                options = given
                while outcome.status == "failed" and outcome.asks is not None:
                    what = str(outcome.asks["what"])
                    unit = Prompt.ask(
                        f"which unit are the {what}s in {outcome.name} in?",
                        choices=[str(c) for c in outcome.asks["choices"]],
                    )
                    options = _told(options, what, unit)
                    again = [f for f in files if f.name == outcome.name]
                    outcome = imports.import_files(
                        ctx, aid, again, options=options, limits=limits
                    ).files[0]
                summary.files[index] = outcome
            if summary.review and _ask_names(ctx, aid, summary.review):
                resumed = imports.resume(ctx, aid, limits=limits)
                done = {f.sha256: f for f in resumed.files}
                summary.files = [done.get(f.sha256, f) for f in summary.files]
    if json_out:
        print_json(summary.as_dict())
    else:
        _print(summary, aid)
    if summary.by_status("failed"):
        raise typer.Exit(code=1)


def import_review(
    athlete: str = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail."),
    mapping: list[str] = typer.Option(
        [],
        "--map",
        "-m",
        help="NAME=EXERCISE without asking (EXERCISE a library name or slug, 'own' to keep "
        "the name as your own exercise, or 'skip' to leave those sets out); repeat for several.",
    ),
    list_only: bool = typer.Option(False, "--list", help="Only list the names and files held."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Say which exercise each held name is; the files held for them are then imported.

    Example: fitcoach import-review -a 3

    More: `fitcoach import-review -a 3 --map "Iso-Lateral Row (Machine)=machine-row" --map
    "Rowing (Machine)=own" --map "Warm Up=skip"` decides without asking.
    """
    from fitcoach.services import exercise_names, imports, own_exercises

    limits = imports.ImportLimits.from_settings(settings())
    with service_context() as ctx:
        aid = athlete_id(ctx, athlete)
        held = imports.pending(ctx, aid, limits)
        if list_only:
            if json_out:
                print_json(held.as_dict())
            else:
                _print(held, aid)
            return
        for pair in mapping:
            name, sep, exercise = pair.partition("=")
            if not sep:
                err_console.print(
                    f"error: --map takes NAME=EXERCISE, got {pair!r}", highlight=False
                )
                raise typer.Exit(code=2)
            target = exercise.strip()
            if target.lower() == "own":
                own_exercises.keep(ctx, aid, name.strip())
                continue
            exercise_names.choose(
                ctx, aid, name.strip(), None if target.lower() == "skip" else target
            )
        if not mapping and not json_out and console.is_terminal:
            _ask_names(ctx, aid, held.review)
        summary = imports.resume(ctx, aid, limits=limits)
    if json_out:
        print_json(summary.as_dict())
    else:
        _print(summary, aid)


def import_take_back(
    file: str = typer.Argument(
        ..., help="The file imported (its content is hashed), or its SHA-256 as `import` shows."
    ),
    athlete: str = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Take an import back as a whole: every workout, cardio session, night of sleep and
    heart-rate recording the file brought in is deleted, and the file may be imported again.

    Example: fitcoach import-take-back ~/Downloads/strong_workouts.csv -a 3
    """
    import hashlib
    import re

    from fitcoach.services import imports

    path = Path(file).expanduser()
    if path.is_file():
        sha = hashlib.sha256(path.read_bytes()).hexdigest()
    elif re.fullmatch(r"[0-9a-fA-F]{64}", file):
        sha = file.lower()
    else:
        err_console.print(
            f"error: {file!r} is neither a file nor a SHA-256; give the file you imported",
            highlight=False,
        )
        raise typer.Exit(code=2)
    with service_context() as ctx:
        done = imports.take_back(ctx, athlete_id(ctx, athlete), sha)
    if json_out:
        print_json(done)
        return
    from fitcoach.services.imports.outcome import COUNT_WORDS

    removed = ", ".join(
        f"{n:,} {COUNT_WORDS.get(k, (k, k))[0 if n == 1 else 1]}"
        for k, n in done["removed"].items()
    )
    console.print(
        f"{done['name']}: taken back ({removed or 'nothing left to delete'}); it may be "
        "imported again",
        highlight=False,
        markup=False,
    )
