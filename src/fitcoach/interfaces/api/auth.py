"""``POST /api/v1/auth/token``: e-mail and password for an API token, rate-limited.

The limiter is in memory and per process: with several workers each keeps its own counts,
so the effective limit is the per-process limit times the number of workers.
"""

from __future__ import annotations

import math
import threading
from collections import deque
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from fastapi import APIRouter, Request

from fitcoach.coach.services import accounts
from fitcoach.coach.services.context import ServiceContext
from fitcoach.core.clock import Clock, SystemClock
from fitcoach.core.errors import FitcoachError, Unauthenticated
from fitcoach.interfaces.api.deps import ApiRoute, SessionDep, clock_of
from fitcoach.interfaces.api.schemas import ErrorOut, TokenOut, TokenRequest
from fitcoach.storage.access import Subject

MAX_FAILURES = 5
WINDOW = timedelta(minutes=15)


class TooManyRequests(FitcoachError):
    """Too many failed attempts; ``details.retry_after_s`` says when to try again."""

    status_code = 429
    code = "rate_limited"


@dataclass
class LoginLimiter:
    """At most ``max_failures`` failed logins per key within ``window`` (sliding)."""

    clock: Clock = field(default_factory=SystemClock)
    max_failures: int = MAX_FAILURES
    window: timedelta = WINDOW
    _failures: dict[str, deque[datetime]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def _recent(self, key: str, now: datetime) -> deque[datetime]:
        times = self._failures.setdefault(key, deque())
        while times and times[0] <= now - self.window:
            times.popleft()
        if not times:
            del self._failures[key]
            return deque()
        return times

    def check(self, *keys: str) -> None:
        """``TooManyRequests`` when any key has used up its failures."""
        now = self.clock.now()
        with self._lock:
            for key in keys:
                times = self._recent(key, now)
                if len(times) >= self.max_failures:
                    wait = (times[0] + self.window - now).total_seconds()
                    raise TooManyRequests(
                        "too many failed sign-in attempts; try again later",
                        details={"retry_after_s": max(1, math.ceil(wait))},
                    )

    def fail(self, *keys: str) -> None:
        """Count a failed attempt against every key."""
        now = self.clock.now()
        with self._lock:
            for key in keys:
                self._recent(key, now)
                self._failures.setdefault(key, deque()).append(now)

    def succeed(self, email_key: str) -> None:
        """A successful login clears the e-mail's failures (not the address's)."""
        with self._lock:
            self._failures.pop(email_key, None)


def limiter_of(request: Request) -> LoginLimiter:
    """The app's limiter, made on first use with the app's clock."""
    state = request.app.state
    limiter: LoginLimiter | None = getattr(state, "login_limiter", None)
    if limiter is None:
        limiter = LoginLimiter(clock=clock_of(request))
        state.login_limiter = limiter
    return limiter


router = APIRouter(prefix="/auth", tags=["auth"], route_class=ApiRoute)


@router.post(
    "/token",
    response_model=TokenOut,
    status_code=201,
    responses={401: {"model": ErrorOut}, 422: {"model": ErrorOut}, 429: {"model": ErrorOut}},
)
def issue_token(body: TokenRequest, request: Request, session: SessionDep) -> TokenOut:
    """Exchange an e-mail and password for a new API token (shown once)."""
    limiter = limiter_of(request)
    keys = (
        f"email:{body.email.strip().lower()}",
        f"ip:{request.client.host if request.client else '-'}",
    )
    limiter.check(*keys)
    ctx = ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))
    try:
        issued = accounts.login(ctx, body.email, body.password, scope=body.scope, name=body.name)
    except Unauthenticated:
        limiter.fail(*keys)
        raise
    limiter.succeed(keys[0])
    info = issued.info
    return TokenOut(
        token=issued.secret,
        id=info.id,
        prefix=info.prefix,
        scope=info.scope,
        name=info.name,
        created_at=info.created_at,
    )
