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
