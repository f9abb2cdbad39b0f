"""``fitcoach db``: migrations."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer

from fitcoach.cli.common import console, errors, service_context, settings
from fitcoach.coach.services.exercises import load_library
from fitcoach.core.errors import InvalidInput

app = typer.Typer(help="Database schema: migrate, check, show the revision.", no_args_is_help=True)


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
    from sqlalchemy import func, select, table

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
                sizes = {
                    name: int(
                        conn.execute(select(func.count()).select_from(table(name))).scalar_one()
                    )
                    for name in {t for t, _, _ in columns}
                }
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
        f"current (or empty); keys configured: {ring.size}"
    )
