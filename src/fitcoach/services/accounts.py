"""Passwords and API tokens.

Passwords are hashed with argon2id. API tokens are 32 random bytes (URL-safe base64), shown
once and stored only as their SHA-256 hash plus a short prefix for display. A presented token
is verified by looking its hash up: the lookup compares hashes, not secrets, and learning how
many leading characters of a SHA-256 digest match tells an attacker nothing about a token
whose hash they would need to invert, so no constant-time comparison is needed.

A token has a kind: ``api`` (a bearer token) or ``session`` (the web's cookie).
``authenticate`` accepts only the kind its caller names, and refuses a token past its
``expires_at`` whatever its kind.
"""

from __future__ import annotations

import hashlib
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from fitcoach.core.domain import Role, TokenKind, TokenScope
from fitcoach.core.errors import InvalidInput, NotFound, PermissionDenied, Unauthenticated
from fitcoach.core.settings import get_settings
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import Session
from fitcoach.storage.models import Account
from fitcoach.storage.models.tokens import ApiToken
from fitcoach.storage.repositories import athletes as athlete_repo
from fitcoach.storage.repositories import tokens as token_repo
from fitcoach.storage.versions import credentials_generation

MIN_PASSWORD_LENGTH = 10
TOKEN_BYTES = 32
PREFIX_LENGTH = 8


def _hasher() -> PasswordHasher:
    """Argon2id at the costs the settings give (RFC 9106's low-memory profile by default)."""
    settings = get_settings()
    return _hasher_for(
        settings.password_hash_time_cost,
        settings.password_hash_memory_kib,
        settings.password_hash_parallelism,
    )


@cache
def _hasher_for(time_cost: int, memory_kib: int, parallelism: int) -> PasswordHasher:
    return PasswordHasher(time_cost=time_cost, memory_cost=memory_kib, parallelism=parallelism)


def dummy_hash() -> str:
    """Verified against when an e-mail is unknown, so that both cases take the same time.

    Made on first use rather than at import: an argon2 hash costs tens of milliseconds of every
    process's start (the command line's too). The API makes it right after it starts.
    """
    return _dummy_hash(_hasher())


@cache
def _dummy_hash(hasher: PasswordHasher) -> str:
    # One per hasher (i.e. per cost setting): an unknown e-mail's check then costs what a
    # stored hash at the current costs does, even after the settings change in a process.
    return hasher.hash("not a password of anyone")


LAST_USED_RESOLUTION = timedelta(minutes=1)


@dataclass(frozen=True)
class TokenInfo:
    """A token as it may be shown (never the secret)."""

    id: int
    account_id: int
    email: str
    name: str
    prefix: str
    scope: TokenScope
    created_at: datetime
    last_used_at: datetime | None
    revoked_at: datetime | None
    kind: TokenKind = TokenKind.api
    expires_at: datetime | None = None


@dataclass(frozen=True)
class IssuedToken:
    """A new token: ``secret`` is shown once and cannot be recovered."""

    secret: str
    info: TokenInfo


@dataclass(frozen=True)
class Authenticated:
    """Who a valid token belongs to, and what it may do."""

    subject: Subject
    scope: TokenScope
    token_id: int
    name: str = ""
    created_at: datetime | None = None
    use_due: bool = False  # the token's last use is older than LAST_USED_RESOLUTION
    expires_at: datetime | None = None


def hash_token(secret: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _info(token: ApiToken, account: Account) -> TokenInfo:
    return TokenInfo(
        id=token.id,
        account_id=account.id,
        email=account.email,
        name=token.name,
        prefix=token.prefix,
        scope=token.scope,
        created_at=token.created_at,
        last_used_at=token.last_used_at,
        revoked_at=token.revoked_at,
        kind=token.kind,
        expires_at=token.expires_at,
    )


def _require_admin(ctx: ServiceContext) -> None:
    if not ctx.subject.is_admin:
        raise PermissionDenied("only an admin may manage other accounts' credentials")


def set_password(ctx: ServiceContext, account_id: int, password: str) -> None:
    """Set an account's password (the account itself or an admin)."""
    if not ctx.subject.is_admin and ctx.subject.account_id != account_id:
        raise PermissionDenied("you may only set your own password")
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InvalidInput(
            f"the password must be at least {MIN_PASSWORD_LENGTH} characters long",
            field="password",
            details={"field": "password"},
        )
    account = athlete_repo.get_account(ctx.session, account_id)
    if account is None:
        raise NotFound(f"account {account_id} not found")
    account.password_hash = _hasher().hash(password)
    ctx.session.flush()
    ctx.audit("set_password", "account", account_id)


def account_for(ctx: ServiceContext, athlete_or_email: str) -> Account:
    """An account named by e-mail or by the id of its athlete (admin only)."""
    _require_admin(ctx)
    if athlete_or_email.isdigit():
        athlete = athlete_repo.get_athlete(ctx.session, ctx.scope(int(athlete_or_email)))
        account = athlete_repo.get_account(ctx.session, athlete.account_id)
    else:
        account = athlete_repo.account_by_email(ctx.session, athlete_or_email.strip().lower())
    if account is None:
        raise NotFound(f"no account for {athlete_or_email!r}")
    return account


def athlete_by_email(ctx: ServiceContext, email: str) -> int | None:
    """The id of the athlete whose account has ``email`` (None when there is none): how the
    command line resolves ``--athlete someone@example.org``. Reading the athlete's data still
    goes through ``ServiceContext.scope``."""
    account = athlete_repo.account_by_email(ctx.session, email)
    athlete = athlete_repo.athlete_for_account(ctx.session, account.id) if account else None
    return None if athlete is None else athlete.id


def _issue(
    ctx: ServiceContext,
    account: Account,
    scope: TokenScope,
    name: str,
    kind: TokenKind = TokenKind.api,
    lifetime: timedelta | None = None,
) -> IssuedToken:
    secret = secrets.token_urlsafe(TOKEN_BYTES)
    now = ctx.clock.now()
    token = token_repo.add(
        ctx.session,
        ApiToken(
            account_id=account.id,
            name=name,
            prefix=secret[:PREFIX_LENGTH],
            token_hash=hash_token(secret),
            scope=scope,
            kind=kind,
            created_at=now,
            expires_at=None if lifetime is None else now + lifetime,
        ),
    )
    ctx.audit("create", "api_token", token.id, detail={"scope": scope.value, "kind": kind.value})
    return IssuedToken(secret=secret, info=_info(token, account))


def create_token(
    ctx: ServiceContext, account_id: int, *, scope: TokenScope = TokenScope.read, name: str = ""
) -> IssuedToken:
    """A new token for an account (admin only)."""
    _require_admin(ctx)
    account = athlete_repo.get_account(ctx.session, account_id)
    if account is None:
        raise NotFound(f"account {account_id} not found")
    return _issue(ctx, account, scope, name or "token")


def _own_account(ctx: ServiceContext) -> Account:
    account_id = ctx.subject.account_id
    account = athlete_repo.get_account(ctx.session, account_id) if account_id else None
    if account is None or not account.is_active:
        raise Unauthenticated("sign in first")
    return account


def _password_matches(account: Account, password: str) -> bool:
    stored = account.password_hash
    try:
        _hasher().verify(stored or dummy_hash(), password)
    except (VerificationError, InvalidHashError):
        return False
    return stored is not None


def check_own_password(ctx: ServiceContext, password: str) -> None:
    """Refuse (``InvalidInput`` on ``password``) unless ``password`` is the signed-in account's
    own: what a page asks again before something that cannot be undone."""
    if not _password_matches(_own_account(ctx), password):
        raise InvalidInput(
            "password: that is not your password", field="password", details={"field": "password"}
        )


def change_password(
    ctx: ServiceContext, current: str, new: str, *, keep_session: int | None = None
) -> int:
    """Change the subject's own password after checking the current one (``InvalidInput``
    naming the field when it is wrong or the new one too short). The account's other browser
    sessions are signed out (all but ``keep_session``, the token id of the one asking); API
    tokens stay. Returns how many sessions were signed out."""
    account = _own_account(ctx)
    if not _password_matches(account, current):
        raise InvalidInput(
            "current password: it is not right", field="current", details={"field": "current"}
        )
    set_password(ctx, account.id, new)
    ended = 0
    now = ctx.clock.now()
    for token, _ in token_repo.list_all(ctx.session, account.id):
        if (
            token.kind == TokenKind.session
            and token.revoked_at is None
            and token.id != keep_session
        ):
            token.revoked_at = now
            ended += 1
            ctx.audit("revoke", "api_token", token.id)
    ctx.session.flush()
    return ended


TOKEN_NAME_MAX = 120


def create_own_token(
    ctx: ServiceContext, password: str, *, scope: TokenScope = TokenScope.read, name: str = ""
) -> IssuedToken:
    """A new API token for the subject's own account, confirmed with its password (as
    ``POST /auth/token`` asks): a stolen browser session alone cannot mint a lasting token.
    ``InvalidInput`` names the field that is wrong."""
    account = _own_account(ctx)
    name = " ".join(name.split())
    if len(name) > TOKEN_NAME_MAX:
        raise InvalidInput(
            f"name: at most {TOKEN_NAME_MAX} characters", field="name", details={"field": "name"}
        )
    if not _password_matches(account, password):
        raise InvalidInput(
            "password: it is not right", field="password", details={"field": "password"}
        )
    return _issue(ctx, account, scope, name or "token")


def login(
    ctx: ServiceContext,
    email: str,
    password: str,
    *,
    scope: TokenScope = TokenScope.write,
    name: str = "login",
    kind: TokenKind = TokenKind.api,
    lifetime: timedelta | None = None,
) -> IssuedToken:
    """A new token for the account with this e-mail and password, or ``Unauthenticated``.

    ``kind`` says where the token will be accepted (a web session passes ``session`` and its
    ``lifetime``); an API token without ``lifetime`` lasts until it is revoked.
    """
    account = athlete_repo.account_by_email(ctx.session, email.strip().lower())
    stored = account.password_hash if account is not None else None
    try:
        _hasher().verify(stored or dummy_hash(), password)
        ok = stored is not None
    except (VerificationError, InvalidHashError):
        ok = False
    if not ok or account is None or not account.is_active:
        raise Unauthenticated("wrong e-mail or password")
    if _hasher().check_needs_rehash(stored or ""):
        account.password_hash = _hasher().hash(password)
    return _issue(ctx, account, scope, name, kind, lifetime)


def authenticate(
    ctx: ServiceContext,
    secret: str,
    *,
    kind: TokenKind = TokenKind.api,
    record_use: bool = True,
) -> Authenticated:
    """Who a presented token belongs to; unknown, revoked, expired, inactive or of another
    ``kind`` → ``Unauthenticated``.

    A token of another kind gets the same answer as an unknown one: a browser session is not a
    bearer token and an API token is not a session, whatever else is right about them.

    ``record_use`` stamps ``last_used_at`` in this unit of work when it is due (at most once a
    minute). A server passes False and calls ``record_token_use`` in a short transaction of
    its own when ``use_due`` says so: stamping inside the request would hold SQLite's write
    lock for the whole request, and a burst of requests on one token would queue behind it.
    """
    found = token_repo.by_hash(ctx.session, hash_token(secret))
    if found is None:
        raise Unauthenticated("the token is not valid")
    token, account = found
    if token.kind != kind:
        raise Unauthenticated("the token is not valid")
    if token.revoked_at is not None:
        raise Unauthenticated("the token has been revoked")
    now = ctx.clock.now()
    if token.expires_at is not None and now >= token.expires_at:
        raise Unauthenticated(
            "the session has expired; sign in again"
            if kind == TokenKind.session
            else "the token has expired"
        )
    if not account.is_active:
        raise Unauthenticated("the account is disabled")
    due = token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION
    if due and record_use:
        token.last_used_at = now
        ctx.session.flush()
    return Authenticated(
        Subject(account.id, Role(account.role)),
        token.scope,
        token.id,
        token.name,
        token.created_at,
        use_due=due and not record_use,
        expires_at=token.expires_at,
    )


# How long a process trusts a token it verified, when nothing it committed since changed any
# credentials (``storage.versions.credentials_generation``): a token revoked, an account
# disabled or a password changed through this process counts at once; through another process
# (the command line, another server worker) within this many seconds.
VERIFIED_FOR_S = 5.0
MAX_VERIFIED = 10_000


@dataclass(frozen=True)
class _Verified:
    auth: Authenticated
    kind: TokenKind
    expires_at: datetime | None
    generation: int
    until: float  # time.monotonic()


class VerifiedTokens:
    """API tokens this process verified recently, by their hash (never the secret).

    ``authenticate`` costs a query and a worker thread per request; a request whose token was
    verified less than ``VERIFIED_FOR_S`` ago, with no credentials changed by this process
    since, is answered from here (its expiry still checked against the request's clock).
    """

    def __init__(self, ttl_s: float = VERIFIED_FOR_S, max_entries: int = MAX_VERIFIED) -> None:
        self.ttl_s = ttl_s
        self.max_entries = max_entries
        self._entries: dict[str, _Verified] = {}
        self._lock = threading.Lock()

    def generation(self) -> int:
        """Take this before verifying: ``remember`` refuses what a change since made stale."""
        return credentials_generation()

    def lookup(self, secret: str, kind: TokenKind, now: datetime) -> Authenticated | None:
        entry = self._entries.get(hash_token(secret))
        if entry is None or entry.kind != kind:
            return None
        if entry.generation != credentials_generation() or time.monotonic() >= entry.until:
            return None
        if entry.expires_at is not None and now >= entry.expires_at:
            return None  # ``authenticate`` says why
        return entry.auth

    def remember(
        self,
        secret: str,
        kind: TokenKind,
        auth: Authenticated,
        expires_at: datetime | None,
        generation: int,
    ) -> None:
        if generation != credentials_generation():
            return
        entry = _Verified(auth, kind, expires_at, generation, time.monotonic() + self.ttl_s)
        with self._lock:
            if len(self._entries) >= self.max_entries:
                self._entries.clear()
            self._entries[hash_token(secret)] = entry

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


def record_token_use(session: Session, token_id: int, now: datetime) -> bool:
    """Stamp a token's ``last_used_at`` unless another request already did (True if stamped).

    One conditional UPDATE: of many concurrent requests that found the use due, the first
    stamps it and the others change nothing.
    """
    return token_repo.touch(session, token_id, now, now - LAST_USED_RESOLUTION)


def list_tokens(ctx: ServiceContext) -> list[TokenInfo]:
    """Tokens: all for an admin, otherwise the subject's own."""
    account_id = None if ctx.subject.is_admin else ctx.subject.account_id
    if account_id is None and not ctx.subject.is_admin:
        return []
    return [_info(t, a) for t, a in token_repo.list_all(ctx.session, account_id)]


def revoke_token(ctx: ServiceContext, token_id: int) -> TokenInfo:
    """Revoke a token (its owner or an admin); revoking twice keeps the first time."""
    token = token_repo.get(ctx.session, token_id)
    if token is None or (not ctx.subject.is_admin and token.account_id != ctx.subject.account_id):
        raise NotFound(f"token {token_id} not found")
    if token.revoked_at is None:
        token.revoked_at = ctx.clock.now()
        ctx.session.flush()
        ctx.audit("revoke", "api_token", token_id)
    account = athlete_repo.get_account(ctx.session, token.account_id)
    assert account is not None
    return _info(token, account)


@dataclass(frozen=True)
class Me:
    """The signed-in account, as a page shows it."""

    id: int
    email: str
    name: str
    role: Role


def me(ctx: ServiceContext) -> Me:
    """The subject's own account (``Unauthenticated`` for the operator or a removed one)."""
    account_id = ctx.subject.account_id
    account = athlete_repo.get_account(ctx.session, account_id) if account_id else None
    if account is None or not account.is_active:
        raise Unauthenticated("sign in first")
    return Me(account.id, account.email, account.display_name, Role(account.role))


@dataclass(frozen=True)
class AccountInfo:
    """An account as the admin page lists it (never a password or a token)."""

    id: int
    email: str
    name: str
    role: Role
    active: bool
    created_at: datetime
    last_used_at: datetime | None  # the latest use of any of its tokens
    tokens: int  # tokens not revoked


def list_accounts(ctx: ServiceContext) -> list[AccountInfo]:
    """Every account with its role, state and last token use (admin only)."""
    _require_admin(ctx)
    used: dict[int, datetime | None] = {}
    live: dict[int, int] = {}
    for token, _account in token_repo.list_all(ctx.session, None):
        last = used.get(token.account_id)
        if token.last_used_at is not None and (last is None or token.last_used_at > last):
            used[token.account_id] = token.last_used_at
        else:
            used.setdefault(token.account_id, last)
        if token.revoked_at is None:
            live[token.account_id] = live.get(token.account_id, 0) + 1
    return [
        AccountInfo(
            id=a.id,
            email=a.email,
            name=a.display_name,
            role=Role(a.role),
            active=a.is_active,
            created_at=a.created_at,
            last_used_at=used.get(a.id),
            tokens=live.get(a.id, 0),
        )
        for a in athlete_repo.list_accounts(ctx.session)
    ]


def set_active(ctx: ServiceContext, account_id: int, active: bool) -> AccountInfo:
    """Enable or disable an account (admin only). A disabled account cannot sign in and its
    tokens stop working; admins cannot disable their own account."""
    _require_admin(ctx)
    account = athlete_repo.get_account(ctx.session, account_id)
    if account is None:
        raise NotFound(f"account {account_id} not found")
    if not active and ctx.subject.account_id == account_id:
        raise InvalidInput("you cannot disable your own account")
    if account.is_active != active:
        account.is_active = active
        ctx.session.flush()
        ctx.audit("enable" if active else "disable", "account", account_id)
    return next(a for a in list_accounts(ctx) if a.id == account_id)
