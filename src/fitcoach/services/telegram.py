"""Linking Telegram chats to athletes with one-time codes, and the chats' preferences.

The web (or the CLI) makes a code for the signed-in athlete; the athlete sends it to the bot
(``/link CODE`` or the ``/start CODE`` deep link) within ten minutes, once. Only the code's
SHA-256 hash is stored (as for API tokens): a database dump holds no usable code. A new code
voids the account's earlier unused ones. From then on every update from that chat acts as the
athlete's own account (``subject_of``), never as the operator.
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from fitcoach.core.domain import Role
from fitcoach.core.errors import InvalidInput, NotFound, PermissionDenied
from fitcoach.services.accounts import hash_token
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.models.telegram import LinkCode, TelegramChat
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import telegram as repo

CODE_TTL = timedelta(minutes=10)
# No 0/O, 1/I/L: a code is read off a screen and typed on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
DEFAULT_MORNING = "07:30"
_MORNING = re.compile(r"^([01]?\d|2[0-3])[:.h]([0-5]\d)$")


@dataclass(frozen=True)
class IssuedCode:
    """A new link code: ``code`` is shown once and cannot be recovered."""

    code: str
    athlete_id: int
    expires_at: datetime


@dataclass(frozen=True)
class ChatLink:
    """A linked chat as the bot and the web page see it."""

    chat_id: int
    athlete_id: int
    account_id: int
    linked_at: datetime
    notify_alerts: bool
    notify_readiness: bool
    notify_weekly: bool
    morning_at: str
    last_morning_on: date | None
    last_weekly: str | None

    @property
    def subject(self) -> Subject:
        """The athlete's own account: what every update from this chat acts as."""
        return Subject(account_id=self.account_id, role=Role.athlete)

    @property
    def morning_time(self) -> time:
        hour, minute = self.morning_at.split(":")
        return time(int(hour), int(minute))


def _view(row: TelegramChat) -> ChatLink:
    return ChatLink(
        chat_id=row.chat_id,
        athlete_id=row.athlete_id,
        account_id=row.account_id,
        linked_at=row.linked_at,
        notify_alerts=row.notify_alerts,
        notify_readiness=row.notify_readiness,
        notify_weekly=row.notify_weekly,
        morning_at=row.morning_at,
        last_morning_on=row.last_morning_on,
        last_weekly=row.last_weekly,
    )


def normalise_code(text: str) -> str:
    """A code as typed ("abcd-efgh", "ABCD EFGH") in its stored form."""
    return re.sub(r"[\s\-_]", "", text or "").upper()


def create_link_code(ctx: ServiceContext, athlete_id: int) -> IssuedCode:
    """A one-time code (ten minutes) that links a Telegram chat to ``athlete_id``.

    Only the athlete themself or an admin may make one: a coach's code would let a chat act as
    the athlete's own account.
    """
    scope = ctx.scope(athlete_id)
    if ctx.subject.role == Role.coach:
        raise PermissionDenied("only the athlete can connect Telegram to their account")
    athlete = athlete_repo.get_athlete(ctx.session, scope)
    now = ctx.clock.now()
    repo.void_open_codes(ctx.session, athlete.account_id, now)
    code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    repo.add(
        ctx.session,
        LinkCode(
            code_hash=hash_token(code),
            account_id=athlete.account_id,
            athlete_id=athlete.id,
            created_at=now,
            expires_at=now + CODE_TTL,
        ),
    )
    ctx.audit("create", "telegram_link_code", athlete_id=athlete.id)
    return IssuedCode(code=code, athlete_id=athlete.id, expires_at=now + CODE_TTL)


def _link(ctx: ServiceContext, chat_id: int, athlete_id: int, account_id: int) -> ChatLink:
    row = repo.chat(ctx.session, chat_id)
    now = ctx.clock.now()
    if row is None:
        row = TelegramChat(
            chat_id=chat_id,
            athlete_id=athlete_id,
            account_id=account_id,
            linked_at=now,
            notify_alerts=True,
            notify_readiness=True,
            notify_weekly=True,
            morning_at=DEFAULT_MORNING,
        )
        repo.add(ctx.session, row)
    else:  # the chat moves to another account: its old link goes
        row.athlete_id, row.account_id, row.linked_at = athlete_id, account_id, now
        row.last_morning_on, row.last_weekly = None, None
        ctx.session.flush()
    ctx.audit("link", "telegram_chat", row.id, athlete_id=athlete_id)
    return _view(row)


def redeem(ctx: ServiceContext, code: str, chat_id: int) -> ChatLink:
    """Link ``chat_id`` to the athlete the code was made for; the code is then spent.

    Unknown, expired and used codes are refused with what to do instead.
    """
    found = repo.code_by_hash(ctx.session, hash_token(normalise_code(code)))
    again = "open Connect Telegram in the fitcoach web app for a new code"
    if found is None:
        raise InvalidInput(f"that code is not valid; check it, or {again}")
    now = ctx.clock.now()
    if found.used_at is not None:
        raise InvalidInput(f"that code was already used; {again}")
    if now >= found.expires_at:
        raise InvalidInput(f"that code expired (codes last 10 minutes); {again}")
    account = athlete_repo.get_account(ctx.session, found.account_id)
    if account is None or not account.is_active:
        raise InvalidInput("that account is disabled; ask your fitcoach administrator")
    found.used_at = now
    ctx.session.flush()
    return _link(ctx, chat_id, found.athlete_id, found.account_id)


def link_new_athlete(ctx: ServiceContext, athlete_id: int, chat_id: int) -> ChatLink:
    """Link the chat that just created ``athlete_id`` (the bot's onboarding) to them."""
    athlete = athlete_repo.get_athlete(ctx.session, ctx.scope(athlete_id))
    return _link(ctx, chat_id, athlete.id, athlete.account_id)


def chat_link(ctx: ServiceContext, chat_id: int) -> ChatLink | None:
    """Who a chat acts as (None when it is not linked or the account is disabled)."""
    row = repo.chat(ctx.session, chat_id)
    if row is None:
        return None
    account = athlete_repo.get_account(ctx.session, row.account_id)
    if account is None or not account.is_active:
        return None
    return _view(row)


def chats(ctx: ServiceContext, athlete_id: int) -> list[ChatLink]:
    """The chats linked to an athlete the subject may see."""
    return [_view(row) for row in repo.chats_of(ctx.session, ctx.scope(athlete_id))]


def all_links(ctx: ServiceContext) -> list[ChatLink]:
    """Every linked chat of an active account (the operator's proactive jobs only)."""
    if not ctx.subject.is_admin:
        raise PermissionDenied("only the operator lists every linked chat")
    out = []
    for row in repo.all_chats(ctx.session):
        account = athlete_repo.get_account(ctx.session, row.account_id)
        if account is not None and account.is_active:
            out.append(_view(row))
    return out


def _own_row(ctx: ServiceContext, chat_id: int) -> TelegramChat:
    row = repo.chat(ctx.session, chat_id)
    if row is None:
        raise NotFound("this chat is not linked to a fitcoach account")
    ctx.scope(row.athlete_id)  # another athlete's chat is "not found"
    return row


def unlink(ctx: ServiceContext, chat_id: int) -> None:
    """Forget a chat's link (the athlete from the chat or the web, or an admin)."""
    row = _own_row(ctx, chat_id)
    athlete_id = row.athlete_id
    repo.delete_chat(ctx.session, row)
    ctx.audit("unlink", "telegram_chat", athlete_id=athlete_id)


def parse_morning(text: str) -> str:
    """``7:30``, ``07.30``, ``7h30`` → ``07:30``; anything else is refused with the form."""
    m = _MORNING.match(text.strip())
    if m is None:
        raise InvalidInput(f"morning time {text!r}: write it as HH:MM, e.g. 07:30")
    return f"{int(m.group(1)):02d}:{m.group(2)}"


def set_preferences(
    ctx: ServiceContext,
    chat_id: int,
    *,
    alerts: bool | None = None,
    readiness: bool | None = None,
    weekly: bool | None = None,
    morning_at: str | None = None,
) -> ChatLink:
    """Change which proactive messages a chat gets, and when the morning one comes."""
    row = _own_row(ctx, chat_id)
    if alerts is not None:
        row.notify_alerts = alerts
    if readiness is not None:
        row.notify_readiness = readiness
    if weekly is not None:
        row.notify_weekly = weekly
    if morning_at is not None:
        row.morning_at = parse_morning(morning_at)
        row.last_morning_on = None
    ctx.session.flush()
    return _view(row)


def mark_sent(
    ctx: ServiceContext, chat_id: int, *, morning_on: date | None = None, weekly: str | None = None
) -> None:
    """Remember that the morning message of a day or the report of a week went out."""
    row = _own_row(ctx, chat_id)
    if morning_on is not None:
        row.last_morning_on = morning_on
    if weekly is not None:
        row.last_weekly = weekly
    ctx.session.flush()
