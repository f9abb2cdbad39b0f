"""The API's fast path: why it exists, and the FastAPI internals it leans on.

Two things FastAPI does cost more than the work of a small request, so the API's route
class (``deps.ApiRoute``, built on ``FastRoute`` here) does them its own way:

- **Thread hops.** FastAPI runs a synchronous endpoint in a worker thread, validates its
  answer in another and the unit of work commits in a third; under load each hop (a thread
  wake-up, a GIL hand-over) costs more than an indexed query. ``one_hop`` wraps the endpoint
  as a coroutine that runs it in one worker thread, where a read also commits. The four
  ``quick_read`` endpoints (a cached or one-query answer) run on the event loop itself, their
  sessions swapped onto the loop's own engine (``session.bind``, ``storage.inline``) for the
  call and back after it.
- **Response fields.** FastAPI builds a pydantic field (validator and serializer) for every
  documented status of every route, only for the OpenAPI document: about 290 for the error
  shape at start-up, a sixth of a second. ``FastRoute`` builds one per model and shares it
  (``APIRoute.response_fields``).

Both rely on FastAPI internals that are not its public API: ``APIRoute.__init__`` building
``response_fields`` (status -> field) from ``responses`` items that carry a ``model``;
``fastapi.utils.create_model_field(name=, type_=, mode=)`` and
``is_body_allowed_for_status_code``; ``APIRoute.dependant.dependencies[i].call``; and a
coroutine endpoint being awaited on the event loop without a worker thread. pyproject.toml
pins FastAPI to the minor release this is tested against, and
``tests/interfaces/test_api_fast_path.py`` fails when any of these changes: move the pin only
with that test passing. Measured by ``benchmarks/`` (the API request benches); removing this
module means ``ApiRoute`` deriving from ``APIRoute`` and its endpoints left as they are.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi.routing import APIRoute
from fastapi.utils import create_model_field, is_body_allowed_for_status_code
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from fitcoach.services.context import ServiceContext
from fitcoach.storage import inline
from fitcoach.storage.db import Session

# Marks the sessions ``unit_of_work`` made (``session.info``): those a read's worker thread
# commits itself (``one_hop``).
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


def one_hop(endpoint: Callable[..., Any], answers: Any = None) -> Callable[..., Any]:
    """A synchronous endpoint as a coroutine that runs it in one worker thread.

    FastAPI runs a plain function in a worker thread, then validates its answer in another;
    the unit of work commits in a third. Each hop is a thread wake-up and a GIL hand-over:
    under load they cost more than a small query. Wrapped, the answer's check against the
    response model (an instance of it: a type check) runs on the event loop, and a read
    (GET, HEAD, OPTIONS) commits its transaction in the thread that ran it. A write commits
    there too when its answer can no longer fail that check: an instance of ``answers`` (the
    route's response model, a class) or a ``Response`` (not checked); any other answer is
    checked first and committed after (``unit_of_work``), as before. A ``quick_read`` runs
    on the event loop first (``_on_loop``)."""
    if not inspect.isfunction(endpoint) or (
        inspect.iscoroutinefunction(endpoint)
        or inspect.isgeneratorfunction(endpoint)
        or inspect.isasyncgenfunction(endpoint)
    ):
        return endpoint
    quick = endpoint in _QUICK_READS
    checked = (Response, answers) if _is_model(answers) else (Response,)

    @functools.wraps(endpoint)
    async def run(**values: Any) -> Any:
        if quick:
            answer = _on_loop(endpoint, values)
            if answer is not _MOVED:
                return answer
        return await run_in_threadpool(_run_in_thread, endpoint, values, checked)

    return run


def _sessions(values: dict[str, Any]) -> list[Session]:
    found = []
    for value in values.values():
        session = value.session if isinstance(value, ServiceContext) else value
        if isinstance(session, Session):
            found.append(session)
    return found


def _run_in_thread(
    endpoint: Callable[..., Any], values: dict[str, Any], checked: tuple[type, ...]
) -> Any:
    """``endpoint``'s answer; the request's sessions committed here when it answered (a
    write's only when its answer is one of ``checked``): the unit of work then only closes
    them, on the event loop, without a hop of its own. A failed commit raises here, and the
    unit of work rolls back, as when it committed."""
    answer = endpoint(**values)
    done = ("read", "write") if isinstance(answer, checked) else ("read",)
    for session in _sessions(values):
        if session.info.get(REQUEST_SESSION) in done and session.in_transaction():
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


class FastRoute(APIRoute):
    """A route whose synchronous endpoint runs in one worker thread hop (``one_hop``), a
    ``quick_read`` on the event loop, and whose documented extra ``responses`` (the error
    shape, on nearly every route for several statuses) share one response field per model
    (``_shared_field``): FastAPI would build one, with its own pydantic validator and
    serializer, for every status of every route, only for the OpenAPI document, which reads
    the same ``$ref`` from any of them."""

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
        super().__init__(path, one_hop(endpoint, kwargs.get("response_model")), **kwargs)
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


def _is_model(value: Any) -> bool:
    return isinstance(value, type) and issubclass(value, BaseModel)


@functools.cache
def _shared_field(model: type[BaseModel]) -> Any:
    """One OpenAPI response field for ``model`` (a class: its schema is a ``$ref``, the same
    whichever route or status documents it)."""
    return create_model_field(name=f"Response_{model.__name__}", type_=model, mode="serialization")
