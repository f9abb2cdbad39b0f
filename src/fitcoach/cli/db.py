"""``fitcoach db``: migrations, and pruning by the retention settings."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import typer
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, errors, print_json, service_context, settings
from fitcoach.core.errors import InvalidInput

if TYPE_CHECKING:
    from rich.progress import TaskID

app = typer.Typer(help="Database schema: migrate, check, show the revision.", no_args_is_help=True)

# services.retention.KIND_NAMES, repeated so that --help need not import the services
RETENTION_KINDS = (
    "workouts",
    "cardio",
    "daily_metrics",
    "body_measurements",
    "sleep",
    "meals",
    "feedback",
    "messages",
    "vitals",
    "sensor_events",
    "waveform_chunks",
    "health_flags",
    "plan_versions",
    "held_imports",
    "audit",
)


@contextmanager
def _alembic_errors() -> Iterator[None]:
    """Alembic's expected failures (unknown revision, schema drift) as one clear line."""
    from alembic.util.exc import CommandError  # alembic: imported on use

    try:
        yield
    except CommandError as exc:
        raise InvalidInput(f"alembic: {exc}") from None


@app.command()
def upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    """Migrate the database to the latest schema and load the exercise library.

    Example: fitcoach db upgrade
    """
    from fitcoach.services.exercises import load_library
    from fitcoach.storage import migrate  # alembic: imported on use

    url = settings().sqlalchemy_url
    with errors(), _alembic_errors():
        migrate.upgrade(url, revision)
    with service_context() as ctx:
        added, updated = load_library(ctx)
    console.print(
        f"database at revision [bold]{migrate.current_revision(url)}[/]; "
        f"exercise library: {added} added, {updated} updated"
    )


@app.command()
def check() -> None:
    """Fail if the models and the migrations disagree (alembic check).

    Example: fitcoach db check
    """
    from fitcoach.storage import migrate  # alembic: imported on use

    with errors(), _alembic_errors():
        migrate.check(settings().sqlalchemy_url)
    console.print("models and migrations agree")


@app.command()
def current() -> None:
    """Show the database's schema revision.

    Example: fitcoach db current
    """
    from fitcoach.storage import migrate  # alembic: imported on use

    console.print(migrate.current_revision(settings().sqlalchemy_url) or "not migrated")


@app.command("rotate-key")
def rotate_key(
    batch: int = typer.Option(500, min=1, max=100_000, help="Rows read and written per batch."),
) -> None:
    """Re-encrypt every encrypted column with the newest key of FITCOACH_ENCRYPTION_KEYS.

    Put the new key first in the list (keeping the old ones after it), run this, then remove
    the old keys. Rows still in plaintext get encrypted; rows already on the newest key are
    left alone, so running it again changes nothing. Example: fitcoach db rotate-key
    """
    from rich.progress import Progress

    from fitcoach.services.installation import table_sizes
    from fitcoach.storage.crypto import ColumnPass, encrypted_columns, keyring, rewrite_column
    from fitcoach.storage.db import Base, make_engine

    s = settings()
    engine = make_engine(s.sqlalchemy_url)
    totals = ColumnPass()
    try:
        with errors():
            ring = keyring()
            columns = encrypted_columns(Base.metadata)
            with engine.connect() as conn:
                sizes = table_sizes(conn, {t for t, _, _ in columns})
            with Progress(console=console, transient=True) as progress:
                task = progress.add_task(
                    "re-encrypting", total=sum(sizes[t] for t, _, _ in columns)
                )
                for table_name, key, column_name in columns:
                    progress.update(task, description=f"{table_name}.{column_name}")
                    # One transaction per column: an interrupted run keeps what it finished,
                    # and running again picks up the rest.
                    with engine.begin() as conn:
                        done = rewrite_column(
                            conn,
                            table_name,
                            key,
                            column_name,
                            ring,
                            batch_rows=batch,
                            on_batch=lambda n: progress.advance(task, n),
                        )
                    totals.encrypted += done.encrypted
                    totals.rotated += done.rotated
                    totals.current += done.current
    finally:
        engine.dispose()
    console.print(
        f"{len(columns)} encrypted columns: {totals.rotated} values re-encrypted with the "
        f"newest key, {totals.encrypted} plaintext values encrypted, {totals.current} already "
        f"current (or empty); keys configured: {ring.size}",
        soft_wrap=True,
    )


def _overrides(pairs: list[str]) -> dict[str, int]:
    values: dict[str, int] = {}
    for pair in pairs:
        name, sep, days = pair.partition("=")
        if not sep or not days.strip().isdigit():
            raise InvalidInput(f"--keep takes KIND=DAYS (e.g. messages=365), got {pair!r}")
        values[name.strip().replace("-", "_")] = int(days)
    return values


@app.command()
def prune(
    keep: list[str] = typer.Option(
        [],
        "--keep",
        help="KIND=DAYS for this run, over the settings (kinds: "
        + ", ".join(RETENTION_KINDS)
        + ").",
    ),
    batch_size: int = typer.Option(5000, min=1, help="Rows deleted per transaction."),
    dry_run: bool = typer.Option(False, "--dry-run", help="Only count what would go."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Delete records older than each kind's retention (FITCOACH_RETENTION_*_DAYS), in batches.

    Unset kinds are kept forever; raw waveform chunks follow FITCOACH_WAVEFORM_RETENTION_DAYS
    (30 days by default) and files held for review FITCOACH_RETENTION_HELD_IMPORTS_DAYS (30).
    Open red flags, open sensor alerts, the plan in force and proposed plans are never pruned.

    Example: fitcoach db prune --keep messages=365 --keep audit=730 --dry-run
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from fitcoach.services import retention
    from fitcoach.storage.db import make_engine, make_session_factory

    s = settings()
    with errors():
        days = retention.policy(s, _overrides(keep))
    engine = make_engine(s.sqlalchemy_url)
    tasks: dict[str, TaskID] = {}
    try:
        with (
            errors(),
            Progress(
                TextColumn("{task.description:<16}"),
                BarColumn(),
                MofNCompleteColumn(),
                console=console,
                disable=json_out,
                transient=False,
            ) as progress,
        ):

            def advance(item: retention.KindReport, deleted: int) -> None:
                if item.kind not in tasks:
                    tasks[item.kind] = progress.add_task(item.kind, total=item.due or 1)
                    if item.due == 0 or dry_run:
                        progress.update(tasks[item.kind], completed=item.due or 1)
                progress.advance(tasks[item.kind], deleted)

            report = retention.prune(
                make_session_factory(engine),
                days,
                batch_size=batch_size,
                dry_run=dry_run,
                on_batch=advance,
            )
    finally:
        engine.dispose()
    if json_out:
        print_json(
            {
                "dry_run": report.dry_run,
                "kinds": [
                    {
                        "kind": k.kind,
                        "days": k.days,
                        "cutoff": k.cutoff.isoformat() if k.cutoff else None,
                        "due": k.due,
                        "deleted": k.deleted,
                    }
                    for k in report.kinds
                ],
            }
        )
        return
    title = "retention (dry run: nothing deleted)" if dry_run else "retention"
    table = Table("kind", "keep", "older than", "due", "deleted", title=title)
    for k in report.kinds:
        table.add_row(
            k.kind,
            "forever" if k.days is None else f"{k.days} days",
            f"{k.cutoff:%Y-%m-%d %H:%M}" if k.cutoff else "",
            str(k.due) if k.cutoff else "",
            str(k.deleted) if k.cutoff else "",
        )
    console.print(table)
