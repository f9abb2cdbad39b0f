"""``fitcoach export`` and ``fitcoach import``: an athlete's whole history in and out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, cast

import typer
from rich.table import Table

from fitcoach.cli.athletes import athlete_id
from fitcoach.cli.common import (
    JSON_OPTION,
    console,
    err_console,
    errors,
    print_json,
    service_context,
    settings,
)

if TYPE_CHECKING:
    from rich.progress import TaskID

    from fitcoach.services.portability import ExportFormat, ImportReport, ProgressFn

# Below this size an import or export is over before a progress bar would be readable.
LARGE_BYTES = 1_000_000


def _size(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.iterdir() if p.is_file())
    return path.stat().st_size if path.exists() else 0


@contextmanager
def _progress(enabled: bool) -> Iterator[ProgressFn | None]:
    """A rich progress display on stderr (interactive terminals only), one bar per step."""
    if not enabled or not err_console.is_terminal:
        yield None
        return
    from rich.progress import (  # on use: every command imports this module at start-up
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
    )

    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err_console,
        transient=True,
    ) as bar:
        tasks: dict[str, TaskID] = {}

        def update(step: str, done: int, total: int) -> None:
            if step not in tasks:
                tasks[step] = bar.add_task(step, total=total)
            bar.update(tasks[step], completed=done, total=total)

        yield update


def _infer_format(out: Path) -> ExportFormat:
    suffix = out.suffix.lower()
    if suffix == ".zip":
        return "zip"
    if suffix == ".json":
        return "json"
    return "csv"


def export(
    athlete: str = typer.Option(..., "--athlete", "-a", help="Athlete id or e-mail."),
    out: Path = typer.Option(
        ..., "--out", "-o", help="The JSON or zip file, or a new directory for CSV files."
    ),
    fmt: str | None = typer.Option(
        None,
        "--format",
        "-f",
        help="json, csv or zip (default: from --out: .json, .zip, otherwise a CSV directory).",
    ),
    include_waveforms: bool = typer.Option(
        False,
        "--include-waveforms",
        help="Add the raw sensor waveforms, one CSV file per recording channel "
        "(zip and CSV forms only; large).",
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Export everything of an athlete in the documented format (version 4): profile,
    training records (sets with their form checks), body measurements, plans (every version), the conversation with the coach, health flags,
    consent records and sensor data (recordings, 1 Hz vitals, events).

    The files follow docs/data-format.md and `fitcoach import` reads them back (version 1
    and 2 files too).

    Example: fitcoach export --athlete ana@example.org --out ana.zip --include-waveforms
    """
    from fitcoach.services import portability

    # write_export refuses an unknown format with a message that lists the right ones.
    chosen = cast("ExportFormat", fmt.lower() if fmt else _infer_format(out))
    with service_context() as ctx, _progress(not json_out) as progress:
        counts = portability.write_export(
            ctx,
            athlete_id(ctx, athlete),
            out,
            chosen,
            include_waveforms=include_waveforms,
            progress=progress,
        )
    if json_out:
        print_json({"path": str(out), "format": chosen, "counts": counts})
        return
    table = Table("records", "count")
    for kind, count in counts.items():
        table.add_row(kind, str(count))
    console.print(f"exported to {out} ({chosen})", highlight=False)
    console.print(table)


def _summary(report: ImportReport) -> Table:
    table = Table("records", "read", "inserted", "skipped (already stored)")
    for kind, count in report.counts.items():
        table.add_row(kind, str(count.read), str(count.inserted), str(count.skipped))
    return table


def import_export(path: Path, athlete: str | None, json_out: bool) -> None:
    """Import a fitcoach export (version 4, or an older 1, 2 or 3); what is already stored is
    skipped, so running it twice is safe (``fitcoach import``'s path for its own format).

    Everything is checked first: one bad value (reported with its file, line and column)
    imports nothing. Daily metrics of a day already stored are kept, not overwritten. Version
    2 brings plans, the conversation, health flags (open ones pause training, as here),
    consent records (recorded as imported) and sensor data, which needs the athlete's
    sensor_data consent. An athlete's own plan in force stays in force.
    """
    from fitcoach.services import imports, portability

    # Within the import limits of the settings (FITCOACH_IMPORT_MAX_*): raise them for one
    # run to import a larger export; it is written in one short transaction once checked.
    limits = imports.ImportLimits.from_settings(settings())
    with _progress(not json_out and _size(path) >= LARGE_BYTES) as progress:
        with errors():
            doc = portability.read_export(path, limits.read)
        with service_context() as ctx:
            target = athlete_id(ctx, athlete) if athlete is not None else None
            report = imports.import_export(
                ctx, doc, athlete_id=target, limits=limits, progress=progress
            )
    if json_out:
        print_json(report)
        return
    who = "new athlete" if report.athlete_created else "athlete"
    console.print(f"imported {path} into {who} {report.athlete_id}", highlight=False)
    console.print(_summary(report))
    if report.profile_updated:
        console.print("profile updated from the document")
    for note in report.notes:
        console.print(f"note: {note}", highlight=False)
