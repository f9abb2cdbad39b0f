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

import functools
import inspect
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, replace
from typing import Annotated, Any, TypeVar
from weakref import WeakKeyDictionary

from anyio import CapacityLimiter, from_thread
from anyio.lowlevel import RunVar
from fastapi import Depends, Path, Query, Request, Response, params
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from fastapi.utils import create_model_field, is_body_allowed_for_status_code
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from fitcoach.core import bounds
from fitcoach.core.domain import TokenKind, TokenScope
from fitcoach.core.errors import FitcoachError, InvalidInput, PermissionDenied, Unauthenticated
from fitcoach.core.settings import Settings
from fitcoach.interfaces.api import sessions as web_session
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


async def gated(request: Request, answer: Callable[[], Awaitable[Response]]) -> Response:
    """``answer()``; a state-changing request waits for a write slot first (unless its
    endpoint takes the slot itself, ``takes_write_turns``)."""
    if request.method in web_session.SAFE_METHODS or getattr(
        request.scope.get("endpoint"), _OWN_TURNS, False
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


# Marks the sessions ``unit_of_work`` made (``session.info``): those a read's worker thread
# commits itself (``_one_hop``).
REQUEST_SESSION = "fitcoach.request_session"
# A read session's ``info``: the engine of the event loop's own connection (``storage.inline``).
LOOP_ENGINE = "fitcoach.loop_engine"

_QUICK_READS: set[Callable[..., Any]] = set()
_MOVED = object()  # a quick read that has to run in a worker thread after all

E = TypeVar("E", bound=Callable[..., Any])


def quick_read(endpoint: E) -> E:
    """Mark a synchronous GET endpoint whose answer is quick (one or two indexed queries, a
    cached result): it runs on the event loop, without a worker thread's hop, and moves to a
    worker thread only for what may wait or compute for long (``storage.inline``).

    Its answer must be complete when it returns (a model or bytes, nothing left to load from
    the session). Put it below the route's decorator."""
    _QUICK_READS.add(endpoint)
    return endpoint


def _one_hop(endpoint: Callable[..., Any]) -> Callable[..., Any]:
    """A synchronous endpoint as a coroutine that runs it in one worker thread.

    FastAPI runs a plain function in a worker thread, then validates its answer in another;
    the unit of work commits in a third. Each hop is a thread wake-up and a GIL hand-over:
    under load they cost more than a small query. Wrapped, the answer's check against the
    response model (an instance of it: a type check) runs on the event loop, and a read
    (GET, HEAD, OPTIONS) commits its transaction in the thread that ran it; a write still
    commits after its answer is checked (``unit_of_work``), as before. A ``quick_read`` runs
    on the event loop first (``_on_loop``)."""
    if not inspect.isfunction(endpoint) or (
        inspect.iscoroutinefunction(endpoint)
        or inspect.isgeneratorfunction(endpoint)
        or inspect.isasyncgenfunction(endpoint)
    ):
        return endpoint
    quick = endpoint in _QUICK_READS

    @functools.wraps(endpoint)
    async def run(**values: Any) -> Any:
        if quick:
            answer = _on_loop(endpoint, values)
            if answer is not _MOVED:
                return answer
        return await run_in_threadpool(_run_read, endpoint, values)

    return run


def _sessions(values: dict[str, Any]) -> list[Session]:
    found = []
    for value in values.values():
        session = value.session if isinstance(value, ServiceContext) else value
        if isinstance(session, Session):
            found.append(session)
    return found


def _run_read(endpoint: Callable[..., Any], values: dict[str, Any]) -> Any:
    answer = endpoint(**values)
    for session in _sessions(values):
        if session.info.get(REQUEST_SESSION) == "read" and session.in_transaction():
            session.commit()
    return answer


def _on_loop(endpoint: Callable[..., Any], values: dict[str, Any]) -> Any:
    """``endpoint``'s answer, run here on the event loop, or ``_MOVED`` (rolled back) when it
    has to run in a worker thread: its sessions are not a read's, or it was about to do what
    the loop must not (``inline.moves``).

    Its sessions read on the loop's own connection (``LOOP_ENGINE``), whose pool never waits
    and whose engine refuses what may write; one that holds a connection already (it verified
    a token in a worker thread) commits first and gives that back. Every session's transaction
    ends before this returns, so the loop's connection is never held across an ``await``."""
    sessions = _sessions(values)
    if not sessions or any(
        s.info.get(REQUEST_SESSION) != "read" or s.info.get(LOOP_ENGINE) is None for s in sessions
    ):
        return _MOVED
    sinks = [(v.access_sink, len(v.access_sink)) for v in values.values() if _has_sink(v)]
    binds = [(s, s.bind) for s in sessions]
    try:
        for session in sessions:
            if session.in_transaction():
                session.commit()  # a read: nothing to keep
            session.bind = session.info[LOOP_ENGINE]
        with inline.on_event_loop():
            answer = endpoint(**values)
            for session in sessions:
                session.commit()
        return answer
    except BaseException as exc:
        for session in sessions:
            session.rollback()
        if not inline.moves(exc):
            raise
        for sink, length in sinks:
            del sink[length:]  # the worker notes them again
        return _MOVED
    finally:
        for session, bind in binds:
            session.bind = bind


def _has_sink(value: Any) -> bool:
    return isinstance(value, ServiceContext) and value.access_sink is not None


class ApiRoute(APIRoute):
    """A route whose expected failures answer in the error shape and roll the request back.
    Its synchronous endpoint runs in one worker thread hop (``_one_hop``), a ``quick_read`` on
    the event loop.

    The models of its documented extra ``responses`` (the error shape, on nearly every route
    for several statuses) share one response field per model (``_shared_field``): FastAPI
    would build one, with its own pydantic validator and serializer, for every status of
    every route (about 290 at start-up, a sixth of a second), only for the OpenAPI document,
    which reads the same ``$ref`` from any of them."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        responses: dict[int | str, dict[str, Any]] = kwargs.get("responses") or {}
        shared = {
            status: response["model"]
            for status, response in responses.items()
            if isinstance(response, dict) and _is_model(response.get("model"))
        }
        if shared:
            kwargs["responses"] = {
                status: {k: v for k, v in response.items() if k != "model"}
                if status in shared
                else response
                for status, response in responses.items()
            }
        super().__init__(path, _one_hop(endpoint), **kwargs)
        if shared:
            own = self.response_fields
            self.responses = responses
            self.response_fields = {}
            for status in responses:
                if status in shared:
                    assert is_body_allowed_for_status_code(status), (
                        f"Status code {status} must not have a response body"
                    )
                    self.response_fields[status] = _shared_field(shared[status])
                elif status in own:
                    self.response_fields[status] = own[status]

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

        async def handle(request: Request) -> Response:
            if form_body and request.method not in web_session.SAFE_METHODS:
                # A multipart upload (a filmed set: megabytes, over a phone's network) is read
                # before the write slot is taken, not while every other write waits for it;
                # the route's handler then parses the form Starlette keeps (``request.form``).
                await request.form()
            response = await gated(request, lambda: answer(request))
            response = web_session.with_access_log(request, response)
            return web_session.with_use_stamp(request, response)

        return handle


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


@functools.cache
def _shared_field(model: type[BaseModel]) -> Any:
    """One OpenAPI response field for ``model`` (a class: its schema is a ``$ref``, the same
    whichever route or status documents it)."""
    return create_model_field(name=f"Response_{model.__name__}", type_=model, mode="serialization")


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


async def authenticate(request: Request, session: Session) -> accounts.Authenticated:
    """Who the request's bearer token belongs to and its scope.

    The bearer header accepts only API tokens (never a browser session, expired or not).
    Without an ``Authorization`` header, the web session's cookie is accepted instead (only a
    session, never an API token), so that the dashboard's scripts call this API; a
    state-changing request made that way must carry the session's CSRF token in
    ``X-CSRF-Token``. Either way a state-changing request needs the ``write`` scope.

    A bearer token this process verified a moment ago is taken from ``verified_tokens``
    (``accounts.VerifiedTokens``: no query, no worker thread); otherwise it is looked up.
    """
    if "authorization" not in request.headers and web_session.session_secret(request):
        auth = await run_in_threadpool(_browser, request, session)
    else:
        token = bearer_token(request)
        verified = verified_tokens(request)
        auth_or_none = verified.lookup(token, TokenKind.api, clock_of(request).now())
        if auth_or_none is None:
            generation = verified.generation()
            auth = await run_in_threadpool(_bearer, request, session, token)
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


# Where ``current_context`` leaves the request's credential for ``request_auth``.
_AUTH = "fitcoach_auth"


async def current_context(request: Request) -> AsyncIterator[ServiceContext]:
    """The request's unit of work (``unit_of_work``) and authenticated subject
    (``authenticate``) as one service context; its accesses to athletes' data are written
    after the response (``sessions.with_access_log``).

    One dependency rather than three (session, credential, context): FastAPI solves every
    dependency of every request again, a sub-tree at a time, and for a small read that costs
    about as much as its query."""
    session = _open_session(request)
    try:
        auth = await authenticate(request, session)
        setattr(request.state, _AUTH, auth)
        yield ServiceContext(
            session=session,
            subject=auth.subject,
            clock=clock_of(request),
            access_sink=web_session.access_sink(request),
        )
    except BaseException:
        await run_in_threadpool(_finish, session, commit=False)
        raise
    await _end(request, session)


ContextDep = Annotated[ServiceContext, Depends(current_context, scope="function")]


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
