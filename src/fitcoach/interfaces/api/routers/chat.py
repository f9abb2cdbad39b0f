"""Chat with the coach: send a message, read the conversation, stream an answer.

Only the athlete themself chats (a chat logs training and proposes plan changes in their
name): a linked coach or an admin gets 403 on the two POST routes and may read the messages;
anyone else gets 404 as for every athlete resource. The assistant is the app's
(``app.state.assistant``, built once from the settings); the channel is ``web``.

``POST .../chat/stream`` answers ``text/event-stream``: ``event: delta`` with
``{"text": "..."}`` as the answer is phrased, then one ``event: reply`` with the same JSON
as ``POST .../chat``; a failure after the stream opened is one ``event: error`` with the
error shape, and nothing of the exchange is stored.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from functools import partial
from typing import Annotated, Any

import anyio.to_thread
import structlog
from fastapi import Query, Request
from fastapi.responses import StreamingResponse
from pydantic import BaseModel, ConfigDict, Field

from fitcoach.assistant import conversations
from fitcoach.assistant.conversations import MessageView, ReplyOut
from fitcoach.assistant.reply import Reply
from fitcoach.core.bounds import Text
from fitcoach.core.errors import FitcoachError
from fitcoach.interfaces.api.deps import (
    MAX_ID,
    ApiRoute,
    AthleteId,
    ContextDep,
    WriteDep,
    arrived_at,
    waiting_threads,
)
from fitcoach.interfaces.api.routing import IndexedRouter
from fitcoach.interfaces.api.schemas import error_responses
from fitcoach.services.context import ServiceContext
from fitcoach.storage.db import Session, sessionmaker, unit_of_work

log = structlog.get_logger(__name__)

ERRORS = error_responses(401, 403, 404, 422)
CHANNEL = "web"

router = IndexedRouter(prefix="/athletes", tags=["chat"], route_class=ApiRoute, responses=ERRORS)


class ChatIn(BaseModel):
    """A message to the coach, as the athlete would type it."""

    model_config = ConfigDict(extra="forbid")

    text: Text = Field(
        min_length=1,
        max_length=conversations.MAX_TEXT,
        description="What the athlete says: 'slept 7 hours', 'should I train hard today?'.",
    )


class MessagePage(BaseModel):
    """Messages oldest first; ``next_before_id`` fetches the page before (null: no more)."""

    items: list[MessageView]
    next_before_id: int | None = None


# One event of the stream, as schemathesis and OpenAPI 3.2's ``itemSchema`` read it: ``data``
# is JSON text (``{"text"}``, then the ``ReplyOut`` or the error shape).
SSE_EVENT: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"type": "string", "enum": ["delta", "reply", "error"]},
        "data": {"type": "string", "contentMediaType": "application/json"},
    },
}


def _assistant(request: Request) -> conversations.AssistantLike:
    assistant: conversations.AssistantLike = request.app.state.assistant
    return assistant


def _memory(request: Request) -> int:
    return int(request.app.state.settings.conversation_memory_messages)


@router.post("/{athlete_id}/chat", response_model=ReplyOut)
async def chat(
    athlete_id: AthleteId, body: ChatIn, request: Request, ctx: ContextDep, _write: WriteDep
) -> ReplyOut:
    """Send a message; the coach answers from the athlete's data (tools it called included)."""
    # A language model may take seconds: on a thread that is not one of the handlers'.
    answer = partial(
        conversations.chat,
        ctx,
        athlete_id,
        body.text,
        channel=CHANNEL,
        assistant=_assistant(request),
        memory_messages=_memory(request),
        sent_at=arrived_at(request),
    )
    reply = await anyio.to_thread.run_sync(answer, limiter=waiting_threads())
    return ReplyOut.of(reply)


@router.get("/{athlete_id}/chat/messages", response_model=MessagePage)
def list_messages(
    athlete_id: AthleteId,
    ctx: ContextDep,
    limit: Annotated[int, Query(ge=1, le=conversations.MAX_PAGE)] = 50,
    before_id: Annotated[
        int | None, Query(ge=1, le=MAX_ID, description="Only messages older than this id.")
    ] = None,
) -> MessagePage:
    """The conversation, newest page first, each page oldest first."""
    items = conversations.messages(ctx, athlete_id, limit=limit + 1, before_id=before_id)
    more = len(items) > limit
    items = items[-limit:]
    return MessagePage(items=items, next_before_id=items[0].id if more else None)


async def _on_waiting_threads(items: Iterator[str]) -> AsyncIterator[str]:
    """``items``, each taken on a thread for work that waits on an outside service: the next
    piece of an answer may be seconds away (as Starlette iterates a plain iterator, which
    would take the handlers' threads)."""
    limiter = waiting_threads()
    while (item := await anyio.to_thread.run_sync(next, items, None, limiter=limiter)) is not None:
        yield item


def _event(name: str, payload: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(payload, ensure_ascii=False, default=str)}\n\n"


def _events(
    factory: sessionmaker[Session],
    ctx: ServiceContext,
    athlete_id: int,
    text: str,
    assistant: conversations.AssistantLike,
    memory_messages: int,
    sent_at: datetime,
) -> Iterator[str]:
    """The stream's own unit of work: the request's has ended when the body is sent."""
    try:
        with unit_of_work(factory) as session:
            own = ServiceContext(session=session, subject=ctx.subject, clock=ctx.clock)
            items = conversations.chat_stream(
                own,
                athlete_id,
                text,
                channel=CHANNEL,
                assistant=assistant,
                memory_messages=memory_messages,
                sent_at=sent_at,
            )
            final: Reply | None = None
            for item in items:
                if isinstance(item, Reply):
                    final = item
                else:
                    yield _event("delta", {"text": item})
            # Committed before the reply is announced: a client that saw it finds it stored.
        if final is not None:
            yield _event("reply", ReplyOut.of(final).model_dump(mode="json"))
    except FitcoachError as exc:
        yield _event("error", exc.to_dict())
    except Exception:
        log.exception("chat_stream_failed", athlete_id=athlete_id)
        failure = {"code": "internal", "message": "the answer failed; send the message again"}
        yield _event("error", {"error": {**failure, "details": {}}})


@router.post(
    "/{athlete_id}/chat/stream",
    response_class=StreamingResponse,
    responses={
        200: {
            "description": "Server-Sent Events: `delta` events, then one `reply` (or `error`).",
            "content": {"text/event-stream": {"schema": SSE_EVENT}},
        }
    },
)
def chat_stream(
    athlete_id: AthleteId, body: ChatIn, request: Request, ctx: ContextDep, _write: WriteDep
) -> StreamingResponse:
    """Send a message and read the answer as it is phrased (see the module docstring)."""
    # Refusals (404, 403, 422) answer before the stream opens, in the error shape.
    conversations.chat_scope(ctx, athlete_id)
    text = conversations.clean_text(body.text)
    return StreamingResponse(
        _on_waiting_threads(
            _events(
                request.app.state.session_factory,
                ctx,
                athlete_id,
                text,
                _assistant(request),
                _memory(request),
                arrived_at(request),
            )
        ),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
    )
