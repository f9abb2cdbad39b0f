"""Request dependencies: the unit of work, the authenticated subject, the write check.

The write check is structural: ``authenticate`` (behind every route that needs a credential)
refuses a state-changing method (anything but GET, HEAD, OPTIONS) to a credential without the
``write`` scope, so a new write route cannot forget it.

Every API route uses ``ApiRoute`` as its route class. It turns expected failures (the
``FitcoachError`` tree and request validation errors) into the documented JSON error shape,
adds ``WWW-Authenticate`` to 401 answers, and marks the request as failed so that the unit
of work rolls back even though the error became a response.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Annotated, Any, TypeVar
from weakref import WeakKeyDictionary

from anyio import CancelScope, CapacityLimiter, from_thread
from anyio.lowlevel import RunVar
from fastapi import Depends, Path, Query, Request, Response, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.concurrency import run_in_threadpool

from fitcoach.core import bounds
from fitcoach.core.domain import TokenKind, TokenScope
from fitcoach.core.errors import FitcoachError, InvalidInput, PermissionDenied, Unauthenticated
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api import sessions as web_session
from fitcoach.interfaces.api import upload_gate
from fitcoach.interfaces.api.fast_path import LOOP_ENGINE, REQUEST_SESSION, FastRoute
from fitcoach.interfaces.api.fast_path import quick_read as quick_read
from fitcoach.interfaces.api.sessions import BACKGROUND_THREADS
from fitcoach.interfaces.api.sessions import clock_of as clock_of
from fitcoach.services import accounts
from fitcoach.services.context import ServiceContext
from fitcoach.storage import inline
from fitcoach.storage.access import Subject
from fitcoach.storage.db import (
    READS_OUTSIDE_TRANSACTION,
    Engine,
    Session,
    make_engine,
    make_session_factory,
    ping_when_idle,
    sessionmaker,
)

BEARER_CHALLENGE = 'Bearer realm="fitcoach"'


def validation_error(exc: RequestValidationError) -> InvalidInput:
    """Request validation errors as one ``InvalidInput`` that names each field."""
    problems = []
    for err in exc.errors():
        loc = [str(p) for p in err.get("loc", ()) if p not in ("body",)]
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        problems.append(f"{'.'.join(loc)}: {msg}" if loc else msg)
    return InvalidInput("; ".join(problems) or "invalid request", details={"errors": problems})


def error_response(exc: FitcoachError) -> JSONResponse:
    """The documented error shape; 401 answers carry the bearer challenge."""
    headers = {"WWW-Authenticate": BEARER_CHALLENGE} if exc.status_code == 401 else None
    retry = exc.details.get("retry_after_s") if exc.status_code in (429, 503) else None
    if retry is not None:
        headers = {"Retry-After": str(retry)}
    return JSONResponse(exc.to_dict(), status_code=exc.status_code, headers=headers)


_write_gates: RunVar[WeakKeyDictionary[Any, CapacityLimiter]] = RunVar("fitcoach_write_gates")


def write_gate(app: Any) -> CapacityLimiter:
    """How many state-changing requests of ``app`` run at once (``app.state.write_slots``).

    A request holds its transaction (and so its locks: SQLite's one write lock, PostgreSQL's
    row locks) across several worker-thread hops, and FastAPI serialises the response in a
    worker thread before the transaction is committed. When queued writers occupy every
    worker thread while waiting for that lock, the holder never gets a thread to finish:
    every writer stalls until the database's lock timeout. Queuing writers here, on the event
    loop and holding no thread, keeps threads free for the holder. One per event loop.
    """
    try:
        gates = _write_gates.get()
    except LookupError:
        gates = WeakKeyDictionary()
        _write_gates.set(gates)
    gate = gates.get(app)
    if gate is None:
        gate = gates[app] = CapacityLimiter(getattr(app.state, "write_slots", 1))
    return gate


# Threads for work that waits on an outside service for seconds (a language model phrasing a
# chat answer), apart from the handlers' ``api_threads``: a few such waits would fill those,
# and every other request would wait with them.
WAITING_THREADS = 32
_waiting_threads: RunVar[CapacityLimiter] = RunVar("fitcoach_waiting_threads")


def waiting_threads() -> CapacityLimiter:
    """The limiter of the work that waits on an outside service (one per event loop)."""
    try:
        return _waiting_threads.get()
    except LookupError:
        limiter = CapacityLimiter(WAITING_THREADS)
        _waiting_threads.set(limiter)
        return limiter


# Marks an endpoint that takes the write slot itself, a short transaction at a time
# (``write_turns``), instead of for the whole request: an import reads and checks files for
# seconds or minutes, and every other write would wait for it.
_OWN_TURNS = "__fitcoach_own_write_turns__"


def takes_write_turns(endpoint: E) -> E:
    """Mark an endpoint that writes only in ``write_turns`` (the slot is not taken for it)."""
    setattr(endpoint, _OWN_TURNS, True)
    return endpoint


async def gated(
    request: Request, answer: Callable[[], Awaitable[Response]], *, writes: bool = True
) -> Response:
    """``answer()``; a state-changing request waits for a write slot first, unless its route
    writes nothing (``writes=False``: ``outside_write_slot``) or its endpoint takes the slot
    itself, a short transaction at a time (``takes_write_turns``)."""
    if (
        not writes
        or request.method in web_session.SAFE_METHODS
        or getattr(request.scope.get("endpoint"), _OWN_TURNS, False)
    ):
        return await answer()
    async with write_gate(request.app):
        return await answer()


async def write_turns(request: Request) -> Callable[[], AbstractContextManager[object]]:
    """A context manager that holds the app's write slot, for a ``takes_write_turns``
    endpoint's worker thread to take around each short transaction. Async, so that the slot
    is found on the event loop (one per loop)."""
    gate = write_gate(request.app)

    @contextmanager
    def turn() -> Iterator[None]:
        borrower = object()
        from_thread.run(gate.acquire_on_behalf_of, borrower)
        try:
            yield
        finally:
            from_thread.run_sync(gate.release_on_behalf_of, borrower)

    return turn


_NO_WRITES: set[Callable[..., Any]] = set()

E = TypeVar("E", bound=Callable[..., Any])


def outside_write_slot(endpoint: E) -> E:
    """Mark a state-changing endpoint that stores nothing (a photo's suggestion: seconds of
    decoding and a model, then an answer): it neither waits for a write slot nor holds one
    while it computes, so that other athletes' writes do not wait for it. Put it below the
    route's decorator."""
    _NO_WRITES.add(endpoint)
    return endpoint


def writes_nothing(endpoint: Callable[..., Any]) -> bool:
    """Whether ``endpoint`` was marked ``outside_write_slot``."""
    return endpoint in _NO_WRITES


class ApiRoute(FastRoute):
    """A route whose expected failures answer in the error shape and roll the request back;
    a write waits for the write slot (``gated``) and its body is read before (``read_body_first``).
    Its speed-ups (one thread hop, quick reads on the event loop, shared response fields) are
    ``FastRoute``'s (``fast_path``, with their reason)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        super().__init__(path, endpoint, **kwargs)
        self.writes = not writes_nothing(endpoint)
        # A route with a body that needs a credential checks it before the body is read.
        self.authenticates_first = self.body_field is not None and _needs(
            self.dependant, current_context
        )

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        form_body = self.body_field is not None and isinstance(
            self.body_field.field_info, params.Form
        )

        async def answer(request: Request) -> Response:
            try:
                return await handler(request)
            except FitcoachError as exc:
                request.state.failed = True
                return error_response(exc)
            except RequestValidationError as exc:
                request.state.failed = True
                return error_response(validation_error(exc))

        async def respond(request: Request) -> Response:
            return await gated(request, lambda: answer(request), writes=self.writes)

        async def handle(request: Request) -> Response:
            request.state.arrived_at = clock_of(request).now()  # before any wait (``arrived_at``)
            try:
                if self.body_field is not None and request.method not in web_session.SAFE_METHODS:
                    response = await read_body_first(
                        request, respond, form=form_body, credential=self.authenticates_first
                    )
                else:
                    response = await respond(request)
                response = web_session.with_access_log(request, response)
                response = web_session.with_use_stamp(request, response)
            except BaseException:
                await end_request_session(request, error=True)
                raise
            await end_request_session(request)
            return response

        return handle


def arrived_at(request: Request) -> datetime:
    """When the request arrived, before it read its body or waited for a write slot: a chat
    message answers as of then (what "undo that" names)."""
    arrived: datetime | None = getattr(request.state, "arrived_at", None)
    return arrived if arrived is not None else clock_of(request).now()


def _needs(dependant: Any, call: Callable[..., Any]) -> bool:
    """Whether ``call`` is among the dependencies of ``dependant``, at any depth."""
    return any(d.call is call or _needs(d, call) for d in dependant.dependencies)


async def read_body_first(
    request: Request,
    respond: Callable[[Request], Awaitable[Response]],
    *,
    form: bool,
    credential: bool,
) -> Response:
    """``respond(request)`` once the request's body has been read, outside the write slot.

    A body (an upload: megabytes over a phone's network) is read before the write slot is
    taken, not while every other write waits for it; the route's handler then parses what
    Starlette keeps (``request.form()``, ``request.body()``). Before that, a route that needs
    a credential checks it (``authenticate_first``): a client without one is refused before a
    byte of its body is read. An upload (``upload_gate.is_upload``) is read, and answered,
    while the account holds one of its upload places."""
    if credential:
        refused = await authenticate_first(request)
        if refused is not None:
            return refused
    auth: accounts.Authenticated | None = getattr(request.state, _EARLY_AUTH, None)
    try:
        if auth is None or not upload_gate.is_upload(request):
            await _read(request, form=form)
            return await respond(request)
        async with upload_gate.places_of(request.app).place(auth.subject.account_id or 0):
            await _read(request, form=form)
            return await respond(request)
    except FitcoachError as exc:
        request.state.failed = True
        return error_response(exc)


async def _read(request: Request, *, form: bool) -> None:
    if form:
        await request.form()
    else:
        await request.body()


# Where ``authenticate_first`` leaves the credential for ``current_context``.
_EARLY_AUTH = "fitcoach_early_auth"


async def authenticate_first(request: Request) -> Response | None:
    """Check the request's credential before its body is read, in a session of its own
    (closed before the body is read: no connection is held while a client sends); None when
    it passes (``current_context`` then uses it), else the refusal, which closes the
    connection so that the client stops sending. The session is opened only when the check
    asks the database: a token this process verified a moment ago needs none (making and
    closing a session cost about 3 % of a write's CPU)."""
    opened: list[Session] = []

    def session() -> Session:
        if not opened:
            opened.append(_open_session(request))
        return opened[0]

    try:
        auth = await authenticate(request, session)
    except FitcoachError as exc:
        request.state.failed = True
        response = error_response(exc)
        response.headers["Connection"] = "close"
        return response
    finally:
        for made in opened:
            if made.in_transaction():
                await run_in_threadpool(_finish, made, commit=False)
            else:
                made.close()
    setattr(request.state, _EARLY_AUTH, auth)
    return None


class JsonBytes(Response):
    """An answer serialized already, as FastAPI would have for the route's response model
    (``services.results.as_json``): a cached answer is not serialized again for every read."""

    media_type = "application/json"


@dataclass(frozen=True)
class Database:
    """The app's database: its session factory, its dialect, how many writers run at once and
    the event loop's own engine for quick reads (None for an in-memory database, which a
    second engine would not see)."""

    session_factory: sessionmaker[Session]
    dialect: str
    write_slots: int
    loop_engine: Engine | None
    dispose: Callable[[], None]


def open_database(settings: Settings) -> Database:
    """The engine and session factory of an app for ``settings``.

    A request holds its connection across several worker-thread hops (dependencies, the
    endpoint, the commit). With fewer connections than worker threads (``api_threads``),
    threads waiting for a connection can starve the requests that hold one (a stall until the
    pool times out), so the pool has one for every thread of theirs, of the writes after a
    response and of the work that waits on an outside service (a chat). SQLite has one
    writer at a time; PostgreSQL locks rows, so writers of different athletes go on together
    (``write_gate``): up to 8, but always fewer than the threads, since a writer that waits in
    the database for another's row lock holds a thread and the holder needs one to commit.
    """
    url = settings.sqlalchemy_url
    in_memory = url.startswith("sqlite") and (":memory:" in url or url.rstrip("/") == "sqlite:")
    threads = settings.api_threads
    pool = {} if in_memory else handler_pool(threads)
    engine = ping_when_idle(make_engine(url, **pool))
    on_loop = None if in_memory else inline.loop_engine(url)
    dialect = engine.dialect.name

    def dispose() -> None:
        engine.dispose()
        if on_loop is not None:
            on_loop.dispose()

    return Database(
        session_factory=make_session_factory(engine),
        dialect=dialect,
        write_slots=1 if dialect == "sqlite" else max(1, min(8, threads - 1)),
        loop_engine=on_loop,
        dispose=dispose,
    )


def handler_pool(threads: int) -> dict[str, int]:
    """The pool of the handlers' engine (``open_database``): 10 kept open; at most 50, or more
    when the handler threads, the background writes and the waiting work need more."""
    return {
        "pool_size": 10,
        "max_overflow": max(40, threads + BACKGROUND_THREADS + WAITING_THREADS),
    }


def plain_session(request: Request) -> Iterator[Session]:
    """A session that commits nothing, for the routes outside the API that only read."""
    factory: sessionmaker[Session] = request.app.state.session_factory
    with factory() as session:
        yield session


async def unit_of_work(request: Request) -> AsyncIterator[Session]:
    """The request's session: commit on success, roll back on any error.

    Async so that FastAPI does not hop to a worker thread to open it (making a session does no
    I/O); the commit or rollback and the close run in one worker thread after the endpoint.
    Each hop costs the request more CPU than a small query, and under load the threads wait
    on each other's hops."""
    session = _open_session(request)
    try:
        yield session
    except BaseException:
        await run_in_threadpool(_finish, session, commit=False)
        raise
    await _end(request, session)


def _open_session(request: Request) -> Session:
    factory: sessionmaker[Session] = request.app.state.session_factory
    session = factory()
    read = request.method in web_session.SAFE_METHODS
    session.info[REQUEST_SESSION] = "read" if read else "write"
    session.info[READS_OUTSIDE_TRANSACTION] = read
    if read:
        session.info[LOOP_ENGINE] = getattr(request.app.state, "loop_engine", None)
    return session


async def _end(request: Request, session: Session) -> None:
    """Commit ``session`` (roll it back if the request failed) and close it."""
    if not session.in_transaction() and not getattr(request.state, "failed", False):
        session.close()  # a read committed by its endpoint's thread: nothing left to do
        return
    await run_in_threadpool(_finish, session, commit=not getattr(request.state, "failed", False))


def _finish(session: Session, *, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(unit_of_work, scope="function")]


def bearer_token(request: Request) -> str:
    """The token of ``Authorization: Bearer <token>`` or ``Unauthenticated``."""
    header = request.headers.get("authorization", "")
    kind, _, token = header.partition(" ")
    if kind.lower() != "bearer" or not token.strip():
        raise Unauthenticated("send an API token as 'Authorization: Bearer <token>'")
    return token.strip()


async def authenticate(request: Request, session: Callable[[], Session]) -> accounts.Authenticated:
    """Who the request's bearer token belongs to and its scope.

    The bearer header accepts only API tokens (never a browser session, expired or not).
    Without an ``Authorization`` header, the web session's cookie is accepted instead (only a
    session, never an API token), so that the dashboard's scripts call this API; a
    state-changing request made that way must carry the session's CSRF token in
    ``X-CSRF-Token``. Either way a state-changing request needs the ``write`` scope.

    A bearer token this process verified a moment ago is taken from ``verified_tokens``
    (``accounts.VerifiedTokens``: no query, no worker thread); otherwise it is looked up in
    ``session()``'s session.
    """
    if "authorization" not in request.headers and web_session.session_secret(request):
        auth = await run_in_threadpool(_browser, request, session())
    else:
        token = bearer_token(request)
        verified = verified_tokens(request)
        auth_or_none = verified.lookup(token, TokenKind.api, clock_of(request).now())
        if auth_or_none is None:
            generation = verified.generation()
            auth = await run_in_threadpool(_bearer, request, session(), token)
            verified.remember(token, TokenKind.api, auth, auth.expires_at, generation)
        else:
            # Due or not, ``with_use_stamp`` writes at most one stamp a minute per token.
            auth = replace(auth_or_none, use_due=True)
        web_session.record_use_later(request, auth)
    if request.method not in web_session.SAFE_METHODS:
        _check_write(auth)
    return auth


def verified_tokens(request: Request) -> accounts.VerifiedTokens:
    """The app's recently verified tokens (made on first use)."""
    state = request.app.state
    verified: accounts.VerifiedTokens | None = getattr(state, "verified_tokens", None)
    if verified is None:
        verified = state.verified_tokens = accounts.VerifiedTokens()
    return verified


def _anonymous(request: Request, session: Session) -> ServiceContext:
    return ServiceContext(session=session, subject=Subject.system(), clock=clock_of(request))


def _browser(request: Request, session: Session) -> accounts.Authenticated:
    browser = web_session.load_session(request, _anonymous(request, session))
    web_session.check_csrf(request, browser)
    return accounts.Authenticated(browser.subject, browser.scope, browser.token_id)


def _bearer(request: Request, session: Session, token: str) -> accounts.Authenticated:
    return accounts.authenticate(
        _anonymous(request, session), token, kind=TokenKind.api, record_use=False
    )


# Where ``current_context`` leaves the request's credential for ``request_auth``, and its
# session for ``end_request_session``.
_AUTH = "fitcoach_auth"
_SESSION = "fitcoach_session"


async def current_context(request: Request) -> ServiceContext:
    """The request's unit of work (``unit_of_work``) and authenticated subject
    (``authenticate``) as one service context; its accesses to athletes' data are written
    after the response (``sessions.with_access_log``).

    One dependency rather than three (session, credential, context): FastAPI solves every
    dependency of every request again, a sub-tree at a time, and for a small read that costs
    about as much as its query. A coroutine, not a generator: FastAPI runs a dependency with
    ``yield`` inside context managers and a cancel scope of their own (about 40 µs of CPU a
    request, measured), so the route (``ApiRoute``) ends the session instead
    (``end_request_session``), where the dependency's exit ran: after the handler, before
    the response is sent."""
    if not isinstance(request.scope.get("route"), ApiRoute):
        raise RuntimeError("current_context serves ApiRoute routes, which end its session")
    session = _open_session(request)
    setattr(request.state, _SESSION, session)  # ended by the route, whatever happens next
    early: accounts.Authenticated | None = getattr(request.state, _EARLY_AUTH, None)
    auth = early if early is not None else await authenticate(request, lambda: session)
    setattr(request.state, _AUTH, auth)
    return ServiceContext(
        session=session,
        subject=auth.subject,
        clock=clock_of(request),
        access_sink=web_session.access_sink(request),
    )


async def end_request_session(request: Request, *, error: bool = False) -> None:
    """End the session ``current_context`` opened for ``request``, if it did: committed (the
    unit of work's ``_end``: rolled back when the request failed), or rolled back when
    ``error`` (an exception left the handler). Shielded from cancellation when it waits for a
    worker thread, as FastAPI shields a dependency's exit: a client that leaves must not leave
    the session's connection out of the pool."""
    session: Session | None = getattr(request.state, _SESSION, None)
    if session is None:
        return
    setattr(request.state, _SESSION, None)
    if not error and not session.in_transaction() and not getattr(request.state, "failed", False):
        session.close()  # a read committed by its endpoint's thread: nothing left to do
        return
    with CancelScope(shield=True):
        if error:
            await run_in_threadpool(_finish, session, commit=False)
        else:
            await _end(request, session)


ContextDep = Annotated[ServiceContext, Depends(current_context)]


async def request_auth(request: Request, _ctx: ContextDep) -> accounts.Authenticated:
    """The credential ``current_context`` authenticated (the same request's, from its cache)."""
    auth: accounts.Authenticated = getattr(request.state, _AUTH)
    return auth


AuthDep = Annotated[accounts.Authenticated, Depends(request_auth)]


def _check_write(auth: accounts.Authenticated) -> None:
    if auth.scope != TokenScope.write:
        raise PermissionDenied("this token is read-only; a 'write' token is needed to change data")


async def require_write(auth: AuthDep) -> None:
    """Writes need a ``write`` token. ``authenticate`` already checks it for every write
    method; routes keep this dependency to say so in their signature."""
    _check_write(auth)


WriteDep = Annotated[None, Depends(require_write)]
WriteTurnsDep = Annotated[Callable[[], AbstractContextManager[object]], Depends(write_turns)]

# Ids are 32-bit integers in the database; a larger number is refused as input (422) rather
# than reaching PostgreSQL as an out-of-range value.
MAX_ID = 2**31 - 1
AthleteId = Annotated[int, Path(ge=1, le=MAX_ID, description="The athlete's id.")]
SetId = Annotated[int, Path(ge=1, le=MAX_ID, description="A logged set's id.")]
AthleteIdQuery = Annotated[int | None, Query(ge=1, le=MAX_ID, description="An athlete's id.")]

# Pages skip at most ``bounds.MAX_OFFSET`` records: a larger offset is refused (422) rather
# than overflowing the database's integers (SQLite's end at 2**63 - 1).
OffsetQ = Annotated[
    int,
    Query(
        ge=0,
        le=bounds.MAX_OFFSET,
        description=f"Records to skip, at most {bounds.MAX_OFFSET}.",
    ),
]
# A page of plan versions: a plan gains one at every change, so its history is asked a page
# at a time (newest first; ``offset`` for older ones).
PLAN_VERSIONS_PAGE = 50
MAX_PLAN_VERSIONS_PAGE = 200
PlanVersionsLimitQ = Annotated[
    int,
    Query(
        ge=1,
        le=MAX_PLAN_VERSIONS_PAGE,
        description=f"Versions per page, newest first; at most {MAX_PLAN_VERSIONS_PAGE}.",
    ),
]
# Days outside ``bounds.DAY_RANGE`` are refused (422) with the range in the message.
FromQ = Annotated[
    bounds.Day | None,
    Query(alias="from", description=f"First day (inclusive), {bounds.DAY_RANGE}."),
]
ToQ = Annotated[
    bounds.Day | None,
    Query(alias="to", description=f"Last day (inclusive), {bounds.DAY_RANGE}."),
]
DayQ = Annotated[
    bounds.Day | None,
    Query(description=f"A day, YYYY-MM-DD, {bounds.DAY_RANGE} (default: today)."),
]
