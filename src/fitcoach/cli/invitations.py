"""``fitcoach invite``: invitation codes for the web's sign-up (``FITCOACH_SIGNUP=invite``)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import typer
from rich.markup import escape
from rich.table import Table

from fitcoach.cli.common import JSON_OPTION, console, print_json, service_context, settings

if TYPE_CHECKING:
    from fitcoach.services.invitations import InvitationInfo

app = typer.Typer(help="Invitations to sign up on the web.", no_args_is_help=True)


def _info(info: InvitationInfo) -> dict[str, object]:
    """An invitation's displayable fields (never the code)."""
    return {
        "id": info.id,
        "prefix": info.prefix,
        "note": info.note,
        "state": info.state,
        "created_by": info.created_by,
        "created_at": info.created_at,
        "expires_at": info.expires_at,
        "used_at": info.used_at,
        "used_by": info.used_by,
        "revoked_at": info.revoked_at,
    }


@app.command()
def create(
    note: str = typer.Option("", help="Who it is for (shown in the list only)."),
    days: int | None = typer.Option(
        None, help="How long it is valid (default FITCOACH_INVITATION_DAYS, 7)."
    ),
    base_url: str | None = typer.Option(
        None, help="The address people open the web at (default http://HOST:PORT)."
    ),
    json_out: bool = JSON_OPTION,
) -> None:
    """Make a single-use invitation and print its code and link once (only a hash is kept).

    Example: fitcoach invite create --note "Sam" --days 3
    """
    from fitcoach.services import invitations

    s = settings()
    with service_context() as ctx:
        issued = invitations.create_invitation(
            ctx, note=note, days=s.invitation_days if days is None else days
        )
    base = (base_url or f"http://{s.host}:{s.port}").rstrip("/")
    link = f"{base}/signup?invite={issued.code}"
    if json_out:
        print_json({"code": issued.code, "link": link, **_info(issued.info)})
        return
    console.print(link, highlight=False, soft_wrap=True)
    console.print(
        f"invitation {issued.info.id}, code {issued.code}, valid until "
        f"{issued.info.expires_at:%Y-%m-%d %H:%M} UTC, works once: send it now, it is not "
        "shown again"
        + (
            ""
            if s.signup == "invite"
            else f" (sign-up is {s.signup!r}: set FITCOACH_SIGNUP=invite)"
        ),
        style="dim",
        highlight=False,
    )


@app.command("list")
def list_(json_out: bool = JSON_OPTION) -> None:
    """List the invitations with their state (open, used, expired, revoked).

    Example: fitcoach invite list --json
    """
    from fitcoach.services import invitations

    with service_context() as ctx:
        found = invitations.list_invitations(ctx)
    if json_out:
        print_json([_info(i) for i in found])
        return
    table = Table("id", "code", "note", "state", "by", "made", "until", "used by")
    for i in found:
        table.add_row(
            str(i.id),
            f"{i.prefix}…",
            escape(i.note),
            i.state,
            escape(i.created_by or "command line"),
            f"{i.created_at:%Y-%m-%d %H:%M}",
            f"{i.expires_at:%Y-%m-%d %H:%M}",
            escape(i.used_by or "-"),
        )
    console.print(table)


@app.command()
def revoke(
    invitation_id: int = typer.Argument(..., help="The invitation's id (see `invite list`)."),
) -> None:
    """Withdraw an invitation: its code stops working.

    Example: fitcoach invite revoke 3
    """
    from fitcoach.services import invitations

    with service_context() as ctx:
        info = invitations.revoke_invitation(ctx, invitation_id)
    console.print(f"invitation {info.id} is {info.state}", highlight=False)
