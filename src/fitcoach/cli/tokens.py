"""``fitcoach token``: API tokens (create, list, revoke) and account passwords."""

from __future__ import annotations

import enum
from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context

if TYPE_CHECKING:
    from fitcoach.services import accounts

app = typer.Typer(help="API tokens and account passwords.", no_args_is_help=True)


class Scope(enum.StrEnum):
    """``core.domain.TokenScope``'s choices, repeated so that ``--help`` need not
    import the database models."""

    read = "read"
    write = "write"


ACCOUNT = typer.Option(..., "--athlete", "-a", help="Athlete id or account e-mail.")


@app.command()
def create(
    account_ref: str = ACCOUNT,
    scope: Scope = typer.Option(Scope.read, help="read, or write to change data."),
    name: str = typer.Option("cli", help="A name to recognise the token by."),
    json_out: bool = JSON_OPTION,
) -> None:
    """Create an API token and print it once (only its hash is stored).

    Example: fitcoach token create -a ana@example.org --scope write --name phone
    """
    from fitcoach.core.domain import TokenScope
    from fitcoach.services import accounts

    with service_context() as ctx:
        account = accounts.account_for(ctx, account_ref)
        issued = accounts.create_token(ctx, account.id, scope=TokenScope(scope.value), name=name)
    if json_out:
        print_json({"token": issued.secret, **accounts_info(issued.info)})
        return
    console.print(issued.secret, highlight=False, soft_wrap=True)
    console.print(
        f"token {issued.info.id} ({issued.info.scope.value}) for {escape(issued.info.email)}: "
        "store it now, it is not shown again",
        style="dim",
        highlight=False,
    )


def accounts_info(info: accounts.TokenInfo) -> dict[str, object]:
    """A token's displayable fields."""
    return {
        "id": info.id,
        "email": info.email,
        "name": info.name,
        "prefix": info.prefix,
        "scope": info.scope.value,
        "kind": info.kind.value,
        "created_at": info.created_at,
        "expires_at": info.expires_at,
        "last_used_at": info.last_used_at,
        "revoked_at": info.revoked_at,
    }


@app.command("list")
def list_(json_out: bool = JSON_OPTION) -> None:
    """List API tokens (never the secrets).

    Example: fitcoach token list --json
    """
    from fitcoach.services import accounts

    with service_context() as ctx:
        tokens = accounts.list_tokens(ctx)
    if json_out:
        print_json([accounts_info(t) for t in tokens])
        return
    table = Table(
        "id", "account", "name", "prefix", "scope", "kind", "created", "last used", "revoked"
    )
    for t in tokens:
        table.add_row(
            str(t.id),
            escape(t.email),
            escape(t.name),
            f"{t.prefix}…",
            t.scope.value,
            t.kind.value,
            f"{t.created_at:%Y-%m-%d %H:%M}",
            f"{t.last_used_at:%Y-%m-%d %H:%M}" if t.last_used_at else "-",
            f"{t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "-",
        )
    console.print(table)


@app.command()
def revoke(token_id: int = typer.Argument(..., help="The token's id (see `token list`).")) -> None:
    """Revoke a token: requests with it are refused from now on.

    Example: fitcoach token revoke 3
    """
    from fitcoach.services import accounts

    with service_context() as ctx:
        info = accounts.revoke_token(ctx, token_id)
    console.print(f"token {info.id} of {escape(info.email)} revoked", highlight=False)


@app.command("set-password")
def set_password(
    account_ref: str = ACCOUNT,
    password: str = typer.Option(
        ..., prompt=True, hide_input=True, confirmation_prompt=True, help="At least 10 characters."
    ),
) -> None:
    """Set an account's password (for `POST /api/v1/auth/token`).

    Example: fitcoach token set-password -a ana@example.org
    """
    from fitcoach.services import accounts

    with service_context() as ctx:
        account = accounts.account_for(ctx, account_ref)
        accounts.set_password(ctx, account.id, password)
    console.print(f"password set for {escape(account.email)}", highlight=False)
