"""Web sessions: a hashed, revocable token in an HttpOnly cookie, and CSRF protection.

A browser signs in with e-mail and password (rate-limited like the API's sign-in). The session
is a token of kind ``session`` named ``web session``: only its SHA-256 hash is stored, it
expires after ``SESSION_MAX_AGE``, signing out revokes it, and an admin sees it among the
account's tokens. Only the cookie carries it: the API's bearer header refuses a session, and
the cookie refuses an API token. The cookie is ``HttpOnly`` and ``SameSite=Lax``; ``Secure``
when the request came over HTTPS.

CSRF: every state-changing request made with the cookie must carry a token that only a page of
ours can read: ``HMAC(secret_key, session secret)``, in a form field ``csrf_token`` or the
``X-CSRF-Token`` header (the page's scripts send it). Before sign-in, the login form uses a
double-submit cookie.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import partial

import anyio.to_thread
import structlog
from anyio import CapacityLimiter
from anyio.lowlevel import RunVar
from fastapi import Request, Response
from starlette.background import BackgroundTask, BackgroundTasks

from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.domain import TokenKind, TokenScope
from fitcoach.core.errors import PermissionDenied, Unauthenticated
from fitcoach.core.settings import Settings
from fitcoach.services import accounts
from fitcoach.services.access_log import Access, record_accesses
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject
from fitcoach.storage.db import OperationalError, Session, sessionmaker, unit_of_work

log = structlog.get_logger(__name__)

SESSION_COOKIE = "fitcoach_session"
LOGIN_CSRF_COOKIE = "fitcoach_login_csrf"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SESSION_NAME = "web session"
SESSION_MAX_AGE = timedelta(days=14)
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class WebSession:
    """The signed-in account of a browser request."""

    subject: Subject
    scope: TokenScope
    token_id: int
    secret: str
    csrf: str


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def csrf_for(settings: Settings, secret: str) -> str:
    """The CSRF token of a session: a keyed hash of its secret (no server state needed)."""
    key = settings.secret_key.get_secret_value().encode()
    return hmac.new(key, b"csrf:" + secret.encode(), hashlib.sha256).hexdigest()


def session_secret(request: Request) -> str | None:
    value = request.cookies.get(SESSION_COOKIE, "").strip()
    return value or None


# Worker threads for the writes after a response (token use stamps, access log entries), apart
# from the request handlers' (``api_threads``). On SQLite such a write waits for the write lock
# in its thread, up to the busy timeout: in the handlers' pool, a few of them could take every
# thread while the request that holds the lock needs one to commit, and all would stall.
BACKGROUND_THREADS = 2
_background_limiter: RunVar[CapacityLimiter] = RunVar("fitcoach_background_writes")


def _background_threads() -> CapacityLimiter:
    """The limiter of the writes after a response (one per event loop, as AnyIO's own)."""
    try:
        return _background_limiter.get()
    except LookupError:
        limiter = CapacityLimiter(BACKGROUND_THREADS)
        _background_limiter.set(limiter)
        return limiter


def after_response(fn: Callable[..., None], *args: object) -> BackgroundTask:
    """A background task that runs ``fn(*args)`` in a thread of its own limiter."""

    async def run() -> None:
        await anyio.to_thread.run_sync(partial(fn, *args), limiter=_background_threads())

    return BackgroundTask(run)


# When the app last scheduled a stamp per token (``app.state.token_stamps``): a burst of
# requests on one token schedules one write, not one per request. A time, not a flag, so
# that a stamp that never ran (the client went away first) does not stop later ones.
_scheduled_lock = threading.Lock()


def _stamp_use(factory: sessionmaker[Session], token_id: int, now: datetime) -> None:
    try:
        with unit_of_work(factory) as session:
            accounts.record_token_use(session, token_id, now)
    except OperationalError as exc:  # a busy database: the stamp is best effort
        log.info("token_use_not_recorded", token_id=token_id, error=type(exc.orig).__name__)


def record_use_later(request: Request, auth: accounts.Authenticated) -> None:
    """Note that the token's use is due; ``with_use_stamp`` writes it after the response.

    Inside the request the stamp would hold SQLite's write lock for the whole request, while
    the rest of the request waits for worker threads that queued requests occupy.
    """
    if auth.use_due:
        request.state.use_stamp = (auth.token_id, clock_of(request).now())


def with_use_stamp(request: Request, response: Response) -> Response:
    """Run the noted stamp after ``response`` is sent (errors count as uses too)."""
    pending: tuple[int, datetime] | None = getattr(request.state, "use_stamp", None)
    if pending is None:
        return response
    token_id, now = pending
    with _scheduled_lock:
        scheduled: dict[int, datetime] | None = getattr(request.app.state, "token_stamps", None)
        if scheduled is None:
            scheduled = request.app.state.token_stamps = {}
        last = scheduled.get(token_id)
        if last is not None and abs(now - last) < accounts.LAST_USED_RESOLUTION:
            return response
        scheduled[token_id] = now
    task = after_response(_stamp_use, request.app.state.session_factory, token_id, now)
    response.background = (
        task if response.background is None else BackgroundTasks([response.background, task])
    )
    return response


def access_sink(request: Request) -> list[Access]:
    """The request's list of accesses to athletes' data, written by ``with_access_log``."""
    sink: list[Access] | None = getattr(request.state, "accesses", None)
    if sink is None:
        sink = request.state.accesses = []
    return sink


def _write_accesses(factory: sessionmaker[Session], accesses: list[Access]) -> None:
    try:
        with unit_of_work(factory) as session:
            record_accesses(session, accesses)
    except OperationalError as exc:  # a database locked past its timeout
        log.warning("access_log_not_recorded", count=len(accesses), error=type(exc.orig).__name__)


def with_access_log(request: Request, response: Response) -> Response:
    """Write the request's accesses (``access_sink``) in one transaction after ``response``.

    Inside a GET the entries would take SQLite's write lock for the rest of the request; after
    the response they take it for one short transaction. Keys already scheduled by this app in
    the same minute are skipped here (``app.state.access_keys``), and ``record_accesses``
    skips those another process wrote, so a page of many reads makes one entry per viewer,
    athlete, kind and minute.
    """
    pending: list[Access] | None = getattr(request.state, "accesses", None)
    request.state.accesses = []
    if not pending or getattr(request.state, "failed", False):
        return response  # a failed request is rolled back: like a failed unit of work
    with _scheduled_lock:
        scheduled: dict[tuple[int | None, int, str], datetime] | None = getattr(
            request.app.state, "access_keys", None
        )
        if scheduled is None:
            scheduled = request.app.state.access_keys = {}
        due = []
        for access in pending:
            viewer, athlete, kind, minute = access.key
            if scheduled.get((viewer, athlete, kind)) == minute:
                continue
            scheduled[(viewer, athlete, kind)] = minute
            due.append(access)
        if len(scheduled) > 10_000:  # old minutes are never asked about again
            scheduled.clear()
    if not due:
        return response
    task = after_response(_write_accesses, request.app.state.session_factory, due)
    response.background = (
        task if response.background is None else BackgroundTasks([response.background, task])
    )
    return response


def clock_of(request: Request) -> Clock:
    """The app's clock (tests put a fixed one on ``app.state.clock``)."""
    clock: Clock = getattr(request.app.state, "clock", None) or SystemClock()
    return clock


def load_session(request: Request, ctx: ServiceContext) -> WebSession:
    """The session of the request's cookie, or ``Unauthenticated``; its use is stamped after
    the response (``record_use_later``)."""
    secret = session_secret(request)
    if secret is None:
        raise Unauthenticated("sign in first")
    auth = accounts.authenticate(ctx, secret, kind=TokenKind.session, record_use=False)
    record_use_later(request, auth)
    return WebSession(
        auth.subject, auth.scope, auth.token_id, secret, csrf_for(settings_of(request), secret)
    )


def require_write(session: WebSession) -> None:
    """A state-changing request needs a session with the ``write`` scope."""
    if session.scope != TokenScope.write:
        raise PermissionDenied("this session is read-only; it cannot change data")


def _presented_csrf(request: Request, form_value: str | None) -> str:
    return (form_value or request.headers.get(CSRF_HEADER, "")).strip()


def check_csrf(request: Request, session: WebSession, form_value: str | None = None) -> None:
    """A state-changing request must present the session's CSRF token."""
    if request.method in SAFE_METHODS:
        return
    presented = _presented_csrf(request, form_value)
    if not presented or not hmac.compare_digest(presented, session.csrf):
        raise PermissionDenied(
            "the form has expired or did not come from fitcoach; reload the page and try again"
        )


def new_login_csrf() -> str:
    return secrets.token_urlsafe(24)


def check_login_csrf(request: Request, form_value: str) -> None:
    """The login form's double-submit check: the field must equal the cookie."""
    cookie = request.cookies.get(LOGIN_CSRF_COOKIE, "")
    if not cookie or not form_value or not hmac.compare_digest(cookie, form_value):
        raise PermissionDenied("the sign-in form has expired; reload the page and try again")


def _secure(request: Request) -> bool:
    return request.url.scheme == "https"


def set_login_csrf_cookie(
    request: Request, response: Response, value: str, *, path: str = "/login"
) -> None:
    """The double-submit cookie of a form sent before sign-in, only to ``path`` (``/login``,
    or ``/signup`` for the sign-up form)."""
    response.set_cookie(
        LOGIN_CSRF_COOKIE,
        value,
        max_age=3600,
        httponly=True,
        samesite="strict",
        secure=_secure(request),
        path=path,
    )


def start_session(request: Request, response: Response, secret: str) -> None:
    """Put a new session's secret in the cookie."""
    response.set_cookie(
        SESSION_COOKIE,
        secret,
        max_age=int(SESSION_MAX_AGE.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=_secure(request),
        path="/",
    )
    response.delete_cookie(LOGIN_CSRF_COOKIE, path="/login")


def end_session(request: Request, response: Response, ctx: ServiceContext) -> None:
    """Revoke the cookie's token (when it is still valid) and clear the cookie."""
    secret = session_secret(request)
    if secret is not None:
        try:
            auth = accounts.authenticate(ctx, secret, kind=TokenKind.session)
        except Unauthenticated:
            pass  # already revoked or unknown: nothing to revoke
        else:
            as_owner = ServiceContext(session=ctx.session, subject=auth.subject, clock=ctx.clock)
            accounts.revoke_token(as_owner, auth.token_id)
    response.delete_cookie(SESSION_COOKIE, path="/")
