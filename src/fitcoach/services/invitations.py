"""Invitations: the codes that let someone sign up when sign-up is by invitation.

An admin or a coach makes one (the web's Invitations page, ``fitcoach invite create``); its
code is shown once, as a code and as a link to ``/signup?invite=CODE``, and only its SHA-256
hash is stored (``accounts.hash_token``). A code works once, until it expires
(``FITCOACH_INVITATION_DAYS``, 7 days by default) or is revoked. Sixteen characters from an
alphabet without look-alikes (80 bits), typed with or without the dashes and in any case; the
sign-up page counts wrong codes against the client's address like failed sign-ins.

An athlete who signs up with a coach's invitation is linked to that coach when they grant
``coach_sharing`` (``signup.sign_up``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from fitcoach.core import bounds
from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound, PermissionDenied
from fitcoach.services.accounts import hash_token
from fitcoach.services.context import ServiceContext
from fitcoach.storage.models import Account
from fitcoach.storage.models.invitations import Invitation
from fitcoach.storage.repositories import invitations as repo

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I
CODE_LENGTH = 16
GROUP = 4
PREFIX_LENGTH = 4
NOTE_MAX = 120
MAX_DAYS = 90

State = Literal["open", "used", "expired", "revoked"]


@dataclass(frozen=True)
class InvitationInfo:
    """An invitation as the inviter sees it (never the code)."""

    id: int
    prefix: str
    note: str
    created_at: datetime
    expires_at: datetime
    used_at: datetime | None
    revoked_at: datetime | None
    created_by: str | None  # the inviter's e-mail (None: the command line, or removed)
    created_by_name: str | None  # the inviter's display name: what a sign-up page may show
    created_by_role: Role | None
    created_by_account_id: int | None
    used_by: str | None  # the e-mail of the account made with it
    state: State


@dataclass(frozen=True)
class IssuedInvitation:
    """A new invitation: ``code`` is shown once and cannot be recovered."""

    code: str
    info: InvitationInfo


def normalise_code(text: str) -> str:
    """A code as typed ("abcd-efgh ...", with spaces) in its stored form."""
    return re.sub(r"[\s\-_]", "", text or "").upper()[: CODE_LENGTH * 2]


def format_code(code: str) -> str:
    """``ABCDEFGHJKLMNPQR`` → ``ABCD-EFGH-JKLM-NPQR`` (easier to read out and type)."""
    return "-".join(code[i : i + GROUP] for i in range(0, len(code), GROUP))


def _state(row: Invitation, now: datetime) -> State:
    if row.used_at is not None:
        return "used"
    if row.revoked_at is not None:
        return "revoked"
    if now >= row.expires_at:
        return "expired"
    return "open"


def _info(
    row: Invitation, inviter: Account | None, invitee: Account | None, now: datetime
) -> InvitationInfo:
    return InvitationInfo(
        id=row.id,
        prefix=row.prefix,
        note=row.note,
        created_at=row.created_at,
        expires_at=row.expires_at,
        used_at=row.used_at,
        revoked_at=row.revoked_at,
        created_by=inviter.email if inviter else None,
        created_by_name=inviter.display_name if inviter else None,
        created_by_role=Role(inviter.role) if inviter else None,
        created_by_account_id=row.created_by_account_id,
        used_by=invitee.email if invitee else None,
        state=_state(row, now),
    )


def _require_inviter(ctx: ServiceContext) -> None:
    if ctx.subject.role not in (Role.admin, Role.coach):
        raise PermissionDenied("only an admin or a coach may invite people to sign up")


def create_invitation(ctx: ServiceContext, *, note: str = "", days: int = 7) -> IssuedInvitation:
    """A new single-use invitation valid for ``days`` (admins and coaches)."""
    _require_inviter(ctx)
    note = " ".join(bounds.check_text(note, "note").split())
    if len(note) > NOTE_MAX:
        raise InvalidInput(
            f"note: at most {NOTE_MAX} characters (got {len(note)})",
            field="note",
            details={"field": "note"},
        )
    if not 1 <= days <= MAX_DAYS:
        raise InvalidInput(
            f"days: an invitation lasts 1 to {MAX_DAYS} days (got {days})",
            field="days",
            details={"field": "days"},
        )
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    now = ctx.clock.now()
    row = repo.add(
        ctx.session,
        Invitation(
            code_hash=hash_token(code),
            prefix=code[:PREFIX_LENGTH],
            note=note,
            created_by_account_id=ctx.subject.account_id,
            created_at=now,
            expires_at=now + timedelta(days=days),
        ),
    )
    ctx.audit("create", "invitation", row.id, detail={"days": days})
    return IssuedInvitation(code=format_code(code), info=_find(ctx, row.id))


def list_invitations(ctx: ServiceContext) -> list[InvitationInfo]:
    """Invitations, newest first: every one for an admin, a coach's own for a coach."""
    _require_inviter(ctx)
    mine = None if ctx.subject.is_admin else ctx.subject.account_id
    if mine is None and not ctx.subject.is_admin:
        return []
    now = ctx.clock.now()
    return [_info(r, a, b, now) for r, a, b in repo.list_all(ctx.session, mine)]


def _find(ctx: ServiceContext, invitation_id: int) -> InvitationInfo:
    found = next((i for i in list_invitations(ctx) if i.id == invitation_id), None)
    if found is None:
        raise NotFound(f"invitation {invitation_id} not found")
    return found


def revoke_invitation(ctx: ServiceContext, invitation_id: int) -> InvitationInfo:
    """Stop an invitation before it is used (an admin, or the coach who made it); revoking
    twice keeps the first time, and a used one stays used."""
    _require_inviter(ctx)
    row = repo.get(ctx.session, invitation_id)
    if row is None or (
        not ctx.subject.is_admin and row.created_by_account_id != ctx.subject.account_id
    ):
        raise NotFound(f"invitation {invitation_id} not found")
    if row.revoked_at is None and row.used_at is None:
        row.revoked_at = ctx.clock.now()
        ctx.session.flush()
        ctx.audit("revoke", "invitation", invitation_id)
    return _find(ctx, invitation_id)


def _refusal(state: State) -> str:
    return {
        "used": "this invitation code has been used already; each works once",
        "expired": "this invitation code has expired",
        "revoked": "this invitation code has been withdrawn",
        "open": "",
    }[state]


def check_code(ctx: ServiceContext, code: str) -> InvitationInfo:
    """The open invitation of ``code``, or ``InvalidInput`` (field ``invite``) saying what is
    wrong with it and what to do. Anyone may ask: the sign-up page checks a code before
    the form is filled in."""
    normal = normalise_code(code)
    if not normal:
        raise InvalidInput(
            "invitation code: sign-up here is by invitation; type the code you were given",
            field="invite",
            details={"field": "invite"},
        )
    row = repo.by_hash(ctx.session, hash_token(normal))
    if row is None:
        raise InvalidInput(
            "invitation code: not a valid code; check it against the one you were given",
            field="invite",
            details={"field": "invite"},
        )
    now = ctx.clock.now()
    state = _state(row, now)
    if state != "open":
        raise InvalidInput(
            f"invitation code: {_refusal(state)}; ask whoever invited you for a new one",
            field="invite",
            details={"field": "invite"},
        )
    inviter = None
    if row.created_by_account_id is not None:
        inviter = ctx.session.get(Account, row.created_by_account_id)
    return _info(row, inviter, None, now)


def redeem(ctx: ServiceContext, code: str) -> InvitationInfo:
    """Use ``code`` up (``check_code``'s refusals otherwise). Claimed with one conditional
    update: of two sign-ups racing for one code only one gets it, the other is refused. The
    caller records who used it (``record_use``) in the same unit of work."""
    info = check_code(ctx, code)
    if not repo.claim(ctx.session, info.id, ctx.clock.now()):
        raise InvalidInput(
            f"invitation code: {_refusal('used')}; ask whoever invited you for a new one",
            field="invite",
            details={"field": "invite"},
        )
    return info


def record_use(ctx: ServiceContext, invitation_id: int, account_id: int) -> None:
    """Note the account an invitation made (after ``redeem``)."""
    row = repo.get(ctx.session, invitation_id)
    if row is None:
        raise NotFound(f"invitation {invitation_id} not found")
    row.used_by_account_id = account_id
    ctx.session.flush()
    ctx.audit("use", "invitation", invitation_id, detail={"account_id": account_id})
