"""``POST /api/v1/auth/token``: e-mail and password for an API token, rate-limited.

Failed sign-ins (here and on the web's login form) are counted with the ``limits`` library in
the storage the settings name (``rate_limit_storage_uri``; else ``redis_url``; else memory).
With Redis every process of an installation shares the counts; in memory each process keeps
its own. The client's address is the connection's peer; ``X-Forwarded-For`` counts only when
that peer is one of ``trusted_proxies`` (none by default), so a forged header gets no fresh
bucket.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import math
from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, NamedTuple, NoReturn

import structlog
from fastapi import Request

from fitcoach.core.clock import SystemClock
from fitcoach.core.errors import FitcoachError, ServiceUnavailable, Unauthenticated
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api.deps import ApiRoute, SessionDep, clock_of
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import ErrorOut, TokenOut, TokenRequest
from fitcoach.interfaces.api.sessions import settings_of
from fitcoach.services import accounts
from fitcoach.services.context import ServiceContext
from fitcoach.storage.access import Subject

if TYPE_CHECKING:  # ``limits`` loads with the first sign-in: the server answers sooner
    from limits import RateLimitItem
    from limits.storage import Storage

log = structlog.get_logger(__name__)

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class TooManyRequests(FitcoachError):
    """Too many failed attempts; ``details.retry_after_s`` says when to try again."""

    status_code = 429
    code = "rate_limited"


class LoginKeys(NamedTuple):
    """The limiter keys of a sign-in attempt: its account (by e-mail) and its source."""

    account: str
    source: str


class LoginLimiter:
    """At most ``max_failures`` failed logins per key within ``window_s`` (a moving window),
    and a slow-down, never a lock, for an account many sources fail on.

    Keys are like ``email:<tag>`` and ``ip:<tag>``. A source (a client address) that fails
    ``max_failures`` times is refused for the rest of the window, whatever account it tries.
    An account is never locked by others' failures: that would let anyone who knows an
    e-mail address keep its owner out. Once an account has failed ``account_slowdown_after``
    times in the window, from any sources, its password is checked at most once every
    ``account_interval_s`` seconds (an attempt in between is refused for those few seconds):
    guessing it from many addresses at once is slowed to that pace, while its owner, from
    any address, gets in at the next free turn with the right password.

    The counts live in ``storage`` (a ``limits`` storage: memory, or Redis to share them
    between processes).
    """

    def __init__(
        self,
        storage: Storage,
        *,
        max_failures: int = 5,
        window_s: int = 15 * 60,
        account_slowdown_after: int = 10,
        account_interval_s: int = 5,
    ) -> None:
        from limits import RateLimitItemPerSecond
        from limits.strategies import MovingWindowRateLimiter

        self.storage = storage
        self._limiter = MovingWindowRateLimiter(storage)
        self._item = RateLimitItemPerSecond(max_failures, window_s, namespace="login")
        self._account = RateLimitItemPerSecond(
            account_slowdown_after, window_s, namespace="login-account"
        )
        self._turn = RateLimitItemPerSecond(1, account_interval_s, namespace="login-turn")

    @classmethod
    def from_settings(cls, settings: Settings) -> LoginLimiter:
        from limits.storage import Storage, storage_from_string

        storage = storage_from_string(
            settings.rate_limit_storage,
            key_prefix=settings.rate_limit_key_prefix,
            wrap_exceptions=True,
        )
        if not isinstance(storage, Storage):  # an ``async+`` URI: this code is synchronous
            raise ValueError("rate_limit_storage_uri must name a synchronous storage")
        return cls(
            storage,
            max_failures=settings.login_max_failures,
            window_s=settings.login_window_s,
            account_slowdown_after=settings.login_account_slowdown_after,
            account_interval_s=settings.login_account_interval_s,
        )

    def check(self, *keys: str) -> None:
        """``TooManyRequests`` when any key has used up its failures."""
        with _available():
            for key in keys:
                if not self._limiter.test(self._item, key):
                    self._refuse(self._item, key)

    def fail(self, *keys: str) -> None:
        """Count a failed attempt against every key."""
        with _available():
            for key in keys:
                self._limiter.hit(self._item, key)

    def succeed(self, key: str) -> None:
        """Clear ``key``'s failures."""
        with _available():
            self._limiter.clear(self._item, key)

    def check_sign_in(self, keys: LoginKeys) -> None:
        """Before a password is checked: the source's limit, then the account's pace when
        many have failed on it (``TooManyRequests`` with the seconds to wait)."""
        self.check(keys.source)
        with _available():
            if not self._limiter.test(self._account, keys.account) and not self._limiter.hit(
                self._turn, keys.account
            ):
                self._refuse(self._turn, keys.account)

    def fail_sign_in(self, keys: LoginKeys) -> None:
        """A wrong password: it counts against the source and the account."""
        self.fail(keys.source)
        with _available():
            self._limiter.hit(self._account, keys.account)

    def succeed_sign_in(self, keys: LoginKeys) -> None:
        """The right password: the account's failures are cleared (not the source's)."""
        with _available():
            self._limiter.clear(self._account, keys.account)

    def _refuse(self, item: RateLimitItem, key: str) -> NoReturn:
        stats = self._limiter.get_window_stats(item, key)
        # ``limits`` keeps its windows on the system clock, not the request's (which tests
        # fix), so the wait is measured on the system clock too.
        now = SystemClock().now().timestamp()
        wait = max(1, math.ceil(stats.reset_time - now))
        raise TooManyRequests(
            "too many failed sign-in attempts; try again later",
            details={"retry_after_s": wait},
        )


@contextmanager
def limits_available(what: str) -> Iterator[None]:
    """The rate-limit storage failing (Redis down) refuses ``what`` ("sign-in", "imports")
    rather than skip the limit."""
    from limits.errors import StorageError

    try:
        yield
    except StorageError as exc:
        log.warning("rate_limit_storage_failed", error=type(exc.storage_error).__name__)
        raise ServiceUnavailable(f"{what} is unavailable for a moment; try again") from None


def _available() -> AbstractContextManager[None]:
    return limits_available("sign-in")


def limiter_of(request: Request) -> LoginLimiter:
    """The app's limiter, made on first use from the app's settings."""
    state = request.app.state
    limiter: LoginLimiter | None = getattr(state, "login_limiter", None)
    if limiter is None:
        limiter = LoginLimiter.from_settings(settings_of(request))
        state.login_limiter = limiter
    return limiter


@dataclass(frozen=True)
class TrustedProxies:
    """The proxies whose ``X-Forwarded-For`` is believed."""

    networks: tuple[Network, ...]

    @classmethod
    def parse(cls, spec: str) -> TrustedProxies:
        """Comma-separated addresses or networks (``10.0.0.1, 172.16.0.0/12``)."""
        parts = [p.strip() for p in spec.split(",") if p.strip()]
        return cls(tuple(ipaddress.ip_network(p, strict=False) for p in parts))

    def __contains__(self, address: str) -> bool:
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(ip in net for net in self.networks)

    def client(self, peer: str, forwarded_for: Sequence[str]) -> str:
        """The client behind ``peer``: the right-most address of ``X-Forwarded-For`` that is
        not a trusted proxy (what the last trusted proxy saw), when ``peer`` is trusted."""
        if peer not in self:
            return peer
        hops = [h.strip() for line in forwarded_for for h in line.split(",") if h.strip()]
        for hop in reversed(hops):
            if hop not in self:
                return hop
        return hops[0] if hops else peer


def client_address(request: Request) -> str:
    """The address a request's rate limits count against (see the module docstring)."""
    state = request.app.state
    proxies: TrustedProxies | None = getattr(state, "trusted_proxies", None)
    if proxies is None:
        proxies = state.trusted_proxies = TrustedProxies.parse(settings_of(request).trusted_proxies)
    peer = request.client.host if request.client else "-"
    return proxies.client(peer, request.headers.getlist("x-forwarded-for"))


def login_keys(request: Request, email: str) -> LoginKeys:
    """The limiter keys of a sign-in attempt: the e-mail and the client's address.

    Keyed hashes of them, so that the rate-limit storage (Redis) holds no e-mail addresses.
    """
    secret = settings_of(request).secret_key.get_secret_value().encode()

    def tag(value: str) -> str:
        return hmac.new(secret, value.encode(), hashlib.sha256).hexdigest()[:32]

    return LoginKeys(f"email:{tag(email.strip().lower())}", f"ip:{tag(client_address(request))}")


router = IndexedRouter(prefix="/auth", tags=["auth"], route_class=ApiRoute)


@router.post(
    "/token",
    response_model=TokenOut,
    status_code=201,
    responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def issue_token(body: TokenRequest, request: Request, session: SessionDep) -> TokenOut:
    """Exchange an e-mail and password for a new API token (shown once)."""
    limiter = limiter_of(request)
    keys = login_keys(request, body.email)
    limiter.check_sign_in(keys)
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))
    try:
        issued = accounts.login(ctx, body.email, body.password, scope=body.scope, name=body.name)
    except Unauthenticated:
        limiter.fail_sign_in(keys)
        raise
    limiter.succeed_sign_in(keys)
    info = issued.info
    return TokenOut(
        token=issued.secret,
        id=info.id,
        prefix=info.prefix,
        scope=info.scope,
        name=info.name,
        created_at=info.created_at,
    )
